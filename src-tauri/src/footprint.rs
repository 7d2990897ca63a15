//! What keeps the app small and quick to show its queue (issue #11; measured by
//! `scripts/footprint.sh`).
//!
//! - [`prepare_process_env`]: before any thread or window, WebKit's non-composited rendering
//!   (WebKitGTK's accelerated compositing renders through Mesa — llvmpipe without a GPU — and
//!   costs ~75 MB PSS per window; this UI has nothing that needs a GPU), and JavaScriptCore without
//!   its JIT; then, when WebKit does not composite, no EGL driver in the app's own process
//!   ([`app_process_without_egl`]); [`lean_webview`]: WebKit's caches sized for an app, not a
//!   browser.
//! - [`QUEUE_SHOWN`]: the workspace reports when its queue is first on screen with its data; the
//!   app logs `workspace queue shown` with the milliseconds since the process started — the mark
//!   `scripts/footprint.sh` times the launch by. A little later what the start-up used
//!   (migrations, demo data, knowledge index, the second window) goes back to the system
//!   ([`release_startup_memory`]): the heap's free pages and the program's code pages.

use std::sync::OnceLock;
use std::time::Instant;

/// The event the workspace emits once, when its queue is first rendered with its data
/// (ui/src/lib/api.ts `reportQueueShown`). Only staff windows may emit events (the kiosk's
/// capability has no `core:event:allow-emit`); the app only logs it.
pub const QUEUE_SHOWN: &str = "cx-queue-shown";

/// The log line `scripts/footprint.sh` waits for.
pub const QUEUE_SHOWN_LOG: &str = "workspace queue shown";

/// WebKit's switch for non-composited rendering (read by the app's and WebKit's processes).
const WEBKIT_NO_COMPOSITING: &str = "WEBKIT_DISABLE_COMPOSITING_MODE";

/// GTK 3's OpenGL switch.
const GDK_GL: &str = "GDK_GL";

/// `1` keeps WebKit's accelerated compositing on, `0` turns it off, whatever else holds.
pub const COMPOSITING_ENV: &str = "CX_WEBKIT_COMPOSITING";

/// Set by tauri-driver when the app runs under WebDriver (the end-to-end tests).
const AUTOMATION_ENV: &str = "TAURI_WEBVIEW_AUTOMATION";

static STARTED: OnceLock<Instant> = OnceLock::new();

/// Milliseconds since [`prepare_process_env`] ran (the first thing `main` does).
pub fn since_start_ms() -> u128 {
    STARTED.get_or_init(Instant::now).elapsed().as_millis()
}

/// Whether WebKit composites (GPU / llvmpipe) — see [`prepare_process_env`].
///
/// `user_choice` is `WEBKIT_DISABLE_COMPOSITING_MODE` as the user set it (then WebKit reads it
/// as it is: `None` here means "leave it"), `ours` is [`COMPOSITING_ENV`], `automation` whether
/// WebDriver drives the app. Returns the value to set `WEBKIT_DISABLE_COMPOSITING_MODE` to, or
/// `None` to leave it unset.
pub fn compositing_env(
    user_choice: Option<&str>,
    ours: Option<&str>,
    automation: bool,
) -> Option<&'static str> {
    if user_choice.is_some() {
        return None;
    }
    match ours {
        Some("1") => None,
        Some("0") => Some("1"),
        // WebKitGTK 2.50 answers a WebDriver screenshot of a non-composited page only after the
        // page paints again, so an idle window's screenshot hangs: under WebDriver, composite.
        _ if automation => None,
        _ => Some("1"),
    }
}

/// JavaScriptCore's switch for its JIT compilers (read by the web processes at start).
const JSC_JIT: &str = "JSC_useJIT";

/// WebKitGTK's switch for its DMA-BUF renderer (the app process's side of compositing).
const WEBKIT_NO_DMABUF: &str = "WEBKIT_DISABLE_DMABUF_RENDERER";

