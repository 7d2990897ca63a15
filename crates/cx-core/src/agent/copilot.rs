//! The co-pilot: up to three ranked reply suggestions for the agent, each with a one-line
//! rationale. A draft comes from the model acting as `copilot` (its reads run through policy; its
//! writes become pending actions the agent approves), checked by the same claim ledger as the kiosk's answers; canned
//! replies that fit the customer's last message fill the rest. Works with the offline assistant.

use super::converse::{Conversation, Ended, Party, converse};
use super::prompt::Prompt;
use super::{Engine, PendingView};
use crate::db::entity::{MessageRole, canned_response, customer};
use crate::error::Result;
use crate::escalation::grounding::Ledger;
use crate::policy::{Access, Actor, Role};
use crate::sessions;
use crate::tools::{self, ToolOutcome};
use cx_llm::ToolCall;
use cx_text::intent::Intent;
use sea_orm::EntityTrait;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Suggestion {
    pub rank: u32,
    pub text: String,
    pub rationale: String,
    /// `assistant` for a drafted reply, `canned:/shortcut` for a canned one.
    pub source: String,
    pub pending_actions: Vec<PendingView>,
    /// A drafted reply's claims and their sources (canned replies have none).
    pub ledger: Option<Ledger>,
}

const MAX: usize = 3;

pub(super) async fn suggest(
    engine: &Engine,
    agent: &Actor,
    session_id: i64,
) -> Result<Vec<Suggestion>> {
    let core = &engine.core;
    core.policy
        .check(agent, Access::Command("suggest_replies"))?;
    let session = sessions::get(&core.db, session_id).await?;
    let history = sessions::messages(&core.db, session_id).await?;
    let last_customer = history
        .iter()
        .rev()
        .find(|m| m.role == MessageRole::Customer)
        .map(|m| m.content.clone());
    let mut out = Vec::new();

    if let Some(draft) = draft(engine, &session, &history).await? {
        out.push(draft);
    }
    if let Some(text) = &last_customer {
        let canned = canned_response::Entity::find().all(&core.db).await?;
        for (c, why) in rank_canned(text, &canned) {
            if out.len() >= MAX {
                break;
            }
            if out.iter().any(|s: &Suggestion| s.text == c.content) {
                continue;
            }
            out.push(Suggestion {
                rank: 0,
                text: c.content.clone(),
                rationale: why,
                source: format!("canned:{}", c.shortcut),
                pending_actions: vec![],
                ledger: None,
            });
        }
    }
    for (i, s) in out.iter_mut().enumerate() {
        s.rank = i as u32 + 1;
    }
    Ok(out)
}

/// The model's draft, or None when it had nothing grounded to say.
async fn draft(
    engine: &Engine,
    session: &crate::db::entity::session::Model,
    history: &[crate::db::entity::message::Model],
) -> Result<Option<Suggestion>> {
    let core = &engine.core;
    // The session's customer is the co-pilot's default subject (its role is not scoped to it).
    let actor = Actor {
        session_id: Some(session.id),
        verified_customer: session.customer_id,
        ..Actor::new(Role::Copilot)
    };
    let prompt = copilot_prompt(engine, session).await?;
    let mut conv = Conversation::resume(
        actor,
        tools::specs_for(&core.policy, Role::Copilot),
        history,
        core.config.escalation.max_tool_rounds,
    );
    let mut party = Copilot {
        engine,
        session_id: session.id,
        prompt,
        pending: vec![],
        used: vec![],
    };
    let (text, ledger) = match converse(engine, &mut conv, &mut party).await? {
        Ended::Answer { text, ledger } => (text, ledger),
        Ended::ModelFailed { error, .. } => {
            tracing::warn!(%error, "co-pilot draft failed");
            return Ok(None);
        }
        // Nothing the agent could send as it is.
        _ => return Ok(None),
    };
    let rationale = if party.used.is_empty() {
        "Drafted by the assistant from the conversation.".to_owned()
    } else {
        format!(
            "Drafted from the customer's records ({}).",
            party.used.join(", ")
        )
    };
    Ok(Some(Suggestion {
        rank: 0,
        text,
        rationale,
        source: "assistant".into(),
        pending_actions: party.pending,
        ledger: Some(ledger),
    }))
}

