//! Sentiment, session insights, customer profiles, canned-reply management and queue priority,
//! against real SQLite files (the offline assistant, or the scripted server over HTTP).

use cx_core::canned::{self, CannedInput};
use cx_core::core::testing::{TestCore, seeded};
use cx_core::db::entity::{Channel, MessageRole};
use cx_core::policy::{Actor, Role};
use cx_core::{Engine, insights, queue, sessions};
use cx_llm::openai::{OpenAiConfig, OpenAiModel};
use cx_test_llm::{Reply, ScriptedServer};
use std::sync::Arc;

fn offline(t: &TestCore) -> Engine {
    Engine::new(
        t.core.clone(),
        Arc::new(cx_offline::OfflineAssistant::new()),
    )
}

fn agent() -> Actor {
    Actor::person(Role::Agent, "dana")
}

#[tokio::test]
async fn every_customer_message_gets_a_sentiment_and_sustained_anger_escalates() {
    let t = seeded().await;
    let e = offline(&t);
    let s = e.start_session(Channel::Kiosk, None).await.unwrap();
    let calm = e
        .customer_turn(s.id, "Hello, I have a question about my order")
        .await
        .unwrap();
    assert!(!calm.escalated);
    let angry1 = e
        .customer_turn(
            s.id,
            "This is ABSOLUTELY TERRIBLE service, the worst I have ever had!!",
        )
        .await
        .unwrap();
    assert!(
        !angry1.escalated,
        "one angry message is not sustained: {:?}",
        angry1.escalation
    );
    let angry2 = e
        .customer_turn(
            s.id,
            "Useless. Completely useless and I am furious, this is a scam",
        )
        .await
        .unwrap();
    let esc = angry2
        .escalation
        .expect("sustained negative sentiment escalates");
    assert_eq!(esc.reason.as_str(), "negative_sentiment");
    assert_eq!(esc.evidence_json()["messages"].as_array().unwrap().len(), 2);
    let stored = sessions::messages(&t.db, s.id).await.unwrap();
    let customer: Vec<_> = stored
        .iter()
        .filter(|m| m.role == MessageRole::Customer)
        .collect();
    assert!(customer.iter().all(|m| m.sentiment.is_some()));
    assert_eq!(customer[1].sentiment.as_ref().unwrap()["label"], "negative");
    assert_eq!(customer[1].sentiment.as_ref().unwrap()["source"], "lexicon");
    assert!(
        stored
            .iter()
            .filter(|m| m.role != MessageRole::Customer)
            .all(|m| m.sentiment.is_none())
    );
}

