//! The command list agrees everywhere: docs/desktop-contract.md, build.rs (the ACL manifest), the
//! registered handlers, cx-core's API operations and their `policy::COMMANDS` permissions, and
//! the capability files — so the kiosk capability provably grants only the kiosk commands.

use cx_desktop::command_names::{
    ALL_COMMANDS, HISTORY_COMMANDS, KIOSK_COMMANDS, WINDOW_LEVEL_COMMANDS, WORKSPACE_COMMANDS,
};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn here() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn set<'a>(items: impl IntoIterator<Item = &'a str>) -> BTreeSet<String> {
    items.into_iter().map(String::from).collect()
}

/// The command names in the contract's "## Commands" section: every `name(...)` in backticks.
fn contract_commands() -> BTreeSet<String> {
    let doc = std::fs::read_to_string(here().join("../docs/desktop-contract.md"))
        .expect("docs/desktop-contract.md");
    let start = doc.find("\n## Commands").expect("a Commands section");
    let section = &doc[start + 1..];
    let section = &section[..section[3..].find("\n## ").map_or(section.len(), |i| i + 3)];
    let mut out = BTreeSet::new();
    for (i, span) in section.split('`').enumerate() {
        if i % 2 == 0 {
            continue; // outside backticks
        }
        if let Some((name, _)) = span.split_once('(')
            && !name.is_empty()
            && name.chars().all(|c| c.is_ascii_lowercase() || c == '_')
        {
            out.insert(name.to_owned());
        }
    }
    out
}

fn capability(name: &str) -> Value {
    let path = here().join("capabilities").join(format!("{name}.json"));
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

#[test]
fn the_contract_lists_exactly_the_commands_build_rs_declares() {
    let contract = contract_commands();
    assert!(contract.len() > 20, "parsed too few commands: {contract:?}");
    assert_eq!(contract, set(ALL_COMMANDS.iter().copied()));
    let build_rs = std::fs::read_to_string(here().join("build.rs")).unwrap();
    assert!(build_rs.contains("include!(\"src/command_names.rs\")"));
    assert!(build_rs.contains("commands(command_names::ALL_COMMANDS)"));
}

#[test]
fn the_window_lists_partition_all_commands() {
    let mut all: Vec<&str> = KIOSK_COMMANDS
        .iter()
        .chain(WORKSPACE_COMMANDS)
        .chain(HISTORY_COMMANDS)
        .copied()
        .collect();
    assert_eq!(
        all, ALL_COMMANDS,
        "ALL_COMMANDS is the three lists in order"
    );
    all.sort();
    all.dedup();
    assert_eq!(all.len(), ALL_COMMANDS.len(), "a command is listed twice");
}

#[test]
fn every_declared_command_has_a_handler_and_a_binding() {
    let registered: Vec<&str> = cx_desktop::commands::signatures()
        .iter()
        .map(|s| s.name)
        .collect();
    assert_eq!(registered, ALL_COMMANDS);
}

#[test]
fn every_command_but_the_window_level_ones_is_a_core_api_operation() {
    let policy = set(cx_core::policy::COMMANDS.iter().copied());
    for c in ALL_COMMANDS {
        let permission = cx_core::api::permission(c);
        if WINDOW_LEVEL_COMMANDS.contains(c) {
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
        set(WINDOW_LEVEL_COMMANDS.iter().copied()),
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
    let kiosk = capability("kiosk");
    let workspace = capability("workspace");
    let history = capability("history");
    assert_eq!(
        granted_commands(&kiosk),
        set(KIOSK_COMMANDS.iter().copied())
    );
    assert_eq!(
        granted_commands(&workspace),
        set(WORKSPACE_COMMANDS.iter().chain(HISTORY_COMMANDS).copied())
    );
    assert_eq!(
        granted_commands(&history),
        set(HISTORY_COMMANDS.iter().copied())
    );
    for c in ALL_COMMANDS {
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
