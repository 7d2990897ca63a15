//! What both full-text backends of history search (`fts_sqlite`, `fts_pg`) hand back: snippets
//! with their matched words marked.

use crate::db::entity::MessageRole;
use crate::error::Result;

/// Marks around matched words in raw snippets: private-use characters that real messages do not
/// contain, parsed into [`super::SnippetPart`]s by the caller (so `[`/`]` in a message stay
/// unambiguous; a stray marker in a message is dropped, never shown).
pub const HIT_OPEN: char = '\u{E000}';
pub const HIT_CLOSE: char = '\u{E001}';

/// A matching message's snippet, as the backend returned it.
#[derive(Debug, Clone)]
pub struct RawSnippet {
    pub session_id: i64,
    pub message_id: i64,
    pub seq: i32,
    pub role: MessageRole,
    /// Lower is better (bm25 on SQLite, minus ts_rank on PostgreSQL).
    pub rank: f64,
    pub text: String,
}

impl RawSnippet {
    /// A row with the columns `session_id`, `message_id`, `seq`, `role`, `rank` and `snippet`
    /// (both backends' snippet queries name them so).
    pub(crate) fn from_row(r: &sea_orm::QueryResult) -> Result<RawSnippet> {
        let role: String = r.try_get("", "role")?;
        Ok(RawSnippet {
            session_id: r.try_get("", "session_id")?,
            message_id: r.try_get("", "message_id")?,
            seq: r.try_get("", "seq")?,
            role: role.parse()?,
            rank: r.try_get("", "rank")?,
            text: r.try_get("", "snippet")?,
        })
    }
}
