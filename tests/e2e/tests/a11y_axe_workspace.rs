//! WCAG 2.1 A/AA in the workspace's dialogs and panels (#15): axe-core runs, over WebDriver, in
//! the real workspace window of a supervisor (every control is there) on the Settings view, the
//! knowledge view with a document open in its editor, the canned-reply manager with its new and
//! its edit form open, the keyboard-shortcut help, the history window's test-case editor (Save
//! as test case on a result), then in team mode (a supervisor added an agent: the database has a
//! team now) the sign-in screen and the team panel, and last the workspace in German (the staff
//! language set in Settings) with a session open, where longer words could break labels or
//! contrast. Any serious or critical violation fails the test, after every state was checked;
//! each is printed with its state, rule, help text and the first elements it names.

use cx_e2e::app::tid;
use cx_e2e::axe::{axe_check, axe_source, fail_on};
use cx_e2e::{App, Db, Options};
use serde_json::json;
use std::time::Instant;

const ORDER: &str =
    "Where is my order 1001? My email is alice@example.com and my phone ends in 4821";
/// The supervisor who joins the team (and with it turns on team mode), and signs in.
const SUPERVISOR: &str = "sam";
/// Another member of the team, for the team panel's controls.
const AGENT: &str = "ana";
const PASSWORD: &str = "a long enough password";

