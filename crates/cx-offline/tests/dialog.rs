//! Whole conversations driven through `ChatModel::complete`, with tool results shaped as in
//! docs/tools.md, and every reply checked the way the app's grounding guard checks it.

use cx_llm::{
    ChatMessage, ChatModel, ChatRequest, ChatResponse, ChatRole, Phrasing, ToolSpec, TurnContext,
};
use cx_offline::OfflineAssistant;
use regex::Regex;
use serde_json::{Value, json};
use std::future::Future;
use std::task::{Context, Poll, Waker};

/// The assistant never waits on anything, so polling once or twice finishes it.
fn block_on<F: Future>(f: F) -> F::Output {
    let mut f = std::pin::pin!(f);
    let mut cx = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(v) = f.as_mut().poll(&mut cx) {
            return v;
        }
        std::thread::yield_now();
    }
}

const KIOSK_TOOLS: &[&str] = &[
    "verify_customer",
    "get_orders",
    "get_tickets",
    "update_user_email",
    "flag_refund",
];

fn spec(name: &str) -> ToolSpec {
    ToolSpec {
        name: name.to_string(),
        description: format!("the {name} tool"),
        parameters: json!({ "type": "object", "properties": {} }),
    }
}

fn order(
    id: i64,
    product: &str,
    cents: i64,
    amount: &str,
    status: &str,
    tracking: Option<&str>,
) -> Value {
    json!({
        "id": id, "customer_id": 3, "product": product, "amount_cents": cents, "amount": amount,
        "status": status, "tracking_number": tracking,
        "created_at": "2026-10-02T14:11:00Z", "updated_at": "2026-10-03T09:00:00Z"
    })
}

fn mouse() -> Value {
    order(
        1042,
        "Wireless mouse",
        7999,
        "$79.99",
        "shipped",
        Some("1Z84A0E60312345678"),
    )
}

fn ticket(id: i64, subject: &str, status: &str, priority: &str) -> Value {
    json!({
        "id": id, "customer_id": 3, "subject": subject, "description": "The box was crushed.",
        "status": status, "priority": priority, "assignee": "dana",
        "created_at": "2026-10-04T08:00:00Z", "updated_at": "2026-10-04T08:30:00Z"
    })
}

fn verified_ok() -> Value {
    json!({ "verified": true, "customer": { "id": 3, "name": "Alice Martin" } })
}

fn verified_no() -> Value {
    json!({ "verified": false, "message": "Those details do not match our records." })
}

/// A session as the app would send it, built turn by turn: the prompt is for a language model,
/// the assistant reads the typed context.
struct Dialog {
    messages: Vec<ChatMessage>,
    tools: Vec<ToolSpec>,
    context: Option<TurnContext>,
}

const PROMPT: &str = "You are the kiosk assistant of CX Shop.\nNever reveal other customers' data.";

impl Dialog {
    fn new(tone: &str) -> Self {
        Self::with_context(TurnContext {
            phrasing: Phrasing::named(tone).expect("a built-in tone"),
            ..TurnContext::default()
        })
    }

    fn verified(tone: &str) -> Self {
        Self::with_context(TurnContext {
            phrasing: Phrasing::named(tone).expect("a built-in tone"),
            verified_customer: Some(3),
            ..TurnContext::default()
        })
    }

    fn with_context(context: TurnContext) -> Self {
        Dialog {
            context: Some(context),
            ..Self::with_prompt(PROMPT)
        }
    }

    /// A request with no context, as from a caller that has no session.
    fn with_prompt(prompt: &str) -> Self {
        Dialog {
            messages: vec![ChatMessage::system(prompt)],
            tools: KIOSK_TOOLS.iter().map(|n| spec(n)).collect(),
            context: None,
        }
    }

    fn tools(mut self, names: &[&str]) -> Self {
        self.tools = names.iter().map(|n| spec(n)).collect();
        self
    }

    fn request(&self) -> ChatRequest {
        ChatRequest {
            messages: self.messages.clone(),
            tools: self.tools.clone(),
            deltas: None,
            context: self.context.clone(),
        }
    }

    /// Asks the assistant and records its answer in the history, as the agent loop does.
    fn step(&mut self) -> ChatResponse {
        let r = block_on(OfflineAssistant::new().complete(&self.request()))
            .expect("offline never fails");
        if r.tool_calls.is_empty() {
            let text = r.content.clone().unwrap_or_default();
            assert_grounded(&text, &self.messages);
            self.messages.push(ChatMessage::assistant(text));
        } else {
            assert!(r.content.is_none(), "a tool call carries no text");
            for c in &r.tool_calls {
                assert!(
                    self.tools.iter().any(|t| t.name == c.name),
                    "{} was not offered",
                    c.name
                );
                serde_json::from_str::<Value>(&c.arguments).expect("arguments are JSON");
            }
            self.messages.push(ChatMessage::assistant_tool_calls(
                None,
                r.tool_calls.clone(),
            ));
        }
        r
    }

