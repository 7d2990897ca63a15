//! The three windows (labels, URLs and sizes in tauri.conf.json, all `"create": false` so the app
//! decides when and how each opens).

use tauri::{AppHandle, Manager, WebviewWindow, WebviewWindowBuilder};

pub const WORKSPACE: &str = "workspace";
pub const KIOSK: &str = "kiosk";
pub const HISTORY: &str = "history";

fn build(app: &AppHandle, label: &str, kiosk_mode: bool) -> tauri::Result<WebviewWindow> {
    let mut config = app
        .config()
        .app
        .windows
        .iter()
        .find(|w| w.label == label)
        .cloned()
        .ok_or_else(|| tauri::Error::WindowNotFound)?;
    if label == KIOSK && kiosk_mode {
        config.fullscreen = true;
        config.decorations = false;
    }
    let window = WebviewWindowBuilder::from_config(app, &config)?.build()?;
    if label == KIOSK && kiosk_mode {
        // The window-state plugin restores the last size on creation; kiosk mode wins.
        window.set_fullscreen(true)?;
    }
    Ok(window)
}

/// The windows opened at start: the workspace (main) and the kiosk.
pub fn open_at_start(app: &AppHandle, kiosk_mode: bool) -> tauri::Result<()> {
    build(app, WORKSPACE, false)?;
    build(app, KIOSK, kiosk_mode)?;
    Ok(())
}

/// Open the history window, or bring it to the front when it is open.
pub fn open_history(app: &AppHandle) -> tauri::Result<WebviewWindow> {
    if let Some(w) = app.get_webview_window(HISTORY) {
        w.unminimize()?;
        w.set_focus()?;
        return Ok(w);
    }
    build(app, HISTORY, false)
}

/// Switch the open kiosk window in or out of kiosk mode (after a settings change).
pub fn apply_kiosk_mode(app: &AppHandle, on: bool) -> tauri::Result<()> {
    if let Some(w) = app.get_webview_window(KIOSK) {
        w.set_decorations(!on)?;
        w.set_fullscreen(on)?;
    }
    Ok(())
}

/// Whether the agent is looking at the workspace right now.
pub fn workspace_focused(app: &AppHandle) -> bool {
    app.get_webview_window(WORKSPACE)
        .and_then(|w| w.is_focused().ok())
        .unwrap_or(false)
}
