//! Everything SQLite-specific about history search: the FTS5 index over message text and its
//! triggers (created by migration `m0002_history_search`), the FTS5 query syntax, bm25 ranking and
//! `snippet()`. PostgreSQL gets a sibling module (tsvector + GIN) with the same entry points.
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

use super::terms::Term;
use crate::db::entity::MessageRole;
use crate::error::{CoreError, Result};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Func, Query, SelectStatement};
use sea_orm::{ConnectionTrait, DbBackend, DbErr, Statement, Value};

const FTS: &str = "messages_fts";
const MESSAGES: &str = "messages";

/// The DDL run by migration m0002. Do not edit in place: a change needs a new migration.
const CREATE: &[&str] = &[
    "CREATE VIRTUAL TABLE messages_fts USING fts5(
        content,
        content = 'messages',
        content_rowid = 'id',
        tokenize = 'porter unicode61 remove_diacritics 2'
    )",
    // External content: FTS5 must be told the old text to remove its tokens, hence 'delete'.
    "CREATE TRIGGER messages_fts_after_insert AFTER INSERT ON messages BEGIN
        INSERT INTO messages_fts (rowid, content) VALUES (new.id, new.content);
    END",
    "CREATE TRIGGER messages_fts_after_delete AFTER DELETE ON messages BEGIN
        INSERT INTO messages_fts (messages_fts, rowid, content) VALUES ('delete', old.id, old.content);
    END",
    // Any update (not just OF content): messages are append-only, so this costs nothing, and an id
    // change could otherwise leave the index pointing at the wrong row.
    "CREATE TRIGGER messages_fts_after_update AFTER UPDATE ON messages BEGIN
        INSERT INTO messages_fts (messages_fts, rowid, content) VALUES ('delete', old.id, old.content);
        INSERT INTO messages_fts (rowid, content) VALUES (new.id, new.content);
    END",
    // Backfill: index every message already stored.
    "INSERT INTO messages_fts (messages_fts) VALUES ('rebuild')",
];

const DROP: &[&str] = &[
    "DROP TRIGGER IF EXISTS messages_fts_after_update",
    "DROP TRIGGER IF EXISTS messages_fts_after_delete",
    "DROP TRIGGER IF EXISTS messages_fts_after_insert",
    "DROP TABLE IF EXISTS messages_fts",
];

pub async fn create_schema<C: ConnectionTrait>(db: &C) -> Result<(), DbErr> {
    for sql in CREATE {
        db.execute_unprepared(sql).await?;
    }
    Ok(())
}

pub async fn drop_schema<C: ConnectionTrait>(db: &C) -> Result<(), DbErr> {
    for sql in DROP {
        db.execute_unprepared(sql).await?;
    }
    Ok(())
}

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
fn matches(fts_query: String) -> Expr {
    Expr::cust_with_values("\"messages_fts\" MATCH ?", [fts_query])
}

/// Session ids with at least one message matching `fts_query`.
fn sessions_matching(fts_query: String) -> SelectStatement {
    Query::select()
        .column((Alias::new(MESSAGES), Alias::new("session_id")))
        .from(Alias::new(FTS))
        .inner_join(Alias::new(MESSAGES), rowid_join())
        .and_where(matches(fts_query))
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
    .and_where(matches(any_term(terms)))
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

/// Marks around matched words in raw snippets: private-use characters that real messages do not
/// contain, parsed into [`super::SnippetPart`]s by the caller (so `[`/`]` in a message stay
/// unambiguous; a stray marker in a message is dropped, never shown).
pub const HIT_OPEN: char = '\u{E000}';
pub const HIT_CLOSE: char = '\u{E001}';
/// Words of context in a snippet.
const SNIPPET_TOKENS: i64 = 12;

/// A matching message's snippet, straight from FTS5.
#[derive(Debug, Clone)]
pub struct RawSnippet {
    pub session_id: i64,
    pub message_id: i64,
    pub seq: i32,
    pub role: MessageRole,
    /// bm25: lower is better.
    pub rank: f64,
    pub text: String,
}

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
    rows.iter()
        .map(|r| {
            let role: String = r.try_get("", "role")?;
            Ok(RawSnippet {
                session_id: r.try_get("", "session_id")?,
                message_id: r.try_get("", "message_id")?,
                seq: r.try_get("", "seq")?,
                role: role.parse()?,
                rank: r.try_get("", "rank")?,
                text: r.try_get("", "snippet")?,
            })
        })
        .collect()
}

/// FTS5's own check that the index matches `messages` exactly (an error if not).
#[cfg(test)]
pub async fn integrity_check<C: ConnectionTrait>(db: &C) -> Result<(), DbErr> {
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
    }
}
