//! Every operation × every role of permissions.yaml, through this API: allowed ⇔ the policy says
//! so. "Allowed" means the answer is anything but a denial (an operation may still fail for other
//! reasons, e.g. an unknown id); "denied" means it did nothing.

use super::*;
use crate::canned::CannedInput;
use crate::core::testing::{TestCore, seeded};
use crate::db::entity::{Channel, SessionStatus};
use crate::error::CoreError;
use crate::history::SearchQuery;
use crate::pending::Decision;
use crate::policy::Role;
use std::sync::Arc;

const STATION: &str = "kiosk@matrix";

async fn engine() -> (TestCore, Engine) {
    let t = seeded().await;
    let e = Engine::new(
        t.core.clone(),
        Arc::new(cx_offline::OfflineAssistant::new()),
    );
    (t, e)
}

fn actor_for(role: Role) -> Actor {
    match role {
        Role::KioskAssistant => Actor::kiosk_station(STATION),
        other => Actor::person(other, "tester"),
    }
}

/// The report period of the matrix: the week ending today.
fn week() -> crate::reports::ReportQuery {
    let to = chrono::Utc::now().date_naive();
    crate::reports::ReportQuery {
        from: to - chrono::Duration::days(6),
        to,
        channel: None,
    }
}

/// Run `op` as `actor` with valid arguments; Ok(()) or the error.
async fn run(e: &Engine, actor: &Actor, op: &str, kiosk_session: i64) -> Result<()> {
    let s = kiosk_session;
    let canned = CannedInput {
        shortcut: "/matrix".into(),
        title: "Matrix".into(),
        content: "A reply.".into(),
        category: "general".into(),
    };
    match op {
        "kiosk_start_session" => kiosk::start_session(e, actor, Channel::Kiosk, None, None)
            .await
            .map(drop),
        "kiosk_send_message" => kiosk::send_message(e, actor, s, "hello").await.map(drop),
        "kiosk_decide_action" => kiosk::decide_action(e, actor, s, 999_999, Decision::Reject)
            .await
            .map(drop),
        "kiosk_request_human" => kiosk::request_human(e, actor, s).await.map(drop),
        "kiosk_end_session" => kiosk::end_session(e, actor, s).await,
        "kiosk_messages" => kiosk::messages(e, actor, s, 0).await.map(drop),
        "kiosk_settings" => kiosk::settings(e, actor),
        "kiosk_rate_session" => kiosk::rate_session(e, actor, s, 5, None).await.map(drop),
        "list_queue" => staff::list_queue(e, actor).await.map(drop),
        "get_session" => staff::get_session(e, actor, 1).await.map(drop),
        "get_session_messages" => staff::session_messages(e, actor, 1).await.map(drop),
        "accept_session" => staff::accept(e, actor, s).await.map(drop),
        "release_session" => staff::release(e, actor, s).await.map(drop),
        "close_session" => staff::close(e, actor, s).await.map(drop),
        "send_agent_message" => staff::send_agent_message(e, actor, s, "Hello, Dana here.")
            .await
            .map(drop),
        "suggest_replies" => staff::suggest_replies(e, actor, s).await.map(drop),
        "decide_action" => staff::decide_action(e, actor, 999_999, Decision::Reject)
            .await
            .map(drop),
        "get_customer" => staff::get_customer(e, actor, 1).await.map(drop),
        "update_ticket" => staff::update_ticket(e, actor, 5001, "in_progress")
            .await
            .map(drop),
        "flag_refund" => staff::flag_refund(e, actor, 1002, Some("damaged"))
            .await
            .map(drop),
        "update_customer_email" => {
            staff::update_customer_email(e, actor, 3, "carol.new@example.com")
                .await
                .map(drop)
        }
        "set_session_tone" => staff::set_tone(e, actor, s, "friendly").await.map(drop),
        "read_audit_log" => staff::read_audit_log(e, actor, 10).await.map(drop),
        "list_canned_responses" => library::list_canned(e, actor).await.map(drop),
        "search_canned_responses" => library::search_canned(e, actor, "greet").await.map(drop),
        "create_canned_response" => library::create_canned(e, actor, &canned).await.map(drop),
        "update_canned_response" => library::update_canned(e, actor, 1, &canned).await.map(drop),
        "delete_canned_response" => library::delete_canned(e, actor, 999_999).await,
        "kb_search" => library::kb_search(e, actor, "refund", 3).await.map(drop),
        "kb_list" => library::kb_list(e, actor).await.map(drop),
        "kb_get" => library::kb_get(e, actor, 999_999).await.map(drop),
        "kb_save" => Err(CoreError::invalid(
            "not run: it would write the repository's files",
        ))
        .and_then(|()| authorize(e, actor, "kb_save")),
        "kb_delete" => library::kb_delete(e, actor, 999_999).await,
        "kb_reindex" => library::kb_reindex(e, actor).await.map(drop),
        "get_settings" => settings::read(e, actor),
        "update_settings" => settings::change(e, actor),
        "history_list" => history::list(e, actor, 5).await.map(drop),
        "history_search" => history::search(e, actor, &SearchQuery::text("order"))
            .await
            .map(drop),
        "history_show" => history::show(e, actor, 1).await.map(drop),
        "history_export" => history::export(e, actor, 1, history::ExportFormat::Markdown)
            .await
            .map(drop),
        "history_case" => history::case_source(e, actor, 1).await.map(drop),
        "list_agents" => team::list_agents(e, actor).await.map(drop),
        "add_agent" => team::add_agent(
            e,
            actor,
            &crate::team::NewAgent {
                name: "matrix".into(),
                role: crate::db::entity::AgentRole::Agent,
                password: "a long enough password".into(),
                max_sessions: None,
            },
        )
        .await
        .map(drop),
        "update_agent" => team::update_agent(
            e,
            actor,
            &crate::team::AgentChange {
                name: "nobody-here".into(),
                ..Default::default()
            },
        )
        .await
        .map(drop),
        "report" => reports::report(e, actor, &week()).await.map(drop),
        "report_sessions" => reports::sessions(e, actor, &week(), &Default::default())
            .await
            .map(drop),
        "open_report_in_history" => reports::open_in_history(e, actor, &week()),
        "report_export" => reports::csv(e, actor, &week()).await.map(drop),
        other => panic!("the matrix has no case for {other}: add one"),
    }
}

