//! The `cx-agent` binary as users script it: stdin lines in, JSON lines out, real SQLite files.

use serde_json::Value;
use std::process::Output;

mod support;
use support::bin;

fn run(args: &[&str], stdin: &str) -> Output {
    let mut command = bin();
    command.args(args);
    support::run_with(command, stdin)
}

fn json_lines(out: &Output) -> Vec<Value> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON: {l}: {e}")))
        .collect()
}

#[test]
fn chat_json_lines_follow_the_contract() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cx.db");
    let db = db.to_str().unwrap();
    let input = "Hello\n\
                 Where is my order 1001? My email is alice@example.com and my phone ends in 4821\n\
                 \n\
                 /confirm 99\n\
                 Please change my email to alice.cli@example.org\n";
    let out = run(&["chat", "--db", db, "--json"], input);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines = json_lines(&out);
    assert_eq!(lines.len(), 5, "one object per input line");
    for l in [&lines[0], &lines[1], &lines[4]] {
        for key in [
            "session_id",
            "reply",
            "escalated",
            "escalation",
            "tool_calls",
            "pending_actions",
        ] {
            assert!(l.get(key).is_some(), "{key} missing in {l}");
        }
    }
    assert!(
        lines[0]["reply"]
            .as_str()
            .unwrap()
            .contains("offline assistant")
    );
    let second = &lines[1];
    let names: Vec<_> = second["tool_calls"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["verify_customer", "get_orders"]);
    let reply = second["reply"].as_str().unwrap();
    assert!(
        reply.contains("1001") && reply.contains("shipped"),
        "{reply}"
    );
    assert!(lines[2]["error"].as_str().unwrap().contains("empty"));
    assert!(lines[3]["error"].as_str().unwrap().contains("99"));
    let pending = &lines[4]["pending_actions"][0];
    assert_eq!(pending["tool"], "update_user_email");
    assert_eq!(pending["state"], "proposed");

    // A second run on the same file confirms nothing from another session.
    let id = pending["id"].as_i64().unwrap();
    let other = run(&["chat", "--db", db, "--json"], &format!("/confirm {id}\n"));
    let l = json_lines(&other);
    assert!(
        l[0]["error"]
            .as_str()
            .unwrap()
            .contains("not this customer's"),
        "{}",
        l[0]
    );
}

#[test]
fn confirming_applies_the_change() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cx.db");
    let db = db.to_str().unwrap();
    let first = run(
        &["chat", "--db", db, "--json"],
        "alice@example.com, last four 4821. Please change my email to alice.two@example.org\n",
    );
    let l = json_lines(&first);
    let id = l[0]["pending_actions"][0]["id"]
        .as_i64()
        .unwrap_or_else(|| panic!("{}", l[0]));
    // The same session must confirm: feed both lines in one run.
    let out = run(
        &["chat", "--db", db, "--json"],
        &format!(
            "alice@example.com, last four 4821. Please change my email to alice.two@example.org\n/confirm {}\n",
            id + 1
        ),
    );
    let l = json_lines(&out);
    assert_eq!(l[1]["pending_actions"][0]["state"], "confirmed", "{}", l[1]);
    assert_eq!(
        l[1]["tool_calls"][0]["result"]["customer"]["email"],
        "alice.two@example.org"
    );
    let search = run(&["history", "search", "alice.two", "--db", db], "");
    assert!(search.status.success());
    assert!(!json_lines(&search).is_empty(), "history finds the session");
}

#[test]
fn chat_against_an_openai_compatible_server() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let server = rt
        .block_on(cx_test_llm::ScriptedServer::with_replies([
            cx_test_llm::Reply::text("Hello from the model."),
        ]))
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cx.db");
    let out = run(
        &[
            "chat",
            "--db",
            db.to_str().unwrap(),
            "--json",
            "--provider",
            "custom",
            "--base-url",
            &server.base_url(),
            "--model",
            "m",
            "--tone",
            "playful",
        ],
        "hi\n",
    );
    let l = json_lines(&out);
    assert_eq!(l[0]["reply"], "Hello from the model.");
    let req = server.chat_requests().pop().unwrap();
    assert_eq!(req.model(), Some("m"));
    assert!(req.system_prompt().unwrap().contains("Tone: playful"));
}

#[test]
fn history_list_show_search_export() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cx.db");
    let db = db.to_str().unwrap();
    assert!(run(&["db", "seed", "--db", db], "").status.success());
    let list = json_lines(&run(&["history", "list", "--db", db], ""));
    assert!(list.len() >= 3);
    let found = json_lines(&run(&["history", "search", "keyboard", "--db", db], ""));
    assert_eq!(found.len(), 1);
    let id = found[0]["session"]["id"]
        .as_i64()
        .unwrap_or_else(|| panic!("{}", found[0]));
    let show: Value =
        serde_json::from_slice(&run(&["history", "show", &id.to_string(), "--db", db], "").stdout)
            .unwrap();
    assert!(show.to_string().contains("Mechanical keyboard"));
    let md = run(
        &[
            "history",
            "export",
            &id.to_string(),
            "--format",
            "md",
            "--db",
            db,
        ],
        "",
    );
    let md = String::from_utf8_lossy(&md.stdout);
    assert!(md.starts_with('#') && md.contains("keyboard"), "{md}");
    let js = run(
        &[
            "history",
            "export",
            &id.to_string(),
            "--format",
            "json",
            "--db",
            db,
        ],
        "",
    );
    assert!(serde_json::from_slice::<Value>(&js.stdout).is_ok());
}

