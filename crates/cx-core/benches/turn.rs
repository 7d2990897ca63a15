//! Engine overhead per kiosk turn and concurrent throughput, against the scripted
//! OpenAI-compatible server on 127.0.0.1 (zero added latency) through the real async-openai client
//! and a real SQLite file. Model time (the HTTP round trips) is measured separately and subtracted,
//! so `kiosk_turn/engine_overhead` is what the engine itself costs: validation, storage, policy,
//! tools, grounding. Goal: under 2 ms median on a 2-core machine.

use async_trait::async_trait;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use cx_core::Engine;
use cx_core::core::testing::seeded;
use cx_core::db::entity::Channel;
use cx_llm::openai::{OpenAiConfig, OpenAiModel};
use cx_llm::{ChatModel, ChatRequest, ChatResponse, LlmError};
use cx_test_llm::{Reply, ScriptedServer, ToolCallSpec};
use serde_json::Value;
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

/// First answer two parallel tool calls, then a grounded answer.
fn responder(body: &Value) -> Reply {
    let last = body["messages"]
        .as_array()
        .and_then(|m| m.last())
        .map(|m| m["role"].clone());
    if last == Some(Value::from("user")) {
        Reply::tool_calls([
            ToolCallSpec::new(
                "a",
                "verify_customer",
                r#"{"email":"alice@example.com","phone_last4":"4821"}"#,
            ),
            ToolCallSpec::new("b", "get_orders", r#"{"customer_id":1,"order_id":1001}"#),
        ])
    } else {
        Reply::text("Your order 1001 (Noise-cancelling headphones, $79.99) has shipped.")
    }
}

fn benches(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let (t, server) = rt.block_on(async {
        let t = seeded().await;
        let server = ScriptedServer::with_responder(responder).await.unwrap();
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

    let mut g = c.benchmark_group("kiosk_turn");
    g.sample_size(60);
    g.bench_function("engine_overhead", |b| {
        b.iter_custom(|iters| {
            rt.block_on(async {
                let mut overhead = Duration::ZERO;
                for _ in 0..iters {
                    let s = engine.start_session(Channel::Kiosk, None).await.unwrap();
                    let before = timed.nanos.load(Ordering::Relaxed);
                    let start = Instant::now();
                    let out = engine
                        .customer_turn(
                            s.id,
                            "Where is order 1001? alice@example.com, phone ends 4821",
                        )
                        .await
                        .unwrap();
                    let total = start.elapsed();
                    assert_eq!(out.tool_calls.len(), 2);
                    assert!(!out.escalated, "{:?}", out.escalation);
                    let model = Duration::from_nanos(timed.nanos.load(Ordering::Relaxed) - before);
                    overhead += total.saturating_sub(model);
                }
                overhead
            })
        })
    });
    g.finish();

    let mut g = c.benchmark_group("concurrent");
    g.sample_size(10).measurement_time(Duration::from_secs(20));
    g.throughput(Throughput::Elements(200));
    g.bench_function("200_sessions_one_turn_each", |b| {
        b.iter(|| {
            rt.block_on(async {
                let mut tasks = Vec::with_capacity(200);
                for _ in 0..200 {
                    let e = engine.clone();
                    tasks.push(tokio::spawn(async move {
                        let s = e.start_session(Channel::Kiosk, None).await?;
                        e.customer_turn(
                            s.id,
                            "Where is order 1001? alice@example.com, phone ends 4821",
                        )
                        .await
                    }));
                }
                for task in tasks {
                    let out = task
                        .await
                        .expect("task")
                        .expect("no turn may fail under load");
                    assert!(!out.escalated);
                }
            })
        })
    });
    g.finish();
    drop(server);
}

criterion_group!(all, benches);
criterion_main!(all);
