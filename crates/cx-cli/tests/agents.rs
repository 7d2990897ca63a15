//! `cx-agent agents` as an operator scripts it: the password on stdin, JSON lines out, the audit
//! log naming `cli:$USER`. On a SQLite file always, and on PostgreSQL when CX_TEST_POSTGRES_URL
//! names a server.

use cx_core::{Core, Engine, config::Config};
use serde_json::Value;
use std::process::Output;

mod support;

const DANA_PASSWORD: &str = "correct horse battery";
const SAM_PASSWORD: &str = "sam's first passphrase";
const SAM_NEW_PASSWORD: &str = "sam's second passphrase";

fn run(args: &[&str], stdin: &str) -> Output {
    let mut command = support::bin();
    command.env("USER", "tester").args(args);
    support::run_with(command, stdin)
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn json_lines(out: &Output) -> Vec<Value> {
    stdout(out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON: {l}: {e}")))
        .collect()
}

/// A command that must succeed; its JSON lines.
fn ok(args: &[&str], stdin: &str) -> Vec<Value> {
    let out = run(args, stdin);
    assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    json_lines(&out)
}

/// A command that must fail with `code`, saying `says` on stderr and nothing on stdout.
fn fails(args: &[&str], stdin: &str, code: i32, says: &str) {
    let out = run(args, stdin);
    assert_eq!(out.status.code(), Some(code), "{args:?}: {}", stderr(&out));
    assert!(stderr(&out).contains(says), "{args:?}: {}", stderr(&out));
    assert!(stdout(&out).is_empty(), "{args:?}: {}", stdout(&out));
}

fn agents(db: &str) -> Vec<Value> {
    ok(&["agents", "list", "--json", "--db", db], "")
}

fn agent(db: &str, name: &str) -> Value {
    agents(db)
        .into_iter()
        .find(|a| a["name"] == name)
        .unwrap_or_else(|| panic!("{name} is not listed"))
}

/// Sign in at a desk through the core, as the workspace does.
async fn sign_in(url: &str, name: &str, password: &str) -> cx_core::Result<String> {
    let core = Core::open(url, &Config::default_dir()).await.unwrap();
    let model = cx_core::provider::build(
        &cx_core::provider::ProviderSettings::default(),
        &core.config.escalation.model,
    )
    .unwrap();
    let engine = Engine::new(core, model);
    let signed = cx_core::api::team::sign_in(&engine, name, password, "desk-test").await;
    engine.core.db.close().await.ok();
    signed.map(|s| s.role.to_string())
}

/// Add, list, change, disable, enable, reset a password and read the audit log, on `db`.
async fn manage_agents(db: &str) {
    // A supervisor from the terminal; the password is the first line of stdin only.
    let dana = ok(
        &[
            "agents",
            "add",
            "Dana Lee",
            "--role",
            "supervisor",
            "--max-sessions",
            "4",
            "--db",
            db,
        ],
        &format!("{DANA_PASSWORD}\nnot read\n"),
    );
    assert_eq!(dana.len(), 1, "one JSON line: {dana:?}");
    let dana = &dana[0];
    assert_eq!(dana["name"], "Dana Lee");
    assert_eq!(dana["role"], "supervisor");
    assert_eq!(dana["active"], true);
    assert_eq!(dana["online"], false);
    assert_eq!(dana["max_sessions"], 4);
    assert_eq!(dana["sessions"], 0);
    assert!(!dana.to_string().contains("horse"), "no password: {dana}");

    // The default role and maximum (team.max_sessions_per_agent); a CRLF line end is not kept.
    let sam = &ok(
        &["agents", "add", "sam", "--db", db],
        &format!("{SAM_PASSWORD}\r\n"),
    )[0];
    assert_eq!(sam["role"], "agent");
    assert_eq!(sam["max_sessions"], 3);
    assert_eq!(sign_in(db, "sam", SAM_PASSWORD).await.unwrap(), "agent");

    let listed = agents(db);
    let names: Vec<_> = listed.iter().map(|a| a["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Dana Lee", "sam"]);
    assert_eq!(listed[0]["role"], "supervisor");
    assert_eq!(listed[1]["online"], true, "sam signed in: {}", listed[1]);

    let table = stdout(&run(&["agents", "list", "--db", db], ""));
    let rows: Vec<Vec<&str>> = table
        .lines()
        .map(|l| {
            l.split("  ")
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .collect()
        })
        .collect();
    assert_eq!(
        rows,
        [
            vec!["NAME", "ROLE", "ACTIVE", "ONLINE", "SESSIONS", "MAX"],
            vec!["Dana Lee", "supervisor", "yes", "no", "0", "4"],
            vec!["sam", "agent", "yes", "yes", "0", "3"],
        ],
        "{table}"
    );

    // A name is taken once (also with spaces around it).
    fails(
        &["agents", "add", " sam ", "--db", db],
        "another long password\n",
        1,
        "an agent named \"sam\" exists already",
    );

    // Disabled: listed as inactive (last), cannot sign in; enabled again: can.
    assert_eq!(
        ok(&["agents", "disable", "sam", "--db", db], "")[0]["active"],
        false
    );
    let sam = agent(db, "sam");
    assert_eq!(sam["active"], false);
    assert_eq!(sam["online"], false, "disabling signs out: {sam}");
    assert!(sign_in(db, "sam", SAM_PASSWORD).await.is_err());
    assert_eq!(
        ok(&["agents", "enable", "sam", "--db", db], "")[0]["active"],
        true
    );
    assert_eq!(agent(db, "sam")["active"], true);

    // Role and maximum; 0 is the configured maximum again.
    let set = &ok(
        &[
            "agents",
            "set",
            "sam",
            "--role",
            "reviewer",
            "--max-sessions",
            "2",
            "--db",
            db,
        ],
        "",
    )[0];
    assert_eq!(set["role"], "reviewer");
    assert_eq!(set["max_sessions"], 2);
    let set = &ok(
        &["agents", "set", "sam", "--max-sessions", "0", "--db", db],
        "",
    )[0];
    assert_eq!(set["role"], "reviewer");
    assert_eq!(set["max_sessions"], 3, "the configured maximum");

    // Wrong passwords lock sam's sign-in (team.signin_attempts: 5); a new password lifts it.
    for _ in 0..5 {
        assert!(sign_in(db, "sam", "a wrong guess!").await.is_err());
    }
    let locked = sign_in(db, "sam", SAM_PASSWORD).await.unwrap_err();
    assert!(locked.to_string().contains("too many"), "{locked}");
    ok(
        &["agents", "password", "sam", "--db", db],
        &format!("{SAM_NEW_PASSWORD}\n"),
    );
    assert_eq!(
        sign_in(db, "sam", SAM_NEW_PASSWORD).await.unwrap(),
        "reviewer"
    );
    assert!(
        sign_in(db, "sam", SAM_PASSWORD).await.is_err(),
        "old password"
    );

    // The audit log names the terminal's supervisor, and never holds a password.
    let audit = run(
        &[
            "audit",
            "--role",
            "supervisor",
            "--limit",
            "200",
            "--db",
            db,
        ],
        "",
    );
    assert!(audit.status.success(), "{}", stderr(&audit));
    for secret in [DANA_PASSWORD, SAM_PASSWORD, SAM_NEW_PASSWORD] {
        assert!(!stdout(&audit).contains(secret), "{}", stdout(&audit));
    }
    let rows = json_lines(&audit);
    let by_cli = |action: &str| -> Vec<&Value> {
        rows.iter()
            .filter(|r| r["action"] == action && r["entity"] == "agents")
            .inspect(|r| {
                assert_eq!(r["actor_id"], "cli:tester", "{r}");
                assert_eq!(r["actor_role"], "supervisor", "{r}");
            })
            .collect()
    };
    let added = by_cli("add_agent");
    assert_eq!(added.len(), 2, "{added:?}");
    assert!(
        added
            .iter()
            .any(|r| r["after"]["name"] == "Dana Lee" && r["after"]["role"] == "supervisor"),
        "{added:?}"
    );
    let updated = by_cli("update_agent");
    assert_eq!(
        updated.len(),
        5,
        "disable, enable, set twice, password: {updated:?}"
    );
    assert!(updated.iter().any(|r| r["after"]["password"] == "changed"));
}

#[tokio::test]
async fn agents_are_managed_from_the_terminal_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let db = cx_core::db::sqlite_url(&dir.path().join("cx.db"));
    manage_agents(&db).await;
}

#[tokio::test]
async fn agents_are_managed_from_the_terminal_on_postgres() {
    if std::env::var(cx_core::core::testing::POSTGRES_ENV).is_ok_and(|u| !u.is_empty()) {
        let dir = tempfile::tempdir().unwrap();
        // A fresh, empty database: the command migrates it, as on a new team's server.
        let db = cx_core::core::testing::empty_url(dir.path()).await;
        manage_agents(&db).await;
    } else {
        eprintln!("CX_TEST_POSTGRES_URL is not set: the PostgreSQL run is skipped");
    }
}

#[test]
fn bad_input_is_refused_and_nothing_is_added() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cx.db");
    let db = path.to_str().unwrap();
    let add = |extra: &[&'static str]| -> Vec<&str> {
        let mut args = vec!["agents", "add"];
        args.extend_from_slice(extra);
        args.extend(["--db", db]);
        args
    };
    let empty = "no password: give it on the first line of stdin";
    fails(&add(&["dana"]), "", 1, empty);
    fails(&add(&["dana"]), "\n", 1, empty);
    fails(
        &add(&["dana"]),
        "\r\nlong enough but on line two\n",
        1,
        empty,
    );
    fails(
        &add(&["dana"]),
        "short\n",
        1,
        "a password has 10 to 256 characters",
    );
    fails(
        &add(&["dana"]),
        "          \n",
        1,
        "may not be blank or contain control characters",
    );
    fails(
        &add(&["dana;drop"]),
        "a long enough password\n",
        1,
        "may not contain ';'",
    );
    fails(
        &add(&["   "]),
        "a long enough password\n",
        1,
        "1 to 64 characters",
    );
    fails(
        &add(&["dana", "--role", "boss"]),
        "a long enough password\n",
        2,
        "[possible values: agent, supervisor, reviewer]",
    );
    fails(
        &add(&["dana", "--role", "kiosk_assistant"]),
        "a long enough password\n",
        2,
        "invalid value 'kiosk_assistant'",
    );
    fails(
        &add(&["dana", "--max-sessions", "51"]),
        "a long enough password\n",
        1,
        "between 1 and 50",
    );
    fails(
        &add(&["dana", "--password", "x"]),
        "",
        2,
        "unexpected argument '--password'",
    );
    let listed = run(&["agents", "list", "--json", "--db", db], "");
    assert!(listed.status.success(), "{}", stderr(&listed));
    assert!(stdout(&listed).is_empty(), "{}", stdout(&listed));
    let table = stdout(&run(&["agents", "list", "--db", db], ""));
    assert!(table.contains("No agents yet"), "{table}");

    // Changes to an agent who does not exist, or no change at all.
    let nobody = "no agent named \"nobody\"";
    fails(&["agents", "disable", "nobody", "--db", db], "", 1, nobody);
    fails(
        &["agents", "password", "nobody", "--db", db],
        "a long enough password\n",
        1,
        nobody,
    );
    fails(&["agents", "set", "nobody", "--db", db], "", 2, "required");
}
