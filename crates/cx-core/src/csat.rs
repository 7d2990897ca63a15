//! Customer satisfaction: the kiosk's "How did we do?" after a session ends. A score 1..=5 and an
//! optional comment, once per session, from the station that ran it, shortly after it ended —
//! a stranger at the kiosk can rate only the conversation that just ended on that screen.

use crate::audit::{self, AuditActor};
use crate::db::entity::{Channel, MessageRole, SessionStatus, message, session};
use crate::error::{CoreError, Result};
use crate::policy::{Actor, Role};
use chrono::{DateTime, Duration, SubsecRound, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    TransactionTrait,
};
use serde::{Deserialize, Serialize};
use serde_json::json;

/// How long after its end the kiosk may still rate a session: the question shows right after the
/// end and goes away on its own well before this.
pub const RATE_WINDOW_MINUTES: i64 = 15;

/// Longest comment, in characters.
pub const MAX_COMMENT_CHARS: usize = 1000;

/// A session's rating, as the transcript and history show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Rating {
    /// 1 (very unhappy) ..= 5 (very happy).
    pub score: u8,
    pub comment: Option<String>,
    pub at: DateTime<Utc>,
}

impl Rating {
    /// The session's rating, if its customer gave one.
    pub fn of(s: &session::Model) -> Option<Rating> {
        Some(Rating {
            score: u8::try_from(s.csat_score?).ok()?,
            comment: s.csat_comment.clone(),
            at: s.csat_at?,
        })
    }
}

/// The score and comment as given: the score must be 1..=5; the comment is normalised like a
/// message, and one with nothing to see (blank, or only invisible characters) is none.
pub fn validate(score: u8, comment: Option<&str>) -> Result<(u8, Option<String>)> {
    if !(1..=5).contains(&score) {
        return Err(CoreError::invalid(format!(
            "a rating is 1 to 5, not {score}"
        )));
    }
    let comment = match comment.filter(|c| !crate::validate::is_blank(c)) {
        None => None,
        Some(c) => Some(
            crate::validate::customer_message(c, MAX_COMMENT_CHARS).map_err(|e| {
                CoreError::invalid(e.to_string().replacen("the message", "the comment", 1))
            })?,
        ),
    };
    Ok((score, comment))
}

/// Store the kiosk customer's rating of the session that just ended at the actor's station.
pub async fn rate(
    db: &DatabaseConnection,
    actor: &Actor,
    session_id: i64,
    score: u8,
    comment: Option<&str>,
) -> Result<Rating> {
    let (score, comment) = validate(score, comment)?;
    let s = ended_here(db, actor, session_id).await?;
    // Microseconds: what PostgreSQL keeps, so the answer equals what is read back later.
    let now = Utc::now().trunc_subsecs(6);
    let txn = db.begin().await?;
    // Compare and set: of two answers for one session, the first counts.
    let updated = session::Entity::update_many()
        .col_expr(session::Column::CsatScore, Expr::value(Some(score as i32)))
        .col_expr(session::Column::CsatComment, Expr::value(comment.clone()))
        .col_expr(session::Column::CsatAt, Expr::value(Some(now)))
        .filter(session::Column::Id.eq(s.id))
        .filter(session::Column::CsatScore.is_null())
        .exec(&txn)
        .await?;
    if updated.rows_affected == 0 {
        return Err(already_rated(session_id));
    }
    let who = AuditActor {
        id: actor.station.as_ref().map(|st| format!("station:{st}")),
        session_id: Some(s.id),
        ..AuditActor::from_actor(actor)
    };
    let after = json!({ "csat_score": score, "csat_comment": comment });
    audit::record(
        &txn,
        &who,
        "kiosk_rate_session",
        "sessions",
        s.id,
        Some(json!({ "csat_score": null })),
        Some(after),
    )
    .await?;
    txn.commit().await?;
    tracing::info!(session = s.id, score, "session rated");
    Ok(Rating {
        score,
        comment,
        at: now,
    })
}