#[test]
fn bad_arguments_fail_clearly() {
    let out = run(
        &[
            "chat",
            "--provider",
            "telepathy",
            "--db",
            "/tmp/never-used.db",
        ],
        "",
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown provider"));
    let out = run(&["history", "export", "1", "--format", "pdf"], "");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("pdf"));
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cx.db");
    let out = run(
        &["chat", "--db", db.to_str().unwrap(), "--tone", "grumpy"],
        "",
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("valid tones"));
    let out = run(
        &["history", "show", "424242", "--db", db.to_str().unwrap()],
        "",
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("424242"));
}

/// `--db` takes a path or a URL; a URL of a database we do not support is refused by name and
/// leaves no file behind (it once became a SQLite file in a folder named `postgres:`).
#[test]
fn db_takes_a_path_or_a_url_and_refuses_other_schemes() {
    let dir = tempfile::tempdir().unwrap();
    for bad in ["mysql://root@localhost/cx", "postgres:cx"] {
        let out = bin()
            .args(["db", "migrate", "--db", bad])
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{bad}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("unsupported database URL"), "{bad}: {err}");
    }
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    let url = format!("sqlite://{}/by-url.db?mode=rwc", dir.path().display());
    let out = run(&["db", "seed", "--db", &url], "");
    assert!(out.status.success(), "{out:?}");
    assert!(dir.path().join("by-url.db").is_file());
}

#[test]
fn analyze_sentiment_prints_one_object_per_line() {
    let out = run(
        &["analyze", "sentiment"],
        "Thank you so much, this is perfect!\nWhere is my order?\nThis is the WORST service ever!!\n",
    );
    assert!(out.status.success());
    let l = json_lines(&out);
    let labels: Vec<_> = l.iter().map(|v| v["label"].as_str().unwrap()).collect();
    assert_eq!(labels, ["positive", "neutral", "negative"]);
    assert!(l[2]["score"].as_f64().unwrap() < -0.5);
    assert!(l.iter().all(|v| v["confidence"].is_number()));
}

#[test]
fn kb_search_and_reindex() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cx.db");
    let db = db.to_str().unwrap();
    let out = run(
        &[
            "kb", "search", "how", "long", "do", "refunds", "take", "--json", "--db", db,
        ],
        "",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let l = json_lines(&out);
    assert!(!l.is_empty());
    assert!(
        l[0]["text"].as_str().unwrap().contains("5–7 business days"),
        "{}",
        l[0]
    );
    // A deployment's own configuration folder with one more document.
    let cfg = dir.path().join("config");
    std::fs::create_dir_all(cfg.join("knowledge")).unwrap();
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../config");
    for f in ["system_prompts.yaml", "permissions.yaml", "escalation.yaml"] {
        std::fs::copy(repo.join(f), cfg.join(f)).unwrap();
    }
    std::fs::write(
        cfg.join("knowledge/gifts.md"),
        "# Gift wrapping\n\n## Price\n\nGift wrapping costs $4.50 per item.\n",
    )
    .unwrap();
    let with_cfg = |args: &[&str]| {
        let out = bin()
            .args(args)
            .env("CX_CONFIG_DIR", &cfg)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        out
    };
    let report: Value =
        serde_json::from_slice(&with_cfg(&["kb", "reindex", "--db", db]).stdout).unwrap();
    assert_eq!(
        report["added"], 0,
        "opening already indexed the folder: {report}"
    );
    assert_eq!(report["unchanged"], 1, "{report}");
    assert!(report["removed"].as_u64().unwrap() == 0);
    let text = with_cfg(&["kb", "search", "gift", "wrapping", "--db", db]);
    assert!(String::from_utf8_lossy(&text.stdout).contains("$4.50"));
    let bad = run(&["kb", "search", "???", "--db", db], "");
    assert_eq!(bad.status.code(), Some(1));
}

/// `chat --language de`: the session is German, so what the core itself tells the customer (a
/// person joins) is German; an unknown code is refused before anything runs.
#[test]
fn chat_takes_the_customers_language() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cx.db");
    let db = db.to_str().unwrap();
    let mut command = bin();
    command.args(["chat", "--db", db, "--json", "--language", "de"]);
    let out = support::run_with(command, "I want to talk to a human\n");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines = json_lines(&out);
    assert_eq!(lines[0]["escalated"], true, "{}", lines[0]);
    assert_eq!(
        lines[0]["reply"],
        "Ich bitte ein Mitglied unseres Teams, Ihnen weiterzuhelfen. In Kürze kümmert sich eine \
         Person um Sie."
    );
    let id = lines[0]["session_id"].as_i64().unwrap().to_string();
    let shown = run(&["history", "show", &id, "--db", db], "");
    let transcript: Value = serde_json::from_slice(&shown.stdout).unwrap();
    assert_eq!(transcript["session"]["language"], "de");

    // Without the flag: English, as before.
    let out = run(
        &["chat", "--db", db, "--json"],
        "I want to talk to a human\n",
    );
    assert_eq!(
        json_lines(&out)[0]["reply"],
        "I'm bringing in a member of our team to help you. A person will join you shortly."
    );

    let mut command = bin();
    command.args(["chat", "--db", db, "--language", "fr"]);
    let out = support::run_with(command, "");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("unknown language 'fr'; supported languages: en, de, es"),
        "{err}"
    );
}
