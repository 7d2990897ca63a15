//! An email change asked at the kiosk waits for the customer's Yes; then the database holds the
//! new email and an audit row naming the customer, with before/after.

use cx_e2e::app::tid;
use cx_e2e::{App, Db, Options};
use rusqlite::Connection;
use serde_json::Value;

const ASK: &str =
    "alice@example.com, last four 4821. Please change my email to alice.new@example.org";
const OLD: &str = "alice@example.com";
const NEW: &str = "alice.new@example.org";

fn email_of(c: &Connection, id: i64) -> rusqlite::Result<String> {
    c.query_row("SELECT email FROM customers WHERE id = ?1", [id], |r| {
        r.get(0)
    })
}

/// `(actor_role, actor_id, before, after)` of an audit row.
type AuditRow = (String, Option<String>, Option<String>, Option<String>);

fn customer_audits(c: &Connection, id: i64) -> rusqlite::Result<Vec<AuditRow>> {
    let mut st = c.prepare(
        "SELECT actor_role, actor_id, \"before\", \"after\" FROM audit_log \
         WHERE entity = 'customers' AND entity_id = ?1 ORDER BY id",
    )?;
    st.query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn email_change_waits_for_yes_then_is_applied_and_audited() {
    let mut app = App::launch("email_change", Options::new()).await;
    let db = app.db().clone();
    let alice: i64 = db
        .poll("the demo customer alice", app.timeouts.element, |c| {
            Db::customer_with_email(c, OLD)
        })
        .await;

    app.kiosk_say(ASK).await;
    let card = app.wait_for(&tid("kiosk-confirm-card")).await;
    let action_id = card.attr("data-action-id").await.ok().flatten();
    let card_text = card.text().await.unwrap_or_default();
    println!("confirmation card (action {action_id:?}): {card_text}");
    app.screenshot("kiosk-confirm-card").await;

    // Nothing has changed before the customer says Yes.
    let sid = db.read("the kiosk session", |c| {
        Db::session_with_customer_text(c, ASK)
    });
    let email = db.read("alice's email", |c| email_of(c, alice));
    let audits = db.read("audit rows", |c| customer_audits(c, alice));
    let pending: Vec<(i64, String, String)> = db.read("pending actions", |c| {
        let mut st = c.prepare(
            "SELECT id, tool, state FROM pending_actions WHERE session_id = ?1 ORDER BY id",
        )?;
        st.query_map([sid.unwrap_or(-1)], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })?
        .collect()
    });
    app.check(
        email == OLD && audits.is_empty(),
        format!(
            "before Yes the email must be unchanged and unaudited: email {email}, audits {audits:?}"
        ),
    )
    .await;
    let proposed = pending
        .iter()
        .find(|(_, tool, state)| tool == "update_user_email" && state == "proposed");
    app.check(
        proposed.is_some_and(|(id, _, _)| action_id.as_deref() == Some(&id.to_string())),
        format!(
            "the card (data-action-id {action_id:?}) should show the proposed update_user_email \
             of session {sid:?}: {pending:?}"
        ),
    )
    .await;

    app.click(&tid("kiosk-confirm-yes")).await;

    let email = db
        .poll("the new email in customers", app.timeouts.element, |c| {
            email_of(c, alice).map(|e| (e == NEW).then_some(e))
        })
        .await;
    let audits = db.read("audit rows", |c| customer_audits(c, alice));
    println!("email now {email}; audit rows: {audits:?}");
    let want_actor = format!("customer:{alice}");
    let row = audits.iter().find(|(role, actor, _, _)| {
        role == "customer" && actor.as_deref() == Some(want_actor.as_str())
    });
    let Some((_, _, before, after)) = row else {
        return app
            .fail(format!(
                "no audit_log row for customers/{alice} with actor_role 'customer' and actor_id \
                 '{want_actor}': {audits:?}"
            ))
            .await;
    };
    let parse = |s: &Option<String>| {
        s.as_deref()
            .and_then(|s| serde_json::from_str::<Value>(s).ok())
    };
    let (before, after) = (parse(before), parse(after));
    app.check(
        before.as_ref().is_some_and(|b| b.to_string().contains(OLD))
            && after.as_ref().is_some_and(|a| a.to_string().contains(NEW)),
        format!(
            "the audit row's before/after JSON should hold {OLD} → {NEW}: {before:?} → {after:?}"
        ),
    )
    .await;
    app.check(
        alice == 1,
        format!("the brief expects alice to be customer 1 (actor_id customer:1); she is {alice}"),
    )
    .await;
    let state: String = db.read("the decided action", |c| {
        c.query_row(
            "SELECT state FROM pending_actions WHERE tool = 'update_user_email' AND session_id = ?1",
            [sid.unwrap_or(-1)],
            |r| r.get(0),
        )
    });
    app.check(
        state == "confirmed",
        format!("the action should be confirmed, is {state}"),
    )
    .await;
    app.wait_absent(&tid("kiosk-confirm-card"), app.timeouts.element)
        .await;
    app.finish().await;
}
