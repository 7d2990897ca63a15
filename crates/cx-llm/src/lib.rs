//! The language-model boundary: provider-neutral chat types, the `ChatModel` trait, and its
//! implementations. Nothing here knows about the database, roles or tools' meaning; the agent loop
//! in cx-core drives a `ChatModel` and executes the tool calls it returns.

use serde::{Deserialize, Serialize};

/// Who wrote a chat message, in the model's vocabulary (the customer is `User` here only).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChatRole {
    System,
    User,
    Assistant,
    Tool,
}

/// One tool call as the model asked for it. `arguments` is the raw JSON text the model produced:
/// it may be malformed, and the agent loop reports that back to the model as a tool error.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ToolCall {
    pub id: String,
    pub name: String,
    pub arguments: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChatMessage {
    pub role: ChatRole,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content: Option<String>,
    /// Only on assistant messages.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tool_calls: Vec<ToolCall>,
    /// Only on tool messages: which call this answers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tool_call_id: Option<String>,
    /// Only on tool messages: the tool's name (the offline assistant reads it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

impl ChatMessage {
    pub fn system(text: impl Into<String>) -> Self {
        Self::text(ChatRole::System, text)
    }
    pub fn user(text: impl Into<String>) -> Self {
        Self::text(ChatRole::User, text)
    }
    pub fn assistant(text: impl Into<String>) -> Self {
        Self::text(ChatRole::Assistant, text)
    }
    pub fn assistant_tool_calls(content: Option<String>, calls: Vec<ToolCall>) -> Self {
        Self {
            role: ChatRole::Assistant,
            content,
            tool_calls: calls,
            tool_call_id: None,
            name: None,
        }
    }
    pub fn tool(
        call_id: impl Into<String>,
        name: impl Into<String>,
        result: impl Into<String>,
    ) -> Self {
        Self {
            role: ChatRole::Tool,
            content: Some(result.into()),
            tool_calls: Vec::new(),
            tool_call_id: Some(call_id.into()),
            name: Some(name.into()),
        }
    }
    fn text(role: ChatRole, text: impl Into<String>) -> Self {
        Self {
            role,
            content: Some(text.into()),
            tool_calls: Vec::new(),
            tool_call_id: None,
            name: None,
        }
    }
}

/// A function the model may call: name, description and the JSON schema of its arguments.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ToolSpec {
    pub name: String,
    pub description: String,
    pub parameters: serde_json::Value,
}

/// A piece of a streamed answer, for windows that show the model typing.
#[derive(Debug, Clone, PartialEq)]
pub enum StreamDelta {
    Content(String),
    ToolCall {
        index: u32,
        name: Option<String>,
        arguments: String,
    },
}

#[derive(Debug, Clone, Default)]
pub struct ChatRequest {
    pub messages: Vec<ChatMessage>,
    pub tools: Vec<ToolSpec>,
    /// When set, a streaming implementation sends deltas here as they arrive.
    pub deltas: Option<tokio::sync::mpsc::UnboundedSender<StreamDelta>>,
    /// What the system prompt says about the turn, typed; None when the caller has no session.
    pub context: Option<TurnContext>,
}

/// The facts of a turn that the system prompt states in words, typed for a model that does not
/// read prose (the offline assistant). A language model reads the prompt and ignores this, so the
/// two must say the same: the caller fills both from the same facts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TurnContext {
    /// How replies are phrased.
    pub phrasing: Phrasing,
    /// The language the customer chose, as its code (`en`, `de`, `es`…).
    pub language: Option<String>,
    /// The verified customer's id, once they are verified.
    pub verified_customer: Option<i64>,
}

/// The phrasings a rule-based model has: each configured tone names one (the built-in tones are
/// their own).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Phrasing {
    #[default]
    Professional,
    Friendly,
    Playful,
}

impl Phrasing {
    pub const ALL: [Phrasing; 3] = [
        Phrasing::Professional,
        Phrasing::Friendly,
        Phrasing::Playful,
    ];

    /// The name it is written with in configuration, `professional`…
    pub fn as_str(self) -> &'static str {
        match self {
            Phrasing::Professional => "professional",
            Phrasing::Friendly => "friendly",
            Phrasing::Playful => "playful",
        }
    }

    /// The phrasing called `name`, if there is one.
    pub fn named(name: &str) -> Option<Phrasing> {
        Phrasing::ALL.into_iter().find(|p| p.as_str() == name)
    }
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ChatResponse {
    pub content: Option<String>,
    pub tool_calls: Vec<ToolCall>,
    pub finish_reason: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum LlmError {
    #[error("the model did not answer within {0:?}")]
    Timeout(std::time::Duration),
    #[error("the model is rate limited (HTTP 429){}", retry_after_text(.retry_after))]
    RateLimited {
        retry_after: Option<std::time::Duration>,
    },
    #[error("the model server failed with HTTP {status}: {message}")]
    Server { status: u16, message: String },
    /// The request is longer than the model's context window: the same request fails again, a
    /// shorter conversation may not.
    #[error("the conversation does not fit the model's context window: {0}")]
    ContextOverflow(String),
    #[error("could not reach the model: {0}")]
    Transport(String),
    #[error("the model's answer could not be read: {0}")]
    InvalidResponse(String),
    #[error("model configuration: {0}")]
    Config(String),
}

fn retry_after_text(d: &Option<std::time::Duration>) -> String {
    d.map(|d| format!(", retry after {}s", d.as_secs()))
        .unwrap_or_default()
}

impl LlmError {
    /// Whether trying the same request again may succeed.
    pub fn is_retryable(&self) -> bool {
        match self {
            LlmError::Timeout(_) | LlmError::RateLimited { .. } | LlmError::Transport(_) => true,
            LlmError::Server { status, .. } => *status >= 500,
            LlmError::InvalidResponse(_) | LlmError::Config(_) | LlmError::ContextOverflow(_) => {
                false
            }
        }
    }
}

/// A chat model that may call tools. Implementations: [`openai::OpenAiModel`] (any
/// OpenAI-compatible server) and [`offline::OfflineAssistant`] (deterministic, no network).
#[async_trait::async_trait]
pub trait ChatModel: Send + Sync {
    /// A short name for logs and the UI, e.g. `openai:gpt-4o-mini` or `offline`.
    fn name(&self) -> String;
    async fn complete(&self, request: &ChatRequest) -> Result<ChatResponse, LlmError>;
}

pub mod escaped;
pub mod inline;
#[cfg(feature = "openai")]
pub mod openai;
#[cfg(feature = "openai")]
mod wire;
