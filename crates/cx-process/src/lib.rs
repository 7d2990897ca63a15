//! Process setup shared by the two front ends (the desktop app and the `cx-agent` CLI): where
//! files live on this machine, which database to open when none is configured, and logging.
//! The core reads none of this itself; the front ends pass it in, so a library user or a test
//! chooses its own.

pub mod database;
pub mod logging;
pub mod paths;