    fn say(&mut self, text: &str) -> ChatResponse {
        self.messages.push(ChatMessage::user(text));
        self.step()
    }

    /// Answers the assistant's last tool call with `result`.
    fn result(&mut self, result: Value) -> ChatResponse {
        let call = self
            .messages
            .iter()
            .rev()
            .find_map(|m| m.tool_calls.last())
            .expect("a tool call to answer")
            .clone();
        self.messages
            .push(ChatMessage::tool(call.id, call.name, result.to_string()));
        self.step()
    }
}

fn text(r: &ChatResponse) -> String {
    assert!(
        r.tool_calls.is_empty(),
        "expected a reply, got {:?}",
        r.tool_calls
    );
    assert_eq!(r.finish_reason.as_deref(), Some("stop"));
    r.content.clone().unwrap_or_default()
}

/// The one tool call in `r`: (id, name, arguments).
fn call(r: &ChatResponse) -> (String, String, Value) {
    assert_eq!(r.tool_calls.len(), 1, "expected one tool call, got {r:?}");
    assert_eq!(r.finish_reason.as_deref(), Some("tool_calls"));
    let c = &r.tool_calls[0];
    let args = serde_json::from_str(&c.arguments).unwrap_or(Value::Null);
    (c.id.clone(), c.name.clone(), args)
}

/// What the app's grounding guard does: every number, email and status word in a reply must
/// appear in the tool results of the session.
fn assert_grounded(reply: &str, messages: &[ChatMessage]) {
    const STATUSES: &[&str] = &[
        "pending",
        "shipped",
        "delivered",
        "refunded",
        "refund requested",
        "open",
        "in progress",
        "resolved",
        "escalated",
    ];
    let sources: String = messages
        .iter()
        .filter(|m| m.role == ChatRole::Tool)
        .filter_map(|m| m.content.clone())
        .collect::<Vec<_>>()
        .join("\n");
    let readable = sources.replace('_', " ").to_lowercase();
    let numbers = Regex::new(r"\d+").expect("regex");
    for n in numbers.find_iter(reply) {
        assert!(
            sources.contains(n.as_str()),
            "number {} has no source in {reply:?}",
            n.as_str()
        );
    }
    let emails = Regex::new(r"[\w.+-]+@[\w-]+(\.[\w-]+)+").expect("regex");
    for e in emails.find_iter(reply) {
        assert!(
            sources.contains(e.as_str()),
            "email {} has no source in {reply:?}",
            e.as_str()
        );
    }
    let lower = reply.to_lowercase();
    for s in STATUSES {
        let word = Regex::new(&format!(r"\b{s}\b")).expect("regex");
        if word.is_match(&lower) {
            assert!(
                readable.contains(s),
                "status {s:?} has no source in {reply:?}"
            );
        }
    }
}

#[test]
fn name_is_offline() {
    assert_eq!(OfflineAssistant::new().name(), "offline");
}

#[test]
fn order_status_from_first_words_to_answer() {
    let mut d = Dialog::new("professional");
    let ask = d.say("Hi, where is my order?");
    let ask = text(&ask);
    assert!(ask.contains("offline assistant"), "{ask}");
    assert!(
        ask.contains("email address") && ask.contains("last four digits"),
        "{ask}"
    );

    let r = d.say("it's alice@example.com and the last four digits are 1234");
    let (id, name, args) = call(&r);
    assert_eq!((id.as_str(), name.as_str()), ("call_1", "verify_customer"));
    assert_eq!(
        args,
        json!({ "email": "alice@example.com", "phone_last4": "1234" })
    );

    let r = d.result(verified_ok());
    let (id, name, args) = call(&r);
    assert_eq!(
        (id.as_str(), name.as_str(), args),
        ("call_2", "get_orders", json!({}))
    );

    let r = d.result(json!({ "found": true, "count": 1, "orders": [mouse()] }));
    let answer = text(&r);
    for fact in [
        "#1042",
        "Wireless mouse",
        "$79.99",
        "shipped",
        "1Z84A0E60312345678",
        "2026-10-02",
    ] {
        assert!(answer.contains(fact), "{fact} missing from {answer}");
    }
    assert!(
        !answer.contains("offline assistant"),
        "the introduction is said once: {answer}"
    );
    assert!(!answer.contains("alice@example.com"));
}

