//! What an escalation keeps as evidence (`sessions.escalation_evidence`), typed by shape: one per
//! reason, as the turn (agent/turn.rs, agent/converse.rs), the kiosk's button (agent/mod.rs) and
//! the verification lockout (tools/read.rs) write it.
//!
//! Untagged, and every shape refuses fields it does not know: a stored object reads as a shape
//! only when it is exactly that shape, so it serializes back to the same JSON; any other object
//! (demo data, rows from older versions) stays as it was, in [`Evidence::Other`]. Every writer
//! stores an object; anything else (never written) reads as no evidence.

use super::grounding::{ClaimKind, Ledger};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Evidence {
    HeldAnswer(HeldAnswer),
    DataGap(DataGap),
    RepeatedIntent(RepeatedIntent),
    NegativeSentiment(NegativeSentiment),
    CustomerAsked(CustomerAsked),
    ButtonPressed(ButtonPressed),
    ModelFailure(ModelFailure),
    RoundLimit(RoundLimit),
    Lockout(Lockout),
    /// An object of a shape not listed above, as stored.
    Other(Map<String, Value>),
}

impl Evidence {
    /// The stored JSON, typed (see the module's note: no object is changed).
    pub fn of(stored: Option<&Value>) -> Option<Evidence> {
        match stored? {
            Value::Object(map) => Some(
                serde_json::from_value(Value::Object(map.clone()))
                    .unwrap_or_else(|_| Evidence::Other(map.clone())),
            ),
            Value::Null => None,
            other => {
                tracing::warn!("escalation evidence that is not an object: {other}");
                None
            }
        }
    }

    /// As the JSON it is stored as.
    pub fn to_value(&self) -> Value {
        serde_json::to_value(self).unwrap_or(Value::Null)
    }
}

/// `hallucination_risk`: the answer held back, its claims without a source, and its ledger.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct HeldAnswer {
    pub held_answer: String,
    pub unsupported_claims: Vec<UnsupportedClaim>,
    pub ledger: Ledger,
}

/// A claim of a held answer that no tool result supports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct UnsupportedClaim {
    pub kind: ClaimKind,
    /// As written in the answer.
    pub text: String,
    /// Normalised for comparison.
    pub value: String,
}

/// `data_gap`: the lookups the answer rests on that found nothing, and the answer held back.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DataGap {
    pub empty_lookups: Vec<EmptyLookup>,
    pub held_answer: String,
}

/// A lookup that found nothing. Arguments and result are the tool's own JSON (per tool: the
/// model-facing contract in docs/tools.md).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct EmptyLookup {
    pub tool: String,
    pub arguments: Value,
    pub result: Value,
}

/// `repeated_intent`: the message that repeated an earlier one, and how alike they are (0..1).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RepeatedIntent {
    pub message: String,
    pub earlier_message: String,
    pub similarity: f64,
}

/// `negative_sentiment`: the rule and the customer messages that met it, oldest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NegativeSentiment {
    pub threshold: f64,
    pub consecutive: u32,
    pub messages: Vec<ScoredMessage>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ScoredMessage {
    pub message: String,
    /// -1..1.
    pub score: f64,
}

/// `human_requested` in words: the customer's message that asked for a person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CustomerAsked {
    pub message: String,
}

/// `human_requested` by the kiosk's button: how it was asked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ButtonPressed {
    pub source: String,
}

/// `model_failure`: the model's last error.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ModelFailure {
    pub error: String,
    pub model: String,
}

/// `round_limit`: the limit reached and the tool calls made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RoundLimit {
    pub rounds: u32,
    pub tool_calls: u32,
}

/// `verification_failed`: the failure counts (never the guesses) and the lock's terms.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Lockout {
    pub failed_attempts: FailedAttempts,
    pub window_minutes: u32,
    pub lock_minutes: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FailedAttempts {
    pub session_failures: u32,
    pub identity_failures: u32,
    pub station_failures: u32,
    /// What is locked now: `identity`, `station`.
    pub locked: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn round_trip(stored: Value) -> Evidence {
        let e = Evidence::of(Some(&stored)).unwrap();
        assert_eq!(serde_json::to_value(&e).unwrap(), stored, "{e:?}");
        e
    }

    /// Each writer's shape reads as its type and writes back the same JSON.
    #[test]
    fn every_stored_shape_reads_back_unchanged() {
        let ledger = Ledger::build("Order 1042 has shipped.", &Default::default(), &[]);
        let held = json!({
            "held_answer": "Order 1042 has shipped.",
            "unsupported_claims": ledger.unsupported_claims(),
            "ledger": ledger,
        });
        assert!(matches!(round_trip(held), Evidence::HeldAnswer(_)));
        let gap = json!({"empty_lookups": [{"tool": "get_order", "arguments": {"order_id": 9},
            "result": {"found": false}}], "held_answer": "Let me see."});
        assert!(matches!(round_trip(gap), Evidence::DataGap(_)));
        let repeat = json!({"message": "where is it", "earlier_message": "where is my order",
            "similarity": 0.912});
        assert!(matches!(round_trip(repeat), Evidence::RepeatedIntent(_)));
        let mood = json!({"threshold": -0.3, "consecutive": 2,
            "messages": [{"message": "awful", "score": -0.7}, {"message": "bad", "score": -0.5}]});
        assert!(matches!(round_trip(mood), Evidence::NegativeSentiment(_)));
        let asked = json!({"message": "I want to talk to a real person please"});
        assert!(matches!(round_trip(asked), Evidence::CustomerAsked(_)));
        let button = json!({"source": "the customer pressed \"Talk to a person\""});
        assert!(matches!(round_trip(button), Evidence::ButtonPressed(_)));
        let failed = json!({"error": "timeout", "model": "gpt"});
        assert!(matches!(round_trip(failed), Evidence::ModelFailure(_)));
        let rounds = json!({"rounds": 6, "tool_calls": 6});
        assert!(matches!(round_trip(rounds), Evidence::RoundLimit(_)));
        let lockout = json!({"failed_attempts": {"session_failures": 3, "identity_failures": 3,
            "station_failures": 3, "locked": ["identity"]}, "window_minutes": 15, "lock_minutes": 15});
        assert!(matches!(round_trip(lockout), Evidence::Lockout(_)));
    }

    #[test]
    fn other_shapes_stay_as_stored() {
        for stored in [
            json!({"generated": true, "reason": "data_gap"}),
            json!({"message": "hi", "extra": 1}),
            json!({"held_answer": "x", "unsupported_claims": []}),
        ] {
            let Value::Object(map) = stored.clone() else {
                unreachable!()
            };
            assert_eq!(round_trip(stored), Evidence::Other(map));
        }
        assert_eq!(Evidence::of(Some(&Value::Null)), None);
        assert_eq!(Evidence::of(None), None);
    }
}
