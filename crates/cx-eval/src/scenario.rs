//! The scenario file: what a conversation starts from, what the customer says (or wants, for a
//! simulated customer), what the model answers when it is scripted, and what must hold at the end.
//! Parsed strictly (unknown keys are errors) so a typo never turns a check off silently.

use crate::error::{EvalError, Result};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// One scenario as written in its YAML file.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Default: the file's path under the suite folder, without `.yaml`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub title: String,
    #[serde(default)]
    pub data: DataSource,
    /// A tone from system_prompts.yaml (default: its default tone).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tone: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    pub customer: Customer,
    /// The model's answers, in order, when the scenario is played without a configured model
    /// (what the offline assistant cannot play: a sloppy model's claim, a tool loop, a failure).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub model: Vec<ScriptedReply>,
    /// True when the scenario tests the engine against the scripted answers themselves and means
    /// nothing for a real model (it is then reported as not run).
    #[serde(default, skip_serializing_if = "is_false")]
    pub scripted_only: bool,
    #[serde(default)]
    pub expect: Expect,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// The records a scenario starts from: a fresh copy of the demo data for every trial.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DataSource {
    #[default]
    Demo,
}

/// The customer: lines to type, or a goal for a simulated customer (played by a model when one
/// is configured; the lines are used otherwise).
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Customer {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lines: Vec<Step>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub goal: Option<String>,
    /// What the simulated customer knows (email, order numbers, …).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub knows: BTreeMap<String, String>,
    /// How the simulated customer answers a confirmation card, per tool; unlisted tools: reject
    /// (a customer does not approve a change they did not ask for).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub decisions: BTreeMap<String, Answer>,
    /// The simulated customer's message limit (default 8).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_turns: Option<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Answer {
    Confirm,
    Reject,
}

/// One customer step: a line of text, or a map with one action and optional checks on its turn.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(untagged)]
pub enum Step {
    Say(String),
    Full(FullStep),
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FullStep {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub say: Option<String>,
    /// Send `say` this many times over in one message (an oversized message).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repeat: Option<usize>,
    /// Press Yes on the newest proposed action of this tool (`latest`: of any tool).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confirm: Option<String>,
    /// Press No on it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reject: Option<String>,
    /// Press "Talk to a person".
    #[serde(default, skip_serializing_if = "is_false")]
    pub request_human: bool,
    /// The customer leaves: the session ends.
    #[serde(default, skip_serializing_if = "is_false")]
    pub end: bool,
    /// The step must be refused with an error containing this text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// This turn's reply must contain each (case-insensitive).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reply_contains: Vec<String>,
    /// This turn's reply must contain none of them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reply_never: Vec<String>,
}

/// What a step does, once validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Say(String),
    Decide {
        answer: Answer,
        tool: Option<String>,
    },
    RequestHuman,
    End,
}

impl Step {
    pub fn full(&self) -> FullStep {
        match self {
            Step::Say(text) => FullStep {
                say: Some(text.clone()),
                ..FullStep::default()
            },
            Step::Full(f) => f.clone(),
        }
    }

    /// The one action of the step, or why the step is not one.
    pub fn action(&self) -> std::result::Result<Action, String> {
        let f = self.full();
        let target = |t: &String| (t != "latest").then(|| t.clone());
        let mut actions = Vec::new();
        if let Some(text) = &f.say {
            actions.push(Action::Say(text.repeat(f.repeat.unwrap_or(1))));
        }
        if let Some(t) = &f.confirm {
            actions.push(Action::Decide {
                answer: Answer::Confirm,
                tool: target(t),
            });
        }
        if let Some(t) = &f.reject {
            actions.push(Action::Decide {
                answer: Answer::Reject,
                tool: target(t),
            });
        }
        if f.request_human {
            actions.push(Action::RequestHuman);
        }
        if f.end {
            actions.push(Action::End);
        }
        if f.repeat.is_some() && f.say.is_none() {
            return Err("`repeat` repeats `say`, which is missing".into());
        }
        match actions.len() {
            1 => Ok(actions.remove(0)),
            0 => Err("a step needs one of say, confirm, reject, request_human, end".into()),
            _ => Err("a step does one thing: say, confirm, reject, request_human or end".into()),
        }
    }
}

