//! Not a check: with `CX_UPDATE_SCREENSHOTS=1`, drives a short realistic scene and saves the three
//! windows and the test-case editor to `docs/screenshots/{workspace,kiosk,history,test-case}.png`,
//! and the Reports view over a month of generated sessions to `docs/screenshots/reports.png`
//! (embedded by the README). Without the variable it does nothing.

use cx_e2e::app::tid;
use cx_e2e::{App, Db, Options, paths};

const ASK: &str = "Where is my order 1001? My email is alice@example.com and my phone ends in 4821";
const HUMAN: &str = "Thanks. Can I talk to a person about a gift for my sister?";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn update_docs_screenshots() {
    if std::env::var("CX_UPDATE_SCREENSHOTS").as_deref() != Ok("1") {
        println!("CX_UPDATE_SCREENSHOTS is not 1: docs/screenshots left as they are");
        return;
    }
    let out = paths::workspace_root().join("docs/screenshots");
    let mut app = App::launch("docs_screenshots", Options::new()).await;

    app.kiosk_say(ASK).await;
    app.kiosk_wait_msg("assistant", &["1001", "shipped"]).await;
    app.kiosk_say(HUMAN).await;
    app.wait_for(&tid("kiosk-handoff")).await;
    let db = app.db().clone();
    let sid = db
        .poll("the kiosk session", app.timeouts.element, |c| {
            Db::session_with_customer_text(c, ASK)
        })
        .await;

    app.window("workspace").await;
    let item = format!("{}[data-session-id=\"{sid}\"]", tid("queue-item"));
    app.click(&item).await;
    app.wait_text(&tid("customer-panel"), &["alice"]).await;
    app.wait_count(&tid("transcript-msg"), 3).await;
    let ws = out.join("workspace.png");
    app.screenshot_to(&ws).await;

    app.window("kiosk").await;
    app.screenshot_to(&out.join("kiosk.png")).await;

    app.window("workspace").await;
    app.click(&tid("open-history")).await;
    app.window("history").await;
    app.type_into(&tid("history-search-input"), "headphones")
        .await;
    app.click(&tid("history-search-button")).await;
    let result = format!("{}[data-session-id=\"{sid}\"]", tid("history-result"));
    app.click(&result).await;
    app.wait_text(&tid("history-transcript"), &["1001"]).await;
    app.screenshot_to(&out.join("history.png")).await;

    // "Save as test case": the session as an eval scenario, open for editing.
    app.click(&tid("history-save-case")).await;
    app.wait_js(
        "the case's draft in the editor",
        "const e = document.querySelector(arguments[0]);
         return e && e.value.includes('expect:') ? true : null;",
        vec![serde_json::json!(tid("case-text"))],
        app.timeouts.element,
    )
    .await;
    app.screenshot_to(&out.join("test-case.png")).await;

    println!(
        "saved {}/{{workspace,kiosk,history,test-case}}.png",
        out.display()
    );
    app.finish().await;
}

/// The Reports view over 30 days of generated sessions (`cx_core::reports::demo`), as a
/// supervisor sees it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn update_reports_screenshot() {
    if std::env::var("CX_UPDATE_SCREENSHOTS").as_deref() != Ok("1") {
        println!("CX_UPDATE_SCREENSHOTS is not 1: docs/screenshots left as they are");
        return;
    }
    let out = paths::workspace_root().join("docs/screenshots");
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("cx.db").display());
    {
        let config = cx_core::config::Config::default_dir();
        let core = cx_core::Core::open(&url, &config)
            .await
            .expect("open the database");
        cx_core::seed::seed(&core.db).await.expect("demo data");
        let made = cx_core::reports::demo::generate(&core.db, 900, 30, 14)
            .await
            .expect("a month of sessions");
        println!("generated {made:?}");
    }
    let opts = Options::new()
        .env("CX_AGENT_ROLE", "supervisor")
        .database_url(&url);
    let mut app = App::launch("docs_reports", opts).await;
    app.window("workspace").await;
    app.click(&tid("open-reports")).await;
    app.click(&tid("reports-preset-last30")).await;
    app.wait_for(&format!("{}[data-state=\"ready\"]", tid("reports")))
        .await;
    app.screenshot_to(&out.join("reports.png")).await;
    println!("saved {}/reports.png", out.display());
    app.finish().await;
}
