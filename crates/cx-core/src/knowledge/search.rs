//! `search` and the assistant's tool result. Dialect-neutral: the ranked query itself comes from
//! the backend module (`fts_sqlite` for now).

use super::fts_sqlite;
use super::model::Passage;
use super::query;
use crate::error::{CoreError, Result};
use sea_orm::{DatabaseConnection, DbBackend};
use serde_json::{Value, json};

/// Passages a search returns when the caller has no preference (the assistant's tool).
pub const DEFAULT_LIMIT: u64 = 3;
/// Most passages one search may return.
pub const MAX_LIMIT: u64 = 20;

/// The `limit` passages best matching `question`, best first. The question is free text, searched
/// literally (no operators); an empty one, or one with nothing specific to look for, is
/// `InvalidInput` with a message that can be shown as is.
pub async fn search(db: &DatabaseConnection, question: &str, limit: u64) -> Result<Vec<Passage>> {
    if limit == 0 || limit > MAX_LIMIT {
        return Err(CoreError::invalid(format!(
            "limit must be between 1 and {MAX_LIMIT}, not {limit}"
        )));
    }
    let terms = query::parse(question)?;
    let hits = match db.get_database_backend() {
        DbBackend::Sqlite => fts_sqlite::search(db, &terms, limit).await?,
        DbBackend::Postgres => super::fts_pg::search(db, &terms, limit).await?,
        other => {
            return Err(CoreError::Internal(format!(
                "knowledge search is not available on {other:?} yet"
            )));
        }
    };
    Ok(hits
        .into_iter()
        .map(|h| Passage {
            document_id: h.document_id,
            path: h.path,
            title: h.title,
            heading: h.heading,
            text: h.text,
            // bm25 is "lower is better" and negative; flip it so a higher score is better.
            score: -h.rank,
        })
        .collect())
}

/// The `knowledge_search` tool's result, in the shape of the other tools (docs/tools.md):
/// `{"found": true, "count": 2, "passages": [{"document", "heading", "text", "source"}]}`, or
/// `{"found": false, "count": 0, "passages": [], "message": …}` so that an empty search is seen as
/// a data gap rather than an invitation to answer from memory.
pub fn tool_result(passages: &[Passage]) -> Value {
    let items: Vec<Value> = passages
        .iter()
        .map(|p| {
            json!({
                "document": p.title,
                "heading": p.heading,
                "text": p.text,
                "source": p.source(),
            })
        })
        .collect();
    if items.is_empty() {
        json!({
            "found": false,
            "count": 0,
            "passages": [],
            "message": "No knowledge-base passage matches this question.",
        })
    } else {
        json!({"found": true, "count": items.len(), "passages": items})
    }
}
