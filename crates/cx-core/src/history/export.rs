//! Transcript exports. Both formats are stable; a change bumps [`EXPORT_VERSION`].
//!
//! **JSON** ([`export_json`]): the [`Transcript`] fields at the top level (`session`, `customer`,
//! `messages`, `pending_actions`, `escalation`) plus `"format": "cx-agent.transcript"` and
//! `"version": 1`. Times are RFC 3339 UTC, enums snake_case, tool arguments/results and escalation
//! evidence as JSON. It reads back with `serde_json::from_value::<TranscriptExport>`.
//!
//! **Markdown** ([`export_markdown`]):
//! ```text
//! # Session 12
//! | Field | Value |            channel, status, customer, started, closed, tone, agent, messages
//! ## Escalation                       reason, priority, time, then the evidence in a ```json block
//! ## Pending actions            one item each, arguments/result in ```json blocks
//! ## Messages
//! ### 1 · customer · 2026-11-01T12:00:00Z
//! > the text, every line quoted
//! ### 2 · tool `get_orders` · 2026-11-01T12:00:40Z
//! **Arguments** / **Result** in ```json blocks
//! ```
//! Message text is quoted line by line, so whatever it contains (`#`, fences) stays inside its
//! quote; it is otherwise verbatim, so a renderer must still sanitize HTML.

use super::model::{PendingActionInfo, Transcript, TranscriptMessage};
use crate::present::time;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::fmt::Write;

pub const EXPORT_FORMAT: &str = "cx-agent.transcript";
pub const EXPORT_VERSION: u32 = 1;

/// The JSON export's shape.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TranscriptExport {
    pub format: String,
    pub version: u32,
    #[serde(flatten)]
    pub transcript: Transcript,
}

pub fn export_json(t: &Transcript) -> Value {
    let export = TranscriptExport {
        format: EXPORT_FORMAT.to_owned(),
        version: EXPORT_VERSION,
        transcript: t.clone(),
    };
    // Plain data (strings, numbers, JSON values): serializing it cannot fail.
    serde_json::to_value(export).unwrap_or_default()
}

pub fn export_markdown(t: &Transcript) -> String {
    let s = &t.session;
    let mut out = String::new();
    // `write!` into a String cannot fail; the results are ignored on purpose.
    let _ = writeln!(out, "# Session {}\n", s.id);
    out.push_str("| Field | Value |\n| --- | --- |\n");
    let customer = match (&s.customer_name, &s.customer_email, s.customer_id) {
        (Some(name), Some(email), Some(id)) => format!(
            "{name} <{email}> (id {id}, {})",
            if s.customer_verified {
                "verified"
            } else {
                "not verified"
            }
        ),
        (_, _, Some(id)) => format!("id {id}"),
        _ => "not identified".to_owned(),
    };
    let rows: [(&str, String); 8] = [
        ("Channel", s.channel.to_string()),
        ("Status", s.status.to_string()),
        ("Customer", customer),
        ("Started", time(&s.created_at)),
        (
            "Closed",
            s.closed_at.as_ref().map(time).unwrap_or_else(|| "—".into()),
        ),
        ("Tone", s.tone.clone()),
        (
            "Agent",
            s.assigned_agent.clone().unwrap_or_else(|| "—".into()),
        ),
        ("Messages", s.message_count.to_string()),
    ];
    for (field, value) in rows {
        let _ = writeln!(out, "| {field} | {} |", cell(&value));
    }

    if let Some(e) = &t.escalation {
        let _ = writeln!(out, "\n## Escalation\n\n- Reason: {}", e.reason);
        if let Some(p) = e.priority {
            let _ = writeln!(out, "- Priority: {p}");
        }
        if let Some(at) = &e.escalated_at {
            let _ = writeln!(out, "- Escalated at: {}", time(at));
        }
        if let Some(evidence) = &e.evidence {
            out.push_str("\nEvidence:\n\n");
            json_block(&mut out, evidence);
        }
    }

    if !t.pending_actions.is_empty() {
        out.push_str("\n## Pending actions\n");
        for p in &t.pending_actions {
            pending_action(&mut out, p);
        }
    }

    out.push_str("\n## Messages\n");
    for m in &t.messages {
        message(&mut out, m);
    }
    out
}

fn message(out: &mut String, m: &TranscriptMessage) {
    let who = match &m.tool_name {
        Some(tool) => format!("{} {}", m.role, code_span(tool)),
        None => m.role.to_string(),
    };
    let _ = writeln!(out, "\n### {} · {who} · {}\n", m.seq, time(&m.created_at));
    if !m.content.is_empty() {
        quote(out, &m.content);
    } else if m.tool_name.is_none() {
        out.push_str("> *(no text)*\n");
    }
    if let Some(args) = &m.tool_arguments {
        out.push_str("\n**Arguments**\n\n");
        json_block(out, args);
    }
    if let Some(result) = &m.tool_result {
        out.push_str("\n**Result**\n\n");
        json_block(out, result);
    }
}

fn pending_action(out: &mut String, p: &PendingActionInfo) {
    let _ = write!(
        out,
        "\n- #{} {} proposed by {} at {} — {}",
        p.id,
        code_span(&p.tool),
        p.proposed_by,
        time(&p.created_at),
        p.state
    );
    if let Some(by) = &p.decided_by {
        let _ = write!(out, " by {by}");
    }
    if let Some(at) = &p.decided_at {
        let _ = write!(out, " at {}", time(at));
    }
    out.push_str("\n\n**Arguments**\n\n");
    json_block(out, &p.arguments);
    if let Some(result) = &p.result {
        out.push_str("\n**Result**\n\n");
        json_block(out, result);
    }
}

/// Pretty JSON in a fence. Safe for any value: every JSON line starts with a space, a bracket or a
/// quote, never with backticks, so nothing inside can close the fence.
fn json_block(out: &mut String, v: &Value) {
    let text = serde_json::to_string_pretty(v).unwrap_or_else(|_| v.to_string());
    let _ = writeln!(out, "```json\n{text}\n```");
}

fn quote(out: &mut String, text: &str) {
    for line in text.lines() {
        if line.is_empty() {
            out.push_str(">\n");
        } else {
            let _ = writeln!(out, "> {line}");
        }
    }
}

/// Inline code whose fence is longer than any backtick run inside (tool names come from the model).
fn code_span(s: &str) -> String {
    let longest = s.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if s.starts_with('`') || s.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{s}{pad}{fence}")
}

/// A table cell: a `|` or a line break would end the cell or the row.
fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace(['\r', '\n'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_spans_and_cells_cannot_break_out() {
        assert_eq!(code_span("get_orders"), "`get_orders`");
        assert_eq!(code_span("a`b"), "``a`b``");
        assert_eq!(code_span("`x"), "`` `x ``");
        assert_eq!(cell("a|b\nc"), "a\\|b c");
    }

    #[test]
    fn every_line_of_a_message_is_quoted() {
        let mut out = String::new();
        quote(&mut out, "# not a heading\n\n```\nstill quoted");
        assert_eq!(out, "> # not a heading\n>\n> ```\n> still quoted\n");
    }
}
