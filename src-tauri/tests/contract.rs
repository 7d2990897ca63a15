//! The command table (crates/cx-commands) and everything made from it agree: build.rs (the ACL
//! manifest), the registered handlers, cx-core's API operations and their `policy::COMMANDS`
//! permissions, docs/desktop-contract.md, and the generated files — the capability files'
//! `allow-<command>` entries and ui/src/lib/commands.gen.ts, which `CX_UPDATE_BINDINGS=1`
//! rewrites — so the kiosk capability provably grants only the kiosk commands.

use cx_commands::{APP_COMMANDS, COMMANDS, Grant, HISTORY_COMMANDS, KIOSK_COMMANDS, Window};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

const REFRESH: &str = "CX_UPDATE_BINDINGS=1 cargo test -p cx-desktop --test contract";

fn here() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn set<'a>(items: impl IntoIterator<Item = &'a str>) -> BTreeSet<String> {
    items.into_iter().map(String::from).collect()
}

/// The workspace's own commands (not the history ones it shares).
fn workspace_only() -> impl Iterator<Item = &'static str> {
    Window::Workspace
        .commands()
        .iter()
        .copied()
        .filter(|c| !HISTORY_COMMANDS.contains(c))
}

/// A generated file: with `CX_UPDATE_BINDINGS=1` it is written, otherwise the test fails when
/// the file differs from `want`, with the lines that differ.
fn generated(path: &Path, want: &str) {
    let have = std::fs::read_to_string(path).unwrap_or_default();
    if have == want {
        return;
    }
    if std::env::var("CX_UPDATE_BINDINGS").is_ok_and(|v| v == "1") {
        std::fs::write(path, want).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        eprintln!("{} written", path.display());
        return;
    }
    let (old, new): (Vec<&str>, Vec<&str>) = (have.lines().collect(), want.lines().collect());
    let mut diff = String::new();
    for l in old.iter().filter(|l| !new.contains(l)) {
        diff.push_str(&format!("- {l}\n"));
    }
    for l in new.iter().filter(|l| !old.contains(l)) {
        diff.push_str(&format!("+ {l}\n"));
    }
    if diff.is_empty() {
        diff.push_str("(the same lines in another order)\n");
    }
    panic!(
        "{} is stale (it is made from crates/cx-commands):\n{diff}Refresh with: {REFRESH}",
        path.display()
    );
}

/// The command names in the contract's "## Commands" section, by part ("Kiosk (window …",
/// "Workspace …", "History …"): every `name(...)` in backticks.
fn contract_commands() -> Vec<(String, BTreeSet<String>)> {
    let doc = std::fs::read_to_string(here().join("../docs/desktop-contract.md"))
        .expect("docs/desktop-contract.md");
    let start = doc.find("\n## Commands").expect("a Commands section");
    let section = &doc[start + 1..];
    let section = &section[..section[3..].find("\n## ").map_or(section.len(), |i| i + 3)];
    let mut parts = vec![(String::new(), BTreeSet::new())];
    for line in section.lines() {
        if let Some((part, _)) = line.split_once(" (window")
            && !part.contains(' ')
            && !part.is_empty()
        {
            parts.push((part.to_owned(), BTreeSet::new()));
        }
        let names = &mut parts.last_mut().expect("a part").1;
        for (i, span) in line.split('`').enumerate() {
            if i % 2 == 0 {
                continue; // outside backticks
            }
            if let Some((name, _)) = span.split_once('(')
                && !name.is_empty()
                && name.chars().all(|c| c.is_ascii_lowercase() || c == '_')
            {
                names.insert(name.to_owned());
            }
        }
    }
    parts
}

fn capability_path(name: &str) -> PathBuf {
    here().join("capabilities").join(format!("{name}.json"))
}

