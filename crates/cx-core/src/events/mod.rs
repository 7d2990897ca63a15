//! The core's event stream. Windows learn of changes from here (never by reaching into another
//! window, never by polling the database themselves).
//!
//! In one process it is a tokio broadcast. In a team (several processes on one PostgreSQL) the
//! events that cross processes ([`CoreEvent::crosses_processes`]) also go out through
//! LISTEN/NOTIFY once a front end called [`share`] (or `Engine::share_events`), and the other
//! processes' events come back into the same broadcast: a subscriber never learns where an event
//! came from. After a lost connection the listener re-reads what it may have missed
//! ([`catch_up`]). [`watch`] does the same for a process that only follows a database: on
//! PostgreSQL it shares, on a SQLite file (several processes on one machine) it polls the file.

mod catch_up;
mod postgres;
mod sqlite;

use crate::db::entity::{
    EscalationReason, MessageRole, PendingState, SessionStatus, TicketPriority,
};
use crate::error::{CoreError, Result};
use chrono::{DateTime, Utc};
use sea_orm::{DatabaseConnection, DbBackend};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock, Weak};
use std::time::Duration;
use tokio::sync::{broadcast, mpsc};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum CoreEvent {
    /// A message was stored (customer, assistant, agent, tool or system).
    MessageAdded {
        session_id: i64,
        message_id: i64,
        role: MessageRole,
    },
    /// A session's status, agent, tone or customer changed.
    SessionChanged {
        session_id: i64,
        status: SessionStatus,
    },
    /// A session was handed to a person.
    Escalated {
        session_id: i64,
        reason: EscalationReason,
        priority: TicketPriority,
    },
    /// A pending action was proposed or decided.
    PendingActionChanged {
        session_id: i64,
        action_id: i64,
        state: PendingState,
    },
    /// The assistant is working on an answer (for a typing indicator).
    AssistantTyping { session_id: i64, typing: bool },
    /// One sentence of the answer being written, released as soon as the claim ledger grounded
    /// it (index from 0 within the answer). The turn's outcome carries the whole reply after.
    AnswerSentence {
        session_id: i64,
        index: u32,
        text: String,
    },
    /// Team mode: a waiting session was offered to an agent (None: the offer was withdrawn).
    SessionOffered {
        session_id: i64,
        agent: Option<String>,
    },
    /// Team mode: an agent signed in or out, or was added, changed or disabled.
    TeamChanged { agent: String },
}

impl CoreEvent {
    /// The session the event is about (None: about the team, not a session).
    pub fn session_id(&self) -> Option<i64> {
        match self {
            CoreEvent::MessageAdded { session_id, .. }
            | CoreEvent::SessionChanged { session_id, .. }
            | CoreEvent::Escalated { session_id, .. }
            | CoreEvent::PendingActionChanged { session_id, .. }
            | CoreEvent::AssistantTyping { session_id, .. }
            | CoreEvent::AnswerSentence { session_id, .. }
            | CoreEvent::SessionOffered { session_id, .. } => Some(*session_id),
            CoreEvent::TeamChanged { .. } => None,
        }
    }

    /// Whether other processes sharing the database hear of this event. What the database holds
    /// crosses; what only the window showing the turn needs (the typing indicator, the sentences
    /// of an answer as it is written) stays local: not worth a round trip to the server per
    /// sentence, and the stored answer's `MessageAdded` follows anyway. Exhaustive on purpose: a
    /// new event must decide.
    pub fn crosses_processes(&self) -> bool {
        match self {
            CoreEvent::MessageAdded { .. }
            | CoreEvent::SessionChanged { .. }
            | CoreEvent::Escalated { .. }
            | CoreEvent::PendingActionChanged { .. }
            | CoreEvent::SessionOffered { .. }
            | CoreEvent::TeamChanged { .. } => true,
            CoreEvent::AssistantTyping { .. } | CoreEvent::AnswerSentence { .. } => false,
        }
    }
}

/// A cheap, cloneable publisher. Sending with nobody listening is fine. Clones share one stream
/// (and, once shared, one connection to the other processes).
#[derive(Clone)]
pub struct Events {
    inner: Arc<Inner>,
}

struct Inner {
    tx: broadcast::Sender<CoreEvent>,
    /// Names this stream in the notifications it sends, so it can drop its own when they come
    /// back (its subscribers already had them) — and names its listening connection.
    origin: String,
    /// Set once sharing started: events for the other processes, sent by a background task so
    /// `emit` never waits for the server.
    outbox: OnceLock<mpsc::UnboundedSender<CoreEvent>>,
    /// Whether `seen` is kept (sharing or watching): only then can events be missed and re-read.
    tracking: AtomicBool,
    seen: Mutex<Seen>,
    /// One start at a time; true once started.
    started: tokio::sync::Mutex<bool>,
}

