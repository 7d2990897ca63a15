//! The table's names for the UI: ui/src/lib/commands.gen.ts (written and checked by src-tauri's
//! contract test), so a command name in TypeScript is a type, not a free string. Each name is
//! written once: the workspace's list ends with the history window's, and every command is the
//! kiosk's or the workspace's (the table's tests hold both).

use crate::{HISTORY_COMMANDS, KIOSK_COMMANDS, WORKSPACE_COMMANDS};
use std::fmt::Write;

/// The whole file: per window its commands, every command, and the `CommandName` union.
pub fn typescript() -> String {
    let mut ts = String::from(
        "// Generated from crates/cx-commands (one row per app command); do not edit. Refresh with\n\
         // `CX_UPDATE_BINDINGS=1 cargo test -p cx-desktop --test contract`.\n",
    );
    let own: Vec<&str> = WORKSPACE_COMMANDS
        .iter()
        .copied()
        .filter(|c| !HISTORY_COMMANDS.contains(c))
        .collect();
    list(&mut ts, "kiosk", "", KIOSK_COMMANDS, None);
    let shared = "; the workspace runs them too";
    list(&mut ts, "history", shared, HISTORY_COMMANDS, None);
    let then = ": its own, then the history window's";
    list(&mut ts, "workspace", then, &own, Some("HISTORY_COMMANDS"));
    ts.push_str(
        "\n/** Every app command. */\n\
         export const COMMAND_NAMES = [...KIOSK_COMMANDS, ...WORKSPACE_COMMANDS] as const\n\
         \nexport type CommandName = (typeof COMMAND_NAMES)[number]\n",
    );
    ts
}

/// `<WINDOW>_COMMANDS`: the names, then `...rest` if given.
fn list(ts: &mut String, window: &str, note: &str, names: &[&str], rest: Option<&str>) {
    let _ = writeln!(
        ts,
        "\n/** What the {window} window may run (capabilities/{window}.json){note}. */\n\
         export const {}_COMMANDS = [",
        window.to_uppercase()
    );
    for n in names {
        let _ = writeln!(ts, "  '{n}',");
    }
    if let Some(rest) = rest {
        let _ = writeln!(ts, "  ...{rest},");
    }
    ts.push_str("] as const\n");
}
