//! The model ⇄ tools loop, shared by the kiosk turn and the co-pilot: the same round limit, the
//! same tool execution through policy, and the same claim ledger over the answer. What differs
//! between them (the prompt, what happens after a tool call, whether sentences stream to a
//! screen) is a [`Party`].

use super::Engine;
use super::ToolCallView;
use super::prompt::Prompt;
use super::transcript::{call_id, chat_history};
use crate::db::entity::{MessageRole, message};
use crate::error::Result;
use crate::escalation::grounding::{Facts, Ledger, SentenceGate, Write};
use crate::events::CoreEvent;
use crate::policy::Actor;
use crate::tools::{self, ToolOutcome};
use cx_llm::{
    ChatMessage, ChatRequest, ChatResponse, ChatRole, LlmError, StreamDelta, ToolCall, ToolSpec,
};
use serde_json::{Value, json};

/// What the kiosk turn and the co-pilot do differently inside the loop.
pub(super) trait Party {
    /// The system prompt for this round (it may change when the customer is verified).
    async fn system_prompt(&mut self, actor: &Actor) -> Result<Prompt>;
    /// After one tool call ran: store it, adopt a tone, announce a pending action…
    async fn after_call(&mut self, call: &ToolCall, outcome: &ToolOutcome) -> Result<()>;
    /// The session whose screen shows the answer sentence by sentence, if any.
    fn streams_to(&self) -> Option<i64> {
        None
    }
}

/// One conversation with the model: who speaks (the actor), what has been said, and what the
/// session's tools, passages and customer have stated so far.
pub(super) struct Conversation {
    pub actor: Actor,
    pub specs: Vec<ToolSpec>,
    pub messages: Vec<ChatMessage>,
    pub facts: Facts,
    pub max_rounds: u32,
    /// This turn's write tool calls: the only support for an action claim.
    pub writes: Vec<Write>,
    pub tool_calls: Vec<ToolCallView>,
    pub empty_lookups: Vec<Value>,
    pub found_lookups: usize,
    /// Sentences already shown (sentence-by-sentence answers), across the turn's rounds.
    pub shown: u32,
    /// How many of the oldest messages the requests leave out: the conversation outgrew the
    /// model's context window (see [`leave_out_oldest_turns`]). They stay in `messages`.
    pub left_out: usize,
}

impl Conversation {
    /// A conversation resuming from the session's stored messages.
    pub fn resume(
        actor: Actor,
        specs: Vec<ToolSpec>,
        history: &[message::Model],
        max_rounds: u32,
    ) -> Self {
        let (messages, facts) = (chat_history(history), session_facts(history));
        Self::continuing(actor, specs, messages, facts, max_rounds)
    }

    /// A conversation continuing from a session's memory (its chat and facts, moved in).
    pub fn continuing(
        actor: Actor,
        specs: Vec<ToolSpec>,
        messages: Vec<ChatMessage>,
        facts: Facts,
        max_rounds: u32,
    ) -> Self {
        Conversation {
            actor,
            specs,
            messages,
            facts,
            max_rounds,
            writes: vec![],
            tool_calls: vec![],
            empty_lookups: vec![],
            found_lookups: 0,
            shown: 0,
            left_out: 0,
        }
    }

    /// A data gap: this turn's lookups found nothing, and an answer would rest on that.
    pub fn data_gap(&self) -> bool {
        !self.empty_lookups.is_empty() && self.found_lookups == 0
    }
}

/// What the session's stored messages state: every tool result (by its call id) and the
/// customer's own contact details.
pub(super) fn session_facts(history: &[message::Model]) -> Facts {
    let mut facts = Facts::new();
    for m in history {
        add_row_facts(&mut facts, m);
    }
    facts
}

