//! The core's error type. Every variant has a stable `code()` so the CLI, the Tauri boundary and
//! tool results can show one error shape `{code, message}`.

use crate::config::{ConfigError, UnknownTone};

#[derive(Debug, thiserror::Error)]
pub enum CoreError {
    #[error("{0}")]
    InvalidInput(String),
    #[error("{0}")]
    NotFound(String),
    #[error("not allowed: {0}")]
    Denied(String),
    #[error("{0}")]
    Refused(String),
    #[error("{0}")]
    Conflict(String),
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error("the database is busy (locked by another process); nothing was lost, try again")]
    DatabaseBusy,
    #[error("database error: {0}")]
    Database(sea_orm::DbErr),
    #[error("the language model failed: {0}")]
    Model(#[from] cx_llm::LlmError),
    #[error("{0}")]
    Internal(String),
}

impl CoreError {
    pub fn invalid(msg: impl Into<String>) -> Self {
        CoreError::InvalidInput(msg.into())
    }
    pub fn not_found(msg: impl Into<String>) -> Self {
        CoreError::NotFound(msg.into())
    }
    pub fn denied(msg: impl Into<String>) -> Self {
        CoreError::Denied(msg.into())
    }

    pub fn code(&self) -> &'static str {
        match self {
            CoreError::InvalidInput(_) => "invalid_input",
            CoreError::NotFound(_) => "not_found",
            CoreError::Denied(_) => "denied",
            CoreError::Refused(_) => "refused",
            CoreError::Conflict(_) => "conflict",
            CoreError::Config(_) => "config",
            CoreError::DatabaseBusy => "database_busy",
            CoreError::Database(_) => "database",
            CoreError::Model(_) => "model",
            CoreError::Internal(_) => "internal",
        }
    }
}

impl From<UnknownTone> for CoreError {
    fn from(e: UnknownTone) -> Self {
        CoreError::InvalidInput(e.to_string())
    }
}

impl From<sea_orm::DbErr> for CoreError {
    fn from(e: sea_orm::DbErr) -> Self {
        let text = e.to_string();
        if text.contains("database is locked") || text.contains("SQLITE_BUSY") {
            CoreError::DatabaseBusy
        } else if text.contains("UNIQUE constraint failed")
            || text.contains("duplicate key value violates unique constraint")
        {
            CoreError::Conflict(format!("that value is already in use ({text})"))
        } else {
            CoreError::Database(e)
        }
    }
}

impl<E: std::error::Error> From<sea_orm::TransactionError<E>> for CoreError
where
    CoreError: From<E>,
{
    fn from(e: sea_orm::TransactionError<E>) -> Self {
        match e {
            sea_orm::TransactionError::Connection(db) => db.into(),
            sea_orm::TransactionError::Transaction(inner) => inner.into(),
        }
    }
}

pub type Result<T, E = CoreError> = std::result::Result<T, E>;
