//! The `cx-agent` binary as the tests run it: no database, model key or role from the
//! environment that runs the tests, stdin written, stdout and stderr kept.

use std::io::Write;
use std::process::{Command, Output, Stdio};

/// `cx-agent` with the variables that would point it elsewhere removed.
pub fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_cx-agent"));
    for var in [
        "CX_DATABASE_URL",
        "CX_AGENT_ROLE",
        "OPENAI_API_KEY",
        "CX_LLM_API_KEY",
    ] {
        c.env_remove(var);
    }
    c
}

/// Run `command` with `stdin` and wait for it.
pub fn run_with(mut command: Command, stdin: &str) -> Output {
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // A command that refuses its arguments exits without reading stdin: the pipe may be closed.
    match child.stdin.take().unwrap().write_all(stdin.as_bytes()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
        other => other.unwrap(),
    }
    child.wait_with_output().unwrap()
}
