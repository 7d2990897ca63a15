//! The end-to-end harness: the real `cx-desktop` binary on its own Xvfb display, driven over
//! WebDriver (tauri-driver → WebKitWebDriver), with a fresh data folder and SQLite file per test.
//!
//! ```text
//! test ──HTTP 127.0.0.1──▶ tauri-driver ──▶ WebKitWebDriver ──launches──▶ cx-desktop (+ WebKit)
//!                              ▲ env: DISPLAY=:N, XDG_* → temp, CX_DATABASE_URL, CX_EXPORT_DIR …
//! ```
//! - [`App::launch`] starts Xvfb and tauri-driver (each in its own process group, so dropping the
//!   [`App`] — also when a test panics — kills the driver, WebKitWebDriver, the app and its WebKit
//!   processes), then opens a WebDriver session on the app.
//! - Several apps may run at once, each with its own display and ports: e.g. a kiosk station and
//!   an agent desk on one PostgreSQL database ([`Options::station`], [`Options::database_url`]).
//! - Windows are found by URL (`?window=workspace|kiosk|history`): WebDriver names them
//!   `page-<UUID>` in no stable order.
//! - Every wait is bounded (see [`Timeouts`]); a failure names the window, what was awaited and the
//!   window's last DOM text, and saves screenshots of every window the test used.
//! - Screenshots and the app's log go to `target/e2e-screenshots/<test>/` (printed at the end).
//!
//! The binary is `$CX_DESKTOP_BIN`, else `<target dir>/debug/cx-desktop`; it must have been built
//! with the UI (`npm run build` in `ui/`, then `cargo build -p cx-desktop`).

pub mod app;
pub mod axe;
pub mod db;
pub mod paths;
pub mod procs;
pub mod pss;

pub use app::{App, Options, Timeouts};
pub use db::Db;
