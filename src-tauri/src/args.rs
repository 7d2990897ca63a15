//! Command arguments. Each command takes one typed struct, read from the whole invoke payload, so
//! the UI calls `invoke("kiosk_send_message", { session_id, text })` with the contract's
//! snake_case names, and the generated TypeScript type of the struct is exactly that payload.
//! Unknown or missing keys are an `invalid_input` ApiError naming the key.

use crate::error::ApiError;
use cx_core::canned::CannedInput;
use cx_core::db::entity::TicketStatus;
use cx_core::history::SearchQuery;
use cx_core::reports::{Figure, ReportQuery};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use tauri::ipc::{CommandArg, CommandItem, InvokeBody, InvokeError};
use ts_rs::TS;

/// The whole payload of an invoke, parsed as `T`.
pub struct Args<T>(pub T);

impl<'de, T: DeserializeOwned, R: tauri::Runtime> CommandArg<'de, R> for Args<T> {
    fn from_command(item: CommandItem<'de, R>) -> Result<Self, InvokeError> {
        let payload = match item.message.payload() {
            InvokeBody::Json(serde_json::Value::Null) => {
                serde_json::Value::Object(Default::default())
            }
            InvokeBody::Json(v) => v.clone(),
            InvokeBody::Raw(_) => {
                return Err(ApiError::invalid(format!(
                    "{}: the arguments must be a JSON object",
                    item.name
                ))
                .into());
            }
        };
        parse(item.name, payload)
            .map(Args)
            .map_err(InvokeError::from)
    }
}

/// Parse a command's arguments; the message names the command and what is wrong.
pub fn parse<T: DeserializeOwned>(
    command: &str,
    payload: serde_json::Value,
) -> Result<T, ApiError> {
    serde_json::from_value(payload)
        .map_err(|e| ApiError::invalid(format!("invalid arguments for {command}: {e}")))
}

/// `kiosk_start_session`: the language the customer chose on the start screen (absent or null:
/// the station's `kiosk_language` setting). An empty payload is fine.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, TS)]
#[serde(default, deny_unknown_fields)]
pub struct StartArgs {
    #[ts(optional)]
    pub language: Option<cx_core::Language>,
}

/// A session, by id.
#[derive(Debug, Clone, PartialEq, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct SessionArgs {
    pub session_id: i64,
}

/// Text for a session: the customer's (kiosk) or the agent's (workspace).
#[derive(Debug, Clone, PartialEq, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct MessageArgs {
    pub session_id: i64,
    pub text: String,
}

/// The customer's Yes / No on a pending action of their session.
#[derive(Debug, Clone, PartialEq, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct KioskDecideArgs {
    pub session_id: i64,
    pub action_id: i64,
    pub confirm: bool,
}

/// Customer-visible messages after `after_seq` (0 for all).
#[derive(Debug, Clone, PartialEq, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct KioskMessagesArgs {
    pub session_id: i64,
    #[serde(default)]
    #[ts(optional)]
    pub after_seq: Option<i32>,
}

/// An agent approves (`confirm: true`) or rejects a co-pilot proposal.
#[derive(Debug, Clone, PartialEq, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct DecideArgs {
    pub action_id: i64,
    pub confirm: bool,
}

#[derive(Debug, Clone, PartialEq, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct CustomerArgs {
    pub customer_id: i64,
}

/// `update_ticket`: the ticket's new status.
#[derive(Debug, Clone, PartialEq, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct TicketStatusArgs {
    pub ticket_id: i64,
    pub status: TicketStatus,
}

/// `flag_refund`: ask for a refund of an order.
#[derive(Debug, Clone, PartialEq, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct RefundArgs {
    pub order_id: i64,
    #[serde(default)]
    #[ts(optional)]
    pub reason: Option<String>,
}

/// `update_customer_email`.
#[derive(Debug, Clone, PartialEq, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct EmailArgs {
    pub customer_id: i64,
    pub new_email: String,
}

#[derive(Debug, Clone, PartialEq, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ToneArgs {
    pub session_id: i64,
    pub tone: String,
}

/// The kiosk customer's answer to "How did we do?" for the session that just ended.
#[derive(Debug, Clone, PartialEq, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct RateArgs {
    pub session_id: i64,
    /// 1..=5.
    pub score: u8,
    #[serde(default)]
    #[ts(optional)]
    pub comment: Option<String>,
}

/// A report over a period (and channel).
#[derive(Debug, Clone, PartialEq, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ReportArgs {
    pub query: ReportQuery,
}

/// `report_export`: the report as CSV; without `path` the app asks with a save dialog (or writes
/// `$CX_EXPORT_DIR/report-<from>-<to>.csv`).
#[derive(Debug, Clone, PartialEq, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ReportExportArgs {
    pub query: ReportQuery,
    #[serde(default)]
    #[ts(optional)]
    pub path: Option<String>,
}

/// The sessions behind one figure of a report.
#[derive(Debug, Clone, PartialEq, serde::Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ReportSessionsArgs {
    pub query: ReportQuery,
    pub figure: Figure,
}

#[derive(Debug, Clone, PartialEq, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct HistorySearchArgs {
    pub query: SearchQuery,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum ExportFormat {
    Md,
    Json,
    /// A test case for `cx-agent eval` (YAML): the edited `content` of `history_case`.
    Case,
    /// A report (`report_export`), not a session.
    Csv,
}

