//! Passwords come from stdin, never from a flag: a flag shows in the process list and the shell
//! history.

use cx_core::{CoreError, Result};
use std::io::{BufRead, IsTerminal, Write};

/// The first line of stdin without its line end. At a terminal `prompt` is shown on stderr first
/// (the typed text is echoed: a plain read). `when_empty` is the error for an empty line; the
/// core checks the rest (length, no control characters).
pub fn password_from_stdin(prompt: &str, when_empty: &str) -> Result<String> {
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        eprint!("{prompt}");
        std::io::stderr().flush().ok();
    }
    let mut line = String::new();
    stdin
        .lock()
        .read_line(&mut line)
        .map_err(|e| CoreError::Internal(format!("reading the password from stdin: {e}")))?;
    let password = line
        .strip_suffix('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .unwrap_or(&line);
    if password.is_empty() {
        return Err(CoreError::invalid(when_empty));
    }
    Ok(password.to_owned())
}
