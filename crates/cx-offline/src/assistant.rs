//! The offline assistant: decides, from the request alone, the next tool call or the reply.
//!
//! Dialog states, all read back from the request's history (nothing is kept between calls):
//! - **results to answer**: the request ends with tool messages → reply from them, or, after a
//!   successful verification, go on with the customer's pending request;
//! - **awaiting confirmation**: the latest result is a `pending_action` and the customer typed
//!   yes/no → point them to the Yes/No buttons;
//! - **unverified**: a data request (or volunteered details) without a verified customer →
//!   ask for the missing details, or call `verify_customer` once both are known (never twice
//!   with details that already failed);
//! - **verified**: pursue the pending data request: `get_orders`, `get_tickets`, `flag_refund`
//!   (asks for the order number first), `update_user_email` (asks for the new address first);
//! - **small talk**: greeting, thanks, unknown, human request, "are you a bot?";
//! - **another language**: the assistant understands only English. When the session's language
//!   (the request's context) is not English and the customer has not gone on in English,
//!   or a message is clearly in another language, it says so — in German or Spanish when that is
//!   the message's or the session's language, else in English — and offers a person. A yes to
//!   that offer (or any offer of a person) asks for one, as "I want a human" does. Short and
//!   neutral messages (an email, a number, "ok") follow the conversation's language, so a
//!   customer who went on in English is served in English.

use crate::context::SessionLanguage;
use crate::person::accepts_person_offer;
use crate::phrases;
use crate::render;
use crate::session::{CustomerMsg, Fact, Session};
use async_trait::async_trait;
use cx_llm::{ChatModel, ChatRequest, ChatResponse, LlmError, StreamDelta, ToolCall};
use cx_text::entities::{self, Entities};
use cx_text::intent::{Intent, is_confirmation_reply};
use cx_text::language::Language;
use serde_json::{Value, json};

/// Failed verifications after which the reply also offers a person.
const OFFER_PERSON_AFTER: usize = 3;

/// The deterministic assistant used when no language model is configured.
#[derive(Debug, Clone, Copy, Default)]
pub struct OfflineAssistant;

impl OfflineAssistant {
    pub fn new() -> Self {
        OfflineAssistant
    }

    /// The answer to `request`, synchronously; `complete` wraps it.
    pub fn respond(&self, request: &ChatRequest) -> ChatResponse {
        let s = Session::read(request);
        let plan = decide(&s);
        let whole = matches!(plan, Plan::Whole(_));
        match plan {
            Plan::Call { name, args } => {
                tracing::debug!(tool = name, "offline assistant calls a tool");
                ChatResponse {
                    content: None,
                    tool_calls: vec![ToolCall {
                        id: format!("call_{}", s.call_count + 1),
                        name: name.to_string(),
                        arguments: args.to_string(),
                    }],
                    finish_reason: Some("tool_calls".to_string()),
                }
            }
            Plan::Say(text) | Plan::Whole(text) => {
                let content = if s.spoken || whole {
                    text
                } else {
                    format!("{} {text}", phrases::intro(s.phrasing))
                };
                ChatResponse {
                    content: Some(content),
                    tool_calls: Vec::new(),
                    finish_reason: Some("stop".to_string()),
                }
            }
        }
    }
}

#[async_trait]
impl ChatModel for OfflineAssistant {
    fn name(&self) -> String {
        "offline".to_string()
    }

    async fn complete(&self, request: &ChatRequest) -> Result<ChatResponse, LlmError> {
        let response = self.respond(request);
        if let Some(tx) = &request.deltas {
            // A closed receiver only means nobody is watching the typing.
            if let Some(text) = &response.content {
                let _ = tx.send(StreamDelta::Content(text.clone()));
            }
            for (index, call) in (0u32..).zip(&response.tool_calls) {
                let _ = tx.send(StreamDelta::ToolCall {
                    index,
                    name: Some(call.name.clone()),
                    arguments: call.arguments.clone(),
                });
            }
        }
        Ok(response)
    }
}

enum Plan {
    Call {
        name: &'static str,
        args: Value,
    },
    Say(String),
    /// Said as it is: it carries its own introduction, in its own language.
    Whole(String),
}

/// A data request to pursue: what, and from which customer message on to look for its details.
#[derive(Clone, Copy)]
struct Target {
    intent: Intent,
    at: usize,
}

impl From<&CustomerMsg> for Target {
    fn from(m: &CustomerMsg) -> Self {
        Target {
            intent: m.intent,
            at: m.at,
        }
    }
}

