//! The workspace's knowledge view: list, open, save and delete documents. The file is the source
//! of truth (a deployment may also edit the folder by hand); the index follows each change at once.
//! Access control is the caller's (the Tauri command's permission), like history.

use super::chunk;
use super::entity::{document, passage};
use super::files::{self, LoadedFile};
use super::index;
use super::model::{KnowledgeDocument, KnowledgeDocumentSummary};
use crate::error::{CoreError, Result};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use std::collections::HashMap;
use std::path::Path;

/// Every indexed document, by path.
pub async fn list_documents(db: &DatabaseConnection) -> Result<Vec<KnowledgeDocumentSummary>> {
    let docs = document::Entity::find()
        .order_by_asc(document::Column::Path)
        .all(db)
        .await?;
    let counts: HashMap<i64, i64> = passage::Entity::find()
        .select_only()
        .column(passage::Column::DocumentId)
        .column_as(passage::Column::Id.count(), "n")
        .group_by(passage::Column::DocumentId)
        .into_tuple::<(i64, i64)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    Ok(docs
        .into_iter()
        .map(|d| KnowledgeDocumentSummary {
            passages: counts
                .get(&d.id)
                .and_then(|n| u32::try_from(*n).ok())
                .unwrap_or(0),
            id: d.id,
            path: d.path,
            title: d.title,
            updated_at: d.updated_at,
        })
        .collect())
}

/// One document with its Markdown as it is on disk now (which may be newer than the index).
pub async fn get_document(
    db: &DatabaseConnection,
    folder: &Path,
    id: i64,
) -> Result<KnowledgeDocument> {
    let doc = find(db, id).await?;
    let content = files::read(folder, &doc.path)?;
    let title = chunk::parse(&content, &index::fallback_title(&doc.path)).title;
    Ok(KnowledgeDocument {
        id: doc.id,
        path: doc.path,
        title,
        content,
    })
}

/// Write a document and index it. `path_or_new_title` is either the path of a document
/// ("faq/returns.md", relative to `folder`, `.md` only) — created or overwritten — or the title of
/// a new one ("Gift cards"), which gets a file named after it and a `# Title` heading when its
/// content has none; a new title whose file already exists is a `Conflict`.
pub async fn save_document(
    db: &DatabaseConnection,
    folder: &Path,
    path_or_new_title: &str,
    content: &str,
) -> Result<KnowledgeDocument> {
    check_content(content)?;
    files::check_folder(folder)?;
    let (path, content) = if files::looks_like_path(path_or_new_title) {
        (files::check_path(path_or_new_title)?, content.to_owned())
    } else {
        let title = path_or_new_title.trim();
        let path = files::file_name_for_title(title)?;
        let on_disk = files::resolve(folder, &path, false)?
            .symlink_metadata()
            .is_ok();
        let indexed = document::Entity::find()
            .filter(document::Column::Path.eq(path.as_str()))
            .one(db)
            .await?
            .is_some();
        if on_disk || indexed {
            return Err(CoreError::Conflict(format!(
                "a document already exists at {path}; open it to edit, or choose another title"
            )));
        }
        // An empty fallback tells "names itself" apart from "would be named after the file".
        let content = if chunk::parse(content, "").title.is_empty() {
            format!("# {title}\n\n{content}")
        } else {
            content.to_owned()
        };
        (path, content)
    };
    files::write(folder, &path, &content)?;
    let file = LoadedFile::new(path, content);
    let id = index::index_file(db, &file).await?;
    let title = chunk::parse(&file.content, &index::fallback_title(&file.path)).title;
    Ok(KnowledgeDocument {
        id,
        path: file.path,
        title,
        content: file.content,
    })
}

/// Delete a document's file and drop it from the index. The file goes first: if that fails,
/// nothing changed; if the database step fails after it, the next reindex drops the row.
pub async fn delete_document(db: &DatabaseConnection, folder: &Path, id: i64) -> Result<()> {
    let doc = find(db, id).await?;
    files::check_folder(folder)?;
    files::remove(folder, &doc.path)?;
    let txn = crate::db::begin_write(db).await?;
    index::remove_rows(&txn, doc.id).await?;
    txn.commit().await?;
    Ok(())
}

async fn find(db: &DatabaseConnection, id: i64) -> Result<document::Model> {
    document::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| CoreError::not_found(format!("no knowledge document with id {id}")))
}

fn check_content(content: &str) -> Result<()> {
    if content.trim().is_empty() {
        return Err(CoreError::invalid(
            "the document is empty; delete it instead of saving it empty",
        ));
    }
    if content.len() > files::MAX_FILE_BYTES {
        return Err(CoreError::invalid(format!(
            "the document is larger than {} KiB",
            files::MAX_FILE_BYTES / 1024
        )));
    }
    if content.contains('\0') {
        return Err(CoreError::invalid("the document contains a NUL character"));
    }
    Ok(())
}
