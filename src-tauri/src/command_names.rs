//! The app's commands come from the one table in crates/cx-commands (which also feeds build.rs,
//! cx-core's operations and the capability files). Kept by this path for the bindings.

/// Every app command, in the order build.rs declares them and `commands!` registers them.
pub use cx_commands::APP_COMMANDS as ALL_COMMANDS;