fn decide(s: &Session) -> Plan {
    let t = s.phrasing;
    if !s.trailing.is_empty() {
        return answer_results(s);
    }
    let Some(last) = s.customer.last() else {
        if s.language.is_some_and(|l| !l.is_english()) {
            let language = reply_language(None, s.language);
            return Plan::Whole(phrases::language_notice(t, language));
        }
        return Plan::Say(phrases::greeting(t, s.spoken));
    };
    tracing::debug!(intent = %last.intent, language = ?last.language, "offline assistant reads the customer's message");
    if s.awaiting_confirmation() && is_confirmation_reply(&last.text) {
        return Plan::Say(phrases::use_buttons(t));
    }
    if last.intent == Intent::HumanRequest || accepts_person_offer(&last.after, &last.text) {
        let spoken = last
            .language
            .or_else(|| s.conversation_language().and_then(SessionLanguage::known));
        return match reply_language(spoken, s.language) {
            Language::En => Plan::Say(phrases::human(t)),
            other => Plan::Whole(phrases::human_in(t, other, s.spoken)),
        };
    }
    if let Some(language) = not_understood(s, last) {
        return Plan::Whole(phrases::language_notice(t, language));
    }
    // "alice@example.com, order 1042" answers our question; it is not a new order question.
    let answers_pending = last.details_only && s.pending_request().is_some_and(|p| p.at < last.at);
    if !answers_pending
        && s.offers("knowledge_search")
        && crate::knowledge::is_policy_question(&last.text)
    {
        return Plan::Call {
            name: "knowledge_search",
            args: json!({ "query": last.text }),
        };
    }
    match last.intent {
        i if i.needs_data() && !answers_pending => pursue(s, Some(Target::from(last))),
        _ if !last.ents.is_empty() => details_given(s, last),
        other => Plan::Say(small_talk(s, other, &last.text)),
    }
}

/// The language to say the notice in when the customer's message is not understood: None when
/// it is English, or neutral in a conversation that is going on in English (or after the notice
/// was said once: "alice@example.com" then goes on in English).
fn not_understood(s: &Session, last: &CustomerMsg) -> Option<Language> {
    match last.language {
        Some(Language::En) => None,
        Some(other) => Some(reply_language(Some(other), s.language)),
        None => {
            let going_on = s.conversation_language()?;
            (!going_on.is_english() && !s.noticed)
                .then(|| reply_language(going_on.known(), s.language))
        }
    }
}

/// The customer's language when it is English, German or Spanish; else German or Spanish when
/// that is the session's; English otherwise.
fn reply_language(customer: Option<Language>, session: Option<SessionLanguage>) -> Language {
    match customer {
        Some(l @ (Language::En | Language::De | Language::Es)) => l,
        _ => match session.and_then(SessionLanguage::known) {
            Some(l @ (Language::De | Language::Es)) => l,
            _ => Language::En,
        },
    }
}

fn small_talk(s: &Session, intent: Intent, text: &str) -> String {
    match intent {
        Intent::Greeting => phrases::greeting(s.phrasing, s.spoken),
        Intent::Thanks => phrases::thanks(s.phrasing),
        _ if cx_text::human::asks_identity(text) => phrases::identity(s.phrasing),
        _ => phrases::unknown(s.phrasing),
    }
}

/// A message carrying only details (an email, digits, a number): they answer the pending
/// request, or verify the customer, or name an order or ticket to look up.
fn details_given(s: &Session, last: &CustomerMsg) -> Plan {
    if let Some(pending) = s.pending_request() {
        return pursue(s, Some(Target::from(pending)));
    }
    if !s.is_verified() {
        return pursue(s, None);
    }
    let named = |intent| {
        Some(Target {
            intent,
            at: last.at,
        })
    };
    match &last.ents {
        Entities { order_ids, .. } if !order_ids.is_empty() => {
            pursue(s, named(Intent::OrderStatus))
        }
        Entities { ticket_ids, .. } if !ticket_ids.is_empty() => {
            pursue(s, named(Intent::TicketStatus))
        }
        _ => Plan::Say(small_talk(s, last.intent, &last.text)),
    }
}

/// The request ends with tool results: answer from them.
fn answer_results(s: &Session) -> Plan {
    let t = s.phrasing;
    let can_verify = s.offers("verify_customer");
    let mut parts = Vec::new();
    let mut verified_now = None;
    for call in s.trailing.iter().filter_map(|&i| s.calls.get(i)) {
        let verified = call
            .result
            .as_ref()
            .and_then(|r| r.get("verified"))
            .and_then(Value::as_bool);
        match (call.name.as_str(), verified) {
            ("verify_customer", Some(true)) => {
                let name = call
                    .result
                    .as_ref()
                    .and_then(|r| r.pointer("/customer/name"))
                    .and_then(Value::as_str)
                    .and_then(|n| n.split_whitespace().next())
                    .map(str::to_string);
                verified_now = Some(name);
            }
            ("verify_customer", Some(false)) => {
                let offer = s.failed_verifications().len() >= OFFER_PERSON_AFTER;
                parts.push(phrases::verify_failed(t, offer));
            }
            ("knowledge_search", _) => parts.push(crate::knowledge::answer(
                t,
                call.result.as_ref().unwrap_or(&Value::Null),
            )),
            _ => parts.push(render::outcome(t, call, can_verify)),
        }
    }
    match (parts.is_empty(), verified_now) {
        (true, Some(name)) => {
            let ack = phrases::verified(t, name.as_deref());
            match pursue(s, s.pending_request().map(Target::from)) {
                Plan::Say(text) => Plan::Say(format!("{ack} {text}")),
                call => call,
            }
        }
        (true, None) => Plan::Say(phrases::checked(t)),
        (false, _) => Plan::Say(parts.join("\n\n")),
    }
}

