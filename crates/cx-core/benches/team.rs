//! A team on one database (issue #10, item 8): 4 processes × 50 concurrent kiosk sessions, as
//! four kiosk stations would run, each process with its own core, pool and scripted
//! OpenAI-compatible server on 127.0.0.1 (zero added latency, the real async-openai client). Each
//! session takes 10 turns (customer line → two tool calls → grounded answer). Measured: turns per
//! second over the whole team, p50/p95 per turn (wall clock, model round trips included), errors,
//! and — read back from the database afterwards — that every customer line, tool row and answer
//! was stored exactly once (lost / duplicated). Then the delay of an event between two processes:
//! one writes (customer turns a few ms apart), the other follows the database and receives the
//! `MessageAdded` events (p50/p95/max from commit to delivery).
//!
//! On PostgreSQL (LISTEN/NOTIFY between the processes) and on a SQLite file (the processes share
//! the file; the busy handling of `db::connect` applies; the follower polls every 250 ms), for
//! comparison. The PostgreSQL half runs when `CX_TEST_POSTGRES_URL` names a server
//! (`scripts/postgres.sh` starts one):
//!
//! ```text
//! CX_TEST_POSTGRES_URL=postgres://cx@127.0.0.1:55440/postgres cargo bench -p cx-core --bench team
//! ```
//!
//! Without it only the SQLite half runs (and says so). The bench re-executes itself as the worker
//! processes (`CX_BENCH_TEAM_WORKER`); `CX_BENCH_TEAM_PROCESSES`, `CX_BENCH_TEAM_SESSIONS`,
//! `CX_BENCH_TEAM_TURNS` and `CX_BENCH_TEAM_EVENT_TURNS` change the sizes (4, 50, 10, 200);
//! `CX_BENCH_TEAM_SHARE=0` runs the kiosk stations without sharing their events (to see what
//! NOTIFY costs them). The figures are printed as a table and saved in
//! `target/bench-figures/team.json`.

#[path = "common/figures.rs"]
mod figures;
#[path = "common/script.rs"]
mod script;

use cx_core::config::Config;
use cx_core::core::testing::{POSTGRES_ENV, TestCore, seeded, seeded_sqlite};
use cx_core::db::entity::{Channel, MessageRole, message, session};
use cx_core::events::{CoreEvent, Events};
use cx_core::{Core, Engine};
use cx_llm::openai::{OpenAiConfig, OpenAiModel};
use cx_test_llm::ScriptedServer;
use figures::Figure;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QuerySelect,
};
use serde_json::{Value, json};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// Which worker this process is (unset: the parent that runs the bench).
const ROLE_ENV: &str = "CX_BENCH_TEAM_WORKER";
/// The database the workers open.
const URL_ENV: &str = "CX_BENCH_TEAM_URL";
/// A kiosk worker's station number.
const STATION_ENV: &str = "CX_BENCH_TEAM_STATION";
/// A worker's result line starts with this (anything else on stdout is passed over).
const RESULT: &str = "RESULT ";
const READY: &str = "READY";

/// The sizes of a run, from the environment (inherited by the workers).
#[derive(Clone, Copy)]
struct Sizes {
    processes: usize,
    sessions: usize,
    turns: usize,
    /// Turns the writer of the event-delay run takes (each stores four messages).
    event_turns: usize,
}

impl Sizes {
    fn from_env() -> Sizes {
        let get = |name: &str, default: usize| {
            std::env::var(name)
                .ok()
                .and_then(|v| v.trim().parse().ok())
                .filter(|&n: &usize| n > 0)
                .unwrap_or(default)
        };
        Sizes {
            processes: get("CX_BENCH_TEAM_PROCESSES", 4),
            sessions: get("CX_BENCH_TEAM_SESSIONS", 50),
            turns: get("CX_BENCH_TEAM_TURNS", 10),
            event_turns: get("CX_BENCH_TEAM_EVENT_TURNS", 200),
        }
    }
}

