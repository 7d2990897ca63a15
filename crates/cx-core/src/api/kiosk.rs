//! The kiosk's operations. The actor names the station (from the front end) and nothing else the
//! front end could forge: the session it may use and the customer verified in it come from the
//! database. A station may act only in the newest session it started, and only until it closes.

use super::authorize;
use crate::db::entity::{Channel, SessionStatus, session};
use crate::error::{CoreError, Result};
use crate::pending::Decision;
use crate::policy::{Actor, Role};
use crate::sessions::{self, CustomerMessage};
use crate::{Engine, Language, TurnOutcome};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

/// A new kiosk conversation at the actor's station (`channel`: the kiosk window, or the CLI's
/// terminal chat that plays the kiosk customer), in the language the customer chose (None:
/// English).
pub async fn start_session(
    engine: &Engine,
    actor: &Actor,
    channel: Channel,
    tone: Option<&str>,
    language: Option<Language>,
) -> Result<session::Model> {
    authorize(engine, actor, "kiosk_start_session")?;
    let station = station(actor)?;
    engine
        .start_session_at(channel, tone, Some(station), language.unwrap_or_default())
        .await
}

/// The customer's message: a whole turn.
pub async fn send_message(
    engine: &Engine,
    actor: &Actor,
    session_id: i64,
    text: &str,
) -> Result<TurnOutcome> {
    authorize(engine, actor, "kiosk_send_message")?;
    own_session(engine, actor, session_id).await?;
    Ok(for_customer(engine.customer_turn(session_id, text).await?))
}

/// The customer's Yes or No on a pending action of their session.
pub async fn decide_action(
    engine: &Engine,
    actor: &Actor,
    session_id: i64,
    action_id: i64,
    decision: Decision,
) -> Result<TurnOutcome> {
    authorize(engine, actor, "kiosk_decide_action")?;
    own_session(engine, actor, session_id).await?;
    Ok(for_customer(
        engine
            .customer_decides(session_id, action_id, decision)
            .await?,
    ))
}

/// "Talk to a person".
pub async fn request_human(engine: &Engine, actor: &Actor, session_id: i64) -> Result<TurnOutcome> {
    authorize(engine, actor, "kiosk_request_human")?;
    own_session(engine, actor, session_id).await?;
    Ok(for_customer(engine.request_human(session_id).await?))
}

/// The customer leaves (or the kiosk went idle): the session closes.
pub async fn end_session(engine: &Engine, actor: &Actor, session_id: i64) -> Result<()> {
    authorize(engine, actor, "kiosk_end_session")?;
    let acting = own_session(engine, actor, session_id).await?;
    engine.close(&acting, session_id).await?;
    Ok(())
}

/// The customer's answer to "How did we do?" after their session ended at this station (see
/// [`crate::csat`] for who may rate what, and when).
pub async fn rate_session(
    engine: &Engine,
    actor: &Actor,
    session_id: i64,
    score: u8,
    comment: Option<&str>,
) -> Result<crate::csat::Rating> {
    authorize(engine, actor, "kiosk_rate_session")?;
    crate::csat::rate(&engine.core.db, actor, session_id, score, comment).await
}

/// What the customer may see of their session after `after_seq`: [`CustomerMessage`]s, which
/// have no claim ledger.
pub async fn messages(
    engine: &Engine,
    actor: &Actor,
    session_id: i64,
    after_seq: i32,
) -> Result<Vec<CustomerMessage>> {
    authorize(engine, actor, "kiosk_messages")?;
    own_session(engine, actor, session_id).await?;
    sessions::customer_visible(&engine.core.db, session_id, after_seq).await
}

/// May the kiosk read its settings (idle timeout, kiosk mode)? The settings live in the shell.
pub fn settings(engine: &Engine, actor: &Actor) -> Result<()> {
    authorize(engine, actor, "kiosk_settings")
}

fn station(actor: &Actor) -> Result<&str> {
    actor
        .station
        .as_deref()
        .filter(|s| !s.trim().is_empty())
        .ok_or_else(|| CoreError::denied("a kiosk acts only from a named station"))
}

/// The actor in `session_id` if its station started that session, it is the station's newest,
/// and it is still open; the verified customer is the session's, from the database.
pub(crate) async fn own_session(engine: &Engine, actor: &Actor, session_id: i64) -> Result<Actor> {
    if actor.role != Role::KioskAssistant {
        return Err(CoreError::denied(
            "kiosk operations are for the kiosk assistant",
        ));
    }
    let station = station(actor)?;
    let not_yours = || {
        CoreError::denied(format!(
            "this station may only use the session it started (not session {session_id})"
        ))
    };
    // Unknown and foreign sessions get the same answer.
    let s = session::Entity::find_by_id(session_id)
        .one(&engine.core.db)
        .await?
        .filter(|s| s.station.as_deref() == Some(station))
        .ok_or_else(not_yours)?;
    if s.status == SessionStatus::Closed {
        return Err(CoreError::Refused(format!(
            "session {session_id} has ended; start a new one"
        )));
    }
    if s.channel == Channel::Kiosk {
        // One customer at a time: a kiosk's later session replaces its earlier ones.
        let newest = session::Entity::find()
            .filter(session::Column::Station.eq(station))
            .filter(session::Column::Channel.eq(Channel::Kiosk))
            .order_by_desc(session::Column::Id)
            .one(&engine.core.db)
            .await?
            .map(|n| n.id);
        if newest != Some(session_id) {
            return Err(not_yours());
        }
    }
    Ok(Actor {
        session_id: Some(session_id),
        verified_customer: s.customer_id.filter(|_| s.customer_verified),
        ..actor.clone()
    })
}

/// What a kiosk (or the CLI's kiosk chat) may see of a turn: escalation evidence is for staff —
/// it can hold the very answer the claim ledger held back.
pub fn for_customer(mut out: TurnOutcome) -> TurnOutcome {
    if let Some(e) = out.escalation.as_mut() {
        e.evidence = None;
    }
    out
}
