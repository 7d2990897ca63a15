//! The report on a hand-built fixture: 17 sessions in March 2025 (far from the seed's sessions,
//! which start in September 2026), each placed to test one definition. Every number below is
//! counted by hand from the table in `fixture`.

use super::*;
use crate::core::testing::{TestCore, seeded};
use crate::db::entity::*;
use crate::escalation::grounding::ClaimKind;
use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use sea_orm::{ActiveModelTrait, DatabaseConnection, Set};
use serde_json::{Value, json};
use std::collections::HashMap;

/// March 2025, day `d`, UTC.
fn t(d: u32, h: u32, m: u32, s: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 3, d, h, m, s)
        .single()
        .expect("a valid time")
}

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 3, d).expect("a valid day")
}

/// The fixture's period: 2 to 5 March (the 4th has no session).
fn period(channel: Option<Channel>) -> ReportQuery {
    ReportQuery {
        from: day(2),
        to: day(5),
        channel,
    }
}

/// One session to insert; `close`, `escalate`, … set its moments.
struct New(session::ActiveModel);

impl New {
    fn at(channel: Channel, customer: Option<i64>, created: DateTime<Utc>) -> New {
        New(session::ActiveModel {
            channel: Set(channel),
            customer_id: Set(customer),
            customer_verified: Set(customer.is_some()),
            status: Set(SessionStatus::Active),
            tone: Set("professional".into()),
            created_at: Set(created),
            updated_at: Set(created),
            ..Default::default()
        })
    }
    fn close(mut self, at: DateTime<Utc>) -> New {
        self.0.status = Set(SessionStatus::Closed);
        self.0.closed_at = Set(Some(at));
        self
    }
    fn waiting(mut self) -> New {
        self.0.status = Set(SessionStatus::WaitingForAgent);
        self
    }
    fn escalate(mut self, reason: EscalationReason, at: DateTime<Utc>, evidence: Value) -> New {
        self.0.escalation_reason = Set(Some(reason));
        self.0.escalation_evidence = Set(Some(evidence));
        self.0.escalated_at = Set(Some(at));
        self
    }
    fn accepted(mut self, agent: &str, at: DateTime<Utc>) -> New {
        self.0.assigned_agent = Set(Some(agent.into()));
        self.0.accepted_at = Set(Some(at));
        self
    }
    fn replied(mut self, agent: &str, at: DateTime<Utc>) -> New {
        self.0.first_agent_reply_by = Set(Some(agent.into()));
        self.0.first_agent_reply_at = Set(Some(at));
        self
    }
    fn csat(mut self, score: i32) -> New {
        self.0.csat_score = Set(Some(score));
        self.0.csat_at = Set(Some(Utc::now()));
        self
    }
    async fn insert(self, db: &DatabaseConnection) -> i64 {
        self.0.insert(db).await.expect("insert a session").id
    }
}

/// The insight written at a session's close.
async fn insight(
    db: &DatabaseConnection,
    id: i64,
    start: Option<f64>,
    end: Option<f64>,
    topics: Value,
) {
    session_insight::ActiveModel {
        session_id: Set(id),
        customer_id: Set(None),
        sentiment_start: Set(start),
        sentiment_end: Set(end),
        sentiment_drift: Set(None),
        resolution: Set("resolved".into()),
        tools_used: Set(json!([])),
        topics: Set(topics),
        escalation_reason: Set(None),
        message_count: Set(4),
        tone: Set("professional".into()),
        created_at: Set(t(5, 0, 0, 0)),
    }
    .insert(db)
    .await
    .expect("insert an insight");
}

fn claims(kinds: &[&str]) -> Value {
    let list: Vec<Value> = kinds
        .iter()
        .map(|k| json!({"kind": k, "text": "x", "value": "x"}))
        .collect();
    json!({"held_answer": "…", "unsupported_claims": list})
}

struct Fixture {
    core: TestCore,
    id: HashMap<&'static str, i64>,
}

impl Fixture {
    fn db(&self) -> &DatabaseConnection {
        &self.core.db
    }
    fn ids(&self, names: &[&str]) -> Vec<i64> {
        names.iter().map(|n| self.id[n]).collect()
    }
}

