//! The typed shapes the knowledge base hands out (to the workspace's knowledge view and, through
//! [`super::tool_result`], to the assistant). Times are UTC and serialize as RFC 3339.

use super::chunk::PATH_SEPARATOR;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// What one [`super::reindex`] did. `added + updated + unchanged` is the number of documents in
/// the index afterwards.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ReindexReport {
    /// Files indexed for the first time.
    pub added: u32,
    /// Files whose content changed since they were last indexed.
    pub updated: u32,
    /// Documents dropped from the index: their file is gone (or no longer readable).
    pub removed: u32,
    /// Files left as they were (same content hash): the cheap path.
    pub unchanged: u32,
    /// Passages in the whole index afterwards.
    pub passages: u32,
    /// Files that could not be indexed, with the reason (not UTF-8, too large, a bad name…).
    pub skipped: Vec<SkippedFile>,
}

/// A file [`super::reindex`] left out of the index.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SkippedFile {
    /// Relative to the knowledge folder, `/`-separated.
    pub path: String,
    pub reason: String,
}

/// A passage found by [`super::search`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Passage {
    pub document_id: i64,
    /// The document's file, relative to the knowledge folder.
    pub path: String,
    /// The document's title.
    pub title: String,
    /// Heading path below the title ("Condition of returned items › Opened headphones and
    /// earbuds"); empty for a document's opening text.
    pub heading: String,
    pub text: String,
    /// Relevance: higher is better; only comparable within one search.
    pub score: f64,
}

impl Passage {
    /// Where the passage comes from, for citing: "Refunds and returns › Refund timing".
    pub fn source(&self) -> String {
        if self.heading.is_empty() {
            self.title.clone()
        } else {
            format!("{}{PATH_SEPARATOR}{}", self.title, self.heading)
        }
    }
}

/// A document in the knowledge view's list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct KnowledgeDocumentSummary {
    pub id: i64,
    pub path: String,
    pub title: String,
    pub passages: u32,
    /// When its content was last (re)indexed.
    pub updated_at: DateTime<Utc>,
}

/// A document opened for reading or editing: the Markdown as it is on disk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct KnowledgeDocument {
    pub id: i64,
    pub path: String,
    pub title: String,
    pub content: String,
}
