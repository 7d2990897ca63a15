//! What the server saw: one [`RecordedRequest`] per HTTP request, with helpers for the parts of
//! a chat-completions body that tests usually assert on.

use std::time::Instant;

use serde_json::Value;

#[derive(Debug, Clone)]
pub struct RecordedRequest {
    /// 0-based arrival order.
    pub index: usize,
    pub method: String,
    pub path: String,
    /// All headers, names lowercased, in arrival order.
    pub headers: Vec<(String, String)>,
    /// The body parsed as JSON; `Value::Null` when empty or not JSON (see `raw_body`).
    pub body: Value,
    pub raw_body: String,
    /// When the request arrived, to measure backoff between retries.
    pub received_at: Instant,
}

impl RecordedRequest {
    /// A header's value; `name` is matched case-insensitively.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn authorization(&self) -> Option<&str> {
        self.header("authorization")
    }

    /// The token of an `Authorization: Bearer <token>` header.
    pub fn bearer_token(&self) -> Option<&str> {
        self.authorization()?.strip_prefix("Bearer ")
    }

    pub fn model(&self) -> Option<&str> {
        self.body.get("model")?.as_str()
    }

    pub fn stream_requested(&self) -> bool {
        self.body
            .get("stream")
            .and_then(Value::as_bool)
            .unwrap_or(false)
    }

    pub fn temperature(&self) -> Option<f64> {
        self.body.get("temperature")?.as_f64()
    }

    pub fn messages(&self) -> &[Value] {
        self.body
            .get("messages")
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or_default()
    }

    pub fn message_roles(&self) -> Vec<String> {
        self.messages()
            .iter()
            .filter_map(|m| m.get("role")?.as_str().map(str::to_string))
            .collect()
    }

    /// The text of every system (or developer) message, joined by blank lines; None if none.
    pub fn system_prompt(&self) -> Option<String> {
        let parts: Vec<String> = self
            .messages()
            .iter()
            .filter(|m| {
                matches!(
                    m.get("role").and_then(Value::as_str),
                    Some("system" | "developer")
                )
            })
            .map(|m| content_text(m.get("content")))
            .collect();
        (!parts.is_empty()).then(|| parts.join("\n\n"))
    }

    /// The text of the last user message.
    pub fn last_user_text(&self) -> Option<String> {
        let message = self
            .messages()
            .iter()
            .rev()
            .find(|m| m.get("role").and_then(Value::as_str) == Some("user"))?;
        Some(content_text(message.get("content")))
    }

    /// Whether the body has a `tools` field at all (clients should omit it when empty).
    pub fn has_tools_field(&self) -> bool {
        self.body.get("tools").is_some()
    }

    /// The names of the function tools offered, in order.
    pub fn tool_names(&self) -> Vec<String> {
        let tools = self
            .body
            .get("tools")
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or_default();
        tools
            .iter()
            .filter_map(|t| t.pointer("/function/name")?.as_str().map(str::to_string))
            .collect()
    }

    /// The offered tool named `name` (the whole `{"type": "function", "function": {...}}`).
    pub fn tool(&self, name: &str) -> Option<&Value> {
        self.body
            .get("tools")?
            .as_array()?
            .iter()
            .find(|t| t.pointer("/function/name").and_then(Value::as_str) == Some(name))
    }
}

/// Message content as text: a string, or the `text` parts of a content-part array.
fn content_text(content: Option<&Value>) -> String {
    match content {
        Some(Value::String(text)) => text.clone(),
        Some(Value::Array(parts)) => parts
            .iter()
            .filter_map(|p| p.get("text")?.as_str())
            .collect::<Vec<_>>()
            .join(""),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn recorded(body: Value) -> RecordedRequest {
        RecordedRequest {
            index: 0,
            method: "POST".into(),
            path: "/v1/chat/completions".into(),
            headers: vec![("authorization".into(), "Bearer sk-test".into())],
            raw_body: body.to_string(),
            body,
            received_at: Instant::now(),
        }
    }

    #[test]
    fn chat_body_helpers() {
        let request = recorded(json!({
            "model": "gpt-test",
            "stream": true,
            "messages": [
                { "role": "system", "content": "You are CX." },
                { "role": "developer", "content": [{ "type": "text", "text": "Be brief." }] },
                { "role": "user", "content": "Where is order 7?" },
            ],
            "tools": [
                { "type": "function", "function": { "name": "get_orders", "parameters": {} } },
                { "type": "function", "function": { "name": "lookup_user" } },
            ],
        }));
        assert_eq!(request.model(), Some("gpt-test"));
        assert!(request.stream_requested());
        assert_eq!(
            request.system_prompt().as_deref(),
            Some("You are CX.\n\nBe brief.")
        );
        assert_eq!(
            request.last_user_text().as_deref(),
            Some("Where is order 7?")
        );
        assert_eq!(request.tool_names(), ["get_orders", "lookup_user"]);
        assert!(request.tool("get_orders").is_some() && request.tool("nope").is_none());
        assert_eq!(request.message_roles(), ["system", "developer", "user"]);
        assert_eq!(request.header("Authorization"), Some("Bearer sk-test"));
        assert_eq!(request.bearer_token(), Some("sk-test"));
    }

    #[test]
    fn missing_parts_are_empty_not_errors() {
        let request =
            recorded(json!({ "model": "m", "messages": [{ "role": "user", "content": "hi" }] }));
        assert_eq!(request.system_prompt(), None);
        assert!(request.tool_names().is_empty());
        assert!(!request.has_tools_field());
        assert!(!request.stream_requested());
        assert_eq!(recorded(Value::Null).messages().len(), 0);
    }
}