/// What one stored message states.
pub(super) fn add_row_facts(facts: &mut Facts, m: &message::Model) {
    match (m.role, &m.tool_result) {
        (MessageRole::Tool, Some(r)) => {
            facts.add_result(&call_id(m), m.tool_name.as_deref().unwrap_or_default(), r)
        }
        (MessageRole::Customer, _) => facts.add_customer_message(m.id, &m.content),
        _ => {}
    }
}

/// How a conversation ended.
pub(super) enum Ended {
    /// An answer whose every claim has a source.
    Answer {
        text: String,
        ledger: Ledger,
    },
    /// An answer with claims no source supports: held back from the customer.
    Held {
        text: String,
        ledger: Ledger,
    },
    /// The answer would rest on lookups that found nothing: held back before anything showed.
    DataGap {
        evidence: Value,
    },
    /// Verification is locked; the evidence holds counts only.
    Locked(Value),
    ModelFailed {
        error: String,
        model: String,
    },
    /// No answer within the round limit (or an empty one).
    RoundLimit,
}

/// Talk with the model until it answers, fails or runs out of rounds.
pub(super) async fn converse(
    engine: &Engine,
    conv: &mut Conversation,
    party: &mut impl Party,
) -> Result<Ended> {
    for round in 0..conv.max_rounds {
        let prompt = party.system_prompt(&conv.actor).await?;
        let model = engine.model();
        let mut response = ask(engine, conv, party.streams_to(), prompt).await;
        // Too long for the model: once more without the oldest turns, then it is a failure.
        if matches!(response, Err(LlmError::ContextOverflow(_))) && leave_out_oldest_turns(conv) {
            tracing::warn!(
                round,
                left_out = conv.left_out,
                "the conversation outgrew the model's context window; oldest turns left out"
            );
            let prompt = party.system_prompt(&conv.actor).await?;
            response = ask(engine, conv, party.streams_to(), prompt).await;
        }
        let response = match response {
            Ok(r) => r,
            Err(e) => {
                tracing::warn!(error = %e, round, "model failed");
                return Ok(Ended::ModelFailed {
                    error: e.to_string(),
                    model: model.name().to_owned(),
                });
            }
        };
        let response = match whole_part(response) {
            Ok(r) => r,
            Err(error) => {
                tracing::warn!(%error, round, "the model's answer was cut off");
                return Ok(Ended::ModelFailed {
                    error,
                    model: model.name().to_owned(),
                });
            }
        };
        if response.tool_calls.is_empty() {
            return Ok(check_answer(conv, response.content.unwrap_or_default()));
        }
        if let Some(locked) = run_tools(engine, conv, party, response).await? {
            // A person takes over; the model gets no further round.
            return Ok(Ended::Locked(locked));
        }
    }
    Ok(Ended::RoundLimit)
}

/// One request to the model. With a screen to stream to, each sentence of the answer is shown as
/// soon as it is complete and grounded; the first that is not stops the showing.
async fn ask(
    engine: &Engine,
    conv: &mut Conversation,
    screen: Option<i64>,
    prompt: Prompt,
) -> std::result::Result<ChatResponse, LlmError> {
    // The history is lent to the request and taken back: not copied each round.
    let mut messages = std::mem::take(&mut conv.messages);
    let mut left_out: Vec<ChatMessage> = messages.drain(..conv.left_out).collect();
    messages.insert(0, ChatMessage::system(prompt.text));
    // An answer that would rest on an empty lookup is decided before anything is shown.
    let screen = screen.filter(|_| !conv.data_gap());
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    let request = ChatRequest {
        messages,
        tools: conv.specs.clone(),
        deltas: screen.map(|_| tx),
        context: Some(prompt.context),
    };
    let response = answer(engine, conv, screen, &request, rx).await;
    let ChatRequest { mut messages, .. } = request;
    messages.remove(0);
    conv.messages = if left_out.is_empty() {
        messages
    } else {
        left_out.append(&mut messages);
        left_out
    };
    response
}

