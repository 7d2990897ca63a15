//! Text at 200 % without loss (WCAG 1.4.4 Resize Text, 1.4.10 Reflow; #15), in the kiosk's own
//! window (480 × 760): once with the kiosk's "Larger text" (twice the size; kiosk mode blocks the
//! zoom keys) and once with the whole page at 200 % as a browser's zoom lays it out (half the
//! width and height, drawn twice as large; see `zoom`). In each state — the German start screen (the longest words), a conversation with
//! a confirmation card and the hand-over notice, the idle warning, "How did we do?" — nothing scrolls sideways,
//! nothing sticks out of the screen or out of its own box, and every control can be scrolled into
//! view and is the element under its own centre (not covered, not clipped).

use cx_e2e::App;
use cx_e2e::Options;
use cx_e2e::app::tid;
use serde_json::{Value, json};
use std::time::Duration;

const ORDER: &str =
    "Where is my order 1001? My email is alice@example.com and my phone ends in 4821";
const CHANGE: &str = "Please change my email to alice.new@example.com";

/// Every problem found at this size, as text (empty: none). Scrolls each control into view in turn.
const CHECK: &str = r#"
    const root = document.documentElement;
    const kiosk = document.querySelector('.kiosk');
    const out = [];
    const name = (e) => e.dataset.testid || (e.id ? '#' + e.id : e.tagName.toLowerCase() + '.' + [...e.classList].join('.'));
    const hidden = (e) => e.closest('.sr-only') || e.getClientRects().length === 0;
    if (root.scrollWidth > root.clientWidth + 1) out.push(`the page scrolls sideways: ${root.scrollWidth} > ${root.clientWidth}`);
    for (const s of [kiosk, document.querySelector('[data-testid="kiosk-messages"]')]) {
        if (s && s.scrollWidth > s.clientWidth + 1) out.push(`${name(s)} is wider than itself: ${s.scrollWidth} > ${s.clientWidth}`);
    }
    const controls = [...kiosk.querySelectorAll('button, textarea, input, [tabindex="0"]')].filter((e) => !hidden(e));
    const texts = [...kiosk.querySelectorAll('p, h1, h2, h3, li, label, .who, .brand, .languages-label')].filter((e) => !hidden(e));
    for (const e of [...controls, ...texts]) {
        const r = e.getBoundingClientRect();
        const box = kiosk.getBoundingClientRect();
        if (r.left < box.left - 1 || r.right > box.right + 1) out.push(`${name(e)} sticks out sideways: ${r.left}..${r.right} of ${box.left}..${box.right}`);
        if (e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== 'visible' && e.tagName !== 'TEXTAREA') out.push(`${name(e)} clips its text: ${e.scrollWidth} > ${e.clientWidth}`);
        if (e.tagName === 'BUTTON' && e.scrollWidth > e.clientWidth + 1) out.push(`${name(e)} overflows: ${e.scrollWidth} > ${e.clientWidth}`);
    }
    for (const e of controls) {
        e.scrollIntoView({ block: 'center', inline: 'nearest' });
        const r = e.getBoundingClientRect();
        const x = r.left + Math.min(r.width / 2, 20), y = r.top + r.height / 2;
        if (x < 0 || y < 0 || x > window.innerWidth || y > window.innerHeight) {
            out.push(`${name(e)} cannot be brought into view: centre at ${x},${y} of ${window.innerWidth}x${window.innerHeight}`);
            continue;
        }
        const hit = document.elementFromPoint(x, y);
        if (!hit || !(e === hit || e.contains(hit))) out.push(`${name(e)} is covered at ${x},${y} by ${hit ? name(hit) : 'nothing'}`);
        if (window.scrollX !== 0 || window.scrollY !== 0) out.push(`${name(e)} scrolled the page itself to ${window.scrollX},${window.scrollY}`);
        window.scrollTo(0, 0);
    }
    const list = document.querySelector('[data-testid="kiosk-messages"]');
    if (list) list.scrollTop = list.scrollHeight;
    kiosk.scrollTop = 0;
    return { problems: out, controls: controls.map(name), width: kiosk.clientWidth, font: getComputedStyle(kiosk).fontSize };
"#;

