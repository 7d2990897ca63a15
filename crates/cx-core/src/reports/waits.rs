//! Waits for a person: from the escalation to the first agent reply and to an agent taking the
//! session, as nearest-rank percentiles computed in SQL (window functions on both backends).

use super::model::Durations;
pub(super) use super::model::WaitFigures;
use super::scope::{Period, S, c, col, from_classified};
use super::sql::{self, count};
use crate::error::Result;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Order, Query, WindowStatement};
use sea_orm::{ConnectionTrait, DatabaseConnection};
use std::collections::HashMap;

/// The percentiles; `unanswered` comes from the outcome cells (zero here).
pub(super) async fn figures(db: &DatabaseConnection, p: &Period) -> Result<WaitFigures> {
    let (first_reply, queue) = tokio::try_join!(
        percentiles(db, p, c::FIRST_REPLY_S, None),
        percentiles(db, p, c::QUEUE_S, None),
    )?;
    let one = |m: HashMap<String, Durations>| m.into_values().next().unwrap_or_else(none);
    Ok(WaitFigures {
        first_reply: one(first_reply),
        queue: one(queue),
        unanswered: 0,
    })
}

/// No measurement.
pub(super) fn none() -> Durations {
    Durations {
        count: 0,
        p50_seconds: None,
        p90_seconds: None,
    }
}

/// The nearest rank of percentile `pct` among `n` values (1-based): ceil(pct·n/100).
fn rank_sql(n: Expr, pct: i64) -> Expr {
    n.mul(pct).add(99).div(100)
}

/// p50/p90 of the derived column `secs` (whole seconds, NULL when not measured), over all
/// sessions (`group` None: one entry under "") or per value of the derived column `group`.
/// Only the rows at the two ranks leave the database.
pub(super) async fn percentiles(
    db: &DatabaseConnection,
    p: &Period,
    secs: &str,
    group: Option<&str>,
) -> Result<HashMap<String, Durations>> {
    let backend = db.get_database_backend();
    let mut window = match group {
        Some(g) => WindowStatement::partition_by((Alias::new(S), Alias::new(g))),
        None => WindowStatement::new(),
    };
    window.order_by((Alias::new(S), Alias::new(secs)), Order::Asc);
    let total = match group {
        Some(g) => WindowStatement::partition_by((Alias::new(S), Alias::new(g))),
        None => WindowStatement::new(),
    };
    let mut ranked = from_classified(backend, p);
    ranked
        .expr_as(
            group.map(col).unwrap_or_else(|| Expr::cust("''")),
            Alias::new("grp"),
        )
        .expr_as(col(secs), Alias::new("secs"))
        .expr_window_as(Expr::cust("ROW_NUMBER()"), window, Alias::new("rn"))
        .expr_window_as(sql::count_all(), total, Alias::new("n"))
        .and_where(col(secs).is_not_null())
        // Implied by a wait; said outright, an index on the reason can skip other sessions.
        .and_where(col(c::REASON).is_not_null());
    if let Some(g) = group {
        ranked.and_where(col(g).is_not_null());
    }
    let r = |name: &str| sql::col("r", name);
    let q = Query::select()
        .expr_as(r("grp"), Alias::new("grp"))
        .expr_as(r("secs"), Alias::new("secs"))
        .expr_as(r("rn"), Alias::new("rn"))
        .expr_as(r("n"), Alias::new("n"))
        .from_subquery(ranked, Alias::new("r"))
        .cond_where(
            r("rn")
                .eq(rank_sql(r("n"), 50))
                .or(r("rn").eq(rank_sql(r("n"), 90))),
        )
        .take();
    let mut out: HashMap<String, Durations> = HashMap::new();
    for row in db.query_all(&q).await? {
        let grp: String = row.try_get("", "grp")?;
        let n = count(&row, "n")?;
        let rn = count(&row, "rn")?;
        let secs: i64 = row.try_get("", "secs")?;
        let d = out.entry(grp).or_insert_with(none);
        d.count = n;
        let n = n as i64;
        let rn = rn as i64;
        if rn == (n * 50 + 99) / 100 {
            d.p50_seconds = Some(secs);
        }
        if rn == (n * 90 + 99) / 100 {
            d.p90_seconds = Some(secs);
        }
    }
    Ok(out)
}
