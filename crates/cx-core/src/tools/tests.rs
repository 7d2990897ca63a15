//! The tools against a real, seeded SQLite file. Seeded facts used here: Alice is customer 1
//! (alice@example.com, phone ending 4821; orders 1001 shipped, 1002 delivered, 1003 pending;
//! ticket 5001 open); Bob is customer 2 (order 1004 delivered, 1005 refunded; ticket 5002).

use super::*;
use crate::core::testing::{TestCore, seeded};
use crate::db::entity::{Channel, MessageRole, audit_log, customer, order, ticket};
use crate::pending::{Decider, Decision, decide};
use crate::policy::Role;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};

async fn run(t: &TestCore, actor: &Actor, name: &str, args: Value) -> ToolOutcome {
    execute(t.tool_env(), actor, name, &args.to_string()).await
}

async fn kiosk(t: &TestCore, verified: Option<i64>) -> Actor {
    let s = crate::sessions::create(&t.db, Channel::Kiosk, "professional", None)
        .await
        .unwrap();
    Actor::kiosk(s.id, verified)
}

/// A kiosk session whose customer verified through the tool, as in a real conversation.
async fn verified_kiosk(t: &TestCore, email: &str, last4: &str) -> Actor {
    let mut a = kiosk(t, None).await;
    let out = run(
        t,
        &a,
        "verify_customer",
        json!({"email": email, "phone_last4": last4}),
    )
    .await;
    a.verified_customer = out.verified_customer;
    assert!(
        a.verified_customer.is_some(),
        "verification failed: {}",
        out.result
    );
    a
}

fn code(o: &ToolOutcome) -> Option<&'static str> {
    o.error.as_ref().map(|e| e.code)
}

async fn audits(t: &TestCore, entity: &str, id: i64) -> Vec<audit_log::Model> {
    audit_log::Entity::find()
        .filter(audit_log::Column::Entity.eq(entity))
        .filter(audit_log::Column::EntityId.eq(id))
        .order_by_asc(audit_log::Column::Id)
        .all(&t.db)
        .await
        .unwrap()
}

/// Valid arguments for each tool, for the matrix.
fn sample_args(tool: &str) -> Value {
    match tool {
        "lookup_user" => json!({"email": "alice@example.com"}),
        "verify_customer" => json!({"email": "alice@example.com", "phone_last4": "4821"}),
        "get_orders" => json!({"customer_id": 1}),
        "get_tickets" => json!({"customer_id": 1}),
        "update_ticket" => json!({"ticket_id": 5001, "status": "in_progress"}),
        "update_user_email" => json!({"customer_id": 1, "new_email": "alice.new@example.com"}),
        "flag_refund" => json!({"order_id": 1001, "reason": "arrived damaged"}),
        "knowledge_search" => json!({"query": "how long do refunds take"}),
        other => panic!("no sample for {other}"),
    }
}

