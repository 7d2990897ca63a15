//! Action claims: "I've refunded…", "your email has been changed", "I've prepared a refund — tap
//! Yes". An answer may say something was done only when a write tool call of this turn did it
//! (applied), and that something waits for the customer's Yes only when one is waiting
//! (pending). Without a matching write the words are unsupported, however well the rest of the
//! answer is grounded. Pure and table-driven, like `grounding`.

use super::ledger::Source;
use super::{Claim, ClaimKind};
use regex::Regex;
use serde::{Deserialize, Serialize};
use std::ops::Range;
use std::sync::LazyLock;

/// What an action is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActionKind {
    Refund,
    EmailChange,
    TicketUpdate,
    /// No tool cancels an order: a cancellation claim is never supported.
    Cancellation,
    /// The sentence names no object ("I've prepared that change").
    Unnamed,
}

/// What a write tool call of this turn did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Applied,
    Pending,
}

/// One write tool call of this turn: which call, which kind of action, and its outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Write {
    pub call_id: String,
    pub tool: String,
    pub kind: ActionKind,
    pub outcome: Outcome,
}

impl Write {
    /// The write a tool call made (None: not a write tool, or it failed or did nothing).
    pub fn of(call_id: &str, tool: &str, result: &serde_json::Value) -> Option<Write> {
        Some(Write {
            call_id: call_id.to_owned(),
            tool: tool.to_owned(),
            kind: kind_of_tool(tool)?,
            outcome: outcome_of(result)?,
        })
    }

    pub(super) fn source(&self) -> Source {
        Source::Write {
            call_id: self.call_id.clone(),
            tool: self.tool.clone(),
            outcome: self.outcome,
        }
    }
}

/// The action a write tool performs (None: not a write tool).
pub fn kind_of_tool(tool: &str) -> Option<ActionKind> {
    match tool {
        "flag_refund" => Some(ActionKind::Refund),
        "update_user_email" => Some(ActionKind::EmailChange),
        "update_ticket" => Some(ActionKind::TicketUpdate),
        _ => None,
    }
}

/// The outcome a write tool's result reports (None: it failed or did nothing).
pub fn outcome_of(result: &serde_json::Value) -> Option<Outcome> {
    if result.get("error").is_some() {
        return None;
    }
    if result["applied"] == true {
        Some(Outcome::Applied)
    } else if result.get("pending_action").is_some() {
        Some(Outcome::Pending)
    } else {
        None
    }
}

/// "I've / I have / I just … refunded|changed|…" and "… has been refunded|changed|…": done.
static DONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:I(?:'ve|’ve| have| just| already)?(?:\s+(?:now|just|already|successfully|gone ahead and))?\s+(?:refunded|issued|processed|changed|updated|cancell?ed|resolved|closed|escalated|credited|flagged|submitted|reset|reopened|marked)|(?:has|have|was|were)\s+(?:now\s+|already\s+|successfully\s+)?been\s+(?:refunded|issued|processed|changed|updated|cancell?ed|resolved|closed|escalated|credited|flagged|submitted|reset|reopened|marked|approved))\b",
    )
    .expect("valid regex")
});

/// "I've prepared / set up / requested …", "… ready …", "once you confirm", "tap Yes": waiting.
static PENDING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:I(?:'ve|’ve| have)?\s+(?:prepared|set up|requested|asked for|put in)|got (?:a|an|the|your) \w+(?: \w+)? ready|once you confirm|(?:tap|press|click|say) yes|waiting for your (?:confirmation|yes))\b",
    )
    .expect("valid regex")
});

/// The kind of action a sentence is about, from its object words.
fn kind_in(sentence: &str) -> ActionKind {
    let s = sentence.to_lowercase();
    if s.contains("cancel") {
        ActionKind::Cancellation
    } else if s.contains("refund") || s.contains("credited") || s.contains("money back") {
        ActionKind::Refund
    } else if s.contains("email") || s.contains("e-mail") {
        ActionKind::EmailChange
    } else if s.contains("ticket") || s.contains("case") || s.contains("request #") {
        ActionKind::TicketUpdate
    } else {
        ActionKind::Unnamed
    }
}

/// The action claim of one sentence (if any), with the write of this turn that supports it.
pub(super) fn claims<'w>(
    sentence: &str,
    writes: &'w [Write],
) -> Option<(Range<usize>, Claim, Option<&'w Write>)> {
    let kind = kind_in(sentence);
    let (found, outcome) = if let Some(m) = DONE.find(sentence) {
        (m, Outcome::Applied)
    } else if let Some(m) = PENDING.find(sentence) {
        (m, Outcome::Pending)
    } else {
        return None;
    };
    let write = writes.iter().find(|w| {
        kind != ActionKind::Cancellation
            && w.outcome == outcome
            && (w.kind == kind || kind == ActionKind::Unnamed)
    });
    let claim = Claim {
        kind: ClaimKind::Action,
        text: found.as_str().to_owned(),
        value: format!("{}:{}", label(kind), state(outcome)),
    };
    Some((found.range(), claim, write))
}

