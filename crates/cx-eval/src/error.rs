//! What stops an evaluation from running at all (a failing scenario is a result, not an error).

#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    /// A scenario file or the command's input is wrong: file, line and key where known.
    #[error("{0}")]
    Config(#[from] cx_core::config::ConfigError),
    #[error("{0}")]
    Input(String),
    /// The core failed outside any scenario's turn (the demo database, a copy of it).
    #[error("{0}")]
    Core(#[from] cx_core::CoreError),
    #[error("{0}")]
    Io(String),
}

pub type Result<T> = std::result::Result<T, EvalError>;

impl From<EvalError> for cx_core::CoreError {
    fn from(e: EvalError) -> Self {
        match e {
            EvalError::Config(c) => cx_core::CoreError::Config(c),
            EvalError::Core(c) => c,
            EvalError::Input(m) => cx_core::CoreError::invalid(m),
            EvalError::Io(m) => cx_core::CoreError::Internal(m),
        }
    }
}
