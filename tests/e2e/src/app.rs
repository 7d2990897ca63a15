//! [`App`]: one running cx-desktop under WebDriver, with helpers that fail clearly.

use crate::db::Db;
use crate::paths;
use crate::procs::{Driver, Watchdog, Xvfb};
use fantoccini::elements::Element;
use fantoccini::error::CmdError;
use fantoccini::wd::{Capabilities, WindowHandle};
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{Value, json};
use std::fmt::Display;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};
use tempfile::TempDir;

/// The bounds of every wait.
#[derive(Debug, Clone, Copy)]
pub struct Timeouts {
    /// From starting tauri-driver to a WebDriver session with both start windows.
    pub launch: Duration,
    /// An element, a window, a message, a file: anything the UI should show "soon".
    pub element: Duration,
    /// Between two polls.
    pub poll: Duration,
    /// A whole test, from launch: then the app is killed so a hung WebDriver call fails
    /// (`CX_E2E_TEST_TIMEOUT_SECS`, default 300).
    pub test: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        // Generous: a debug build on 2 shared cores. A passing test never waits this long.
        Timeouts {
            launch: Duration::from_secs(90),
            element: Duration::from_secs(20),
            poll: Duration::from_millis(100),
            test: Duration::from_secs(
                std::env::var("CX_E2E_TEST_TIMEOUT_SECS")
                    .ok()
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(300),
            ),
        }
    }
}

/// How to start the app.
#[derive(Debug, Clone, Default)]
pub struct Options {
    env: Vec<(String, String)>,
    args: Vec<String>,
    binary: Option<PathBuf>,
    no_window_wait: bool,
    no_screenshots: bool,
    home: Option<PathBuf>,
    /// The windows [`App::launch`] waits for; None: [`START_WINDOWS`].
    start_windows: Option<Vec<String>>,
}

impl Options {
    pub fn new() -> Options {
        Options::default()
    }

    /// An extra environment variable for the app (wins over the harness's own).
    pub fn env(mut self, key: &str, value: impl Into<String>) -> Options {
        self.env.push((key.to_owned(), value.into()));
        self
    }

    /// A command-line argument for the app.
    pub fn arg(mut self, a: &str) -> Options {
        self.args.push(a.to_owned());
        self
    }

    /// The app's database: `CX_DATABASE_URL` (e.g. a PostgreSQL database several apps share).
    /// [`App::db`] then names a SQLite file the app does not use.
    pub fn database_url(self, url: &str) -> Options {
        self.env("CX_DATABASE_URL", url)
    }

    /// `--station <role>` (`desk`, `kiosk` or `both`), and [`App::launch`] waits for the windows
    /// that station opens at start: a desk the workspace, a kiosk station the kiosk.
    pub fn station(mut self, role: &str) -> Options {
        self.start_windows = Some(match role {
            "desk" => vec!["workspace".to_owned()],
            "kiosk" => vec!["kiosk".to_owned()],
            _ => START_WINDOWS.iter().map(|w| (*w).to_owned()).collect(),
        });
        self.arg("--station").arg(role)
    }

    /// Another binary than [`paths::app_binary`].
    pub fn binary(mut self, p: impl Into<PathBuf>) -> Options {
        self.binary = Some(p.into());
        self
    }

    /// Use (and keep) this folder for the app's data, config, cache and database instead of a
    /// fresh temporary one: a second launch with the same folder is a warm start.
    pub fn home(mut self, dir: impl Into<PathBuf>) -> Options {
        self.home = Some(dir.into());
        self
    }

    /// Take no screenshots, not even at the end (for measurements).
    pub fn no_screenshots(mut self) -> Options {
        self.no_screenshots = true;
        self
    }

    /// Return as soon as the WebDriver session exists, without waiting for the windows (for
    /// timing the start-up from outside).
    pub fn no_window_wait(mut self) -> Options {
        self.no_window_wait = true;
        self
    }
}

