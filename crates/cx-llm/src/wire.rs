//! The chat-completions answer as OpenAI-compatible servers really send it, read leniently.
//!
//! async-openai's own response types follow api.openai.com to the letter: a tool call without
//! an `id` or a `type`, or a `finish_reason` outside its five values (llama.cpp, Ollama and
//! vLLM send `eos`, `end_turn`, ...), fails the whole answer with a deserialization error. So the
//! client asks async-openai for these types instead (its `byot` "bring your own types" calls):
//! every field optional, arguments as a string or an object, and an `error` object a server may
//! send with status 200 (llama.cpp does so mid-stream).

use serde::{Deserialize, Deserializer};
use serde_json::Value;

/// A non-streamed answer.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct Completion {
    #[serde(default, deserialize_with = "null_as_default")]
    pub choices: Vec<Choice>,
    #[serde(default)]
    pub error: Option<Value>,
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct Choice {
    #[serde(default, deserialize_with = "null_as_default")]
    pub index: u32,
    #[serde(default, deserialize_with = "null_as_default")]
    pub message: Message,
    #[serde(default)]
    pub finish_reason: Option<String>,
}

/// A message, or a streamed delta of one: the same fields either way.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct Message {
    #[serde(default)]
    pub content: Option<Content>,
    #[serde(default)]
    pub refusal: Option<String>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub tool_calls: Vec<Call>,
    /// The pre-tools form of a call, which some servers still send.
    #[serde(default)]
    pub function_call: Option<Function>,
}

/// Text, or the parts form (`[{"type": "text", "text": "..."}]`) some servers answer with.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub(crate) enum Content {
    Text(String),
    Parts(Vec<Part>),
}

#[derive(Debug, Deserialize)]
pub(crate) struct Part {
    #[serde(default)]
    pub text: Option<String>,
}

impl Content {
    pub fn into_text(self) -> String {
        match self {
            Content::Text(text) => text,
            Content::Parts(parts) => parts.into_iter().filter_map(|p| p.text).collect(),
        }
    }
}

/// A tool call, whole or a streamed fragment. Any part may be missing.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct Call {
    #[serde(default)]
    pub index: Option<u32>,
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default)]
    pub function: Option<Function>,
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct Function {
    #[serde(default)]
    pub name: Option<String>,
    /// A JSON string as OpenAI sends it; an object (some servers) is kept as its JSON text.
    #[serde(default, deserialize_with = "arguments_text")]
    pub arguments: Option<String>,
}

/// One streamed chunk.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct Chunk {
    #[serde(default, deserialize_with = "null_as_default")]
    pub choices: Vec<StreamChoice>,
    #[serde(default)]
    pub error: Option<Value>,
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct StreamChoice {
    #[serde(default, deserialize_with = "null_as_default")]
    pub index: u32,
    #[serde(default, deserialize_with = "null_as_default")]
    pub delta: Message,
    #[serde(default)]
    pub finish_reason: Option<String>,
}

fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

fn arguments_text<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    Ok(match Value::deserialize(deserializer)? {
        Value::Null => None,
        Value::String(text) => Some(text),
        other => Some(other.to_string()),
    })
}

/// The finish reason in OpenAI's words where a server used its own: `stop`, `length`,
/// `tool_calls`, `content_filter`. An unknown reason is kept (lowercased) as sent; an empty one
/// is none.
pub(crate) fn finish_reason(raw: Option<String>) -> Option<String> {
    let reason = raw?.trim().to_ascii_lowercase();
    let known = match reason.as_str() {
        "" => return None,
        "stop" | "eos" | "eos_token" | "end_turn" | "end" | "stop_sequence" => "stop",
        "length" | "max_tokens" | "max_length" | "model_length" => "length",
        "tool_calls" | "tool_call" | "function_call" | "tool_use" => "tool_calls",
        "content_filter" => "content_filter",
        _ => return Some(reason),
    };
    Some(known.to_string())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn finish_reasons_are_normalised() {
        let norm = |r: Option<&str>| finish_reason(r.map(str::to_string));
        assert_eq!(norm(Some("eos")).as_deref(), Some("stop"));
        assert_eq!(norm(Some("END_TURN")).as_deref(), Some("stop"));
        assert_eq!(norm(Some("function_call")).as_deref(), Some("tool_calls"));
        assert_eq!(norm(Some("max_tokens")).as_deref(), Some("length"));
        assert_eq!(
            norm(Some("something_new")).as_deref(),
            Some("something_new")
        );
        assert_eq!(norm(Some("")), None);
        assert_eq!(norm(None), None);
    }

    #[test]
    fn what_openai_types_refuse_is_read() {
        let answer: Completion = serde_json::from_value(json!({
            "choices": [{
                "message": {
                    "content": [{"type": "text", "text": "Hi"}, {"type": "text", "text": "!"}],
                    "tool_calls": [{"function": {"name": "get_orders", "arguments": {"order_id": 7}}}],
                },
                "finish_reason": null,
            }],
        }))
        .expect("lenient");
        let choice = &answer.choices[0];
        assert_eq!(choice.finish_reason, None);
        let call = &choice.message.tool_calls[0];
        assert_eq!(call.id, None);
        let function = call.function.as_ref().expect("function");
        assert_eq!(function.arguments.as_deref(), Some(r#"{"order_id":7}"#));
        let chunk: Chunk =
            serde_json::from_value(json!({"choices": [{"delta": null, "finish_reason": "eos"}]}))
                .expect("null delta");
        assert!(chunk.choices[0].delta.content.is_none());
    }
}
