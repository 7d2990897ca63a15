//! The Reports view, as a supervisor uses it: two kiosk customers today (one the assistant helps
//! and who rates it 5, one who asks for a person), then the workspace's Reports show them over
//! the last 7 days; another period shows the demo data's three sessions instead; Download CSV
//! saves the same figures; a figure opens the sessions behind it in the history window (the handover, not the other), and so does the
//! CSAT bar of score 5 inside the history window's own Reports tab.

use cx_e2e::app::tid;
use cx_e2e::{App, Db, Options};
use serde_json::json;

const HELPED: &str =
    "Where is my order 1001? My email is alice@example.com and my phone ends in 4821";
const PERSON: &str = "I would like to talk to a person please";

/// The number a tile shows: its first run of digits.
async fn tile_number(app: &mut App, testid: &str, want: u64) -> u64 {
    let css = tid(testid);
    let got = app
        .wait_js(
            &format!("`{css}` showing {want}"),
            "const e = document.querySelector(arguments[0]);
             if (!e) return null;
             const m = e.textContent.match(/\\d+/);
             return m && Number(m[0]) === arguments[1] ? Number(m[0]) : null;",
            vec![json!(css), json!(want)],
            app.timeouts.element,
        )
        .await;
    got.as_u64().unwrap_or_default()
}

/// Sessions the app's database holds that started on days `from..=to` (UTC): what the Reports
/// view must count.
fn sessions_between(db: &Db, from: &str, to: &str) -> u64 {
    db.read("sessions in the period", |c| {
        c.query_row(
            "SELECT COUNT(*) FROM sessions WHERE substr(created_at, 1, 10) BETWEEN ?1 AND ?2",
            [from, to],
            |r| r.get::<_, i64>(0),
        )
    }) as u64
}

/// Set a date input the way a person's pick does (value, then `change`).
async fn pick_date(app: &mut App, testid: &str, day: &str) {
    app.js(
        "const e = document.querySelector(arguments[0]);
         e.value = arguments[1];
         e.dispatchEvent(new Event('input', { bubbles: true }));
         e.dispatchEvent(new Event('change', { bubbles: true }));
         return true;",
        vec![json!(tid(testid)), json!(day)],
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reports_count_today_change_with_the_period_and_open_their_sessions() {
    let mut app = App::launch("reports", Options::new().env("CX_AGENT_ROLE", "supervisor")).await;
    let db = app.db().clone();

    // Customer 1: helped by the assistant, leaves, rates it 5.
    app.kiosk_say(HELPED).await;
    app.kiosk_wait_msg("assistant", &["1001"]).await;
    let helped = db
        .poll("the helped customer's session", app.timeouts.element, |c| {
            Db::session_with_customer_text(c, HELPED)
        })
        .await;
    app.click(&tid("kiosk-done")).await;
    app.click(&tid("kiosk-csat-score-5")).await;
    app.click(&tid("kiosk-csat-send")).await;
    db.poll("the rating stored", app.timeouts.element, |c| {
        c.query_row(
            "SELECT csat_score FROM sessions WHERE id = ?1",
            [helped],
            |r| r.get::<_, Option<i64>>(0),
        )
    })
    .await;

    // Customer 2: asks for a person.
    app.kiosk_say(PERSON).await;
    app.wait_for(&tid("kiosk-handoff")).await;
    let handed = db
        .poll("the handed-over session", app.timeouts.element, |c| {
            Db::session_with_customer_text(c, PERSON)
        })
        .await;

    // The workspace's Reports: the last 7 days (the default) hold today's sessions.
    app.window("workspace").await;
    app.click(&tid("open-reports")).await;
    app.wait_for(&tid("reports-view")).await;
    let today = chrono::Utc::now().date_naive();
    let (week_start, today) = (
        (today - chrono::Duration::days(6)).to_string(),
        today.to_string(),
    );
    let expected = sessions_between(&db, &week_start, &today);
    println!("last 7 days ({week_start} … {today}): {expected} session(s) in the database");
    app.check(
        expected >= 2,
        format!("today's two sessions, not {expected}"),
    )
    .await;
    tile_number(&mut app, "reports-total", expected).await;
    tile_number(&mut app, "reports-handed-over", 1).await;
    tile_number(&mut app, "reports-assistant-alone", expected - 1).await;

    // Another period: the demo data's three past sessions (31 Oct – 2 Nov 2026).
    pick_date(&mut app, "reports-from", "2026-10-31").await;
    pick_date(&mut app, "reports-to", "2026-11-02").await;
    let demo = sessions_between(&db, "2026-10-31", "2026-11-02");
    app.check(
        demo == 3,
        format!("the demo data has 3 sessions then, not {demo}"),
    )
    .await;
    tile_number(&mut app, "reports-total", demo).await;
    tile_number(&mut app, "reports-handed-over", 1).await;

    // Back to the last 7 days; Download CSV writes the same figures (CX_EXPORT_DIR: no dialog).
    app.click(&tid("reports-preset-last7")).await;
    tile_number(&mut app, "reports-total", expected).await;
    app.click(&tid("reports-csv")).await;
    let done = app.wait_text(&tid("reports-csv-done"), &[".csv"]).await;
    let file = app
        .export_dir()
        .join(format!("report-{week_start}-{today}.csv"));
    let csv = std::fs::read_to_string(&file).unwrap_or_default();
    app.check(
        done.contains(&file.display().to_string())
            && csv.starts_with("section,metric,key,value\r\n")
            && csv.contains(&format!("\r\nsessions,total,,{expected}\r\n"))
            && csv.contains("\r\nsessions,handed_over,,1\r\n"),
        format!("the CSV at {} ({done:?}):\n{csv}", file.display()),
    )
    .await;

    // "Handed to a person" opens its sessions in the history window.
    app.click(&tid("reports-handed-over")).await;
    app.window("history").await;
    app.wait_for(&tid("history-drill")).await;
    let row = |sid: i64| format!("{}[data-session-id=\"{sid}\"]", tid("history-result"));
    app.wait_for(&row(handed)).await;
    let rows = app.texts(&tid("history-result")).await;
    app.check(
        rows.len() == 1,
        format!("only session {handed} was handed over today: {rows:?}"),
    )
    .await;

    // The history window's own Reports tab: CSAT score 5 is the helped customer's session.
    app.click(&tid("history-tab-reports")).await;
    app.click(&tid("figure-csat-5")).await;
    app.wait_for(&row(helped)).await;
    let rows = app.texts(&tid("history-result")).await;
    app.check(
        rows.len() == 1 && rows[0].contains('5'),
        format!("only session {helped} was rated 5: {rows:?}"),
    )
    .await;
    app.finish().await;
}
