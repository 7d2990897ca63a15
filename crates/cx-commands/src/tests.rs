use super::*;
use std::collections::BTreeSet;

#[test]
fn names_are_unique_lowercase_identifiers() {
    let mut seen = BTreeSet::new();
    for c in COMMANDS {
        assert!(seen.insert(c.name), "{} is a row twice", c.name);
        assert!(
            !c.name.is_empty()
                && c.name
                    .chars()
                    .all(|ch| ch.is_ascii_lowercase() || ch == '_'),
            "{} is not a snake_case name (it is a Rust ident too)",
            c.name
        );
    }
}

#[test]
fn the_permissions_are_the_rows_grants_each_once() {
    let known: BTreeSet<&str> = PERMISSIONS.iter().copied().collect();
    assert_eq!(
        known.len(),
        PERMISSIONS.len(),
        "a permission is listed twice"
    );
    let used: BTreeSet<&str> = COMMANDS.iter().filter_map(Command::permission).collect();
    assert_eq!(used, known);
    assert_eq!(PERMISSIONS.len(), 34);
    assert_eq!(
        PERMISSIONS[0], "kiosk_start_session",
        "in the order of first use"
    );
    assert!(PERMISSIONS.contains(&"knowledge_view") && !PERMISSIONS.contains(&"kb_get"));
}

#[test]
fn window_level_commands_run_in_a_window() {
    for c in COMMANDS.iter().filter(|c| c.grant == Grant::WindowLevel) {
        assert!(
            !c.windows.is_empty(),
            "{} has no role check and no window",
            c.name
        );
    }
}

#[test]
fn the_window_lists_partition_all_commands() {
    // Moved from src-tauri's contract test: the kiosk's commands, then the workspace's own,
    // then the history ones (both staff windows), each once.
    let workspace_only: Vec<&str> = WORKSPACE_COMMANDS
        .iter()
        .copied()
        .filter(|c| !HISTORY_COMMANDS.contains(c))
        .collect();
    let mut all: Vec<&str> = KIOSK_COMMANDS
        .iter()
        .copied()
        .chain(workspace_only)
        .chain(HISTORY_COMMANDS.iter().copied())
        .collect();
    assert_eq!(
        all, APP_COMMANDS,
        "APP_COMMANDS is the three lists in order"
    );
    all.sort();
    all.dedup();
    assert_eq!(all.len(), APP_COMMANDS.len(), "a command is listed twice");
    // The workspace runs the history commands too, after its own.
    let own = WORKSPACE_COMMANDS.len() - HISTORY_COMMANDS.len();
    assert_eq!(&WORKSPACE_COMMANDS[own..], HISTORY_COMMANDS);
    assert!(
        KIOSK_COMMANDS
            .iter()
            .all(|c| !WORKSPACE_COMMANDS.contains(c))
    );
}

#[test]
fn the_compile_time_lists_follow_the_table() {
    let app: Vec<&str> = COMMANDS
        .iter()
        .filter(|c| !c.windows.is_empty())
        .map(|c| c.name)
        .collect();
    assert_eq!(APP_COMMANDS, app);
    for w in Window::ALL {
        let here: Vec<&str> = COMMANDS
            .iter()
            .filter(|c| c.windows.contains(&w))
            .map(|c| c.name)
            .collect();
        assert_eq!(w.commands(), here, "{}", w.label());
    }
    let ops: Vec<(&str, &str)> = COMMANDS
        .iter()
        .filter_map(|c| c.permission().map(|p| (c.name, p)))
        .collect();
    assert_eq!(OPERATIONS, ops);
    assert_eq!(
        command("kb_get").and_then(Command::permission),
        Some("knowledge_view")
    );
    assert_eq!(command("whoami").map(|c| c.grant), Some(Grant::WindowLevel));
    assert!(command("history_list").is_some_and(|c| c.windows.is_empty()));
    assert_eq!(command("nope"), None);
}

#[test]
fn the_typescript_names_every_command_per_window() {
    let ts = typescript();
    assert!(ts.starts_with("// Generated from crates/cx-commands"));
    assert!(ts.contains("\nexport const KIOSK_COMMANDS = [\n  'kiosk_start_session',\n"));
    assert!(ts.contains("\nexport const HISTORY_COMMANDS = [\n  'whoami',\n"));
    assert!(ts.contains("  'open_report_in_history',\n  ...HISTORY_COMMANDS,\n] as const\n"));
    assert!(ts.contains("[...KIOSK_COMMANDS, ...WORKSPACE_COMMANDS] as const"));
    assert!(ts.ends_with("\nexport type CommandName = (typeof COMMAND_NAMES)[number]\n"));
    for c in APP_COMMANDS {
        assert_eq!(ts.matches(&format!("  '{c}',\n")).count(), 1, "{c}");
    }
    assert!(
        !ts.contains("'history_list'"),
        "CLI-only operations are no app commands"
    );
}
