//! What the scripted model answers: [`Reply`] and, for precise SSE chunking, [`StreamScript`].

use std::time::Duration;

/// One tool call the scripted model makes. `arguments` is sent verbatim, so it may be invalid
/// JSON on purpose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ToolCallSpec {
    pub id: String,
    pub name: String,
    pub arguments: String,
}

impl ToolCallSpec {
    pub fn new(
        id: impl Into<String>,
        name: impl Into<String>,
        arguments: impl Into<String>,
    ) -> Self {
        Self {
            id: id.into(),
            name: name.into(),
            arguments: arguments.into(),
        }
    }
}

/// One scripted answer to one chat-completions request.
#[derive(Debug, Clone, PartialEq)]
pub enum Reply {
    /// A complete assistant message: text and/or tool calls (several = parallel calls).
    Message {
        content: Option<String>,
        tool_calls: Vec<ToolCallSpec>,
    },
    /// An SSE answer chunked exactly as scripted.
    Stream(StreamScript),
    /// An HTTP error with an OpenAI-style `{"error": {...}}` body and, optionally, a
    /// `Retry-After` header (any text, so tests can also send odd values).
    Error {
        status: u16,
        message: String,
        error_type: String,
        retry_after: Option<String>,
    },
    /// Wait this long (past the client's timeout), then answer 504: nothing useful.
    Hang(Duration),
    /// This exact body with this status, as `application/json`: for answers real servers send
    /// that the OpenAI shapes above never would (no tool-call id, an odd `finish_reason`, ...).
    Raw { status: u16, body: String },
    /// An SSE answer of exactly these `data:` payloads, then `data: [DONE]`.
    RawStream(Vec<String>),
}

impl Reply {
    pub fn text(content: impl Into<String>) -> Self {
        Reply::Message {
            content: Some(content.into()),
            tool_calls: Vec::new(),
        }
    }

    /// One tool call; `arguments` is the raw JSON text.
    pub fn tool_call(
        id: impl Into<String>,
        name: impl Into<String>,
        arguments: impl Into<String>,
    ) -> Self {
        Self::tool_calls([ToolCallSpec::new(id, name, arguments)])
    }

    /// Several tool calls in one response (parallel function calling).
    pub fn tool_calls(calls: impl IntoIterator<Item = ToolCallSpec>) -> Self {
        Reply::Message {
            content: None,
            tool_calls: calls.into_iter().collect(),
        }
    }

    /// A tool call whose arguments are not valid JSON (sent exactly as given).
    pub fn malformed_tool_call(
        id: impl Into<String>,
        name: impl Into<String>,
        raw_arguments: impl Into<String>,
    ) -> Self {
        Self::tool_call(id, name, raw_arguments)
    }

    /// A streamed text answer, one SSE chunk per piece.
    pub fn streamed_text<S: Into<String>>(pieces: impl IntoIterator<Item = S>) -> Self {
        let mut script = StreamScript::new();
        for piece in pieces {
            script = script.content(piece);
        }
        Reply::Stream(script)
    }

    pub fn stream(script: StreamScript) -> Self {
        Reply::Stream(script)
    }

    /// HTTP 429 with `Retry-After: <seconds>`.
    pub fn rate_limited(retry_after_secs: u64) -> Self {
        Reply::Error {
            status: 429,
            message: "Rate limit reached for requests (scripted)".into(),
            error_type: "rate_limit_error".into(),
            retry_after: Some(retry_after_secs.to_string()),
        }
    }

    /// HTTP 500 with an OpenAI-style error body.
    pub fn server_error(message: impl Into<String>) -> Self {
        Self::http_error(500, message)
    }

    /// Any HTTP error status with an OpenAI-style error body and no `Retry-After`.
    pub fn http_error(status: u16, message: impl Into<String>) -> Self {
        let error_type = match status {
            429 => "rate_limit_error",
            400..=499 => "invalid_request_error",
            _ => "server_error",
        };
        Reply::Error {
            status,
            message: message.into(),
            error_type: error_type.into(),
            retry_after: None,
        }
    }

    pub fn hang(duration: Duration) -> Self {
        Reply::Hang(duration)
    }

    /// HTTP 200 with this JSON as the whole body, whether or not the request asked to stream.
    pub fn raw_json(body: serde_json::Value) -> Self {
        Self::raw(200, body.to_string())
    }

    /// Any status with this body, sent verbatim.
    pub fn raw(status: u16, body: impl Into<String>) -> Self {
        Reply::Raw {
            status,
            body: body.into(),
        }
    }

    /// An SSE answer whose chunks are exactly these JSON values (one `data:` frame each), then
    /// `[DONE]`.
    pub fn raw_stream(chunks: impl IntoIterator<Item = serde_json::Value>) -> Self {
        Reply::RawStream(chunks.into_iter().map(|c| c.to_string()).collect())
    }
}

/// One step of a streamed answer. Tool-call events mirror OpenAI: a start chunk carries the
/// index, id, type, name and `""` arguments; later chunks carry only the index and a fragment.
#[derive(Debug, Clone, PartialEq)]
pub enum StreamEvent {
    Content(String),
    ToolCallStart {
        index: u32,
        id: String,
        name: String,
    },
    ToolCallArgs {
        index: u32,
        fragment: String,
    },
    /// Send nothing for a while (e.g. to trip a client's idle timeout mid-stream).
    Pause(Duration),
    /// Break the response off here, without `[DONE]`, like a dropped connection.
    Disconnect,
}

