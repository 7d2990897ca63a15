//! The app commands: thin. Each one finds who the calling window acts as, passes cx-core's
//! `Policy::check(actor, Access::Command(name))` (window-level commands excepted, see
//! `command_names::WINDOW_LEVEL_COMMANDS`), calls cx-core, and maps errors to `ApiError`.
//! The per-window ACL (capabilities/*.json) has already run before any of this.
//!
//! The table at the bottom (`commands!`) is the single list of (name, arguments, result): it
//! registers the handlers with Tauri and generates the TypeScript wrappers (see `bindings`).

use crate::args::*;
use crate::error::{ApiError, ApiResult};
use crate::settings::{KioskSettings, STORE_FILE, Settings, SettingsInput, SettingsView};
use crate::state::AppState;
use crate::types::{CannedResponse, ExportResult, Permissions, SessionInfo, WhoAmI};
use crate::windows;
use cx_core::agent::{PendingView, Suggestion, ToolCallView};
use cx_core::canned::{self, CannedInput};
use cx_core::customers::CustomerRecord;
use cx_core::db::entity::Channel;
use cx_core::history::{SessionHit, Transcript};
use cx_core::knowledge::{
    self, KnowledgeDocument, KnowledgeDocumentSummary, Passage, ReindexReport,
};
use cx_core::pending::Decision;
use cx_core::policy::{Access, Actor, Role};
use cx_core::queue::Queue;
use cx_core::sessions::MessageView;
use cx_core::{TurnOutcome, customers, history, provider, queue, sessions, tools};
use serde_json::{Value, json};
use std::path::PathBuf;
use tauri::{AppHandle, State, WebviewWindow};

fn decision(confirm: bool) -> Decision {
    if confirm {
        Decision::Confirm
    } else {
        Decision::Reject
    }
}

/// The name cx-core's policy knows `command` by (`command_names::POLICY_ALIASES`, else itself).
pub fn policy_name(command: &str) -> &str {
    crate::command_names::POLICY_ALIASES
        .iter()
        .find(|(c, _)| *c == command)
        .map_or(command, |(_, p)| p)
}

/// The staff actor for this window, after the role check for `command`.
fn staff(state: &AppState, window: &WebviewWindow, command: &str) -> ApiResult<Actor> {
    let actor = state.staff_actor(window.label())?;
    state.check(&actor, policy_name(command))?;
    Ok(actor)
}

/// The kiosk actor (for `session_id` when given), after the role check for `command`.
fn kiosk(
    state: &AppState,
    window: &WebviewWindow,
    command: &str,
    session_id: Option<i64>,
) -> ApiResult<Actor> {
    let actor = state.kiosk_actor(window.label(), session_id)?;
    state.check(&actor, command)?;
    Ok(actor)
}

// ---------------------------------------------------------------------------------------------
// Kiosk

#[tauri::command]
pub async fn kiosk_start_session(
    window: WebviewWindow,
    state: State<'_, AppState>,
) -> ApiResult<SessionInfo> {
    kiosk(&state, &window, "kiosk_start_session", None)?;
    let tone = state.settings().default_tone;
    let s = state
        .engine
        .start_session(Channel::Kiosk, tone.as_deref())
        .await?;
    state.add_kiosk_session(s.id);
    Ok(SessionInfo {
        session_id: s.id,
        tone: s.tone,
    })
}

#[tauri::command]
pub async fn kiosk_send_message(
    window: WebviewWindow,
    state: State<'_, AppState>,
    args: Args<MessageArgs>,
) -> ApiResult<TurnOutcome> {
    let a = args.0;
    kiosk(&state, &window, "kiosk_send_message", Some(a.session_id))?;
    Ok(state.engine.customer_turn(a.session_id, &a.text).await?)
}

#[tauri::command]
pub async fn kiosk_decide_action(
    window: WebviewWindow,
    state: State<'_, AppState>,
    args: Args<KioskDecideArgs>,
) -> ApiResult<TurnOutcome> {
    let a = args.0;
    kiosk(&state, &window, "kiosk_decide_action", Some(a.session_id))?;
    Ok(state
        .engine
        .customer_decides(a.session_id, a.action_id, decision(a.confirm))
        .await?)
}