async fn answer(
    engine: &Engine,
    conv: &mut Conversation,
    screen: Option<i64>,
    request: &ChatRequest,
    mut rx: tokio::sync::mpsc::UnboundedReceiver<StreamDelta>,
) -> std::result::Result<ChatResponse, LlmError> {
    let model = engine.model();
    let answer = model.complete(request);
    tokio::pin!(answer);
    let Some(session_id) = screen else {
        return answer.await;
    };
    let mut shower = Shower {
        engine,
        session_id,
        gate: SentenceGate::new(),
        stopped: false,
        tool_calls: false,
    };
    let response = loop {
        tokio::select! {
            biased;
            Some(delta) = rx.recv() => shower.delta(conv, delta),
            r = &mut answer => break r,
        }
    };
    while let Ok(delta) = rx.try_recv() {
        shower.delta(conv, delta);
    }
    // A cut-off answer's last words may be half a sentence: only whole ones were shown.
    if matches!(&response, Ok(r) if r.tool_calls.is_empty() && !cut_off(r)) {
        shower.finish(conv);
    }
    response
}

/// Shows a streamed answer sentence by sentence while each is grounded.
struct Shower<'e> {
    engine: &'e Engine,
    session_id: i64,
    gate: SentenceGate,
    /// A sentence failed: nothing more of this answer is shown.
    stopped: bool,
    /// The model is calling tools: this round's text is no answer.
    tool_calls: bool,
}

impl Shower<'_> {
    fn delta(&mut self, conv: &mut Conversation, delta: StreamDelta) {
        match delta {
            StreamDelta::Content(text) => {
                for sentence in self.gate.push(&text) {
                    self.show(conv, sentence);
                }
            }
            StreamDelta::ToolCall { .. } => self.tool_calls = true,
        }
    }

    fn finish(&mut self, conv: &mut Conversation) {
        for sentence in self.gate.finish() {
            self.show(conv, sentence);
        }
    }

    fn show(&mut self, conv: &mut Conversation, sentence: String) {
        if self.stopped || self.tool_calls {
            return;
        }
        if !Ledger::build(&sentence, &conv.facts, &conv.writes).is_grounded() {
            self.stopped = true;
            return;
        }
        self.engine.events.emit(CoreEvent::AnswerSentence {
            session_id: self.session_id,
            index: conv.shown,
            text: sentence,
        });
        conv.shown += 1;
    }
}

/// Leaves the oldest half of what the requests still carry out of them, cut where a customer
/// message begins: the system prompt stays (it is not in `messages`), a tool call stays with its
/// results, and the current turn is always kept. False when only the current turn is left.
fn leave_out_oldest_turns(conv: &mut Conversation) -> bool {
    let messages = &conv.messages;
    let starts: Vec<usize> = (conv.left_out + 1..messages.len())
        .filter(|&i| messages[i].role == ChatRole::User)
        .collect();
    let Some(&current) = starts.last() else {
        return false;
    };
    let half = conv.left_out + (messages.len() - conv.left_out) / 2;
    conv.left_out = starts
        .iter()
        .copied()
        .find(|&i| i >= half)
        .unwrap_or(current);
    true
}

/// The answer stopped at the length limit (`model.max_tokens`), not where the model ended it.
fn cut_off(response: &ChatResponse) -> bool {
    response.finish_reason.as_deref() == Some("length")
}

