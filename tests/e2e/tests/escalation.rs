//! A repeated question escalates: the session appears in the workspace's waiting queue with the
//! reason `repeated_intent` (pushed by the core's event, measured here), the agent accepts and
//! replies, and the kiosk shows the agent's message. The workspace's transcript shows the
//! assistant's answer with its claim ledger; the kiosk shows none.

use cx_e2e::app::tid;
use cx_e2e::{App, Db, Options};
use serde_json::{Value, json};
use std::time::Duration;

/// Answered without verification the first time (the assistant asks who the customer is).
const QUESTION: &str = "Where is my order?";
const AGENT_REPLY: &str =
    "Hi, this is Dana from support. I will look into your order with you now.";
/// The event path (core event → workspace reload, debounced ≤ 200 ms) must be this fast.
const LATENCY_BUDGET_MS: i64 = 1000;

/// In the workspace: notes `Date.now()` when the waiting section first shows session `sid` with a
/// `repeated_intent` badge. A MutationObserver, so the figure does not depend on polling.
const WATCH_QUEUE: &str = r#"
    const sid = String(arguments[0]);
    window.__cxE2eSeen = null;
    const find = () => {
        const waiting = document.querySelector('[data-testid="queue-waiting"]');
        if (!waiting) return false;
        for (const item of waiting.querySelectorAll('[data-testid="queue-item"]')) {
            if (item.getAttribute('data-session-id') !== sid) continue;
            const badge = item.querySelector('[data-testid="queue-reason"]');
            if (badge && badge.textContent.trim() === 'repeated_intent') return true;
        }
        return false;
    };
    if (find()) { window.__cxE2eSeen = { at: Date.now(), already: true }; return true; }
    const obs = new MutationObserver(() => {
        if (window.__cxE2eSeen === null && find()) {
            window.__cxE2eSeen = { at: Date.now(), already: false };
            obs.disconnect();
        }
    });
    obs.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
    return true;"#;

/// In the kiosk: notes `Date.now()` when the send button is clicked (capture phase).
const WATCH_SEND: &str = r#"
    window.__cxE2eSentAt = null;
    document.addEventListener('click', (e) => {
        if (e.target instanceof Element && e.target.closest('[data-testid="kiosk-send"]')) {
            window.__cxE2eSentAt = Date.now();
        }
    }, { capture: true, once: false });
    return true;"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn repeated_question_escalates_to_an_agent_who_replies() {
    let mut app = App::launch("escalation", Options::new()).await;
    let msg_css = |role: &str| format!("{}[data-role=\"{role}\"]", tid("kiosk-msg"));

    // First time: an answer (a request to verify), no escalation.
    app.kiosk_say(QUESTION).await;
    app.wait_count(&msg_css("assistant"), 1).await;
    let db = app.db().clone();
    let sid = db
        .poll("the kiosk session", app.timeouts.element, |c| {
            Db::session_with_customer_text(c, QUESTION)
        })
        .await;
    let status: String = db.read("session status", |c| {
        c.query_row("SELECT status FROM sessions WHERE id = ?1", [sid], |r| {
            r.get(0)
        })
    });
    app.check(
        status == "active",
        format!("after the first question session {sid} should be active, is {status}"),
    )
    .await;

    // Watch both ends, then ask again.
    app.window("workspace").await;
    app.wait_for(&tid("queue-waiting")).await;
    app.js(WATCH_QUEUE, vec![json!(sid)]).await;
    app.window("kiosk").await;
    app.js(WATCH_SEND, vec![]).await;
    app.kiosk_say(QUESTION).await;
    let sent_at = app
        .wait_js(
            "the kiosk's send click",
            "return window.__cxE2eSentAt;",
            vec![],
            Duration::from_secs(5),
        )
        .await;

    app.window("workspace").await;
    let seen = app
        .wait_js(
            &format!("session {sid} in queue-waiting with badge repeated_intent"),
            "return window.__cxE2eSeen;",
            vec![],
            Duration::from_secs(10),
        )
        .await;
    let latency = seen["at"].as_i64().unwrap_or(i64::MAX) - sent_at.as_i64().unwrap_or(0);
    println!(
        "escalation latency (kiosk send click → workspace queue shows repeated_intent): {latency} ms"
    );
    app.check(
        seen["already"] == Value::Bool(false),
        "the session was already in the waiting queue before the repeat",
    )
    .await;
    app.check(
        (0..=LATENCY_BUDGET_MS).contains(&latency),
        format!("the escalation reached the queue in {latency} ms (budget {LATENCY_BUDGET_MS} ms)"),
    )
    .await;
    app.screenshot("workspace-escalated").await;

    // The database agrees: waiting for an agent, because of the repeat.
    let (status, reason): (String, Option<String>) = db.read("escalated session", |c| {
        c.query_row(
            "SELECT status, escalation_reason FROM sessions WHERE id = ?1",
            [sid],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
    });
    app.check(
        status == "waiting_for_agent" && reason.as_deref() == Some("repeated_intent"),
        format!("session {sid}: status {status}, reason {reason:?}"),
    )
    .await;

    // The kiosk tells the customer a person is coming.
    app.window("kiosk").await;
    app.wait_for(&tid("kiosk-handoff")).await;

    // The agent takes the session and answers.
    app.window("workspace").await;
    let item = format!(
        "{} {}[data-session-id=\"{sid}\"]",
        tid("queue-waiting"),
        tid("queue-item")
    );
    app.click(&item).await;
    // Under the assistant's answer: its claim ledger, collapsed to a count.
    let claims = format!(
        "{} {}[data-role=\"assistant\"] {}",
        tid("transcript"),
        tid("transcript-msg"),
        tid("claims")
    );
    let summary = app.wait_text(&claims, &["claim"]).await;
    println!("the assistant's answer in the workspace: {summary}");
    app.click(&tid("accept-session")).await;
    let (status, agent): (String, Option<String>) = db
        .poll(
            "the session taken by the agent",
            app.timeouts.element,
            |c| {
                c.query_row(
                    "SELECT status, assigned_agent FROM sessions WHERE id = ?1",
                    [sid],
                    |r| Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?)),
                )
                .map(|row| (row.0 == "with_agent").then_some(row))
            },
        )
        .await;
    println!("accepted: status {status}, agent {agent:?}");
    app.check(
        agent.as_deref() == Some("dana"),
        format!("the default agent is dana; the session is assigned to {agent:?}"),
    )
    .await;
    app.type_into(&tid("composer-input"), AGENT_REPLY).await;
    app.click(&tid("composer-send")).await;

    let shown = app
        .kiosk_wait_msg("agent", &["this is dana from support"])
        .await;
    println!("kiosk shows the agent's message: {shown}");
    let kiosk_claims = app
        .js(
            &format!(
                "return document.querySelectorAll('{}').length;",
                tid("claims")
            ),
            vec![],
        )
        .await;
    app.check(
        kiosk_claims == json!(0),
        format!("the kiosk shows no claim ledger ({kiosk_claims} found)"),
    )
    .await;
    app.finish().await;
}
