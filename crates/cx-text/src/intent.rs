//! Rule-based intent classification of one customer message.
//!
//! Each intent has cue rules over normalised words (see `normalise`). When several match, a fixed
//! priority decides, from the most specific request to small talk:
//! human request > refund request > email change > ticket status > refund progress (an order
//! status question) > other refund mentions > order status > thanks > greeting > unknown.
//! So "hi, where is my order?" is an order status question and "thanks, but I want a refund" a
//! refund request. A question about an existing refund's progress ("where is my refund?") is
//! an order status question: `get_orders` shows `refund_requested` / `refunded`.

use crate::normalise::{EMAIL_WORD, NUMBER_WORD, Words};
use serde::{Deserialize, Serialize};
use std::fmt;

pub use crate::human::is_human_request;

/// What a customer message asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Intent {
    OrderStatus,
    TicketStatus,
    RefundRequest,
    EmailChange,
    Greeting,
    Thanks,
    HumanRequest,
    Unknown,
}

impl Intent {
    pub const ALL: [Intent; 8] = [
        Intent::OrderStatus,
        Intent::TicketStatus,
        Intent::RefundRequest,
        Intent::EmailChange,
        Intent::Greeting,
        Intent::Thanks,
        Intent::HumanRequest,
        Intent::Unknown,
    ];

    /// Intents that need the customer's records, hence verification first.
    pub fn needs_data(self) -> bool {
        matches!(
            self,
            Intent::OrderStatus
                | Intent::TicketStatus
                | Intent::RefundRequest
                | Intent::EmailChange
        )
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Intent::OrderStatus => "order_status",
            Intent::TicketStatus => "ticket_status",
            Intent::RefundRequest => "refund_request",
            Intent::EmailChange => "email_change",
            Intent::Greeting => "greeting",
            Intent::Thanks => "thanks",
            Intent::HumanRequest => "human_request",
            Intent::Unknown => "unknown",
        }
    }
}

impl fmt::Display for Intent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Classifies one customer message.
pub fn classify(text: &str) -> Intent {
    let w = Words::new(text);
    if crate::human::wants_human(&w) {
        return Intent::HumanRequest;
    }
    let refund = refund(&w);
    if refund == Refund::Request {
        return Intent::RefundRequest;
    }
    if email_change(&w) {
        return Intent::EmailChange;
    }
    if ticket(&w) {
        return Intent::TicketStatus;
    }
    match refund {
        Refund::Progress => return Intent::OrderStatus,
        Refund::Mentioned => return Intent::RefundRequest,
        Refund::Request | Refund::None => {}
    }
    if order(&w) {
        Intent::OrderStatus
    } else if thanks(&w) {
        Intent::Thanks
    } else if greeting(&w) {
        Intent::Greeting
    } else {
        Intent::Unknown
    }
}

/// "yes", "ok go ahead", "no, cancel", "ja": a typed answer to a Yes/No confirmation.
pub fn is_confirmation_reply(text: &str) -> bool {
    const FIRST: &[&str] = &[
        "yes",
        "yeah",
        "yep",
        "yup",
        "sure",
        "confirm",
        "confirmed",
        "ok",
        "okay",
        "go",
        "do",
        "please",
        "no",
        "nope",
        "nah",
        "cancel",
        "stop",
        "y",
        "n",
        // German and Spanish, typed at a card whose buttons say Yes and No.
        "ja",
        "nein",
        "sí",
        "si",
        "vale",
    ];
    let w = Words::new(text);
    w.len() > 0 && w.len() <= 6 && FIRST.contains(&w.at(0))
}

/// "alice@example.com, order 1042": a message that only hands over details. The word "order"
/// next to a number makes it look like an order status question; it is an answer to ours.
pub fn is_details_only(text: &str) -> bool {
    const FILLER: &[&str] = &[
        EMAIL_WORD,
        NUMBER_WORD,
        "my",
        "email",
        "address",
        "is",
        "it",
        "and",
        "the",
        "order",
        "number",
        "no",
        "nr",
        "id",
        "phone",
        "mobile",
        "cell",
        "last",
        "four",
        "digits",
        "digit",
        "of",
        "are",
        "ends",
        "end",
        "ending",
        "in",
        "with",
        "on",
        "file",
        "account",
        "here",
        "i",
        "am",
        "sure",
        "ok",
        "okay",
        "yes",
        "please",
        "thanks",
        "thank",
        "you",
        "sorry",
        "mean",
        "a",
        "an",
        "that",
        "for",
        "this",
        "was",
        "hi",
        "hello",
        "hey",
        "oh",
        "so",
        "one",
        "its",
        "also",
        "then",
        "there",
        "you",
        "go",
        "me",
        "mine",
        "our",
        "by",
        "or",
    ];
    let w = Words::new(text);
    w.any(&[EMAIL_WORD, NUMBER_WORD]) && w.w.iter().all(|x| FILLER.contains(&x.as_str()))
}

