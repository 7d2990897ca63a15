//! The kiosk's idle timeout (CX_KIOSK_IDLE_SECS=3) clears the screen for the next customer and
//! closes the session.

use cx_e2e::app::tid;
use cx_e2e::{App, Db, Options};
use serde_json::json;
use std::time::{Duration, Instant};

const SAID: &str = "Hello, do you sell gift cards for the marmalade festival?";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kiosk_idle_timeout_clears_the_screen_and_closes_the_session() {
    let mut app = App::launch("kiosk_idle", Options::new().env("CX_KIOSK_IDLE_SECS", "3")).await;
    app.window("kiosk").await;
    let settings = app.invoke("kiosk_settings", json!({})).await;
    app.check(
        settings.as_ref().is_ok_and(|s| s["idle_timeout_secs"] == 3),
        format!("CX_KIOSK_IDLE_SECS=3 should set the kiosk's idle timeout: {settings:?}"),
    )
    .await;

    app.kiosk_say(SAID).await;
    let reply = app.kiosk_wait_msg("assistant", &[]).await;
    let answered = Instant::now();
    println!("assistant: {reply}");
    let db = app.db().clone();
    let sid = db
        .poll("the kiosk session", app.timeouts.element, |c| {
            Db::session_with_customer_text(c, SAID)
        })
        .await;

    // Idle: the welcome comes back and nothing of the conversation is left in the DOM.
    let script = r#"
        const [said, reply] = arguments;
        const welcome = document.querySelector('[data-testid="kiosk-welcome"]');
        if (!welcome || welcome.getClientRects().length === 0) return null;
        const html = document.body.innerHTML + document.body.innerText;
        const left = document.querySelectorAll('[data-testid="kiosk-msg"]').length;
        const leak = [said, reply.slice(0, 40), 'marmalade'].filter((t) => t && html.includes(t));
        return left === 0 && leak.length === 0 ? true : null;"#;
    app.wait_js(
        "kiosk-welcome shown again with no earlier message in the DOM",
        script,
        vec![json!(SAID), json!(reply)],
        Duration::from_secs(3) + app.timeouts.element,
    )
    .await;
    println!(
        "the kiosk was cleared {:.1} s after the answer (timeout 3 s)",
        answered.elapsed().as_secs_f64()
    );
    let input = app.wait_for(&tid("kiosk-input")).await;
    let value = input.prop("value").await.ok().flatten().unwrap_or_default();
    app.check(
        value.is_empty(),
        format!("the input should be empty: {value:?}"),
    )
    .await;

    let (status, closed_at): (String, Option<String>) = db
        .poll("the session closed", app.timeouts.element, |c| {
            c.query_row(
                "SELECT status, closed_at FROM sessions WHERE id = ?1",
                [sid],
                |r| Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?)),
            )
            .map(|row| (row.0 == "closed").then_some(row))
        })
        .await;
    app.check(
        closed_at.is_some(),
        format!("session {sid} is {status} but has no closed_at"),
    )
    .await;
    app.finish().await;
}
