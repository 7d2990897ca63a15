//! Child processes the harness owns: Xvfb and tauri-driver. Each runs in its own process group;
//! stopping one signals the whole group, so WebKitWebDriver, the app and its WebKit processes
//! (which inherit the group) go with tauri-driver. Dropping a [`Proc`] stops it, so a panicking
//! test leaves nothing behind.

use std::fs::File;
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// A child process leading its own process group.
pub struct Proc {
    name: String,
    child: Child,
    stopped: bool,
}

impl Proc {
    /// Spawns `cmd` as the leader of a new process group, stdout and stderr appended to `log`.
    pub fn spawn(name: &str, cmd: &mut Command, log: &Path) -> std::io::Result<Proc> {
        let out = File::options().create(true).append(true).open(log)?;
        let err = out.try_clone()?;
        cmd.process_group(0)
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(err);
        let child = cmd.spawn()?;
        Ok(Proc {
            name: name.to_owned(),
            child,
            stopped: false,
        })
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Whether the leader has exited. Reads /proc instead of reaping it, so the group id stays
    /// reserved (a zombie keeps its pid) until [`Proc::stop`] has signalled the group.
    pub fn has_exited(&self) -> bool {
        match std::fs::read_to_string(format!("/proc/{}/stat", self.pid())) {
            Ok(stat) => proc_state(&stat) == Some('Z'),
            Err(_) => true,
        }
    }

    /// SIGTERM to the group, up to 3 s for the leader to exit, then SIGKILL to the group and reap.
    /// Idempotent.
    pub fn stop(&mut self) {
        if self.stopped {
            return;
        }
        self.stopped = true;
        let pgid = self.pid() as libc::pid_t;
        // SAFETY: killpg only sends a signal; `pgid` is the group this Proc created and whose
        // leader it has not reaped yet, so the id cannot belong to anyone else.
        unsafe { libc::killpg(pgid, libc::SIGTERM) };
        let deadline = Instant::now() + Duration::from_secs(3);
        while !self.has_exited() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(50));
        }
        // The leader is a zombie or still running: the group id is still ours.
        // SAFETY: as above.
        unsafe { libc::killpg(pgid, libc::SIGKILL) };
        if let Err(e) = self.child.wait() {
            eprintln!("e2e: waiting for {} failed: {e}", self.name);
        }
    }
}

impl Drop for Proc {
    fn drop(&mut self) {
        self.stop();
    }
}

/// The state letter of a `/proc/<pid>/stat` line (after the parenthesised name).
pub fn proc_state(stat: &str) -> Option<char> {
    let rest = &stat[stat.rfind(')')? + 1..];
    rest.trim_start().chars().next()
}

/// An Xvfb server on a display number nobody else uses.
pub struct Xvfb {
    proc: Proc,
    display: u32,
}

impl Xvfb {
    /// Starts `Xvfb :N -screen 0 <screen> -nolisten tcp` on the first free N from a per-process
    /// starting point; waits (≤ 10 s) for its socket.
    pub fn start(screen: &str, log: &Path) -> Xvfb {
        let start = 100 + std::process::id() % 400;
        let mut tried = Vec::new();
        for n in (start..start + 40).map(|n| 100 + (n - 100) % 500) {
            if Path::new(&format!("/tmp/.X{n}-lock")).exists()
                || Path::new(&format!("/tmp/.X11-unix/X{n}")).exists()
            {
                continue;
            }
            tried.push(n);
            let mut cmd = Command::new("Xvfb");
            cmd.arg(format!(":{n}"))
                .args(["-screen", "0", screen, "-nolisten", "tcp"]);
            let proc = Proc::spawn("Xvfb", &mut cmd, log)
                .unwrap_or_else(|e| panic!("cannot start Xvfb (apt package xvfb): {e}"));
            let socket = PathBuf::from(format!("/tmp/.X11-unix/X{n}"));
            let deadline = Instant::now() + Duration::from_secs(10);
            while Instant::now() < deadline {
                if proc.has_exited() {
                    break; // display taken meanwhile: try the next one
                }
                if socket.exists() {
                    return Xvfb { proc, display: n };
                }
                std::thread::sleep(Duration::from_millis(25));
            }
            drop(proc);
        }
        panic!(
            "Xvfb did not start on any of the displays {tried:?}; see {}",
            log.display()
        );
    }