/// The three windows, by the `window=` query of their URL.
pub const WINDOWS: [&str; 3] = ["workspace", "kiosk", "history"];

/// The windows a default start opens (no `--station`, or `--station both`).
pub const START_WINDOWS: [&str; 2] = ["workspace", "kiosk"];

/// `[data-testid="id"]`.
pub fn tid(id: &str) -> String {
    format!("[data-testid=\"{id}\"]")
}

/// The running app. Dropping it kills tauri-driver's process group (driver, WebKitWebDriver, the
/// app, its WebKit processes) and Xvfb, and deletes the temporary folder.
pub struct App {
    test: String,
    client: Client,
    /// Declared before `driver`: disarmed (dropped) before the driver is stopped and reaped.
    watchdog: Watchdog,
    driver: Driver,
    xvfb: Xvfb,
    _tmp: TempDir,
    /// The app's folder (in `_tmp` unless [`Options::home`]).
    base: PathBuf,
    artifacts: PathBuf,
    db: Db,
    /// Window handles whose URL is known (never `about:blank`).
    known: Vec<(WindowHandle, String)>,
    current: Option<String>,
    used: Vec<String>,
    finished: bool,
    /// Off by [`Options::no_screenshots`], or after a screenshot hung (WebKit can stop answering
    /// them; later commands would queue behind it).
    screenshots: bool,
    /// When the WebDriver session (which starts the app) was requested / granted.
    session_requested: SystemTime,
    session_ready: SystemTime,
    pub timeouts: Timeouts,
}

impl App {
    /// Starts the app for `test` (a file-name-safe name): fresh temp dir with XDG_* folders,
    /// `CX_DATABASE_URL=sqlite://<tmp>/cx.db?mode=rwc`, `CX_EXPORT_DIR=<tmp>/exports`, the
    /// repository's `config/`, no API key (offline assistant), its own Xvfb display and
    /// tauri-driver ports. Waits until the workspace and kiosk windows exist (only the station's
    /// window with [`Options::station`]). Several apps may run at once, each on its own display
    /// and ports; give each its own `test` name (the artifact folder).
    pub async fn launch(test: &str, opts: Options) -> App {
        let timeouts = Timeouts::default();
        let bin = opts.binary.clone().unwrap_or_else(paths::app_binary);
        let artifacts = paths::fresh_artifact_dir(test);
        let tmp = tempfile::Builder::new()
            .prefix(&format!("cx-e2e-{test}-"))
            .tempdir()
            .expect("creating a temporary folder");
        let base = opts
            .home
            .clone()
            .unwrap_or_else(|| tmp.path().to_path_buf());
        make_app_dirs(&base);
        let xvfb = Xvfb::start("1400x900x24", &artifacts.join("xvfb.log"));
        let db_path = base.join("cx.db");
        let mut env = app_env(&base, &xvfb.display());
        env.extend(opts.env.iter().cloned());
        let log = artifacts.join("app.log");
        let driver = Driver::start(&env, &ENV_REMOVED, &log, Duration::from_secs(20)).await;
        let watchdog = Watchdog::arm(driver.proc(), timeouts.test, &format!("test {test}"));

        let mut caps = Capabilities::new();
        caps.insert(
            "tauri:options".into(),
            json!({ "application": bin, "args": opts.args }),
        );
        let connect = async {
            ClientBuilder::new(HttpConnector::new())
                .capabilities(caps)
                .connect(&driver.url())
                .await
        };
        let session_requested = SystemTime::now();
        let crashed = app_crash(&log, driver.pid(), &bin);
        let client = match tokio::select! {
            r = tokio::time::timeout(timeouts.launch, connect) => r,
            why = crashed => panic!(
                "[{test}] the app did not start: {why}\n{}",
                log_tail(&log, 40)
            ),
        } {
            Ok(Ok(c)) => c,
            Ok(Err(e)) => panic!(
                "[{test}] no WebDriver session on {} ({}): {e}\n{}",
                bin.display(),
                driver.url(),
                log_tail(&log, 40)
            ),
            Err(_) => panic!(
                "[{test}] no WebDriver session within {:?}\n{}",
                timeouts.launch,
                log_tail(&log, 40)
            ),
        };
        let mut app = App {
            test: test.to_owned(),
            client,
            watchdog,
            driver,
            xvfb,
            _tmp: tmp,
            base,
            artifacts,
            db: Db::new(db_path),
            known: Vec::new(),
            current: None,
            used: Vec::new(),
            finished: false,
            screenshots: !opts.no_screenshots,
            session_requested,
            session_ready: SystemTime::now(),
            timeouts,
        };
        if !opts.no_window_wait {
            let start = opts
                .start_windows
                .clone()
                .unwrap_or_else(|| START_WINDOWS.iter().map(|w| (*w).to_owned()).collect());
            for label in start {
                app.window(&label).await;
            }
        }
        app
    }

