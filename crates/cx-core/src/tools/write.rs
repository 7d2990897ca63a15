//! The write tools. A write is first *planned* (arguments, scope, permissions, business rules);
//! then, depending on who asks, applied at once in a transaction with an audit row, or stored as
//! a pending action that a person confirms. Confirmation plans again, so a stale proposal fails.

use super::args::*;
use super::{Done, ToolEnv, ToolError, parse};
use crate::audit::{self, AuditActor};
use crate::config::{Scope, WriteConfirmation};
use crate::db::entity::{OrderStatus, PendingState, customer, order, pending_action, ticket};
use crate::policy::{Access, Actor, Policy};
use crate::present::{customer_json, order_json, ticket_json};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use serde_json::{Value, json};

fn internal(e: impl std::fmt::Display) -> ToolError {
    ToolError::new("internal", format!("a database error occurred: {e}"))
}

/// A write that passed every check and can be applied.
enum Plan {
    Ticket {
        before: ticket::Model,
        args: UpdateTicketArgs,
    },
    Email {
        before: customer::Model,
        new_email: String,
    },
    Refund {
        before: order::Model,
        reason: Option<String>,
    },
}

async fn plan<C: ConnectionTrait>(
    conn: &C,
    policy: &Policy,
    actor: &Actor,
    name: &str,
    args: &Value,
) -> Result<Plan, ToolError> {
    let scoped = policy.scope(actor.role) == Scope::VerifiedCustomer;
    if scoped && actor.verified_customer.is_none() {
        return Err(ToolError::not_verified());
    }
    let allow = |access| policy.check(actor, access).map_err(ToolError::from);
    match name {
        "update_ticket" => {
            let a: UpdateTicketArgs = parse(name, args)?;
            allow(Access::Write {
                table: "tickets",
                column: "status",
            })?;
            if a.assignee.is_some() {
                allow(Access::Write {
                    table: "tickets",
                    column: "assignee",
                })?;
            }
            let t = ticket::Entity::find_by_id(a.ticket_id)
                .one(conn)
                .await
                .map_err(internal)?
                .ok_or_else(|| {
                    ToolError::new("not_found", format!("No ticket {} was found.", a.ticket_id))
                })?;
            allow(Access::Customer(t.customer_id))?;
            if t.status == a.status && a.assignee.is_none() {
                return Err(ToolError::new(
                    "refused",
                    format!("Ticket {} is already {}.", t.id, t.status),
                ));
            }
            Ok(Plan::Ticket { before: t, args: a })
        }
        "update_user_email" => {
            let a: UpdateUserEmailArgs = parse(name, args)?;
            allow(Access::Write {
                table: "customers",
                column: "email",
            })?;
            let id = a.customer_id.or(actor.verified_customer).ok_or_else(|| {
                ToolError::new("invalid_arguments", "update_user_email needs customer_id")
            })?;
            allow(Access::Customer(id))?;
            let new_email = crate::validate::email(&a.new_email).map_err(ToolError::from)?;
            let c = customer::Entity::find_by_id(id)
                .one(conn)
                .await
                .map_err(internal)?
                .ok_or_else(|| {
                    ToolError::new("not_found", format!("No customer {id} was found."))
                })?;
            if c.email == new_email {
                return Err(ToolError::new(
                    "refused",
                    "That is already the email address on the account.",
                ));
            }
            let taken = customer::Entity::find()
                .filter(customer::Column::Email.eq(new_email.clone()))
                .one(conn)
                .await
                .map_err(internal)?
                .is_some();
            if taken {
                return Err(ToolError::new(
                    "refused",
                    "That email address cannot be used for this account.",
                ));
            }
            Ok(Plan::Email {
                before: c,
                new_email,
            })
        }
        "flag_refund" => {
            let a: FlagRefundArgs = parse(name, args)?;
            allow(Access::Write {
                table: "orders",
                column: "status",
            })?;
            let o = order::Entity::find_by_id(a.order_id)
                .one(conn)
                .await
                .map_err(internal)?
                .ok_or_else(|| {
                    ToolError::new("not_found", format!("No order {} was found.", a.order_id))
                })?;
            allow(Access::Customer(o.customer_id))?;
            let why = match o.status {
                OrderStatus::Pending => Some(format!(
                    "Order {} has not shipped yet, so there is nothing to refund; it can be cancelled instead.",
                    o.id
                )),
                OrderStatus::Refunded => Some(format!("Order {} has already been refunded.", o.id)),
                OrderStatus::RefundRequested => Some(format!(
                    "A refund for order {} was already requested.",
                    o.id
                )),
                OrderStatus::Shipped | OrderStatus::Delivered => None,
            };
            if let Some(why) = why {
                return Err(ToolError::new("refused", why));
            }
            Ok(Plan::Refund {
                before: o,
                reason: a.reason,
            })
        }
        other => Err(ToolError::new(
            "unknown_tool",
            format!("{other} is not a write tool"),
        )),
    }
}

