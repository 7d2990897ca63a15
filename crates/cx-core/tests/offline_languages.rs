//! A German or Spanish kiosk session through the engine: the offline assistant says in the
//! customer's language that it understands only English (and the claim ledger lets that through),
//! a German or Spanish request for a person hands the session over before any model, a customer
//! who goes on in English is served in English, and a model's German answer is grounded or held
//! back by the same facts as an English one.

use cx_core::core::testing::seeded;
use cx_core::db::entity::Channel;
use cx_core::{Engine, Language};
use cx_llm::openai::{OpenAiConfig, OpenAiModel};
use cx_test_llm::{Reply, ScriptedServer};
use std::sync::Arc;

async fn offline() -> (cx_core::core::testing::TestCore, Engine) {
    let t = seeded().await;
    let e = Engine::new(
        t.core.clone(),
        Arc::new(cx_offline::OfflineAssistant::new()),
    );
    (t, e)
}

async fn session(e: &Engine, language: Language) -> i64 {
    e.start_session_at(Channel::Kiosk, None, Some("kiosk-1"), language)
        .await
        .unwrap()
        .id
}

#[tokio::test]
async fn the_offline_assistant_says_in_german_and_spanish_that_it_understands_only_english() {
    let (_t, e) = offline().await;
    for (language, message, notice) in [
        (
            Language::De,
            "Wo ist meine Bestellung?",
            "Ich verstehe leider nur Englisch.",
        ),
        (
            Language::Es,
            "¿Dónde está mi pedido?",
            "Lo siento, solo entiendo inglés.",
        ),
    ] {
        let s = session(&e, language).await;
        let out = e.customer_turn(s, message).await.unwrap();
        assert!(!out.escalated, "{language:?}: {:?}", out.escalation);
        assert!(out.tool_calls.is_empty(), "{:?}", out.tool_calls);
        let reply = out.reply.expect("a reply, not held back");
        assert!(reply.contains(notice), "{reply}");
        // Words of no language: the session's (the request's turn context) decides.
        let s = session(&e, language).await;
        let reply = e.customer_turn(s, "1001").await.unwrap().reply.unwrap();
        assert!(reply.contains(notice), "{reply}");
    }
    // An English session is served as ever.
    let s = session(&e, Language::En).await;
    let reply = e.customer_turn(s, "1001").await.unwrap().reply.unwrap();
    assert!(!reply.contains("English"), "{reply}");
}

#[tokio::test]
async fn a_german_or_spanish_request_for_a_person_hands_over() {
    let (_t, e) = offline().await;
    for (language, message) in [
        (Language::De, "Ich möchte mit einem Menschen sprechen"),
        (Language::De, "einen Mitarbeiter bitte"),
        (Language::Es, "quiero hablar con una persona"),
        (Language::Es, "un humano, por favor"),
    ] {
        let s = session(&e, language).await;
        let out = e.customer_turn(s, message).await.unwrap();
        let esc = out.escalation.expect("handed over");
        assert_eq!(esc.reason.as_str(), "human_requested", "{message}");
    }
    // A mention is no request: the notice answers it.
    let s = session(&e, Language::De).await;
    let out = e
        .customer_turn(s, "Ich habe meinen Personalausweis vergessen")
        .await
        .unwrap();
    assert!(!out.escalated, "{:?}", out.escalation);
}

#[tokio::test]
async fn a_german_session_in_english_is_served_in_english() {
    let (_t, e) = offline().await;
    let s = session(&e, Language::De).await;
    let ask = e
        .customer_turn(s, "Where is my order?")
        .await
        .unwrap()
        .reply
        .unwrap();
    assert!(ask.contains("last four digits"), "{ask}");
    let out = e.customer_turn(s, "alice@example.com 4821").await.unwrap();
    let names: Vec<&str> = out.tool_calls.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["verify_customer", "get_orders"]);
    assert!(!out.escalated, "{:?}", out.escalation);
    let answer = out.reply.unwrap();
    assert!(answer.contains("#1001"), "{answer}");
}

/// A model that looks up the refund policy, then answers `answer`, in a German session.
async fn german_answer(answer: &str) -> cx_core::TurnOutcome {
    let t = seeded().await;
    let server = ScriptedServer::with_replies([
        Reply::tool_call(
            "k",
            "knowledge_search",
            r#"{"query": "how long does a refund take"}"#,
        ),
        Reply::text(answer),
    ])
    .await
    .unwrap();
    let model =
        OpenAiModel::new(OpenAiConfig::custom(server.base_url(), "m").with_max_retries(0)).unwrap();
    let e = Engine::new(t.core.clone(), Arc::new(model));
    let s = session(&e, Language::De).await;
    e.customer_turn(s, "Wann bekomme ich mein Geld zurück?")
        .await
        .unwrap()
}

#[tokio::test]
async fn a_models_german_answer_is_grounded_or_held_like_an_english_one() {
    let out = german_answer("Nach der Genehmigung dauert die Erstattung 5–7 Werktage.").await;
    assert!(!out.escalated, "{:?}", out.escalation);
    assert!(out.reply.unwrap().contains("5–7 Werktage"));

    let out = german_answer("Die Erstattung dauert 10 Werktage.").await;
    let esc = out.escalation.expect("held back");
    assert_eq!(esc.reason.as_str(), "hallucination_risk");
    assert_ne!(
        out.reply.as_deref(),
        Some("Die Erstattung dauert 10 Werktage.")
    );
}

/// A model that verifies Alice and looks up order 1001 (shipped, $79.99), then answers
/// `answer`, in a session in `language`.
async fn order_answer(language: Language, answer: &str) -> cx_core::TurnOutcome {
    let t = seeded().await;
    let server = ScriptedServer::with_replies([
        Reply::tool_call(
            "c1",
            "verify_customer",
            r#"{"email":"alice@example.com","phone_last4":"4821"}"#,
        ),
        Reply::tool_call("c2", "get_orders", r#"{"order_id": 1001}"#),
        Reply::text(answer),
    ])
    .await
    .unwrap();
    let model =
        OpenAiModel::new(OpenAiConfig::custom(server.base_url(), "m").with_max_retries(0)).unwrap();
    let e = Engine::new(t.core.clone(), Arc::new(model));
    let s = session(&e, language).await;
    e.customer_turn(s, "1001, alice@example.com, 4821")
        .await
        .unwrap()
}

#[tokio::test]
async fn a_models_order_answer_in_the_locales_formats_is_checked_against_the_record() {
    for (language, grounded) in [
        (
            Language::De,
            "Ihre Bestellung 1001 über 79,99\u{a0}$ wurde versandt.",
        ),
        (
            Language::Es,
            "Su pedido n.º 1001 (79,99 US$) ha sido enviado.",
        ),
    ] {
        let out = order_answer(language, grounded).await;
        assert!(!out.escalated, "{grounded}: {:?}", out.escalation);
        assert_eq!(out.reply.as_deref(), Some(grounded));
    }
    for (language, invented) in [
        (
            Language::De,
            "Ihre Bestellung 1001 über 89,99\u{a0}$ wurde versandt.",
        ),
        (Language::De, "Ihre Bestellung 1001 wurde zugestellt."),
        (Language::Es, "Su pedido n.º 1001 fue reembolsado."),
        (Language::Es, "Su pedido n.º 1099 ha sido enviado."),
    ] {
        let out = order_answer(language, invented).await;
        let esc = out.escalation.expect("held back");
        assert_eq!(esc.reason.as_str(), "hallucination_risk", "{invented}");
        assert_ne!(out.reply.as_deref(), Some(invented));
    }
}
