//! Following a SQLite file that other processes on this machine write (`cx-agent events`): SQLite
//! has no notifications between processes, so the file is polled — cheaply, `PRAGMA
//! data_version` on one held connection, which changes when another connection commits — and
//! what changed is re-read as the events that would have told of it.

use super::{Events, Inner, MARGIN, prime, re_read, sqlx_error};
use crate::error::Result;
use chrono::{DateTime, Utc};
use sea_orm::DatabaseConnection;
use sea_orm::sqlx::{self, Sqlite, pool::PoolConnection};
use std::sync::Weak;
use std::time::Duration;

/// How often the file is checked.
const POLL: Duration = Duration::from_millis(250);

pub(super) async fn start(db: &DatabaseConnection, events: &Events) -> Result<()> {
    // data_version is per connection: the same one must be asked each time.
    let mut conn = db
        .get_sqlite_connection_pool()
        .acquire()
        .await
        .map_err(sqlx_error)?;
    let version = data_version(&mut conn).await.map_err(sqlx_error)?;
    let checked_at = Utc::now();
    prime(db, &events.inner).await?;
    tokio::spawn(poll(
        conn,
        version,
        checked_at,
        db.clone(),
        events.downgrade(),
    ));
    Ok(())
}

async fn data_version(conn: &mut PoolConnection<Sqlite>) -> std::result::Result<i64, sqlx::Error> {
    sqlx::query_scalar("PRAGMA data_version")
        .fetch_one(&mut **conn)
        .await
}

/// Until the stream is dropped: when the file changed, deliver what changed since the last
/// re-read (by ids for messages: SQLite commits them in id order).
async fn poll(
    mut conn: PoolConnection<Sqlite>,
    mut version: i64,
    mut checked_at: DateTime<Utc>,
    db: DatabaseConnection,
    inner: Weak<Inner>,
) {
    let mut tick = tokio::time::interval(POLL);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        let Some(inner) = inner.upgrade() else { return };
        let now = Utc::now();
        match data_version(&mut conn).await {
            Ok(v) if v == version => {}
            Ok(v) => match re_read(&db, &inner, checked_at - MARGIN, 0).await {
                Ok(_) => (version, checked_at) = (v, now),
                Err(e) => tracing::warn!(error = %e, "cannot re-read the database; retrying"),
            },
            Err(e) => tracing::warn!(error = %e, "cannot check the database for changes"),
        }
    }
}
