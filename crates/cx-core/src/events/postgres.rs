//! Events between the processes of a team on one PostgreSQL database: NOTIFY out (a background
//! task, batched), LISTEN in (a connection of its own that reconnects by itself and re-reads
//! what it may have missed).

use super::{CoreEvent, Events, Inner, MARGIN, prime, re_read, sqlx_error};
use crate::error::Result;
use chrono::{DateTime, Utc};
use sea_orm::DatabaseConnection;
use sea_orm::sqlx::{
    self,
    postgres::{PgConnectOptions, PgListener, PgPool, PgPoolOptions},
};
use serde::{Deserialize, Serialize};
use std::sync::Weak;
use std::time::Duration;
use tokio::sync::mpsc;

/// The channel. Notifications never leave their database, so one name serves every team.
pub const CHANNEL: &str = "cx_events";

/// The server refuses payloads of 8000 bytes or more. Events are ids and short status words;
/// one this large is a bug, logged and not sent.
const MAX_PAYLOAD: usize = 7999;

/// Most events in one NOTIFY statement.
const BATCH: usize = 256;

/// With no notification for this long the listener checks its connection (a `SELECT 1`, given
/// as long to answer): a connection that died silently is noticed within seconds, not when TCP
/// gives up.
const KEEPALIVE: Duration = Duration::from_secs(5);

/// Messages re-read below the highest id seen: PostgreSQL hands out ids before commit, so a
/// message may commit after one with a higher id (at most one per connection in flight).
const ID_SLACK: i64 = 1024;

/// The longest wait between attempts to reconnect.
const MOST_BACKOFF: Duration = Duration::from_secs(5);

/// What goes over the wire: the event and the stream that sent it. `seq` makes every payload
/// unique (PostgreSQL folds identical notifications of one transaction into one).
#[derive(Serialize)]
struct Outgoing<'a> {
    origin: &'a str,
    seq: u64,
    event: &'a CoreEvent,
}

#[derive(Deserialize)]
struct Incoming {
    origin: String,
    event: CoreEvent,
}

/// LISTEN, start from what the database holds, then hand the listener and the outbox to their
/// tasks.
pub(super) async fn start(db: &DatabaseConnection, events: &Events) -> Result<()> {
    let pool = db.get_postgres_connection_pool().clone();
    // The core's own connection settings (server, login, TLS), named so an administrator (or a
    // test) can tell the listening connections apart.
    let options = (*pool.connect_options())
        .clone()
        .application_name(&format!("cx-agent events {}", events.origin()));
    let listener = listen(&options).await.map_err(sqlx_error)?;
    prime(db, &events.inner).await?;
    tokio::spawn(run_listener(
        listener,
        options,
        db.clone(),
        events.downgrade(),
    ));
    let (tx, rx) = mpsc::unbounded_channel();
    if events.inner.outbox.set(tx).is_ok() {
        tokio::spawn(publish(pool, events.origin().to_owned(), rx));
    }
    tracing::info!(origin = events.origin(), "events shared through PostgreSQL");
    Ok(())
}

/// A listener on a connection of its own (a pool of one, as `PgListener::connect` builds): it
/// holds that connection for good, so the core's pool keeps all of its connections for work.
async fn listen(options: &PgConnectOptions) -> std::result::Result<PgListener, sqlx::Error> {
    let pool = PgPoolOptions::new()
        .max_connections(1)
        .max_lifetime(None)
        .idle_timeout(None)
        .connect_with(options.clone())
        .await?;
    let mut listener = PgListener::connect_with(&pool).await?;
    listener.listen(CHANNEL).await?;
    Ok(listener)
}

enum Step {
    Notice(String),
    /// sqlx lost the connection and listens again on a new one.
    Reconnected,
    /// Nothing for a while: time to check the connection.
    Quiet,
    Broken(sqlx::Error),
}

/// Deliver the other processes' events until the stream is dropped. After a lost connection:
/// listen again, then re-read from the last moment the connection was known to work.
async fn run_listener(
    listener: PgListener,
    options: PgConnectOptions,
    db: DatabaseConnection,
    inner: Weak<Inner>,
) {
    let mut listener = Some(listener);
    let mut alive_at = Utc::now();
    loop {
        let Some(l) = listener.as_mut() else {
            match recover(None, &options, &db, &inner, alive_at - MARGIN).await {
                Some((l, at)) => (listener, alive_at) = (Some(l), at),
                None => return,
            }
            continue;
        };
        let step = tokio::select! {
            r = l.try_recv() => match r {
                Ok(Some(n)) => Step::Notice(n.payload().to_owned()),
                Ok(None) => Step::Reconnected,
                Err(e) => Step::Broken(e),
            },
            _ = tokio::time::sleep(KEEPALIVE) => Step::Quiet,
        };
        match step {
            Step::Notice(payload) => {
                alive_at = Utc::now();
                let Some(inner) = inner.upgrade() else { return };
                receive(&inner, &payload);
            }
            Step::Quiet => {
                if inner.strong_count() == 0 {
                    return;
                }
                let check = sqlx::query("SELECT 1").execute(&mut *l);
                match tokio::time::timeout(KEEPALIVE, check).await {
                    Ok(Ok(_)) => alive_at = Utc::now(),
                    Ok(Err(e)) => {
                        tracing::warn!(error = %e, "event listener lost its connection");
                        listener = None;
                    }
                    Err(_) => {
                        tracing::warn!("event listener's connection stopped answering");
                        listener = None;
                    }
                }
            }
            Step::Reconnected => {
                tracing::warn!("event listener lost its connection and listens again");
                match recover(listener.take(), &options, &db, &inner, alive_at - MARGIN).await {
                    Some((l, at)) => (listener, alive_at) = (Some(l), at),
                    None => return,
                }
            }
            Step::Broken(e) => {
                tracing::warn!(error = %e, "event listener lost its connection");
                listener = None;
            }
        }
    }
}

