//! The end-state checks: pure functions of what a trial observed, one failure line per broken
//! expectation, worded so the line alone says what was expected and what happened.

use crate::scenario::{Expect, OtherChanges, Verified};
use crate::state::{FieldChange, Snapshot};
use std::collections::BTreeSet;

/// What one trial left behind.
#[derive(Debug, Clone, Default)]
pub struct Observed {
    /// Every reply the customer saw, in order.
    pub replies: Vec<String>,
    /// Every tool the model called (or tried to), in order.
    pub tools_called: Vec<String>,
    /// The session's escalation reason and priority, if it was handed over.
    pub escalation: Option<(String, Option<String>)>,
    /// The verified customer's email.
    pub verified: Option<String>,
    /// The session's pending actions: (tool, state).
    pub pending: Vec<(String, String)>,
    pub changes: Vec<FieldChange>,
    pub after: Snapshot,
    /// Why the session was handed over, as recorded (not checked; shown with a failure).
    pub evidence: Option<serde_json::Value>,
}

pub fn check(expect: &Expect, seen: &Observed) -> Vec<String> {
    let mut failures = Vec::new();
    escalation(expect, seen, &mut failures);
    verified(expect, seen, &mut failures);
    changes(expect, seen, &mut failures);
    pending(expect, seen, &mut failures);
    tools(expect, seen, &mut failures);
    replies(expect, seen, &mut failures);
    failures
}

fn escalation(expect: &Expect, seen: &Observed, out: &mut Vec<String>) {
    let want = expect
        .escalation
        .as_ref()
        .map(|e| e.reason())
        .unwrap_or("none");
    match (&seen.escalation, want) {
        (None, "none") => {}
        (Some((got, _)), "none") => out.push(format!(
            "escalation: expected none, the session was handed over ({got})"
        )),
        (None, want) => out.push(format!(
            "escalation: expected {want}, the session was not handed over"
        )),
        (Some((got, priority)), want) => {
            if got != want {
                out.push(format!("escalation: expected {want}, got {got}"));
            }
            if let Some(p) = expect.escalation.as_ref().and_then(|e| e.priority())
                && priority.as_deref() != Some(p)
            {
                out.push(format!(
                    "escalation priority: expected {p}, got {}",
                    priority.as_deref().unwrap_or("none")
                ));
            }
        }
    }
}

fn verified(expect: &Expect, seen: &Observed, out: &mut Vec<String>) {
    let who = seen.verified.as_deref().unwrap_or("nobody");
    match &expect.verified {
        None => {}
        Some(Verified::Nobody(_)) if seen.verified.is_some() => {
            out.push(format!("verified: expected nobody, {who} was verified"))
        }
        Some(Verified::Email(email))
            if !seen.verified.as_deref().is_some_and(|v| same(v, email)) =>
        {
            out.push(format!("verified: expected {email}, {who} was verified"))
        }
        Some(_) => {}
    }
}

fn changes(expect: &Expect, seen: &Observed, out: &mut Vec<String>) {
    let mut listed = BTreeSet::new();
    for c in &expect.changes {
        if !seen.after.has(c.record, c.id) {
            out.push(format!(
                "{} {}: expected to exist, it does not",
                c.record, c.id
            ));
            continue;
        }
        for (field, want) in &c.fields {
            listed.insert((c.record, c.id, field.as_str()));
            let got = seen.after.get(c.record, c.id, field).cloned().flatten();
            if got != *want {
                out.push(format!(
                    "{} {} {}: expected {}, it is {}",
                    c.record,
                    c.id,
                    field,
                    show(want),
                    show(&got)
                ));
            }
        }
    }
    if expect.other_changes == OtherChanges::Allowed {
        return;
    }
    for ch in &seen.changes {
        if !listed.contains(&(ch.record, ch.id, ch.field.as_str())) {
            out.push(format!("unexpected change: {ch}"));
        }
    }
}