#[tauri::command]
pub async fn kiosk_request_human(
    window: WebviewWindow,
    state: State<'_, AppState>,
    args: Args<SessionArgs>,
) -> ApiResult<TurnOutcome> {
    let id = args.0.session_id;
    kiosk(&state, &window, "kiosk_request_human", Some(id))?;
    Ok(state.engine.request_human(id).await?)
}

#[tauri::command]
pub async fn kiosk_end_session(
    window: WebviewWindow,
    state: State<'_, AppState>,
    args: Args<SessionArgs>,
) -> ApiResult<()> {
    let id = args.0.session_id;
    let actor = kiosk(&state, &window, "kiosk_end_session", Some(id))?;
    state.engine.close(&actor, id).await?;
    state.remove_kiosk_session(id);
    Ok(())
}

#[tauri::command]
pub async fn kiosk_messages(
    window: WebviewWindow,
    state: State<'_, AppState>,
    args: Args<KioskMessagesArgs>,
) -> ApiResult<Vec<MessageView>> {
    let a = args.0;
    kiosk(&state, &window, "kiosk_messages", Some(a.session_id))?;
    Ok(sessions::customer_visible(
        &state.engine.core.db,
        a.session_id,
        a.after_seq.unwrap_or(0),
    )
    .await?)
}

#[tauri::command]
pub async fn kiosk_settings(
    window: WebviewWindow,
    state: State<'_, AppState>,
) -> ApiResult<KioskSettings> {
    kiosk(&state, &window, "kiosk_settings", None)?;
    Ok(state.kiosk_settings())
}

// ---------------------------------------------------------------------------------------------
// Workspace

#[tauri::command]
pub async fn list_queue(window: WebviewWindow, state: State<'_, AppState>) -> ApiResult<Queue> {
    let actor = staff(&state, &window, "list_queue")?;
    let core = &state.engine.core;
    Ok(queue::list(&core.db, &core.policy, &actor, chrono::Utc::now()).await?)
}

#[tauri::command]
pub async fn get_session(
    window: WebviewWindow,
    state: State<'_, AppState>,
    args: Args<SessionArgs>,
) -> ApiResult<Transcript> {
    staff(&state, &window, "get_session")?;
    Ok(history::show(&state.engine.core.db, args.0.session_id).await?)
}

#[tauri::command]
pub async fn accept_session(
    window: WebviewWindow,
    state: State<'_, AppState>,
    args: Args<SessionArgs>,
) -> ApiResult<()> {
    let actor = staff(&state, &window, "accept_session")?;
    state.engine.accept(&actor, args.0.session_id).await?;
    Ok(())
}

#[tauri::command]
pub async fn release_session(
    window: WebviewWindow,
    state: State<'_, AppState>,
    args: Args<SessionArgs>,
) -> ApiResult<()> {
    let actor = staff(&state, &window, "release_session")?;
    state.engine.release(&actor, args.0.session_id).await?;
    Ok(())
}

#[tauri::command]
pub async fn close_session(
    window: WebviewWindow,
    state: State<'_, AppState>,
    args: Args<SessionArgs>,
) -> ApiResult<()> {
    let actor = staff(&state, &window, "close_session")?;
    state.engine.close(&actor, args.0.session_id).await?;
    Ok(())
}

#[tauri::command]
pub async fn send_agent_message(
    window: WebviewWindow,
    state: State<'_, AppState>,
    args: Args<MessageArgs>,
) -> ApiResult<MessageView> {
    let a = args.0;
    let actor = staff(&state, &window, "send_agent_message")?;
    let m = state
        .engine
        .agent_reply(&actor, a.session_id, &a.text)
        .await?;
    Ok(MessageView::from(&m))
}

#[tauri::command]
pub async fn suggest_replies(
    window: WebviewWindow,
    state: State<'_, AppState>,
    args: Args<SessionArgs>,
) -> ApiResult<Vec<Suggestion>> {
    let actor = staff(&state, &window, "suggest_replies")?;
    Ok(state
        .engine
        .suggest_replies(&actor, args.0.session_id)
        .await?)
}

#[tauri::command]
pub async fn decide_action(
    window: WebviewWindow,
    state: State<'_, AppState>,
    args: Args<DecideArgs>,
) -> ApiResult<TurnOutcome> {
    let a = args.0;
    let actor = staff(&state, &window, "decide_action")?;
    Ok(state
        .engine
        .staff_decides(&actor, a.action_id, decision(a.confirm))
        .await?)
}

