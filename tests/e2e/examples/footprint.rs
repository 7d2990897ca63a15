//! Start-up time and idle memory of a built cx-desktop; run by `scripts/footprint.sh` (read its
//! header for the method). Prints figures only: it is a measurement, not a test.
//!
//! ```text
//! cargo run -p cx-e2e --example footprint -- [--app PATH] [--runs N] [--settle SECS]
//! ```

use cx_e2e::app::{ENV_REMOVED, app_env, make_app_dirs};
use cx_e2e::procs::{Proc, Xvfb};
use cx_e2e::pss::{self, ProcMem};
use cx_e2e::{App, Options, paths};
use fantoccini::wd::WindowHandle;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

const QUEUE_GOAL_MS: f64 = 1000.0;
const PSS_GOAL_MB: f64 = 250.0;

/// Polled in the workspace: is the queue rendered with its data (sections present, the
/// "Loading…" line gone)? `now` is the page's clock, the same wall clock as the harness's.
const QUEUE_PROBE: &str = r#"
    const q = document.querySelector('[data-testid="queue-waiting"]');
    const loading = !!document.body && document.body.innerText.includes('Loading…');
    const nav = performance.getEntriesByType('navigation')[0];
    return {
        url: location.href, section: !!q, queue: !!q && !loading, now: Date.now(),
        origin: performance.timeOrigin,
        dcl: nav && nav.domContentLoadedEventEnd > 0 ? nav.domContentLoadedEventEnd : null,
    };"#;

struct Args {
    app: PathBuf,
    runs: usize,
    settle: Duration,
}

fn args() -> Args {
    let mut a = Args {
        app: paths::target_dir().join("release/cx-desktop"),
        runs: 3,
        settle: Duration::from_secs(5),
    };
    let mut it = std::env::args().skip(1);
    while let Some(k) = it.next() {
        let v = it.next().unwrap_or_else(|| panic!("{k} needs a value"));
        match k.as_str() {
            "--app" => a.app = PathBuf::from(v),
            "--runs" => a.runs = v.parse().expect("--runs N"),
            "--settle" => a.settle = Duration::from_secs(v.parse().expect("--settle SECS")),
            _ => panic!("unknown argument {k}"),
        }
    }
    assert!(a.app.is_file(), "no app binary at {}", a.app.display());
    assert!(
        a.runs >= 2,
        "--runs must be at least 2 (one cold start, then warm ones)"
    );
    a.app = a.app.canonicalize().expect("the app's path");
    a
}

fn epoch_ms(t: SystemTime) -> f64 {
    t.duration_since(UNIX_EPOCH)
        .unwrap_or_default()
        .as_secs_f64()
        * 1000.0
}

fn mb(kib: u64) -> f64 {
    kib as f64 / 1024.0
}

/// Memory of one moment: the app's tree, and how many other programs' WebKit processes ran.
struct Mem {
    procs: Vec<ProcMem>,
    other_webkit: usize,
}

impl Mem {
    fn of_tree(root: u32) -> Mem {
        let procs = pss::tree_mem(root);
        let ours: Vec<u32> = procs.iter().map(|m| m.pid).collect();
        let other_webkit = pss::others_named("WebKitWebProces", &ours);
        Mem {
            procs,
            other_webkit,
        }
    }

    fn pss(&self) -> f64 {
        mb(self.procs.iter().map(|m| m.pss_kib).sum())
    }

    fn uss(&self) -> f64 {
        mb(self.procs.iter().map(|m| m.uss_kib).sum())
    }

    fn line(&self) -> String {
        let parts = self
            .procs
            .iter()
            .map(|m| format!("{} {:.0}", m.name, mb(m.pss_kib)))
            .collect::<Vec<_>>()
            .join(", ");
        let others = if self.other_webkit > 0 {
            format!(
                "; {} other WebKitWebProcess on the machine (shared pages split → lower PSS)",
                self.other_webkit
            )
        } else {
            String::new()
        };
        format!(
            "PSS {:.1} MB, USS {:.1} MB  [PSS: {parts}]{others}",
            self.pss(),
            self.uss()
        )
    }
}

fn median(mut v: Vec<f64>) -> f64 {
    v.retain(|x| !x.is_nan());
    if v.is_empty() {
        return f64::NAN;
    }
    v.sort_by(|a, b| a.total_cmp(b));
    let mid = v.len() / 2;
    if v.len().is_multiple_of(2) {
        (v[mid - 1] + v[mid]) / 2.0
    } else {
        v[mid]
    }
}

/// Launch → queue shown, measured by polling the workspace's DOM every ~10 ms. All in ms after
/// the launch.
struct Startup {
    /// The app's first log line ("starting") and "database ready" (its log's UTC clock).
    log_start_ms: f64,
    log_db_ready_ms: f64,
    /// The WebDriver session granted (the app connected to WebKitWebDriver).
    session_ms: f64,
    /// The workspace page's navigation start (`performance.timeOrigin`).
    navigation_ms: f64,
    /// Its DOMContentLoaded handlers done (the scripts have run).
    dom_ready_ms: f64,
    /// First poll that saw the queue's sections (possibly still "Loading…").
    section_ms: f64,
    /// First poll that saw the queue rendered with its data.
    queue_ms: f64,
}

