//! One customer turn. The message is stored before anything else; every tool call and result is
//! stored as it happens; the final answer reaches the customer only if the grounding guard finds a
//! source for each of its claims.

use super::escalate::escalate;
use super::transcript::chat_history;
use super::{Engine, HANDOFF_REPLY, PendingView, ToolCallView, TurnOutcome};
use crate::db::entity::{EscalationReason, MessageRole, SessionStatus, customer};
use crate::error::{CoreError, Result};
use crate::escalation::{grounding, repeat};
use crate::events::CoreEvent;
use crate::policy::{Actor, Role};
use crate::sessions::{self, NewMessage};
use crate::tools;
use cx_llm::{ChatMessage, ChatRequest};
use sea_orm::EntityTrait;
use serde_json::{Value, json};

/// Shown instead of an answer the grounding guard held back.
const HELD_BACK_REPLY: &str = "I want to be sure I give you accurate information, so I'm asking a member \
     of our team to check this. A person will join you shortly.";
/// The same words whatever was locked, and no hint that anything was.
const LOCKED_REPLY: &str = "I couldn't confirm those details, so I'm asking a member of our team to \
     help you. A person will join you shortly.";
const MODEL_FAILED_REPLY: &str = "I'm having trouble answering right now, so I'm bringing in a member of \
     our team. A person will join you shortly.";

