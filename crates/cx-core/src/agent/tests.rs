//! The engine against what real OpenAI-compatible servers send (llama.cpp, Ollama, vLLM): the
//! real async-openai client over real HTTP to the scripted server on 127.0.0.1, real SQLite.
//! Demo data: Alice is customer 1 (alice@example.com, phone ending 4821; order 1001 shipped).

use super::Engine;
use crate::core::testing::{TestCore, seeded};
use crate::db::entity::Channel;
use crate::events::CoreEvent;
use cx_llm::openai::{OpenAiConfig, OpenAiModel};
use cx_test_llm::{Reply, ScriptedServer};
use serde_json::{Value, json};
use std::sync::Arc;
use std::time::Duration;

fn config(server: &ScriptedServer) -> OpenAiConfig {
    OpenAiConfig::custom(server.base_url(), "test-model")
        .with_timeout(Duration::from_secs(5))
        .with_max_retries(0)
        .with_initial_backoff(Duration::from_millis(10))
}

async fn setup_with(
    replies: Vec<Reply>,
    adjust: impl FnOnce(OpenAiConfig) -> OpenAiConfig,
) -> (TestCore, ScriptedServer, Engine) {
    let t = seeded().await;
    let server = ScriptedServer::with_replies(replies).await.unwrap();
    let model = OpenAiModel::new(adjust(config(&server))).unwrap();
    let engine = Engine::new(t.core.clone(), Arc::new(model));
    (t, server, engine)
}

async fn setup(replies: Vec<Reply>) -> (TestCore, ScriptedServer, Engine) {
    setup_with(replies, |c| c).await
}

/// A non-streamed answer with tool calls as a server without call ids sends it.
fn calls_without_ids(calls: &[(&str, &str)]) -> Reply {
    let calls: Vec<Value> = calls
        .iter()
        .map(|(name, args)| json!({ "function": { "name": name, "arguments": args } }))
        .collect();
    Reply::raw_json(json!({ "choices": [{ "index": 0,
        "message": { "role": "assistant", "content": null, "tool_calls": calls },
        "finish_reason": "eos" }] }))
}

const VERIFY: (&str, &str) = (
    "verify_customer",
    r#"{"email":"alice@example.com","phone_last4":"4821"}"#,
);

fn tool_call_ids(request: &cx_test_llm::RecordedRequest) -> Vec<String> {
    request
        .messages()
        .iter()
        .filter(|m| m["role"] == "tool")
        .map(|m| m["tool_call_id"].as_str().unwrap_or_default().to_owned())
        .collect()
}

