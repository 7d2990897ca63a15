//! Running scenarios: each trial on a fresh copy of the demo database, through the kiosk's own
//! API (the same policy checks a kiosk station gets), then the end state read and checked.

use crate::customer::SimulatedCustomer;
use crate::error::{EvalError, Result};
use crate::expect::{self, Observed, clip};
use crate::report::{Line, ScenarioResult, TrialResult};
use crate::scenario::{Action, Answer, Loaded, Scenario, ScriptedReply};
use crate::state::Snapshot;
use cx_core::db::entity::{Channel, PendingState, customer, pending_action, session};
use cx_core::pending::Decision;
use cx_core::policy::Actor;
use cx_core::provider::{Provider, ProviderSettings};
use cx_core::{Core, Engine, TurnOutcome, api};
use cx_llm::ChatModel;
use cx_test_llm::{Reply, ScriptedServer, ToolCallSpec};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

/// Who plays the assistant (and, with a model, the simulated customer).
#[derive(Clone, Debug)]
pub enum Player {
    /// The offline assistant; a scenario with a `model:` script gets the scripted server instead.
    Offline,
    /// A configured model; it also plays the customer of scenarios that have a goal.
    Model {
        assistant: ProviderSettings,
        customer: ProviderSettings,
    },
}

impl Player {
    pub fn name(&self) -> String {
        match self {
            Player::Offline => "offline".into(),
            Player::Model { assistant, .. } => {
                let provider = match assistant.provider {
                    Provider::Offline => "offline",
                    Provider::Openai => "openai",
                    Provider::Ollama => "ollama",
                    Provider::Custom => "custom",
                };
                match &assistant.model {
                    Some(m) => format!("{provider}:{m}"),
                    None => provider.to_owned(),
                }
            }
        }
    }
}

/// What plays one scenario, or why it is not run with this player.
enum Cast {
    Run {
        assistant: Assistant,
        simulated: Option<ProviderSettings>,
    },
    NotRun(String),
}

enum Assistant {
    Offline,
    Scripted,
    Model(ProviderSettings),
}

impl Assistant {
    fn label(&self) -> &'static str {
        match self {
            Assistant::Offline => "offline",
            Assistant::Scripted => "scripted",
            Assistant::Model(_) => "model",
        }
    }
}

fn cast(player: &Player, s: &Scenario) -> Cast {
    match player {
        Player::Offline if s.customer.lines.is_empty() => {
            Cast::NotRun("needs a model to play the simulated customer".into())
        }
        Player::Offline => Cast::Run {
            assistant: if s.model.is_empty() {
                Assistant::Offline
            } else {
                Assistant::Scripted
            },
            simulated: None,
        },
        Player::Model { .. } if s.scripted_only => {
            Cast::NotRun("tests the engine against scripted answers only".into())
        }
        Player::Model {
            assistant,
            customer,
        } => Cast::Run {
            assistant: Assistant::Model(assistant.clone()),
            simulated: s.has_goal().then(|| customer.clone()),
        },
    }
}

/// A suite run: the demo database prepared once, copied for every trial.
pub struct Runner {
    config_dir: PathBuf,
    dir: tempfile::TempDir,
    template: PathBuf,
    /// The template's records: every trial starts from them.
    start: Snapshot,
    player: Player,
}

impl Runner {
    /// Migrate and seed the demo data once, in a temporary folder.
    pub async fn new(config_dir: &Path, player: Player) -> Result<Runner> {
        let dir =
            tempfile::tempdir().map_err(|e| EvalError::Io(format!("temporary folder: {e}")))?;
        let seeded = dir.path().join("seeded.db");
        let template = dir.path().join("demo.db");
        let core = Core::open(&seeded.to_string_lossy(), config_dir).await?;
        cx_core::seed::seed(&core.db).await?;
        let start = Snapshot::take(&core.db).await?;
        // VACUUM INTO writes one self-contained file whatever the WAL holds.
        let into = template.to_string_lossy().replace('\'', "''");
        core.db
            .execute_unprepared(&format!("VACUUM INTO '{into}'"))
            .await
            .map_err(cx_core::CoreError::from)?;
        core.db.close().await.map_err(cx_core::CoreError::from)?;
        Ok(Runner {
            config_dir: config_dir.to_path_buf(),
            dir,
            template,
            start,
            player,
        })
    }

