//! A regression case from a past session: its customer lines and button presses in order, and the
//! end state it reached — escalation, verified customer, the records its confirmed actions
//! changed, its pending actions and the tools called — as a scenario a person edits before saving.

use crate::scenario::{
    Change, Customer, EscalationExpect, Expect, FullStep, PendingExpect, Scenario, Step, Verified,
};
use crate::state::RecordKind;
use cx_core::db::entity::{MessageRole, PendingState};
use cx_core::history::{PendingActionInfo, Transcript};
use cx_core::policy::Actor;
use cx_core::{Engine, api};
use std::collections::BTreeMap;
use std::path::Path;

/// The case's YAML for a session, as `actor` may see it (a reviewer's has personal data masked).
pub async fn export(engine: &Engine, actor: &Actor, session_id: i64) -> cx_core::Result<String> {
    let t = api::history::case_source(engine, actor, session_id).await?;
    Ok(to_yaml(&from_transcript(&t), session_id))
}

/// An edited case, ready to save: the same permission as [`export`] for the same session, and
/// the same parser `cx-agent eval` uses, so a saved case always runs (errors name line and key).
pub async fn edited(
    engine: &Engine,
    actor: &Actor,
    session_id: i64,
    yaml: &str,
) -> cx_core::Result<String> {
    api::history::case_source(engine, actor, session_id).await?;
    check(yaml)?;
    Ok(yaml.to_owned())
}

pub fn check(yaml: &str) -> cx_core::Result<Scenario> {
    Scenario::parse(Path::new("test case"), yaml).map_err(Into::into)
}

pub fn from_transcript(t: &Transcript) -> Scenario {
    let s = &t.session;
    Scenario {
        id: None,
        title: format!(
            "Session {} ({}), saved as a test case",
            s.id,
            s.created_at.format("%Y-%m-%d %H:%M UTC")
        ),
        data: Default::default(),
        tone: Some(s.tone.clone()),
        tags: vec!["saved".into()],
        customer: Customer {
            lines: steps(t),
            ..Customer::default()
        },
        model: Vec::new(),
        scripted_only: false,
        expect: expect(t),
    }
}

/// Customer messages, with each Yes/No the customer pressed placed before the first message they
/// wrote after it.
fn steps(t: &Transcript) -> Vec<Step> {
    let mut decisions: Vec<&PendingActionInfo> = t
        .pending_actions
        .iter()
        .filter(|p| decided_by_customer(p) && p.decided_at.is_some())
        .collect();
    decisions.sort_by_key(|p| p.decided_at);
    let mut decisions = decisions.into_iter().peekable();
    let mut out = Vec::new();
    for m in t
        .messages
        .iter()
        .filter(|m| m.role == MessageRole::Customer)
    {
        while let Some(p) = decisions.next_if(|p| p.decided_at <= Some(m.created_at)) {
            out.push(decision_step(p));
        }
        out.push(Step::Say(m.content.clone()));
    }
    out.extend(decisions.map(decision_step));
    out
}

fn decided_by_customer(p: &PendingActionInfo) -> bool {
    p.decided_by
        .as_deref()
        .is_some_and(|d| d.starts_with("customer"))
        && matches!(p.state, PendingState::Confirmed | PendingState::Rejected)
}

fn decision_step(p: &PendingActionInfo) -> Step {
    let mut step = FullStep::default();
    if p.state == PendingState::Confirmed {
        step.confirm = Some(p.tool.clone());
    } else {
        step.reject = Some(p.tool.clone());
    }
    Step::Full(step)
}

fn expect(t: &Transcript) -> Expect {
    let mut tools: Vec<String> = Vec::new();
    for m in &t.messages {
        if let Some(name) = m.tool_name.as_ref().filter(|_| m.role == MessageRole::Tool)
            && !tools.contains(name)
        {
            tools.push(name.clone());
        }
    }
    Expect {
        escalation: Some(EscalationExpect::Reason(
            t.escalation
                .as_ref()
                .map_or("none".into(), |e| e.escalation.reason.to_string()),
        )),
        verified: Some(
            match t.customer.as_ref().filter(|_| t.session.customer_verified) {
                Some(c) => Verified::Email(c.email.clone()),
                None => Verified::Nobody(false),
            },
        ),
        changes: changes(t),
        pending: Some(
            t.pending_actions
                .iter()
                .map(|p| PendingExpect {
                    tool: p.tool.clone(),
                    state: p.state.to_string(),
                })
                .collect(),
        ),
        tools_called: tools,
        ..Expect::default()
    }
}

