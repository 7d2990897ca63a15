//! The knowledge base inside a turn: the offline assistant answers policy questions from the top
//! passage and names its source; the grounding guard accepts figures found in retrieved passages
//! and holds back an invented policy.

use cx_core::Engine;
use cx_core::core::testing::seeded;
use cx_core::db::entity::Channel;
use cx_llm::openai::{OpenAiConfig, OpenAiModel};
use cx_test_llm::{Reply, ScriptedServer};
use std::sync::Arc;

#[tokio::test]
async fn the_offline_assistant_answers_policy_questions_with_a_source() {
    let t = seeded().await;
    let e = Engine::new(
        t.core.clone(),
        Arc::new(cx_offline::OfflineAssistant::new()),
    );
    let s = e.start_session(Channel::Kiosk, None).await.unwrap();
    let out = e
        .customer_turn(s.id, "How long do refunds take?")
        .await
        .unwrap();
    assert_eq!(
        out.tool_calls[0].name, "knowledge_search",
        "no verification needed for policy"
    );
    let reply = out.reply.unwrap();
    assert!(reply.contains("5–7 business days"), "{reply}");
    assert!(reply.contains('›'), "names its source: {reply}");
    assert!(
        !out.escalated,
        "a passage-backed figure is grounded: {:?}",
        out.escalation
    );
}

async fn llm_answer(answer: &str) -> cx_core::TurnOutcome {
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
    let s = e.start_session(Channel::Kiosk, None).await.unwrap();
    e.customer_turn(s.id, "when will I get my money back after a return?")
        .await
        .unwrap()
}

#[tokio::test]
async fn grounding_accepts_passage_claims_and_rejects_invented_policy() {
    let ok = llm_answer(
        "Refunds reach your original payment method within 5–7 business days after approval.",
    )
    .await;
    assert!(!ok.escalated, "{:?}", ok.escalation);
    let invented = llm_answer(
        "Refunds reach your card within 10 business days, and there is a 20% restocking fee.",
    )
    .await;
    let esc = invented
        .escalation
        .expect("an invented policy is held back");
    assert_eq!(esc.reason.as_str(), "hallucination_risk");
    let claims = esc.evidence_json()["unsupported_claims"].to_string();
    assert!(claims.contains("10 business days"), "{claims}");
    assert!(!invented.reply.unwrap().contains("10 business days"));
}