    pub fn player(&self) -> &Player {
        &self.player
    }

    /// Every trial of one scenario.
    pub async fn scenario(&self, loaded: &Loaded, trials: u32) -> ScenarioResult {
        let mut result = ScenarioResult::new(loaded);
        match cast(&self.player, &loaded.scenario) {
            Cast::NotRun(why) => result.not_run = Some(why),
            Cast::Run {
                assistant,
                simulated,
            } => {
                result.played_by = Some(assistant.label().into());
                result.customer = Some(
                    if simulated.is_some() {
                        "simulated"
                    } else {
                        "lines"
                    }
                    .into(),
                );
                for n in 1..=trials {
                    let trial = self.trial(loaded, n, &assistant, simulated.as_ref()).await;
                    result.push(trial);
                }
            }
        }
        result
    }

    async fn trial(
        &self,
        loaded: &Loaded,
        n: u32,
        assistant: &Assistant,
        simulated: Option<&ProviderSettings>,
    ) -> TrialResult {
        let started = Instant::now();
        let mut trial = TrialResult::new(n);
        let db_file = self.dir.path().join(format!("trial-{n}.db"));
        let outcome = self
            .play(loaded, &db_file, assistant, simulated, &mut trial)
            .await;
        if let Err(e) = outcome {
            trial.failures.push(format!("could not run: {e}"));
        }
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", db_file.display()));
        }
        trial.passed = trial.failures.is_empty();
        trial.duration_ms = started.elapsed().as_millis() as u64;
        trial
    }

    async fn play(
        &self,
        loaded: &Loaded,
        db_file: &Path,
        assistant: &Assistant,
        simulated: Option<&ProviderSettings>,
        trial: &mut TrialResult,
    ) -> Result<()> {
        let s = &loaded.scenario;
        std::fs::copy(&self.template, db_file)
            .map_err(|e| EvalError::Io(format!("copying the demo database: {e}")))?;
        let core = Core::open(&db_file.to_string_lossy(), &self.config_dir).await?;
        let (model, _server) = self.assistant_model(assistant, s, &core).await?;
        let engine = Engine::new(core, model);
        let actor = Actor::kiosk_station("eval");
        let session =
            api::kiosk::start_session(&engine, &actor, Channel::Kiosk, s.tone.as_deref(), None)
                .await?;
        let mut turns = Turns::default();
        match simulated {
            Some(settings) => {
                let model =
                    cx_core::provider::build(settings, &engine.core.config.escalation.model)?;
                simulate(&engine, &actor, session.id, s, model, &mut turns).await
            }
            None => play_lines(&engine, &actor, session.id, s, &mut turns).await,
        }
        let after = Snapshot::take(&engine.core.db).await?;
        let changes = self.start.diff(&after);
        let seen = observe(&engine, session.id, turns.seen, changes, after).await?;
        trial.failures = turns.failures;
        trial.failures.extend(expect::check(&s.expect, &seen));
        trial.conversation = turns.lines;
        trial.turns = turns.count;
        trial.escalation = seen.escalation.map(|(reason, _)| reason);
        trial.evidence = seen.evidence;
        trial.changes = seen.changes;
        engine
            .core
            .db
            .close_by_ref()
            .await
            .map_err(cx_core::CoreError::from)?;
        Ok(())
    }

    /// The model for one trial; a scripted server lives as long as the returned handle.
    async fn assistant_model(
        &self,
        assistant: &Assistant,
        s: &Scenario,
        core: &Core,
    ) -> Result<(Arc<dyn ChatModel>, Option<ScriptedServer>)> {
        let limits = &core.config.escalation.model;
        Ok(match assistant {
            Assistant::Offline => (
                cx_core::provider::build(&ProviderSettings::default(), limits)?,
                None,
            ),
            Assistant::Model(settings) => (cx_core::provider::build(settings, limits)?, None),
            Assistant::Scripted => {
                let server = ScriptedServer::with_replies(s.model.iter().enumerate().map(reply))
                    .await
                    .map_err(|e| EvalError::Io(format!("starting the scripted model: {e}")))?;
                let settings = ProviderSettings {
                    provider: Provider::Custom,
                    base_url: Some(server.base_url()),
                    model: Some("scripted".into()),
                    api_key: None,
                    stream: false,
                };
                (cx_core::provider::build(&settings, limits)?, Some(server))
            }
        })
    }
}