/// An SSE answer, event by event. Built with chained calls:
/// `StreamScript::new().content("Hel").content("lo")`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StreamScript {
    pub events: Vec<StreamEvent>,
    /// Sent on the last chunk; defaults to `tool_calls` when the script has any, else `stop`.
    pub finish_reason: Option<String>,
}

impl StreamScript {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn content(mut self, piece: impl Into<String>) -> Self {
        self.events.push(StreamEvent::Content(piece.into()));
        self
    }

    pub fn tool_call_start(
        mut self,
        index: u32,
        id: impl Into<String>,
        name: impl Into<String>,
    ) -> Self {
        self.events.push(StreamEvent::ToolCallStart {
            index,
            id: id.into(),
            name: name.into(),
        });
        self
    }

    pub fn tool_args(mut self, index: u32, fragment: impl Into<String>) -> Self {
        self.events.push(StreamEvent::ToolCallArgs {
            index,
            fragment: fragment.into(),
        });
        self
    }

    /// A whole tool call: its start chunk, then one chunk per argument fragment.
    pub fn tool_call<S: Into<String>>(
        mut self,
        index: u32,
        id: impl Into<String>,
        name: impl Into<String>,
        fragments: impl IntoIterator<Item = S>,
    ) -> Self {
        self = self.tool_call_start(index, id, name);
        for fragment in fragments {
            self = self.tool_args(index, fragment);
        }
        self
    }

    pub fn pause(mut self, duration: Duration) -> Self {
        self.events.push(StreamEvent::Pause(duration));
        self
    }

    pub fn disconnect(mut self) -> Self {
        self.events.push(StreamEvent::Disconnect);
        self
    }

    pub fn finish(mut self, reason: impl Into<String>) -> Self {
        self.finish_reason = Some(reason.into());
        self
    }

    /// Streams a complete message in small pieces, so even plain replies exercise reassembly.
    pub fn from_message(content: Option<&str>, tool_calls: &[ToolCallSpec]) -> Self {
        const PIECE: usize = 8;
        let mut script = StreamScript::new();
        for piece in split_chars(content.unwrap_or_default(), PIECE) {
            script = script.content(piece);
        }
        for (index, call) in (0u32..).zip(tool_calls) {
            script = script.tool_call(
                index,
                &call.id,
                &call.name,
                split_chars(&call.arguments, PIECE),
            );
        }
        script
    }

    /// What the stream adds up to: the text (None if empty) and the tool calls by index.
    pub fn assembled(&self) -> (Option<String>, Vec<ToolCallSpec>) {
        let mut content = String::new();
        let mut calls: Vec<(u32, ToolCallSpec)> = Vec::new();
        for event in &self.events {
            match event {
                StreamEvent::Content(piece) => content.push_str(piece),
                StreamEvent::ToolCallStart { index, id, name } => {
                    calls.push((*index, ToolCallSpec::new(id, name, "")));
                }
                StreamEvent::ToolCallArgs { index, fragment } => {
                    if let Some((_, call)) = calls.iter_mut().find(|(i, _)| i == index) {
                        call.arguments.push_str(fragment);
                    }
                }
                StreamEvent::Pause(_) | StreamEvent::Disconnect => {}
            }
        }
        calls.sort_by_key(|(index, _)| *index);
        let content = (!content.is_empty()).then_some(content);
        (content, calls.into_iter().map(|(_, call)| call).collect())
    }

    pub fn effective_finish_reason(&self) -> String {
        if let Some(reason) = &self.finish_reason {
            return reason.clone();
        }
        let has_calls = self
            .events
            .iter()
            .any(|e| matches!(e, StreamEvent::ToolCallStart { .. }));
        if has_calls { "tool_calls" } else { "stop" }.to_string()
    }
}

/// Splits on char boundaries into pieces of at most `size` chars.
fn split_chars(text: &str, size: usize) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    chars
        .chunks(size)
        .map(|chunk| chunk.iter().collect())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn from_message_splits_and_reassembles() {
        let calls = [
            ToolCallSpec::new(
                "call_a",
                "get_orders",
                r#"{"customer_id": 3, "status": "shipped"}"#,
            ),
            ToolCallSpec::new("call_b", "get_tickets", "{}"),
        ];
        let script = StreamScript::from_message(Some("Let me look that up — one moment."), &calls);
        let content_chunks = script
            .events
            .iter()
            .filter(|e| matches!(e, StreamEvent::Content(_)))
            .count();
        assert!(
            content_chunks > 1,
            "content should be split, got {content_chunks} chunk(s)"
        );
        let (content, assembled) = script.assembled();
        assert_eq!(
            content.as_deref(),
            Some("Let me look that up — one moment.")
        );
        assert_eq!(assembled, calls);
        assert_eq!(script.effective_finish_reason(), "tool_calls");
    }

    #[test]
    fn interleaved_fragments_assemble_by_index() {
        let script = StreamScript::new()
            .tool_call_start(1, "call_2", "b")
            .tool_call_start(0, "call_1", "a")
            .tool_args(0, "{\"x\"")
            .tool_args(1, "{\"y\":")
            .tool_args(0, ":1}")
            .tool_args(1, "2}");
        let (content, calls) = script.assembled();
        assert_eq!(content, None);
        assert_eq!(calls[0], ToolCallSpec::new("call_1", "a", "{\"x\":1}"));
        assert_eq!(calls[1], ToolCallSpec::new("call_2", "b", "{\"y\":2}"));
        assert_eq!(
            StreamScript::new().content("hi").effective_finish_reason(),
            "stop"
        );
    }
}