/// How long the event writer waits between two turns.
const EVENT_PACE: Duration = Duration::from_millis(5);
/// Turns per session in the event-delay run (then a new session).
const EVENT_TURNS_PER_SESSION: usize = 10;

fn main() {
    let role = std::env::var(ROLE_ENV).unwrap_or_default();
    match role.as_str() {
        "" => parent(),
        "kiosk" => run_worker(kiosk_worker()),
        "writer" => run_worker(writer_worker()),
        "listener" => run_worker(listener_worker()),
        other => panic!("{ROLE_ENV}={other}: not a worker this bench knows"),
    }
}

// ---------------------------------------------------------------------------------------------
// What every process shares: the scripted model and the customer's lines.

/// A customer line for turn `n` of visitor `visitor` at station `station`: unique in the whole
/// run, so a line stored twice, or in another session, shows.
fn line(station: usize, visitor: usize, n: usize) -> String {
    script::customer_line(
        &format!("Question {n} from kiosk {station} visitor {visitor}"),
        n,
    )
}

/// The wall clock in µs since the epoch. The processes run on one machine, so one clock serves
/// for a delay measured from one process to another.
fn now_us() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_micros() as i64)
        .unwrap_or_default()
}

/// CPU time this process used so far (all threads, user and system), in seconds; 0 where
/// `/proc` is not there. Linux counts it in ticks of 1/100 s.
fn process_cpu_s() -> f64 {
    std::fs::read_to_string("/proc/self/stat")
        .ok()
        .and_then(|s| {
            // After the command name (in parentheses), utime and stime are fields 12 and 13.
            let rest = s.rsplit_once(')')?.1;
            let f: Vec<&str> = rest.split_whitespace().collect();
            Some((f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?) / 100.0)
        })
        .unwrap_or(0.0)
}

/// The machine's CPU time so far: (busy, total) in ticks, from `/proc/stat`.
fn machine_cpu() -> (u64, u64) {
    std::fs::read_to_string("/proc/stat")
        .ok()
        .and_then(|s| {
            let f: Vec<u64> = s
                .lines()
                .next()?
                .split_whitespace()
                .skip(1)
                .filter_map(|v| v.parse().ok())
                .collect();
            let total: u64 = f.iter().take(8).sum();
            // idle and iowait are the 4th and 5th.
            let idle = f.get(3)? + f.get(4)?;
            Some((total - idle, total))
        })
        .unwrap_or((0, 0))
}

/// The value at quantile `q` (nearest rank) of sorted values.
fn quantile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    sorted[((sorted.len() as f64 - 1.0) * q).round() as usize]
}

fn sorted(mut v: Vec<f64>) -> Vec<f64> {
    v.sort_by(f64::total_cmp);
    v
}

// ---------------------------------------------------------------------------------------------
// The workers: each prints READY once set up, waits for a line on stdin (go, or stop), and
// prints its result as one JSON line.

fn run_worker(work: impl std::future::Future<Output = Value>) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let result = rt.block_on(work);
    let mut out = std::io::stdout().lock();
    writeln!(out, "{RESULT}{result}").expect("stdout");
    out.flush().expect("stdout");
}

fn env(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| panic!("worker without {name}"))
}

fn ready() {
    let mut out = std::io::stdout().lock();
    writeln!(out, "{READY}").expect("stdout");
    out.flush().expect("stdout");
}

/// Wait for the parent's next line (go / stop) without holding up the runtime. A worker whose
/// parent is gone (stdin closed) ends.
async fn parent_says() {
    let said = tokio::task::spawn_blocking(|| {
        let mut l = String::new();
        std::io::stdin().read_line(&mut l).unwrap_or(0) > 0
    })
    .await
    .unwrap_or(false);
    if !said {
        eprintln!("team bench worker: the parent is gone");
        std::process::exit(2);
    }
}

