//! A session an agent closed is over for the kiosk: the kiosk screen is wiped at once (nothing of
//! the previous customer stays for the next one), and the kiosk window can no longer read the
//! session, decide its pending action or write into it.

use cx_e2e::app::tid;
use cx_e2e::{App, Db, Options};
use rusqlite::Connection;
use serde_json::{Value, json};
use std::time::{Duration, Instant};

/// The demo customer verifies and asks for a change that waits for her Yes (as in email_change).
const ASK: &str =
    "alice@example.com, last four 4821. Please change my email to alice.new@example.org";
const OLD: &str = "alice@example.com";
const NEW: &str = "alice.new@example.org";
const AFTER_CLOSE: &str = "Are you still there? Please go ahead with the change.";
const NEXT_CUSTOMER: &str = "hi";

/// The kiosk must be wiped well before its old 10 s "ended" banner would have gone.
const WIPE_WITHIN: Duration = Duration::from_secs(5);

fn email_of(c: &Connection, id: i64) -> rusqlite::Result<String> {
    c.query_row("SELECT email FROM customers WHERE id = ?1", [id], |r| {
        r.get(0)
    })
}

/// The error code a refused kiosk command came back with (`None` if it succeeded).
fn refusal_code(r: &Result<Value, Value>) -> Option<String> {
    match r {
        Ok(_) => None,
        Err(Value::Object(o)) => Some(
            o.get("code")
                .and_then(Value::as_str)
                .unwrap_or("(no code)")
                .to_owned(),
        ),
        Err(other) => Some(format!("(not an ApiError: {other})")),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_session_an_agent_closed_is_over_for_the_kiosk() {
    let mut app = App::launch("kiosk_closed_session", Options::new()).await;
    let db = app.db().clone();
    let alice: i64 = db
        .poll("the demo customer alice", app.timeouts.element, |c| {
            Db::customer_with_email(c, OLD)
        })
        .await;

    // The customer chats; a change waits for her Yes.
    app.kiosk_say(ASK).await;
    let card = app.wait_for(&tid("kiosk-confirm-card")).await;
    let action_id: i64 = card
        .attr("data-action-id")
        .await
        .ok()
        .flatten()
        .and_then(|a| a.parse().ok())
        .unwrap_or(-1);
    let sid = db
        .poll("the kiosk session", app.timeouts.element, |c| {
            Db::session_with_customer_text(c, ASK)
        })
        .await;
    println!("kiosk session {sid}, pending action {action_id}");
    app.screenshot("kiosk-before-close").await;

    // Control: before the close the kiosk reads its session fine.
    let before = app
        .invoke(
            "kiosk_messages",
            json!({ "session_id": sid, "after_seq": 0 }),
        )
        .await;
    app.check(
        before
            .as_ref()
            .ok()
            .and_then(Value::as_array)
            .is_some_and(|m| m.iter().any(|m| m["content"] == json!(ASK))),
        format!(
            "before the close, kiosk_messages should return the customer's message: {before:?}"
        ),
    )
    .await;

    // The agent closes it from the workspace.
    app.window("workspace").await;
    let closed = app
        .invoke("close_session", json!({ "session_id": sid }))
        .await;
    let closed_at = Instant::now();
    app.check(
        closed.is_ok(),
        format!("close_session from the workspace: {closed:?}"),
    )
    .await;

    // The kiosk screen is wiped at once: the start screen, no message, no card, nothing typed,
    // none of the customer's words or details anywhere in the DOM.
    app.window("kiosk").await;
    let script = r#"
        const needles = arguments[0];
        const welcome = document.querySelector('[data-testid="kiosk-welcome"]');
        if (!welcome || welcome.getClientRects().length === 0) return null;
        if (document.querySelectorAll('[data-testid="kiosk-msg"]').length) return null;
        if (document.querySelector('[data-testid="kiosk-confirm-card"]')) return null;
        const input = document.querySelector('[data-testid="kiosk-input"]');
        if (input && input.value) return null;
        const html = document.body.innerHTML + document.body.innerText;
        return needles.every((n) => !html.includes(n)) ? true : null;"#;
    let left = WIPE_WITHIN.saturating_sub(closed_at.elapsed());
    app.wait_js(
        "the kiosk's start screen with nothing of the closed session left",
        script,
        vec![json!([
            ASK,
            "4821",
            "alice",
            NEW,
            "a***e@",
            "a***w@",
            "alice.new"
        ])],
        left,
    )
    .await;
    println!(
        "kiosk wiped {:.1} s after the close",
        closed_at.elapsed().as_secs_f64()
    );
    app.screenshot("kiosk-after-close").await;

    // The closed session is refused to the kiosk: reading it, deciding its action, writing to it.
    let messages = app
        .invoke(
            "kiosk_messages",
            json!({ "session_id": sid, "after_seq": 0 }),
        )
        .await;
    let decide = app
        .invoke(
            "kiosk_decide_action",
            json!({ "session_id": sid, "action_id": action_id, "confirm": true }),
        )
        .await;
    let send = app
        .invoke(
            "kiosk_send_message",
            json!({ "session_id": sid, "text": AFTER_CLOSE }),
        )
        .await;
    let results = [
        ("kiosk_messages", &messages),
        ("kiosk_decide_action", &decide),
        ("kiosk_send_message", &send),
    ];
    for (cmd, r) in &results {
        println!("after the close, {cmd}: {r:?}");
    }
    let wrong: Vec<String> = results
        .iter()
        .filter(|(_, r)| !matches!(refusal_code(r).as_deref(), Some("refused" | "denied")))
        .map(|(cmd, r)| format!("{cmd} → {r:?}"))
        .collect();
    app.check(
        wrong.is_empty(),
        format!(
            "a closed session must be refused to the kiosk (error code \"refused\" or \"denied\"): \
             {wrong:?}"
        ),
    )
    .await;

    // Nothing changed behind the refusals.
    let email = db.read("alice's email", |c| email_of(c, alice));
    let state: String = db.read("the pending action", |c| {
        c.query_row(
            "SELECT state FROM pending_actions WHERE id = ?1",
            [action_id],
            |r| r.get(0),
        )
    });
    let written: i64 = db.read("messages after the close", |c| {
        c.query_row(
            "SELECT COUNT(*) FROM messages WHERE session_id = ?1 AND content = ?2",
            rusqlite::params![sid, AFTER_CLOSE],
            |r| r.get(0),
        )
    });
    app.check(
        email == OLD && state != "confirmed" && written == 0,
        format!(
            "the closed session must stay as it was: email {email} (expected {OLD}), action \
             {action_id} {state}, {written} message(s) written after the close"
        ),
    )
    .await;

    // The next customer starts afresh, in a new session.
    app.kiosk_say(NEXT_CUSTOMER).await;
    app.kiosk_wait_msg("assistant", &[]).await;
    let next = db
        .poll("the next customer's session", app.timeouts.element, |c| {
            Db::session_with_customer_text(c, NEXT_CUSTOMER)
        })
        .await;
    app.check(
        next != sid,
        format!("the next customer must get a new session, not {sid}"),
    )
    .await;
    let shown = app
        .texts(&format!("{}[data-role=\"customer\"]", tid("kiosk-msg")))
        .await;
    app.check(
        shown.len() == 1 && !shown.iter().any(|t| t.contains("4821")),
        format!("only the next customer's message should be on screen: {shown:?}"),
    )
    .await;
    app.finish().await;
}
