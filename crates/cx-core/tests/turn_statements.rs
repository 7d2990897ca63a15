//! What one kiosk turn costs the database (issue #11), and what its fewer writes still keep: the
//! statements it issues are counted through sea-orm's metric callback on the engine's own
//! connection. The turn is the bench's: the model asks for verify_customer and get_orders in
//! parallel, then answers from what they returned. Run with `--nocapture` to see the statements.

use async_trait::async_trait;
use cx_core::agent::transcript::chat_history;
use cx_core::core::testing::{TestCore, seeded};
use cx_core::db::entity::{Channel, MessageRole, audit_log};
use cx_core::{Core, Engine, sessions};
use cx_llm::{ChatMessage, ChatModel, ChatRequest, ChatResponse, ChatRole, LlmError, ToolCall};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use std::sync::{Arc, Mutex};

/// Most calls a turn may make to the database (a BEGIN or COMMIT would count as one): the
/// session; the customer's message with the session's `updated_at` (one call); the
/// verification's standing, customer and audit row; the order; the two tool rows and the answer
/// (one INSERT) with `updated_at` (one call); the open actions. No transaction: each write is one
/// statement.
const MOST_CALLS: usize = 8;
/// The SQL statements in those calls.
const MOST_STATEMENTS: usize = 10;

/// The bench's model, in process: two parallel tool calls, then a grounded answer (or, with
/// `fail_after_tools`, an error). It keeps every request, and checks at each call that the
/// customer's newest message is already committed.
#[derive(Default)]
struct TwoTools {
    fail_after_tools: bool,
    requests: Mutex<Vec<Vec<ChatMessage>>>,
    /// A connection of its own, and the line the customer is expected to have just said.
    check: Mutex<Option<(sea_orm::DatabaseConnection, i64, String)>>,
}