/// A scripted model answer: text, one or more tool calls, or an HTTP error.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ScriptedReply {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// One tool call by name, with `arguments`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tool_call: Option<String>,
    /// A map (sent as JSON) or a string (sent verbatim, so it may be malformed on purpose).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arguments: Option<serde_yaml::Value>,
    /// Several calls in one answer.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tool_calls: Vec<ScriptedCall>,
    /// An HTTP status (429, 500, …) instead of an answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<u16>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ScriptedCall {
    pub name: String,
    #[serde(default)]
    pub arguments: Option<serde_yaml::Value>,
}

/// What must hold when the conversation ends. Omitted checks are not made, except two defaults
/// that keep a scenario honest: no escalation, and no record changed that is not listed.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Expect {
    /// `none` (the default), a reason (`human_requested`, …), or `{reason, priority}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub escalation: Option<EscalationExpect>,
    /// The verified customer's email, or `false` for nobody verified.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verified: Option<Verified>,
    /// Exactly these record changes (`{order: 1004, status: refund_requested}`): each must hold
    /// at the end, and nothing else may have changed unless `other_changes: allowed`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub changes: Vec<Change>,
    #[serde(default, skip_serializing_if = "OtherChanges::is_forbidden")]
    pub other_changes: OtherChanges,
    /// Exactly the pending actions the session holds at the end, by tool and state (`[]`:
    /// nothing was proposed). Omitted: not checked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pending: Option<Vec<PendingExpect>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tools_called: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tools_not_called: Vec<String>,
    /// Facts: each must appear in some reply the customer saw (case-insensitive).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub replies_state: Vec<String>,
    /// Never in any reply the customer saw: another customer's data, a leaked prompt, …
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub replies_never: Vec<String>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OtherChanges {
    #[default]
    Forbidden,
    Allowed,
}

