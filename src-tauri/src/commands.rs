//! The app commands: thin. Each one finds who the calling window acts as (an `Actor`), calls
//! cx-core's API (`cx_core::api`, which asks the policy inside), and maps errors to `ApiError`.
//! The per-window ACL (capabilities/*.json) has already run before any of this.
//!
//! The table at the bottom (`commands!`) pairs each handler with its (arguments, result): it
//! registers the handlers with Tauri and generates the TypeScript wrappers (see `bindings`). The
//! names, their windows and grants are cx-commands' table; the contract test holds the two in
//! the same order.

use crate::args::*;
use crate::error::{ApiError, ApiResult};
use crate::settings::{KioskSettings, SettingsInput, SettingsView};
use crate::state::{AppState, SIGN_IN_REQUIRED};
use crate::types::{CannedResponse, ExportResult, Permissions, SessionInfo, WhoAmI, WhoRole};
use crate::windows;
use cx_core::agent::{PendingView, Suggestion, ToolCallView};
use cx_core::api;
use cx_core::canned::CannedInput;
use cx_core::csat::Rating;
use cx_core::customers::CustomerRecord;
use cx_core::db::entity::Channel;
use cx_core::history::{SessionHit, Transcript};
use cx_core::knowledge::{KnowledgeDocument, KnowledgeDocumentSummary, Passage, ReindexReport};
use cx_core::pending::Decision;
use cx_core::policy::Actor;
use cx_core::queue::Queue;
use cx_core::reports::Report;
use cx_core::sessions::{CustomerMessage, MessageView};
use cx_core::team::{AgentChange, AgentView, NewAgent};
use cx_core::{TurnOutcome, provider};
use std::path::PathBuf;
use tauri::{AppHandle, State, WebviewWindow};

fn decision(confirm: bool) -> Decision {
    if confirm {
        Decision::Confirm
    } else {
        Decision::Reject
    }
}

/// The staff actor the calling window acts as (cx-core's API checks the role).
fn staff(state: &AppState, window: &WebviewWindow) -> ApiResult<Actor> {
    state.staff_actor(window.label())
}

/// The kiosk station, for the kiosk window only (cx-core decides which session it may use).
fn kiosk(state: &AppState, window: &WebviewWindow) -> ApiResult<Actor> {
    state.kiosk_actor(window.label())
}

// ---------------------------------------------------------------------------------------------
// Kiosk

