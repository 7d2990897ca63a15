//! The agent workspace's operations: the queue, a session's transcript, taking, answering,
//! handing back and closing sessions, decisions on co-pilot proposals, the customer record and the
//! actions on it, and the audit log.

use super::{authorize, sees_personal_data};
use crate::agent::{Suggestion, ToolCallView};
use crate::customers::{self, CustomerRecord};
use crate::db::entity::{audit_log, message, session};
use crate::error::Result;
use crate::history::{self, Transcript};
use crate::pending::Decision;
use crate::policy::{Access, Actor};
use crate::queue::{self, Queue};
use crate::sessions::{self, MessageView};
use crate::{Engine, TurnOutcome, tools};
use sea_orm::{EntityTrait, QueryOrder, QuerySelect};
use serde_json::{Value, json};

pub async fn list_queue(engine: &Engine, actor: &Actor) -> Result<Queue> {
    authorize(engine, actor, "list_queue")?;
    let core = &engine.core;
    queue::list(&core.db, &core.policy, actor, chrono::Utc::now()).await
}

/// A session's transcript (personal data masked for roles that may not read customers).
pub async fn get_session(engine: &Engine, actor: &Actor, session_id: i64) -> Result<Transcript> {
    authorize(engine, actor, "get_session")?;
    let mut t = history::show(&engine.core.db, session_id).await?;
    if !sees_personal_data(engine, actor) {
        history::mask_transcript(&mut t);
    }
    Ok(t)
}

/// A session's messages with their sentiment (the trend markers).
pub async fn session_messages(
    engine: &Engine,
    actor: &Actor,
    session_id: i64,
) -> Result<Vec<MessageView>> {
    authorize(engine, actor, "get_session_messages")?;
    sessions::get(&engine.core.db, session_id).await?;
    let rows = sessions::messages(&engine.core.db, session_id).await?;
    let open = sees_personal_data(engine, actor);
    Ok(rows.iter().map(|m| message_view(m, open)).collect())
}

fn message_view(m: &message::Model, open: bool) -> MessageView {
    let mut v = MessageView::from(m);
    if !open {
        v.content = history::mask_text(&v.content);
        v.tool_arguments = None;
        v.tool_result = None;
        if let Some(l) = &mut v.ledger {
            history::mask_ledger(l);
        }
    }
    v
}

pub async fn accept(engine: &Engine, actor: &Actor, session_id: i64) -> Result<session::Model> {
    authorize(engine, actor, "accept_session")?;
    engine.accept(actor, session_id).await
}

pub async fn release(engine: &Engine, actor: &Actor, session_id: i64) -> Result<session::Model> {
    authorize(engine, actor, "release_session")?;
    engine.release(actor, session_id).await
}

/// Close a session: it ends for the kiosk too (it reads and decides nothing of it afterwards) and
/// its undecided actions expire.
pub async fn close(engine: &Engine, actor: &Actor, session_id: i64) -> Result<session::Model> {
    authorize(engine, actor, "close_session")?;
    engine.close(actor, session_id).await
}

pub async fn send_agent_message(
    engine: &Engine,
    actor: &Actor,
    session_id: i64,
    text: &str,
) -> Result<MessageView> {
    authorize(engine, actor, "send_agent_message")?;
    let m = engine.agent_reply(actor, session_id, text).await?;
    Ok(MessageView::from(&m))
}

pub async fn suggest_replies(
    engine: &Engine,
    actor: &Actor,
    session_id: i64,
) -> Result<Vec<Suggestion>> {
    authorize(engine, actor, "suggest_replies")?;
    engine.suggest_replies(actor, session_id).await
}

/// An agent approves or rejects a co-pilot proposal.
pub async fn decide_action(
    engine: &Engine,
    actor: &Actor,
    action_id: i64,
    decision: Decision,
) -> Result<TurnOutcome> {
    authorize(engine, actor, "decide_action")?;
    engine.staff_decides(actor, action_id, decision).await
}

pub async fn set_tone(
    engine: &Engine,
    actor: &Actor,
    session_id: i64,
    tone: &str,
) -> Result<session::Model> {
    authorize(engine, actor, "set_session_tone")?;
    engine.set_tone(actor, session_id, tone).await
}

pub async fn get_customer(
    engine: &Engine,
    actor: &Actor,
    customer_id: i64,
) -> Result<CustomerRecord> {
    authorize(engine, actor, "get_customer")?;
    let core = &engine.core;
    customers::record(&core.db, &core.policy, actor, customer_id).await
}

/// A ticket's status, as the agent: the same tool the assistant calls (policy, audit included).
pub async fn update_ticket(
    engine: &Engine,
    actor: &Actor,
    ticket_id: i64,
    status: &str,
) -> Result<ToolCallView> {
    authorize(engine, actor, "update_ticket")?;
    run_tool(
        engine,
        actor,
        "update_ticket",
        json!({ "ticket_id": ticket_id, "status": status }),
    )
    .await
}

pub async fn flag_refund(
    engine: &Engine,
    actor: &Actor,
    order_id: i64,
    reason: Option<&str>,
) -> Result<ToolCallView> {
    authorize(engine, actor, "flag_refund")?;
    let mut args = json!({ "order_id": order_id });
    if let Some(r) = reason.map(str::trim).filter(|r| !r.is_empty()) {
        args["reason"] = Value::String(r.to_owned());
    }
    run_tool(engine, actor, "flag_refund", args).await
}

pub async fn update_customer_email(
    engine: &Engine,
    actor: &Actor,
    customer_id: i64,
    new_email: &str,
) -> Result<ToolCallView> {
    authorize(engine, actor, "update_customer_email")?;
    run_tool(
        engine,
        actor,
        "update_user_email",
        json!({ "customer_id": customer_id, "new_email": new_email }),
    )
    .await
}

/// A tool run as a person: its error becomes the operation's error.
async fn run_tool(engine: &Engine, actor: &Actor, tool: &str, args: Value) -> Result<ToolCallView> {
    let out = tools::execute(engine.core.tool_env(), actor, tool, &args.to_string()).await;
    if let Some(e) = out.error {
        return Err(e.into());
    }
    Ok(ToolCallView {
        name: out.name,
        arguments: out.arguments,
        result: out.result,
    })
}

/// The newest audit rows (supervisors).
pub async fn read_audit_log(
    engine: &Engine,
    actor: &Actor,
    limit: u64,
) -> Result<Vec<audit_log::Model>> {
    authorize(engine, actor, "read_audit_log")?;
    engine.core.policy.check(actor, Access::Read("audit_log"))?;
    Ok(audit_log::Entity::find()
        .order_by_desc(audit_log::Column::Id)
        .limit(limit.clamp(1, 1000))
        .all(&engine.core.db)
        .await?)
}