#[derive(Debug, PartialEq, Eq)]
enum Refund {
    None,
    /// Clearly asks for one: "I want a refund", "refund me", "can I return this?".
    Request,
    /// Asks how an existing one is going: "where is my refund?".
    Progress,
    /// Mentions one without saying which.
    Mentioned,
}

const REFUND_WORDS: &[&str] = &[
    "refund",
    "reimburse",
    "reimbursement",
    "chargeback",
    "compensation",
    "compensate",
];
const REQUEST_VERBS: &[&str] = &[
    "want",
    "need",
    "like",
    "request",
    "requesting",
    "give",
    "issue",
    "ask",
    "asking",
    "demand",
    "claim",
    "apply",
    "start",
    "file",
    "initiate",
    "deserve",
    "entitled",
    "eligible",
    "process",
    "receive",
    "expect",
    "owe",
    "get",
];
const PROGRESS_CUES: &[&str] = &[
    "where",
    "status",
    "track",
    "tracking",
    "processed",
    "through",
    "arrive",
    "arrived",
    "received",
    "yet",
    "still",
    "happened",
    "happening",
    "progress",
    "approved",
    "update",
    "check",
    "when",
    "come",
    "came",
    "gone",
    "went",
];
const ITEM_WORDS: &[&str] = &[
    "it",
    "this",
    "that",
    "them",
    "these",
    "those",
    "order",
    "item",
    "product",
    "package",
    "purchase",
    "parcel",
    "thing",
    "stuff",
    "something",
];

fn refund(w: &Words) -> Refund {
    let words: Vec<usize> = w
        .find(REFUND_WORDS)
        .into_iter()
        .filter(|&i| !w.negated(i))
        .collect();
    let explicit_word = words.iter().any(|&i| {
        i == 0
            || matches!(w.at(i - 1), "a" | "an" | "please" | "for" | "full" | "partial")
            || matches!(
                w.at(i + 1),
                "me" | "this" | "that" | "it" | "them" | "order" | "item" | "purchase" | "for" | "please"
            )
            // "get" asks for a refund ("can I get a refund") unless it is about "my refund".
            || (w.before(i, 4, REQUEST_VERBS) && w.at(i - 1) != "my")
    });
    let money_back = [["money", "back"], ["my", "money"]]
        .iter()
        .any(|p| w.phrase(p))
        && !w.find(&["money"]).into_iter().any(|i| w.negated(i));
    let money_request = money_back
        && w.any(&[
            "want", "need", "like", "give", "demand", "can", "could", "refund",
        ]);
    // "return it", or any wish to return something ("I want to return the cable").
    const WISH: &[&str] = &["want", "like", "need", "can", "could", "wish", "how"];
    let returning = w.find(&["return"]).into_iter().any(|i| {
        !w.negated(i)
            && !matches!(
                w.at(i + 1),
                "policy" | "label" | "window" | "period" | "address" | "to" | ""
            )
            && (w.after(i, 3, ITEM_WORDS) || w.before(i, 3, WISH))
    });
    let send_back = w
        .find(&["send", "ship", "take"])
        .into_iter()
        .any(|i| !w.negated(i) && w.after(i, 3, &["back"]));
    let cancel = w
        .find(&["cancel"])
        .into_iter()
        .any(|i| !w.negated(i) && w.after(i, 3, &["order", "purchase"]));
    if explicit_word || money_request || returning || send_back || cancel {
        Refund::Request
    } else if (!words.is_empty() || money_back) && w.any(PROGRESS_CUES) {
        Refund::Progress
    } else if !words.is_empty() || money_back {
        Refund::Mentioned
    } else {
        Refund::None
    }
}

