//! The read tools and verification. At the kiosk every read is limited to the verified customer,
//! and before verification nothing personal leaves — not even whether an email exists.

use super::args::*;
use super::{Done, ToolEnv, ToolError, parse};
use crate::audit::{self, AuditActor};
use crate::config::{Scope, VerificationFactor};
use crate::db::entity::{customer, order, session, ticket};
use crate::policy::{Access, Actor};
use crate::present::{customer_json, order_json, ticket_json};
use crate::verification;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use serde_json::{Value, json};

/// Most records one read returns.
const LIST_LIMIT: u64 = 25;

/// The same words for an unknown email and a wrong second fact.
const NOT_VERIFIED: &str = "Those details do not match our records.";

fn internal(e: impl std::fmt::Display) -> ToolError {
    ToolError::new("internal", format!("a database error occurred: {e}"))
}

fn scoped(env: ToolEnv<'_>, actor: &Actor) -> bool {
    env.policy.scope(actor.role) == Scope::VerifiedCustomer
}

/// For a scoped role: the verified customer, or a not-verified error. For others: None.
fn verified(env: ToolEnv<'_>, actor: &Actor) -> Result<Option<i64>, ToolError> {
    if !scoped(env, actor) {
        return Ok(None);
    }
    actor
        .verified_customer
        .map(Some)
        .ok_or_else(ToolError::not_verified)
}

fn check(env: ToolEnv<'_>, actor: &Actor, access: Access<'_>) -> Result<(), ToolError> {
    env.policy.check(actor, access).map_err(ToolError::from)
}

pub(super) async fn lookup_user(
    env: ToolEnv<'_>,
    actor: &Actor,
    args: &Value,
) -> Result<Done, ToolError> {
    let a: LookupUserArgs = parse("lookup_user", args)?;
    let mine = verified(env, actor)?;
    check(env, actor, Access::Read("customers"))?;
    let query = match (&a.email, a.customer_id) {
        (Some(email), _) => {
            let email = crate::validate::email(email).map_err(ToolError::from)?;
            customer::Entity::find().filter(customer::Column::Email.eq(email))
        }
        (None, Some(id)) => customer::Entity::find_by_id(id),
        (None, None) => match mine {
            Some(id) => customer::Entity::find_by_id(id),
            None => {
                return Err(ToolError::new(
                    "invalid_arguments",
                    "give an email or a customer_id",
                ));
            }
        },
    };
    let found = query.one(env.db).await.map_err(internal)?;
    match found {
        // A scoped role gets the same denial whether another account exists or not.
        Some(c) if mine.is_some_and(|m| m != c.id) => Err(denied_other()),
        None if mine.is_some() => Err(denied_other()),
        Some(c) => {
            check(env, actor, Access::Customer(c.id))?;
            Ok(Done::value(
                json!({ "found": true, "customer": customer_json(&c) }),
            ))
        }
        None => Ok(Done {
            empty: true,
            ..Done::value(
                json!({ "found": false, "message": "No customer matches that email or id." }),
            )
        }),
    }
}

fn denied_other() -> ToolError {
    ToolError::new(
        "denied",
        "Only the verified customer's own account can be looked up.",
    )
}

