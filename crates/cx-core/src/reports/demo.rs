//! Generated sessions for the report's benchmark and screenshots: plausible support traffic over
//! the last days (channels, escalations with their reasons and waits, agents, CSAT answers,
//! sentiment and topics, grounding holds with their claim kinds), deterministic for a seed.
//! Batch inserts, in one transaction, so 100 000 sessions take seconds.

use crate::db::entity::{
    Channel, EscalationReason, MessageRole, SessionStatus, TicketPriority, customer, message,
    session, session_insight,
};
use crate::error::Result;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use sea_orm::{ActiveValue::NotSet, DatabaseConnection, EntityTrait, Set};
use serde_json::{Value, json};

/// Rows per INSERT (well under both backends' parameter limits).
const BATCH: usize = 500;

/// The agents who take escalated sessions, the first ones more often.
const AGENTS: &[(&str, u32)] = &[("dana", 40), ("erik", 30), ("farah", 20), ("li", 10)];

const REASONS: &[(EscalationReason, u32)] = &[
    (EscalationReason::HumanRequested, 30),
    (EscalationReason::DataGap, 20),
    (EscalationReason::HallucinationRisk, 12),
    (EscalationReason::RepeatedIntent, 10),
    (EscalationReason::NegativeSentiment, 10),
    (EscalationReason::VerificationFailed, 7),
    (EscalationReason::ModelFailure, 6),
    (EscalationReason::RoundLimit, 5),
];

const TOPICS: &[(&str, u32)] = &[
    ("order_status", 30),
    ("refund", 20),
    ("delivery", 15),
    ("damaged_item", 8),
    ("return", 8),
    ("warranty", 6),
    ("account", 5),
    ("payment", 5),
    ("ticket_status", 5),
    ("human_request", 4),
    ("troubleshooting", 3),
    ("invoice", 2),
];

/// The kinds of unsupported claims a hold names (`grounding::ClaimKind`, snake_case).
const CLAIM_KINDS: &[(&str, u32)] = &[
    ("money", 30),
    ("date", 20),
    ("order_id", 15),
    ("status", 12),
    ("tracking", 8),
    ("duration", 6),
    ("percent", 5),
    ("count", 4),
];

/// What [`generate`] inserted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Generated {
    pub sessions: u64,
    pub customers: u64,
    /// The first and last day with sessions (the last is today, UTC).
    pub first_day: NaiveDate,
    pub last_day: NaiveDate,
}

/// A small deterministic generator (xorshift64*): the same data for the same seed.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as u64) as i64
    }
    fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn pick<T: Copy>(&mut self, weighted: &[(T, u32)]) -> T {
        let total: u32 = weighted.iter().map(|(_, w)| w).sum();
        let mut at = self.below(u64::from(total)) as u32;
        for (v, w) in weighted {
            if at < *w {
                return *v;
            }
            at -= w;
        }
        weighted[0].0
    }
    /// A wait in seconds, mostly short with a long tail (exponential with this mean).
    fn wait(&mut self, mean_seconds: f64) -> i64 {
        (-(1.0 - self.unit()).ln() * mean_seconds).round() as i64
    }
}

/// `n_sessions` sessions over the `days_back` days ending today (UTC), with about one customer per
/// four sessions (so some come back within the reopen window).
pub async fn generate(
    db: &DatabaseConnection,
    n_sessions: u64,
    days_back: u32,
    seed: u64,
) -> Result<Generated> {
    generate_at(db, n_sessions, days_back, seed, Utc::now()).await
}

