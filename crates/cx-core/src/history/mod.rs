//! History for reviewers and agents: search past sessions, replay one in full, export it.
//! Pure database work: no network, no model. Access control is the caller's (the `history_*`
//! commands in permissions.yaml); these functions read whatever they are asked.
//!
//! - [`search`] — sessions matching free text and/or filters, one hit per session with up to three
//!   snippets (matched words in `[` `]`, plus a `parts` list for highlighting); [`list`] — recent
//!   sessions.
//! - [`show`] — a [`Transcript`]: summary, customer, messages in order with tool calls, pending
//!   actions, escalation.
//! - [`export_markdown`] / [`export_json`] — the stable export formats documented in `export`.
//!
//! Full-text search runs on SQLite FTS5 (see `fts_sqlite`, the only SQLite-specific module);
//! everything else is plain sea-orm so it runs on PostgreSQL too. A search whose words are all
//! rare ranks every match (bm25); one with a very common word reads a bounded window of the
//! newest candidate sessions, so its cost does not grow with the history (see `plan`).

mod export;
mod fts;
pub(crate) mod fts_pg;
pub(crate) mod fts_sqlite;
mod mask;
mod model;
mod plan;
mod search;
mod terms;
#[cfg(test)]
mod tests;
mod transcript;

pub use export::{EXPORT_FORMAT, EXPORT_VERSION, TranscriptExport, export_json, export_markdown};
pub use mask::{mask_hit, mask_ledger, mask_text, mask_transcript};
pub use model::{
    CustomerInfo, DEFAULT_LIMIT, EscalationRecord, MAX_LIMIT, PendingActionInfo, SearchQuery,
    SessionHit, SessionSummary, Snippet, SnippetPart, Transcript, TranscriptMessage,
};
pub use search::{hits, list, search};
pub use terms::{MAX_TERMS, MAX_TEXT_CHARS};
pub use transcript::show;

use crate::db::entity::message;
use crate::error::Result;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
use std::collections::HashMap;

/// Number of messages per session, for the given sessions.
async fn message_counts<C: ConnectionTrait>(db: &C, ids: &[i64]) -> Result<HashMap<i64, u64>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows: Vec<(i64, i64)> = message::Entity::find()
        .select_only()
        .column(message::Column::SessionId)
        .column_as(message::Column::Id.count(), "n")
        .filter(message::Column::SessionId.is_in(ids.iter().copied()))
        .group_by(message::Column::SessionId)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(id, n)| (id, u64::try_from(n).unwrap_or(0)))
        .collect())
}
