//! The support lead's report at scale (issue #14, goal 4): 100 000 generated sessions over 90 days
//! (`reports::demo::generate`: channels, escalations with waits, agents, CSAT, sentiment insights,
//! topics, holds) in a SQLite file, and on PostgreSQL when `CX_TEST_POSTGRES_URL` names a server.
//!
//! Measured: `reports::build` over the last 30 days and over all 90, and `reports::sessions` for
//! two figures (a page of 500 ids). Goal: the report over 100 k sessions in under a second. Prints
//! p50 and the slowest of a few timed runs per query beside the goal (and the machine's load
//! average: other work on a small machine shows), with the index migration m0012 adds and again
//! without it (same data, same load), then criterion's figures for SQLite.
//!
//! Run: `cargo bench -p cx-core --bench reports` (the table only: add `-- 'nothing^'`);
//! `CX_BENCH_REPORT_SESSIONS=20000` for a smaller database; `CX_BENCH_REPORT_DB=/tmp/r.db` keeps the
//! SQLite file (for a look at the query plans).

#[path = "common/figures.rs"]
mod figures;

use chrono::{Duration as Days, NaiveDate};
use criterion::{Criterion, criterion_group, criterion_main};
use cx_core::Core;
use cx_core::config::Config;
use cx_core::core::testing::{POSTGRES_ENV, seeded};
use cx_core::db::entity::EscalationReason;
use cx_core::escalation::grounding::ClaimKind;
use cx_core::reports::{self, Figure, Outcome, ReportQuery, demo};
use figures::Figure as Row;
use sea_orm::sea_query::{Alias, Index};
use sea_orm::{ConnectionTrait, DatabaseConnection};
use std::time::{Duration, Instant};

const DEFAULT_SESSIONS: u64 = 100_000;
const DAYS: u32 = 90;
const SEED: u64 = 14;
const GOAL_MS: f64 = 1000.0;
const TIMED_RUNS: usize = 7;
/// The index m0012 adds (`reports` measures with and without it).
const REPORT_INDEX: &str = "idx_sessions_customer_id_created_at";

