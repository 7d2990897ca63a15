//! Team mode through the core's API: sign-in with the role from the database and a lock after
//! failures, presence, offers (round robin, capacity, nobody online), two agents accepting at
//! once from two processes' connections, and handing a session back to the assistant. Runs on
//! SQLite and, with CX_TEST_POSTGRES_URL, on PostgreSQL.

use cx_core::api::{kiosk, staff, team};
use cx_core::config::Config;
use cx_core::core::testing::{TestCore, seeded};
use cx_core::db::entity::{AgentRole, Channel, SessionStatus, audit_log};
use cx_core::error::CoreError;
use cx_core::policy::{Actor, Role};
use cx_core::team::{AgentChange, NewAgent, SignedIn};
use cx_core::{Core, Engine};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use std::sync::Arc;

const STATION: &str = "kiosk@lobby";
const PASSWORD: &str = "correct horse battery";

fn engine_on(core: Core) -> Engine {
    Engine::new(core, Arc::new(cx_offline::OfflineAssistant::new()))
}

async fn setup() -> (TestCore, Engine) {
    let t = seeded().await;
    let e = engine_on(t.core.clone());
    (t, e)
}

fn boss() -> Actor {
    Actor::person(Role::Supervisor, "boss")
}

async fn add(e: &Engine, name: &str, role: AgentRole, max: Option<i32>) {
    team::add_agent(
        e,
        &boss(),
        &NewAgent {
            name: name.into(),
            role,
            password: PASSWORD.into(),
            max_sessions: max,
        },
    )
    .await
    .unwrap();
}

async fn sign_in(e: &Engine, name: &str) -> SignedIn {
    team::sign_in(e, name, PASSWORD, "desk@test").await.unwrap()
}

/// A kiosk session escalated by the customer's "Talk to a person".
async fn escalated(e: &Engine) -> (i64, String) {
    let kiosk = Actor::kiosk_station(STATION);
    let s = kiosk::start_session(e, &kiosk, Channel::Kiosk, None, None)
        .await
        .unwrap()
        .id;
    let out = kiosk::request_human(e, &kiosk, s).await.unwrap();
    (s, out.reply.unwrap())
}

async fn offered_to(e: &Engine, session_id: i64) -> Option<String> {
    cx_core::sessions::get(&e.core.db, session_id)
        .await
        .unwrap()
        .offered_to
}

async fn audit_rows(e: &Engine, action: &str) -> Vec<audit_log::Model> {
    audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq(action))
        .all(&e.core.db)
        .await
        .unwrap()
}

