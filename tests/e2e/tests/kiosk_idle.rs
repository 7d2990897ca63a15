//! The kiosk's idle timeout (CX_KIOSK_IDLE_SECS) clears the screen for the next customer and
//! closes the session; before it does, a warning says so and lets the customer have more time.

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

/// What the idle warning looks like now: shown, its role, whether its button has focus, the
/// seconds it states.
async fn warning(app: &mut App) -> serde_json::Value {
    app.js(
        r#"const d = document.querySelector('[data-testid="kiosk-idle"]');
           if (!d || d.getClientRects().length === 0) return { shown: false };
           const left = d.querySelector('[data-testid="kiosk-idle-left"]');
           const a = document.activeElement;
           return { shown: true, role: d.getAttribute('role'),
                    focus: a ? (a.dataset.testid || a.tagName.toLowerCase()) : null,
                    text: d.innerText, secs: Number(left && left.dataset.secs),
                    live: left && left.getAttribute('aria-live'), timer: left && left.getAttribute('role') };"#,
        vec![],
    )
    .await
}

/// WCAG 2.2.1 (#15): before the idle timeout wipes the screen, an alert dialog says so with the
/// seconds left and takes focus; "I'm still here" gives the whole time again and focus goes
/// back to the message box; left alone, the warning ends in the wipe.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kiosk_idle_warning_takes_focus_and_still_here_extends_the_time() {
    // 8 s: the warning comes 4 s before the end (half the timeout at most).
    let mut app = App::launch(
        "kiosk_idle_warning",
        Options::new()
            .station("kiosk")
            .env("CX_KIOSK_IDLE_SECS", "8"),
    )
    .await;
    app.kiosk_say(SAID).await;
    app.kiosk_wait_msg("assistant", &[]).await;

    let stay = tid("kiosk-idle-stay");
    app.wait_for_within(&stay, Duration::from_secs(8) + app.timeouts.element)
        .await;
    let shown_at = Instant::now();
    // Focus moves to the button (after a tick).
    let timeout = app.timeouts.element;
    app.wait_js(
        "focus on I'm still here",
        "const a = document.activeElement; return a && a.dataset.testid === 'kiosk-idle-stay' ? true : null;",
        vec![],
        timeout,
    )
    .await;
    let w = warning(&mut app).await;
    println!("the warning: {w}");
    let secs = w["secs"].as_f64().unwrap_or(0.0);
    app.check(
        w["role"] == "alertdialog"
            && w["text"].as_str().is_some_and(|t| {
                t.contains("Are you still there?")
                    && t.contains("second")
                    && t.contains("I'm still here")
            })
            && (1.0..=4.0).contains(&secs)
            && w["timer"] == "timer"
            && w["live"].is_null(),
        format!("an alert dialog stating the seconds left (a timer, not a live region): {w}"),
    )
    .await;
    app.screenshot("kiosk-idle-warning").await;

    // I'm still here: the warning goes, focus is back in the message box, and the conversation is
    // still there after the moment it would have been wiped.
    app.click(&stay).await;
    let extended_at = Instant::now();
    app.wait_absent(&tid("kiosk-idle"), app.timeouts.element)
        .await;
    app.wait_js(
        "focus back in the message box",
        "const a = document.activeElement; return a && a.dataset.testid === 'kiosk-input' ? true : null;",
        vec![],
        timeout,
    )
    .await;
    let wiped_by = shown_at + Duration::from_secs(4);
    tokio::time::sleep(wiped_by.saturating_duration_since(Instant::now()) + Duration::from_secs(1))
        .await;
    let left = app.texts(&tid("kiosk-msg")).await;
    let welcome = app.texts(&tid("kiosk-welcome")).await;
    app.check(
        left.len() >= 2 && welcome.is_empty(),
        format!(
            "1 s after the old deadline the conversation should still be there: {left:?}, welcome {welcome:?}"
        ),
    )
    .await;

    // Left alone this time: the warning comes again (about 4 s after the extension) and the
    // screen is wiped at the end.
    app.wait_for_within(&stay, Duration::from_secs(8) + app.timeouts.element)
        .await;
    let again = extended_at.elapsed();
    app.check(
        again >= Duration::from_secs(3),
        format!(
            "the warning came back {again:?} after I'm still here; the whole time was not given"
        ),
    )
    .await;
    app.wait_absent(
        &tid("kiosk-msg"),
        Duration::from_secs(5) + app.timeouts.element,
    )
    .await;
    app.wait_for(&tid("kiosk-welcome")).await;
    println!(
        "wiped {:.1} s after I'm still here (timeout 8 s)",
        extended_at.elapsed().as_secs_f64()
    );
    app.check(
        extended_at.elapsed() >= Duration::from_secs(7),
        "the wipe came before the extended timeout",
    )
    .await;
    app.wait_js(
        "focus in the message box for the next customer",
        "const a = document.activeElement; return a && a.dataset.testid === 'kiosk-input' ? true : null;",
        vec![],
        timeout,
    )
    .await;
    app.finish().await;
}
