//! Sessions and their messages. A message is stored the moment it exists, each write its own
//! short transaction, so a crash later loses nothing.

use crate::db::entity::{Channel, MessageRole, SessionStatus, message, session};
use crate::error::{CoreError, Result};
use crate::escalation::grounding::Ledger;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use serde_json::Value;

pub async fn create(
    db: &DatabaseConnection,
    channel: Channel,
    tone: &str,
    customer_id: Option<i64>,
) -> Result<session::Model> {
    create_at(db, channel, tone, customer_id, None).await
}

/// A new session started by `station` (see `crate::station`).
pub async fn create_at(
    db: &DatabaseConnection,
    channel: Channel,
    tone: &str,
    customer_id: Option<i64>,
    station: Option<&str>,
) -> Result<session::Model> {
    let now = chrono::Utc::now();
    Ok(session::ActiveModel {
        channel: Set(channel),
        station: Set(station.map(str::to_owned)),
        customer_id: Set(customer_id),
        customer_verified: Set(false),
        status: Set(SessionStatus::Active),
        tone: Set(tone.to_owned()),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?)
}

pub async fn get<C: ConnectionTrait>(db: &C, id: i64) -> Result<session::Model> {
    session::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| CoreError::not_found(format!("no session {id}")))
}

/// A message about to be stored.
#[derive(Debug, Clone, Default)]
pub struct NewMessage {
    pub role: Option<MessageRole>,
    pub content: String,
    pub tool_name: Option<String>,
    pub tool_call_id: Option<String>,
    pub tool_arguments: Option<Value>,
    pub tool_result: Option<Value>,
    pub sentiment: Option<Value>,
    /// An assistant answer's claim ledger.
    pub ledger: Option<Ledger>,
}

impl NewMessage {
    pub fn text(role: MessageRole, content: impl Into<String>) -> Self {
        NewMessage {
            role: Some(role),
            content: content.into(),
            ..Default::default()
        }
    }
}

