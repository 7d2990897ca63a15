//! Events between processes sharing one database. On PostgreSQL (`CX_TEST_POSTGRES_URL`): two
//! engines, each with its own pool and listener as two processes would have, learn of each
//! other's writes through LISTEN/NOTIFY, once each, and a listener whose connection the server
//! cut catches up on what it missed. On a SQLite file: a watcher (`cx-agent events`) sees what
//! another core wrote.

use cx_core::config::Config;
use cx_core::core::testing::{POSTGRES_ENV, TestCore, seeded, seeded_sqlite};
use cx_core::db::entity::Channel;
use cx_core::events::{self, CoreEvent, Events};
use cx_core::{Core, Engine, sessions};
use sea_orm::{ConnectionTrait, DatabaseConnection, Statement};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::broadcast::Receiver;

fn on_postgres() -> bool {
    let set = std::env::var(POSTGRES_ENV).is_ok_and(|u| !u.is_empty());
    if !set {
        eprintln!("skipped: {POSTGRES_ENV} is not set");
    }
    set
}

fn engine(core: Core) -> Engine {
    Engine::new(core, Arc::new(cx_offline::OfflineAssistant::new()))
}

/// A second core on the same database: its own pool, as another process would have.
async fn second(t: &TestCore) -> Core {
    Core::open(&t.url, &Config::default_dir())
        .await
        .expect("a second core on the same database")
}

/// Events until `done` holds for what arrived, or `limit` passed.
async fn until(
    rx: &mut Receiver<CoreEvent>,
    limit: Duration,
    done: impl Fn(&[CoreEvent]) -> bool,
) -> Vec<CoreEvent> {
    let end = Instant::now() + limit;
    let mut got = vec![];
    while !done(&got) {
        let left = end.saturating_duration_since(Instant::now());
        match tokio::time::timeout(left, rx.recv()).await {
            Ok(Ok(e)) => got.push(e),
            Ok(Err(e)) => panic!("event stream: {e}"),
            Err(_) => break,
        }
    }
    got
}

/// Everything that arrives within `wait`.
async fn during(rx: &mut Receiver<CoreEvent>, wait: Duration) -> Vec<CoreEvent> {
    until(rx, wait, |_| false).await
}

fn added(events: &[CoreEvent], id: i64) -> usize {
    events
        .iter()
        .filter(|e| matches!(e, CoreEvent::MessageAdded { message_id, .. } if *message_id == id))
        .count()
}

fn session_changed(events: &[CoreEvent], id: i64) -> bool {
    events
        .iter()
        .any(|e| matches!(e, CoreEvent::SessionChanged { session_id, .. } if *session_id == id))
}

async fn message_ids(db: &DatabaseConnection, session: i64) -> Vec<i64> {
    let ids: Vec<i64> = sessions::messages(db, session)
        .await
        .unwrap()
        .iter()
        .map(|m| m.id)
        .collect();
    assert!(
        ids.len() >= 2,
        "the turn stored the customer's line and an answer"
    );
    ids
}

/// Everything about the session, and each of its messages exactly once.
fn all_once(events: &[CoreEvent], session: i64, ids: &[i64], who: &str) {
    assert!(session_changed(events, session), "{who}: {events:?}");
    for id in ids {
        assert_eq!(added(events, *id), 1, "{who}: message {id} in {events:?}");
    }
}

/// Two engines on one seeded database, as two processes would be, both sharing their events.
async fn two_processes() -> (TestCore, Engine, Engine) {
    let t = seeded().await;
    let a = engine(t.core.clone());
    let b = engine(second(&t).await);
    a.share_events().await.unwrap();
    b.share_events().await.unwrap();
    (t, a, b)
}

