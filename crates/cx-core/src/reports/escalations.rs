//! Escalations by reason (with how they ended) and per day, folded from the outcome cells.

use super::model::{Ending, EscalationFigures, ReasonDay, ReasonFigures};
use super::outcome::Cell;
use crate::db::entity::EscalationReason;
use std::collections::BTreeMap;

pub(super) fn figures(cells: &[Cell]) -> EscalationFigures {
    let escalated = || cells.iter().filter_map(|c| c.reason.map(|r| (r, c)));
    let mut by_reason: BTreeMap<&str, ReasonFigures> = BTreeMap::new();
    let mut by_day: BTreeMap<(chrono::NaiveDate, &str), ReasonDay> = BTreeMap::new();
    for (reason, cell) in escalated() {
        let f = by_reason
            .entry(reason.as_str())
            .or_insert_with(|| empty(reason));
        f.count += cell.n;
        match cell.ending {
            Some(Ending::Resolved) => f.resolved += cell.n,
            Some(Ending::Unresolved) => f.unresolved += cell.n,
            Some(Ending::Open) | None => f.open += cell.n,
        }
        by_day
            .entry((cell.day, reason.as_str()))
            .or_insert(ReasonDay {
                day: cell.day,
                reason,
                count: 0,
            })
            .count += cell.n;
    }
    let mut by_reason: Vec<ReasonFigures> = by_reason.into_values().collect();
    // Most frequent first; the BTreeMap's name order breaks ties (the sort is stable).
    by_reason.sort_by_key(|r| std::cmp::Reverse(r.count));
    EscalationFigures {
        total: escalated().map(|(_, c)| c.n).sum(),
        by_reason,
        by_day: by_day.into_values().collect(),
    }
}

fn empty(reason: EscalationReason) -> ReasonFigures {
    ReasonFigures {
        reason,
        count: 0,
        resolved: 0,
        unresolved: 0,
        open: 0,
    }
}

/// Escalated sessions no person has replied to.
pub(super) fn unanswered(cells: &[Cell]) -> u64 {
    cells
        .iter()
        .filter(|c| c.reason.is_some() && !c.replied)
        .map(|c| c.n)
        .sum()
}
