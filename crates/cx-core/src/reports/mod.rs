//! Reports for the support lead (issue #14): how many sessions the assistant resolved alone, why
//! it handed over, how long customers waited for a person, and how satisfied they were.
//! Computed in SQL through sea-orm, the same on SQLite and PostgreSQL.
//!
//! Every figure is an aggregate over one classification of the period's sessions (`scope`), and
//! the sessions behind a figure are that classification filtered by the same derived columns
//! (`filter`), so a figure and its drill-down cannot disagree.

mod agents;
mod csat;
mod csv;
#[cfg(any(test, feature = "testing"))]
pub mod demo;
mod escalations;
mod filter;
mod holds;
mod model;
mod outcome;
mod scope;
mod sentiment;
mod sql;
#[cfg(test)]
mod tests;
mod topics;
mod waits;

pub use csv::{HEADER as CSV_HEADER, csv};
pub use model::*;

use crate::error::Result;
use chrono::{NaiveDate, Utc};
use scope::{Period, c, col, from_classified};
use sea_orm::sea_query::{Alias, Order};
use sea_orm::{ConnectionTrait, DatabaseConnection};

/// The report over `query`'s period. Its queries run side by side (each on its own pooled
/// connection; SQLite's WAL lets readers share the file).
pub async fn build(db: &DatabaseConnection, query: &ReportQuery) -> Result<Report> {
    let p = Period::of(query)?;
    let with_cells = async {
        let cells = outcome::cells(db, &p).await?;
        let sessions = outcome::sessions(&cells);
        let holds = holds::figures(db, &p, &cells, sessions.total).await?;
        Ok::<_, crate::error::CoreError>((cells, sessions, holds))
    };
    let people = async {
        let cells = csat::cells(db, &p).await?;
        let agents = agents::figures(db, &p, &cells).await?;
        Ok::<_, crate::error::CoreError>((csat::figures(&cells), agents))
    };
    let ((cells, sessions, holds), waits, (csat, agents), sentiment, topics) = tokio::try_join!(
        with_cells,
        waits::figures(db, &p),
        people,
        sentiment::figures(db, &p),
        topics::top(db, &p),
    )?;
    Ok(Report {
        format: FORMAT.to_owned(),
        version: VERSION,
        query: query.clone(),
        generated_at: Utc::now(),
        by_day: outcome::by_day(&cells, &days(query)),
        escalations: escalations::figures(&cells),
        waits: WaitFigures {
            unanswered: escalations::unanswered(&cells),
            ..waits
        },
        csat,
        sentiment,
        topics,
        holds,
        agents,
        sessions,
    })
}

/// The ids of the sessions behind `figure` in `query`'s period, newest first, at most `limit`.
pub async fn sessions(
    db: &DatabaseConnection,
    query: &ReportQuery,
    figure: &Figure,
    limit: u64,
) -> Result<Vec<i64>> {
    let p = Period::of(query)?;
    if limit == 0 {
        return Ok(Vec::new());
    }
    let backend = db.get_database_backend();
    let mut q = from_classified(backend, &p);
    q.expr_as(col(c::ID), Alias::new(c::ID))
        .cond_where(filter::condition(backend, figure)?)
        .order_by(
            (Alias::new(scope::S), Alias::new(c::CREATED_AT)),
            Order::Desc,
        )
        .order_by((Alias::new(scope::S), Alias::new(c::ID)), Order::Desc)
        .limit(limit);
    let mut ids = Vec::new();
    for r in db.query_all(&q).await? {
        ids.push(r.try_get("", c::ID)?);
    }
    Ok(ids)
}

/// Every day of the period, in order.
fn days(query: &ReportQuery) -> Vec<NaiveDate> {
    query
        .from
        .iter_days()
        .take_while(|d| *d <= query.to)
        .collect()
}
