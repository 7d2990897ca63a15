//! A [`Figure`] as a condition on the classified sessions (`scope::S`): what `sessions()` lists.
//! Each condition is the one the figure's aggregate counts by (same derived column, same helper).

use super::model::{Ending, Figure, Outcome, WaitKind};
use super::scope::{c, col};
use super::{holds, sentiment, topics};
use crate::db::entity::EscalationReason;
use crate::error::{CoreError, Result};
use sea_orm::DbBackend;
use sea_orm::sea_query::{Condition, Expr, ExprTrait};

pub(super) fn outcome_is(o: Outcome) -> Expr {
    col(c::OUTCOME).eq(outcome_text(o))
}

pub(super) fn outcome_text(o: Outcome) -> &'static str {
    match o {
        Outcome::AssistantAlone => "assistant_alone",
        Outcome::HandedOver => "handed_over",
        Outcome::Reopened => "reopened",
        Outcome::Open => "open",
    }
}

pub(super) fn ending_text(e: Ending) -> &'static str {
    match e {
        Ending::Resolved => "resolved",
        Ending::Unresolved => "unresolved",
        Ending::Open => "open",
    }
}

/// Escalated, with no reply from a person (the waits' `unanswered`).
pub(super) fn unanswered() -> Expr {
    col(c::REASON).is_not_null().and(col(c::REPLIED).eq(0))
}

/// Held by the grounding guard (escalated as a hallucination risk).
pub(super) fn held() -> Expr {
    col(c::REASON).eq(EscalationReason::HallucinationRisk.as_str())
}

/// The agent was assigned to the session or replied first in it.
pub(super) fn agent_is(agent: &str) -> Expr {
    col(c::ASSIGNED_AGENT)
        .eq(agent)
        .or(col(c::FIRST_REPLY_BY).eq(agent))
}

/// Every field of `f` narrows.
pub(super) fn condition(backend: DbBackend, f: &Figure) -> Result<Condition> {
    let mut w = Condition::all();
    if let Some(day) = f.day {
        w = w.add(col(c::DAY).eq(day.format("%Y-%m-%d").to_string()));
    }
    if let Some(o) = f.outcome {
        w = w.add(outcome_is(o));
    }
    match f.escalated {
        Some(true) => w = w.add(col(c::REASON).is_not_null()),
        Some(false) => w = w.add(col(c::REASON).is_null()),
        None => {}
    }
    if let Some(r) = f.reason {
        w = w.add(col(c::REASON).eq(r.as_str()));
    }
    if let Some(e) = f.ending {
        w = w.add(col(c::ENDING).eq(ending_text(e)));
    }
    match f.wait {
        // An agent's first-reply figure counts the sessions that agent replied first in.
        Some(WaitKind::FirstReply) => {
            w = w.add(col(c::FIRST_REPLY_S).is_not_null());
            if let Some(agent) = &f.agent {
                w = w.add(col(c::FIRST_REPLY_BY).eq(agent.as_str()));
            }
        }
        Some(WaitKind::Queue) => w = w.add(col(c::QUEUE_S).is_not_null()),
        Some(WaitKind::Unanswered) => w = w.add(unanswered()),
        None => {}
    }
    if let Some(score) = f.csat_score {
        if !(1..=5).contains(&score) {
            return Err(CoreError::invalid(format!(
                "a CSAT score is 1 to 5, not {score}"
            )));
        }
        w = w.add(col(c::CSAT).eq(score as i32));
    }
    match f.csat_any {
        Some(true) => w = w.add(col(c::CSAT).is_not_null()),
        Some(false) => w = w.add(col(c::CSAT_UNANSWERED).eq(1)),
        None => {}
    }
    if let Some(with_agent) = f.with_agent {
        w = w.add(col(c::HANDED_OVER).eq(i32::from(with_agent)));
    }
    match f.sentiment_scored {
        Some(true) => w = w.add(sentiment::is_scored()),
        Some(false) => w = w.add(sentiment::is_scored().not()),
        None => {}
    }
    if let Some(change) = f.sentiment {
        w = w.add(sentiment::has_change(change));
    }
    if let Some(topic) = &f.topic {
        w = w.add(topics::has_topic(topic));
    }
    match f.held {
        Some(true) => w = w.add(held()),
        Some(false) => w = w.add(col(c::REASON).is_null().or(held().not())),
        None => {}
    }
    if let Some(kind) = f.claim_kind {
        w = w.add(held()).add(holds::has_claim_kind(backend, kind));
    }
    if let Some(agent) = &f.agent {
        w = w.add(agent_is(agent));
    }
    Ok(w)
}
