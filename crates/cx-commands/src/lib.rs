//! The app's commands and the permissions that grant them. [`COMMANDS`] has one row per command:
//! its name, the windows that may run it and what grants it. It is the only place a command is
//! written; the rest is derived from it or checked against it: Tauri's ACL manifest
//! (src-tauri/build.rs), the capability files, the handler table (src-tauri's `commands!`),
//! cx-core's operations and permission names, the TypeScript names (ui/src/lib/commands.gen.ts)
//! and docs/desktop-contract.md.
//!
//! No dependencies, and the lists below are computed at compile time, so build.rs can hand them
//! to Tauri as `&'static` slices.

mod table;
mod typescript;

pub use table::COMMANDS;
pub use typescript::typescript;

/// An app window; each has a capability file of its label's name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Window {
    Kiosk,
    Workspace,
    History,
}

impl Window {
    pub const ALL: [Window; 3] = [Window::Kiosk, Window::Workspace, Window::History];

    /// The window's label, which also names its capability file (`capabilities/<label>.json`).
    pub const fn label(self) -> &'static str {
        match self {
            Window::Kiosk => "kiosk",
            Window::Workspace => "workspace",
            Window::History => "history",
        }
    }

    /// The commands this window may run (what its capability file grants), in table order.
    pub const fn commands(self) -> &'static [&'static str] {
        match self {
            Window::Kiosk => KIOSK_COMMANDS,
            Window::Workspace => WORKSPACE_COMMANDS,
            Window::History => HISTORY_COMMANDS,
        }
    }
}

/// What lets someone run a command, besides the window's ACL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grant {
    /// A role check: the permission (`commands:` in permissions.yaml) that grants it. Several
    /// commands may share one (`knowledge_view`, …).
    Permission(&'static str),
    /// About the window itself rather than data: the window's ACL only, no role check. Not an
    /// operation of cx-core's API.
    WindowLevel,
}

/// One row of the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Command {
    pub name: &'static str,
    /// The windows that may run it; none for an operation only the CLI runs.
    pub windows: &'static [Window],
    pub grant: Grant,
}

impl Command {
    pub const fn runs_in(&self, window: Window) -> bool {
        let mut i = 0;
        while i < self.windows.len() {
            if self.windows[i] as u8 == window as u8 {
                return true;
            }
            i += 1;
        }
        false
    }

    /// The permission it is checked under (None: window-level).
    pub const fn permission(&self) -> Option<&'static str> {
        match self.grant {
            Grant::Permission(p) => Some(p),
            Grant::WindowLevel => None,
        }
    }
}

/// The row of `name` (None: no such command).
pub fn command(name: &str) -> Option<&'static Command> {
    COMMANDS.iter().find(|c| c.name == name)
}

/// Every command a window may run, in table order: what build.rs declares to Tauri and what the
/// `commands!` table registers, in this order.
pub const APP_COMMANDS: &[&str] = &names::<{ count(Select::App) }>(Select::App);
/// The kiosk window's commands.
pub const KIOSK_COMMANDS: &[&str] =
    &names::<{ count(Select::In(Window::Kiosk)) }>(Select::In(Window::Kiosk));
/// The workspace's commands: its own, then those it shares with the history window.
pub const WORKSPACE_COMMANDS: &[&str] =
    &names::<{ count(Select::In(Window::Workspace)) }>(Select::In(Window::Workspace));
/// The history window's commands (the workspace runs them too).
pub const HISTORY_COMMANDS: &[&str] =
    &names::<{ count(Select::In(Window::History)) }>(Select::In(Window::History));
/// The permissions the rows are checked under, each once, in the order of first use: what
/// permissions.yaml grants per role (`commands:`), cx-core's `policy::COMMANDS`.
pub const PERMISSIONS: &[&str] = &permissions::<{ count_permissions() }>();
/// `(operation, permission)` for every row checked by role (windows' and the CLI's), in table
/// order: cx-core's `api::OPERATIONS`.
pub const OPERATIONS: &[(&str, &str)] = &operations::<{ count(Select::Operation) }>();

#[derive(Clone, Copy)]
enum Select {
    App,
    In(Window),
    Operation,
}

const fn selected(c: &Command, s: Select) -> bool {
    match s {
        Select::App => !c.windows.is_empty(),
        Select::In(w) => c.runs_in(w),
        Select::Operation => c.permission().is_some(),
    }
}

const fn count(s: Select) -> usize {
    let (mut n, mut i) = (0, 0);
    while i < COMMANDS.len() {
        if selected(&COMMANDS[i], s) {
            n += 1;
        }
        i += 1;
    }
    n
}

const fn names<const N: usize>(s: Select) -> [&'static str; N] {
    let mut out = [""; N];
    let (mut n, mut i) = (0, 0);
    while i < COMMANDS.len() {
        if selected(&COMMANDS[i], s) {
            out[n] = COMMANDS[i].name;
            n += 1;
        }
        i += 1;
    }
    out
}

const fn operations<const N: usize>() -> [(&'static str, &'static str); N] {
    let mut out = [("", ""); N];
    let (mut n, mut i) = (0, 0);
    while i < COMMANDS.len() {
        if let Grant::Permission(p) = COMMANDS[i].grant {
            out[n] = (COMMANDS[i].name, p);
            n += 1;
        }
        i += 1;
    }
    out
}

/// Whether a row before `row` is checked under the same permission.
const fn seen_before(row: usize, permission: &str) -> bool {
    let mut i = 0;
    while i < row {
        if let Grant::Permission(p) = COMMANDS[i].grant
            && same(p, permission)
        {
            return true;
        }
        i += 1;
    }
    false
}

const fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

const fn count_permissions() -> usize {
    let (mut n, mut i) = (0, 0);
    while i < COMMANDS.len() {
        if let Grant::Permission(p) = COMMANDS[i].grant
            && !seen_before(i, p)
        {
            n += 1;
        }
        i += 1;
    }
    n
}

const fn permissions<const N: usize>() -> [&'static str; N] {
    let mut out = [""; N];
    let (mut n, mut i) = (0, 0);
    while i < COMMANDS.len() {
        if let Grant::Permission(p) = COMMANDS[i].grant
            && !seen_before(i, p)
        {
            out[n] = p;
            n += 1;
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests;