#[tauri::command]
pub async fn get_customer(
    window: WebviewWindow,
    state: State<'_, AppState>,
    args: Args<CustomerArgs>,
) -> ApiResult<CustomerRecord> {
    let actor = staff(&state, &window, "get_customer")?;
    let core = &state.engine.core;
    Ok(customers::record(&core.db, &core.policy, &actor, args.0.customer_id).await?)
}

/// An agent action on a record: the same tool the assistant calls, run as the agent (policy and
/// audit included). A tool error becomes an ApiError.
async fn run_tool(
    state: &AppState,
    actor: &Actor,
    tool: &str,
    args: Value,
) -> ApiResult<ToolCallView> {
    let out = tools::execute(state.engine.core.tool_env(), actor, tool, &args.to_string()).await;
    if let Some(e) = out.error {
        return Err(e.into());
    }
    Ok(ToolCallView {
        name: out.name,
        arguments: out.arguments,
        result: out.result,
    })
}

#[tauri::command]
pub async fn update_ticket(
    window: WebviewWindow,
    state: State<'_, AppState>,
    args: Args<TicketStatusArgs>,
) -> ApiResult<ToolCallView> {
    let a = args.0;
    let actor = staff(&state, &window, "update_ticket")?;
    run_tool(
        &state,
        &actor,
        "update_ticket",
        json!({ "ticket_id": a.ticket_id, "status": a.status }),
    )
    .await
}

#[tauri::command]
pub async fn flag_refund(
    window: WebviewWindow,
    state: State<'_, AppState>,
    args: Args<RefundArgs>,
) -> ApiResult<ToolCallView> {
    let a = args.0;
    let actor = staff(&state, &window, "flag_refund")?;
    let mut tool_args = json!({ "order_id": a.order_id });
    if let Some(reason) = a.reason.filter(|r| !r.trim().is_empty()) {
        tool_args["reason"] = Value::String(reason);
    }
    run_tool(&state, &actor, "flag_refund", tool_args).await
}

#[tauri::command]
pub async fn update_customer_email(
    window: WebviewWindow,
    state: State<'_, AppState>,
    args: Args<EmailArgs>,
) -> ApiResult<ToolCallView> {
    let a = args.0;
    let actor = staff(&state, &window, "update_customer_email")?;
    run_tool(
        &state,
        &actor,
        "update_user_email",
        json!({ "customer_id": a.customer_id, "new_email": a.new_email }),
    )
    .await
}

#[tauri::command]
pub async fn list_canned_responses(
    window: WebviewWindow,
    state: State<'_, AppState>,
) -> ApiResult<Vec<CannedResponse>> {
    let actor = staff(&state, &window, "list_canned_responses")?;
    let core = &state.engine.core;
    let rows = customers::canned_responses(&core.db, &core.policy, &actor).await?;
    Ok(rows.iter().map(CannedResponse::from).collect())
}

#[tauri::command]
pub async fn set_session_tone(
    window: WebviewWindow,
    state: State<'_, AppState>,
    args: Args<ToneArgs>,
) -> ApiResult<()> {
    let a = args.0;
    let actor = staff(&state, &window, "set_session_tone")?;
    state.engine.set_tone(&actor, a.session_id, &a.tone).await?;
    Ok(())
}

/// Window-level: the configured tones (for the tone selector).
#[tauri::command]
pub async fn list_tones(
    window: WebviewWindow,
    state: State<'_, AppState>,
) -> ApiResult<Vec<String>> {
    state.staff_actor(window.label())?;
    Ok(state.tones())
}

#[tauri::command]
pub async fn get_settings(
    window: WebviewWindow,
    state: State<'_, AppState>,
) -> ApiResult<SettingsView> {
    staff(&state, &window, "get_settings")?;
    Ok(state.settings_view())
}

