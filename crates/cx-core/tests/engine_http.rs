//! The engine end to end: real SQLite files, the real async-openai client over real HTTP to the
//! scripted OpenAI-compatible server on 127.0.0.1. Demo data: Alice is customer 1
//! (alice@example.com, phone ending 4821; order 1001 shipped, $79.99, Noise-cancelling headphones).

use cx_core::core::testing::{TestCore, seeded};
use cx_core::db::entity::{Channel, MessageRole, SessionStatus};
use cx_core::events::CoreEvent;
use cx_core::{Engine, sessions};
use cx_llm::openai::{OpenAiConfig, OpenAiModel};
use cx_test_llm::{Reply, ScriptedServer, ToolCallSpec};
use std::sync::Arc;
use std::time::Duration;

fn model(server: &ScriptedServer, timeout_ms: u64, retries: u32) -> Arc<OpenAiModel> {
    let cfg = OpenAiConfig::custom(server.base_url(), "test-model")
        .with_timeout(Duration::from_millis(timeout_ms))
        .with_max_retries(retries)
        .with_initial_backoff(Duration::from_millis(10));
    Arc::new(OpenAiModel::new(cfg).unwrap())
}

async fn setup(replies: Vec<Reply>) -> (TestCore, ScriptedServer, Engine) {
    let t = seeded().await;
    let server = ScriptedServer::with_replies(replies).await.unwrap();
    let engine = Engine::new(t.core.clone(), model(&server, 5_000, 0));
    (t, server, engine)
}

fn verify_call() -> Reply {
    Reply::tool_call(
        "c1",
        "verify_customer",
        r#"{"email":"alice@example.com","phone_last4":"4821"}"#,
    )
}

