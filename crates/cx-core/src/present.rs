//! The views of records that tools return and the UI shows (see docs/tools.md): customers, orders
//! and tickets with money in integer cents (and as text) and UTC times to the second; a
//! customer's profile; a message's sentiment. Tools hand the model these as JSON
//! (`customer_json`, …); the windows get the typed structs.

use crate::db::entity::{
    OrderStatus, TicketPriority, TicketStatus, customer, customer_profile, order, ticket,
};
use crate::insights::RiskFlag;
use crate::money::format_cents;
use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;

pub fn time(t: &DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// A customer as a tool result and the customer panel show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CustomerView {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub phone: Option<String>,
    /// UTC, RFC 3339 to the second.
    pub created_at: String,
}

impl From<&customer::Model> for CustomerView {
    fn from(c: &customer::Model) -> Self {
        CustomerView {
            id: c.id,
            name: c.name.clone(),
            email: c.email.clone(),
            phone: c.phone.clone(),
            created_at: time(&c.created_at),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OrderView {
    pub id: i64,
    pub customer_id: i64,
    pub product: String,
    pub amount_cents: i64,
    /// `amount_cents` as text, e.g. "$79.99".
    pub amount: String,
    pub status: OrderStatus,
    pub tracking_number: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

impl From<&order::Model> for OrderView {
    fn from(o: &order::Model) -> Self {
        OrderView {
            id: o.id,
            customer_id: o.customer_id,
            product: o.product.clone(),
            amount_cents: o.amount_cents,
            amount: format_cents(o.amount_cents),
            status: o.status,
            tracking_number: o.tracking_number.clone(),
            created_at: time(&o.created_at),
            updated_at: time(&o.updated_at),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TicketView {
    pub id: i64,
    pub customer_id: i64,
    pub subject: String,
    pub description: String,
    pub status: TicketStatus,
    pub priority: TicketPriority,
    pub assignee: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

impl From<&ticket::Model> for TicketView {
    fn from(t: &ticket::Model) -> Self {
        TicketView {
            id: t.id,
            customer_id: t.customer_id,
            subject: t.subject.clone(),
            description: t.description.clone(),
            status: t.status,
            priority: t.priority,
            assignee: t.assignee.clone(),
            created_at: time(&t.created_at),
            updated_at: time(&t.updated_at),
        }
    }
}

/// The JSON a tool returns for a record: its view.
fn json<T: Serialize>(view: T) -> Value {
    serde_json::to_value(view).unwrap_or(Value::Null)
}

pub fn customer_json(c: &customer::Model) -> Value {
    json(CustomerView::from(c))
}

pub fn order_json(o: &order::Model) -> Value {
    json(OrderView::from(o))
}

pub fn ticket_json(t: &ticket::Model) -> Value {
    json(TicketView::from(t))
}

/// A customer's aggregate profile (insights.rs keeps it as their sessions close). Tiers, risk
/// flags and topics are codes the UI puts into words; a code it does not know shows as is.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ProfileView {
    pub customer_id: i64,
    pub sessions: i32,
    pub escalations: i32,
    /// 0..1.
    pub escalation_rate: f64,
    /// 0..1.
    pub resolution_rate: f64,
    /// Recency-weighted sentiment of their sessions (-1..1).
    pub sentiment: Option<f64>,
    /// The three most frequent session topics (intent names), most frequent first.
    pub top_topics: Vec<String>,
    pub total_spent_cents: i64,
    /// bronze, silver, gold or platinum.
    pub loyalty_tier: String,
    pub risk_flags: Vec<RiskFlag>,
    /// The tone of their happiest resolved sessions.
    pub preferred_tone: Option<String>,
    pub updated_at: DateTime<Utc>,
}

impl From<&customer_profile::Model> for ProfileView {
    /// The JSON columns as written by `insights::refresh_profile`, read leniently (a panel must
    /// not fail on an odd row): topics that are not text are left out, a flag without a name is
    /// `risk`, a missing reason empty.
    fn from(p: &customer_profile::Model) -> Self {
        let topics = p.top_topics.as_array().map(Vec::as_slice).unwrap_or(&[]);
        let flags = p.risk_flags.as_array().map(Vec::as_slice).unwrap_or(&[]);
        ProfileView {
            customer_id: p.customer_id,
            sessions: p.sessions,
            escalations: p.escalations,
            escalation_rate: p.escalation_rate,
            resolution_rate: p.resolution_rate,
            sentiment: p.sentiment,
            top_topics: topics
                .iter()
                .filter_map(|t| t.as_str().map(str::to_owned))
                .collect(),
            total_spent_cents: p.total_spent_cents,
            loyalty_tier: p.loyalty_tier.clone(),
            risk_flags: flags
                .iter()
                .filter(|f| f.is_object())
                .map(|f| RiskFlag {
                    flag: f["flag"]
                        .as_str()
                        .filter(|s| !s.trim().is_empty())
                        .unwrap_or("risk")
                        .to_owned(),
                    reason: f["reason"].as_str().unwrap_or_default().to_owned(),
                })
                .collect(),
            preferred_tone: p.preferred_tone.clone(),
            updated_at: p.updated_at,
        }
    }
}

/// Negative, neutral or positive (the `sentiment` module's label, as the windows see it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Polarity {
    Negative,
    Neutral,
    Positive,
}

/// Who judged a message's sentiment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum JudgedBy {
    /// The offline lexicon (`sentiment::analyze`).
    Lexicon,
    /// The language model (`negative_sentiment.source: model`).
    Model,
}

/// A customer message's sentiment as stored with it (`messages.sentiment`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MessageSentiment {
    pub label: Polarity,
    /// -1..1.
    pub score: f64,
    /// 0..1.
    pub confidence: f64,
    pub source: JudgedBy,
}

/// `|score|` at or above which a score alone reads as negative or positive (the lexicon's label
/// threshold, `sentiment::LABEL_THRESHOLD`; the UI's sparkline uses the same).
const LABEL_THRESHOLD: f64 = 0.15;

impl MessageSentiment {
    /// The stored JSON, typed. Without a numeric score there is none; a missing label follows
    /// the score, a missing confidence is 0 and a missing source the lexicon.
    pub fn of(stored: Option<&Value>) -> Option<Self> {
        let v = stored?;
        let score = v["score"].as_f64().filter(|s| s.is_finite())?;
        let label =
            serde_json::from_value(v["label"].clone()).unwrap_or(if score <= -LABEL_THRESHOLD {
                Polarity::Negative
            } else if score >= LABEL_THRESHOLD {
                Polarity::Positive
            } else {
                Polarity::Neutral
            });
        Some(MessageSentiment {
            label,
            score,
            confidence: v["confidence"]
                .as_f64()
                .filter(|c| c.is_finite())
                .unwrap_or(0.0),
            source: serde_json::from_value(v["source"].clone()).unwrap_or(JudgedBy::Lexicon),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_stored_sentiment_reads_back_as_it_was() {
        let stored =
            json!({"label": "negative", "score": -0.62, "confidence": 0.8, "source": "lexicon"});
        let s = MessageSentiment::of(Some(&stored)).unwrap();
        assert_eq!(s.label, Polarity::Negative);
        assert_eq!(serde_json::to_value(&s).unwrap(), stored);
        assert_eq!(MessageSentiment::of(None), None);
    }

    /// What the workspace's parser did before the type: a missing label follows the score;
    /// without a score, or for junk, there is none.
    #[test]
    fn an_odd_stored_sentiment_is_read_leniently() {
        let s = MessageSentiment::of(Some(&json!({"score": 0.5}))).unwrap();
        assert_eq!(s.label, Polarity::Positive);
        assert_eq!((s.confidence, s.source), (0.0, JudgedBy::Lexicon));
        assert_eq!(
            MessageSentiment::of(Some(&json!({"label": "negative"}))),
            None
        );
        assert_eq!(MessageSentiment::of(Some(&json!("bad"))), None);
        assert_eq!(MessageSentiment::of(Some(&Value::Null)), None);
    }

    /// Likewise the profile panel's: odd flags and topics do not fail the record.
    #[test]
    fn an_odd_profile_is_read_leniently() {
        let p = customer_profile::Model {
            customer_id: 1,
            sessions: 0,
            escalations: 0,
            escalation_rate: 0.0,
            resolution_rate: 0.0,
            sentiment: None,
            top_topics: json!([1, "a"]),
            total_spent_cents: 0,
            loyalty_tier: "bronze".into(),
            risk_flags: json!([{"reason": "r"}, 3]),
            preferred_tone: None,
            updated_at: Utc::now(),
        };
        let v = ProfileView::from(&p);
        assert_eq!(v.top_topics, ["a"]);
        assert_eq!(
            v.risk_flags,
            [RiskFlag {
                flag: "risk".into(),
                reason: "r".into()
            }]
        );
    }
}
