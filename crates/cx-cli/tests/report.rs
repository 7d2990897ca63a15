//! `cx-agent report` as a lead scripts it: the demo data's three past sessions (31 Oct – 2 Nov
//! 2026: two the assistant resolved alone, one handed to Dana), as JSON, CSV and text.

use serde_json::Value;
use std::process::Output;

mod support;
use support::bin;

fn seeded() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cx.db").display().to_string();
    let out = bin().args(["db", "seed", "--db", &db]).output().unwrap();
    assert!(out.status.success(), "{out:?}");
    (dir, db)
}

fn report(db: &str, extra: &[&str]) -> Output {
    let mut args = vec![
        "report",
        "--db",
        db,
        "--from",
        "2026-10-31",
        "--to",
        "2026-11-02",
    ];
    args.extend_from_slice(extra);
    let mut command = bin();
    command.args(&args);
    // The report reads no stdin: whatever waits there changes nothing.
    support::run_with(command, "ignored\n")
}

fn stdout(out: &Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn the_json_report_counts_the_demo_sessions() {
    let (_dir, db) = seeded();
    let text = stdout(&report(&db, &["--role", "supervisor", "--json"]));
    assert_eq!(text.lines().count(), 1, "one JSON document on one line");
    let r: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(r["format"], "cx-agent-report");
    assert_eq!(r["version"], 1);
    assert_eq!(r["query"]["from"], "2026-10-31");
    assert_eq!(r["query"]["to"], "2026-11-02");
    let s = &r["sessions"];
    assert_eq!(
        (
            &s["total"],
            &s["assistant_alone"],
            &s["handed_over"],
            &s["reopened"],
            &s["open"]
        ),
        (
            &Value::from(3),
            &Value::from(2),
            &Value::from(1),
            &Value::from(0),
            &Value::from(0)
        )
    );
    assert_eq!(
        r["by_day"].as_array().unwrap().len(),
        3,
        "one entry per day"
    );
    let reasons = r["escalations"]["by_reason"].as_array().unwrap();
    assert_eq!(reasons.len(), 1);
    assert_eq!(reasons[0]["reason"], "human_requested");
    assert_eq!(
        reasons[0]["resolved"], 1,
        "Dana replied and the customer did not come back"
    );
    // The seeded handover: escalated at +120 s, Dana took it at +150 s and wrote at +160 s.
    assert_eq!(r["waits"]["first_reply"]["p50_seconds"], 40);
    assert_eq!(r["waits"]["queue"]["p50_seconds"], 30);
    assert_eq!(r["csat"]["all"]["count"], 0);
    assert_eq!(r["csat"]["unanswered"], 3);
    let agents = r["agents"].as_array().unwrap();
    assert_eq!(agents.len(), 1);
    assert_eq!(
        (&agents[0]["agent"], &agents[0]["sessions"]),
        (&Value::from("dana"), &Value::from(1))
    );
}

#[test]
fn reviewers_may_read_reports_and_agents_may_not() {
    let (_dir, db) = seeded();
    assert!(
        report(&db, &["--role", "reviewer", "--json"])
            .status
            .success()
    );
    let out = report(&db, &["--role", "agent", "--json"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("not allowed"), "{err}");
    assert!(out.stdout.is_empty());
}

#[test]
fn csv_and_text_say_the_same() {
    let (_dir, db) = seeded();
    let csv = stdout(&report(&db, &["--role", "supervisor", "--csv"]));
    let mut lines = csv.split("\r\n");
    assert_eq!(lines.next(), Some("section,metric,key,value"));
    assert!(csv.contains("\r\nsessions,total,,3\r\n"), "{csv}");
    assert!(csv.contains("\r\nsessions,handed_over,,1\r\n"), "{csv}");
    assert!(
        csv.contains("\r\nescalations,resolved,human_requested,1\r\n"),
        "{csv}"
    );
    assert!(csv.contains("\r\nagents,sessions,dana,1\r\n"), "{csv}");
    let text = stdout(&report(&db, &["--role", "supervisor"]));
    assert!(
        text.starts_with("Report 2026-10-31 to 2026-11-02 (all channels, UTC)"),
        "{text}"
    );
    assert!(
        text.contains("handed to a person           1  (33.3 %)"),
        "{text}"
    );
    assert!(text.contains("40 s"), "{text}");
}

#[test]
fn bad_periods_and_flags_are_named() {
    let (_dir, db) = seeded();
    let out = bin()
        .args([
            "report",
            "--db",
            &db,
            "--role",
            "supervisor",
            "--from",
            "2026-11-30",
            "--to",
            "2026-11-01",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("starts after it ends"));
    let out = bin()
        .args(["report", "--db", &db, "--from", "30.11.2026"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "a flag clap refuses");
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not a date like 2026-11-30"));
    let out = bin()
        .args(["report", "--db", &db, "--json", "--csv"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}
