//! Pending actions: writes asked for by the kiosk assistant or the co-pilot wait here until a
//! person decides. Only a confirmation applies the write, audited as the person who confirmed.

use crate::audit::{self, AuditActor};
use crate::config::WriteConfirmation;
use crate::db::entity::{PendingState, pending_action, session};
use crate::error::{CoreError, Result};
use crate::policy::{Access, Actor, Policy, Role};
use crate::tools::write::{apply_confirmed, pending_json};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, Set,
};
use serde::{Deserialize, Serialize};
use serde_json::Value;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    Confirm,
    Reject,
}

/// A pending action as a turn's outcome (the CLI's JSON lines) and the windows show it. The
/// arguments are the tool's own (per tool: the model-facing contract in docs/tools.md).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PendingView {
    pub id: i64,
    pub tool: String,
    pub arguments: Value,
    pub state: PendingState,
}

impl From<&pending_action::Model> for PendingView {
    fn from(p: &pending_action::Model) -> Self {
        PendingView {
            id: p.id,
            tool: p.tool.clone(),
            arguments: p.arguments.clone(),
            state: p.state,
        }
    }
}

/// Who decides: the customer at the kiosk (for their own session's actions), or a person on staff.
#[derive(Debug, Clone)]
pub enum Decider {
    Customer { session_id: i64 },
    Staff(Actor),
}

/// Confirm or reject a proposed action. A confirmation whose write no longer passes its checks
/// fails with the reason and leaves the action proposed.
pub async fn decide(
    db: &DatabaseConnection,
    policy: &Policy,
    action_id: i64,
    decision: Decision,
    decider: &Decider,
) -> Result<pending_action::Model> {
    let txn = crate::db::begin_write(db).await?;
    let action = pending_action::Entity::find_by_id(action_id)
        .one(&txn)
        .await?
        .ok_or_else(|| CoreError::not_found(format!("no pending action {action_id}")))?;
    let open = session::Entity::find_by_id(action.session_id)
        .one(&txn)
        .await?
        .is_some_and(|s| s.status != crate::db::entity::SessionStatus::Closed);
    if !open {
        return Err(CoreError::Refused(format!(
            "pending action {action_id} belongs to a session that has ended"
        )));
    }
    if action.state != PendingState::Proposed {
        return Err(CoreError::Refused(format!(
            "pending action {action_id} was already {}",
            action.state
        )));
    }
    let proposer = Role::parse(&action.proposed_by).ok_or_else(|| {
        CoreError::denied(format!("unknown proposer role {}", action.proposed_by))
    })?;
    let needs = policy.write_confirmation(proposer);
    let (policy_actor, who) = match decider {
        Decider::Customer { session_id } => {
            if needs != WriteConfirmation::Customer || action.session_id != *session_id {
                return Err(CoreError::denied(format!(
                    "pending action {action_id} is not this customer's to decide"
                )));
            }
            let s = session::Entity::find_by_id(*session_id)
                .one(&txn)
                .await?
                .ok_or_else(|| CoreError::not_found(format!("no session {session_id}")))?;
            let customer = s
                .customer_id
                .filter(|_| s.customer_verified)
                .ok_or_else(|| CoreError::denied("the customer is not verified"))?;
            (
                Actor::kiosk(*session_id, Some(customer)),
                AuditActor::customer(customer, *session_id),
            )
        }
        Decider::Staff(actor) => {
            policy.check(actor, Access::Command("decide_action"))?;
            if needs != WriteConfirmation::Agent {
                return Err(CoreError::denied(format!(
                    "pending action {action_id} waits for the customer's own confirmation"
                )));
            }
            let mut who = AuditActor::from_actor(actor);
            who.session_id = Some(action.session_id);
            (actor.clone(), who)
        }
    };
    let before = pending_json(&action);
    let mut am: pending_action::ActiveModel = action.clone().into();
    am.decided_by = Set(who.id.clone().or_else(|| Some(who.role.clone())));
    am.decided_at = Set(Some(chrono::Utc::now()));
    match decision {
        Decision::Confirm => {
            // The confirmer is a person; apply as them, never as another pending proposal.
            let result = apply_confirmed(&txn, policy, &policy_actor, &who, &action)
                .await
                .map_err(CoreError::from)?;
            am.state = Set(PendingState::Confirmed);
            am.result = Set(Some(result));
        }
        Decision::Reject => am.state = Set(PendingState::Rejected),
    }
    let updated = am.update(&txn).await?;
    let verb = if decision == Decision::Confirm {
        "confirm"
    } else {
        "reject"
    };
    audit::record(
        &txn,
        &who,
        verb,
        "pending_actions",
        updated.id,
        Some(before),
        Some(pending_json(&updated)),
    )
    .await?;
    txn.commit().await?;
    tracing::info!(action = action_id, ?decision, by = ?who.id, "pending action decided");
    Ok(updated)
}

/// Expire the session's undecided actions (it closed: nobody may decide them any more), audited.
pub async fn expire_open(
    db: &DatabaseConnection,
    session_id: i64,
) -> Result<Vec<pending_action::Model>> {
    expire(db, session_id, None).await
}

/// Withdraw undecided actions proposed in a turn whose answer the customer never saw (held back,
/// or the model failed after proposing): a Yes must confirm what was explained. Audited as
/// expired.
pub async fn withdraw(
    db: &DatabaseConnection,
    session_id: i64,
    ids: &[i64],
) -> Result<Vec<pending_action::Model>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    expire(db, session_id, Some(ids)).await
}

async fn expire(
    db: &DatabaseConnection,
    session_id: i64,
    only: Option<&[i64]>,
) -> Result<Vec<pending_action::Model>> {
    let txn = crate::db::begin_write(db).await?;
    let mut open = pending_action::Entity::find()
        .filter(pending_action::Column::SessionId.eq(session_id))
        .filter(pending_action::Column::State.eq(PendingState::Proposed));
    if let Some(ids) = only {
        open = open.filter(pending_action::Column::Id.is_in(ids.iter().copied()));
    }
    let open = open.all(&txn).await?;
    let who = AuditActor {
        role: "system".into(),
        id: Some(format!("session:{session_id}")),
        session_id: Some(session_id),
    };
    let mut expired = Vec::with_capacity(open.len());
    for action in open {
        let before = pending_json(&action);
        let mut am: pending_action::ActiveModel = action.into();
        am.state = Set(PendingState::Expired);
        am.decided_at = Set(Some(chrono::Utc::now()));
        let row = am.update(&txn).await?;
        let after = pending_json(&row);
        audit::record(
            &txn,
            &who,
            "expire",
            "pending_actions",
            row.id,
            Some(before),
            Some(after),
        )
        .await?;
        expired.push(row);
    }
    txn.commit().await?;
    Ok(expired)
}

/// A session's pending actions, oldest first.
pub async fn for_session<C: sea_orm::ConnectionTrait>(
    db: &C,
    session_id: i64,
) -> Result<Vec<pending_action::Model>> {
    Ok(pending_action::Entity::find()
        .filter(pending_action::Column::SessionId.eq(session_id))
        .order_by_asc(pending_action::Column::Id)
        .all(db)
        .await?)
}
