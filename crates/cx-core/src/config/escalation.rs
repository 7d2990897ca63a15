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
    /// Failed verification attempts a kiosk session allows before a person takes over.
    #[serde(default = "d_attempts")]
    pub max_verification_attempts: u32,
    /// Failed attempts counted across sessions, per identity and per station, and the lock.
    #[serde(default)]
    pub verification: VerificationConfig,
    /// Priority per escalation reason (low, medium, high, critical).
    #[serde(default)]
    pub priorities: BTreeMap<String, String>,
    #[serde(default)]
    pub negative_sentiment: SentimentRule,
    #[serde(default)]
    pub model: ModelSettings,
    /// Team mode: how escalations are offered to agents and how sign-in is guarded.
    #[serde(default)]
    pub team: TeamConfig,
}

/// `team:` — agents who sign in at their desks (team mode).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TeamConfig {
    /// Sessions one agent handles at once, unless the agent has a maximum of their own.
    #[serde(default = "d_max_sessions")]
    pub max_sessions_per_agent: u32,
    /// An offer not accepted within this many seconds goes to the next agent.
    #[serde(default = "d_offer_timeout")]
    pub offer_timeout_secs: u32,
    /// A desk silent this long counts as offline (it beats every few seconds).
    #[serde(default = "d_presence_timeout")]
    pub presence_timeout_secs: u32,
    /// Failed sign-ins in a row that lock an agent's sign-in, and for how long.
    #[serde(default = "d_signin_attempts")]
    pub signin_attempts: u32,
    #[serde(default = "d_signin_lock")]
    pub signin_lock_minutes: u32,
}

impl Default for TeamConfig {
    fn default() -> Self {
        TeamConfig {
            max_sessions_per_agent: d_max_sessions(),
            offer_timeout_secs: d_offer_timeout(),
            presence_timeout_secs: d_presence_timeout(),
            signin_attempts: d_signin_attempts(),
            signin_lock_minutes: d_signin_lock(),
        }
    }
}

fn d_max_sessions() -> u32 {
    3
}
fn d_offer_timeout() -> u32 {
    60
}
fn d_presence_timeout() -> u32 {
    30
}
fn d_signin_attempts() -> u32 {
    5
}
fn d_signin_lock() -> u32 {
    15
}

impl TeamConfig {
    fn validate(&self) -> Result<(), (String, String)> {
        let ranges: [(&str, u32, u32, u32); 5] = [
            ("max_sessions_per_agent", self.max_sessions_per_agent, 1, 50),
            ("offer_timeout_secs", self.offer_timeout_secs, 10, 3600),
            ("presence_timeout_secs", self.presence_timeout_secs, 10, 600),
            ("signin_attempts", self.signin_attempts, 1, 20),
            ("signin_lock_minutes", self.signin_lock_minutes, 1, 1440),
        ];
        for (key, value, low, high) in ranges {
            if !(low..=high).contains(&value) {
                return Err((
                    format!("team.{key}"),
                    format!("must be between {low} and {high} (is {value})"),
                ));
            }
        }
        Ok(())
    }
}

/// `verification:` — failed attempts are counted in the database per identity (the email asked
/// about) and per kiosk station in a sliding window; past the limit the identity (or the
/// station's verification) is locked for `lock_minutes`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VerificationConfig {
    /// Failed attempts on one identity within the window that lock it.
    #[serde(default = "d_identity_attempts")]
    pub attempts: u32,
    /// Failed attempts from one kiosk station within the window that lock its verification.
    #[serde(default = "d_station_attempts")]
    pub station_attempts: u32,
    #[serde(default = "d_window")]
    pub window_minutes: u32,
    #[serde(default = "d_lock")]
    pub lock_minutes: u32,
    /// The second facts that verify together with the email.
    #[serde(default = "d_factors")]
    pub factors: Vec<VerificationFactor>,
}

/// A second fact that, with the customer's email, proves who they are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VerificationFactor {
    /// The last four digits of the phone number on the account.
    PhoneLast4,
    /// A number of one of their orders. Order numbers are sequential and printed on receipts:
    /// weaker, so only where a deployment turns it on.
    OrderId,
}

impl Default for VerificationConfig {
    fn default() -> Self {
        VerificationConfig {
            attempts: d_identity_attempts(),
            station_attempts: d_station_attempts(),
            window_minutes: d_window(),
            lock_minutes: d_lock(),
            factors: d_factors(),
        }
    }
}

impl VerificationConfig {
    pub fn accepts(&self, factor: VerificationFactor) -> bool {
        self.factors.contains(&factor)
    }

    fn validate(&self) -> Result<(), (String, String)> {
        let ranges: [(&str, u32, u32, u32); 4] = [
            ("attempts", self.attempts, 1, 20),
            ("station_attempts", self.station_attempts, 1, 1000),
            ("window_minutes", self.window_minutes, 1, 1440),
            ("lock_minutes", self.lock_minutes, 1, 10_080),
        ];
        for (key, value, lo, hi) in ranges {
            if !(lo..=hi).contains(&value) {
                return Err((
                    format!("verification.{key}"),
                    format!("must be between {lo} and {hi} (is {value})"),
                ));
            }
        }
        if self.factors.is_empty() {
            return Err((
                "verification.factors".into(),
                "name at least one second factor: phone_last4 or order_id".into(),
            ));
        }
        Ok(())
    }
}

fn d_identity_attempts() -> u32 {
    5
}
fn d_station_attempts() -> u32 {
    20
}
fn d_window() -> u32 {
    15
}
fn d_lock() -> u32 {
    30
}
fn d_factors() -> Vec<VerificationFactor> {
    vec![VerificationFactor::PhoneLast4]
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
    /// The longest answer, in tokens (sent with every request): a generation that does not end
    /// on its own ends here, not at the timeout.
    #[serde(default = "d_max_tokens")]
    pub max_tokens: u32,
}

impl Default for ModelSettings {
    fn default() -> Self {
        Self {
            timeout_secs: 60,
            max_retries: 2,
            initial_backoff_ms: 500,
            max_tokens: d_max_tokens(),
        }
    }
}

/// Room for a long answer with its tool calls; a small local model that loops stops here.
fn d_max_tokens() -> u32 {
    1024
}

/// The range `model.max_tokens` must be in.
const MAX_TOKENS_RANGE: std::ops::RangeInclusive<u32> = 16..=32_768;

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
            verification: VerificationConfig::default(),
            priorities: BTreeMap::new(),
            negative_sentiment: SentimentRule::default(),
            model: ModelSettings::default(),
            team: TeamConfig::default(),
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
        if !(1..=20).contains(&self.max_verification_attempts) {
            return Err((
                "max_verification_attempts".into(),
                format!(
                    "must be between 1 and 20 (is {})",
                    self.max_verification_attempts
                ),
            ));
        }
        self.verification.validate()?;
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
        if !MAX_TOKENS_RANGE.contains(&self.model.max_tokens) {
            return Err((
                "model.max_tokens".into(),
                format!(
                    "must be between {} and {} (is {})",
                    MAX_TOKENS_RANGE.start(),
                    MAX_TOKENS_RANGE.end(),
                    self.model.max_tokens
                ),
            ));
        }
        self.team.validate()
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