impl ExportFormat {
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Md => "md",
            ExportFormat::Json => "json",
            ExportFormat::Case => "yaml",
            ExportFormat::Csv => "csv",
        }
    }
}

/// `history_export`: without `path` the app asks with a save dialog (or writes to
/// `$CX_EXPORT_DIR/session-<id>.<ext>` when that is set).
#[derive(Debug, Clone, PartialEq, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ExportArgs {
    pub session_id: i64,
    pub format: ExportFormat,
    #[serde(default)]
    #[ts(optional)]
    pub path: Option<String>,
    /// With `case` only: the case as edited (checked before it is written).
    #[serde(default)]
    #[ts(optional)]
    pub content: Option<String>,
}

/// `kb_search`: passages for a free-text question, best first (`limit` 1–20, default 10).
#[derive(Debug, Clone, PartialEq, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct KbSearchArgs {
    pub query: String,
    #[serde(default)]
    #[ts(optional)]
    pub limit: Option<u64>,
}

/// A knowledge document, by id.
#[derive(Debug, Clone, PartialEq, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct KbDocumentArgs {
    pub document_id: i64,
}

/// `kb_save`: `path_or_title` is the path of a document ("refunds.md": created or overwritten) or
/// the title of a new one ("Gift cards": a file named after it; a clash is an error).
#[derive(Debug, Clone, PartialEq, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct KbSaveArgs {
    pub path_or_title: String,
    pub content: String,
}

/// `search_canned_responses`: replies containing `text` (all when empty or absent).
#[derive(Debug, Clone, PartialEq, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct CannedSearchArgs {
    #[serde(default)]
    #[ts(optional)]
    pub text: Option<String>,
}

/// `update_canned_response`: the reply's new fields.
#[derive(Debug, Clone, PartialEq, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct CannedUpdateArgs {
    pub id: i64,
    pub input: CannedInput,
}

/// A canned reply, by id.
#[derive(Debug, Clone, PartialEq, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct CannedIdArgs {
    pub id: i64,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn snake_case_payloads_parse() {
        let a: MessageArgs = parse(
            "kiosk_send_message",
            json!({ "session_id": 4, "text": "hi" }),
        )
        .unwrap();
        assert_eq!(
            a,
            MessageArgs {
                session_id: 4,
                text: "hi".into()
            }
        );
        let r: RefundArgs = parse("flag_refund", json!({ "order_id": 1001 })).unwrap();
        assert_eq!(r.reason, None);
        let e: ExportArgs =
            parse("history_export", json!({ "session_id": 1, "format": "md" })).unwrap();
        assert_eq!(e.format, ExportFormat::Md);
        let k: KbSearchArgs = parse("kb_search", json!({ "query": "refund" })).unwrap();
        assert_eq!(k.limit, None);
        let u: CannedUpdateArgs = parse(
            "update_canned_response",
            json!({ "id": 3, "input": { "shortcut": "/hi", "title": "Hi", "content": "Hello", "category": "greeting" } }),
        )
        .unwrap();
        assert_eq!(u.input.shortcut, "/hi");
        let c: CannedSearchArgs = parse("search_canned_responses", json!({})).unwrap();
        assert_eq!(c.text, None);
    }

    #[test]
    fn bad_payloads_name_the_command_and_the_key() {
        let e = parse::<MessageArgs>("kiosk_send_message", json!({ "sessionId": 4, "text": "x" }))
            .unwrap_err();
        assert_eq!(e.code, "invalid_input");
        assert!(e.message.contains("kiosk_send_message"), "{}", e.message);
        assert!(e.message.contains("sessionId"), "{}", e.message);

        let e = parse::<TicketStatusArgs>(
            "update_ticket",
            json!({ "ticket_id": 5001, "status": "done" }),
        )
        .unwrap_err();
        assert!(
            e.message.contains("unknown variant `done`"),
            "{}",
            e.message
        );

        let e = parse::<ExportArgs>(
            "history_export",
            json!({ "session_id": 1, "format": "pdf" }),
        )
        .unwrap_err();
        assert!(e.message.contains("pdf"), "{}", e.message);
    }

    /// The kiosk's start: the customer's language, or nothing at all (an older kiosk, or a null
    /// payload, which `Args` reads as `{}`).
    #[test]
    fn the_kiosk_start_takes_an_optional_language() {
        let cmd = "kiosk_start_session";
        for empty in [json!({}), json!({ "language": null })] {
            assert_eq!(parse::<StartArgs>(cmd, empty).unwrap().language, None);
        }
        let a: StartArgs = parse(cmd, json!({ "language": "de" })).unwrap();
        assert_eq!(a.language, Some(cx_core::Language::De));
        let e = parse::<StartArgs>(cmd, json!({ "language": "fr" })).unwrap_err();
        assert_eq!(e.code, "invalid_input");
        assert!(
            e.message
                .contains("unknown variant `fr`, expected one of `en`, `de`, `es`"),
            "{}",
            e.message
        );
        let e = parse::<StartArgs>(cmd, json!({ "lang": "de" })).unwrap_err();
        assert!(e.message.contains("unknown field `lang`"), "{}", e.message);
    }
}

/// An agent signing in at this desk (team mode). No `Debug`: the password must not reach a log.
#[derive(Clone, PartialEq, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct SignInArgs {
    pub name: String,
    pub password: String,
}
