//! A scripted OpenAI-compatible chat server for tests (dev-only).
//!
//! It listens on `127.0.0.1` at a random port, answers `POST /v1/chat/completions` from a script
//! (a queue of [`Reply`]s, then an optional responder closure) and records every request so a
//! test can assert what the client sent. Real HTTP on purpose: the code under test goes through
//! its real client stack (TLS aside), SSE framing, status codes and headers included.
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! use cx_test_llm::{Reply, ScriptedServer};
//! let server = ScriptedServer::with_replies([Reply::text("Hello!")]).await?;
//! let base_url = server.base_url(); // e.g. http://127.0.0.1:41234/v1
//! // ... point the client at base_url and call it ...
//! let sent = server.requests();
//! assert_eq!(sent[0].model(), Some("test-model"));
//! # Ok(()) }
//! ```
//!
//! Replies adapt to what the request asked for: a [`Reply::Message`] is streamed (split into
//! small chunks) when the request has `"stream": true`, and a [`Reply::Stream`] is assembled into
//! one JSON answer when it does not. Use [`StreamScript`] to control the chunking exactly.
//!
//! This crate depends on no other workspace crate: it only knows the OpenAI wire format.

mod record;
mod reply;
mod server;
mod wire;

pub use record::RecordedRequest;
pub use reply::{Reply, StreamEvent, StreamScript, ToolCallSpec};
pub use server::{Script, ScriptedServer};
