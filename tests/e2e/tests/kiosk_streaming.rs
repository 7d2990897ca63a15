//! Sentence by sentence: with a model that streams (the scripted OpenAI-compatible server of
//! cx-test-llm, set as the app's `custom` provider), the kiosk shows each sentence of the answer
//! as soon as the claim ledger grounded it — the first one while the model is still writing —
//! and then the stored reply, once. A sentence the ledger cannot ground stops the showing there:
//! the session escalates, what was shown stays, the handoff follows, and the held-back sentence
//! never reaches the screen. A screen reader's announcer reads each sentence once, the same way.

use cx_e2e::app::tid;
use cx_e2e::{App, Db, Options};
use cx_test_llm::{Reply, ScriptedServer, StreamScript};
use serde_json::{Value, json};
use std::time::{Duration, Instant};
use tempfile::TempDir;

const QUESTION: &str =
    "Where is my order 1001? My email is alice@example.com and my phone ends in 4821";
/// Demo data: order 1001 = Noise-cancelling headphones, $79.99, shipped.
const FIRST: &str = "Your order 1001 (Noise-cancelling headphones, $79.99) has shipped.";
const SECOND: &str = "Is there anything else I can help with?";
/// No tool call refunded anything: the ledger holds this back.
const UNGROUNDED: &str = "You were refunded $85.00.";
/// The model pauses this long after the first sentence (the next word already sent, so the
/// sentence is known to be complete).
const PAUSE: Duration = Duration::from_secs(4);

