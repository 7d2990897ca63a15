//! The knowledge base: Markdown documents in a folder (`config/knowledge/` by default), cut into
//! passages by heading and indexed for full-text search, so the assistant can answer policy
//! questions ("how long does a refund take?") from the shop's own words — and the grounding guard
//! can check the figures in its answer against the passages it retrieved (`Facts::add_text`).
//!
//! - [`reindex`] — bring the index in line with the folder (new, changed and deleted files); cheap
//!   when nothing changed, so it doubles as "sync if changed".
//! - [`search`] — the best passages for a free-text question; [`tool_result`] — the
//!   `knowledge_search` tool's JSON for them.
//! - [`list_documents`], [`get_document`], [`save_document`], [`delete_document`] — the
//!   workspace's knowledge view. Paths are relative to the folder, `/`-separated, `.md` only.
//!
//! Layout: `chunk` (Markdown → passages), `files` (the folder, path checks, hashes), `query`
//! (question → words), `index` and `documents` (plain sea-orm), `fts_sqlite` (the only
//! SQLite-specific module: FTS5 table, triggers, bm25). Tables come from migration m0003.

mod chunk;
mod documents;
mod entity;
mod files;
mod fts;
pub(crate) mod fts_pg;
pub(crate) mod fts_sqlite;
mod index;
mod model;
mod query;
mod search;
#[cfg(test)]
mod tests;

pub use chunk::MAX_PASSAGE_CHARS;
pub use documents::{delete_document, get_document, list_documents, save_document};
pub use index::reindex;
pub use model::{KnowledgeDocument, KnowledgeDocumentSummary, Passage, ReindexReport, SkippedFile};
pub use query::MAX_QUERY_CHARS;
pub use search::{DEFAULT_LIMIT, MAX_LIMIT, search, tool_result};

/// The default knowledge folder, next to the YAML configuration (`config/knowledge`).
pub fn default_folder() -> std::path::PathBuf {
    crate::config::Config::default_dir().join("knowledge")
}
