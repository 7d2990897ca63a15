//! Everything SQLite-specific about history search: the FTS5 index over message text and its
//! triggers (created by migration `m0002_history_search`, rebuilt with prefix indexes by
//! `m0007_search_speed`), the FTS5 query syntax, bm25 ranking, `snippet()`, and the bounded
//! searches `plan` asks for (rowid-range scans, words intersected in one message). PostgreSQL gets a sibling module (tsvector + GIN) with the same entry points.
//!
//! Design: an *external-content* FTS5 table (`content='messages'`). The text lives once, in
//! `messages`; the index only stores tokens, yet `snippet()` still works because FTS5 reads the
//! text back from `messages` by rowid (a contentless table cannot give snippets). The price is that
//! the index must be kept exactly in step with `messages`, which three triggers do; `rebuild`
//! backfills rows that existed before the migration.
//!
//! Tokenizer: `porter unicode61 remove_diacritics 2` — case and diacritics folded ("Café" = "cafe"),
//! punctuation splits words, and English stems ("refunds" finds "refund"). Prefix terms are stemmed
//! too, which only ever widens a prefix.

use super::fts::{HIT_CLOSE, HIT_OPEN, RawSnippet};
use super::plan::{self, Probe};
use super::terms::Term;
use crate::db::entity::MessageRole;
use crate::error::{CoreError, Result};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Func, Order, Query, SelectStatement};
use sea_orm::{ConnectionTrait, DbBackend, Statement, Value};
use std::collections::HashMap;

const FTS: &str = "messages_fts";
const MESSAGES: &str = "messages";

/// One term as an FTS5 string: always double-quoted (so `NEAR`, `OR`, `*`, `(`, `:` are plain
/// text), inner `"` doubled, `*` after the closing quote for a prefix.
fn phrase(term: &Term) -> String {
    let mut s = String::with_capacity(term.text.len() + 3);
    s.push('"');
    s.push_str(&term.text.replace('"', "\"\""));
    s.push('"');
    if term.prefix {
        s.push('*');
    }
    s
}

/// Messages matching any term: ranks and snippets come from this, so a message holding more of
/// the words ranks higher and every word gets marked.
fn any_term(terms: &[Term]) -> String {
    terms.iter().map(phrase).collect::<Vec<_>>().join(" OR ")
}

/// `"messages_fts" MATCH ?` with the FTS5 query bound as a parameter.
fn matches_expr(fts_query: String) -> Expr {
    Expr::cust_with_values("\"messages_fts\" MATCH ?", [fts_query])
}

/// Session ids with at least one message matching `fts_query`.
fn sessions_matching(fts_query: String) -> SelectStatement {
    Query::select()
        .column((Alias::new(MESSAGES), Alias::new("session_id")))
        .from(Alias::new(FTS))
        .inner_join(Alias::new(MESSAGES), rowid_join())
        .and_where(matches_expr(fts_query))
        .take()
}

fn rowid_join() -> Expr {
    Expr::col((Alias::new(MESSAGES), Alias::new("id")))
        .equals((Alias::new(FTS), Alias::new("rowid")))
}

/// A sub-select with columns `session_id` and `rank` (lower is better): the sessions holding every
/// term — each word somewhere in the conversation, not necessarily in one message — ranked by their
/// best-matching message (bm25).
pub fn ranked_sessions(terms: &[Term]) -> SelectStatement {
    let mut q = Query::select();
    q.expr_as(
        Expr::col((Alias::new(MESSAGES), Alias::new("session_id"))),
        Alias::new("session_id"),
    )
    .expr_as(
        // FTS5's `rank` column (bm25 by default), not a bm25() call: GROUP BY feeds rows through
        // a sorter, where auxiliary functions can no longer reach the FTS cursor.
        Func::min(Expr::col((Alias::new(FTS), Alias::new("rank")))),
        Alias::new("rank"),
    )
    .from(Alias::new(FTS))
    .inner_join(Alias::new(MESSAGES), rowid_join())
    .and_where(matches_expr(any_term(terms)))
    .group_by_col((Alias::new(MESSAGES), Alias::new("session_id")));
    if terms.len() > 1 {
        for term in terms {
            q.and_where(
                Expr::col((Alias::new(MESSAGES), Alias::new("session_id")))
                    .in_subquery(sessions_matching(phrase(term))),
            );
        }
    }
    q
}

