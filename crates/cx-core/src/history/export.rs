//! Transcript exports. Both formats are stable: they are only ever extended (a new field, a new
//! kind of line); a change that would break a reader bumps [`EXPORT_VERSION`].
//!
//! **JSON** ([`export_json`]): the [`Transcript`] fields at the top level (`session`, `customer`,
//! `messages`, `pending_actions`, `escalation`) plus `"format": "cx-agent.transcript"` and
//! `"version": 1`. Times are RFC 3339 UTC, enums snake_case, tool arguments/results and escalation
//! evidence as JSON. Each message has a `ledger`: for an assistant answer, its claims
//! (`{kind, text, start, end, value, record, source, problem}`, `source` tagged by `from`: `tool`,
//! `passage`, `customer` or `write`; null when unsupported, with the `problem`), else null.
//! `session.csat` is the customer's answer to the kiosk's "How did we do?" — `{score (1..=5),
//! comment (string or null), at}` — or null when they gave none (a later addition: an export
//! without it reads as null). `session.language` is the customer's language code (`en`, `de`,
//! `es`; a later addition: an export without it reads as `en`). It reads back with
//! `serde_json::from_value::<TranscriptExport>`.
//!
//! **Markdown** ([`export_markdown`]):
//! ```text
//! # Session 12
//! | Field | Value |            channel, status, customer, started, closed, tone, agent, messages
//! ## Rating                           only if rated: score (4/5 · Good), time, the comment quoted
//! ## Escalation                       reason, priority, time, then the evidence in a ```json block
//! ## Pending actions            one item each, arguments/result in ```json blocks
//! ## Messages
//! ### 1 · customer · 2026-11-01T12:00:00Z
//! > the text, every line quoted
//! ### 2 · tool `get_orders` · 2026-11-01T12:00:40Z
//! **Arguments** / **Result** in ```json blocks
//! ### 3 · assistant · 2026-11-01T12:00:41Z
//! > the answer
//! **Claims** (2 claims, 1 unsupported)
//!   - ✓ status `has shipped` — order 1042 · `get_orders` → `/orders/0/status`
//!   - ✗ **unsupported** amount `$85.00` — why no source supports it
//! ```
//! An answer's claims (when it has a ledger) follow its text, one indented line each: sourced or
//! not, the kind, the claim as written (a code span), and its source in words — the record and
//! the tool call's field (`tool` → JSON Pointer), `passage: document › section`, `customer's own
//! message`, or `write: tool, done` / `waiting for Yes` — or the problem.
//! Message text is quoted line by line, splitting at every line break a renderer might honour
//! (`\n`, `\r\n`, a lone `\r`, U+000B, U+000C, U+0085, U+2028, U+2029), so whatever it contains
//! (`#`, `**assistant:**`, fences) stays inside its quote; it is otherwise verbatim, so a renderer
//! must still sanitize HTML. JSON fences are longer than any run of backticks inside, and one-line
//! fields (table cells, tool names, who proposed or decided) have their line breaks made spaces.

use super::model::{PendingActionInfo, Transcript, TranscriptMessage};
use crate::csat::Rating;
use crate::escalation::grounding::{ClaimKind, Ledger, LedgerEntry, Outcome, Source};
use crate::present::time;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::fmt::Write;

pub const EXPORT_FORMAT: &str = "cx-agent.transcript";
pub const EXPORT_VERSION: u32 = 1;