fn already_rated(session_id: i64) -> CoreError {
    CoreError::Conflict(format!("session {session_id} has already been rated"))
}

/// The session, if the actor is a kiosk station, the session is the newest kiosk session it
/// started, it has ended within [`RATE_WINDOW_MINUTES`] and nobody rated it yet.
async fn ended_here(
    db: &DatabaseConnection,
    actor: &Actor,
    session_id: i64,
) -> Result<session::Model> {
    if actor.role != Role::KioskAssistant {
        return Err(CoreError::denied(
            "only the kiosk asks customers for a rating",
        ));
    }
    let station = actor
        .station
        .as_deref()
        .filter(|s| !s.trim().is_empty())
        .ok_or_else(|| CoreError::denied("a kiosk acts only from a named station"))?;
    let not_yours = || {
        CoreError::denied(format!(
            "this station may only rate the session it just ended (not session {session_id})"
        ))
    };
    // Unknown, foreign and older sessions get the same answer.
    let newest = session::Entity::find()
        .filter(session::Column::Station.eq(station))
        .filter(session::Column::Channel.eq(Channel::Kiosk))
        .order_by_desc(session::Column::Id)
        .one(db)
        .await?
        .filter(|s| s.id == session_id)
        .ok_or_else(not_yours)?;
    if newest.status != SessionStatus::Closed {
        return Err(CoreError::Refused(format!(
            "session {session_id} has not ended; a rating comes after the conversation"
        )));
    }
    let closed = newest.closed_at.unwrap_or(newest.updated_at);
    if Utc::now() - closed > Duration::minutes(RATE_WINDOW_MINUTES) {
        return Err(CoreError::Refused(format!(
            "session {session_id} ended more than {RATE_WINDOW_MINUTES} minutes ago; it can no longer be rated"
        )));
    }
    if newest.csat_score.is_some() {
        return Err(already_rated(session_id));
    }
    // Starting and ending empty sessions must not be a way to pour ratings into the report.
    let said = message::Entity::find()
        .filter(message::Column::SessionId.eq(session_id))
        .filter(message::Column::Role.eq(MessageRole::Customer))
        .count(db)
        .await?;
    if said == 0 {
        return Err(CoreError::Refused(format!(
            "session {session_id} had no conversation to rate"
        )));
    }
    Ok(newest)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::testing::{TestCore, seeded};
    use crate::db::entity::audit_log;
    use crate::sessions;

    const STATION: &str = "kiosk@csat-test";

    fn here() -> Actor {
        Actor::kiosk_station(STATION)
    }

    /// A new session of `channel` started by `station`, where the customer said something.
    async fn started(t: &TestCore, channel: Channel, station: &str) -> session::Model {
        let s = silent(t, channel, station).await;
        let hello = sessions::NewMessage::text(MessageRole::Customer, "Hello");
        sessions::append(&t.db, s.id, hello).await.unwrap();
        sessions::get(&t.db, s.id).await.unwrap()
    }

    /// A new session where nobody said anything (the first message was refused, say).
    async fn silent(t: &TestCore, channel: Channel, station: &str) -> session::Model {
        sessions::create_at(
            &t.db,
            channel,
            "professional",
            None,
            Some(station),
            crate::Language::En,
        )
        .await
        .unwrap()
    }

    async fn close(t: &TestCore, s: &session::Model) -> session::Model {
        sessions::set_status_if(&t.db, s, SessionStatus::Closed, None)
            .await
            .unwrap()
            .expect("closed")
    }

    /// A kiosk session at [`STATION`] that has just ended.
    async fn ended(t: &TestCore) -> session::Model {
        let s = started(t, Channel::Kiosk, STATION).await;
        close(t, &s).await
    }

    async fn reload(t: &TestCore, id: i64) -> session::Model {
        sessions::get(&t.db, id).await.unwrap()
    }

    async fn audit_rows(t: &TestCore, id: i64) -> Vec<audit_log::Model> {
        audit_log::Entity::find()
            .filter(audit_log::Column::Action.eq("kiosk_rate_session"))
            .filter(audit_log::Column::EntityId.eq(id))
            .all(&t.db)
            .await
            .unwrap()
    }

    /// Nothing stored and nothing audited for `id`.
    async fn unrated(t: &TestCore, id: i64) {
        let s = reload(t, id).await;
        assert_eq!(
            (s.csat_score, s.csat_comment.as_deref(), s.csat_at),
            (None, None, None),
            "session {id} must stay unrated"
        );
        assert!(audit_rows(t, id).await.is_empty(), "no audit row for {id}");
    }

    #[tokio::test]
    async fn a_rating_of_the_session_that_just_ended_is_stored_and_audited() {
        let t = seeded().await;
        let s = ended(&t).await;
        let before = Utc::now();
        let r = rate(&t.db, &here(), s.id, 4, Some("  Quick and friendly.\n"))
            .await
            .unwrap();
        assert_eq!(r.score, 4);
        assert_eq!(r.comment.as_deref(), Some("Quick and friendly."));
        assert!(r.at >= before && r.at <= Utc::now(), "{r:?}");

        let stored = reload(&t, s.id).await;
        assert_eq!(stored.csat_score, Some(4));
        assert_eq!(stored.csat_comment.as_deref(), Some("Quick and friendly."));
        let back = Rating::of(&stored).expect("a rating");
        assert_eq!((back.score, back.comment.clone()), (4, r.comment.clone()));
        // Stored times may be coarser (microseconds) than the clock's.
        assert!(
            (back.at - r.at).num_milliseconds().abs() < 1,
            "{back:?} vs {r:?}"
        );
        // Nothing else about the session changed.
        assert_eq!(stored.status, SessionStatus::Closed);
        assert_eq!(stored.closed_at, s.closed_at);

        let rows = audit_rows(&t, s.id).await;
        assert_eq!(rows.len(), 1, "{rows:?}");
        let row = &rows[0];
        assert_eq!(row.actor_role, "kiosk_assistant");
        assert_eq!(row.actor_id.as_deref(), Some("station:kiosk@csat-test"));
        assert_eq!(row.session_id, Some(s.id));
        assert_eq!(row.entity, "sessions");
        assert_eq!(row.before, Some(json!({ "csat_score": null })));
        assert_eq!(
            row.after,
            Some(json!({ "csat_score": 4, "csat_comment": "Quick and friendly." }))
        );
    }

    #[tokio::test]
    async fn every_score_from_one_to_five_is_accepted() {
        for score in 1..=5u8 {
            assert_eq!(validate(score, None).unwrap(), (score, None));
        }
        let t = seeded().await;
        let s = ended(&t).await;
        let r = rate(&t.db, &here(), s.id, 1, None).await.unwrap();
        assert_eq!((r.score, r.comment), (1, None));
        assert_eq!(reload(&t, s.id).await.csat_score, Some(1));
    }

    #[tokio::test]
    async fn scores_outside_one_to_five_are_invalid_and_change_nothing() {
        let t = seeded().await;
        let s = ended(&t).await;
        for score in [0u8, 6, 255] {
            let err = rate(&t.db, &here(), s.id, score, Some("fine"))
                .await
                .unwrap_err();
            assert_eq!(err.code(), "invalid_input", "{score}: {err}");
            assert_eq!(err.to_string(), format!("a rating is 1 to 5, not {score}"));
        }
        unrated(&t, s.id).await;
    }

    #[tokio::test]
    async fn oversized_or_control_character_comments_are_invalid() {
        let t = seeded().await;
        let s = ended(&t).await;
        let longest = "é".repeat(MAX_COMMENT_CHARS);
        assert_eq!(
            validate(5, Some(&longest)).unwrap().1.as_deref(),
            Some(longest.as_str()),
            "{MAX_COMMENT_CHARS} characters (not bytes) are fine"
        );
        let too_long = "x".repeat(MAX_COMMENT_CHARS + 1);
        for (comment, says) in [
            (
                too_long.as_str(),
                "the comment is too long (1001 characters; at most 1000)",
            ),
            (
                "great\u{7} service",
                "the comment contains a control character (U+0007)",
            ),
            (
                "ok\u{1b}[2J",
                "the comment contains a control character (U+001B)",
            ),
        ] {
            let err = rate(&t.db, &here(), s.id, 3, Some(comment))
                .await
                .unwrap_err();
            assert_eq!(err.code(), "invalid_input", "{comment:?}: {err}");
            assert_eq!(err.to_string(), says, "{comment:?}");
        }
        unrated(&t, s.id).await;
    }

    #[tokio::test]
    async fn an_empty_comment_is_none() {
        assert_eq!(validate(3, Some("")).unwrap(), (3, None));
        assert_eq!(validate(3, Some(" \n\t ")).unwrap(), (3, None));
        // Only invisible characters: nothing the customer could have meant to say.
        assert_eq!(
            validate(3, Some("\u{200B}\u{2060} \u{FEFF}")).unwrap(),
            (3, None)
        );
        // Normalised like a message: one kind of line break, no invisible characters.
        assert_eq!(
            validate(3, Some("a\r\nb\u{200B}c")).unwrap().1.as_deref(),
            Some("a\nbc")
        );
        let t = seeded().await;
        let s = ended(&t).await;
        let r = rate(&t.db, &here(), s.id, 5, Some("   ")).await.unwrap();
        assert_eq!(r.comment, None);
        let stored = reload(&t, s.id).await;
        assert_eq!((stored.csat_score, stored.csat_comment), (Some(5), None));
        assert_eq!(
            audit_rows(&t, s.id).await[0].after,
            Some(json!({ "csat_score": 5, "csat_comment": null }))
        );
    }

    #[tokio::test]
    async fn only_the_newest_kiosk_session_of_this_station_may_be_rated_and_all_else_looks_alike() {
        let t = seeded().await;
        let older = ended(&t).await;
        let foreign = {
            let s = started(&t, Channel::Kiosk, "kiosk@other-shop").await;
            close(&t, &s).await
        };
        let newest = ended(&t).await;
        // A workspace session at this very station, closed, newer than its kiosk sessions.
        let workspace = {
            let s = started(&t, Channel::Workspace, STATION).await;
            close(&t, &s).await
        };
        let unknown = workspace.id + 1_000;
        for id in [foreign.id, older.id, workspace.id, unknown] {
            let err = rate(&t.db, &here(), id, 5, None).await.unwrap_err();
            assert_eq!(err.code(), "denied", "{id}: {err}");
            assert_eq!(
                err.to_string(),
                format!(
                    "not allowed: this station may only rate the session it just ended (not session {id})"
                ),
                "session {id}: the same answer whatever the reason"
            );
        }
        for id in [foreign.id, older.id, workspace.id] {
            unrated(&t, id).await;
        }
        // The other shop's station may rate its own; this one still rates its newest.
        rate(
            &t.db,
            &Actor::kiosk_station("kiosk@other-shop"),
            foreign.id,
            2,
            None,
        )
        .await
        .unwrap();
        rate(&t.db, &here(), newest.id, 4, None).await.unwrap();
    }

    #[tokio::test]
    async fn a_session_still_open_is_refused() {
        let t = seeded().await;
        let s = started(&t, Channel::Kiosk, STATION).await;
        let err = rate(&t.db, &here(), s.id, 5, None).await.unwrap_err();
        assert_eq!(err.code(), "refused", "{err}");
        assert!(err.to_string().contains("has not ended"), "{err}");
        // Waiting for a person is not the end either.
        let waiting = sessions::set_status_if(&t.db, &s, SessionStatus::WaitingForAgent, None)
            .await
            .unwrap()
            .unwrap();
        let err = rate(&t.db, &here(), waiting.id, 5, None).await.unwrap_err();
        assert_eq!(err.code(), "refused", "{err}");
        unrated(&t, s.id).await;
    }

    #[tokio::test]
    async fn a_second_rating_is_a_conflict_and_changes_nothing() {
        let t = seeded().await;
        let s = ended(&t).await;
        let first = rate(&t.db, &here(), s.id, 2, Some("slow")).await.unwrap();
        let after_first = reload(&t, s.id).await;
        let err = rate(&t.db, &here(), s.id, 5, Some("actually great"))
            .await
            .unwrap_err();
        assert_eq!(err.code(), "conflict", "{err}");
        assert_eq!(
            err.to_string(),
            format!("session {} has already been rated", s.id)
        );
        assert_eq!(reload(&t, s.id).await, after_first);
        assert_eq!(first.score, 2);
        assert_eq!(audit_rows(&t, s.id).await.len(), 1);
    }

    #[tokio::test]
    async fn of_two_answers_at_once_only_one_counts() {
        let t = seeded().await;
        let s = ended(&t).await;
        let actor = here();
        let (a, b) = tokio::join!(
            rate(&t.db, &actor, s.id, 1, Some("first")),
            rate(&t.db, &actor, s.id, 5, Some("second")),
        );
        let (won, lost) = match (a, b) {
            (Ok(r), Err(e)) | (Err(e), Ok(r)) => (r, e),
            other => panic!("exactly one answer must count: {other:?}"),
        };
        assert_eq!(lost.code(), "conflict", "{lost}");
        let stored = reload(&t, s.id).await;
        assert_eq!(
            (stored.csat_score, stored.csat_comment),
            (Some(won.score as i32), won.comment)
        );
        assert_eq!(audit_rows(&t, s.id).await.len(), 1);
    }

    #[tokio::test]
    async fn a_session_that_ended_more_than_the_window_ago_is_refused() {
        let t = seeded().await;
        let s = ended(&t).await;
        let move_closed = |minutes: i64| {
            session::Entity::update_many()
                .col_expr(
                    session::Column::ClosedAt,
                    Expr::value(Some(Utc::now() - Duration::minutes(minutes))),
                )
                .filter(session::Column::Id.eq(s.id))
                .exec(&t.db)
        };
        move_closed(RATE_WINDOW_MINUTES + 1).await.unwrap();
        let err = rate(&t.db, &here(), s.id, 5, None).await.unwrap_err();
        assert_eq!(err.code(), "refused", "{err}");
        assert!(err.to_string().contains("can no longer be rated"), "{err}");
        unrated(&t, s.id).await;
        // Just inside the window it still counts.
        move_closed(RATE_WINDOW_MINUTES - 1).await.unwrap();
        rate(&t.db, &here(), s.id, 5, None).await.unwrap();
    }

    #[tokio::test]
    async fn only_a_kiosk_station_asks_for_a_rating() {
        let t = seeded().await;
        let s = ended(&t).await;
        for (actor, says) in [
            (
                Actor::person(Role::Agent, "dana"),
                "only the kiosk asks customers for a rating",
            ),
            (
                Actor::person(Role::Supervisor, "sam"),
                "only the kiosk asks customers for a rating",
            ),
            (
                Actor::new(Role::Reviewer),
                "only the kiosk asks customers for a rating",
            ),
            (
                Actor::new(Role::KioskAssistant),
                "a kiosk acts only from a named station",
            ),
            (
                Actor::kiosk_station("  "),
                "a kiosk acts only from a named station",
            ),
        ] {
            let err = rate(&t.db, &actor, s.id, 5, None).await.unwrap_err();
            assert_eq!(err.code(), "denied", "{actor:?}: {err}");
            assert_eq!(err.to_string(), format!("not allowed: {says}"), "{actor:?}");
        }
        unrated(&t, s.id).await;
    }

    #[tokio::test]
    async fn a_session_without_a_customer_message_is_not_rated() {
        let t = seeded().await;
        let s = silent(&t, Channel::Kiosk, STATION).await;
        let s = close(&t, &s).await;
        let err = rate(&t.db, &here(), s.id, 1, None).await.unwrap_err();
        assert_eq!(err.code(), "refused", "{err}");
        assert!(err.to_string().contains("no conversation to rate"), "{err}");
        unrated(&t, s.id).await;
    }
}