fn sessions_wanted() -> u64 {
    std::env::var("CX_BENCH_REPORT_SESSIONS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(DEFAULT_SESSIONS)
}

/// The queries measured, by name.
fn queries(last_day: NaiveDate) -> Vec<(&'static str, ReportQuery, Option<Figure>)> {
    let days = |n: i64| ReportQuery {
        from: last_day - Days::days(n - 1),
        to: last_day,
        channel: None,
    };
    vec![
        ("build, 30 days", days(30), None),
        ("build, 90 days", days(i64::from(DAYS)), None),
        (
            "sessions, 90 days: reopened",
            days(i64::from(DAYS)),
            Some(Figure {
                outcome: Some(Outcome::Reopened),
                ..Default::default()
            }),
        ),
        (
            "sessions, 90 days: holds with a money claim",
            days(i64::from(DAYS)),
            Some(Figure {
                reason: Some(EscalationReason::HallucinationRisk),
                claim_kind: Some(ClaimKind::Money),
                ..Default::default()
            }),
        ),
    ]
}

async fn run(db: &DatabaseConnection, q: &ReportQuery, figure: &Option<Figure>) -> u64 {
    match figure {
        None => reports::build(db, q).await.expect("report").sessions.total,
        Some(f) => reports::sessions(db, q, f, 500)
            .await
            .expect("sessions")
            .len() as u64,
    }
}

/// Generates the sessions; returns the last day.
fn generate(
    rt: &tokio::runtime::Runtime,
    backend: &str,
    db: &DatabaseConnection,
    n: u64,
) -> NaiveDate {
    let started = Instant::now();
    let g = rt
        .block_on(demo::generate(db, n, DAYS, SEED))
        .expect("generate sessions");
    println!(
        "{backend}: {} sessions, {} customers, {} to {}, generated in {:.1} s",
        g.sessions,
        g.customers,
        g.first_day,
        g.last_day,
        started.elapsed().as_secs_f64()
    );
    g.last_day
}

/// Times each query (a warm-up, then [`TIMED_RUNS`]); returns the table's rows.
fn time_queries(
    rt: &tokio::runtime::Runtime,
    label: &str,
    db: &DatabaseConnection,
    last_day: NaiveDate,
) -> Vec<Row> {
    println!("  {label}");
    let mut rows = vec![];
    for (name, q, figure) in queries(last_day) {
        let found = rt.block_on(run(db, &q, &figure));
        let mut times: Vec<Duration> = (0..TIMED_RUNS)
            .map(|_| {
                let t = Instant::now();
                rt.block_on(run(db, &q, &figure));
                t.elapsed()
            })
            .collect();
        times.sort();
        let ms = |d: Duration| d.as_secs_f64() * 1e3;
        let (p50, max) = (ms(times[times.len() / 2]), ms(times[times.len() - 1]));
        println!(
            "    {name:<45} p50 {p50:>8.1} ms  max {max:>8.1} ms  (goal {GOAL_MS} ms; {found} {})",
            if figure.is_some() { "ids" } else { "sessions" }
        );
        rows.push(Row::at_most(
            format!("{label}: {name} (p50)"),
            p50,
            "ms",
            GOAL_MS,
        ));
    }
    rows
}

/// The index migration m0012 adds for the reports, dropped or made again: the figures with and
/// without it, on the same data and under the same load.
fn report_index(rt: &tokio::runtime::Runtime, db: &DatabaseConnection, present: bool) {
    let backend = db.get_database_backend();
    let sql = match present {
        true => backend.build(
            &Index::create()
                .name(REPORT_INDEX)
                .table(Alias::new("sessions"))
                .col(Alias::new("customer_id"))
                .col(Alias::new("created_at"))
                .to_owned(),
        ),
        false => backend.build(
            &Index::drop()
                .name(REPORT_INDEX)
                .table(Alias::new("sessions"))
                .to_owned(),
        ),
    };
    rt.block_on(db.execute_raw(sql))
        .expect("change the report index");
}

/// Measures `db` with the report index, then without it (then puts it back).
fn measure(
    rt: &tokio::runtime::Runtime,
    backend: &str,
    db: &DatabaseConnection,
    n: u64,
) -> (Vec<Row>, NaiveDate) {
    let last_day = generate(rt, backend, db, n);
    let mut rows = time_queries(
        rt,
        &format!("{backend}, with the m0012 index"),
        db,
        last_day,
    );
    report_index(rt, db, false);
    let without = time_queries(rt, &format!("{backend}, without it"), db, last_day);
    report_index(rt, db, true);
    rows.extend(without.into_iter().map(|mut r| {
        r.goal = None;
        r
    }));
    (rows, last_day)
}

fn benches(c: &mut Criterion) {
    let load = figures::load_average();
    let n = sessions_wanted();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let dir = tempfile::tempdir().expect("temp dir");
    // CX_BENCH_REPORT_DB keeps the file for a look at the query plans (replaced at each run).
    let file = match std::env::var_os("CX_BENCH_REPORT_DB") {
        Some(path) => {
            let path = std::path::PathBuf::from(path);
            for suffix in ["", "-wal", "-shm"] {
                let mut p = path.clone().into_os_string();
                p.push(suffix);
                let _ = std::fs::remove_file(p);
            }
            path
        }
        None => dir.path().join("reports.db"),
    };
    let core = rt.block_on(async {
        Core::open(&cx_core::db::sqlite_url(&file), &Config::default_dir())
            .await
            .expect("open a SQLite file")
    });
    println!("reports: {n} sessions over {DAYS} days (load average {load})");
    let (mut rows, last_day) = measure(&rt, "SQLite", &core.db, n);

    match std::env::var(POSTGRES_ENV).ok().filter(|u| !u.is_empty()) {
        Some(_) => {
            // `seeded` makes a database of its own on the server.
            let t = rt.block_on(seeded());
            let (pg, _) = measure(&rt, "PostgreSQL", &t.db, n);
            rows.extend(pg);
        }
        None => println!(
            "PostgreSQL skipped: {POSTGRES_ENV} is not set (start a server with \
             scripts/postgres.sh to measure it too)"
        ),
    }
    figures::save(
        "reports",
        &format!("{n} sessions over {DAYS} days; load average {load}"),
        &rows,
    );

    let mut g = c.benchmark_group("reports");
    g.sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5));
    for (name, q, figure) in queries(last_day) {
        let id = name.replace([',', ':'], "").replace(' ', "_");
        g.bench_function(id, |b| b.iter(|| rt.block_on(run(&core.db, &q, &figure))));
    }
    g.finish();
}

criterion_group!(reports_bench, benches);
criterion_main!(reports_bench);