#[tokio::test]
async fn role_tool_matrix_follows_permissions_yaml() {
    let t = seeded().await;
    // Read the file independently of the policy code, so the test checks the code against it.
    let text =
        std::fs::read_to_string(crate::config::Config::default_dir().join("permissions.yaml"))
            .unwrap();
    let yaml: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
    let mut table = String::from("\nrole              ");
    for tool in TOOL_NAMES {
        table.push_str(&format!("{:>18}", tool));
    }
    let mut cells = 0;
    for role in Role::ALL {
        table.push_str(&format!("\n{:<18}", role.as_str()));
        let listed: Vec<String> = yaml["roles"][role.as_str()]["tools"]
            .as_sequence()
            .map(|s| {
                s.iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default();
        for tool in TOOL_NAMES {
            let actor = match role {
                Role::KioskAssistant => verified_kiosk(&t, "alice@example.com", "4821").await,
                Role::Copilot => {
                    let s =
                        crate::sessions::create(&t.db, Channel::Workspace, "professional", Some(1))
                            .await
                            .unwrap();
                    Actor {
                        session_id: Some(s.id),
                        verified_customer: Some(1),
                        ..Actor::new(role)
                    }
                }
                _ => Actor::person(role, "dana"),
            };
            let out = run(&t, &actor, tool, sample_args(tool)).await;
            let allowed = listed.iter().any(|l| l == tool);
            let denied_by_role = code(&out) == Some("denied")
                && out
                    .error
                    .as_ref()
                    .is_some_and(|e| e.message.contains("may not call the tool"));
            assert_eq!(!denied_by_role, allowed, "{role} / {tool}: {}", out.result);
            if allowed {
                assert!(
                    out.error.is_none() || code(&out) == Some("refused"),
                    "{role} / {tool}: {}",
                    out.result
                );
            }
            table.push_str(&format!(
                "{:>18}",
                if allowed { "allowed" } else { "denied" }
            ));
            cells += 1;
        }
    }
    println!("{table}");
    assert_eq!(cells, Role::ALL.len() * TOOL_NAMES.len());
}

#[tokio::test]
async fn tool_specs_have_schemas_and_follow_the_role() {
    let t = seeded().await;
    let kiosk_specs = specs_for(&t.policy, Role::KioskAssistant);
    let names: Vec<_> = kiosk_specs.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, TOOL_NAMES.to_vec());
    assert!(specs_for(&t.policy, Role::Reviewer).is_empty());
    assert!(
        !specs_for(&t.policy, Role::Agent)
            .iter()
            .any(|s| s.name == "verify_customer")
    );
    for s in kiosk_specs {
        assert_eq!(s.parameters["type"], "object", "{}", s.name);
        assert!(s.parameters["properties"].is_object(), "{}", s.name);
        assert!(!s.description.is_empty(), "{}", s.name);
        assert!(
            !s.parameters.to_string().contains("$ref"),
            "enums are inlined: {}",
            s.parameters
        );
    }
    let orders = spec("get_orders").unwrap();
    let status = orders.parameters["properties"]["status"].to_string();
    assert!(status.contains("refund_requested"), "{status}");
    let refund = spec("flag_refund").unwrap();
    assert_eq!(refund.parameters["required"], json!(["order_id"]));
}

#[tokio::test]
async fn bad_arguments_and_unknown_tools_are_tool_errors() {
    let t = seeded().await;
    let agent = Actor::person(Role::Agent, "dana");
    let env = t.tool_env();
    let malformed = execute(env, &agent, "get_orders", "{\"customer_id\": 1,").await;
    assert_eq!(code(&malformed), Some("invalid_arguments"));
    assert_eq!(
        malformed.arguments,
        Value::String("{\"customer_id\": 1,".into())
    );
    let not_object = execute(env, &agent, "get_orders", "[1]").await;
    assert_eq!(code(&not_object), Some("invalid_arguments"));
    let unknown_field = run(&t, &agent, "get_orders", json!({"customer": 1})).await;
    assert_eq!(code(&unknown_field), Some("invalid_arguments"));
    assert!(unknown_field.error.unwrap().message.contains("customer"));
    let bad_status = run(&t, &agent, "get_orders", json!({"status": "lost"})).await;
    assert_eq!(code(&bad_status), Some("invalid_arguments"));
    let negative = run(&t, &agent, "get_orders", json!({"order_id": -4})).await;
    assert_eq!(code(&negative), Some("invalid_arguments"));
    let unknown = run(&t, &agent, "drop_tables", json!({})).await;
    assert_eq!(code(&unknown), Some("unknown_tool"));
    assert_eq!(unknown.result["error"]["code"], "unknown_tool");
    // Forgiving where models commonly are: "#1001" is order 1001.
    let hash = run(&t, &agent, "get_orders", json!({"order_id": "#1001"})).await;
    assert_eq!(hash.result["orders"][0]["id"], 1001);
    let bad_email = run(
        &t,
        &agent,
        "update_user_email",
        json!({"customer_id": 1, "new_email": "not-an-email"}),
    )
    .await;
    assert_eq!(code(&bad_email), Some("invalid_arguments"));
}

#[tokio::test]
async fn reads_return_records_and_say_when_nothing_was_found() {
    let t = seeded().await;
    let agent = Actor::person(Role::Agent, "dana");
    let out = run(&t, &agent, "get_orders", json!({"order_id": 1001})).await;
    assert_eq!(out.result["found"], true);
    let o = &out.result["orders"][0];
    assert_eq!(o["customer_id"], 1);
    assert_eq!(o["amount_cents"], 7999);
    assert_eq!(o["amount"], "$79.99");
    assert_eq!(o["status"], "shipped");
    assert!(o["tracking_number"].as_str().unwrap().starts_with("1Z"));
    let none = run(&t, &agent, "get_orders", json!({"order_id": 999_999})).await;
    assert!(none.empty);
    assert_eq!(none.result["found"], false);
    assert_eq!(none.result["count"], 0);
    assert!(none.result["message"].as_str().unwrap().contains("999999"));
    let nobody = run(
        &t,
        &agent,
        "lookup_user",
        json!({"email": "nobody@example.com"}),
    )
    .await;
    assert!(nobody.empty);
    assert_eq!(nobody.result["found"], false);
    let tickets = run(
        &t,
        &agent,
        "get_tickets",
        json!({"customer_id": 1, "status": "open"}),
    )
    .await;
    assert!(
        tickets.result["tickets"]
            .as_array()
            .unwrap()
            .iter()
            .all(|t| t["status"] == "open")
    );
}

#[tokio::test]
async fn kiosk_before_verification_gets_no_personal_data() {
    let t = seeded().await;
    let k = kiosk(&t, None).await;
    for tool in [
        "lookup_user",
        "get_orders",
        "get_tickets",
        "update_user_email",
        "flag_refund",
        "update_ticket",
    ] {
        let out = run(&t, &k, tool, sample_args(tool)).await;
        assert_eq!(code(&out), Some("not_verified"), "{tool}: {}", out.result);
        let text = out.result.to_string();
        assert!(
            !text.contains("alice") && !text.contains("Alice") && !text.contains("1001"),
            "{tool}: {text}"
        );
    }
    // An unknown email and a wrong second fact get exactly the same answer.
    let unknown = run(
        &t,
        &k,
        "verify_customer",
        json!({"email": "nobody@example.com", "phone_last4": "4821"}),
    )
    .await;
    let wrong_fact = run(
        &t,
        &k,
        "verify_customer",
        json!({"email": "alice@example.com", "phone_last4": "0000"}),
    )
    .await;
    let wrong_order = run(
        &t,
        &k,
        "verify_customer",
        // Her own order does not help where order numbers are not a second factor.
        json!({"email": "alice@example.com", "phone_last4": "0001", "order_id": 1002}),
    )
    .await;
    let malformed_email = run(
        &t,
        &k,
        "verify_customer",
        json!({"email": "alice", "phone_last4": "4821"}),
    )
    .await;
    assert_eq!(unknown.result, wrong_fact.result);
    assert_eq!(unknown.result, wrong_order.result);
    assert_eq!(unknown.result, malformed_email.result);
    assert_eq!(unknown.result["verified"], false);
    assert!(unknown.verified_customer.is_none() && wrong_fact.verified_customer.is_none());
    // By default an order number is no second fact (sequential, printed on receipts).
    let by_order = run(
        &t,
        &k,
        "verify_customer",
        json!({"email": "ALICE@example.com", "order_id": 1002}),
    )
    .await;
    assert_eq!(
        code(&by_order),
        Some("invalid_arguments"),
        "{}",
        by_order.result
    );
    assert!(by_order.verified_customer.is_none());
    let ok = run(
        &t,
        &k,
        "verify_customer",
        json!({"email": "ALICE@example.com", "phone_last4": "4821"}),
    )
    .await;
    assert_eq!(ok.result["verified"], true);
    assert_eq!(ok.verified_customer, Some(1));
    let s = crate::sessions::get(&t.db, k.session_id.unwrap())
        .await
        .unwrap();
    assert_eq!((s.customer_id, s.customer_verified), (Some(1), true));
    assert_eq!(
        audits(&t, "sessions", s.id)
            .await
            .iter()
            .filter(|a| a.action == "verify_customer")
            .count(),
        1
    );
}

#[tokio::test]
async fn order_numbers_verify_only_where_a_deployment_turns_them_on() {
    let t = seeded().await;
    let mut limits = t.config.escalation.clone();
    limits.verification.factors = vec![
        crate::config::VerificationFactor::PhoneLast4,
        crate::config::VerificationFactor::OrderId,
    ];
    let env = ToolEnv {
        db: &t.db,
        policy: &t.policy,
        limits: &limits,
    };
    let k = kiosk(&t, None).await;
    let args = json!({"email": "alice@example.com", "order_id": 1002}).to_string();
    let out = execute(env, &k, "verify_customer", &args).await;
    assert_eq!(out.verified_customer, Some(1), "{}", out.result);
    // Someone else's order still does not verify.
    let k2 = kiosk(&t, None).await;
    let args = json!({"email": "alice@example.com", "order_id": 1004}).to_string();
    let out = execute(env, &k2, "verify_customer", &args).await;
    assert_eq!(out.result["verified"], false);
}

#[tokio::test]
async fn a_locked_identity_is_answered_like_a_mismatch_across_sessions() {
    let t = seeded().await;
    let limit = t.config.escalation.verification.attempts;
    let station = |mut a: Actor| {
        a.station = Some("kiosk@lobby".into());
        a
    };
    // One wrong guess per session: the count follows the identity.
    let mut last = None;
    for i in 0..limit {
        let k = station(kiosk(&t, None).await);
        let out = run(
            &t,
            &k,
            "verify_customer",
            json!({"email": "carol@example.com", "phone_last4": format!("100{i}")}),
        )
        .await;
        assert_eq!(out.result["verified"], false);
        last = Some(out);
    }
    let last = last.unwrap();
    let evidence = last.lockout.expect("the limit locks the identity");
    assert_eq!(evidence["failed_attempts"]["identity_failures"], limit);
    assert_eq!(evidence["failed_attempts"]["locked"], json!(["identity"]));
    assert!(
        !evidence.to_string().contains("100"),
        "counts, never the guesses: {evidence}"
    );
    // A fresh session with carol's real digits: the same words as any mismatch, and a lockout.
    let k = station(kiosk(&t, None).await);
    let right = run(
        &t,
        &k,
        "verify_customer",
        json!({"email": "carol@example.com", "phone_last4": "2290"}),
    )
    .await;
    assert_eq!(right.result, last.result);
    assert!(right.verified_customer.is_none());
    assert!(right.lockout.is_some());
    // Another customer at another kiosk is not affected.
    let other = Actor {
        station: Some("kiosk@elsewhere".into()),
        ..kiosk(&t, None).await
    };
    let alice = run(
        &t,
        &other,
        "verify_customer",
        json!({"email": "alice@example.com", "phone_last4": "4821"}),
    )
    .await;
    assert_eq!(alice.verified_customer, Some(1));
    // Every failed attempt left an audit row.
    let failed = audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("verify_customer_failed"))
        .count(&t.db)
        .await
        .unwrap();
    assert_eq!(failed, u64::from(limit) + 1);
}