#[tokio::test]
async fn every_operation_for_every_role_is_allowed_exactly_when_the_policy_says() {
    let mut table = String::new();
    for role in Role::ALL {
        let (_t, e) = engine().await;
        let actor = actor_for(role);
        for (op, permission) in OPERATIONS {
            // A fresh kiosk session per operation, started by the station, for session-bound ones.
            let kiosk_actor = Actor::kiosk_station(STATION);
            let s = kiosk::start_session(&e, &kiosk_actor, Channel::Kiosk, None, None)
                .await
                .unwrap()
                .id;
            let says = e.core.policy.allows(&actor, Access::Command(permission));
            let got = run(&e, &actor, op, s).await;
            // kb_save is only authorized here (it would write the repository's knowledge files).
            let got = if *op == "kb_save" {
                authorize(&e, &actor, op)
            } else {
                got
            };
            let denied = matches!(got, Err(CoreError::Denied(_)));
            assert_eq!(
                !denied, says,
                "{role} × {op} (permission {permission}): policy says {says}, API answered {got:?}"
            );
            table.push_str(&format!(
                "{role:>16} {op:<26} {}\n",
                if says { "allowed" } else { "denied" }
            ));
        }
    }
    println!("{table}");
}

#[test]
fn every_permission_in_permissions_yaml_is_an_operation_and_back() {
    let granted: std::collections::BTreeSet<&str> = OPERATIONS.iter().map(|(_, p)| *p).collect();
    let known: std::collections::BTreeSet<&str> = crate::policy::COMMANDS.iter().copied().collect();
    assert_eq!(granted, known);
}