#[tokio::test]
async fn sign_in_takes_the_role_from_the_database_and_locks_after_failures() {
    let (_t, e) = setup().await;
    assert!(!team::team_mode(&e).await.unwrap(), "no agent yet");
    add(&e, "ana", AgentRole::Reviewer, None).await;
    assert!(team::team_mode(&e).await.unwrap());

    let signed = sign_in(&e, "ana").await;
    assert_eq!(signed.role, AgentRole::Reviewer);
    assert_eq!(signed.actor().role, Role::Reviewer);
    assert_eq!(signed.actor().id.as_deref(), Some("ana"));
    assert_eq!(audit_rows(&e, "sign_in").await.len(), 1);

    // Unknown name and wrong password: one answer, an audit row each.
    for (name, password) in [("nobody", PASSWORD), ("ana", "wrong password!")] {
        let err = team::sign_in(&e, name, password, "desk@test")
            .await
            .unwrap_err();
        assert!(matches!(err, CoreError::Denied(_)), "{err:?}");
        assert!(
            err.to_string().contains(cx_core::team::signin::WRONG),
            "{err}"
        );
    }
    assert_eq!(audit_rows(&e, "sign_in_failed").await.len(), 2);

    // Four more wrong passwords (five in a row with the one above) lock ana's sign-in, and then
    // even the right password is refused.
    for _ in 0..4 {
        team::sign_in(&e, "ana", "still wrong!!", "desk@test")
            .await
            .unwrap_err();
    }
    let err = team::sign_in(&e, "ana", PASSWORD, "desk@test")
        .await
        .unwrap_err();
    assert!(
        err.to_string().contains("too many failed sign-ins"),
        "{err}"
    );

    // A new password from a supervisor lifts the lock.
    team::update_agent(
        &e,
        &boss(),
        &AgentChange {
            name: "ana".into(),
            password: Some("a brand new password".into()),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    team::sign_in(&e, "ana", "a brand new password", "desk@test")
        .await
        .unwrap();
}

#[tokio::test]
async fn a_changed_or_disabled_agent_s_desk_is_told() {
    let (_t, e) = setup().await;
    add(&e, "ana", AgentRole::Agent, None).await;
    let signed = sign_in(&e, "ana").await;
    // A new role reaches the desk with its next heartbeat.
    team::update_agent(
        &e,
        &boss(),
        &AgentChange {
            name: "ana".into(),
            role: Some(AgentRole::Reviewer),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let now = team::beat(&e, &signed).await.unwrap();
    assert_eq!(now.role, AgentRole::Reviewer);
    assert_eq!(now.actor().role, Role::Reviewer);
    team::update_agent(
        &e,
        &boss(),
        &AgentChange {
            name: "ana".into(),
            active: Some(false),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert!(matches!(
        team::beat(&e, &signed).await,
        Err(CoreError::Denied(_))
    ));
    assert!(
        team::sign_in(&e, "ana", PASSWORD, "desk@test")
            .await
            .is_err()
    );
    // With its only agent disabled the database stays in team mode: the desks do not fall back
    // to a role from the environment or the settings.
    assert!(team::team_mode(&e).await.unwrap());
    // Only supervisors see disabled agents.
    let seen = team::list_agents(&e, &Actor::person(Role::Agent, "ben"))
        .await
        .unwrap();
    assert!(seen.iter().all(|a| a.name != "ana"));
    let all = team::list_agents(&e, &boss()).await.unwrap();
    assert!(all.iter().any(|a| a.name == "ana" && !a.active));
}

#[tokio::test]
async fn only_supervisors_manage_agents_and_not_themselves() {
    let (_t, e) = setup().await;
    add(&e, "boss", AgentRole::Supervisor, None).await;
    let new = NewAgent {
        name: "eve".into(),
        role: AgentRole::Supervisor,
        password: PASSWORD.into(),
        max_sessions: None,
    };
    let err = team::add_agent(&e, &Actor::person(Role::Agent, "mallory"), &new)
        .await
        .unwrap_err();
    assert!(matches!(err, CoreError::Denied(_)), "{err:?}");
    let err = team::update_agent(
        &e,
        &boss(),
        &AgentChange {
            name: "boss".into(),
            active: Some(false),
            ..Default::default()
        },
    )
    .await
    .unwrap_err();
    assert!(matches!(err, CoreError::Refused(_)), "{err:?}");
    // Bad input is a clear error, and nothing is added.
    for bad in [
        NewAgent {
            password: "short".into(),
            ..new.clone()
        },
        NewAgent {
            name: "eve; drop table agents".into(),
            ..new.clone()
        },
    ] {
        let err = team::add_agent(&e, &boss(), &bad).await.unwrap_err();
        assert!(matches!(err, CoreError::InvalidInput(_)), "{err:?}");
    }
    add(&e, "eve", AgentRole::Agent, None).await;
    let dup = team::add_agent(&e, &boss(), &NewAgent { ..new.clone() })
        .await
        .unwrap_err();
    assert!(matches!(dup, CoreError::Conflict(_)), "{dup:?}");
    let listed = team::list_agents(&e, &boss()).await.unwrap();
    assert_eq!(listed.len(), 2, "{listed:?}");
    assert_eq!(audit_rows(&e, "add_agent").await.len(), 2);
}

#[tokio::test]
async fn with_nobody_online_the_kiosk_says_so_and_the_session_waits() {
    let (_t, e) = setup().await;
    // Not team mode: the usual promise.
    let (_, reply) = escalated(&e).await;
    assert!(reply.contains("A person will join you shortly"), "{reply}");

    add(&e, "ana", AgentRole::Agent, None).await;
    let (s, reply) = escalated(&e).await;
    assert!(reply.contains("Nobody from our team is online"), "{reply}");
    assert!(!reply.contains("join you shortly"), "{reply}");
    let session = cx_core::sessions::get(&e.core.db, s).await.unwrap();
    assert_eq!(session.status, SessionStatus::WaitingForAgent);
    assert_eq!(session.offered_to, None);

    // Ana signs in: the waiting sessions are offered to her, the most urgent first, up to her
    // maximum (3 by default; two sessions wait).
    sign_in(&e, "ana").await;
    assert_eq!(offered_to(&e, s).await.as_deref(), Some("ana"));
    let roster = team::list_agents(&e, &boss()).await.unwrap();
    let ana = roster.iter().find(|a| a.name == "ana").unwrap();
    assert!(ana.online);
    assert_eq!(ana.offers, 2);
    let queue = staff::list_queue(&e, &Actor::person(Role::Agent, "ana"))
        .await
        .unwrap();
    assert!(
        queue
            .waiting
            .iter()
            .any(|i| i.session_id == s && i.offered_to.as_deref() == Some("ana"))
    );

    // A new escalation while she is online: the usual promise.
    let (_, reply) = escalated(&e).await;
    assert!(reply.contains("A person will join you shortly"), "{reply}");
}

#[tokio::test]
async fn offers_go_round_robin_within_each_agents_maximum() {
    let (_t, e) = setup().await;
    add(&e, "ana", AgentRole::Agent, Some(1)).await;
    add(&e, "ben", AgentRole::Agent, Some(1)).await;
    sign_in(&e, "ana").await;
    sign_in(&e, "ben").await;
    let (a, _) = escalated(&e).await;
    let (b, _) = escalated(&e).await;
    let (c, reply) = escalated(&e).await;
    let first = offered_to(&e, a).await.unwrap();
    let second = offered_to(&e, b).await.unwrap();
    assert_ne!(first, second, "round robin");
    assert_eq!(offered_to(&e, c).await, None, "both are full");
    // Both are online, so the customer hears the usual promise and waits in the queue.
    assert!(reply.contains("join you shortly"), "{reply}");

    // The first agent takes their session and closes it: their place frees, and the waiting
    // session goes to them.
    let actor = Actor::person(Role::Agent, first.clone());
    staff::accept(&e, &actor, a).await.unwrap();
    assert_eq!(offered_to(&e, c).await, None, "still full: one held");
    staff::close(&e, &actor, a).await.unwrap();
    e.dispatch().await.unwrap();
    assert_eq!(offered_to(&e, c).await, Some(first));
}

#[tokio::test]
async fn two_agents_accepting_at_once_exactly_one_gets_it() {
    let (t, e) = setup().await;
    add(&e, "ana", AgentRole::Agent, None).await;
    add(&e, "ben", AgentRole::Agent, None).await;
    // A second process: its own connection pool on the same database.
    let other = engine_on(Core::open(&t.url, &Config::default_dir()).await.unwrap());
    for _ in 0..10 {
        let (s, _) = escalated(&e).await;
        let ana = Actor::person(Role::Agent, "ana");
        let ben = Actor::person(Role::Agent, "ben");
        let (x, y) = tokio::join!(staff::accept(&e, &ana, s), staff::accept(&other, &ben, s));
        let (winner, loser) = match (&x, &y) {
            (Ok(w), Err(l)) | (Err(l), Ok(w)) => (w, l),
            _ => panic!("exactly one must win: {x:?} / {y:?}"),
        };
        let who = winner.assigned_agent.clone().unwrap();
        assert!(matches!(loser, CoreError::Conflict(_)), "{loser:?}");
        assert!(
            loser.to_string().contains(&who),
            "the loser is told who has it: {loser}"
        );
        let stored = cx_core::sessions::get(&e.core.db, s).await.unwrap();
        assert_eq!(stored.assigned_agent.as_deref(), Some(who.as_str()));
        assert_eq!(
            audit_log::Entity::find()
                .filter(audit_log::Column::Action.eq("accept_session"))
                .filter(audit_log::Column::EntityId.eq(s))
                .all(&e.core.db)
                .await
                .unwrap()
                .len(),
            1,
            "one accept recorded"
        );
    }
}

#[tokio::test]
async fn an_agent_hands_a_session_back_to_the_assistant() {
    let (_t, e) = setup().await;
    let (s, _) = escalated(&e).await;
    let ana = Actor::person(Role::Agent, "ana");
    staff::accept(&e, &ana, s).await.unwrap();
    staff::send_agent_message(&e, &ana, s, "Hi, Ana here. Anything else?")
        .await
        .unwrap();
    let back = staff::release(&e, &ana, s).await.unwrap();
    assert_eq!(back.status, SessionStatus::Active);
    assert_eq!(back.assigned_agent, None);
    // The assistant answers the customer's next message again.
    let kiosk = Actor::kiosk_station(STATION);
    let out = kiosk::send_message(&e, &kiosk, s, "What are your opening hours?")
        .await
        .unwrap();
    assert!(out.reply.is_some(), "{out:?}");
}