#[tauri::command]
pub async fn kiosk_start_session(
    window: WebviewWindow,
    state: State<'_, AppState>,
    args: Args<StartArgs>,
) -> ApiResult<SessionInfo> {
    let actor = kiosk(&state, &window)?;
    let settings = state.settings();
    let tone = settings.default_tone.as_deref();
    let language = args.0.language.unwrap_or(settings.kiosk_language);
    let s = api::kiosk::start_session(&state.engine, &actor, Channel::Kiosk, tone, Some(language))
        .await?;
    state.kiosk_started(s.id);
    Ok(SessionInfo {
        session_id: s.id,
        language: s.language(),
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
    let actor = kiosk(&state, &window)?;
    Ok(api::kiosk::send_message(&state.engine, &actor, a.session_id, &a.text).await?)
}

#[tauri::command]
pub async fn kiosk_decide_action(
    window: WebviewWindow,
    state: State<'_, AppState>,
    args: Args<KioskDecideArgs>,
) -> ApiResult<TurnOutcome> {
    let a = args.0;
    let actor = kiosk(&state, &window)?;
    let d = decision(a.confirm);
    Ok(api::kiosk::decide_action(&state.engine, &actor, a.session_id, a.action_id, d).await?)
}

#[tauri::command]
pub async fn kiosk_request_human(
    window: WebviewWindow,
    state: State<'_, AppState>,
    args: Args<SessionArgs>,
) -> ApiResult<TurnOutcome> {
    let actor = kiosk(&state, &window)?;
    Ok(api::kiosk::request_human(&state.engine, &actor, args.0.session_id).await?)
}

#[tauri::command]
pub async fn kiosk_end_session(
    window: WebviewWindow,
    state: State<'_, AppState>,
    args: Args<SessionArgs>,
) -> ApiResult<()> {
    let actor = kiosk(&state, &window)?;
    let session_id = args.0.session_id;
    // The screen is already wiped: no event of this session is for the kiosk any more.
    state.kiosk_ended(session_id);
    Ok(api::kiosk::end_session(&state.engine, &actor, session_id).await?)
}

#[tauri::command]
pub async fn kiosk_messages(
    window: WebviewWindow,
    state: State<'_, AppState>,
    args: Args<KioskMessagesArgs>,
) -> ApiResult<Vec<CustomerMessage>> {
    let a = args.0;
    let actor = kiosk(&state, &window)?;
    let after = a.after_seq.unwrap_or(0);
    Ok(api::kiosk::messages(&state.engine, &actor, a.session_id, after).await?)
}

#[tauri::command]
pub async fn kiosk_settings(
    window: WebviewWindow,
    state: State<'_, AppState>,
) -> ApiResult<KioskSettings> {
    let actor = kiosk(&state, &window)?;
    api::kiosk::settings(&state.engine, &actor)?;
    Ok(state.kiosk_settings())
}

#[tauri::command]
pub async fn kiosk_rate_session(
    window: WebviewWindow,
    state: State<'_, AppState>,
    args: Args<RateArgs>,
) -> ApiResult<Rating> {
    let a = args.0;
    let actor = kiosk(&state, &window)?;
    let comment = a.comment.as_deref();
    Ok(api::kiosk::rate_session(&state.engine, &actor, a.session_id, a.score, comment).await?)
}

// ---------------------------------------------------------------------------------------------
// Workspace

#[tauri::command]
pub async fn list_queue(window: WebviewWindow, state: State<'_, AppState>) -> ApiResult<Queue> {
    let actor = staff(&state, &window)?;
    Ok(api::staff::list_queue(&state.engine, &actor).await?)
}

#[tauri::command]
pub async fn get_session(
    window: WebviewWindow,
    state: State<'_, AppState>,
    args: Args<SessionArgs>,
) -> ApiResult<Transcript> {
    let actor = staff(&state, &window)?;
    Ok(api::staff::get_session(&state.engine, &actor, args.0.session_id).await?)
}

#[tauri::command]
pub async fn accept_session(
    window: WebviewWindow,
    state: State<'_, AppState>,
    args: Args<SessionArgs>,
) -> ApiResult<()> {
    let actor = staff(&state, &window)?;
    api::staff::accept(&state.engine, &actor, args.0.session_id).await?;
    Ok(())
}

#[tauri::command]
pub async fn release_session(
    window: WebviewWindow,
    state: State<'_, AppState>,
    args: Args<SessionArgs>,
) -> ApiResult<()> {
    let actor = staff(&state, &window)?;
    api::staff::release(&state.engine, &actor, args.0.session_id).await?;
    Ok(())
}

#[tauri::command]
pub async fn close_session(
    window: WebviewWindow,
    state: State<'_, AppState>,
    args: Args<SessionArgs>,
) -> ApiResult<()> {
    let actor = staff(&state, &window)?;
    api::staff::close(&state.engine, &actor, args.0.session_id).await?;
    Ok(())
}

#[tauri::command]
pub async fn send_agent_message(
    window: WebviewWindow,
    state: State<'_, AppState>,
    args: Args<MessageArgs>,
) -> ApiResult<MessageView> {
    let a = args.0;
    let actor = staff(&state, &window)?;
    Ok(api::staff::send_agent_message(&state.engine, &actor, a.session_id, &a.text).await?)
}

#[tauri::command]
pub async fn suggest_replies(
    window: WebviewWindow,
    state: State<'_, AppState>,
    args: Args<SessionArgs>,
) -> ApiResult<Vec<Suggestion>> {
    let actor = staff(&state, &window)?;
    Ok(api::staff::suggest_replies(&state.engine, &actor, args.0.session_id).await?)
}

#[tauri::command]
pub async fn decide_action(
    window: WebviewWindow,
    state: State<'_, AppState>,
    args: Args<DecideArgs>,
) -> ApiResult<TurnOutcome> {
    let a = args.0;
    let actor = staff(&state, &window)?;
    let d = decision(a.confirm);
    Ok(api::staff::decide_action(&state.engine, &actor, a.action_id, d).await?)
}

#[tauri::command]
pub async fn get_customer(
    window: WebviewWindow,
    state: State<'_, AppState>,
    args: Args<CustomerArgs>,
) -> ApiResult<CustomerRecord> {
    let actor = staff(&state, &window)?;
    Ok(api::staff::get_customer(&state.engine, &actor, args.0.customer_id).await?)
}

#[tauri::command]
pub async fn update_ticket(
    window: WebviewWindow,
    state: State<'_, AppState>,
    args: Args<TicketStatusArgs>,
) -> ApiResult<ToolCallView> {
    let a = args.0;
    let actor = staff(&state, &window)?;
    let status = a.status.as_str();
    Ok(api::staff::update_ticket(&state.engine, &actor, a.ticket_id, status).await?)
}

#[tauri::command]
pub async fn flag_refund(
    window: WebviewWindow,
    state: State<'_, AppState>,
    args: Args<RefundArgs>,
) -> ApiResult<ToolCallView> {
    let a = args.0;
    let actor = staff(&state, &window)?;
    let reason = a.reason.as_deref();
    Ok(api::staff::flag_refund(&state.engine, &actor, a.order_id, reason).await?)
}

#[tauri::command]
pub async fn update_customer_email(
    window: WebviewWindow,
    state: State<'_, AppState>,
    args: Args<EmailArgs>,
) -> ApiResult<ToolCallView> {
    let a = args.0;
    let actor = staff(&state, &window)?;
    let (id, email) = (a.customer_id, a.new_email.as_str());
    Ok(api::staff::update_customer_email(&state.engine, &actor, id, email).await?)
}

#[tauri::command]
pub async fn list_canned_responses(
    window: WebviewWindow,
    state: State<'_, AppState>,
) -> ApiResult<Vec<CannedResponse>> {
    let actor = staff(&state, &window)?;
    let rows = api::library::list_canned(&state.engine, &actor).await?;
    Ok(rows.iter().map(CannedResponse::from).collect())
}

#[tauri::command]
pub async fn set_session_tone(
    window: WebviewWindow,
    state: State<'_, AppState>,
    args: Args<ToneArgs>,
) -> ApiResult<()> {
    let a = args.0;
    let actor = staff(&state, &window)?;
    api::staff::set_tone(&state.engine, &actor, a.session_id, &a.tone).await?;
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
    let actor = staff(&state, &window)?;
    api::settings::read(&state.engine, &actor)?;
    Ok(state.settings_view())
}

#[tauri::command]
pub async fn update_settings(
    app: AppHandle,
    window: WebviewWindow,
    state: State<'_, AppState>,
    args: Args<SettingsInput>,
) -> ApiResult<SettingsView> {
    let actor = staff(&state, &window)?;
    api::settings::change(&state.engine, &actor)?;
    let _one_at_a_time = state.settings_change.lock().await;
    let kiosk_mode_before = state.kiosk_mode();
    let before = state.settings();
    // Refused in the staff language: the form shows this sentence as it is (it has no rules).
    let next = before
        .check(&args.0, &state.tones())
        .map_err(|p| ApiError::invalid(p.staff_text(before.language)))?;
    // Build the model first: settings that cannot make one are refused, nothing saved.
    let model = provider::build(
        &next.provider_settings(),
        &state.engine.core.config.escalation.model,
    )?;
    // The key goes into the OS keyring (refused without one), the rest into the store.
    crate::settings::persist(&app, &before, &next, crate::secrets::KeyStore::os())?;
    state.replace_settings(next);
    state.engine.set_model(model);
    if state.kiosk_mode() != kiosk_mode_before {
        windows::apply_kiosk_mode(&app, state.kiosk_mode())?;
    }
    tracing::info!(by = ?actor.id, "settings changed");
    Ok(state.settings_view())
}

/// Window-level: who this window acts as, and what that role may run here (cx-core decides). In
/// team mode before anyone signed in: nobody, with no command (the UI shows the sign-in screen).
#[tauri::command]
pub async fn whoami(window: WebviewWindow, state: State<'_, AppState>) -> ApiResult<WhoAmI> {
    who_is_at(&state, &window)
}

fn who_is_at(state: &AppState, window: &WebviewWindow) -> ApiResult<WhoAmI> {
    let actor = match state.staff_actor(window.label()) {
        Ok(actor) => actor,
        Err(e) if e.code == SIGN_IN_REQUIRED => {
            return Ok(WhoAmI {
                name: String::new(),
                role: WhoRole::Nobody,
                permissions: Permissions {
                    commands: vec![],
                    writes: vec![],
                },
                team_mode: true,
                signed_in: false,
                station_role: state.station_role,
                language: state.settings().language,
            });
        }
        Err(e) => return Err(e),
    };
    let here = match window.label() {
        windows::WORKSPACE => cx_commands::Window::Workspace,
        _ => cx_commands::Window::History,
    };
    let who = api::settings::whoami(&state.engine, &actor, here.commands());
    Ok(WhoAmI {
        name: who.name,
        role: WhoRole::of(who.role)?,
        permissions: Permissions {
            commands: who.operations,
            writes: who.writes,
        },
        team_mode: state.team_mode(),
        signed_in: state.signed_in().is_some(),
        station_role: state.station_role,
        language: state.settings().language,
    })
}

/// Window-level, workspace only: an agent signs in at this desk with their name and password;
/// from then on the workspace acts as them, in the role the database holds. Whoever was signed
/// in here before is signed out.
#[tauri::command]
pub async fn sign_in(
    window: WebviewWindow,
    state: State<'_, AppState>,
    args: Args<SignInArgs>,
) -> ApiResult<WhoAmI> {
    desk_window(&state, &window)?;
    let a = args.0;
    let signed = api::team::sign_in(&state.engine, &a.name, &a.password, &state.desk).await?;
    state.set_team_mode(true);
    if let Some(before) = state.set_signed_in(Some(signed))
        && let Err(e) = api::team::sign_out(&state.engine, &before).await
    {
        tracing::warn!(agent = %before.name, error = %e, "could not sign out the agent before");
    }
    who_is_at(&state, &window)
}

/// Window-level, workspace only: the agent signed in here leaves; their offers go to others.
#[tauri::command]
pub async fn sign_out(window: WebviewWindow, state: State<'_, AppState>) -> ApiResult<()> {
    desk_window(&state, &window)?;
    if let Some(signed) = state.set_signed_in(None) {
        api::team::sign_out(&state.engine, &signed).await?;
    }
    Ok(())
}

/// Signing in and out belong to the workspace of a desk.
fn desk_window(state: &AppState, window: &WebviewWindow) -> ApiResult<()> {
    if window.label() != windows::WORKSPACE || !state.station_role.has_workspace() {
        return Err(ApiError::acl(
            "agents sign in at the workspace of an agent desk",
        ));
    }
    Ok(())
}

/// The team: who is online and how many sessions each holds (disabled agents for supervisors).
#[tauri::command]
pub async fn list_agents(
    window: WebviewWindow,
    state: State<'_, AppState>,
) -> ApiResult<Vec<AgentView>> {
    let actor = staff(&state, &window)?;
    Ok(api::team::list_agents(&state.engine, &actor).await?)
}

/// A supervisor adds an agent (the database is in team mode from then on).
#[tauri::command]
pub async fn add_agent(
    window: WebviewWindow,
    state: State<'_, AppState>,
    args: Args<NewAgent>,
) -> ApiResult<AgentView> {
    let actor = staff(&state, &window)?;
    let added = api::team::add_agent(&state.engine, &actor, &args.0).await?;
    state.set_team_mode(true);
    Ok(added)
}

/// A supervisor changes an agent's role, maximum, password or whether they may sign in.
#[tauri::command]
pub async fn update_agent(
    window: WebviewWindow,
    state: State<'_, AppState>,
    args: Args<AgentChange>,
) -> ApiResult<AgentView> {
    let actor = staff(&state, &window)?;
    Ok(api::team::update_agent(&state.engine, &actor, &args.0).await?)
}

/// Window-level: open (or focus) the history window, in the role cx-core gives it for this opener.
#[tauri::command]
pub async fn open_history_window(
    app: AppHandle,
    window: WebviewWindow,
    state: State<'_, AppState>,
) -> ApiResult<()> {
    let actor = state.staff_actor(window.label())?;
    state.set_history_role(api::settings::history_role(&actor));
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
    let actor = staff(&state, &window)?;
    Ok(api::staff::session_messages(&state.engine, &actor, args.0.session_id).await?)
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
    let actor = staff(&state, &window)?;
    let limit = a.limit.unwrap_or(KB_SEARCH_LIMIT);
    Ok(api::library::kb_search(&state.engine, &actor, &a.query, limit).await?)
}

#[tauri::command]
pub async fn kb_list(
    window: WebviewWindow,
    state: State<'_, AppState>,
) -> ApiResult<Vec<KnowledgeDocumentSummary>> {
    let actor = staff(&state, &window)?;
    Ok(api::library::kb_list(&state.engine, &actor).await?)
}

#[tauri::command]
pub async fn kb_get(
    window: WebviewWindow,
    state: State<'_, AppState>,
    args: Args<KbDocumentArgs>,
) -> ApiResult<KnowledgeDocument> {
    let actor = staff(&state, &window)?;
    Ok(api::library::kb_get(&state.engine, &actor, args.0.document_id).await?)
}

#[tauri::command]
pub async fn kb_save(
    window: WebviewWindow,
    state: State<'_, AppState>,
    args: Args<KbSaveArgs>,
) -> ApiResult<KnowledgeDocument> {
    let a = args.0;
    let actor = staff(&state, &window)?;
    Ok(api::library::kb_save(&state.engine, &actor, &a.path_or_title, &a.content).await?)
}

#[tauri::command]
pub async fn kb_delete(
    window: WebviewWindow,
    state: State<'_, AppState>,
    args: Args<KbDocumentArgs>,
) -> ApiResult<()> {
    let actor = staff(&state, &window)?;
    Ok(api::library::kb_delete(&state.engine, &actor, args.0.document_id).await?)
}

#[tauri::command]
pub async fn kb_reindex(
    window: WebviewWindow,
    state: State<'_, AppState>,
) -> ApiResult<ReindexReport> {
    let actor = staff(&state, &window)?;
    Ok(api::library::kb_reindex(&state.engine, &actor).await?)
}

// ---------------------------------------------------------------------------------------------
// Canned replies (workspace): cx-core checks the role, validates, audits.

#[tauri::command]
pub async fn search_canned_responses(
    window: WebviewWindow,
    state: State<'_, AppState>,
    args: Args<CannedSearchArgs>,
) -> ApiResult<Vec<CannedResponse>> {
    let actor = staff(&state, &window)?;
    let text = args.0.text.unwrap_or_default();
    let rows = api::library::search_canned(&state.engine, &actor, &text).await?;
    Ok(rows.iter().map(CannedResponse::from).collect())
}

#[tauri::command]
pub async fn create_canned_response(
    window: WebviewWindow,
    state: State<'_, AppState>,
    args: Args<CannedInput>,
) -> ApiResult<CannedResponse> {
    let actor = staff(&state, &window)?;
    let row = api::library::create_canned(&state.engine, &actor, &args.0).await?;
    Ok(CannedResponse::from(&row))
}

#[tauri::command]
pub async fn update_canned_response(
    window: WebviewWindow,
    state: State<'_, AppState>,
    args: Args<CannedUpdateArgs>,
) -> ApiResult<CannedResponse> {
    let a = args.0;
    let actor = staff(&state, &window)?;
    let row = api::library::update_canned(&state.engine, &actor, a.id, &a.input).await?;
    Ok(CannedResponse::from(&row))
}

#[tauri::command]
pub async fn delete_canned_response(
    window: WebviewWindow,
    state: State<'_, AppState>,
    args: Args<CannedIdArgs>,
) -> ApiResult<()> {
    let actor = staff(&state, &window)?;
    Ok(api::library::delete_canned(&state.engine, &actor, args.0.id).await?)
}

// ---------------------------------------------------------------------------------------------
// History (history window and workspace)

#[tauri::command]
pub async fn history_search(
    window: WebviewWindow,
    state: State<'_, AppState>,
    args: Args<HistorySearchArgs>,
) -> ApiResult<Vec<SessionHit>> {
    let actor = staff(&state, &window)?;
    Ok(api::history::search(&state.engine, &actor, &args.0.query).await?)
}

#[tauri::command]
pub async fn history_show(
    window: WebviewWindow,
    state: State<'_, AppState>,
    args: Args<SessionArgs>,
) -> ApiResult<Transcript> {
    let actor = staff(&state, &window)?;
    Ok(api::history::show(&state.engine, &actor, args.0.session_id).await?)
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
    let actor = staff(&state, &window)?;
    // The content first: a denied or unknown session never opens a save dialog.
    let content = export_content(&state, &actor, &a).await?;
    let file_name = match a.format {
        ExportFormat::Case => format!("session-{}-case.yaml", a.session_id),
        _ => format!("session-{}.{}", a.session_id, a.format.extension()),
    };
    let saved = save_export(
        &app,
        &window,
        &file_name,
        a.format,
        a.path.as_deref(),
        content,
    )
    .await?;
    if let Some(path) = &saved.path {
        tracing::info!(session = a.session_id, %path, "session exported");
    }
    Ok(saved)
}

/// Write an export where the person chose: `path` as given (absolute, the format's extension,
/// an existing folder), else `CX_EXPORT_DIR`, else the native save dialog (cancelled: no path).
async fn save_export(
    app: &AppHandle,
    window: &WebviewWindow,
    file_name: &str,
    format: ExportFormat,
    path: Option<&str>,
    content: String,
) -> ApiResult<ExportResult> {
    let path = match path {
        Some(p) => chosen_path(p, format)?,
        None => match std::env::var(EXPORT_DIR_ENV)
            .ok()
            .filter(|d| !d.trim().is_empty())
        {
            Some(dir) => {
                tokio::fs::create_dir_all(&dir).await?;
                PathBuf::from(dir).join(file_name)
            }
            None => match ask_where(app, window, file_name, format).await? {
                Some(p) => p,
                None => return Ok(ExportResult { path: None }),
            },
        },
    };
    tokio::fs::write(&path, content)
        .await
        .map_err(|e| ApiError::internal(format!("cannot write {}: {e}", path.display())))?;
    Ok(ExportResult {
        path: Some(path.display().to_string()),
    })
}

async fn export_content(state: &AppState, actor: &Actor, a: &ExportArgs) -> ApiResult<String> {
    let engine = &state.engine;
    let format = match (a.format, a.content.as_deref()) {
        (ExportFormat::Case, Some(edited)) => {
            return Ok(cx_eval::case::edited(engine, actor, a.session_id, edited).await?);
        }
        (ExportFormat::Case, None) => {
            return Ok(cx_eval::case::export(engine, actor, a.session_id).await?);
        }
        (_, Some(_)) => {
            return Err(ApiError::invalid(
                "`content` goes with the case format only",
            ));
        }
        (ExportFormat::Md, None) => api::history::ExportFormat::Markdown,
        (ExportFormat::Json, None) => api::history::ExportFormat::Json,
        (ExportFormat::Csv, None) => {
            return Err(ApiError::invalid(
                "a session exports as md, json or case; csv is for reports",
            ));
        }
    };
    Ok(api::history::export(engine, actor, a.session_id, format).await?)
}

// ---------------------------------------------------------------------------------------------
// Reports (the workspace for supervisors, the history window for reviewers)

#[tauri::command]
pub async fn report(
    window: WebviewWindow,
    state: State<'_, AppState>,
    args: Args<ReportArgs>,
) -> ApiResult<Report> {
    let actor = staff(&state, &window)?;
    Ok(api::reports::report(&state.engine, &actor, &args.0.query).await?)
}

#[tauri::command]
pub async fn report_sessions(
    window: WebviewWindow,
    state: State<'_, AppState>,
    args: Args<ReportSessionsArgs>,
) -> ApiResult<Vec<SessionHit>> {
    let a = args.0;
    let actor = staff(&state, &window)?;
    Ok(api::reports::sessions(&state.engine, &actor, &a.query, &a.figure).await?)
}

/// A figure clicked in the workspace's Reports: the history window opens (as the opener's role)
/// and lists the sessions behind it (it takes the figure with `report_drill`).
#[tauri::command]
pub async fn open_report_in_history(
    app: AppHandle,
    window: WebviewWindow,
    state: State<'_, AppState>,
    args: Args<ReportSessionsArgs>,
) -> ApiResult<()> {
    let a = args.0;
    let actor = staff(&state, &window)?;
    api::reports::open_in_history(&state.engine, &actor, &a.query)?;
    state.set_history_role(api::settings::history_role(&actor));
    state.set_report_drill(a);
    windows::open_history(&app)?;
    windows::tell_history(&app, windows::REPORT_DRILL_EVENT)?;
    Ok(())
}

/// The report as CSV (one row per figure), saved like an export.
#[tauri::command]
pub async fn report_export(
    app: AppHandle,
    window: WebviewWindow,
    state: State<'_, AppState>,
    args: Args<ReportExportArgs>,
) -> ApiResult<ExportResult> {
    let a = args.0;
    let actor = staff(&state, &window)?;
    // The content first: a denied report never opens a save dialog.
    let content = api::reports::csv(&state.engine, &actor, &a.query).await?;
    let file_name = format!("report-{}-{}.csv", a.query.from, a.query.to);
    let saved = save_export(
        &app,
        &window,
        &file_name,
        ExportFormat::Csv,
        a.path.as_deref(),
        content,
    )
    .await?;
    if let Some(path) = &saved.path {
        tracing::info!(%path, "report exported");
    }
    Ok(saved)
}

/// The figure the workspace last sent to the history window, once (None: nothing waiting).
#[tauri::command]
pub async fn report_drill(
    window: WebviewWindow,
    state: State<'_, AppState>,
) -> ApiResult<Option<ReportSessionsArgs>> {
    staff(&state, &window)?;
    Ok(state.take_report_drill())
}

/// A session as a test case for `cx-agent eval` (YAML), for the person to edit before saving it
/// with `history_export` (format `case`, `content`).
#[tauri::command]
pub async fn history_case(
    window: WebviewWindow,
    state: State<'_, AppState>,
    args: Args<SessionArgs>,
) -> ApiResult<String> {
    let actor = staff(&state, &window)?;
    Ok(cx_eval::case::export(&state.engine, &actor, args.0.session_id).await?)
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
        ExportFormat::Case => "Test case (YAML)",
        ExportFormat::Csv => "CSV",
    };
    app.dialog()
        .file()
        .set_parent(window)
        .set_title(match format {
            ExportFormat::Csv => "Export report",
            _ => "Export session",
        })
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

/// `name(Args) -> Result;` for every window command of cx-commands' table, in its order (Tauri
/// needs the handlers as idents, hence a macro). `()` means no arguments / no result.
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
    kiosk_start_session(StartArgs) -> SessionInfo;
    kiosk_send_message(MessageArgs) -> TurnOutcome;
    kiosk_decide_action(KioskDecideArgs) -> TurnOutcome;
    kiosk_request_human(SessionArgs) -> TurnOutcome;
    kiosk_end_session(SessionArgs) -> ();
    kiosk_messages(KioskMessagesArgs) -> Vec<CustomerMessage>;
    kiosk_settings(()) -> KioskSettings;
    kiosk_rate_session(RateArgs) -> Rating;

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
    sign_in(SignInArgs) -> WhoAmI;
    sign_out(()) -> ();
    list_agents(()) -> Vec<AgentView>;
    add_agent(NewAgent) -> AgentView;
    update_agent(AgentChange) -> AgentView;
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
    open_report_in_history(ReportSessionsArgs) -> ();

    whoami(()) -> WhoAmI;
    history_search(HistorySearchArgs) -> Vec<SessionHit>;
    history_show(SessionArgs) -> Transcript;
    history_export(ExportArgs) -> ExportResult;
    history_case(SessionArgs) -> String;
    report(ReportArgs) -> Report;
    report_sessions(ReportSessionsArgs) -> Vec<SessionHit>;
    report_drill(()) -> Option<ReportSessionsArgs>;
    report_export(ReportExportArgs) -> ExportResult;
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
