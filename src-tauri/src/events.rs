//! One task forwards the core's event stream to every window as the Tauri event `core-event`
//! (payload = `CoreEvent`). No polling anywhere: windows refetch when an event says so.

use crate::windows;
use cx_core::events::CoreEvent;
use tauri::{AppHandle, Emitter};
use tauri_plugin_notification::NotificationExt;
use tokio::sync::broadcast::error::RecvError;

pub const CORE_EVENT: &str = "core-event";

pub fn spawn_forwarder(app: AppHandle, mut rx: tokio::sync::broadcast::Receiver<CoreEvent>) {
    tauri::async_runtime::spawn(async move {
        loop {
            match rx.recv().await {
                Ok(event) => forward(&app, &event),
                Err(RecvError::Lagged(n)) => {
                    // Windows refetch on the next event; nothing is lost in the database.
                    tracing::warn!(skipped = n, "core events skipped (slow consumer)");
                }
                Err(RecvError::Closed) => break,
            }
        }
    });
}

fn forward(app: &AppHandle, event: &CoreEvent) {
    if let Err(e) = app.emit(CORE_EVENT, event) {
        tracing::warn!(error = %e, "could not emit core-event");
    }
    if let CoreEvent::Escalated {
        session_id,
        reason,
        priority,
    } = event
        && !windows::workspace_focused(app)
    {
        let shown = app
            .notification()
            .builder()
            .title("A customer needs a person")
            .body(notification_body(*session_id, reason, priority))
            .show();
        if let Err(e) = shown {
            tracing::warn!(error = %e, "could not show the escalation notification");
        }
    }
}

/// "Session 12 was escalated: human requested (priority high)."
pub fn notification_body(session_id: i64, reason: &str, priority: &str) -> String {
    let reason = reason.replace('_', " ");
    if priority.is_empty() {
        format!("Session {session_id} was escalated: {reason}.")
    } else {
        format!("Session {session_id} was escalated: {reason} (priority {priority}).")
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_notification_names_the_reason() {
        assert_eq!(
            super::notification_body(12, "human_requested", "high"),
            "Session 12 was escalated: human requested (priority high)."
        );
        assert_eq!(
            super::notification_body(3, "data_gap", ""),
            "Session 3 was escalated: data gap."
        );
    }
}