#[test]
fn first_reply_after_tool_calls_still_introduces_itself() {
    let mut d = Dialog::new("friendly");
    assert_eq!(
        call(&d.say("alice@example.com, phone ends in 1234. where's my package?")).1,
        "verify_customer"
    );
    assert_eq!(call(&d.result(verified_ok())).1, "get_orders");
    let r = d.result(json!({ "found": true, "count": 1, "orders": [mouse()] }));
    assert!(text(&r).contains("offline assistant"), "{}", text(&r));
}

#[test]
fn a_named_order_is_looked_up_but_never_verifies() {
    let mut d = Dialog::new("professional");
    text(&d.say("what's the status of order #1042?"));
    // An order number is not a second fact (sequential, printed on receipts): the phone digits are.
    let ask = text(&d.say("alice@example.com"));
    assert!(ask.contains("last four digits"), "{ask}");
    assert!(!ask.contains("order number"), "{ask}");
    let (_, name, args) = call(&d.say("4821"));
    assert_eq!(name, "verify_customer");
    assert_eq!(
        args,
        json!({ "email": "alice@example.com", "phone_last4": "4821" })
    );
    let (id, name, args) = call(&d.result(verified_ok()));
    assert_eq!(
        (id.as_str(), name.as_str(), args),
        ("call_2", "get_orders", json!({ "order_id": 1042 }))
    );
    let r = d.result(json!({ "found": true, "count": 1, "orders": [order(1042, "Wireless mouse", 7999, "$79.99", "refund_requested", None)] }));
    let answer = text(&r);
    assert!(
        answer.contains("refund requested") && !answer.contains("refund_requested"),
        "{answer}"
    );
    assert!(
        !answer.contains("Tracking"),
        "no tracking number in the result: {answer}"
    );
}

#[test]
fn details_collected_across_messages() {
    let mut d = Dialog::new("professional");
    text(&d.say("wheres my parcel"));
    let r = d.say("alice@example.com");
    let ask = text(&r);
    assert!(ask.contains("last four digits"), "{ask}");
    assert!(
        !ask.contains("alice@example.com"),
        "never echo the customer's email: {ask}"
    );
    // A bare answer to "last four digits?" is the phone digits, not an order number.
    let (_, name, args) = call(&d.say("1234"));
    assert_eq!(name, "verify_customer");
    assert_eq!(
        args,
        json!({ "email": "alice@example.com", "phone_last4": "1234" })
    );
}

#[test]
fn only_phone_digits_ask_for_the_email() {
    let mut d = Dialog::new("professional");
    text(&d.say("where is my order"));
    let ask = text(&d.say("last four are 1234"));
    assert!(
        ask.contains("email address") && !ask.contains("1234"),
        "{ask}"
    );
}

#[test]
fn failed_verification_says_no_more_than_no_match() {
    let mut d = Dialog::new("professional");
    text(&d.say("where is my order?"));
    assert_eq!(call(&d.say("bob@example.com 9999")).1, "verify_customer");
    let r = d.result(verified_no());
    let reply = text(&r);
    assert!(reply.contains("don't match"), "{reply}");
    assert!(
        !reply.contains("bob@example.com") && !reply.contains("9999"),
        "{reply}"
    );
    assert!(!reply.to_lowercase().contains("no account"), "{reply}");

    // The same details again are not tried again.
    let r = d.say("bob@example.com 9999");
    assert!(text(&r).contains("don't match"));

    // Corrected digits are tried, with the email given before.
    let (id, name, args) = call(&d.say("sorry, it ends in 1234"));
    assert_eq!((id.as_str(), name.as_str()), ("call_2", "verify_customer"));
    assert_eq!(
        args,
        json!({ "email": "bob@example.com", "phone_last4": "1234" })
    );
    assert_eq!(call(&d.result(verified_ok())).1, "get_orders");
}

#[test]
fn repeated_failures_offer_a_person() {
    let mut d = Dialog::new("professional");
    text(&d.say("where is my order?"));
    for digits in ["1111", "2222", "3333"] {
        call(&d.say(&format!("bob@example.com, last four {digits}")));
        let r = d.result(verified_no());
        let reply = text(&r).to_string();
        assert_eq!(digits == "3333", reply.contains("person"), "{reply}");
    }
}

