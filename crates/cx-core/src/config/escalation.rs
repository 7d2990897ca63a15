use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// `escalation.yaml`: when the assistant hands a session to a person, and the engine's limits.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EscalationConfig {
    /// Similarity (0..1) at or above which a customer message counts as a repeat.
    #[serde(default = "d_repeat")]
    pub repeat_similarity_threshold: f64,
    /// Model ⇄ tool rounds per turn before escalating.
    #[serde(default = "d_rounds")]
    pub max_tool_rounds: u32,
    #[serde(default = "d_chars")]
    pub max_message_chars: usize,
    /// Failed verification attempts a kiosk session allows.
    #[serde(default = "d_attempts")]
    pub max_verification_attempts: u32,
    /// Priority per escalation reason (low, medium, high, critical).
    #[serde(default)]
    pub priorities: BTreeMap<String, String>,
    #[serde(default)]
    pub negative_sentiment: SentimentRule,
    #[serde(default)]
    pub model: ModelSettings,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SentimentRule {
    pub threshold: f64,
    pub consecutive: u32,
    /// `lexicon` (offline, the default) or `model` (ask the configured language model; the
    /// lexicon answers when the model is the offline assistant or fails).
    #[serde(default)]
    pub source: SentimentSource,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SentimentSource {
    #[default]
    Lexicon,
    Model,
}

impl Default for SentimentRule {
    fn default() -> Self {
        Self {
            threshold: -0.5,
            consecutive: 2,
            source: SentimentSource::Lexicon,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelSettings {
    pub timeout_secs: u64,
    pub max_retries: u32,
    pub initial_backoff_ms: u64,
}

impl Default for ModelSettings {
    fn default() -> Self {
        Self {
            timeout_secs: 60,
            max_retries: 2,
            initial_backoff_ms: 500,
        }
    }
}

fn d_repeat() -> f64 {
    0.85
}
fn d_rounds() -> u32 {
    5
}
fn d_chars() -> usize {
    4000
}
fn d_attempts() -> u32 {
    5
}

impl Default for EscalationConfig {
    fn default() -> Self {
        Self {
            repeat_similarity_threshold: d_repeat(),
            max_tool_rounds: d_rounds(),
            max_message_chars: d_chars(),
            max_verification_attempts: d_attempts(),
            priorities: BTreeMap::new(),
            negative_sentiment: SentimentRule::default(),
            model: ModelSettings::default(),
        }
    }
}

impl EscalationConfig {
    pub(super) fn validate(&self) -> Result<(), (String, String)> {
        use crate::db::entity::{EscalationReason, TicketPriority};
        if !(0.0..=1.0).contains(&self.repeat_similarity_threshold) {
            return Err((
                "repeat_similarity_threshold".into(),
                "must be between 0 and 1".into(),
            ));
        }
        if !(1..=20).contains(&self.max_tool_rounds) {
            return Err(("max_tool_rounds".into(), "must be between 1 and 20".into()));
        }
        if !(1..=100_000).contains(&self.max_message_chars) {
            return Err((
                "max_message_chars".into(),
                "must be between 1 and 100000".into(),
            ));
        }
        for (reason, priority) in &self.priorities {
            if reason.parse::<EscalationReason>().is_err() {
                let valid: Vec<_> = EscalationReason::ALL.iter().map(|r| r.as_str()).collect();
                return Err((
                    format!("priorities.{reason}"),
                    format!("unknown escalation reason; valid: {}", valid.join(", ")),
                ));
            }
            if let Err(e) = priority.parse::<TicketPriority>() {
                return Err((format!("priorities.{reason}"), e.to_string()));
            }
        }
        if !(-1.0..=1.0).contains(&self.negative_sentiment.threshold) {
            return Err((
                "negative_sentiment.threshold".into(),
                "must be between -1 and 1".into(),
            ));
        }
        if self.negative_sentiment.consecutive == 0 {
            return Err((
                "negative_sentiment.consecutive".into(),
                "must be at least 1".into(),
            ));
        }
        if self.model.timeout_secs == 0 {
            return Err(("model.timeout_secs".into(), "must be at least 1".into()));
        }
        Ok(())
    }

    /// The configured priority of an escalation reason (medium when unset).
    pub fn priority_for(
        &self,
        reason: crate::db::entity::EscalationReason,
    ) -> crate::db::entity::TicketPriority {
        self.priorities
            .get(reason.as_str())
            .and_then(|p| p.parse().ok())
            .unwrap_or(crate::db::entity::TicketPriority::Medium)
    }
}