/// The variables to set before WebKit starts, given a lookup of the current environment (pure,
/// so it is tested): each only when the user has not set it.
///
/// - Non-composited rendering unless [`compositing_env`] says otherwise, and then GTK without
///   OpenGL (nothing in the app process draws with it: GTK need not set up GLX when it opens the
///   display, ~250 ms of the start on a loaded 2-core machine) and no DMA-BUF renderer (~3 MB).
/// - JavaScriptCore without its JIT compilers: the pages are small Svelte views, and a
///   JIT-less engine holds no executable memory it writes — the class of engine bug a stranger at
///   a kiosk would aim for — and ~6 MB less per window.
pub fn process_env(var: impl Fn(&str) -> Option<String>) -> Vec<(&'static str, &'static str)> {
    let mut set = Vec::new();
    let automation = var(AUTOMATION_ENV).as_deref() == Some("true");
    if let Some(v) = compositing_env(
        var(WEBKIT_NO_COMPOSITING).as_deref(),
        var(COMPOSITING_ENV).as_deref(),
        automation,
    ) {
        set.push((WEBKIT_NO_COMPOSITING, v));
        if v == "1" {
            for (k, v) in [(GDK_GL, "disable"), (WEBKIT_NO_DMABUF, "1")] {
                if var(k).is_none() {
                    set.push((k, v));
                }
            }
        }
    }
    if var(JSC_JIT).is_none() {
        set.push((JSC_JIT, "false"));
    }
    set
}

/// Call first in `main`, while the process has one thread: the environment WebKit's processes
/// inherit ([`process_env`]).
pub fn prepare_process_env() {
    let _ = STARTED.set(Instant::now());
    let set = process_env(|k| std::env::var(k).ok());
    for (k, v) in &set {
        // SAFETY: called at the start of `main`, before any other thread exists (no logger,
        // runtime or GTK yet), so nothing reads the environment concurrently.
        unsafe { std::env::set_var(k, v) };
    }
    if app_process_without_egl(|k| std::env::var(k).ok()) {
        load_egl_without_vendors();
    }
}

/// libglvnd's list of EGL vendor files (read once per process, at its first EGL call).
const EGL_VENDORS: &str = "__EGL_VENDOR_LIBRARY_FILENAMES";

/// Whether the app's own process goes without an EGL driver: when WebKit does not composite,
/// the app process draws nothing with GL — yet WebKit's UI side still opens an EGL display, and
/// that loads Mesa's driver and with it libLLVM, whose relocated pages are ~17 MB of private
/// memory (measured: app process 93 → 73 MB PSS). The web processes need EGL and keep it. Left
/// alone when the user chose the EGL vendors.
pub fn app_process_without_egl(var: impl Fn(&str) -> Option<String>) -> bool {
    var(WEBKIT_NO_COMPOSITING).as_deref() == Some("1") && var(EGL_VENDORS).is_none()
}

/// Make libglvnd read an empty vendor list in this process, then restore the environment, so
/// the processes WebKit starts later find Mesa as usual.
fn load_egl_without_vendors() {
    #[cfg(target_os = "linux")]
    // SAFETY: still the only thread (see `prepare_process_env`). `eglQueryString` with
    // EGL_NO_DISPLAY only asks libglvnd for its client extensions, which loads its vendor list
    // (here: none) once for the process; it keeps no pointer to the variable.
    unsafe {
        std::env::set_var(EGL_VENDORS, "/dev/null");
        // Kept open: WebKit links libEGL anyway.
        let lib = libc::dlopen(c"libEGL.so.1".as_ptr(), libc::RTLD_NOW | libc::RTLD_GLOBAL);
        if !lib.is_null() {
            let query = libc::dlsym(lib, c"eglQueryString".as_ptr());
            if !query.is_null() {
                type QueryString =
                    unsafe extern "C" fn(*mut libc::c_void, i32) -> *const libc::c_char;
                const EGL_EXTENSIONS: i32 = 0x3055;
                let query: QueryString = std::mem::transmute(query);
                query(std::ptr::null_mut(), EGL_EXTENSIONS);
            }
        }
        std::env::remove_var(EGL_VENDORS);
    }
}