fn capability(name: &str) -> Value {
    let path = capability_path(name);
    serde_json::from_str(&std::fs::read_to_string(&path).expect("capability file"))
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn permissions(cap: &Value) -> Vec<String> {
    cap["permissions"]
        .as_array()
        .expect("permissions")
        .iter()
        .map(|p| p.as_str().expect("plain permission ids").to_owned())
        .collect()
}

/// App commands granted by a capability (`allow-<command>` without a plugin prefix).
fn granted_commands(cap: &Value) -> BTreeSet<String> {
    permissions(cap)
        .iter()
        .filter(|p| !p.contains(':'))
        .map(|p| {
            p.strip_prefix("allow-")
                .unwrap_or_else(|| panic!("unexpected app permission {p}"))
                .replace('-', "_")
        })
        .collect()
}

/// A capability file as the table makes it: its other entries (`core:…`, plugins) kept, then
/// `allow-<command>` for each of the window's commands, in table order. Only the permissions
/// list is rewritten; the rest of the file stays as written.
fn capability_from_table(window: Window) -> String {
    let path = capability_path(window.label());
    let text = std::fs::read_to_string(&path).expect("capability file");
    let kept = permissions(&capability(window.label()))
        .into_iter()
        .filter(|p| p.contains(':'));
    let allowed = window
        .commands()
        .iter()
        .map(|c| format!("allow-{}", c.replace('_', "-")));
    let entries: Vec<String> = kept
        .chain(allowed)
        .map(|p| format!("    \"{p}\""))
        .collect();
    let open = "\"permissions\": [";
    let start = text.find(open).expect("a permissions list") + open.len();
    let end = start
        + text[start..]
            .find(']')
            .expect("the end of the permissions list");
    format!(
        "{}\n{}\n  {}",
        &text[..start],
        entries.join(",\n"),
        &text[end..]
    )
}

#[test]
fn the_contract_lists_exactly_the_commands_build_rs_declares() {
    let parts = contract_commands();
    let contract: BTreeSet<String> = parts.iter().flat_map(|(_, names)| names.clone()).collect();
    assert!(contract.len() > 20, "parsed too few commands: {contract:?}");
    assert_eq!(contract, set(APP_COMMANDS.iter().copied()));
    // Each under its window's part.
    let by_part: Vec<(&str, &BTreeSet<String>)> =
        parts.iter().map(|(p, n)| (p.as_str(), n)).collect();
    let kiosk = set(KIOSK_COMMANDS.iter().copied());
    let workspace = set(workspace_only());
    let history = set(HISTORY_COMMANDS.iter().copied());
    let empty = BTreeSet::new();
    assert_eq!(
        by_part,
        [
            ("", &empty),
            ("Kiosk", &kiosk),
            ("Workspace", &workspace),
            ("History", &history)
        ]
    );
    let build_rs = std::fs::read_to_string(here().join("build.rs")).unwrap();
    assert!(build_rs.contains("commands(cx_commands::APP_COMMANDS)"));
}

#[test]
fn every_declared_command_has_a_handler_and_a_binding() {
    let registered: Vec<&str> = cx_desktop::commands::signatures()
        .iter()
        .map(|s| s.name)
        .collect();
    assert_eq!(
        registered, APP_COMMANDS,
        "the commands! table in src-tauri/src/commands.rs has exactly the window commands of \
         crates/cx-commands, in the same order"
    );
    assert_eq!(cx_desktop::command_names::ALL_COMMANDS, APP_COMMANDS);
}

#[test]
fn every_command_but_the_window_level_ones_is_a_core_api_operation() {
    let policy = set(cx_core::policy::COMMANDS.iter().copied());
    let window_level: Vec<&str> = COMMANDS
        .iter()
        .filter(|c| c.grant == Grant::WindowLevel)
        .map(|c| c.name)
        .collect();
    for c in APP_COMMANDS {
        let permission = cx_core::api::permission(c);
        if window_level.contains(c) {
            assert!(
                permission.is_none(),
                "{c} is window-level but a core operation"
            );
        } else {
            let p = permission.unwrap_or_else(|| panic!("{c} is not an operation of cx_core::api"));
            assert!(
                policy.contains(p),
                "{c}'s permission {p} is not in policy::COMMANDS"
            );
        }
    }
    assert_eq!(
        set(window_level),
        set([
            "list_tones",
            "whoami",
            "sign_in",
            "sign_out",
            "open_history_window",
            "report_drill"
        ])
    );
}

#[test]
fn each_command_is_in_exactly_the_capabilities_it_should_be() {
    for window in Window::ALL {
        generated(
            &capability_path(window.label()),
            &capability_from_table(window),
        );
    }
    let kiosk = capability("kiosk");
    let workspace = capability("workspace");
    let history = capability("history");
    assert_eq!(
        granted_commands(&kiosk),
        set(KIOSK_COMMANDS.iter().copied())
    );
    assert_eq!(
        granted_commands(&workspace),
        set(workspace_only().chain(HISTORY_COMMANDS.iter().copied()))
    );
    assert_eq!(
        granted_commands(&history),
        set(HISTORY_COMMANDS.iter().copied())
    );
    for c in APP_COMMANDS {
        let holders: Vec<&str> = [
            ("kiosk", &kiosk),
            ("workspace", &workspace),
            ("history", &history),
        ]
        .into_iter()
        .filter(|(_, cap)| granted_commands(cap).contains(*c))
        .map(|(n, _)| n)
        .collect();
        let expected: &[&str] = if KIOSK_COMMANDS.contains(c) {
            &["kiosk"]
        } else if HISTORY_COMMANDS.contains(c) {
            &["workspace", "history"]
        } else {
            &["workspace"]
        };
        assert_eq!(holders, expected, "{c}");
    }
    for (name, cap) in [
        ("kiosk", &kiosk),
        ("workspace", &workspace),
        ("history", &history),
    ] {
        assert_eq!(cap["identifier"], name);
        assert_eq!(
            cap["windows"],
            serde_json::json!([name]),
            "{name} applies to its window only"
        );
        assert!(cap.get("webviews").is_none() && cap.get("remote").is_none());
    }
}

#[test]
fn the_ui_names_exactly_the_table_commands() {
    generated(
        &here().join("../ui/src/lib/commands.gen.ts"),
        &cx_commands::typescript(),
    );
}

#[test]
fn the_kiosk_may_listen_to_events_and_nothing_else() {
    let kiosk = capability("kiosk");
    let core: BTreeSet<String> = permissions(&kiosk)
        .into_iter()
        .filter(|p| p.contains(':'))
        .collect();
    assert_eq!(
        core,
        set(["core:event:allow-listen", "core:event:allow-unlisten"])
    );
}

#[test]
fn staff_windows_get_core_defaults_and_no_plugin_rights() {
    // Dialogs, notifications, the store and window state run in Rust: no window holds their
    // permissions; core:default grants no window or webview creation.
    for name in ["workspace", "history"] {
        let core: BTreeSet<String> = permissions(&capability(name))
            .into_iter()
            .filter(|p| p.contains(':'))
            .collect();
        assert_eq!(core, set(["core:default"]), "{name}");
    }
}

#[test]
fn the_config_declares_the_contract_windows() {
    let conf: Value =
        serde_json::from_str(&std::fs::read_to_string(here().join("tauri.conf.json")).unwrap())
            .unwrap();
    assert_eq!(conf["identifier"], "dev.cx-agent.desktop");
    assert_eq!(conf["build"]["frontendDist"], "../ui/dist");
    assert_eq!(
        conf["app"]["security"]["capabilities"],
        serde_json::json!(["workspace", "kiosk", "history"])
    );
    let windows = conf["app"]["windows"].as_array().unwrap();
    let got: Vec<(String, String)> = windows
        .iter()
        .map(|w| {
            (
                w["label"].as_str().unwrap().to_owned(),
                w["url"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let want: Vec<(String, String)> = ["workspace", "kiosk", "history"]
        .iter()
        .map(|l| (l.to_string(), format!("index.html?window={l}")))
        .collect();
    assert_eq!(got, want);
    assert!(Path::new(&here().join("icons/icon.png")).is_file());
}

#[test]
fn the_kiosk_role_runs_exactly_the_kiosk_commands() {
    let config = cx_core::config::Config::load(&cx_core::config::Config::default_dir()).unwrap();
    let kiosk = &config.permissions.roles["kiosk_assistant"];
    assert_eq!(
        set(kiosk.commands.iter().map(String::as_str)),
        set(KIOSK_COMMANDS.iter().copied())
    );
}

#[test]
fn every_permission_is_granted_to_some_role() {
    // Loading refuses a name permissions.yaml grants that no command is checked under; this is
    // the other way: a permission no role holds (a misspelt one in the table, say) fails here.
    let config = cx_core::config::Config::load(&cx_core::config::Config::default_dir()).unwrap();
    let granted: BTreeSet<String> = config
        .permissions
        .roles
        .values()
        .flat_map(|r| r.commands.iter().cloned())
        .collect();
    assert_eq!(granted, set(cx_commands::PERMISSIONS.iter().copied()));
}