/// A scripted answer on the wire.
fn reply((i, r): (usize, &ScriptedReply)) -> Reply {
    let args = |a: &Option<serde_yaml::Value>| match a {
        Some(serde_yaml::Value::String(raw)) => raw.clone(),
        Some(v) => serde_json::to_string(v).unwrap_or_default(),
        None => "{}".into(),
    };
    if let Some(status) = r.error {
        return Reply::http_error(status, "scripted failure");
    }
    if let Some(name) = &r.tool_call {
        return Reply::tool_call(format!("call_{i}"), name, args(&r.arguments));
    }
    if !r.tool_calls.is_empty() {
        return Reply::tool_calls(r.tool_calls.iter().enumerate().map(|(j, c)| {
            ToolCallSpec::new(format!("call_{i}_{j}"), &c.name, args(&c.arguments))
        }));
    }
    Reply::text(r.text.clone().unwrap_or_default())
}

/// What the steps produced, as they happened.
#[derive(Default)]
struct Turns {
    seen: Seen,
    failures: Vec<String>,
    lines: Vec<Line>,
    count: u32,
}

#[derive(Default)]
struct Seen {
    replies: Vec<String>,
    tools: Vec<String>,
}

impl Turns {
    fn customer(&mut self, text: &str) {
        self.count += 1;
        self.lines.push(Line::new("customer", clip(text, 300)));
    }

    /// Record a turn's outcome; the reply, if any, is returned for per-step checks.
    fn outcome(&mut self, o: &TurnOutcome) -> Option<String> {
        for c in &o.tool_calls {
            self.seen.tools.push(c.name.clone());
            self.lines.push(Line::new(
                "tool",
                clip(&format!("{} {} → {}", c.name, c.arguments, c.result), 300),
            ));
        }
        for p in o
            .pending_actions
            .iter()
            .filter(|p| p.state == PendingState::Proposed)
        {
            self.lines.push(Line::new(
                "confirmation",
                format!("#{} {} {}", p.id, p.tool, p.arguments),
            ));
        }
        if let Some(r) = &o.reply {
            self.seen.replies.push(r.clone());
            self.lines.push(Line::new("assistant", r.clone()));
        }
        if let Some(e) = &o.escalation {
            self.lines.push(Line::new(
                "handover",
                format!(
                    "{} ({})",
                    e.reason,
                    e.priority.map_or(String::new(), |p| p.to_string())
                ),
            ));
        }
        o.reply.clone()
    }
}

