//! What the benches' scripted model and customers say: a kiosk turn that verifies Alice, looks up
//! order 1001 (two tool calls) and answers from it, and customer lines that never repeat.

use cx_test_llm::{Reply, ToolCallSpec};
use serde_json::Value;

/// The grounded answer (every figure in it comes from the tool results).
pub const ANSWER: &str = "Your order 1001 (Noise-cancelling headphones, $79.99) has shipped.";

/// First two parallel tool calls (after the customer's line), then the answer.
pub fn responder(body: &Value) -> Reply {
    let last = body["messages"]
        .as_array()
        .and_then(|m| m.last())
        .map(|m| m["role"].clone());
    if last == Some(Value::from("user")) {
        Reply::tool_calls([
            ToolCallSpec::new(
                "a",
                "verify_customer",
                r#"{"email":"alice@example.com","phone_last4":"4821"}"#,
            ),
            ToolCallSpec::new("b", "get_orders", r#"{"customer_id":1,"order_id":1001}"#),
        ])
    } else {
        Reply::text(ANSWER)
    }
}

const WORDS: &[&str] = &[
    "parcel",
    "delivery",
    "weekend",
    "address",
    "courier",
    "window",
    "morning",
    "evening",
    "neighbour",
    "doorstep",
    "invoice",
    "receipt",
    "colour",
    "size",
    "gift",
    "wrapping",
    "battery",
    "charger",
    "cable",
    "manual",
    "warranty",
    "return",
    "label",
    "box",
    "headphones",
    "speaker",
    "laptop",
    "stand",
    "keyboard",
    "mouse",
    "screen",
    "case",
    "holiday",
    "birthday",
    "office",
    "school",
    "garden",
    "kitchen",
    "travel",
    "music",
];

/// The customer's line for turn `n`, after `who` ("Question 7", "Question 7 from kiosk 2 …"):
/// different words every turn, so no turn reads as a repeat of an earlier one, and nothing
/// negative.
pub fn customer_line(who: &str, n: usize) -> String {
    let pick = |k: usize| WORDS[(n * 7 + k * 13 + n / 3) % WORDS.len()];
    format!(
        "{who}: {} {} {} {} and {} for order 1001? alice@example.com, phone ends 4821",
        pick(0),
        pick(1),
        pick(2),
        pick(3),
        pick(4)
    )
}