/// | name | day | channel | customer | how it went | CSAT |
/// | A1 | 2nd 00:00:00 (first instant) | kiosk | 1 | closed alone | 5 |
/// | A3 | 2nd 12:00 | workspace | – | closed alone | – |
/// | E7 | 2nd 16:00 | workspace | – | negative_sentiment at 16:10, but gus took it at 16:04 and wrote at 16:05 (no wait measured), closed | – |
/// | O1 | 2nd 09:00 | kiosk | 8 | open (insight with both ends: not counted, not closed) | – |
/// | E1 | 3rd 10:00 | kiosk | 3 | human_requested 10:01, dana takes 10:03 (queue 120 s), replies 10:04:30 (210 s), closed | 4 |
/// | E2 | 3rd 11:00 | kiosk | 4 | human_requested 11:00:10, erik takes 11:10:10 (600 s), replies 11:11:10.9 (660 s), closed 11:40; customer 4 back at 20:00 | 2 |
/// | E3 | 3rd 15:00 | workspace | – | data_gap 15:02 (evidence with a claim, not a hold), no reply, closed | – |
/// | E4 | 3rd 20:00 | kiosk | 4 | hallucination_risk 20:00:30 (order_id, money, money), waiting | – |
/// | (4th: no session) |
/// | E5 | 5th 08:00 | kiosk | 5 | hallucination_risk 08:01 (money, date), dana takes 08:02 (60 s), replies 08:02:30 (90 s), closed | 5 |
/// | W1 | 5th 09:00 | workspace | – | frank takes and writes (no escalation), closed | – |
/// | A4 | 5th 13:00 | kiosk | 6 | closed 13:30 alone (A8 of the same customer started before that) | 3 |
/// | A8 | 5th 13:20 | kiosk | 6 | closed 13:25 alone | unanswered |
/// | A5 | 5th 14:00 | kiosk | 7 | closed 14:10, customer 7 back at 18:00 (A6): reopened | 1 |
/// | A6 | 5th 18:00 | kiosk | 7 | open | – |
/// | A2 | 5th 10:00 | kiosk | 2 | closed 10:05:00, customer 2 back 72 h later to the second: reopened | unanswered |
/// | A7 | 5th 11:00 | kiosk | 1 | closed 11:05:00, customer 1 back 72 h and 1 s later: alone | 4 |
/// | E6 | 5th 23:59:59.5 (last instant) | cli | – | round_limit at once, erik takes +100 s, dana replies +300 s, closed | – |
///
/// Outside the period: 1st 23:59:59, 6th 00:00:00, and the two returns on the 8th.
async fn fixture() -> Fixture {
    let core = seeded().await;
    let db = &core.db;
    let mut id = HashMap::new();
    use Channel::*;
    use EscalationReason::*;
    let none = json!({});

    id.insert(
        "A1",
        New::at(Kiosk, Some(1), t(2, 0, 0, 0))
            .close(t(2, 0, 10, 0))
            .csat(5)
            .insert(db)
            .await,
    );
    id.insert(
        "A3",
        New::at(Workspace, None, t(2, 12, 0, 0))
            .close(t(2, 12, 5, 0))
            .insert(db)
            .await,
    );
    id.insert(
        "E7",
        New::at(Workspace, None, t(2, 16, 0, 0))
            .accepted("gus", t(2, 16, 4, 0))
            .replied("gus", t(2, 16, 5, 0))
            .escalate(NegativeSentiment, t(2, 16, 10, 0), none.clone())
            .close(t(2, 16, 30, 0))
            .insert(db)
            .await,
    );
    id.insert(
        "O1",
        New::at(Kiosk, Some(8), t(2, 9, 0, 0)).insert(db).await,
    );
    id.insert(
        "E1",
        New::at(Kiosk, Some(3), t(3, 10, 0, 0))
            .escalate(HumanRequested, t(3, 10, 1, 0), none.clone())
            .accepted("dana", t(3, 10, 3, 0))
            .replied("dana", t(3, 10, 4, 30))
            .close(t(3, 10, 30, 0))
            .csat(4)
            .insert(db)
            .await,
    );
    id.insert(
        "E2",
        New::at(Kiosk, Some(4), t(3, 11, 0, 0))
            .escalate(HumanRequested, t(3, 11, 0, 10), none.clone())
            .accepted("erik", t(3, 11, 10, 10))
            .replied("erik", t(3, 11, 11, 10) + Duration::milliseconds(900))
            .close(t(3, 11, 40, 0))
            .csat(2)
            .insert(db)
            .await,
    );
    id.insert(
        "E3",
        New::at(Workspace, None, t(3, 15, 0, 0))
            .escalate(DataGap, t(3, 15, 2, 0), claims(&["phone"]))
            .close(t(3, 15, 30, 0))
            .insert(db)
            .await,
    );
    id.insert(
        "E4",
        New::at(Kiosk, Some(4), t(3, 20, 0, 0))
            .escalate(
                HallucinationRisk,
                t(3, 20, 0, 30),
                claims(&["order_id", "money", "money"]),
            )
            .waiting()
            .insert(db)
            .await,
    );
    id.insert(
        "E5",
        New::at(Kiosk, Some(5), t(5, 8, 0, 0))
            .escalate(HallucinationRisk, t(5, 8, 1, 0), claims(&["money", "date"]))
            .accepted("dana", t(5, 8, 2, 0))
            .replied("dana", t(5, 8, 2, 30))
            .close(t(5, 8, 20, 0))
            .csat(5)
            .insert(db)
            .await,
    );
    id.insert(
        "W1",
        New::at(Workspace, None, t(5, 9, 0, 0))
            .accepted("frank", t(5, 9, 1, 0))
            .replied("frank", t(5, 9, 5, 0))
            .close(t(5, 9, 10, 0))
            .insert(db)
            .await,
    );
    id.insert(
        "A4",
        New::at(Kiosk, Some(6), t(5, 13, 0, 0))
            .close(t(5, 13, 30, 0))
            .csat(3)
            .insert(db)
            .await,
    );
    id.insert(
        "A8",
        New::at(Kiosk, Some(6), t(5, 13, 20, 0))
            .close(t(5, 13, 25, 0))
            .insert(db)
            .await,
    );
    id.insert(
        "A5",
        New::at(Kiosk, Some(7), t(5, 14, 0, 0))
            .close(t(5, 14, 10, 0))
            .csat(1)
            .insert(db)
            .await,
    );
    id.insert(
        "A6",
        New::at(Kiosk, Some(7), t(5, 18, 0, 0)).insert(db).await,
    );
    id.insert(
        "A2",
        New::at(Kiosk, Some(2), t(5, 10, 0, 0))
            .close(t(5, 10, 5, 0))
            .insert(db)
            .await,
    );
    id.insert(
        "A7",
        New::at(Kiosk, Some(1), t(5, 11, 0, 0))
            .close(t(5, 11, 5, 0))
            .csat(4)
            .insert(db)
            .await,
    );
    let last = t(5, 23, 59, 59) + Duration::milliseconds(500);
    id.insert(
        "E6",
        New::at(Cli, None, last)
            .escalate(RoundLimit, last, none.clone())
            .accepted("erik", last + Duration::seconds(100))
            .replied("dana", last + Duration::seconds(300))
            .close(last + Duration::seconds(600))
            .insert(db)
            .await,
    );
    // Outside the period.
    id.insert(
        "X1",
        New::at(Kiosk, Some(9), t(1, 23, 59, 59))
            .close(t(2, 0, 5, 0))
            .csat(1)
            .insert(db)
            .await,
    );
    id.insert(
        "X2",
        New::at(Kiosk, None, t(6, 0, 0, 0))
            .close(t(6, 0, 5, 0))
            .insert(db)
            .await,
    );
    id.insert(
        "R2",
        New::at(Workspace, Some(2), t(8, 10, 5, 0)).insert(db).await,
    );
    id.insert(
        "R1",
        New::at(Kiosk, Some(1), t(8, 11, 5, 1)).insert(db).await,
    );

    let topics_11: serde_json::Map<String, Value> =
        (1..=11).map(|i| (format!("t{i:02}"), json!(1))).collect();
    insight(
        db,
        id["A1"],
        Some(-0.5),
        Some(0.5),
        json!({"order_status": 2, "refund": 1}),
    )
    .await;
    insight(db, id["A4"], Some(0.2), Some(0.25), json!({"refund": 1})).await;
    insight(
        db,
        id["E2"],
        Some(0.0),
        Some(-0.6),
        json!({"refund": 3, "human_request": 1}),
    )
    .await;
    insight(db, id["E1"], Some(-0.2), None, json!({"order_status": 1})).await;
    insight(db, id["A7"], Some(0.3), Some(0.3), json!({})).await;
    insight(db, id["A8"], None, None, Value::Object(topics_11)).await;
    insight(db, id["O1"], Some(0.0), Some(0.9), json!({"refund": 1})).await;
    insight(db, id["X1"], Some(-0.9), Some(0.9), json!({"refund": 5})).await;
    Fixture { core, id }
}

