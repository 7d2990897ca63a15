//! Text analysis of customer messages: pure functions over a string, no database, no config, no
//! model. The core's domain rules (escalation, co-pilot, insights, the claim ledger) and the
//! offline assistant read messages through this crate, so neither depends on the other for it.
//!
//! - [`intent`]: what a customer message asks for;
//! - [`entities`]: the emails, order and ticket numbers and phone digits it gives;
//! - [`human`]: whether it asks for a person (English, German, Spanish);
//! - [`language`]: which language a text is written in;
//! - [`sentiment`]: how the customer feels, from a lexicon and rules.
//!
//! The words the intent and person rules match are normalised first (lower case, contractions,
//! chat shorthand, light typo repair): see `normalise`.

pub mod entities;
pub mod human;
pub mod intent;
pub mod language;
mod normalise;
pub mod sentiment;
