//! The function-calling tools: JSON schema from typed arguments, strict parsing with messages a
//! model can act on, the policy check, and execution. Reads are in `read`, writes in `write`.
//! Every outcome — result, error or denial — is one JSON object that goes back to the model.

pub mod args;
mod read;
pub mod write;

use crate::config::EscalationConfig;
use crate::error::CoreError;
use crate::policy::{Access, Actor, Policy};
use cx_llm::ToolSpec;
use sea_orm::DatabaseConnection;
use serde::Serialize;
use serde_json::{Value, json};
use tracing::Instrument;

pub use crate::vocabulary::TOOL_NAMES;

/// Tools that change records (and so may become pending actions).
pub fn is_write(name: &str) -> bool {
    matches!(name, "update_ticket" | "update_user_email" | "flag_refund")
}

/// Tools that read records an answer can rest on (verification is not one).
pub fn is_lookup(name: &str) -> bool {
    matches!(
        name,
        "lookup_user" | "get_orders" | "get_tickets" | "knowledge_search"
    )
}

/// What a tool needs from the running app.
#[derive(Clone, Copy)]
pub struct ToolEnv<'a> {
    pub db: &'a DatabaseConnection,
    pub policy: &'a Policy,
    pub limits: &'a EscalationConfig,
}

/// A tool error as the model sees it: `{"error": {"code", "message"}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ToolError {
    pub code: &'static str,
    pub message: String,
}

impl ToolError {
    pub fn new(code: &'static str, message: impl Into<String>) -> Self {
        ToolError {
            code,
            message: message.into(),
        }
    }
    pub fn not_verified() -> Self {
        ToolError::new(
            "not_verified",
            "The customer is not verified yet. Ask for their email and the last four digits of \
             their phone number, then call verify_customer.",
        )
    }
}

impl From<CoreError> for ToolError {
    fn from(e: CoreError) -> Self {
        let code = match &e {
            CoreError::InvalidInput(_) => "invalid_arguments",
            CoreError::Denied(_) => "denied",
            CoreError::NotFound(_) => "not_found",
            CoreError::Refused(_) | CoreError::Conflict(_) => "refused",
            _ => "internal",
        };
        ToolError::new(code, e.to_string())
    }
}

/// A tool run as a person (an agent's action): its error as the core's.
impl From<ToolError> for CoreError {
    fn from(e: ToolError) -> Self {
        match e.code {
            "denied" | "not_verified" => CoreError::Denied(e.message),
            "not_found" => CoreError::NotFound(e.message),
            "invalid_arguments" | "unknown_tool" => CoreError::InvalidInput(e.message),
            "refused" => CoreError::Refused(e.message),
            _ => CoreError::Internal(e.message),
        }
    }
}

/// The result of one tool call, as stored in the session's messages and shown to the agent.
#[derive(Debug, Clone, Serialize)]
pub struct ToolOutcome {
    pub name: String,
    /// The parsed arguments, or the raw text when it was not valid JSON.
    pub arguments: Value,
    pub result: Value,
    /// A read that found nothing (a data gap, if the answer rests on it).
    pub empty: bool,
    pub error: Option<ToolError>,
    /// Set when verify_customer succeeded: the session's customer from now on.
    pub verified_customer: Option<i64>,
    pub pending_action_id: Option<i64>,
    /// Set when verification is locked (too many failures): the escalation's evidence, counts
    /// only. The session goes to a person.
    pub lockout: Option<Value>,
}

impl ToolOutcome {
    fn failed(name: &str, arguments: Value, err: ToolError) -> Self {
        ToolOutcome {
            name: name.to_owned(),
            arguments,
            result: json!({ "error": err }),
            empty: false,
            error: Some(err),
            verified_customer: None,
            pending_action_id: None,
            lockout: None,
        }
    }
}

/// What a successful tool body returns.
pub(crate) struct Done {
    pub result: Value,
    pub empty: bool,
    pub verified_customer: Option<i64>,
    pub pending_action_id: Option<i64>,
    pub lockout: Option<Value>,
}

impl Done {
    pub fn value(result: Value) -> Self {
        Done {
            result,
            empty: false,
            verified_customer: None,
            pending_action_id: None,
            lockout: None,
        }
    }
}

/// Parse arguments into their typed form; the message names the tool and what is wrong.
pub(crate) fn parse<T: serde::de::DeserializeOwned>(
    tool: &str,
    args: &Value,
) -> Result<T, ToolError> {
    serde_json::from_value(args.clone()).map_err(|e| {
        ToolError::new(
            "invalid_arguments",
            format!("invalid arguments for {tool}: {e}"),
        )
    })
}

