//! "How did we do?" at the kiosk: a customer chats, presses I'm done and rates the session 4 with
//! a comment; the rating is stored (and audited), reaches the staff's transcript and its export,
//! and nothing of the conversation shows on the start screen meanwhile. The next customer is
//! never held up: after Skip a new conversation starts at once, and starting one while the
//! question is still up dismisses it.

use cx_e2e::app::tid;
use cx_e2e::{App, Db, Options};
use rusqlite::OptionalExtension;
use serde_json::{Value, json};
use std::time::Duration;

const FIRST: &str = "Hello, do you sell gift cards for the lavender fair?";
const COMMENT: &str = "Quick answer, thank you.";
const SECOND: &str = "Hi, what are your opening hours on Sunday?";
const THIRD: &str = "Hello again, can I return a scarf without a receipt?";
const FOURTH: &str = "One more: do you repair umbrellas?";

/// The customer's words at the kiosk, then the assistant's answer; the session's id.
async fn chat(app: &mut App, said: &str) -> i64 {
    app.kiosk_say(said).await;
    app.kiosk_wait_msg("assistant", &[]).await;
    let db = app.db().clone();
    db.poll("the kiosk session", app.timeouts.element, |c| {
        Db::session_with_customer_text(c, said)
    })
    .await
}

/// The rating stored for `sid`: (score, comment), None while unrated.
fn stored(c: &rusqlite::Connection, sid: i64) -> rusqlite::Result<Option<(i64, Option<String>)>> {
    c.query_row(
        "SELECT csat_score, csat_comment FROM sessions WHERE id = ?1 AND csat_score IS NOT NULL",
        [sid],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .optional()
}

/// The question is up on the start screen, with nothing of the conversation that just ended.
async fn question_shown_and_nothing_else(app: &mut App, said: &str) {
    let script = r#"
        const [said] = arguments;
        const card = document.querySelector('[data-testid="kiosk-csat"]');
        const welcome = document.querySelector('[data-testid="kiosk-welcome"]');
        if (!card || card.getClientRects().length === 0) return null;
        if (!welcome || welcome.getClientRects().length === 0) return null;
        if (document.querySelectorAll('[data-testid="kiosk-msg"]').length) return null;
        const html = document.body.innerHTML + document.body.innerText;
        if (html.includes(said) || html.includes(said.slice(0, 20))) return null;
        return card.innerText;"#;
    let text = app
        .wait_js(
            "the kiosk's \"How did we do?\" on a start screen with nothing of the conversation",
            script,
            vec![json!(said)],
            app.timeouts.element,
        )
        .await;
    println!(
        "question: {}",
        text.as_str().unwrap_or_default().replace('\n', " | ")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_kiosk_asks_how_we_did_and_never_holds_up_the_next_customer() {
    let mut app = App::launch("kiosk_csat", Options::new()).await;
    let db = app.db().clone();

    // A conversation, then I'm done.
    let first = chat(&mut app, FIRST).await;
    app.click(&tid("kiosk-done")).await;
    question_shown_and_nothing_else(&mut app, FIRST).await;
    app.screenshot("kiosk-csat-asked").await;

    // Five buttons with words; choosing one presses it (and only it).
    let labels = app.texts("[data-testid^=\"kiosk-csat-score-\"]").await;
    app.check(
        labels.len() == 5
            && labels[0].contains("Very poor")
            && labels[3].contains("Good")
            && labels[4].contains("Excellent"),
        format!("five scores with words: {labels:?}"),
    )
    .await;
    app.click(&tid("kiosk-csat-score-4")).await;
    let pressed = app
        .js(
            "return [...document.querySelectorAll('[data-testid^=\"kiosk-csat-score-\"]')]
                .filter((b) => b.getAttribute('aria-pressed') === 'true')
                .map((b) => b.dataset.testid);",
            vec![],
        )
        .await;
    app.check(
        pressed == json!(["kiosk-csat-score-4"]),
        format!("only score 4 should be pressed: {pressed}"),
    )
    .await;
    app.type_into(&tid("kiosk-csat-comment"), COMMENT).await;
    let count = app
        .wait_text(
            &tid("kiosk-csat-count"),
            &[&format!("{}/1000", COMMENT.len())],
        )
        .await;
    println!("counter: {count}");
    app.click(&tid("kiosk-csat-send")).await;
    app.wait_text(&tid("kiosk-csat-thanks"), &["thank you"])
        .await;
    app.screenshot("kiosk-csat-thanks").await;

    // Stored once, with its audit row.
    let (score, comment) = db
        .poll("the rating stored", app.timeouts.element, |c| {
            stored(c, first)
        })
        .await;
    app.check(
        score == 4 && comment.as_deref() == Some(COMMENT),
        format!("session {first} should be rated 4 with the comment: {score} {comment:?}"),
    )
    .await;
    let audited: i64 = db.read("the audit row", |c| {
        c.query_row(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'kiosk_rate_session' AND entity_id = ?1",
            [first],
            |r| r.get(0),
        )
    });
    app.check(
        audited == 1,
        format!("one kiosk_rate_session audit row, not {audited}"),
    )
    .await;

    // A second answer for the same session is refused (the kiosk window, the real command).
    let again = app
        .invoke(
            "kiosk_rate_session",
            json!({ "session_id": first, "score": 1 }),
        )
        .await;
    app.check(
        matches!(&again, Err(e) if e["code"] == "conflict"),
        format!("a second rating must be a conflict: {again:?}"),
    )
    .await;

    // The thank-you goes by itself.
    app.wait_absent(&tid("kiosk-csat"), Duration::from_secs(10))
        .await;

    // The next customer: Done, Skip, and a new conversation at once.
    let second = chat(&mut app, SECOND).await;
    app.click(&tid("kiosk-done")).await;
    question_shown_and_nothing_else(&mut app, SECOND).await;
    app.click(&tid("kiosk-csat-skip")).await;
    app.wait_absent(&tid("kiosk-csat"), app.timeouts.element)
        .await;
    let third = chat(&mut app, THIRD).await;
    app.check(
        ![first, second].contains(&third),
        format!("a new session after Skip, not {third}"),
    )
    .await;
    let shown = app
        .texts(&format!("{}[data-role=\"customer\"]", tid("kiosk-msg")))
        .await;
    app.check(
        shown.len() == 1 && shown[0].contains("scarf"),
        format!("only the new customer's message should be on screen: {shown:?}"),
    )
    .await;
    let skipped = db.read("the skipped session", |c| stored(c, second));
    app.check(
        skipped.is_none(),
        format!("session {second} was skipped, yet rated: {skipped:?}"),
    )
    .await;

    // Starting a conversation while the question is up dismisses it.
    app.click(&tid("kiosk-done")).await;
    question_shown_and_nothing_else(&mut app, THIRD).await;
    let fourth = chat(&mut app, FOURTH).await;
    app.wait_absent(&tid("kiosk-csat"), app.timeouts.element)
        .await;
    app.check(
        fourth != third,
        format!("a new session for the next customer, not {third}"),
    )
    .await;
    app.screenshot("kiosk-csat-next-customer").await;

    // Staff see it with the session: the workspace's transcript and the Markdown export.
    app.window("workspace").await;
    let transcript = app
        .invoke("get_session", json!({ "session_id": first }))
        .await;
    let csat = transcript
        .as_ref()
        .map(|t| t["session"]["csat"].clone())
        .unwrap_or(Value::Null);
    app.check(
        csat["score"] == 4 && csat["comment"] == COMMENT && csat["at"].is_string(),
        format!("get_session should carry the rating: {csat} (from {transcript:?})"),
    )
    .await;
    let export = app
        .invoke(
            "history_export",
            json!({ "session_id": first, "format": "md" }),
        )
        .await;
    let path = export
        .as_ref()
        .ok()
        .and_then(|v| v["path"].as_str())
        .map(str::to_owned)
        .unwrap_or_default();
    let md = std::fs::read_to_string(&path).unwrap_or_default();
    app.check(
        md.contains("## Rating\n\n- Score: 4/5 · Good") && md.contains(&format!("> {COMMENT}")),
        format!("the Markdown export ({path}) should show the rating: {export:?}\n{md}"),
    )
    .await;
    app.finish().await;
}
