//! Sessions and their messages. A message is stored the moment it exists (a turn's tool rows
//! with its answer), each write a short transaction, so a crash later loses nothing said.

use crate::db::entity::{Channel, MessageRole, SessionStatus, message, session};
use crate::error::{CoreError, Result};
use crate::escalation::grounding::Ledger;
use crate::language::Language;
use crate::present::MessageSentiment;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, Set,
};
use serde_json::Value;

pub async fn create(
    db: &DatabaseConnection,
    channel: Channel,
    tone: &str,
    customer_id: Option<i64>,
) -> Result<session::Model> {
    create_at(db, channel, tone, customer_id, None, Language::En).await
}

/// A new session started by `station` (see `crate::station`), in the customer's `language`.
pub async fn create_at(
    db: &DatabaseConnection,
    channel: Channel,
    tone: &str,
    customer_id: Option<i64>,
    station: Option<&str>,
    language: Language,
) -> Result<session::Model> {
    let now = chrono::Utc::now();
    Ok(session::ActiveModel {
        channel: Set(channel),
        station: Set(station.map(str::to_owned)),
        customer_id: Set(customer_id),
        customer_verified: Set(false),
        status: Set(SessionStatus::Active),
        tone: Set(tone.to_owned()),
        language: Set(Some(language.code().to_owned())),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?)
}

/// Set `s`'s status and agent if the row is still as `s` shows it (None: it changed meanwhile).
pub async fn set_status_if<C: ConnectionTrait>(
    db: &C,
    s: &session::Model,
    status: SessionStatus,
    agent: Option<String>,
) -> Result<Option<session::Model>> {
    use sea_orm::sea_query::{Expr, Func};
    let now = chrono::Utc::now();
    let mut update = session::Entity::update_many()
        .col_expr(session::Column::Status, Expr::value(status))
        .col_expr(session::Column::AssignedAgent, Expr::value(agent))
        .col_expr(session::Column::UpdatedAt, Expr::value(now))
        .filter(session::Column::Id.eq(s.id))
        .filter(session::Column::Status.eq(s.status))
        .filter(match &s.assigned_agent {
            Some(a) => session::Column::AssignedAgent.eq(a.clone()),
            None => session::Column::AssignedAgent.is_null(),
        });
    if status == SessionStatus::Closed {
        update = update.col_expr(session::Column::ClosedAt, Expr::value(Some(now)));
    }
    if status == SessionStatus::WithAgent {
        // The first acceptance is what a report measures the queue wait by.
        let first = Func::coalesce([
            Expr::col(session::Column::AcceptedAt),
            Expr::value(Some(now)),
        ]);
        update = update.col_expr(session::Column::AcceptedAt, first.into());
    }
    Ok(update.exec_with_returning(db).await?.into_iter().next())
}

/// Note an agent's message to the customer: the first one is what a report measures the time to
/// a person's first reply by (from `escalated_at`).
pub async fn note_agent_reply<C: ConnectionTrait>(
    db: &C,
    session_id: i64,
    agent: &str,
    at: chrono::DateTime<chrono::Utc>,
) -> Result<()> {
    use sea_orm::sea_query::Expr;
    session::Entity::update_many()
        .col_expr(session::Column::FirstAgentReplyAt, Expr::value(Some(at)))
        .col_expr(
            session::Column::FirstAgentReplyBy,
            Expr::value(Some(agent.to_owned())),
        )
        .filter(session::Column::Id.eq(session_id))
        .filter(session::Column::FirstAgentReplyAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

pub async fn get<C: ConnectionTrait>(db: &C, id: i64) -> Result<session::Model> {
    crate::db::by_key(session::Entity::find_by_id(id), db)
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
///
/// The INSERT computes the next `seq` itself, so two writers appending to one session at once
/// cannot take the same `seq` (a statement is atomic); the session's `updated_at` follows. On
/// SQLite both go to the connection in one call.
pub async fn append(
    db: &DatabaseConnection,
    session_id: i64,
    m: NewMessage,
) -> Result<message::Model> {
    let mut rows = append_all(db, session_id, vec![m]).await?;
    rows.pop()
        .ok_or_else(|| CoreError::Internal("the message insert returned no row".into()))
}

/// Append several messages in order, then the session's `updated_at`. The messages go in as one
/// INSERT, so all or none are stored without a transaction: a write transaction held the write
/// lock across four round trips to the connection, and under many sessions at once the other
/// writers waited on it. On SQLite the INSERT and the `updated_at` go in one call.
pub async fn append_all<C: ConnectionTrait>(
    db: &C,
    session_id: i64,
    messages: Vec<NewMessage>,
) -> Result<Vec<message::Model>> {
    if messages.is_empty() {
        return Ok(vec![]);
    }
    let backend = db.get_database_backend();
    let now = chrono::Utc::now();
    let (mut rows, statement) = insert_all(session_id, messages, now);
    let statements = vec![
        backend.build(&statement),
        backend.build(&touch(session_id, now)),
    ];
    let inserted = insert_retrying(db, statements).await?;
    if inserted.len() != rows.len() {
        return Err(CoreError::Internal(format!(
            "{} message inserts returned {} rows",
            rows.len(),
            inserted.len()
        )));
    }
    // RETURNING's order is not promised: the rows are matched by their `seq`, which follows the
    // order they were given in.
    let mut got = inserted
        .iter()
        .map(|r| Ok((r.try_get::<i32>("", "seq")?, r.try_get::<i64>("", "id")?)))
        .collect::<std::result::Result<Vec<_>, sea_orm::DbErr>>()?;
    got.sort_unstable();
    for (row, (seq, id)) in rows.iter_mut().zip(got) {
        row.id = id;
        row.seq = seq;
    }
    Ok(rows)
}

/// Most tries of an append that lost a race for its `seq`.
const APPEND_TRIES: usize = 20;

/// Run the append. SQLite has one writer at a time, so the `seq` a statement reads is still the
/// last when it inserts. On PostgreSQL two appends to one session can read the same last `seq`;
/// the unique index on `(session_id, seq)` turns the loser away with nothing stored, and it tries
/// again with a fresh read.
async fn insert_retrying<C: ConnectionTrait>(
    db: &C,
    statements: Vec<sea_orm::Statement>,
) -> Result<Vec<sea_orm::QueryResult>> {
    let mut tries = 0;
    loop {
        tries += 1;
        match crate::db::batch(db, statements.clone()).await {
            Err(e) if tries < APPEND_TRIES && lost_seq_race(&e) => {
                tokio::task::yield_now().await;
            }
            other => return Ok(other?),
        }
    }
}

/// The unique index on `(session_id, seq)` refused the row (m0001's `idx_messages_session_seq`).
fn lost_seq_race(e: &sea_orm::DbErr) -> bool {
    let text = e.to_string();
    text.contains("duplicate key value") && text.contains("idx_messages_session_seq")
}

/// The messages at the end of the session, in one statement: each row's `seq` is the session's
/// last `seq` (read by the same statement) plus its place in `messages`.
fn insert_all(
    session_id: i64,
    messages: Vec<NewMessage>,
    created_at: chrono::DateTime<chrono::Utc>,
) -> (Vec<message::Model>, sea_orm::sea_query::InsertStatement) {
    use message::Column as C;
    use sea_orm::ActiveEnum;
    use sea_orm::sea_query::{Alias, Expr, ExprTrait, Func, Query, SelectStatement, UnionType};
    let last_seq = Query::select()
        .expr_as(
            Func::coalesce([Expr::col(C::Seq).max(), Expr::val(0)]),
            Alias::new("s"),
        )
        .from(message::Entity)
        .and_where(Expr::col(C::SessionId).eq(session_id))
        .to_owned();
    let mut rows = Vec::with_capacity(messages.len());
    let mut values: Option<SelectStatement> = None;
    for (k, m) in messages.into_iter().enumerate() {
        let role = m.role.unwrap_or(MessageRole::System);
        let ledger = m
            .ledger
            .map(|l| serde_json::to_value(l).unwrap_or_default());
        let one = Query::select()
            .expr_as(Expr::val(k as i32 + 1), Alias::new("k"))
            .expr_as(Expr::val(role.to_value()), Alias::new("role"))
            .expr_as(Expr::val(m.content.clone()), Alias::new("content"))
            .expr_as(Expr::val(m.tool_name.clone()), Alias::new("tool_name"))
            .expr_as(
                Expr::val(m.tool_call_id.clone()),
                Alias::new("tool_call_id"),
            )
            .expr_as(
                Expr::val(m.tool_arguments.clone()),
                Alias::new("tool_arguments"),
            )
            .expr_as(Expr::val(m.tool_result.clone()), Alias::new("tool_result"))
            .expr_as(Expr::val(m.sentiment.clone()), Alias::new("sentiment"))
            .expr_as(Expr::val(ledger.clone()), Alias::new("ledger"))
            .to_owned();
        match &mut values {
            None => values = Some(one),
            Some(v) => {
                v.union(UnionType::All, one);
            }
        }
        rows.push(message::Model {
            id: 0,
            session_id,
            seq: 0,
            role,
            content: m.content,
            tool_name: m.tool_name,
            tool_call_id: m.tool_call_id,
            tool_arguments: m.tool_arguments,
            tool_result: m.tool_result,
            sentiment: m.sentiment,
            ledger,
            created_at,
        });
    }
    let values = values.expect("at least one message");
    let (base, v) = (Alias::new("base"), Alias::new("v"));
    let select = Query::select()
        .expr(Expr::val(session_id))
        .expr(
            Expr::col((base.clone(), Alias::new("s"))).add(Expr::col((v.clone(), Alias::new("k")))),
        )
        .columns(
            [
                "role",
                "content",
                "tool_name",
                "tool_call_id",
                "tool_arguments",
                "tool_result",
                "sentiment",
                "ledger",
            ]
            .map(|c| (v.clone(), Alias::new(c))),
        )
        .expr(Expr::val(created_at))
        .from_subquery(last_seq, base)
        .from_subquery(values, v)
        .to_owned();
    let insert = Query::insert()
        .into_table(message::Entity)
        .columns([
            C::SessionId,
            C::Seq,
            C::Role,
            C::Content,
            C::ToolName,
            C::ToolCallId,
            C::ToolArguments,
            C::ToolResult,
            C::Sentiment,
            C::Ledger,
            C::CreatedAt,
        ])
        .select_from(select)
        .expect("the select has one expression per column")
        .returning(Query::returning().columns([C::Id, C::Seq]))
        .to_owned();
    (rows, insert)
}

/// The session's `updated_at`: its last message.
fn touch(
    session_id: i64,
    at: chrono::DateTime<chrono::Utc>,
) -> sea_orm::sea_query::UpdateStatement {
    use sea_orm::sea_query::{Expr, ExprTrait, Query};
    Query::update()
        .table(session::Entity)
        .value(session::Column::UpdatedAt, at)
        .and_where(Expr::col(session::Column::Id).eq(session_id))
        .to_owned()
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

/// A message as a staff window shows it (the workspace): with an assistant answer's claim ledger
/// and a customer message's sentiment. The kiosk gets [`CustomerMessage`] instead, which has no
/// ledger to leak. Not the history's `TranscriptMessage`: that one is the versioned export's
/// (full-precision times, the tool call id, no sentiment), this one the live panel's (times to
/// the second like every view in `present`). Tool arguments and results stay JSON: their shape
/// is per tool (the model-facing contract in docs/tools.md).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MessageView {
    pub id: i64,
    pub seq: i32,
    pub role: MessageRole,
    pub content: String,
    pub tool_name: Option<String>,
    pub tool_arguments: Option<Value>,
    pub tool_result: Option<Value>,
    pub sentiment: Option<MessageSentiment>,
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
            role: m.role,
            content: m.content.clone(),
            tool_name: m.tool_name.clone(),
            tool_arguments: m.tool_arguments.clone(),
            tool_result: m.tool_result.clone(),
            sentiment: MessageSentiment::of(m.sentiment.as_ref()),
            created_at: crate::present::time(&m.created_at),
            ledger: stored_ledger(m),
        }
    }
}

/// A message as the kiosk shows it to the customer. Deliberately its own type, not a
/// [`MessageView`] with fields left empty: it has no field for the claim ledger (or anything else
/// that is for staff only), so no kiosk path can carry one — the kiosk's messages are only ever
/// built as this type, straight from the stored row.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CustomerMessage {
    pub id: i64,
    pub seq: i32,
    pub role: MessageRole,
    pub content: String,
    /// Always null: the customer never sees tool calls (kept so the kiosk's lists share one shape
    /// with [`MessageView`]).
    pub tool_name: Option<String>,
    pub tool_arguments: Option<Value>,
    pub tool_result: Option<Value>,
    pub sentiment: Option<MessageSentiment>,
    pub created_at: String,
}

impl From<&message::Model> for CustomerMessage {
    fn from(m: &message::Model) -> Self {
        CustomerMessage {
            id: m.id,
            seq: m.seq,
            role: m.role,
            content: m.content.clone(),
            tool_name: None,
            tool_arguments: None,
            tool_result: None,
            sentiment: MessageSentiment::of(m.sentiment.as_ref()),
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

#[cfg(test)]
mod append_tests {
    use super::*;
    use crate::core::testing::seeded;

    /// Writers appending to one session at once (the kiosk's turn, an agent's reply) each get
    /// their own `seq`, in one run with no gaps.
    #[tokio::test]
    async fn concurrent_appends_take_distinct_seqs() {
        let t = seeded().await;
        let s = create(&t.db, Channel::Kiosk, "professional", None)
            .await
            .unwrap();
        let mut tasks = vec![];
        for i in 0..24 {
            let db = t.db.clone();
            tasks.push(tokio::spawn(async move {
                append(
                    &db,
                    s.id,
                    NewMessage::text(MessageRole::Customer, format!("line {i}")),
                )
                .await
                .unwrap()
            }));
        }
        let mut seqs = vec![];
        for task in tasks {
            seqs.push(task.await.unwrap().seq);
        }
        seqs.sort();
        assert_eq!(seqs, (1..=24).collect::<Vec<_>>());
        let stored = messages(&t.db, s.id).await.unwrap();
        assert_eq!(stored.len(), 24);
        assert!(stored.iter().all(|m| m.content.starts_with("line ")));
    }

    /// Several rows appended at once keep their order and every field, each returned row carries
    /// the id and `seq` it was stored with, and groups written at the same time do not interleave.
    #[tokio::test]
    async fn a_group_of_rows_goes_in_whole_and_in_order() {
        let t = seeded().await;
        let s = create(&t.db, Channel::Kiosk, "professional", None)
            .await
            .unwrap();
        append(&t.db, s.id, NewMessage::text(MessageRole::Customer, "hi"))
            .await
            .unwrap();
        let group = |g: usize| {
            (0..3)
                .map(|k| NewMessage {
                    role: Some(if k < 2 {
                        MessageRole::Tool
                    } else {
                        MessageRole::Assistant
                    }),
                    content: format!("group {g} row {k}"),
                    tool_name: (k < 2).then(|| format!("tool{k}")),
                    tool_call_id: (k < 2).then(|| format!("call-{g}-{k}")),
                    tool_arguments: (k < 2).then(|| serde_json::json!({"g": g, "k": k})),
                    tool_result: (k < 2).then(|| serde_json::json!({"ok": true, "n": k})),
                    sentiment: None,
                    ledger: None,
                })
                .collect::<Vec<_>>()
        };
        let mut tasks = vec![];
        for g in 0..8 {
            let db = t.db.clone();
            let rows = group(g);
            tasks.push(tokio::spawn(async move {
                append_all(&db, s.id, rows).await.unwrap()
            }));
        }
        let mut returned = vec![];
        for task in tasks {
            returned.extend(task.await.unwrap());
        }
        let stored = messages(&t.db, s.id).await.unwrap();
        assert_eq!(stored.len(), 1 + 8 * 3);
        assert_eq!(
            stored.iter().map(|m| m.seq).collect::<Vec<_>>(),
            (1..=25).collect::<Vec<_>>()
        );
        for chunk in stored[1..].chunks(3) {
            let g = chunk[0].content.split(' ').nth(1).expect("group number");
            for (k, m) in chunk.iter().enumerate() {
                assert_eq!(m.content, format!("group {g} row {k}"), "{stored:#?}");
            }
            assert_eq!(
                chunk[0].tool_arguments,
                Some(serde_json::json!({"g": g.parse::<usize>().unwrap(), "k": 0}))
            );
            assert_eq!(
                chunk[1].tool_result,
                Some(serde_json::json!({"ok": true, "n": 1}))
            );
            assert_eq!(chunk[2].role, MessageRole::Assistant);
            assert_eq!(chunk[2].tool_name, None);
        }
        for r in &returned {
            let m = stored
                .iter()
                .find(|m| m.id == r.id)
                .expect("the returned id exists");
            assert_eq!((m.seq, &m.content, m.role), (r.seq, &r.content, r.role));
        }
    }
}