#[test]
fn verified_in_the_prompt_goes_straight_to_the_tool() {
    let mut d = Dialog::verified("professional");
    let (id, name, args) = call(&d.say("Has my order shipped yet?"));
    assert_eq!(
        (id.as_str(), name.as_str(), args),
        ("call_1", "get_orders", json!({}))
    );
    let r = d.result(json!({ "found": true, "count": 2, "orders": [mouse(), order(1043, "USB-C cable", 1299, "$12.99", "pending", None)] }));
    let answer = text(&r);
    for fact in [
        "#1042",
        "#1043",
        "USB-C cable",
        "$12.99",
        "pending",
        "shipped",
    ] {
        assert!(answer.contains(fact), "{fact} missing from {answer}");
    }
}

#[test]
fn nothing_found_is_said_plainly() {
    let mut d = Dialog::verified("professional");
    call(&d.say("where is order 1999?"));
    let r = d.result(json!({ "found": false, "count": 0, "orders": [], "message": "No orders found for customer 3." }));
    let reply = text(&r);
    assert!(reply.contains("couldn't find that order"), "{reply}");
    assert!(
        !reply.contains("1999"),
        "the number asked about has no source: {reply}"
    );
}

#[test]
fn tickets_are_listed_with_subject_status_and_priority() {
    let mut d = Dialog::verified("friendly");
    let (_, name, args) = call(&d.say("any update on ticket 5007?"));
    assert_eq!(
        (name.as_str(), args),
        ("get_tickets", json!({ "ticket_id": 5007 }))
    );
    let r = d.result(json!({ "found": true, "count": 1, "tickets": [ticket(5007, "Mouse arrived damaged", "in_progress", "high")] }));
    let answer = text(&r);
    for fact in ["#5007", "Mouse arrived damaged", "in progress", "high"] {
        assert!(answer.contains(fact), "{fact} missing from {answer}");
    }
    let mut d = Dialog::verified("friendly");
    assert_eq!(call(&d.say("my tickets")).2, json!({}));
    let r = d.result(json!({ "found": false, "count": 0, "tickets": [], "message": "No tickets found for customer 3." }));
    assert!(text(&r).contains("couldn't find any tickets"));
}

#[test]
fn refund_asks_for_the_order_then_waits_for_confirmation() {
    let mut d = Dialog::verified("professional");
    let ask = text(&d.say("I want a refund"));
    assert!(ask.contains("order number"), "{ask}");
    let (id, name, args) = call(&d.say("1042"));
    assert_eq!((id.as_str(), name.as_str()), ("call_1", "flag_refund"));
    assert_eq!(args["order_id"], 1042);
    assert!(
        args["reason"]
            .as_str()
            .is_some_and(|r| r.contains("I want a refund")),
        "{args}"
    );

    let r = d.result(json!({
        "applied": false,
        "pending_action": { "id": 7, "tool": "flag_refund", "arguments": { "order_id": 1042, "reason": args["reason"] }, "state": "proposed" },
        "message": "Waiting for confirmation."
    }));
    let reply = text(&r);
    assert!(
        reply.contains("#1042") && reply.contains("Yes") && reply.contains("No"),
        "{reply}"
    );
    assert!(
        !reply.contains('7'),
        "the action id is the app's business: {reply}"
    );

    // Typing instead of pressing the button.
    let reply = text(&d.say("yes please"));
    assert!(reply.contains("Yes or No"), "{reply}");

    // The app reports the applied change.
    let mut applied = mouse();
    applied["status"] = json!("refund_requested");
    d.messages.push(ChatMessage::tool(
        "call_1_confirm",
        "flag_refund",
        json!({ "applied": true, "order": applied }).to_string(),
    ));
    let r = d.step();
    let reply = text(&r);
    assert!(
        reply.contains("#1042") && reply.contains("refund requested"),
        "{reply}"
    );
}

#[test]
fn refund_with_the_order_in_the_request_and_its_refusal() {
    let mut d = Dialog::verified("friendly");
    let (_, name, args) = call(&d.say("Refund order #1043 please, it arrived broken"));
    assert_eq!(
        (name.as_str(), &args["order_id"]),
        ("flag_refund", &json!(1043))
    );
    assert!(
        args["reason"]
            .as_str()
            .is_some_and(|r| r.contains("arrived broken"))
    );
    let r = d.result(json!({ "error": { "code": "refused", "message": "Order 1043 is pending and cannot be refunded." } }));
    let reply = text(&r);
    assert!(
        reply.starts_with("Hi there") || reply.contains("Sorry"),
        "{reply}"
    );
    assert!(
        reply.contains("Order 1043 is pending and cannot be refunded."),
        "{reply}"
    );
}

