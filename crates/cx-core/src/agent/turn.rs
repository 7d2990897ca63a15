//! One customer turn, as its steps: store the message → checks before the model → converse →
//! checks after the model → store the answer. The message is committed before anything else (a
//! model call may hang or crash); what the tools changed is committed by each tool with its audit
//! row; the turn's tool rows are stored with the answer (or the handoff) in one write. The answer
//! reaches the customer only if the claim ledger finds a source for each of its claims, and it
//! is stored with its ledger.

use super::converse::{Conversation, Ended, Party, converse};
use super::escalate::escalate;
use super::memory::SessionMemory;
use super::prompt::Prompt;
use super::texts::Texts;
use super::{Engine, PendingView, TurnOutcome};
use crate::db::entity::{
    EscalationReason, MessageRole, SessionStatus, customer, customer_profile, message, session,
};
use crate::error::{CoreError, Result};
use crate::escalation::repeat;
use crate::events::CoreEvent;
use crate::policy::{Actor, Role};
use crate::sessions::{self, NewMessage};
use crate::tools::{self, ToolOutcome};
use cx_llm::ToolCall;
use sea_orm::EntityTrait;
use serde_json::{Value, json};
use tracing::Instrument;

pub(super) async fn run(engine: &Engine, session_id: i64, text: &str) -> Result<TurnOutcome> {
    let span = tracing::info_span!("turn", session = session_id);
    steps(engine, session_id, text).instrument(span).await
}

async fn steps(engine: &Engine, session_id: i64, text: &str) -> Result<TurnOutcome> {
    let (session, stored) = store_message(engine, session_id, text).await?;
    let mut out = TurnOutcome::empty(session_id);
    if person_has(&session) {
        // A person has the session (or is about to): the assistant stays quiet.
        out.escalated = true;
        out.escalation = super::Escalation::of(&session);
        out.pending_actions = open_actions(engine, session_id).await?;
        return Ok(out);
    }
    // One turn of a session at a time; its memory is brought up to date from the database.
    let memory = engine.memory.of(session_id);
    let mut memory = memory.lock().await;
    let turn = with_memory(engine, &session, &stored, &mut memory, out).await;
    if turn.is_err() {
        // Part of the memory was lent to the failed turn: read it afresh next time.
        *memory = SessionMemory::default();
    }
    turn
}

/// The turn once the message is stored: checks, conversation, answer. The memory lends its chat
/// history, facts and prompt to the conversation and gets them back, so nothing is rebuilt.
async fn with_memory(
    engine: &Engine,
    session: &session::Model,
    stored: &message::Model,
    memory: &mut SessionMemory,
    mut out: TurnOutcome,
) -> Result<TurnOutcome> {
    let session_id = session.id;
    memory.catch_up_to(&engine.core.db, stored).await?;
    if let Some((reason, evidence)) = checks_before_model(engine, stored, memory) {
        let reply = Texts::of(session.language()).handoff;
        return handoff(engine, session, reason, evidence, reply, out).await;
    }
    let base = memory.chat.len();
    let mut conv = Conversation::continuing(
        kiosk_actor(session),
        tools::specs_for(&engine.core.policy, Role::KioskAssistant),
        std::mem::take(&mut memory.chat),
        std::mem::take(&mut memory.facts),
        engine.core.config.escalation.max_tool_rounds,
    );
    let mut party = Kiosk::new(engine, session, memory.prompt.take());
    engine.events.emit(CoreEvent::AssistantTyping {
        session_id,
        typing: true,
    });
    let ended = converse(engine, &mut conv, &mut party).await;
    engine.events.emit(CoreEvent::AssistantTyping {
        session_id,
        typing: false,
    });
    // The memory takes this turn's rows in as they are stored (the facts they state are in
    // already), or reads them back at the next catch-up.
    conv.messages.truncate(base);
    memory.chat = conv.messages;
    memory.facts = conv.facts;
    memory.prompt = party.prompt;
    out.tool_calls = conv.tool_calls;
    let tool_rows = std::mem::take(&mut party.rows);
    let proposed = std::mem::take(&mut party.proposed);
    let ended = match ended {
        Ok(ended) => ended,
        Err(e) => {
            // The turn failed on the database; keep what the tools returned if it still can.
            if let Err(also) = store_rows(engine, session_id, tool_rows).await {
                tracing::warn!(error = %also, "the turn's tool rows were not stored");
            }
            return Err(e);
        }
    };
    checks_after_model(engine, session, ended, (tool_rows, proposed), memory, out).await
}

