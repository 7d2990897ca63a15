//! `OpenAiModel` over real HTTP: async-openai's client against cx-test-llm's scripted server.
#![cfg(feature = "openai")]

use std::time::{Duration, Instant};

use cx_llm::openai::{OpenAiConfig, OpenAiModel};
use cx_llm::{
    ChatMessage, ChatModel, ChatRequest, ChatResponse, LlmError, StreamDelta, ToolCall, ToolSpec,
};
use cx_test_llm::{Reply, ScriptedServer, StreamScript, ToolCallSpec};
use serde_json::json;
use tokio::sync::mpsc;

async fn server(replies: impl IntoIterator<Item = Reply>) -> ScriptedServer {
    ScriptedServer::with_replies(replies)
        .await
        .expect("scripted server starts")
}

/// Fast retries so tests don't wait on backoff; generous timeout unless a test is about timeouts.
fn config(server: &ScriptedServer) -> OpenAiConfig {
    OpenAiConfig::custom(server.base_url(), "test-model")
        .with_initial_backoff(Duration::from_millis(10))
        .with_timeout(Duration::from_secs(10))
}

fn model(config: OpenAiConfig) -> OpenAiModel {
    OpenAiModel::new(config).expect("valid config")
}

fn order_tool() -> ToolSpec {
    ToolSpec {
        name: "get_orders".into(),
        description: "Orders of a customer".into(),
        parameters: json!({"type": "object", "properties": {"customer_id": {"type": "integer"}}}),
    }
}

fn ask(text: &str) -> ChatRequest {
    ChatRequest {
        messages: vec![
            ChatMessage::system("You are CX Agent."),
            ChatMessage::user(text),
        ],
        tools: vec![order_tool()],
        ..Default::default()
    }
}

/// Runs a request with a delta channel and returns the answer plus every delta, in order.
async fn complete_collecting(
    model: &OpenAiModel,
    mut request: ChatRequest,
) -> (Result<ChatResponse, LlmError>, Vec<StreamDelta>) {
    let (tx, mut rx) = mpsc::unbounded_channel();
    request.deltas = Some(tx);
    let result = model.complete(&request).await;
    drop(request);
    let mut deltas = Vec::new();
    while let Some(delta) = rx.recv().await {
        deltas.push(delta);
    }
    (result, deltas)
}

fn call(id: &str, name: &str, arguments: &str) -> ToolCall {
    ToolCall {
        id: id.into(),
        name: name.into(),
        arguments: arguments.into(),
    }
}

#[tokio::test]
async fn text_reply() {
    let server = server([Reply::text("Hello! How can I help?")]).await;
    let model = model(config(&server));
    let response = model.complete(&ask("hi")).await.expect("answer");
    assert_eq!(response.content.as_deref(), Some("Hello! How can I help?"));
    assert!(response.tool_calls.is_empty());
    assert_eq!(response.finish_reason.as_deref(), Some("stop"));
    assert_eq!(server.request_count(), 1);
    assert!(!server.requests()[0].stream_requested());
    assert_eq!(model.name(), "openai:test-model");
}