/// Listen again (unless `listening` already does) and deliver what changed since `since`.
/// Retries with a growing pause until both worked; None when the stream was dropped meanwhile.
/// Returns the listener and the moment from which it listened.
async fn recover(
    mut listening: Option<PgListener>,
    options: &PgConnectOptions,
    db: &DatabaseConnection,
    inner: &Weak<Inner>,
    since: DateTime<Utc>,
) -> Option<(PgListener, DateTime<Utc>)> {
    let mut pause = Duration::from_millis(100);
    loop {
        let listened_at = Utc::now();
        let attempt = match listening.take() {
            Some(l) => Ok(l),
            None => listen(options).await.map_err(sqlx_error),
        };
        let strong = inner.upgrade()?;
        let outcome = match attempt {
            Ok(l) => match re_read(db, &strong, since, ID_SLACK).await {
                Ok(n) => {
                    tracing::info!(re_read = n, "event listener back");
                    return Some((l, listened_at));
                }
                Err(e) => e,
            },
            Err(e) => e,
        };
        drop(strong);
        tracing::warn!(error = %outcome, ?pause, "event listener cannot listen again yet");
        tokio::time::sleep(pause).await;
        pause = (pause * 2).min(MOST_BACKOFF);
    }
}

fn receive(inner: &Inner, payload: &str) {
    match serde_json::from_str::<Incoming>(payload) {
        // Our own, back from the server: local subscribers had it when it was emitted.
        Ok(n) if n.origin == inner.origin => {}
        Ok(n) if n.event.crosses_processes() => inner.deliver_remote(n.event),
        Ok(n) => tracing::debug!(event = ?n.event, "a local-only event from another process"),
        Err(e) => tracing::warn!(error = %e, payload, "an event this version does not read"),
    }
}

/// Send queued events until the stream is dropped: everything queued at once goes in one
/// statement, in the order emitted.
async fn publish(pool: PgPool, origin: String, mut rx: mpsc::UnboundedReceiver<CoreEvent>) {
    let mut seq = 0u64;
    let mut batch: Vec<String> = Vec::new();
    while let Some(first) = rx.recv().await {
        batch.clear();
        let mut next = Some(first);
        while let Some(event) = next {
            seq += 1;
            let notice = Outgoing {
                origin: &origin,
                seq,
                event: &event,
            };
            match serde_json::to_string(&notice) {
                Ok(p) if p.len() <= MAX_PAYLOAD => batch.push(p),
                Ok(p) => tracing::error!(bytes = p.len(), ?event, "event too large to share"),
                Err(e) => tracing::error!(error = %e, ?event, "event not serialized"),
            }
            next = if batch.len() < BATCH {
                rx.try_recv().ok()
            } else {
                None
            };
        }
        if !batch.is_empty() {
            send(&pool, &batch).await;
        }
    }
}

/// One event now, awaited (see [`super::announce`]).
pub(super) async fn announce(
    db: &DatabaseConnection,
    origin: &str,
    event: &CoreEvent,
) -> Result<()> {
    let payload = serde_json::to_string(&Outgoing {
        origin,
        seq: 1,
        event,
    })
    .map_err(|e| crate::error::CoreError::Internal(format!("event not serialized: {e}")))?;
    sqlx::query("SELECT pg_notify($1, $2)")
        .bind(CHANNEL)
        .bind(payload)
        .execute(db.get_postgres_connection_pool())
        .await
        .map_err(sqlx_error)?;
    Ok(())
}

/// One statement for the whole batch, its payloads bound as one array. A few retries: the write
/// these events tell of has committed on the same server, so it is most likely back at once.
async fn send(pool: &PgPool, payloads: &[String]) {
    let mut pause = Duration::from_millis(100);
    for attempt in 1..=4 {
        let sent = sqlx::query("SELECT pg_notify($1, payload) FROM unnest($2::text[]) AS payload")
            .bind(CHANNEL)
            .bind(payloads)
            .execute(pool)
            .await;
        match sent {
            Ok(_) => return,
            Err(e) if attempt < 4 => {
                tracing::warn!(error = %e, attempt, "events not sent yet; retrying");
                tokio::time::sleep(pause).await;
                pause *= 2;
            }
            Err(e) => tracing::error!(
                error = %e,
                events = payloads.len(),
                "events not sent to the other processes"
            ),
        }
    }
}