impl Default for Events {
    fn default() -> Self {
        Events {
            inner: Arc::new(Inner {
                tx: broadcast::channel(1024).0,
                origin: new_origin(),
                outbox: OnceLock::new(),
                tracking: AtomicBool::new(false),
                seen: Mutex::new(Seen::default()),
                started: tokio::sync::Mutex::new(false),
            }),
        }
    }
}

impl Events {
    /// Publish an event that happened here (after its write committed). Never waits: when shared,
    /// the event is queued for the background task that notifies the other processes.
    pub fn emit(&self, e: CoreEvent) {
        tracing::debug!(?e, "event");
        if e.crosses_processes() {
            if self.inner.tracking.load(Ordering::Relaxed) {
                self.inner.seen().live(&e);
            }
            if let Some(outbox) = self.inner.outbox.get() {
                let _ = outbox.send(e.clone());
            }
        }
        let _ = self.inner.tx.send(e);
    }

    pub fn subscribe(&self) -> broadcast::Receiver<CoreEvent> {
        self.inner.tx.subscribe()
    }

    /// This stream's name among the processes sharing a database (`<pid>-<random>`). Its
    /// listening connection on PostgreSQL is named `cx-agent events <origin>`
    /// (`pg_stat_activity.application_name`).
    pub fn origin(&self) -> &str {
        &self.inner.origin
    }

    /// Whether events travel to and from other processes (after [`share`] on PostgreSQL).
    pub fn is_shared(&self) -> bool {
        self.inner.outbox.get().is_some()
    }

    fn downgrade(&self) -> Weak<Inner> {
        Arc::downgrade(&self.inner)
    }
}

impl Inner {
    fn seen(&self) -> std::sync::MutexGuard<'_, Seen> {
        self.seen.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// An event from another process: into the local stream unless it was already delivered
    /// (a re-read after a reconnect may have found it first).
    fn deliver_remote(&self, e: CoreEvent) {
        if !self.seen().live(&e) {
            return;
        }
        tracing::debug!(?e, "event from another process");
        let _ = self.tx.send(e);
    }

    /// What a re-read found, minus what was already delivered.
    fn deliver_found(&self, found: Vec<catch_up::Found>) -> usize {
        let fresh: Vec<CoreEvent> = {
            let mut seen = self.seen();
            found
                .into_iter()
                .filter(|f| seen.found(f))
                .map(|f| f.event)
                .collect()
        };
        let n = fresh.len();
        for e in fresh {
            tracing::debug!(?e, "event re-read");
            let _ = self.tx.send(e);
        }
        n
    }
}

/// `<pid>-<random>`: unique per stream, also between two engines in one process.
fn new_origin() -> String {
    use std::hash::{BuildHasher, Hasher};
    // Each RandomState has fresh keys (random per thread, then counted up): a unique, unguessable
    // value without a random number crate.
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default(),
    );
    format!("{}-{:016x}", std::process::id(), h.finish())
}

/// How far back a re-read looks before the moment something may have been missed. A writer takes
/// its timestamp before it waits for a lock (SQLite waits up to 5 s) and commits, and the
/// machines of a team may disagree on the time by a few seconds. What the margin re-reads twice
/// is dropped by [`Seen`].
const MARGIN: Duration = Duration::from_secs(10);

/// How many delivered events [`Seen`] remembers (a few minutes of a busy team).
const REMEMBERED: usize = 16_384;

/// What this stream already delivered, so a re-read repeats none of it.
#[derive(Default)]
struct Seen {
    /// The highest message id delivered, or there when the stream started.
    high_message: i64,
    /// Message ids at or below this were there before the stream started: never re-read.
    floor_message: i64,
    keys: HashMap<Key, DateTime<Utc>>,
    order: VecDeque<Key>,
}

/// One delivered fact.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key {
    Message(i64),
    Pending(i64, PendingState),
    /// An escalation announced live: (session, reason, priority).
    Escalation(i64, EscalationReason, TicketPriority),
    /// An escalation re-read: (session, escalated_at in µs).
    EscalatedAt(i64, i64),
    /// An offer re-read: (session, offered_at in µs).
    OfferedAt(i64, i64),
    /// A session re-read: (session, updated_at in µs). Live `SessionChanged` events carry no
    /// time, so a re-read may repeat one — harmless, windows only refetch the session.
    Session(i64, i64),
}

impl Seen {
    /// Start from what the database holds now.
    fn start(&mut self, max_message: i64) {
        self.floor_message = max_message;
        self.high_message = self.high_message.max(max_message);
    }

