//! `cx-agent eval` and `history export --format case` as a support lead scripts them: real
//! scenario files, fresh copies of the demo data, exit codes and the JSON report's contract.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Output;

mod support;

fn run(args: &[&str], stdin: &str) -> Output {
    let mut command = support::bin();
    command.args(args);
    support::run_with(command, stdin)
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn write(dir: &Path, name: &str, yaml: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, yaml).unwrap();
    path
}

const PASSING: &str = "title: Alice asks where order 1001 is
customer:
  lines:
    - say: Where is my order 1001? My email is alice@example.com and my phone ends in 4821
      reply_contains: [shipped]
expect:
  verified: alice@example.com
  tools_called: [verify_customer, get_orders]
  replies_state: [\"1001\"]
  replies_never: [bob@example.com]
";

/// Expects a change nobody asks for: fails with a readable diff.
const FAILING: &str = "title: A refund nobody asked for
customer:
  lines: [Where is my order 1001? My email is alice@example.com and my phone ends in 4821]
expect:
  changes:
    - {order: 1001, status: refunded}
";

#[test]
fn a_passing_suite_exits_0_with_the_json_report() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "where.yaml", PASSING);
    let out = run(
        &[
            "eval",
            dir.path().to_str().unwrap(),
            "--trials",
            "2",
            "--json",
        ],
        "",
    );
    assert!(out.status.success(), "{}", text(&out));
    let report: Value = serde_json::from_slice(&out.stdout).expect("one JSON document");
    assert_eq!(report["format"], "cx-agent-eval");
    assert_eq!(report["version"], 1);
    assert_eq!(report["player"], "offline");
    assert_eq!(report["trials"], 2);
    assert_eq!(report["summary"]["all_passed"], true);
    assert_eq!(report["summary"]["passed"], 1);
    let s = &report["scenarios"][0];
    assert_eq!(s["id"], "where");
    assert_eq!(s["played_by"], "offline");
    assert_eq!(s["customer"], "lines");
    assert_eq!(s["passed_trials"], 2);
    let trial = &s["trials"][0];
    assert_eq!(trial["passed"], true);
    assert_eq!(trial["turns"], 1);
    assert!(trial["failures"].as_array().unwrap().is_empty());
    assert!(trial["conversation"].as_array().unwrap().len() >= 2);
    let hats: Vec<(u64, f64)> = report["pass_hat"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["k"].as_u64().unwrap(), p["value"].as_f64().unwrap()))
        .collect();
    assert_eq!(hats, [(1, 1.0), (2, 1.0)]);
    // Progress goes to stderr in JSON mode, one line per scenario.
    assert!(String::from_utf8_lossy(&out.stderr).contains("PASS  where"));
}

#[test]
fn a_failing_scenario_exits_1_with_what_differs() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a-pass.yaml", PASSING);
    write(dir.path(), "b-fail.yaml", FAILING);
    let out = run(&["eval", dir.path().to_str().unwrap()], "");
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("PASS  a-pass"), "{stdout}");
    assert!(stdout.contains("FAIL  b-fail"), "{stdout}");
    assert!(
        stdout.contains("✗ order 1001 status: expected refunded, it is shipped"),
        "{stdout}"
    );
    assert!(
        stdout.contains("customer: Where is my order 1001?"),
        "{stdout}"
    );
    assert!(stdout.contains("pass^1 0.500"), "{stdout}");
}

#[test]
fn an_invalid_scenario_exits_2_naming_file_line_and_key() {
    let dir = tempfile::tempdir().unwrap();
    let bad = write(
        dir.path(),
        "typo.yaml",
        "title: t\ncustomer:\n  lines: [hi]\nexpect:\n  escalation: none\n  replies_stat: [x]\n",
    );
    let out = run(&["eval", bad.to_str().unwrap()], "");
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("typo.yaml") && err.contains("line 6") && err.contains("replies_stat"),
        "{err}"
    );
    let unknown_reason = write(
        dir.path(),
        "reason.yaml",
        "title: t\ncustomer:\n  lines: [hi]\nexpect:\n  escalation: sad_customer\n",
    );
    let out = run(&["eval", unknown_reason.to_str().unwrap()], "");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("expect.escalation") && err.contains("sad_customer"),
        "{err}"
    );
    let out = run(&["eval", "/nonexistent/evals"], "");
    assert_eq!(out.status.code(), Some(2));
    let out = run(&["eval", bad.to_str().unwrap(), "--trials", "0"], "");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_session_exported_as_a_case_replays_to_the_same_end_state() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cx.db");
    let db = db.to_str().unwrap();
    // A session that verifies, proposes a refund and confirms it. The chat answers by the
    // action's number: a first run learns it, the second (same lines) gets the next one.
    let say = "alice@example.com, last four 4821\nplease refund order 1002, it stopped working\n";
    let chat = |input: &str| -> Vec<Value> {
        String::from_utf8_lossy(&run(&["chat", "--db", db, "--json"], input).stdout)
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    };
    let first = chat(say);
    let id = first[1]["pending_actions"][0]["id"]
        .as_i64()
        .unwrap_or_else(|| panic!("{}", first[1]));
    let second = chat(&format!("{say}/confirm {}\n", id + 1));
    assert_eq!(
        second[2]["pending_actions"][0]["state"], "confirmed",
        "{}",
        second[2]
    );
    let session = second[0]["session_id"].as_i64().unwrap();
    let out = run(
        &[
            "history",
            "export",
            &session.to_string(),
            "--format",
            "case",
            "--db",
            db,
        ],
        "",
    );
    assert!(out.status.success(), "{}", text(&out));
    let case = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(case.starts_with("# A test case from session"), "{case}");
    assert!(case.contains("please refund order 1002"), "{case}");
    assert!(case.contains("verified: alice@example.com"), "{case}");
    assert!(case.contains("confirm: flag_refund"), "{case}");
    assert!(case.contains("status: refund_requested"), "{case}");
    let file = write(dir.path(), "saved.yaml", &case);
    let out = run(&["eval", file.to_str().unwrap()], "");
    assert!(out.status.success(), "the case replays: {}", text(&out));
}
