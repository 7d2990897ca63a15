//! The staff language (#15): with the settings naming German, the workspace shows its queue,
//! composer and session header in German from the start, and a session whose customer chose
//! German at the kiosk says so in its header ("Deutsch"), so the agent replies in it. A session
//! in English next to it shows "English": the badge is the customer's language, not the agent's.

use cx_e2e::App;
use cx_e2e::Options;
use cx_e2e::app::tid;
use serde_json::json;

/// A customer at the kiosk in `language`, handed to a person: waiting in the queue.
async fn waiting_session(app: &mut App, language: &str, text: &str) -> i64 {
    app.window("kiosk").await;
    let started = app
        .invoke("kiosk_start_session", json!({ "language": language }))
        .await;
    let Some(id) = started.as_ref().ok().and_then(|v| v["session_id"].as_i64()) else {
        return app
            .fail(format!(
                "kiosk_start_session ({language}) failed: {started:?}"
            ))
            .await;
    };
    let said = app
        .invoke(
            "kiosk_send_message",
            json!({ "session_id": id, "text": text }),
        )
        .await;
    let human = app
        .invoke("kiosk_request_human", json!({ "session_id": id }))
        .await;
    app.check(
        said.is_ok() && human.is_ok(),
        format!("session {id} ({language}): said {said:?}, asked for a person {human:?}"),
    )
    .await;
    id
}

/// The `attribute` of the first element matching `css` (waits for the element).
async fn attribute(app: &mut App, css: &str, attribute: &str) -> String {
    app.wait_for(css).await;
    let v = app
        .js(
            "return document.querySelector(arguments[0]).getAttribute(arguments[1]);",
            vec![json!(css), json!(attribute)],
        )
        .await;
    v.as_str().unwrap_or_default().to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_workspace_speaks_the_staff_language_and_names_the_customers() {
    let test = "workspace_language";
    // The settings as a supervisor saved them: the staff windows in German.
    let home = tempfile::Builder::new()
        .prefix(&format!("cx-e2e-{test}-"))
        .tempdir()
        .expect("creating a temporary folder");
    let store = home.path().join("data").join("dev.cx-agent.desktop");
    std::fs::create_dir_all(&store).expect("creating the app data folder");
    std::fs::write(
        store.join("settings.json"),
        json!({ "language": "de" }).to_string(),
    )
    .expect("writing settings.json");
    let mut app = App::launch(test, Options::new().home(home.path())).await;

    // The workspace in German from its first screen: the queue and the empty conversation.
    app.window("workspace").await;
    app.wait_text(&tid("queue-waiting"), &["Wartet auf einen Agenten"])
        .await;
    app.wait_text(&tid("queue-assistant"), &["Beim Assistenten"])
        .await;
    let filter = attribute(&mut app, &tid("queue-filter"), "placeholder").await;
    app.check(
        filter == "Sitzungen filtern (Strg+K)",
        format!("the queue filter should be German: {filter:?}"),
    )
    .await;
    let lang = app
        .js("return document.documentElement.lang;", vec![])
        .await;
    app.check(
        lang == json!("de"),
        format!("the workspace page should say it is German: {lang}"),
    )
    .await;
    app.wait_text(
        "section.center",
        &["Wählen Sie eine Sitzung aus der Warteschlange."],
    )
    .await;

    // Two customers ask for a person: one chose German at the kiosk, one English.
    let german = waiting_session(&mut app, "de", "Guten Tag").await;
    let english = waiting_session(&mut app, "en", "Good morning").await;
    println!("sessions: German #{german}, English #{english}");

    app.window("workspace").await;
    let item = |id: i64| format!("{}[data-session-id=\"{id}\"]", tid("queue-item"));
    let waiting = app
        .wait_text(
            &format!("{} {}", tid("queue-waiting"), item(german)),
            &["wartet"],
        )
        .await;
    println!("queue item: {}", waiting.replace('\n', " ¦ "));
    // The longer German words stay inside the queue column (no sideways scrolling).
    let widths = app
        .js(
            "const s = document.querySelector(arguments[0]).closest('.sections');
             return [s.scrollWidth, s.clientWidth];",
            vec![json!(tid("queue-waiting"))],
        )
        .await;
    app.check(
        widths[0].as_i64() <= widths[1].as_i64(),
        format!("the German queue should fit its column (scroll, client width): {widths}"),
    )
    .await;
    app.click(&item(german)).await;

    // The header: the customer's language by its own name, and why it is there.
    let badge = tid("session-language");
    let shown = app.wait_text(&badge, &["Deutsch"]).await;
    let code = attribute(&mut app, &badge, "data-language").await;
    let title = attribute(&mut app, &badge, "title").await;
    println!("language badge: {shown:?} ({code}), title {title:?}");
    app.check(
        code == "de" && title == "Der Kunde hat Deutsch gewählt",
        format!("the German session's badge: {code:?}, title {title:?}"),
    )
    .await;
    app.wait_text("header.session-head", &["wartet auf Agent"])
        .await;
    app.wait_text(&tid("accept-session"), &["Annehmen"]).await;
    app.wait_text(&tid("close-session"), &["Schließen"]).await;

    // The composer, German too, and ready to take the session over.
    let placeholder = attribute(&mut app, &tid("composer-input"), "placeholder").await;
    app.check(
        placeholder.starts_with("An den Kunden schreiben"),
        format!("the composer's placeholder should be German: {placeholder:?}"),
    )
    .await;
    app.wait_text(
        ".composer .hint",
        &["Mit dem Senden übernehmen Sie diese Sitzung vom Assistenten."],
    )
    .await;
    app.wait_text(&tid("composer-send"), &["Senden"]).await;
    app.screenshot("german-session").await;

    // The English customer's session, in the same German window, says "English".
    app.click(&item(english)).await;
    let other = app
        .wait_js(
            "the English session's language badge",
            "const b = document.querySelector(arguments[0]);
             return b && b.dataset.language === 'en' ? [b.innerText, b.title] : null;",
            vec![json!(badge)],
            app.timeouts.element,
        )
        .await;
    println!("English session's badge: {other}");
    app.check(
        other == json!(["English", "Der Kunde hat Englisch gewählt"]),
        format!("the English session's badge: {other}"),
    )
    .await;

    app.finish().await;
    drop(home);
}
