//! Everything PostgreSQL-specific about the knowledge base: a stored, weighted `tsvector` per
//! passage with a GIN index (migration `m0009_postgres_search`), kept by a trigger because its
//! heading part includes the document's title, which is not a column of the passage (as the
//! FTS5 triggers do on SQLite). Ranked by `ts_rank` with the heading weighted as in `fts_sqlite`.

use super::fts::{HEADING_WEIGHT, Hit, TEXT_WEIGHT};
use super::query::Term;
use crate::db::pg_text::{self, query_sql};
use crate::error::Result;
use sea_orm::{ConnectionTrait, DbBackend, Statement, Value};

/// ts_rank's weights {D, C, B, A} (each at most 1): text and heading in the same ratio as
/// bm25's on SQLite.
fn weights() -> String {
    let top = HEADING_WEIGHT.max(TEXT_WEIGHT);
    let (text, heading) = (TEXT_WEIGHT / top, HEADING_WEIGHT / top);
    format!("'{{{text:?}, 0, 0, {heading:?}}}'::float4[]")
}

/// Any of the terms (a word or its joined form), as tsquery text; None when nothing is left.
fn any_term(terms: &[Term]) -> Option<String> {
    let each: Vec<String> = terms
        .iter()
        .flat_map(|t| std::iter::once(&t.text).chain(t.joined.as_ref()))
        .filter_map(|w| pg_text::word_query(w, false))
        .collect();
    (!each.is_empty()).then(|| each.join(" | "))
}

/// The `limit` best passages for `terms`, best first (ties: earlier passage first).
pub async fn search<C: ConnectionTrait>(db: &C, terms: &[Term], limit: u64) -> Result<Vec<Hit>> {
    let Some(any) = any_term(terms) else {
        return Ok(vec![]);
    };
    let query = query_sql();
    let sql = format!(
        "SELECT p.document_id AS document_id, d.path AS path, d.title AS title,
                p.heading AS heading, p.text AS text,
                -ts_rank({weights}, p.search, {query})::float8 AS rank
         FROM knowledge_passages AS p
         JOIN knowledge_documents AS d ON d.id = p.document_id
         WHERE p.search @@ {query}
         ORDER BY rank, p.document_id, p.ordinal
         LIMIT $2",
        weights = weights()
    );
    let values: Vec<Value> = vec![any.into(), (limit as i64).into()];
    let rows = db
        .query_all_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            sql,
            values,
        ))
        .await?;
    rows.iter().map(Hit::from_row).collect()
}