#[tauri::command]
pub async fn update_settings(
    app: AppHandle,
    window: WebviewWindow,
    state: State<'_, AppState>,
    args: Args<SettingsInput>,
) -> ApiResult<SettingsView> {
    let actor = staff(&state, &window, "update_settings")?;
    state.engine.core.policy.check(
        &actor,
        Access::Write {
            table: "settings",
            column: "value",
        },
    )?;
    let _one_at_a_time = state.settings_change.lock().await;
    let kiosk_mode_before = state.kiosk_mode();
    let next = state.settings().apply(&args.0, &state.tones())?;
    // Build the model first: settings that cannot make one are refused, nothing saved.
    let model = provider::build(
        &next.provider_settings(),
        &state.engine.core.config.escalation.model,
    )?;
    save_settings(&app, &next)?;
    state.replace_settings(next);
    state.engine.set_model(model);
    if state.kiosk_mode() != kiosk_mode_before {
        windows::apply_kiosk_mode(&app, state.kiosk_mode())?;
    }
    tracing::info!(by = ?actor.id, "settings changed");
    Ok(state.settings_view())
}

/// Write the settings to the store file.
pub fn save_settings(app: &AppHandle, s: &Settings) -> ApiResult<()> {
    use tauri_plugin_store::StoreExt;
    let store = app
        .store(STORE_FILE)
        .map_err(|e| ApiError::internal(format!("cannot open {STORE_FILE}: {e}")))?;
    for (key, value) in s.to_stored() {
        match value {
            Some(v) => store.set(key, v),
            None => {
                store.delete(key);
            }
        }
    }
    store
        .save()
        .map_err(|e| ApiError::internal(format!("cannot save {STORE_FILE}: {e}")))
}

/// Window-level: who this window acts as, and what that role may run here.
#[tauri::command]
pub async fn whoami(window: WebviewWindow, state: State<'_, AppState>) -> ApiResult<WhoAmI> {
    let actor = state.staff_actor(window.label())?;
    let here: Vec<&str> = match window.label() {
        windows::WORKSPACE => crate::command_names::WORKSPACE_COMMANDS
            .iter()
            .chain(crate::command_names::HISTORY_COMMANDS)
            .copied()
            .collect(),
        _ => crate::command_names::HISTORY_COMMANDS.to_vec(),
    };
    let commands = here
        .into_iter()
        .filter(|c| {
            crate::command_names::WINDOW_LEVEL_COMMANDS.contains(c)
                || state
                    .engine
                    .core
                    .policy
                    .allows(&actor, Access::Command(policy_name(c)))
        })
        .map(String::from)
        .collect();
    let writes = state
        .engine
        .core
        .config
        .permissions
        .roles
        .get(actor.role.as_str())
        .map(|r| r.write.clone())
        .unwrap_or_default();
    Ok(WhoAmI {
        name: actor.id.clone().unwrap_or_default(),
        role: actor.role.to_string(),
        permissions: Permissions { commands, writes },
    })
}

/// Window-level: open (or focus) the history window. It acts as a supervisor when a supervisor
/// opened it, else as a reviewer.
#[tauri::command]
pub async fn open_history_window(
    app: AppHandle,
    window: WebviewWindow,
    state: State<'_, AppState>,
) -> ApiResult<()> {
    let actor = state.staff_actor(window.label())?;
    state.set_history_role(if actor.role == Role::Supervisor {
        Role::Supervisor
    } else {
        Role::Reviewer
    });
    windows::open_history(&app)?;
    Ok(())
}

/// A session's messages as `MessageView`s: the transcript's messages with their sentiment
/// (`{label, score, confidence, source}` on customer messages), for the trend markers.
#[tauri::command]
pub async fn get_session_messages(
    window: WebviewWindow,
    state: State<'_, AppState>,
    args: Args<SessionArgs>,
) -> ApiResult<Vec<MessageView>> {
    staff(&state, &window, "get_session_messages")?;
    let rows = sessions::messages(&state.engine.core.db, args.0.session_id).await?;
    Ok(rows.iter().map(MessageView::from).collect())
}

// ---------------------------------------------------------------------------------------------
// Knowledge base (workspace): the Markdown folder next to the configuration.

/// Passages the knowledge view shows when the UI names no limit.
pub const KB_SEARCH_LIMIT: u64 = 10;

#[tauri::command]
pub async fn kb_search(
    window: WebviewWindow,
    state: State<'_, AppState>,
    args: Args<KbSearchArgs>,
) -> ApiResult<Vec<Passage>> {
    let a = args.0;
    staff(&state, &window, "kb_search")?;
    let limit = a.limit.unwrap_or(KB_SEARCH_LIMIT);
    Ok(knowledge::search(&state.engine.core.db, &a.query, limit).await?)
}