#[test]
fn refund_before_verification_uses_the_order_given_with_the_email() {
    let mut d = Dialog::new("professional");
    text(&d.say("I'd like a refund please"));
    // The order is remembered, but it is no second fact: the phone digits are asked for.
    let ask = text(&d.say("alice@example.com, order 1042"));
    assert!(ask.contains("last four digits"), "{ask}");
    let (_, name, args) = call(&d.say("4821"));
    assert_eq!(name, "verify_customer");
    assert_eq!(
        args,
        json!({ "email": "alice@example.com", "phone_last4": "4821" })
    );
    let (id, name, args) = call(&d.result(verified_ok()));
    assert_eq!(
        (id.as_str(), name.as_str(), &args["order_id"]),
        ("call_2", "flag_refund", &json!(1042))
    );
}

#[test]
fn email_change_from_request_to_confirmation() {
    let mut d = Dialog::new("playful");
    let ask = text(&d.say("please change my e-mail to new.alice@example.org"));
    assert!(!ask.contains("new.alice@example.org"), "{ask}");
    let (_, name, args) = call(&d.say("my current one is alice@example.com, last 4 digits 1234"));
    assert_eq!(name, "verify_customer");
    assert_eq!(
        args,
        json!({ "email": "alice@example.com", "phone_last4": "1234" })
    );
    let (_, name, args) = call(&d.result(verified_ok()));
    assert_eq!(
        (name.as_str(), args),
        (
            "update_user_email",
            json!({ "new_email": "new.alice@example.org" })
        )
    );
    let r = d.result(json!({
        "applied": false,
        "pending_action": { "id": 8, "tool": "update_user_email", "arguments": { "new_email": "new.alice@example.org" }, "state": "proposed" },
        "message": "Waiting for confirmation."
    }));
    let reply = text(&r);
    assert!(
        reply.contains("new.alice@example.org") && reply.contains("Yes"),
        "{reply}"
    );

    d.messages.push(ChatMessage::tool("call_3b", "update_user_email", json!({
        "applied": true,
        "customer": { "id": 3, "name": "Alice Martin", "email": "new.alice@example.org", "phone": "+1 555 0100 1234", "created_at": "2025-01-01T00:00:00Z" }
    }).to_string()));
    let reply = d.step().content.unwrap_or_default();
    assert!(reply.contains("new.alice@example.org"), "{reply}");
}

#[test]
fn email_change_asks_for_the_new_address() {
    let mut d = Dialog::verified("friendly");
    let ask = text(&d.say("I need to update my email"));
    assert!(ask.contains("new email address"), "{ask}");
    let (id, name, args) = call(&d.say("bob.new@example.org"));
    assert_eq!(
        (id.as_str(), name.as_str(), args),
        (
            "call_1",
            "update_user_email",
            json!({ "new_email": "bob.new@example.org" })
        )
    );
}

#[test]
fn errors_are_relayed_sensibly() {
    let cases = [
        (
            json!({ "error": { "code": "denied", "message": "Order 2001 belongs to another customer." } }),
            "own account",
        ),
        (
            json!({ "error": { "code": "internal", "message": "database is locked" } }),
            "went wrong",
        ),
        (
            json!({ "error": { "code": "not_found", "message": "No order 1999." } }),
            "No order 1999.",
        ),
        (
            json!({ "error": { "code": "not_verified", "message": "Verify the customer first." } }),
            "last four digits",
        ),
    ];
    for (result, expected) in cases {
        let mut d = Dialog::verified("professional");
        call(&d.say("where is order 1999?"));
        let r = d.result(result);
        let reply = text(&r);
        assert!(
            reply.contains(expected),
            "{expected:?} missing from {reply}"
        );
        assert!(
            !reply.contains("database"),
            "internal details stay inside: {reply}"
        );
    }
    // A result that is not even JSON.
    let mut d = Dialog::verified("professional");
    call(&d.say("where is my order?"));
    let r = d.result(json!("garbage"));
    assert!(text(&r).contains("went wrong"));
}

#[test]
fn small_talk_offers_help_without_facts() {
    let mut d = Dialog::new("professional");
    let hello = text(&d.say("hello")).to_string();
    assert!(
        hello.contains("offline assistant") && hello.contains("orders"),
        "{hello}"
    );
    let again = text(&d.say("hi")).to_string();
    assert!(
        !again.contains("offline assistant") && again.contains("Hello again"),
        "{again}"
    );
    let thanks = text(&d.say("thanks!")).to_string();
    assert!(thanks.contains("welcome"), "{thanks}");
    let unknown = text(&d.say("what's the weather like?")).to_string();
    assert!(unknown.contains("can't help with that"), "{unknown}");
    let bot = text(&d.say("are you a robot?")).to_string();
    assert!(bot.contains("not a person"), "{bot}");
    let human = text(&d.say("I want to talk to a real person")).to_string();
    assert!(human.contains("person from our team"), "{human}");
    for reply in [hello, again, thanks, unknown, bot, human] {
        assert!(!reply.chars().any(|c| c.is_ascii_digit()), "{reply}");
    }
}

