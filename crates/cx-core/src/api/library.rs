//! Canned replies and the knowledge base: what agents reuse and what the assistant quotes.

use super::authorize;
use crate::Engine;
use crate::canned::{self, CannedInput};
use crate::db::entity::canned_response;
use crate::error::Result;
use crate::knowledge::{self, KnowledgeDocument, KnowledgeDocumentSummary, Passage, ReindexReport};
use crate::policy::Actor;
use std::path::PathBuf;

pub async fn list_canned(engine: &Engine, actor: &Actor) -> Result<Vec<canned_response::Model>> {
    authorize(engine, actor, "list_canned_responses")?;
    let core = &engine.core;
    crate::customers::canned_responses(&core.db, &core.policy, actor).await
}

pub async fn search_canned(
    engine: &Engine,
    actor: &Actor,
    text: &str,
) -> Result<Vec<canned_response::Model>> {
    authorize(engine, actor, "search_canned_responses")?;
    let core = &engine.core;
    canned::search(&core.db, &core.policy, actor, text).await
}

pub async fn create_canned(
    engine: &Engine,
    actor: &Actor,
    input: &CannedInput,
) -> Result<canned_response::Model> {
    authorize(engine, actor, "create_canned_response")?;
    let core = &engine.core;
    canned::create(&core.db, &core.policy, actor, input).await
}

pub async fn update_canned(
    engine: &Engine,
    actor: &Actor,
    id: i64,
    input: &CannedInput,
) -> Result<canned_response::Model> {
    authorize(engine, actor, "update_canned_response")?;
    let core = &engine.core;
    canned::update(&core.db, &core.policy, actor, id, input).await
}

pub async fn delete_canned(engine: &Engine, actor: &Actor, id: i64) -> Result<()> {
    authorize(engine, actor, "delete_canned_response")?;
    let core = &engine.core;
    canned::delete(&core.db, &core.policy, actor, id).await
}

/// The knowledge folder of this deployment (beside its configuration).
fn folder(engine: &Engine) -> PathBuf {
    engine.core.config.dir.join("knowledge")
}

pub async fn kb_search(
    engine: &Engine,
    actor: &Actor,
    query: &str,
    limit: u64,
) -> Result<Vec<Passage>> {
    authorize(engine, actor, "kb_search")?;
    knowledge::search(&engine.core.db, query, limit).await
}

pub async fn kb_list(engine: &Engine, actor: &Actor) -> Result<Vec<KnowledgeDocumentSummary>> {
    authorize(engine, actor, "kb_list")?;
    knowledge::list_documents(&engine.core.db).await
}

pub async fn kb_get(engine: &Engine, actor: &Actor, document_id: i64) -> Result<KnowledgeDocument> {
    authorize(engine, actor, "kb_get")?;
    knowledge::get_document(&engine.core.db, &folder(engine), document_id).await
}

pub async fn kb_save(
    engine: &Engine,
    actor: &Actor,
    path_or_title: &str,
    content: &str,
) -> Result<KnowledgeDocument> {
    authorize(engine, actor, "kb_save")?;
    let doc =
        knowledge::save_document(&engine.core.db, &folder(engine), path_or_title, content).await?;
    tracing::info!(by = ?actor.id, path = %doc.path, "knowledge document saved");
    Ok(doc)
}

pub async fn kb_delete(engine: &Engine, actor: &Actor, document_id: i64) -> Result<()> {
    authorize(engine, actor, "kb_delete")?;
    knowledge::delete_document(&engine.core.db, &folder(engine), document_id).await?;
    tracing::info!(by = ?actor.id, document = document_id, "knowledge document deleted");
    Ok(())
}

pub async fn kb_reindex(engine: &Engine, actor: &Actor) -> Result<ReindexReport> {
    authorize(engine, actor, "kb_reindex")?;
    knowledge::reindex(&engine.core.db, &folder(engine)).await
}
