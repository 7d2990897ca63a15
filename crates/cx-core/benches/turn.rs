//! Engine overhead per kiosk turn and concurrent throughput, against the scripted
//! OpenAI-compatible server on 127.0.0.1 (zero added latency) through the real async-openai client
//! and a real SQLite file. Model time (the HTTP round trips) is measured separately and subtracted,
//! so `kiosk_turn/*` is what the engine itself costs: validation, storage, policy, tools, the
//! claim ledger. Goals (issue #11): ≤ 1 ms median, and flat — turn 200 of a session within 1.5× of
//! turn 5; ≥ 1000 turns/s with 200 sessions taking turns at once. Besides criterion's output the
//! bench prints one table of p50/p95 with the goals next to them.

#[path = "common/figures.rs"]
mod figures;
#[path = "common/script.rs"]
mod script;

use async_trait::async_trait;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use cx_core::Engine;
use cx_core::core::testing::seeded;
use cx_core::db::entity::{Channel, message, session};
use cx_llm::openai::{OpenAiConfig, OpenAiModel};
use cx_llm::{ChatModel, ChatRequest, ChatResponse, LlmError};
use cx_test_llm::ScriptedServer;
use figures::Figure;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, Set};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// Wraps the real client and adds up the time spent waiting for it.
struct Timed {
    inner: OpenAiModel,
    nanos: AtomicU64,
}

#[async_trait]
impl ChatModel for Timed {
    fn name(&self) -> String {
        self.inner.name()
    }
    async fn complete(&self, r: &ChatRequest) -> Result<ChatResponse, LlmError> {
        let t = Instant::now();
        let out = self.inner.complete(r).await;
        self.nanos
            .fetch_add(t.elapsed().as_nanos() as u64, Ordering::Relaxed);
        out
    }
}

/// A customer line for turn `n` (never a repeat of an earlier one).
fn line(n: usize) -> String {
    script::customer_line(&format!("Question {n}"), n)
}

/// A copy of a session and its messages: many sessions at the same turn, made quickly.
async fn clone_session(db: &sea_orm::DatabaseConnection, template: i64) -> i64 {
    let s = session::Entity::find_by_id(template)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    let mut am = s.into_active_model();
    am.id = sea_orm::NotSet;
    let copy = am.insert(db).await.unwrap();
    let rows = message::Entity::find()
        .filter(message::Column::SessionId.eq(template))
        .all(db)
        .await
        .unwrap();
    let rows: Vec<message::ActiveModel> = rows
        .into_iter()
        .map(|m| {
            let mut am = m.into_active_model();
            am.id = sea_orm::NotSet;
            am.session_id = Set(copy.id);
            am
        })
        .collect();
    for chunk in rows.chunks(200) {
        message::Entity::insert_many(chunk.to_vec())
            .exec(db)
            .await
            .unwrap();
    }
    copy.id
}

/// p50 and p95 of a list of durations, in ms.
fn percentiles(mut d: Vec<Duration>) -> (f64, f64) {
    d.sort();
    let at = |q: f64| d[((d.len() as f64 - 1.0) * q).round() as usize].as_secs_f64() * 1e3;
    (at(0.5), at(0.95))
}

