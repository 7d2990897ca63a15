//! The sessions of a report's period, each classified once: a sub-select over `sessions` whose
//! derived columns (outcome, ending, waits, CSAT, …) every figure groups by and every drill-down
//! filters on. One definition, so a figure and the sessions behind it cannot disagree.

use super::model::{REOPEN_WINDOW_HOURS, ReportQuery};
use super::sql::{self, epoch_ms, flag, plus_hours, utc_day};
use crate::db::entity::{Channel, SessionStatus, session};
use crate::error::{CoreError, Result};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query, SelectStatement};
use sea_orm::{ColumnTrait, DbBackend};

/// The alias the classified sessions go by in every report query.
pub(super) const S: &str = "s";

/// The derived columns (all of them on `S`).
pub(super) mod c {
    pub const ID: &str = "id";
    pub const CREATED_AT: &str = "created_at";
    /// `YYYY-MM-DD`, UTC.
    pub const DAY: &str = "day";
    /// An [`Outcome`](crate::reports::Outcome) in snake_case.
    pub const OUTCOME: &str = "outcome";
    /// 1 when the outcome is `handed_over` (the same test, without the reopen look-up).
    pub const HANDED_OVER: &str = "handed_over";
    /// The escalation reason, NULL if never escalated.
    pub const REASON: &str = "reason";
    /// An [`Ending`](crate::reports::Ending) for escalated sessions, else NULL.
    pub const ENDING: &str = "ending";
    /// 1 when a person has replied to the customer.
    pub const REPLIED: &str = "replied";
    /// 1 when the session is closed.
    pub const CLOSED: &str = "closed";
    /// Whole seconds from the escalation to the first agent reply / to an agent taking it.
    pub const FIRST_REPLY_S: &str = "first_reply_s";
    pub const QUEUE_S: &str = "queue_s";
    /// The CSAT score when it is 1..=5, else NULL.
    pub const CSAT: &str = "csat";
    /// 1 for a closed kiosk session without a score (the question went unanswered).
    pub const CSAT_UNANSWERED: &str = "csat_unanswered";
    pub const ASSIGNED_AGENT: &str = "assigned_agent";
    pub const FIRST_REPLY_BY: &str = "first_reply_by";
    pub const EVIDENCE: &str = "evidence";
}

/// A derived column of the classified sessions.
pub(super) fn col(name: &str) -> Expr {
    sql::col(S, name)
}

/// The period as instants: `[start, end)`, midnight UTC at both ends.
#[derive(Debug, Clone, Copy)]
pub(super) struct Period {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub channel: Option<Channel>,
}

impl Period {
    pub fn of(q: &ReportQuery) -> Result<Period> {
        if q.from > q.to {
            return Err(CoreError::invalid(format!(
                "the period ends ({}) before it starts ({})",
                q.to, q.from
            )));
        }
        let after = q
            .to
            .succ_opt()
            .ok_or_else(|| CoreError::invalid(format!("the period's end {} is too late", q.to)))?;
        Ok(Period {
            start: midnight(q.from),
            end: midnight(after),
            channel: q.channel,
        })
    }
}

pub(super) fn midnight(day: NaiveDate) -> DateTime<Utc> {
    day.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc()
}

fn s(column: session::Column) -> Expr {
    Expr::col((session::Entity, column))
}