/// Validate and store the customer's message: a crash from here on loses nothing they said. The
/// lexicon's sentiment goes in with it; a model's judgement (if configured) replaces it after.
async fn store_message(
    engine: &Engine,
    session_id: i64,
    text: &str,
) -> Result<(session::Model, message::Model)> {
    let core = &engine.core;
    let text = crate::validate::customer_message(text, core.config.escalation.max_message_chars)?;
    let session = sessions::get(&core.db, session_id).await?;
    if session.status == SessionStatus::Closed {
        return Err(CoreError::Refused(format!(
            "session {session_id} is closed; start a new one"
        )));
    }
    let mut stored = engine
        .store(
            session_id,
            NewMessage {
                sentiment: Some(super::mood::by_lexicon(&text)),
                ..NewMessage::text(MessageRole::Customer, text.clone())
            },
        )
        .await?;
    if let Some(judged) = super::mood::by_model(engine, &text).await {
        sessions::set_sentiment(&core.db, stored.id, judged.clone()).await?;
        stored.sentiment = Some(judged);
    }
    Ok((session, stored))
}

fn person_has(session: &session::Model) -> bool {
    matches!(
        session.status,
        SessionStatus::WaitingForAgent | SessionStatus::WithAgent
    )
}

/// Before any model call: asked for a person; repeated a question; sustained negative mood.
fn checks_before_model(
    engine: &Engine,
    stored: &message::Model,
    memory: &SessionMemory,
) -> Option<(EscalationReason, Value)> {
    let limits = &engine.core.config.escalation;
    let text = stored.content.as_str();
    if cx_text::intent::is_human_request(text) {
        return Some((EscalationReason::HumanRequested, json!({ "message": text })));
    }
    let earlier: Vec<&repeat::Prepared> = memory
        .customer_lines
        .iter()
        .filter(|(id, _)| *id != stored.id)
        .map(|(_, line)| line)
        .collect();
    let new = memory
        .customer_lines
        .iter()
        .rfind(|(id, _)| *id == stored.id)
        .map(|(_, line)| line.clone())
        .unwrap_or_else(|| repeat::Prepared::new(text));
    if let Some((i, score)) = repeat::is_repeat_prepared(
        &new,
        earlier.iter().copied(),
        limits.repeat_similarity_threshold,
    ) {
        let evidence = json!({ "message": text, "earlier_message": earlier[i].text, "similarity": (score * 1000.0).round() / 1000.0 });
        return Some((EscalationReason::RepeatedIntent, evidence));
    }
    let rule = &limits.negative_sentiment;
    let recent: Vec<message::Model> = memory.recent_customer.iter().cloned().collect();
    super::mood::sustained_negative(&recent, rule.consecutive, rule.threshold).map(|recent| {
        let messages: Vec<_> = recent
            .iter()
            .map(|(m, s)| json!({ "message": m, "score": s }))
            .collect();
        (
            EscalationReason::NegativeSentiment,
            json!({ "threshold": rule.threshold, "consecutive": rule.consecutive, "messages": messages }),
        )
    })
}

/// After the model: a grounded answer is stored with its ledger and shown; anything else hands
/// the session to a person with its evidence (a held answer and its ledger stay with staff).
async fn checks_after_model(
    engine: &Engine,
    session: &session::Model,
    ended: Ended,
    (mut tool_rows, proposed): (Vec<NewMessage>, Vec<i64>),
    memory: &mut SessionMemory,
    mut out: TurnOutcome,
) -> Result<TurnOutcome> {
    let session_id = session.id;
    // What the customer is told, in their language.
    let texts = Texts::of(session.language());
    let (reason, evidence, reply) = match ended {
        Ended::Answer { text, ledger } => {
            tool_rows.push(NewMessage {
                ledger: Some(ledger),
                ..NewMessage::text(MessageRole::Assistant, text.clone())
            });
            let (stored, open) = store_answer(engine, session_id, tool_rows).await?;
            memory.take_own(&stored);
            out.reply = Some(text);
            out.pending_actions = open;
            return Ok(out);
        }
        Ended::Held { text, ledger } => {
            let evidence = json!({
                "held_answer": text,
                "unsupported_claims": ledger.unsupported_claims(),
                "ledger": ledger,
            });
            (
                EscalationReason::HallucinationRisk,
                evidence,
                texts.held_back,
            )
        }
        Ended::DataGap { evidence } => (EscalationReason::DataGap, evidence, texts.handoff),
        Ended::Locked(evidence) => (EscalationReason::VerificationFailed, evidence, texts.locked),
        Ended::ModelFailed { error, model } => (
            EscalationReason::ModelFailure,
            json!({ "error": error, "model": model }),
            texts.model_failed,
        ),
        Ended::RoundLimit => {
            let limits = &engine.core.config.escalation;
            let evidence =
                json!({ "rounds": limits.max_tool_rounds, "tool_calls": out.tool_calls.len() });
            (EscalationReason::RoundLimit, evidence, texts.handoff)
        }
    };
    store_rows(engine, session_id, tool_rows).await?;
    withdraw_unexplained(engine, session_id, &proposed).await?;
    // The session as it is now (a tool may have verified its customer).
    let session = sessions::get(&engine.core.db, session_id).await?;
    handoff(engine, &session, reason, evidence, reply, out).await
}