#[tokio::test]
async fn single_tool_call() {
    let server = server([Reply::tool_call(
        "call_abc",
        "get_orders",
        r#"{"customer_id": 3}"#,
    )])
    .await;
    let response = model(config(&server))
        .complete(&ask("my orders?"))
        .await
        .expect("answer");
    assert_eq!(
        response.tool_calls,
        [call("call_abc", "get_orders", r#"{"customer_id": 3}"#)]
    );
    assert_eq!(response.content, None);
    assert_eq!(response.finish_reason.as_deref(), Some("tool_calls"));
}

#[tokio::test]
async fn parallel_tool_calls() {
    let server = server([Reply::tool_calls([
        ToolCallSpec::new("call_1", "get_orders", r#"{"customer_id": 3}"#),
        ToolCallSpec::new("call_2", "get_tickets", r#"{"status": "open"}"#),
        ToolCallSpec::new("call_3", "lookup_user", r#"{"email": "a@b.c"}"#),
    ])])
    .await;
    let response = model(config(&server))
        .complete(&ask("everything"))
        .await
        .expect("answer");
    assert_eq!(
        response.tool_calls,
        [
            call("call_1", "get_orders", r#"{"customer_id": 3}"#),
            call("call_2", "get_tickets", r#"{"status": "open"}"#),
            call("call_3", "lookup_user", r#"{"email": "a@b.c"}"#),
        ]
    );
}

#[tokio::test]
async fn streamed_text_arrives_as_deltas_in_order() {
    let server = server([Reply::streamed_text([
        "Your order ",
        "shipped ",
        "yesterday",
        ".",
    ])])
    .await;
    let model = model(config(&server).with_stream(true));
    let (result, deltas) = complete_collecting(&model, ask("where is my order?")).await;
    let response = result.expect("answer");
    assert_eq!(
        response.content.as_deref(),
        Some("Your order shipped yesterday.")
    );
    assert_eq!(response.finish_reason.as_deref(), Some("stop"));
    // The role-only first chunk (empty content) yields no delta.
    let expected: Vec<StreamDelta> = ["Your order ", "shipped ", "yesterday", "."]
        .map(|s| StreamDelta::Content(s.to_string()))
        .into();
    assert_eq!(deltas, expected);
    assert!(
        server.requests()[0].stream_requested(),
        "the request must ask for a stream"
    );
}

#[tokio::test]
async fn streamed_tool_call_arguments_are_reassembled() {
    let script = StreamScript::new()
        .content("Checking")
        .content("…")
        .tool_call(
            0,
            "call_s1",
            "get_orders",
            ["{\"custo", "mer_id\"", ": 42", "}"],
        );
    let server = server([Reply::stream(script)]).await;
    let model = model(config(&server).with_stream(true));
    let (result, deltas) = complete_collecting(&model, ask("orders")).await;
    let response = result.expect("answer");
    assert_eq!(response.content.as_deref(), Some("Checking…"));
    assert_eq!(
        response.tool_calls,
        [call("call_s1", "get_orders", r#"{"customer_id": 42}"#)]
    );
    assert_eq!(response.finish_reason.as_deref(), Some("tool_calls"));
    let tool = |name: Option<&str>, arguments: &str| StreamDelta::ToolCall {
        index: 0,
        name: name.map(str::to_string),
        arguments: arguments.to_string(),
    };
    assert_eq!(
        deltas,
        [
            StreamDelta::Content("Checking".into()),
            StreamDelta::Content("…".into()),
            tool(Some("get_orders"), ""),
            tool(None, "{\"custo"),
            tool(None, "mer_id\""),
            tool(None, ": 42"),
            tool(None, "}"),
        ]
    );
}

#[tokio::test]
async fn streamed_parallel_calls_stay_apart_even_interleaved() {
    let script = StreamScript::new()
        .tool_call_start(0, "call_a", "get_orders")
        .tool_call_start(1, "call_b", "get_tickets")
        .tool_args(1, "{\"status\":")
        .tool_args(0, "{\"customer_id\":")
        .tool_args(1, " \"open\"}")
        .tool_args(0, " 7}");
    let server = server([Reply::stream(script)]).await;
    let model = model(config(&server).with_stream(true));
    let (result, deltas) = complete_collecting(&model, ask("orders and tickets")).await;
    let response = result.expect("answer");
    assert_eq!(
        response.tool_calls,
        [
            call("call_a", "get_orders", r#"{"customer_id": 7}"#),
            call("call_b", "get_tickets", r#"{"status": "open"}"#)
        ]
    );
    // Fragments are delivered in arrival order, each tagged with its call's index.
    let indexes: Vec<u32> = deltas
        .iter()
        .map(|d| match d {
            StreamDelta::ToolCall { index, .. } => *index,
            StreamDelta::Content(text) => panic!("unexpected content delta {text:?}"),
        })
        .collect();
    assert_eq!(indexes, [0, 1, 1, 0, 1, 0]);
}

#[tokio::test]
async fn plain_reply_streamed_by_the_server_in_small_chunks() {
    // A Message reply to a streaming request is split by the server into 8-char pieces.
    let long = "Thanks for waiting — I found two orders for you.";
    let server = server([Reply::Message {
        content: Some(long.into()),
        tool_calls: vec![ToolCallSpec::new(
            "c1",
            "get_orders",
            r#"{"customer_id": 3, "status": "shipped"}"#,
        )],
    }])
    .await;
    let model = model(config(&server).with_stream(true));
    let (result, deltas) = complete_collecting(&model, ask("orders")).await;
    let response = result.expect("answer");
    assert_eq!(response.content.as_deref(), Some(long));
    assert_eq!(
        response.tool_calls,
        [call(
            "c1",
            "get_orders",
            r#"{"customer_id": 3, "status": "shipped"}"#
        )]
    );
    assert!(
        deltas.len() > 5,
        "expected many deltas, got {}",
        deltas.len()
    );
}

#[tokio::test]
async fn malformed_arguments_are_kept_verbatim() {
    let raw = r#"{"customer_id": 3, "status": "#;
    let streamed = StreamScript::new().tool_call(
        0,
        "call_m",
        "get_orders",
        [r#"{"customer_id": 3,"#, r#" "status": "#],
    );
    let server = server([
        Reply::malformed_tool_call("call_m", "get_orders", raw),
        Reply::stream(streamed),
    ])
    .await;

    let plain = model(config(&server))
        .complete(&ask("x"))
        .await
        .expect("answer");
    assert_eq!(plain.tool_calls, [call("call_m", "get_orders", raw)]);
    let streamed = model(config(&server).with_stream(true))
        .complete(&ask("x"))
        .await
        .expect("answer");
    assert_eq!(streamed.tool_calls, [call("call_m", "get_orders", raw)]);
    assert!(serde_json::from_str::<serde_json::Value>(&streamed.tool_calls[0].arguments).is_err());
}

#[tokio::test]
async fn rate_limit_waits_for_retry_after_then_succeeds() {
    let server = server([Reply::rate_limited(1), Reply::text("ok now")]).await;
    let model = model(config(&server).with_max_retries(2));
    let started = Instant::now();
    let response = model
        .complete(&ask("hi"))
        .await
        .expect("answer after the retry");
    let elapsed = started.elapsed();
    assert_eq!(response.content.as_deref(), Some("ok now"));
    assert!(
        elapsed >= Duration::from_millis(900),
        "waited only {elapsed:?} despite Retry-After: 1"
    );
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    let gap = requests[1].received_at - requests[0].received_at;
    assert!(
        gap >= Duration::from_millis(900),
        "second request came {gap:?} after the first"
    );
}

#[tokio::test]
async fn rate_limit_exhausted_reports_retry_after() {
    let server = server([Reply::rate_limited(2)]).await;
    let error = model(config(&server).with_max_retries(0))
        .complete(&ask("hi"))
        .await
        .expect_err("429");
    match error {
        LlmError::RateLimited { retry_after } => {
            assert_eq!(retry_after, Some(Duration::from_secs(2)))
        }
        other => panic!("expected RateLimited, got {other:?}"),
    }
    assert_eq!(server.request_count(), 1);
}

#[tokio::test]
async fn insufficient_quota_is_not_retried() {
    let quota = Reply::Error {
        status: 429,
        message: "You exceeded your current quota".into(),
        error_type: "insufficient_quota".into(),
        retry_after: None,
    };
    let server = server([quota, Reply::text("never")]).await;
    let error = model(config(&server))
        .complete(&ask("hi"))
        .await
        .expect_err("quota");
    assert!(
        matches!(&error, LlmError::Server { status: 429, message } if message.contains("quota")),
        "{error:?}"
    );
    assert_eq!(server.request_count(), 1);
}

#[tokio::test]
async fn server_error_then_success() {
    let server = server([
        Reply::server_error("The server had an error"),
        Reply::text("recovered"),
    ])
    .await;
    let response = model(config(&server))
        .complete(&ask("hi"))
        .await
        .expect("answer after the retry");
    assert_eq!(response.content.as_deref(), Some("recovered"));
    assert_eq!(server.request_count(), 2);
}

#[tokio::test]
async fn server_error_forever_gives_up_after_max_retries() {
    let server = ScriptedServer::with_responder(|_| Reply::server_error("overloaded (scripted)"))
        .await
        .expect("server");
    let error = model(config(&server).with_max_retries(2))
        .complete(&ask("hi"))
        .await
        .expect_err("500s");
    match &error {
        LlmError::Server { status, message } => {
            assert_eq!(*status, 500);
            assert!(message.contains("overloaded (scripted)"), "{message}");
        }
        other => panic!("expected Server, got {other:?}"),
    }
    assert_eq!(server.request_count(), 3, "1 attempt + 2 retries");
}

#[tokio::test]
async fn client_errors_are_not_retried() {
    let server = server([
        Reply::http_error(400, "Invalid schema for function 'get_orders'"),
        Reply::text("never"),
    ])
    .await;
    let error = model(config(&server))
        .complete(&ask("hi"))
        .await
        .expect_err("400");
    assert!(
        matches!(&error, LlmError::Server { status: 400, message } if message.contains("Invalid schema")),
        "{error:?}"
    );
    assert_eq!(server.request_count(), 1);
}

#[tokio::test]
async fn exhausted_script_surfaces_as_server_error() {
    let server = server([]).await;
    let error = model(config(&server).with_max_retries(0))
        .complete(&ask("hi"))
        .await
        .expect_err("nothing scripted");
    assert!(
        matches!(&error, LlmError::Server { status: 500, message } if message.contains("script exhausted")),
        "{error:?}"
    );
}

#[tokio::test]
async fn a_local_server_that_hangs_is_not_asked_again_without_streaming() {
    // A one-slot local server would still be writing the abandoned answer: a retry would queue.
    let hang = Reply::hang(Duration::from_secs(20));
    let server = server([hang.clone(), hang, Reply::text("too late")]).await;
    let timeout = Duration::from_millis(300);
    let model = model(config(&server).with_timeout(timeout).with_max_retries(3));
    let started = Instant::now();
    let error = model.complete(&ask("hi")).await.expect_err("timeout");
    assert!(
        matches!(error, LlmError::Timeout(t) if t == timeout),
        "{error:?}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "took {:?}",
        started.elapsed()
    );
    assert_eq!(
        server.request_count(),
        1,
        "a local unstreamed timeout is final"
    );
}

#[tokio::test]
async fn a_streamed_timeout_is_retried_once() {
    let hang = Reply::hang(Duration::from_secs(20));
    let server = server([hang.clone(), hang.clone(), hang]).await;
    let model = model(
        config(&server)
            .with_stream(true)
            .with_timeout(Duration::from_millis(300))
            .with_max_retries(3),
    );
    let error = model.complete(&ask("hi")).await.expect_err("timeout");
    assert!(matches!(error, LlmError::Timeout(_)), "{error:?}");
    assert_eq!(server.request_count(), 2, "one retry, not three");

    let recovers = self::server([
        Reply::hang(Duration::from_secs(20)),
        Reply::streamed_text(["fine"]),
    ])
    .await;
    let response = self::model(
        config(&recovers)
            .with_stream(true)
            .with_timeout(Duration::from_millis(300))
            .with_max_retries(3),
    )
    .complete(&ask("hi"))
    .await
    .expect("the retry answers");
    assert_eq!(response.content.as_deref(), Some("fine"));
    assert_eq!(recovers.request_count(), 2);
}

#[tokio::test]
async fn stream_that_goes_silent_times_out() {
    let script = StreamScript::new()
        .content("Let me")
        .pause(Duration::from_secs(20))
        .content(" never");
    let server = server([Reply::stream(script)]).await;
    let model = model(
        config(&server)
            .with_stream(true)
            .with_timeout(Duration::from_millis(300))
            .with_max_retries(0),
    );
    let started = Instant::now();
    let error = model.complete(&ask("hi")).await.expect_err("idle stream");
    assert!(matches!(error, LlmError::Timeout(_)), "{error:?}");
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[tokio::test]
async fn broken_stream_after_output_is_not_retried() {
    let script = StreamScript::new().content("Half an ans").disconnect();
    let server = server([Reply::stream(script), Reply::text("would duplicate")]).await;
    let model = model(config(&server).with_stream(true).with_max_retries(3));
    let (result, deltas) = complete_collecting(&model, ask("hi")).await;
    let error = result.expect_err("broken stream");
    assert!(matches!(error, LlmError::Transport(_)), "{error:?}");
    assert_eq!(deltas, [StreamDelta::Content("Half an ans".into())]);
    assert_eq!(
        server.request_count(),
        1,
        "no retry once the customer saw text"
    );
}

#[tokio::test]
async fn broken_stream_before_output_is_retried() {
    let script = StreamScript::new().disconnect();
    let server = server([Reply::stream(script), Reply::streamed_text(["fine"])]).await;
    let model = model(config(&server).with_stream(true));
    let (result, deltas) = complete_collecting(&model, ask("hi")).await;
    assert_eq!(result.expect("answer").content.as_deref(), Some("fine"));
    assert_eq!(deltas, [StreamDelta::Content("fine".into())]);
    assert_eq!(server.request_count(), 2);
}

#[tokio::test]
async fn request_carries_prompt_tools_model_and_key() {
    let server = server([Reply::text("a"), Reply::text("b")]).await;
    let keyed = model(
        config(&server)
            .with_api_key("sk-test-123")
            .with_temperature(0.2),
    );
    let history = ChatRequest {
        messages: vec![
            ChatMessage::system("You are CX Agent. Be kind."),
            ChatMessage::user("Where is order 7?"),
            ChatMessage::assistant_tool_calls(
                None,
                vec![call("call_9", "get_orders", r#"{"order_id": 7}"#)],
            ),
            ChatMessage::tool("call_9", "get_orders", r#"{"found": true}"#),
        ],
        tools: vec![
            order_tool(),
            ToolSpec {
                name: "lookup_user".into(),
                description: String::new(),
                parameters: json!({"type": "object"}),
            },
        ],
        ..Default::default()
    };
    keyed.complete(&history).await.expect("answer");
    let sent = &server.requests()[0];
    assert_eq!(
        (sent.method.as_str(), sent.path.as_str()),
        ("POST", "/v1/chat/completions")
    );
    assert_eq!(sent.model(), Some("test-model"));
    assert_eq!(
        sent.system_prompt().as_deref(),
        Some("You are CX Agent. Be kind.")
    );
    assert_eq!(sent.tool_names(), ["get_orders", "lookup_user"]);
    let tool = sent.tool("get_orders").expect("tool offered");
    assert_eq!(tool["type"], "function");
    assert_eq!(
        tool["function"]["parameters"]["properties"]["customer_id"]["type"],
        "integer"
    );
    assert_eq!(tool["function"]["description"], "Orders of a customer");
    assert_eq!(sent.authorization(), Some("Bearer sk-test-123"));
    assert!((sent.temperature().expect("temperature") - 0.2).abs() < 1e-6);
    assert_eq!(
        sent.message_roles(),
        ["system", "user", "assistant", "tool"]
    );
    assert_eq!(sent.messages()[2]["tool_calls"][0]["id"], "call_9");
    assert_eq!(
        sent.messages()[2]["tool_calls"][0]["function"]["arguments"],
        r#"{"order_id": 7}"#
    );
    assert_eq!(sent.messages()[3]["tool_call_id"], "call_9");

    // Without a key: no Authorization header at all; without tools: no `tools` field.
    let keyless = model(config(&server));
    let bare = ChatRequest {
        messages: vec![ChatMessage::user("hi")],
        tools: Vec::new(),
        ..Default::default()
    };
    keyless.complete(&bare).await.expect("answer");
    let sent = &server.requests()[1];
    assert_eq!(sent.authorization(), None);
    assert!(!sent.has_tools_field());
    assert_eq!(sent.system_prompt(), None);
}

#[tokio::test]
async fn responder_answers_from_what_was_sent() {
    // A tool round-trip: the responder calls a tool first, then answers from the tool result.
    let server = ScriptedServer::with_responder(|body| {
        let messages = body["messages"].as_array().cloned().unwrap_or_default();
        match messages.iter().rev().find(|m| m["role"] == "tool") {
            Some(result) => Reply::text(format!(
                "Tool said: {}",
                result["content"].as_str().unwrap_or("")
            )),
            None => Reply::tool_call("call_1", "get_orders", r#"{"customer_id": 3}"#),
        }
    })
    .await
    .expect("server");
    let model = model(config(&server));
    let mut request = ask("orders?");
    let first = model.complete(&request).await.expect("tool call");
    let called = first.tool_calls[0].clone();
    request.messages.push(ChatMessage::assistant_tool_calls(
        first.content,
        first.tool_calls,
    ));
    request
        .messages
        .push(ChatMessage::tool(called.id, called.name, "2 orders"));
    let second = model.complete(&request).await.expect("answer");
    assert_eq!(second.content.as_deref(), Some("Tool said: 2 orders"));
}

#[tokio::test]
async fn unreachable_server_is_a_transport_error() {
    // Bind and drop to get a local port with (almost certainly) nobody listening.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("addr")
        .port();
    let config = OpenAiConfig::custom(format!("http://127.0.0.1:{port}/v1"), "m")
        .with_max_retries(1)
        .with_initial_backoff(Duration::from_millis(10));
    let error = model(config)
        .complete(&ask("hi"))
        .await
        .expect_err("refused");
    assert!(matches!(&error, LlmError::Transport(_)), "{error:?}");
    assert!(error.is_retryable());
}

#[tokio::test]
async fn an_html_escaped_answer_reaches_the_customer_as_plain_text() {
    let server = server([Reply::text(
        "I&#39;m sorry: &quot;Order 1004&quot; &amp; more",
    )])
    .await;
    let model = model(config(&server));
    let response = model.complete(&ask("hi")).await.expect("answer");
    assert_eq!(
        response.content.as_deref(),
        Some("I'm sorry: \"Order 1004\" & more")
    );
}

#[tokio::test]
async fn an_html_escaped_stream_is_decoded_even_when_a_reference_is_cut() {
    let server = server([Reply::streamed_text([
        "I&#3",
        "9;ll check. Tom &",
        " Jerry &",
    ])])
    .await;
    let model = model(config(&server).with_stream(true));
    let (result, deltas) = complete_collecting(&model, ask("hi")).await;
    let response = result.expect("answer");
    assert_eq!(
        response.content.as_deref(),
        Some("I'll check. Tom & Jerry &")
    );
    // What the customer watched arrive adds up to the same text, with no reference in it.
    let shown: String = deltas
        .iter()
        .map(|d| match d {
            StreamDelta::Content(text) => text.as_str(),
            other => panic!("unexpected delta {other:?}"),
        })
        .collect();
    assert_eq!(shown, "I'll check. Tom & Jerry &");
    assert!(
        !deltas
            .iter()
            .any(|d| matches!(d, StreamDelta::Content(t) if t.contains("&#")))
    );
}

#[tokio::test]
async fn every_request_limits_the_answers_length() {
    // Another OpenAI-compatible server reads `max_tokens`.
    let server = server([Reply::text("one"), Reply::text("two")]).await;
    model(config(&server))
        .complete(&ask("hi"))
        .await
        .expect("answer");
    let body = &server.requests()[0].body;
    assert_eq!(body["max_tokens"], OpenAiConfig::DEFAULT_MAX_TOKENS);
    assert!(body.get("max_completion_tokens").is_none());
    // api.openai.com's preset sends `max_completion_tokens`, which its reasoning models require.
    let mut openai = OpenAiConfig::openai("gpt-4o-mini").with_max_tokens(Some(300));
    openai.base_url = server.base_url();
    openai.api_key = None;
    model(openai).complete(&ask("hi")).await.expect("answer");
    let body = &server.requests()[1].body;
    assert_eq!(body["max_completion_tokens"], 300);
    assert!(body.get("max_tokens").is_none());
}

#[tokio::test]
async fn no_limit_is_sent_when_none_is_set() {
    let server = server([Reply::text("ok")]).await;
    model(config(&server).with_max_tokens(None))
        .complete(&ask("hi"))
        .await
        .expect("answer");
    let body = &server.requests()[0].body;
    assert!(body.get("max_tokens").is_none() && body.get("max_completion_tokens").is_none());
}

// ---- what real OpenAI-compatible servers send (llama.cpp, Ollama, vLLM) ---------------------

/// A non-streamed answer body with one choice, nothing more (no `id`, `object`, `created`).
fn bare_answer(message: serde_json::Value, finish_reason: serde_json::Value) -> Reply {
    Reply::raw_json(json!({
        "choices": [{ "index": 0, "message": message, "finish_reason": finish_reason }],
    }))
}

#[tokio::test]
async fn tool_calls_without_id_or_type_get_ids_their_results_can_answer() {
    // async-openai's own types refuse this answer: no `id`, no `type`, an object as arguments.
    let server = server([bare_answer(
        json!({ "role": "assistant", "content": null, "tool_calls": [
            { "function": { "name": "get_orders", "arguments": { "customer_id": 3 } } },
            { "id": "", "type": "function", "function": { "name": "get_tickets", "arguments": "{}" } },
        ]}),
        json!("tool_calls"),
    )])
    .await;
    let response = model(config(&server))
        .complete(&ask("orders and tickets"))
        .await
        .expect("answer");
    assert_eq!(
        response.tool_calls,
        [
            call("call_0", "get_orders", r#"{"customer_id":3}"#),
            call("call_1", "get_tickets", "{}"),
        ]
    );
}

#[tokio::test]
async fn a_streamed_call_without_id_index_or_type_gets_an_id() {
    let chunk = |delta: serde_json::Value, finish: serde_json::Value| json!({ "choices": [{ "index": 0, "delta": delta, "finish_reason": finish }] });
    let server = server([Reply::raw_stream([
        chunk(json!({ "role": "assistant" }), json!(null)),
        chunk(
            json!({ "tool_calls": [{ "function": { "name": "get_orders", "arguments": "{\"customer_id\": 3}" } }] }),
            json!(null),
        ),
        chunk(json!({}), json!("eos")),
    ])])
    .await;
    let model = model(config(&server).with_stream(true));
    let (result, _) = complete_collecting(&model, ask("orders")).await;
    let response = result.expect("answer");
    assert_eq!(
        response.tool_calls,
        [call("call_0", "get_orders", r#"{"customer_id": 3}"#)]
    );
    assert_eq!(response.finish_reason.as_deref(), Some("stop"));
}

#[tokio::test]
async fn odd_and_unknown_finish_reasons_are_read_not_refused() {
    for (sent, read) in [
        (json!("eos"), Some("stop")),
        (json!("end_turn"), Some("stop")),
        (json!(null), None),
        (json!("function_call"), Some("tool_calls")),
        (json!("MAX_TOKENS"), Some("length")),
        (json!("something_new"), Some("something_new")),
    ] {
        let server = server([bare_answer(
            json!({ "role": "assistant", "content": "Hello." }),
            sent.clone(),
        )])
        .await;
        let response = model(config(&server))
            .complete(&ask("hi"))
            .await
            .unwrap_or_else(|e| panic!("{sent}: {e}"));
        assert_eq!(response.content.as_deref(), Some("Hello."), "{sent}");
        assert_eq!(response.finish_reason.as_deref(), read, "{sent}");
    }
}

#[tokio::test]
async fn streamed_odd_finish_reason_and_legacy_function_call() {
    let server = server([Reply::raw_stream([
        json!({ "choices": [{ "delta": { "function_call": { "name": "get_orders", "arguments": "{}" } }, "finish_reason": null }] }),
        json!({ "choices": [{ "delta": {}, "finish_reason": "function_call" }] }),
    ])])
    .await;
    let model = model(config(&server).with_stream(true));
    let response = model.complete(&ask("orders")).await.expect("answer");
    assert_eq!(response.tool_calls, [call("call_0", "get_orders", "{}")]);
    assert_eq!(response.finish_reason.as_deref(), Some("tool_calls"));
}

#[tokio::test]
async fn an_error_object_in_a_200_answer_is_an_error_not_an_empty_answer() {
    let server = server([Reply::raw_stream([
        json!({ "choices": [{ "delta": { "content": "" }, "finish_reason": null }] }),
        json!({ "error": { "message": "the slot crashed", "type": "server_error" } }),
    ])])
    .await;
    let model = model(config(&server).with_stream(true).with_max_retries(0));
    let error = model.complete(&ask("hi")).await.expect_err("error chunk");
    assert!(
        matches!(&error, LlmError::Server { message, .. } if message == "the slot crashed"),
        "{error:?}"
    );
}

#[tokio::test]
async fn a_tool_call_written_as_text_becomes_a_call() {
    let server = server([
        Reply::text(
            "<tool_call>\n{\"name\": \"get_orders\", \"arguments\": {\"customer_id\": 3}}\n</tool_call>",
        ),
        Reply::text("```json\n{\"name\": \"get_orders\", \"parameters\": {\"customer_id\": 4}}\n```"),
        Reply::text(r#"{"name": "get_orders", "arguments": {"customer_id": 5}}"#),
    ])
    .await;
    let model = model(config(&server));
    for customer in [3, 4, 5] {
        let response = model.complete(&ask("my orders?")).await.expect("answer");
        let arguments = format!(r#"{{"customer_id":{customer}}}"#);
        assert_eq!(
            response.tool_calls,
            [call("call_0", "get_orders", &arguments)]
        );
        assert_eq!(response.content, None, "no JSON left for the customer");
        assert_eq!(response.finish_reason.as_deref(), Some("tool_calls"));
    }
}

#[tokio::test]
async fn a_call_to_a_tool_not_offered_stays_text() {
    let text = r#"{"name": "delete_customer", "arguments": {"customer_id": 3}}"#;
    let server = server([Reply::text(text), Reply::text(text)]).await;
    let plain = model(config(&server)).complete(&ask("hi")).await;
    assert_eq!(plain.expect("answer").content.as_deref(), Some(text));
    let streaming = model(config(&server).with_stream(true));
    let (result, deltas) = complete_collecting(&streaming, ask("hi")).await;
    assert!(result.expect("answer").tool_calls.is_empty());
    let shown: String = deltas
        .iter()
        .map(|d| match d {
            StreamDelta::Content(text) => text.as_str(),
            _ => "",
        })
        .collect();
    assert_eq!(
        shown, text,
        "text held back is shown once it is known to be text"
    );
}

#[tokio::test]
async fn a_streamed_call_written_as_text_is_never_shown() {
    let server = server([Reply::streamed_text([
        "Let me check. <tool",
        "_call>{\"name\": \"get_orders\", ",
        "\"arguments\": {\"customer_id\": 3}}",
        "</tool_call>",
    ])])
    .await;
    let model = model(config(&server).with_stream(true));
    let (result, deltas) = complete_collecting(&model, ask("my orders?")).await;
    let response = result.expect("answer");
    assert_eq!(
        response.tool_calls,
        [call("call_0", "get_orders", r#"{"customer_id":3}"#)]
    );
    assert_eq!(response.content.as_deref(), Some("Let me check."));
    assert_eq!(
        deltas,
        [
            StreamDelta::Content("Let me check. ".into()),
            StreamDelta::ToolCall {
                index: 0,
                name: Some("get_orders".into()),
                arguments: r#"{"customer_id":3}"#.into(),
            },
        ]
    );
}

#[tokio::test]
async fn a_request_too_long_for_the_context_window_is_its_own_error_and_not_retried() {
    let messages = [
        // vLLM and OpenAI
        "This model's maximum context length is 2048 tokens. However, you requested 2301 tokens \
         (2045 in the messages, 256 in the completion).",
        // llama-cpp-python's server
        "Requested tokens (2301) exceed context window of 2048",
        // llama.cpp's server
        "the request exceeds the available context size, try increasing it",
        "context length exceeded",
        "Prompt exceeds the context window",
    ];
    for message in messages {
        let server = server([Reply::http_error(400, message), Reply::text("unused")]).await;
        let error = model(config(&server).with_max_retries(3))
            .complete(&ask("hi"))
            .await
            .expect_err("overflow");
        assert!(
            matches!(&error, LlmError::ContextOverflow(m) if m == message),
            "{message}: {error:?}"
        );
        assert_eq!(server.request_count(), 1, "{message}");
    }
    // llama.cpp may say so in an error chunk of a streamed answer instead.
    let in_stream = server([Reply::raw_stream([
        json!({ "error": { "message": messages[2], "type": "exceed_context_size_error" } }),
    ])])
    .await;
    let error = model(config(&in_stream).with_stream(true))
        .complete(&ask("hi"))
        .await
        .expect_err("overflow");
    assert!(matches!(error, LlmError::ContextOverflow(_)), "{error:?}");
    let other = server([Reply::http_error(400, "unknown field `foo`")]).await;
    let error = model(config(&other))
        .complete(&ask("hi"))
        .await
        .expect_err("400");
    assert!(
        matches!(error, LlmError::Server { status: 400, .. }),
        "{error:?}"
    );
}

#[tokio::test]
async fn a_stream_given_up_on_is_closed_so_the_server_can_stop() {
    let script = StreamScript::new()
        .content("Let me")
        .pause(Duration::from_secs(20))
        .content(" see");
    let server = server([Reply::stream(script), Reply::streamed_text(["Done."])]).await;
    let model = model(
        config(&server)
            .with_stream(true)
            .with_timeout(Duration::from_millis(300))
            .with_max_retries(0),
    );
    let error = model.complete(&ask("hi")).await.expect_err("idle stream");
    assert!(matches!(error, LlmError::Timeout(_)), "{error:?}");
    let deadline = Instant::now() + Duration::from_secs(3);
    while server.abandoned_streams() == 0 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(server.abandoned_streams(), 1, "the connection was closed");
    let answered = model.complete(&ask("hi")).await.expect("answer");
    assert_eq!(answered.content.as_deref(), Some("Done."));
    assert_eq!(
        server.abandoned_streams(),
        1,
        "a finished stream is not abandoned"
    );
}

/// llama-cpp-python's chatml-function-calling leaves the tools out of the prompt unless
/// `tool_choice` says `auto`, and answers 500 to an assistant message whose content is null.
#[tokio::test]
async fn tools_go_with_tool_choice_auto_and_a_calls_content_is_a_string() {
    let server = server([Reply::text("Here you go."), Reply::text("Hello.")]).await;
    let m = model(config(&server));
    let mut request = ask("my orders?");
    request.messages.push(ChatMessage::assistant_tool_calls(
        None,
        vec![call("call_1", "get_orders", r#"{"customer_id": 3}"#)],
    ));
    request.messages.push(ChatMessage::tool(
        "call_1",
        "get_orders",
        r#"{"orders": []}"#,
    ));
    m.complete(&request).await.expect("answer");
    let body = &server.requests()[0].body;
    assert_eq!(body["tool_choice"], "auto", "{body}");
    assert_eq!(body["messages"][2]["content"], "", "{body}");
    // Without tools, no tool_choice either (a server may reject one without tools).
    let plain = ChatRequest {
        tools: vec![],
        ..ask("hello")
    };
    m.complete(&plain).await.expect("answer");
    let body = &server.requests()[1].body;
    assert!(body.get("tool_choice").is_none(), "{body}");
}

/// llama-cpp-python answers a streamed request that offers tools with an empty event stream: the
/// request is asked again unstreamed, and later ones with tools go unstreamed at once.
#[tokio::test]
async fn an_empty_stream_for_a_request_with_tools_is_asked_again_unstreamed() {
    let server = server([
        Reply::raw_stream([]),
        Reply::tool_call("call_1", "get_orders", r#"{"customer_id": 3}"#),
        Reply::text("Your orders."),
    ])
    .await;
    let m = model(config(&server).with_stream(true));
    let first = m.complete(&ask("my orders?")).await.expect("answer");
    assert_eq!(first.tool_calls.len(), 1, "{first:?}");
    let second = m.complete(&ask("and now?")).await.expect("answer");
    assert_eq!(second.content.as_deref(), Some("Your orders."));
    let streamed: Vec<bool> = server
        .requests()
        .iter()
        .map(|r| r.stream_requested())
        .collect();
    assert_eq!(streamed, [true, false, false]);
}
