//! Everything PostgreSQL-specific about history search: a stored `tsvector` of each message's text
//! with a GIN index (migration `m0009_postgres_search`), tsquery building, `ts_rank` ranking and
//! `ts_headline` snippets — the same entry points as `fts_sqlite`, for the exact search. GIN
//! answers every word in one index lookup, so PostgreSQL needs no bounded plan.

use super::fts::{HIT_CLOSE, HIT_OPEN, RawSnippet};
use super::terms::Term;
use crate::db::pg_text::{self, query_sql};
use crate::error::{CoreError, Result};
use sea_orm::sea_query::{Alias, Expr, Query, SelectStatement};
use sea_orm::{ConnectionTrait, DbBackend, Statement, Value};

/// The tsquery text of every term (a term that has no letters or digits left matches nothing).
fn term_queries(terms: &[Term]) -> Result<Vec<String>> {
    let q: Vec<String> = terms
        .iter()
        .filter_map(|t| pg_text::word_query(&t.text, t.prefix))
        .collect();
    if q.is_empty() {
        return Err(CoreError::invalid("the search has no letters or digits"));
    }
    Ok(q)
}

/// A sub-select with columns `session_id` and `rank` (lower is better): the sessions holding every
/// term — each word somewhere in the conversation, not necessarily in one message — ranked by their
/// best-matching message.
pub fn ranked_sessions(terms: &[Term]) -> Result<SelectStatement> {
    let each = term_queries(terms)?;
    let any = each.join(" | ");
    let mut q = Query::select();
    q.expr_as(
        Expr::col(Alias::new("session_id")),
        Alias::new("session_id"),
    )
    .expr_as(
        Expr::cust_with_values(
            format!("-max(ts_rank(search, {}))", query_sql()),
            [any.clone()],
        ),
        Alias::new("rank"),
    )
    .from(Alias::new("messages"))
    .and_where(Expr::cust_with_values(
        format!("search @@ {}", query_sql()),
        [any],
    ))
    .group_by_col(Alias::new("session_id"));
    if each.len() > 1 {
        // A stop word ("where", "the") has no lexeme in the index nor in its query
        // (numnode 0): it asks nothing of the session.
        for term in &each {
            q.and_having(Expr::cust_with_values(
                format!(
                    "(bool_or(search @@ {q}) OR numnode({q}) = 0)",
                    q = query_sql()
                ),
                [term.clone()],
            ));
        }
    }
    Ok(q)
}

/// Up to `per_session` best-matching messages of each of `session_ids`, best first within a
/// session, with the matched words between [`HIT_OPEN`] and [`HIT_CLOSE`].
pub async fn snippets<C: ConnectionTrait>(
    db: &C,
    terms: &[Term],
    session_ids: &[i64],
    per_session: u64,
) -> Result<Vec<RawSnippet>> {
    if session_ids.is_empty() {
        return Ok(Vec::new());
    }
    let any = term_queries(terms)?.join(" | ");
    let options =
        format!("StartSel={HIT_OPEN}, StopSel={HIT_CLOSE}, MaxWords=30, MinWords=12, ShortWord=1");
    let sql = format!(
        "SELECT session_id, message_id, seq, role, rank,
                ts_headline('{config}', content, to_tsquery('{config}', cx_unaccent($1)), $2)
                    AS snippet
         FROM (
             SELECT m.session_id, m.id AS message_id, m.seq, m.role, m.content,
                    -ts_rank(m.search, to_tsquery('{config}', cx_unaccent($1)))::float8 AS rank,
                    row_number() OVER (PARTITION BY m.session_id
                        ORDER BY ts_rank(m.search, to_tsquery('{config}', cx_unaccent($1))) DESC,
                                 m.seq) AS n
             FROM messages AS m
             WHERE m.search @@ to_tsquery('{config}', cx_unaccent($1))
               AND m.session_id IN (SELECT value::bigint FROM json_array_elements_text($3::json))
         ) AS ranked
         WHERE n <= $4
         ORDER BY session_id, rank, seq",
        config = pg_text::CONFIG
    );
    let ids = serde_json::to_string(session_ids).map_err(|e| CoreError::Internal(e.to_string()))?;
    let values: Vec<Value> = vec![
        any.into(),
        options.into(),
        ids.into(),
        (per_session as i64).into(),
    ];
    let rows = db
        .query_all_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            sql,
            values,
        ))
        .await?;
    rows.iter().map(RawSnippet::from_row).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What a reviewer typed reaches PostgreSQL as bound values only, never as SQL text, and each
    /// word of several is required on its own (HAVING).
    #[test]
    fn search_words_are_bound_never_inlined() {
        let terms = vec![
            Term {
                text: "o'brien');--".into(),
                prefix: false,
            },
            Term {
                text: "keyb".into(),
                prefix: true,
            },
        ];
        let (sql, values) = ranked_sessions(&terms)
            .unwrap()
            .build(sea_orm::sea_query::PostgresQueryBuilder);
        assert!(!sql.contains("brien") && !sql.contains("keyb"), "{sql}");
        assert_eq!(sql.matches("bool_or").count(), 2, "{sql}");
        let bound: Vec<String> = values.iter().map(|v| format!("{v:?}")).collect();
        assert!(
            bound.iter().any(|v| v.contains("('o' <-> 'brien')")),
            "{bound:?}"
        );
        assert!(bound.iter().any(|v| v.contains("('keyb':*)")), "{bound:?}");
    }
}