async fn play_lines(engine: &Engine, actor: &Actor, sid: i64, s: &Scenario, turns: &mut Turns) {
    for (i, step) in s.customer.lines.iter().enumerate() {
        let full = step.full();
        let Ok(action) = step.action() else {
            continue; // validated when the file was read
        };
        let label = format!("step {}", i + 1);
        let result = act(engine, actor, sid, &action, turns).await;
        match (result, &full.error) {
            (Ok(outcome), None) => {
                let reply = outcome.as_ref().and_then(|o| turns.outcome(o));
                let reply = reply.unwrap_or_default();
                for want in &full.reply_contains {
                    if !expect::states(&reply, want) {
                        turns.failures.push(format!(
                            "{label}: the reply does not state \"{want}\": \"{}\"",
                            clip(&reply, 160)
                        ));
                    }
                }
                for never in &full.reply_never {
                    if expect::contains(&reply, never) {
                        turns.failures.push(format!(
                            "{label}: the reply shows \"{never}\": \"{}\"",
                            clip(&reply, 160)
                        ));
                    }
                }
            }
            (Ok(outcome), Some(want)) => {
                if let Some(o) = &outcome {
                    turns.outcome(o);
                }
                turns.failures.push(format!(
                    "{label}: expected a refusal containing \"{want}\", the step was accepted"
                ));
            }
            (Err(e), Some(want)) if expect::contains(&e, want) => {
                turns.lines.push(Line::new("refused", e));
            }
            (Err(e), want) => {
                turns.lines.push(Line::new("refused", e.clone()));
                turns.failures.push(match want {
                    Some(want) => {
                        format!("{label}: expected a refusal containing \"{want}\", got: {e}")
                    }
                    None => format!("{label}: refused: {e}"),
                });
            }
        }
    }
}

/// One step through the kiosk API; Ok(None) for a step without a turn (the customer left).
async fn act(
    engine: &Engine,
    actor: &Actor,
    sid: i64,
    action: &Action,
    turns: &mut Turns,
) -> std::result::Result<Option<TurnOutcome>, String> {
    let shown = |e: cx_core::CoreError| e.to_string();
    match action {
        Action::Say(text) => {
            turns.customer(text);
            api::kiosk::send_message(engine, actor, sid, text)
                .await
                .map(Some)
                .map_err(shown)
        }
        Action::Decide { answer, tool } => {
            let (decision, word) = match answer {
                Answer::Confirm => (Decision::Confirm, "Yes"),
                Answer::Reject => (Decision::Reject, "No"),
            };
            let id = newest_proposed(engine, sid, tool.as_deref())
                .await
                .map_err(shown)?
                .ok_or_else(|| {
                    format!(
                        "no proposed {} to answer",
                        tool.as_deref()
                            .map_or("action".into(), |t| format!("{t} action"))
                    )
                })?;
            turns.customer(&format!("[presses {word} on #{id}]"));
            api::kiosk::decide_action(engine, actor, sid, id, decision)
                .await
                .map(Some)
                .map_err(shown)
        }
        Action::RequestHuman => {
            turns.customer("[presses Talk to a person]");
            api::kiosk::request_human(engine, actor, sid)
                .await
                .map(Some)
                .map_err(shown)
        }
        Action::End => {
            turns.customer("[leaves]");
            api::kiosk::end_session(engine, actor, sid)
                .await
                .map(|()| None)
                .map_err(shown)
        }
    }
}

/// The card a press answers: the newest proposed action (of the tool), else the newest decided
/// one, so a press on a withdrawn or decided card gets the engine's own refusal.
async fn newest_proposed(
    engine: &Engine,
    sid: i64,
    tool: Option<&str>,
) -> cx_core::Result<Option<i64>> {
    let mut q = pending_action::Entity::find().filter(pending_action::Column::SessionId.eq(sid));
    if let Some(t) = tool {
        q = q.filter(pending_action::Column::Tool.eq(t));
    }
    let actions = q
        .order_by_desc(pending_action::Column::Id)
        .all(&engine.core.db)
        .await?;
    let proposed = actions.iter().find(|p| p.state == PendingState::Proposed);
    Ok(proposed.or(actions.first()).map(|p| p.id))
}