#[tokio::test]
async fn the_model_judges_sentiment_when_configured() {
    let mut t = seeded().await;
    t.core.config.escalation.negative_sentiment.source = cx_core::config::SentimentSource::Model;
    let server = ScriptedServer::with_responder(|body| {
        let system = body["messages"][0]["content"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        if system.contains("rate the sentiment") {
            Reply::text(r#"{"label": "negative", "score": -0.9, "confidence": 0.8}"#)
        } else {
            Reply::text("I'm sorry to hear that. How can I help?")
        }
    })
    .await
    .unwrap();
    let model =
        OpenAiModel::new(OpenAiConfig::custom(server.base_url(), "m").with_max_retries(0)).unwrap();
    let e = Engine::new(t.core.clone(), Arc::new(model));
    let s = e.start_session(Channel::Kiosk, None).await.unwrap();
    e.customer_turn(s.id, "Oh great, another delay. Just wonderful.")
        .await
        .unwrap();
    let m = &sessions::messages(&t.db, s.id).await.unwrap()[0];
    let sentiment = m.sentiment.as_ref().unwrap();
    assert_eq!(sentiment["source"], "model");
    assert_eq!(sentiment["score"], -0.9);
}

/// One closed kiosk session for Alice through the offline assistant.
async fn alice_session(e: &Engine, tone: &str, lines: &[&str], escalate: bool) -> i64 {
    let s = e.start_session(Channel::Kiosk, Some(tone)).await.unwrap();
    for l in lines {
        e.customer_turn(s.id, l).await.unwrap();
    }
    if escalate {
        e.request_human(s.id).await.unwrap();
    }
    e.close(&agent(), s.id).await.unwrap();
    s.id
}

#[tokio::test]
async fn profiles_aggregate_closed_sessions() {
    let t = seeded().await;
    let e = offline(&t);
    let verify = "Where is order 1001? alice@example.com, phone ends in 4821";
    alice_session(
        &e,
        "friendly",
        &[verify, "Great, thank you so much!"],
        false,
    )
    .await;
    alice_session(
        &e,
        "friendly",
        &[verify, "Perfect, thanks, that helps a lot"],
        false,
    )
    .await;
    let escalated = alice_session(
        &e,
        "professional",
        &[verify, "I want a refund, this is terrible"],
        true,
    )
    .await;
    let insight =
        <cx_core::db::entity::session_insight::Entity as sea_orm::EntityTrait>::find_by_id(
            escalated,
        )
        .one(&t.db)
        .await
        .unwrap()
        .expect("insights are stored on close");
    assert_eq!(insight.resolution, "escalated");
    assert_eq!(
        insight.escalation_reason.as_deref(),
        Some("human_requested")
    );
    assert!(insight.tools_used.to_string().contains("verify_customer"));
    assert!(insight.sentiment_drift.is_some());
    alice_session(
        &e,
        "professional",
        &[verify, "Still broken. Awful. Useless."],
        true,
    )
    .await;

    let p = insights::profile(&t.db, 1)
        .await
        .unwrap()
        .expect("a profile after closing");
    assert_eq!(p.sessions, 4 + 1, "four new sessions plus the seeded one");
    assert_eq!(p.escalations, 2);
    assert!(
        (p.escalation_rate - 0.4).abs() < 1e-9,
        "{}",
        p.escalation_rate
    );
    assert!(p.resolution_rate > 0.0);
    assert_eq!(p.preferred_tone.as_deref(), Some("friendly"));
    let flags = p.risk_flags.to_string();
    assert!(flags.contains("repeated_escalations"), "{flags}");
    assert!(flags.contains("unresolved_streak"), "{flags}");
    assert_eq!(p.loyalty_tier, insights::tier(p.total_spent_cents));
    assert!(
        p.top_topics.to_string().contains("order_status"),
        "{}",
        p.top_topics
    );
    // The customer panel carries it.
    let record = cx_core::customers::record(&t.db, &t.policy, &agent(), 1)
        .await
        .unwrap();
    assert_eq!(record.profile.unwrap().sessions, 5);

    // The profile feeds the next session: the preferred tone and a prompt line without figures.
    let server = ScriptedServer::with_replies([
        Reply::tool_call(
            "v",
            "verify_customer",
            r#"{"email":"alice@example.com","phone_last4":"4821"}"#,
        ),
        Reply::text("Thanks, you're verified."),
    ])
    .await
    .unwrap();
    let model =
        OpenAiModel::new(OpenAiConfig::custom(server.base_url(), "m").with_max_retries(0)).unwrap();
    let e2 = Engine::new(t.core.clone(), Arc::new(model));
    let s = e2.start_session(Channel::Kiosk, None).await.unwrap();
    e2.customer_turn(s.id, "hi, alice@example.com 4821")
        .await
        .unwrap();
    let second = &server.chat_requests()[1];
    let prompt = second.system_prompt().unwrap();
    assert!(
        prompt.contains("Customer profile") && prompt.contains("do not recite"),
        "{prompt}"
    );
    assert!(
        prompt.contains("Tone: friendly"),
        "the preferred tone replaced the default: {prompt}"
    );
    assert_eq!(sessions::get(&t.db, s.id).await.unwrap().tone, "friendly");
}

#[test]
fn loyalty_tiers_follow_spend() {
    assert_eq!(insights::tier(0), "bronze");
    assert_eq!(insights::tier(19_999), "bronze");
    assert_eq!(insights::tier(20_000), "silver");
    assert_eq!(insights::tier(100_000), "gold");
    assert_eq!(insights::tier(300_000), "platinum");
}

#[tokio::test]
async fn canned_replies_are_managed_with_unique_shortcuts() {
    let t = seeded().await;
    let a = agent();
    let input = CannedInput {
        shortcut: "/Returns".into(),
        title: "Return window".into(),
        content: "You can return any item within 30 days.".into(),
        category: "Returns".into(),
    };
    let c = canned::create(&t.db, &t.policy, &a, &input).await.unwrap();
    assert_eq!(
        (c.shortcut.as_str(), c.category.as_str()),
        ("/returns", "returns")
    );
    let clash = canned::create(
        &t.db,
        &t.policy,
        &a,
        &CannedInput {
            shortcut: "/greet".into(),
            ..input.clone()
        },
    )
    .await
    .unwrap_err();
    assert_eq!(clash.code(), "conflict");
    assert!(clash.to_string().contains("/greet"), "{clash}");
    let bad = canned::create(
        &t.db,
        &t.policy,
        &a,
        &CannedInput {
            shortcut: "/no spaces".into(),
            ..input.clone()
        },
    )
    .await
    .unwrap_err();
    assert_eq!(bad.code(), "invalid_input");
    let found = canned::search(&t.db, &t.policy, &a, "30 days")
        .await
        .unwrap();
    assert_eq!(
        found
            .iter()
            .map(|c| c.shortcut.as_str())
            .collect::<Vec<_>>(),
        ["/returns"]
    );
    let edited = canned::update(
        &t.db,
        &t.policy,
        &a,
        c.id,
        &CannedInput {
            content: "Returns within 30 days, free.".into(),
            ..input.clone()
        },
    )
    .await
    .unwrap();
    assert!(edited.content.contains("free"));
    let taken = canned::update(
        &t.db,
        &t.policy,
        &a,
        c.id,
        &CannedInput {
            shortcut: "/thanks".into(),
            ..input.clone()
        },
    )
    .await;
    assert_eq!(taken.unwrap_err().code(), "conflict");
    canned::delete(&t.db, &t.policy, &a, c.id).await.unwrap();
    assert!(
        canned::search(&t.db, &t.policy, &a, "30 days")
            .await
            .unwrap()
            .is_empty()
    );
    let reviewer = Actor::person(Role::Reviewer, "rita");
    assert_eq!(
        canned::create(&t.db, &t.policy, &reviewer, &input)
            .await
            .unwrap_err()
            .code(),
        "denied"
    );
    let trail = <cx_core::db::entity::audit_log::Entity as sea_orm::EntityTrait>::find()
        .all(&t.db)
        .await
        .unwrap();
    let actions: Vec<_> = trail
        .iter()
        .filter(|r| r.entity == "canned_responses")
        .map(|r| r.action.as_str())
        .collect();
    assert_eq!(
        actions,
        [
            "create_canned_response",
            "update_canned_response",
            "delete_canned_response"
        ]
    );
}

#[tokio::test]
async fn the_waiting_queue_orders_by_urgency_and_says_why() {
    let t = seeded().await;
    let e = offline(&t);
    // A data gap (medium) escalated first, then an angry customer asking for a person (high).
    let gap = e.start_session(Channel::Kiosk, None).await.unwrap();
    e.customer_turn(
        gap.id,
        "Where is order 9999? alice@example.com, phone ends in 4821",
    )
    .await
    .unwrap();
    let angry = e.start_session(Channel::Kiosk, None).await.unwrap();
    e.customer_turn(angry.id, "This is a disgrace, absolutely terrible!")
        .await
        .unwrap();
    e.customer_turn(angry.id, "I want to talk to a real person NOW")
        .await
        .unwrap();
    let q = queue::list(&t.db, &t.policy, &agent(), chrono::Utc::now())
        .await
        .unwrap();
    let ids: Vec<i64> = q.waiting.iter().map(|i| i.session_id).collect();
    assert_eq!(ids, [angry.id, gap.id], "{:#?}", q.waiting);
    let first = &q.waiting[0];
    assert!(first.priority_score > q.waiting[1].priority_score);
    assert!(
        first
            .priority_reasons
            .iter()
            .any(|r| r.contains("human_requested")),
        "{:?}",
        first.priority_reasons
    );
    assert!(
        first
            .priority_reasons
            .iter()
            .any(|r| r.contains("negative sentiment")),
        "{:?}",
        first.priority_reasons
    );
    assert_eq!(first.sentiment_trend.len(), 2);
    assert_eq!(
        q.waiting[1].escalation_reason.map(|r| r.as_str()),
        Some("data_gap")
    );
}