    /// When the WebDriver session was requested, i.e. just before the app was started.
    pub fn session_requested_at(&self) -> SystemTime {
        self.session_requested
    }

    /// When the WebDriver session was granted (the app is connected to WebKitWebDriver).
    pub fn session_ready_at(&self) -> SystemTime {
        self.session_ready
    }

    pub fn test(&self) -> &str {
        &self.test
    }

    pub fn client(&self) -> &Client {
        &self.client
    }

    pub fn db(&self) -> &Db {
        &self.db
    }

    /// `CX_EXPORT_DIR` of this run.
    pub fn export_dir(&self) -> PathBuf {
        self.base.join("exports")
    }

    /// `target/e2e-screenshots/<test>/`.
    pub fn artifacts(&self) -> &Path {
        &self.artifacts
    }

    pub fn driver_pid(&self) -> u32 {
        self.driver.pid()
    }

    pub fn xvfb_pid(&self) -> u32 {
        self.xvfb.pid()
    }

    /// The app's X display (`:N`), e.g. for `xwininfo -display`.
    pub fn display(&self) -> String {
        self.xvfb.display()
    }

    /// The window label the next commands go to.
    pub fn current_window(&self) -> Option<&str> {
        self.current.as_deref()
    }

    // ---- windows ---------------------------------------------------------------------------

    /// Switches to the window whose URL has `window=<label>`; waits for it to exist (bounded).
    pub async fn window(&mut self, label: &str) {
        let needle = format!("window={label}");
        if self.current.as_deref() == Some(label) {
            return;
        }
        if let Some(h) = self
            .known
            .iter()
            .find(|(_, u)| u.contains(&needle))
            .map(|(h, _)| h.clone())
        {
            if self.client.switch_to_window(h.clone()).await.is_ok() {
                self.entered(label);
                return;
            }
            self.known.retain(|(k, _)| *k != h); // closed
        }
        let deadline = Instant::now() + self.timeouts.element;
        loop {
            let last = match self.client.windows().await {
                Ok(handles) => {
                    self.known.retain(|(k, _)| handles.contains(k));
                    for h in handles {
                        if self.known.iter().any(|(k, _)| *k == h) {
                            continue; // known, and not the one we want
                        }
                        if self.client.switch_to_window(h.clone()).await.is_err() {
                            continue;
                        }
                        self.current = None;
                        let Ok(url) = self.client.current_url().await else {
                            continue;
                        };
                        let url = url.to_string();
                        if url.contains("window=") {
                            self.known.push((h, url.clone()));
                        }
                        if url.contains(&needle) {
                            self.entered(label);
                            return;
                        }
                    }
                    format!(
                        "windows with a known URL: {:?}",
                        self.known.iter().map(|(_, u)| u).collect::<Vec<_>>()
                    )
                }
                Err(e) => format!("listing windows failed: {e}"),
            };
            if Instant::now() >= deadline {
                let msg = format!(
                    "no window with `{needle}` in its URL after {:?}; {last}",
                    self.timeouts.element
                );
                return self.fail(msg).await;
            }
            tokio::time::sleep(self.timeouts.poll).await;
        }
    }

