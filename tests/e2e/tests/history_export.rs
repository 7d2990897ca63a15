//! History finds a kiosk session by a word from it and exports it as Markdown (CX_EXPORT_DIR set:
//! no dialog), then saves it as a test case: an edit that breaks the case is refused with the
//! parser's message, the fixed one is written, and `cx-agent eval`'s runner passes it.

use cx_e2e::app::tid;
use cx_e2e::{App, Db, Options};

/// A word no demo session uses.
const WORD: &str = "periwinkle";
const SAID: &str = "Hello, I left a periwinkle umbrella next to this kiosk yesterday";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn history_finds_a_session_by_a_word_and_exports_markdown() {
    let mut app = App::launch("history_export", Options::new()).await;
    app.kiosk_say(SAID).await;
    app.wait_count(&format!("{}[data-role=\"assistant\"]", tid("kiosk-msg")), 1)
        .await;
    let db = app.db().clone();
    let sid = db
        .poll("the kiosk session", app.timeouts.element, |c| {
            Db::session_with_customer_text(c, SAID)
        })
        .await;

    app.window("workspace").await;
    app.click(&tid("open-history")).await;
    app.window("history").await;
    app.type_into(&tid("history-search-input"), WORD).await;
    app.click(&tid("history-search-button")).await;
    let result = format!("{}[data-session-id=\"{sid}\"]", tid("history-result"));
    // The session is already in the recent list before the search answers: wait for its
    // snippet (only search results carry one), then read the list.
    app.wait_js(
        &format!("the search's snippet in `{result}`"),
        "const e = document.querySelector(arguments[0]);
         return e && e.textContent.includes(arguments[1]) ? true : null;",
        vec![serde_json::json!(result), serde_json::json!(WORD)],
        app.timeouts.element,
    )
    .await;
    let hits = app.texts(&tid("history-result")).await;
    println!("search '{WORD}': {} result(s)", hits.len());
    app.check(
        hits.len() == 1,
        format!("only session {sid} uses '{WORD}', the search found: {hits:?}"),
    )
    .await;
    app.click(&result).await;
    app.wait_text(&tid("history-transcript"), &[WORD]).await;

    app.click(&tid("history-export-md")).await;
    let done = app.wait_text(&tid("history-export-done"), &[".md"]).await;
    let file = app.export_dir().join(format!("session-{sid}.md"));
    println!("export: {done}");
    app.check(
        done.contains(&file.display().to_string()),
        format!(
            "the confirmation should show the path {}: {done:?}",
            file.display()
        ),
    )
    .await;
    let md = match std::fs::read_to_string(&file) {
        Ok(md) => md,
        Err(e) => {
            let listing: Vec<_> = std::fs::read_dir(app.export_dir())
                .map(|d| d.flatten().map(|e| e.file_name()).collect())
                .unwrap_or_default();
            return app
                .fail(format!(
                    "cannot read {}: {e}; the folder has {listing:?}",
                    file.display()
                ))
                .await;
        }
    };
    let header = format!("# Session {sid}");
    app.check(
        md.lines().next() == Some(header.as_str()) && md.contains(WORD),
        format!(
            "the Markdown should start with '{header}' and contain '{WORD}':\n{}",
            md.chars().take(1500).collect::<String>()
        ),
    )
    .await;

    save_as_test_case(&mut app, sid).await;
    app.finish().await;
}

async fn save_as_test_case(app: &mut cx_e2e::App, sid: i64) {
    app.click(&tid("history-save-case")).await;
    let value = "const e = document.querySelector(arguments[0]);
                 return e && e.value.includes(arguments[1]) ? e.value : null;";
    let draft = app
        .wait_js(
            "the case's draft in the editor",
            value,
            vec![serde_json::json!(tid("case-text")), serde_json::json!(SAID)],
            app.timeouts.element,
        )
        .await;
    let draft = draft.as_str().unwrap_or_default().to_owned();
    println!("case draft:\n{draft}");

    // A key the format does not have: refused with the line and the key, nothing written.
    edit(app, &format!("{draft}surprise: 1\n")).await;
    app.click(&tid("case-save")).await;
    let refused = app.wait_text(&tid("case-error"), &["surprise"]).await;
    println!("refused: {refused}");
    let file = app.export_dir().join(format!("session-{sid}-case.yaml"));
    app.check(
        refused.contains("line") && !file.exists(),
        format!("the refusal should name the line and nothing be written: {refused:?}"),
    )
    .await;

    // The fixed case, with a fact added, is saved and passes on a fresh copy of the demo data.
    let edited = format!("{draft}  replies_never: [bob@example.com]\n");
    edit(app, &edited).await;
    app.click(&tid("case-save")).await;
    let done = app.wait_text(&tid("history-case-done"), &[".yaml"]).await;
    println!("saved: {done}");
    let saved = std::fs::read_to_string(&file).unwrap_or_default();
    app.check(
        saved == edited,
        format!("{} should hold the edited case:\n{saved}", file.display()),
    )
    .await;
    let config = cx_core::config::Config::default_dir();
    let report = cx_eval::evaluate(
        std::slice::from_ref(&file),
        1,
        &config,
        cx_eval::Player::Offline,
        &mut |_| {},
    )
    .await;
    match report {
        Ok(r) => {
            let text = r.text();
            println!("{text}");
            app.check(
                r.summary.all_passed && r.summary.passed == 1,
                format!("the saved case should pass:\n{text}"),
            )
            .await;
        }
        Err(e) => app.fail(format!("the saved case does not run: {e}")).await,
    }
}

/// Replace the editor's text as a paste would (typing a whole YAML document key by key is slow,
/// and WebKitWebDriver's key events are not what is under test here).
async fn edit(app: &mut cx_e2e::App, text: &str) {
    app.js(
        "const e = document.querySelector(arguments[0]);
         e.value = arguments[1];
         e.dispatchEvent(new Event('input', { bubbles: true }));
         return true;",
        vec![serde_json::json!(tid("case-text")), serde_json::json!(text)],
    )
    .await;
}
