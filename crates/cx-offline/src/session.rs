//! Reads a `ChatRequest` into what the rules need: customer messages with their intents and
//! facts, the tool calls made so far with their results, the phrasing and the verification state.

use crate::context::SessionLanguage;
use cx_llm::{ChatRequest, ChatRole, Phrasing};
use cx_text::entities::{Entities, Expecting, extract_expecting, new_email};
use cx_text::intent::{Intent, classify, is_details_only};
use cx_text::language::{self, Language};
use serde_json::Value;

pub(crate) struct CustomerMsg {
    /// Position in the request's messages.
    pub at: usize,
    pub text: String,
    pub intent: Intent,
    pub ents: Entities,
    /// The new address when this message asks for (or answers about) an email change.
    pub new_email: Option<String>,
    /// Only details, no question of its own (see `cx_text::intent::is_details_only`).
    pub details_only: bool,
    /// The language it is clearly written in; None for short or neutral text ("ok", an email).
    pub language: Option<Language>,
    /// What the assistant wrote last before it (empty when nothing).
    pub after: String,
}

pub(crate) struct Call {
    pub id: String,
    pub name: String,
    pub args: Value,
    /// The parsed result; a result that is not JSON is kept as a string.
    pub result: Option<Value>,
    /// Position of the tool message that answered it.
    pub result_at: Option<usize>,
}

/// How the customer proves who they are: the second fact next to the email.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Fact {
    Phone(String),
}

pub(crate) struct Session {
    pub phrasing: Phrasing,
    /// The language the customer chose, from the request's context.
    pub language: Option<SessionLanguage>,
    /// The assistant already said that it understands only English.
    pub noticed: bool,
    /// The app says the customer is verified (the request's context).
    pub context_verified: bool,
    pub offered: Vec<String>,
    pub customer: Vec<CustomerMsg>,
    pub calls: Vec<Call>,
    /// Tool calls in the history, for the next call id.
    pub call_count: usize,
    /// The assistant has already written to the customer in this session.
    pub spoken: bool,
    /// Calls answered by the tool messages that end the request (this round's results).
    pub trailing: Vec<usize>,
}

const DATA_TOOLS: &[&str] = &[
    "get_orders",
    "get_tickets",
    "flag_refund",
    "update_user_email",
];

impl Session {
    pub(crate) fn read(req: &ChatRequest) -> Session {
        let context = req.context.clone().unwrap_or_default();
        let mut s = Session {
            phrasing: context.phrasing,
            language: context.language.as_deref().map(SessionLanguage::of),
            noticed: false,
            context_verified: context.verified_customer.is_some(),
            offered: req.tools.iter().map(|t| t.name.clone()).collect(),
            customer: Vec::new(),
            calls: Vec::new(),
            call_count: 0,
            spoken: false,
            trailing: Vec::new(),
        };
        let mut expecting = Expecting::Nothing;
        let mut after = "";
        for (at, m) in req.messages.iter().enumerate() {
            let content = m.content.as_deref().unwrap_or("");
            match m.role {
                ChatRole::System => {}
                ChatRole::User => s.customer.push(customer_msg(at, content, expecting, after)),
                ChatRole::Assistant => {
                    if !content.trim().is_empty() {
                        s.spoken = true;
                        expecting = expecting_after(content);
                        after = content;
                        let lower = content.to_lowercase();
                        s.noticed |= crate::phrases::NOTICE_MARKERS
                            .iter()
                            .any(|m| lower.contains(m));
                    }
                    for c in &m.tool_calls {
                        s.call_count += 1;
                        s.calls.push(Call {
                            id: c.id.clone(),
                            name: c.name.clone(),
                            args: serde_json::from_str(&c.arguments).unwrap_or(Value::Null),
                            result: None,
                            result_at: None,
                        });
                    }
                }
                ChatRole::Tool => {
                    s.attach_result(at, m.tool_call_id.as_deref(), m.name.as_deref(), content)
                }
            }
        }
        let trailing_from = req
            .messages
            .iter()
            .rposition(|m| m.role != ChatRole::Tool)
            .map_or(0, |i| i + 1);
        s.trailing = (0..s.calls.len())
            .filter(|&i| s.calls[i].result_at.is_some_and(|at| at >= trailing_from))
            .collect();
        s
    }

    fn attach_result(
        &mut self,
        at: usize,
        call_id: Option<&str>,
        name: Option<&str>,
        content: &str,
    ) {
        let result =
            serde_json::from_str(content).unwrap_or_else(|_| Value::String(content.to_string()));
        let open = |c: &Call| c.result.is_none();
        // By call id; failing that, the latest unanswered call of that tool.
        let slot = call_id
            .and_then(|id| self.calls.iter().position(|c| open(c) && c.id == id))
            .or_else(|| {
                self.calls
                    .iter()
                    .rposition(|c| open(c) && name.is_none_or(|n| n == c.name))
            });
        match slot {
            Some(i) => {
                self.calls[i].result = Some(result);
                self.calls[i].result_at = Some(at);
            }
            None => self.calls.push(Call {
                id: call_id.unwrap_or("").to_string(),
                name: name.unwrap_or("").to_string(),
                args: Value::Null,
                result: Some(result),
                result_at: Some(at),
            }),
        }
    }

