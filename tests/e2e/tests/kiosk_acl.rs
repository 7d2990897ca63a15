//! The kiosk window cannot call a workspace command (Tauri's per-window ACL), yet its own
//! commands work from the same window.

use cx_e2e::{App, Options};
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kiosk_window_cannot_invoke_workspace_commands() {
    let mut app = App::launch("kiosk_acl", Options::new()).await;

    // The command exists and works where it is granted, so a refusal below is the ACL.
    app.window("workspace").await;
    let queue = app.invoke("list_queue", json!({})).await;
    app.check(
        queue.as_ref().is_ok_and(|q| q.get("waiting").is_some()),
        format!("list_queue from the workspace should return the queue: {queue:?}"),
    )
    .await;

    app.window("kiosk").await;
    let denied = app.invoke("list_queue", json!({})).await;
    let err = match denied {
        Ok(v) => {
            app.fail(format!("list_queue from the kiosk succeeded: {v}"))
                .await
        }
        Err(e) => e,
    };
    let text = match &err {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let low = text.to_lowercase();
    println!("kiosk → list_queue: {text}");
    app.check(
        low.contains("not allowed") || low.contains("acl"),
        format!("the error should be Tauri's ACL refusal (mention 'not allowed'/'ACL'): {text}"),
    )
    .await;
    // Other workspace-only commands are refused the same way.
    for cmd in ["get_settings", "open_history_window"] {
        let r = app.invoke(cmd, json!({})).await;
        let refused = r
            .as_ref()
            .err()
            .map(|e| e.to_string().to_lowercase())
            .is_some_and(|e| e.contains("not allowed") || e.contains("acl"));
        app.check(
            refused,
            format!("{cmd} from the kiosk should be refused by the ACL: {r:?}"),
        )
        .await;
    }

    let settings = app.invoke("kiosk_settings", json!({})).await;
    let ok = settings
        .as_ref()
        .ok()
        .and_then(|s| s.get("idle_timeout_secs"))
        .is_some_and(|v| v.is_u64());
    app.check(
        ok,
        format!(
            "kiosk_settings from the kiosk should succeed with idle_timeout_secs: {settings:?}"
        ),
    )
    .await;
    app.finish().await;
}