/// Closes the dialog with this test id by its Close button (in any language), and waits.
async fn close(app: &mut App, dialog: &str) {
    app.click(&format!("{} {}", tid(dialog), tid("modal-close")))
        .await;
    app.wait_absent(&tid(dialog), app.timeouts.element).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn axe_finds_no_serious_wcag_violations_in_the_workspace_dialogs_and_panels() {
    let started = Instant::now();
    let src = axe_source();
    let mut app = App::launch(
        "a11y_axe_workspace",
        Options::new().env("CX_AGENT_ROLE", "supervisor"),
    )
    .await;
    let db = app.db().clone();
    let mut bad = Vec::new();

    // A session to open later: a verified customer asks about order 1001 at the kiosk.
    app.window("kiosk").await;
    app.wait_for(&tid("kiosk-welcome")).await;
    app.kiosk_say(ORDER).await;
    app.kiosk_wait_msg("assistant", &["1001"]).await;
    let sid = db
        .poll("the kiosk session", app.timeouts.element, |c| {
            Db::session_with_customer_text(c, ORDER)
        })
        .await;

    // Settings.
    app.window("workspace").await;
    app.click(&tid("settings-open")).await;
    app.wait_for(&tid("settings-language")).await;
    bad.extend(axe_check(&mut app, &src, "workspace: settings").await);
    close(&mut app, "settings-view").await;

    // The knowledge view, a document open in the editor.
    app.click(&tid("open-knowledge")).await;
    app.wait_for(&tid("knowledge-view")).await;
    app.click(&tid("knowledge-doc")).await;
    app.wait_for(&tid("knowledge-doc-editor")).await;
    app.wait_for(&tid("knowledge-doc-title")).await;
    bad.extend(axe_check(&mut app, &src, "workspace: knowledge, a document open").await);
    close(&mut app, "knowledge-view").await;

    // The canned-reply manager: the new form half filled in (a taken shortcut, no text, no
    // category: the form says so under each field), then the edit form.
    app.click(&tid("open-canned")).await;
    app.wait_for(&tid("canned-manager")).await;
    app.wait_for(&tid("canned-row")).await;
    app.click(&tid("canned-new")).await;
    app.type_into(&tid("canned-shortcut"), "/greet").await;
    app.type_into(&tid("canned-title"), "Another greeting")
        .await;
    app.wait_for(&format!("{} .field-error", tid("canned-form")))
        .await;
    bad.extend(axe_check(&mut app, &src, "workspace: canned replies, new form").await);
    app.click(&tid("canned-edit")).await;
    app.wait_js(
        "the edit form filled with the reply",
        "const e = document.querySelector(arguments[0]);
         return e && e.value && e.value !== 'Another greeting' ? e.value : null;",
        vec![json!(tid("canned-title"))],
        app.timeouts.element,
    )
    .await;
    bad.extend(axe_check(&mut app, &src, "workspace: canned replies, edit form").await);
    close(&mut app, "canned-manager").await;

    // The keyboard shortcuts.
    app.click(&tid("open-help")).await;
    app.wait_for(&tid("help-overlay")).await;
    bad.extend(axe_check(&mut app, &src, "workspace: keyboard shortcuts").await);
    app.screenshot("keyboard-shortcuts").await;
    close(&mut app, "help-overlay").await;

    // The history window: Save as test case on the kiosk session.
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
    app.click(&tid("history-save-case")).await;
    app.wait_for(&tid("case-text")).await;
    bad.extend(axe_check(&mut app, &src, "history: test-case editor").await);
    close(&mut app, "case-editor").await;

    // Team mode: the supervisor adds a supervisor to the team; the desk asks who is there.
    app.window("workspace").await;
    let added = app
        .invoke(
            "add_agent",
            json!({ "name": SUPERVISOR, "role": "supervisor", "password": PASSWORD }),
        )
        .await;
    app.check(added.is_ok(), format!("add_agent: {added:?}"))
        .await;
    // The team's event may reach the window before the desk knows it is in team mode: a reload
    // asks again.
    app.js(
        "setTimeout(() => location.reload(), 0); return true;",
        vec![],
    )
    .await;
    app.wait_for(&tid("signin-form")).await;
    bad.extend(axe_check(&mut app, &src, "workspace: sign-in (team mode)").await);
    app.type_into(&tid("signin-name"), SUPERVISOR).await;
    app.type_into(&tid("signin-password"), "not the password")
        .await;
    app.click(&tid("signin-submit")).await;
    app.wait_for(&tid("signin-error")).await;
    bad.extend(axe_check(&mut app, &src, "workspace: sign-in, a wrong password").await);
    app.type_into(&tid("signin-name"), SUPERVISOR).await;
    app.type_into(&tid("signin-password"), PASSWORD).await;
    app.click(&tid("signin-submit")).await;
    app.wait_for(&tid("signout")).await;

    // The team panel, with its management column and the form that adds an agent.
    app.click(&tid("open-team")).await;
    app.wait_for(&format!(
        "{} {}[data-name=\"{SUPERVISOR}\"]",
        tid("presence-panel"),
        tid("presence-agent")
    ))
    .await;
    // An agent added with the panel's form: a row with the controls for another person.
    app.type_into(&tid("agent-add-name"), AGENT).await;
    app.type_into(&tid("agent-add-password"), PASSWORD).await;
    app.click(&tid("agent-add-submit")).await;
    app.wait_for(&format!(
        "{}[data-name=\"{AGENT}\"] {}",
        tid("presence-agent"),
        tid("agent-toggle")
    ))
    .await;
    bad.extend(axe_check(&mut app, &src, "workspace: team panel").await);
    close(&mut app, "team-panel").await;

    // German: the staff language set in Settings, then the workspace with the session open.
    app.click(&tid("settings-open")).await;
    app.wait_for(&tid("settings-language")).await;
    app.choose(&tid("settings-language"), "de").await;
    app.click(&tid("settings-save")).await;
    app.wait_text(&tid("settings-saved"), &["Einstellungen gespeichert."])
        .await;
    bad.extend(axe_check(&mut app, &src, "workspace (de): settings, saved").await);
    close(&mut app, "settings-view").await;
    app.click(&format!("{}[data-session-id=\"{sid}\"]", tid("queue-item")))
        .await;
    app.wait_text(&tid("customer-panel"), &["alice"]).await;
    app.wait_count(&tid("transcript-msg"), 3).await;
    app.wait_text(&tid("settings-open"), &["Einstellungen"])
        .await;
    bad.extend(axe_check(&mut app, &src, "workspace (de): session open").await);

    fail_on(&mut app, &bad).await;
    println!(
        "a11y_axe_workspace: every state checked in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    app.finish().await;
}