    fn remember(&mut self, key: Key) {
        if self.keys.insert(key.clone(), Utc::now()).is_none() {
            self.order.push_back(key);
            while self.order.len() > REMEMBERED {
                if let Some(old) = self.order.pop_front() {
                    self.keys.remove(&old);
                }
            }
        }
    }

    /// A live event (local or from another process); false when it was already delivered.
    fn live(&mut self, e: &CoreEvent) -> bool {
        let key = match e {
            CoreEvent::MessageAdded { message_id, .. } => {
                self.high_message = self.high_message.max(*message_id);
                Key::Message(*message_id)
            }
            CoreEvent::PendingActionChanged {
                action_id, state, ..
            } => Key::Pending(*action_id, *state),
            CoreEvent::Escalated {
                session_id,
                reason,
                priority,
            } => Key::Escalation(*session_id, *reason, *priority),
            CoreEvent::SessionChanged { .. }
            | CoreEvent::SessionOffered { .. }
            | CoreEvent::TeamChanged { .. }
            | CoreEvent::AssistantTyping { .. }
            | CoreEvent::AnswerSentence { .. } => return true,
        };
        if self.keys.contains_key(&key) {
            return false;
        }
        self.remember(key);
        true
    }

    /// A re-read fact; false when it was already delivered.
    fn found(&mut self, f: &catch_up::Found) -> bool {
        if self.keys.contains_key(&f.key) {
            return false;
        }
        if let (Key::EscalatedAt(..), CoreEvent::Escalated { .. }) = (&f.key, &f.event) {
            // The same escalation announced live around that time: already delivered.
            let live = self.live_escalation(&f.event);
            if live.is_some_and(|seen_at| seen_at >= f.at - MARGIN) {
                self.remember(f.key.clone());
                return false;
            }
        }
        if let CoreEvent::MessageAdded { message_id, .. } = f.event {
            self.high_message = self.high_message.max(message_id);
        }
        self.remember(f.key.clone());
        true
    }

    fn live_escalation(&self, e: &CoreEvent) -> Option<DateTime<Utc>> {
        match e {
            CoreEvent::Escalated {
                session_id,
                reason,
                priority,
            } => self
                .keys
                .get(&Key::Escalation(*session_id, *reason, *priority))
                .copied(),
            _ => None,
        }
    }

    /// Message ids above this are re-read: the highest seen, less `slack` for messages that
    /// committed after a later id did (PostgreSQL hands out ids before commit), never below
    /// what was there at the start.
    fn messages_after(&self, slack: i64) -> i64 {
        (self.high_message - slack).max(self.floor_message)
    }
}

/// Share this stream with the other processes on the same PostgreSQL database: publish its
/// events through NOTIFY and deliver theirs (LISTEN on a connection of its own, reconnecting by
/// itself and re-reading what it missed). Call once after opening; more calls do nothing. On
/// SQLite, where all windows live in one process, it does nothing and returns Ok.
pub async fn share(db: &DatabaseConnection, events: &Events) -> Result<()> {
    match db.get_database_backend() {
        DbBackend::Postgres => {}
        _ => return Ok(()),
    }
    let mut started = events.inner.started.lock().await;
    if *started {
        return Ok(());
    }
    postgres::start(db, events).await?;
    *started = true;
    Ok(())
}

/// Follow the database for a process that reads it (`cx-agent events`): on PostgreSQL [`share`];
/// on a SQLite file, poll it (cheaply: `PRAGMA data_version` every 250 ms) and deliver what other
/// processes changed as the events that would have said so. Meant for a process that does not
/// write itself: on SQLite, its own writes would be announced twice.
pub async fn watch(db: &DatabaseConnection, events: &Events) -> Result<()> {
    match db.get_database_backend() {
        DbBackend::Postgres => share(db, events).await,
        DbBackend::Sqlite => {
            let mut started = events.inner.started.lock().await;
            if !*started {
                sqlite::start(db, events).await?;
                *started = true;
            }
            Ok(())
        }
        other => Err(CoreError::Internal(format!(
            "events cannot follow a {other:?} database"
        ))),
    }
}

/// Tell the other processes of one event at once, without sharing a stream: for a short-lived
/// process (`cx-agent agents …`) whose background publisher would not outlive it. Call after the
/// write the event tells of committed. On SQLite nothing to do: watchers see the file change.
pub async fn announce(db: &DatabaseConnection, event: &CoreEvent) -> Result<()> {
    if db.get_database_backend() != DbBackend::Postgres || !event.crosses_processes() {
        return Ok(());
    }
    postgres::announce(db, &new_origin(), event).await
}

