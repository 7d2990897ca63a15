//! The report's shape: what the CLI prints as JSON (`cx-agent report --json`, format
//! `cx-agent-report` version 1), what the Reports view draws, and the figure a click follows to
//! its sessions. Extend it; do not rename (the JSON is a public contract, see the README).

use crate::db::entity::{Channel, EscalationReason};
use crate::escalation::grounding::ClaimKind;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// The JSON report's `format` and `version`.
pub const FORMAT: &str = "cx-agent-report";
pub const VERSION: u32 = 1;

/// A closed session counts as reopened when its customer starts another session within this
/// many hours of its close (Chatwoot's "reopened": the problem was not solved after all): any
/// channel, in the report's period or not, after the close and at most this long after it.
pub const REOPEN_WINDOW_HOURS: i64 = 72;

/// A customer's sentiment counts as changed when start and end differ by more than this.
pub const SENTIMENT_CHANGE: f64 = 0.1;

/// What a report covers: sessions started on the days `from..=to` (UTC dates, both included),
/// of one channel or all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ReportQuery {
    pub from: NaiveDate,
    pub to: NaiveDate,
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub channel: Option<Channel>,
}

/// How a session of the period ended, as the report counts it. Every session is exactly one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
// `Outcome` is taken in the bindings (a write tool's outcome).
#[cfg_attr(feature = "ts", ts(rename = "SessionOutcome"))]
pub enum Outcome {
    /// Closed with no escalation and no agent taking part, and the customer did not come back
    /// within [`REOPEN_WINDOW_HOURS`].
    AssistantAlone,
    /// Escalated, or an agent took the session or wrote in it.
    HandedOver,
    /// Would be `assistant_alone`, but the customer came back within the window.
    Reopened,
    /// Not closed yet and not handed over.
    Open,
}

/// How an escalated session ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Ending {
    /// Closed after a person replied, and not reopened.
    Resolved,
    /// Closed with no reply from a person, or reopened.
    Unresolved,
    /// Not closed yet.
    Open,
}

/// Sentiment from the first to the last customer message of a closed session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum SentimentChange {
    Improved,
    Unchanged,
    Worsened,
}

/// The whole report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Report {
    /// Always [`FORMAT`].
    pub format: String,
    /// Always [`VERSION`].
    pub version: u32,
    pub query: ReportQuery,
    pub generated_at: DateTime<Utc>,
    pub sessions: SessionFigures,
    /// One entry per day of the period, days without sessions included.
    pub by_day: Vec<DayFigures>,
    pub escalations: EscalationFigures,
    pub waits: WaitFigures,
    pub csat: CsatFigures,
    pub sentiment: SentimentFigures,
    /// The most frequent topics of the customers' messages (at most 10), most sessions first, ties
    /// by name: the keys of the sessions' insight `topics`.
    pub topics: Vec<TopicCount>,
    pub holds: HoldFigures,
    /// Every agent who took part in a session of the period, most sessions first (ties by name).
    pub agents: Vec<AgentFigures>,
}