#[tauri::command]
pub async fn kb_list(
    window: WebviewWindow,
    state: State<'_, AppState>,
) -> ApiResult<Vec<KnowledgeDocumentSummary>> {
    staff(&state, &window, "kb_list")?;
    Ok(knowledge::list_documents(&state.engine.core.db).await?)
}

#[tauri::command]
pub async fn kb_get(
    window: WebviewWindow,
    state: State<'_, AppState>,
    args: Args<KbDocumentArgs>,
) -> ApiResult<KnowledgeDocument> {
    staff(&state, &window, "kb_get")?;
    let folder = knowledge::default_folder();
    Ok(knowledge::get_document(&state.engine.core.db, &folder, args.0.document_id).await?)
}

#[tauri::command]
pub async fn kb_save(
    window: WebviewWindow,
    state: State<'_, AppState>,
    args: Args<KbSaveArgs>,
) -> ApiResult<KnowledgeDocument> {
    let a = args.0;
    let actor = staff(&state, &window, "kb_save")?;
    let folder = knowledge::default_folder();
    let doc =
        knowledge::save_document(&state.engine.core.db, &folder, &a.path_or_title, &a.content)
            .await?;
    tracing::info!(by = ?actor.id, path = %doc.path, "knowledge document saved");
    Ok(doc)
}

#[tauri::command]
pub async fn kb_delete(
    window: WebviewWindow,
    state: State<'_, AppState>,
    args: Args<KbDocumentArgs>,
) -> ApiResult<()> {
    let id = args.0.document_id;
    let actor = staff(&state, &window, "kb_delete")?;
    let folder = knowledge::default_folder();
    knowledge::delete_document(&state.engine.core.db, &folder, id).await?;
    tracing::info!(by = ?actor.id, document = id, "knowledge document deleted");
    Ok(())
}

#[tauri::command]
pub async fn kb_reindex(
    window: WebviewWindow,
    state: State<'_, AppState>,
) -> ApiResult<ReindexReport> {
    staff(&state, &window, "kb_reindex")?;
    let folder = knowledge::default_folder();
    Ok(knowledge::reindex(&state.engine.core.db, &folder).await?)
}

// ---------------------------------------------------------------------------------------------
// Canned replies (workspace): cx-core checks the role, validates, audits.

#[tauri::command]
pub async fn search_canned_responses(
    window: WebviewWindow,
    state: State<'_, AppState>,
    args: Args<CannedSearchArgs>,
) -> ApiResult<Vec<CannedResponse>> {
    let actor = staff(&state, &window, "search_canned_responses")?;
    let core = &state.engine.core;
    let text = args.0.text.unwrap_or_default();
    let rows = canned::search(&core.db, &core.policy, &actor, &text).await?;
    Ok(rows.iter().map(CannedResponse::from).collect())
}

#[tauri::command]
pub async fn create_canned_response(
    window: WebviewWindow,
    state: State<'_, AppState>,
    args: Args<CannedInput>,
) -> ApiResult<CannedResponse> {
    let actor = staff(&state, &window, "create_canned_response")?;
    let core = &state.engine.core;
    let row = canned::create(&core.db, &core.policy, &actor, &args.0).await?;
    Ok(CannedResponse::from(&row))
}

#[tauri::command]
pub async fn update_canned_response(
    window: WebviewWindow,
    state: State<'_, AppState>,
    args: Args<CannedUpdateArgs>,
) -> ApiResult<CannedResponse> {
    let a = args.0;
    let actor = staff(&state, &window, "update_canned_response")?;
    let core = &state.engine.core;
    let row = canned::update(&core.db, &core.policy, &actor, a.id, &a.input).await?;
    Ok(CannedResponse::from(&row))
}

