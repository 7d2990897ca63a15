//! One task forwards the core's event stream to the windows as the Tauri event `core-event`
//! (payload = `CoreEvent`). No polling anywhere: windows refetch when an event says so.
//!
//! The staff windows get every event. The kiosk gets only what its customer may see
//! ([`for_kiosk`]): events of the session it is showing (the one it last started and has not
//! ended), and of messages only the roles a customer sees. Each window listens with its own
//! label as the target (ui/src/lib/api.ts), so an event emitted to one window is not delivered
//! to another: Tauri hands an event to every listener whose target is `Any`, whatever the emit
//! targeted.

use crate::state::AppState;
use crate::windows::{self, KIOSK};
use cx_core::db::entity::MessageRole;
use cx_core::events::CoreEvent;
use tauri::{AppHandle, Emitter, EventTarget, Manager};
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
    let kiosk_session = app.try_state::<AppState>().and_then(|s| s.kiosk_session());
    let to_kiosk = for_kiosk(event, kiosk_session);
    let emitted = app.emit_filter(CORE_EVENT, event, |target| match target_label(target) {
        Some(KIOSK) => to_kiosk,
        Some(_) => true,
        None => false,
    });
    if let Err(e) = emitted {
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
            .body(notification_body(
                *session_id,
                reason.as_str(),
                priority.as_str(),
            ))
            .show();
        if let Err(e) = shown {
            tracing::warn!(error = %e, "could not show the escalation notification");
        }
    }
}

/// Whether the kiosk window gets `event`: only about `showing`, the session the kiosk window is
/// showing (None: no conversation on screen), and only what its customer may see — of messages,
/// those the kiosk shows (customer, assistant, agent; never tool or system).
pub fn for_kiosk(event: &CoreEvent, showing: Option<i64>) -> bool {
    if showing.is_none() || showing != event.session_id() {
        return false;
    }
    match event {
        CoreEvent::MessageAdded { role, .. } => matches!(
            role,
            MessageRole::Customer | MessageRole::Assistant | MessageRole::Agent
        ),
        // Who works at the desks is not the customer's business.
        CoreEvent::SessionOffered { .. } | CoreEvent::TeamChanged { .. } => false,
        CoreEvent::SessionChanged { .. }
        | CoreEvent::Escalated { .. }
        | CoreEvent::PendingActionChanged { .. }
        | CoreEvent::AssistantTyping { .. }
        | CoreEvent::AnswerSentence { .. } => true,
    }
}

/// The window a listener's target names (None: not one window, e.g. the app's own listeners).
fn target_label(target: &EventTarget) -> Option<&str> {
    match target {
        EventTarget::AnyLabel { label }
        | EventTarget::Window { label }
        | EventTarget::Webview { label }
        | EventTarget::WebviewWindow { label } => Some(label),
        _ => None,
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
    use super::for_kiosk;
    use cx_core::events::CoreEvent;

    fn sentence(session_id: i64) -> CoreEvent {
        CoreEvent::AnswerSentence {
            session_id,
            index: 0,
            text: "Your order 1001 has shipped.".into(),
        }
    }

    fn message(role: &str) -> CoreEvent {
        CoreEvent::MessageAdded {
            session_id: 7,
            message_id: 1,
            role: role.parse().unwrap(),
        }
    }

    #[test]
    fn the_kiosk_gets_only_its_own_sessions_events() {
        assert!(for_kiosk(&sentence(7), Some(7)));
        assert!(
            !for_kiosk(&sentence(8), Some(7)),
            "another session's answer"
        );
        assert!(!for_kiosk(&sentence(7), None), "no conversation on screen");
        let closed = CoreEvent::SessionChanged {
            session_id: 7,
            status: cx_core::db::entity::SessionStatus::Closed,
        };
        assert!(for_kiosk(&closed, Some(7)));
        let typing = CoreEvent::AssistantTyping {
            session_id: 7,
            typing: true,
        };
        assert!(for_kiosk(&typing, Some(7)));
        let offered = CoreEvent::SessionOffered {
            session_id: 7,
            agent: Some("ana".into()),
        };
        assert!(!for_kiosk(&offered, Some(7)), "the agents' names");
        let team = CoreEvent::TeamChanged {
            agent: "ana".into(),
        };
        assert!(!for_kiosk(&team, Some(7)));
    }

    #[test]
    fn the_kiosk_hears_only_of_messages_a_customer_sees() {
        for role in ["customer", "assistant", "agent"] {
            assert!(for_kiosk(&message(role), Some(7)), "{role}");
        }
        for role in ["tool", "system"] {
            assert!(!for_kiosk(&message(role), Some(7)), "{role}");
        }
    }

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