/// Words of context in a snippet.
const SNIPPET_TOKENS: i64 = 12;

/// Up to `per_session` best-matching messages of each of `session_ids`, best first within a
/// session. The id list goes in as one JSON parameter (`json_each`), so its length never changes
/// the SQL text.
pub async fn snippets<C: ConnectionTrait>(
    db: &C,
    terms: &[Term],
    session_ids: &[i64],
    per_session: u64,
) -> Result<Vec<RawSnippet>> {
    if session_ids.is_empty() {
        return Ok(Vec::new());
    }
    // bm25()/snippet() only work in the query that runs MATCH, so the window that keeps the best
    // few per session sits one level up.
    const SQL: &str = "
        SELECT session_id, message_id, seq, role, rank, snippet FROM (
            SELECT *, row_number() OVER (PARTITION BY session_id ORDER BY rank, seq) AS n FROM (
                SELECT m.session_id AS session_id, m.id AS message_id, m.seq AS seq,
                       m.role AS role, messages_fts.rank AS rank,
                       snippet(messages_fts, 0, ?, ?, '…', ?) AS snippet
                FROM messages_fts JOIN messages AS m ON m.id = messages_fts.rowid
                WHERE messages_fts MATCH ?
                  AND m.session_id IN (SELECT value FROM json_each(?))
            )
        )
        WHERE n <= ?
        ORDER BY session_id, rank, seq";
    let ids = serde_json::to_string(session_ids).map_err(|e| CoreError::Internal(e.to_string()))?;
    let values: Vec<Value> = vec![
        HIT_OPEN.to_string().into(),
        HIT_CLOSE.to_string().into(),
        SNIPPET_TOKENS.into(),
        any_term(terms).into(),
        ids.into(),
        (per_session as i64).into(),
    ];
    let rows = db
        .query_all_raw(Statement::from_sql_and_values(
            DbBackend::Sqlite,
            SQL,
            values,
        ))
        .await?;
    rows.iter().map(RawSnippet::from_row).collect()
}

/// Session ids of the newest `matches` messages holding `term` (a rowid-descending scan that
/// stops there, whatever the word's frequency).
pub fn sessions_of_newest_matches(term: &Term, matches: u64) -> SelectStatement {
    let newest = Query::select()
        .column((Alias::new(FTS), Alias::new("rowid")))
        .from(Alias::new(FTS))
        .and_where(matches_expr(phrase(term)))
        .order_by((Alias::new(FTS), Alias::new("rowid")), Order::Desc)
        .limit(matches)
        .take();
    let h = Alias::new("h");
    Query::select()
        .column((Alias::new(MESSAGES), Alias::new("session_id")))
        .from_subquery(newest, h.clone())
        .inner_join(
            Alias::new(MESSAGES),
            Expr::col((Alias::new(MESSAGES), Alias::new("id"))).equals((h, Alias::new("rowid"))),
        )
        .take()
}

/// The newest `cap` matches of each term counted (a rowid-descending scan that stops there, so a
/// common word costs no more than a rare one), and the highest message id.
pub async fn probe_terms<C: ConnectionTrait>(
    db: &C,
    terms: &[Term],
    cap: u64,
) -> Result<(Vec<Probe>, i64)> {
    let mut sql =
        String::from("SELECT -1 AS i, coalesce(max(id), 0) AS n, NULL AS oldest FROM messages");
    let mut values: Vec<Value> = Vec::new();
    for (i, term) in terms.iter().enumerate() {
        // `i` is a loop counter, never input.
        sql.push_str(&format!(
            " UNION ALL SELECT {i}, count(*), min(rowid) FROM (
                SELECT rowid FROM messages_fts WHERE messages_fts MATCH ? ORDER BY rowid DESC LIMIT ?
            )"
        ));
        values.push(phrase(term).into());
        values.push((cap as i64).into());
    }
    let rows = db
        .query_all_raw(Statement::from_sql_and_values(
            DbBackend::Sqlite,
            sql,
            values,
        ))
        .await?;
    let mut probes = vec![
        Probe {
            count: 0,
            oldest: None
        };
        terms.len()
    ];
    let mut max_id = 0;
    for r in rows {
        let i: i64 = r.try_get("", "i")?;
        let n: i64 = r.try_get("", "n")?;
        match usize::try_from(i) {
            Ok(i) if i < probes.len() => {
                probes[i] = Probe {
                    count: u64::try_from(n).unwrap_or(0),
                    oldest: r.try_get("", "oldest")?,
                }
            }
            _ => max_id = n,
        }
    }
    Ok((probes, max_id))
}