#[tauri::command]
pub async fn delete_canned_response(
    window: WebviewWindow,
    state: State<'_, AppState>,
    args: Args<CannedIdArgs>,
) -> ApiResult<()> {
    let actor = staff(&state, &window, "delete_canned_response")?;
    let core = &state.engine.core;
    canned::delete(&core.db, &core.policy, &actor, args.0.id).await?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// History (history window and workspace)

#[tauri::command]
pub async fn history_search(
    window: WebviewWindow,
    state: State<'_, AppState>,
    args: Args<HistorySearchArgs>,
) -> ApiResult<Vec<SessionHit>> {
    staff(&state, &window, "history_search")?;
    Ok(history::search(&state.engine.core.db, &args.0.query).await?)
}

#[tauri::command]
pub async fn history_show(
    window: WebviewWindow,
    state: State<'_, AppState>,
    args: Args<SessionArgs>,
) -> ApiResult<Transcript> {
    staff(&state, &window, "history_show")?;
    Ok(history::show(&state.engine.core.db, args.0.session_id).await?)
}

/// Env: write exports to `<dir>/session-<id>.<ext>` without asking (E2E tests).
pub const EXPORT_DIR_ENV: &str = "CX_EXPORT_DIR";

#[tauri::command]
pub async fn history_export(
    app: AppHandle,
    window: WebviewWindow,
    state: State<'_, AppState>,
    args: Args<ExportArgs>,
) -> ApiResult<ExportResult> {
    let a = args.0;
    staff(&state, &window, "history_export")?;
    let t = history::show(&state.engine.core.db, a.session_id).await?;
    let file_name = format!("session-{}.{}", a.session_id, a.format.extension());
    let path = match a.path.as_deref() {
        Some(p) => chosen_path(p, a.format)?,
        None => match std::env::var(EXPORT_DIR_ENV)
            .ok()
            .filter(|d| !d.trim().is_empty())
        {
            Some(dir) => {
                tokio::fs::create_dir_all(&dir).await?;
                PathBuf::from(dir).join(&file_name)
            }
            None => match ask_where(&app, &window, &file_name, a.format).await? {
                Some(p) => p,
                None => return Ok(ExportResult { path: None }),
            },
        },
    };
    let content = match a.format {
        ExportFormat::Md => history::export_markdown(&t),
        ExportFormat::Json => serde_json::to_string_pretty(&history::export_json(&t))
            .map_err(|e| ApiError::internal(e.to_string()))?,
    };
    tokio::fs::write(&path, content)
        .await
        .map_err(|e| ApiError::internal(format!("cannot write {}: {e}", path.display())))?;
    tracing::info!(session = a.session_id, path = %path.display(), "session exported");
    Ok(ExportResult {
        path: Some(path.display().to_string()),
    })
}

/// A path the UI passed: absolute, in an existing folder, with the format's extension.
fn chosen_path(p: &str, format: ExportFormat) -> ApiResult<PathBuf> {
    let path = PathBuf::from(p);
    if !path.is_absolute() {
        return Err(ApiError::invalid(format!(
            "export path '{p}' is not absolute"
        )));
    }
    if path.extension().and_then(|e| e.to_str()) != Some(format.extension()) {
        return Err(ApiError::invalid(format!(
            "export path '{p}' must end in .{}",
            format.extension()
        )));
    }
    if !path.parent().is_some_and(|d| d.is_dir()) {
        return Err(ApiError::invalid(format!(
            "the folder of '{p}' does not exist"
        )));
    }
    Ok(path)
}

/// The native save dialog (Rust side; no window holds dialog rights). None: cancelled.
async fn ask_where(
    app: &AppHandle,
    window: &WebviewWindow,
    file_name: &str,
    format: ExportFormat,
) -> ApiResult<Option<PathBuf>> {
    use tauri_plugin_dialog::DialogExt;
    let (tx, rx) = tokio::sync::oneshot::channel();
    let kind = match format {
        ExportFormat::Md => "Markdown",
        ExportFormat::Json => "JSON",
    };
    app.dialog()
        .file()
        .set_parent(window)
        .set_title("Export session")
        .set_file_name(file_name)
        .add_filter(kind, &[format.extension()])
        .save_file(move |picked| {
            let _ = tx.send(picked);
        });
    let picked = rx
        .await
        .map_err(|_| ApiError::internal("the save dialog closed without an answer"))?;
    picked
        .map(|p| {
            p.into_path()
                .map_err(|e| ApiError::invalid(format!("cannot save there: {e}")))
        })
        .transpose()
}

// ---------------------------------------------------------------------------------------------
// The table: registration and bindings from one list.

/// `name(Args) -> Result;` for every command. `()` means no arguments / no result.
macro_rules! commands {
    ( $( $name:ident ( $args:ty ) -> $ret:ty ; )* ) => {
        /// Register every command with Tauri.
        pub fn register(builder: tauri::Builder<tauri::Wry>) -> tauri::Builder<tauri::Wry> {
            builder.invoke_handler(tauri::generate_handler![ $( $name ),* ])
        }

        /// (name, arguments, result) of every command, for the TypeScript bindings.
        pub fn signatures() -> Vec<crate::bindings::Signature> {
            vec![ $( crate::bindings::Signature::of::<$args, $ret>(stringify!($name)) ),* ]
        }
    };
}

commands! {
    kiosk_start_session(()) -> SessionInfo;
    kiosk_send_message(MessageArgs) -> TurnOutcome;
    kiosk_decide_action(KioskDecideArgs) -> TurnOutcome;
    kiosk_request_human(SessionArgs) -> TurnOutcome;
    kiosk_end_session(SessionArgs) -> ();
    kiosk_messages(KioskMessagesArgs) -> Vec<MessageView>;
    kiosk_settings(()) -> KioskSettings;

    list_queue(()) -> Queue;
    get_session(SessionArgs) -> Transcript;
    accept_session(SessionArgs) -> ();
    release_session(SessionArgs) -> ();
    close_session(SessionArgs) -> ();
    send_agent_message(MessageArgs) -> MessageView;
    suggest_replies(SessionArgs) -> Vec<Suggestion>;
    decide_action(DecideArgs) -> TurnOutcome;
    get_customer(CustomerArgs) -> CustomerRecord;
    update_ticket(TicketStatusArgs) -> ToolCallView;
    flag_refund(RefundArgs) -> ToolCallView;
    update_customer_email(EmailArgs) -> ToolCallView;
    list_canned_responses(()) -> Vec<CannedResponse>;
    set_session_tone(ToneArgs) -> ();
    list_tones(()) -> Vec<String>;
    get_settings(()) -> SettingsView;
    update_settings(SettingsInput) -> SettingsView;
    whoami(()) -> WhoAmI;
    open_history_window(()) -> ();
    get_session_messages(SessionArgs) -> Vec<MessageView>;
    kb_search(KbSearchArgs) -> Vec<Passage>;
    kb_list(()) -> Vec<KnowledgeDocumentSummary>;
    kb_get(KbDocumentArgs) -> KnowledgeDocument;
    kb_save(KbSaveArgs) -> KnowledgeDocument;
    kb_delete(KbDocumentArgs) -> ();
    kb_reindex(()) -> ReindexReport;
    search_canned_responses(CannedSearchArgs) -> Vec<CannedResponse>;
    create_canned_response(CannedInput) -> CannedResponse;
    update_canned_response(CannedUpdateArgs) -> CannedResponse;
    delete_canned_response(CannedIdArgs) -> ();

    history_search(HistorySearchArgs) -> Vec<SessionHit>;
    history_show(SessionArgs) -> Transcript;
    history_export(ExportArgs) -> ExportResult;
}

/// Types the windows see that no command returns: the event payload, the error shape.
pub fn extra_types() -> Vec<crate::bindings::Signature> {
    vec![
        crate::bindings::Signature::of::<(), cx_core::events::CoreEvent>("(core-event payload)"),
        crate::bindings::Signature::of::<(), ApiError>("(every command's error)"),
        crate::bindings::Signature::of::<(), PendingView>("(inside TurnOutcome and Suggestion)"),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliased_commands_are_checked_under_their_policy_name() {
        assert_eq!(policy_name("kb_search"), "knowledge_view");
        assert_eq!(policy_name("kb_save"), "manage_knowledge");
        assert_eq!(
            policy_name("create_canned_response"),
            "manage_canned_responses"
        );
        assert_eq!(policy_name("list_queue"), "list_queue");
    }

    #[test]
    fn export_paths_must_be_absolute_with_the_right_extension() {
        let dir = tempfile::tempdir().unwrap();
        let ok = dir.path().join("s.md");
        assert_eq!(
            chosen_path(ok.to_str().unwrap(), ExportFormat::Md).unwrap(),
            ok
        );
        let e = chosen_path("s.md", ExportFormat::Md).unwrap_err();
        assert!(e.message.contains("not absolute"), "{}", e.message);
        let e = chosen_path(ok.to_str().unwrap(), ExportFormat::Json).unwrap_err();
        assert!(e.message.contains("must end in .json"), "{}", e.message);
        let missing = dir.path().join("nope/s.md");
        let e = chosen_path(missing.to_str().unwrap(), ExportFormat::Md).unwrap_err();
        assert!(e.message.contains("does not exist"), "{}", e.message);
    }
}
