//! `search` and `list`: dialect-neutral sea-orm queries. The full-text pieces — the ranked
//! sub-select, the bounded-mode ranking and the snippets — come from the backend module
//! (`fts_sqlite`, `fts_pg`); on SQLite `plan` decides how much of a large history a search reads
//! (PostgreSQL's GIN index answers every search exactly).

use super::model::{
    MAX_LIMIT, SNIPPETS_PER_SESSION, SearchQuery, SessionHit, SessionSummary, Snippet, SnippetPart,
};
use super::plan::{self, Candidate, Limits, Mode, TermStat};
use super::terms::{self, Term};
use super::{fts, fts_pg, fts_sqlite, message_counts};
use crate::db::entity::{MessageRole, customer, message, session};
use crate::error::{CoreError, Result};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Func, JoinType, Query};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, DbBackend, EntityTrait, Order,
    QueryFilter, QueryOrder, QuerySelect, QueryTrait,
};
use std::collections::HashMap;

/// Alias of the ranked sub-select joined to `sessions`.
const HITS: &str = "hits";

/// A page of sessions in result order, each with its customer.
type Rows = Vec<(session::Model, Option<customer::Model>)>;
type ScoredSnippets = (Option<f64>, Vec<Snippet>);

/// Sessions matching `q`, grouped per session: best first when `q.text` is given, else newest
/// first. Ties go to the newer session. A search whose words are all rare ranks every match by
/// bm25; one with a very common word ranks the newest candidate sessions only (see `plan`).
pub async fn search(db: &DatabaseConnection, q: &SearchQuery) -> Result<Vec<SessionHit>> {
    search_with(db, q, &Limits::DEFAULT).await
}