fn benches(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let (t, server) = rt.block_on(async {
        let t = seeded().await;
        let server = ScriptedServer::with_responder(script::responder)
            .await
            .unwrap();
        (t, server)
    });
    let cfg = OpenAiConfig::custom(server.base_url(), "bench")
        .with_max_retries(0)
        .with_timeout(Duration::from_secs(10));
    let timed = Arc::new(Timed {
        inner: OpenAiModel::new(cfg).unwrap(),
        nanos: AtomicU64::new(0),
    });
    let engine = Engine::new(t.core.clone(), timed.clone());
    let db = t.db.clone();

    // One turn on a fresh copy of `template` (None: a new session): the engine's own time.
    let one_turn = |template: Option<i64>, n: usize| {
        let (engine, timed, db) = (engine.clone(), timed.clone(), db.clone());
        async move {
            let id = match template {
                Some(t) => {
                    let id = clone_session(&db, t).await;
                    engine.customer_turn(id, &line(n - 1)).await.unwrap();
                    id
                }
                None => engine.start_session(Channel::Kiosk, None).await.unwrap().id,
            };
            let before = timed.nanos.load(Ordering::Relaxed);
            let start = Instant::now();
            let out = engine.customer_turn(id, &line(n)).await.unwrap();
            let total = start.elapsed();
            assert_eq!(out.tool_calls.len(), 2);
            assert!(!out.escalated, "turn {n}: {:?}", out.escalation);
            let model = Duration::from_nanos(timed.nanos.load(Ordering::Relaxed) - before);
            total.saturating_sub(model)
        }
    };

    // Templates: one session taken turn by turn to turn 3 and on to turn 198. A measured turn
    // runs on a copy after one unmeasured turn (4, or 199) has brought the engine's memory of the
    // copy up to date, as it is in a session that has been going on.
    let (at_3, at_198) = rt.block_on(async {
        let s = engine.start_session(Channel::Kiosk, None).await.unwrap();
        let mut at_3 = 0;
        for n in 1..=198 {
            let out = engine.customer_turn(s.id, &line(n)).await.unwrap();
            assert!(!out.escalated, "turn {n}: {:?}", out.escalation);
            if n == 3 {
                at_3 = clone_session(&db, s.id).await;
            }
        }
        (at_3, s.id)
    });

    let mut g = c.benchmark_group("kiosk_turn");
    g.sample_size(30);
    for (name, template, n) in [
        ("engine_overhead", None, 1),
        ("turn_5", Some(at_3), 5),
        ("turn_200", Some(at_198), 200),
    ] {
        g.bench_function(name, |b| {
            b.iter_custom(|iters| {
                rt.block_on(async {
                    let mut overhead = Duration::ZERO;
                    for _ in 0..iters {
                        overhead += one_turn(template, n).await;
                    }
                    overhead
                })
            })
        });
    }
    g.finish();

    // The sessions are started first; then each takes one turn, all at once. Returns the time
    // from the first turn's start to the last one's end, and each turn's own time.
    let many_turns = |sessions: usize| {
        let engine = engine.clone();
        async move {
            let mut started = Vec::with_capacity(sessions);
            for _ in 0..sessions {
                started.push(engine.start_session(Channel::Kiosk, None).await.unwrap());
            }
            let all = Instant::now();
            let mut tasks = Vec::with_capacity(sessions);
            for s in started {
                let e = engine.clone();
                tasks.push(tokio::spawn(async move {
                    let start = Instant::now();
                    let out = e.customer_turn(s.id, &line(1)).await?;
                    Ok::<_, cx_core::CoreError>((s.id, out, start.elapsed()))
                }));
            }
            let mut times = Vec::with_capacity(sessions);
            for task in tasks {
                let (id, out, took) = task
                    .await
                    .expect("task")
                    .expect("no turn may fail under load");
                assert!(!out.escalated);
                times.push((id, took));
            }
            (all.elapsed(), times)
        }
    };
    let mut g = c.benchmark_group("concurrent");
    g.sample_size(10).measurement_time(Duration::from_secs(20));
    g.throughput(Throughput::Elements(200));
    g.bench_function("200_sessions_one_turn_each", |b| {
        b.iter_custom(|iters| {
            rt.block_on(async {
                let mut spent = Duration::ZERO;
                for _ in 0..iters {
                    spent += many_turns(200).await.0;
                }
                spent
            })
        })
    });
    g.finish();

    // The table: p50/p95 of each, with the goals next to them.
    let samples = |template: Option<i64>, n: usize| {
        rt.block_on(async {
            let mut d = Vec::with_capacity(100);
            for _ in 0..100 {
                d.push(one_turn(template, n).await);
            }
            percentiles(d)
        })
    };
    let first = samples(None, 1);
    let t5 = samples(Some(at_3), 5);
    let t200 = samples(Some(at_198), 200);
    let (rate, per_turn, ids) = rt.block_on(async {
        let mut spent = Duration::ZERO;
        let mut all = vec![];
        for _ in 0..5 {
            let (took, times) = many_turns(200).await;
            spent += took;
            all.extend(times);
        }
        let rate = all.len() as f64 / spent.as_secs_f64();
        let (ids, times): (Vec<i64>, Vec<Duration>) = all.into_iter().unzip();
        (rate, percentiles(times), ids)
    });
    // No message lost: every turn stored the customer's line, two tool rows and the answer.
    let lost = rt.block_on(async {
        use sea_orm::PaginatorTrait;
        let mut lost = 0;
        for id in &ids {
            let n = message::Entity::find()
                .filter(message::Column::SessionId.eq(*id))
                .count(&db)
                .await
                .unwrap();
            lost += (n != 4) as u32;
        }
        lost
    });
    println!();
    println!(
        "{:<44} {:>9} {:>9}   goal",
        "kiosk turn, engine overhead (model time out)", "p50 ms", "p95 ms"
    );
    println!(
        "{:<44} {:>9.3} {:>9.3}   ≤ 1 ms median",
        "first turn of a session", first.0, first.1
    );
    println!(
        "{:<44} {:>9.3} {:>9.3}   ≤ 1 ms median",
        "turn 5", t5.0, t5.1
    );
    println!(
        "{:<44} {:>9.3} {:>9.3}   ≤ 1.5 × turn 5 ({:.2}×)",
        "turn 200",
        t200.0,
        t200.1,
        t200.0 / t5.0
    );
    println!(
        "{:<44} {:>9.3} {:>9.3}   (wall clock, model included)",
        "200 sessions at once, per turn", per_turn.0, per_turn.1
    );
    println!(
        "{:<44} {:>9.0}              ≥ 1000 turns/s",
        "200 sessions at once, turns/s", rate
    );
    println!(
        "{:<44} {:>9}              0",
        "sessions with a lost or extra message (of 1000)", lost
    );
    let context = format!(
        "scripted model at zero latency, load average {}",
        figures::load_average()
    );
    figures::save(
        "turn",
        &context,
        &[
            Figure::at_most("kiosk turn: first turn, median", first.0, "ms", 1.0),
            Figure::at_most("kiosk turn: turn 5, median", t5.0, "ms", 1.0),
            Figure::at_most("kiosk turn: turn 200, median", t200.0, "ms", 1.0),
            Figure::at_most("kiosk turn: turn 200 / turn 5", t200.0 / t5.0, "×", 1.5),
            Figure::at_least("200 sessions at once: turns/s", rate, "turns/s", 1000.0),
            Figure::info("200 sessions at once: p95 per turn", per_turn.1, "ms"),
            Figure::at_most(
                "sessions with a lost or extra message",
                lost as f64,
                "",
                0.0,
            ),
        ],
    );
    drop(server);
}

criterion_group!(all, benches);
criterion_main!(all);