/// The tool rounds before the answer: verify Alice, look up order 1001.
fn lookups() -> Vec<Reply> {
    vec![
        Reply::tool_call(
            "c1",
            "verify_customer",
            r#"{"email":"alice@example.com","phone_last4":"4821"}"#,
        ),
        Reply::tool_call("c2", "get_orders", r#"{"order_id": 1001}"#),
    ]
}

/// `FIRST`, then the first word of `rest`, a pause, then the rest of `rest`.
fn answer(rest: &str) -> Reply {
    let (word, tail) = rest.split_once(' ').expect("two words at least");
    Reply::stream(
        StreamScript::new()
            .content("Your order 1001 (Noise-cancelling ")
            .content("headphones, $79.99) has shipped.")
            .content(format!(" {word}"))
            .pause(PAUSE)
            .content(format!(" {tail}")),
    )
}

/// The app with the scripted server as its model (stored settings, as the workspace would save
/// them), at the kiosk's start screen, recording every text the conversation showed.
async fn launch(test: &str, server: &ScriptedServer) -> (App, TempDir) {
    let home = tempfile::Builder::new()
        .prefix(&format!("cx-e2e-{test}-"))
        .tempdir()
        .expect("creating a temporary folder");
    let store = home.path().join("data").join("dev.cx-agent.desktop");
    std::fs::create_dir_all(&store).expect("creating the app data folder");
    let settings = json!({
        "provider": "custom",
        "base_url": server.base_url(),
        "model": "test-model",
    });
    std::fs::write(store.join("settings.json"), settings.to_string())
        .expect("writing settings.json");
    let mut app = App::launch(test, Options::new().home(home.path())).await;
    app.window("kiosk").await;
    app.wait_for(&tid("kiosk-welcome")).await;
    // Every state of the conversation, as rendered: a duplicate or a held-back sentence shown for
    // a moment between two polls is still caught.
    app.js(
        r#"window.__cxSeen = [];
        const el = document.querySelector('[data-testid="kiosk-messages"]');
        const snap = () => window.__cxSeen.push(el.innerText);
        new MutationObserver(snap).observe(el, { subtree: true, childList: true, characterData: true });
        // What the screen reader is given: each line the announcer adds.
        window.__cxHeard = [];
        const log = document.querySelector('[data-testid="kiosk-announcer"] [role="log"]');
        new MutationObserver((changes) => {
            for (const c of changes) for (const n of c.addedNodes) window.__cxHeard.push(n.textContent);
        }).observe(log, { childList: true });"#,
        vec![],
    )
    .await;
    (app, home)
}

/// Every text the conversation showed since [`launch`].
async fn seen(app: &mut App) -> Vec<String> {
    let v = app.js("return window.__cxSeen;", vec![]).await;
    serde_json::from_value(v).unwrap_or_default()
}

/// Every line the screen-reader announcer read out since [`launch`].
async fn heard(app: &mut App) -> String {
    let v = app.js("return window.__cxHeard;", vec![]).await;
    serde_json::from_value::<Vec<String>>(v)
        .unwrap_or_default()
        .join("\n")
}

fn count(haystack: &str, needle: &str) -> usize {
    haystack.matches(needle).count()
}

/// Waits for the live bubble to show `FIRST`; checks it came while the model was still paused:
/// less than `PAUSE` after the answer's request reached the server, and the rest not shown.
async fn first_sentence_while_paused(app: &mut App, server: &ScriptedServer, rest: &str) {
    let shown = app.wait_text(&tid("kiosk-live"), &[FIRST]).await;
    let at = Instant::now();
    let asked = server
        .chat_requests()
        .get(2)
        .map(|r| r.received_at)
        .expect("the answer's request (the third) reached the server");
    let after = at.duration_since(asked);
    println!("first sentence on screen {after:?} after the answer was requested: {shown:?}");
    let tail = rest.split_once(' ').map(|(_, t)| t).unwrap_or(rest);
    let screen = app.texts(&tid("kiosk-messages")).await.join("\n");
    app.check(
        after < PAUSE && !screen.contains(tail),
        format!(
            "the first sentence should be on screen while the model pauses ({PAUSE:?}); it came \
             {after:?} after the request, and the screen was:\n{screen}"
        ),
    )
    .await;
    let stored = app
        .texts(&format!("{}[data-role=\"assistant\"]", tid("kiosk-msg")))
        .await;
    app.check(
        stored.iter().all(|t| !t.contains("1001")),
        format!("no stored answer should be on screen before the turn ends: {stored:?}"),
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_first_sentence_shows_before_the_model_finishes() {
    let mut replies = lookups();
    replies.push(answer(SECOND));
    let server = ScriptedServer::with_replies(replies).await.unwrap();
    let (mut app, _home) = launch("kiosk_streaming", &server).await;

    app.kiosk_say(QUESTION).await;
    first_sentence_while_paused(&mut app, &server, SECOND).await;

    // The turn ends: the stored reply replaces the live bubble, and says it once.
    let reply = app.kiosk_wait_msg("assistant", &[FIRST, SECOND]).await;
    println!("assistant: {reply}");
    let timeout = app.timeouts.element;
    app.wait_absent(&tid("kiosk-live"), timeout).await;
    let screen = app.texts(&tid("kiosk-messages")).await.join("\n");
    app.check(
        count(&screen, FIRST) == 1 && count(&screen, SECOND) == 1,
        format!("the answer should be on screen exactly once:\n{screen}"),
    )
    .await;
    let twice: Vec<String> = seen(&mut app)
        .await
        .into_iter()
        .filter(|s| count(s, FIRST) > 1)
        .collect();
    app.check(
        twice.is_empty(),
        format!("the screen showed the first sentence twice at some point: {twice:?}"),
    )
    .await;
    // A screen reader hears each sentence once: live as it came, not again with the stored reply.
    let said = heard(&mut app).await;
    app.check(
        count(&said, FIRST) == 1 && count(&said, SECOND) == 1,
        format!("the announcer should read each sentence exactly once:\n{said}"),
    )
    .await;
    let asked: Vec<bool> = server
        .chat_requests()
        .iter()
        .map(|r| r.stream_requested())
        .collect();
    app.check(
        asked.len() == 3 && asked.iter().all(|s| *s),
        format!("three streamed requests to the model expected: {asked:?}"),
    )
    .await;
    app.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sentence_the_ledger_holds_back_never_shows() {
    let mut replies = lookups();
    replies.push(answer(UNGROUNDED));
    let server = ScriptedServer::with_replies(replies).await.unwrap();
    let (mut app, _home) = launch("kiosk_streaming_held", &server).await;

    app.kiosk_say(QUESTION).await;
    first_sentence_while_paused(&mut app, &server, UNGROUNDED).await;

    // The second sentence fails: a person is asked for, what was shown stays, the handoff follows.
    let handoff = app
        .kiosk_wait_msg("assistant", &["a person will join you"])
        .await;
    println!("assistant: {handoff}");
    app.wait_for(&tid("kiosk-handoff")).await;
    let order: Value = app
        .js(
            r#"const live = document.querySelector('[data-testid="kiosk-live"]');
            const msgs = [...document.querySelectorAll('[data-testid="kiosk-msg"][data-role="assistant"]')];
            const last = msgs[msgs.length - 1];
            return {
                live: live ? live.innerText : null,
                state: live ? live.dataset.state : null,
                before: !!(live && last && (live.compareDocumentPosition(last) & Node.DOCUMENT_POSITION_FOLLOWING)),
            };"#,
            vec![],
        )
        .await;
    app.check(
        order["live"].as_str().is_some_and(|t| t.contains(FIRST))
            && order["state"] == "kept"
            && order["before"] == true,
        format!("the sentence shown should stay, followed by the handoff: {order}"),
    )
    .await;
    let screen = app.texts(&tid("kiosk-messages")).await.join("\n");
    app.check(
        count(&screen, FIRST) == 1,
        format!("the first sentence should be on screen once:\n{screen}"),
    )
    .await;
    let leaked: Vec<String> = seen(&mut app)
        .await
        .into_iter()
        .filter(|s| s.contains("85.00") || s.contains("refunded"))
        .collect();
    app.check(
        leaked.is_empty(),
        format!("the held-back sentence reached the screen: {leaked:?}"),
    )
    .await;
    let said = heard(&mut app).await;
    app.check(
        count(&said, FIRST) == 1
            && count(&said.to_lowercase(), "a person will join you") == 1
            && !said.contains("85.00")
            && !said.contains("refunded"),
        format!(
            "the announcer should read the shown sentence and the handoff once, and never the \
             held-back one:\n{said}"
        ),
    )
    .await;

    // The workspace, which only reloads its queue when an event says so, hears of the handoff.
    let db = app.db().clone();
    let sid = db
        .poll(
            "the session with the customer's message",
            app.timeouts.element,
            |c| Db::session_with_customer_text(c, QUESTION),
        )
        .await;
    app.window("workspace").await;
    app.wait_for(&format!("{}[data-session-id=\"{sid}\"]", tid("queue-item")))
        .await;
    app.finish().await;
}
