//! The table's names for the UI: ui/src/lib/commands.gen.ts (written and checked by src-tauri's
//! contract test), so a command name in TypeScript is a type, not a free string.

use crate::{APP_COMMANDS, Window};
use std::fmt::Write;

/// The whole file: per window its commands, every command, and the `CommandName` union.
pub fn typescript() -> String {
    let mut ts = String::from(
        "// Generated from crates/cx-commands (one row per app command); do not edit. Refresh with\n\
         // `CX_UPDATE_BINDINGS=1 cargo test -p cx-desktop --test contract`.\n",
    );
    for window in Window::ALL {
        let label = window.label();
        let what = format!("What the {label} window may run (capabilities/{label}.json).");
        list(
            &mut ts,
            &what,
            &format!("{}_COMMANDS", label.to_uppercase()),
            window.commands(),
        );
    }
    list(&mut ts, "Every app command.", "COMMAND_NAMES", APP_COMMANDS);
    ts.push_str("\nexport type CommandName = (typeof COMMAND_NAMES)[number]\n");
    ts
}

fn list(ts: &mut String, doc: &str, name: &str, names: &[&str]) {
    let _ = writeln!(ts, "\n/** {doc} */\nexport const {name} = [");
    for n in names {
        let _ = writeln!(ts, "  '{n}',");
    }
    ts.push_str("] as const\n");
}