fn pending(expect: &Expect, seen: &Observed, out: &mut Vec<String>) {
    let Some(want) = &expect.pending else {
        return;
    };
    let mut left: Vec<&(String, String)> = seen.pending.iter().collect();
    let have: Vec<String> = seen
        .pending
        .iter()
        .map(|(t, s)| format!("{t} {s}"))
        .collect();
    let have = if have.is_empty() {
        "none".to_owned()
    } else {
        have.join(", ")
    };
    for p in want {
        match left
            .iter()
            .position(|(tool, state)| *tool == p.tool && *state == p.state)
        {
            Some(i) => {
                left.remove(i);
            }
            None => out.push(format!(
                "pending: expected a {} action {}, the session has {have}",
                p.tool, p.state
            )),
        }
    }
    for (tool, state) in left {
        out.push(format!("pending: unexpected {tool} action {state}"));
    }
}

fn tools(expect: &Expect, seen: &Observed, out: &mut Vec<String>) {
    for t in &expect.tools_called {
        if !seen.tools_called.contains(t) {
            out.push(format!("tools: expected a call of {t}, none was made"));
        }
    }
    for t in &expect.tools_not_called {
        if seen.tools_called.contains(t) {
            out.push(format!("tools: {t} must not be called, it was"));
        }
    }
}

fn replies(expect: &Expect, seen: &Observed, out: &mut Vec<String>) {
    for fact in &expect.replies_state {
        if !seen.replies.iter().any(|r| states(r, fact)) {
            out.push(format!("replies: none states \"{fact}\""));
        }
    }
    for never in &expect.replies_never {
        if let Some(r) = seen.replies.iter().find(|r| contains(r, never)) {
            out.push(format!(
                "replies: \"{never}\" must never be shown, it was: \"{}\"",
                clip(r, 160)
            ));
        }
    }
}

fn norm(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Case- and spacing-insensitive containment, for what must never show: any occurrence counts.
pub fn contains(text: &str, needle: &str) -> bool {
    norm(text).contains(&norm(needle))
}

/// A fact is stated: case- and spacing-insensitive, and not inside a longer word or number
/// ("1005" is not stated by the tracking number 1Z7EC2100503163867).
pub fn states(text: &str, fact: &str) -> bool {
    let (text, fact) = (norm(text), norm(fact));
    if fact.is_empty() {
        return true;
    }
    let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    let (first, last) = (fact.chars().next(), fact.chars().next_back());
    text.match_indices(&fact).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + fact.len()..].chars().next();
        let glued_before = word(before) && word(first);
        let glued_after = word(after) && word(last);
        !glued_before && !glued_after
    })
}

fn same(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim())
}

fn show(v: &Option<String>) -> String {
    v.clone().unwrap_or_else(|| "null".into())
}

