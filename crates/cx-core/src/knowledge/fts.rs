//! What both full-text backends of the knowledge base (`fts_sqlite`, `fts_pg`) share: how much a
//! heading weighs against the text, and the ranked passages they hand back.

use crate::error::Result;

/// Weight of a match in the heading (title + heading path; bm25 on SQLite, ts_rank on
/// PostgreSQL) …
pub const HEADING_WEIGHT: f64 = 3.0;
/// … and in the passage text. A heading names what the whole passage is about, so a word there
/// counts more than the same word in passing.
pub const TEXT_WEIGHT: f64 = 1.0;

/// One ranked passage, as the backend returned it.
#[derive(Debug, Clone)]
pub struct Hit {
    pub document_id: i64,
    pub path: String,
    pub title: String,
    pub heading: String,
    pub text: String,
    /// Lower is better (bm25 on SQLite, minus ts_rank on PostgreSQL).
    pub rank: f64,
}

impl Hit {
    /// A row with the columns `document_id`, `path`, `title`, `heading`, `text` and `rank` (both
    /// backends' searches name them so).
    pub(crate) fn from_row(r: &sea_orm::QueryResult) -> Result<Hit> {
        Ok(Hit {
            document_id: r.try_get("", "document_id")?,
            path: r.try_get("", "path")?,
            title: r.try_get("", "title")?,
            heading: r.try_get("", "heading")?,
            text: r.try_get("", "text")?,
            rank: r.try_get("", "rank")?,
        })
    }
}
