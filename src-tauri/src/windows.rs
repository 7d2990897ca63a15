//! The three windows (labels, URLs and sizes in tauri.conf.json, all `"create": false` so the app
//! decides when and how each opens), and what each window's webview may do ([`lockdown`]).
//!
//! Every window, in every build: it shows only its own page (`index.html?window=<label>` of the
//! app's own origin; any other navigation is cancelled), opens no other window (`window.open`,
//! `target="_blank"`), downloads nothing. The kiosk, a screen strangers use, also never has the
//! WebKit inspector (not even in a debug build) and gets a guard script before any page script:
//! no context menu, no reload / inspector / print / save / open keys.

use crate::footprint;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;
use tauri::webview::{DownloadEvent, NewWindowResponse};
use tauri::{AppHandle, Listener, Manager, Runtime, Url, WebviewWindow, WebviewWindowBuilder};

pub const WORKSPACE: &str = "workspace";
pub const KIOSK: &str = "kiosk";
pub const HISTORY: &str = "history";

/// What a window's webview may do beyond showing its own page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lockdown {
    /// The WebKit inspector (right-click "Inspect Element", `Ctrl+Shift+I`). Release builds have
    /// none in any window (tauri's `devtools` feature is off); this decides debug builds.
    pub devtools: bool,
    /// [`PAGE_GUARD`] runs before the page's own scripts.
    pub page_guard: bool,
}

/// The one decision: the kiosk never has devtools and always has the page guard; the staff
/// windows keep the inspector in debug builds (for developers) and their context menu.
pub fn lockdown(label: &str) -> Lockdown {
    let kiosk = label == KIOSK;
    Lockdown {
        devtools: !kiosk && cfg!(debug_assertions),
        page_guard: kiosk,
    }
}

/// Runs in the kiosk before any page script (a WebKit user script, so the page's CSP does not
/// apply and no page code can run first). Capture phase on `window`: nothing the page does can
/// get the events before it.
pub const PAGE_GUARD: &str = r#"(() => {
  window.addEventListener('contextmenu', (e) => e.preventDefault(), { capture: true });
  const blocked = (e) => {
    const k = (e.key || '').toLowerCase();
    const mod = e.ctrlKey || e.metaKey;
    return (
      ['F5', 'F7', 'F12', 'BrowserBack', 'BrowserForward', 'BrowserRefresh', 'BrowserHome'].includes(e.key) ||
      (mod && e.shiftKey && ['i', 'j', 'c', 'k', 'm'].includes(k)) ||
      (mod && ['r', 'u', 'p', 's', 'o'].includes(k)) ||
      (e.altKey && ['ArrowLeft', 'ArrowRight', 'Home'].includes(e.key))
    );
  };
  window.addEventListener('keydown', (e) => {
    if (blocked(e)) {
      e.preventDefault();
      e.stopImmediatePropagation();
    }
  }, { capture: true });
  window.addEventListener('dragover', (e) => e.preventDefault(), { capture: true });
  window.addEventListener('drop', (e) => e.preventDefault(), { capture: true });
})();"#;

/// Whether `url` is the page of window `label`: the app's own origin (`tauri://localhost`, or
/// `http(s)://tauri.localhost` where the platform serves it so; in a dev run, the dev server's
/// origin `dev_url`) with `window=<label>` in its query. Anything else — another site, a
/// `file:`/`data:`/`blob:` URL, another window's page — is not.
pub fn is_own_page(url: &Url, label: &str, dev_url: Option<&Url>) -> bool {
    let own_origin = match url.scheme() {
        "tauri" => url.host_str() == Some("localhost") && url.port().is_none(),
        "http" | "https" => url.host_str() == Some("tauri.localhost") && url.port().is_none(),
        _ => false,
    } || dev_url
        .is_some_and(|d| matches!(d.scheme(), "http" | "https") && d.origin() == url.origin());
    own_origin
        && url.username().is_empty()
        && url.password().is_none()
        && url
            .query_pairs()
            .filter(|(k, _)| k == "window")
            .map(|(_, v)| v == label)
            .reduce(|a, b| a && b)
            .unwrap_or(false)
}