/// Milliseconds since the epoch of a log line starting with an RFC 3339 UTC time
/// (`2026-11-24T00:46:04.763001Z …`, colour codes allowed), on the day of `near_ms`.
fn log_line_ms(line: &str, near_ms: f64) -> Option<f64> {
    let plain: String = {
        let mut out = String::new();
        let mut esc = false;
        for c in line.chars() {
            match (esc, c) {
                (false, '\x1b') => esc = true,
                (true, 'm') => esc = false,
                (true, _) => {}
                (false, c) => out.push(c),
            }
        }
        out
    };
    let t = plain.split_whitespace().next()?;
    let time = t.split('T').nth(1)?.trim_end_matches('Z');
    let mut hms = time.split(':');
    let h: f64 = hms.next()?.parse().ok()?;
    let m: f64 = hms.next()?.parse().ok()?;
    let s: f64 = hms.next()?.parse().ok()?;
    let day_ms = 86_400_000.0;
    let midnight = (near_ms / day_ms).floor() * day_ms;
    let mut ms = midnight + (h * 3600.0 + m * 60.0 + s) * 1000.0;
    if ms - near_ms > day_ms / 2.0 {
        ms -= day_ms; // the log's line is from just before midnight
    }
    Some(ms)
}

fn log_mark(log: &Path, needle: &str, t0: f64) -> f64 {
    std::fs::read_to_string(log)
        .ok()
        .and_then(|text| {
            text.lines()
                .find(|l| l.contains(needle))
                .and_then(|l| log_line_ms(l, t0))
        })
        .map_or(f64::NAN, |ms| ms - t0)
}