/// Verification first, then the request.
fn pursue(s: &Session, target: Option<Target>) -> Plan {
    let t = s.phrasing;
    if !s.is_verified() {
        if s.offers("verify_customer") {
            return verify(s);
        }
        if saw_error(s, "not_verified") {
            return Plan::Say(phrases::cannot_verify(t));
        }
        // Without the verification tool the app's policy decides what may be read.
    }
    let Some(target) = target else {
        return Plan::Say(phrases::how_can_i_help(t));
    };
    let later = || s.since(target.at);
    match target.intent {
        Intent::OrderStatus => {
            let order = later().find_map(|m| m.ents.order_ids.first().copied());
            let status = later().find_map(|m| entities::order_status_filter(&m.text));
            let args = match (order, status) {
                (Some(id), _) => json!({ "order_id": id }),
                (None, Some(status)) => json!({ "status": status }),
                (None, None) => json!({}),
            };
            call_if_offered(s, "get_orders", args)
        }
        Intent::TicketStatus => {
            let ticket = later().find_map(|m| m.ents.ticket_ids.first().copied());
            let status = later().find_map(|m| entities::ticket_status_filter(&m.text));
            let args = match (ticket, status) {
                (Some(id), _) => json!({ "ticket_id": id }),
                (None, Some(status)) => json!({ "status": status }),
                (None, None) => json!({}),
            };
            call_if_offered(s, "get_tickets", args)
        }
        Intent::RefundRequest => {
            // The order named with the request, else the latest one named after it.
            let first_order = |m: &CustomerMsg| m.ents.order_ids.first().copied();
            let order = later()
                .next()
                .and_then(first_order)
                .or_else(|| later().filter_map(first_order).last());
            let request = later().next().map_or("", |m| m.text.as_str());
            match order {
                Some(id) => call_if_offered(
                    s,
                    "flag_refund",
                    json!({ "order_id": id, "reason": refund_reason(request) }),
                ),
                None if s.offers("flag_refund") => Plan::Say(phrases::ask_refund_order(t)),
                None => Plan::Say(phrases::unavailable(t)),
            }
        }
        Intent::EmailChange => {
            let old = s.verified_email();
            let new = later()
                .filter_map(|m| m.new_email.clone())
                .filter(|e| Some(e) != old.as_ref())
                .last();
            match new {
                Some(email) => {
                    call_if_offered(s, "update_user_email", json!({ "new_email": email }))
                }
                None if s.offers("update_user_email") => Plan::Say(phrases::ask_new_email(t)),
                None => Plan::Say(phrases::unavailable(t)),
            }
        }
        _ => Plan::Say(phrases::how_can_i_help(t)),
    }
}

/// Calls `verify_customer` with the customer's details, or asks for what is missing.
fn verify(s: &Session) -> Plan {
    let t = s.phrasing;
    match s.identity() {
        (Some(email), Some(fact)) => {
            let args = match fact {
                Fact::Phone(p) => json!({ "email": email, "phone_last4": p }),
            };
            let failed = s.failed_verifications();
            if failed.contains(&&args) {
                Plan::Say(phrases::verify_failed(
                    t,
                    failed.len() >= OFFER_PERSON_AFTER,
                ))
            } else {
                Plan::Call {
                    name: "verify_customer",
                    args,
                }
            }
        }
        (Some(_), None) => Plan::Say(phrases::ask_second_fact(t)),
        (None, Some(_)) => Plan::Say(phrases::ask_email(t)),
        (None, None) => Plan::Say(phrases::ask_verification(t)),
    }
}

fn call_if_offered(s: &Session, name: &'static str, args: Value) -> Plan {
    if s.offers(name) {
        Plan::Call { name, args }
    } else {
        Plan::Say(phrases::unavailable(s.phrasing))
    }
}

fn saw_error(s: &Session, code: &str) -> bool {
    s.calls
        .iter()
        .filter_map(|c| c.result.as_ref())
        .any(|r| r.pointer("/error/code").and_then(Value::as_str) == Some(code))
}

/// The customer's own words, for the agent who reviews the refund.
fn refund_reason(request: &str) -> String {
    let words: Vec<&str> = request.split_whitespace().collect();
    let said: String = words.join(" ").chars().take(200).collect();
    format!("Customer request at the kiosk: {said}")
}