#[tokio::test]
async fn a_kiosk_uses_only_its_own_newest_open_session() {
    let (_t, e) = engine().await;
    let here = Actor::kiosk_station(STATION);
    let elsewhere = Actor::kiosk_station("kiosk@other-shop");
    let first = kiosk::start_session(&e, &here, Channel::Kiosk, None, None)
        .await
        .unwrap();
    kiosk::send_message(&e, &here, first.id, "hello")
        .await
        .unwrap();
    // Another station cannot read or write it; nor can an actor without a station.
    for a in [&elsewhere, &Actor::new(Role::KioskAssistant)] {
        let err = kiosk::messages(&e, a, first.id, 0).await.unwrap_err();
        assert_eq!(err.code(), "denied", "{err}");
    }
    // A new customer at the same kiosk: the previous session is out of reach.
    let second = kiosk::start_session(&e, &here, Channel::Kiosk, None, None)
        .await
        .unwrap();
    let err = kiosk::messages(&e, &here, first.id, 0).await.unwrap_err();
    assert_eq!(err.code(), "denied", "{err}");
    assert!(kiosk::messages(&e, &here, second.id, 0).await.is_ok());
}

#[tokio::test]
async fn a_session_an_agent_closed_is_over_for_the_kiosk() {
    let (t, e) = engine().await;
    let kiosk_actor = Actor::kiosk_station(STATION);
    let s = kiosk::start_session(&e, &kiosk_actor, Channel::Kiosk, None, None)
        .await
        .unwrap();
    kiosk::send_message(
        &e,
        &kiosk_actor,
        s.id,
        "my email is alice@example.com, phone 4821",
    )
    .await
    .unwrap();
    let out = kiosk::send_message(
        &e,
        &kiosk_actor,
        s.id,
        "please change my email to alice.new@example.com",
    )
    .await
    .unwrap();
    let action = out
        .pending_actions
        .first()
        .unwrap_or_else(|| panic!("a pending email change: {out:?}"))
        .id;
    let agent = Actor::person(Role::Agent, "dana");
    staff::close(&e, &agent, s.id).await.unwrap();

    let refused = |r: Result<()>| match r {
        Err(e) => assert_eq!(e.code(), "refused", "{e}"),
        Ok(()) => panic!("the kiosk still used a closed session"),
    };
    refused(kiosk::messages(&e, &kiosk_actor, s.id, 0).await.map(drop));
    refused(
        kiosk::decide_action(&e, &kiosk_actor, s.id, action, Decision::Confirm)
            .await
            .map(drop),
    );
    refused(
        kiosk::send_message(&e, &kiosk_actor, s.id, "hi")
            .await
            .map(drop),
    );
    refused(kiosk::request_human(&e, &kiosk_actor, s.id).await.map(drop));
    // Its open action expired: nobody can decide it any more, and the email is unchanged.
    let p = crate::pending::for_session(&t.db, s.id).await.unwrap();
    assert_eq!(p[0].state.to_string(), "expired");
    let err = staff::decide_action(&e, &agent, action, Decision::Confirm)
        .await
        .unwrap_err();
    assert_eq!(err.code(), "refused", "{err}");
    let alice = crate::customers::record(&t.db, &t.policy, &agent, 1)
        .await
        .unwrap();
    assert_eq!(alice.customer.email, "alice@example.com");
    let session = crate::sessions::get(&t.db, s.id).await.unwrap();
    assert_eq!(session.status, SessionStatus::Closed);
}

#[tokio::test]
async fn escalation_evidence_never_reaches_the_kiosk() {
    let (_t, e) = engine().await;
    let kiosk_actor = Actor::kiosk_station(STATION);
    let s = kiosk::start_session(&e, &kiosk_actor, Channel::Kiosk, None, None)
        .await
        .unwrap();
    let out = kiosk::send_message(&e, &kiosk_actor, s.id, "I want to talk to a human")
        .await
        .unwrap();
    let esc = out.escalation.expect("escalated");
    assert_eq!(esc.reason.as_str(), "human_requested");
    assert!(esc.evidence_json().is_null(), "{:?}", esc.evidence);
    // Staff see it.
    let t = staff::get_session(&e, &Actor::person(Role::Agent, "dana"), s.id)
        .await
        .unwrap();
    let staff_view = serde_json::to_value(&t.escalation).unwrap();
    assert!(
        staff_view.to_string().contains("talk to a human"),
        "{staff_view}"
    );
}