/// [`generate`] as if it were `now` (sessions end there).
pub async fn generate_at(
    db: &DatabaseConnection,
    n_sessions: u64,
    days_back: u32,
    seed: u64,
    now: DateTime<Utc>,
) -> Result<Generated> {
    let days = i64::from(days_back.max(1));
    let today = now.date_naive();
    let first_day = today - Duration::days(days - 1);
    let mut rng = Rng::new(seed);
    let txn = crate::db::begin_write(db).await?;
    let customers = insert_customers(&txn, (n_sessions / 4).max(1), seed, now).await?;
    // Session times, oldest first: ids then follow time as they do in a real database.
    let start = super::scope::midnight(first_day);
    let span_ms = (now - start).num_milliseconds().max(1);
    let mut times: Vec<DateTime<Utc>> = (0..n_sessions)
        .map(|_| start + Duration::milliseconds(rng.below(span_ms as u64) as i64))
        .collect();
    times.sort();
    let mut times = times.into_iter().peekable();
    while times.peek().is_some() {
        let batch: Vec<Plan> = times
            .by_ref()
            .take(BATCH)
            .map(|at| Plan::new(&mut rng, at, now, &customers))
            .collect();
        insert_batch(&txn, &mut rng, batch).await?;
    }
    txn.commit().await?;
    Ok(Generated {
        sessions: n_sessions,
        customers: customers.len() as u64,
        first_day,
        last_day: today,
    })
}

async fn insert_customers<C: sea_orm::ConnectionTrait>(
    db: &C,
    n: u64,
    seed: u64,
    now: DateTime<Utc>,
) -> Result<Vec<i64>> {
    let mut ids = Vec::with_capacity(n as usize);
    let rows: Vec<customer::ActiveModel> = (0..n)
        .map(|i| customer::ActiveModel {
            id: NotSet,
            name: Set(format!("Demo Customer {i}")),
            email: Set(format!("demo-{seed}-{i}@example.com")),
            phone: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
        })
        .collect();
    for chunk in rows.chunks(BATCH) {
        let mut keys = customer::Entity::insert_many(chunk.to_vec())
            .exec_with_returning_keys(db)
            .await?;
        keys.sort();
        ids.extend(keys);
    }
    Ok(ids)
}

/// One session's story, decided before its row is written.
struct Plan {
    row: session::ActiveModel,
    closed: bool,
    handed_over: bool,
    created: DateTime<Utc>,
}