/// Apply a planned write inside `txn`, with its audit row. Returns the tool result.
async fn apply_plan<C: ConnectionTrait>(
    txn: &C,
    plan: Plan,
    who: &AuditActor,
    action: &str,
) -> Result<Value, ToolError> {
    let now = chrono::Utc::now();
    let audit_err = |e: crate::error::CoreError| ToolError::new("internal", e.to_string());
    match plan {
        Plan::Ticket { before, args } => {
            let mut am: ticket::ActiveModel = before.clone().into();
            am.status = Set(args.status);
            if let Some(a) = args.assignee {
                am.assignee = Set(Some(a));
            }
            am.updated_at = Set(now);
            let after = am.update(txn).await.map_err(internal)?;
            audit::record(
                txn,
                who,
                action,
                "tickets",
                after.id,
                Some(ticket_json(&before)),
                Some(ticket_json(&after)),
            )
            .await
            .map_err(audit_err)?;
            Ok(json!({ "applied": true, "ticket": ticket_json(&after) }))
        }
        Plan::Email { before, new_email } => {
            let mut am: customer::ActiveModel = before.clone().into();
            am.email = Set(new_email);
            am.updated_at = Set(now);
            let after = am.update(txn).await.map_err(internal)?;
            audit::record(
                txn,
                who,
                action,
                "customers",
                after.id,
                Some(customer_json(&before)),
                Some(customer_json(&after)),
            )
            .await
            .map_err(audit_err)?;
            Ok(json!({ "applied": true, "customer": customer_json(&after) }))
        }
        Plan::Refund { before, reason } => {
            let mut am: order::ActiveModel = before.clone().into();
            am.status = Set(OrderStatus::RefundRequested);
            am.updated_at = Set(now);
            let after = am.update(txn).await.map_err(internal)?;
            let mut after_json = order_json(&after);
            if let Some(r) = &reason {
                after_json["refund_reason"] = Value::String(r.clone());
            }
            audit::record(
                txn,
                who,
                action,
                "orders",
                after.id,
                Some(order_json(&before)),
                Some(after_json),
            )
            .await
            .map_err(audit_err)?;
            Ok(json!({ "applied": true, "order": order_json(&after) }))
        }
    }
}

/// A write tool called by the model (or by a person through a command).
pub(super) async fn request(
    env: ToolEnv<'_>,
    actor: &Actor,
    name: &str,
    args: &Value,
) -> Result<Done, ToolError> {
    let planned = plan(env.db, env.policy, actor, name, args).await?;
    let confirmation = env.policy.write_confirmation(actor.role);
    let txn = crate::db::begin_write(env.db).await.map_err(internal)?;
    let done = match confirmation {
        WriteConfirmation::None => {
            let result = apply_plan(&txn, planned, &AuditActor::from_actor(actor), name).await?;
            Done::value(result)
        }
        WriteConfirmation::Customer | WriteConfirmation::Agent => {
            let session_id = actor.session_id.ok_or_else(|| {
                ToolError::new("invalid_arguments", "a proposed change needs a session")
            })?;
            let row = pending_action::ActiveModel {
                session_id: Set(session_id),
                tool: Set(name.to_owned()),
                arguments: Set(args.clone()),
                proposed_by: Set(actor.role.as_str().to_owned()),
                state: Set(PendingState::Proposed),
                created_at: Set(chrono::Utc::now()),
                ..Default::default()
            }
            .insert(&txn)
            .await
            .map_err(internal)?;
            let view = pending_json(&row);
            audit::record(
                &txn,
                &AuditActor::from_actor(actor),
                "propose",
                "pending_actions",
                row.id,
                None,
                Some(view.clone()),
            )
            .await
            .map_err(|e| ToolError::new("internal", e.to_string()))?;
            let who = if confirmation == WriteConfirmation::Customer {
                "the customer's"
            } else {
                "an agent's"
            };
            Done {
                pending_action_id: Some(row.id),
                ..Done::value(json!({
                    "applied": false,
                    "pending_action": view,
                    "message": format!("Not changed yet: waiting for {who} confirmation."),
                }))
            }
        }
    };
    txn.commit().await.map_err(internal)?;
    Ok(done)
}

pub fn pending_json(p: &pending_action::Model) -> Value {
    json!({ "id": p.id, "tool": p.tool, "arguments": p.arguments, "state": p.state })
}

/// Apply a confirmed pending action's write in `txn`: planned again as `policy_actor` (the rules
/// of the moment apply), audited as `who`.
pub(crate) async fn apply_confirmed<C: ConnectionTrait>(
    txn: &C,
    policy: &Policy,
    policy_actor: &Actor,
    who: &AuditActor,
    action: &pending_action::Model,
) -> Result<Value, ToolError> {
    let planned = plan(txn, policy, policy_actor, &action.tool, &action.arguments).await?;
    let label = format!("{} (confirmed pending action {})", action.tool, action.id);
    apply_plan(txn, planned, who, &label).await
}
