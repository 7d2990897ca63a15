//! The co-pilot: up to three ranked reply suggestions for the agent, each with a one-line
//! rationale. A draft comes from the model acting as `copilot` (its reads run through policy; its
//! writes become pending actions the agent approves), checked by the grounding guard; canned
//! replies that fit the customer's last message fill the rest. Works with the offline assistant.

use super::transcript::chat_history;
use super::{Engine, PendingView};
use crate::db::entity::{MessageRole, canned_response, customer};
use crate::error::Result;
use crate::escalation::grounding;
use crate::policy::{Access, Actor, Role};
use crate::{sessions, tools};
use cx_llm::{ChatMessage, ChatRequest};
use cx_offline::intent::Intent;
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
}

const MAX: usize = 3;
const COPILOT_ROUNDS: u32 = 4;

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
    let known = match session.customer_id {
        Some(id) => customer::Entity::find_by_id(id).one(&core.db).await?,
        None => None,
    };
    let prompt = super::system_prompt(
        &core.config.prompts,
        &super::PromptFacts {
            tone: &session.tone,
            role: Role::Copilot,
            channel: "workspace",
            customer: known.as_ref().map(|c| (c.id, c.name.as_str())),
            today: chrono::Utc::now().date_naive(),
            profile: match session.customer_id {
                Some(id) => crate::insights::profile(&core.db, id)
                    .await?
                    .as_ref()
                    .map(crate::insights::prompt_line),
                None => None,
            },
        },
    )?;
    let mut facts = grounding::Facts::new();
    for m in history {
        if let Some(r) = &m.tool_result {
            facts.add_result(
                m.tool_call_id.as_deref().unwrap_or_default(),
                m.tool_name.as_deref().unwrap_or_default(),
                r,
            );
        }
    }
    let mut messages = vec![ChatMessage::system(prompt)];
    messages.extend(chat_history(history));
    let specs = tools::specs_for(&core.policy, Role::Copilot);
    let mut pending = vec![];
    let mut used = vec![];
    for _ in 0..COPILOT_ROUNDS {
        let req = ChatRequest {
            messages: messages.clone(),
            tools: specs.clone(),
            deltas: None,
        };
        let resp = match engine.model().complete(&req).await {
            Ok(r) => r,
            Err(e) => {
                tracing::warn!(error = %e, "co-pilot draft failed");
                return Ok(None);
            }
        };
        if resp.tool_calls.is_empty() {
            let text = resp.content.unwrap_or_default();
            let unsupported = grounding::unsupported_claims(&text, &facts);
            if text.trim().is_empty() || !unsupported.is_empty() {
                return Ok(None);
            }
            let rationale = if used.is_empty() {
                "Drafted by the assistant from the conversation.".to_owned()
            } else {
                format!("Drafted from the customer's records ({}).", used.join(", "))
            };
            return Ok(Some(Suggestion {
                rank: 0,
                text,
                rationale,
                source: "assistant".into(),
                pending_actions: pending,
            }));
        }
        messages.push(ChatMessage::assistant_tool_calls(
            resp.content.clone(),
            resp.tool_calls.clone(),
        ));
        for call in &resp.tool_calls {
            let o = tools::execute(core.tool_env(), &actor, &call.name, &call.arguments).await;
            facts.add_result(&call.id, &o.name, &o.result);
            if let Some(id) = o.pending_action_id
                && let Some(p) = crate::db::entity::pending_action::Entity::find_by_id(id)
                    .one(&core.db)
                    .await?
            {
                pending.push(PendingView::from(&p));
                engine
                    .events
                    .emit(crate::events::CoreEvent::PendingActionChanged {
                        session_id: session.id,
                        action_id: id,
                        state: "proposed".into(),
                    });
            }
            if !used.contains(&o.name) {
                used.push(o.name.clone());
            }
            messages.push(ChatMessage::tool(
                call.id.clone(),
                call.name.clone(),
                o.result.to_string(),
            ));
        }
    }
    Ok(None)
}

/// Canned replies that fit the message: by intent first, then by shared words.
fn rank_canned<'a>(
    text: &str,
    canned: &'a [canned_response::Model],
) -> Vec<(&'a canned_response::Model, String)> {
    let intent = cx_offline::intent::classify(text);
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