/// Start `seen` from what the database holds now, delivering nothing: only later changes are
/// news. Called once the stream listens (or polls), so nothing falls between.
async fn prime(db: &DatabaseConnection, inner: &Inner) -> Result<()> {
    let max_message = catch_up::max_message_id(db).await?;
    let recent = catch_up::changes_since(db, Utc::now() - MARGIN, None).await?;
    let mut seen = inner.seen();
    seen.start(max_message);
    for f in &recent {
        seen.found(f);
    }
    inner.tracking.store(true, Ordering::Relaxed);
    Ok(())
}

/// Deliver what changed since `since` (messages: after the highest id seen, less `slack`) and was
/// not delivered yet. Returns how many events that made.
async fn re_read(
    db: &DatabaseConnection,
    inner: &Inner,
    since: DateTime<Utc>,
    slack: i64,
) -> Result<usize> {
    let after = inner.seen().messages_after(slack);
    let found = catch_up::changes_since(db, since, Some(after)).await?;
    Ok(inner.deliver_found(found))
}

/// A sqlx error (the listener's own connection) as the core's.
fn sqlx_error(e: sea_orm::sqlx::Error) -> CoreError {
    CoreError::Database(sea_orm::DbErr::Conn(sea_orm::RuntimeErr::SqlxError(
        Arc::new(e),
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(id: i64) -> CoreEvent {
        CoreEvent::MessageAdded {
            session_id: 1,
            message_id: id,
            role: MessageRole::Customer,
        }
    }

    #[test]
    fn the_json_shape_reads_back() {
        for e in [
            message(7),
            CoreEvent::SessionChanged {
                session_id: 3,
                status: SessionStatus::WithAgent,
            },
            CoreEvent::Escalated {
                session_id: 3,
                reason: EscalationReason::HumanRequested,
                priority: TicketPriority::High,
            },
        ] {
            let text = serde_json::to_string(&e).unwrap();
            assert_eq!(serde_json::from_str::<CoreEvent>(&text).unwrap(), e);
        }
        assert_eq!(
            serde_json::to_value(message(7)).unwrap(),
            serde_json::json!({"type": "message_added", "session_id": 1, "message_id": 7, "role": "customer"})
        );
    }

    #[test]
    fn typing_and_sentences_stay_local() {
        assert!(message(1).crosses_processes());
        assert!(
            !CoreEvent::AssistantTyping {
                session_id: 1,
                typing: true
            }
            .crosses_processes()
        );
        assert!(
            !CoreEvent::AnswerSentence {
                session_id: 1,
                index: 0,
                text: "Hi.".into()
            }
            .crosses_processes()
        );
    }

    #[test]
    fn a_re_read_repeats_nothing_delivered() {
        let mut seen = Seen::default();
        seen.start(100);
        assert!(seen.live(&message(101)));
        assert!(!seen.live(&message(101)), "the same message twice");
        assert_eq!(seen.messages_after(1000), 100, "never below the start");
        let now = Utc::now();
        let found = |e: CoreEvent, key: Key| catch_up::Found {
            event: e,
            key,
            at: now,
        };
        assert!(!seen.found(&found(message(101), Key::Message(101))));
        assert!(seen.found(&found(message(102), Key::Message(102))));
        assert_eq!(seen.messages_after(0), 102);
        let session = |at: i64| {
            found(
                CoreEvent::SessionChanged {
                    session_id: 5,
                    status: SessionStatus::Active,
                },
                Key::Session(5, at),
            )
        };
        assert!(seen.found(&session(1)));
        assert!(!seen.found(&session(1)), "the same change re-read");
        assert!(seen.found(&session(2)), "a later change of the session");
        let escalated = CoreEvent::Escalated {
            session_id: 5,
            reason: EscalationReason::HumanRequested,
            priority: TicketPriority::High,
        };
        assert!(seen.live(&escalated));
        assert!(
            !seen.found(&found(escalated.clone(), Key::EscalatedAt(5, 1))),
            "announced live just now"
        );
    }

    #[test]
    fn origins_differ() {
        let (a, b) = (Events::default(), Events::default());
        assert_ne!(a.origin(), b.origin());
        assert_eq!(a.origin(), a.clone().origin());
        assert!(a.origin().len() + "cx-agent events ".len() < 64);
    }

    #[tokio::test]
    async fn sharing_a_sqlite_database_does_nothing() {
        let t = crate::core::testing::seeded_sqlite().await;
        let events = Events::default();
        share(&t.db, &events).await.unwrap();
        assert!(!events.is_shared());
        let mut rx = events.subscribe();
        events.emit(message(1));
        assert_eq!(rx.recv().await.unwrap(), message(1));
    }
}