/// A message kept by [`ranked_in_ranges`]: one of the best few of a session that holds every
/// term, in result order.
#[derive(Debug, Clone, PartialEq)]
pub struct RankedMessage {
    pub session_id: i64,
    /// The session's score: its best message's (higher is better).
    pub session_score: f64,
    pub message_id: i64,
    pub seq: i32,
    pub role: MessageRole,
}

/// A bounded search: within the message id `ranges`, the messages of `sessions` holding the terms;
/// the sessions holding every term ranked by their best message's [`plan::score`] (with
/// `weights[i]` the idf of term i), ties to the newer session; the best `limit` sessions with
/// their best `per_session` messages (by score, then conversation order).
///
/// Each term is one rowid-range scan per range (`json_each` of the ranges drives the FTS cursor),
/// so the work is what the planner budgeted, whatever the size of the history.
///
/// `sparse`: the scope's sessions are a small part of the messages in the ranges (a filter picked
/// them). Their message ids are then listed first (from the message index) and the hits of other
/// sessions dropped on that list, instead of reading each hit's row to find its session.
#[allow(clippy::too_many_arguments)]
pub async fn ranked_in_ranges<C: ConnectionTrait>(
    db: &C,
    terms: &[Term],
    weights: &[f64],
    ranges: &[(i64, i64)],
    sessions: &[i64],
    sparse: bool,
    limit: u64,
    per_session: u64,
) -> Result<Vec<RankedMessage>> {
    if terms.is_empty() || ranges.is_empty() || sessions.is_empty() {
        return Ok(Vec::new());
    }
    let mut values: Vec<Value> = vec![json(ranges)?.into()];
    let arms: Vec<String> = terms
        .iter()
        .zip(weights)
        .enumerate()
        .map(|(i, (term, weight))| {
            values.push((*weight).into());
            values.push(phrase(term).into());
            // `i` is a loop counter, never input.
            format!(
                "SELECT messages_fts.rowid AS id, {i} AS t, ? AS w
                 FROM r CROSS JOIN messages_fts
                 WHERE messages_fts MATCH ? AND messages_fts.rowid BETWEEN r.lo AND r.hi"
            )
        })
        .collect();
    values.push(json(sessions)?.into());
    // hit: each term's matches in the ranges; hm: those in the scope's sessions, with what the
    // score needs (one row read per hit kept).
    let scope = match sparse {
        true => {
            "sm AS MATERIALIZED (
                 SELECT id FROM messages WHERE session_id IN (SELECT value FROM json_each(?))
             ),
             hm AS MATERIALIZED (
                 SELECT hit.id AS id, m.session_id AS session_id, m.seq AS seq, m.role AS role,
                        length(m.content) AS len, hit.t AS t, hit.w AS w
                 FROM hit JOIN messages AS m ON m.id = hit.id
                 WHERE hit.id IN (SELECT id FROM sm)
             )"
        }
        false => {
            "hm AS MATERIALIZED (
                 SELECT hit.id AS id, m.session_id AS session_id, m.seq AS seq, m.role AS role,
                        length(m.content) AS len, hit.t AS t, hit.w AS w
                 FROM hit JOIN messages AS m ON m.id = hit.id
                 WHERE m.session_id IN (SELECT value FROM json_each(?))
             )"
        }
    };
    let hm = format!(
        "r AS MATERIALIZED (SELECT value ->> 0 AS lo, value ->> 1 AS hi FROM json_each(?)),
         hit AS MATERIALIZED ({arms}),
         {scope}",
        arms = arms.join(" UNION ALL ")
    );
    Ok(
        rank_messages(db, &hm, values, terms.len(), limit, per_session)
            .await?
            .0,
    )
}