    pub fn display(&self) -> String {
        format!(":{}", self.display)
    }

    pub fn pid(&self) -> u32 {
        self.proc.pid()
    }
}

/// A free TCP port on 127.0.0.1 (the OS picks; the listener is closed before use).
pub fn free_port() -> u16 {
    TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("binding 127.0.0.1:0")
}

/// tauri-driver on free ports, with the environment the app must see (the driver passes its own
/// environment to WebKitWebDriver, which passes it to the app).
pub struct Driver {
    proc: Proc,
    port: u16,
}

impl Driver {
    /// Starts tauri-driver and waits (≤ `timeout`) until it accepts connections on its port.
    /// Retries with other ports when it exits early (a port taken meanwhile).
    pub async fn start(
        env: &[(String, String)],
        env_remove: &[&str],
        log: &Path,
        timeout: Duration,
    ) -> Driver {
        let bin = crate::paths::tauri_driver();
        let mut last = String::new();
        for _attempt in 0..3 {
            let (port, native) = (free_port(), free_port());
            if port == native {
                continue;
            }
            let mut cmd = Command::new(&bin);
            cmd.args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native.to_string(),
            ]);
            for k in env_remove {
                cmd.env_remove(k);
            }
            cmd.envs(env.iter().map(|(k, v)| (k, v)));
            let proc = Proc::spawn("tauri-driver", &mut cmd, log)
                .unwrap_or_else(|e| panic!("cannot start {}: {e}", bin.display()));
            // tauri-driver listens at once but forwards to WebKitWebDriver, which it starts on
            // the native port: a session request before that one listens fails. Wait for both.
            let up = |p: u16| {
                let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, p));
                TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok()
            };
            let deadline = Instant::now() + timeout;
            while Instant::now() < deadline && !proc.has_exited() {
                if up(port) && up(native) {
                    return Driver { proc, port };
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            last = if proc.has_exited() {
                format!("tauri-driver exited early (ports {port}/{native})")
            } else {
                format!(
                    "tauri-driver/WebKitWebDriver not listening on {port}/{native} within {timeout:?}"
                )
            };
        }
        panic!("{last}; see {}", log.display());
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    pub fn pid(&self) -> u32 {
        self.proc.pid()
    }

    pub fn stop(&mut self) {
        self.proc.stop();
    }

    pub fn proc(&self) -> &Proc {
        &self.proc
    }
}

/// Bounds a whole test: unless disarmed first, SIGKILLs a process group after `limit`, so that a
/// WebDriver request the app never answers fails instead of hanging the run.
pub struct Watchdog {
    done: Arc<AtomicBool>,
}

impl Watchdog {
    /// Arms a watchdog on the process group led by `proc` (which must stay unreaped until the
    /// watchdog is disarmed: [`Proc::stop`] only reaps after signalling).
    pub fn arm(proc: &Proc, limit: Duration, what: &str) -> Watchdog {
        let done = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&done);
        let pgid = proc.pid() as libc::pid_t;
        let what = what.to_owned();
        std::thread::spawn(move || {
            let deadline = Instant::now() + limit;
            while Instant::now() < deadline {
                if flag.load(Ordering::SeqCst) {
                    return;
                }
                std::thread::sleep(Duration::from_millis(200));
            }
            if !flag.load(Ordering::SeqCst) {
                eprintln!("e2e watchdog: {what} ran longer than {limit:?}; killing the app");
                // SAFETY: only a signal; the group's leader is not reaped while armed.
                unsafe { libc::killpg(pgid, libc::SIGKILL) };
            }
        });
        Watchdog { done }
    }

    pub fn disarm(&self) {
        self.done.store(true, Ordering::SeqCst);
    }
}

impl Drop for Watchdog {
    fn drop(&mut self) {
        self.disarm();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn state_letter_after_the_name() {
        assert_eq!(proc_state("12 (a b) c) S 1 12"), Some('S'));
        assert_eq!(proc_state("7 (Xvfb) Z 1"), Some('Z'));
        assert_eq!(proc_state("garbage"), None);
    }

    #[test]
    fn free_ports_are_bindable() {
        let p = free_port();
        assert!(p > 0);
        TcpListener::bind((Ipv4Addr::LOCALHOST, p)).expect("the port is free");
    }
}