/// WebKit's caches sized for an app whose pages come from the binary: no back/forward page
/// cache, a small memory cache (WebKit's "document viewer" model; the default is a web
/// browser's).
pub fn lean_webview<R: tauri::Runtime>(window: &tauri::WebviewWindow<R>) {
    #[cfg(target_os = "linux")]
    let set = window.with_webview(|w| {
        use webkit2gtk::{CacheModel, WebContextExt, WebViewExt};
        if let Some(context) = w.inner().context() {
            context.set_cache_model(CacheModel::DocumentViewer);
        }
    });
    #[cfg(not(target_os = "linux"))]
    let set: tauri::Result<()> = Ok(());
    if let Err(e) = set {
        tracing::warn!(window = %window.label(), error = %e, "could not size the web view's caches");
    }
}

/// The start-up is over this long after the queue showed (the kiosk has opened and loaded):
/// then what it used is released.
const RELEASE_AFTER: std::time::Duration = std::time::Duration::from_secs(5);

/// What the workspace page measured on its own clock (ms since its navigation started): when
/// its script began to run, and when the queue showed.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct PageTimes {
    script_ms: Option<u64>,
    page_ms: Option<u64>,
}

/// Logs [`QUEUE_SHOWN_LOG`] the first time the workspace reports its queue; [`RELEASE_AFTER`]
/// later, releases what the start-up used.
pub fn watch_queue_shown(app: &tauri::AppHandle) {
    use tauri::Listener;
    app.once_any(QUEUE_SHOWN, |event| {
        let page: PageTimes = serde_json::from_str(event.payload()).unwrap_or_default();
        tracing::info!(
            since_start_ms = since_start_ms() as u64,
            page_script_ms = page.script_ms,
            page_shown_ms = page.page_ms,
            "{QUEUE_SHOWN_LOG}"
        );
        tauri::async_runtime::spawn(async {
            tokio::time::sleep(RELEASE_AFTER).await;
            release_startup_memory();
        });
    });
}

/// Give what the start-up used back to the system: the allocator's free pages (glibc keeps what
/// start-up freed) and the app's own code pages ([`release_code_pages`]).
pub fn release_startup_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only walks the allocator's own free lists; it takes its own locks.
    unsafe {
        libc::malloc_trim(0);
    }
    #[cfg(target_os = "linux")]
    release_code_pages();
}

/// Unmap the executable's code pages from this process; they stay in the page cache, and what
/// runs later maps its pages back on first use (a minor fault, no disk read while cached).
/// Start-up runs most of the program once — migrations, demo data, the knowledge index, both
/// windows' set-up — and the kernel maps code 64 KB around each page it runs, so ~17 MB of
/// code stays resident though idle needs a small part of it. Only the program's own
/// executable mapping: its pages are the file's, never written (relocations live in the
/// data segments, left alone).
#[cfg(target_os = "linux")]
fn release_code_pages() {
    let Ok(exe) = std::fs::read_link("/proc/self/exe") else {
        return;
    };
    let Ok(maps) = std::fs::read_to_string("/proc/self/maps") else {
        return;
    };
    for (start, end) in code_ranges(&maps, &exe.to_string_lossy()) {
        // SAFETY: the range is a whole mapping of the executable, read-only and executable:
        // MADV_DONTNEED on it only drops page-table entries, and later accesses fault the
        // same file contents back in.
        let r =
            unsafe { libc::madvise(start as *mut libc::c_void, end - start, libc::MADV_DONTNEED) };
        if r != 0 {
            tracing::debug!(error = %std::io::Error::last_os_error(), "code pages kept");
        }
    }
}