/// Every term in one message: the newest `matches` such messages (FTS5 intersects the words'
/// lists itself, skipping, so this stays cheap however common each word is), their sessions
/// ranked as in [`ranked_in_ranges`] (`weight`: the sum of the terms' idf), and how many such
/// messages were read (`matches` when there may be more). Each of these sessions holds every
/// term, so no other message needs reading.
pub async fn ranked_together<C: ConnectionTrait>(
    db: &C,
    terms: &[Term],
    weight: f64,
    matches: u64,
    limit: u64,
    per_session: u64,
) -> Result<(Vec<RankedMessage>, u64)> {
    if terms.is_empty() {
        return Ok((Vec::new(), 0));
    }
    let all = terms.iter().map(phrase).collect::<Vec<_>>().join(" AND ");
    let values: Vec<Value> = vec![all.into(), (matches as i64).into(), weight.into()];
    let hm = "together AS MATERIALIZED (
             SELECT rowid AS id FROM messages_fts WHERE messages_fts MATCH ?
             ORDER BY rowid DESC LIMIT ?
         ),
         hm AS MATERIALIZED (
             SELECT together.id AS id, m.session_id AS session_id, m.seq AS seq, m.role AS role,
                    length(m.content) AS len, 0 AS t, ? AS w
             FROM together JOIN messages AS m ON m.id = together.id
         )";
    rank_messages(db, hm, values, 1, limit, per_session).await
}

/// The ranking shared by the bounded searches, after `hm` (a CTE of hits: message `id`,
/// `session_id`, `seq`, `role`, `len`, term `t`, weight `w`, one row per message and term):
/// qualified — the sessions whose hits cover `terms` distinct terms; msg — their messages, scored
/// ([`plan::score`]); top — the best `limit` sessions (ties to the newer one). Rows come best
/// first; each session keeps its best `per_session` messages. Also the number of rows of `hm`.
async fn rank_messages<C: ConnectionTrait>(
    db: &C,
    hm: &str,
    mut values: Vec<Value>,
    terms: usize,
    limit: u64,
    per_session: u64,
) -> Result<(Vec<RankedMessage>, u64)> {
    values.push((terms as i64).into());
    values.push((limit as i64).into());
    let (k1, b) = (plan::K1, plan::B);
    let sql = format!(
        "WITH {hm},
         qualified AS (
             SELECT session_id FROM hm GROUP BY session_id HAVING count(DISTINCT t) = ?
         ),
         msg AS MATERIALIZED (
             SELECT session_id, id, seq, role,
                    sum(w) * ({k1:?} + 1.0) / (1.0 + {k1:?} * (1.0 - {b:?} + {b:?} * max(len, 1)
                        / (SELECT max(avg(len), 1.0) FROM hm))) AS score
             FROM hm WHERE session_id IN (SELECT session_id FROM qualified)
             GROUP BY id
         ),
         top AS MATERIALIZED (
             SELECT msg.session_id AS session_id, max(msg.score) AS score,
                    s.created_at AS created_at
             FROM msg JOIN sessions AS s ON s.id = msg.session_id
             GROUP BY msg.session_id
             ORDER BY 2 DESC, s.created_at DESC, msg.session_id DESC
             LIMIT ?
         )
         SELECT top.session_id AS session_id, top.score AS session_score,
                msg.id AS message_id, msg.seq AS seq, msg.role AS role,
                (SELECT count(*) FROM hm) AS hits
         FROM top JOIN msg ON msg.session_id = top.session_id
         ORDER BY top.score DESC, top.created_at DESC, top.session_id DESC, msg.score DESC, msg.seq"
    );
    let rows = db
        .query_all_raw(Statement::from_sql_and_values(
            DbBackend::Sqlite,
            sql,
            values,
        ))
        .await?;
    let mut out = Vec::new();
    let mut hits = 0;
    let mut kept: (i64, u64) = (i64::MIN, 0);
    for r in &rows {
        hits = r.try_get::<i64>("", "hits")?;
        let session_id: i64 = r.try_get("", "session_id")?;
        kept = if kept.0 == session_id {
            (session_id, kept.1 + 1)
        } else {
            (session_id, 1)
        };
        if kept.1 > per_session {
            continue;
        }
        let role: String = r.try_get("", "role")?;
        out.push(RankedMessage {
            session_id,
            session_score: r.try_get("", "session_score")?,
            message_id: r.try_get("", "message_id")?,
            seq: r.try_get("", "seq")?,
            role: role.parse()?,
        });
    }
    Ok((out, u64::try_from(hits).unwrap_or(0)))
}

