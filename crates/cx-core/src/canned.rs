//! Canned replies, managed in the workspace: list, search, create, edit, delete. Shortcuts are
//! unique (`/greet`); a clash is a clear error. Every change is audited.

use crate::audit::{self, AuditActor};
use crate::db::entity::canned_response;
use crate::error::{CoreError, Result};
use crate::policy::{Access, Actor, Policy};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, Set,
};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CannedInput {
    pub shortcut: String,
    pub title: String,
    pub content: String,
    pub category: String,
}

/// A shortcut is `/` and 1–32 of a–z, 0–9, `-`, `_` (lower-cased).
pub fn normalise_shortcut(s: &str) -> Result<String> {
    let s = s.trim().to_lowercase();
    let body = s.strip_prefix('/').unwrap_or(&s);
    let ok = !body.is_empty()
        && body.len() <= 32
        && body
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
    if ok {
        Ok(format!("/{body}"))
    } else {
        Err(CoreError::invalid(format!(
            "'{s}' is not a valid shortcut: use / followed by 1 to 32 letters, digits, - or _"
        )))
    }
}

fn validate(input: &CannedInput) -> Result<CannedInput> {
    let title = input.title.trim();
    let content = input.content.trim();
    let category = input.category.trim().to_lowercase();
    if title.is_empty() || title.chars().count() > 120 {
        return Err(CoreError::invalid("a title is 1 to 120 characters"));
    }
    if content.is_empty() || content.chars().count() > 4000 {
        return Err(CoreError::invalid("a canned reply is 1 to 4000 characters"));
    }
    if category.is_empty() || category.chars().count() > 40 {
        return Err(CoreError::invalid("a category is 1 to 40 characters"));
    }
    Ok(CannedInput {
        shortcut: normalise_shortcut(&input.shortcut)?,
        title: title.to_owned(),
        content: content.to_owned(),
        category,
    })
}

async fn clash(db: &DatabaseConnection, shortcut: &str, except: Option<i64>) -> Result<()> {
    let existing = canned_response::Entity::find()
        .filter(canned_response::Column::Shortcut.eq(shortcut))
        .one(db)
        .await?;
    match existing {
        Some(e) if Some(e.id) != except => Err(CoreError::Conflict(format!(
            "the shortcut {shortcut} is already used by \"{}\"",
            e.title
        ))),
        _ => Ok(()),
    }
}

/// Replies whose shortcut, title, content or category contain the text (all when empty).
pub async fn search(
    db: &DatabaseConnection,
    policy: &Policy,
    actor: &Actor,
    text: &str,
) -> Result<Vec<canned_response::Model>> {
    policy.check(actor, Access::Command("list_canned_responses"))?;
    let all = canned_response::Entity::find()
        .order_by_asc(canned_response::Column::Shortcut)
        .all(db)
        .await?;
    let needle = text.trim().to_lowercase();
    Ok(all
        .into_iter()
        .filter(|c| {
            needle.is_empty()
                || [&c.shortcut, &c.title, &c.content, &c.category]
                    .iter()
                    .any(|f| f.to_lowercase().contains(&needle))
        })
        .collect())
}

fn manage(policy: &Policy, actor: &Actor) -> Result<()> {
    policy.check(actor, Access::Command("manage_canned_responses"))?;
    policy.check(
        actor,
        Access::Write {
            table: "canned_responses",
            column: "content",
        },
    )
}

pub async fn create(
    db: &DatabaseConnection,
    policy: &Policy,
    actor: &Actor,
    input: &CannedInput,
) -> Result<canned_response::Model> {
    manage(policy, actor)?;
    let v = validate(input)?;
    clash(db, &v.shortcut, None).await?;
    let now = chrono::Utc::now();
    let row = canned_response::ActiveModel {
        shortcut: Set(v.shortcut),
        title: Set(v.title),
        content: Set(v.content),
        category: Set(v.category),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    audit::record(
        db,
        &AuditActor::from_actor(actor),
        "create_canned_response",
        "canned_responses",
        row.id,
        None,
        serde_json::to_value(&row).ok(),
    )
    .await?;
    Ok(row)
}

pub async fn update(
    db: &DatabaseConnection,
    policy: &Policy,
    actor: &Actor,
    id: i64,
    input: &CannedInput,
) -> Result<canned_response::Model> {
    manage(policy, actor)?;
    let v = validate(input)?;
    let before = canned_response::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| CoreError::not_found(format!("no canned reply {id}")))?;
    clash(db, &v.shortcut, Some(id)).await?;
    let mut am: canned_response::ActiveModel = before.clone().into();
    am.shortcut = Set(v.shortcut);
    am.title = Set(v.title);
    am.content = Set(v.content);
    am.category = Set(v.category);
    am.updated_at = Set(chrono::Utc::now());
    let after = am.update(db).await?;
    audit::record(
        db,
        &AuditActor::from_actor(actor),
        "update_canned_response",
        "canned_responses",
        id,
        serde_json::to_value(&before).ok(),
        serde_json::to_value(&after).ok(),
    )
    .await?;
    Ok(after)
}

pub async fn delete(
    db: &DatabaseConnection,
    policy: &Policy,
    actor: &Actor,
    id: i64,
) -> Result<()> {
    manage(policy, actor)?;
    let before = canned_response::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| CoreError::not_found(format!("no canned reply {id}")))?;
    canned_response::Entity::delete_by_id(id).exec(db).await?;
    audit::record(
        db,
        &AuditActor::from_actor(actor),
        "delete_canned_response",
        "canned_responses",
        id,
        serde_json::to_value(&before).ok(),
        None,
    )
    .await?;
    Ok(())
}
