//! The kiosk without a mouse (#15, WCAG 2.1.1 Keyboard, 2.4.3 Focus Order, 2.4.7 Focus Visible):
//! focus starts in the message box; the customer types who they are and their order question and
//! presses Enter; the answer shows and focus is back in the box; they ask to change their email,
//! Shift+Tab back to the confirmation card (No, then Yes) and press Enter; the new email is in the
//! database and focus returns to the message box. Every key goes to the focused element over
//! WebDriver (no clicks), and at every step the test asserts which element has focus and that it
//! shows a focus indicator (an outline or a box-shadow).

use cx_e2e::app::tid;
use cx_e2e::{App, Db, Options};
use fantoccini::key::Key;
use rusqlite::Connection;
use serde_json::{Value, json};

const ASK: &str = "Where is my order 1001? My email is alice@example.com and my phone ends in 4821";
const CHANGE: &str = "Please change my email to alice.new@example.com";
const OLD: &str = "alice@example.com";
const NEW: &str = "alice.new@example.com";

fn email_of(c: &Connection, id: i64) -> rusqlite::Result<String> {
    c.query_row("SELECT email FROM customers WHERE id = ?1", [id], |r| {
        r.get(0)
    })
}

/// Sends `keys` to whatever has focus (WebDriver's Get Active Element, then Element Send Keys).
async fn press(app: &mut App, keys: &str, what: &str) {
    let sent = match app.client().active_element().await {
        Ok(el) => el.send_keys(keys).await,
        Err(e) => Err(e),
    };
    if let Err(e) = sent {
        app.fail(format!(
            "pressing {what} on the focused element failed: {e}"
        ))
        .await
    }
}

/// What has focus: its test id (or tag), and whether it shows a focus indicator.
///
/// When the page has system focus this is the computed style of the focused element (an outline,
/// or a box-shadow under `:focus-visible`). Under Xvfb without a window manager no window ever
/// gets keyboard focus from the X server, so WebKit matches neither `:focus` nor `:focus-visible`
/// (`document.hasFocus()` is false) and the computed style is the unfocused one; then the
/// stylesheets decide instead: the last rule (in document order) with `:focus`/`:focus-visible`
/// whose selector, without those pseudo-classes, matches the element, and that sets `outline` or
/// `box-shadow`, must draw something (not `none`, not zero wide).
async fn focused(app: &mut App) -> Value {
    app.js(
        r#"const e = document.activeElement;
         if (!e || e === document.body) return { id: 'body' };
         const id = e.dataset.testid || e.tagName.toLowerCase();
         if (document.hasFocus()) {
             const s = getComputedStyle(e);
             const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
             const shadow = s.boxShadow && s.boxShadow !== 'none' && e.matches(':focus-visible');
             return { id, ring: outline || !!shadow, how: 'computed',
                      style: `outline ${s.outlineStyle} ${s.outlineWidth}; shadow ${s.boxShadow}` };
         }
         const draws = (v) => !!v && !/(^|\s)none(\s|$)/.test(v) && !/^0(px)?(\s|$)/.test(v.trim());
         let last = null;
         const walk = (rules) => {
             for (const r of rules) {
                 if (r.cssRules && !r.selectorText) { walk(r.cssRules); continue; }
                 if (!r.selectorText || !r.selectorText.includes(':focus')) continue;
                 const hit = r.selectorText.split(',').some((sel) => {
                     if (!/:focus(-visible)?(?![-\w])/.test(sel)) return false;
                     const base = sel.replace(/:focus(-visible)?(?![-\w])/g, '').trim() || '*';
                     try { return e.matches(base); } catch (_) { return false; }
                 });
                 if (!hit) continue;
                 const o = r.style.getPropertyValue('outline') || r.style.getPropertyValue('outline-style');
                 const b = r.style.getPropertyValue('box-shadow');
                 if (o || b) last = { rule: r.cssText, ring: draws(o) || draws(b) };
             }
         };
         for (const sheet of document.styleSheets) {
             try { walk(sheet.cssRules); } catch (_) {}
         }
         return { id, ring: !!(last && last.ring), how: 'stylesheet (the page has no system focus)',
                  rule: last ? last.rule : null };"#,
        vec![],
    )
    .await
}

