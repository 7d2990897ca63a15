//! The offline assistant: a deterministic, rule-based stand-in for the language model, used when
//! none is configured. It implements [`cx_llm::ChatModel`], reads only the [`cx_llm::ChatRequest`]
//! (messages, offered tools and the typed [`cx_llm::TurnContext`]: phrasing, the session's
//! language, the verified customer) and drives the same tools the real model would.
//!
//! It reads the customer's messages with `cx_text` (intent, entities, requests for a person,
//! language) and understands only English, saying so in German or Spanish. [`OfflineAssistant`]
//! holds the dialog: verification, tool calls, replies from tool results in the context's
//! [`cx_llm::Phrasing`], with no fact that a tool result did not state.

mod assistant;
mod context;
pub mod knowledge;
mod person;
mod phrases;
mod render;
mod session;

pub use assistant::OfflineAssistant;
