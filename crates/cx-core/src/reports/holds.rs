//! The grounding guard's holds: sessions escalated as `hallucination_risk`, and the kinds of the
//! claims no source supported, read from the escalation evidence (`unsupported_claims[].kind`)
//! with each backend's JSON functions.

use super::filter::held;
use super::model::{ClaimKindCount, HoldFigures};
use super::outcome::Cell;
use super::scope::{Period, c, col, from_classified};
use super::sql::{self, count, count_all, json_array_elements, json_get, json_text, rate};
use crate::db::entity::EscalationReason;
use crate::error::Result;
use crate::escalation::grounding::ClaimKind;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Func, FunctionCall, Query};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend};

const CLAIM: &str = "claim";

/// The session's unsupported claims, one row each (`claim.value`).
fn claims(backend: DbBackend) -> FunctionCall {
    json_array_elements(
        backend,
        json_get(backend, col(c::EVIDENCE), "unsupported_claims"),
    )
}

fn claim_kind(backend: DbBackend) -> Expr {
    json_text(backend, sql::col(CLAIM, "value"), "kind")
}

/// A hold with at least one unsupported claim of `kind` (for a drill-down).
pub(super) fn has_claim_kind(backend: DbBackend, kind: ClaimKind) -> Expr {
    Expr::exists(
        Query::select()
            .expr(Expr::cust("1"))
            .from_function(claims(backend), Alias::new(CLAIM))
            .and_where(claim_kind(backend).eq(kind.as_str()))
            .take(),
    )
}

pub(super) async fn figures(
    db: &DatabaseConnection,
    p: &Period,
    cells: &[super::outcome::Cell],
    total: u64,
) -> Result<HoldFigures> {
    let sessions = held_sessions(cells);
    let backend = db.get_database_backend();
    let kind = claim_kind(backend);
    let mut q = from_classified(backend, p);
    q.from_function(claims(backend), Alias::new(CLAIM))
        .expr_as(kind.clone(), Alias::new("kind"))
        .expr_as(count_all(), Alias::new("claims"))
        .expr_as(Func::count_distinct(col(c::ID)), Alias::new("sessions"))
        .and_where(held())
        .and_where(kind.clone().is_not_null())
        .add_group_by([kind]);
    let mut by_claim_kind = Vec::new();
    for r in db.query_all(&q).await? {
        let kind: String = r.try_get("", "kind")?;
        // A kind this build does not know (newer evidence): left out rather than failing.
        let Ok(kind) = sql::parse::<ClaimKind>(&kind, "claim kind") else {
            tracing::warn!(kind, "report: unknown claim kind in hold evidence");
            continue;
        };
        by_claim_kind.push(ClaimKindCount {
            kind,
            claims: count(&r, "claims")?,
            sessions: count(&r, "sessions")?,
        });
    }
    by_claim_kind.sort_by_key(|k| {
        (
            std::cmp::Reverse(k.claims),
            std::cmp::Reverse(k.sessions),
            k.kind.as_str(),
        )
    });
    Ok(HoldFigures {
        sessions,
        rate: rate(sessions, total),
        by_claim_kind,
    })
}

fn held_sessions(cells: &[Cell]) -> u64 {
    cells
        .iter()
        .filter(|c| c.reason == Some(EscalationReason::HallucinationRisk))
        .map(|c| c.n)
        .sum()
}