    fn entered(&mut self, label: &str) {
        self.current = Some(label.to_owned());
        if !self.used.iter().any(|u| u == label) {
            self.used.push(label.to_owned());
        }
    }

    /// The URLs of every window the app has open now (switching through them; afterwards no
    /// window is current, the next [`App::window`] picks one).
    pub async fn window_urls(&mut self) -> Vec<String> {
        let handles = match self.client.windows().await {
            Ok(h) => h,
            Err(e) => {
                let msg = format!("listing windows failed: {e}");
                return self.fail(msg).await;
            }
        };
        self.current = None;
        let mut urls = Vec::new();
        for h in handles {
            if self.client.switch_to_window(h.clone()).await.is_err() {
                continue; // closed meanwhile
            }
            let Ok(url) = self.client.current_url().await else {
                continue;
            };
            let url = url.to_string();
            if url.contains("window=") && !self.known.iter().any(|(k, _)| *k == h) {
                self.known.push((h, url.clone()));
            }
            urls.push(url);
        }
        urls
    }

    /// Closes the current window (WebDriver "close window").
    pub async fn close_current_window(&mut self) {
        let label = self.current.take().unwrap_or_default();
        if let Err(e) = self.client.close_window().await {
            let msg = format!("closing the {label} window failed: {e}");
            return self.fail(msg).await;
        }
        self.known
            .retain(|(_, u)| !u.contains(&format!("window={label}")));
        self.used.retain(|u| *u != label);
    }

    // ---- scripts ---------------------------------------------------------------------------

    /// Runs a synchronous script in the current window.
    pub async fn try_js(&self, script: &str, args: Vec<Value>) -> Result<Value, CmdError> {
        self.client.execute(script, args).await
    }

    /// Runs a synchronous script; a script error fails the test.
    pub async fn js(&mut self, script: &str, args: Vec<Value>) -> Value {
        match self.try_js(script, args).await {
            Ok(v) => v,
            Err(e) => {
                let msg = format!("script failed: {e}\nscript: {script}");
                self.fail(msg).await
            }
        }
    }

    /// Polls a synchronous script until it returns something other than `null`/`false`, at most
    /// `timeout`. Script errors count as "not yet" (the page may be reloading).
    pub async fn wait_js(
        &mut self,
        what: &str,
        script: &str,
        args: Vec<Value>,
        timeout: Duration,
    ) -> Value {
        let deadline = Instant::now() + timeout;
        let mut last_err = None;
        loop {
            match self.try_js(script, args.clone()).await {
                Ok(Value::Null | Value::Bool(false)) => {}
                Ok(v) => return v,
                Err(e) => last_err = Some(e.to_string()),
            }
            if Instant::now() >= deadline {
                let mut msg = format!("waited {timeout:?} for {what}");
                if let Some(e) = last_err {
                    msg.push_str(&format!(" (last script error: {e})"));
                }
                return self.fail(msg).await;
            }
            tokio::time::sleep(self.timeouts.poll).await;
        }
    }

    /// Calls an app command from the current window through `window.__TAURI_INTERNALS__.invoke`:
    /// `Ok(result)` or `Err(error as the window received it)`.
    pub async fn invoke(&mut self, cmd: &str, args: Value) -> Result<Value, Value> {
        const SCRIPT: &str = r#"
            const [cmd, args, done] = arguments;
            try {
                window.__TAURI_INTERNALS__.invoke(cmd, args).then(
                    (v) => done({ ok: v === undefined ? null : v }),
                    (e) => done({ err: e === undefined ? null : (e instanceof Error ? String(e) : e) }));
            } catch (e) {
                done({ err: 'invoke threw: ' + String(e) });
            }"#;
        let run = self.client.execute_async(SCRIPT, vec![json!(cmd), args]);
        let out = match tokio::time::timeout(Duration::from_secs(30), run).await {
            Ok(Ok(v)) => v,
            Ok(Err(e)) => {
                let msg = format!("invoke('{cmd}') script failed: {e}");
                return self.fail(msg).await;
            }
            Err(_) => {
                let msg = format!("invoke('{cmd}') did not settle within 30 s");
                return self.fail(msg).await;
            }
        };
        match (out.get("ok"), out.get("err")) {
            (Some(v), None) => Ok(v.clone()),
            (_, Some(e)) => Err(e.clone()),
            _ => {
                let msg = format!("invoke('{cmd}') returned an unexpected value: {out}");
                self.fail(msg).await
            }
        }
    }

