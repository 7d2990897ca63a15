//! The customer's language end to end: the kiosk starts a session in it, the model is told it
//! (the real async-openai client over real HTTP to the scripted server on 127.0.0.1, so what is
//! checked is the request a model server receives), and what the core says to the customer itself
//! comes in it. Demo data: Alice is customer 1 (alice@example.com, phone ending 4821; order 1001).

use cx_core::agent::texts::Texts;
use cx_core::api::{kiosk, staff};
use cx_core::core::testing::{TestCore, seeded};
use cx_core::db::entity::{Channel, MessageRole};
use cx_core::pending::Decision;
use cx_core::policy::{Actor, Role};
use cx_core::{Engine, Language, sessions};
use cx_llm::openai::{OpenAiConfig, OpenAiModel};
use cx_test_llm::{Reply, ScriptedServer};
use std::sync::Arc;
use std::time::Duration;

const STATION: &str = "kiosk@lobby";

async fn setup(replies: Vec<Reply>) -> (TestCore, ScriptedServer, Engine) {
    let t = seeded().await;
    let server = ScriptedServer::with_replies(replies).await.unwrap();
    let cfg = OpenAiConfig::custom(server.base_url(), "test-model")
        .with_timeout(Duration::from_secs(5))
        .with_max_retries(0)
        .with_initial_backoff(Duration::from_millis(10));
    let engine = Engine::new(t.core.clone(), Arc::new(OpenAiModel::new(cfg).unwrap()));
    (t, server, engine)
}

fn kiosk_actor() -> Actor {
    Actor::kiosk_station(STATION)
}

fn verify_call() -> Reply {
    Reply::tool_call(
        "c1",
        "verify_customer",
        r#"{"email":"alice@example.com","phone_last4":"4821"}"#,
    )
}

async fn start(engine: &Engine, language: Option<Language>) -> i64 {
    kiosk::start_session(engine, &kiosk_actor(), Channel::Kiosk, None, language)
        .await
        .unwrap()
        .id
}

/// The assistant messages the kiosk shows for the session.
async fn shown(engine: &Engine, session_id: i64) -> Vec<String> {
    kiosk::messages(engine, &kiosk_actor(), session_id, 0)
        .await
        .unwrap()
        .into_iter()
        .filter(|m| m.role.as_str() == "assistant")
        .map(|m| m.content)
        .collect()
}

#[tokio::test]
async fn the_session_keeps_the_customers_language_and_staff_see_it() {
    let (t, _server, engine) = setup(vec![]).await;
    let agent = Actor::person(Role::Agent, "dana");
    for (chosen, stored) in [
        (Some(Language::De), Language::De),
        (Some(Language::Es), Language::Es),
        (None, Language::En),
    ] {
        let id = start(&engine, chosen).await;
        let s = sessions::get(&t.db, id).await.unwrap();
        assert_eq!(s.language.as_deref(), Some(stored.code()));
        assert_eq!(s.language(), stored);
        let transcript = staff::get_session(&engine, &agent, id).await.unwrap();
        assert_eq!(transcript.session.language, stored);
    }
}

