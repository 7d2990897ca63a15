//! A kiosk customer verifies and gets their order status; personal data stays masked on screen.

use cx_e2e::app::tid;
use cx_e2e::{App, Db, Options};
use rusqlite::OptionalExtension;

const QUESTION: &str =
    "Where is my order 1001? My email is alice@example.com and my phone ends in 4821";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kiosk_customer_verifies_and_gets_order_status() {
    let mut app = App::launch("kiosk_order_status", Options::new()).await;
    app.window("kiosk").await;
    app.wait_for(&tid("kiosk-welcome")).await;

    app.kiosk_say(QUESTION).await;
    // Demo data: order 1001 = Noise-cancelling headphones, $79.99, shipped.
    let reply = app
        .kiosk_wait_msg("assistant", &["1001", "shipped", "headphones", "79.99"])
        .await;
    println!("assistant: {reply}");

    // The kiosk is in a public place: emails are masked wherever they appear on it, the
    // customer's own message included.
    let screen = app.texts(&tid("kiosk-messages")).await.join("\n");
    app.check(
        !screen.contains("alice@example.com"),
        format!("the kiosk shows the email unmasked:\n{screen}"),
    )
    .await;
    let own = app
        .kiosk_wait_msg("customer", &["where is my order 1001"])
        .await;
    app.check(
        own.contains("a***e@example.com"),
        format!(
            "the customer's message should show the email masked as a***e@example.com: {own:?}"
        ),
    )
    .await;
    let welcome = app.texts(&tid("kiosk-welcome")).await;
    app.check(
        welcome.is_empty(),
        format!("the welcome is still shown during a conversation: {welcome:?}"),
    )
    .await;

    // The session is stored, verified, and belongs to Alice.
    let db = app.db().clone();
    let sid = db
        .poll(
            "the session with the customer's message",
            app.timeouts.element,
            |c| Db::session_with_customer_text(c, QUESTION),
        )
        .await;
    let (verified, customer_email): (bool, Option<String>) = db.read("the session", |c| {
        c.query_row(
            "SELECT s.customer_verified, c.email FROM sessions s \
             LEFT JOIN customers c ON c.id = s.customer_id WHERE s.id = ?1",
            [sid],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()
        .map(|o| o.unwrap_or((false, None)))
    });
    app.check(
        verified && customer_email.as_deref() == Some("alice@example.com"),
        format!(
            "session {sid} should be verified as alice@example.com, got verified={verified} \
             customer={customer_email:?}"
        ),
    )
    .await;
    app.finish().await;
}