/// One record's expected fields.
type Expected = ((RecordKind, i64), Vec<(&'static str, Option<String>)>);

/// The records the customer's confirmed actions changed, from their arguments.
fn changes(t: &Transcript) -> Vec<Change> {
    let mut by_record: BTreeMap<(RecordKind, i64), BTreeMap<String, Option<String>>> =
        BTreeMap::new();
    let applied = t.pending_actions.iter().filter(|p| {
        decided_by_customer(p)
            && p.state == PendingState::Confirmed
            && p.result.as_ref().is_some_and(|r| r.get("error").is_none())
    });
    for p in applied {
        let a = &p.arguments;
        let num = |k: &str| a.get(k).and_then(|v| v.as_i64());
        let text = |k: &str| a.get(k).and_then(|v| v.as_str()).map(str::to_owned);
        let (key, fields): Expected = match p.tool.as_str() {
            "update_ticket" => match num("ticket_id") {
                Some(id) => {
                    let mut f = vec![("status", text("status"))];
                    if let Some(who) = text("assignee") {
                        f.push(("assignee", Some(who)));
                    }
                    ((RecordKind::Ticket, id), f)
                }
                None => continue,
            },
            "flag_refund" => match num("order_id") {
                Some(id) => (
                    (RecordKind::Order, id),
                    vec![("status", Some("refund_requested".into()))],
                ),
                None => continue,
            },
            "update_user_email" => match num("customer_id").or(t.session.customer_id) {
                Some(id) => (
                    (RecordKind::Customer, id),
                    vec![("email", text("new_email"))],
                ),
                None => continue,
            },
            _ => continue,
        };
        let entry = by_record.entry(key).or_default();
        for (field, value) in fields {
            entry.insert(field.to_owned(), value);
        }
    }
    by_record
        .into_iter()
        .map(|((record, id), fields)| Change { record, id, fields })
        .collect()
}

/// What masking leaves in a reviewer's transcript (history/mask.rs).
const MASKS: &[&str] = &["[email]", "[phone]", "[name]", "[address]"];

/// The case as YAML, with a header saying what to check before saving.
pub fn to_yaml(s: &Scenario, session_id: i64) -> String {
    let body = serde_yaml::to_string(s).unwrap_or_default();
    let masked = if MASKS.iter().any(|m| body.contains(m)) {
        "# Personal data is masked for your role ([email], [phone], …): put a demo customer's\n\
         # details in their place (alice@example.com, phone ending 4821) or it cannot replay.\n"
    } else {
        ""
    };
    format!(
        "# A test case from session {session_id}, for `cx-agent eval` (see evals/README.md).\n\
         # Review before saving: it replays the customer's lines on a fresh copy of the demo data\n\
         # and expects the end state this session reached. Add the facts the replies must state\n\
         # (expect.replies_state) and what they must never show (expect.replies_never).\n\
         {masked}{body}"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::Step;

    fn scenario(line: &str) -> Scenario {
        Scenario {
            id: None,
            title: "t".into(),
            data: Default::default(),
            tone: None,
            tags: vec![],
            customer: Customer {
                lines: vec![Step::Say(line.into())],
                ..Customer::default()
            },
            model: vec![],
            scripted_only: false,
            expect: Expect::default(),
        }
    }

    #[test]
    fn a_masked_case_says_what_to_fill_in_and_parses_as_it_is() {
        let masked = to_yaml(&scenario("I am [email], phone [phone]"), 4);
        assert!(masked.contains("Personal data is masked"), "{masked}");
        assert!(check(&masked).is_ok());
        let open = to_yaml(&scenario("I am alice@example.com"), 4);
        assert!(!open.contains("masked"), "{open}");
        assert_eq!(check(&open).unwrap().customer.lines.len(), 1);
    }
}
