//! Keeping the index in step with the folder. Dialect-neutral sea-orm: the full-text index follows
//! `knowledge_passages` by itself (triggers on SQLite, see `fts_sqlite`).
//!
//! A document is rewritten only when its content hash changed, so a reindex of an unchanged folder
//! reads and hashes the files and writes nothing. Each run is one write transaction: a concurrent
//! reindex (another window, another process) waits and then finds everything up to date.

use super::chunk;
use super::entity::{document, passage};
use super::files::{self, LoadedFile};
use super::model::ReindexReport;
use crate::error::{CoreError, Result};
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, Set,
};
use std::collections::HashMap;
use std::path::Path;

/// Passages inserted per statement: keeps a huge document under SQLite's bound-parameter limit.
const INSERT_BATCH: usize = 200;

/// Bring the index in line with the `.md` files under `folder`: index new files, re-index changed
/// ones, drop documents whose file is gone or unreadable. Idempotent, and cheap when nothing
/// changed — this is also the "sync if changed" call to make at start-up or on a timer.
pub async fn reindex(db: &DatabaseConnection, folder: &Path) -> Result<ReindexReport> {
    let (loaded, skipped) = files::scan(folder)?;
    let mut report = ReindexReport {
        skipped,
        ..Default::default()
    };
    let txn = crate::db::begin_write(db).await?;
    let mut existing: HashMap<String, document::Model> = document::Entity::find()
        .all(&txn)
        .await?
        .into_iter()
        .map(|d| (d.path.clone(), d))
        .collect();
    for file in &loaded {
        match existing.remove(&file.path) {
            Some(doc) if doc.content_hash == file.hash => report.unchanged += 1,
            Some(doc) => {
                store(&txn, Some(doc), file).await?;
                report.updated += 1;
            }
            None => {
                store(&txn, None, file).await?;
                report.added += 1;
            }
        }
    }
    for gone in existing.into_values() {
        remove_rows(&txn, gone.id).await?;
        report.removed += 1;
    }
    report.passages = passage_count(&txn).await?;
    txn.commit().await?;
    if report.added + report.updated + report.removed > 0 {
        tracing::info!(
            added = report.added,
            updated = report.updated,
            removed = report.removed,
            passages = report.passages,
            "knowledge base reindexed"
        );
    }
    for s in &report.skipped {
        tracing::warn!(path = %s.path, reason = %s.reason, "knowledge file skipped");
    }
    Ok(report)
}

/// Index one file just written (a save from the knowledge view); returns the document's id.
pub async fn index_file(db: &DatabaseConnection, file: &LoadedFile) -> Result<i64> {
    let txn = crate::db::begin_write(db).await?;
    let existing = document::Entity::find()
        .filter(document::Column::Path.eq(file.path.as_str()))
        .one(&txn)
        .await?;
    let id = match existing {
        Some(doc) if doc.content_hash == file.hash => doc.id,
        other => store(&txn, other, file).await?,
    };
    txn.commit().await?;
    Ok(id)
}

/// The title a document gets when it names none itself: from its file name.
pub fn fallback_title(path: &str) -> String {
    let name = path.rsplit('/').next().unwrap_or(path);
    let stem = name.get(..name.len().saturating_sub(3)).unwrap_or(name);
    chunk::title_from_stem(stem)
}

/// Write the document row, then its passages (the FTS triggers read the title when a passage is
/// inserted, so the row must be current first).
async fn store<C: ConnectionTrait>(
    txn: &C,
    existing: Option<document::Model>,
    file: &LoadedFile,
) -> Result<i64> {
    let parsed = chunk::parse(&file.content, &fallback_title(&file.path));
    let now = Utc::now();
    let id = match existing {
        None => {
            document::ActiveModel {
                path: Set(file.path.clone()),
                title: Set(parsed.title),
                content_hash: Set(file.hash.clone()),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(txn)
            .await?
            .id
        }
        Some(doc) => {
            delete_passages(txn, doc.id).await?;
            let mut row: document::ActiveModel = doc.into();
            row.title = Set(parsed.title);
            row.content_hash = Set(file.hash.clone());
            row.updated_at = Set(now);
            row.update(txn).await?.id
        }
    };
    let rows: Vec<passage::ActiveModel> = parsed
        .passages
        .into_iter()
        .enumerate()
        .map(|(i, c)| passage::ActiveModel {
            document_id: Set(id),
            heading: Set(c.heading),
            ordinal: Set(i32::try_from(i).unwrap_or(i32::MAX)),
            text: Set(c.text),
            ..Default::default()
        })
        .collect();
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let batch: Vec<_> = rows.by_ref().take(INSERT_BATCH).collect();
        passage::Entity::insert_many(batch)
            .exec_without_returning(txn)
            .await?;
    }
    Ok(id)
}

async fn delete_passages<C: ConnectionTrait>(txn: &C, document_id: i64) -> Result<()> {
    passage::Entity::delete_many()
        .filter(passage::Column::DocumentId.eq(document_id))
        .exec(txn)
        .await?;
    Ok(())
}

/// Drop a document and its passages (explicitly, not by cascade: the foreign-key pragma is a
/// connection setting, and the FTS triggers must see each passage go).
pub async fn remove_rows<C: ConnectionTrait>(txn: &C, document_id: i64) -> Result<()> {
    delete_passages(txn, document_id).await?;
    document::Entity::delete_by_id(document_id)
        .exec(txn)
        .await?;
    Ok(())
}

async fn passage_count<C: ConnectionTrait>(c: &C) -> Result<u32> {
    let n = passage::Entity::find().count(c).await?;
    u32::try_from(n).map_err(|_| CoreError::Internal(format!("{n} passages")))
}
