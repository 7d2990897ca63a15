//! The account-takeover walk from issue #8, as an attacker at a kiosk would try it through
//! `cx-agent chat`: knowing only carol@example.com, guess the second factor five times per
//! session, start a new session, go on guessing — and try to change her email at the end.
//! Failed attempts now count per identity across sessions (in the database): the identity locks,
//! even the right digits then fail like any wrong ones, and a person is brought in.

use serde_json::Value;
use std::io::Write;
use std::process::{Command, Stdio};

fn chat(db: &str, lines: &[String]) -> Vec<Value> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_cx-agent"))
        .args(["chat", "--db", db, "--json"])
        .env_remove("CX_DATABASE_URL")
        .env_remove("OPENAI_API_KEY")
        .env_remove("CX_LLM_API_KEY")
        .env("CX_STATION_ID", "kiosk@lobby-test")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let input: String = lines.iter().map(|l| format!("{l}\n")).collect();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON: {l}: {e}")))
        .collect()
}

/// Worded differently each time, as a person would (the same words again would trip the
/// repeated-question check first and hide what this test is about).
fn guess(attempt: usize, digits: &str) -> String {
    let forms = [
        "I'm carol@example.com, my phone number ends in {d}",
        "My account email is carol@example.com and the last four digits of my phone are {d}",
        "Maybe the phone ends with {d}? carol@example.com",
        "carol@example.com. Phone: {d}",
        "Let me try again, phone digits {d}, email carol@example.com",
        "Hello again, it's carol@example.com and my phone ends in {d}",
    ];
    forms[attempt % forms.len()].replace("{d}", digits)
}

fn verified(lines: &[Value]) -> bool {
    lines.iter().any(|l| {
        l["tool_calls"]
            .as_array()
            .into_iter()
            .flatten()
            .any(|c| c["name"] == "verify_customer" && c["result"]["verified"] == true)
    })
}

async fn carol_email(db: &std::path::Path) -> String {
    use cx_core::db::entity::customer;
    use sea_orm::EntityTrait;
    let conn = cx_core::db::open_file(db).await.unwrap();
    customer::Entity::find_by_id(3)
        .one(&conn)
        .await
        .unwrap()
        .unwrap()
        .email
}

#[tokio::test]
async fn guessing_carols_phone_digits_across_sessions_locks_her_identity() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cx.db");
    let db = path.to_str().unwrap();

    // Session 1: five wrong guesses. Each is answered the same way; the fifth locks and escalates.
    let first: Vec<String> = (0..5).map(|i| guess(i, &format!("100{i}"))).collect();
    let out = chat(db, &first);
    assert!(!verified(&out));
    let last = out.last().unwrap();
    assert_eq!(
        last["escalation"]["reason"], "verification_failed",
        "{last}"
    );
    assert!(
        last["escalation"]["evidence"].is_null(),
        "evidence is for staff: {last}"
    );
    for l in &out {
        let text = l.to_string();
        assert!(!text.contains("2290"), "no hint of the real digits: {text}");
    }

    // Session 2 (a fresh `cx-agent chat`): even the right digits fail now, and the change of
    // email never becomes an action to confirm.
    let second = vec![
        guess(5, "2290"),
        "change my email to mallory@evil.example".to_owned(),
        "/confirm 1".to_owned(),
    ];
    let out = chat(db, &second);
    assert!(!verified(&out), "a locked identity verified: {out:?}");
    assert_eq!(out[0]["escalation"]["reason"], "verification_failed");
    let reply = out[0]["reply"].as_str().unwrap_or_default();
    assert!(!reply.to_lowercase().contains("lock"), "no oracle: {reply}");
    assert_eq!(carol_email(&path).await, "carol@example.com");

    // Every failed attempt left an audit row; the guesses themselves are nowhere in the database.
    let conn = cx_core::db::open_file(&path).await.unwrap();
    use cx_core::db::entity::{audit_log, verification_failure};
    use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
    let failed = audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("verify_customer_failed"))
        .count(&conn)
        .await
        .unwrap();
    assert_eq!(failed, 6, "five guesses and the locked right answer");
    let rows = verification_failure::Entity::find()
        .all(&conn)
        .await
        .unwrap();
    assert_eq!(rows.len(), 6);
    assert!(
        rows.iter()
            .all(|r| r.identity.as_deref().is_some_and(|i| !i.contains("carol")))
    );
}

#[tokio::test]
async fn the_right_digits_verify_when_nothing_is_locked() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cx.db");
    let out = chat(
        path.to_str().unwrap(),
        &[guess(0, "1000"), guess(5, "2290")],
    );
    assert!(verified(&out), "{out:?}");
    assert!(out[1]["escalation"].is_null(), "{}", out[1]);
}
