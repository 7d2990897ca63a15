//! Does the customer ask for a person? The engine escalates at once when this says yes, so it
//! leans towards requests ("agent please", "talk to someone") and away from mentions ("my agent
//! said…", "I spoke to someone yesterday") and identity questions ("are you a real person?").
//!
//! Edge cases decided here:
//! - Only present-tense request verbs count (talk, speak, chat, connect, transfer…): "I talked to
//!   an agent" reports the past, it does not ask for one.
//! - "agent", "someone", "person" alone in a longer sentence are mentions, not requests; they
//!   count after a request verb ("talk to someone", "I want an agent") or as a short plea
//!   ("agent please", "human!!").
//! - Identity questions ("are you human?", "am I talking to a real person?", "is this a bot?")
//!   are not requests: the assistant answers and offers a person instead.
//! - Refusing the bot ("I don't want to talk to a bot", "no more bots") is a request.
//! - Negated requests ("I don't need a human, just…") are not.

use crate::text::Words;

/// People the customer may ask for.
const PERSON: &[&str] = &[
    "human",
    "person",
    "people",
    "agent",
    "representative",
    "operator",
    "someone",
    "somebody",
    "staff",
    "employee",
    "manager",
    "supervisor",
    "advisor",
    "adviser",
    "associate",
    "team",
    "support",
    "service",
    "being",
    "helpdesk",
];
/// Those that name a person without a request verb ("agent please").
const PERSON_STRONG: &[&str] = &[
    "human",
    "person",
    "people",
    "agent",
    "representative",
    "operator",
    "manager",
    "supervisor",
    "staff",
    "employee",
];
const REAL: &[&str] = &["real", "live", "actual", "human"];
const TALK: &[&str] = &[
    "talk", "speak", "chat", "connect", "transfer", "put", "reach", "contact",
];
const WANT: &[&str] = &[
    "want", "need", "get", "give", "bring", "request", "prefer", "see", "fetch", "find",
];
/// Words allowed between a request verb and the person asked for.
const BETWEEN: &[&str] = &[
    "to", "with", "through", "me", "a", "an", "the", "your", "my", "some", "one", "of", "real",
    "live", "actual", "human", "please", "directly", "right", "now", "customer", "us", "over",
    "just", "proper", "in", "here",
];
const SHORT_OK: &[&str] = &[
    "please",
    "now",
    "a",
    "an",
    "the",
    "real",
    "live",
    "human",
    "i",
    "me",
    "want",
    "need",
    "get",
    "just",
    "asap",
    "immediately",
    "right",
    "can",
    "could",
    "have",
    "talk",
    "speak",
    "to",
    "with",
    "your",
    "being",
];
const BOT: &[&str] = &[
    "bot",
    "robot",
    "machine",
    "ai",
    "computer",
    "automated",
    "chatbot",
    "bots",
    "robots",
];
const REPORTED: &[&str] = &["said", "told", "promised", "mentioned", "says", "tells"];

/// Whether the customer asks to be handed to a person.
pub fn is_human_request(text: &str) -> bool {
    wants_human(&Words::new(text))
}

pub(crate) fn wants_human(w: &Words) -> bool {
    let identity = is_identity_question(w);
    let reported = w.any(REPORTED);
    talk_to_person(w)
        || person_to_talk_to(w)
        || want_person(w)
        || (!identity && !reported && real_person(w))
        || (!identity && short_plea(w))
        || (!identity && !reported && named_role(w))
        || is_there_person(w)
        || or_person(w)
        || escalate(w)
        || refuses_bot(w)
}

/// "Are you a bot?", "am I talking to a real person?": a question about the assistant itself.
pub(crate) fn asks_identity(text: &str) -> bool {
    let w = Words::new(text);
    is_identity_question(&w) && (w.any(BOT) || w.any(PERSON_STRONG) || w.any(REAL))
}

/// "are you human?", "am I talking to a real person", "is this a bot?".
fn is_identity_question(w: &Words) -> bool {
    matches!(
        (w.at(0), w.at(1)),
        ("are", "you") | ("am", "i") | ("is", "this") | ("is", "it") | ("is", "that")
    ) || (w.at(0) == "you" && w.at(1) == "are")
}

/// "talk to someone", "connect me with a live agent", "put me through to support".
fn talk_to_person(w: &Words) -> bool {
    w.find(TALK).into_iter().any(|t| {
        if w.negated(t) {
            return false;
        }
        // "reach support", "contact a person" need no connector word.
        let mut connected = matches!(w.at(t), "reach" | "contact");
        for k in t + 1..(t + 7).min(w.len()) {
            let x = w.at(k);
            if PERSON.contains(&x) {
                return connected;
            }
            if !BETWEEN.contains(&x) {
                return false;
            }
            connected |= matches!(x, "to" | "with" | "through" | "me" | "us");
        }
        false
    })
}