#[tokio::test]
async fn the_model_is_told_to_answer_in_german() {
    let (_t, server, engine) = setup(vec![
        verify_call(),
        Reply::tool_call("c2", "get_orders", r#"{"order_id": 1001}"#),
        Reply::text("Ich habe Ihre Bestellung 1001 gefunden."),
    ])
    .await;
    let id = start(&engine, Some(Language::De)).await;
    let out = kiosk::send_message(
        &engine,
        &kiosk_actor(),
        id,
        "Wo ist meine Bestellung 1001? alice@example.com, 4821",
    )
    .await
    .unwrap();
    assert!(!out.escalated, "{:?}", out.escalation);
    assert_eq!(
        out.reply.as_deref(),
        Some("Ich habe Ihre Bestellung 1001 gefunden.")
    );
    let requests = server.chat_requests();
    assert_eq!(requests.len(), 3);
    for r in &requests {
        let prompt = r.system_prompt().expect("a system prompt");
        assert!(
            prompt.lines().any(|l| l == "Language: de (German)"),
            "{prompt}"
        );
        for said in [
            "answer in German",
            "1.234,56 $",
            "2. Dezember 2026",
            "Keep order numbers, ticket numbers, tracking numbers and email addresses exactly as \
             the tools return them",
        ] {
            assert!(prompt.contains(said), "{said} not in {prompt}");
        }
    }
}

#[tokio::test]
async fn an_english_session_is_told_its_language_and_nothing_more() {
    let (_t, server, engine) = setup(vec![Reply::text("Hello! How can I help you today?")]).await;
    let id = start(&engine, None).await;
    kiosk::send_message(&engine, &kiosk_actor(), id, "Hello")
        .await
        .unwrap();
    let prompt = server.chat_requests()[0].system_prompt().unwrap();
    assert!(
        prompt.lines().any(|l| l == "Language: en (English)"),
        "{prompt}"
    );
    assert!(!prompt.contains("answer in"), "{prompt}");
    assert!(
        prompt.contains("Money is shown exactly as the tools give it."),
        "{prompt}"
    );
}

#[tokio::test]
async fn a_held_back_answer_is_replaced_in_german() {
    let (t, _server, engine) = setup(vec![
        verify_call(),
        Reply::tool_call("c2", "get_orders", r#"{"order_id": 1001}"#),
        Reply::text("Order 1001 was delivered on October 3, 2026 and you were refunded $85.00."),
    ])
    .await;
    let id = start(&engine, Some(Language::De)).await;
    let out = kiosk::send_message(
        &engine,
        &kiosk_actor(),
        id,
        "Wo ist meine Bestellung? alice@example.com 4821",
    )
    .await
    .unwrap();
    assert_eq!(
        out.escalation.unwrap().reason.as_str(),
        "hallucination_risk"
    );
    let de = Texts::of(Language::De);
    assert_eq!(out.reply.as_deref(), Some(de.held_back));
    assert_eq!(shown(&engine, id).await, [de.held_back]);
    // The note for staff stays in English.
    let notes: Vec<_> = sessions::messages(&t.db, id)
        .await
        .unwrap()
        .into_iter()
        .filter(|m| m.role == MessageRole::System)
        .map(|m| m.content)
        .collect();
    assert!(
        notes[0].starts_with("Escalated (hallucination_risk"),
        "{notes:?}"
    );
}

#[tokio::test]
async fn a_failing_model_and_a_request_for_a_person_are_answered_in_the_customers_language() {
    let (_t, _server, engine) = setup(vec![Reply::server_error("boom")]).await;
    let id = start(&engine, Some(Language::Es)).await;
    let out = kiosk::send_message(&engine, &kiosk_actor(), id, "Mi paquete no ha llegado")
        .await
        .unwrap();
    assert_eq!(out.escalation.unwrap().reason.as_str(), "model_failure");
    let es = Texts::of(Language::Es);
    assert_eq!(out.reply.as_deref(), Some(es.model_failed));

    // "Talk to a person" at the kiosk, in a German session.
    let id = start(&engine, Some(Language::De)).await;
    let out = kiosk::request_human(&engine, &kiosk_actor(), id)
        .await
        .unwrap();
    let de = Texts::of(Language::De);
    assert_eq!(out.reply.as_deref(), Some(de.handoff));
    assert_eq!(shown(&engine, id).await, [de.handoff]);
}

#[tokio::test]
async fn the_yes_and_no_answers_come_in_german() {
    let propose = || {
        Reply::tool_call(
            "c2",
            "update_user_email",
            r#"{"customer_id": 1, "new_email": "alice.neu@example.com"}"#,
        )
    };
    let (_t, _server, engine) = setup(vec![
        verify_call(),
        propose(),
        Reply::text("Bitte bestätigen Sie unten."),
        propose(),
        Reply::text("Bitte bestätigen Sie unten."),
    ])
    .await;
    let de = Texts::of(Language::De);
    let id = start(&engine, Some(Language::De)).await;
    for (text, decision, said) in [
        (
            "Bitte ändern Sie meine E-Mail-Adresse auf alice.neu@example.com. Ich bin \
             alice@example.com, Telefon endet auf 4821.",
            Decision::Reject,
            de.rejected,
        ),
        (
            "Doch, jetzt bin ich mir sicher.",
            Decision::Confirm,
            de.confirmed,
        ),
    ] {
        let out = kiosk::send_message(&engine, &kiosk_actor(), id, text)
            .await
            .unwrap();
        assert!(!out.escalated, "{:?}", out.escalation);
        let action = out
            .pending_actions
            .first()
            .unwrap_or_else(|| panic!("a proposed change: {out:?}"))
            .id;
        let out = kiosk::decide_action(&engine, &kiosk_actor(), id, action, decision)
            .await
            .unwrap();
        assert_eq!(out.reply.as_deref(), Some(said));
        assert_eq!(
            shown(&engine, id).await.last().map(String::as_str),
            Some(said)
        );
    }
}