async fn report(f: &Fixture, channel: Option<Channel>) -> Report {
    build(f.db(), &period(channel))
        .await
        .expect("build the report")
}

async fn behind(f: &Fixture, figure: Figure) -> Vec<i64> {
    sessions(f.db(), &period(None), &figure, 1000)
        .await
        .expect("the sessions behind a figure")
}

fn close_to(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() < 1e-9)
}

#[tokio::test]
async fn sessions_by_outcome_and_rates() {
    let f = fixture().await;
    let r = report(&f, None).await;
    let s = &r.sessions;
    assert_eq!(
        (
            s.total,
            s.assistant_alone,
            s.handed_over,
            s.reopened,
            s.open
        ),
        (17, 5, 8, 2, 2)
    );
    assert!(close_to(s.assistant_alone_rate, 5.0 / 17.0), "{s:?}");
    assert!(close_to(s.handed_over_rate, 8.0 / 17.0), "{s:?}");
    assert_eq!((r.format.as_str(), r.version), (FORMAT, VERSION));
}

#[tokio::test]
async fn by_day_includes_days_without_sessions() {
    let f = fixture().await;
    let r = report(&f, None).await;
    let days: Vec<_> = r
        .by_day
        .iter()
        .map(|d| {
            (
                d.day,
                d.total,
                d.assistant_alone,
                d.handed_over,
                d.reopened,
                d.open,
            )
        })
        .collect();
    assert_eq!(
        days,
        vec![
            (day(2), 4, 2, 1, 0, 1),
            (day(3), 4, 0, 4, 0, 0),
            (day(4), 0, 0, 0, 0, 0),
            (day(5), 9, 3, 3, 2, 1),
        ]
    );
    assert_eq!(r.by_day[2].assistant_alone_rate, None);
    assert!(close_to(r.by_day[0].assistant_alone_rate, 0.5));
    assert!(close_to(r.by_day[1].handed_over_rate, 1.0));
}

