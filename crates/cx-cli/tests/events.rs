//! `cx-agent events` as a script uses it: one process follows a SQLite file, another chats on it,
//! and the first prints the second's events as JSON lines; closing its stdin ends it.

use serde_json::Value;
use std::io::{BufRead, BufReader, Write};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_cx-agent"));
    c.env_remove("CX_DATABASE_URL")
        .env_remove("OPENAI_API_KEY")
        .env_remove("CX_LLM_API_KEY");
    c
}

/// Each line of `from`, as it comes.
fn lines(from: impl std::io::Read + Send + 'static) -> mpsc::Receiver<String> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(from).lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}

/// `cx-agent events` on `db`, once it says it follows the database; its stdout's lines.
fn follow(db: &str) -> (Child, mpsc::Receiver<String>) {
    let mut follower = bin()
        .args(["events", "--db", db])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let out = lines(follower.stdout.take().unwrap());
    let err = lines(follower.stderr.take().unwrap());
    let ready = err
        .recv_timeout(Duration::from_secs(30))
        .expect("events says it follows the database");
    assert!(ready.contains("following"), "{ready}");
    (follower, out)
}

#[test]
fn events_prints_what_another_process_wrote() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cx.db");
    let db = db.to_str().unwrap();
    let seeded = bin().args(["db", "seed", "--db", db]).output().unwrap();
    assert!(seeded.status.success(), "{seeded:?}");

    let (mut follower, out) = follow(db);

    let mut chat = bin()
        .args(["chat", "--db", db, "--json"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    chat.stdin.take().unwrap().write_all(b"Hello\n").unwrap();
    let chatted = chat.wait_with_output().unwrap();
    assert!(chatted.status.success());
    let turn: Value = serde_json::from_slice(&chatted.stdout).unwrap();
    let session = turn["session_id"].as_i64().unwrap();

    let mut seen: Vec<Value> = vec![];
    let end = Instant::now() + Duration::from_secs(10);
    let about = |seen: &[Value], kind: &str| {
        seen.iter()
            .filter(|e| e["type"] == kind && e["session_id"] == session)
            .count()
    };
    while about(&seen, "message_added") < 2 || about(&seen, "session_changed") == 0 {
        let left = end.saturating_duration_since(Instant::now());
        let Ok(line) = out.recv_timeout(left) else {
            panic!("no more events; got {seen:?}");
        };
        seen.push(serde_json::from_str(&line).unwrap_or_else(|e| panic!("not JSON: {line}: {e}")));
    }
    for e in &seen {
        assert!(e["session_id"].is_i64(), "{e}");
        if e["type"] == "message_added" {
            assert!(e["message_id"].is_i64() && e["role"].is_string(), "{e}");
        }
    }

    drop(follower.stdin.take());
    let end = Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(status) = follower.try_wait().unwrap() {
            assert!(status.success(), "{status}");
            break;
        }
        assert!(Instant::now() < end, "events ends when its stdin closes");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// On PostgreSQL, a change made with `cx-agent agents` (a process that ends at once) reaches a
/// follower as `team_changed`.
#[tokio::test]
async fn an_agents_change_from_the_terminal_reaches_a_follower_on_postgres() {
    if !std::env::var(cx_core::core::testing::POSTGRES_ENV).is_ok_and(|u| !u.is_empty()) {
        eprintln!("CX_TEST_POSTGRES_URL is not set: the PostgreSQL run is skipped");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = cx_core::core::testing::empty_url(dir.path()).await;
    let migrated = bin().args(["db", "migrate", "--db", &db]).output().unwrap();
    assert!(migrated.status.success(), "{migrated:?}");
    let (mut follower, out) = follow(&db);

    let mut add = bin()
        .args(["agents", "add", "sam", "--db", &db])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    add.stdin
        .take()
        .unwrap()
        .write_all(b"a long enough password\n")
        .unwrap();
    assert!(add.wait_with_output().unwrap().status.success());

    let line = out
        .recv_timeout(Duration::from_secs(5))
        .expect("the follower heard of the new agent");
    let e: Value = serde_json::from_str(&line).unwrap();
    assert_eq!(
        e,
        serde_json::json!({"type": "team_changed", "agent": "sam"})
    );
    drop(follower.stdin.take());
    let _ = follower.wait();
}
