//! WCAG 2.1 A/AA, checked for real (#15): axe-core (Deque's rules engine, `ui/node_modules/axe-core`,
//! a devDependency of the UI) runs inside the real windows over WebDriver, in the kiosk's main
//! states (the empty start screen, a verified customer's order answer, a Yes/No confirmation
//! card, the handover to a person, "How did we do?" after I'm done), the workspace with a session
//! open, its Reports view (a supervisor) and the history window with a result open. Any violation
//! of impact `serious` or `critical` fails the test; every state is checked before it fails, and
//! each violation is printed with its rule, help text and the first elements it names. Lesser
//! findings (moderate, minor) are printed, not failed. A second run checks the kiosk's start
//! screen in German (its language buttons, `lang` on each) and its idle warning (an alert dialog).

use cx_e2e::app::tid;
use cx_e2e::axe::{axe_check, axe_source, fail_on};
use cx_e2e::{App, Db, Options};
use std::time::Duration;

const ORDER: &str =
    "Where is my order 1001? My email is alice@example.com and my phone ends in 4821";
const CHANGE: &str = "Please change my email to alice.new@example.com";
const PERSON: &str = "I want to talk to a person";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn axe_finds_no_serious_wcag_violations_in_the_kiosk_workspace_reports_and_history() {
    let src = axe_source();
    let mut app = App::launch(
        "a11y_axe",
        Options::new().env("CX_AGENT_ROLE", "supervisor"),
    )
    .await;
    let db = app.db().clone();
    let mut bad = Vec::new();

    // The kiosk: empty, answered, asking Yes/No, handed over.
    app.window("kiosk").await;
    app.wait_for(&tid("kiosk-welcome")).await;
    bad.extend(axe_check(&mut app, &src, "kiosk: start screen").await);

    app.kiosk_say(ORDER).await;
    app.kiosk_wait_msg("assistant", &["1001"]).await;
    bad.extend(axe_check(&mut app, &src, "kiosk: verified, order shown").await);

    app.kiosk_say(CHANGE).await;
    app.wait_for(&tid("kiosk-confirm-yes")).await;
    bad.extend(axe_check(&mut app, &src, "kiosk: confirmation card").await);

    app.click(&tid("kiosk-confirm-no")).await;
    app.wait_absent(&tid("kiosk-confirm-card"), app.timeouts.element)
        .await;
    app.kiosk_say(PERSON).await;
    app.wait_for(&tid("kiosk-handoff")).await;
    bad.extend(axe_check(&mut app, &src, "kiosk: handed over").await);

    // The workspace with that session open, then its Reports view.
    let sid = db
        .poll("the kiosk session", app.timeouts.element, |c| {
            Db::session_with_customer_text(c, ORDER)
        })
        .await;
    app.window("workspace").await;
    app.click(&format!("{}[data-session-id=\"{sid}\"]", tid("queue-item")))
        .await;
    app.wait_text(&tid("customer-panel"), &["alice"]).await;
    app.wait_count(&tid("transcript-msg"), 3).await;
    bad.extend(axe_check(&mut app, &src, "workspace: session open").await);

    app.click(&tid("open-reports")).await;
    app.wait_for(&format!("{}[data-state=\"ready\"]", tid("reports")))
        .await;
    bad.extend(axe_check(&mut app, &src, "workspace: reports").await);

    // The history window with the session open.
    app.click(&tid("open-history")).await;
    app.window("history").await;
    app.type_into(&tid("history-search-input"), "1001").await;
    app.click(&tid("history-search-button")).await;
    app.click(&format!(
        "{}[data-session-id=\"{sid}\"]",
        tid("history-result")
    ))
    .await;
    app.wait_text(&tid("history-transcript"), &["1001"]).await;
    bad.extend(axe_check(&mut app, &src, "history: result open").await);

    // Back at the kiosk: I'm done, and "How did we do?".
    app.window("kiosk").await;
    app.click(&tid("kiosk-done")).await;
    app.wait_for(&tid("kiosk-csat")).await;
    bad.extend(axe_check(&mut app, &src, "kiosk: how did we do").await);

    fail_on(&mut app, &bad).await;
    app.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn axe_finds_no_serious_wcag_violations_in_the_german_kiosk_and_its_idle_warning() {
    let src = axe_source();
    // 20 s: the warning comes 10 s before the end, which leaves axe time to run on it.
    let mut app = App::launch(
        "a11y_axe_kiosk_de",
        Options::new()
            .station("kiosk")
            .env("CX_KIOSK_IDLE_SECS", "20"),
    )
    .await;
    let mut bad = Vec::new();
    app.window("kiosk").await;
    app.wait_for(&tid("kiosk-welcome")).await;
    app.click(&tid("kiosk-language-de")).await;
    app.wait_text(&tid("kiosk-welcome"), &["Wie können wir"])
        .await;
    bad.extend(axe_check(&mut app, &src, "kiosk: German start screen").await);

    // A changed language is something to clear: the idle warning comes, in German.
    app.wait_text_within(
        &tid("kiosk-idle"),
        &["Sind Sie noch da?"],
        Duration::from_secs(20) + app.timeouts.element,
    )
    .await;
    bad.extend(axe_check(&mut app, &src, "kiosk: idle warning").await);

    fail_on(&mut app, &bad).await;
    app.finish().await;
}