    /// The current window's visible text (`document.body.innerText`), or why it is unavailable.
    pub async fn dom_text(&self) -> String {
        match self
            .try_js(
                "return document.body ? document.body.innerText : '(no body yet)';",
                vec![],
            )
            .await
        {
            Ok(Value::String(s)) => s,
            Ok(v) => v.to_string(),
            Err(e) => format!("(could not read the DOM: {e})"),
        }
    }

    // ---- elements --------------------------------------------------------------------------

    /// Waits (bounded) for a displayed element matching `css` in the current window.
    pub async fn wait_for(&mut self, css: &str) -> Element {
        let timeout = self.timeouts.element;
        self.wait_for_within(css, timeout).await
    }

    pub async fn wait_for_within(&mut self, css: &str, timeout: Duration) -> Element {
        let deadline = Instant::now() + timeout;
        let mut seen_hidden = false;
        loop {
            if let Ok(found) = self.client.find_all(Locator::Css(css)).await {
                for el in found {
                    match el.is_displayed().await {
                        Ok(true) => return el,
                        _ => seen_hidden = true,
                    }
                }
            }
            if Instant::now() >= deadline {
                let state = if seen_hidden {
                    "present but never displayed"
                } else {
                    "not in the DOM"
                };
                let msg = format!("element `{css}` {state} after {timeout:?}");
                return self.fail(msg).await;
            }
            tokio::time::sleep(self.timeouts.poll).await;
        }
    }

    /// Picks `value` in the `<select>` matching `css`, the way a person's pick does (the value,
    /// then a bubbling `change`); fails if the select is missing or has no such option.
    pub async fn choose(&mut self, css: &str, value: &str) {
        let picked = self
            .js(
                "const e = document.querySelector(arguments[0]);
                 if (!e) return null;
                 e.value = arguments[1];
                 e.dispatchEvent(new Event('change', { bubbles: true }));
                 return e.value;",
                vec![json!(css), json!(value)],
            )
            .await;
        self.check(
            picked == json!(value),
            format!("`{css}` should offer {value}: {picked}"),
        )
        .await;
    }

    /// Waits until no displayed element matches `css` (bounded).
    pub async fn wait_absent(&mut self, css: &str, timeout: Duration) {
        let script = r#"
            const els = [...document.querySelectorAll(arguments[0])];
            return els.every((e) => e.getClientRects().length === 0);"#;
        let what = format!("`{css}` to disappear");
        self.wait_js(&what, script, vec![json!(css)], timeout).await;
    }

    /// Clicks the first displayed `css` element; retries (bounded) while it is not clickable.
    pub async fn click(&mut self, css: &str) {
        let deadline = Instant::now() + self.timeouts.element;
        loop {
            let el = self.wait_for(css).await;
            let err = match el.click().await {
                Ok(()) => return,
                Err(e) => e,
            };
            if Instant::now() >= deadline {
                let msg = format!("clicking `{css}` failed: {err}");
                return self.fail(msg).await;
            }
            tokio::time::sleep(self.timeouts.poll).await;
        }
    }

