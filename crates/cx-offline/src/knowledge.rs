//! Policy questions ("how long do refunds take?", "do you ship express?") go to the knowledge
//! base; the answer quotes the top passage verbatim and names its source, so every figure in it
//! has a source the grounding guard can find.

use cx_llm::Phrasing;
use serde_json::Value;

const ASKS: &[&str] = &[
    "how ",
    "what ",
    "what's",
    "whats ",
    "when ",
    "can i",
    "can you",
    "do you",
    "does ",
    "is there",
    "are there",
    "why ",
    "which ",
    "could i",
    "may i",
    "is it",
    "are you",
    "will i",
    "should i",
];
const GENERAL: &[&str] = &[
    "policy",
    "how long",
    "how many days",
    "how much does",
    "do you ship",
    "do you offer",
    "do you accept",
    "can i return",
    "return an",
    "return a ",
    "returns",
    "return window",
    "warranty",
    "guarantee",
    "restocking",
    "express",
    "international",
    "abroad",
    "privacy",
    "my data",
    "delete my",
    "payment method",
    "pay with",
    "cancel an order",
    "cancel my order",
    "change my order",
    "how do i",
    "what is your",
    "what's your",
    "troubleshoot",
    "not working",
    "won't turn on",
    "dead pixel",
    "crackl",
    "no sound",
    "flicker",
    "pairing",
    "bluetooth",
    "shipping cost",
    "free shipping",
    "delivery time",
    "refunds take",
    "refund take",
    "invoice",
    "contact",
    "opening hours",
    "phone number for support",
];

/// A general question the help center answers (no order, ticket or email of the customer's).
pub fn is_policy_question(text: &str) -> bool {
    let t = text.to_lowercase();
    let t = t.trim();
    let asks = t.contains('?') || ASKS.iter().any(|a| t.starts_with(a));
    let ents = cx_text::entities::extract(text);
    let personal =
        !ents.order_ids.is_empty() || !ents.ticket_ids.is_empty() || !ents.emails.is_empty();
    asks && !personal && GENERAL.iter().any(|g| t.contains(g))
}

/// The answer from a `knowledge_search` result.
pub fn answer(tone: Phrasing, result: &Value) -> String {
    let top = result["passages"].as_array().and_then(|p| p.first());
    let Some(top) = top.filter(|_| result["found"].as_bool().unwrap_or(false)) else {
        return match tone {
            Phrasing::Professional => {
                "I could not find that in our help center. A member of our team can answer it."
                    .into()
            }
            Phrasing::Friendly => {
                "Hmm, I couldn't find that in our help center — a member of our team will know."
                    .into()
            }
            Phrasing::Playful => {
                "I searched every shelf of our help center and came up empty! A teammate will know."
                    .into()
            }
        };
    };
    let source = top["source"].as_str().unwrap_or("our help center");
    let text = excerpt(top["text"].as_str().unwrap_or_default());
    match tone {
        Phrasing::Professional => format!("According to our help center ({source}):\n\n{text}"),
        Phrasing::Friendly => format!("Here's what our help center says ({source}):\n\n{text}"),
        Phrasing::Playful => format!("Straight from our help center ({source}):\n\n{text}"),
    }
}

/// At most ~600 characters, cut at a sentence end, so the quote stays verbatim.
fn excerpt(text: &str) -> String {
    let text = text.trim();
    if text.chars().count() <= 600 {
        return text.to_owned();
    }
    let cut: String = text.chars().take(600).collect();
    match cut.rfind(". ") {
        Some(i) if i > 200 => cut[..=i].to_owned(),
        _ => cut,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn recognises_policy_questions() {
        for q in [
            "How long do refunds take?",
            "Do you ship express?",
            "What is your return policy?",
            "can i return opened headphones",
            "My monitor has a dead pixel, what can I do?",
            "Do you offer international shipping?",
            "How do I delete my data?",
        ] {
            assert!(is_policy_question(q), "{q}");
        }
        for q in [
            "Where is order 1001?",
            "Hello",
            "I want a refund for order 1002",
            "change my email to a@example.com",
            "thanks!",
        ] {
            assert!(!is_policy_question(q), "{q}");
        }
    }

    #[test]
    fn quotes_the_top_passage_with_its_source() {
        let r = json!({"found": true, "count": 1, "passages": [{"document": "Refunds", "heading": "Timing",
            "text": "Refunds reach the original payment method within 5–7 business days after approval.",
            "source": "Refunds and returns › Timing"}]});
        let a = answer(Phrasing::Professional, &r);
        assert!(
            a.contains("Refunds and returns › Timing") && a.contains("5–7 business days"),
            "{a}"
        );
        let none = answer(
            Phrasing::Friendly,
            &json!({"found": false, "count": 0, "passages": []}),
        );
        assert!(none.contains("couldn't find"));
    }
}