#[async_trait]
impl ChatModel for TwoTools {
    fn name(&self) -> String {
        "two-tools".into()
    }
    async fn complete(&self, r: &ChatRequest) -> Result<ChatResponse, LlmError> {
        self.requests.lock().unwrap().push(r.messages.clone());
        let check = self.check.lock().unwrap().clone();
        if let Some((db, session, line)) = check {
            let stored = sessions::messages(&db, session).await.unwrap();
            assert!(
                stored
                    .iter()
                    .any(|m| m.role == MessageRole::Customer && m.content == line),
                "the customer's message is committed before the model is asked"
            );
        }
        let call = |id: &str, name: &str, args: &str| ToolCall {
            id: id.into(),
            name: name.into(),
            arguments: args.into(),
        };
        if r.messages.last().map(|m| m.role) == Some(ChatRole::User) {
            return Ok(ChatResponse {
                content: None,
                tool_calls: vec![
                    call(
                        "a",
                        "verify_customer",
                        r#"{"email":"alice@example.com","phone_last4":"4821"}"#,
                    ),
                    call("b", "get_orders", r#"{"customer_id":1,"order_id":1001}"#),
                ],
                finish_reason: Some("tool_calls".into()),
            });
        }
        if self.fail_after_tools {
            return Err(LlmError::Server {
                status: 500,
                message: "down".into(),
            });
        }
        Ok(ChatResponse {
            content: Some(
                "Your order 1001 (Noise-cancelling headphones, $79.99) has shipped.".into(),
            ),
            tool_calls: vec![],
            finish_reason: Some("stop".into()),
        })
    }
}

type Log = Arc<Mutex<Vec<String>>>;

/// An engine whose connection records every statement it runs.
async fn counted(model: Arc<TwoTools>) -> (TestCore, Engine, Log) {
    let t = seeded().await;
    let log: Log = Arc::default();
    let mut db = t.core.db.clone();
    let sink = log.clone();
    db.set_metric_callback(move |info| {
        let sql = info.statement.sql.clone();
        sink.lock().unwrap().push(sql);
    });
    let core = Core {
        db,
        ..t.core.clone()
    };
    (t, Engine::new(core, model), log)
}

fn take(log: &Log) -> Vec<String> {
    std::mem::take(&mut *log.lock().unwrap())
}

/// Five customer lines, none a repeat of another.
const LINES: [&str; 5] = [
    "Where is my parcel for order 1001?",
    "Can the courier come on the weekend instead?",
    "Please send the invoice to my office address.",
    "Does the warranty cover a broken charger cable?",
    "What about gift wrapping for a birthday?",
];

/// Turn 5 of a session, as the bench measures it.
#[tokio::test]
async fn a_kiosk_turn_issues_few_statements() {
    let (_t, engine, log) = counted(Arc::default()).await;
    let s = engine.start_session(Channel::Kiosk, None).await.unwrap();
    for line in &LINES[..4] {
        let out = engine.customer_turn(s.id, line).await.unwrap();
        assert!(!out.escalated, "{:?}", out.escalation);
    }
    take(&log);
    let out = engine.customer_turn(s.id, LINES[4]).await.unwrap();
    assert!(!out.escalated, "{:?}", out.escalation);
    assert_eq!(out.tool_calls.len(), 2);
    let calls = take(&log);
    let statements: Vec<&str> = calls
        .iter()
        .flat_map(|sql| sql.split(";\n").filter(|s| !s.trim().is_empty()))
        .collect();
    for (i, sql) in statements.iter().enumerate() {
        println!("{:>2} {sql}", i + 1);
    }
    println!("{} statements in {} calls", statements.len(), calls.len());
    // PostgreSQL takes one statement per call (the extended protocol), so there the calls are
    // the statements.
    let most_calls = match engine.core.db.get_database_backend() {
        sea_orm::DbBackend::Postgres => MOST_STATEMENTS,
        _ => MOST_CALLS,
    };
    assert!(calls.len() <= most_calls, "{calls:#?}");
    assert!(statements.len() <= MOST_STATEMENTS, "{statements:#?}");
}

/// The customer's message is committed before any model call, and the turn stores its four rows
/// in order.
#[tokio::test]
async fn the_message_goes_first_and_the_rest_follows_in_order() {
    let model = Arc::new(TwoTools::default());
    let (t, engine, _log) = counted(model.clone()).await;
    let s = engine.start_session(Channel::Kiosk, None).await.unwrap();
    *model.check.lock().unwrap() = Some((t.db.clone(), s.id, LINES[0].into()));
    engine.customer_turn(s.id, LINES[0]).await.unwrap();
    let roles: Vec<MessageRole> = sessions::messages(&t.db, s.id)
        .await
        .unwrap()
        .iter()
        .map(|m| m.role)
        .collect();
    assert_eq!(
        roles,
        [
            MessageRole::Customer,
            MessageRole::Tool,
            MessageRole::Tool,
            MessageRole::Assistant
        ]
    );
}

/// The tool rows wait for the answer; when the model fails instead, they are still stored, before
/// the handoff, and the customer's message before them.
#[tokio::test]
async fn tool_rows_survive_a_model_that_fails_after_them() {
    let model = Arc::new(TwoTools {
        fail_after_tools: true,
        ..Default::default()
    });
    let (t, engine, _log) = counted(model).await;
    let s = engine.start_session(Channel::Kiosk, None).await.unwrap();
    let out = engine.customer_turn(s.id, LINES[0]).await.unwrap();
    assert!(out.escalated);
    let stored = sessions::messages(&t.db, s.id).await.unwrap();
    let roles: Vec<MessageRole> = stored.iter().map(|m| m.role).collect();
    assert_eq!(
        roles,
        [
            MessageRole::Customer,
            MessageRole::Tool,
            MessageRole::Tool,
            MessageRole::System,
            MessageRole::Assistant
        ]
    );
    assert_eq!(stored[1].tool_name.as_deref(), Some("verify_customer"));
    assert_eq!(stored[2].tool_name.as_deref(), Some("get_orders"));
}

/// The history the model gets from the engine's memory is the one the database gives: the rows a
/// turn stored are taken in as stored, not rebuilt differently.
#[tokio::test]
async fn the_remembered_history_is_the_stored_one() {
    let model = Arc::new(TwoTools::default());
    let (t, engine, _log) = counted(model.clone()).await;
    let s = engine.start_session(Channel::Kiosk, None).await.unwrap();
    for line in &LINES[..3] {
        engine.customer_turn(s.id, line).await.unwrap();
    }
    let stored = sessions::messages(&t.db, s.id).await.unwrap();
    let last_request = model.requests.lock().unwrap()[4].clone();
    // The third turn's first request: the system prompt, then the history up to its line.
    let upto = stored.len() - 3;
    assert_eq!(last_request[1..], chat_history(&stored[..upto])[..]);
}

/// Verifying again the customer the session has verified writes its audit row (before = after)
/// and nothing else; the first verification changes the session as before.
#[tokio::test]
async fn every_verification_leaves_its_audit_row() {
    let (t, engine, _log) = counted(Arc::default()).await;
    let s = engine.start_session(Channel::Kiosk, None).await.unwrap();
    engine.customer_turn(s.id, LINES[0]).await.unwrap();
    engine.customer_turn(s.id, LINES[1]).await.unwrap();
    let rows = audit_log::Entity::find()
        .filter(audit_log::Column::SessionId.eq(s.id))
        .filter(audit_log::Column::Action.eq("verify_customer"))
        .order_by_asc(audit_log::Column::Id)
        .all(&t.db)
        .await
        .unwrap();
    assert_eq!(rows.len(), 2);
    let verified = serde_json::json!({ "customer_id": 1, "customer_verified": true });
    assert_eq!(
        rows[0].before,
        Some(serde_json::json!({ "customer_id": null, "customer_verified": false }))
    );
    assert_eq!(rows[0].after.as_ref(), Some(&verified));
    assert_eq!(rows[1].before.as_ref(), Some(&verified));
    assert_eq!(rows[1].after.as_ref(), Some(&verified));
    assert_eq!(rows[1].entity, "sessions");
    assert_eq!(rows[1].entity_id, s.id);
    assert_eq!(rows[1].actor_role, rows[0].actor_role);
    assert_eq!(rows[1].actor_id, rows[0].actor_id);
}
