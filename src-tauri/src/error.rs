//! The one error shape every command returns: `{ code, message }`. `code` is cx-core's
//! `CoreError::error_code()`, or `acl` (wrong window) / `invalid_input` (bad arguments) /
//! `sign_in_required` from the shell. The UI shows `message`.

use cx_core::CoreError;
use cx_core::error::ErrorCode;
use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS, thiserror::Error)]
#[error("{message}")]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
}

/// Codes the shell itself produces (the rest come from `CoreError::error_code()`).
pub const ACL: ErrorCode = ErrorCode::Acl;
pub const INVALID_INPUT: ErrorCode = ErrorCode::InvalidInput;
pub const INTERNAL: ErrorCode = ErrorCode::Internal;

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        ApiError {
            code,
            message: message.into(),
        }
    }

    /// The command was invoked from a window it does not belong to.
    pub fn acl(message: impl Into<String>) -> Self {
        ApiError::new(ACL, message)
    }

    pub fn invalid(message: impl Into<String>) -> Self {
        ApiError::new(INVALID_INPUT, message)
    }

    pub fn internal(message: impl Into<String>) -> Self {
        ApiError::new(INTERNAL, message)
    }
}

impl From<CoreError> for ApiError {
    fn from(e: CoreError) -> Self {
        match &e {
            CoreError::Database(_) | CoreError::Internal(_) => {
                tracing::error!(error = %e, "command failed")
            }
            _ => tracing::debug!(error = %e, code = e.code(), "command refused"),
        }
        ApiError::new(e.error_code(), e.to_string())
    }
}

impl From<tauri::Error> for ApiError {
    fn from(e: tauri::Error) -> Self {
        tracing::error!(error = %e, "tauri error");
        ApiError::internal(e.to_string())
    }
}

impl From<std::io::Error> for ApiError {
    fn from(e: std::io::Error) -> Self {
        ApiError::internal(e.to_string())
    }
}

pub type ApiResult<T> = Result<T, ApiError>;

#[cfg(test)]
mod tests {
    use super::*;
    use cx_core::tools::ToolError;

    #[test]
    fn core_errors_keep_their_code_and_message() {
        let cases = [
            (CoreError::invalid("text is empty"), "invalid_input"),
            (CoreError::not_found("no session 9"), "not_found"),
            (
                CoreError::denied("agent may not run update_settings"),
                "denied",
            ),
            (
                CoreError::Refused("the session is closed".into()),
                "refused",
            ),
            (
                CoreError::Conflict("lee already has this session".into()),
                "conflict",
            ),
            (CoreError::DatabaseBusy, "database_busy"),
            (CoreError::Internal("boom".into()), "internal"),
        ];
        for (e, code) in cases {
            let message = e.to_string();
            let api = ApiError::from(e);
            assert_eq!(api.code, code);
            assert_eq!(api.message, message);
        }
        assert_eq!(
            ApiError::from(CoreError::denied("x")).message,
            "not allowed: x"
        );
    }

    /// An agent's action runs a tool; its error reaches the window through the core's error.
    #[test]
    fn tool_errors_use_the_core_vocabulary() {
        let cases = [
            ("invalid_arguments", "invalid_input"),
            ("unknown_tool", "invalid_input"),
            ("denied", "denied"),
            ("not_verified", "denied"),
            ("not_found", "not_found"),
            ("refused", "refused"),
            ("internal", "internal"),
        ];
        for (tool_code, code) in cases {
            let core = CoreError::from(ToolError::new(tool_code, "why"));
            let api = ApiError::from(core);
            assert_eq!(api.code.as_str(), code, "{tool_code}");
            assert!(api.message.ends_with("why"), "{}", api.message);
        }
    }

    #[test]
    fn serializes_as_code_and_message_only() {
        let v = serde_json::to_value(ApiError::acl("not in this window")).unwrap();
        assert_eq!(
            v,
            serde_json::json!({ "code": "acl", "message": "not in this window" })
        );
        // Through Tauri's IPC error type the shape stays the same.
        let invoke: tauri::ipc::InvokeError = ApiError::invalid("bad").into();
        assert_eq!(
            invoke.0,
            serde_json::json!({ "code": "invalid_input", "message": "bad" })
        );
    }
}