pub(super) async fn verify_customer(
    env: ToolEnv<'_>,
    actor: &Actor,
    args: &Value,
) -> Result<Done, ToolError> {
    let a: VerifyCustomerArgs = parse("verify_customer", args)?;
    let factors = &env.limits.verification;
    let phone_given = a.phone_last4.is_some() && factors.accepts(VerificationFactor::PhoneLast4);
    let order_given = a.order_id.is_some() && factors.accepts(VerificationFactor::OrderId);
    if !phone_given && !order_given {
        return Err(ToolError::new(
            "invalid_arguments",
            format!("verify_customer needs the email plus {}", factor_words(env)),
        ));
    }
    let last4 = match a.phone_last4.as_deref().filter(|_| phone_given) {
        Some(p) => Some(last_four(p)?),
        None => None,
    };
    let now = chrono::Utc::now();
    let email = crate::validate::email(&a.email).ok();
    let attempt = verification::Attempt::new(
        email.as_deref(),
        actor.station.as_deref().unwrap_or("unknown"),
        actor.session_id,
    );
    // A locked identity or station (or a session past its limit) is answered exactly like a
    // mismatch: no oracle.
    let (session_failures, mut locked) = verification::standing(env.db, &attempt, now)
        .await
        .map_err(internal)?;
    if session_failures >= u64::from(env.limits.max_verification_attempts) {
        locked.push(verification::LockKind::Session);
    }
    let matched = match (&email, locked.is_empty()) {
        (Some(e), true) => {
            matching_customer(env, e, last4.as_deref(), a.order_id.filter(|_| order_given)).await?
        }
        _ => None,
    };
    let Some(c) = matched else {
        return failed_attempt(env, actor, &attempt, session_failures, now).await;
    };
    if let Some(sid) = actor.session_id {
        mark_verified(env, actor, sid, c.id).await?;
    }
    Ok(Done {
        verified_customer: Some(c.id),
        ..Done::value(json!({ "verified": true, "customer": { "id": c.id, "name": c.name } }))
    })
}