async fn copilot_prompt(
    engine: &Engine,
    session: &crate::db::entity::session::Model,
) -> Result<Prompt> {
    let core = &engine.core;
    let known = match session.customer_id {
        Some(id) => customer::Entity::find_by_id(id).one(&core.db).await?,
        None => None,
    };
    let profile = match session.customer_id {
        Some(id) => crate::insights::profile(&core.db, id).await?,
        None => None,
    };
    Prompt::new(
        &core.config.prompts,
        &super::PromptFacts {
            tone: &session.tone,
            role: Role::Copilot,
            channel: "workspace",
            customer: known.as_ref().map(|c| (c.id, c.name.as_str())),
            today: chrono::Utc::now().date_naive(),
            profile: profile.as_ref().map(crate::insights::prompt_line),
            // The draft is for the agent to send to the customer: in the customer's language.
            language: session.language(),
        },
    )
}

/// The co-pilot's side of the conversation: a fixed prompt; its writes become pending actions
/// the agent approves; nothing streams to a customer.
struct Copilot<'e> {
    engine: &'e Engine,
    session_id: i64,
    prompt: Prompt,
    pending: Vec<PendingView>,
    used: Vec<String>,
}

impl Party for Copilot<'_> {
    async fn system_prompt(&mut self, _actor: &Actor) -> Result<Prompt> {
        Ok(self.prompt.clone())
    }

    async fn after_call(&mut self, _call: &ToolCall, outcome: &ToolOutcome) -> Result<()> {
        if let Some(id) = outcome.pending_action_id
            && let Some(p) = crate::db::entity::pending_action::Entity::find_by_id(id)
                .one(&self.engine.core.db)
                .await?
        {
            self.pending.push(PendingView::from(&p));
            self.engine
                .events
                .emit(crate::events::CoreEvent::PendingActionChanged {
                    session_id: self.session_id,
                    action_id: id,
                    state: crate::db::entity::PendingState::Proposed,
                });
        }
        if !self.used.contains(&outcome.name) {
            self.used.push(outcome.name.clone());
        }
        Ok(())
    }
}

/// Canned replies that fit the message: by intent first, then by shared words.
fn rank_canned<'a>(
    text: &str,
    canned: &'a [canned_response::Model],
) -> Vec<(&'a canned_response::Model, String)> {
    let intent = cx_text::intent::classify(text);
    let by_intent: &[&str] = match intent {
        Intent::Greeting => &["/greet"],
        Intent::Thanks => &["/close", "/thanks"],
        Intent::RefundRequest => &["/refund"],
        Intent::OrderStatus => &["/shipping"],
        Intent::HumanRequest => &["/escalate"],
        Intent::EmailChange => &["/verify"],
        Intent::TicketStatus | Intent::Unknown => &[],
    };
    let mut out: Vec<(&canned_response::Model, String)> = vec![];
    for shortcut in by_intent {
        if let Some(c) = canned.iter().find(|c| c.shortcut == *shortcut) {
            out.push((
                c,
                format!(
                    "Canned reply {}: the customer's message reads as {intent}.",
                    c.shortcut
                ),
            ));
        }
    }
    let words: Vec<String> = text
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.len() > 3)
        .map(str::to_owned)
        .collect();
    let mut scored: Vec<(usize, &canned_response::Model)> = canned
        .iter()
        .map(|c| {
            let hay = format!("{} {} {}", c.title, c.content, c.category).to_lowercase();
            (words.iter().filter(|w| hay.contains(w.as_str())).count(), c)
        })
        .filter(|(n, _)| *n > 0)
        .collect();
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.id.cmp(&b.1.id)));
    for (n, c) in scored {
        if !out.iter().any(|(o, _)| o.id == c.id) {
            out.push((
                c,
                format!(
                    "Canned reply {}: shares {n} key word(s) with the customer's message.",
                    c.shortcut
                ),
            ));
        }
    }
    out
}
