//! Team mode at this desktop: the heartbeat that keeps the signed-in agent online (and brings
//! their current role), the switch into team mode once the database has agents, and sharing the
//! core's events with the other processes on the database. Everything it decides is cx-core's.

use crate::state::AppState;
use cx_core::CoreError;
use cx_core::api;
use cx_core::events::CoreEvent;
use cx_core::team::presence::BEAT_SECS;
use std::time::Duration;
use tauri::{AppHandle, Manager};

/// Run for the life of the app.
pub fn spawn(app: AppHandle) {
    tauri::async_runtime::spawn(async move {
        let state = app.state::<AppState>();
        let mut shared = false;
        loop {
            if !shared {
                shared = share(&state).await;
            }
            tick(&state).await;
            tokio::time::sleep(Duration::from_secs(BEAT_SECS)).await;
        }
    });
}

/// The other processes on a PostgreSQL database hear this one's events and it theirs (a no-op
/// on SQLite). Tried again next beat when the server cannot be reached.
async fn share(state: &AppState) -> bool {
    match state.engine.share_events().await {
        Ok(()) => true,
        Err(e) => {
            tracing::warn!(error = %e, "cannot share events with the other processes yet");
            false
        }
    }
}

async fn tick(state: &AppState) {
    match api::team::team_mode(&state.engine).await {
        Ok(on) => state.set_team_mode(on),
        Err(e) => tracing::warn!(error = %e, "cannot tell whether the team has agents"),
    }
    let Some(signed) = state.signed_in() else {
        return;
    };
    match api::team::beat(&state.engine, &signed).await {
        Ok(now) => {
            if now != signed && state.update_signed_in(&signed, Some(now.clone())) {
                tracing::info!(agent = %now.name, role = ?now.role, "the agent's role changed");
                state
                    .engine
                    .events
                    .emit(CoreEvent::TeamChanged { agent: now.name });
            }
        }
        Err(e @ (CoreError::Denied(_) | CoreError::NotFound(_))) => {
            if state.update_signed_in(&signed, None) {
                tracing::warn!(agent = %signed.name, error = %e, "signed out: the agent may no longer sign in");
                state
                    .engine
                    .events
                    .emit(CoreEvent::TeamChanged { agent: signed.name });
            }
        }
        Err(e) => tracing::warn!(error = %e, "heartbeat failed; trying again"),
    }
}

/// Sign the agent out as the app closes (else they look online until the presence timeout).
pub fn sign_out_at_exit(state: &AppState) {
    if let Some(signed) = state.set_signed_in(None)
        && let Err(e) = tauri::async_runtime::block_on(api::team::sign_out(&state.engine, &signed))
    {
        tracing::warn!(error = %e, "could not sign out at exit");
    }
}