/// The customer never saw the answer that explained this turn's proposals: no Yes/No card may
/// stay for them (the agent who takes over sees them expired in the transcript).
async fn withdraw_unexplained(engine: &Engine, session_id: i64, proposed: &[i64]) -> Result<()> {
    for p in crate::pending::withdraw(&engine.core.db, session_id, proposed).await? {
        tracing::info!(
            action = p.id,
            "proposal withdrawn: its answer was not shown"
        );
        engine.events.emit(CoreEvent::PendingActionChanged {
            session_id,
            action_id: p.id,
            state: p.state,
        });
    }
    Ok(())
}

/// The turn's tool rows and its answer, all or none in one statement, then the session's open
/// actions.
async fn store_answer(
    engine: &Engine,
    session_id: i64,
    rows: Vec<NewMessage>,
) -> Result<(Vec<message::Model>, Vec<PendingView>)> {
    let stored = sessions::append_all(&engine.core.db, session_id, rows).await?;
    let open = open_actions_in(&engine.core.db, session_id).await?;
    engine.announce(&stored);
    Ok((stored, open))
}

/// The turn's tool rows, all or none, when no answer follows them.
async fn store_rows(engine: &Engine, session_id: i64, rows: Vec<NewMessage>) -> Result<()> {
    if rows.is_empty() {
        return Ok(());
    }
    let stored = sessions::append_all(&engine.core.db, session_id, rows).await?;
    engine.announce(&stored);
    Ok(())
}

/// The kiosk assistant, acting for the session's verified customer (if any) at its station.
fn kiosk_actor(session: &session::Model) -> Actor {
    Actor {
        station: Some(station_of(session)),
        ..Actor::kiosk(
            session.id,
            session.customer_id.filter(|_| session.customer_verified),
        )
    }
}

/// The kiosk side of the conversation: its prompt follows the tone and the verified customer;
/// every tool call is kept for the turn's last write; answers stream to the kiosk's screen.
struct Kiosk<'e> {
    engine: &'e Engine,
    session_id: i64,
    tone: String,
    /// The customer's language: the prompt names it.
    language: crate::Language,
    /// The verified customer as this turn knows it: a preferred tone is looked up only when it
    /// changes.
    customer: Option<i64>,
    /// The prompt depends only on the tone and the verified customer: rebuilt when they change,
    /// not every round (it costs two queries).
    prompt: Option<(String, Option<i64>, Prompt)>,
    /// This turn's tool rows, stored with the answer (or the handoff).
    rows: Vec<NewMessage>,
    /// Pending actions proposed this turn.
    proposed: Vec<i64>,
    /// The verified customer's profile, read once for the tone and the prompt.
    profile: Option<(i64, Option<customer_profile::Model>)>,
}

impl<'e> Kiosk<'e> {
    fn new(
        engine: &'e Engine,
        session: &session::Model,
        prompt: Option<(String, Option<i64>, Prompt)>,
    ) -> Self {
        Kiosk {
            engine,
            session_id: session.id,
            tone: session.tone.clone(),
            language: session.language(),
            customer: session.customer_id.filter(|_| session.customer_verified),
            prompt,
            rows: vec![],
            proposed: vec![],
            profile: None,
        }
    }

    async fn profile_of(&mut self, customer_id: i64) -> Result<Option<customer_profile::Model>> {
        match &self.profile {
            Some((c, p)) if *c == customer_id => Ok(p.clone()),
            _ => {
                let p = crate::insights::profile(&self.engine.core.db, customer_id).await?;
                self.profile = Some((customer_id, p.clone()));
                Ok(p)
            }
        }
    }
}

