//! The knowledge view finds a passage about refunds and opens its document; after a kiosk session
//! of alice@example.com is closed from the workspace, the customer panel shows her profile (a
//! loyalty tier, risk flags when she has any), the queue shows the session's sentiment trend and
//! the transcript marks her message's sentiment. On the way, the canned-reply manager shows the
//! server's refusal of a shortcut that is already taken.

use cx_e2e::app::tid;
use cx_e2e::{App, Db, Options};
use rusqlite::OptionalExtension;
use serde_json::json;

/// Verifies alice (email + last four of her card) and asks something the assistant can answer.
const SAID: &str = "alice@example.com, last four 4821. Where is my order? Thanks!";
const ALICE: &str = "alice@example.com";
/// Verification alone, for the earlier sessions.
const VERIFY: &str = "alice@example.com, last four 4821";
/// Earlier escalated sessions: two in her last five sessions raise `repeated_escalations`.
const ESCALATED_BEFORE: usize = 2;

/// The value of the first `css` element (a textarea's text is its value, not its innerText).
const VALUE_OF: &str = r#"
    const el = document.querySelector(arguments[0]);
    return el && typeof el.value === 'string' && el.value.length > 0 ? el.value : null;"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn knowledge_view_finds_refunds_and_closing_a_session_shows_the_profile() {
    let mut app = App::launch("knowledge_and_profile", Options::new()).await;

    // (a) The knowledge view: search "refund", open the passage's document.
    app.window("workspace").await;
    app.click(&tid("open-knowledge")).await;
    app.wait_for(&tid("knowledge-view")).await;
    app.type_into(&tid("knowledge-search-input"), "refund")
        .await;
    app.click(&tid("knowledge-search-button")).await;
    let first = app.wait_text(&tid("knowledge-result"), &["refund"]).await;
    let results = app.texts(&tid("knowledge-result")).await;
    println!(
        "knowledge search 'refund': {} result(s); first: {}",
        results.len(),
        first.replace('\n', " ¦ ")
    );
    app.check(
        results
            .first()
            .is_some_and(|r| r.contains('›') || r.to_lowercase().contains("refund")),
        format!("the first result should name its source (title › heading): {results:?}"),
    )
    .await;
    app.click(&tid("knowledge-result")).await;
    app.wait_for(&tid("knowledge-doc-editor")).await;
    let doc = app
        .wait_js(
            "the opened document's Markdown",
            VALUE_OF,
            vec![json!(tid("knowledge-doc-editor"))],
            app.timeouts.element,
        )
        .await;
    let doc = doc.as_str().unwrap_or_default().to_owned();
    let title = app.texts(&tid("knowledge-doc-title")).await;
    println!(
        "opened {title:?}: {} characters of Markdown",
        doc.chars().count()
    );
    app.check(
        doc.lines().any(|l| l.starts_with("# ")) && doc.to_lowercase().contains("refund"),
        format!(
            "the opened document should be Markdown about refunds, got: {}",
            doc.chars().take(200).collect::<String>()
        ),
    )
    .await;
    app.screenshot("knowledge-view").await;
    app.click(&format!(
        "{} button[aria-label=\"Close\"]",
        tid("knowledge-view")
    ))
    .await;
    app.wait_absent(&tid("knowledge-view"), app.timeouts.element)
        .await;

    // The canned-reply manager: a new reply whose shortcut is taken shows the server's refusal.
    app.click(&tid("open-canned")).await;
    app.wait_for(&tid("canned-manager")).await;
    app.wait_count(&tid("canned-row"), 1).await;
    app.click(&tid("canned-new")).await;
    app.type_into(&tid("canned-shortcut"), "/Greet").await;
    app.type_into(&tid("canned-title"), "Another greeting")
        .await;
    app.type_into(&tid("canned-category-input"), "general")
        .await;
    app.type_into(&tid("canned-content"), "Hello again!").await;
    app.click(&tid("canned-save")).await;
    let refused = app
        .wait_text(&tid("canned-error"), &["/greet", "already used"])
        .await;
    println!("canned reply with a taken shortcut: {refused}");
    app.screenshot("canned-manager-clash").await;
    app.click(&format!(
        "{} button[aria-label=\"Close\"]",
        tid("canned-manager")
    ))
    .await;
    app.wait_absent(&tid("canned-manager"), app.timeouts.element)
        .await;

    // (b) Two earlier sessions of alice that ended in an escalation (through the commands: the
    // kiosk starts, verifies, asks for a person; the workspace closes), so her profile has a risk
    // flag to show; then a kiosk session through the UI, closed with the workspace's button.
    for n in 1..=ESCALATED_BEFORE {
        app.window("kiosk").await;
        let started = app.invoke("kiosk_start_session", json!({})).await;
        let Some(id) = started.as_ref().ok().and_then(|v| v["session_id"].as_i64()) else {
            return app
                .fail(format!("kiosk_start_session failed: {started:?}"))
                .await;
        };
        let verify = json!({ "session_id": id, "text": VERIFY });
        let said = app.invoke("kiosk_send_message", verify).await;
        let human = app
            .invoke("kiosk_request_human", json!({ "session_id": id }))
            .await;
        app.window("workspace").await;
        let closed = app
            .invoke("close_session", json!({ "session_id": id }))
            .await;
        println!(
            "earlier session {n} (#{id}): verify {said:?} → human {human:?} → close {closed:?}"
        );
        app.check(
            said.is_ok() && human.is_ok() && closed.is_ok(),
            format!("earlier session {id}: {said:?} / {human:?} / {closed:?}"),
        )
        .await;
    }

    app.kiosk_say(SAID).await;
    app.wait_count(&format!("{}[data-role=\"assistant\"]", tid("kiosk-msg")), 1)
        .await;
    let db = app.db().clone();
    let sid = db
        .poll("the kiosk session", app.timeouts.element, |c| {
            Db::session_with_customer_text(c, SAID)
        })
        .await;
    let alice: i64 = db
        .poll("alice verified in the session", app.timeouts.element, |c| {
            c.query_row(
                "SELECT s.customer_id FROM sessions s JOIN customers c ON c.id = s.customer_id \
                 WHERE s.id = ?1 AND c.email = ?2",
                rusqlite::params![sid, ALICE],
                |r| r.get(0),
            )
            .optional()
        })
        .await;
    println!("kiosk session {sid} verified as customer {alice}");

    app.window("workspace").await;
    let item = format!("{}[data-session-id=\"{sid}\"]", tid("queue-item"));
    app.click(&item).await;
    // The queue draws the session's sentiment trend; the transcript marks her message.
    app.wait_for(&format!("{item} {}", tid("sentiment-trend")))
        .await;
    let marker = format!(
        "{}[data-role=\"customer\"] {}",
        tid("transcript-msg"),
        tid("message-sentiment")
    );
    app.wait_for(&marker).await;
    let label = app
        .js(
            "const m = document.querySelector(arguments[0]); \
             return m ? [m.getAttribute('data-label'), m.getAttribute('title')] : null;",
            vec![json!(marker)],
        )
        .await;
    println!("sentiment marker on alice's message: {label}");
    app.wait_for(&tid("customer-panel")).await;
    app.screenshot("workspace-before-close").await;

    // Her profile so far (the demo data gives her a closed session already): closing adds one.
    let before: i64 = db.read("alice's profile before the close", |c| {
        c.query_row(
            "SELECT sessions FROM customer_profiles WHERE customer_id = ?1",
            [alice],
            |r| r.get(0),
        )
        .optional()
        .map(|n| n.unwrap_or(0))
    });
    app.click(&tid("close-session")).await;
    let status: String = db
        .poll("the session closed", app.timeouts.element, |c| {
            c.query_row("SELECT status FROM sessions WHERE id = ?1", [sid], |r| {
                r.get::<_, String>(0)
            })
            .map(|s| (s == "closed").then_some(s))
        })
        .await;
    let sessions = before + 1;
    let (tier, flags): (String, String) = db
        .poll(
            &format!("alice's profile with {sessions} sessions"),
            app.timeouts.element,
            |c| {
                c.query_row(
                    "SELECT loyalty_tier, risk_flags FROM customer_profiles \
                     WHERE customer_id = ?1 AND sessions = ?2",
                    [alice, sessions],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()
            },
        )
        .await;
    println!(
        "session {sid} {status}; profile: {sessions} sessions, tier {tier}, risk flags {flags}"
    );

    // The customer panel shows the updated profile with that tier.
    let panel = format!(
        "{} {}[data-tier=\"{tier}\"][data-sessions=\"{sessions}\"]",
        tid("customer-panel"),
        tid("profile-panel")
    );
    let text = app.wait_text(&panel, &["loyalty tier", &tier]).await;
    println!("profile panel: {}", text.replace('\n', " ¦ "));
    for needle in ["sessions", "escalation rate", "resolution rate"] {
        app.check(
            text.to_lowercase().contains(needle),
            format!("the profile panel should show {needle}: {text}"),
        )
        .await;
    }
    let want_flags = serde_json::from_str::<serde_json::Value>(&flags)
        .ok()
        .and_then(|v| v.as_array().map(Vec::len))
        .unwrap_or(0);
    let shown = app.texts(&tid("risk-flag")).await;
    println!("risk flags shown: {shown:?} (the profile holds {want_flags})");
    app.check(
        want_flags >= 1 && flags.contains("repeated_escalations"),
        format!("after {ESCALATED_BEFORE} escalated sessions the profile should flag repeated_escalations: {flags}"),
    )
    .await;
    app.check(
        shown.len() == want_flags
            && shown.iter().any(|f| {
                f.to_lowercase().contains("repeated escalations") && f.contains("escalated")
            }),
        format!(
            "the panel should show {want_flags} risk flag(s) with their reasons, shows {shown:?}"
        ),
    )
    .await;
    app.screenshot("workspace-profile").await;
    app.finish().await;
}
