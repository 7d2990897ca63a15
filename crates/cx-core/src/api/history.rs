//! History: search, replay and export past sessions. Roles that may not read customers (the
//! reviewer) get customer contact details and personal fields of tool results masked, and may not
//! search by a customer's email (that would tell them whose sessions exist).

use super::{authorize, sees_personal_data};
use crate::Engine;
use crate::error::{CoreError, Result};
use crate::history::{self, SearchQuery, SessionHit, Transcript};
use crate::policy::Actor;

/// The export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Markdown,
    Json,
}

pub async fn list(engine: &Engine, actor: &Actor, limit: u64) -> Result<Vec<SessionHit>> {
    authorize(engine, actor, "history_list")?;
    let mut hits = history::list(&engine.core.db, limit).await?;
    mask_hits(engine, actor, &mut hits);
    Ok(hits)
}

pub async fn search(engine: &Engine, actor: &Actor, q: &SearchQuery) -> Result<Vec<SessionHit>> {
    authorize(engine, actor, "history_search")?;
    let open = sees_personal_data(engine, actor);
    if !open && q.customer_email.is_some() {
        return Err(CoreError::denied(format!(
            "{} may not search by a customer's email",
            actor.role
        )));
    }
    let mut hits = history::search(&engine.core.db, q).await?;
    mask_hits(engine, actor, &mut hits);
    Ok(hits)
}

pub async fn show(engine: &Engine, actor: &Actor, session_id: i64) -> Result<Transcript> {
    authorize(engine, actor, "history_show")?;
    transcript(engine, actor, session_id).await
}

/// The export's content (Markdown or pretty JSON); where it goes is the front end's business.
pub async fn export(
    engine: &Engine,
    actor: &Actor,
    session_id: i64,
    format: ExportFormat,
) -> Result<String> {
    authorize(engine, actor, "history_export")?;
    let t = transcript(engine, actor, session_id).await?;
    Ok(match format {
        ExportFormat::Markdown => history::export_markdown(&t),
        ExportFormat::Json => serde_json::to_string_pretty(&history::export_json(&t))
            .map_err(|e| CoreError::Internal(e.to_string()))?,
    })
}

/// A session for a test case, which cx-eval writes from it: the export's permission (operation
/// `history_case`) and the same masking.
pub async fn case_source(engine: &Engine, actor: &Actor, session_id: i64) -> Result<Transcript> {
    authorize(engine, actor, "history_case")?;
    transcript(engine, actor, session_id).await
}

async fn transcript(engine: &Engine, actor: &Actor, session_id: i64) -> Result<Transcript> {
    let mut t = history::show(&engine.core.db, session_id).await?;
    if !sees_personal_data(engine, actor) {
        history::mask_transcript(&mut t);
    }
    Ok(t)
}

fn mask_hits(engine: &Engine, actor: &Actor, hits: &mut [SessionHit]) {
    if !sees_personal_data(engine, actor) {
        hits.iter_mut().for_each(history::mask_hit);
    }
}