/// An engine on `url` as a station opens it (its own core and pool), answering through the
/// scripted server, its events shared with the other processes if `share` (a no-op on SQLite).
async fn station_engine(url: &str, share: bool) -> (Engine, ScriptedServer) {
    let core = Core::open(url, &Config::default_dir())
        .await
        .expect("open the core");
    let server = ScriptedServer::with_responder(script::responder)
        .await
        .expect("scripted server");
    let cfg = OpenAiConfig::custom(server.base_url(), "bench")
        .with_max_retries(0)
        .with_timeout(Duration::from_secs(30));
    let engine = Engine::new(core, Arc::new(OpenAiModel::new(cfg).expect("client")));
    if share {
        engine.share_events().await.expect("share events");
    }
    (engine, server)
}

/// A kiosk station: `sessions` visitors at once, each taking `turns` turns.
async fn kiosk_worker() -> Value {
    let url = env(URL_ENV);
    let station: usize = env(STATION_ENV).parse().expect("station number");
    let sizes = Sizes::from_env();
    let share = std::env::var("CX_BENCH_TEAM_SHARE").as_deref() != Ok("0");
    let (engine, _server) = station_engine(&url, share).await;
    let name = format!("bench-kiosk-{station}");
    let mut ids = Vec::with_capacity(sizes.sessions);
    for _ in 0..sizes.sessions {
        let s = engine
            .start_session_at(Channel::Kiosk, None, Some(&name), cx_core::Language::En)
            .await
            .expect("start a session");
        ids.push(s.id);
    }
    ready();
    parent_says().await;
    let start = Instant::now();
    let cpu_before = process_cpu_s();
    let mut tasks = Vec::with_capacity(ids.len());
    for (visitor, &id) in ids.iter().enumerate() {
        let engine = engine.clone();
        let turns = sizes.turns;
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::with_capacity(turns);
            let (mut replies, mut escalated) = (vec![], 0);
            let mut errors = vec![];
            for n in 1..=turns {
                let t = Instant::now();
                match engine.customer_turn(id, &line(station, visitor, n)).await {
                    Ok(out) => {
                        latencies.push(t.elapsed().as_secs_f64() * 1e3);
                        if out.reply.is_some() {
                            replies.push(n);
                        }
                        if out.escalated {
                            escalated += 1;
                        }
                    }
                    Err(e) => errors.push(json!({ "turn": n, "error": e.to_string() })),
                }
            }
            json!({
                "id": id, "visitor": visitor, "latencies_ms": latencies,
                "replied": replies, "escalated": escalated, "errors": errors,
            })
        }));
    }
    let mut sessions = Vec::with_capacity(tasks.len());
    for t in tasks {
        sessions.push(t.await.expect("session task"));
    }
    json!({
        "station": station,
        "elapsed_s": start.elapsed().as_secs_f64(),
        "cpu_s": process_cpu_s() - cpu_before,
        "sessions": sessions,
    })
}

/// The event writer: customer turns at a steady pace; the moment each `MessageAdded` was
/// emitted (right after its write committed), from its own event stream.
async fn writer_worker() -> Value {
    let url = env(URL_ENV);
    let sizes = Sizes::from_env();
    let (engine, _server) = station_engine(&url, true).await;
    let emitted = record(engine.subscribe());
    ready();
    parent_says().await;
    let (mut session, mut errors) = (0, vec![]);
    for k in 0..sizes.event_turns {
        if k % EVENT_TURNS_PER_SESSION == 0 {
            session = engine
                .start_session_at(
                    Channel::Kiosk,
                    None,
                    Some("bench-writer"),
                    cx_core::Language::En,
                )
                .await
                .expect("start a session")
                .id;
        }
        let n = k % EVENT_TURNS_PER_SESSION + 1;
        if let Err(e) = engine
            .customer_turn(session, &line(0, k / EVENT_TURNS_PER_SESSION, n))
            .await
        {
            errors.push(e.to_string());
        }
        tokio::time::sleep(EVENT_PACE).await;
    }
    // The last events reach the recorder.
    tokio::time::sleep(Duration::from_millis(100)).await;
    let (events, lagged) = emitted.take();
    json!({ "events": events, "lagged": lagged, "errors": errors })
}

