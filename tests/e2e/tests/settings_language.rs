//! The staff language and the kiosk's start language in Settings (#15): a supervisor picks Deutsch
//! for the staff windows and Español for the kiosk's start screen; the Settings view speaks German
//! at once, `kiosk_settings` names Spanish, and after a restart of the app (the same data folder)
//! the workspace, its Settings and the history window are in German from the start.

use cx_e2e::app::tid;
use cx_e2e::{App, Options};
use serde_json::json;

/// The chosen value of a `<select>`.
async fn chosen(app: &mut App, testid: &str) -> String {
    let v = app
        .js(
            "const e = document.querySelector(arguments[0]); return e ? e.value : null;",
            vec![json!(tid(testid))],
        )
        .await;
    v.as_str().unwrap_or_default().to_owned()
}

/// `<html lang>` of the current window.
async fn page_lang(app: &mut App, want: &str) -> String {
    let v = app
        .wait_js(
            &format!("<html lang=\"{want}\">"),
            "return document.documentElement.lang === arguments[0] ? arguments[0] : null;",
            vec![json!(want)],
            app.timeouts.element,
        )
        .await;
    v.as_str().unwrap_or_default().to_owned()
}

async fn open_settings(app: &mut App) {
    app.click(&tid("settings-open")).await;
    app.wait_for(&tid("settings-language")).await;
}

fn supervisor(home: &std::path::Path) -> Options {
    Options::new().home(home).env("CX_AGENT_ROLE", "supervisor")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staff_language_applies_at_once_and_survives_a_restart() {
    let home = tempfile::Builder::new()
        .prefix("cx-e2e-settings_language-")
        .tempdir()
        .expect("creating a temporary folder");

    let mut app = App::launch("settings_language", supervisor(home.path())).await;
    app.window("workspace").await;
    open_settings(&mut app).await;
    // English until someone chooses: the view as it always was.
    app.wait_text(
        &tid("settings-view"),
        &["Settings", "Language model", "Save settings"],
    )
    .await;
    let (staff, kiosk) = (
        chosen(&mut app, "settings-language").await,
        chosen(&mut app, "settings-kiosk-language").await,
    );
    app.check(
        staff == "en" && kiosk == "en",
        format!("both languages start as English: staff {staff:?}, kiosk {kiosk:?}"),
    )
    .await;

    app.choose(&tid("settings-language"), "de").await;
    app.choose(&tid("settings-kiosk-language"), "es").await;
    app.click(&tid("settings-save")).await;
    // At once, in this window: the confirmation, the headings and the buttons in German.
    let view = app
        .wait_text(
            &tid("settings-view"),
            &[
                "Einstellungen gespeichert.",
                "Sprachmodell",
                "Einstellungen speichern",
            ],
        )
        .await;
    app.check(
        !view.contains("Language model") && !view.contains("Save settings"),
        format!("no English left in the Settings view: {view:?}"),
    )
    .await;
    page_lang(&mut app, "de").await;

    // The kiosk's next customer starts in Spanish: kiosk_settings says so.
    app.window("kiosk").await;
    let settings = app.invoke("kiosk_settings", json!({})).await;
    app.check(
        settings
            .as_ref()
            .is_ok_and(|s| s["language"] == json!("es")),
        format!("kiosk_settings should name Spanish for the start screen: {settings:?}"),
    )
    .await;
    app.finish().await;

    // A restart with the same data: German from the start.
    let mut app = App::launch("settings_language_restart", supervisor(home.path())).await;
    app.window("workspace").await;
    page_lang(&mut app, "de").await;
    app.wait_text(&tid("settings-open"), &["Einstellungen"])
        .await;
    open_settings(&mut app).await;
    app.wait_text(
        &tid("settings-view"),
        &["Sprachmodell", "Einstellungen speichern"],
    )
    .await;
    let (staff, kiosk) = (
        chosen(&mut app, "settings-language").await,
        chosen(&mut app, "settings-kiosk-language").await,
    );
    app.check(
        staff == "de" && kiosk == "es",
        format!("the choices survive a restart: staff {staff:?}, kiosk {kiosk:?}"),
    )
    .await;
    app.click(&tid("settings-save")).await; // unchanged values save as they are
    app.wait_text(&tid("settings-saved"), &["Einstellungen gespeichert."])
        .await;
    app.window("kiosk").await;
    let settings = app.invoke("kiosk_settings", json!({})).await;
    app.check(
        settings
            .as_ref()
            .is_ok_and(|s| s["language"] == json!("es")),
        format!("after a restart kiosk_settings still names Spanish: {settings:?}"),
    )
    .await;

    // The history window speaks the staff language too, with no error on the way.
    app.window("workspace").await;
    app.click(&tid("modal-close")).await; // Settings is still open over the workspace
    app.click(&tid("open-history")).await;
    app.window("history").await;
    page_lang(&mut app, "de").await;
    app.wait_text("h1", &["Sitzungsverlauf"]).await;
    let errors = app.texts(&tid("error-banner")).await;
    app.check(
        errors.iter().all(|e| e.trim().is_empty()),
        format!("the history window opened in German without an error: {errors:?}"),
    )
    .await;
    app.finish().await;
}