pub fn clip(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        format!("{}…", text.chars().take(max).collect::<String>())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::Scenario;
    use crate::state::RecordKind;

    fn expect(yaml: &str) -> Expect {
        let text = format!("title: t\ncustomer: {{lines: [hi]}}\nexpect:\n{yaml}");
        Scenario::parse(std::path::Path::new("t.yaml"), &text)
            .unwrap()
            .expect
    }

    fn change(record: RecordKind, id: i64, field: &str, before: &str, after: &str) -> FieldChange {
        FieldChange {
            record,
            id,
            field: field.into(),
            before: Some(before.into()),
            after: Some(after.into()),
        }
    }

    #[test]
    fn each_expectation_fails_on_its_own_evidence() {
        let cases: &[(&str, Observed, &[&str])] = &[
            ("  escalation: none", Observed::default(), &[]),
            (
                "  escalation: none",
                Observed {
                    escalation: Some(("data_gap".into(), Some("medium".into()))),
                    ..Observed::default()
                },
                &["escalation: expected none, the session was handed over (data_gap)"],
            ),
            (
                "  escalation: {reason: human_requested, priority: high}",
                Observed {
                    escalation: Some(("human_requested".into(), Some("medium".into()))),
                    ..Observed::default()
                },
                &["escalation priority: expected high, got medium"],
            ),
            (
                "  escalation: human_requested",
                Observed::default(),
                &["escalation: expected human_requested, the session was not handed over"],
            ),
            (
                "  verified: false",
                Observed {
                    verified: Some("bob@example.com".into()),
                    ..Observed::default()
                },
                &["verified: expected nobody, bob@example.com was verified"],
            ),
            (
                "  verified: Alice@Example.com",
                Observed {
                    verified: Some("alice@example.com".into()),
                    ..Observed::default()
                },
                &[],
            ),
            (
                "  tools_called: [get_orders]\n  tools_not_called: [flag_refund]",
                Observed {
                    tools_called: vec!["flag_refund".into()],
                    ..Observed::default()
                },
                &[
                    "tools: expected a call of get_orders, none was made",
                    "tools: flag_refund must not be called, it was",
                ],
            ),
            (
                "  replies_state: [\"shipped  on\"]\n  replies_never: [bob@]",
                Observed {
                    replies: vec!["Your order was SHIPPED\non Monday; bob@example.com".into()],
                    ..Observed::default()
                },
                &[
                    "replies: \"bob@\" must never be shown, it was: \"Your order was SHIPPED\non Monday; bob@example.com\"",
                ],
            ),
            (
                "  pending: [{tool: flag_refund, state: confirmed}]",
                Observed {
                    pending: vec![("flag_refund".into(), "rejected".into())],
                    ..Observed::default()
                },
                &[
                    "pending: expected a flag_refund action confirmed, the session has flag_refund rejected",
                    "pending: unexpected flag_refund action rejected",
                ],
            ),
        ];
        for (yaml, seen, want) in cases {
            assert_eq!(check(&expect(yaml), seen), *want, "{yaml}");
        }
    }

    #[test]
    fn a_fact_is_stated_as_a_whole_word_a_leak_counts_anywhere() {
        assert!(states("Order #1005 was refunded.", "1005"));
        assert!(!states("order 1005.", "#1005"));
        assert!(!states("tracking 1Z7EC2100503163867", "1005"));
        assert!(states("It SHIPPED  on Monday", "shipped on"));
        assert!(states("within 5–7 business days", "business days"));
        assert!(contains("tracking 1Z7EC2100503163867", "1005"));
    }

    #[test]
    fn pending_actions_are_checked_as_an_exact_set() {
        let none = expect("  pending: []");
        let one = Observed {
            pending: vec![("flag_refund".into(), "proposed".into())],
            ..Observed::default()
        };
        assert_eq!(
            check(&none, &one),
            ["pending: unexpected flag_refund action proposed"]
        );
        assert!(check(&none, &Observed::default()).is_empty());
        assert!(
            check(&expect("  escalation: none"), &one).is_empty(),
            "omitted: not checked"
        );
    }

    #[test]
    fn changes_must_hold_and_nothing_else_may_change() {
        let e = expect("  changes:\n    - {order: 1004, status: refund_requested}");
        // The record does not exist in an empty snapshot.
        assert_eq!(
            check(&e, &Observed::default()),
            ["order 1004: expected to exist, it does not"]
        );
        let seen = Observed {
            changes: vec![
                change(
                    RecordKind::Order,
                    1004,
                    "status",
                    "shipped",
                    "refund_requested",
                ),
                change(
                    RecordKind::Customer,
                    2,
                    "email",
                    "bob@example.com",
                    "x@example.com",
                ),
            ],
            ..Observed::default()
        };
        let unexpected = "unexpected change: customer 2 email: bob@example.com → x@example.com";
        assert!(check(&e, &seen).contains(&unexpected.to_owned()));
        let relaxed = expect(
            "  changes:\n    - {order: 1004, status: refund_requested}\n  other_changes: allowed",
        );
        assert!(
            !check(&relaxed, &seen)
                .iter()
                .any(|f| f.starts_with("unexpected"))
        );
    }
}