#[tokio::test]
async fn a_write_in_one_process_reaches_the_other_once() {
    if !on_postgres() {
        return;
    }
    let (_t, a, b) = two_processes().await;
    a.share_events().await.unwrap(); // a second call changes nothing
    assert!(a.events.is_shared() && b.events.is_shared());
    let (mut rx_a, mut rx_b) = (a.subscribe(), b.subscribe());

    let s = a.start_session(Channel::Kiosk, None).await.unwrap();
    a.customer_turn(s.id, "How long do refunds take?")
        .await
        .unwrap();
    let ids = message_ids(&a.core.db, s.id).await;

    let started = Instant::now();
    let mut at_b = until(&mut rx_b, Duration::from_secs(5), |got| {
        session_changed(got, s.id) && ids.iter().all(|id| added(got, *id) > 0)
    })
    .await;
    let waited = started.elapsed();
    // Anything repeated (an echo, a re-read) would come within this.
    at_b.extend(during(&mut rx_b, Duration::from_millis(1500)).await);
    all_once(&at_b, s.id, &ids, "the other process");
    assert!(
        waited < Duration::from_secs(1),
        "the other process learnt within a second: {waited:?}"
    );
    assert!(
        at_b.iter().all(CoreEvent::crosses_processes),
        "typing and answer sentences stay local: {at_b:?}"
    );

    // Its own notifications come back from the server and are dropped: once each here too.
    let at_a = during(&mut rx_a, Duration::from_millis(1500)).await;
    all_once(&at_a, s.id, &ids, "the writing process");
    assert!(
        at_a.iter()
            .any(|e| matches!(e, CoreEvent::AssistantTyping { .. })),
        "local events still reach local subscribers"
    );

    // And the other way round.
    b.request_human(s.id).await.unwrap();
    let at_a = until(&mut rx_a, Duration::from_secs(5), |got| {
        got.iter()
            .any(|e| matches!(e, CoreEvent::Escalated { session_id, .. } if *session_id == s.id))
    })
    .await;
    assert!(
        at_a.iter().any(
            |e| matches!(e, CoreEvent::Escalated { reason, .. } if reason.as_str() == "human_requested")
        ),
        "{at_a:?}"
    );
}

/// Cut the listening connection of `events` from the server's side; how many were cut.
async fn cut_listener(db: &DatabaseConnection, events: &Events) -> i64 {
    db.query_one_raw(Statement::from_sql_and_values(
        db.get_database_backend(),
        "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = $1",
        [format!("cx-agent events {}", events.origin()).into()],
    ))
    .await
    .unwrap()
    .unwrap()
    .try_get_by_index::<i64>(0)
    .unwrap()
}

/// Runs `sql` on the server's admin database (`CX_TEST_POSTGRES_URL`).
async fn as_admin(sql: &str) {
    let admin = sea_orm::Database::connect(std::env::var(POSTGRES_ENV).unwrap())
        .await
        .unwrap();
    admin.execute_unprepared(sql).await.unwrap();
    admin.close().await.unwrap();
}

/// A login of B's own (a superuser like the test's, on a trusting test server), so the server
/// can refuse B's new connections while A's go on: `t.url` with that login in it.
async fn own_login(t: &TestCore, login: &str) -> String {
    as_admin(&format!(
        "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{login}') THEN \
         CREATE ROLE \"{login}\" LOGIN SUPERUSER; END IF; END $$"
    ))
    .await;
    let (scheme, rest) = t.url.split_once("://").unwrap();
    let host = rest.rsplit_once('@').map_or(rest, |(_, host)| host);
    format!("{scheme}://{login}@{host}")
}

async fn allow_login(login: &str, allow: bool) {
    let what = if allow { "LOGIN" } else { "NOLOGIN" };
    as_admin(&format!("ALTER ROLE \"{login}\" {what}")).await;
}

/// The server cuts B's listening connection and refuses B's new ones while A writes: A's
/// notifications reach nobody. When B gets back in, it re-reads what it missed.
#[tokio::test]
async fn a_listener_cut_off_catches_up_on_what_it_missed() {
    if !on_postgres() {
        return;
    }
    let t = seeded().await;
    let login = format!("cx_b_{}", std::process::id());
    let a = engine(t.core.clone());
    let b = engine(
        Core::open(&own_login(&t, &login).await, &Config::default_dir())
            .await
            .expect("B on its own login"),
    );
    a.share_events().await.unwrap();
    b.share_events().await.unwrap();
    let mut rx_b = b.subscribe();
    let warm = a.start_session(Channel::Kiosk, None).await.unwrap();
    a.customer_turn(warm.id, "Hello").await.unwrap();
    until(&mut rx_b, Duration::from_secs(5), |got| {
        session_changed(got, warm.id)
    })
    .await;
    during(&mut rx_b, Duration::from_millis(300)).await;

    allow_login(&login, false).await;
    assert_eq!(cut_listener(&t.db, &b.events).await, 1, "B's listener");
    let s = a.start_session(Channel::Kiosk, None).await.unwrap();
    a.customer_turn(s.id, "How long do refunds take?")
        .await
        .unwrap();
    let ids = message_ids(&a.core.db, s.id).await;
    let meanwhile = during(&mut rx_b, Duration::from_millis(500)).await;
    allow_login(&login, true).await;
    assert!(
        ids.iter().all(|id| added(&meanwhile, *id) == 0),
        "B could not hear A meanwhile: {meanwhile:?}"
    );

    let mut at_b = until(&mut rx_b, Duration::from_secs(15), |got| {
        session_changed(got, s.id) && ids.iter().all(|id| added(got, *id) > 0)
    })
    .await;
    at_b.extend(during(&mut rx_b, Duration::from_millis(1000)).await);
    all_once(&at_b, s.id, &ids, "B after reconnecting");
    for id in message_ids(&a.core.db, warm.id).await {
        assert_eq!(
            added(&at_b, id),
            0,
            "message {id} was delivered before the cut"
        );
    }

    // And it listens again: the next write arrives live.
    let next = a.start_session(Channel::Kiosk, None).await.unwrap();
    let live = until(&mut rx_b, Duration::from_secs(2), |got| {
        session_changed(got, next.id)
    })
    .await;
    assert!(session_changed(&live, next.id), "{live:?}");
}