#[tokio::test]
async fn period_bounds_are_midnight_utc_at_both_ends() {
    let f = fixture().await;
    let all = behind(&f, Figure::default()).await;
    assert_eq!(all.len(), 17);
    assert!(all.contains(&f.id["A1"]) && all.contains(&f.id["E6"]));
    assert!(!all.contains(&f.id["X1"]) && !all.contains(&f.id["X2"]));
    // Newest first: the last instant of the 5th, then the 5th's evening.
    assert_eq!(all[..2], f.ids(&["E6", "A6"])[..]);
    // One day: the first and the last of it.
    let one = |d| ReportQuery {
        from: day(d),
        to: day(d),
        channel: None,
    };
    let second = build(f.db(), &one(2)).await.expect("report");
    assert_eq!((second.sessions.total, second.by_day.len()), (4, 1));
    let sixth = build(f.db(), &one(6)).await.expect("report");
    assert_eq!(sixth.sessions.total, 1, "X2 starts at midnight of the 6th");
    let first = build(f.db(), &one(1)).await.expect("report");
    assert_eq!(
        first.sessions.total, 1,
        "X1 starts one second before the 2nd"
    );
    let backwards = ReportQuery {
        from: day(5),
        to: day(2),
        channel: None,
    };
    assert!(build(f.db(), &backwards).await.is_err());
}

