//! `cx-agent events`: the core's events as JSON lines as they happen, whichever process caused
//! them (the shape `CoreEvent` serializes to, one per line, flushed per line).

use crate::DbArg;
use cx_core::events::{self, CoreEvent, Events};
use std::io::Write;
use std::process::ExitCode;
use tokio::io::AsyncReadExt;
use tokio::sync::broadcast::error::RecvError;

#[derive(clap::Args)]
pub struct EventsArgs {
    #[command(flatten)]
    pub db: DbArg,
}

pub async fn run(args: EventsArgs) -> cx_core::Result<ExitCode> {
    let core = args.db.open().await?;
    let followed = Events::default();
    let mut rx = followed.subscribe();
    events::watch(&core.db, &followed).await?;
    // On stderr, so stdout stays JSON lines only: scripts (and the tests) wait for it.
    eprintln!(
        "cx-agent events: following {}",
        cx_core::db::redact(&args.db.url())
    );
    let mut stdin_closed = tokio::spawn(async {
        let mut stdin = tokio::io::stdin();
        let mut buf = [0u8; 256];
        while matches!(stdin.read(&mut buf).await, Ok(n) if n > 0) {}
    });
    loop {
        tokio::select! {
            got = rx.recv() => match got {
                Ok(event) => {
                    if !print(&event) {
                        break; // stdout closed
                    }
                }
                Err(RecvError::Lagged(n)) => {
                    tracing::warn!(skipped = n, "events skipped (output too slow)");
                }
                Err(RecvError::Closed) => break,
            },
            _ = &mut stdin_closed => break,
            _ = tokio::signal::ctrl_c() => break,
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// One line; false once stdout is gone.
fn print(event: &CoreEvent) -> bool {
    let Ok(line) = serde_json::to_string(event) else {
        return true;
    };
    let mut out = std::io::stdout().lock();
    writeln!(out, "{line}").and_then(|()| out.flush()).is_ok()
}