/// Applies [`lockdown`]`(label)` and the rules every window has to a window's builder.
fn lock_down<'a, R: Runtime, M: Manager<R>>(
    builder: WebviewWindowBuilder<'a, R, M>,
    label: &str,
    dev_url: Option<Url>,
) -> WebviewWindowBuilder<'a, R, M> {
    let rules = lockdown(label);
    let owner = label.to_owned();
    let mut builder = builder
        .on_navigation(move |url| {
            let ok = is_own_page(url, &owner, dev_url.as_ref());
            if !ok {
                tracing::warn!(window = %owner, %url, "navigation away from the app blocked");
            }
            ok
        })
        .on_new_window({
            let owner = label.to_owned();
            move |url, _| {
                tracing::warn!(window = %owner, %url, "new window blocked");
                NewWindowResponse::Deny
            }
        })
        .on_download({
            let owner = label.to_owned();
            move |_, event| {
                if let DownloadEvent::Requested { url, .. } = event {
                    tracing::warn!(window = %owner, %url, "download blocked");
                }
                false
            }
        });
    if !rules.devtools {
        builder = builder.devtools(false);
    }
    if rules.page_guard {
        builder = builder.initialization_script(PAGE_GUARD);
    }
    builder
}

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
    let dev_url = tauri::is_dev()
        .then(|| app.config().build.dev_url.clone())
        .flatten();
    let builder = WebviewWindowBuilder::from_config(app, &config)?;
    let window = lock_down(builder, label, dev_url).build()?;
    footprint::lean_webview(&window);
    if label == KIOSK && kiosk_mode {
        // The window-state plugin restores the last size on creation; kiosk mode wins.
        window.set_fullscreen(true)?;
    }
    Ok(window)
}

/// The workspace, the first window opened at start.
pub fn open_workspace(app: &AppHandle) -> tauri::Result<()> {
    build(app, WORKSPACE, false).map(drop)
}

/// At the latest this long after start, the kiosk opens even when the workspace has not reported
/// its queue (see [`open_kiosk_at_start`]).
pub const KIOSK_LATEST: Duration = Duration::from_secs(3);