    /// Clears the field `css` and types `text` into it (real key events).
    pub async fn type_into(&mut self, css: &str, text: &str) {
        let el = self.wait_for(css).await;
        let _ = el.clear().await;
        if let Err(e) = el.send_keys(text).await {
            let msg = format!("typing into `{css}` failed: {e}");
            return self.fail(msg).await;
        }
    }

    /// The text of every element matching `css` (innerText), in document order.
    pub async fn texts(&mut self, css: &str) -> Vec<String> {
        let script = r#"return [...document.querySelectorAll(arguments[0])]
            .map((e) => e.innerText ?? e.textContent ?? '');"#;
        let v = self.js(script, vec![json!(css)]).await;
        serde_json::from_value(v).unwrap_or_default()
    }

    /// Waits for an element matching `css` whose text contains every one of `needles`
    /// (case-insensitive); returns its text.
    pub async fn wait_text(&mut self, css: &str, needles: &[&str]) -> String {
        let timeout = self.timeouts.element;
        self.wait_text_within(css, needles, timeout).await
    }

    pub async fn wait_text_within(
        &mut self,
        css: &str,
        needles: &[&str],
        timeout: Duration,
    ) -> String {
        let script = r#"
            const [sel, needles] = arguments;
            for (const el of document.querySelectorAll(sel)) {
                const t = el.innerText ?? el.textContent ?? '';
                const low = t.toLowerCase();
                if (needles.every((n) => low.includes(n.toLowerCase()))) return t;
            }
            return null;"#;
        let what = format!("`{css}` containing {needles:?}");
        let v = self
            .wait_js(&what, script, vec![json!(css), json!(needles)], timeout)
            .await;
        v.as_str().unwrap_or_default().to_owned()
    }

    /// Waits until at least `n` elements match `css`; returns how many there are.
    pub async fn wait_count(&mut self, css: &str, n: usize) -> usize {
        let script = r#"
            const c = document.querySelectorAll(arguments[0]).length;
            return c >= arguments[1] ? c : null;"#;
        let what = format!("at least {n} × `{css}`");
        let timeout = self.timeouts.element;
        let v = self
            .wait_js(&what, script, vec![json!(css), json!(n)], timeout)
            .await;
        v.as_u64().unwrap_or(0) as usize
    }

    // ---- kiosk shortcuts -------------------------------------------------------------------

    /// At the kiosk: types `text` into `kiosk-input` and presses `kiosk-send`.
    pub async fn kiosk_say(&mut self, text: &str) {
        self.window("kiosk").await;
        self.type_into(&tid("kiosk-input"), text).await;
        self.click(&tid("kiosk-send")).await;
    }

    /// At the kiosk: waits for a `kiosk-msg` of `role` containing all `needles`.
    pub async fn kiosk_wait_msg(&mut self, role: &str, needles: &[&str]) -> String {
        self.window("kiosk").await;
        let css = format!("{}[data-role=\"{role}\"]", tid("kiosk-msg"));
        self.wait_text(&css, needles).await
    }

    // ---- screenshots, failure, the end -----------------------------------------------------

    /// Saves the current window's screenshot as `<artifacts>/<name>.png`.
    pub async fn screenshot(&mut self, name: &str) -> PathBuf {
        let path = self.artifacts.join(format!("{name}.png"));
        self.screenshot_to(&path).await;
        path
    }