#[tokio::test]
async fn verification_attempts_are_limited() {
    let t = seeded().await;
    let k = kiosk(&t, None).await;
    let max = t.config.escalation.max_verification_attempts;
    for _ in 0..max {
        let out = run(
            &t,
            &k,
            "verify_customer",
            json!({"email": "alice@example.com", "phone_last4": "1111"}),
        )
        .await;
        assert_eq!(out.result["verified"], false);
    }
    let blocked = run(
        &t,
        &k,
        "verify_customer",
        json!({"email": "alice@example.com", "phone_last4": "4821"}),
    )
    .await;
    // Even the right answer fails now, in the same words as a mismatch (no oracle).
    assert_eq!(code(&blocked), None, "{}", blocked.result);
    assert_eq!(blocked.result["verified"], false, "{}", blocked.result);
    assert!(blocked.verified_customer.is_none());
    assert!(blocked.lockout.is_some());
}

#[tokio::test]
async fn the_session_limit_holds_below_the_identity_limit() {
    let t = seeded().await;
    let mut limits = t.config.escalation.clone();
    limits.max_verification_attempts = 2;
    limits.verification.attempts = 10;
    let env = ToolEnv {
        db: &t.db,
        policy: &t.policy,
        limits: &limits,
    };
    let k = kiosk(&t, None).await;
    for email in ["a@example.com", "b@example.com"] {
        let args = json!({"email": email, "phone_last4": "1111"}).to_string();
        execute(env, &k, "verify_customer", &args).await;
    }
    let args = json!({"email": "alice@example.com", "phone_last4": "4821"}).to_string();
    let out = execute(env, &k, "verify_customer", &args).await;
    assert!(out.verified_customer.is_none(), "{}", out.result);
    assert!(out.lockout.is_some());
}

