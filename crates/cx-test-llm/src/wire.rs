//! The OpenAI chat-completions wire format: JSON answers, SSE chunks and error bodies.
//! Shapes follow what api.openai.com sends, fields clients require included (`id`, `object`,
//! `created`, `model`, `type: "function"` on tool calls).

use std::time::Duration;

use serde_json::{Value, json};

use crate::reply::{StreamEvent, StreamScript, ToolCallSpec};

/// A fixed timestamp: tests compare bodies, and clients only need the field to exist.
const CREATED: u64 = 1_700_000_000;

pub(crate) fn completion(
    id: &str,
    model: &str,
    content: Option<&str>,
    calls: &[ToolCallSpec],
    finish: &str,
) -> Value {
    let mut message = json!({ "role": "assistant", "content": content });
    if !calls.is_empty() {
        let calls: Vec<Value> = calls
            .iter()
            .map(|c| json!({ "id": c.id, "type": "function", "function": { "name": c.name, "arguments": c.arguments } }))
            .collect();
        message["tool_calls"] = Value::Array(calls);
    }
    json!({
        "id": id,
        "object": "chat.completion",
        "created": CREATED,
        "model": model,
        "choices": [{ "index": 0, "message": message, "finish_reason": finish }],
        "usage": { "prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0 },
    })
}

/// One streamed chunk with a single choice.
pub(crate) fn chunk(id: &str, model: &str, delta: Value, finish: Option<&str>) -> Value {
    json!({
        "id": id,
        "object": "chat.completion.chunk",
        "created": CREATED,
        "model": model,
        "choices": [{ "index": 0, "delta": delta, "finish_reason": finish }],
    })
}

pub(crate) fn error_body(message: &str, error_type: &str) -> Value {
    json!({ "error": { "message": message, "type": error_type, "param": null, "code": null } })
}

pub(crate) fn models(ids: &[String]) -> Value {
    let data: Vec<Value> =
        ids.iter().map(|id| json!({ "id": id, "object": "model", "created": CREATED, "owned_by": "cx-test-llm" })).collect();
    json!({ "object": "list", "data": data })
}

/// What the SSE body is made of, in order.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum SseItem {
    /// A complete `data: ...\n\n` frame.
    Frame(String),
    Pause(Duration),
    Disconnect,
}

pub(crate) fn sse_frame(data: &str) -> String {
    format!("data: {data}\n\n")
}

/// The frames of a scripted stream: a role chunk, one chunk per event, a finish chunk, `[DONE]`.
/// A `Disconnect` event ends the list early (no finish chunk, no `[DONE]`).
pub(crate) fn stream_items(id: &str, model: &str, script: &StreamScript) -> Vec<SseItem> {
    let frame = |delta: Value, finish: Option<&str>| {
        SseItem::Frame(sse_frame(&chunk(id, model, delta, finish).to_string()))
    };
    // Like OpenAI, the first chunk only announces the role, with empty content.
    let mut items = vec![frame(json!({ "role": "assistant", "content": "" }), None)];
    for event in &script.events {
        let delta = match event {
            StreamEvent::Content(piece) => json!({ "content": piece }),
            StreamEvent::ToolCallStart { index, id, name } => json!({ "tool_calls": [{
                "index": index, "id": id, "type": "function", "function": { "name": name, "arguments": "" }
            }] }),
            StreamEvent::ToolCallArgs { index, fragment } => {
                json!({ "tool_calls": [{ "index": index, "function": { "arguments": fragment } }] })
            }
            StreamEvent::Pause(duration) => {
                items.push(SseItem::Pause(*duration));
                continue;
            }
            StreamEvent::Disconnect => {
                items.push(SseItem::Disconnect);
                return items;
            }
        };
        items.push(frame(delta, None));
    }
    items.push(frame(json!({}), Some(&script.effective_finish_reason())));
    items.push(SseItem::Frame(sse_frame("[DONE]")));
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frames_json(items: &[SseItem]) -> Vec<Value> {
        items
            .iter()
            .filter_map(|item| match item {
                SseItem::Frame(f) => f
                    .strip_prefix("data: ")?
                    .strip_suffix("\n\n")
                    .map(str::to_string),
                _ => None,
            })
            .filter(|data| data != "[DONE]")
            .map(|data| serde_json::from_str(&data).expect("each frame is JSON"))
            .collect()
    }

    #[test]
    fn tool_call_chunks_look_like_openai() {
        let script =
            StreamScript::new().tool_call(0, "call_1", "get_orders", ["{\"order_id\"", ": 7}"]);
        let items = stream_items("chatcmpl-1", "m", &script);
        assert_eq!(
            items.last(),
            Some(&SseItem::Frame("data: [DONE]\n\n".into()))
        );
        let chunks = frames_json(&items);
        // role, start, two fragments, finish
        assert_eq!(chunks.len(), 5);
        let start = &chunks[1]["choices"][0]["delta"]["tool_calls"][0];
        assert_eq!(start["id"], "call_1");
        assert_eq!(start["type"], "function");
        assert_eq!(start["function"]["name"], "get_orders");
        assert_eq!(start["function"]["arguments"], "");
        let fragment = &chunks[2]["choices"][0]["delta"]["tool_calls"][0];
        assert_eq!(fragment["index"], 0);
        assert!(fragment.get("id").is_none() && fragment["function"].get("name").is_none());
        assert_eq!(fragment["function"]["arguments"], "{\"order_id\"");
        assert_eq!(chunks[4]["choices"][0]["finish_reason"], "tool_calls");
    }

    #[test]
    fn disconnect_cuts_the_stream_short() {
        let script = StreamScript::new()
            .content("partial")
            .disconnect()
            .content("never sent");
        let items = stream_items("id", "m", &script);
        assert_eq!(items.last(), Some(&SseItem::Disconnect));
        assert!(!items.iter().any(
            |i| matches!(i, SseItem::Frame(f) if f.contains("never sent") || f.contains("[DONE]"))
        ));
    }

    #[test]
    fn completion_carries_parallel_calls() {
        let calls = [
            ToolCallSpec::new("a", "x", "{}"),
            ToolCallSpec::new("b", "y", "not json"),
        ];
        let body = completion("id", "m", None, &calls, "tool_calls");
        let message = &body["choices"][0]["message"];
        assert_eq!(message["content"], Value::Null);
        assert_eq!(
            message["tool_calls"][1]["function"]["arguments"],
            "not json"
        );
        assert_eq!(message["tool_calls"][1]["type"], "function");
    }
}
