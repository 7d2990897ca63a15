//! Per agent (team mode): the sessions they were assigned to or replied first in, their time to
//! first reply where they replied first, and those sessions' CSAT.

use super::csat;
use super::model::AgentFigures;
use super::scope::{Period, c};
use super::waits;
use crate::error::Result;
use sea_orm::DatabaseConnection;
use std::collections::BTreeMap;

pub(super) async fn figures(
    db: &DatabaseConnection,
    p: &Period,
    cells: &[csat::Cell],
) -> Result<Vec<AgentFigures>> {
    let mut agents: BTreeMap<String, AgentFigures> = BTreeMap::new();
    for cell in cells {
        // A session counts once for each agent in it (one, or two when another replied first).
        let mut names: Vec<&String> = cell
            .assigned_agent
            .iter()
            .chain(&cell.first_reply_by)
            .collect();
        names.dedup();
        for agent in names {
            let f = agents.entry(agent.clone()).or_insert_with(|| AgentFigures {
                agent: agent.clone(),
                sessions: 0,
                first_reply: waits::none(),
                csat: csat::empty(),
            });
            f.sessions += cell.n;
            if let Some(score) = cell.score {
                csat::add(&mut f.csat, score, cell.n);
            }
        }
    }
    let mut first_reply =
        waits::percentiles(db, p, c::FIRST_REPLY_S, Some(c::FIRST_REPLY_BY)).await?;
    let mut out: Vec<AgentFigures> = agents
        .into_values()
        .map(|mut f| {
            f.csat.average = csat::average(&f.csat.distribution);
            f.first_reply = first_reply.remove(&f.agent).unwrap_or_else(waits::none);
            f
        })
        .collect();
    // Most sessions first; the name order breaks ties (the sort is stable).
    out.sort_by_key(|a| std::cmp::Reverse(a.sessions));
    Ok(out)
}
