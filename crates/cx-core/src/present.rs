//! The JSON views of records that tools return and the UI shows (see docs/tools.md).

use crate::db::entity::{customer, order, ticket};
use crate::money::format_cents;
use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{Value, json};

pub fn time(t: &DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

pub fn customer_json(c: &customer::Model) -> Value {
    json!({
        "id": c.id, "name": c.name, "email": c.email, "phone": c.phone,
        "created_at": time(&c.created_at),
    })
}

pub fn order_json(o: &order::Model) -> Value {
    json!({
        "id": o.id, "customer_id": o.customer_id, "product": o.product,
        "amount_cents": o.amount_cents, "amount": format_cents(o.amount_cents),
        "status": o.status, "tracking_number": o.tracking_number,
        "created_at": time(&o.created_at), "updated_at": time(&o.updated_at),
    })
}

pub fn ticket_json(t: &ticket::Model) -> Value {
    json!({
        "id": t.id, "customer_id": t.customer_id, "subject": t.subject,
        "description": t.description, "status": t.status, "priority": t.priority,
        "assignee": t.assignee,
        "created_at": time(&t.created_at), "updated_at": time(&t.updated_at),
    })
}