/// "is there a human?", "is there someone around".
fn is_there_person(w: &Words) -> bool {
    matches!((w.at(0), w.at(1)), ("is", "there") | ("are", "there"))
        && (2..6.min(w.len()))
            .any(|k| PERSON_STRONG.contains(&w.at(k)) || matches!(w.at(k), "someone" | "somebody"))
}

/// "is there someone I can talk to", "a person I can speak with".
fn person_to_talk_to(w: &Words) -> bool {
    w.find(&[
        "someone", "somebody", "person", "human", "agent", "anyone", "anybody",
    ])
    .into_iter()
    .any(|p| {
        !w.negated(p)
            && (p + 1..(p + 5).min(w.len())).any(|k| matches!(w.at(k), "talk" | "speak" | "chat"))
            && (p + 1..(p + 4).min(w.len())).all(|k| {
                matches!(
                    w.at(k),
                    "i" | "can"
                        | "could"
                        | "may"
                        | "to"
                        | "with"
                        | "talk"
                        | "speak"
                        | "chat"
                        | "please"
                )
            })
    })
}

/// "I want a human", "get me an agent", "can I have a person".
fn want_person(w: &Words) -> bool {
    let verbs: Vec<usize> = (0..w.len())
        .filter(|&i| {
            WANT.contains(&w.at(i))
                || (w.at(i) == "have" && i >= 2 && matches!(w.at(i - 2), "can" | "could" | "may"))
        })
        .collect();
    verbs.into_iter().any(|v| {
        if w.negated(v) {
            return false;
        }
        let mut k = v + 1;
        while k < w.len()
            && k <= v + 4
            && BETWEEN.contains(&w.at(k))
            && !PERSON_STRONG.contains(&w.at(k))
        {
            k += 1;
        }
        k < w.len() && PERSON_STRONG.contains(&w.at(k)) && !w.negated(k)
    })
}

/// "a refund or a human": the person offered as the alternative.
fn or_person(w: &Words) -> bool {
    w.find(&["or"]).into_iter().any(|o| {
        let mut k = o + 1;
        while k < w.len()
            && k <= o + 3
            && matches!(
                w.at(k),
                "a" | "an" | "the" | "real" | "live" | "actual" | "to" | "talk" | "speak" | "with"
            )
        {
            k += 1;
        }
        k < w.len() && PERSON_STRONG.contains(&w.at(k)) && !w.negated(k)
    })
}

/// "real person", "live agent", "human agent", "actual human".
fn real_person(w: &Words) -> bool {
    w.find(REAL).into_iter().any(|i| {
        matches!(
            w.at(i + 1),
            "person"
                | "human"
                | "agent"
                | "people"
                | "one"
                | "being"
                | "representative"
                | "operator"
                | "someone"
        ) && w.at(i + 1) != w.at(i)
            && !w.negated(i)
    })
}

/// The whole message is a plea: "agent please", "HUMAN!!!", "representative".
fn short_plea(w: &Words) -> bool {
    w.len() > 0
        && w.len() <= 5
        && w.any(PERSON_STRONG)
        && w.w
            .iter()
            .all(|x| SHORT_OK.contains(&x.as_str()) || PERSON_STRONG.contains(&x.as_str()))
}

/// "representative" and "operator" are only ever used to ask for one.
fn named_role(w: &Words) -> bool {
    w.find(&["representative", "operator"])
        .into_iter()
        .any(|i| !w.negated(i))
}

/// "escalate this", "please escalate".
fn escalate(w: &Words) -> bool {
    w.find(&["escalate"]).into_iter().any(|i| !w.negated(i))
}

/// "I don't want to talk to a bot", "no more bots", "stop the robot".
fn refuses_bot(w: &Words) -> bool {
    if w.phrase(&["i", "am", "not"]) {
        return false;
    }
    w.find(BOT).into_iter().any(|i| {
        w.before(
            i,
            6,
            &[
                "not", "no", "hate", "stop", "enough", "tired", "done", "sick",
            ],
        )
    })
}

#[cfg(test)]
mod tests {
    use super::is_human_request as h;

    #[test]
    fn mentions_are_not_requests() {
        assert!(!h("my agent said I would get a refund"));
        assert!(!h("I talked to someone last week"));
        assert!(!h("are you a real person?"));
        assert!(!h("someone stole my package"));
        assert!(!h("can I pick it up in person"));
        assert!(!h("I don't need a human, just track my order"));
        assert!(h("agent please"));
        assert!(h("speak to someone"));
    }
}