pub(super) async fn run(engine: &Engine, session_id: i64, text: &str) -> Result<TurnOutcome> {
    let span = tracing::info_span!("turn", session = session_id);
    let _g = span.enter();
    let core = &engine.core;
    let limits = &core.config.escalation;
    let text = crate::validate::customer_message(text, limits.max_message_chars)?;
    let session = sessions::get(&core.db, session_id).await?;
    if session.status == SessionStatus::Closed {
        return Err(CoreError::Refused(format!(
            "session {session_id} is closed; start a new one"
        )));
    }
    // Stored before anything else: a crash from here on loses nothing the customer said. The
    // lexicon's sentiment goes in with it; a model's judgement (if configured) replaces it after.
    let stored = engine
        .store(
            session_id,
            NewMessage {
                sentiment: Some(super::mood::by_lexicon(&text)),
                ..NewMessage::text(MessageRole::Customer, text.clone())
            },
        )
        .await?;
    if let Some(judged) = super::mood::by_model(engine, &text).await {
        sessions::set_sentiment(&core.db, stored.id, judged).await?;
    }
    let mut out = TurnOutcome {
        session_id,
        reply: None,
        escalated: false,
        escalation: None,
        tool_calls: vec![],
        pending_actions: vec![],
    };

    // A person has the session (or is about to): the assistant stays quiet.
    if matches!(
        session.status,
        SessionStatus::WaitingForAgent | SessionStatus::WithAgent
    ) {
        out.escalated = true;
        out.escalation = super::Escalation::of(&session);
        out.pending_actions = open_actions(engine, session_id).await?;
        return Ok(out);
    }

    let history = sessions::messages(&core.db, session_id).await?;

    // Pre-checks: asked for a person; repeated a question.
    let pre = if cx_offline::intent::is_human_request(&text) {
        Some((EscalationReason::HumanRequested, json!({ "message": text })))
    } else {
        let earlier: Vec<&str> = history
            .iter()
            .filter(|m| m.role == MessageRole::Customer && m.id != stored.id)
            .map(|m| m.content.as_str())
            .collect();
        repeat::is_repeat(&text, earlier.iter().copied(), limits.repeat_similarity_threshold).map(|(i, score)| {
            (
                EscalationReason::RepeatedIntent,
                json!({ "message": text, "earlier_message": earlier[i], "similarity": (score * 1000.0).round() / 1000.0 }),
            )
        })
    };
    let rule = &limits.negative_sentiment;
    let pre = pre.or_else(|| {
        super::mood::sustained_negative(&history, rule.consecutive, rule.threshold).map(|recent| {
            let messages: Vec<_> = recent.iter().map(|(m, s)| json!({ "message": m, "score": s })).collect();
            (
                EscalationReason::NegativeSentiment,
                json!({ "threshold": rule.threshold, "consecutive": rule.consecutive, "messages": messages }),
            )
        })
    });
    if let Some((reason, evidence)) = pre {
        return handoff(engine, &session, reason, evidence, HANDOFF_REPLY, out).await;
    }

    // The model ⇄ tools loop.
    let mut actor = Actor {
        station: Some(station_of(&session)),
        ..Actor::kiosk(
            session_id,
            session.customer_id.filter(|_| session.customer_verified),
        )
    };
    let mut lockout = None;
    let specs = tools::specs_for(&core.policy, Role::KioskAssistant);
    let mut facts = grounding::Facts::new();
    for m in &history {
        match (m.role, &m.tool_result) {
            (MessageRole::Tool, Some(r)) => facts.add_result(
                m.tool_call_id.as_deref().unwrap_or_default(),
                m.tool_name.as_deref().unwrap_or_default(),
                r,
            ),
            // Their own contact details, as they typed them, may be echoed back to them.
            (MessageRole::Customer, _) => facts.add_customer_message(m.id, &m.content),
            _ => {}
        }
    }
    let mut messages = chat_history(&history);
    let mut tone = session.tone.clone();
    let mut empty_lookups: Vec<Value> = vec![];
    let mut found_lookups = 0usize;
    let mut answer = None;
    engine.events.emit(CoreEvent::AssistantTyping {
        session_id,
        typing: true,
    });
    let typing_done = || {
        engine.events.emit(CoreEvent::AssistantTyping {
            session_id,
            typing: false,
        })
    };
    // The prompt depends only on the tone and the verified customer: rebuilt when they change,
    // not every round (it costs two queries).
    let mut prompt: Option<(String, Option<i64>, String)> = None;
    for round in 0..limits.max_tool_rounds {
        let stale =
            !matches!(&prompt, Some((t, c, _)) if *t == tone && *c == actor.verified_customer);
        if stale {
            let text = system_prompt_for(engine, &tone, &actor).await?;
            prompt = Some((tone.clone(), actor.verified_customer, text));
        }
        let prompt = prompt
            .as_ref()
            .map(|(_, _, p)| p.clone())
            .unwrap_or_default();
        let mut request_messages = Vec::with_capacity(messages.len() + 1);
        request_messages.push(ChatMessage::system(prompt));
        request_messages.extend(messages.iter().cloned());
        let request = ChatRequest {
            messages: request_messages,
            tools: specs.clone(),
            deltas: None,
        };
        let model = engine.model();
        let response = match model.complete(&request).await {
            Ok(r) => r,
            Err(e) => {
                tracing::warn!(error = %e, round, "model failed");
                typing_done();
                let evidence = json!({ "error": e.to_string(), "model": model.name() });
                return handoff(
                    engine,
                    &session,
                    EscalationReason::ModelFailure,
                    evidence,
                    MODEL_FAILED_REPLY,
                    out,
                )
                .await;
            }
        };
        if response.tool_calls.is_empty() {
            answer = Some(response.content.unwrap_or_default());
            break;
        }
        messages.push(ChatMessage::assistant_tool_calls(
            response.content.clone(),
            response.tool_calls.clone(),
        ));
        // Parallel calls in one response: each executed and answered, in order.
        for call in &response.tool_calls {
            let outcome =
                tools::execute(core.tool_env(), &actor, &call.name, &call.arguments).await;
            if let Some(c) = outcome.verified_customer {
                actor.verified_customer = Some(c);
                if let Some(t) = adopt_preferred_tone(engine, session_id, c).await? {
                    tone = t;
                }
            }
            if outcome.lockout.is_some() {
                lockout = outcome.lockout.clone();
            }
            if outcome.empty {
                empty_lookups.push(json!({ "tool": outcome.name, "arguments": outcome.arguments, "result": outcome.result }));
            } else if outcome.error.is_none() && tools::is_lookup(&outcome.name) {
                found_lookups += 1;
            }
            facts.add_result(&call.id, &outcome.name, &outcome.result);
            engine
                .store(
                    session_id,
                    NewMessage {
                        role: Some(MessageRole::Tool),
                        content: String::new(),
                        tool_name: Some(outcome.name.clone()),
                        tool_call_id: Some(call.id.clone()),
                        tool_arguments: Some(outcome.arguments.clone()),
                        tool_result: Some(outcome.result.clone()),
                        sentiment: None,
                        ledger: None,
                    },
                )
                .await?;
            if let Some(id) = outcome.pending_action_id {
                engine.events.emit(CoreEvent::PendingActionChanged {
                    session_id,
                    action_id: id,
                    state: "proposed".into(),
                });
            }
            messages.push(ChatMessage::tool(
                call.id.clone(),
                call.name.clone(),
                outcome.result.to_string(),
            ));
            out.tool_calls.push(ToolCallView {
                name: outcome.name,
                arguments: outcome.arguments,
                result: outcome.result,
            });
        }
        // Verification is locked: a person takes over; the model gets no further round.
        if lockout.is_some() {
            break;
        }
    }
    typing_done();
    out.pending_actions = open_actions(engine, session_id).await?;
    let session = sessions::get(&core.db, session_id).await?;

    if let Some(evidence) = lockout {
        return handoff(
            engine,
            &session,
            EscalationReason::VerificationFailed,
            evidence,
            LOCKED_REPLY,
            out,
        )
        .await;
    }

    let Some(answer) = answer.filter(|a| !a.trim().is_empty()) else {
        let evidence =
            json!({ "rounds": limits.max_tool_rounds, "tool_calls": out.tool_calls.len() });
        return handoff(
            engine,
            &session,
            EscalationReason::RoundLimit,
            evidence,
            HANDOFF_REPLY,
            out,
        )
        .await;
    };

    // A data gap: this turn's lookups found nothing and the answer rests on that. Decided before
    // anything is shown: the answer is held back with the evidence, a person takes over.
    if !empty_lookups.is_empty() && found_lookups == 0 {
        let evidence = json!({ "empty_lookups": empty_lookups, "held_answer": answer });
        return handoff(
            engine,
            &session,
            EscalationReason::DataGap,
            evidence,
            HANDOFF_REPLY,
            out,
        )
        .await;
    }

    // The claim ledger: every concrete claim needs a source among this session's tool results,
    // and every action claim a write of this turn.
    let writes: Vec<grounding::Write> = out
        .tool_calls
        .iter()
        .filter_map(|c| grounding::Write::of("", &c.name, &c.result))
        .collect();
    let ledger = grounding::Ledger::build(&answer, &facts, &writes);
    let unsupported = ledger.unsupported_claims();
    if !unsupported.is_empty() {
        let evidence = json!({ "held_answer": answer, "unsupported_claims": unsupported });
        return handoff(
            engine,
            &session,
            EscalationReason::HallucinationRisk,
            evidence,
            HELD_BACK_REPLY,
            out,
        )
        .await;
    }

    engine
        .store(
            session_id,
            NewMessage::text(MessageRole::Assistant, answer.clone()),
        )
        .await?;
    out.reply = Some(answer);
    Ok(out)
}