impl OtherChanges {
    fn is_forbidden(&self) -> bool {
        *self == OtherChanges::Forbidden
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(untagged)]
pub enum EscalationExpect {
    /// `none` or a reason.
    Reason(String),
    Full {
        reason: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        priority: Option<String>,
    },
}

impl EscalationExpect {
    pub fn reason(&self) -> &str {
        match self {
            EscalationExpect::Reason(r) | EscalationExpect::Full { reason: r, .. } => r,
        }
    }
    pub fn priority(&self) -> Option<&str> {
        match self {
            EscalationExpect::Full { priority, .. } => priority.as_deref(),
            EscalationExpect::Reason(_) => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(untagged)]
pub enum Verified {
    Nobody(bool),
    Email(String),
}

/// One record's expected fields: `{order: 1004, status: refund_requested}`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(try_from = "BTreeMap<String, serde_yaml::Value>")]
#[serde(into = "BTreeMap<String, serde_yaml::Value>")]
pub struct Change {
    pub record: crate::state::RecordKind,
    pub id: i64,
    /// Field → expected value (None: NULL).
    pub fields: BTreeMap<String, Option<String>>,
}

impl TryFrom<BTreeMap<String, serde_yaml::Value>> for Change {
    type Error = String;
    fn try_from(map: BTreeMap<String, serde_yaml::Value>) -> std::result::Result<Self, String> {
        use crate::state::RecordKind;
        let mut record = None;
        let mut fields = BTreeMap::new();
        for (key, value) in map {
            match RecordKind::parse(&key) {
                Some(kind) => {
                    let id = value.as_i64().ok_or_else(|| {
                        format!("`{key}` takes the record's number, e.g. `{key}: 1004`")
                    })?;
                    if record.replace((kind, id)).is_some() {
                        return Err("a change names one record (order, ticket or customer)".into());
                    }
                }
                None => {
                    fields.insert(key, scalar_text(&value)?);
                }
            }
        }
        let (record, id) =
            record.ok_or("a change names its record: `order: N`, `ticket: N` or `customer: N`")?;
        if fields.is_empty() {
            return Err(format!(
                "the change to {record} {id} lists no field (e.g. `status: …`)"
            ));
        }
        for field in fields.keys() {
            if !record.fields().contains(&field.as_str()) {
                return Err(format!(
                    "{record} has no field `{field}`; its fields: {}",
                    record.fields().join(", ")
                ));
            }
        }
        Ok(Change { record, id, fields })
    }
}

impl From<Change> for BTreeMap<String, serde_yaml::Value> {
    fn from(c: Change) -> Self {
        let mut map = BTreeMap::new();
        map.insert(c.record.to_string(), serde_yaml::Value::from(c.id));
        for (k, v) in c.fields {
            map.insert(
                k,
                v.map(serde_yaml::Value::from)
                    .unwrap_or(serde_yaml::Value::Null),
            );
        }
        map
    }
}

fn scalar_text(value: &serde_yaml::Value) -> std::result::Result<Option<String>, String> {
    use serde_yaml::Value;
    match value {
        Value::Null => Ok(None),
        Value::Bool(b) => Ok(Some(b.to_string())),
        Value::Number(n) => Ok(Some(n.to_string())),
        Value::String(s) => Ok(Some(s.clone())),
        _ => Err("a field's expected value is one text, number, true/false or null".into()),
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PendingExpect {
    pub tool: String,
    /// proposed, confirmed, rejected, expired, …
    pub state: String,
}

/// A scenario read from its file, with where it came from.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub id: String,
    pub file: PathBuf,
    pub scenario: Scenario,
}

impl Scenario {
    /// Parse and check a scenario's text; errors name the file, the line and the key.
    pub fn parse(file: &Path, text: &str) -> Result<Scenario> {
        cx_core::config::parse_text(file, text, Scenario::validate).map_err(EvalError::from)
    }

    /// The semantic checks serde cannot make: `(key, message)` as the config loader reports.
    pub fn validate(&self) -> std::result::Result<(), (String, String)> {
        use cx_core::db::entity::{EscalationReason, PendingState};
        use cx_core::tools::TOOL_NAMES;
        let bad = |key: &str, message: String| Err((key.to_owned(), message));
        let tool_ok = |t: &str| TOOL_NAMES.contains(&t);
        if self.title.trim().is_empty() {
            return bad("title", "a scenario needs a title".into());
        }
        let c = &self.customer;
        if c.lines.is_empty() && c.goal.is_none() {
            return bad(
                "customer",
                "the customer needs `lines`, or a `goal` for a simulated customer".into(),
            );
        }
        for (i, step) in c.lines.iter().enumerate() {
            let key = format!("customer.lines[{i}]");
            match step.action() {
                Err(message) => return bad(&key, message),
                Ok(Action::Decide {
                    tool: Some(tool), ..
                }) if !tool_ok(&tool) => {
                    return bad(&key, format!("unknown tool `{tool}` (or `latest`)"));
                }
                Ok(_) => {}
            }
        }
        if let Some(tool) = c.decisions.keys().find(|t| !tool_ok(t)) {
            return bad("customer.decisions", format!("unknown tool `{tool}`"));
        }
        if c.max_turns == Some(0) || c.max_turns.is_some_and(|n| n > 50) {
            return bad("customer.max_turns", "between 1 and 50".into());
        }
        for (i, reply) in self.model.iter().enumerate() {
            reply.check().or_else(|m| bad(&format!("model[{i}]"), m))?;
        }
        let e = &self.expect;
        if let Some(esc) = &e.escalation {
            let reason = esc.reason();
            if reason != "none" && reason.parse::<EscalationReason>().is_err() {
                let known: Vec<&str> = EscalationReason::ALL.iter().map(|r| r.as_str()).collect();
                return bad(
                    "expect.escalation",
                    format!(
                        "unknown reason `{reason}`; expected none or one of {}",
                        known.join(", ")
                    ),
                );
            }
            if let Some(p) = esc.priority()
                && p.parse::<cx_core::db::entity::TicketPriority>().is_err()
            {
                return bad(
                    "expect.escalation.priority",
                    format!("unknown priority `{p}`"),
                );
            }
        }
        if let Some(Verified::Nobody(true)) = &e.verified {
            return bad(
                "expect.verified",
                "the verified customer's email, or false".into(),
            );
        }
        for (key, tools) in [
            ("expect.tools_called", &e.tools_called),
            ("expect.tools_not_called", &e.tools_not_called),
        ] {
            if let Some(t) = tools.iter().find(|t| !tool_ok(t)) {
                return bad(key, format!("unknown tool `{t}`"));
            }
        }
        for p in e.pending.iter().flatten() {
            if !tool_ok(&p.tool) {
                return bad("expect.pending", format!("unknown tool `{}`", p.tool));
            }
            if p.state.parse::<PendingState>().is_err() {
                return bad("expect.pending", format!("unknown state `{}`", p.state));
            }
        }
        let mut seen = std::collections::BTreeSet::new();
        for ch in &e.changes {
            if !seen.insert((ch.record, ch.id)) {
                return bad(
                    "expect.changes",
                    format!("{} {} is listed twice", ch.record, ch.id),
                );
            }
        }
        Ok(())
    }

    /// Whether a simulated customer can play it.
    pub fn has_goal(&self) -> bool {
        self.customer.goal.is_some()
    }
}

impl ScriptedReply {
    fn check(&self) -> std::result::Result<(), String> {
        let kinds = [
            self.text.is_some() && self.tool_call.is_none() && self.tool_calls.is_empty(),
            self.tool_call.is_some(),
            !self.tool_calls.is_empty(),
            self.error.is_some(),
        ];
        if kinds.iter().filter(|k| **k).count() != 1 {
            return Err(
                "a scripted answer is one of: text, tool_call (+ arguments), tool_calls, error"
                    .into(),
            );
        }
        if self.arguments.is_some() && self.tool_call.is_none() {
            return Err("`arguments` belong to `tool_call`".into());
        }
        if let Some(status) = self.error
            && !(400..=599).contains(&status)
        {
            return Err(format!("error {status} is not an HTTP error status"));
        }
        Ok(())
    }
}

/// Every scenario under the given files and folders (folders recursively, `*.yaml`/`*.yml`, in
/// name order). Ids are the paths under the folder given, without the extension.
pub fn load_all(paths: &[PathBuf]) -> Result<Vec<Loaded>> {
    let mut out = Vec::new();
    for path in paths {
        if path.is_dir() {
            let mut files = Vec::new();
            collect(path, &mut files)?;
            files.sort();
            for file in files {
                let rel = file.strip_prefix(path).unwrap_or(&file).with_extension("");
                out.push(load_one(&file, &rel.to_string_lossy())?);
            }
        } else if path.is_file() {
            let stem = path.file_stem().unwrap_or_default().to_string_lossy();
            out.push(load_one(path, &stem)?);
        } else {
            return Err(EvalError::Input(format!(
                "{}: no such scenario file or folder",
                path.display()
            )));
        }
    }
    let mut ids = std::collections::BTreeMap::new();
    for l in &out {
        if let Some(other) = ids.insert(l.id.clone(), l.file.clone()) {
            return Err(EvalError::Input(format!(
                "scenario id `{}` is used by both {} and {}",
                l.id,
                other.display(),
                l.file.display()
            )));
        }
    }
    if out.is_empty() {
        return Err(EvalError::Input("no scenario files found".into()));
    }
    Ok(out)
}

fn load_one(file: &Path, default_id: &str) -> Result<Loaded> {
    let text = std::fs::read_to_string(file)
        .map_err(|e| EvalError::Input(format!("{}: cannot read: {e}", file.display())))?;
    let scenario = Scenario::parse(file, &text)?;
    Ok(Loaded {
        id: scenario
            .id
            .clone()
            .unwrap_or_else(|| default_id.replace('\\', "/")),
        file: file.to_path_buf(),
        scenario,
    })
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) -> Result<()> {
    let entries = std::fs::read_dir(dir)
        .map_err(|e| EvalError::Input(format!("{}: cannot read: {e}", dir.display())))?;
    for entry in entries {
        let path = entry
            .map_err(|e| EvalError::Input(format!("{}: {e}", dir.display())))?
            .path();
        if path.is_dir() {
            collect(&path, files)?;
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("yaml" | "yml")
        ) {
            files.push(path);
        }
    }
    Ok(())
}
