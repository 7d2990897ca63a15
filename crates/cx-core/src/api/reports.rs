//! Reports: the support lead's figures over a period, and the sessions behind each figure (as
//! history hits, masked like history for roles that may not read customers).

use super::{authorize, sees_personal_data};
use crate::Engine;
use crate::error::{CoreError, Result};
use crate::history::{self, SessionHit};
use crate::policy::Actor;
use crate::reports::{self, Figure, Report, ReportQuery};

/// Longest period a report covers, in days: a day-by-day chart stays readable and the query
/// bounded.
pub const MAX_PERIOD_DAYS: i64 = 731;

/// Most sessions a figure opens in history.
pub const MAX_SESSIONS: u64 = 500;

pub async fn report(engine: &Engine, actor: &Actor, q: &ReportQuery) -> Result<Report> {
    authorize(engine, actor, "report")?;
    check_period(q)?;
    reports::build(&engine.core.db, q).await
}

/// The sessions behind `figure`, newest first (at most [`MAX_SESSIONS`]).
pub async fn sessions(
    engine: &Engine,
    actor: &Actor,
    q: &ReportQuery,
    figure: &Figure,
) -> Result<Vec<SessionHit>> {
    authorize(engine, actor, "report_sessions")?;
    check_period(q)?;
    let ids = reports::sessions(&engine.core.db, q, figure, MAX_SESSIONS).await?;
    let mut hits = history::hits(&engine.core.db, &ids).await?;
    if !sees_personal_data(engine, actor) {
        hits.iter_mut().for_each(history::mask_hit);
    }
    Ok(hits)
}

/// The report as CSV (see [`reports::csv`]).
pub async fn csv(engine: &Engine, actor: &Actor, q: &ReportQuery) -> Result<String> {
    authorize(engine, actor, "report_export")?;
    check_period(q)?;
    Ok(reports::csv(&reports::build(&engine.core.db, q).await?))
}

/// May `actor` send a figure to the history window? (The window asks for its sessions itself.)
pub fn open_in_history(engine: &Engine, actor: &Actor, q: &ReportQuery) -> Result<()> {
    authorize(engine, actor, "open_report_in_history")?;
    check_period(q)
}

fn check_period(q: &ReportQuery) -> Result<()> {
    if q.from > q.to {
        return Err(CoreError::invalid(format!(
            "the period starts after it ends ({} > {})",
            q.from, q.to
        )));
    }
    let days = (q.to - q.from).num_days() + 1;
    if days > MAX_PERIOD_DAYS {
        return Err(CoreError::invalid(format!(
            "the period is {days} days long; a report covers at most {MAX_PERIOD_DAYS}"
        )));
    }
    Ok(())
}
