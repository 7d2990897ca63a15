//! The customer's language at the kiosk (#15): Deutsch on the start screen puts the page (its
//! `lang` too) in German and the session starts in German; the offline assistant, which
//! understands only English, says so in German and offers a person; a confirmation card reached
//! in English stays in German words; "Fertig" gives the next customer the English start screen at
//! the normal text size, and "How did we do?" asks the one who left in German. A customer who
//! chooses Español and walks away without starting leaves nothing either: after the idle timeout
//! the start screen is English again. A station set to German (`kiosk_language`) starts every
//! customer in German, and returns to it.

use cx_e2e::app::tid;
use cx_e2e::{App, Db, Options};
use serde_json::{Value, json};
use std::time::Duration;

const GERMAN: &str = "Hallo, ich möchte gerne wissen, wo meine Bestellung ist und wann sie kommt.";
const ORDER: &str =
    "Where is my order 1001? My email is alice@example.com and my phone ends in 4821";
const CHANGE: &str = "Please change my email to alice.new@example.com";

/// `<html lang>`.
async fn page_lang(app: &mut App) -> String {
    let v = app
        .js("return document.documentElement.lang;", vec![])
        .await;
    v.as_str().unwrap_or_default().to_owned()
}

/// Waits until `<html lang>` is `want`.
async fn wait_lang(app: &mut App, want: &str) {
    let timeout = app.timeouts.element;
    app.wait_js(
        &format!("<html lang=\"{want}\">"),
        "return document.documentElement.lang === arguments[0] ? true : null;",
        vec![json!(want)],
        timeout,
    )
    .await;
}

/// The language buttons: code, `lang`, aria-pressed and text of each; and the group's name.
async fn language_buttons(app: &mut App) -> Value {
    app.js(
        r#"const g = document.querySelector('[data-testid="kiosk-languages"]');
           if (!g) return null;
           const label = document.getElementById(g.getAttribute('aria-labelledby'));
           return {
             role: g.getAttribute('role'),
             name: label ? label.innerText.trim() : '',
             buttons: [...g.querySelectorAll('button')].map((b) => ({
               id: b.dataset.testid, lang: b.lang, pressed: b.getAttribute('aria-pressed'),
               text: b.innerText.trim() })),
           };"#,
        vec![],
    )
    .await
}