/// Sessions by outcome: `total = assistant_alone + handed_over + reopened + open`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SessionFigures {
    pub total: u64,
    pub assistant_alone: u64,
    pub handed_over: u64,
    pub reopened: u64,
    pub open: u64,
    /// Of `total`; None when there are no sessions.
    pub assistant_alone_rate: Option<f64>,
    pub handed_over_rate: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DayFigures {
    pub day: NaiveDate,
    pub total: u64,
    pub assistant_alone: u64,
    pub handed_over: u64,
    pub reopened: u64,
    pub open: u64,
    pub assistant_alone_rate: Option<f64>,
    pub handed_over_rate: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct EscalationFigures {
    pub total: u64,
    /// Reasons that occurred, most frequent first (ties by name).
    pub by_reason: Vec<ReasonFigures>,
    /// Escalations per day the session started and reason (only counts above zero), by day then
    /// reason (by name).
    pub by_day: Vec<ReasonDay>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ReasonFigures {
    pub reason: EscalationReason,
    pub count: u64,
    /// By [`Ending`]: `count = resolved + unresolved + open`.
    pub resolved: u64,
    pub unresolved: u64,
    pub open: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ReasonDay {
    pub day: NaiveDate,
    pub reason: EscalationReason,
    pub count: u64,
}

/// Durations in whole seconds (truncated); percentiles by the nearest-rank method (the value at
/// rank ⌈p·count/100⌉ of the sorted durations). A wait counts only when its end is not before
/// the escalation (an agent may have written before it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Durations {
    /// How many sessions have this measurement.
    pub count: u64,
    pub p50_seconds: Option<i64>,
    pub p90_seconds: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct WaitFigures {
    /// From the escalation to a person's first reply to the customer.
    pub first_reply: Durations,
    /// From the escalation to an agent taking the session.
    pub queue: Durations,
    /// Escalated sessions no person has replied to (yet, or ever).
    pub unanswered: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Csat {
    pub count: u64,
    /// None without answers.
    pub average: Option<f64>,
    /// How many answered 1, 2, 3, 4 and 5.
    pub distribution: [u64; 5],
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CsatFigures {
    pub all: Csat,
    /// Sessions not handed over (assistant alone, reopened or still open).
    pub assistant_alone: Csat,
    /// Sessions handed over to a person.
    pub with_agent: Csat,
    /// Sessions whose customer had the question and did not answer it: closed kiosk sessions
    /// without a score.
    pub unanswered: u64,
}

/// Over closed sessions with customer messages scored at both ends (scores -1..=1).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SentimentFigures {
    pub sessions: u64,
    pub start_average: Option<f64>,
    pub end_average: Option<f64>,
    pub improved: u64,
    pub unchanged: u64,
    pub worsened: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TopicCount {
    pub topic: String,
    pub sessions: u64,
}

/// Answers the grounding guard held back (each hands its session over as
/// `hallucination_risk`), and the kinds of claim no source supported.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct HoldFigures {
    pub sessions: u64,
    /// Of all sessions of the period; None when there are none.
    pub rate: Option<f64>,
    /// Most claims first (then most sessions, then by name).
    pub by_claim_kind: Vec<ClaimKindCount>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ClaimKindCount {
    pub kind: ClaimKind,
    /// Unsupported claims of this kind, over all holds.
    pub claims: u64,
    /// Holds with at least one such claim.
    pub sessions: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AgentFigures {
    pub agent: String,
    /// Sessions the agent was assigned to or replied first in.
    pub sessions: u64,
    /// From the escalation to this agent's first reply, where they replied first.
    pub first_reply: Durations,
    /// Of the sessions counted in `sessions`.
    pub csat: Csat,
}

/// A figure of the report, as a filter: the sessions behind it. Every field narrows; a figure
/// with no field set is every session of the period.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(optional_fields))]
#[serde(default)]
pub struct Figure {
    /// Sessions started on this day.
    pub day: Option<NaiveDate>,
    pub outcome: Option<Outcome>,
    /// Escalated sessions (`true`, any reason) or sessions never escalated (`false`).
    pub escalated: Option<bool>,
    pub reason: Option<EscalationReason>,
    /// Escalated sessions that ended so (implies `escalated`).
    pub ending: Option<Ending>,
    /// Sessions with a time to first reply (`first_reply`), a queue wait (`queue`), or escalated
    /// with no reply from a person (`unanswered`). With `agent`, `first_reply` is that agent's
    /// figure: the sessions they replied first in.
    pub wait: Option<WaitKind>,
    /// Sessions answered with this score (1..=5).
    pub csat_score: Option<u8>,
    /// `true`: sessions answered with any score; `false`: the CSAT `unanswered` figure (closed
    /// kiosk sessions without a score).
    pub csat_any: Option<bool>,
    /// Narrow CSAT figures to sessions handed over (`true`) or not (`false`).
    pub with_agent: Option<bool>,
    /// Closed sessions scored at both ends (`true`: the sessions the sentiment averages are
    /// over) or not (`false`).
    pub sentiment_scored: Option<bool>,
    pub sentiment: Option<SentimentChange>,
    pub topic: Option<String>,
    /// Sessions whose answer the grounding guard held; with `claim_kind`, holds with such a claim.
    pub held: Option<bool>,
    pub claim_kind: Option<ClaimKind>,
    /// Sessions the agent was assigned to or replied first in.
    pub agent: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum WaitKind {
    FirstReply,
    Queue,
    /// Escalated sessions no person has replied to ([`WaitFigures::unanswered`]).
    Unanswered,
}