/// A listener whose connection dropped while nothing could reach it live: the writer does not
/// share its events at all, so only the re-read after the reconnect can tell B.
#[tokio::test]
async fn a_reconnect_re_reads_what_no_notification_said() {
    if !on_postgres() {
        return;
    }
    let t = seeded().await;
    let a = engine(t.core.clone()); // not shared
    let b = engine(second(&t).await);
    b.share_events().await.unwrap();
    let mut rx_b = b.subscribe();
    let s = a.start_session(Channel::Kiosk, None).await.unwrap();
    a.customer_turn(s.id, "Hello").await.unwrap();
    let ids = message_ids(&a.core.db, s.id).await;
    assert!(
        during(&mut rx_b, Duration::from_millis(500))
            .await
            .is_empty(),
        "nothing was announced"
    );
    assert_eq!(cut_listener(&t.db, &b.events).await, 1);
    let mut at_b = until(&mut rx_b, Duration::from_secs(10), |got| {
        session_changed(got, s.id) && ids.iter().all(|id| added(got, *id) > 0)
    })
    .await;
    at_b.extend(during(&mut rx_b, Duration::from_millis(500)).await);
    all_once(&at_b, s.id, &ids, "B after reconnecting");
}

/// `cx-agent events` on a database: a core that only follows it sees another core's writes, each
/// once, and nothing from before it started.
async fn a_watcher_sees_another_cores_writes(t: TestCore) {
    let a = engine(t.core.clone());
    a.share_events().await.unwrap(); // a no-op on SQLite
    let watcher = second(&t).await;
    let followed = Events::default();
    let mut rx = followed.subscribe();
    events::watch(&watcher.db, &followed).await.unwrap();
    assert!(
        during(&mut rx, Duration::from_millis(600)).await.is_empty(),
        "what was there before is not news"
    );

    let s = a.start_session(Channel::Kiosk, None).await.unwrap();
    a.customer_turn(s.id, "How long do refunds take?")
        .await
        .unwrap();
    a.request_human(s.id).await.unwrap();
    let ids = message_ids(&a.core.db, s.id).await;
    let escalated = |got: &[CoreEvent]| {
        got.iter()
            .filter(|e| matches!(e, CoreEvent::Escalated { session_id, .. } if *session_id == s.id))
            .count()
    };
    let mut got = until(&mut rx, Duration::from_secs(5), |got| {
        session_changed(got, s.id) && ids.iter().all(|id| added(got, *id) > 0) && escalated(got) > 0
    })
    .await;
    // A few more polls: nothing comes twice.
    got.extend(during(&mut rx, Duration::from_millis(1000)).await);
    all_once(&got, s.id, &ids, "the watcher");
    assert_eq!(escalated(&got), 1, "{got:?}");
    assert!(got.iter().all(|e| e.session_id() == Some(s.id)), "{got:?}");
    let last_status = got.iter().rev().find_map(|e| match e {
        CoreEvent::SessionChanged { status, .. } => Some(*status),
        _ => None,
    });
    assert_eq!(
        last_status.map(|s| s.as_str()),
        Some("waiting_for_agent"),
        "{got:?}"
    );
}

#[tokio::test]
async fn a_watcher_on_a_sqlite_file_sees_another_cores_writes() {
    a_watcher_sees_another_cores_writes(seeded_sqlite().await).await;
}

#[tokio::test]
async fn a_watcher_on_postgres_sees_another_cores_writes() {
    if !on_postgres() {
        return;
    }
    a_watcher_sees_another_cores_writes(seeded().await).await;
}