/// The follower: receives the other process's events (`events::watch`: LISTEN on PostgreSQL,
/// polling a SQLite file) until the parent says stop; the moment each `MessageAdded` arrived.
async fn listener_worker() -> Value {
    let url = env(URL_ENV);
    let db = cx_core::db::connect(&url).await.expect("open the database");
    let events = Events::default();
    let received = record(events.subscribe());
    cx_core::events::watch(&db, &events)
        .await
        .expect("follow the database");
    ready();
    parent_says().await;
    let (events, lagged) = received.take();
    json!({ "events": events, "lagged": lagged })
}

/// `MessageAdded` events as they came: (message id, wall clock µs), and how many were missed
/// because the subscriber lagged.
type Recorded = (Vec<(i64, i64)>, u64);

struct Recorder {
    seen: Arc<Mutex<Recorded>>,
}

impl Recorder {
    fn take(&self) -> Recorded {
        std::mem::take(&mut *self.seen.lock().unwrap())
    }
}

fn record(mut rx: tokio::sync::broadcast::Receiver<CoreEvent>) -> Recorder {
    use tokio::sync::broadcast::error::RecvError;
    let seen = Arc::new(Mutex::new((Vec::new(), 0)));
    let into = seen.clone();
    tokio::spawn(async move {
        loop {
            match rx.recv().await {
                Ok(CoreEvent::MessageAdded { message_id, .. }) => {
                    let at = now_us();
                    into.lock().unwrap().0.push((message_id, at));
                }
                Ok(_) => {}
                Err(RecvError::Lagged(n)) => into.lock().unwrap().1 += n,
                Err(RecvError::Closed) => return,
            }
        }
    });
    Recorder { seen }
}

// ---------------------------------------------------------------------------------------------
// The parent.

/// A worker process and its pipes.
struct Worker {
    name: String,
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
}

impl Worker {
    fn spawn(name: String, role: &str, url: &str, extra: &[(&str, String)]) -> Worker {
        let exe = std::env::current_exe().expect("this bench's executable");
        let mut cmd = Command::new(exe);
        cmd.env(ROLE_ENV, role)
            .env(URL_ENV, url)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit());
        for (k, v) in extra {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().expect("spawn a worker");
        let stdin = child.stdin.take().unwrap();
        let stdout = BufReader::new(child.stdout.take().unwrap());
        Worker {
            name,
            child,
            stdin,
            stdout,
        }
    }

    /// The next line starting with `prefix` (the rest of it); panics when the worker ended first.
    fn expect_line(&mut self, prefix: &str) -> String {
        loop {
            let mut l = String::new();
            let n = self.stdout.read_line(&mut l).expect("read a worker");
            if n == 0 {
                let status = self.child.wait().ok();
                panic!(
                    "{} ended ({status:?}) before printing {prefix:?}: see its stderr above",
                    self.name
                );
            }
            if let Some(rest) = l.trim_end().strip_prefix(prefix) {
                return rest.to_owned();
            }
        }
    }

    fn ready(&mut self) {
        self.expect_line(READY);
    }

    fn say(&mut self, word: &str) {
        writeln!(self.stdin, "{word}").expect("write to a worker");
        self.stdin.flush().expect("write to a worker");
    }

    fn result(mut self) -> Value {
        let line = self.expect_line(RESULT);
        let status = self.child.wait().expect("wait for a worker");
        assert!(status.success(), "{} ended with {status}", self.name);
        serde_json::from_str(&line).expect("a worker's result")
    }
}

/// What one team run measured.
struct TeamRun {
    backend: &'static str,
    turns: usize,
    wall: Duration,
    p50: f64,
    p95: f64,
    max: f64,
    errors: usize,
    error_samples: Vec<String>,
    escalated: usize,
    /// CPU seconds the worker processes used while taking their turns.
    worker_cpu: f64,
    /// How busy the machine's CPUs were meanwhile (0–1): workers, database server, the rest.
    machine_busy: f64,
    check: Check,
}

impl TeamRun {
    fn rate(&self) -> f64 {
        self.turns as f64 / self.wall.as_secs_f64()
    }
}