impl Party for Kiosk<'_> {
    async fn system_prompt(&mut self, actor: &Actor) -> Result<Prompt> {
        match &self.prompt {
            Some((tone, customer, prompt))
                if *tone == self.tone && *customer == actor.verified_customer =>
            {
                Ok(prompt.clone())
            }
            _ => {
                let profile = match actor.verified_customer {
                    Some(c) => self.profile_of(c).await?,
                    None => None,
                };
                let prompt =
                    system_prompt_for(self.engine, &self.tone, self.language, actor, profile)
                        .await?;
                self.prompt = Some((self.tone.clone(), actor.verified_customer, prompt.clone()));
                Ok(prompt)
            }
        }
    }

    async fn after_call(&mut self, call: &ToolCall, outcome: &ToolOutcome) -> Result<()> {
        if let Some(c) = outcome
            .verified_customer
            .filter(|c| self.customer != Some(*c))
        {
            self.customer = Some(c);
            let profile = self.profile_of(c).await?;
            if let Some(t) = adopt_preferred_tone(self.engine, self.session_id, profile).await? {
                self.tone = t;
            }
        }
        self.rows.push(NewMessage {
            role: Some(MessageRole::Tool),
            tool_name: Some(outcome.name.clone()),
            tool_call_id: Some(call.id.clone()),
            tool_arguments: Some(outcome.arguments.clone()),
            tool_result: Some(outcome.result.clone()),
            ..Default::default()
        });
        if let Some(id) = outcome.pending_action_id {
            self.proposed.push(id);
            self.engine.events.emit(CoreEvent::PendingActionChanged {
                session_id: self.session_id,
                action_id: id,
                state: crate::db::entity::PendingState::Proposed,
            });
        }
        Ok(())
    }

    fn streams_to(&self) -> Option<i64> {
        Some(self.session_id)
    }
}

/// The station a session's verification failures count against (sessions from before stations
/// were recorded count against themselves).
fn station_of(session: &crate::db::entity::session::Model) -> String {
    session
        .station
        .clone()
        .unwrap_or_else(|| format!("session:{}", session.id))
}

/// Escalate, tell the customer a person is coming (`reply`, in their language), and finish the
/// turn.
async fn handoff(
    engine: &Engine,
    session: &crate::db::entity::session::Model,
    reason: EscalationReason,
    evidence: Value,
    reply: &str,
    mut out: TurnOutcome,
) -> Result<TurnOutcome> {
    let (escalation, staffing) = escalate(engine, session, reason, evidence).await?;
    out.escalation = escalation;
    out.escalated = true;
    let reply = Texts::of(session.language()).handover(reply, &staffing);
    engine
        .store(
            session.id,
            NewMessage::text(MessageRole::Assistant, reply.clone()),
        )
        .await?;
    out.reply = Some(reply);
    out.pending_actions = open_actions(engine, session.id).await?;
    Ok(out)
}

async fn system_prompt_for(
    engine: &Engine,
    tone: &str,
    language: crate::Language,
    actor: &Actor,
    profile: Option<customer_profile::Model>,
) -> Result<Prompt> {
    let customer = match actor.verified_customer {
        Some(id) => crate::db::by_key(customer::Entity::find_by_id(id), &engine.core.db).await?,
        None => None,
    };
    Prompt::new(
        &engine.core.config.prompts,
        &super::PromptFacts {
            tone,
            role: actor.role,
            channel: "kiosk",
            customer: customer.as_ref().map(|c| (c.id, c.name.as_str())),
            today: chrono::Utc::now().date_naive(),
            profile: profile.as_ref().map(crate::insights::prompt_line),
            language,
        },
    )
}

/// Once the customer is known: their preferred tone replaces the default one (never a tone an
/// agent chose: the session's tone changes only while it still is the default).
async fn adopt_preferred_tone(
    engine: &Engine,
    session_id: i64,
    profile: Option<customer_profile::Model>,
) -> Result<Option<String>> {
    use sea_orm::{ColumnTrait, QueryFilter, sea_query::Expr};
    let prompts = &engine.core.config.prompts;
    let Some(tone) = profile
        .and_then(|p| p.preferred_tone)
        .filter(|t| *t != prompts.default_tone && prompts.tones.contains_key(t))
    else {
        return Ok(None);
    };
    let changed = session::Entity::update_many()
        .col_expr(session::Column::Tone, Expr::value(tone.clone()))
        .filter(session::Column::Id.eq(session_id))
        .filter(session::Column::Tone.eq(prompts.default_tone.as_str()))
        .exec(&engine.core.db)
        .await?;
    Ok((changed.rows_affected == 1).then_some(tone))
}

/// The session's actions still waiting for a decision.
pub(super) async fn open_actions(engine: &Engine, session_id: i64) -> Result<Vec<PendingView>> {
    open_actions_in(&engine.core.db, session_id).await
}

async fn open_actions_in<C: sea_orm::ConnectionTrait>(
    db: &C,
    session_id: i64,
) -> Result<Vec<PendingView>> {
    Ok(crate::pending::for_session(db, session_id)
        .await?
        .iter()
        .filter(|p| p.state == crate::db::entity::PendingState::Proposed)
        .map(PendingView::from)
        .collect())
}
