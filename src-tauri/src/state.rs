//! The app's state: the engine, the settings, and who each window acts as.

use crate::error::{ApiError, ApiResult};
use crate::settings::{KioskSettings, Settings, SettingsView, ViewContext};
use crate::windows::{HISTORY, KIOSK, WORKSPACE};
use cx_core::Engine;
use cx_core::policy::{Actor, Role};
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Mutex, RwLock};

pub struct AppState {
    pub engine: Engine,
    settings: RwLock<Settings>,
    /// Started with `--kiosk`.
    pub kiosk_flag: bool,
    /// `CX_KIOSK_IDLE_SECS`.
    pub idle_override: Option<u32>,
    /// Problems found in the stored settings at start.
    warnings: Vec<String>,
    /// This machine's kiosk station (cx-core lets it use only the sessions it started).
    pub station: String,
    /// The session the kiosk window is showing (0: none): the one it last started and has not
    /// ended. Only routes events (`events::for_kiosk`); what the kiosk may do in a session,
    /// cx-core decides on every command.
    kiosk_session: AtomicI64,
    /// The role the history window acts as (set when it is opened).
    history_role: Mutex<Role>,
    /// Serializes settings changes (validate → build model → save → apply).
    pub settings_change: tokio::sync::Mutex<()>,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl AppState {
    pub fn new(
        engine: Engine,
        settings: Settings,
        kiosk_flag: bool,
        idle_override: Option<u32>,
        warnings: Vec<String>,
    ) -> Self {
        AppState {
            engine,
            settings: RwLock::new(settings),
            kiosk_flag,
            idle_override,
            warnings,
            station: cx_core::station::local("kiosk"),
            kiosk_session: AtomicI64::new(0),
            history_role: Mutex::new(Role::Reviewer),
            settings_change: tokio::sync::Mutex::new(()),
        }
    }

    pub fn settings(&self) -> Settings {
        self.settings
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    pub fn replace_settings(&self, s: Settings) {
        *self.settings.write().unwrap_or_else(|p| p.into_inner()) = s;
    }

    /// The configured tone names.
    pub fn tones(&self) -> Vec<String> {
        self.engine
            .core
            .config
            .prompts
            .tones
            .keys()
            .cloned()
            .collect()
    }

    /// The person behind a staff window: the workspace acts as the agent in the settings; the
    /// history window as a reviewer (or supervisor, when a supervisor opened it).
    pub fn staff_actor(&self, window: &str) -> ApiResult<Actor> {
        let s = self.settings();
        match window {
            WORKSPACE => {
                let role = std::env::var(crate::settings::ROLE_ENV)
                    .ok()
                    .and_then(|r| r.parse::<crate::settings::StaffRole>().ok())
                    .unwrap_or(s.agent_role);
                Ok(Actor::person(role.role(), s.agent_name))
            }
            HISTORY => Ok(Actor::person(*lock(&self.history_role), s.agent_name)),
            other => Err(ApiError::acl(format!(
                "this command is not available in the {other} window"
            ))),
        }
    }

    /// The kiosk assistant at this station, for the kiosk window only.
    pub fn kiosk_actor(&self, window: &str) -> ApiResult<Actor> {
        if window != KIOSK {
            return Err(ApiError::acl(format!(
                "kiosk commands run in the kiosk window, not in the {window} window"
            )));
        }
        Ok(Actor::kiosk_station(self.station.clone()))
    }

    /// The session the kiosk window is showing, if any.
    pub fn kiosk_session(&self) -> Option<i64> {
        Some(self.kiosk_session.load(Ordering::Acquire)).filter(|&id| id > 0)
    }

    /// The kiosk window started `session_id`: from now on it hears of that session only.
    pub fn kiosk_started(&self, session_id: i64) {
        self.kiosk_session.store(session_id, Ordering::Release);
    }

    /// The kiosk window ended `session_id` (it has already wiped its screen): it hears of no
    /// session until it starts the next. Ending another session changes nothing.
    pub fn kiosk_ended(&self, session_id: i64) {
        let _ =
            self.kiosk_session
                .compare_exchange(session_id, 0, Ordering::AcqRel, Ordering::Acquire);
    }

    pub fn set_history_role(&self, role: Role) {
        *lock(&self.history_role) = role;
    }

    /// Kiosk mode: the `--kiosk` flag or the setting.
    pub fn kiosk_mode(&self) -> bool {
        self.kiosk_flag || self.settings().kiosk_mode
    }

    pub fn kiosk_settings(&self) -> KioskSettings {
        KioskSettings {
            idle_timeout_secs: self.settings().idle_timeout_secs(self.idle_override),
            kiosk_mode: self.kiosk_mode(),
        }
    }

    pub fn settings_view(&self) -> SettingsView {
        let prompts = &self.engine.core.config.prompts;
        self.settings().view(ViewContext {
            config_default_tone: &prompts.default_tone,
            tones: self.tones(),
            idle_override: self.idle_override,
            kiosk_flag: self.kiosk_flag,
            warnings: self.warnings.clone(),
        })
    }
}