#[test]
fn volunteered_details_verify_then_ask_what_is_needed() {
    let mut d = Dialog::new("playful");
    text(&d.say("hey"));
    let (_, name, _) = call(&d.say("I'm alice@example.com, phone ends in 1234"));
    assert_eq!(name, "verify_customer");
    let r = d.result(verified_ok());
    let reply = text(&r);
    assert!(
        reply.contains("Alice") && reply.contains("toolbox"),
        "{reply}"
    );
}

#[test]
fn a_bare_order_number_after_verification_is_looked_up() {
    let mut d = Dialog::verified("professional");
    text(&d.say("hello"));
    assert_eq!(call(&d.say("1042")).2, json!({ "order_id": 1042 }));
}

#[test]
fn tones_phrase_the_same_answer_differently() {
    let mut replies = Vec::new();
    for tone in ["professional", "friendly", "playful"] {
        let mut d = Dialog::verified(tone);
        call(&d.say("where is my order"));
        let r = d.result(json!({ "found": true, "count": 1, "orders": [mouse()] }));
        let reply = text(&r).to_string();
        assert!(
            reply.contains("Wireless mouse") && reply.contains("$79.99"),
            "{reply}"
        );
        replies.push(reply);
    }
    assert!(replies[0] != replies[1] && replies[1] != replies[2] && replies[0] != replies[2]);
    assert!(replies[2].contains("scoop"), "{}", replies[2]);
    // No context: professional.
    let mut d = Dialog::with_prompt("You are the kiosk assistant.");
    assert!(text(&d.say("hello")).contains("How may I help"));
}

#[test]
fn only_offered_tools_are_called() {
    let mut d = Dialog::verified("professional").tools(&["get_orders", "get_tickets"]);
    let reply = text(&d.say("refund order 1042"));
    assert!(reply.contains("can't do that from here"), "{reply}");

    let mut d = Dialog::new("professional").tools(&[]);
    let r = d.say("where is my order? alice@example.com, last four 1234");
    assert!(r.tool_calls.is_empty());

    // Without verify_customer, the app's policy decides; a not_verified error ends the attempt.
    let mut d = Dialog::new("professional").tools(&["get_orders"]);
    assert_eq!(call(&d.say("where is my order?")).1, "get_orders");
    let r = d.result(
        json!({ "error": { "code": "not_verified", "message": "Verify the customer first." } }),
    );
    assert!(text(&r).contains("can't confirm your identity"));
    assert!(text(&d.say("where is my order??")).contains("can't confirm your identity"));
}

#[test]
fn long_lists_are_cut_without_inventing_counts() {
    let orders: Vec<Value> = (0..7)
        .map(|i| order(1042 + i, "Cable", 999, "$9.99", "delivered", None))
        .collect();
    let mut d = Dialog::verified("professional");
    call(&d.say("show my orders"));
    let r = d.result(json!({ "found": true, "count": 7, "orders": orders }));
    let reply = text(&r);
    assert!(
        reply.contains("#1046") && !reply.contains("#1047"),
        "{reply}"
    );
    assert!(reply.contains("more orders"), "{reply}");
}

#[test]
fn same_request_same_answer() {
    let mut d = Dialog::new("friendly");
    d.messages.push(ChatMessage::user(
        "where is my order? alice@example.com 1234",
    ));
    let a = block_on(OfflineAssistant::new().complete(&d.request()));
    let b = block_on(OfflineAssistant::new().complete(&d.request()));
    assert_eq!(a.ok(), b.ok());
}

#[test]
fn empty_and_odd_requests_do_not_panic() {
    let assistant = OfflineAssistant::new();
    let r = assistant.respond(&ChatRequest::default());
    assert!(r.content.is_some());
    let mut d = Dialog::new("professional");
    // A tool message with no call before it, with no name, with junk.
    d.messages.push(ChatMessage::tool("nope", "", "{not json"));
    d.messages.push(ChatMessage {
        role: ChatRole::Tool,
        content: None,
        tool_calls: vec![],
        tool_call_id: None,
        name: None,
    });
    let r = assistant.respond(&d.request());
    assert!(r.content.is_some());
    d.messages.push(ChatMessage::user("\u{0}\u{200b}🙂 #"));
    let r = assistant.respond(&d.request());
    assert!(r.content.is_some());
}

