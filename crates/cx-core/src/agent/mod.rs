//! The agent engine: one customer turn as DESIGN.md describes it —
//! validate → store → pre-checks → model ⇄ tools (`converse`, shared with the co-pilot) → claim
//! ledger → store — plus what people do
//! with a session (take it, answer, hand it back, close it) and pending-action decisions.

mod converse;
mod copilot;
mod escalate;
mod memory;
mod mood;
mod prompt;
#[cfg(test)]
mod tests;
pub mod texts;
pub mod transcript;
mod turn;

pub use crate::pending::PendingView;
pub use copilot::Suggestion;
pub use escalate::Escalation;
pub use prompt::{PromptFacts, system_prompt};

use crate::Core;
use crate::Language;
use crate::audit::{self, AuditActor};
use crate::db::entity::{Channel, MessageRole, SessionStatus, session};
use crate::error::{CoreError, Result};
use crate::events::{CoreEvent, Events};
use crate::pending::{Decider, Decision};
use crate::policy::{Access, Actor};
use crate::sessions::{self, NewMessage};
use cx_llm::ChatModel;
use sea_orm::{ActiveModelTrait, Set};
use serde::Serialize;
use serde_json::{Value, json};
use std::sync::{Arc, RwLock};

/// One tool call of a turn, as the CLI's JSON lines and the windows show it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ToolCallView {
    pub name: String,
    pub arguments: Value,
    pub result: Value,
}

/// What one customer input produced. `reply` is what the customer may see: never an answer the
/// grounding guard held back.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TurnOutcome {
    pub session_id: i64,
    pub reply: Option<String>,
    pub escalated: bool,
    pub escalation: Option<Escalation>,
    pub tool_calls: Vec<ToolCallView>,
    pub pending_actions: Vec<PendingView>,
}

impl TurnOutcome {
    /// A turn that has produced nothing yet.
    pub(crate) fn empty(session_id: i64) -> Self {
        TurnOutcome {
            session_id,
            reply: None,
            escalated: false,
            escalation: None,
            tool_calls: vec![],
            pending_actions: vec![],
        }
    }
}

/// The engine: the core plus a language model (swappable at run time, e.g. from settings).
#[derive(Clone)]
pub struct Engine {
    pub core: Core,
    model: Arc<RwLock<Arc<dyn ChatModel>>>,
    pub events: Events,
    /// What each session's turns derived so far (see `memory`).
    memory: memory::Memories,
}

/// What the customer sees when a person takes over (in English; see [`texts::Texts`] for the
/// other languages).
pub const HANDOFF_REPLY: &str =
    "I'm bringing in a member of our team to help you. A person will join you shortly.";

impl Engine {
    pub fn new(core: Core, model: Arc<dyn ChatModel>) -> Self {
        Engine {
            core,
            model: Arc::new(RwLock::new(model)),
            events: Events::default(),
            memory: memory::Memories::default(),
        }
    }