    /// Saves the current window's screenshot at `path`; a failure is reported, not fatal.
    ///
    /// WebKit's snapshot is the last frame it rendered, which can lag the DOM by seconds for a
    /// window the test is not looking at; waiting for two animation frames first (≤ 2 s) makes
    /// it show the current DOM.
    pub async fn screenshot_to(&mut self, path: &Path) -> bool {
        if !self.screenshots {
            return false;
        }
        let frames = self.client.execute_async(
            "const done = arguments[0]; requestAnimationFrame(() => requestAnimationFrame(() => done(true)));",
            vec![],
        );
        let _ = tokio::time::timeout(Duration::from_secs(2), frames).await;
        let shot = tokio::time::timeout(Duration::from_secs(10), self.client.screenshot()).await;
        let Ok(shot) = shot else {
            eprintln!(
                "e2e: screenshot for {} hung for 10 s; no more screenshots in this test",
                path.display()
            );
            self.screenshots = false;
            return false;
        };
        match shot {
            Ok(png) => {
                if let Some(dir) = path.parent() {
                    let _ = std::fs::create_dir_all(dir);
                }
                match std::fs::write(path, png) {
                    Ok(()) => true,
                    Err(e) => {
                        eprintln!("e2e: cannot write {}: {e}", path.display());
                        false
                    }
                }
            }
            Err(e) => {
                eprintln!("e2e: screenshot for {} failed: {e}", path.display());
                false
            }
        }
    }

    /// Saves `<artifacts>/<window>.png` for every window this test used (switching windows).
    pub async fn screenshot_used_windows(&mut self) {
        for label in self.used.clone() {
            if !self.screenshots {
                return; // one hung: the session is busy with it
            }
            let needle = format!("window={label}");
            let Some(h) = self
                .known
                .iter()
                .find(|(_, u)| u.contains(&needle))
                .map(|(h, _)| h.clone())
            else {
                continue;
            };
            let switch = self.client.switch_to_window(h);
            if let Ok(Ok(())) = tokio::time::timeout(Duration::from_secs(10), switch).await {
                self.current = Some(label.clone());
                let path = self.artifacts.join(format!("{label}.png"));
                self.screenshot_to(&path).await;
            }
        }
    }

    /// Fails the test: the message, the window, its last DOM text, screenshots of the windows
    /// used, the end of the app's log.
    pub async fn fail<T>(&mut self, msg: impl Display) -> T {
        let mut report = format!("[{}] {msg}", self.test);
        if let Some(w) = self.current.clone() {
            let text = self.dom_text().await;
            report.push_str(&format!(
                "\n-- window `{w}`, its text (last 1500 chars):\n{}",
                tail_chars(&text, 1500)
            ));
        }
        self.screenshot_used_windows().await;
        report.push_str(&format!(
            "\n-- screenshots and app log: {}\n-- app log (last 30 lines):\n{}",
            self.artifacts.display(),
            log_tail(&self.artifacts.join("app.log"), 30)
        ));
        self.finished = true; // the report names the folder already
        panic!("{report}");
    }

    /// Asserts `cond`, failing the test with `msg` (and the usual evidence) otherwise.
    pub async fn check(&mut self, cond: bool, msg: impl Display) {
        if !cond {
            self.fail(msg).await
        }
    }

    /// The end of a passing test: screenshots of the windows used, WebDriver session closed (the
    /// app exits), processes stopped; prints the artifact folder.
    pub async fn finish(mut self) {
        self.screenshot_used_windows().await;
        let _ = tokio::time::timeout(Duration::from_secs(10), self.client.clone().close()).await;
        self.watchdog.disarm();
        self.driver.stop();
        self.finished = true;
        println!(
            "e2e [{}]: screenshots ({}) and app log in {}",
            self.test,
            self.used.join(", "),
            self.artifacts.display()
        );
    }
}

impl Drop for App {
    fn drop(&mut self) {
        if !self.finished {
            eprintln!(
                "e2e [{}]: stopped early; screenshots and app log in {}",
                self.test,
                self.artifacts.display()
            );
        }
        // Fields drop next: the driver's process group and Xvfb are killed, the temp dir removed.
    }
}

