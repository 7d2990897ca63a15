//! Sessions by outcome, over the period and per day: one GROUP BY over the classified sessions
//! (day × outcome × escalation), which the escalation and hold figures read too.

use super::model::{DayFigures, Ending, Outcome, SessionFigures};
use super::scope::{Period, c, counted_by};
use super::sql::{count, parse, rate};
use crate::db::entity::EscalationReason;
use crate::error::Result;
use chrono::NaiveDate;
use sea_orm::{ConnectionTrait, DatabaseConnection};
use std::collections::HashMap;

/// How many sessions of one day share an outcome and an escalation (reason, ending, replied).
#[derive(Debug, Clone)]
pub(super) struct Cell {
    pub day: NaiveDate,
    pub outcome: Outcome,
    pub reason: Option<EscalationReason>,
    pub ending: Option<Ending>,
    pub replied: bool,
    pub n: u64,
}

pub(super) async fn cells(db: &DatabaseConnection, p: &Period) -> Result<Vec<Cell>> {
    let groups = [c::DAY, c::OUTCOME, c::REASON, c::ENDING, c::REPLIED];
    let q = counted_by(db.get_database_backend(), p, &groups);
    let mut out = Vec::new();
    for r in db.query_all(&q).await? {
        let day: String = r.try_get("", c::DAY)?;
        let outcome: String = r.try_get("", c::OUTCOME)?;
        let reason: Option<String> = r.try_get("", c::REASON)?;
        let ending: Option<String> = r.try_get("", c::ENDING)?;
        let replied: i32 = r.try_get("", c::REPLIED)?;
        out.push(Cell {
            day: NaiveDate::parse_from_str(&day, "%Y-%m-%d").map_err(|e| {
                crate::error::CoreError::Internal(format!("report day '{day}': {e}"))
            })?,
            outcome: parse(&outcome, "outcome")?,
            reason: reason.as_deref().map(str::parse).transpose()?,
            ending: ending.as_deref().map(|e| parse(e, "ending")).transpose()?,
            replied: replied != 0,
            n: count(&r, "n")?,
        });
    }
    Ok(out)
}

/// Counts by outcome, with the rates.
#[derive(Debug, Clone, Copy, Default)]
struct Tally {
    assistant_alone: u64,
    handed_over: u64,
    reopened: u64,
    open: u64,
}

impl Tally {
    fn add(&mut self, cell: &Cell) {
        let slot = match cell.outcome {
            Outcome::AssistantAlone => &mut self.assistant_alone,
            Outcome::HandedOver => &mut self.handed_over,
            Outcome::Reopened => &mut self.reopened,
            Outcome::Open => &mut self.open,
        };
        *slot += cell.n;
    }

    fn total(&self) -> u64 {
        self.assistant_alone + self.handed_over + self.reopened + self.open
    }

    fn figures(&self) -> SessionFigures {
        SessionFigures {
            total: self.total(),
            assistant_alone: self.assistant_alone,
            handed_over: self.handed_over,
            reopened: self.reopened,
            open: self.open,
            assistant_alone_rate: rate(self.assistant_alone, self.total()),
            handed_over_rate: rate(self.handed_over, self.total()),
        }
    }
}

pub(super) fn sessions(cells: &[Cell]) -> SessionFigures {
    let mut t = Tally::default();
    cells.iter().for_each(|cell| t.add(cell));
    t.figures()
}

/// One entry per day of the period, days without sessions included (the cells are read once).
pub(super) fn by_day(cells: &[Cell], days: &[NaiveDate]) -> Vec<DayFigures> {
    let mut per_day: HashMap<NaiveDate, Tally> = HashMap::new();
    for cell in cells {
        per_day.entry(cell.day).or_default().add(cell);
    }
    days.iter()
        .map(|&day| {
            let s = per_day.get(&day).copied().unwrap_or_default().figures();
            DayFigures {
                day,
                total: s.total,
                assistant_alone: s.assistant_alone,
                handed_over: s.handed_over,
                reopened: s.reopened,
                open: s.open,
                assistant_alone_rate: s.assistant_alone_rate,
                handed_over_rate: s.handed_over_rate,
            }
        })
        .collect()
}