#[tokio::test]
async fn kiosk_is_scoped_to_the_verified_customer() {
    let t = seeded().await;
    let alice = verified_kiosk(&t, "alice@example.com", "4821").await;
    let cases = [
        ("lookup_user", json!({"email": "bob@example.com"})),
        ("lookup_user", json!({"email": "nobody@example.com"})),
        ("lookup_user", json!({"customer_id": 2})),
        ("get_orders", json!({"customer_id": 2})),
        ("get_orders", json!({"order_id": 1004})),
        ("get_tickets", json!({"ticket_id": 5002})),
        ("get_tickets", json!({"customer_id": 2})),
        ("flag_refund", json!({"order_id": 1004})),
        (
            "update_ticket",
            json!({"ticket_id": 5002, "status": "resolved"}),
        ),
        (
            "update_user_email",
            json!({"customer_id": 2, "new_email": "x@example.com"}),
        ),
    ];
    for (tool, args) in cases {
        let out = run(&t, &alice, tool, args.clone()).await;
        assert_eq!(code(&out), Some("denied"), "{tool} {args}: {}", out.result);
        assert!(
            !out.result.to_string().contains("Bob"),
            "{tool}: {}",
            out.result
        );
    }
    // The same denial for another customer's email and an unknown one.
    let a = run(
        &t,
        &alice,
        "lookup_user",
        json!({"email": "bob@example.com"}),
    )
    .await;
    let b = run(
        &t,
        &alice,
        "lookup_user",
        json!({"email": "nobody@example.com"}),
    )
    .await;
    assert_eq!(a.result, b.result);
    // Her own records, with customer_id defaulting to her.
    let own = run(&t, &alice, "get_orders", json!({})).await;
    let orders = own.result["orders"].as_array().unwrap();
    assert!(orders.len() >= 3);
    assert!(orders.iter().all(|o| o["customer_id"] == 1));
    let me = run(&t, &alice, "lookup_user", json!({})).await;
    assert_eq!(me.result["customer"]["email"], "alice@example.com");
}