async fn time_to_queue(app: &App) -> Startup {
    let t0 = epoch_ms(app.session_requested_at());
    let session_ms = epoch_ms(app.session_ready_at()) - t0;
    let c = app.client();
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut workspace: Option<WindowHandle> = None;
    let mut section_ms = f64::NAN;
    while Instant::now() < deadline {
        let handles = match &workspace {
            Some(h) => vec![h.clone()],
            None => c.windows().await.unwrap_or_default(),
        };
        for h in handles {
            if workspace.is_none() && c.switch_to_window(h.clone()).await.is_err() {
                continue;
            }
            let Ok(v) = c.execute(QUEUE_PROBE, vec![]).await else {
                continue;
            };
            if !v["url"].as_str().unwrap_or("").contains("window=workspace") {
                continue;
            }
            workspace = Some(h);
            let now = v["now"].as_f64().unwrap_or(f64::NAN) - t0;
            if v["section"] == Value::Bool(true) && section_ms.is_nan() {
                section_ms = now;
            }
            if v["queue"] == Value::Bool(true) {
                let origin = v["origin"].as_f64().unwrap_or(f64::NAN);
                let log = app.artifacts().join("app.log");
                return Startup {
                    log_start_ms: log_mark(&log, "starting", t0),
                    log_db_ready_ms: log_mark(&log, "database ready", t0),
                    session_ms,
                    navigation_ms: origin - t0,
                    dom_ready_ms: origin + v["dcl"].as_f64().unwrap_or(f64::NAN) - t0,
                    section_ms,
                    queue_ms: now,
                };
            }
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("the workspace did not show its queue within 60 s");
}

struct Sample {
    startup: Startup,
    both: Mem,
    workspace_only: Mem,
}

/// One launch with `home` as the app's folder (cold the first time, warm after).
async fn one_run(a: &Args, mode_env: &[(&str, &str)], home: &Path, n: usize) -> Sample {
    let mut opts = Options::new()
        .binary(&a.app)
        .home(home)
        .no_window_wait()
        .no_screenshots();
    for (k, v) in mode_env {
        opts = opts.env(k, *v);
    }
    let mut app = App::launch(&format!("footprint-{n}"), opts).await;
    let startup = time_to_queue(&app).await;
    let pid = pss::find_descendant_by_exe(app.driver_pid(), &a.app)
        .expect("the app process under tauri-driver");

    tokio::time::sleep(a.settle).await;
    let both = Mem::of_tree(pid);

    app.window("kiosk").await;
    app.close_current_window().await;
    app.window("workspace").await;
    tokio::time::sleep(a.settle).await;
    let workspace_only = Mem::of_tree(pid);
    app.finish().await;
    Sample {
        startup,
        both,
        workspace_only,
    }
}

/// The same app started directly (no WebDriver automation), both windows, for comparison.
fn direct_both_windows(a: &Args, mode_env: &[(&str, &str)]) -> Mem {
    let tmp = tempfile::tempdir().expect("temp dir");
    make_app_dirs(tmp.path());
    let log = tmp.path().join("app.log");
    let xvfb = Xvfb::start("1400x900x24", &tmp.path().join("xvfb.log"));
    let mut cmd = Command::new(&a.app);
    for k in ENV_REMOVED {
        cmd.env_remove(k);
    }
    cmd.envs(app_env(tmp.path(), &xvfb.display()));
    cmd.envs(mode_env.iter().copied());
    let proc = Proc::spawn("cx-desktop", &mut cmd, &log).expect("starting the app");
    // No DOM to watch here: give it the start-up time plus the same settling time.
    std::thread::sleep(Duration::from_secs(3) + a.settle);
    let mem = Mem::of_tree(proc.pid());
    drop(proc);
    drop(xvfb);
    mem
}

fn fmt_ms(v: f64) -> String {
    if v.is_nan() {
        "?".into()
    } else {
        format!("{v:.0}")
    }
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let a = args();
    println!("app: {}", a.app.display());
    println!(
        "runs per mode: {} (run 1 a cold start: new database, migrations, demo data; then warm \
         starts on the same folder); idle = {} s after the queue showed, and {} s after closing \
         the kiosk",
        a.runs,
        a.settle.as_secs(),
        a.settle.as_secs()
    );
    println!("times in ms after launch; PSS/USS summed over the app and its WebKit processes");
    let modes: [(&str, &[(&str, &str)]); 2] = [
        ("default", &[]),
        (
            "WEBKIT_DISABLE_COMPOSITING_MODE=1",
            &[("WEBKIT_DISABLE_COMPOSITING_MODE", "1")],
        ),
    ];
    let mut summary = Vec::new();
    for (name, env) in modes {
        println!("\n== {name}");
        let home = tempfile::tempdir().expect("temp dir");
        let (mut cold, mut warm, mut both, mut alone, mut alone_uss) =
            (f64::NAN, Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for n in 1..=a.runs {
            let s = one_run(&a, env, home.path(), n).await;
            let st = &s.startup;
            println!(
                "run {n} ({}): queue shown {} ms  [app log 'starting' {}, 'database ready' {}, \
                 WebDriver session {}, workspace navigation {}, DOMContentLoaded {}, queue \
                 sections {}, with data {}]",
                if n == 1 { "cold" } else { "warm" },
                fmt_ms(st.queue_ms),
                fmt_ms(st.log_start_ms),
                fmt_ms(st.log_db_ready_ms),
                fmt_ms(st.session_ms),
                fmt_ms(st.navigation_ms),
                fmt_ms(st.dom_ready_ms),
                fmt_ms(st.section_ms),
                fmt_ms(st.queue_ms)
            );
            println!("       idle, workspace + kiosk: {}", s.both.line());
            println!(
                "       idle, workspace alone:   {}",
                s.workspace_only.line()
            );
            if n == 1 {
                cold = st.queue_ms;
            } else {
                warm.push(st.queue_ms);
            }
            both.push(s.both.pss());
            alone.push(s.workspace_only.pss());
            alone_uss.push(s.workspace_only.uss());
        }
        let direct = direct_both_windows(&a, env);
        println!(
            "direct start (no WebDriver), workspace + kiosk: {}",
            direct.line()
        );
        summary.push((
            name,
            cold,
            median(warm),
            median(both),
            median(alone),
            median(alone_uss),
            direct.pss(),
        ));
    }
    println!(
        "\n== summary (medians; goals: queue < {QUEUE_GOAL_MS:.0} ms, workspace alone < \
         {PSS_GOAL_MB:.0} MB PSS; load average now {})",
        std::fs::read_to_string("/proc/loadavg")
            .unwrap_or_default()
            .split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" ")
    );
    println!(
        "{:<34} {:>12} {:>12} {:>14} {:>18} {:>14} {:>16}",
        "mode",
        "cold (ms)",
        "warm (ms)",
        "PSS both (MB)",
        "PSS workspace (MB)",
        "USS ws (MB)",
        "PSS both direct"
    );
    for (name, cold, warm, b, w, wu, d) in summary {
        let mark = |ok: bool| if ok { "" } else { " ✗" };
        println!(
            "{name:<34} {:>12} {:>12} {b:>14.1} {:>18} {wu:>14.1} {d:>16.1}",
            format!("{}{}", fmt_ms(cold), mark(cold < QUEUE_GOAL_MS)),
            format!("{}{}", fmt_ms(warm), mark(warm < QUEUE_GOAL_MS)),
            format!("{w:.1}{}", mark(w < PSS_GOAL_MB)),
        );
    }
    println!("(✗ = over the goal)");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_log_times() {
        let near = 1_795_000_000_000.0_f64; // some time of some day
        let day = (near / 86_400_000.0).floor() * 86_400_000.0;
        let line = "\x1b[2m2026-11-24T01:02:03.500000Z\x1b[0m \x1b[32m INFO\x1b[0m starting";
        assert_eq!(log_line_ms(line, near), Some(day + 3_723_500.0));
        assert_eq!(log_line_ms("no time here", near), None);
    }

    #[test]
    fn median_of_odd_and_even() {
        assert_eq!(median(vec![3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(vec![4.0, 1.0]), 2.5);
        assert!(median(vec![f64::NAN]).is_nan());
    }
}