/// The `r-xp` mappings of `path` in a `/proc/self/maps` text.
pub fn code_ranges(maps: &str, path: &str) -> Vec<(usize, usize)> {
    maps.lines()
        .filter_map(|line| {
            let mut f = line.split_whitespace();
            let range = f.next()?;
            let perms = f.next()?;
            // The path is the rest of the line (it may hold spaces).
            if perms != "r-xp" || !line.trim_end().ends_with(&format!(" {path}")) {
                return None;
            }
            let (a, b) = range.split_once('-')?;
            Some((
                usize::from_str_radix(a, 16).ok()?,
                usize::from_str_radix(b, 16).ok()?,
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn non_composited_unless_asked_or_under_webdriver() {
        assert_eq!(compositing_env(None, None, false), Some("1"));
        // Under WebDriver, compositing stays on (screenshots of idle windows).
        assert_eq!(compositing_env(None, None, true), None);
        // Our switch wins over the WebDriver default.
        assert_eq!(compositing_env(None, Some("0"), true), Some("1"));
        assert_eq!(compositing_env(None, Some("1"), false), None);
        // A value the user set is left to WebKit.
        assert_eq!(compositing_env(Some("0"), Some("0"), false), None);
        assert_eq!(compositing_env(Some("1"), None, true), None);
    }

    #[test]
    fn only_the_programs_own_code_mapping_is_released() {
        let maps = "\
5615-5616 r--p 00000000 fe:00 1 /opt/cx/cx-desktop
5616-5618 r-xp 009a9000 fe:00 1 /opt/cx/cx-desktop
5618-5619 rw-p 0245b000 fe:00 1 /opt/cx/cx-desktop
7f00-7f10 r-xp 00000000 fe:00 2 /usr/lib/libwebkit2gtk-4.1.so.0
7f20-7f30 r-xp 00000000 00:00 0
7f40-7f50 r-xp 00000000 fe:00 3 /opt/cx/cx-desktop (deleted)";
        assert_eq!(code_ranges(maps, "/opt/cx/cx-desktop"), [(0x5616, 0x5618)]);
        assert!(code_ranges(maps, "/elsewhere").is_empty());
    }

    fn egl_of(pairs: &[(&str, &str)]) -> bool {
        app_process_without_egl(|k| {
            pairs
                .iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| v.to_string())
        })
    }

    #[test]
    fn the_app_process_goes_without_egl_only_when_webkit_does_not_composite() {
        assert!(egl_of(&[(WEBKIT_NO_COMPOSITING, "1")]));
        // Composited (WebDriver, or asked for): the app process's side of compositing needs EGL.
        assert!(!egl_of(&[]));
        assert!(!egl_of(&[(WEBKIT_NO_COMPOSITING, "0")]));
        // The user's own choice of EGL vendors is left as it is.
        assert!(!egl_of(&[
            (WEBKIT_NO_COMPOSITING, "1"),
            (EGL_VENDORS, "/etc/my-vendors.json")
        ]));
    }

    fn env_of(pairs: &[(&str, &str)]) -> Vec<(&'static str, &'static str)> {
        let pairs: Vec<(String, String)> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        process_env(|k| pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone()))
    }

    #[test]
    fn the_process_environment_leaves_what_the_user_set() {
        assert_eq!(
            env_of(&[]),
            [
                (WEBKIT_NO_COMPOSITING, "1"),
                (GDK_GL, "disable"),
                (WEBKIT_NO_DMABUF, "1"),
                (JSC_JIT, "false")
            ]
        );
        // Compositing (under WebDriver): GTK's GL and the DMA-BUF renderer stay as they are.
        assert_eq!(env_of(&[(AUTOMATION_ENV, "true")]), [(JSC_JIT, "false")]);
        assert_eq!(
            env_of(&[(GDK_GL, "gles"), (JSC_JIT, "true")]),
            [(WEBKIT_NO_COMPOSITING, "1"), (WEBKIT_NO_DMABUF, "1")]
        );
    }
}