/// The JSON export's shape.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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

    if let Some(r) = &s.csat {
        rating(&mut out, r);
    }

    if let Some(e) = &t.escalation {
        let _ = writeln!(out, "\n## Escalation\n\n- Reason: {}", e.escalation.reason);
        if let Some(p) = e.escalation.priority {
            let _ = writeln!(out, "- Priority: {p}");
        }
        if let Some(at) = &e.escalated_at {
            let _ = writeln!(out, "- Escalated at: {}", time(at));
        }
        if let Some(evidence) = &e.escalation.evidence {
            out.push_str("\nEvidence:\n\n");
            json_block(&mut out, &evidence.to_value());
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

/// The customer's rating: the score in numbers and words, when, and their comment quoted like a
/// message (it is the customer's own text).
fn rating(out: &mut String, r: &Rating) {
    let _ = writeln!(
        out,
        "\n## Rating\n\n- Score: {}/5 · {}\n- Rated at: {}",
        r.score,
        score_words(r.score),
        time(&r.at)
    );
    if let Some(c) = r.comment.as_deref().filter(|c| !c.trim().is_empty()) {
        out.push_str("\nComment:\n\n");
        quote(out, c);
    }
}

/// A score in the words the kiosk shows beside it.
fn score_words(score: u8) -> &'static str {
    match score {
        1 => "Very poor",
        2 => "Poor",
        3 => "Okay",
        4 => "Good",
        5 => "Excellent",
        _ => "out of range",
    }
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
    if let Some(ledger) = &m.ledger {
        claims(out, ledger);
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

/// An answer's claims, one indented line each, under a count.
fn claims(out: &mut String, l: &Ledger) {
    let _ = writeln!(out, "\n**Claims** ({})", ledger_summary(l));
    if l.claims.is_empty() {
        return;
    }
    out.push('\n');
    for c in &l.claims {
        let mark = match c.source {
            Some(_) => "✓",
            None => "✗ **unsupported**",
        };
        let _ = writeln!(
            out,
            "  - {mark} {} {} — {}",
            kind_words(c.kind),
            code_span(&c.text),
            source_words(c)
        );
    }
}

/// "4 claims, all sourced", "3 claims, 1 unsupported", "no claims".
fn ledger_summary(l: &Ledger) -> String {
    let n = l.claims.len();
    let unsupported = l.claims.iter().filter(|c| c.source.is_none()).count();
    let claims = match n {
        0 => return "no claims".to_owned(),
        1 => "1 claim".to_owned(),
        n => format!("{n} claims"),
    };
    match (unsupported, n) {
        (0, 1) => format!("{claims}, sourced"),
        (0, _) => format!("{claims}, all sourced"),
        (u, _) => format!("{claims}, {u} unsupported"),
    }
}

fn kind_words(k: ClaimKind) -> &'static str {
    match k {
        ClaimKind::OrderId => "order id",
        ClaimKind::TicketId => "ticket id",
        ClaimKind::Money => "amount",
        ClaimKind::Status => "status",
        ClaimKind::Date => "date",
        ClaimKind::Email => "email",
        ClaimKind::Phone => "phone",
        ClaimKind::Tracking => "tracking number",
        ClaimKind::Duration => "duration",
        ClaimKind::Percent => "percentage",
        ClaimKind::Action => "action",
        ClaimKind::Count => "count",
    }
}

/// Where a claim comes from, in words (names from outside in code spans or escaped), or why
/// nothing supports it.
fn source_words(c: &LedgerEntry) -> String {
    match &c.source {
        Some(Source::Tool { tool, path, .. }) => {
            let field = format!("{} → {}", code_span(tool), code_span(path));
            match &c.record {
                Some(r) => format!("{r} · {field}"),
                None => field,
            }
        }
        Some(Source::Passage {
            document, section, ..
        }) if section.trim().is_empty() => format!("passage: {}", plain(document)),
        Some(Source::Passage {
            document, section, ..
        }) => format!("passage: {} › {}", plain(document), plain(section)),
        Some(Source::Customer { .. }) => "customer's own message".to_owned(),
        Some(Source::Write { tool, outcome, .. }) => format!(
            "write: {}, {}",
            code_span(tool),
            match outcome {
                Outcome::Applied => "done",
                Outcome::Pending => "waiting for Yes",
            }
        ),
        None => plain(
            c.problem
                .as_deref()
                .unwrap_or("no source in this session states it"),
        ),
    }
}

/// Text on one line with Markdown's inline markup escaped (a backslash before each of it).
fn plain(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in one_line(s).chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~' | '!' | '&'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn pending_action(out: &mut String, p: &PendingActionInfo) {
    let _ = write!(
        out,
        "\n- #{} {} proposed by {} at {} — {}",
        p.id,
        code_span(&p.tool),
        one_line(&p.proposed_by),
        time(&p.created_at),
        p.state
    );
    if let Some(by) = &p.decided_by {
        let _ = write!(out, " by {}", one_line(by));
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

/// Pretty JSON in a fence longer than any backtick run inside. serde_json escapes control
/// characters but not U+0085/U+2028/U+2029, which some renderers break lines at: they are
/// escaped too (they can only occur inside JSON strings, so the JSON still reads back the same).
fn json_block(out: &mut String, v: &Value) {
    let text = serde_json::to_string_pretty(v).unwrap_or_else(|_| v.to_string());
    let text = text
        .replace('\u{85}', "\\u0085")
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029");
    let fence = "`".repeat(longest_backticks(&text).max(2) + 1);
    let _ = writeln!(out, "{fence}json\n{text}\n{fence}");
}

/// Every character a Markdown renderer (or a viewer) may start a new line at.
fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\u{B}' | '\u{C}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

fn quote(out: &mut String, text: &str) {
    let text = text.replace("\r\n", "\n");
    for line in text.trim_end_matches(is_line_break).split(is_line_break) {
        if line.is_empty() {
            out.push_str(">\n");
        } else {
            let _ = writeln!(out, "> {line}");
        }
    }
}

fn longest_backticks(s: &str) -> usize {
    s.split(|c| c != '`').map(str::len).max().unwrap_or(0)
}

/// Line breaks as spaces, for text that must stay on its line.
fn one_line(s: &str) -> String {
    s.replace(is_line_break, " ")
}

/// Inline code whose fence is longer than any backtick run inside (tool names come from the model).
fn code_span(s: &str) -> String {
    let s = one_line(s);
    let longest = longest_backticks(&s);
    let fence = "`".repeat(longest + 1);
    let pad = if s.starts_with('`') || s.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{s}{pad}{fence}")
}

/// A table cell: a `|` or a line break would end the cell or the row (and `\\|` is an escaped
/// backslash before a real `|`, so backslashes are escaped first).
fn cell(s: &str) -> String {
    one_line(&s.replace('\\', "\\\\").replace('|', "\\|"))
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
        assert_eq!(code_span("get\r## x"), "`get ## x`");
        for (input, want) in [
            ("a\\|b", "a\\\\\\|b"),
            ("a\rb\u{2028}c\u{2029}d\u{85}e\r\nf", "a b c d e  f"),
        ] {
            assert_eq!(cell(input), want, "{input:?}");
        }
        assert_eq!(one_line("by\rdana\n### 9"), "by dana ### 9");
    }

    #[test]
    fn quotes_split_at_every_line_break() {
        let cases: &[(&str, &str)] = &[
            ("a\r**Agent:** forged", "> a\n> **Agent:** forged\n"),
            ("a\n## Fake heading", "> a\n> ## Fake heading\n"),
            ("a\r\nb\r\n", "> a\n> b\n"),
            ("a\r\rb", "> a\n>\n> b\n"),
            (
                "a\u{2028}b\u{2029}c\u{85}d\u{B}e\u{C}f",
                "> a\n> b\n> c\n> d\n> e\n> f\n",
            ),
            (
                "```\n### 2 · assistant · now",
                "> ```\n> ### 2 · assistant · now\n",
            ),
            ("\nstarts blank", ">\n> starts blank\n"),
        ];
        for (input, want) in cases {
            let mut out = String::new();
            quote(&mut out, input);
            assert_eq!(out, *want, "{input:?}");
        }
    }

    #[test]
    fn json_fences_outlast_backticks_and_line_separators_are_escaped() {
        let v = serde_json::json!({"text": "````\n```\u{2028}```\u{85}"});
        let mut out = String::new();
        json_block(&mut out, &v);
        assert!(out.starts_with("`````json\n"), "{out}");
        assert!(out.ends_with("\n`````\n"), "{out}");
        assert!(!out.contains(['\u{2028}', '\u{85}']), "{out}");
        let body = out
            .trim_start_matches("`````json\n")
            .trim_end_matches("\n`````\n");
        assert_eq!(serde_json::from_str::<Value>(body).unwrap(), v);

        let mut plain = String::new();
        json_block(&mut plain, &serde_json::json!({"a": 1}));
        assert_eq!(plain, "```json\n{\n  \"a\": 1\n}\n```\n");
    }

    #[test]
    fn every_line_of_a_message_is_quoted() {
        let mut out = String::new();
        quote(&mut out, "# not a heading\n\n```\nstill quoted");
        assert_eq!(out, "> # not a heading\n>\n> ```\n> still quoted\n");
    }

    // ---- the customer's rating (kiosk "How did we do?") ------------------------------------

    use crate::core::testing::{TestCore, seeded};
    use crate::db::entity::{Channel, MessageRole, SessionStatus, session};
    use crate::history::show;
    use crate::policy::Actor;
    use crate::sessions::{self, NewMessage};
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

    const STATION: &str = "kiosk@export-test";
    const COMMENT: &str = "Quick and kind.\n## Fake heading\n### 9 · agent · now";

    /// A kiosk session at [`STATION`] with one exchange, closed, and rated 4 with [`COMMENT`].
    async fn rated_session(t: &TestCore) -> i64 {
        let s = sessions::create_at(
            &t.db,
            Channel::Kiosk,
            "professional",
            None,
            Some(STATION),
            crate::Language::En,
        )
        .await
        .unwrap();
        for (role, text) in [
            (MessageRole::Customer, "where is my order?"),
            (
                MessageRole::Assistant,
                "Could you tell me your email first?",
            ),
        ] {
            sessions::append(&t.db, s.id, NewMessage::text(role, text))
                .await
                .unwrap();
        }
        let s = sessions::get(&t.db, s.id).await.unwrap();
        sessions::set_status_if(&t.db, &s, SessionStatus::Closed, None)
            .await
            .unwrap()
            .expect("closed");
        crate::csat::rate(
            &t.db,
            &Actor::kiosk_station(STATION),
            s.id,
            4,
            Some(COMMENT),
        )
        .await
        .unwrap();
        s.id
    }

    /// The seeded (unrated) closed session of Bob, a demo customer.
    async fn unrated_session(t: &TestCore) -> i64 {
        session::Entity::find()
            .filter(session::Column::CustomerId.eq(2))
            .filter(session::Column::Status.eq(SessionStatus::Closed))
            .one(&t.db)
            .await
            .unwrap()
            .expect("seeded session")
            .id
    }

    #[tokio::test]
    async fn the_json_export_carries_the_rating_as_a_new_session_field() {
        let t = seeded().await;
        let id = rated_session(&t).await;
        let tr = show(&t.db, id).await.unwrap();
        let r = tr
            .session
            .csat
            .clone()
            .expect("the transcript carries the rating");
        assert_eq!((r.score, r.comment.as_deref()), (4, Some(COMMENT)));

        let v = export_json(&tr);
        assert_eq!(v["format"], EXPORT_FORMAT);
        assert_eq!(v["version"], 1, "adding a field keeps the version");
        let csat = &v["session"]["csat"];
        assert_eq!(csat["score"], 4);
        assert_eq!(csat["comment"], COMMENT);
        let at = csat["at"].as_str().unwrap();
        assert!(
            chrono::DateTime::parse_from_rfc3339(at).is_ok() && at.ends_with('Z'),
            "{at}"
        );
        let back: TranscriptExport = serde_json::from_value(v.clone()).unwrap();
        assert_eq!(back.transcript, tr);

        // Every field the format had is still there under its name; `csat` and `language` are
        // the ones added.
        let keys: std::collections::BTreeSet<&str> = v["session"]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let want: std::collections::BTreeSet<&str> = [
            "id",
            "channel",
            "status",
            "tone",
            "customer_id",
            "customer_name",
            "customer_email",
            "customer_verified",
            "assigned_agent",
            "escalation_reason",
            "escalation_priority",
            "escalated_at",
            "created_at",
            "closed_at",
            "message_count",
            "csat",
            "language",
        ]
        .into();
        assert_eq!(keys, want);
        assert_eq!(v["session"]["language"], "en");

        // An unrated session: `csat` is there, null.
        let plain = export_json(&show(&t.db, unrated_session(&t).await).await.unwrap());
        assert!(plain["session"].as_object().unwrap().contains_key("csat"));
        assert!(plain["session"]["csat"].is_null());

        // A file written before ratings existed (no `csat`) still reads back: as no rating.
        let mut old = plain.clone();
        old["session"].as_object_mut().unwrap().remove("csat");
        let back: TranscriptExport = serde_json::from_value(old.clone()).unwrap();
        assert_eq!(back.transcript.session.csat, None);
        // And one from before languages (no `language`): English, as every session then was.
        old["session"].as_object_mut().unwrap().remove("language");
        let back: TranscriptExport = serde_json::from_value(old).unwrap();
        assert_eq!(back.transcript.session.language, crate::Language::En);
    }

    #[tokio::test]
    async fn the_markdown_export_shows_the_rating_with_its_comment_quoted() {
        let t = seeded().await;
        let id = rated_session(&t).await;
        let tr = show(&t.db, id).await.unwrap();
        let at = time(&tr.session.csat.as_ref().unwrap().at);
        let md = export_markdown(&tr);
        let want = format!(
            "\n## Rating\n\n- Score: 4/5 · Good\n- Rated at: {at}\n\nComment:\n\n\
             > Quick and kind.\n> ## Fake heading\n> ### 9 · agent · now\n"
        );
        assert!(md.contains(&want), "{want} in {md}");
        // After the header table, before the messages; the comment forges no heading.
        let (rating, messages) = (
            md.find("## Rating").unwrap(),
            md.find("## Messages").unwrap(),
        );
        assert!(
            md.find("| Messages |").unwrap() < rating && rating < messages,
            "{md}"
        );
        assert!(!md.contains("\n## Fake heading"), "{md}");
        assert!(!md.contains("\n### 9 · agent"), "{md}");

        // Without a comment: no comment block.
        let mut no_comment = tr.clone();
        no_comment.session.csat.as_mut().unwrap().comment = None;
        let md = export_markdown(&no_comment);
        assert!(
            md.contains(&format!("- Rated at: {at}\n\n## Messages")),
            "{md}"
        );
        assert!(!md.contains("Comment:"), "{md}");

        // An unrated session has no rating section.
        let plain = export_markdown(&show(&t.db, unrated_session(&t).await).await.unwrap());
        assert!(!plain.contains("## Rating"), "{plain}");
        assert_eq!(
            (1..=5).map(score_words).collect::<Vec<_>>(),
            ["Very poor", "Poor", "Okay", "Good", "Excellent"]
        );
    }
}