/// Run one tool call for `actor`. Never panics and never returns Err: every failure is a result
/// the model can read.
pub async fn execute(
    env: ToolEnv<'_>,
    actor: &Actor,
    name: &str,
    raw_arguments: &str,
) -> ToolOutcome {
    // Instrumented, not entered: a guard held across `.await` would tag other tasks' events.
    let span = tracing::info_span!("tool_call", tool = name, role = %actor.role, session = actor.session_id);
    run(env, actor, name, raw_arguments).instrument(span).await
}

async fn run(env: ToolEnv<'_>, actor: &Actor, name: &str, raw_arguments: &str) -> ToolOutcome {
    let raw = if raw_arguments.trim().is_empty() {
        "{}"
    } else {
        raw_arguments
    };
    let arguments: Value = match serde_json::from_str(raw) {
        Ok(v @ Value::Object(_)) => v,
        Ok(other) => {
            return ToolOutcome::failed(
                name,
                other,
                ToolError::new(
                    "invalid_arguments",
                    format!("arguments for {name} must be a JSON object"),
                ),
            );
        }
        Err(e) => {
            return ToolOutcome::failed(
                name,
                Value::String(raw_arguments.to_owned()),
                ToolError::new(
                    "invalid_arguments",
                    format!("arguments for {name} are not valid JSON: {e}"),
                ),
            );
        }
    };
    if !TOOL_NAMES.contains(&name) {
        let err = ToolError::new(
            "unknown_tool",
            format!(
                "there is no tool named '{name}'; available: {}",
                env.policy.tools_for(actor.role).join(", ")
            ),
        );
        return ToolOutcome::failed(name, arguments, err);
    }
    if let Err(e) = env.policy.check(actor, Access::Tool(name)) {
        tracing::warn!(%e, "tool denied");
        return ToolOutcome::failed(name, arguments, e.into());
    }
    let out = match name {
        "lookup_user" => read::lookup_user(env, actor, &arguments).await,
        "verify_customer" => read::verify_customer(env, actor, &arguments).await,
        "get_orders" => read::get_orders(env, actor, &arguments).await,
        "get_tickets" => read::get_tickets(env, actor, &arguments).await,
        "knowledge_search" => read::knowledge_search(env, actor, &arguments).await,
        _ => write::request(env, actor, name, &arguments).await,
    };
    match out {
        Ok(done) => ToolOutcome {
            name: name.to_owned(),
            arguments,
            result: done.result,
            empty: done.empty,
            error: None,
            verified_customer: done.verified_customer,
            pending_action_id: done.pending_action_id,
            lockout: done.lockout,
        },
        Err(err) => {
            tracing::info!(code = err.code, message = %err.message, "tool error");
            ToolOutcome::failed(name, arguments, err)
        }
    }
}

/// The tool definitions (name, description, JSON schema) offered to the model for a role.
pub fn specs_for(policy: &Policy, role: crate::policy::Role) -> Vec<ToolSpec> {
    policy
        .tools_for(role)
        .into_iter()
        .filter_map(spec)
        .collect()
}

/// One tool's definition, its schema generated from the typed arguments once per process (it
/// cannot change while the program runs; generating it cost every turn a schema walk).
pub fn spec(name: &str) -> Option<ToolSpec> {
    static SPECS: std::sync::OnceLock<Vec<ToolSpec>> = std::sync::OnceLock::new();
    SPECS
        .get_or_init(|| TOOL_NAMES.iter().filter_map(|n| generate_spec(n)).collect())
        .iter()
        .find(|s| s.name == name)
        .cloned()
}

fn generate_spec(name: &str) -> Option<ToolSpec> {
    use args::*;
    fn schema<T: schemars::JsonSchema>() -> schemars::Schema {
        // Inline the enums: not every OpenAI-compatible server resolves `$ref`.
        schemars::generate::SchemaSettings::draft2020_12()
            .with(|s| s.inline_subschemas = true)
            .into_generator()
            .into_root_schema_for::<T>()
    }
    let schema = match name {
        "lookup_user" => schema::<LookupUserArgs>(),
        "verify_customer" => schema::<VerifyCustomerArgs>(),
        "get_orders" => schema::<GetOrdersArgs>(),
        "get_tickets" => schema::<GetTicketsArgs>(),
        "update_ticket" => schema::<UpdateTicketArgs>(),
        "update_user_email" => schema::<UpdateUserEmailArgs>(),
        "flag_refund" => schema::<FlagRefundArgs>(),
        "knowledge_search" => schema::<KnowledgeSearchArgs>(),
        _ => return None,
    };
    let mut value = serde_json::to_value(&schema).ok()?;
    let description = value
        .get("description")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .replace('\n', " ");
    if let Some(obj) = value.as_object_mut() {
        for k in ["$schema", "title", "description"] {
            obj.remove(k);
        }
    }
    Some(ToolSpec {
        name: name.to_owned(),
        description,
        parameters: value,
    })
}

#[cfg(test)]
mod tests;