#[tokio::test]
async fn a_kiosk_turn_verifies_looks_up_and_answers() {
    let (t, server, engine) = setup(vec![
        verify_call(),
        Reply::tool_call("c2", "get_orders", r#"{"order_id": 1001}"#),
        Reply::text("Your order 1001 (Noise-cancelling headphones, $79.99) has shipped."),
    ])
    .await;
    let s = engine
        .start_session(Channel::Kiosk, Some("friendly"))
        .await
        .unwrap();
    let out = engine
        .customer_turn(
            s.id,
            "Where is order 1001? alice@example.com, phone ends 4821",
        )
        .await
        .unwrap();
    assert_eq!(
        out.reply.as_deref(),
        Some("Your order 1001 (Noise-cancelling headphones, $79.99) has shipped.")
    );
    assert!(!out.escalated, "{:?}", out.escalation);
    assert_eq!(out.tool_calls.len(), 2);
    assert_eq!(out.tool_calls[0].result["verified"], true);
    assert_eq!(out.tool_calls[1].result["orders"][0]["amount_cents"], 7999);

    let reqs = server.chat_requests();
    assert_eq!(reqs.len(), 3);
    let first = reqs[0].system_prompt().unwrap();
    let friendly = &t.config.prompts.tones["friendly"].system_prompt;
    assert!(
        first.contains(friendly.trim()),
        "the tone's prompt: {first}"
    );
    assert!(
        first.contains(t.config.prompts.guardrails[0].trim()),
        "guardrails"
    );
    assert!(first.contains("not verified"), "{first}");
    assert!(
        reqs[1]
            .system_prompt()
            .unwrap()
            .contains("Verified customer: #1 Alice Martin")
    );
    let mut offered = reqs[0].tool_names();
    offered.sort();
    let mut kiosk_tools: Vec<String> = t
        .policy
        .tools_for(cx_core::policy::Role::KioskAssistant)
        .iter()
        .map(|s| s.to_string())
        .collect();
    kiosk_tools.sort();
    assert_eq!(offered, kiosk_tools);
    assert_eq!(
        reqs[2].message_roles(),
        ["system", "user", "assistant", "tool", "assistant", "tool"]
    );

    let stored = sessions::messages(&t.db, s.id).await.unwrap();
    let roles: Vec<_> = stored.iter().map(|m| m.role).collect();
    assert_eq!(
        roles,
        [
            MessageRole::Customer,
            MessageRole::Tool,
            MessageRole::Tool,
            MessageRole::Assistant
        ]
    );
    let session = sessions::get(&t.db, s.id).await.unwrap();
    assert_eq!(
        (session.customer_id, session.customer_verified),
        (Some(1), true)
    );
}

#[tokio::test]
async fn parallel_malformed_unknown_and_denied_calls_go_back_to_the_model() {
    let (t, server, engine) = setup(vec![
        verify_call(),
        Reply::tool_calls([
            ToolCallSpec::new("p1", "get_orders", r#"{"order_id": 1001}"#),
            ToolCallSpec::new("p2", "get_tickets", "{}"),
            ToolCallSpec::new("p3", "get_orders", r#"{"order_id": 1004"#),
            ToolCallSpec::new("p4", "delete_customer", r#"{"customer_id": 2}"#),
            ToolCallSpec::new("p5", "get_orders", r#"{"order_id": 1004}"#),
        ]),
        Reply::text("I found your order and your tickets."),
    ])
    .await;
    let s = engine.start_session(Channel::Kiosk, None).await.unwrap();
    let out = engine
        .customer_turn(s.id, "status of everything please, alice@example.com 4821")
        .await
        .unwrap();
    assert_eq!(out.tool_calls.len(), 6);
    let codes: Vec<_> = out.tool_calls[1..]
        .iter()
        .map(|c| c.result["error"]["code"].as_str().unwrap_or("ok"))
        .collect();
    assert_eq!(
        codes,
        ["ok", "ok", "invalid_arguments", "unknown_tool", "denied"]
    );
    // The malformed text is kept verbatim.
    assert_eq!(
        out.tool_calls[3].arguments,
        serde_json::Value::String(r#"{"order_id": 1004"#.into())
    );
    // All five results were answered in the next request, in order, with their call ids.
    let last = server.chat_requests().pop().unwrap();
    let tool_msgs: Vec<_> = last
        .messages()
        .iter()
        .filter(|m| m["role"] == "tool")
        .collect();
    let ids: Vec<_> = tool_msgs
        .iter()
        .map(|m| m["tool_call_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["c1", "p1", "p2", "p3", "p4", "p5"]);
    assert!(tool_msgs[5]["content"].as_str().unwrap().contains("denied"));
    assert_eq!(
        out.reply.as_deref(),
        Some("I found your order and your tickets.")
    );
    drop(t);
}

#[tokio::test]
async fn an_ungrounded_answer_is_held_back_and_escalated() {
    let (t, _server, engine) = setup(vec![
        verify_call(),
        Reply::tool_call("c2", "get_orders", r#"{"order_id": 1001}"#),
        Reply::text("Order 1001 was delivered on October 3, 2026 and you were refunded $85.00."),
    ])
    .await;
    let mut events = engine.subscribe();
    let s = engine.start_session(Channel::Kiosk, None).await.unwrap();
    let out = engine
        .customer_turn(s.id, "where is my order? alice@example.com 4821")
        .await
        .unwrap();
    assert!(out.escalated);
    let esc = out.escalation.clone().unwrap();
    assert_eq!(esc.reason.as_str(), "hallucination_risk");
    assert_eq!(esc.priority.map(|p| p.as_str()), Some("high"));
    assert!(
        esc.evidence_json()["held_answer"]
            .as_str()
            .unwrap()
            .contains("$85.00")
    );
    let claims = esc.evidence_json()["unsupported_claims"].to_string();
    assert!(
        claims.contains("85.00") && claims.contains("delivered"),
        "{claims}"
    );
    let reply = out.reply.unwrap();
    assert!(
        !reply.contains("85") && !reply.contains("delivered"),
        "the customer never sees it: {reply}"
    );
    let stored = sessions::messages(&t.db, s.id).await.unwrap();
    assert!(
        stored.iter().all(|m| !m.content.contains("$85.00")),
        "not stored as a message either"
    );
    let session = sessions::get(&t.db, s.id).await.unwrap();
    assert_eq!(session.status, SessionStatus::WaitingForAgent);
    let mut saw = false;
    while let Ok(e) = events.try_recv() {
        saw |= matches!(e, CoreEvent::Escalated { ref reason, .. } if reason.as_str() == "hallucination_risk");
    }
    assert!(saw, "an Escalated event was published");
}

#[tokio::test]
async fn an_empty_lookup_the_answer_rests_on_is_a_data_gap() {
    let (_t, _server, engine) = setup(vec![
        verify_call(),
        Reply::tool_call("c2", "get_orders", r#"{"order_id": 9999}"#),
        Reply::text("I could not find order 9999."),
    ])
    .await;
    let s = engine.start_session(Channel::Kiosk, None).await.unwrap();
    let out = engine
        .customer_turn(s.id, "what about order 9999? alice@example.com 4821")
        .await
        .unwrap();
    // Decided before anything is shown: the answer that rests on the empty lookup is held back.
    let reply = out.reply.unwrap();
    assert!(!reply.contains("9999"), "{reply}");
    assert_eq!(reply, cx_core::agent::HANDOFF_REPLY);
    let esc = out.escalation.unwrap();
    assert_eq!(esc.reason.as_str(), "data_gap");
    assert_eq!(
        esc.evidence_json()["empty_lookups"][0]["tool"],
        "get_orders"
    );
    assert_eq!(
        esc.evidence_json()["held_answer"],
        "I could not find order 9999."
    );
    let stored = sessions::messages(&_t.db, s.id).await.unwrap();
    assert!(
        stored
            .iter()
            .all(|m| m.content != "I could not find order 9999."),
        "the held answer is evidence, not a message"
    );
}

#[tokio::test]
async fn asking_for_a_person_escalates_without_calling_the_model() {
    let (t, server, engine) = setup(vec![]).await;
    let s = engine.start_session(Channel::Kiosk, None).await.unwrap();
    let out = engine
        .customer_turn(s.id, "Can I please talk to a real person?")
        .await
        .unwrap();
    assert!(out.escalated);
    assert_eq!(out.escalation.unwrap().reason.as_str(), "human_requested");
    assert_eq!(server.request_count(), 0);
    // While waiting, further messages are stored for the agent, and the model stays out.
    let more = engine.customer_turn(s.id, "hello? anyone?").await.unwrap();
    assert!(more.escalated && more.reply.is_none());
    assert_eq!(server.request_count(), 0);
    let roles: Vec<_> = sessions::messages(&t.db, s.id)
        .await
        .unwrap()
        .iter()
        .map(|m| m.role)
        .collect();
    assert_eq!(
        roles,
        [
            MessageRole::Customer,
            MessageRole::System,
            MessageRole::Assistant,
            MessageRole::Customer
        ]
    );
}

#[tokio::test]
async fn a_repeated_question_escalates() {
    let (_t, server, engine) = setup(vec![Reply::text(
        "Could you tell me your email and the last four digits of your phone number?",
    )])
    .await;
    let s = engine.start_session(Channel::Kiosk, None).await.unwrap();
    let first = engine
        .customer_turn(s.id, "Where is my order, it has not arrived yet")
        .await
        .unwrap();
    assert!(!first.escalated);
    let second = engine
        .customer_turn(s.id, "where is my order?? it hasn't arrived yet!")
        .await
        .unwrap();
    let esc = second.escalation.unwrap();
    assert_eq!(esc.reason.as_str(), "repeated_intent");
    assert!(esc.evidence_json()["similarity"].as_f64().unwrap() >= 0.85);
    assert_eq!(
        esc.evidence_json()["earlier_message"],
        "Where is my order, it has not arrived yet"
    );
    assert_eq!(
        server.request_count(),
        1,
        "the repeat is caught before the model"
    );
}

#[tokio::test]
async fn model_failures_escalate_and_the_message_is_kept() {
    let t = seeded().await;
    let server = ScriptedServer::with_replies(vec![
        Reply::server_error("boom"),
        Reply::server_error("boom"),
        Reply::server_error("boom"),
    ])
    .await
    .unwrap();
    let engine = Engine::new(t.core.clone(), model(&server, 5_000, 2));
    let s = engine.start_session(Channel::Kiosk, None).await.unwrap();
    let out = engine
        .customer_turn(s.id, "my parcel is missing")
        .await
        .unwrap();
    assert_eq!(server.request_count(), 3, "one try and two retries");
    let esc = out.escalation.unwrap();
    assert_eq!(esc.reason.as_str(), "model_failure");
    assert!(
        esc.evidence_json()["error"]
            .as_str()
            .unwrap()
            .contains("500")
    );
    let stored = sessions::messages(&t.db, s.id).await.unwrap();
    assert_eq!(stored[0].content, "my parcel is missing");
}

#[tokio::test]
async fn rate_limits_are_retried_and_timeouts_escalate() {
    let t = seeded().await;
    let server = ScriptedServer::with_replies(vec![
        Reply::rate_limited(1),
        Reply::text("Hello! How can I help you today?"),
        Reply::hang(Duration::from_secs(5)),
    ])
    .await
    .unwrap();
    let engine = Engine::new(t.core.clone(), model(&server, 400, 1));
    let s = engine.start_session(Channel::Kiosk, None).await.unwrap();
    let out = engine.customer_turn(s.id, "hi there").await.unwrap();
    assert_eq!(
        out.reply.as_deref(),
        Some("Hello! How can I help you today?")
    );
    let engine = Engine::new(t.core.clone(), model(&server, 400, 0));
    let s2 = engine.start_session(Channel::Kiosk, None).await.unwrap();
    let out = engine.customer_turn(s2.id, "hello again").await.unwrap();
    let esc = out.escalation.unwrap();
    assert_eq!(esc.reason.as_str(), "model_failure");
    assert!(
        esc.evidence_json()["error"]
            .as_str()
            .unwrap()
            .contains("did not answer"),
        "{}",
        esc.evidence_json()
    );
}

#[tokio::test]
async fn the_round_limit_escalates() {
    let calls: Vec<Reply> = (0..10)
        .map(|i| Reply::tool_call(format!("r{i}"), "get_tickets", "{}"))
        .collect();
    let (t, server, engine) = setup(calls).await;
    let s = engine.start_session(Channel::Kiosk, None).await.unwrap();
    let out = engine
        .customer_turn(s.id, "check my tickets")
        .await
        .unwrap();
    let rounds = t.config.escalation.max_tool_rounds as usize;
    assert_eq!(server.request_count(), rounds);
    assert_eq!(out.escalation.unwrap().reason.as_str(), "round_limit");
    assert!(
        out.tool_calls
            .iter()
            .all(|c| c.result["error"]["code"] == "not_verified")
    );
}

#[tokio::test]
async fn a_conversation_resumes_from_the_database_alone() {
    let t = seeded().await;
    let server = ScriptedServer::with_replies(vec![
        verify_call(),
        Reply::text("Thanks, you're verified. What can I do for you?"),
        Reply::text("Happy to help with that."),
    ])
    .await
    .unwrap();
    let s = {
        let engine = Engine::new(t.core.clone(), model(&server, 5_000, 0));
        let s = engine.start_session(Channel::Kiosk, None).await.unwrap();
        engine
            .customer_turn(s.id, "alice@example.com, last four 4821")
            .await
            .unwrap();
        s
    };
    // A new process: reopen the file, new engine.
    let core = cx_core::Core::open(&t.url, &cx_core::config::Config::default_dir())
        .await
        .unwrap();
    let engine = Engine::new(core, model(&server, 5_000, 0));
    engine
        .customer_turn(s.id, "I need help with a ticket")
        .await
        .unwrap();
    let last = server.chat_requests().pop().unwrap();
    assert_eq!(
        last.message_roles(),
        ["system", "user", "assistant", "tool", "assistant", "user"]
    );
    assert!(
        last.system_prompt()
            .unwrap()
            .contains("Verified customer: #1 Alice Martin")
    );
}

#[tokio::test]
async fn bad_input_is_a_clear_error_and_stores_nothing() {
    let (t, server, engine) = setup(vec![]).await;
    let s = engine.start_session(Channel::Kiosk, None).await.unwrap();
    for (text, needle) in [
        ("   ", "empty"),
        (&"x".repeat(4001)[..], "too long"),
        ("hi\u{0}there", "control"),
    ] {
        let e = engine.customer_turn(s.id, text).await.unwrap_err();
        assert_eq!(e.code(), "invalid_input");
        assert!(e.to_string().contains(needle), "{e}");
    }
    assert!(sessions::messages(&t.db, s.id).await.unwrap().is_empty());
    assert_eq!(server.request_count(), 0);
    let e = engine
        .start_session(Channel::Kiosk, Some("sarcastic"))
        .await
        .unwrap_err();
    assert!(e.to_string().contains("professional"), "{e}");
    let e = engine.customer_turn(999_999, "hello").await.unwrap_err();
    assert_eq!(e.code(), "not_found");
}

#[tokio::test]
async fn streaming_models_work_through_the_engine() {
    let t = seeded().await;
    let server = ScriptedServer::with_replies(vec![
        verify_call(),
        Reply::text("You're verified, Alice Martin."),
    ])
    .await
    .unwrap();
    let cfg = OpenAiConfig::custom(server.base_url(), "m")
        .with_stream(true)
        .with_max_retries(0);
    let engine = Engine::new(t.core.clone(), Arc::new(OpenAiModel::new(cfg).unwrap()));
    let s = engine.start_session(Channel::Kiosk, None).await.unwrap();
    let out = engine
        .customer_turn(s.id, "alice@example.com 4821")
        .await
        .unwrap();
    assert!(server.chat_requests().iter().all(|r| r.stream_requested()));
    assert_eq!(out.tool_calls[0].result["verified"], true);
    assert_eq!(out.reply.as_deref(), Some("You're verified, Alice Martin."));
}

#[tokio::test]
async fn the_copilot_offers_only_its_tools_and_proposes_writes_for_the_agent() {
    let (t, server, engine) = setup(vec![
        Reply::tool_call(
            "k1",
            "flag_refund",
            r#"{"order_id": 1001, "reason": "crackling"}"#,
        ),
        Reply::text("I've prepared a refund request for your approval."),
    ])
    .await;
    let s = cx_core::sessions::create(&t.db, Channel::Kiosk, "professional", Some(1))
        .await
        .unwrap();
    cx_core::sessions::append(
        &t.db,
        s.id,
        cx_core::sessions::NewMessage::text(
            MessageRole::Customer,
            "I want a refund for my headphones",
        ),
    )
    .await
    .unwrap();
    let agent = cx_core::policy::Actor::person(cx_core::policy::Role::Agent, "dana");
    let suggestions = engine.suggest_replies(&agent, s.id).await.unwrap();
    let req = &server.chat_requests()[0];
    assert!(!req.tool_names().contains(&"verify_customer".to_string()));
    assert!(req.system_prompt().unwrap().contains("You act as: copilot"));
    assert!(!suggestions.is_empty() && suggestions.len() <= 3);
    assert_eq!(suggestions[0].source, "assistant");
    assert_eq!(suggestions[0].pending_actions.len(), 1);
    // The draft went through the same ledger as a kiosk answer: its "prepared" claim rests on
    // the pending write the co-pilot just proposed.
    let ledger = suggestions[0]
        .ledger
        .as_ref()
        .expect("a drafted reply has a ledger");
    assert!(ledger.is_grounded(), "{ledger:?}");
    assert!(
        ledger.claims.iter().any(|c| matches!(
            &c.source,
            Some(cx_core::escalation::grounding::Source::Write { call_id, .. }) if call_id == "k1"
        )),
        "{ledger:?}"
    );
    assert_eq!(
        suggestions.iter().map(|s| s.rank).collect::<Vec<_>>(),
        (1..=suggestions.len() as u32).collect::<Vec<_>>()
    );
    assert!(suggestions.iter().any(|s| s.source == "canned:/refund"));
    let action = suggestions[0].pending_actions[0].id;
    // The agent approves: the order changes, audited as the agent.
    engine
        .staff_decides(&agent, action, cx_core::pending::Decision::Confirm)
        .await
        .unwrap();
    let o = <cx_core::db::entity::order::Entity as sea_orm::EntityTrait>::find_by_id(1001)
        .one(&t.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(o.status, cx_core::db::entity::OrderStatus::RefundRequested);
    // A reviewer cannot ask the co-pilot.
    let reviewer = cx_core::policy::Actor::person(cx_core::policy::Role::Reviewer, "rita");
    assert_eq!(
        engine
            .suggest_replies(&reviewer, s.id)
            .await
            .unwrap_err()
            .code(),
        "denied"
    );
}

/// With `negative_sentiment.source: model` the model judges each customer message — and that call
/// may hang or crash. The message must already be in the database when it is made.
#[tokio::test]
async fn the_customer_message_is_stored_before_the_sentiment_model_is_asked() {
    let t = seeded().await;
    let server = ScriptedServer::with_replies([
        Reply::hang(Duration::from_millis(1500)),
        Reply::text("How can I help you today?"),
    ])
    .await
    .unwrap();
    let mut core = t.core.clone();
    core.config.escalation.negative_sentiment.source = cx_core::config::SentimentSource::Model;
    let engine = Engine::new(core, model(&server, 1_000, 0));
    let s = engine.start_session(Channel::Kiosk, None).await.unwrap();
    let text = "hello, is anyone there?";
    let turn = {
        let engine = engine.clone();
        tokio::spawn(async move { engine.customer_turn(s.id, text).await })
    };
    // The first model request is the sentiment judgement: wait until it is in flight.
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while server.request_count() == 0 {
        assert!(std::time::Instant::now() < deadline, "no model request");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let stored = sessions::messages(&t.db, s.id).await.unwrap();
    assert!(
        stored
            .iter()
            .any(|m| m.role == MessageRole::Customer && m.content == text),
        "the model was asked before the message was stored: {stored:?}"
    );
    let out = turn.await.unwrap().unwrap();
    assert!(out.reply.is_some());
    // The lexicon's judgement stands when the model fails.
    let stored = sessions::messages(&t.db, s.id).await.unwrap();
    let customer = stored
        .iter()
        .find(|m| m.role == MessageRole::Customer)
        .unwrap();
    assert_eq!(customer.sentiment.as_ref().unwrap()["source"], "lexicon");
}

/// The answer the claim ledger held back is for staff: what the kiosk receives (through the core
/// API, as the kiosk window and `cx-agent chat` call it) carries the reason and the priority only.
#[tokio::test]
async fn the_held_back_answer_never_reaches_the_kiosk() {
    let (t, _server, engine) = setup(vec![
        verify_call(),
        Reply::tool_call("c2", "get_orders", r#"{"order_id": 1001}"#),
        Reply::text("Order 1001 was delivered on October 3, 2026 and you were refunded $85.00."),
    ])
    .await;
    let kiosk = cx_core::policy::Actor::kiosk_station("kiosk@held-back");
    let s = cx_core::api::kiosk::start_session(&engine, &kiosk, Channel::Kiosk, None, None)
        .await
        .unwrap();
    let out = cx_core::api::kiosk::send_message(
        &engine,
        &kiosk,
        s.id,
        "where is my order? alice@example.com 4821",
    )
    .await
    .unwrap();
    let esc = out.escalation.clone().expect("escalated");
    assert_eq!(
        (esc.reason.as_str(), esc.priority.map_or("", |p| p.as_str())),
        ("hallucination_risk", "high")
    );
    let wire = serde_json::to_string(&out).unwrap();
    assert!(
        !wire.contains("85.00"),
        "the kiosk got the held answer: {wire}"
    );
    assert!(!wire.contains("unsupported_claims"), "{wire}");
    // Staff still see it.
    let agent = cx_core::policy::Actor::person(cx_core::policy::Role::Agent, "dana");
    let transcript = cx_core::api::staff::get_session(&engine, &agent, s.id)
        .await
        .unwrap();
    let staff_view = serde_json::to_string(&transcript.escalation).unwrap();
    assert!(staff_view.contains("85.00"), "{staff_view}");
    drop(t);
}

/// An action that never happened: the answer says a refund was issued, no write tool ran.
#[tokio::test]
async fn a_claimed_action_without_a_write_is_held_back() {
    let (_t, _server, engine) = setup(vec![
        verify_call(),
        Reply::tool_call("c2", "get_orders", r#"{"order_id": 1001}"#),
        Reply::text("I've issued a full refund for order #1001."),
    ])
    .await;
    let s = engine.start_session(Channel::Kiosk, None).await.unwrap();
    let out = engine
        .customer_turn(s.id, "refund order 1001 please, alice@example.com 4821")
        .await
        .unwrap();
    let esc = out.escalation.expect("held back");
    assert_eq!(esc.reason.as_str(), "hallucination_risk");
    let claims = esc.evidence_json()["unsupported_claims"].to_string();
    assert!(claims.contains("refund_paid:done"), "{claims}");
    assert!(!out.reply.unwrap().contains("issued"));
}

/// Echoing what the customer typed about themselves is no invention (issue #9's false alarm).
#[tokio::test]
async fn echoing_the_customers_own_phone_digits_is_not_held_back() {
    let (_t, _server, engine) = setup(vec![
        verify_call(),
        Reply::text("Thank you, you're verified with the phone number ending in 4821."),
    ])
    .await;
    let s = engine.start_session(Channel::Kiosk, None).await.unwrap();
    let out = engine
        .customer_turn(s.id, "I'm alice@example.com, my phone ends in 4821")
        .await
        .unwrap();
    assert!(!out.escalated, "{:?}", out.escalation);
    assert!(out.reply.unwrap().contains("4821"));
}

async fn streaming_setup(replies: Vec<Reply>) -> (TestCore, ScriptedServer, Engine) {
    let t = seeded().await;
    let server = ScriptedServer::with_replies(replies).await.unwrap();
    let cfg = OpenAiConfig::custom(server.base_url(), "m")
        .with_stream(true)
        .with_timeout(Duration::from_secs(10))
        .with_max_retries(0);
    let engine = Engine::new(t.core.clone(), Arc::new(OpenAiModel::new(cfg).unwrap()));
    (t, server, engine)
}

/// The sentences of the answer the kiosk was shown, in order.
fn shown(events: &mut tokio::sync::broadcast::Receiver<CoreEvent>) -> Vec<(u32, String)> {
    let mut out = vec![];
    while let Ok(e) = events.try_recv() {
        if let CoreEvent::AnswerSentence { index, text, .. } = e {
            out.push((index, text));
        }
    }
    out
}

/// Issue #9: with a model that streams, each grounded sentence reaches the screen while the model
/// is still writing the rest; the whole answer is then stored with its ledger.
#[tokio::test]
async fn the_first_sentence_is_shown_before_the_model_has_finished() {
    use cx_test_llm::StreamScript;
    let (t, _server, engine) = streaming_setup(vec![
        verify_call(),
        Reply::tool_call("c2", "get_orders", r#"{"order_id": 1001}"#),
        Reply::stream(
            StreamScript::new()
                .content("Your order 1001 has ")
                .content("shipped. ")
                .pause(Duration::from_millis(1500))
                .content("It cost $79.99."),
        ),
    ])
    .await;
    let mut events = engine.subscribe();
    let s = engine.start_session(Channel::Kiosk, None).await.unwrap();
    let turn = tokio::spawn({
        let engine = engine.clone();
        async move {
            engine
                .customer_turn(s.id, "Where is order 1001? alice@example.com 4821")
                .await
        }
    });
    let first = tokio::time::timeout(Duration::from_secs(5), async {
        loop {
            match events.recv().await.unwrap() {
                CoreEvent::AnswerSentence { index, text, .. } => break (index, text),
                _ => continue,
            }
        }
    })
    .await
    .expect("a sentence was shown");
    assert_eq!(first, (0, "Your order 1001 has shipped.".to_owned()));
    assert!(
        !turn.is_finished(),
        "shown while the model was still writing the rest"
    );
    let out = turn.await.unwrap().unwrap();
    assert!(!out.escalated, "{:?}", out.escalation);
    assert_eq!(
        out.reply.as_deref(),
        Some("Your order 1001 has shipped. It cost $79.99.")
    );
    assert_eq!(shown(&mut events), [(1, "It cost $79.99.".to_owned())]);

    // Stored with its ledger: each claim with the tool call and the field it came from.
    let stored = sessions::messages(&t.db, s.id).await.unwrap();
    let answer = stored
        .iter()
        .rfind(|m| m.role == MessageRole::Assistant)
        .unwrap();
    let ledger: cx_core::escalation::grounding::Ledger =
        serde_json::from_value(answer.ledger.clone().expect("a ledger")).unwrap();
    let find = |text: &str| {
        ledger
            .claims
            .iter()
            .find(|c| c.text == text)
            .unwrap_or_else(|| panic!("{text} in {ledger:?}"))
    };
    let status = find("has shipped");
    assert_eq!(
        serde_json::to_value(&status.source).unwrap(),
        serde_json::json!({"from": "tool", "call_id": "c2", "tool": "get_orders", "path": "/orders/0/status"})
    );
    assert_eq!(status.record.as_ref().map(|r| r.id), Some(1001));
    let money = find("$79.99");
    assert!(matches!(
        &money.source,
        Some(cx_core::escalation::grounding::Source::Tool { call_id, .. }) if call_id == "c2"
    ));
    assert!(ledger.is_grounded());
}

/// A sentence that fails stops the showing there; the rest is held back and a person takes over.
#[tokio::test]
async fn a_sentence_that_fails_stops_the_stream_and_escalates() {
    use cx_test_llm::StreamScript;
    let (t, _server, engine) = streaming_setup(vec![
        verify_call(),
        Reply::tool_call("c2", "get_orders", r#"{"order_id": 1001}"#),
        Reply::stream(
            StreamScript::new()
                .content("Your order 1001 has shipped. ")
                .content("I've issued a refund of $500.00 for it. ")
                .content("It will arrive tomorrow."),
        ),
    ])
    .await;
    let mut events = engine.subscribe();
    let s = engine.start_session(Channel::Kiosk, None).await.unwrap();
    let out = engine
        .customer_turn(s.id, "Where is order 1001? alice@example.com 4821")
        .await
        .unwrap();
    assert_eq!(
        shown(&mut events),
        [(0, "Your order 1001 has shipped.".to_owned())],
        "nothing after the failing sentence is shown"
    );
    let esc = out.escalation.expect("escalated");
    assert_eq!(esc.reason.as_str(), "hallucination_risk");
    let unsupported: Vec<String> = esc.evidence_json()["ledger"]["claims"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["source"].is_null())
        .map(|c| c["text"].as_str().unwrap().to_owned())
        .collect();
    assert!(
        unsupported.iter().any(|c| c == "$500.00") && unsupported.iter().any(|c| c == "tomorrow"),
        "{unsupported:?}"
    );
    assert!(!out.reply.unwrap().contains("500"));
    let stored = sessions::messages(&t.db, s.id).await.unwrap();
    assert!(stored.iter().all(|m| !m.content.contains("$500.00")));
}

/// An answer resting on an empty lookup is decided before anything is shown, streaming or not.
#[tokio::test]
async fn a_data_gap_shows_no_sentence() {
    let (_t, _server, engine) = streaming_setup(vec![
        verify_call(),
        Reply::tool_call("c2", "get_orders", r#"{"order_id": 9999}"#),
        Reply::text("Thanks for waiting. Your order 9999 is on its way."),
    ])
    .await;
    let mut events = engine.subscribe();
    let s = engine.start_session(Channel::Kiosk, None).await.unwrap();
    let out = engine
        .customer_turn(s.id, "what about order 9999? alice@example.com 4821")
        .await
        .unwrap();
    assert_eq!(out.escalation.unwrap().reason.as_str(), "data_gap");
    assert_eq!(shown(&mut events), []);
}

/// The engine keeps each session's history between turns, but what others stored in between (an
/// agent in another window or process) still reaches the model: the memory catches up from the
/// database, it never replaces it.
#[tokio::test]
async fn messages_stored_by_others_between_turns_reach_the_model() {
    let (t, server, engine) = setup(vec![
        Reply::text("Hello! How can I help?"),
        Reply::text("Of course."),
    ])
    .await;
    let s = engine.start_session(Channel::Kiosk, None).await.unwrap();
    engine.customer_turn(s.id, "hello there").await.unwrap();
    sessions::append(
        &t.db,
        s.id,
        sessions::NewMessage::text(MessageRole::Agent, "Agent note: the courier called back."),
    )
    .await
    .unwrap();
    let out = engine
        .customer_turn(s.id, "can you tell me more about the courier")
        .await
        .unwrap();
    assert_eq!(out.reply.as_deref(), Some("Of course."));
    let second = &server.chat_requests()[1];
    let said: Vec<String> = second.body["messages"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|m| m["content"].as_str().map(str::to_owned))
        .collect();
    let expected = [
        "hello there",
        "Hello! How can I help?",
        "Agent note: the courier called back.",
        "can you tell me more about the courier",
    ];
    assert_eq!(said[1..], expected, "in order, once each: {said:?}");
}