#[tokio::test]
async fn reviewers_get_masked_history_and_supervisors_do_not() {
    let (_t, e) = engine().await;
    let reviewer = Actor::person(Role::Reviewer, "rita");
    let supervisor = Actor::person(Role::Supervisor, "sam");
    let hits = history::list(&e, &supervisor, 10).await.unwrap();
    let id = hits
        .iter()
        .find(|h| h.session.customer_id.is_some())
        .expect("a seeded session with a customer")
        .session
        .id;
    let open = history::show(&e, &supervisor, id).await.unwrap();
    let email = open.customer.as_ref().unwrap().email.clone();
    assert!(email.contains('@'));
    let masked = history::show(&e, &reviewer, id).await.unwrap();
    let all = serde_json::to_string(&masked).unwrap();
    assert!(!all.contains(&email), "reviewer saw {email}: {all}");
    let md = history::export(&e, &reviewer, id, history::ExportFormat::Markdown)
        .await
        .unwrap();
    assert!(!md.contains(&email), "{md}");
    let json = history::export(&e, &reviewer, id, history::ExportFormat::Json)
        .await
        .unwrap();
    assert!(!json.contains(&email), "{json}");
    let supervisor_md = history::export(&e, &supervisor, id, history::ExportFormat::Markdown)
        .await
        .unwrap();
    assert!(supervisor_md.contains(&email));
    // Searching by email would tell a reviewer whose sessions exist.
    let q = SearchQuery {
        customer_email: Some(email),
        ..SearchQuery::default()
    };
    let err = history::search(&e, &reviewer, &q).await.unwrap_err();
    assert_eq!(err.code(), "denied");
}

/// Does any object in `v`, at any depth, have the key `key`?
fn has_key(v: &serde_json::Value, key: &str) -> bool {
    match v {
        serde_json::Value::Object(o) => o.iter().any(|(k, x)| k == key || has_key(x, key)),
        serde_json::Value::Array(a) => a.iter().any(|x| has_key(x, key)),
        _ => false,
    }
}

