//! Stored messages → the model's chat history, so a conversation resumes from the database alone.
//! A run of tool rows becomes one assistant message with those tool calls, then their results.

use crate::db::entity::{MessageRole, message};
use cx_llm::{ChatMessage, ToolCall};

pub fn chat_history(rows: &[message::Model]) -> Vec<ChatMessage> {
    let mut out = Vec::with_capacity(rows.len());
    let mut i = 0;
    while i < rows.len() {
        let m = &rows[i];
        match m.role {
            MessageRole::Customer => out.push(ChatMessage::user(m.content.clone())),
            MessageRole::Assistant => out.push(ChatMessage::assistant(m.content.clone())),
            // The model speaks for the shop: an agent's words are part of that voice.
            MessageRole::Agent => out.push(ChatMessage::assistant(m.content.clone())),
            // Notes for people (escalations, confirmations) are not the model's business.
            MessageRole::System => {}
            MessageRole::Tool => {
                let start = i;
                while i + 1 < rows.len() && rows[i + 1].role == MessageRole::Tool {
                    i += 1;
                }
                let run = &rows[start..=i];
                let calls: Vec<ToolCall> = run
                    .iter()
                    .map(|r| ToolCall {
                        id: call_id(r),
                        name: r.tool_name.clone().unwrap_or_default(),
                        arguments: arguments_text(r),
                    })
                    .collect();
                out.push(ChatMessage::assistant_tool_calls(None, calls));
                for r in run {
                    let result = r
                        .tool_result
                        .as_ref()
                        .map(|v| v.to_string())
                        .unwrap_or_default();
                    out.push(ChatMessage::tool(
                        call_id(r),
                        r.tool_name.clone().unwrap_or_default(),
                        result,
                    ));
                }
            }
        }
        i += 1;
    }
    out
}

/// A tool row's call id (rows from before call ids were stored get one from their row id).
pub(super) fn call_id(r: &message::Model) -> String {
    r.tool_call_id
        .clone()
        .unwrap_or_else(|| format!("call_m{}", r.id))
}

/// Arguments as the model wrote them: malformed text was stored as a JSON string.
fn arguments_text(r: &message::Model) -> String {
    match &r.tool_arguments {
        Some(serde_json::Value::String(raw)) => raw.clone(),
        Some(v) => v.to_string(),
        None => "{}".into(),
    }
}
