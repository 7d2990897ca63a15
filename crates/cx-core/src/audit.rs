//! Every write leaves an audit row with before/after, in the same transaction as the write.

use crate::db::entity::audit_log;
use crate::error::Result;
use sea_orm::sea_query::{Expr, Query, SelectStatement};
use sea_orm::{ConnectionTrait, EntityTrait, Set};
use serde_json::Value;

/// Who did it, as the audit log names them: a role (or `customer`) and an id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditActor {
    pub role: String,
    pub id: Option<String>,
    pub session_id: Option<i64>,
}

impl AuditActor {
    pub fn from_actor(actor: &crate::policy::Actor) -> Self {
        AuditActor {
            role: actor.role.as_str().to_owned(),
            id: actor.audit_id(),
            session_id: actor.session_id,
        }
    }
    /// The customer at the kiosk, confirming in their own session.
    pub fn customer(customer_id: i64, session_id: i64) -> Self {
        AuditActor {
            role: "customer".into(),
            id: Some(format!("customer:{customer_id}")),
            session_id: Some(session_id),
        }
    }
}

/// Write one audit row. Without `RETURNING`: a kiosk station's login may insert into the log but
/// not read it (`db::grants`), and PostgreSQL needs SELECT for what `RETURNING` gives back.
pub async fn record<C: ConnectionTrait>(
    conn: &C,
    who: &AuditActor,
    action: &str,
    entity: &str,
    entity_id: i64,
    before: Option<Value>,
    after: Option<Value>,
) -> Result<()> {
    let row = audit_log::ActiveModel {
        actor_role: Set(who.role.clone()),
        actor_id: Set(who.id.clone()),
        session_id: Set(who.session_id),
        action: Set(action.to_owned()),
        entity: Set(entity.to_owned()),
        entity_id: Set(entity_id),
        before: Set(before),
        after: Set(after),
        created_at: Set(chrono::Utc::now()),
        ..Default::default()
    };
    audit_log::Entity::insert(row)
        .exec_without_returning(conn)
        .await?;
    Ok(())
}

/// [`record`], in one statement, only if `condition` (a sub-select) finds a row: for a write
/// that changes nothing but must still be audited, when the state it rests on may have changed
/// meanwhile. Whether the row was written.
#[allow(clippy::too_many_arguments)]
pub async fn record_if<C: ConnectionTrait>(
    conn: &C,
    who: &AuditActor,
    action: &str,
    entity: &str,
    entity_id: i64,
    before: Option<Value>,
    after: Option<Value>,
    condition: SelectStatement,
) -> Result<bool> {
    use audit_log::Column as A;
    let row = Query::select()
        .exprs([
            Expr::val(who.role.clone()),
            Expr::val(who.id.clone()),
            Expr::val(who.session_id),
            Expr::val(action),
            Expr::val(entity),
            Expr::val(entity_id),
            Expr::val(before),
            Expr::val(after),
            Expr::val(chrono::Utc::now()),
        ])
        .and_where(Expr::exists(condition))
        .to_owned();
    let insert = Query::insert()
        .into_table(audit_log::Entity)
        .columns([
            A::ActorRole,
            A::ActorId,
            A::SessionId,
            A::Action,
            A::Entity,
            A::EntityId,
            A::Before,
            A::After,
            A::CreatedAt,
        ])
        .select_from(row)
        .map_err(|e| crate::error::CoreError::Internal(e.to_string()))?
        .to_owned();
    Ok(conn.execute(&insert).await?.rows_affected() == 1)
}