/// The period's sessions, classified (see [`c`]). Columns no query uses cost nothing: both
/// backends inline a sub-select in FROM and drop what the outer query does not read.
pub(super) fn classified(backend: DbBackend, p: &Period) -> SelectStatement {
    use session::Column as Col;
    let escalated = Col::EscalationReason.is_not_null();
    let handed_over = escalated
        .clone()
        .or(Col::AcceptedAt.is_not_null())
        .or(Col::FirstAgentReplyAt.is_not_null());
    let closed = Col::Status.eq(SessionStatus::Closed);
    let replied = Col::FirstAgentReplyAt.is_not_null();
    let came_back = came_back(backend);
    let ms = |column| epoch_ms(backend, s(column));

    let outcome = Expr::case(handed_over.clone(), "handed_over")
        .case(closed.clone().not(), "open")
        .case(came_back.clone(), "reopened")
        .finally("assistant_alone");
    let ending = Expr::case(escalated.clone().and(closed.clone().not()), "open")
        .case(
            escalated.clone().and(replied.clone()).and(came_back.not()),
            "resolved",
        )
        .case(escalated.clone(), "unresolved");
    // A wait counts from the escalation to a later moment (an agent may have written first).
    let wait = |to: session::Column| {
        let gap = ms(to).sub(ms(Col::EscalatedAt));
        Expr::case(escalated.clone().and(gap.clone().gte(0)), gap.div(1000))
    };
    let csat = Expr::case(Col::CsatScore.between(1, 5), s(Col::CsatScore));
    let csat_unanswered = Col::Channel
        .eq(Channel::Kiosk)
        .and(closed.clone())
        .and(Col::CsatScore.is_null());

    let mut q = Query::select();
    q.expr_as(s(Col::Id), Alias::new(c::ID))
        .expr_as(s(Col::CreatedAt), Alias::new(c::CREATED_AT))
        .expr_as(utc_day(backend, s(Col::CreatedAt)), Alias::new(c::DAY))
        .expr_as(outcome, Alias::new(c::OUTCOME))
        .expr_as(flag(handed_over), Alias::new(c::HANDED_OVER))
        .expr_as(s(Col::EscalationReason), Alias::new(c::REASON))
        .expr_as(ending, Alias::new(c::ENDING))
        .expr_as(flag(replied), Alias::new(c::REPLIED))
        .expr_as(flag(closed), Alias::new(c::CLOSED))
        .expr_as(wait(Col::FirstAgentReplyAt), Alias::new(c::FIRST_REPLY_S))
        .expr_as(wait(Col::AcceptedAt), Alias::new(c::QUEUE_S))
        .expr_as(csat, Alias::new(c::CSAT))
        .expr_as(flag(csat_unanswered), Alias::new(c::CSAT_UNANSWERED))
        .expr_as(s(Col::AssignedAgent), Alias::new(c::ASSIGNED_AGENT))
        .expr_as(s(Col::FirstAgentReplyBy), Alias::new(c::FIRST_REPLY_BY))
        .expr_as(s(Col::EscalationEvidence), Alias::new(c::EVIDENCE))
        .from(session::Entity)
        .and_where(Col::CreatedAt.gte(p.start))
        .and_where(Col::CreatedAt.lt(p.end));
    if let Some(channel) = p.channel {
        q.and_where(Col::Channel.eq(channel));
    }
    q
}

/// The customer started another session (any channel, in the period or not) after this one
/// closed, within [`REOPEN_WINDOW_HOURS`] of the close, that hour included. The customer index
/// (`customer_id, created_at`) reads just the sessions in the window; the exact comparison in
/// milliseconds then decides.
fn came_back(backend: DbBackend) -> Expr {
    use session::Column as Col;
    let later = Alias::new("later");
    let window_ms = REOPEN_WINDOW_HOURS * 3600 * 1000;
    let at = Expr::col((later.clone(), Col::CreatedAt));
    let closed_at = s(Col::ClosedAt);
    Expr::exists(
        Query::select()
            .expr(Expr::cust("1"))
            .from_as(session::Entity, later.clone())
            .and_where(
                Expr::col((later.clone(), Col::CustomerId))
                    .equals((session::Entity, Col::CustomerId)),
            )
            .and_where(at.clone().gt(closed_at.clone()))
            .and_where(
                at.clone()
                    .lte(plus_hours(backend, closed_at.clone(), REOPEN_WINDOW_HOURS)),
            )
            .and_where(
                epoch_ms(backend, at)
                    .sub(epoch_ms(backend, closed_at))
                    .lte(window_ms),
            )
            .take(),
    )
}

/// `SELECT <groups>, COUNT(*) AS n FROM (classified) AS s GROUP BY <groups>`: the period's
/// sessions counted by those derived columns (each selected under its own name).
pub(super) fn counted_by(
    backend: DbBackend,
    p: &Period,
    groups: &[&'static str],
) -> SelectStatement {
    let mut q = from_classified(backend, p);
    for g in groups {
        q.expr_as(col(g), Alias::new(*g));
    }
    q.expr_as(super::sql::count_all(), Alias::new("n"))
        .add_group_by(groups.iter().map(|g| col(g)));
    q
}

/// `SELECT … FROM (classified) AS s`, to add columns, conditions and groups to.
pub(super) fn from_classified(backend: DbBackend, p: &Period) -> SelectStatement {
    Query::select()
        .from_subquery(classified(backend, p), Alias::new(S))
        .take()
}