#[tokio::test]
async fn calls_without_ids_are_answered_under_ids_unique_in_the_session() {
    let (_t, server, engine) = setup(vec![
        calls_without_ids(&[VERIFY]),
        calls_without_ids(&[("get_orders", r#"{"order_id": 1001}"#)]),
        Reply::text("Your order 1001 has shipped."),
    ])
    .await;
    let s = engine.start_session(Channel::Kiosk, None).await.unwrap();
    let out = engine
        .customer_turn(s.id, "Where is order 1001? alice@example.com, 4821")
        .await
        .unwrap();
    assert!(!out.escalated, "{:?}", out.escalation);
    assert_eq!(out.reply.as_deref(), Some("Your order 1001 has shipped."));
    let last = server.chat_requests().pop().unwrap();
    // Both rounds' calls came as `call_0` from the client; the second is renamed.
    assert_eq!(tool_call_ids(&last), ["call_0", "call_1"]);
    let assistant_ids: Vec<_> = last
        .messages()
        .iter()
        .filter_map(|m| m["tool_calls"][0]["id"].as_str())
        .collect();
    assert_eq!(assistant_ids, ["call_0", "call_1"]);
}

/// The sentences of the answer the kiosk was shown, in order.
fn shown(events: &mut tokio::sync::broadcast::Receiver<CoreEvent>) -> Vec<String> {
    let mut out = vec![];
    while let Ok(e) = events.try_recv() {
        if let CoreEvent::AnswerSentence { text, .. } = e {
            out.push(text);
        }
    }
    out
}

#[tokio::test]
async fn a_call_written_as_text_runs_and_its_json_never_reaches_the_kiosk() {
    let (_t, server, engine) = setup_with(
        vec![
            Reply::streamed_text([
                "<tool_call>{\"name\": \"verify_customer\", \"arguments\": ",
                "{\"email\": \"alice@example.com\", \"phone_last4\": \"4821\"}}</tool_call>",
            ]),
            Reply::streamed_text([
                "```json\n{\"name\": \"get_orders\", ",
                "\"parameters\": {\"order_id\": 1001}}\n```",
            ]),
            Reply::streamed_text(["Your order 1001 has shipped."]),
        ],
        |c| c.with_stream(true),
    )
    .await;
    let mut events = engine.subscribe();
    let s = engine.start_session(Channel::Kiosk, None).await.unwrap();
    let out = engine
        .customer_turn(s.id, "Where is order 1001? alice@example.com, 4821")
        .await
        .unwrap();
    assert!(!out.escalated, "{:?}", out.escalation);
    let tools: Vec<_> = out.tool_calls.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(tools, ["verify_customer", "get_orders"]);
    assert_eq!(out.tool_calls[1].result["orders"][0]["id"], 1001);
    assert_eq!(shown(&mut events), ["Your order 1001 has shipped."]);
    assert_eq!(out.reply.as_deref(), Some("Your order 1001 has shipped."));
    // The model saw its calls answered as real tool calls.
    let last = server.chat_requests().pop().unwrap();
    assert_eq!(tool_call_ids(&last).len(), 2);
}

/// A non-streamed text answer the server cut off at `max_tokens`.
/// The turn escalated as a model failure, and (when given) its recorded error says `why`.
fn assert_model_failure(out: &crate::TurnOutcome, why: Option<&str>) {
    let escalation = out.escalation.as_ref().expect("escalated");
    assert_eq!(escalation.reason.as_str(), "model_failure");
    if let Some(why) = why {
        let evidence = escalation.evidence.as_ref().map(|e| e.to_value());
        assert!(
            evidence.as_ref().unwrap()["error"]
                .as_str()
                .is_some_and(|e| e.contains(why)),
            "{evidence:?}"
        );
    }
}

fn cut_text(text: &str) -> Reply {
    Reply::stream(
        cx_test_llm::StreamScript::new()
            .content(text)
            .finish("length"),
    )
}

#[tokio::test]
async fn an_answer_cut_off_at_the_length_limit_keeps_only_whole_sentences() {
    for stream in [false, true] {
        let (_t, _server, engine) = setup_with(
            vec![cut_text("Hello! I can help with orders and tick")],
            |c| c.with_stream(stream),
        )
        .await;
        let mut events = engine.subscribe();
        let s = engine.start_session(Channel::Kiosk, None).await.unwrap();
        let out = engine.customer_turn(s.id, "hi there").await.unwrap();
        assert!(!out.escalated, "stream {stream}: {:?}", out.escalation);
        assert_eq!(out.reply.as_deref(), Some("Hello!"), "stream {stream}");
        let on_screen = shown(&mut events);
        assert!(
            on_screen.iter().all(|s| !s.contains("tick")),
            "stream {stream}: half a sentence was shown: {on_screen:?}"
        );
    }
}

#[tokio::test]
async fn an_answer_cut_off_before_a_whole_sentence_is_a_model_failure() {
    let (_t, _server, engine) =
        setup(vec![cut_text("Hello, I can help with orders and tick")]).await;
    let s = engine.start_session(Channel::Kiosk, None).await.unwrap();
    let out = engine.customer_turn(s.id, "hi there").await.unwrap();
    assert_model_failure(&out, Some("cut off"));
    assert!(!out.reply.unwrap_or_default().contains("tick"));
}

#[tokio::test]
async fn a_tool_call_cut_off_at_the_length_limit_is_not_run() {
    let cut_call = cx_test_llm::StreamScript::new()
        .tool_call(
            0,
            "c1",
            "verify_customer",
            [r#"{"email":"alice@example.com","phone_la"#],
        )
        .finish("length");
    let (_t, server, engine) =
        setup(vec![Reply::stream(cut_call), Reply::text("never asked")]).await;
    let s = engine.start_session(Channel::Kiosk, None).await.unwrap();
    let out = engine
        .customer_turn(s.id, "alice@example.com, phone ends 4821")
        .await
        .unwrap();
    assert!(out.tool_calls.is_empty(), "{:?}", out.tool_calls);
    assert_model_failure(&out, None);
    assert_eq!(server.chat_requests().len(), 1);
}

const OVERFLOW: &str = "This model's maximum context length is 2048 tokens. However, you \
                        requested 2301 tokens (2045 in the messages, 256 in the completion).";

/// Every tool message of a request answers a call an earlier assistant message of the same
/// request made.
fn tool_results_follow_their_calls(request: &cx_test_llm::RecordedRequest) -> bool {
    let mut called = std::collections::HashSet::new();
    request.messages().iter().all(|m| {
        for call in m["tool_calls"].as_array().into_iter().flatten() {
            called.insert(call["id"].as_str().unwrap_or_default().to_owned());
        }
        m["role"] != "tool" || called.contains(m["tool_call_id"].as_str().unwrap_or_default())
    })
}

#[tokio::test]
async fn a_conversation_too_long_for_the_model_goes_on_without_its_oldest_turns() {
    let (_t, server, engine) = setup(vec![
        Reply::tool_call(
            "c1",
            "verify_customer",
            r#"{"email":"alice@example.com","phone_last4":"4821"}"#,
        ),
        Reply::text("Thank you, Alice."),
        Reply::tool_call("c2", "get_orders", r#"{"order_id": 1001}"#),
        Reply::text("Your order 1001 has shipped."),
        Reply::http_error(400, OVERFLOW),
        Reply::text("You are welcome!"),
    ])
    .await;
    let s = engine.start_session(Channel::Kiosk, None).await.unwrap();
    for line in [
        "I am alice@example.com, phone ends 4821",
        "Where is order 1001?",
    ] {
        let out = engine.customer_turn(s.id, line).await.unwrap();
        assert!(!out.escalated, "{line}: {:?}", out.escalation);
    }
    let out = engine
        .customer_turn(s.id, "thanks a lot, that is all")
        .await
        .unwrap();
    assert!(!out.escalated, "{:?}", out.escalation);
    assert_eq!(out.reply.as_deref(), Some("You are welcome!"));
    let requests = server.chat_requests();
    let (full, shorter) = (&requests[4], &requests[5]);
    assert!(
        shorter.messages().len() < full.messages().len(),
        "{} vs {} messages",
        shorter.messages().len(),
        full.messages().len()
    );
    let roles = shorter.message_roles();
    assert_eq!(roles.first().map(String::as_str), Some("system"));
    assert_eq!(roles.get(1).map(String::as_str), Some("user"), "{roles:?}");
    assert_eq!(shorter.system_prompt(), full.system_prompt());
    let texts: Vec<&str> = shorter
        .messages()
        .iter()
        .filter_map(|m| m["content"].as_str())
        .collect();
    assert!(
        !texts.contains(&"I am alice@example.com, phone ends 4821"),
        "{texts:?}"
    );
    assert!(texts.contains(&"thanks a lot, that is all"), "{texts:?}");
    assert!(tool_results_follow_their_calls(shorter));
}

#[tokio::test]
async fn a_conversation_still_too_long_escalates_as_a_model_failure() {
    let (_t, server, engine) = setup(vec![
        Reply::text("Hello! How can I help you today?"),
        Reply::http_error(400, OVERFLOW),
        Reply::http_error(400, "Requested tokens (2301) exceed context window of 2048"),
        Reply::text("never asked"),
    ])
    .await;
    let s = engine.start_session(Channel::Kiosk, None).await.unwrap();
    engine.customer_turn(s.id, "hi there").await.unwrap();
    let out = engine
        .customer_turn(s.id, "what can you do for me")
        .await
        .unwrap();
    assert_model_failure(&out, Some("context window"));
    assert_eq!(server.chat_requests().len(), 3, "one shorter try, no more");
}

#[tokio::test]
async fn a_first_turn_too_long_for_the_model_has_nothing_to_leave_out() {
    let (_t, server, engine) = setup(vec![
        Reply::http_error(400, OVERFLOW),
        Reply::text("never asked"),
    ])
    .await;
    let s = engine.start_session(Channel::Kiosk, None).await.unwrap();
    let out = engine.customer_turn(s.id, "hi there").await.unwrap();
    assert_model_failure(&out, None);
    assert_eq!(server.chat_requests().len(), 1);
}