fn pressed_language(buttons: &Value) -> Vec<String> {
    buttons["buttons"]
        .as_array()
        .map(|b| {
            b.iter()
                .filter(|b| b["pressed"] == "true")
                .filter_map(|b| b["lang"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

async fn attr(app: &mut App, css: &str, name: &str) -> String {
    let v = app
        .js(
            "const e = document.querySelector(arguments[0]); return e ? e.getAttribute(arguments[1]) : null;",
            vec![json!(css), json!(name)],
        )
        .await;
    v.as_str().unwrap_or_default().to_owned()
}

async fn font_px(app: &mut App, css: &str) -> f64 {
    app.js(
        "const e = document.querySelector(arguments[0]);
         return e ? parseFloat(getComputedStyle(e).fontSize) : null;",
        vec![json!(css)],
    )
    .await
    .as_f64()
    .unwrap_or(0.0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_german_customer_gets_german_words_and_the_next_customer_english() {
    let mut app = App::launch("kiosk_language", Options::new().station("kiosk")).await;
    let db = app.db().clone();
    app.window("kiosk").await;
    app.wait_for(&tid("kiosk-welcome")).await;
    let normal = font_px(&mut app, ".kiosk").await;
    let lang = page_lang(&mut app).await;
    app.check(
        lang == "en",
        format!("the station's default is English, not {lang:?}"),
    )
    .await;

    // One button per language, each in its own language and marked so; English pressed.
    let buttons = language_buttons(&mut app).await;
    println!("language buttons: {buttons}");
    let expected = json!([
        { "id": "kiosk-language-en", "lang": "en", "pressed": "true", "text": "English" },
        { "id": "kiosk-language-de", "lang": "de", "pressed": "false", "text": "Deutsch" },
        { "id": "kiosk-language-es", "lang": "es", "pressed": "false", "text": "Español" },
    ]);
    app.check(
        buttons["role"] == "group"
            && buttons["name"]
                .as_str()
                .is_some_and(|n| n.contains("Language"))
            && buttons["buttons"] == expected,
        format!("a labelled group of language buttons in their own names: {buttons}"),
    )
    .await;

    // Deutsch: the page, its lang, the start screen and the controls in German.
    app.click(&tid("kiosk-language-de")).await;
    wait_lang(&mut app, "de").await;
    let welcome = app
        .wait_text(
            &tid("kiosk-welcome"),
            &["Wie können wir Ihnen heute helfen?"],
        )
        .await;
    println!("German start screen: {welcome}");
    let buttons = language_buttons(&mut app).await;
    app.check(
        pressed_language(&buttons) == ["de"]
            && buttons["name"]
                .as_str()
                .is_some_and(|n| n.contains("Sprache")),
        format!("Deutsch pressed, and only it; the group named in German: {buttons}"),
    )
    .await;
    let header = app.texts("header").await.join(" ");
    let placeholder = attr(&mut app, &tid("kiosk-input"), "placeholder").await;
    let title = app.js("return document.title;", vec![]).await;
    app.check(
        header.contains("Größere Schrift")
            && header.contains("Mit einer Person sprechen")
            && placeholder == "Schreiben Sie Ihre Nachricht …"
            && welcome.contains("Wo ist meine Bestellung?"),
        format!(
            "header, starters and message box in German: {header:?}, {placeholder:?}, title {title}"
        ),
    )
    .await;
    // Larger text too: it should go with this customer as well.
    app.click(&tid("kiosk-text-size")).await;

    // The session starts in German, and the offline assistant says in German that it understands
    // only English, offering a person.
    app.kiosk_say(GERMAN).await;
    let reply = app
        .kiosk_wait_msg("assistant", &["nur Englisch", "Person"])
        .await;
    println!("assistant (German customer): {reply}");
    let sid = db
        .poll("the German session", app.timeouts.element, |c| {
            Db::session_with_customer_text(c, GERMAN)
        })
        .await;
    let language: Option<String> = db.read("the session's language", |c| {
        c.query_row("SELECT language FROM sessions WHERE id = ?1", [sid], |r| {
            r.get(0)
        })
    });
    app.check(
        language.as_deref() == Some("de"),
        format!("session {sid} should have started in German: {language:?}"),
    )
    .await;
    let who = app.texts(&format!("{} .who", tid("kiosk-msg"))).await;
    app.check(
        who.iter().any(|w| w == "Sie") && who.iter().any(|w| w == "Assistent"),
        format!("who said what, in German: {who:?}"),
    )
    .await;

    // Going on in English: verified, then an email change waits for Yes/No — in German words.
    app.kiosk_say(ORDER).await;
    app.kiosk_wait_msg("assistant", &["1001"]).await;
    app.kiosk_say(CHANGE).await;
    let card = app
        .wait_text(
            &tid("kiosk-confirm-card"),
            &["Soll ich diese Änderung vornehmen?", "E-Mail-Adresse"],
        )
        .await;
    println!("confirmation card: {card}");
    let yes = app.texts(&tid("kiosk-confirm-yes")).await.join("");
    let no = app.texts(&tid("kiosk-confirm-no")).await.join("");
    app.check(
        card.contains("Die E-Mail-Adresse Ihres Kontos ändern")
            && card.contains("Neue E-Mail-Adresse: a***w@example.com")
            && yes.trim() == "Ja, bitte"
            && no.trim() == "Nein, lieber nicht",
        format!("the card in German, the address masked: {card:?} / {yes:?} / {no:?}"),
    )
    .await;
    // Screen readers hear once, in German, that a confirmation waits.
    let waiting = app
        .js(
            r#"return [...document.querySelectorAll('[data-testid="kiosk-announcer"] [role="status"]')]
                 .map((e) => e.innerText.trim()).filter(Boolean);"#,
            vec![],
        )
        .await;
    app.check(
        waiting.to_string().contains("Eine Bestätigung wartet"),
        format!("a polite status should say a confirmation waits: {waiting}"),
    )
    .await;
    app.screenshot("kiosk-language-de-card").await;
    app.click(&tid("kiosk-confirm-no")).await;
    app.wait_absent(&tid("kiosk-confirm-card"), app.timeouts.element)
        .await;

    // Fertig: the next customer finds the English start screen at the normal size; the question
    // about the conversation that ended is the German customer's, in German.
    let done = app.texts(&tid("kiosk-done")).await.join("");
    app.check(
        done.trim() == "Fertig",
        format!("\"I'm done\" in German: {done:?}"),
    )
    .await;
    app.click(&tid("kiosk-done")).await;
    wait_lang(&mut app, "en").await;
    app.wait_text(&tid("kiosk-welcome"), &["Hello! How can we help today?"])
        .await;
    let buttons = language_buttons(&mut app).await;
    let size = attr(&mut app, &tid("kiosk-text-size"), "aria-pressed").await;
    let root = font_px(&mut app, ".kiosk").await;
    app.check(
        pressed_language(&buttons) == ["en"] && size == "false" && (root - normal).abs() < 0.5,
        format!(
            "English and normal text for the next customer: {buttons}, larger text {size}, {root} px (normal {normal} px)"
        ),
    )
    .await;
    let csat_lang = attr(&mut app, &tid("kiosk-csat"), "lang").await;
    let csat = app.wait_text(&tid("kiosk-csat"), &["Wie waren wir?"]).await;
    app.check(
        csat_lang == "de" && csat.contains("Ausgezeichnet"),
        format!(
            "\"How did we do?\" asks the German customer in German (lang={csat_lang:?}): {csat}"
        ),
    )
    .await;
    let email: String = db.read("alice's email", |c| {
        c.query_row(
            "SELECT email FROM customers WHERE email LIKE 'alice%' ORDER BY id LIMIT 1",
            [],
            |r| r.get(0),
        )
    });
    app.check(
        email == "alice@example.com",
        format!("No left the email as it was: {email}"),
    )
    .await;
    app.screenshot("kiosk-language-after-done").await;
    app.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_language_chosen_and_walked_away_from_is_cleared_after_the_idle_timeout() {
    let mut app = App::launch(
        "kiosk_language_walkaway",
        Options::new()
            .station("kiosk")
            .env("CX_KIOSK_IDLE_SECS", "6"),
    )
    .await;
    let db = app.db().clone();
    app.window("kiosk").await;
    app.wait_for(&tid("kiosk-welcome")).await;
    let count = |c: &rusqlite::Connection| -> rusqlite::Result<i64> {
        c.query_row("SELECT COUNT(*) FROM sessions", [], |r| r.get(0))
    };
    let before = db
        .poll("the sessions table", app.timeouts.element, |c| {
            count(c).map(Some)
        })
        .await;
    app.click(&tid("kiosk-language-es")).await;
    wait_lang(&mut app, "es").await;
    app.click(&tid("kiosk-text-size")).await;
    app.wait_text(&tid("kiosk-welcome"), &["¿En qué podemos ayudarle hoy?"])
        .await;

    // Nobody starts: the warning comes, in Spanish, then the start screen is the station's again.
    let warning = app
        .wait_text(&tid("kiosk-idle"), &["¿Sigue ahí?", "Sigo aquí"])
        .await;
    println!("idle warning: {warning}");
    app.wait_absent(
        &tid("kiosk-idle"),
        Duration::from_secs(6) + app.timeouts.element,
    )
    .await;
    wait_lang(&mut app, "en").await;
    app.wait_text(&tid("kiosk-welcome"), &["Hello! How can we help today?"])
        .await;
    let buttons = language_buttons(&mut app).await;
    let size = attr(&mut app, &tid("kiosk-text-size"), "aria-pressed").await;
    app.check(
        pressed_language(&buttons) == ["en"] && size == "false",
        format!("English and normal text again: {buttons}, larger text {size}"),
    )
    .await;
    let after = db.read("sessions", count);
    app.check(
        after == before,
        format!("choosing a language starts no session: {before} session(s) before, {after} after"),
    )
    .await;
    app.finish().await;
}

/// The station's own language (the settings' `kiosk_language`) is where every customer starts,
/// and where the screen returns after one chose another.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_german_station_starts_each_customer_in_german() {
    let home = tempfile::Builder::new()
        .prefix("cx-e2e-kiosk_language_station-")
        .tempdir()
        .expect("creating a temporary folder");
    let store = home.path().join("data").join("dev.cx-agent.desktop");
    std::fs::create_dir_all(&store).expect("creating the app data folder");
    std::fs::write(
        store.join("settings.json"),
        json!({ "kiosk_language": "de" }).to_string(),
    )
    .expect("writing settings.json");
    let mut app = App::launch(
        "kiosk_language_station",
        Options::new()
            .station("kiosk")
            .home(home.path())
            .env("CX_KIOSK_IDLE_SECS", "6"),
    )
    .await;
    app.window("kiosk").await;
    wait_lang(&mut app, "de").await;
    app.wait_text(
        &tid("kiosk-welcome"),
        &["Wie können wir Ihnen heute helfen?"],
    )
    .await;
    let buttons = language_buttons(&mut app).await;
    app.check(
        pressed_language(&buttons) == ["de"],
        format!("the German station starts in German: {buttons}"),
    )
    .await;

    // An English customer chooses English, then walks away: German again for the next.
    app.click(&tid("kiosk-language-en")).await;
    wait_lang(&mut app, "en").await;
    app.wait_text(&tid("kiosk-welcome"), &["Hello! How can we help today?"])
        .await;
    let timeout = Duration::from_secs(6) + app.timeouts.element;
    app.wait_js(
        "<html lang=\"de\"> again after the idle timeout",
        "return document.documentElement.lang === 'de' ? true : null;",
        vec![],
        timeout,
    )
    .await;
    app.wait_text(
        &tid("kiosk-welcome"),
        &["Wie können wir Ihnen heute helfen?"],
    )
    .await;
    app.finish().await;
}