/// The environment the harness gives the app: `DISPLAY`, XDG_* folders under `base` (which must
/// have `data`, `config`, `cache`, `runtime` and `exports`), `CX_DATABASE_URL` =
/// `sqlite://<base>/cx.db?mode=rwc`, `CX_EXPORT_DIR` = `<base>/exports`, the repository's
/// `config/`, `RUST_LOG` (default `info`).
pub fn app_env(base: &Path, display: &str) -> Vec<(String, String)> {
    let p = |d: &str| base.join(d).display().to_string();
    vec![
        ("DISPLAY".into(), display.to_owned()),
        ("GDK_BACKEND".into(), "x11".into()),
        ("NO_AT_BRIDGE".into(), "1".into()),
        ("XDG_DATA_HOME".into(), p("data")),
        ("XDG_CONFIG_HOME".into(), p("config")),
        ("XDG_CACHE_HOME".into(), p("cache")),
        ("XDG_RUNTIME_DIR".into(), p("runtime")),
        (
            "CX_DATABASE_URL".into(),
            format!("sqlite://{}?mode=rwc", base.join("cx.db").display()),
        ),
        ("CX_EXPORT_DIR".into(), p("exports")),
        (
            "CX_CONFIG_DIR".into(),
            paths::workspace_root().join("config").display().to_string(),
        ),
        (
            "RUST_LOG".into(),
            std::env::var("RUST_LOG").unwrap_or_else(|_| "info".into()),
        ),
    ]
}

/// Variables removed from the app's inherited environment: no API key (the offline assistant),
/// no Wayland, nothing the harness sets itself.
pub const ENV_REMOVED: [&str; 6] = [
    "CX_LLM_API_KEY",
    "OPENAI_API_KEY",
    "WAYLAND_DISPLAY",
    "CX_KIOSK_IDLE_SECS",
    "CX_DATABASE_URL",
    "CX_EXPORT_DIR",
];

/// Creates the folders [`app_env`] points at under `base` (`runtime` private, as XDG wants).
pub fn make_app_dirs(base: &Path) {
    use std::os::unix::fs::PermissionsExt;
    for d in ["data", "config", "cache", "runtime", "exports"] {
        std::fs::create_dir_all(base.join(d)).expect("creating the temp folders");
    }
    let _ = std::fs::set_permissions(base.join("runtime"), std::fs::Permissions::from_mode(0o700));
}

/// Resolves when the app being started has evidently failed: a Rust panic in the log, or its
/// process (a descendant of tauri-driver running `bin`) appeared and is gone. Never resolves
/// otherwise (the caller bounds the wait).
async fn app_crash(log: &Path, driver_pid: u32, bin: &Path) -> String {
    let mut seen: Option<u32> = None;
    loop {
        tokio::time::sleep(Duration::from_millis(250)).await;
        if let Ok(bytes) = std::fs::read(log)
            && String::from_utf8_lossy(&bytes).contains("panicked at")
        {
            return "it panicked".into();
        }
        match seen {
            None => seen = crate::pss::find_descendant_by_exe(driver_pid, bin),
            Some(pid) => {
                let state = std::fs::read_to_string(format!("/proc/{pid}/stat"))
                    .ok()
                    .and_then(|st| crate::procs::proc_state(&st));
                if matches!(state, None | Some('Z')) {
                    return format!("its process {pid} exited");
                }
            }
        }
    }
}

/// The last `n` lines of a log file.
pub fn log_tail(path: &Path, n: usize) -> String {
    match std::fs::read(path) {
        Ok(bytes) => {
            let text = String::from_utf8_lossy(&bytes);
            let lines: Vec<&str> = text.lines().collect();
            lines[lines.len().saturating_sub(n)..].join("\n")
        }
        Err(e) => format!("(no log at {}: {e})", path.display()),
    }
}

fn tail_chars(s: &str, n: usize) -> &str {
    let count = s.chars().count();
    if count <= n {
        return s;
    }
    let skip = s.char_indices().nth(count - n).map_or(0, |(i, _)| i);
    &s[skip..]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tail_chars_keeps_the_end() {
        assert_eq!(tail_chars("héllo", 3), "llo");
        assert_eq!(tail_chars("ab", 5), "ab");
    }

    #[test]
    fn testid_selector() {
        assert_eq!(tid("kiosk-send"), "[data-testid=\"kiosk-send\"]");
    }
}
