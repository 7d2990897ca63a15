//! When the assistant hands a session to a person: the grounding guard (claims without a source),
//! repeated intent, and the reasons, evidence and priorities stored on the session.

pub mod grounding;
pub mod repeat;
