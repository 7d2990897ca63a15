//! Verification that resists guessing: failed attempts are counted in the database per identity
//! (the email asked about, hashed) and per station, across sessions, in a sliding window. Past a
//! limit the identity or the station is locked for a while; a locked attempt is answered exactly
//! like a mismatch, so the lock itself tells a guesser nothing.

use crate::config::VerificationConfig;
use crate::db::entity::{verification_failure, verification_lock};
use crate::error::Result;
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, Set,
};
use serde::Serialize;
use sha2::{Digest, Sha256};

/// What an attempt is about: the identity (hashed email) and the station it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attempt {
    pub identity: Option<String>,
    pub station: String,
    pub session_id: Option<i64>,
}

impl Attempt {
    /// `email` as typed (None or garbage still counts against the station).
    pub fn new(email: Option<&str>, station: &str, session_id: Option<i64>) -> Self {
        Attempt {
            identity: email.map(identity_key),
            station: station.to_owned(),
            session_id,
        }
    }
}

/// The stored form of an identity: guesses (other people's emails) never sit in the database.
pub fn identity_key(email: &str) -> String {
    let normal = email.trim().to_lowercase();
    let digest = Sha256::digest(format!("cx-agent/verification/{normal}").as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LockKind {
    Identity,
    Station,
    Session,
}

impl LockKind {
    fn as_str(self) -> &'static str {
        match self {
            LockKind::Identity => "identity",
            LockKind::Station => "station",
            LockKind::Session => "session",
        }
    }
}

/// Failed attempts within the window after this one was counted, and what is locked now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Failures {
    pub identity: u64,
    pub station: u64,
    pub session: u64,
    /// Why further attempts are refused (empty: not locked).
    pub locked: Vec<LockKind>,
}

/// The locks in force for this attempt (identity, station) at `now`.
pub async fn locks<C: ConnectionTrait>(
    db: &C,
    attempt: &Attempt,
    now: DateTime<Utc>,
) -> Result<Vec<LockKind>> {
    let mut found = vec![];
    let subjects = [
        (LockKind::Identity, attempt.identity.as_deref()),
        (LockKind::Station, Some(attempt.station.as_str())),
    ];
    for (kind, subject) in subjects {
        let Some(subject) = subject else { continue };
        let n = verification_lock::Entity::find()
            .filter(verification_lock::Column::SubjectKind.eq(kind.as_str()))
            .filter(verification_lock::Column::Subject.eq(subject))
            .filter(verification_lock::Column::LockedUntil.gt(now))
            .count(db)
            .await?;
        if n > 0 {
            found.push(kind);
        }
    }
    Ok(found)
}

/// What stands against an attempt before it is checked, read in one statement: the session's
/// earlier failed attempts (their failure rows) and the locks in force for it (as [`locks`]).
pub async fn standing<C: ConnectionTrait>(
    db: &C,
    attempt: &Attempt,
    now: DateTime<Utc>,
) -> Result<(u64, Vec<LockKind>)> {
    use sea_orm::sea_query::{Expr, Query, SelectStatement};
    fn count(q: &mut SelectStatement) -> Expr {
        Expr::from(q.expr(Expr::cust("COUNT(*)")).to_owned())
    }
    let lock = |kind: LockKind, subject: Option<&str>| match subject {
        Some(subject) => count(
            Query::select()
                .from(verification_lock::Entity)
                .and_where(verification_lock::Column::SubjectKind.eq(kind.as_str()))
                .and_where(verification_lock::Column::Subject.eq(subject))
                .and_where(verification_lock::Column::LockedUntil.gt(now)),
        ),
        None => Expr::val(0i64),
    };
    // Counted from the failure rows, not their audit rows: a kiosk station's login may not read
    // the audit log (`db::grants`). A session's attempts all come from its station, so the
    // station's index finds them.
    let failures = match attempt.session_id {
        Some(sid) => count(
            Query::select()
                .from(verification_failure::Entity)
                .and_where(verification_failure::Column::Station.eq(attempt.station.as_str()))
                .and_where(verification_failure::Column::SessionId.eq(sid)),
        ),
        None => Expr::val(0i64),
    };
    let q = Query::select()
        .expr_as(failures, "failures")
        .expr_as(
            lock(LockKind::Identity, attempt.identity.as_deref()),
            "identity",
        )
        .expr_as(
            lock(LockKind::Station, Some(attempt.station.as_str())),
            "station",
        )
        .to_owned();
    let row = db
        .query_one(&q)
        .await?
        .ok_or_else(|| crate::error::CoreError::Internal("no standing row".into()))?;
    let n = |col: &str| -> Result<i64> { Ok(row.try_get::<i64>("", col)?) };
    let mut locked = vec![];
    if n("identity")? > 0 {
        locked.push(LockKind::Identity);
    }
    if n("station")? > 0 {
        locked.push(LockKind::Station);
    }
    Ok((u64::try_from(n("failures")?).unwrap_or(0), locked))
}