    pub fn model(&self) -> Arc<dyn ChatModel> {
        match self.model.read() {
            Ok(m) => m.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    pub fn set_model(&self, model: Arc<dyn ChatModel>) {
        match self.model.write() {
            Ok(mut m) => *m = model,
            Err(poisoned) => *poisoned.into_inner() = model,
        }
    }

    pub fn subscribe(&self) -> tokio::sync::broadcast::Receiver<CoreEvent> {
        self.events.subscribe()
    }

    /// A new English session in the given tone (the configured default when None).
    pub async fn start_session(
        &self,
        channel: Channel,
        tone: Option<&str>,
    ) -> Result<session::Model> {
        self.start_session_at(channel, tone, None, Language::En)
            .await
    }

    /// A new session started by a station (a kiosk, a terminal): only that station may act in it.
    /// `language` is the customer's: the assistant answers in it (see `prompt`).
    pub async fn start_session_at(
        &self,
        channel: Channel,
        tone: Option<&str>,
        station: Option<&str>,
        language: Language,
    ) -> Result<session::Model> {
        let prompts = &self.core.config.prompts;
        let tone = tone.unwrap_or(&prompts.default_tone);
        prompts.tone(tone)?;
        let s = sessions::create_at(&self.core.db, channel, tone, None, station, language).await?;
        self.events.emit(CoreEvent::SessionChanged {
            session_id: s.id,
            status: s.status,
        });
        Ok(s)
    }

    /// The customer's turn. See `turn.rs`.
    pub async fn customer_turn(&self, session_id: i64, text: &str) -> Result<TurnOutcome> {
        turn::run(self, session_id, text).await
    }

    pub(crate) async fn store(
        &self,
        session_id: i64,
        m: NewMessage,
    ) -> Result<crate::db::entity::message::Model> {
        let row = sessions::append(&self.core.db, session_id, m).await?;
        self.announce(std::slice::from_ref(&row));
        Ok(row)
    }

    /// Tell every window about messages just stored.
    pub(crate) fn announce(&self, rows: &[crate::db::entity::message::Model]) {
        for row in rows {
            self.events.emit(CoreEvent::MessageAdded {
                session_id: row.session_id,
                message_id: row.id,
                role: row.role,
            });
        }
    }

    /// The customer at the kiosk answers a pending action (Yes / No).
    pub async fn customer_decides(
        &self,
        session_id: i64,
        action_id: i64,
        decision: Decision,
    ) -> Result<TurnOutcome> {
        self.decide(
            session_id,
            action_id,
            decision,
            &Decider::Customer { session_id },
        )
        .await
    }

    /// An agent approves or rejects a co-pilot proposal.
    pub async fn staff_decides(
        &self,
        actor: &Actor,
        action_id: i64,
        decision: Decision,
    ) -> Result<TurnOutcome> {
        let action = crate::db::entity::pending_action::Entity::find_by_id(action_id)
            .one(&self.core.db)
            .await?
            .ok_or_else(|| CoreError::not_found(format!("no pending action {action_id}")))?;
        self.decide(
            action.session_id,
            action_id,
            decision,
            &Decider::Staff(actor.clone()),
        )
        .await
    }

    async fn decide(
        &self,
        session_id: i64,
        action_id: i64,
        decision: Decision,
        decider: &Decider,
    ) -> Result<TurnOutcome> {
        let decided = crate::pending::decide(
            &self.core.db,
            &self.core.policy,
            action_id,
            decision,
            decider,
        )
        .await?;
        if decided.session_id != session_id {
            return Err(CoreError::denied("that action belongs to another session"));
        }
        self.events.emit(CoreEvent::PendingActionChanged {
            session_id,
            action_id,
            state: decided.state,
        });
        let mut tool_calls = Vec::new();
        let texts = texts::Texts::of(sessions::get(&self.core.db, session_id).await?.language());
        let reply = match decision {
            Decision::Confirm => {
                let result = decided.result.clone().unwrap_or(Value::Null);
                // The applied result is a tool result of this session: later answers may cite it.
                self.store(
                    session_id,
                    NewMessage {
                        role: Some(MessageRole::Tool),
                        content: String::new(),
                        tool_name: Some(decided.tool.clone()),
                        tool_call_id: Some(format!("pending_{action_id}")),
                        tool_arguments: Some(decided.arguments.clone()),
                        tool_result: Some(result.clone()),
                        sentiment: None,
                        ledger: None,
                    },
                )
                .await?;
                tool_calls.push(ToolCallView {
                    name: decided.tool.clone(),
                    arguments: decided.arguments.clone(),
                    result,
                });
                texts.confirmed
            }
            Decision::Reject => texts.rejected,
        };
        self.store(session_id, NewMessage::text(MessageRole::Assistant, reply))
            .await?;
        let s = sessions::get(&self.core.db, session_id).await?;
        Ok(TurnOutcome {
            session_id,
            reply: Some(reply.to_owned()),
            escalated: s.escalation_reason.is_some() && s.status != SessionStatus::Active,
            escalation: Escalation::of(&s),
            tool_calls,
            pending_actions: vec![PendingView::from(&decided)],
        })
    }

    /// The kiosk's "Talk to a person" button.
    pub async fn request_human(&self, session_id: i64) -> Result<TurnOutcome> {
        let s = sessions::get(&self.core.db, session_id).await?;
        if s.status == SessionStatus::Closed {
            return Err(CoreError::Refused(format!(
                "session {session_id} has ended; start a new one"
            )));
        }
        let (esc, staffing) = escalate::escalate(
            self,
            &s,
            crate::db::entity::EscalationReason::HumanRequested,
            json!({ "source": "the customer pressed \"Talk to a person\"" }),
        )
        .await?;
        let texts = texts::Texts::of(s.language());
        let reply = texts.handover(texts.handoff, &staffing);
        self.store(
            session_id,
            NewMessage::text(MessageRole::Assistant, reply.clone()),
        )
        .await?;
        Ok(TurnOutcome {
            session_id,
            reply: Some(reply),
            escalated: true,
            escalation: esc,
            tool_calls: vec![],
            pending_actions: vec![],
        })
    }

    /// An agent takes the session (from the queue).
    pub async fn accept(&self, actor: &Actor, session_id: i64) -> Result<session::Model> {
        self.change_session(actor, "accept_session", session_id, |s, who| {
            if s.status == SessionStatus::Closed {
                return Err(CoreError::Refused("the session is closed".into()));
            }
            if s.status == SessionStatus::WithAgent && s.assigned_agent.as_deref() != Some(who) {
                return Err(CoreError::Conflict(format!(
                    "{} already has this session",
                    s.assigned_agent.clone().unwrap_or_default()
                )));
            }
            Ok((SessionStatus::WithAgent, Some(who.to_owned())))
        })
        .await
    }

    /// Hand the session back to the assistant.
    pub async fn release(&self, actor: &Actor, session_id: i64) -> Result<session::Model> {
        self.change_session(actor, "release_session", session_id, |s, _| {
            if s.status == SessionStatus::Closed {
                return Err(CoreError::Refused("the session is closed".into()));
            }
            Ok((SessionStatus::Active, None))
        })
        .await
    }

    /// Close a session (an agent, or the kiosk when the customer leaves or goes idle). Its
    /// insights and the customer's profile are computed on the way.
    pub async fn close(&self, actor: &Actor, session_id: i64) -> Result<session::Model> {
        let command = if actor.role == crate::policy::Role::KioskAssistant {
            "kiosk_end_session"
        } else {
            "close_session"
        };
        let closed = self
            .change_session(actor, command, session_id, |s, _| {
                Ok((SessionStatus::Closed, s.assigned_agent.clone()))
            })
            .await?;
        for expired in crate::pending::expire_open(&self.core.db, session_id).await? {
            self.events.emit(CoreEvent::PendingActionChanged {
                session_id,
                action_id: expired.id,
                state: expired.state,
            });
        }
        crate::insights::on_close(&self.core.db, session_id).await?;
        self.memory.forget(session_id);
        Ok(closed)
    }

    /// Change a session's status and agent. The write applies only if the session is still as it
    /// was read (compare and set), so of two agents accepting at once exactly one gets it; the
    /// other reads it again and is told who has it.
    async fn change_session(
        &self,
        actor: &Actor,
        command: &str,
        session_id: i64,
        next: impl Fn(&session::Model, &str) -> Result<(SessionStatus, Option<String>)>,
    ) -> Result<session::Model> {
        let policy = &self.core.policy;
        policy.check(actor, Access::Command(command))?;
        if actor.role == crate::policy::Role::KioskAssistant && actor.session_id != Some(session_id)
        {
            return Err(CoreError::denied("the kiosk may only end its own session"));
        }
        let who = actor.id.clone().unwrap_or_else(|| actor.role.to_string());
        let may_write = || {
            if actor.role == crate::policy::Role::KioskAssistant {
                return Ok(());
            }
            policy.check(
                actor,
                Access::Write {
                    table: "sessions",
                    column: "status",
                },
            )
        };
        for _ in 0..3 {
            let s = sessions::get(&self.core.db, session_id).await?;
            let (status, agent) = next(&s, &who)?;
            may_write()?;
            let Some(updated) = sessions::set_status_if(&self.core.db, &s, status, agent).await?
            else {
                continue;
            };
            let before = json!({ "status": s.status, "assigned_agent": s.assigned_agent });
            let after =
                json!({ "status": updated.status, "assigned_agent": updated.assigned_agent });
            audit::record(
                &self.core.db,
                &AuditActor::from_actor(actor),
                command,
                "sessions",
                session_id,
                Some(before),
                Some(after),
            )
            .await?;
            self.events.emit(CoreEvent::SessionChanged {
                session_id,
                status: updated.status,
            });
            return Ok(updated);
        }
        Err(CoreError::Conflict(
            "the session kept changing while this was tried; look again".into(),
        ))
    }

    /// An agent's message to the customer.
    pub async fn agent_reply(
        &self,
        actor: &Actor,
        session_id: i64,
        text: &str,
    ) -> Result<crate::db::entity::message::Model> {
        self.core
            .policy
            .check(actor, Access::Command("send_agent_message"))?;
        let text =
            crate::validate::customer_message(text, self.core.config.escalation.max_message_chars)?;
        let s = sessions::get(&self.core.db, session_id).await?;
        if s.status == SessionStatus::Closed {
            return Err(CoreError::Refused("the session is closed".into()));
        }
        if s.status != SessionStatus::WithAgent {
            self.accept(actor, session_id).await?;
        }
        let stored = self
            .store(session_id, NewMessage::text(MessageRole::Agent, text))
            .await?;
        let who = actor.id.clone().unwrap_or_else(|| actor.role.to_string());
        sessions::note_agent_reply(&self.core.db, session_id, &who, stored.created_at).await?;
        Ok(stored)
    }

    /// Change a session's tone (an unknown tone is a clear error listing the valid ones).
    pub async fn set_tone(
        &self,
        actor: &Actor,
        session_id: i64,
        tone: &str,
    ) -> Result<session::Model> {
        self.core
            .policy
            .check(actor, Access::Command("set_session_tone"))?;
        self.core.config.prompts.tone(tone)?;
        let s = sessions::get(&self.core.db, session_id).await?;
        let before = json!({ "tone": s.tone });
        let mut am: session::ActiveModel = s.into();
        am.tone = Set(tone.to_owned());
        am.updated_at = Set(chrono::Utc::now());
        let updated = am.update(&self.core.db).await?;
        audit::record(
            &self.core.db,
            &AuditActor::from_actor(actor),
            "set_session_tone",
            "sessions",
            session_id,
            Some(before),
            Some(json!({ "tone": tone })),
        )
        .await?;
        self.events.emit(CoreEvent::SessionChanged {
            session_id,
            status: updated.status,
        });
        Ok(updated)
    }

    /// Up to three ranked reply suggestions for the agent, with proposed actions.
    pub async fn suggest_replies(&self, actor: &Actor, session_id: i64) -> Result<Vec<Suggestion>> {
        copilot::suggest(self, actor, session_id).await
    }
}

use sea_orm::EntityTrait;

impl Engine {
    /// [`events::share`](crate::events::share) this engine's events: front ends call it once
    /// after opening (a no-op on SQLite).
    pub async fn share_events(&self) -> Result<()> {
        crate::events::share(&self.core.db, &self.events).await
    }
}