#[tokio::test]
async fn reopened_within_72_hours_that_hour_included() {
    let f = fixture().await;
    let reopened = behind(
        &f,
        Figure {
            outcome: Some(Outcome::Reopened),
            ..Default::default()
        },
    )
    .await;
    // A2's customer came back exactly 72 h after its close, A5's within hours.
    assert_eq!(reopened, f.ids(&["A5", "A2"]));
    let alone = behind(
        &f,
        Figure {
            outcome: Some(Outcome::AssistantAlone),
            ..Default::default()
        },
    )
    .await;
    // A7's customer came back 72 h and 1 s after; A4's customer started A8 before A4 closed.
    assert_eq!(alone, f.ids(&["A8", "A4", "A7", "A3", "A1"]));
}

#[tokio::test]
async fn escalations_by_reason_and_ending() {
    use EscalationReason::*;
    let f = fixture().await;
    let e = report(&f, None).await.escalations;
    assert_eq!(e.total, 7);
    let reasons: Vec<_> = e
        .by_reason
        .iter()
        .map(|r| (r.reason, r.count, r.resolved, r.unresolved, r.open))
        .collect();
    assert_eq!(
        reasons,
        vec![
            // E4 still waiting, E5 resolved.
            (HallucinationRisk, 2, 1, 0, 1),
            // E1 resolved; E2's customer came back: unresolved.
            (HumanRequested, 2, 1, 1, 0),
            // E3: nobody replied.
            (DataGap, 1, 0, 1, 0),
            // E7: gus wrote before the escalation and it closed: resolved.
            (NegativeSentiment, 1, 1, 0, 0),
            (RoundLimit, 1, 1, 0, 0),
        ]
    );
}

#[tokio::test]
async fn escalations_by_day_and_reason() {
    use EscalationReason::*;
    let f = fixture().await;
    let e = report(&f, None).await.escalations;
    let days: Vec<_> = e
        .by_day
        .iter()
        .map(|d| (d.day, d.reason, d.count))
        .collect();
    assert_eq!(
        days,
        vec![
            (day(2), NegativeSentiment, 1),
            (day(3), DataGap, 1),
            (day(3), HallucinationRisk, 1),
            (day(3), HumanRequested, 2),
            (day(5), HallucinationRisk, 1),
            (day(5), RoundLimit, 1),
        ]
    );
}

#[tokio::test]
async fn waits_nearest_rank_in_whole_seconds() {
    let f = fixture().await;
    let w = report(&f, None).await.waits;
    // First reply: 90 (E5), 210 (E1), 300 (E6), 660.9 → 660 (E2); E7's reply came first.
    assert_eq!(
        (
            w.first_reply.count,
            w.first_reply.p50_seconds,
            w.first_reply.p90_seconds
        ),
        (4, Some(210), Some(660))
    );
    // Queue: 60 (E5), 100 (E6), 120 (E1), 600 (E2); E7 was taken before it escalated.
    assert_eq!(
        (w.queue.count, w.queue.p50_seconds, w.queue.p90_seconds),
        (4, Some(100), Some(600))
    );
    // E3 (closed, nobody replied) and E4 (still waiting).
    assert_eq!(w.unanswered, 2);
    let unanswered = behind(
        &f,
        Figure {
            wait: Some(WaitKind::Unanswered),
            ..Default::default()
        },
    )
    .await;
    assert_eq!(unanswered, f.ids(&["E4", "E3"]));
}

#[tokio::test]
async fn csat_all_alone_with_agent_distribution_and_unanswered() {
    let f = fixture().await;
    let c = report(&f, None).await.csat;
    assert_eq!((c.all.count, c.all.distribution), (7, [1, 1, 1, 2, 2]));
    assert!(close_to(c.all.average, 24.0 / 7.0), "{c:?}");
    // A1 5, A4 3, A5 1 (reopened is not handed over), A7 4.
    assert_eq!(
        (c.assistant_alone.count, c.assistant_alone.distribution),
        (4, [1, 0, 1, 1, 1])
    );
    assert!(close_to(c.assistant_alone.average, 3.25));
    // E1 4, E2 2, E5 5.
    assert_eq!(
        (c.with_agent.count, c.with_agent.distribution),
        (3, [0, 1, 0, 1, 1])
    );
    assert!(close_to(c.with_agent.average, 11.0 / 3.0));
    // A2 and A8: closed kiosk sessions without a score (open ones and other channels are not).
    assert_eq!(c.unanswered, 2);
    let unanswered = behind(
        &f,
        Figure {
            csat_any: Some(false),
            ..Default::default()
        },
    )
    .await;
    assert_eq!(unanswered, f.ids(&["A8", "A2"]));
}