impl Plan {
    fn new(rng: &mut Rng, created: DateTime<Utc>, now: DateTime<Utc>, customers: &[i64]) -> Plan {
        let channel = rng.pick(&[
            (Channel::Kiosk, 70),
            (Channel::Workspace, 20),
            (Channel::Cli, 10),
        ]);
        let has_customer = rng.chance(match channel {
            Channel::Kiosk => 0.8,
            Channel::Workspace => 0.9,
            Channel::Cli => 0.5,
        });
        let customer = has_customer.then(|| customers[rng.below(customers.len() as u64) as usize]);
        let at = |seconds: i64| created + Duration::seconds(seconds);
        let mut s = session::ActiveModel {
            id: NotSet,
            channel: Set(channel),
            customer_id: Set(customer),
            customer_verified: Set(has_customer),
            status: Set(SessionStatus::Active),
            tone: Set("professional".into()),
            assigned_agent: Set(None),
            escalation_reason: Set(None),
            escalation_evidence: Set(None),
            escalation_priority: Set(None),
            escalated_at: Set(None),
            created_at: Set(created),
            updated_at: Set(created),
            closed_at: Set(None),
            station: Set(None),
            offered_to: Set(None),
            offered_at: Set(None),
            csat_score: Set(None),
            csat_comment: Set(None),
            csat_at: Set(None),
            accepted_at: Set(None),
            first_agent_reply_at: Set(None),
            first_agent_reply_by: Set(None),
            language: Set(None),
        };
        let mut last = at(rng.range(60, 900));
        let mut handed_over = false;
        let mut waiting = false;
        let escalated = at(rng.range(30, 480));
        if rng.chance(0.22) && escalated <= now {
            handed_over = true;
            let reason = rng.pick(REASONS);
            s.escalation_reason = Set(Some(reason));
            s.escalation_evidence = Set(Some(evidence(rng, reason)));
            s.escalation_priority = Set(Some(rng.pick(&[
                (TicketPriority::Medium, 50),
                (TicketPriority::High, 35),
                (TicketPriority::Critical, 5),
                (TicketPriority::Low, 10),
            ])));
            s.escalated_at = Set(Some(escalated));
            let agent = rng.pick(AGENTS);
            let accepted = escalated + Duration::seconds(5 + rng.wait(150.0));
            let replied = accepted + Duration::seconds(5 + rng.wait(45.0));
            // Now and then a colleague writes first.
            let by = match rng.chance(0.05) {
                true => rng.pick(AGENTS),
                false => agent,
            };
            last = escalated;
            waiting = true;
            if rng.chance(0.93) && accepted <= now {
                waiting = false;
                s.assigned_agent = Set(Some(agent.into()));
                s.accepted_at = Set(Some(accepted));
                last = accepted;
                if replied <= now {
                    s.first_agent_reply_at = Set(Some(replied));
                    s.first_agent_reply_by = Set(Some(by.into()));
                    last = replied + Duration::seconds(rng.range(60, 1200));
                }
            }
        } else if channel == Channel::Workspace && rng.chance(0.05) && at(320) <= now {
            // An agent took a conversation over without an escalation.
            handed_over = true;
            let agent = rng.pick(AGENTS);
            let accepted = at(rng.range(20, 300));
            s.assigned_agent = Set(Some(agent.into()));
            s.accepted_at = Set(Some(accepted));
            s.first_agent_reply_at = Set(Some(accepted + Duration::seconds(20)));
            s.first_agent_reply_by = Set(Some(agent.into()));
            last = accepted + Duration::seconds(rng.range(60, 900));
        }
        // Recent sessions may still be going on; a few old ones were never closed.
        let recent = now - created < Duration::hours(3);
        let closed = last < now && !(recent && rng.chance(0.5)) && !rng.chance(0.01);
        let last = last.min(now);
        s.updated_at = Set(last);
        match (closed, waiting) {
            (true, _) => {
                s.status = Set(SessionStatus::Closed);
                s.closed_at = Set(Some(last));
            }
            (false, true) => s.status = Set(SessionStatus::WaitingForAgent),
            (false, false) if handed_over => s.status = Set(SessionStatus::WithAgent),
            (false, false) => {}
        }
        if closed && channel == Channel::Kiosk && rng.chance(0.55) {
            let weights: [u32; 5] = match handed_over {
                false => [3, 5, 12, 35, 45],
                true => [8, 10, 17, 30, 35],
            };
            let score = rng.pick(&[
                (1, weights[0]),
                (2, weights[1]),
                (3, weights[2]),
                (4, weights[3]),
                (5, weights[4]),
            ]);
            s.csat_score = Set(Some(score));
            s.csat_at = Set(Some(last + Duration::seconds(rng.range(3, 40))));
        }
        Plan {
            row: s,
            closed,
            handed_over,
            created,
        }
    }
}

/// What the escalation carries: for a hold, the unsupported claims with their kinds.
fn evidence(rng: &mut Rng, reason: EscalationReason) -> Value {
    match reason {
        EscalationReason::HallucinationRisk => {
            let claims: Vec<Value> = (0..rng.range(1, 3))
                .map(|_| {
                    let kind = rng.pick(CLAIM_KINDS);
                    json!({"kind": kind, "text": "(generated)", "value": "(generated)"})
                })
                .collect();
            json!({"held_answer": "(generated)", "unsupported_claims": claims})
        }
        other => json!({"generated": true, "reason": other.as_str()}),
    }
}

