//! Opening tickets (an agent in the workspace, or after an escalation).

use crate::audit::{self, AuditActor};
use crate::db::entity::{TicketPriority, TicketStatus, customer, ticket};
use crate::error::{CoreError, Result};
use crate::policy::{Access, Actor, Policy};
use crate::present::ticket_json;
use sea_orm::{ActiveModelTrait, DatabaseConnection, EntityTrait, Set};

pub struct NewTicket {
    pub customer_id: i64,
    pub subject: String,
    pub description: String,
    pub priority: TicketPriority,
}

pub async fn create(
    db: &DatabaseConnection,
    policy: &Policy,
    actor: &Actor,
    t: NewTicket,
) -> Result<ticket::Model> {
    for column in ["subject", "description", "status", "priority"] {
        policy.check(
            actor,
            Access::Write {
                table: "tickets",
                column,
            },
        )?;
    }
    policy.check(actor, Access::Customer(t.customer_id))?;
    let subject = t.subject.trim();
    if subject.is_empty() || subject.chars().count() > 200 {
        return Err(CoreError::invalid(
            "a ticket subject is 1 to 200 characters",
        ));
    }
    if t.description.chars().count() > 10_000 {
        return Err(CoreError::invalid(
            "a ticket description is at most 10000 characters",
        ));
    }
    let txn = crate::db::begin_write(db).await?;
    customer::Entity::find_by_id(t.customer_id)
        .one(&txn)
        .await?
        .ok_or_else(|| CoreError::not_found(format!("no customer {}", t.customer_id)))?;
    let now = chrono::Utc::now();
    let row = ticket::ActiveModel {
        customer_id: Set(t.customer_id),
        subject: Set(subject.to_owned()),
        description: Set(t.description),
        status: Set(TicketStatus::Open),
        priority: Set(t.priority),
        assignee: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        &AuditActor::from_actor(actor),
        "create_ticket",
        "tickets",
        row.id,
        None,
        Some(ticket_json(&row)),
    )
    .await?;
    txn.commit().await?;
    Ok(row)
}