/// [`search`] with explicit planner limits (tests use small ones).
pub(crate) async fn search_with(
    db: &DatabaseConnection,
    q: &SearchQuery,
    limits: &Limits,
) -> Result<Vec<SessionHit>> {
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
    let filters = filters(q)?;
    let (rows, mut found) = match &terms {
        None => (newest(db, filters, q.limit).await?, HashMap::new()),
        Some(terms) if db.get_database_backend() == DbBackend::Postgres => {
            exact(db, terms, filters, q.limit).await?
        }
        Some(terms) => {
            full_text_available(db)?;
            let cap = limits.probe_cap();
            let (probes, max_id) = fts_sqlite::probe_terms(db, terms, cap).await?;
            let stats = plan::term_stats(&probes, cap, max_id);
            match plan::mode(&stats, limits) {
                Mode::Exact => exact(db, terms, filters, q.limit).await?,
                Mode::Bounded => {
                    let b = Bounded {
                        terms,
                        stats: &stats,
                        // Filters first: the newest sessions passing them (dates included), else
                        // the newest matches of the rarest word.
                        driver: match has_filters(q) {
                            true => Driver::Filters,
                            false => Driver::Word(plan::rarest(&stats)),
                        },
                        max_id,
                        limits,
                    };
                    b.run(db, filters, q.limit).await?
                }
            }
        }
    };

    let ids: Vec<i64> = rows.iter().map(|(s, _)| s.id).collect();
    let counts = message_counts(db, &ids).await?;
    Ok(rows
        .iter()
        .map(|(s, c)| {
            let (score, snippets) = found.remove(&s.id).unwrap_or_default();
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

/// The sessions `ids` as hits, in the order given (unknown ids are left out): what a report's
/// figure opens in history.
pub async fn hits(db: &DatabaseConnection, ids: &[i64]) -> Result<Vec<SessionHit>> {
    let mut rows: HashMap<i64, (session::Model, Option<customer::Model>)> = HashMap::new();
    // Bounded IN lists: SQLite allows 32 766 parameters, and one page is far fewer.
    for chunk in ids.chunks(500) {
        for (s, c) in session::Entity::find()
            .filter(session::Column::Id.is_in(chunk.iter().copied()))
            .find_also_related(customer::Entity)
            .all(db)
            .await?
        {
            rows.insert(s.id, (s, c));
        }
    }
    let counts = message_counts(db, ids).await?;
    Ok(ids
        .iter()
        .filter_map(|id| rows.remove(id))
        .map(|(s, c)| SessionHit {
            session: SessionSummary::new(&s, c.as_ref(), counts.get(&s.id).copied().unwrap_or(0)),
            score: None,
            snippets: vec![],
        })
        .collect())
}

/// Every filter of `q` as a condition on `sessions` (the customer's email through a sub-select,
/// so no join is needed and the customer index serves it).
fn filters(q: &SearchQuery) -> Result<Condition> {
    let mut c = Condition::all();
    if let Some(id) = q.customer_id {
        c = c.add(session::Column::CustomerId.eq(id));
    }
    if let Some(email) = q.customer_email.as_deref().map(str::trim) {
        if email.is_empty() {
            return Err(CoreError::invalid("the customer email filter is empty"));
        }
        // lower() on both sides: emails are compared case-insensitively (ASCII is enough there).
        c = c.add(
            session::Column::CustomerId.in_subquery(
                Query::select()
                    .column((customer::Entity, customer::Column::Id))
                    .from(customer::Entity)
                    .and_where(
                        Func::lower(Expr::col((customer::Entity, customer::Column::Email)))
                            .eq(email.to_lowercase()),
                    )
                    .take(),
            ),
        );
    }
    if let Some(from) = q.from {
        c = c.add(session::Column::CreatedAt.gte(from));
    }
    if let Some(to) = q.to {
        c = c.add(session::Column::CreatedAt.lte(to));
    }
    if let Some(status) = q.status {
        c = c.add(session::Column::Status.eq(status));
    }
    if let Some(reason) = q.escalation_reason {
        c = c.add(session::Column::EscalationReason.eq(reason));
    }
    if let Some(channel) = q.channel {
        c = c.add(session::Column::Channel.eq(channel));
    }
    Ok(c)
}

/// No text: the newest sessions passing the filters (an index on each filter column with
/// `created_at` serves this without sorting, see migration m0007).
async fn newest(db: &DatabaseConnection, filters: Condition, limit: u64) -> Result<Rows> {
    Ok(session::Entity::find()
        .filter(filters)
        .find_also_related(customer::Entity)
        .order_by_desc(session::Column::CreatedAt)
        .order_by_desc(session::Column::Id)
        .limit(limit)
        .all(db)
        .await?)
}

/// Every word rare: all matching sessions ranked by bm25 (the backend's ranked sub-select), the
/// snippets of the page's sessions. Only ids are sorted; the page's rows are read afterwards.
async fn exact(
    db: &DatabaseConnection,
    terms: &[Term],
    filters: Condition,
    limit: u64,
) -> Result<(Rows, HashMap<i64, ScoredSnippets>)> {
    let mut select = session::Entity::find()
        .select_only()
        .column(session::Column::Id)
        .filter(filters);
    let ranked = match db.get_database_backend() {
        DbBackend::Postgres => fts_pg::ranked_sessions(terms)?,
        _ => fts_sqlite::ranked_sessions(terms),
    };
    QueryTrait::query(&mut select).join_subquery(
        JoinType::InnerJoin,
        ranked,
        Alias::new(HITS),
        Expr::col((Alias::new(HITS), Alias::new("session_id")))
            .equals((session::Entity, session::Column::Id)),
    );
    let ids: Vec<i64> = select
        .order_by(
            Expr::col((Alias::new(HITS), Alias::new("rank"))),
            Order::Asc,
        )
        .order_by_desc(session::Column::CreatedAt)
        .order_by_desc(session::Column::Id)
        .limit(limit)
        .into_tuple()
        .all(db)
        .await?;
    let rows = rows_in_order(db, &ids).await?;
    let snippets = snippets_by_session(db, terms, &ids).await?;
    Ok((rows, snippets))
}

/// The sessions `ids` with their customers, in that order.
async fn rows_in_order(db: &DatabaseConnection, ids: &[i64]) -> Result<Rows> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut rows = session::Entity::find()
        .filter(session::Column::Id.is_in(ids.iter().copied()))
        .find_also_related(customer::Entity)
        .all(db)
        .await?;
    let position: HashMap<i64, usize> = ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
    rows.sort_by_key(|(s, _)| position.get(&s.id).copied().unwrap_or(usize::MAX));
    Ok(rows)
}

/// Two rankings (each best first, a session's messages together) as one: by session score, ties
/// to the higher session id; a session found by both keeps its better entry; `limit` sessions.
fn merge(
    a: Vec<fts_sqlite::RankedMessage>,
    b: Vec<fts_sqlite::RankedMessage>,
    limit: u64,
) -> Vec<fts_sqlite::RankedMessage> {
    let mut groups: Vec<Vec<fts_sqlite::RankedMessage>> = Vec::new();
    for r in a.into_iter().chain(b) {
        match groups.last_mut() {
            Some(g) if g[0].session_id == r.session_id && g[0].session_score == r.session_score => {
                g.push(r)
            }
            _ => groups.push(vec![r]),
        }
    }
    groups.sort_by(|x, y| {
        y[0].session_score
            .total_cmp(&x[0].session_score)
            .then(y[0].session_id.cmp(&x[0].session_id))
    });
    let mut seen = std::collections::HashSet::new();
    groups
        .into_iter()
        .filter(|g| seen.insert(g[0].session_id))
        .take(usize::try_from(limit).unwrap_or(usize::MAX))
        .flatten()
        .collect()
}

fn distinct_sessions(ranked: &[fts_sqlite::RankedMessage]) -> usize {
    let mut ids: Vec<i64> = ranked.iter().map(|r| r.session_id).collect();
    ids.dedup();
    ids.len()
}

/// Rounds of reading more of the words' newest matches together (each reads four times more).
const TOGETHER_ROUNDS: usize = 3;

/// What picks a bounded search's candidate sessions, newest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Driver {
    /// The sessions passing the filters.
    Filters,
    /// The sessions of the newest matches of word i (the rarest).
    Word(usize),
}

fn has_filters(q: &SearchQuery) -> bool {
    q.customer_id.is_some()
        || q.customer_email.is_some()
        || q.from.is_some()
        || q.to.is_some()
        || q.status.is_some()
        || q.escalation_reason.is_some()
        || q.channel.is_some()
}

/// A search with a common word: the window of candidate sessions `plan` picks, ranked there.
struct Bounded<'a> {
    terms: &'a [Term],
    stats: &'a [TermStat],
    driver: Driver,
    max_id: i64,
    limits: &'a Limits,
}

impl Bounded<'_> {
    async fn run(
        &self,
        db: &DatabaseConnection,
        filters: Condition,
        limit: u64,
    ) -> Result<(Rows, HashMap<i64, ScoredSnippets>)> {
        let total = Ord::max(self.max_id, 1) as f64;
        let weights: Vec<f64> = self
            .stats
            .iter()
            .map(|s| plan::idf(s.messages, total))
            .collect();
        let densities: Vec<f64> = self.stats.iter().map(|s| s.density).collect();
        // Without filters, first the sessions holding every word in one message (the best
        // matches): when they fill the page, nothing else needs reading. Matches often come
        // several to a session, so more are read until the page is full or none are left.
        let mut ranked = Vec::new();
        if self.driver != Driver::Filters {
            let mut matches = self.limits.candidate_matches(limit);
            for round in 0..TOGETHER_ROUNDS {
                let (found, read) = fts_sqlite::ranked_together(
                    db,
                    self.terms,
                    weights.iter().sum(),
                    matches,
                    limit,
                    SNIPPETS_PER_SESSION,
                )
                .await?;
                ranked = found;
                if read < matches
                    || distinct_sessions(&ranked) as u64 >= limit
                    || round + 1 == TOGETHER_ROUNDS
                {
                    break;
                }
                matches = matches.saturating_mul(4);
            }
        }
        let together_ids: std::collections::HashSet<i64> =
            ranked.iter().map(|r| r.message_id).collect();
        let mut window = plan::Window::default();
        let mut candidates = Vec::new();
        // The sessions whose words are spread over several messages: only a search of several
        // words has them, and only with filters or when the words together did not fill the page.
        let spread_possible = self.driver == Driver::Filters || self.terms.len() > 1;
        if spread_possible && (distinct_sessions(&ranked) as u64) < limit {
            candidates = self.candidates(db, filters, limit).await?;
            window = plan::window(&candidates, &densities, self.limits.scan_budget);
            let spread = fts_sqlite::ranked_in_ranges(
                db,
                self.terms,
                &weights,
                &window.ranges,
                &window.sessions,
                window.sparse(),
                limit,
                SNIPPETS_PER_SESSION,
            )
            .await?;
            ranked = merge(ranked, spread, limit);
        }
        tracing::debug!(
            candidates = candidates.len(),
            window = window.sessions.len(),
            ranges = window.ranges.len(),
            cost = window.cost,
            found = ranked.len(),
            "bounded history search"
        );

        let (together, spread): (Vec<i64>, Vec<i64>) = ranked
            .iter()
            .map(|r| r.message_id)
            .partition(|id| together_ids.contains(id));
        let mut texts = fts_sqlite::snippets_in_ranges(
            db,
            self.terms,
            &plan::cover(&spread, &densities),
            &spread,
            false,
        )
        .await?;
        if let (Some(lo), Some(hi)) = (together.iter().min(), together.iter().max()) {
            texts.extend(
                fts_sqlite::snippets_in_ranges(db, self.terms, &[(*lo, *hi)], &together, true)
                    .await?,
            );
        }
        let mut order: Vec<i64> = Vec::new();
        let mut found: HashMap<i64, ScoredSnippets> = HashMap::new();
        for r in ranked {
            if order.last() != Some(&r.session_id) {
                order.push(r.session_id);
            }
            let entry = found.entry(r.session_id).or_default();
            entry.0 = Some(r.session_score);
            if let Some(text) = texts.remove(&r.message_id) {
                entry.1.push(snippet(r.message_id, r.seq, r.role, &text));
            }
        }

        let rows = rows_in_order(db, &order).await?;
        Ok((rows, found))
    }

    /// Newest first: the sessions of the rarest word's newest matches, or passing the filters,
    /// with the id range of their messages (sessions without messages cannot match and are left
    /// out). One query: the newest sessions first, then each one's first and last message id from
    /// the message index.
    async fn candidates(
        &self,
        db: &DatabaseConnection,
        filters: Condition,
        limit: u64,
    ) -> Result<Vec<Candidate>> {
        let mut newest = session::Entity::find()
            .select_only()
            .column(session::Column::Id)
            .column(session::Column::CreatedAt)
            .filter(filters);
        if let Driver::Word(i) = self.driver {
            newest = newest.filter(session::Column::Id.in_subquery(
                fts_sqlite::sessions_of_newest_matches(
                    &self.terms[i],
                    self.limits.candidate_matches(limit),
                ),
            ));
        }
        let newest = newest
            .order_by_desc(session::Column::CreatedAt)
            .order_by_desc(session::Column::Id)
            .limit(self.limits.window_sessions)
            .into_query();
        let c = Alias::new("c");
        let span = |f: fn(Expr) -> Expr| {
            Expr::SubQuery(
                None,
                Box::new(
                    Query::select()
                        .expr(f(Expr::col((message::Entity, message::Column::Id))))
                        .from(message::Entity)
                        .and_where(
                            Expr::col((message::Entity, message::Column::SessionId))
                                .equals((c.clone(), Alias::new("id"))),
                        )
                        .take()
                        .into(),
                ),
            )
        };
        let q = Query::select()
            .column((c.clone(), Alias::new("id")))
            .expr(span(|e| Func::min(e).into()))
            .expr(span(|e| Func::max(e).into()))
            .from_subquery(newest, c.clone())
            .order_by((c.clone(), Alias::new("created_at")), Order::Desc)
            .order_by((c.clone(), Alias::new("id")), Order::Desc)
            .take();
        let rows = db.query_all(&q).await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            let first: Option<i64> = r.try_get_by_index(1)?;
            let last: Option<i64> = r.try_get_by_index(2)?;
            if let (Some(first), Some(last)) = (first, last) {
                out.push(Candidate {
                    session_id: r.try_get_by_index(0)?,
                    first_message: first,
                    last_message: last,
                });
            }
        }
        Ok(out)
    }
}

