//! Customer satisfaction: the kiosk's "How did we do?" answers, all and split by whether a person
//! took part, and the closed kiosk sessions whose customer left the question unanswered.
//! The same cells give the per-agent CSAT (`agents`).

use super::model::{Csat, CsatFigures};
use super::scope::{Period, c, counted_by};
use super::sql::count;
use crate::error::Result;
use sea_orm::{ConnectionTrait, DatabaseConnection};

/// How many sessions share a CSAT answer, a handover and their agents: one GROUP BY that the
/// CSAT and per-agent figures both fold.
#[derive(Debug, Clone)]
pub(super) struct Cell {
    pub handed_over: bool,
    /// 1..=5, None without an answer.
    pub score: Option<i64>,
    /// A closed kiosk session without an answer.
    pub unanswered: bool,
    pub assigned_agent: Option<String>,
    pub first_reply_by: Option<String>,
    pub n: u64,
}

pub(super) async fn cells(db: &DatabaseConnection, p: &Period) -> Result<Vec<Cell>> {
    let groups = [
        c::HANDED_OVER,
        c::CSAT,
        c::CSAT_UNANSWERED,
        c::ASSIGNED_AGENT,
        c::FIRST_REPLY_BY,
    ];
    let q = counted_by(db.get_database_backend(), p, &groups);
    let mut out = Vec::new();
    for r in db.query_all(&q).await? {
        let handed_over: i32 = r.try_get("", c::HANDED_OVER)?;
        let score: Option<i32> = r.try_get("", c::CSAT)?;
        let unanswered: i32 = r.try_get("", c::CSAT_UNANSWERED)?;
        out.push(Cell {
            handed_over: handed_over != 0,
            score: score.map(i64::from),
            unanswered: unanswered != 0,
            assigned_agent: r.try_get("", c::ASSIGNED_AGENT)?,
            first_reply_by: r.try_get("", c::FIRST_REPLY_BY)?,
            n: count(&r, "n")?,
        });
    }
    Ok(out)
}

pub(super) fn figures(cells: &[Cell]) -> CsatFigures {
    let mut f = CsatFigures {
        all: empty(),
        assistant_alone: empty(),
        with_agent: empty(),
        unanswered: 0,
    };
    for cell in cells {
        if cell.unanswered {
            f.unanswered += cell.n;
        }
        let Some(score) = cell.score else { continue };
        add(&mut f.all, score, cell.n);
        match cell.handed_over {
            true => add(&mut f.with_agent, score, cell.n),
            false => add(&mut f.assistant_alone, score, cell.n),
        }
    }
    for csat in [&mut f.all, &mut f.assistant_alone, &mut f.with_agent] {
        csat.average = average(&csat.distribution);
    }
    f
}

pub(super) fn empty() -> Csat {
    Csat {
        count: 0,
        average: None,
        distribution: [0; 5],
    }
}

/// `n` answers of `score` (1..=5; the classification leaves others out).
pub(super) fn add(csat: &mut Csat, score: i64, n: u64) {
    if let Some(slot) = usize::try_from(score - 1)
        .ok()
        .and_then(|i| csat.distribution.get_mut(i))
    {
        *slot += n;
        csat.count += n;
    }
}

/// The mean score of a distribution; None without answers.
pub(super) fn average(distribution: &[u64; 5]) -> Option<f64> {
    let count: u64 = distribution.iter().sum();
    let sum: u64 = distribution
        .iter()
        .zip(1u64..)
        .map(|(n, score)| n * score)
        .sum();
    (count > 0).then(|| sum as f64 / count as f64)
}
