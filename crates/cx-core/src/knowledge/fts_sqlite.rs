//! Everything SQLite-specific about the knowledge base: the FTS5 index over passages (created by
//! migration `m0003_knowledge`), the FTS5 query syntax and bm25 ranking. PostgreSQL gets a sibling
//! module (tsvector + GIN) with the same entry points.
//!
//! Design: a regular FTS5 table (it keeps its own copy of the text — a few hundred kilobytes for a
//! knowledge base) rather than external content, because its `heading` column is not a column of
//! `knowledge_passages`: it is the document title plus the heading path, so a passage under
//! "Warranty › Exclusions" matches "warranty" in its heading even though its text never says it.
//! Triggers keep it in step with `knowledge_passages`; they read the title when a passage is
//! inserted, which is why `index` always writes the document row before its passages.
//!
//! Tokenizer: `porter unicode61 remove_diacritics 2` — case and diacritics folded, punctuation
//! splits words, English stems ("refunds" finds "refund", "opened" finds "open").

use super::fts::{HEADING_WEIGHT, Hit, TEXT_WEIGHT};
use super::query::Term;
use crate::error::Result;
use sea_orm::{ConnectionTrait, DbBackend, Statement, Value};

fn quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('"', "\"\""))
}

/// Passages matching any term (and any spelling of it); bm25 ranks those matching more terms,
/// rarer terms and shorter passages higher.
fn any_term(terms: &[Term]) -> String {
    terms
        .iter()
        .flat_map(|t| std::iter::once(&t.text).chain(t.joined.as_ref()))
        .map(|s| quoted(s))
        .collect::<Vec<_>>()
        .join(" OR ")
}

/// The `limit` best passages for `terms`, best first (ties: earlier passage first).
pub async fn search<C: ConnectionTrait>(db: &C, terms: &[Term], limit: u64) -> Result<Vec<Hit>> {
    // bm25() only works in the query that runs MATCH, so ranking and the limit happen there and
    // the joins one level up. The weights are constants, never input.
    let sql = format!(
        "SELECT p.document_id AS document_id, d.path AS path,
                d.title AS title, p.heading AS heading, p.text AS text, hits.rank AS rank
         FROM (
             SELECT rowid AS id, bm25(knowledge_fts, {HEADING_WEIGHT:?}, {TEXT_WEIGHT:?}) AS rank
             FROM knowledge_fts
             WHERE knowledge_fts MATCH ?
             ORDER BY rank, rowid
             LIMIT ?
         ) AS hits
         JOIN knowledge_passages AS p ON p.id = hits.id
         JOIN knowledge_documents AS d ON d.id = p.document_id
         ORDER BY hits.rank, p.document_id, p.ordinal"
    );
    let values: Vec<Value> = vec![any_term(terms).into(), (limit as i64).into()];
    let rows = db
        .query_all_raw(Statement::from_sql_and_values(
            DbBackend::Sqlite,
            sql,
            values,
        ))
        .await?;
    rows.iter().map(Hit::from_row).collect()
}

/// Rows in the full-text index (tests: the triggers keep it equal to the passage count). On
/// PostgreSQL: the passages with a search vector.
#[cfg(test)]
pub async fn indexed_rows<C: ConnectionTrait>(db: &C) -> Result<i64> {
    let backend = db.get_database_backend();
    let sql = match backend {
        DbBackend::Postgres => {
            "SELECT count(*) AS n FROM knowledge_passages WHERE search IS NOT NULL \
             AND search <> ''::tsvector"
        }
        _ => "SELECT count(*) AS n FROM knowledge_fts",
    };
    let row = db
        .query_one_raw(Statement::from_string(backend, sql))
        .await?
        .ok_or_else(|| crate::error::CoreError::Internal("no count row".into()))?;
    Ok(row.try_get("", "n")?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn term(text: &str, joined: Option<&str>) -> Term {
        Term {
            text: text.into(),
            joined: joined.map(Into::into),
        }
    }

    #[test]
    fn terms_become_quoted_alternatives() {
        assert_eq!(
            any_term(&[term("refund", None), term("e-mail", Some("email"))]),
            "\"refund\" OR \"e-mail\" OR \"email\""
        );
        assert_eq!(
            any_term(&[term("say\"hi", Some("sayhi")), term("near(", None)]),
            "\"say\"\"hi\" OR \"sayhi\" OR \"near(\""
        );
    }

    #[test]
    fn weights_print_as_sql_numbers() {
        assert_eq!(format!("{HEADING_WEIGHT:?}, {TEXT_WEIGHT:?}"), "3.0, 1.0");
    }
}
