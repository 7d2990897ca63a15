//! The app's state: the engine, the settings, and who each window acts as.

use crate::args::ReportSessionsArgs;
use crate::error::{ApiError, ApiResult};
use crate::settings::{KioskSettings, Settings, SettingsView, ViewContext};
use crate::station::StationRole;
use crate::windows::{HISTORY, KIOSK, WORKSPACE};
use cx_core::Engine;
use cx_core::policy::{Actor, Role};
use cx_core::team::SignedIn;
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
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
    /// A report figure the workspace sent to the history window, until the window takes it.
    report_drill: Mutex<Option<ReportSessionsArgs>>,
    /// Serializes settings changes (validate → build model → save → apply).
    pub settings_change: tokio::sync::Mutex<()>,
    /// What this desktop runs as (`--station`, else the setting at start).
    pub station_role: StationRole,
    /// This machine as an agent desk (where agents sign in).
    pub desk: String,
    /// The database has agents: the workspace acts as the agent signed in here, nobody else.
    team_mode: AtomicBool,
    /// Team mode: the agent signed in at this desk.
    signed_in: Mutex<Option<SignedIn>>,
}

/// Code of the error a staff command gets in team mode before anyone signed in at this desk.
pub const SIGN_IN_REQUIRED: cx_core::error::ErrorCode = cx_core::error::ErrorCode::SignInRequired;

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
            report_drill: Mutex::new(None),
            settings_change: tokio::sync::Mutex::new(()),
            station_role: StationRole::Both,
            desk: cx_core::station::local("desk"),
            team_mode: AtomicBool::new(false),
            signed_in: Mutex::new(None),
        }
    }

    /// What this desktop runs as.
    pub fn with_station(mut self, role: StationRole) -> Self {
        self.station_role = role;
        self
    }

    pub fn team_mode(&self) -> bool {
        self.team_mode.load(Ordering::Acquire)
    }

    pub fn set_team_mode(&self, on: bool) {
        self.team_mode.store(on, Ordering::Release);
    }

    pub fn signed_in(&self) -> Option<SignedIn> {
        lock(&self.signed_in).clone()
    }

    /// Who is signed in at this desk now (None: signed out); what was there before.
    pub fn set_signed_in(&self, who: Option<SignedIn>) -> Option<SignedIn> {
        std::mem::replace(&mut *lock(&self.signed_in), who)
    }

    /// Replace `expected` (still signed in here) with `next`; false when someone signed in or out
    /// meanwhile (then nothing changes: the heartbeat's news is stale).
    pub fn update_signed_in(&self, expected: &SignedIn, next: Option<SignedIn>) -> bool {
        let mut current = lock(&self.signed_in);
        if current.as_ref() != Some(expected) {
            return false;
        }
        *current = next;
        true
    }

    /// The signed-in agent's actor; in team mode without one, the error that asks to sign in.
    /// Outside team mode None: one machine, the settings name the person.
    fn team_actor(&self) -> ApiResult<Option<Actor>> {
        match self.signed_in() {
            Some(signed) => Ok(Some(signed.actor())),
            None if self.team_mode() => Err(ApiError::new(
                SIGN_IN_REQUIRED,
                "sign in first: this workspace acts only as the agent signed in at it",
            )),
            None => Ok(None),
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

    /// The person behind a staff window. In team mode the workspace acts as the agent signed in
    /// at this desk, with the role the database holds for them (nothing else: no setting, no
    /// environment variable). On one machine it acts as the agent in the settings. The history
    /// window acts as a reviewer (or supervisor, when a supervisor opened it).
    pub fn staff_actor(&self, window: &str) -> ApiResult<Actor> {
        if !self.station_role.has_workspace() && matches!(window, WORKSPACE | HISTORY) {
            return Err(ApiError::acl(
                "this station is a kiosk: it has no staff windows",
            ));
        }
        let s = self.settings();
        if let Some(agent) = self.team_actor()? {
            return match window {
                WORKSPACE => Ok(agent),
                HISTORY => Ok(Actor::person(
                    *lock(&self.history_role),
                    agent.id.unwrap_or_default(),
                )),
                other => Err(ApiError::acl(format!(
                    "this command is not available in the {other} window"
                ))),
            };
        }
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
        if !self.station_role.has_kiosk() {
            return Err(ApiError::acl(
                "this station is an agent desk: it has no kiosk",
            ));
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

    pub fn set_report_drill(&self, drill: ReportSessionsArgs) {
        *lock(&self.report_drill) = Some(drill);
    }

    pub fn take_report_drill(&self) -> Option<ReportSessionsArgs> {
        lock(&self.report_drill).take()
    }

    /// Kiosk mode: the `--kiosk` flag, a kiosk station, or the setting.
    pub fn kiosk_mode(&self) -> bool {
        self.kiosk_flag || self.station_role == StationRole::Kiosk || self.settings().kiosk_mode
    }

    pub fn kiosk_settings(&self) -> KioskSettings {
        KioskSettings {
            idle_timeout_secs: self.settings().idle_timeout_secs(self.idle_override),
            kiosk_mode: self.kiosk_mode(),
            language: self.settings().kiosk_language,
        }
    }

    pub fn settings_view(&self) -> SettingsView {
        let prompts = &self.engine.core.config.prompts;
        self.settings().view(ViewContext {
            config_default_tone: &prompts.default_tone,
            tones: self.tones(),
            idle_override: self.idle_override,
            kiosk_flag: self.kiosk_flag,
            station: self.station_role,
            warnings: self.warnings.clone(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cx_core::db::entity::AgentRole;

    async fn state(station: StationRole) -> (cx_core::core::testing::TestCore, AppState) {
        let t = cx_core::core::testing::seeded_sqlite().await;
        let model = cx_core::provider::build(
            &Settings::default().provider_settings(),
            &t.core.config.escalation.model,
        )
        .unwrap();
        let engine = Engine::new(t.core.clone(), model);
        let state =
            AppState::new(engine, Settings::default(), false, None, vec![]).with_station(station);
        (t, state)
    }

    fn ana(role: AgentRole) -> SignedIn {
        SignedIn {
            agent_id: 1,
            name: "ana".into(),
            role,
        }
    }

    #[tokio::test]
    async fn in_team_mode_the_workspace_is_the_signed_in_agent_or_nobody() {
        let (_t, s) = state(StationRole::Both).await;
        // One machine: the settings' agent.
        assert_eq!(
            s.staff_actor(WORKSPACE).unwrap().id.as_deref(),
            Some("dana")
        );
        s.set_team_mode(true);
        // Whatever the settings say: nobody.
        let e = s.staff_actor(WORKSPACE).unwrap_err();
        assert_eq!(e.code, SIGN_IN_REQUIRED);
        assert_eq!(s.staff_actor(HISTORY).unwrap_err().code, SIGN_IN_REQUIRED);
        s.set_signed_in(Some(ana(AgentRole::Agent)));
        let a = s.staff_actor(WORKSPACE).unwrap();
        assert_eq!((a.role, a.id.as_deref()), (Role::Agent, Some("ana")));
        assert_eq!(s.staff_actor(HISTORY).unwrap().id.as_deref(), Some("ana"));
        // A stale heartbeat does not undo a sign-out.
        let before = s.set_signed_in(None).unwrap();
        assert!(!s.update_signed_in(&before, Some(ana(AgentRole::Supervisor))));
        assert!(s.signed_in().is_none());
    }

    #[tokio::test]
    async fn each_station_has_only_its_windows() {
        let (_t, desk) = state(StationRole::Desk).await;
        assert!(desk.staff_actor(WORKSPACE).is_ok());
        assert_eq!(desk.kiosk_actor(KIOSK).unwrap_err().code, crate::error::ACL);
        assert!(!desk.kiosk_mode());
        let (_t, kiosk) = state(StationRole::Kiosk).await;
        assert!(kiosk.kiosk_actor(KIOSK).is_ok());
        assert_eq!(
            kiosk.staff_actor(WORKSPACE).unwrap_err().code,
            crate::error::ACL
        );
        assert_eq!(
            kiosk.staff_actor(HISTORY).unwrap_err().code,
            crate::error::ACL
        );
        assert!(kiosk.kiosk_mode(), "a kiosk station is always fullscreen");
    }
}