#[test]
fn details_in_a_polite_message_still_count() {
    let mut d = Dialog::new("friendly");
    text(&d.say("where is my order?"));
    let (_, name, args) = call(&d.say("Thanks! It's alice@example.com, last four 1234"));
    assert_eq!(name, "verify_customer");
    assert_eq!(args["phone_last4"], "1234");
}

#[test]
fn everything_in_one_message() {
    let mut d = Dialog::new("professional");
    let r =
        d.say("I want a refund for order 1042, I'm alice@example.com and my phone ends in 1234");
    let (_, name, args) = call(&r);
    assert_eq!(name, "verify_customer");
    assert_eq!(
        args,
        json!({ "email": "alice@example.com", "phone_last4": "1234" })
    );
    let (_, name, args) = call(&d.result(verified_ok()));
    assert_eq!(
        (name.as_str(), &args["order_id"]),
        ("flag_refund", &json!(1042))
    );
}

#[test]
fn old_and_new_email_in_one_message() {
    let mut d = Dialog::new("professional");
    let r =
        d.say("change my email from alice@example.com to alice.new@example.org, last four 1234");
    let (_, _, args) = call(&r);
    assert_eq!(args["email"], "alice@example.com");
    let (_, name, args) = call(&d.result(verified_ok()));
    assert_eq!(
        (name.as_str(), args),
        (
            "update_user_email",
            json!({ "new_email": "alice.new@example.org" })
        )
    );
}

#[test]
fn a_new_question_after_an_answer_starts_over() {
    let mut d = Dialog::verified("professional");
    call(&d.say("where is my order?"));
    text(&d.result(json!({ "found": true, "count": 1, "orders": [mouse()] })));
    let (id, name, args) = call(&d.say("and my tickets?"));
    assert_eq!(
        (id.as_str(), name.as_str(), args),
        ("call_2", "get_tickets", json!({}))
    );
    text(&d.result(json!({ "found": true, "count": 1, "tickets": [ticket(5007, "Mouse arrived damaged", "open", "high")] })));
    // Thanks after an answer is small talk, not a reason to look anything up again.
    assert!(text(&d.say("thanks")).contains("welcome"));
}

/// A kiosk session in which the customer chose `language` ("de (German)": its code counts).
fn in_language(language: &str) -> Dialog {
    Dialog::with_context(TurnContext {
        language: language.split_whitespace().next().map(str::to_owned),
        ..TurnContext::default()
    })
}

const NOTICE_DE: &str = "Ich verstehe leider nur Englisch.";
const NOTICE_ES: &str = "solo entiendo inglés";
const NOTICE_EN: &str = "understand only English";

#[test]
fn a_german_session_is_told_in_german_that_only_english_is_understood() {
    let mut d = in_language("de (German)");
    let notice = text(&d.say("Wo ist meine Bestellung?"));
    for part in [
        "Offline-Assistent",
        NOTICE_DE,
        "auf Englisch weiterschreiben",
        "„Ja“",
        "„Mit einer Person sprechen“",
    ] {
        assert!(notice.contains(part), "{part:?} missing from {notice}");
    }
    assert!(!notice.contains("offline assistant"), "{notice}");
    // A yes to the offer brings a person, in German.
    let person = text(&d.say("Ja, bitte"));
    assert!(person.contains("Person aus unserem Team"), "{person}");
    assert!(!person.contains("Hallo"), "introduced once: {person}");
}

#[test]
fn a_spanish_session_is_told_in_spanish_and_a_si_brings_a_person() {
    let mut d = in_language("es (Spanish)");
    let notice = text(&d.say("¿Dónde está mi pedido?"));
    for part in [
        "asistente sin conexión",
        NOTICE_ES,
        "en inglés",
        "«sí»",
        "«Hablar con una persona»",
    ] {
        assert!(notice.contains(part), "{part:?} missing from {notice}");
    }
    let person = text(&d.say("sí"));
    assert!(person.contains("persona de nuestro equipo"), "{person}");
}

#[test]
fn asking_for_a_person_in_german_gets_the_answer_in_german() {
    let mut d = in_language("de (German)");
    let person = text(&d.say("Ich möchte mit einem Menschen sprechen"));
    assert!(
        person.starts_with("Hallo, ich bin der Offline-Assistent.")
            && person.contains("Person aus unserem Team"),
        "{person}"
    );
    let mut d = Dialog::new("professional");
    let person = text(&d.say("quiero hablar con una persona"));
    assert!(person.contains("persona de nuestro equipo"), "{person}");
}

