//! The customer's sentiment at the start and end of closed sessions, from the insights written
//! when a session closes (sessions with a score at both ends).

use super::model::{SENTIMENT_CHANGE, SentimentChange, SentimentFigures};
use super::scope::{Period, S, c, col, from_classified};
use super::sql::{count, count_all, count_if};
use crate::db::entity::session_insight::{self, Column as I};
use crate::error::Result;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Func, Query};
use sea_orm::{ConnectionTrait, DatabaseConnection};

fn i(column: I) -> Expr {
    Expr::col((session_insight::Entity, column))
}

/// An insight with both ends scored.
fn scored() -> Expr {
    i(I::SentimentStart)
        .is_not_null()
        .and(i(I::SentimentEnd).is_not_null())
}

/// The change on `session_insights`: more than [`SENTIMENT_CHANGE`] up or down, else unchanged.
fn change(c: SentimentChange) -> Expr {
    let delta = i(I::SentimentEnd).sub(i(I::SentimentStart));
    match c {
        SentimentChange::Improved => delta.gt(SENTIMENT_CHANGE),
        SentimentChange::Worsened => delta.lt(-SENTIMENT_CHANGE),
        SentimentChange::Unchanged => delta.between(-SENTIMENT_CHANGE, SENTIMENT_CHANGE),
    }
}

/// A closed session scored at both ends: what the averages are over (for a drill-down).
pub(super) fn is_scored() -> Expr {
    col(c::CLOSED).eq(1).and(
        col(c::ID).in_subquery(
            Query::select()
                .column(I::SessionId)
                .from(session_insight::Entity)
                .and_where(scored())
                .take(),
        ),
    )
}

/// A closed session whose sentiment changed so (for a drill-down).
pub(super) fn has_change(c: SentimentChange) -> Expr {
    col(c::CLOSED).eq(1).and(
        col(c::ID).in_subquery(
            Query::select()
                .column(I::SessionId)
                .from(session_insight::Entity)
                .and_where(scored())
                .and_where(change(c))
                .take(),
        ),
    )
}

pub(super) async fn figures(db: &DatabaseConnection, p: &Period) -> Result<SentimentFigures> {
    let mut q = from_classified(db.get_database_backend(), p);
    q.from(session_insight::Entity)
        .expr_as(count_all(), Alias::new("n"))
        .expr_as(Func::avg(i(I::SentimentStart)), Alias::new("start_avg"))
        .expr_as(Func::avg(i(I::SentimentEnd)), Alias::new("end_avg"))
        .expr_as(
            count_if(change(SentimentChange::Improved)),
            Alias::new("improved"),
        )
        .expr_as(
            count_if(change(SentimentChange::Unchanged)),
            Alias::new("unchanged"),
        )
        .expr_as(
            count_if(change(SentimentChange::Worsened)),
            Alias::new("worsened"),
        )
        .and_where(i(I::SessionId).equals((Alias::new(S), Alias::new(c::ID))))
        .and_where(col(c::CLOSED).eq(1))
        .and_where(scored());
    let Some(r) = db.query_one(&q).await? else {
        return Ok(empty());
    };
    let n = count(&r, "n")?;
    Ok(SentimentFigures {
        sessions: n,
        start_average: r.try_get("", "start_avg")?,
        end_average: r.try_get("", "end_avg")?,
        improved: count(&r, "improved")?,
        unchanged: count(&r, "unchanged")?,
        worsened: count(&r, "worsened")?,
    })
}

fn empty() -> SentimentFigures {
    SentimentFigures {
        sessions: 0,
        start_average: None,
        end_average: None,
        improved: 0,
        unchanged: 0,
        worsened: 0,
    }
}
