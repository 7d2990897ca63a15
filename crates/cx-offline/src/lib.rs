//! The offline assistant: a deterministic, rule-based stand-in for the language model, used when
//! none is configured. It implements [`cx_llm::ChatModel`], reads only the [`cx_llm::ChatRequest`]
//! (messages and offered tools) and drives the same tools the real model would.
//!
//! - [`intent`]: what a customer message asks for;
//! - [`entities`]: the emails, order and ticket numbers and phone digits it gives;
//! - [`language`]: which language a text is written in (the assistant itself understands only
//!   English, and says so in German or Spanish);
//! - [`OfflineAssistant`]: the dialog — verification, tool calls, replies from tool results in
//!   the session's [`Tone`], with no fact that a tool result did not state.

mod assistant;
pub mod entities;
mod human;
pub mod intent;
pub mod knowledge;
pub mod language;
mod phrases;
mod prompt;
mod render;
mod session;
mod text;

pub use assistant::OfflineAssistant;
pub use prompt::Tone;