/// The simulated customer's conversation: at most `max_turns` messages, confirmation cards
/// answered from the scenario's `decisions`, over when they stop or a person is on the way.
async fn simulate(
    engine: &Engine,
    actor: &Actor,
    sid: i64,
    s: &Scenario,
    model: Arc<dyn ChatModel>,
    turns: &mut Turns,
) {
    let mut customer = SimulatedCustomer::new(model, &s.customer);
    let mut screen = String::from(
        "The kiosk's start screen says: \"Hello! How can I help you today?\" Write your first message.",
    );
    for _ in 0..s.customer.max_turns.unwrap_or(8) {
        let line = match customer.next(&screen).await {
            Ok(Some(line)) => line,
            Ok(None) => break,
            Err(e) => {
                turns
                    .failures
                    .push(format!("the simulated customer's model failed: {e}"));
                return;
            }
        };
        let action = Action::Say(line);
        let outcome = match act(engine, actor, sid, &action, turns).await {
            Ok(Some(o)) => o,
            Ok(None) => break,
            Err(e) => {
                turns.lines.push(Line::new("refused", e.clone()));
                screen = format!("The kiosk shows an error: {e}");
                continue;
            }
        };
        let (text, handed_over) = show(engine, actor, sid, s, &outcome, turns).await;
        screen = text;
        if handed_over || customer.stopped() {
            break;
        }
    }
}

/// What the customer sees after a turn, answering any confirmation card as the scenario says.
async fn show(
    engine: &Engine,
    actor: &Actor,
    sid: i64,
    s: &Scenario,
    outcome: &TurnOutcome,
    turns: &mut Turns,
) -> (String, bool) {
    let mut screen = turns.outcome(outcome).unwrap_or_default();
    let mut handed_over = outcome.escalation.is_some();
    for p in outcome
        .pending_actions
        .iter()
        .filter(|p| p.state == PendingState::Proposed)
    {
        let answer = s
            .customer
            .decisions
            .get(&p.tool)
            .copied()
            .unwrap_or(Answer::Reject);
        let action = Action::Decide {
            answer,
            tool: Some(p.tool.clone()),
        };
        let pressed = if answer == Answer::Confirm {
            "Yes"
        } else {
            "No"
        };
        screen.push_str(&format!(
            "\n[The screen asked you to confirm: {} {}. You pressed {pressed}.]",
            p.tool, p.arguments
        ));
        if let Ok(Some(o)) = act(engine, actor, sid, &action, turns).await {
            if let Some(r) = turns.outcome(&o) {
                screen.push_str(&format!("\n{r}"));
            }
            handed_over |= o.escalation.is_some();
        }
    }
    if handed_over {
        screen.push_str("\n[The screen says a person will join you shortly.]");
    }
    (screen, handed_over)
}

/// The session's end state for the checks.
async fn observe(
    engine: &Engine,
    sid: i64,
    seen: Seen,
    changes: Vec<crate::state::FieldChange>,
    after: Snapshot,
) -> cx_core::Result<Observed> {
    let db = &engine.core.db;
    let s = session::Entity::find_by_id(sid)
        .one(db)
        .await?
        .ok_or_else(|| cx_core::CoreError::Internal(format!("session {sid} vanished")))?;
    let verified = match s.customer_id.filter(|_| s.customer_verified) {
        Some(id) => customer::Entity::find_by_id(id)
            .one(db)
            .await?
            .map(|c| c.email),
        None => None,
    };
    let pending = pending_action::Entity::find()
        .filter(pending_action::Column::SessionId.eq(sid))
        .order_by_asc(pending_action::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.tool, p.state.to_string()))
        .collect();
    Ok(Observed {
        replies: seen.replies,
        tools_called: seen.tools,
        escalation: s
            .escalation_reason
            .map(|r| (r.to_string(), s.escalation_priority.map(|p| p.to_string()))),
        verified,
        pending,
        changes,
        after,
        // Staff-only (a held answer and its unsupported claims), for reading a failure: the eval
        // is operator tooling, not the kiosk.
        evidence: s.escalation_evidence,
    })
}