/// The snippets of `message_ids` (all inside `ranges`), by message id: the same marks as
/// [`snippets`], read with range scans instead of a pass over every match. (The `+` keeps the id
/// list a filter on the scan: offered to FTS5 as a rowid constraint it would open the index once
/// per id, which costs far more.)
///
/// `together`: every one of `message_ids` holds every term (found by [`ranked_together`]); the
/// scan then intersects the words (`AND`, which skips through the lists) instead of reading every
/// match of each, so one range over all of them costs little however far apart they are.
pub async fn snippets_in_ranges<C: ConnectionTrait>(
    db: &C,
    terms: &[Term],
    ranges: &[(i64, i64)],
    message_ids: &[i64],
    together: bool,
) -> Result<HashMap<i64, String>> {
    if message_ids.is_empty() || ranges.is_empty() {
        return Ok(HashMap::new());
    }
    const SQL: &str = "
        SELECT messages_fts.rowid AS message_id,
               snippet(messages_fts, 0, ?, ?, '…', ?) AS snippet
        FROM json_each(?) AS r CROSS JOIN messages_fts
        WHERE messages_fts MATCH ?
          AND messages_fts.rowid BETWEEN r.value ->> 0 AND r.value ->> 1
          AND +messages_fts.rowid IN (SELECT value FROM json_each(?))";
    let values: Vec<Value> = vec![
        HIT_OPEN.to_string().into(),
        HIT_CLOSE.to_string().into(),
        SNIPPET_TOKENS.into(),
        json(ranges)?.into(),
        match together {
            true => terms.iter().map(phrase).collect::<Vec<_>>().join(" AND "),
            false => any_term(terms),
        }
        .into(),
        json(message_ids)?.into(),
    ];
    let rows = db
        .query_all_raw(Statement::from_sql_and_values(
            DbBackend::Sqlite,
            SQL,
            values,
        ))
        .await?;
    rows.iter()
        .map(|r| Ok((r.try_get("", "message_id")?, r.try_get("", "snippet")?)))
        .collect()
}

fn json<T: serde::Serialize + ?Sized>(v: &T) -> Result<String> {
    serde_json::to_string(v).map_err(|e| CoreError::Internal(e.to_string()))
}

/// FTS5's own check that the index matches `messages` exactly (an error if not).
#[cfg(test)]
pub async fn integrity_check<C: ConnectionTrait>(db: &C) -> Result<(), sea_orm::DbErr> {
    db.execute_unprepared(
        "INSERT INTO messages_fts (messages_fts, rank) VALUES ('integrity-check', 1)",
    )
    .await
    .map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn term(text: &str, prefix: bool) -> Term {
        Term {
            text: text.into(),
            prefix,
        }
    }

    #[test]
    fn terms_become_quoted_phrases() {
        assert_eq!(phrase(&term("refund", false)), "\"refund\"");
        assert_eq!(phrase(&term("keyb", true)), "\"keyb\"*");
        assert_eq!(phrase(&term("say\"hi\"", false)), "\"say\"\"hi\"\"\"");
        assert_eq!(phrase(&term("NEAR(", true)), "\"NEAR(\"*");
        assert_eq!(
            any_term(&[term("a", false), term("b", true)]),
            "\"a\" OR \"b\"*"
        );
    }

    #[test]
    fn user_text_is_never_part_of_the_sql() {
        let hostile = term("Robert'); DROP TABLE messages;--", true);
        let q = ranked_sessions(&[hostile.clone(), term("x", false)]);
        let (sql, values) = q.build(sea_orm::sea_query::SqliteQueryBuilder);
        assert!(!sql.contains("Robert"), "{sql}");
        assert!(!sql.contains("DROP"), "{sql}");
        assert_eq!(
            values.0.len(),
            3,
            "the OR query and one per term, all bound"
        );
        let q = sessions_of_newest_matches(&hostile, 10);
        let (sql, values) = q.build(sea_orm::sea_query::SqliteQueryBuilder);
        assert!(!sql.contains("Robert") && !sql.contains("DROP"), "{sql}");
        assert_eq!(values.0.len(), 2, "the phrase and the limit, bound");
    }
}