/// What of a cut-off answer can be used: the tool calls whose arguments are whole (a JSON
/// object; the cut one is not run), else the complete sentences of its text. Err when nothing
/// is whole: the model failed to answer within its limit.
fn whole_part(mut response: ChatResponse) -> std::result::Result<ChatResponse, String> {
    if !cut_off(&response) {
        return Ok(response);
    }
    if !response.tool_calls.is_empty() {
        response.tool_calls.retain(|call| {
            serde_json::from_str::<Value>(&call.arguments).is_ok_and(|v| v.is_object())
        });
        if response.tool_calls.is_empty() {
            return Err(
                "the answer was cut off at the length limit (model.max_tokens) in the \
                        middle of a tool call"
                    .into(),
            );
        }
        return Ok(response);
    }
    let text = response.content.take().unwrap_or_default();
    let mut gate = SentenceGate::new();
    let mut whole = gate.push(&text);
    let mut rest = gate.finish();
    // The last piece is whole only if it ends like a sentence.
    if rest
        .last()
        .is_some_and(|last| !last.ends_with(['.', '!', '?']))
    {
        rest.pop();
    }
    whole.extend(rest);
    if whole.is_empty() {
        return Err(
            "the answer was cut off at the length limit (model.max_tokens) before its \
                    first sentence ended"
                .into(),
        );
    }
    response.content = Some(whole.join(" "));
    Ok(response)
}

/// The checks after the model answered: an empty answer, a data gap, then the claim ledger.
fn check_answer(conv: &Conversation, text: String) -> Ended {
    if text.trim().is_empty() {
        return Ended::RoundLimit;
    }
    if conv.data_gap() {
        let evidence = json!({ "empty_lookups": conv.empty_lookups, "held_answer": text });
        return Ended::DataGap { evidence };
    }
    let ledger = Ledger::build(&text, &conv.facts, &conv.writes);
    if ledger.is_grounded() {
        Ended::Answer { text, ledger }
    } else {
        Ended::Held { text, ledger }
    }
}

/// The round's tool calls, in order (parallel calls in one response are each executed and
/// answered). Returns the lockout evidence when verification locked.
async fn run_tools(
    engine: &Engine,
    conv: &mut Conversation,
    party: &mut impl Party,
    mut response: ChatResponse,
) -> Result<Option<Value>> {
    unique_call_ids(&conv.messages, &mut response.tool_calls);
    conv.messages.push(ChatMessage::assistant_tool_calls(
        response.content.clone(),
        response.tool_calls.clone(),
    ));
    let mut lockout = None;
    for call in &response.tool_calls {
        let outcome = tools::execute(
            engine.core.tool_env(),
            &conv.actor,
            &call.name,
            &call.arguments,
        )
        .await;
        if let Some(c) = outcome.verified_customer {
            conv.actor.verified_customer = Some(c);
        }
        if outcome.lockout.is_some() {
            lockout = outcome.lockout.clone();
        }
        if outcome.empty {
            conv.empty_lookups.push(json!({ "tool": outcome.name, "arguments": outcome.arguments, "result": outcome.result }));
        } else if outcome.error.is_none() && tools::is_lookup(&outcome.name) {
            conv.found_lookups += 1;
        }
        conv.facts
            .add_result(&call.id, &outcome.name, &outcome.result);
        conv.writes
            .extend(Write::of(&call.id, &outcome.name, &outcome.result));
        party.after_call(call, &outcome).await?;
        conv.messages.push(ChatMessage::tool(
            call.id.clone(),
            call.name.clone(),
            outcome.result.to_string(),
        ));
        conv.tool_calls.push(ToolCallView {
            name: outcome.name,
            arguments: outcome.arguments,
            result: outcome.result,
        });
    }
    Ok(lockout)
}

/// Every call gets an id no earlier tool message of the session answers: a server that sends no
/// ids has the client make up `call_0`, `call_1`, ... again each round, and a repeated id would
/// tie a result (and the claims it supports) to the wrong call.
fn unique_call_ids(history: &[ChatMessage], calls: &mut [ToolCall]) {
    let mut taken: std::collections::HashSet<String> = history
        .iter()
        .filter_map(|m| m.tool_call_id.clone())
        .collect();
    for call in calls.iter_mut() {
        if call.id.trim().is_empty() || taken.contains(&call.id) {
            call.id = (taken.len()..)
                .map(|n| format!("call_{n}"))
                .find(|id| !taken.contains(id))
                .unwrap_or_default();
        }
        taken.insert(call.id.clone());
    }
}