#[tokio::test]
async fn sentiment_start_end_and_change() {
    let f = fixture().await;
    let s = report(&f, None).await.sentiment;
    // A1 -0.5 → 0.5, A4 0.2 → 0.25, E2 0 → -0.6, A7 0.3 → 0.3; E1 lacks an end, O1 is open.
    assert_eq!(s.sessions, 4);
    assert!(close_to(s.start_average, 0.0), "{s:?}");
    assert!(close_to(s.end_average, 0.1125), "{s:?}");
    assert_eq!((s.improved, s.unchanged, s.worsened), (1, 2, 1));
    let worse = behind(
        &f,
        Figure {
            sentiment: Some(SentimentChange::Worsened),
            ..Default::default()
        },
    )
    .await;
    assert_eq!(worse, f.ids(&["E2"]));
    // The averages are over A1, A4, E2 and A7 (newest first, as `sessions` lists them).
    let mut scored = behind(
        &f,
        Figure {
            sentiment_scored: Some(true),
            ..Default::default()
        },
    )
    .await;
    let mut want = f.ids(&["A1", "A4", "E2", "A7"]);
    scored.sort();
    want.sort();
    assert_eq!(scored, want);
}

#[tokio::test]
async fn top_ten_topics_by_sessions() {
    let f = fixture().await;
    let topics: Vec<_> = report(&f, None)
        .await
        .topics
        .into_iter()
        .map(|t| (t.topic, t.sessions))
        .collect();
    // Refund: A1, A4, E2 and O1 (topics need no sentiment, nor a close); X1 is outside.
    let mut expected = vec![
        ("refund".to_owned(), 4),
        ("order_status".to_owned(), 2),
        ("human_request".to_owned(), 1),
    ];
    expected.extend((1..=7).map(|i| (format!("t{i:02}"), 1)));
    assert_eq!(topics, expected);
    let refund = behind(
        &f,
        Figure {
            topic: Some("refund".into()),
            ..Default::default()
        },
    )
    .await;
    assert_eq!(refund, f.ids(&["A4", "E2", "O1", "A1"]));
}

#[tokio::test]
async fn holds_by_claim_kind() {
    let f = fixture().await;
    let h = report(&f, None).await.holds;
    assert_eq!(h.sessions, 2);
    assert!(close_to(h.rate, 2.0 / 17.0));
    let kinds: Vec<_> = h
        .by_claim_kind
        .iter()
        .map(|k| (k.kind, k.claims, k.sessions))
        .collect();
    assert_eq!(
        kinds,
        vec![
            (ClaimKind::Money, 3, 2),
            (ClaimKind::Date, 1, 1),
            (ClaimKind::OrderId, 1, 1),
        ]
    );
    let order_id = behind(
        &f,
        Figure {
            claim_kind: Some(ClaimKind::OrderId),
            ..Default::default()
        },
    )
    .await;
    assert_eq!(order_id, f.ids(&["E4"]));
    // E3's evidence names a phone claim, but it is no hold.
    let phone = behind(
        &f,
        Figure {
            claim_kind: Some(ClaimKind::Phone),
            ..Default::default()
        },
    )
    .await;
    assert!(phone.is_empty());
}

#[tokio::test]
async fn per_agent_sessions_first_reply_and_csat() {
    let f = fixture().await;
    let agents = report(&f, None).await.agents;
    let rows: Vec<_> = agents
        .iter()
        .map(|a| {
            (
                a.agent.as_str(),
                a.sessions,
                a.first_reply.count,
                a.first_reply.p50_seconds,
                a.first_reply.p90_seconds,
                a.csat.count,
                a.csat.distribution,
            )
        })
        .collect();
    assert_eq!(
        rows,
        vec![
            // E1, E5 assigned; E6 replied first (210, 90, 300 s).
            ("dana", 3, 3, Some(210), Some(300), 2, [0, 0, 0, 1, 1]),
            // E2, E6 assigned; replied first in E2 only.
            ("erik", 2, 1, Some(660), Some(660), 1, [0, 1, 0, 0, 0]),
            // W1: no escalation, so no wait.
            ("frank", 1, 0, None, None, 0, [0; 5]),
            // E7: wrote before the escalation.
            ("gus", 1, 0, None, None, 0, [0; 5]),
        ]
    );
    assert!(close_to(agents[0].csat.average, 4.5));
    assert_eq!(agents[2].csat.average, None);
    let dana = behind(
        &f,
        Figure {
            agent: Some("dana".into()),
            ..Default::default()
        },
    )
    .await;
    assert_eq!(dana, f.ids(&["E6", "E5", "E1"]));
}