fn full_text_available<C: ConnectionTrait>(db: &C) -> Result<()> {
    match db.get_database_backend() {
        DbBackend::Sqlite => Ok(()),
        other => Err(CoreError::Internal(format!(
            "full-text history search is not available on {other:?} yet; search without text"
        ))),
    }
}

/// Per session: the best score (its first snippet's, as both come from the same bm25) and the
/// snippets in rank order.
async fn snippets_by_session(
    db: &DatabaseConnection,
    terms: &[Term],
    ids: &[i64],
) -> Result<HashMap<i64, ScoredSnippets>> {
    let mut out: HashMap<i64, ScoredSnippets> = HashMap::new();
    let found = match db.get_database_backend() {
        DbBackend::Postgres => fts_pg::snippets(db, terms, ids, SNIPPETS_PER_SESSION).await?,
        _ => fts_sqlite::snippets(db, terms, ids, SNIPPETS_PER_SESSION).await?,
    };
    for raw in found {
        let entry = out.entry(raw.session_id).or_default();
        // bm25 is "lower is better" and negative; flip it so a higher score is better.
        entry.0.get_or_insert(-raw.rank);
        entry
            .1
            .push(snippet(raw.message_id, raw.seq, raw.role, &raw.text));
    }
    Ok(out)
}

/// A snippet from the backend's marked text.
fn snippet(message_id: i64, seq: i32, role: MessageRole, marked: &str) -> Snippet {
    let parts = split_marked(marked);
    Snippet {
        message_id,
        seq,
        role,
        text: parts
            .iter()
            .map(|p| match p.hit {
                true => format!("[{}]", p.text),
                false => p.text.clone(),
            })
            .collect(),
        parts,
    }
}

/// Split a snippet at the backend's hit markers into plain and matched pieces.
fn split_marked(raw: &str) -> Vec<SnippetPart> {
    let mut parts = Vec::new();
    let mut current = String::new();
    let mut hit = false;
    for ch in raw.chars() {
        let toggle = match ch {
            fts::HIT_OPEN => !hit,
            fts::HIT_CLOSE => hit,
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
        } else if ch != fts::HIT_OPEN && ch != fts::HIT_CLOSE {
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
        let (o, c) = (fts::HIT_OPEN, fts::HIT_CLOSE);
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