/// The station a session's verification failures count against (sessions from before stations
/// were recorded count against themselves).
fn station_of(session: &crate::db::entity::session::Model) -> String {
    session
        .station
        .clone()
        .unwrap_or_else(|| format!("session:{}", session.id))
}

/// Escalate, tell the customer a person is coming, and finish the turn.
async fn handoff(
    engine: &Engine,
    session: &crate::db::entity::session::Model,
    reason: EscalationReason,
    evidence: Value,
    reply: &str,
    mut out: TurnOutcome,
) -> Result<TurnOutcome> {
    out.escalation = escalate(engine, session, reason, evidence).await?;
    out.escalated = true;
    engine
        .store(session.id, NewMessage::text(MessageRole::Assistant, reply))
        .await?;
    out.reply = Some(reply.to_owned());
    out.pending_actions = open_actions(engine, session.id).await?;
    Ok(out)
}

async fn system_prompt_for(engine: &Engine, tone: &str, actor: &Actor) -> Result<String> {
    let (customer, profile) = match actor.verified_customer {
        Some(id) => (
            customer::Entity::find_by_id(id)
                .one(&engine.core.db)
                .await?,
            crate::insights::profile(&engine.core.db, id).await?,
        ),
        None => (None, None),
    };
    super::system_prompt(
        &engine.core.config.prompts,
        &super::PromptFacts {
            tone,
            role: actor.role,
            channel: "kiosk",
            customer: customer.as_ref().map(|c| (c.id, c.name.as_str())),
            today: chrono::Utc::now().date_naive(),
            profile: profile.as_ref().map(crate::insights::prompt_line),
        },
    )
}

/// Once the customer is known: their preferred tone replaces the default one (never a tone an
/// agent chose).
async fn adopt_preferred_tone(
    engine: &Engine,
    session_id: i64,
    customer_id: i64,
) -> Result<Option<String>> {
    let s = sessions::get(&engine.core.db, session_id).await?;
    if s.tone != engine.core.config.prompts.default_tone {
        return Ok(None);
    }
    let Some(tone) = crate::insights::profile(&engine.core.db, customer_id)
        .await?
        .and_then(|p| p.preferred_tone)
        .filter(|t| *t != s.tone && engine.core.config.prompts.tones.contains_key(t))
    else {
        return Ok(None);
    };
    let mut am: crate::db::entity::session::ActiveModel = s.into();
    am.tone = sea_orm::Set(tone.clone());
    sea_orm::ActiveModelTrait::update(am, &engine.core.db).await?;
    Ok(Some(tone))
}

/// The session's actions still waiting for a decision.
pub(super) async fn open_actions(engine: &Engine, session_id: i64) -> Result<Vec<PendingView>> {
    Ok(crate::pending::for_session(&engine.core.db, session_id)
        .await?
        .iter()
        .filter(|p| p.state == crate::db::entity::PendingState::Proposed)
        .map(PendingView::from)
        .collect())
}
