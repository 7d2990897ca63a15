//! `search` and `list`: dialect-neutral sea-orm queries. The only full-text piece is the ranked
//! sub-select and the snippets, which come from the backend module (`fts_sqlite` for now).

use super::model::{
    MAX_LIMIT, SNIPPETS_PER_SESSION, SearchQuery, SessionHit, SessionSummary, Snippet, SnippetPart,
};
use super::terms::{self, Term};
use super::{fts_sqlite, message_counts};
use crate::db::entity::{customer, session};
use crate::error::{CoreError, Result};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Func, JoinType};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbBackend, EntityTrait, Order, QueryFilter,
    QueryOrder, QuerySelect, QueryTrait,
};
use std::collections::HashMap;

/// Alias of the ranked sub-select joined to `sessions`.
const HITS: &str = "hits";

/// Sessions matching `q`, grouped per session: best first (bm25) when `q.text` is given, else
/// newest first. Ties go to the newer session.
pub async fn search(db: &DatabaseConnection, q: &SearchQuery) -> Result<Vec<SessionHit>> {
    if q.limit == 0 || q.limit > MAX_LIMIT {
        return Err(CoreError::invalid(format!(
            "limit must be between 1 and {MAX_LIMIT}, not {}",
            q.limit
        )));
    }
    if let (Some(from), Some(to)) = (q.from, q.to)
        && from > to
    {
        return Err(CoreError::invalid(format!(
            "the date range ends ({to}) before it starts ({from})"
        )));
    }
    let terms = q.text.as_deref().map(terms::parse).transpose()?;
    if terms.is_some() {
        full_text_available(db)?;
    }

    let mut select = session::Entity::find().find_also_related(customer::Entity);
    if let Some(id) = q.customer_id {
        select = select.filter(session::Column::CustomerId.eq(id));
    }
    if let Some(email) = q.customer_email.as_deref().map(str::trim) {
        if email.is_empty() {
            return Err(CoreError::invalid("the customer email filter is empty"));
        }
        // lower() on both sides: emails are compared case-insensitively (ASCII is enough there).
        select = select.filter(
            Func::lower(Expr::col((customer::Entity, customer::Column::Email)))
                .eq(email.to_lowercase()),
        );
    }
    if let Some(from) = q.from {
        select = select.filter(session::Column::CreatedAt.gte(from));
    }
    if let Some(to) = q.to {
        select = select.filter(session::Column::CreatedAt.lte(to));
    }
    if let Some(status) = q.status {
        select = select.filter(session::Column::Status.eq(status));
    }
    if let Some(reason) = q.escalation_reason {
        select = select.filter(session::Column::EscalationReason.eq(reason));
    }
    if let Some(channel) = q.channel {
        select = select.filter(session::Column::Channel.eq(channel));
    }
    if let Some(terms) = &terms {
        QueryTrait::query(&mut select).join_subquery(
            JoinType::InnerJoin,
            fts_sqlite::ranked_sessions(terms),
            Alias::new(HITS),
            Expr::col((Alias::new(HITS), Alias::new("session_id")))
                .equals((session::Entity, session::Column::Id)),
        );
        select = select.order_by(
            Expr::col((Alias::new(HITS), Alias::new("rank"))),
            Order::Asc,
        );
    }
    let rows = select
        .order_by_desc(session::Column::CreatedAt)
        .order_by_desc(session::Column::Id)
        .limit(q.limit)
        .all(db)
        .await?;

    let ids: Vec<i64> = rows.iter().map(|(s, _)| s.id).collect();
    let counts = message_counts(db, &ids).await?;
    let mut snippets = match &terms {
        Some(terms) => snippets_by_session(db, terms, &ids).await?,
        None => HashMap::new(),
    };
    Ok(rows
        .iter()
        .map(|(s, c)| {
            let (score, snippets) = snippets.remove(&s.id).unwrap_or_default();
            SessionHit {
                session: SessionSummary::new(
                    s,
                    c.as_ref(),
                    counts.get(&s.id).copied().unwrap_or(0),
                ),
                score,
                snippets,
            }
        })
        .collect())
}

/// The `limit` most recent sessions, newest first.
pub async fn list(db: &DatabaseConnection, limit: u64) -> Result<Vec<SessionHit>> {
    search(
        db,
        &SearchQuery {
            limit,
            ..Default::default()
        },
    )
    .await
}

fn full_text_available<C: ConnectionTrait>(db: &C) -> Result<()> {
    match db.get_database_backend() {
        DbBackend::Sqlite => Ok(()),
        other => Err(CoreError::Internal(format!(
            "full-text history search is not available on {other:?} yet; search without text"
        ))),
    }
}

type ScoredSnippets = (Option<f64>, Vec<Snippet>);

/// Per session: the best score (its first snippet's, as both come from the same bm25) and the
/// snippets in rank order.
async fn snippets_by_session(
    db: &DatabaseConnection,
    terms: &[Term],
    ids: &[i64],
) -> Result<HashMap<i64, ScoredSnippets>> {
    let mut out: HashMap<i64, ScoredSnippets> = HashMap::new();
    for raw in fts_sqlite::snippets(db, terms, ids, SNIPPETS_PER_SESSION).await? {
        let entry = out.entry(raw.session_id).or_default();
        // bm25 is "lower is better" and negative; flip it so a higher score is better.
        entry.0.get_or_insert(-raw.rank);
        let parts = split_marked(&raw.text);
        entry.1.push(Snippet {
            message_id: raw.message_id,
            seq: raw.seq,
            role: raw.role,
            text: parts
                .iter()
                .map(|p| match p.hit {
                    true => format!("[{}]", p.text),
                    false => p.text.clone(),
                })
                .collect(),
            parts,
        });
    }
    Ok(out)
}

/// Split a snippet at the backend's hit markers into plain and matched pieces.
fn split_marked(raw: &str) -> Vec<SnippetPart> {
    let mut parts = Vec::new();
    let mut current = String::new();
    let mut hit = false;
    for ch in raw.chars() {
        let toggle = match ch {
            fts_sqlite::HIT_OPEN => !hit,
            fts_sqlite::HIT_CLOSE => hit,
            _ => false,
        };
        if toggle {
            if !current.is_empty() {
                parts.push(SnippetPart {
                    text: std::mem::take(&mut current),
                    hit,
                });
            }
            hit = !hit;
        } else if ch != fts_sqlite::HIT_OPEN && ch != fts_sqlite::HIT_CLOSE {
            current.push(ch);
        }
    }
    if !current.is_empty() {
        parts.push(SnippetPart { text: current, hit });
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marked_snippets_split_into_parts() {
        let (o, c) = (fts_sqlite::HIT_OPEN, fts_sqlite::HIT_CLOSE);
        let parts = split_marked(&format!("…where is my {o}keyboard{c}? [x] {o}Bob{c}"));
        let got: Vec<(&str, bool)> = parts.iter().map(|p| (p.text.as_str(), p.hit)).collect();
        assert_eq!(
            got,
            [
                ("…where is my ", false),
                ("keyboard", true),
                ("? [x] ", false),
                ("Bob", true)
            ]
        );
        // Stray or doubled markers never panic nor leak into the text.
        let odd = split_marked(&format!("{c}a{o}{o}b"));
        assert_eq!(
            odd.iter().map(|p| p.text.as_str()).collect::<String>(),
            "ab"
        );
    }
}