#[tokio::test]
async fn channel_filter_narrows_every_figure() {
    let f = fixture().await;
    let r = report(&f, Some(Channel::Workspace)).await;
    // A3 alone; E3, E7, W1 handed over.
    let s = &r.sessions;
    assert_eq!(
        (
            s.total,
            s.assistant_alone,
            s.handed_over,
            s.reopened,
            s.open
        ),
        (4, 1, 3, 0, 0)
    );
    assert_eq!(r.escalations.total, 2);
    assert_eq!((r.waits.first_reply.count, r.waits.unanswered), (0, 1));
    assert_eq!((r.csat.all.count, r.csat.unanswered), (0, 0));
    assert_eq!(r.holds.sessions, 0);
    let names: Vec<_> = r.agents.iter().map(|a| a.agent.as_str()).collect();
    assert_eq!(names, ["frank", "gus"]);
    let cli = report(&f, Some(Channel::Cli)).await;
    assert_eq!(
        (cli.sessions.total, cli.waits.first_reply.p50_seconds),
        (1, Some(300))
    );
    let ids = sessions(
        f.db(),
        &period(Some(Channel::Workspace)),
        &Figure::default(),
        10,
    )
    .await
    .expect("sessions");
    assert_eq!(ids, f.ids(&["W1", "E3", "E7", "A3"]));
}

