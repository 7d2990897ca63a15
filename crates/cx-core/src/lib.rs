//! CX Agent's domain core: data, configuration, policy, tools, escalation and the agent turn.
//! No Tauri and no GUI here — the desktop app, the CLI and the tests all drive this crate.

pub mod agent;
pub mod api;
pub mod audit;
pub mod canned;
pub mod config;
pub mod core;
pub mod csat;
pub mod customers;
pub mod db;
pub mod error;
pub mod escalation;
pub mod events;
pub mod history;
pub mod insights;
pub mod knowledge;
pub mod language;
pub mod money;
pub mod pending;
pub mod policy;
pub mod present;
pub mod provider;
pub mod queue;
pub mod reports;
pub mod seed;
pub mod sentiment;
pub mod sessions;
pub mod station;
pub mod team;
pub mod tickets;
pub mod tools;
pub mod validate;
pub mod verification;
pub mod vocabulary;

pub use crate::agent::{Engine, TurnOutcome};
pub use crate::core::Core;
pub use error::{CoreError, Result};
pub use language::Language;
