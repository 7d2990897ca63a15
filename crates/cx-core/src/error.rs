//! The core's error type. Every variant has a stable `code()` so the CLI, the Tauri boundary and
//! tool results can show one error shape `{code, message}`.

use crate::config::{ConfigError, UnknownTone};
use serde::{Deserialize, Serialize};

/// Every code an error may carry to a window or a JSON line: [`CoreError::error_code`]'s, and the
/// two only the desktop shell produces (`acl`, `sign_in_required`). Serialized as the snake_case
/// names the `{code, message}` contract has always used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum ErrorCode {
    InvalidInput,
    NotFound,
    Denied,
    Refused,
    Conflict,
    Config,
    DatabaseBusy,
    Database,
    Model,
    Internal,
    /// The shell: the command was invoked from a window it does not belong to.
    Acl,
    /// The shell: team mode, and nobody is signed in at this desk yet.
    SignInRequired,
}

impl ErrorCode {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::InvalidInput => "invalid_input",
            ErrorCode::NotFound => "not_found",
            ErrorCode::Denied => "denied",
            ErrorCode::Refused => "refused",
            ErrorCode::Conflict => "conflict",
            ErrorCode::Config => "config",
            ErrorCode::DatabaseBusy => "database_busy",
            ErrorCode::Database => "database",
            ErrorCode::Model => "model",
            ErrorCode::Internal => "internal",
            ErrorCode::Acl => "acl",
            ErrorCode::SignInRequired => "sign_in_required",
        }
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<str> for ErrorCode {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for ErrorCode {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

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

    pub fn error_code(&self) -> ErrorCode {
        match self {
            CoreError::InvalidInput(_) => ErrorCode::InvalidInput,
            CoreError::NotFound(_) => ErrorCode::NotFound,
            CoreError::Denied(_) => ErrorCode::Denied,
            CoreError::Refused(_) => ErrorCode::Refused,
            CoreError::Conflict(_) => ErrorCode::Conflict,
            CoreError::Config(_) => ErrorCode::Config,
            CoreError::DatabaseBusy => ErrorCode::DatabaseBusy,
            CoreError::Database(_) => ErrorCode::Database,
            CoreError::Model(_) => ErrorCode::Model,
            CoreError::Internal(_) => ErrorCode::Internal,
        }
    }

    /// [`Self::error_code`] as its wire name.
    pub fn code(&self) -> &'static str {
        self.error_code().as_str()
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

#[cfg(test)]
mod tests {
    use super::ErrorCode;

    /// The enum is only a typed name for the strings the contract has always had.
    #[test]
    fn error_codes_serialize_as_their_names() {
        let all = [
            ErrorCode::InvalidInput,
            ErrorCode::NotFound,
            ErrorCode::Denied,
            ErrorCode::Refused,
            ErrorCode::Conflict,
            ErrorCode::Config,
            ErrorCode::DatabaseBusy,
            ErrorCode::Database,
            ErrorCode::Model,
            ErrorCode::Internal,
            ErrorCode::Acl,
            ErrorCode::SignInRequired,
        ];
        for code in all {
            assert_eq!(
                serde_json::to_value(code).unwrap(),
                serde_json::json!(code.as_str())
            );
        }
    }
}