/// The audit action of a failed verification: the session's count of them is its own limit.
pub const FAILED_ACTION: &str = "verify_customer_failed";

/// Count a failed attempt; lock what reached its limit. `session_failures` counts this session's
/// earlier failures (its own limit is `session_limit`). Run it in the caller's write transaction.
pub async fn record_failure<C: ConnectionTrait>(
    db: &C,
    cfg: &VerificationConfig,
    session_limit: u32,
    attempt: &Attempt,
    session_failures: u64,
    now: DateTime<Utc>,
) -> Result<Failures> {
    verification_failure::ActiveModel {
        identity: Set(attempt.identity.clone()),
        station: Set(attempt.station.clone()),
        session_id: Set(attempt.session_id),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    let since = now - Duration::minutes(i64::from(cfg.window_minutes));
    let identity = match &attempt.identity {
        Some(key) => {
            verification_failure::Entity::find()
                .filter(verification_failure::Column::Identity.eq(key.as_str()))
                .filter(verification_failure::Column::CreatedAt.gt(since))
                .count(db)
                .await?
        }
        None => 0,
    };
    let station = verification_failure::Entity::find()
        .filter(verification_failure::Column::Station.eq(attempt.station.as_str()))
        .filter(verification_failure::Column::CreatedAt.gt(since))
        .count(db)
        .await?;
    let session = session_failures + 1;
    let mut locked = locks(db, attempt, now).await?;
    let until = now + Duration::minutes(i64::from(cfg.lock_minutes));
    let reached = [
        (LockKind::Identity, identity >= u64::from(cfg.attempts)),
        (
            LockKind::Station,
            station >= u64::from(cfg.station_attempts),
        ),
    ];
    for (kind, hit) in reached {
        let subject = match kind {
            LockKind::Identity => attempt.identity.clone(),
            _ => Some(attempt.station.clone()),
        };
        if let (true, Some(subject)) = (hit && !locked.contains(&kind), subject) {
            lock(db, kind, &subject, until, now).await?;
            locked.push(kind);
        }
    }
    if session >= u64::from(session_limit) {
        locked.push(LockKind::Session);
    }
    Ok(Failures {
        identity,
        station,
        session,
        locked,
    })
}

async fn lock<C: ConnectionTrait>(
    db: &C,
    kind: LockKind,
    subject: &str,
    until: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<()> {
    tracing::warn!(kind = kind.as_str(), %until, "verification locked");
    verification_lock::ActiveModel {
        subject_kind: Set(kind.as_str().to_owned()),
        subject: Set(subject.to_owned()),
        locked_until: Set(until),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::testing;

    fn cfg() -> VerificationConfig {
        VerificationConfig {
            attempts: 3,
            station_attempts: 5,
            window_minutes: 10,
            lock_minutes: 30,
            ..VerificationConfig::default()
        }
    }

    #[test]
    fn identities_are_hashed_and_case_blind() {
        let a = identity_key("Carol@Example.com ");
        assert_eq!(a, identity_key("carol@example.com"));
        assert_eq!(a.len(), 64);
        assert!(!a.contains("carol"));
    }

    #[tokio::test]
    async fn an_identity_locks_across_sessions_and_unlocks_after_the_lock() {
        let t = testing::seeded().await;
        let now = Utc::now();
        let cfg = cfg();
        let mut last = None;
        // Three sessions, one failure each: the count follows the identity, not the session.
        for session in 1..=3 {
            let a = Attempt::new(Some("carol@example.com"), "kiosk@test", Some(session));
            last = Some(record_failure(&t.db, &cfg, 99, &a, 0, now).await.unwrap());
        }
        let last = last.unwrap();
        assert_eq!(last.identity, 3);
        assert_eq!(last.locked, vec![LockKind::Identity]);
        let carol = Attempt::new(Some("carol@example.com"), "elsewhere", None);
        assert_eq!(
            locks(&t.db, &carol, now).await.unwrap(),
            vec![LockKind::Identity]
        );
        // Someone else is not locked; after the lock time carol is not either.
        let bob = Attempt::new(Some("bob@example.com"), "elsewhere", None);
        assert!(locks(&t.db, &bob, now).await.unwrap().is_empty());
        let later = now + Duration::minutes(31);
        assert!(locks(&t.db, &carol, later).await.unwrap().is_empty());
    }

    #[tokio::test]
    async fn the_window_slides() {
        let t = testing::seeded().await;
        let cfg = cfg();
        let start = Utc::now();
        let a = Attempt::new(Some("dave@example.com"), "kiosk@test", None);
        for minutes in [0, 11, 22] {
            let f = record_failure(&t.db, &cfg, 99, &a, 0, start + Duration::minutes(minutes))
                .await
                .unwrap();
            assert_eq!(f.identity, 1, "older failures left the window");
            assert!(f.locked.is_empty());
        }
    }

    #[tokio::test]
    async fn a_station_walking_many_emails_locks() {
        let t = testing::seeded().await;
        let cfg = cfg();
        let now = Utc::now();
        let mut f = None;
        for i in 0..5 {
            let a = Attempt::new(Some(&format!("guess{i}@example.com")), "kiosk@lobby", None);
            f = Some(record_failure(&t.db, &cfg, 99, &a, 0, now).await.unwrap());
        }
        let f = f.unwrap();
        assert_eq!(f.station, 5);
        assert_eq!(f.locked, vec![LockKind::Station]);
        let fresh = Attempt::new(Some("new@example.com"), "kiosk@lobby", None);
        assert_eq!(
            locks(&t.db, &fresh, now).await.unwrap(),
            vec![LockKind::Station]
        );
    }

    /// The one-statement standing agrees with the locks and with the session's failure rows.
    #[tokio::test]
    async fn standing_reads_failures_and_locks_at_once() {
        let t = testing::seeded().await;
        let cfg = cfg();
        let now = Utc::now();
        let a = Attempt::new(Some("erin@example.com"), "kiosk@hall", Some(7));
        assert_eq!(standing(&t.db, &a, now).await.unwrap(), (0, vec![]));
        for _ in 0..3 {
            record_failure(&t.db, &cfg, 99, &a, 0, now).await.unwrap();
            crate::audit::record(
                &t.db,
                &crate::audit::AuditActor {
                    role: "kiosk_assistant".into(),
                    id: None,
                    session_id: Some(7),
                },
                FAILED_ACTION,
                "sessions",
                7,
                None,
                None,
            )
            .await
            .unwrap();
        }
        let (failures, locked) = standing(&t.db, &a, now).await.unwrap();
        assert_eq!(failures, 3);
        assert_eq!(locked, locks(&t.db, &a, now).await.unwrap());
        assert_eq!(locked, vec![LockKind::Identity]);
        // Another session at another station: no failures of its own, the identity still locked.
        let b = Attempt::new(Some("erin@example.com"), "kiosk@door", Some(8));
        assert_eq!(
            standing(&t.db, &b, now).await.unwrap(),
            (0, vec![LockKind::Identity])
        );
        let later = now + Duration::minutes(31);
        assert_eq!(standing(&t.db, &b, later).await.unwrap(), (0, vec![]));
    }

    #[tokio::test]
    async fn the_session_limit_is_reported() {
        let t = testing::seeded().await;
        let a = Attempt::new(None, "kiosk@test", Some(1));
        let f = record_failure(&t.db, &cfg(), 2, &a, 1, Utc::now())
            .await
            .unwrap();
        assert_eq!(f.session, 2);
        assert_eq!(f.locked, vec![LockKind::Session]);
        assert_eq!(f.identity, 0);
    }
}