#[test]
fn a_german_session_in_english_is_served_in_english() {
    let mut d = in_language("de (German)");
    let ask = text(&d.say("Where is my order?"));
    assert!(ask.contains("last four digits"), "{ask}");
    assert!(!ask.contains(NOTICE_DE), "{ask}");
    // Neutral details go on in English: verification, the lookup, the answer.
    let (_, name, args) = call(&d.say("alice@example.com 1234"));
    assert_eq!(name, "verify_customer");
    assert_eq!(
        args,
        json!({ "email": "alice@example.com", "phone_last4": "1234" })
    );
    assert_eq!(call(&d.result(verified_ok())).1, "get_orders");
    let answer = text(&d.result(json!({ "found": true, "count": 1, "orders": [mouse()] })));
    assert!(
        answer.contains("#1042") && answer.contains("$79.99"),
        "{answer}"
    );
    // A refund up to the Yes/No card, and a typed "ok" there.
    let (_, name, _) = call(&d.say("I want a refund for order 1042"));
    assert_eq!(name, "flag_refund");
    let card = text(&d.result(json!({
        "applied": false,
        "pending_action": { "id": 7, "tool": "flag_refund", "arguments": { "order_id": 1042 }, "state": "proposed" }
    })));
    assert!(card.contains("Yes") && card.contains("#1042"), "{card}");
    let buttons = text(&d.say("ok"));
    assert!(buttons.contains("Yes or No"), "{buttons}");
    // A German "ja" at the card is a typed answer to it, not a request for a person.
    let buttons = text(&d.say("ja"));
    assert!(buttons.contains("Yes or No"), "{buttons}");
}

#[test]
fn neutral_messages_follow_the_conversation() {
    // Nothing said yet in a German session: a bare number is no English, the notice comes first.
    let mut d = in_language("de (German)");
    let notice = text(&d.say("1042"));
    assert!(notice.contains(NOTICE_DE), "{notice}");
    // Once said, details go on in English.
    let ask = text(&d.say("alice@example.com"));
    assert!(ask.contains("last four digits"), "{ask}");
    // German again: the notice again.
    let notice = text(&d.say("Ich verstehe das nicht"));
    assert!(notice.contains(NOTICE_DE), "{notice}");
}

#[test]
fn the_opening_of_a_foreign_session_is_the_notice() {
    let mut d = in_language("es (Spanish)");
    let hello = text(&d.step());
    assert!(
        hello.starts_with("Hola, soy el asistente sin conexión.") && hello.contains(NOTICE_ES),
        "{hello}"
    );
    let mut d = in_language("en (English)");
    assert!(text(&d.step()).contains("How may I help you today?"));
}

#[test]
fn other_languages_get_the_notice_in_the_sessions_language_or_english() {
    // English session, Spanish words: Spanish. French: English, which the customer may read.
    let mut d = Dialog::new("professional");
    assert!(text(&d.say("Quisiera un reembolso, por favor")).contains(NOTICE_ES));
    let mut d = Dialog::new("friendly");
    let notice = text(&d.say("Bonjour, où est ma commande ?"));
    assert!(notice.contains("only understand English"), "{notice}");
    assert!(notice.contains("Talk to a person"), "{notice}");
    // German session, Italian words: German. A session language the assistant cannot speak:
    // English.
    let mut d = in_language("de (German)");
    assert!(text(&d.say("Dov'è il mio ordine?")).contains(NOTICE_DE));
    let mut d = in_language("sv (Swedish)");
    assert!(text(&d.say("ok")).contains(NOTICE_EN));
    // English words in an English session are served as ever, and "ok" is no foreign word.
    let mut d = Dialog::new("professional");
    assert!(text(&d.say("ok thanks")).contains("welcome"));
    assert!(text(&d.say("ok")).contains("welcome"));
}

#[test]
fn a_yes_to_an_english_offer_brings_a_person() {
    let mut d = Dialog::new("professional");
    let unknown = text(&d.say("what's the weather like?"));
    assert!(unknown.contains("bring in a person"), "{unknown}");
    let person = text(&d.say("yes please"));
    assert!(person.contains("asking a person from our team"), "{person}");
    // A yes to anything else is no request.
    let mut d = Dialog::verified("professional");
    text(&d.say("hello"));
    let other = text(&d.say("yes"));
    assert!(!other.contains("asking a person"), "{other}");
}