/// Checks the current state; returns its problems, each naming `state`.
async fn check(app: &mut App, state: &str) -> Vec<String> {
    // Let layout and the fade-ins settle.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let v: Value = app.js(CHECK, vec![]).await;
    println!(
        "{state}: {} px wide at {}, {} controls checked: {}",
        v["width"],
        v["font"],
        v["controls"].as_array().map_or(0, Vec::len),
        v["controls"]
    );
    let problems: Vec<String> = v["problems"]
        .as_array()
        .map(|p| {
            p.iter()
                .filter_map(Value::as_str)
                .map(|p| format!("[{state}] {p}"))
                .collect()
        })
        .unwrap_or_default();
    for p in &problems {
        println!("{p}");
    }
    app.screenshot(&state.replace([' ', ',', ':'], "-")).await;
    problems
}

/// What a browser's zoom does to layout: at `factor` the page is laid out in 1/`factor` of the
/// window's width and height and drawn `factor` times as large. The app's root element gets
/// exactly that (a smaller box, scaled up), since CSS `zoom` in this WebKit does not shrink the
/// viewport the page lays out in. "1": back to normal.
async fn zoom(app: &mut App, factor: f64) {
    app.js(
        "const a = document.getElementById('app'); const f = arguments[0];
         if (f === 1) { a.removeAttribute('style'); return true; }
         a.style.width = (window.innerWidth / f) + 'px';
         a.style.height = (window.innerHeight / f) + 'px';
         a.style.transform = `scale(${f})`;
         a.style.transformOrigin = '0 0';
         return true;",
        vec![json!(factor)],
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn at_200_percent_nothing_is_lost_and_every_control_is_reachable() {
    // A long idle timeout: the warning comes 15 s before the end, late enough not to interfere.
    let mut app = App::launch(
        "kiosk_zoom",
        Options::new()
            .station("kiosk")
            .env("CX_KIOSK_IDLE_SECS", "30"),
    )
    .await;
    app.window("kiosk").await;
    app.wait_for(&tid("kiosk-welcome")).await;
    let mut bad = Vec::new();

    // The start screen in German (its words are the longest), larger text, then page zoom.
    app.click(&tid("kiosk-language-de")).await;
    app.wait_text(&tid("kiosk-welcome"), &["Wie können wir"])
        .await;
    app.click(&tid("kiosk-text-size")).await;
    bad.extend(check(&mut app, "start screen, larger text").await);
    app.click(&tid("kiosk-text-size")).await;
    zoom(&mut app, 2.0).await;
    bad.extend(check(&mut app, "start screen, zoom 200").await);

    // A conversation with a confirmation card, then the hand-over notice.
    app.kiosk_say(ORDER).await;
    app.kiosk_wait_msg("assistant", &["1001"]).await;
    app.kiosk_say(CHANGE).await;
    app.wait_for(&tid("kiosk-confirm-card")).await;
    bad.extend(check(&mut app, "confirmation card, zoom 200").await);
    app.click(&tid("kiosk-human")).await;
    app.wait_for(&tid("kiosk-handoff")).await;
    bad.extend(check(&mut app, "handed over, zoom 200").await);
    // The idle warning (scripts and waiting are not input: it comes on its own).
    app.wait_for_within(&tid("kiosk-idle"), Duration::from_secs(30))
        .await;
    bad.extend(check(&mut app, "idle warning, zoom 200").await);

    // Back to 100 %, larger text (a press: the warning goes, the time starts again).
    zoom(&mut app, 1.0).await;
    app.click(&tid("kiosk-text-size")).await;
    app.wait_absent(&tid("kiosk-idle"), app.timeouts.element)
        .await;
    bad.extend(check(&mut app, "handed over, larger text").await);
    app.wait_for_within(&tid("kiosk-idle"), Duration::from_secs(30))
        .await;
    bad.extend(check(&mut app, "idle warning, larger text").await);

    // I'm done: "How did we do?" in German for the customer who left, at 200 % (page zoom; the
    // larger text went with that customer).
    app.click(&tid("kiosk-done")).await;
    app.wait_text(&tid("kiosk-csat"), &["Wie waren wir?"]).await;
    zoom(&mut app, 2.0).await;
    bad.extend(check(&mut app, "how did we do, zoom 200").await);

    app.check(
        bad.is_empty(),
        format!("{} problem(s) at 200 %:\n{}", bad.len(), bad.join("\n")),
    )
    .await;
    app.finish().await;
}