/// How the tool asks for the second fact, as configured.
fn factor_words(env: ToolEnv<'_>) -> &'static str {
    let v = &env.limits.verification;
    match (
        v.accepts(VerificationFactor::PhoneLast4),
        v.accepts(VerificationFactor::OrderId),
    ) {
        (true, true) => "phone_last4 (or order_id)",
        (false, true) => "order_id",
        _ => "phone_last4",
    }
}

fn last_four(p: &str) -> Result<String, ToolError> {
    let digits: String = p.chars().filter(char::is_ascii_digit).collect();
    if digits.len() < 4 {
        return Err(ToolError::new(
            "invalid_arguments",
            "phone_last4 must be four digits",
        ));
    }
    Ok(digits[digits.len() - 4..].to_owned())
}

/// The customer with this email whose phone ends in `last4` or who placed `order_id`.
async fn matching_customer(
    env: ToolEnv<'_>,
    email: &str,
    last4: Option<&str>,
    order_id: Option<i64>,
) -> Result<Option<customer::Model>, ToolError> {
    // Emails are unique: a key.
    let Some(c) = crate::db::by_key(
        customer::Entity::find().filter(customer::Column::Email.eq(email)),
        env.db,
    )
    .await
    .map_err(internal)?
    else {
        return Ok(None);
    };
    let phone_ok = match (last4, &c.phone) {
        (Some(l4), Some(phone)) => {
            let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
            digits.ends_with(l4)
        }
        _ => false,
    };
    let order_ok = match order_id {
        Some(oid) => crate::db::by_key(order::Entity::find_by_id(oid), env.db)
            .await
            .map_err(internal)?
            .is_some_and(|o| o.customer_id == c.id),
        None => false,
    };
    Ok((phone_ok || order_ok).then_some(c))
}

/// Count the failure (identity, station, session) with its audit row; past a limit, the evidence
/// of the lockout for the escalation — counts only, never what was guessed.
async fn failed_attempt(
    env: ToolEnv<'_>,
    actor: &Actor,
    attempt: &verification::Attempt,
    session_failures: u64,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Done, ToolError> {
    let txn = crate::db::begin_write(env.db).await.map_err(internal)?;
    let failures = verification::record_failure(
        &txn,
        &env.limits.verification,
        env.limits.max_verification_attempts,
        attempt,
        session_failures,
        now,
    )
    .await
    .map_err(internal)?;
    // Read again inside the write transaction: the locks in force now, this one included.
    let locked = failures.locked;
    let counts = json!({
        "session_failures": failures.session,
        "identity_failures": failures.identity,
        "station_failures": failures.station,
        "locked": locked,
    });
    audit::record(
        &txn,
        &AuditActor::from_actor(actor),
        verification::FAILED_ACTION,
        "sessions",
        actor.session_id.unwrap_or(0),
        None,
        Some(counts.clone()),
    )
    .await
    .map_err(|e| ToolError::new("internal", e.to_string()))?;
    txn.commit().await.map_err(internal)?;
    let lockout = (!locked.is_empty()).then(|| {
        json!({
            "failed_attempts": counts,
            "window_minutes": env.limits.verification.window_minutes,
            "lock_minutes": env.limits.verification.lock_minutes,
        })
    });
    Ok(Done {
        lockout,
        ..Done::value(json!({ "verified": false, "message": NOT_VERIFIED }))
    })
}

/// The session's customer from now on, audited. Verifying again the customer the session has
/// verified already changes nothing: only its audit row is written, in one statement that
/// checks the session still is so.
async fn mark_verified(
    env: ToolEnv<'_>,
    actor: &Actor,
    session_id: i64,
    customer_id: i64,
) -> Result<(), ToolError> {
    if actor.verified_customer == Some(customer_id)
        && audit_unchanged(env, actor, session_id, customer_id).await?
    {
        return Ok(());
    }
    let txn = crate::db::begin_write(env.db).await.map_err(internal)?;
    if let Some(s) = session::Entity::find_by_id(session_id)
        .one(&txn)
        .await
        .map_err(internal)?
    {
        let before =
            json!({ "customer_id": s.customer_id, "customer_verified": s.customer_verified });
        let mut am: session::ActiveModel = s.into();
        am.customer_id = Set(Some(customer_id));
        am.customer_verified = Set(true);
        am.updated_at = Set(chrono::Utc::now());
        am.update(&txn).await.map_err(internal)?;
        let after = json!({ "customer_id": customer_id, "customer_verified": true });
        audit::record(
            &txn,
            &AuditActor::from_actor(actor),
            "verify_customer",
            "sessions",
            session_id,
            Some(before),
            Some(after),
        )
        .await
        .map_err(|e| ToolError::new("internal", e.to_string()))?;
    }
    txn.commit().await.map_err(internal)
}

/// The audit row of a verification that changed nothing, if the session is verified for this
/// customer (false: it is not, and nothing was written).
async fn audit_unchanged(
    env: ToolEnv<'_>,
    actor: &Actor,
    session_id: i64,
    customer_id: i64,
) -> Result<bool, ToolError> {
    let state = json!({ "customer_id": customer_id, "customer_verified": true });
    let verified = sea_orm::sea_query::Query::select()
        .expr(sea_orm::sea_query::Expr::val(1))
        .from(session::Entity)
        .and_where(session::Column::Id.eq(session_id))
        .and_where(session::Column::CustomerId.eq(customer_id))
        .and_where(session::Column::CustomerVerified.eq(true))
        .to_owned();
    audit::record_if(
        env.db,
        &AuditActor::from_actor(actor),
        "verify_customer",
        "sessions",
        session_id,
        Some(state.clone()),
        Some(state),
        verified,
    )
    .await
    .map_err(internal)
}

pub(super) async fn get_orders(
    env: ToolEnv<'_>,
    actor: &Actor,
    args: &Value,
) -> Result<Done, ToolError> {
    let a: GetOrdersArgs = parse("get_orders", args)?;
    let mine = verified(env, actor)?;
    check(env, actor, Access::Read("orders"))?;
    // The session's customer is the default: the kiosk's verified one, the co-pilot's known one.
    let customer_id = a.customer_id.or(mine).or(actor.verified_customer);
    if let Some(c) = customer_id {
        check(env, actor, Access::Customer(c))?;
    }
    if let Some(id) = a.order_id {
        // One order at most, read once. A scoped role asking for someone else's order is
        // denied, not told "not found".
        let found = crate::db::by_key(order::Entity::find_by_id(id), env.db)
            .await
            .map_err(internal)?;
        if found
            .as_ref()
            .is_some_and(|o| mine.is_some_and(|m| m != o.customer_id))
        {
            return Err(ToolError::new(
                "denied",
                format!("Order {id} is not one of the verified customer's orders."),
            ));
        }
        let rows = found.into_iter().filter(|o| {
            customer_id.is_none_or(|c| o.customer_id == c) && a.status.is_none_or(|s| o.status == s)
        });
        return Ok(list(
            "orders",
            rows.map(|o| order_json(&o)).collect(),
            describe(&a.order_id, "order", customer_id),
        ));
    }
    let mut q = order::Entity::find();
    if let Some(c) = customer_id {
        q = q.filter(order::Column::CustomerId.eq(c));
    }
    if let Some(s) = a.status {
        q = q.filter(order::Column::Status.eq(s));
    }
    let rows = q
        .order_by_desc(order::Column::CreatedAt)
        .limit(LIST_LIMIT)
        .all(env.db)
        .await
        .map_err(internal)?;
    Ok(list(
        "orders",
        rows.iter().map(order_json).collect(),
        describe(&a.order_id, "order", customer_id),
    ))
}

pub(super) async fn get_tickets(
    env: ToolEnv<'_>,
    actor: &Actor,
    args: &Value,
) -> Result<Done, ToolError> {
    let a: GetTicketsArgs = parse("get_tickets", args)?;
    let mine = verified(env, actor)?;
    check(env, actor, Access::Read("tickets"))?;
    // The session's customer is the default: the kiosk's verified one, the co-pilot's known one.
    let customer_id = a.customer_id.or(mine).or(actor.verified_customer);
    if let Some(c) = customer_id {
        check(env, actor, Access::Customer(c))?;
    }
    if let Some(id) = a.ticket_id {
        // One ticket at most, read once (as for orders).
        let found = crate::db::by_key(ticket::Entity::find_by_id(id), env.db)
            .await
            .map_err(internal)?;
        if found
            .as_ref()
            .is_some_and(|t| mine.is_some_and(|m| m != t.customer_id))
        {
            return Err(ToolError::new(
                "denied",
                format!("Ticket {id} is not one of the verified customer's tickets."),
            ));
        }
        let rows = found.into_iter().filter(|t| {
            customer_id.is_none_or(|c| t.customer_id == c) && a.status.is_none_or(|s| t.status == s)
        });
        return Ok(list(
            "tickets",
            rows.map(|t| ticket_json(&t)).collect(),
            describe(&a.ticket_id, "ticket", customer_id),
        ));
    }
    let mut q = ticket::Entity::find();
    if let Some(c) = customer_id {
        q = q.filter(ticket::Column::CustomerId.eq(c));
    }
    if let Some(s) = a.status {
        q = q.filter(ticket::Column::Status.eq(s));
    }
    let rows = q
        .order_by_desc(ticket::Column::CreatedAt)
        .limit(LIST_LIMIT)
        .all(env.db)
        .await
        .map_err(internal)?;
    Ok(list(
        "tickets",
        rows.iter().map(ticket_json).collect(),
        describe(&a.ticket_id, "ticket", customer_id),
    ))
}

fn describe(id: &Option<i64>, what: &str, customer: Option<i64>) -> String {
    match (id, customer) {
        (Some(id), _) => format!("No {what} {id} was found."),
        (None, Some(c)) => format!("No {what}s found for customer {c}."),
        (None, None) => format!("No {what}s match."),
    }
}

fn list(key: &str, items: Vec<Value>, empty_message: String) -> Done {
    let count = items.len();
    let mut result = json!({ "found": count > 0, "count": count, key: items });
    if count == 0 {
        result["message"] = Value::String(empty_message);
    }
    Done {
        empty: count == 0,
        ..Done::value(result)
    }
}

/// Public help-center passages: no personal data, so no verification is needed.
pub(super) async fn knowledge_search(
    env: ToolEnv<'_>,
    actor: &Actor,
    args: &Value,
) -> Result<Done, ToolError> {
    let a: KnowledgeSearchArgs = parse("knowledge_search", args)?;
    check(env, actor, Access::Read("knowledge"))?;
    let limit = a.limit.unwrap_or(3).clamp(1, 5);
    let passages = crate::knowledge::search(env.db, &a.query, limit)
        .await
        .map_err(ToolError::from)?;
    Ok(Done {
        empty: passages.is_empty(),
        ..Done::value(crate::knowledge::tool_result(&passages))
    })
}
