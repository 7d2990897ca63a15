//! CX Agent's desktop shell: windows, thin commands over cx-core, the per-window ACL, settings
//! and the live event stream. No business logic here — that is cx-core's.

pub mod args;
pub mod bindings;
pub mod command_names;
pub mod commands;
pub mod error;
pub mod events;
pub mod footprint;
pub mod secrets;
pub mod settings;
pub mod state;
pub mod station;
pub mod team;
pub mod types;
pub mod windows;

use crate::settings::IDLE_ENV;
use crate::state::AppState;
use cx_core::config::Config;
use cx_core::{Core, Engine, db, provider};
use tauri::Manager;
use tauri_plugin_window_state::{AppHandleExt, StateFlags};

/// The `--kiosk` flag: the kiosk window opens fullscreen without decorations.
pub const KIOSK_FLAG: &str = "--kiosk";

/// What is remembered of each window: size and place only; kiosk mode decides fullscreen and
/// decorations.
const WINDOW_STATE: StateFlags = StateFlags::SIZE
    .union(StateFlags::POSITION)
    .union(StateFlags::MAXIMIZED);

/// Run the app until its last window closes; the process exit code.
pub fn run() -> i32 {
    // First, while this is the only thread: the environment WebKit's processes inherit.
    footprint::prepare_process_env();
    // Dropped when run() returns, which flushes the log file.
    let _log_guard = cx_process::logging::init_with_file();
    let kiosk_flag = std::env::args().skip(1).any(|a| a == KIOSK_FLAG);
    let station_flag = match station::from_args(std::env::args().skip(1)) {
        Ok(flag) => flag,
        Err(e) => return fail(&e),
    };
    // Configuration and database on their own thread while GTK starts; a mistake there is
    // reported plainly, before any window.
    let opening = std::thread::spawn(|| tauri::async_runtime::block_on(open_core()));

    let builder = tauri::Builder::default()
        .plugin(tauri_plugin_store::Builder::new().build())
        .plugin(tauri_plugin_notification::init())
        .plugin(tauri_plugin_dialog::init())
        .plugin(
            tauri_plugin_window_state::Builder::new()
                .with_state_flags(WINDOW_STATE)
                .build(),
        )
        .setup(move |app| {
            let handle = app.handle().clone();
            let opened = opening
                .join()
                .unwrap_or_else(|_| Err("opening the database failed unexpectedly".into()));
            let (core, team_mode) = match opened {
                Ok(opened) => opened,
                Err(e) => {
                    fail(&e);
                    handle.exit(1);
                    return Ok(());
                }
            };
            let state = start(&handle, core, kiosk_flag, station_flag)?;
            state.set_team_mode(team_mode);
            let station = state.station_role;
            // The workspace first: its WebKit processes start while the rest is set up. No
            // command runs before setup returns (this thread serves the webviews' requests).
            if station.has_workspace() {
                windows::open_workspace(&handle)?;
                tracing::info!(
                    since_start_ms = footprint::since_start_ms() as u64,
                    "workspace window created"
                );
            }
            let kiosk_mode = state.kiosk_mode();
            let rx = state.engine.subscribe();
            app.manage(state);
            events::spawn_forwarder(handle.clone(), rx);
            team::spawn(handle.clone());
            if station.has_workspace() {
                footprint::watch_queue_shown(&handle);
            }
            if station.has_kiosk() {
                windows::open_kiosk_at_start(&handle, kiosk_mode || !station.has_workspace())?;
            }
            Ok(())
        });
    let app = commands::register(builder).build(tauri::generate_context!());
    match app {
        Ok(app) => app.run_return(|handle, event| {
            // Save sizes and places as soon as a window closes (not only at a clean exit).
            if let tauri::RunEvent::WindowEvent {
                event: tauri::WindowEvent::Destroyed,
                ..
            } = event
                && let Err(e) = handle.save_window_state(WINDOW_STATE)
            {
                tracing::warn!(error = %e, "could not save the window state");
            }
            if let tauri::RunEvent::Exit = event
                && let Some(state) = handle.try_state::<AppState>()
            {
                team::sign_out_at_exit(&state);
            }
        }),
        Err(e) => fail(&e.to_string()),
    }
}

fn fail(e: &str) -> i32 {
    tracing::error!(error = %e, "CX Agent could not start");
    eprintln!("CX Agent could not start: {e}");
    1
}

/// Open the configuration and the database (migrated; demo data on first start).
async fn open_core() -> Result<(Core, bool), String> {
    let config_dir = Config::default_dir();
    let url = cx_process::database::url(None);
    tracing::info!(config = %config_dir.display(), database = %db::redact(&url), "starting");
    let core = Core::open(&url, &config_dir).await.map_err(|e| {
        format!(
            "{e}\n  (configuration: {}, database: {})",
            config_dir.display(),
            db::redact(&url)
        )
    })?;
    let seeded = cx_core::seed::on_start(&core.db)
        .await
        .map_err(|e| format!("cannot add the demo data: {e}"))?;
    tracing::info!(?seeded, "database ready");
    // Known before any window runs a command: in team mode nobody acts without signing in.
    let team_mode = cx_core::team::active(&core.db)
        .await
        .map_err(|e| format!("cannot read the team's agents: {e}"))?;
    Ok((core, team_mode))
}

/// Read the settings and build the engine with the configured model. Unreadable or invalid
/// settings fall back to their defaults with a warning (shown in the settings view).
fn start(
    app: &tauri::AppHandle,
    core: Core,
    kiosk_flag: bool,
    station_flag: Option<station::StationRole>,
) -> Result<AppState, String> {
    let tones: Vec<String> = core.config.prompts.tones.keys().cloned().collect();
    let (mut settings, mut warnings) = settings::load(app, &tones, secrets::KeyStore::os());
    let idle_override = settings::idle_override(std::env::var(IDLE_ENV).ok().as_deref())
        .unwrap_or_else(|w| {
            warnings.push(w);
            None
        });
    let model = match provider::build(&settings.provider_settings(), &core.config.escalation.model)
    {
        Ok(m) => m,
        Err(e) => {
            warnings.push(format!(
                "the {:?} provider cannot start ({e}); using the offline assistant",
                settings.provider
            ));
            settings.provider = provider::Provider::Offline;
            provider::build(&settings.provider_settings(), &core.config.escalation.model)
                .map_err(|e| e.to_string())?
        }
    };
    for w in &warnings {
        tracing::warn!("{w}");
    }
    let station = station_flag.unwrap_or(settings.station_role);
    tracing::info!(?station, "station");
    let engine = Engine::new(core, model);
    Ok(AppState::new(engine, settings, kiosk_flag, idle_override, warnings).with_station(station))
}
