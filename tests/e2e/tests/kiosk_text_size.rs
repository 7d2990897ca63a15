//! The kiosk's "Larger text" (WCAG 1.4.4, #15): the customer makes the conversation twice as large
//! (kiosk mode blocks the zoom keys, so this is the way to 200 %), the button says it is on
//! (aria-pressed), and the next customer starts at the normal size. kiosk_zoom checks that nothing
//! is lost at that size.

use cx_e2e::App;
use cx_e2e::Options;
use cx_e2e::app::tid;
use serde_json::json;

const SAID: &str = "Hello, what are your opening hours?";

/// The computed font size, in px, of the first element matching `css`.
async fn font_px(app: &mut App, css: &str) -> f64 {
    let v = app
        .js(
            "const e = document.querySelector(arguments[0]);
             return e ? parseFloat(getComputedStyle(e).fontSize) : null;",
            vec![json!(css)],
        )
        .await;
    v.as_f64().unwrap_or(0.0)
}

async fn pressed(app: &mut App) -> String {
    let v = app
        .js(
            "return document.querySelector(arguments[0]).getAttribute('aria-pressed');",
            vec![json!(tid("kiosk-text-size"))],
        )
        .await;
    v.as_str().unwrap_or_default().to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn larger_text_grows_the_conversation_and_ends_with_the_customer() {
    let mut app = App::launch("kiosk_text_size", Options::new()).await;
    app.kiosk_say(SAID).await;
    app.kiosk_wait_msg("assistant", &[]).await;
    let msg = tid("kiosk-msg");
    let normal = font_px(&mut app, &msg).await;
    let on = pressed(&mut app).await;
    app.check(on == "false", "off at first").await;

    app.click(&tid("kiosk-text-size")).await;
    let large = font_px(&mut app, &msg).await;
    println!("message text: {normal} px, larger: {large} px");
    app.check(
        large >= normal * 1.4,
        format!("larger text should be about 1.5x ({normal} px -> {large} px)"),
    )
    .await;
    app.check(
        (large / normal - 2.0).abs() < 0.1,
        format!("larger text is 200 % (WCAG 1.4.4): {normal} px -> {large} px"),
    )
    .await;
    let on = pressed(&mut app).await;
    app.check(on == "true", "the button says it is on").await;

    // The customer leaves: the next one starts at the normal size.
    app.click(&tid("kiosk-done")).await;
    app.wait_for(&tid("kiosk-welcome")).await;
    let on = pressed(&mut app).await;
    app.check(on == "false", "the next customer starts with normal text")
        .await;
    let root = font_px(&mut app, ".kiosk").await;
    app.check(
        (root - 18.0).abs() < 0.5,
        format!("the kiosk's text is back to 18 px, not {root} px"),
    )
    .await;
    app.finish().await;
}