#[tokio::test]
async fn kiosk_writes_wait_for_the_customer_and_confirmation_applies_them() {
    let t = seeded().await;
    let alice = verified_kiosk(&t, "alice@example.com", "4821").await;
    let sid = alice.session_id.unwrap();
    let out = run(
        &t,
        &alice,
        "update_user_email",
        json!({"new_email": "alice.martin@example.org"}),
    )
    .await;
    assert_eq!(out.result["applied"], false);
    assert_eq!(out.result["pending_action"]["state"], "proposed");
    let id = out.pending_action_id.unwrap();
    let c = customer::Entity::find_by_id(1)
        .one(&t.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        c.email, "alice@example.com",
        "not applied before confirmation"
    );

    // Nobody else decides it: another session's customer, or an agent.
    let other = verified_kiosk(&t, "bob@example.com", "7312").await;
    let e = decide(
        &t.db,
        &t.policy,
        id,
        Decision::Confirm,
        &Decider::Customer {
            session_id: other.session_id.unwrap(),
        },
    )
    .await
    .unwrap_err();
    assert_eq!(e.code(), "denied");
    let e = decide(
        &t.db,
        &t.policy,
        id,
        Decision::Confirm,
        &Decider::Staff(Actor::person(Role::Agent, "dana")),
    )
    .await
    .unwrap_err();
    assert_eq!(e.code(), "denied");

    let done = decide(
        &t.db,
        &t.policy,
        id,
        Decision::Confirm,
        &Decider::Customer { session_id: sid },
    )
    .await
    .unwrap();
    assert_eq!(done.state, crate::db::entity::PendingState::Confirmed);
    assert_eq!(done.decided_by.as_deref(), Some("customer:1"));
    let c = customer::Entity::find_by_id(1)
        .one(&t.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(c.email, "alice.martin@example.org");
    let rows = audits(&t, "customers", 1).await;
    let row = rows.last().unwrap();
    assert_eq!(row.actor_role, "customer");
    assert_eq!(row.actor_id.as_deref(), Some("customer:1"));
    assert_eq!(row.session_id, Some(sid));
    assert!(
        row.action.contains("confirmed pending action"),
        "{}",
        row.action
    );
    assert_eq!(row.before.as_ref().unwrap()["email"], "alice@example.com");
    assert_eq!(
        row.after.as_ref().unwrap()["email"],
        "alice.martin@example.org"
    );
    // Decided once only.
    let again = decide(
        &t.db,
        &t.policy,
        id,
        Decision::Confirm,
        &Decider::Customer { session_id: sid },
    )
    .await;
    assert_eq!(again.unwrap_err().code(), "refused");
}

#[tokio::test]
async fn rejected_actions_change_nothing() {
    let t = seeded().await;
    let alice = verified_kiosk(&t, "alice@example.com", "4821").await;
    let out = run(
        &t,
        &alice,
        "flag_refund",
        json!({"order_id": 1001, "reason": "crackling"}),
    )
    .await;
    let id = out.pending_action_id.expect("pending");
    let done = decide(
        &t.db,
        &t.policy,
        id,
        Decision::Reject,
        &Decider::Customer {
            session_id: alice.session_id.unwrap(),
        },
    )
    .await
    .unwrap();
    assert_eq!(done.state, crate::db::entity::PendingState::Rejected);
    let o = order::Entity::find_by_id(1001)
        .one(&t.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(o.status, crate::db::entity::OrderStatus::Shipped);
    assert!(audits(&t, "orders", 1001).await.is_empty());
    let trail = audits(&t, "pending_actions", id).await;
    assert_eq!(
        trail.iter().map(|a| a.action.as_str()).collect::<Vec<_>>(),
        ["propose", "reject"]
    );
}

#[tokio::test]
async fn copilot_proposals_are_approved_by_an_agent() {
    let t = seeded().await;
    let s = crate::sessions::create(&t.db, Channel::Workspace, "professional", Some(1))
        .await
        .unwrap();
    let copilot = Actor {
        session_id: Some(s.id),
        verified_customer: Some(1),
        ..Actor::new(Role::Copilot)
    };
    let out = run(
        &t,
        &copilot,
        "update_ticket",
        json!({"ticket_id": 5001, "status": "resolved"}),
    )
    .await;
    let id = out.pending_action_id.expect("a proposal, not a write");
    let tk = ticket::Entity::find_by_id(5001)
        .one(&t.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(tk.status, crate::db::entity::TicketStatus::Open);
    let e = decide(
        &t.db,
        &t.policy,
        id,
        Decision::Confirm,
        &Decider::Customer { session_id: s.id },
    )
    .await;
    assert_eq!(
        e.unwrap_err().code(),
        "denied",
        "a customer cannot approve the co-pilot's proposal"
    );
    let reviewer = decide(
        &t.db,
        &t.policy,
        id,
        Decision::Confirm,
        &Decider::Staff(Actor::person(Role::Reviewer, "rita")),
    )
    .await;
    assert_eq!(reviewer.unwrap_err().code(), "denied");
    decide(
        &t.db,
        &t.policy,
        id,
        Decision::Confirm,
        &Decider::Staff(Actor::person(Role::Agent, "dana")),
    )
    .await
    .unwrap();
    let tk = ticket::Entity::find_by_id(5001)
        .one(&t.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(tk.status, crate::db::entity::TicketStatus::Resolved);
    let row = audits(&t, "tickets", 5001).await.pop().unwrap();
    assert_eq!(
        (row.actor_role.as_str(), row.actor_id.as_deref()),
        ("agent", Some("dana"))
    );
}

#[tokio::test]
async fn every_write_leaves_an_audit_row_with_before_and_after() {
    let t = seeded().await;
    let agent = Actor::person(Role::Agent, "dana");
    let out = run(
        &t,
        &agent,
        "update_ticket",
        json!({"ticket_id": 5001, "status": "in_progress", "assignee": "dana"}),
    )
    .await;
    assert_eq!(out.result["applied"], true, "{}", out.result);
    let row = audits(&t, "tickets", 5001).await.pop().unwrap();
    assert_eq!(row.before.as_ref().unwrap()["status"], "open");
    assert_eq!(row.after.as_ref().unwrap()["status"], "in_progress");
    assert_eq!(row.after.as_ref().unwrap()["assignee"], "dana");
    assert_eq!(row.actor_id.as_deref(), Some("dana"));

    let out = run(
        &t,
        &agent,
        "flag_refund",
        json!({"order_id": 1002, "reason": "changed mind"}),
    )
    .await;
    assert_eq!(out.result["order"]["status"], "refund_requested");
    let row = audits(&t, "orders", 1002).await.pop().unwrap();
    assert_eq!(row.before.as_ref().unwrap()["status"], "delivered");
    assert_eq!(row.after.as_ref().unwrap()["status"], "refund_requested");
    assert_eq!(row.after.as_ref().unwrap()["refund_reason"], "changed mind");

    let out = run(
        &t,
        &agent,
        "update_user_email",
        json!({"customer_id": 2, "new_email": "bob.okafor@example.net"}),
    )
    .await;
    assert_eq!(out.result["customer"]["email"], "bob.okafor@example.net");
    let row = audits(&t, "customers", 2).await.pop().unwrap();
    assert_eq!(row.before.as_ref().unwrap()["email"], "bob@example.com");

    let tk = crate::tickets::create(
        &t.db,
        &t.policy,
        &agent,
        crate::tickets::NewTicket {
            customer_id: 1,
            subject: "Follow up".into(),
            description: "Call back tomorrow".into(),
            priority: crate::db::entity::TicketPriority::Low,
        },
    )
    .await
    .unwrap();
    let row = audits(&t, "tickets", tk.id).await.pop().unwrap();
    assert_eq!(
        (row.action.as_str(), row.before.is_none()),
        ("create_ticket", true)
    );

    // Refused writes change nothing and leave no write audit.
    let audit_count = audit_log::Entity::find().count(&t.db).await.unwrap();
    let pending = run(&t, &agent, "flag_refund", json!({"order_id": 1003})).await;
    assert_eq!(code(&pending), Some("refused"));
    assert!(pending.error.unwrap().message.contains("not shipped"));
    let refunded = run(&t, &agent, "flag_refund", json!({"order_id": 1005})).await;
    assert_eq!(code(&refunded), Some("refused"));
    assert!(
        refunded
            .error
            .unwrap()
            .message
            .contains("already been refunded")
    );
    let taken = run(
        &t,
        &agent,
        "update_user_email",
        json!({"customer_id": 1, "new_email": "carol@example.com"}),
    )
    .await;
    assert_eq!(code(&taken), Some("refused"));
    assert_eq!(
        audit_log::Entity::find().count(&t.db).await.unwrap(),
        audit_count
    );
    // The reviewer can call no tool at all.
    let reviewer = run(
        &t,
        &Actor::person(Role::Reviewer, "rita"),
        "get_orders",
        json!({}),
    )
    .await;
    assert_eq!(code(&reviewer), Some("denied"));
}

#[tokio::test]
async fn injection_strings_are_stored_verbatim_and_harm_nothing() {
    let t = seeded().await;
    let agent = Actor::person(Role::Agent, "dana");
    let attacks = ["Robert'); DROP TABLE customers;--", "' OR '1'='1"];
    let counts = |t: &TestCore| {
        let db = t.db.clone();
        async move {
            (
                customer::Entity::find().count(&db).await.unwrap(),
                order::Entity::find().count(&db).await.unwrap(),
                ticket::Entity::find().count(&db).await.unwrap(),
            )
        }
    };
    let before = counts(&t).await;
    let s = crate::sessions::create(&t.db, Channel::Kiosk, "professional", None)
        .await
        .unwrap();
    for text in attacks {
        let m = crate::sessions::append(
            &t.db,
            s.id,
            crate::sessions::NewMessage::text(MessageRole::Customer, text),
        )
        .await
        .unwrap();
        assert_eq!(m.content, text);
        crate::tickets::create(
            &t.db,
            &t.policy,
            &agent,
            crate::tickets::NewTicket {
                customer_id: 1,
                subject: text.into(),
                description: text.into(),
                priority: crate::db::entity::TicketPriority::Low,
            },
        )
        .await
        .unwrap();
        // As tool arguments too: a lookup by such an "email" is a validation error, not SQL.
        let out = run(&t, &agent, "lookup_user", json!({"email": text})).await;
        assert_eq!(code(&out), Some("invalid_arguments"));
    }
    let after = counts(&t).await;
    assert_eq!(
        (after.0, after.1),
        (before.0, before.1),
        "customers and orders intact"
    );
    assert_eq!(after.2, before.2 + 2, "exactly the two new tickets");
    let stored: Vec<String> = crate::sessions::messages(&t.db, s.id)
        .await
        .unwrap()
        .into_iter()
        .map(|m| m.content)
        .collect();
    assert_eq!(stored, attacks);
    for text in attacks {
        let found = ticket::Entity::find()
            .filter(ticket::Column::Subject.eq(text))
            .all(&t.db)
            .await
            .unwrap();
        assert_eq!(found.len(), 1, "{text}");
        assert_eq!(found[0].description, text);
    }
    // `' OR '1'='1` as a filter value matches nothing rather than everything.
    let none = customer::Entity::find()
        .filter(customer::Column::Email.eq(attacks[1]))
        .all(&t.db)
        .await
        .unwrap();
    assert!(none.is_empty());
}

#[tokio::test]
async fn the_sessions_customer_is_the_default_subject_for_the_copilot() {
    let t = seeded().await;
    let s = crate::sessions::create(&t.db, Channel::Workspace, "professional", Some(2))
        .await
        .unwrap();
    let copilot = Actor {
        session_id: Some(s.id),
        verified_customer: Some(2),
        ..Actor::new(Role::Copilot)
    };
    let orders = run(&t, &copilot, "get_orders", json!({})).await;
    let list = orders.result["orders"].as_array().unwrap();
    assert!(!list.is_empty());
    assert!(
        list.iter().all(|o| o["customer_id"] == 2),
        "{}",
        orders.result
    );
    // Its drafts go to this customer: another customer's records are denied...
    let other = run(&t, &copilot, "get_orders", json!({"customer_id": 1})).await;
    assert_eq!(code(&other), Some("denied"), "{}", other.result);
    // ...and without a known customer it sees nobody's.
    let blind = Actor {
        session_id: Some(s.id),
        ..Actor::new(Role::Copilot)
    };
    let none = run(&t, &blind, "get_orders", json!({})).await;
    assert_eq!(code(&none), Some("not_verified"), "{}", none.result);
    // An agent without a session customer still sees everything asked for.
    let agent = run(
        &t,
        &Actor::person(Role::Agent, "dana"),
        "get_orders",
        json!({}),
    )
    .await;
    let ids: std::collections::HashSet<_> = agent.result["orders"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["customer_id"].as_i64())
        .collect();
    assert!(ids.len() > 1);
}
