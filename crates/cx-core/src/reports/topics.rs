//! The most frequent topics of the customers' messages, by number of sessions: the keys of each
//! closed session's insight `topics` (a JSON object topic → messages).

use super::model::TopicCount;
use super::scope::{Period, S, c, from_classified};
use super::sql::{self, count, count_all, json_object_keys};
use crate::db::entity::session_insight::{self, Column as I};
use crate::error::Result;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Order, Query};
use sea_orm::{ConnectionTrait, DatabaseConnection};

/// At most this many topics in a report.
pub(super) const TOP: u64 = 10;

const T: &str = "t";

fn insight(column: I) -> Expr {
    Expr::col((session_insight::Entity, column))
}

fn joined_to_session() -> Expr {
    insight(I::SessionId).equals((Alias::new(S), Alias::new(c::ID)))
}

/// The session's insight names `topic` (for a drill-down).
pub(super) fn has_topic(topic: &str) -> Expr {
    Expr::exists(
        Query::select()
            .expr(Expr::cust("1"))
            .from(session_insight::Entity)
            .from_function(json_object_keys(insight(I::Topics)), Alias::new(T))
            .and_where(joined_to_session())
            .and_where(sql::col(T, "key").eq(topic))
            .take(),
    )
}

pub(super) async fn top(db: &DatabaseConnection, p: &Period) -> Result<Vec<TopicCount>> {
    let key = sql::col(T, "key");
    let mut q = from_classified(db.get_database_backend(), p);
    q.from(session_insight::Entity)
        .from_function(json_object_keys(insight(I::Topics)), Alias::new(T))
        .expr_as(key.clone(), Alias::new("topic"))
        .expr_as(count_all(), Alias::new("n"))
        .and_where(joined_to_session())
        .add_group_by([key.clone()])
        .order_by_expr(count_all(), Order::Desc)
        .order_by_expr(key, Order::Asc)
        .limit(TOP);
    let mut out = Vec::new();
    for r in db.query_all(&q).await? {
        out.push(TopicCount {
            topic: r.try_get("", "topic")?,
            sessions: count(&r, "n")?,
        });
    }
    Ok(out)
}