/// The kiosk, the second window opened at start. In kiosk mode (this machine is a kiosk) at once;
/// otherwise as soon as the workspace shows its queue ([`footprint::QUEUE_SHOWN`]), at the latest
/// after [`KIOSK_LATEST`]: two windows' WebKit processes starting together slow both, and the
/// agent's queue comes first. Opened once either way.
pub fn open_kiosk_at_start(app: &AppHandle, kiosk_mode: bool) -> tauri::Result<()> {
    if kiosk_mode {
        return build(app, KIOSK, true).map(drop);
    }
    let opened = Arc::new(AtomicBool::new(false));
    let open = move |app: &AppHandle| {
        let opened = Arc::clone(&opened);
        let handle = app.clone();
        let queued = app.run_on_main_thread(move || {
            if !opened.swap(true, Ordering::SeqCst)
                && let Err(e) = build(&handle, KIOSK, false)
            {
                tracing::error!(error = %e, "could not open the kiosk window");
            }
        });
        if let Err(e) = queued {
            tracing::error!(error = %e, "could not open the kiosk window");
        }
    };
    let on_queue = open.clone();
    let handle = app.clone();
    app.once_any(footprint::QUEUE_SHOWN, move |_| on_queue(&handle));
    let handle = app.clone();
    tauri::async_runtime::spawn(async move {
        tokio::time::sleep(KIOSK_LATEST).await;
        open(&handle);
    });
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

/// Sent to the history window when a report figure waits for it (`report_drill`).
pub const REPORT_DRILL_EVENT: &str = "report-drill";

/// Tell the history window something happened for it (it asks for the details itself).
pub fn tell_history(app: &AppHandle, event: &str) -> tauri::Result<()> {
    use tauri::Emitter;
    app.emit_to(HISTORY, event, ())
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

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    #[test]
    fn the_kiosk_never_has_devtools_and_always_the_page_guard() {
        // The same in debug and release builds: this test runs in both.
        assert_eq!(
            lockdown(KIOSK),
            Lockdown {
                devtools: false,
                page_guard: true
            }
        );
        for label in [WORKSPACE, HISTORY] {
            let l = lockdown(label);
            assert_eq!(l.devtools, cfg!(debug_assertions), "{label}");
            assert!(!l.page_guard, "{label}");
        }
        // The labels the decision keys on are the ones the config declares.
        let conf: serde_json::Value =
            serde_json::from_str(include_str!("../tauri.conf.json")).unwrap();
        let labels: Vec<&str> = conf["app"]["windows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| w["label"].as_str().unwrap())
            .collect();
        assert_eq!(labels, [WORKSPACE, KIOSK, HISTORY]);
        // And no window config turns the inspector on behind the builder's back.
        for w in conf["app"]["windows"].as_array().unwrap() {
            assert_ne!(w["devtools"], serde_json::json!(true), "{}", w["label"]);
        }
    }

    #[test]
    fn a_window_may_show_only_its_own_page() {
        let dev = url("http://localhost:5173");
        for own in [
            "tauri://localhost/index.html?window=kiosk",
            "tauri://localhost/?window=kiosk",
            "tauri://localhost/index.html?window=kiosk#top",
            "http://tauri.localhost/index.html?window=kiosk",
            "https://tauri.localhost/index.html?window=kiosk",
        ] {
            assert!(is_own_page(&url(own), KIOSK, None), "{own}");
            assert!(is_own_page(&url(own), KIOSK, Some(&dev)), "{own}");
        }
        let dev_page = url("http://localhost:5173/index.html?window=kiosk");
        assert!(is_own_page(&dev_page, KIOSK, Some(&dev)));
        assert!(
            !is_own_page(&dev_page, KIOSK, None),
            "the dev server only in a dev run"
        );

        for other in [
            "https://example.com/",
            "https://example.com/?window=kiosk",
            "http://localhost:5173/index.html?window=kiosk",
            "file:///etc/passwd",
            "file:///index.html?window=kiosk",
            "data:text/html,<h1>hi</h1>",
            "blob:tauri://localhost/5b3c7b7e-0000-0000-0000-000000000000",
            "about:blank",
            "javascript:alert(1)",
            "tauri://localhost/index.html",
            "tauri://localhost/index.html?window=workspace",
            "tauri://localhost/index.html?window=kiosk&window=workspace",
            "tauri://localhost.example.com/index.html?window=kiosk",
            "tauri://evil/index.html?window=kiosk",
            "tauri://localhost:8080/index.html?window=kiosk",
            "http://tauri.localhost.example.com/index.html?window=kiosk",
            "http://tauri.localhost:81/index.html?window=kiosk",
            "http://user@tauri.localhost/index.html?window=kiosk",
            "ipc://localhost/kiosk_messages?window=kiosk",
        ] {
            assert!(!is_own_page(&url(other), KIOSK, None), "{other}");
        }
        // The dev server's origin, not any page on localhost.
        assert!(!is_own_page(
            &url("http://localhost:8080/?window=kiosk"),
            KIOSK,
            Some(&dev)
        ));
        assert!(is_own_page(
            &url("tauri://localhost/index.html?window=workspace"),
            WORKSPACE,
            None
        ));
    }

    #[test]
    fn the_page_guard_blocks_the_context_menu_and_the_inspector_keys() {
        for needle in [
            "'contextmenu'",
            "capture: true",
            "'F12'",
            "'F5'",
            "'i'",
            "'r'",
        ] {
            assert!(PAGE_GUARD.contains(needle), "{needle}");
        }
    }
}
