//! Team mode across processes: two apps on one PostgreSQL database, each on its own Xvfb display —
//! a kiosk station (`--station kiosk`: the kiosk window only) and an agent desk (`--station desk`:
//! the workspace only). The agent signs in at the desk; the customer asks the kiosk for a person;
//! the session reaches the desk's waiting queue (the core's event travels over LISTEN/NOTIFY; the
//! delay is measured and printed), is offered to the agent, who accepts and replies; the kiosk
//! shows the reply.
//!
//! Needs a PostgreSQL server: `CX_TEST_POSTGRES_URL` (scripts/test.sh starts a throwaway one); the
//! test makes a fresh, seeded database of its own there.

use cx_core::core::testing::{self, POSTGRES_ENV, TestCore};
use cx_core::db::entity::{
    AgentRole, EscalationReason, MessageRole, SessionStatus, message, session,
};
use cx_core::team::NewAgent;
use cx_e2e::app::tid;
use cx_e2e::{App, Options};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::{Value, json};
use std::time::{Duration, Instant};

const AGENT: &str = "ana";
const PASSWORD: &str = "correct horse battery";
/// The kiosk's first words: an answer from the assistant, no escalation (the session exists).
const HELLO: &str = "Hello, I have a question about my order.";
/// The customer asks for a person: escalated at once (reason `human_requested`).
const ASK_PERSON: &str = "I want to talk to a person, please.";
const AGENT_REPLY: &str = "Hi, this is Ana from support. I am looking at your order with you now.";
/// Bound on the escalation's way from the kiosk's process to the desk's queue. Generous: this is
/// not a latency budget (the delay is printed), only the longest a working setup could take.
const ESCALATION_WAIT: Duration = Duration::from_secs(10);

/// In the workspace: notes `Date.now()` when the waiting queue first shows session `sid`, and
/// when that item first shows an offer. A MutationObserver, so the figures do not depend on
/// polling.
const WATCH_QUEUE: &str = r#"
    const sid = String(arguments[0]);
    window.__cxE2eSeen = null;
    window.__cxE2eOffered = null;
    const item = () => {
        const waiting = document.querySelector('[data-testid="queue-waiting"]');
        if (!waiting) return null;
        for (const it of waiting.querySelectorAll('[data-testid="queue-item"]')) {
            if (it.getAttribute('data-session-id') === sid) return it;
        }
        return null;
    };
    const look = () => {
        const it = item();
        if (!it) return;
        if (window.__cxE2eSeen === null) {
            const badge = it.querySelector('[data-testid="queue-reason"]');
            window.__cxE2eSeen = { at: Date.now(), reason: badge ? badge.textContent.trim() : null };
        }
        const offer = it.querySelector('[data-testid="queue-offered"]');
        if (window.__cxE2eOffered === null && offer) {
            window.__cxE2eOffered = { at: Date.now(), text: offer.textContent.trim() };
        }
    };
    if (item()) return 'already';
    const obs = new MutationObserver(() => {
        look();
        if (window.__cxE2eOffered !== null) obs.disconnect();
    });
    obs.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
    return true;"#;

/// Notes `Date.now()` when an element matching `arguments[0]` is clicked (capture phase), in
/// `window[arguments[1]]`.
const WATCH_CLICK: &str = r#"
    const [sel, key] = arguments;
    window[key] = null;
    document.addEventListener('click', (e) => {
        if (window[key] === null && e.target instanceof Element && e.target.closest(sel)) {
            window[key] = Date.now();
        }
    }, { capture: true });
    return true;"#;

/// In the kiosk: notes `Date.now()` when an agent message containing `arguments[0]` appears.
const WATCH_AGENT_MSG: &str = r#"
    const needle = arguments[0].toLowerCase();
    window.__cxE2eReplyAt = null;
    const find = () => [...document.querySelectorAll('[data-testid="kiosk-msg"][data-role="agent"]')]
        .some((m) => (m.innerText ?? m.textContent ?? '').toLowerCase().includes(needle));
    if (find()) return 'already';
    const obs = new MutationObserver(() => {
        if (window.__cxE2eReplyAt === null && find()) {
            window.__cxE2eReplyAt = Date.now();
            obs.disconnect();
        }
    });
    obs.observe(document.body, { subtree: true, childList: true, characterData: true });
    return true;"#;