/// Append a message at the end of the session (its `seq` is one more than the last).
pub async fn append(
    db: &DatabaseConnection,
    session_id: i64,
    m: NewMessage,
) -> Result<message::Model> {
    let txn = crate::db::begin_write(db).await?;
    let last: Option<i32> = message::Entity::find()
        .select_only()
        .column_as(message::Column::Seq.max(), "max_seq")
        .filter(message::Column::SessionId.eq(session_id))
        .into_tuple::<Option<i32>>()
        .one(&txn)
        .await?
        .flatten();
    let row = message::ActiveModel {
        session_id: Set(session_id),
        seq: Set(last.unwrap_or(0) + 1),
        role: Set(m.role.unwrap_or(MessageRole::System)),
        content: Set(m.content),
        tool_name: Set(m.tool_name),
        tool_call_id: Set(m.tool_call_id),
        tool_arguments: Set(m.tool_arguments),
        tool_result: Set(m.tool_result),
        sentiment: Set(m.sentiment),
        ledger: Set(m
            .ledger
            .map(|l| serde_json::to_value(l).unwrap_or_default())),
        created_at: Set(chrono::Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    session::Entity::update_many()
        .col_expr(
            session::Column::UpdatedAt,
            sea_orm::sea_query::Expr::value(row.created_at),
        )
        .filter(session::Column::Id.eq(session_id))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(row)
}

/// Replace a stored message's sentiment (a model's judgement arriving after the message).
pub async fn set_sentiment(
    db: &DatabaseConnection,
    message_id: i64,
    sentiment: Value,
) -> Result<()> {
    message::Entity::update_many()
        .col_expr(
            message::Column::Sentiment,
            sea_orm::sea_query::Expr::value(sentiment),
        )
        .filter(message::Column::Id.eq(message_id))
        .exec(db)
        .await?;
    Ok(())
}

/// The messages of a session after `seq`, in order: what a session's memory has not seen yet.
pub async fn messages_after<C: ConnectionTrait>(
    db: &C,
    session_id: i64,
    seq: i32,
) -> Result<Vec<message::Model>> {
    Ok(message::Entity::find()
        .filter(message::Column::SessionId.eq(session_id))
        .filter(message::Column::Seq.gt(seq))
        .order_by_asc(message::Column::Seq)
        .all(db)
        .await?)
}

/// All messages of a session in order.
pub async fn messages<C: ConnectionTrait>(db: &C, session_id: i64) -> Result<Vec<message::Model>> {
    Ok(message::Entity::find()
        .filter(message::Column::SessionId.eq(session_id))
        .order_by_asc(message::Column::Seq)
        .all(db)
        .await?)
}

/// An assistant answer's stored claim ledger. Rows from before the ledger existed, and messages
/// that are not answers, have none; a stored value that does not read back is treated as none.
pub fn stored_ledger(m: &message::Model) -> Option<Ledger> {
    let v = m.ledger.as_ref()?;
    match serde_json::from_value(v.clone()) {
        Ok(l) => Some(l),
        Err(e) => {
            tracing::warn!(
                message_id = m.id,
                "a stored claim ledger does not read back: {e}"
            );
            None
        }
    }
}

/// A message as a staff window shows it (the workspace): with an assistant answer's claim ledger.
/// The kiosk gets [`CustomerMessage`] instead, which has no ledger to leak.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MessageView {
    pub id: i64,
    pub seq: i32,
    pub role: String,
    pub content: String,
    pub tool_name: Option<String>,
    pub tool_arguments: Option<Value>,
    pub tool_result: Option<Value>,
    pub sentiment: Option<Value>,
    pub created_at: String,
    /// An assistant answer's claims and their sources (staff only). Optional in TypeScript so a
    /// [`CustomerMessage`] fits the same lists; always present (or null) on the wire.
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub ledger: Option<Ledger>,
}

impl From<&message::Model> for MessageView {
    fn from(m: &message::Model) -> Self {
        MessageView {
            id: m.id,
            seq: m.seq,
            role: m.role.to_string(),
            content: m.content.clone(),
            tool_name: m.tool_name.clone(),
            tool_arguments: m.tool_arguments.clone(),
            tool_result: m.tool_result.clone(),
            sentiment: m.sentiment.clone(),
            created_at: crate::present::time(&m.created_at),
            ledger: stored_ledger(m),
        }
    }
}

/// A message as the kiosk shows it to the customer. It has no field for the claim ledger (or
/// anything else that is for staff only), so no kiosk path can carry one: the kiosk's messages
/// are only ever built as this type, straight from the stored row.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CustomerMessage {
    pub id: i64,
    pub seq: i32,
    pub role: String,
    pub content: String,
    /// Always null: the customer never sees tool calls (kept so the kiosk's lists share one shape
    /// with [`MessageView`]).
    pub tool_name: Option<String>,
    pub tool_arguments: Option<Value>,
    pub tool_result: Option<Value>,
    pub sentiment: Option<Value>,
    pub created_at: String,
}

impl From<&message::Model> for CustomerMessage {
    fn from(m: &message::Model) -> Self {
        CustomerMessage {
            id: m.id,
            seq: m.seq,
            role: m.role.to_string(),
            content: m.content.clone(),
            tool_name: None,
            tool_arguments: None,
            tool_result: None,
            sentiment: m.sentiment.clone(),
            created_at: crate::present::time(&m.created_at),
        }
    }
}

/// What the customer may see of their session: their words, the assistant's and the agent's —
/// never tool calls, system notes, held-back answers or claim ledgers.
pub async fn customer_visible(
    db: &DatabaseConnection,
    session_id: i64,
    after_seq: i32,
) -> Result<Vec<CustomerMessage>> {
    Ok(messages(db, session_id)
        .await?
        .iter()
        .filter(|m| m.seq > after_seq)
        .filter(|m| {
            matches!(
                m.role,
                MessageRole::Customer | MessageRole::Assistant | MessageRole::Agent
            )
        })
        .map(CustomerMessage::from)
        .collect())
}