const EMAIL_WORDS: &[&str] = &["email", EMAIL_WORD];
const CHANGE_WORDS: &[&str] = &[
    "change",
    "changed",
    "update",
    "updated",
    "switch",
    "replace",
    "modify",
    "correct",
    "fix",
    "edit",
    "different",
    "wrong",
    "outdated",
    "set",
    "swap",
    "amend",
    "typo",
    "instead",
    "incorrect",
    "move",
    "longer",
    "misspelled",
    "rename",
    "new",
    "old",
    "put",
    "use",
    "make",
];
const RECEIVING: &[&str] = &[
    "got",
    "received",
    "receive",
    "sent",
    "send",
    "sending",
    "confirmation",
];

fn email_change(w: &Words) -> bool {
    w.find(EMAIL_WORDS).into_iter().any(|e| {
        !w.negated(e)
            && !w.before(e, 3, RECEIVING)
            && w.find(CHANGE_WORDS).into_iter().any(|c| {
                let dist = c.abs_diff(e);
                let close_enough = match w.at(c) {
                    // "my new email", "my old email address": adjectives sit right before it,
                    // or after a verb ("the email you have is old").
                    "new" | "old" => {
                        (c < e && dist <= 2)
                            || (c > e && dist <= 5 && matches!(w.at(c - 1), "is" | "now" | "too"))
                    }
                    // "put x@y.com as my email", "use x@y.com": only with an address given.
                    "put" | "use" | "make" => dist <= 5 && w.has(EMAIL_WORD),
                    // "any update?" is a noun, not a request to update.
                    "update" => {
                        dist <= 5
                            && !matches!(
                                w.at(c.wrapping_sub(1)),
                                "any" | "an" | "no" | "the" | "for" | "status"
                            )
                    }
                    _ => dist <= 5,
                };
                close_enough && !w.negated(c)
            })
    })
}

fn ticket(w: &Words) -> bool {
    let named = w.any(&["ticket", "complaint", "incident", "helpdesk"]);
    let case = w.find(&["case"]).into_iter().any(|i| {
        !(i > 0
            && matches!(
                w.at(i - 1),
                "in" | "just" | "worst" | "phone" | "pencil" | "suit" | "carrying"
            ))
    });
    let request = w
        .find(&["request"])
        .into_iter()
        .any(|i| i > 0 && matches!(w.at(i - 1), "support" | "service" | "help" | "my" | "the"));
    const PROBLEM: &[&str] = &[
        "issue", "problem", "bug", "fault", "concern", "question", "query",
    ];
    const REPORT: &[&str] = &[
        "reported",
        "raised",
        "opened",
        "submitted",
        "filed",
        "logged",
        "sent",
        "made",
        "created",
        "report",
        "told",
    ];
    const PROGRESS: &[&str] = &[
        "update",
        "status",
        "progress",
        "news",
        "fixed",
        "solved",
        "resolved",
        "looked",
        "happening",
        "happened",
        "anyone",
        "going",
        "sorted",
        "handled",
    ];
    let reported = w.near(PROBLEM, REPORT, 4);
    let followed = w
        .find(PROBLEM)
        .into_iter()
        .any(|i| i > 0 && matches!(w.at(i - 1), "my" | "the" | "our") && w.any(PROGRESS));
    named || case || request || reported || followed
}

const ORDER_WORDS: &[&str] = &[
    "package",
    "parcel",
    "delivery",
    "shipment",
    "purchase",
    "purchased",
    "bought",
    "ordered",
    "tracking",
    "track",
    "shipped",
    "delivered",
    "deliver",
    "dispatched",
    "dispatch",
    "courier",
    "arrive",
    "arrived",
    "arriving",
    "eta",
    "received",
];