    pub(crate) fn offers(&self, tool: &str) -> bool {
        self.offered.iter().any(|t| t == tool)
    }

    fn verify_calls(&self) -> impl Iterator<Item = &Call> {
        self.calls.iter().filter(|c| c.name == "verify_customer")
    }

    /// A successful `verify_customer` result, if any.
    pub(crate) fn verified_by_tool(&self) -> Option<&Call> {
        self.verify_calls().find(|c| {
            c.result
                .as_ref()
                .and_then(|r| r.get("verified"))
                .and_then(Value::as_bool)
                == Some(true)
        })
    }

    pub(crate) fn is_verified(&self) -> bool {
        self.context_verified || self.verified_by_tool().is_some()
    }

    /// Arguments of verification attempts that failed.
    pub(crate) fn failed_verifications(&self) -> Vec<&Value> {
        self.verify_calls()
            .filter(|c| {
                c.result
                    .as_ref()
                    .and_then(|r| r.get("verified"))
                    .and_then(Value::as_bool)
                    == Some(false)
            })
            .map(|c| &c.args)
            .collect()
    }

    /// The email used in the successful verification.
    pub(crate) fn verified_email(&self) -> Option<String> {
        self.verified_by_tool()
            .and_then(|c| c.args.get("email"))
            .and_then(Value::as_str)
            .map(str::to_lowercase)
    }

    /// The latest email the customer gave about themselves, and the latest second fact.
    pub(crate) fn identity(&self) -> (Option<String>, Option<Fact>) {
        let mut email = None;
        let mut fact = None;
        for m in &self.customer {
            if let Some(e) = m
                .ents
                .emails
                .iter()
                .rev()
                .find(|e| m.new_email.as_ref() != Some(*e))
            {
                email = Some(e.clone());
            }
            // Only the phone digits: an order number is a weak second fact (sequential, printed
            // on receipts) that deployments turn on deliberately, and then a model asks for it.
            if let Some(p) = &m.ents.phone_last4 {
                fact = Some(Fact::Phone(p.clone()));
            }
        }
        (email, fact)
    }

    /// Whether a data tool answered after customer message `at`.
    pub(crate) fn served_after(&self, at: usize) -> bool {
        self.calls
            .iter()
            .any(|c| DATA_TOOLS.contains(&c.name.as_str()) && c.result_at.is_some_and(|r| r > at))
    }

    /// The latest customer message with a data intent that no data tool has answered yet.
    /// A message that only hands over details ("alice@example.com, order 1042") is the request
    /// only when there is no real one.
    pub(crate) fn pending_request(&self) -> Option<&CustomerMsg> {
        let mut open = self
            .customer
            .iter()
            .rev()
            .filter(|m| m.intent.needs_data() && !self.served_after(m.at));
        let latest = open.clone().next();
        open.find(|m| !m.details_only).or(latest)
    }

    /// Customer messages from `from` on.
    pub(crate) fn since(&self, from: usize) -> impl Iterator<Item = &CustomerMsg> {
        self.customer.iter().filter(move |m| m.at >= from)
    }

    /// The language the conversation is in when the customer's last message gives no evidence
    /// of its own: that of their latest message that did, else the session's.
    pub(crate) fn conversation_language(&self) -> Option<SessionLanguage> {
        self.customer
            .iter()
            .rev()
            .find_map(|m| m.language)
            .map(SessionLanguage::Known)
            .or(self.language)
    }

    /// A write result still waiting for the customer's Yes/No, if it is the latest tool result.
    pub(crate) fn awaiting_confirmation(&self) -> bool {
        self.calls
            .iter()
            .filter(|c| c.result.is_some())
            .max_by_key(|c| c.result_at)
            .and_then(|c| c.result.as_ref())
            .is_some_and(|r| r.get("pending_action").is_some_and(|p| !p.is_null()))
    }
}

fn customer_msg(at: usize, text: &str, expecting: Expecting, after: &str) -> CustomerMsg {
    let intent = classify(text);
    let ents = extract_expecting(text, expecting);
    let new = match (intent, expecting) {
        (Intent::EmailChange, _) => new_email(text),
        // The answer to "what is the new email address?".
        (_, Expecting::NewEmail) => new_email(text).or_else(|| ents.emails.last().cloned()),
        _ => None,
    };
    CustomerMsg {
        at,
        text: text.to_string(),
        intent,
        ents,
        new_email: new,
        details_only: is_details_only(text),
        language: language::guess(text),
        after: after.to_string(),
    }
}

/// What the assistant's last words asked for, so that a bare answer can be read.
fn expecting_after(assistant_text: &str) -> Expecting {
    let t = assistant_text.to_lowercase();
    if t.contains("last four") || t.contains("last 4") {
        Expecting::PhoneLast4
    } else if t.contains("the new email address") || t.contains("the new address") {
        Expecting::NewEmail
    } else if t.contains("order number") {
        Expecting::OrderId
    } else if t.contains("ticket number") {
        Expecting::TicketId
    } else {
        Expecting::Nothing
    }
}
