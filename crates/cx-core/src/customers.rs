//! The customer record beside a transcript: profile, orders, tickets — read through policy.

use crate::db::entity::{customer, order, ticket};
use crate::error::{CoreError, Result};
use crate::policy::{Access, Actor, Policy};
use crate::present::{CustomerView, OrderView, ProfileView, TicketView};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CustomerRecord {
    pub customer: CustomerView,
    /// Newest first.
    pub orders: Vec<OrderView>,
    /// Newest first.
    pub tickets: Vec<TicketView>,
    /// Lifetime spend in cents (refunded orders excluded).
    pub total_spent_cents: i64,
    /// The aggregate profile (sessions, rates, sentiment, tier, risk flags), once a session closed.
    pub profile: Option<ProfileView>,
}

pub async fn record(
    db: &DatabaseConnection,
    policy: &Policy,
    actor: &Actor,
    customer_id: i64,
) -> Result<CustomerRecord> {
    policy.check(actor, Access::Command("get_customer"))?;
    for table in ["customers", "orders", "tickets"] {
        policy.check(actor, Access::Read(table))?;
    }
    policy.check(actor, Access::Customer(customer_id))?;
    let c = customer::Entity::find_by_id(customer_id)
        .one(db)
        .await?
        .ok_or_else(|| CoreError::not_found(format!("no customer {customer_id}")))?;
    let orders = order::Entity::find()
        .filter(order::Column::CustomerId.eq(customer_id))
        .order_by_desc(order::Column::CreatedAt)
        .all(db)
        .await?;
    let tickets = ticket::Entity::find()
        .filter(ticket::Column::CustomerId.eq(customer_id))
        .order_by_desc(ticket::Column::CreatedAt)
        .all(db)
        .await?;
    let total = orders
        .iter()
        .filter(|o| o.status != crate::db::entity::OrderStatus::Refunded)
        .map(|o| o.amount_cents)
        .sum();
    Ok(CustomerRecord {
        customer: CustomerView::from(&c),
        orders: orders.iter().map(OrderView::from).collect(),
        tickets: tickets.iter().map(TicketView::from).collect(),
        total_spent_cents: total,
        profile: crate::insights::profile(db, customer_id)
            .await?
            .as_ref()
            .map(ProfileView::from),
    })
}

/// All canned replies, by shortcut.
pub async fn canned_responses(
    db: &DatabaseConnection,
    policy: &Policy,
    actor: &Actor,
) -> Result<Vec<crate::db::entity::canned_response::Model>> {
    policy.check(actor, Access::Command("list_canned_responses"))?;
    Ok(crate::db::entity::canned_response::Entity::find()
        .order_by_asc(crate::db::entity::canned_response::Column::Shortcut)
        .all(db)
        .await?)
}
