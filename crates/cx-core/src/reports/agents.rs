//! Per agent (team mode): the sessions they were assigned to or replied first in, their time to
//! first reply where they replied first, and those sessions' CSAT.

use super::csat;
use super::model::AgentFigures;
use super::scope::{Period, c, col, from_classified};
use super::sql::{count, count_all};
use super::waits;
use crate::error::Result;
use sea_orm::sea_query::{Alias, Expr, ExprTrait};
use sea_orm::{ConnectionTrait, DatabaseConnection};
use std::collections::BTreeMap;

pub(super) async fn figures(db: &DatabaseConnection, p: &Period) -> Result<Vec<AgentFigures>> {
    let mut agents: BTreeMap<String, AgentFigures> = BTreeMap::new();
    // Two disjoint sets of sessions per agent: assigned to them, and replied first in by them
    // while assigned to nobody or someone else.
    let other_or_none = col(c::ASSIGNED_AGENT)
        .is_null()
        .or(col(c::ASSIGNED_AGENT).ne(col(c::FIRST_REPLY_BY)));
    let sets = [
        (c::ASSIGNED_AGENT, None),
        (c::FIRST_REPLY_BY, Some(other_or_none)),
    ];
    for (agent_col, extra) in sets {
        for (agent, score, n) in by_agent_and_score(db, p, agent_col, extra).await? {
            let f = agents.entry(agent.clone()).or_insert_with(|| AgentFigures {
                agent,
                sessions: 0,
                first_reply: waits::none(),
                csat: csat::empty(),
            });
            f.sessions += n;
            if let Some(score) = score {
                csat::add(&mut f.csat, i64::from(score), n);
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

/// (agent, CSAT score, sessions) of the sessions whose `agent_col` names an agent.
async fn by_agent_and_score(
    db: &DatabaseConnection,
    p: &Period,
    agent_col: &str,
    extra: Option<Expr>,
) -> Result<Vec<(String, Option<i32>, u64)>> {
    let mut q = from_classified(db.get_database_backend(), p);
    q.expr_as(col(agent_col), Alias::new("agent"))
        .expr_as(col(c::CSAT), Alias::new(c::CSAT))
        .expr_as(count_all(), Alias::new("n"))
        .and_where(col(agent_col).is_not_null())
        .add_group_by([col(agent_col), col(c::CSAT)]);
    if let Some(extra) = extra {
        q.and_where(extra);
    }
    let mut out = Vec::new();
    for r in db.query_all(&q).await? {
        out.push((
            r.try_get("", "agent")?,
            r.try_get("", c::CSAT)?,
            count(&r, "n")?,
        ));
    }
    Ok(out)
}