/// The batch's sessions, then their insights (closed sessions) and two messages each.
async fn insert_batch<C: sea_orm::ConnectionTrait>(
    db: &C,
    rng: &mut Rng,
    batch: Vec<Plan>,
) -> Result<()> {
    let rows: Vec<session::ActiveModel> = batch.iter().map(|p| p.row.clone()).collect();
    let mut ids = session::Entity::insert_many(rows)
        .exec_with_returning_keys(db)
        .await?;
    // One multi-row INSERT numbers its rows in order; RETURNING need not list them so.
    ids.sort();
    let mut insights = Vec::new();
    let mut messages = Vec::new();
    for (plan, id) in batch.iter().zip(ids) {
        messages.extend(conversation(id, plan));
        if plan.closed && rng.chance(0.9) {
            insights.push(insight(rng, id, plan));
        }
    }
    if !insights.is_empty() {
        session_insight::Entity::insert_many(insights)
            .exec_without_returning(db)
            .await?;
    }
    for chunk in messages.chunks(BATCH) {
        message::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}

/// A question and an answer, so a session opened from a figure is not empty.
fn conversation(id: i64, plan: &Plan) -> Vec<message::ActiveModel> {
    let answer_role = match plan.handed_over {
        true => MessageRole::Agent,
        false => MessageRole::Assistant,
    };
    let lines = [
        (
            MessageRole::Customer,
            "Where is my order? It should have arrived by now.",
        ),
        (
            answer_role,
            "Let me check that for you: it is on its way and arrives tomorrow.",
        ),
    ];
    lines
        .into_iter()
        .enumerate()
        .map(|(i, (role, text))| message::ActiveModel {
            id: NotSet,
            session_id: Set(id),
            seq: Set(i as i32 + 1),
            role: Set(role),
            content: Set(text.into()),
            tool_name: Set(None),
            tool_call_id: Set(None),
            tool_arguments: Set(None),
            tool_result: Set(None),
            sentiment: Set(None),
            ledger: Set(None),
            created_at: Set(plan.created + Duration::seconds(20 * i as i64)),
        })
        .collect()
}

/// Sentiment at both ends (usually better after the assistant alone, worse after a handover)
/// and one or two topics.
fn insight(rng: &mut Rng, id: i64, plan: &Plan) -> session_insight::ActiveModel {
    let round = |x: f64| (x.clamp(-1.0, 1.0) * 1000.0).round() / 1000.0;
    let start = round(rng.unit() - 0.6);
    let drift = match plan.handed_over {
        false => rng.unit() * 0.6 - 0.1,
        true => rng.unit() * 0.6 - 0.35,
    };
    let end = round(start + drift);
    let mut topics = serde_json::Map::new();
    for _ in 0..rng.range(1, 2) {
        topics.insert(rng.pick(TOPICS).into(), json!(rng.range(1, 3)));
    }
    session_insight::ActiveModel {
        session_id: Set(id),
        customer_id: Set(None),
        sentiment_start: Set(Some(start)),
        sentiment_end: Set(Some(end)),
        sentiment_drift: Set(Some(round(end - start))),
        resolution: Set(match plan.handed_over {
            true => "escalated".into(),
            false => "resolved".into(),
        }),
        tools_used: Set(json!([])),
        topics: Set(Value::Object(topics)),
        escalation_reason: Set(None),
        message_count: Set(2),
        tone: Set("professional".into()),
        created_at: Set(plan.created),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn generated_sessions_are_deterministic_and_end_today() {
        let a = crate::core::testing::seeded().await;
        let b = crate::core::testing::seeded().await;
        let now = Utc::now();
        let ga = generate_at(&a.db, 400, 10, 7, now).await.expect("generate");
        let gb = generate_at(&b.db, 400, 10, 7, now).await.expect("generate");
        assert_eq!(ga, gb);
        assert_eq!(
            (ga.last_day, ga.first_day),
            (now.date_naive(), now.date_naive() - Duration::days(9))
        );
        let q = super::super::ReportQuery {
            from: ga.first_day,
            to: ga.last_day,
            channel: None,
        };
        let ra = super::super::build(&a.db, &q).await.expect("report");
        let rb = super::super::build(&b.db, &q).await.expect("report");
        assert_eq!(ra.sessions, rb.sessions);
        assert_eq!(ra.sessions.total, 400);
        // Every part of the report has something to show.
        assert!(ra.sessions.assistant_alone > 0 && ra.sessions.handed_over > 0);
        assert!(ra.sessions.reopened > 0, "{:?}", ra.sessions);
        assert!(ra.escalations.by_reason.len() >= 5);
        assert!(ra.waits.first_reply.count > 0 && ra.waits.queue.p90_seconds.is_some());
        assert!(ra.csat.with_agent.count > 0 && ra.csat.assistant_alone.count > 0);
        assert!(ra.sentiment.sessions > 0 && !ra.topics.is_empty());
        assert!(ra.holds.sessions > 0 && !ra.holds.by_claim_kind.is_empty());
        assert_eq!(ra.agents.len(), AGENTS.len());
        let other = generate_at(&b.db, 10, 10, 8, now).await.expect("generate");
        assert_eq!(other.sessions, 10);
    }
}