/// What the database holds against what the turns reported.
#[derive(Default)]
struct Check {
    lost: usize,
    duplicated: usize,
    /// Details, one line each (what was lost or doubled where).
    notes: Vec<String>,
    /// Sessions whose message positions (`seq`) are not 1, 2, 3… without a gap or a double.
    bad_seq: usize,
    /// Sessions created during the run that no worker reported.
    stray_sessions: usize,
    rows: usize,
}

/// A detail of [`Check`], the first dozen kept.
fn note(c: &mut Check, text: String) {
    if c.notes.len() < 12 {
        c.notes.push(text);
    }
}

/// `processes` kiosk stations on `url`, all at once.
fn team_run(
    rt: &tokio::runtime::Runtime,
    backend: &'static str,
    t: &TestCore,
    sizes: Sizes,
) -> TeamRun {
    let baseline = rt.block_on(max_session_id(&t.db));
    let mut workers: Vec<Worker> = (0..sizes.processes)
        .map(|k| {
            Worker::spawn(
                format!("kiosk worker {k}"),
                "kiosk",
                &t.url,
                &[(STATION_ENV, k.to_string())],
            )
        })
        .collect();
    for w in &mut workers {
        w.ready();
    }
    let start = Instant::now();
    let machine_before = machine_cpu();
    for w in &mut workers {
        w.say("go");
    }
    let results: Vec<Value> = workers.into_iter().map(Worker::result).collect();
    let wall = start.elapsed();
    let machine_after = machine_cpu();
    let machine_busy = (machine_after.0 - machine_before.0) as f64
        / (machine_after.1 - machine_before.1).max(1) as f64;
    let worker_cpu: f64 = results.iter().filter_map(|r| r["cpu_s"].as_f64()).sum();

    let mut latencies = vec![];
    let (mut errors, mut escalated, mut error_samples) = (0, 0, vec![]);
    let mut expected = Vec::new();
    for r in &results {
        let station = r["station"].as_u64().unwrap() as usize;
        for s in r["sessions"].as_array().unwrap() {
            latencies.extend(
                s["latencies_ms"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .filter_map(Value::as_f64),
            );
            escalated += s["escalated"].as_u64().unwrap() as usize;
            let errs = s["errors"].as_array().unwrap();
            errors += errs.len();
            for e in errs.iter().take(3 - error_samples.len().min(3)) {
                error_samples.push(format!("session {}: {e}", s["id"]));
            }
            let failed: HashSet<usize> = errs
                .iter()
                .filter_map(|e| e["turn"].as_u64().map(|n| n as usize))
                .collect();
            let replied: HashSet<usize> = s["replied"]
                .as_array()
                .unwrap()
                .iter()
                .filter_map(|n| n.as_u64().map(|n| n as usize))
                .collect();
            expected.push(Expected {
                id: s["id"].as_i64().unwrap(),
                station,
                visitor: s["visitor"].as_u64().unwrap() as usize,
                failed,
                replied,
            });
        }
    }
    let turns = latencies.len();
    let lat = sorted(latencies);
    let check = rt.block_on(verify(&t.db, baseline, sizes.turns, &expected));
    TeamRun {
        backend,
        turns,
        wall,
        p50: quantile(&lat, 0.5),
        p95: quantile(&lat, 0.95),
        max: lat.last().copied().unwrap_or(f64::NAN),
        errors,
        error_samples,
        escalated,
        worker_cpu,
        machine_busy,
        check,
    }
}

async fn max_session_id(db: &DatabaseConnection) -> i64 {
    let max: Option<Option<i64>> = session::Entity::find()
        .select_only()
        .column_as(session::Column::Id.max(), "max_id")
        .into_tuple()
        .one(db)
        .await
        .expect("max session id");
    max.flatten().unwrap_or(0)
}

/// One session as its worker reported it.
struct Expected {
    id: i64,
    station: usize,
    visitor: usize,
    /// Turns that returned an error (their line may or may not be stored, but only once).
    failed: HashSet<usize>,
    /// Turns that returned an answer (stored with its two tool rows).
    replied: HashSet<usize>,
}

/// Every session the run created holds each line of its customer once (none lost, none doubled,
/// none from elsewhere), and an answer and two tool rows per answered turn.
async fn verify(
    db: &DatabaseConnection,
    baseline: i64,
    turns: usize,
    sessions: &[Expected],
) -> Check {
    let rows: Vec<(i64, i32, MessageRole, String)> = message::Entity::find()
        .select_only()
        .columns([
            message::Column::SessionId,
            message::Column::Seq,
            message::Column::Role,
            message::Column::Content,
        ])
        .filter(message::Column::SessionId.gt(baseline))
        .into_tuple()
        .all(db)
        .await
        .expect("read the messages back");
    let mut by_session: HashMap<i64, Vec<(i32, MessageRole, String)>> = HashMap::new();
    for (sid, seq, role, content) in rows.iter().cloned() {
        by_session
            .entry(sid)
            .or_default()
            .push((seq, role, content));
    }
    let mut c = Check {
        rows: rows.len(),
        ..Check::default()
    };
    let reported: HashSet<i64> = sessions.iter().map(|s| s.id).collect();
    let created: Vec<i64> = session::Entity::find()
        .select_only()
        .column(session::Column::Id)
        .filter(session::Column::Id.gt(baseline))
        .into_tuple()
        .all(db)
        .await
        .expect("read the sessions back");
    c.stray_sessions = created.iter().filter(|id| !reported.contains(id)).count();
    for s in sessions {
        let msgs = by_session.remove(&s.id).unwrap_or_default();
        let mut seqs: Vec<i32> = msgs.iter().map(|m| m.0).collect();
        seqs.sort_unstable();
        if seqs.iter().enumerate().any(|(i, &q)| q != i as i32 + 1) {
            c.bad_seq += 1;
            note(&mut c, format!("session {}: positions {seqs:?}", s.id));
        }
        let mut lines: BTreeMap<&str, usize> = BTreeMap::new();
        let (mut answers, mut tools) = (0usize, 0usize);
        for (_, role, content) in &msgs {
            match role {
                MessageRole::Customer => *lines.entry(content.as_str()).or_default() += 1,
                MessageRole::Assistant => answers += 1,
                MessageRole::Tool => tools += 1,
                other => note(&mut c, format!("session {}: a {other} message", s.id)),
            }
        }
        for n in 1..=turns {
            let want = line(s.station, s.visitor, n);
            let found = lines.remove(want.as_str()).unwrap_or(0);
            if found == 0 && !s.failed.contains(&n) {
                c.lost += 1;
                note(
                    &mut c,
                    format!("session {}: turn {n}'s line is missing", s.id),
                );
            }
            if found > 1 {
                c.duplicated += found - 1;
                note(
                    &mut c,
                    format!("session {}: turn {n}'s line {found} times", s.id),
                );
            }
        }
        for (text, k) in lines {
            c.duplicated += k;
            note(
                &mut c,
                format!("session {}: a line not its own: {text:?}", s.id),
            );
        }
        for (what, found, want) in [
            ("answers", answers, s.replied.len()),
            ("tool rows", tools, 2 * s.replied.len()),
        ] {
            if found < want {
                c.lost += want - found;
                note(
                    &mut c,
                    format!("session {}: {found} {what}, {want} expected", s.id),
                );
            } else if found > want {
                c.duplicated += found - want;
                note(
                    &mut c,
                    format!("session {}: {found} {what}, {want} expected", s.id),
                );
            }
        }
    }
    c
}

/// Delay of `MessageAdded` from the writing process to the following one.
struct Delay {
    label: &'static str,
    events: usize,
    p50: f64,
    p95: f64,
    max: f64,
    /// Written, never received.
    missing: usize,
    /// Received twice (a delivery the stream's dedup should have dropped).
    doubled: usize,
    writer_errors: usize,
}

fn event_delay(label: &'static str, url: &str, settle: Duration) -> Delay {
    let mut listener = Worker::spawn("event listener".into(), "listener", url, &[]);
    listener.ready();
    let mut writer = Worker::spawn("event writer".into(), "writer", url, &[]);
    writer.ready();
    writer.say("go");
    let sent = writer.result();
    // Whatever is still on its way arrives (a SQLite follower polls every 250 ms).
    std::thread::sleep(settle);
    listener.say("stop");
    let got = listener.result();
    let pairs = |v: &Value, key: &str| -> Vec<(i64, i64)> {
        v[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| (p[0].as_i64().unwrap(), p[1].as_i64().unwrap()))
            .collect()
    };
    let sent_at: HashMap<i64, i64> = pairs(&sent, "events").into_iter().collect();
    let mut received: HashMap<i64, i64> = HashMap::new();
    let mut doubled = 0;
    for (id, at) in pairs(&got, "events") {
        if received.insert(id, at).is_some() {
            doubled += 1;
        }
    }
    for (who, v) in [("writer", &sent), ("listener", &got)] {
        if v["lagged"].as_u64().unwrap_or(0) > 0 {
            eprintln!("event {who} lagged by {} events", v["lagged"]);
        }
    }
    let delays: Vec<f64> = sent_at
        .iter()
        .filter_map(|(id, at)| received.get(id).map(|r| (r - at) as f64 / 1e3))
        .collect();
    let missing = sent_at.len() - delays.len();
    let d = sorted(delays);
    Delay {
        label,
        events: sent_at.len(),
        p50: quantile(&d, 0.5),
        p95: quantile(&d, 0.95),
        max: d.last().copied().unwrap_or(f64::NAN),
        missing,
        doubled,
        writer_errors: sent["errors"].as_array().map_or(0, Vec::len),
    }
}

/// Drop the databases this process created on the test server (`cx_t_<pid>_*`: the seeded
/// template and its copy), so runs do not pile them up.
async fn drop_own_databases(server: &str) {
    let Ok(admin) = sea_orm::Database::connect(server).await else {
        return;
    };
    let pattern = format!("cx_t_{}_%", std::process::id());
    let names: Vec<String> = admin
        .query_all_raw(sea_orm::Statement::from_sql_and_values(
            sea_orm::DbBackend::Postgres,
            "SELECT datname FROM pg_database WHERE datname LIKE $1",
            [sea_orm::Value::from(pattern)],
        ))
        .await
        .map(|rows| {
            rows.iter()
                .filter_map(|r| r.try_get_by_index::<String>(0).ok())
                .collect()
        })
        .unwrap_or_default();
    for name in names {
        if let Err(e) = admin
            .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            .await
        {
            eprintln!("could not drop {name}: {e}");
        }
    }
    admin.close().await.ok();
}

fn parent() {
    let sizes = Sizes::from_env();
    // Before the bench's own processes add to it: what else was running.
    let load_before = figures::load_average();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let postgres = std::env::var(POSTGRES_ENV).ok().filter(|u| !u.is_empty());
    println!(
        "team: {} processes × {} kiosk sessions × {} turns; scripted model at zero latency",
        sizes.processes, sizes.sessions, sizes.turns
    );
    let mut runs = vec![];
    let mut delays = vec![];
    match &postgres {
        Some(server) => {
            // `seeded` makes a database of its own on the server named by CX_TEST_POSTGRES_URL.
            let t = rt.block_on(seeded());
            println!("PostgreSQL: {}", cx_core::db::redact(&t.url));
            runs.push(team_run(&rt, "PostgreSQL", &t, sizes));
            delays.push(event_delay(
                "PostgreSQL (LISTEN/NOTIFY)",
                &t.url,
                Duration::from_millis(500),
            ));
            rt.block_on(async {
                t.core.db.clone().close().await.ok();
                drop(t);
                drop_own_databases(server).await;
            });
        }
        None => println!(
            "PostgreSQL half skipped: {POSTGRES_ENV} is not set. To run it, start a server \
             (scripts/postgres.sh) and run\n  {POSTGRES_ENV}=postgres://USER@HOST:PORT/postgres \
             cargo bench -p cx-core --bench team"
        ),
    }
    let t = rt.block_on(seeded_sqlite());
    runs.push(team_run(&rt, "SQLite file", &t, sizes));
    delays.push(event_delay(
        "SQLite file (watch: polls 250 ms)",
        &t.url,
        Duration::from_millis(1000),
    ));
    drop(t);

    println!();
    println!(
        "{:<12} {:>9} {:>6} {:>8} {:>8} {:>8} {:>8} {:>5} {:>10} {:>6} {:>9}",
        "backend",
        "procs×ses",
        "turns",
        "turns/s",
        "p50 ms",
        "p95 ms",
        "max ms",
        "lost",
        "duplicated",
        "errors",
        "escalated"
    );
    for r in &runs {
        println!(
            "{:<12} {:>9} {:>6} {:>8.0} {:>8.2} {:>8.2} {:>8.1} {:>5} {:>10} {:>6} {:>9}",
            r.backend,
            format!("{}×{}", sizes.processes, sizes.sessions),
            r.turns,
            r.rate(),
            r.p50,
            r.p95,
            r.max,
            r.check.lost,
            r.check.duplicated,
            r.errors,
            r.escalated
        );
    }
    for r in &runs {
        println!(
            "  {}: {:.2} s wall; CPUs {:.0}% busy, the workers {:.1} ms CPU per turn; {} message \
             rows read back; {} sessions with a gap or double in their positions; {} sessions \
             nobody reported",
            r.backend,
            r.wall.as_secs_f64(),
            r.machine_busy * 100.0,
            r.worker_cpu * 1e3 / r.turns.max(1) as f64,
            r.check.rows,
            r.check.bad_seq,
            r.check.stray_sessions
        );
        for n in &r.check.notes {
            println!("    {n}");
        }
        for e in &r.error_samples {
            println!("    error: {e}");
        }
    }
    println!();
    println!(
        "{:<36} {:>6} {:>8} {:>8} {:>8} {:>7} {:>7}",
        "event delay, commit → other process",
        "events",
        "p50 ms",
        "p95 ms",
        "max ms",
        "missing",
        "doubled"
    );
    for d in &delays {
        println!(
            "{:<36} {:>6} {:>8.2} {:>8.2} {:>8.2} {:>7} {:>7}",
            d.label, d.events, d.p50, d.p95, d.max, d.missing, d.doubled
        );
        if d.writer_errors > 0 {
            println!("  {}: {} writer turns failed", d.label, d.writer_errors);
        }
    }

    let mut rows = vec![];
    for r in &runs {
        let b = r.backend;
        let who = format!("{b}, {}×{} sessions", sizes.processes, sizes.sessions);
        rows.push(Figure::info(
            format!("team on {who}: turns/s"),
            r.rate(),
            "turns/s",
        ));
        rows.push(Figure::info(
            format!("team on {who}: p95 per turn"),
            r.p95,
            "ms",
        ));
        rows.push(Figure::at_most(
            format!("team on {b}: messages lost"),
            r.check.lost as f64,
            "",
            0.0,
        ));
        rows.push(Figure::at_most(
            format!("team on {b}: messages duplicated"),
            r.check.duplicated as f64,
            "",
            0.0,
        ));
        rows.push(Figure::at_most(
            format!("team on {b}: failed turns"),
            r.errors as f64,
            "",
            0.0,
        ));
    }
    for d in &delays {
        rows.push(Figure::info(
            format!("event delay, {}: p50", d.label),
            d.p50,
            "ms",
        ));
        rows.push(Figure::info(
            format!("event delay, {}: p95", d.label),
            d.p95,
            "ms",
        ));
        rows.push(Figure::at_most(
            format!("event delay, {}: events missing", d.label),
            d.missing as f64,
            "",
            0.0,
        ));
    }
    let context = format!(
        "{} processes × {} sessions × {} turns, scripted model at zero latency, {}, load average \
         {} before the run",
        sizes.processes,
        sizes.sessions,
        sizes.turns,
        if postgres.is_some() {
            "PostgreSQL and SQLite"
        } else {
            "SQLite only (no CX_TEST_POSTGRES_URL)"
        },
        load_before
    );
    figures::save("team", &context, &rows);
}