/// The action claims in `answer` that no write of this turn supports, as claims of kind
/// `action` (value `refund:done`, `email_change:pending`, …).
#[cfg(test)]
pub fn unsupported(answer: &str, writes: &[Write]) -> Vec<Claim> {
    super::sentences(answer)
        .filter_map(|s| claims(s, writes))
        .filter(|(_, _, write)| write.is_none())
        .map(|(_, claim, _)| claim)
        .collect()
}

fn label(kind: ActionKind) -> &'static str {
    match kind {
        ActionKind::Refund => "refund",
        ActionKind::EmailChange => "email_change",
        ActionKind::TicketUpdate => "ticket_update",
        ActionKind::Cancellation => "cancellation",
        ActionKind::Unnamed => "change",
    }
}

fn state(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Applied => "done",
        Outcome::Pending => "waiting_for_confirmation",
    }
}

#[cfg(test)]
mod tests {
    use super::ActionKind::*;
    use super::Outcome::*;
    use super::*;

    /// (answer, this turn's writes, unsupported action values)
    type Did = (ActionKind, Outcome);

    const CASES: &[(&str, &[Did], &[&str])] = &[
        // Issue #9: an action that never happened.
        (
            "I've issued a full refund for order #1001.",
            &[],
            &["refund:done"],
        ),
        ("Your refund has been processed.", &[], &["refund:done"]),
        (
            "I have changed your email to new@example.com.",
            &[],
            &["email_change:done"],
        ),
        (
            "I've cancelled order 1003 for you.",
            &[],
            &["cancellation:done"],
        ),
        // No tool cancels: never supported, whatever was written.
        (
            "I've cancelled order 1003 for you.",
            &[(Refund, Applied)],
            &["cancellation:done"],
        ),
        // A pending write is not done.
        (
            "I've refunded order 1002.",
            &[(Refund, Pending)],
            &["refund:done"],
        ),
        (
            "Your email has been updated.",
            &[(EmailChange, Pending)],
            &["email_change:done"],
        ),
        // …but waiting for the customer's Yes is exactly right.
        (
            "I've prepared a refund for order 1002. Nothing changes until you confirm: please tap Yes.",
            &[(Refund, Pending)],
            &[],
        ),
        (
            "I've got a refund ready for order 1002! Tap Yes to confirm.",
            &[(Refund, Pending)],
            &[],
        ),
        (
            "I've prepared that change. Please tap Yes to go ahead.",
            &[(EmailChange, Pending)],
            &[],
        ),
        // Asked for with nothing waiting.
        (
            "I've prepared a refund for you, tap Yes to confirm.",
            &[],
            &["refund:waiting_for_confirmation"],
        ),
        // Applied writes support done claims of their kind only.
        (
            "I've updated ticket #5001 to resolved.",
            &[(TicketUpdate, Applied)],
            &[],
        ),
        (
            "Your email has been changed.",
            &[(EmailChange, Applied)],
            &[],
        ),
        (
            "Your email has been changed.",
            &[(TicketUpdate, Applied)],
            &["email_change:done"],
        ),
        // Not action claims.
        ("I haven't changed anything.", &[], &[]),
        ("I can refund delivered orders within 30 days.", &[], &[]),
        ("Would you like me to change your email?", &[], &[]),
        ("I've checked that for you.", &[], &[]),
        ("Order 1001 has shipped.", &[], &[]),
    ];

    fn writes(list: &[Did]) -> Vec<Write> {
        list.iter()
            .enumerate()
            .map(|(i, (kind, outcome))| Write {
                call_id: format!("call_{i}"),
                tool: "tool".into(),
                kind: *kind,
                outcome: *outcome,
            })
            .collect()
    }

    #[test]
    fn action_claims_match_what_the_tools_did() {
        for (answer, list, want) in CASES {
            let writes = &writes(list);
            let got: Vec<String> = unsupported(answer, writes)
                .into_iter()
                .map(|c| c.value)
                .collect();
            assert_eq!(got, *want, "{answer:?} with {writes:?}");
        }
    }

    #[test]
    fn outcomes_are_read_from_results() {
        use serde_json::json;
        assert_eq!(outcome_of(&json!({"applied": true})), Some(Applied));
        assert_eq!(
            outcome_of(&json!({"applied": false, "pending_action": {"id": 1}})),
            Some(Pending)
        );
        assert_eq!(outcome_of(&json!({"error": {"code": "denied"}})), None);
        assert_eq!(kind_of_tool("flag_refund"), Some(Refund));
        assert_eq!(kind_of_tool("get_orders"), None);
    }
}