/// A fresh seeded database on the test server, with the agent added: team mode.
async fn team_database() -> TestCore {
    if std::env::var(POSTGRES_ENV).map_or(true, |u| u.trim().is_empty()) {
        panic!(
            "team_stations needs a PostgreSQL server: set {POSTGRES_ENV} \
             (e.g. postgres://cx@127.0.0.1:5432/postgres; the test creates a database of its own), \
             or run ./scripts/test.sh, which starts a throwaway server"
        );
    }
    let tc = testing::seeded().await;
    assert!(
        tc.url.starts_with("postgres"),
        "expected a PostgreSQL database, got {}",
        tc.url
    );
    cx_core::team::agents::add(
        &tc.core.db,
        &NewAgent {
            name: AGENT.into(),
            role: AgentRole::Agent,
            password: PASSWORD.into(),
            max_sessions: None,
        },
    )
    .await
    .expect("adding the agent");
    tc
}

/// The session holding a customer message with exactly `text`, polled (bounded).
async fn session_with_customer_text(tc: &TestCore, text: &str, timeout: Duration) -> i64 {
    let deadline = Instant::now() + timeout;
    loop {
        let found = message::Entity::find()
            .filter(message::Column::Role.eq(MessageRole::Customer))
            .filter(message::Column::Content.eq(text))
            .order_by_desc(message::Column::Id)
            .one(&tc.core.db)
            .await
            .expect("reading the messages");
        if let Some(m) = found {
            return m.session_id;
        }
        assert!(
            Instant::now() < deadline,
            "no session with the customer message {text:?} after {timeout:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn session_row(tc: &TestCore, sid: i64) -> session::Model {
    session::Entity::find_by_id(sid)
        .one(&tc.core.db)
        .await
        .expect("reading the session")
        .unwrap_or_else(|| panic!("session {sid} is gone"))
}

/// Polls session `sid` until `ok` holds (bounded); the last row otherwise.
async fn poll_session(
    tc: &TestCore,
    sid: i64,
    timeout: Duration,
    ok: impl Fn(&session::Model) -> bool,
) -> Result<session::Model, session::Model> {
    let deadline = Instant::now() + timeout;
    loop {
        let row = session_row(tc, sid).await;
        if ok(&row) {
            return Ok(row);
        }
        if Instant::now() >= deadline {
            return Err(row);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

fn ms(v: &Value) -> i64 {
    v.as_i64()
        .or_else(|| v.get("at").and_then(Value::as_i64))
        .unwrap_or(0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kiosk_station_escalates_to_a_signed_in_agent_desk() {
    let tc = team_database().await;
    println!("database: {} (agent {AGENT})", cx_core::db::redact(&tc.url));

    let mut kiosk = App::launch(
        "team_stations-kiosk",
        Options::new().station("kiosk").database_url(&tc.url),
    )
    .await;
    let mut desk = App::launch(
        "team_stations-desk",
        Options::new().station("desk").database_url(&tc.url),
    )
    .await;
    println!(
        "kiosk station on display {}, desk on display {}",
        kiosk.display(),
        desk.display()
    );
    assert_ne!(kiosk.display(), desk.display(), "one Xvfb display each");

    // Each station opened its own window only.
    let urls = kiosk.window_urls().await;
    kiosk
        .check(
            urls.iter().any(|u| u.contains("window=kiosk"))
                && !urls.iter().any(|u| u.contains("window=workspace")),
            format!("the kiosk station should have the kiosk window and no workspace: {urls:?}"),
        )
        .await;
    let urls = desk.window_urls().await;
    desk.check(
        urls.iter().any(|u| u.contains("window=workspace"))
            && !urls.iter().any(|u| u.contains("window=kiosk")),
        format!("the desk should have the workspace and no kiosk window: {urls:?}"),
    )
    .await;

    kiosk.window("kiosk").await;
    let shape = kiosk
        .js(
            "const k = document.querySelector('.kiosk'); return { kiosk_mode: !!k && k.classList.contains('kiosk-mode'), viewport: [window.innerWidth, window.innerHeight], screen: [screen.width, screen.height] };",
            vec![],
        )
        .await;
    println!("kiosk window: {shape}");
    // Locked down as a kiosk. (Its size is not checked: without a window manager on Xvfb nobody
    // grants the fullscreen request.)
    kiosk
        .check(
            shape["kiosk_mode"] == json!(true),
            format!("the kiosk station's window is not in kiosk mode: {shape}"),
        )
        .await;

    // Team mode: the desk asks who is there before it shows any customer.
    desk.window("workspace").await;
    desk.wait_for(&tid("signin-form")).await;
    let queue_shown = desk
        .js(
            &format!(
                "return document.querySelectorAll('{}').length;",
                tid("queue-waiting")
            ),
            vec![],
        )
        .await;
    desk.check(
        queue_shown == json!(0),
        "the queue is shown before anyone signed in",
    )
    .await;
    desk.type_into(&tid("signin-name"), AGENT).await;
    desk.type_into(&tid("signin-password"), "not the password")
        .await;
    desk.click(&tid("signin-submit")).await;
    let err = desk.wait_text(&tid("signin-error"), &[]).await;
    println!("a wrong password: {err}");
    desk.type_into(&tid("signin-name"), AGENT).await;
    desk.type_into(&tid("signin-password"), PASSWORD).await;
    desk.click(&tid("signin-submit")).await;
    desk.wait_for(&tid("queue-waiting")).await;
    desk.wait_for(&tid("signout")).await;
    let me = desk.wait_text(&tid("me"), &[AGENT]).await;
    println!("signed in at the desk: {me}");
    // The team panel lists the agent as online.
    desk.click(&tid("open-team")).await;
    desk.wait_for(&format!(
        "{} {}[data-name=\"{AGENT}\"][data-online=\"true\"]",
        tid("presence-panel"),
        tid("presence-agent")
    ))
    .await;
    desk.screenshot("desk-presence").await;
    desk.click(&format!(
        "{} button[aria-label=\"Close\"]",
        tid("team-panel")
    ))
    .await;
    desk.wait_absent(&tid("team-panel"), desk.timeouts.element)
        .await;
    desk.screenshot("desk-signed-in").await;

    // The customer starts at the kiosk: an answer, no escalation yet.
    kiosk.kiosk_say(HELLO).await;
    kiosk
        .wait_count(&format!("{}[data-role=\"assistant\"]", tid("kiosk-msg")), 1)
        .await;
    let sid = session_with_customer_text(&tc, HELLO, kiosk.timeouts.element).await;
    let row = session_row(&tc, sid).await;
    kiosk
        .check(
            row.status == SessionStatus::Active,
            format!(
                "after a greeting session {sid} should be active, is {:?}",
                row.status
            ),
        )
        .await;

    // Watch both ends (each its own process and display, one clock), then ask for a person.
    let watching = desk.js(WATCH_QUEUE, vec![json!(sid)]).await;
    desk.check(
        watching == json!(true),
        format!("session {sid} was in the waiting queue before it escalated"),
    )
    .await;
    kiosk.window("kiosk").await;
    kiosk
        .js(
            WATCH_CLICK,
            vec![json!(tid("kiosk-send")), json!("__cxE2eSentAt")],
        )
        .await;
    kiosk.kiosk_say(ASK_PERSON).await;
    let sent_at = kiosk
        .wait_js(
            "the kiosk's send click",
            "return window.__cxE2eSentAt;",
            vec![],
            Duration::from_secs(5),
        )
        .await;

    let seen = desk
        .wait_js(
            &format!("session {sid} in the desk's waiting queue"),
            "return window.__cxE2eSeen;",
            vec![],
            ESCALATION_WAIT,
        )
        .await;
    let delay = ms(&seen) - ms(&sent_at);
    println!(
        "escalation across processes (kiosk send click → desk queue shows session {sid}): {delay} ms \
         (badge {})",
        seen["reason"]
    );
    let row = session_row(&tc, sid).await;
    desk.check(
        row.status == SessionStatus::WaitingForAgent
            && row.escalation_reason == Some(EscalationReason::HumanRequested),
        format!(
            "session {sid}: status {:?}, reason {:?}",
            row.status, row.escalation_reason
        ),
    )
    .await;

    // The kiosk tells the customer a person is coming.
    kiosk.window("kiosk").await;
    kiosk.wait_for(&tid("kiosk-handoff")).await;
    kiosk.screenshot("kiosk-handoff").await;

    // Offered to the one agent online.
    let offered = desk
        .wait_js(
            &format!("session {sid} offered to {AGENT} in the queue"),
            "return window.__cxE2eOffered;",
            vec![],
            desk.timeouts.element,
        )
        .await;
    println!(
        "offer shown {} ms after the send click: {}",
        ms(&offered) - ms(&sent_at),
        offered["text"]
    );
    desk.check(
        offered["text"]
            .as_str()
            .is_some_and(|t| t.to_lowercase().contains(AGENT)),
        format!("the offer should name {AGENT}: {offered}"),
    )
    .await;
    let row = session_row(&tc, sid).await;
    desk.check(
        row.offered_to.as_deref() == Some(AGENT),
        format!("session {sid} is offered to {:?}", row.offered_to),
    )
    .await;
    desk.screenshot("desk-offered").await;

    // The agent takes the session and answers.
    let item = format!(
        "{} {}[data-session-id=\"{sid}\"]",
        tid("queue-waiting"),
        tid("queue-item")
    );
    desk.click(&item).await;
    desk.click(&tid("accept-session")).await;
    let accepted = poll_session(&tc, sid, desk.timeouts.element, |r| {
        r.status == SessionStatus::WithAgent
    })
    .await;
    let row = match accepted {
        Ok(row) => row,
        Err(row) => {
            desk.fail(format!(
                "session {sid} not taken: status {:?}, agent {:?}",
                row.status, row.assigned_agent
            ))
            .await
        }
    };
    println!(
        "accepted: status {:?}, agent {:?}",
        row.status, row.assigned_agent
    );
    desk.check(
        row.assigned_agent.as_deref() == Some(AGENT),
        format!(
            "the session is assigned to {:?}, not {AGENT}",
            row.assigned_agent
        ),
    )
    .await;

    kiosk.window("kiosk").await;
    let watching = kiosk.js(WATCH_AGENT_MSG, vec![json!("this is ana")]).await;
    kiosk
        .check(
            watching == json!(true),
            "the kiosk showed the agent's reply before it was sent",
        )
        .await;
    desk.window("workspace").await;
    desk.js(
        WATCH_CLICK,
        vec![json!(tid("composer-send")), json!("__cxE2eReplySentAt")],
    )
    .await;
    desk.type_into(&tid("composer-input"), AGENT_REPLY).await;
    desk.click(&tid("composer-send")).await;
    let reply_sent = desk
        .wait_js(
            "the desk's send click",
            "return window.__cxE2eReplySentAt;",
            vec![],
            Duration::from_secs(5),
        )
        .await;

    let shown = kiosk
        .kiosk_wait_msg("agent", &["this is ana from support"])
        .await;
    let reply_at = kiosk
        .wait_js(
            "the kiosk's note of the agent's reply",
            "return window.__cxE2eReplyAt;",
            vec![],
            Duration::from_secs(5),
        )
        .await;
    println!(
        "reply across processes (desk send click → kiosk shows it): {} ms: {shown}",
        ms(&reply_at) - ms(&reply_sent)
    );
    let handoff = kiosk.wait_text(&tid("kiosk-handoff"), &[]).await;
    println!("the kiosk's hand-over notice: {handoff}");

    // Still one window each.
    let urls = kiosk.window_urls().await;
    kiosk
        .check(
            !urls.iter().any(|u| u.contains("window=workspace")),
            format!("a workspace opened at the kiosk station: {urls:?}"),
        )
        .await;
    let urls = desk.window_urls().await;
    desk.check(
        !urls.iter().any(|u| u.contains("window=kiosk")),
        format!("a kiosk window opened at the desk: {urls:?}"),
    )
    .await;

    kiosk.finish().await;
    desk.finish().await;
}