/// Focus is on `want` (a test id) and visibly so; waits (bounded) for focus to get there.
async fn expect_focus(app: &mut App, want: &str, step: &str) {
    let script = "const e = document.activeElement;
                  return e && e.dataset.testid === arguments[0] ? true : null;";
    let timeout = app.timeouts.element;
    let reached = tokio::time::timeout(timeout + std::time::Duration::from_secs(5), async {
        loop {
            if app.try_js(script, vec![json!(want)]).await.ok() == Some(json!(true)) {
                return true;
            }
            tokio::time::sleep(app.timeouts.poll).await;
        }
    })
    .await
    .unwrap_or(false);
    let now = focused(app).await;
    println!("{step}: focus on {now}");
    app.check(
        reached,
        format!("{step}: focus should be on `{want}`, is on {now}"),
    )
    .await;
    app.check(
        now["ring"] == json!(true),
        format!("{step}: the focused `{want}` shows no focus indicator: {now}"),
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_customer_verifies_asks_and_confirms_an_email_change_with_the_keyboard_alone() {
    let mut app = App::launch("kiosk_keyboard", Options::new().station("kiosk")).await;
    let db = app.db().clone();
    let alice: i64 = db
        .poll("the demo customer alice", app.timeouts.element, |c| {
            Db::customer_with_email(c, OLD)
        })
        .await;
    app.window("kiosk").await;
    app.wait_for(&tid("kiosk-welcome")).await;

    // Focus starts in the message box: type and press Enter.
    expect_focus(&mut app, "kiosk-input", "at start").await;
    press(
        &mut app,
        &format!("{ASK}{}", Key::Enter),
        "the question + Enter",
    )
    .await;
    app.kiosk_wait_msg("assistant", &["1001"]).await;
    expect_focus(&mut app, "kiosk-input", "after the answer").await;

    // The change is proposed; the card's buttons are just before the message box.
    press(
        &mut app,
        &format!("{CHANGE}{}", Key::Enter),
        "the change + Enter",
    )
    .await;
    let card = app.wait_for(&tid("kiosk-confirm-card")).await;
    let action_id = card.attr("data-action-id").await.ok().flatten();
    expect_focus(&mut app, "kiosk-input", "with the card shown").await;
    press(&mut app, &(Key::Shift + &Key::Tab), "Shift+Tab").await;
    expect_focus(
        &mut app,
        "kiosk-confirm-no",
        "Shift+Tab from the message box",
    )
    .await;
    press(&mut app, &(Key::Shift + &Key::Tab), "Shift+Tab").await;
    expect_focus(&mut app, "kiosk-confirm-yes", "Shift+Tab again").await;
    // Forward again and back: Tab order is the visual order.
    press(&mut app, &Key::Tab, "Tab").await;
    expect_focus(&mut app, "kiosk-confirm-no", "Tab from Yes").await;
    press(&mut app, &(Key::Shift + &Key::Tab), "Shift+Tab").await;
    expect_focus(&mut app, "kiosk-confirm-yes", "back on Yes").await;
    app.screenshot("kiosk-keyboard-yes-focused").await;
    // Nothing has changed before Yes.
    let before = db.read("alice's email", |c| email_of(c, alice));
    app.check(
        before == OLD,
        format!("before Yes the email must be unchanged: {before}"),
    )
    .await;
    press(&mut app, &Key::Enter, "Enter on Yes").await;

    // Confirmed: the database holds the new email, the action is confirmed, the card goes, and
    // focus is back in the message box (not lost on the page).
    let email = db
        .poll("the new email in customers", app.timeouts.element, |c| {
            email_of(c, alice).map(|e| (e == NEW).then_some(e))
        })
        .await;
    let state: String = db.read("the decided action", |c| {
        c.query_row(
            "SELECT state FROM pending_actions WHERE id = ?1",
            [action_id
                .as_deref()
                .and_then(|a| a.parse::<i64>().ok())
                .unwrap_or(-1)],
            |r| r.get(0),
        )
    });
    app.check(
        state == "confirmed",
        format!("action {action_id:?} should be confirmed, is {state} (email now {email})"),
    )
    .await;
    app.wait_absent(&tid("kiosk-confirm-card"), app.timeouts.element)
        .await;
    expect_focus(&mut app, "kiosk-input", "after Yes").await;
    app.screenshot("kiosk-keyboard-done").await;
    app.finish().await;
}