/// The claim ledger is for staff: the kiosk's turn results and messages carry none (and nothing
/// of a held-back answer), while the same session's staff transcript, message views and export do.
#[tokio::test]
async fn the_claim_ledger_reaches_staff_and_never_the_kiosk() {
    use cx_test_llm::{Reply, ScriptedServer};
    let t = seeded().await;
    let server = ScriptedServer::with_replies([
        Reply::tool_call(
            "c1",
            "verify_customer",
            r#"{"email":"alice@example.com","phone_last4":"4821"}"#,
        ),
        Reply::tool_call("c2", "get_orders", r#"{"order_id": 1001}"#),
        Reply::text("Your order 1001 has shipped."),
        // The next turn: an amount nothing in the session states, held back.
        Reply::text("Order 1001 was refunded: $85.00 is on its way back to you."),
    ])
    .await
    .unwrap();
    let model = cx_llm::openai::OpenAiModel::new(cx_llm::openai::OpenAiConfig::custom(
        server.base_url(),
        "test-model",
    ))
    .unwrap();
    let e = Engine::new(t.core.clone(), Arc::new(model));
    let kiosk_actor = Actor::kiosk_station(STATION);
    let s = kiosk::start_session(&e, &kiosk_actor, Channel::Kiosk, None, None)
        .await
        .unwrap();
    let answered = kiosk::send_message(
        &e,
        &kiosk_actor,
        s.id,
        "where is order 1001? alice@example.com, phone ends 4821",
    )
    .await
    .unwrap();
    assert!(!answered.escalated, "{:?}", answered.escalation);
    assert_eq!(
        answered.reply.as_deref(),
        Some("Your order 1001 has shipped.")
    );
    let held = kiosk::send_message(&e, &kiosk_actor, s.id, "and my refund?")
        .await
        .unwrap();
    assert_eq!(
        held.escalation.as_ref().map(|x| x.reason.as_str()),
        Some("hallucination_risk")
    );

    // The kiosk: turn results and messages, through the same API the kiosk window calls.
    let seen = kiosk::messages(&e, &kiosk_actor, s.id, 0).await.unwrap();
    assert!(
        seen.iter()
            .any(|m| m.content == "Your order 1001 has shipped.")
    );
    for wire in [
        serde_json::to_value(&answered).unwrap(),
        serde_json::to_value(&held).unwrap(),
        serde_json::to_value(&seen).unwrap(),
    ] {
        assert!(!has_key(&wire, "ledger"), "the kiosk got a ledger: {wire}");
        assert!(!has_key(&wire, "claims"), "{wire}");
        let text = wire.to_string();
        assert!(
            !text.contains("85.00"),
            "the kiosk got the held answer: {text}"
        );
    }

    // Staff: the answer's ledger in the message views and the transcript, the held-back answer's
    // in the evidence.
    let agent = Actor::person(Role::Agent, "dana");
    let views = staff::session_messages(&e, &agent, s.id).await.unwrap();
    let answer = views
        .iter()
        .find(|m| m.content == "Your order 1001 has shipped.")
        .unwrap();
    let ledger = answer.ledger.as_ref().expect("the answer's ledger");
    assert!(
        !ledger.claims.is_empty() && ledger.is_grounded(),
        "{ledger:?}"
    );
    let transcript = staff::get_session(&e, &agent, s.id).await.unwrap();
    let in_transcript = transcript
        .messages
        .iter()
        .find(|m| m.id == answer.id)
        .and_then(|m| m.ledger.as_ref());
    assert_eq!(in_transcript, Some(ledger));
    let evidence = transcript
        .escalation
        .unwrap()
        .escalation
        .evidence
        .unwrap()
        .to_value();
    let held_ledger: crate::escalation::grounding::Ledger =
        serde_json::from_value(evidence["ledger"].clone()).expect("the held answer's ledger");
    assert!(
        held_ledger.unsupported().any(|c| c.text.contains("85.00")),
        "{held_ledger:?}"
    );
    let md = history::export(&e, &agent, s.id, history::ExportFormat::Markdown)
        .await
        .unwrap();
    assert!(md.contains("**Claims** ("), "{md}");
    let json = history::export(&e, &agent, s.id, history::ExportFormat::Json)
        .await
        .unwrap();
    assert!(json.contains("\"ledger\": {"), "{json}");
}

fn period(from: &str, to: &str) -> crate::reports::ReportQuery {
    crate::reports::ReportQuery {
        from: from.parse().unwrap(),
        to: to.parse().unwrap(),
        channel: None,
    }
}

#[tokio::test]
async fn a_report_period_runs_forward_and_stays_bounded() {
    let (_t, e) = engine().await;
    let lead = Actor::person(Role::Supervisor, "lead");
    let err = reports::report(&e, &lead, &period("2026-11-30", "2026-11-01"))
        .await
        .unwrap_err();
    assert_eq!(err.code(), "invalid_input", "{err}");
    assert!(err.to_string().contains("starts after it ends"), "{err}");
    let err = reports::sessions(
        &e,
        &lead,
        &period("2020-01-01", "2026-11-30"),
        &Default::default(),
    )
    .await
    .unwrap_err();
    assert!(err.to_string().contains("at most 731"), "{err}");
    // Two years to the day is the longest period; one day is the shortest.
    let long = reports::report(&e, &lead, &period("2024-12-01", "2026-11-30")).await;
    assert!(long.is_ok(), "{long:?}");
    assert!(
        reports::report(&e, &lead, &period("2026-11-30", "2026-11-30"))
            .await
            .is_ok()
    );
}

#[tokio::test]
async fn the_sessions_behind_a_figure_are_history_hits_masked_for_reviewers() {
    let (_t, e) = engine().await;
    let here = Actor::kiosk_station(STATION);
    let s = kiosk::start_session(&e, &here, Channel::Kiosk, None, None)
        .await
        .unwrap();
    kiosk::send_message(&e, &here, s.id, "alice@example.com last four 4821")
        .await
        .unwrap();
    kiosk::end_session(&e, &here, s.id).await.unwrap();
    let today = chrono::Utc::now().date_naive().to_string();
    let q = period(&today, &today);
    // The email the sessions behind "every session" show to `role`.
    let email_for = async |role: Role| {
        let actor = Actor::person(role, "tester");
        let hits = reports::sessions(&e, &actor, &q, &Default::default())
            .await
            .unwrap();
        let hit = hits.iter().find(|h| h.session.id == s.id);
        hit.expect("today's session").session.customer_email.clone()
    };
    assert_eq!(
        email_for(Role::Supervisor).await.as_deref(),
        Some("alice@example.com")
    );
    let masked = email_for(Role::Reviewer).await;
    assert_ne!(masked.as_deref(), Some("alice@example.com"));
    assert!(masked.is_some());
}