fn order(w: &Words) -> bool {
    let order_noun = w.find(&["order"]).into_iter().any(|i| {
        let verb_use = i > 0 && matches!(w.at(i - 1), "to" | "in")
            || w.before(i, 2, &["place", "make", "placing"]);
        !verb_use
    });
    let shipping = w.find(&["shipping"]).into_iter().any(|i| {
        !w.after(
            i,
            2,
            &[
                "cost", "costs", "price", "fee", "fees", "rate", "rates", "policy", "options",
            ],
        ) && !w.before(i, 2, &["free", "much"])
    });
    let my_thing = w
        .find(&["item", "product", "thing", "things", "stuff"])
        .into_iter()
        .any(|i| {
            w.before(i, 2, &["my", "the"]) && w.any(&["where", "when", "status", "yet", "still"])
        });
    let where_mine = w.phrase(&["where", "is", "my"])
        || w.phrase(&["where", "are", "my"])
        || w.phrase(&["on", "its", "way"])
        || w.phrase(&["on", "the", "way"]);
    let when_get = w.phrase(&["when", "will", "i", "get"])
        || w.phrase(&["when", "do", "i", "get"])
        || w.phrase(&["when", "will", "it", "come"])
        || w.phrase(&["when", "is", "it", "coming"]);
    let numbered = w.has(NUMBER_WORD)
        && w.any(&[
            "status", "where", "check", "update", "track", "look", "lookup",
        ]);
    order_noun || w.any(ORDER_WORDS) || shipping || my_thing || where_mine || when_get || numbered
}

fn thanks(w: &Words) -> bool {
    const STRONG: &[&str] = &[
        "thank",
        "thanks",
        "cheers",
        "appreciate",
        "appreciated",
        "grateful",
        "obliged",
        "bye",
        "goodbye",
        "byebye",
        "kudos",
        "helpful",
        "thankful",
    ];
    const PHRASES: &[&[&str]] = &[
        &["see", "you"],
        &["that", "is", "all"],
        &["that", "is", "everything"],
        &["all", "good"],
        &["that", "helps"],
        &["that", "helped"],
        &["have", "a", "nice", "day"],
        &["have", "a", "good", "day"],
        &["take", "care"],
    ];
    const ACK: &[&str] = &[
        "ok",
        "okay",
        "great",
        "perfect",
        "awesome",
        "brilliant",
        "excellent",
        "wonderful",
        "cool",
        "nice",
        "sweet",
        "fine",
        "alright",
        "lovely",
        "fantastic",
        "super",
        "good",
        "got",
        "it",
        "understood",
        "noted",
        "gotcha",
        "so",
        "very",
        "much",
        "that",
        "is",
        "all",
        "k",
        "kk",
        "oh",
        "ah",
        "right",
    ];
    const ACK_CORE: &[&str] = &[
        "ok",
        "okay",
        "great",
        "perfect",
        "awesome",
        "brilliant",
        "excellent",
        "wonderful",
        "cool",
        "nice",
        "sweet",
        "alright",
        "lovely",
        "fantastic",
        "super",
        "got",
        "understood",
        "noted",
        "gotcha",
        "k",
        "kk",
    ];
    w.any(STRONG)
        || PHRASES.iter().any(|p| w.phrase(p))
        || (w.len() <= 4 && w.any(ACK_CORE) && w.w.iter().all(|x| ACK.contains(&x.as_str())))
}

fn greeting(w: &Words) -> bool {
    const GREET: &[&str] = &[
        "hi",
        "hello",
        "hey",
        "heya",
        "hiya",
        "howdy",
        "greetings",
        "yo",
        "hola",
        "bonjour",
        "sup",
        "hiyas",
        "salutations",
        "aloha",
    ];
    const TIMES: &[&str] = &["morning", "afternoon", "evening", "day"];
    if w.len() > 8 {
        return false;
    }
    let timed = w
        .find(TIMES)
        .into_iter()
        .any(|i| (i > 0 && w.at(i - 1) == "good") || (i == 0 && w.at(0) != "day"));
    w.any(GREET)
        || timed
        || w.phrase(&["anyone", "there"])
        || w.phrase(&["anybody", "there"])
        || w.phrase(&["someone", "there"])
        || w.phrase(&["how", "are", "you"])
        || w.phrase(&["what", "is", "up"])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn priority_between_intents() {
        assert_eq!(classify("hi, where is my order?"), Intent::OrderStatus);
        assert_eq!(
            classify("thanks, but I want a refund"),
            Intent::RefundRequest
        );
        assert_eq!(classify("where is my refund?"), Intent::OrderStatus);
        assert_eq!(classify("my email is a@b.com"), Intent::Unknown);
        assert_eq!(classify("any update? my email is a@b.com"), Intent::Unknown);
    }

    #[test]
    fn serde_and_display_are_snake_case() {
        assert_eq!(Intent::RefundRequest.to_string(), "refund_request");
        assert_eq!(
            serde_json::to_string(&Intent::EmailChange).ok().as_deref(),
            Some("\"email_change\"")
        );
    }
}