#[tokio::test]
async fn every_figure_counts_the_sessions_behind_it() {
    let f = fixture().await;
    let r = report(&f, None).await;
    let mut checks: Vec<(String, u64, Figure)> = Vec::new();
    let mut add = |name: String, n: u64, figure: Figure| checks.push((name, n, figure));
    let fig = Figure::default;
    let s = &r.sessions;
    add("total".into(), s.total, fig());
    for (o, n) in [
        (Outcome::AssistantAlone, s.assistant_alone),
        (Outcome::HandedOver, s.handed_over),
        (Outcome::Reopened, s.reopened),
        (Outcome::Open, s.open),
    ] {
        add(
            format!("{o:?}"),
            n,
            Figure {
                outcome: Some(o),
                ..fig()
            },
        );
    }
    for d in &r.by_day {
        add(
            format!("{}", d.day),
            d.total,
            Figure {
                day: Some(d.day),
                ..fig()
            },
        );
        for (o, n) in [
            (Outcome::AssistantAlone, d.assistant_alone),
            (Outcome::HandedOver, d.handed_over),
            (Outcome::Reopened, d.reopened),
            (Outcome::Open, d.open),
        ] {
            add(
                format!("{} {o:?}", d.day),
                n,
                Figure {
                    day: Some(d.day),
                    outcome: Some(o),
                    ..fig()
                },
            );
        }
    }
    add(
        "escalated".into(),
        r.escalations.total,
        Figure {
            escalated: Some(true),
            ..fig()
        },
    );
    add(
        "not escalated".into(),
        s.total - r.escalations.total,
        Figure {
            escalated: Some(false),
            ..fig()
        },
    );
    for x in &r.escalations.by_reason {
        let reason = Some(x.reason);
        add(
            format!("{:?}", x.reason),
            x.count,
            Figure { reason, ..fig() },
        );
        for (e, n) in [
            (Ending::Resolved, x.resolved),
            (Ending::Unresolved, x.unresolved),
            (Ending::Open, x.open),
        ] {
            add(
                format!("{:?} {e:?}", x.reason),
                n,
                Figure {
                    reason,
                    ending: Some(e),
                    ..fig()
                },
            );
        }
    }
    for x in &r.escalations.by_day {
        add(
            format!("{} {:?}", x.day, x.reason),
            x.count,
            Figure {
                day: Some(x.day),
                reason: Some(x.reason),
                ..fig()
            },
        );
    }
    for (k, n) in [
        (WaitKind::FirstReply, r.waits.first_reply.count),
        (WaitKind::Queue, r.waits.queue.count),
        (WaitKind::Unanswered, r.waits.unanswered),
    ] {
        add(
            format!("{k:?}"),
            n,
            Figure {
                wait: Some(k),
                ..fig()
            },
        );
    }
    for (with_agent, c) in [
        (None, &r.csat.all),
        (Some(false), &r.csat.assistant_alone),
        (Some(true), &r.csat.with_agent),
    ] {
        add(
            format!("csat {with_agent:?}"),
            c.count,
            Figure {
                csat_any: Some(true),
                with_agent,
                ..fig()
            },
        );
        for (i, n) in c.distribution.iter().enumerate() {
            let csat_score = Some(i as u8 + 1);
            add(
                format!("csat {with_agent:?} {i}"),
                *n,
                Figure {
                    csat_score,
                    with_agent,
                    ..fig()
                },
            );
        }
    }
    add(
        "csat unanswered".into(),
        r.csat.unanswered,
        Figure {
            csat_any: Some(false),
            ..fig()
        },
    );
    add(
        "sentiment scored".into(),
        r.sentiment.sessions,
        Figure {
            sentiment_scored: Some(true),
            ..fig()
        },
    );
    for (c, n) in [
        (SentimentChange::Improved, r.sentiment.improved),
        (SentimentChange::Unchanged, r.sentiment.unchanged),
        (SentimentChange::Worsened, r.sentiment.worsened),
    ] {
        add(
            format!("{c:?}"),
            n,
            Figure {
                sentiment: Some(c),
                ..fig()
            },
        );
    }
    for t in &r.topics {
        add(
            t.topic.clone(),
            t.sessions,
            Figure {
                topic: Some(t.topic.clone()),
                ..fig()
            },
        );
    }
    add(
        "held".into(),
        r.holds.sessions,
        Figure {
            held: Some(true),
            ..fig()
        },
    );
    add(
        "not held".into(),
        s.total - r.holds.sessions,
        Figure {
            held: Some(false),
            ..fig()
        },
    );
    for k in &r.holds.by_claim_kind {
        add(
            format!("{:?}", k.kind),
            k.sessions,
            Figure {
                held: Some(true),
                claim_kind: Some(k.kind),
                ..fig()
            },
        );
    }
    for a in &r.agents {
        let agent = Some(a.agent.clone());
        add(
            a.agent.clone(),
            a.sessions,
            Figure {
                agent: agent.clone(),
                ..fig()
            },
        );
        add(
            format!("{} first reply", a.agent),
            a.first_reply.count,
            Figure {
                agent: agent.clone(),
                wait: Some(WaitKind::FirstReply),
                ..fig()
            },
        );
        add(
            format!("{} csat", a.agent),
            a.csat.count,
            Figure {
                agent,
                csat_any: Some(true),
                ..fig()
            },
        );
    }
    assert!(checks.len() > 80, "{} figures", checks.len());
    for (name, n, figure) in checks {
        let ids = behind(&f, figure).await;
        assert_eq!(ids.len() as u64, n, "figure {name}: {ids:?}");
    }
}

#[tokio::test]
async fn sessions_are_capped_and_checked() {
    let f = fixture().await;
    let q = period(None);
    let two = sessions(f.db(), &q, &Figure::default(), 2)
        .await
        .expect("sessions");
    assert_eq!(two, f.ids(&["E6", "A6"]));
    assert!(
        sessions(f.db(), &q, &Figure::default(), 0)
            .await
            .expect("none")
            .is_empty()
    );
    let bad = Figure {
        csat_score: Some(6),
        ..Default::default()
    };
    assert!(sessions(f.db(), &q, &bad, 10).await.is_err());
    // Fields narrow together: handed over on the 3rd with a queue wait.
    let narrow = Figure {
        day: Some(day(3)),
        outcome: Some(Outcome::HandedOver),
        wait: Some(WaitKind::Queue),
        ..Default::default()
    };
    assert_eq!(
        sessions(f.db(), &q, &narrow, 10).await.expect("sessions"),
        f.ids(&["E2", "E1"])
    );
}
