//! Everything the assistant says, one phrasing per tone.
//!
//! The grounding guard checks every fact in a reply against tool results, so this boilerplate
//! holds no numbers, emails or status words; facts only come in through the arguments, taken
//! verbatim from tool results by `render`.

use cx_llm::Phrasing;
use cx_text::language::Language;

/// One option per phrasing, in the order `[professional, friendly, playful]`.
trait Pick {
    fn pick<T>(self, options: [T; 3]) -> T;
}

impl Pick for Phrasing {
    fn pick<T>(self, options: [T; 3]) -> T {
        let [professional, friendly, playful] = options;
        match self {
            Phrasing::Professional => professional,
            Phrasing::Friendly => friendly,
            Phrasing::Playful => playful,
        }
    }
}

pub(crate) fn intro(t: Phrasing) -> &'static str {
    t.pick([
        "Hello, I'm the offline assistant.",
        "Hi there, I'm the offline assistant!",
        "Hey hey, I'm the offline assistant, running on good old rules today!",
    ])
}

fn menu(t: Phrasing) -> &'static str {
    t.pick([
        "I can check your orders and tickets, flag an order for a refund, or change the email address on your account.",
        "I can look up your orders and tickets, help with a refund, or update your email address.",
        "Orders, tickets, refunds, a shiny new email address: that's my whole toolbox.",
    ])
}

const OFFER_PERSON: [&str; 3] = [
    "If you'd like, I can bring in a person from our team.",
    "Or just ask, and I'll get a person from our team.",
    "And if you'd rather have a human, just say the word.",
];

/// After something went wrong: a person can take over.
const PERSON_CAN_HELP: [&str; 3] = [
    "If you'd like, I can bring in a person from our team.",
    "If you'd like, I can get a person from our team to help.",
    "Want a human to take a look? Just say the word.",
];

const NOTHING_FOUND_PERSON: [&str; 3] = [
    "If you think something is missing, I can bring in a person from our team.",
    "If something seems off, I can get a person from our team to take a look.",
    "If that seems fishy, I can fetch a human to dig deeper.",
];

/// The offer of a person that closes the language notice, in German and Spanish.
const NOTICE_OFFER_DE: &str = "Oder ich hole Ihnen eine Person aus unserem Team dazu:";
const NOTICE_OFFER_ES: &str = "O puedo avisar a una persona de nuestro equipo:";
const NOTICE_OFFER_EN: [&str; 3] = [
    "Or I can bring in a person from our team:",
    "Or I can get a person from our team for you:",
    "Or I can fetch a human from our team:",
];

/// Every sentence with which the assistant offers a person: a "yes" right after one of them
/// asks for that person (see `person::accepts_person_offer`).
pub(crate) const PERSON_OFFERS: &[&str] = &[
    OFFER_PERSON[0],
    OFFER_PERSON[1],
    OFFER_PERSON[2],
    PERSON_CAN_HELP[0],
    PERSON_CAN_HELP[1],
    PERSON_CAN_HELP[2],
    NOTHING_FOUND_PERSON[0],
    NOTHING_FOUND_PERSON[1],
    NOTHING_FOUND_PERSON[2],
    NOTICE_OFFER_EN[0],
    NOTICE_OFFER_EN[1],
    NOTICE_OFFER_EN[2],
    NOTICE_OFFER_DE,
    NOTICE_OFFER_ES,
];

fn offer_person(t: Phrasing) -> &'static str {
    t.pick(OFFER_PERSON)
}

fn person_can_help(t: Phrasing) -> &'static str {
    t.pick(PERSON_CAN_HELP)
}

fn closing(t: Phrasing) -> &'static str {
    t.pick([
        "Is there anything else I can help with?",
        "Anything else I can do for you?",
        "Anything else on your mind?",
    ])
}

pub(crate) fn greeting(t: Phrasing, again: bool) -> String {
    let hello = t.pick(["Hello again. ", "Hi again! ", "Well, hello again! "]);
    let ask = t.pick([
        "How may I help you today?",
        "What can I do for you today?",
        "What are we tackling today?",
    ]);
    format!("{}{ask} {}", if again { hello } else { "" }, menu(t))
}

pub(crate) fn thanks(t: Phrasing) -> String {
    t.pick([
        "You're welcome. Is there anything else I can help with?",
        "You're very welcome! Anything else I can do for you?",
        "Anytime! Got another mystery for me to solve?",
    ])
    .to_string()
}

pub(crate) fn unknown(t: Phrasing) -> String {
    let sorry = t.pick([
        "I'm sorry, I can't help with that here.",
        "Sorry, that's not something I can help with.",
        "Hmm, that one's not in my rulebook!",
    ]);
    format!("{sorry} {} {}", menu(t), offer_person(t))
}

/// "Are you a bot?" — answered honestly.
pub(crate) fn identity(t: Phrasing) -> String {
    let me = t.pick([
        "I'm the offline assistant: an automated helper that follows fixed rules, not a person.",
        "I'm the offline assistant, an automated helper rather than a person.",
        "Beep boop, guilty: I'm the offline assistant, a rule-following robot.",
    ]);
    format!("{me} {} {}", menu(t), offer_person(t))
}

/// The language notice: the assistant understands only English; the customer may go on in
/// English or have a person. In German or Spanish (formal "Sie" / "usted"), else in English.
/// It introduces the assistant itself, so it is said whole.
pub(crate) fn language_notice(t: Phrasing, language: Language) -> String {
    match language {
        Language::De => format!(
            "Hallo, ich bin der Offline-Assistent. Ich verstehe leider nur Englisch. Sie können \
             gern auf Englisch weiterschreiben. {NOTICE_OFFER_DE} Antworten Sie einfach mit \
             „Ja“ oder tippen Sie auf „Mit einer Person sprechen“."
        ),
        Language::Es => format!(
            "Hola, soy el asistente sin conexión. Lo siento, solo entiendo inglés. Puede seguir \
             escribiendo en inglés si lo desea. {NOTICE_OFFER_ES} responda «sí» o pulse «Hablar \
             con una persona»."
        ),
        _ => {
            let me = t.pick([
                "Hello, I'm the offline assistant, and I understand only English.",
                "Hi there, I'm the offline assistant, and I only understand English, sorry!",
                "Hey hey, I'm the offline assistant, and English is the only language in my rulebook!",
            ]);
            let go_on = t.pick([
                "You're welcome to carry on in English.",
                "Feel free to carry on in English.",
                "Carry on in English and I'm all yours.",
            ]);
            format!(
                "{me} {go_on} {} Just say yes, or tap \"Talk to a person\".",
                t.pick(NOTICE_OFFER_EN)
            )
        }
    }
}

/// Words only the language notice says, to tell whether it was said already.
pub(crate) const NOTICE_MARKERS: &[&str] = &[
    "understand only english",
    "only understand english",
    "english is the only language",
    "verstehe leider nur englisch",
    "solo entiendo inglés",
];

/// Bringing in a person, said in the customer's language: German and Spanish introduce the
/// assistant when it has not spoken yet (English gets the usual introduction in front).
pub(crate) fn human_in(t: Phrasing, language: Language, spoken: bool) -> String {
    let hello = |text: &str| {
        if spoken {
            String::new()
        } else {
            format!("{text} ")
        }
    };
    match language {
        Language::De => format!(
            "{}Gern. Ich bitte eine Person aus unserem Team, zu diesem Gespräch dazuzukommen. \
             Bitte bleiben Sie hier.",
            hello("Hallo, ich bin der Offline-Assistent.")
        ),
        Language::Es => format!(
            "{}Por supuesto. Le pido a una persona de nuestro equipo que se una a esta \
             conversación. Por favor, quédese aquí.",
            hello("Hola, soy el asistente sin conexión.")
        ),
        _ => human(t),
    }
}

pub(crate) fn human(t: Phrasing) -> String {
    t.pick([
        "Of course. I'm asking a person from our team to join this conversation. Please stay here.",
        "Sure thing! I'm getting a person from our team to join you, hang tight.",
        "Calling in a human! Someone from our team will hop in, stay right there.",
    ])
    .to_string()
}

pub(crate) fn ask_verification(t: Phrasing) -> String {
    t.pick([
        "Before I look at your account, I need to confirm it's you. Please give me the email address on your account and the last four digits of the phone number on file.",
        "Happy to help! First I need to check it's you: what's the email address on your account, and the last four digits of the phone number on file?",
        "Quick security check first! Tell me your account email and the last four digits of the phone number on file, and we're off.",
    ])
    .to_string()
}

pub(crate) fn ask_email(t: Phrasing) -> String {
    t.pick([
        "Thank you. I also need the email address on your account to confirm it's you.",
        "Thanks! Now I just need the email address on your account.",
        "Got it! Now the other half of the secret handshake: your account email address.",
    ])
    .to_string()
}

pub(crate) fn ask_second_fact(t: Phrasing) -> String {
    t.pick([
        "Thank you. Please also give me the last four digits of the phone number on file.",
        "Thanks! Could you also tell me the last four digits of the phone number on file?",
        "Nice! Now the last four digits of the phone number on file and you're in.",
    ])
    .to_string()
}

pub(crate) fn verify_failed(t: Phrasing, offer: bool) -> String {
    let text = t.pick([
        "I'm sorry, those details don't match our records. Please check the email address and the last four digits of your phone number and try again.",
        "Hmm, those details don't match what we have. Could you double-check your email address and the last four digits of your phone number?",
        "Whoops, those details didn't match our records! Mind double-checking your email address and the last four digits of your phone number?",
    ]);
    if offer {
        format!("{text} {}", person_can_help(t))
    } else {
        text.to_string()
    }
}

pub(crate) fn cannot_verify(t: Phrasing) -> String {
    t.pick([
        "I'm sorry, I can't confirm your identity from here right now. A person from our team can help if you ask.",
        "Sorry, I can't confirm it's you from here right now, but a person from our team can help if you ask.",
        "My ID scanner is out of reach right now! Ask for a human and they'll take it from here.",
    ])
    .to_string()
}

/// `name` comes from the `verify_customer` result.
pub(crate) fn verified(t: Phrasing, name: Option<&str>) -> String {
    let name = name.map(|n| format!(", {n}")).unwrap_or_default();
    match t {
        Phrasing::Professional => format!("Thank you{name}, you're verified."),
        Phrasing::Friendly => format!("Thanks{name}, you're all verified!"),
        Phrasing::Playful => format!("You're in{name}!"),
    }
}

pub(crate) fn how_can_i_help(t: Phrasing) -> String {
    let ask = t.pick(["How can I help?", "What can I do for you?", "What's next?"]);
    format!("{ask} {}", menu(t))
}

pub(crate) fn ask_refund_order(t: Phrasing) -> String {
    t.pick([
        "I can flag an order for a refund. Which order is it? Please give me the order number.",
        "I can help with a refund! Which order is it for? Just send me the order number.",
        "Refund mission accepted! Which order are we talking about? Send me its order number.",
    ])
    .to_string()
}

pub(crate) fn ask_new_email(t: Phrasing) -> String {
    t.pick([
        "I can update the email address on your account. What is the new email address?",
        "Sure, I can change your email! What's the new email address you'd like to use?",
        "Fresh inbox, fresh start! What's the new email address for your account?",
    ])
    .to_string()
}

/// What a list of records is: orders or tickets.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Records {
    Orders,
    Tickets,
}

pub(crate) fn found_header(t: Phrasing, what: Records, single: bool) -> &'static str {
    match (what, single) {
        (Records::Orders, true) => t.pick([
            "Here are the details of your order:",
            "Here's what I found for your order:",
            "Found it! Here's the scoop:",
        ]),
        (Records::Orders, false) => t.pick([
            "Here are the orders I found on your account:",
            "Here's what I found on your account:",
            "Found them! Here's the scoop on your orders:",
        ]),
        (Records::Tickets, true) => t.pick([
            "Here are the details of your ticket:",
            "Here's what I found for your ticket:",
            "Found it! Here's the scoop on your ticket:",
        ]),
        (Records::Tickets, false) => t.pick([
            "Here are the tickets I found on your account:",
            "Here's what I found on your account:",
            "Found them! Here's the scoop on your tickets:",
        ]),
    }
}

/// Said when a list was cut short.
pub(crate) fn more_records(t: Phrasing, what: Records) -> &'static str {
    match what {
        Records::Orders => t.pick([
            "There are more orders on your account; tell me an order number to see a specific one.",
            "There are more too; just give me an order number if you're after a specific one.",
            "There's more where that came from; name an order number and I'll zoom in.",
        ]),
        Records::Tickets => t.pick([
            "There are more tickets on your account; tell me a ticket number to see a specific one.",
            "There are more too; just give me a ticket number if you're after a specific one.",
            "There's more where that came from; name a ticket number and I'll zoom in.",
        ]),
    }
}

pub(crate) fn anything_else(t: Phrasing) -> &'static str {
    closing(t)
}

pub(crate) fn none_found(t: Phrasing, what: Records, specific: bool) -> String {
    let text = match (what, specific) {
        (Records::Orders, true) => t.pick([
            "I couldn't find that order on your account.",
            "I looked, but I couldn't find that order on your account.",
            "I searched high and low, but that order didn't turn up on your account.",
        ]),
        (Records::Orders, false) => t.pick([
            "I couldn't find any orders on your account.",
            "I looked, but I couldn't find any orders on your account.",
            "I searched high and low, but no orders turned up on your account.",
        ]),
        (Records::Tickets, true) => t.pick([
            "I couldn't find that ticket on your account.",
            "I looked, but I couldn't find that ticket on your account.",
            "I searched high and low, but that ticket didn't turn up on your account.",
        ]),
        (Records::Tickets, false) => t.pick([
            "I couldn't find any tickets on your account.",
            "I looked, but I couldn't find any tickets on your account.",
            "I searched high and low, but no tickets turned up on your account.",
        ]),
    };
    let more = t.pick(NOTHING_FOUND_PERSON);
    format!("{text} {more}")
}

/// `order` is `#<id>` from the pending action, or empty.
pub(crate) fn confirm_refund(t: Phrasing, order: Option<&str>) -> String {
    let which = order
        .map(|o| format!("order {o}"))
        .unwrap_or_else(|| "your order".to_string());
    match t {
        Phrasing::Professional => format!(
            "I've prepared a refund for {which}. Nothing changes until you confirm: please tap Yes to go ahead or No to cancel."
        ),
        Phrasing::Friendly => {
            format!("I've got a refund ready for {which}! Tap Yes to confirm or No to cancel.")
        }
        Phrasing::Playful => format!(
            "A refund for {which} is lined up and ready! Tap Yes to make it happen or No to call it off."
        ),
    }
}

pub(crate) fn confirm_email(t: Phrasing, email: Option<&str>) -> String {
    let to = email.unwrap_or(match t {
        Phrasing::Playful => "the one you gave me",
        _ => "the new one you gave me",
    });
    match t {
        Phrasing::Professional => format!(
            "I've prepared the change: the email address on your account would become {to}. Nothing changes until you confirm: please tap Yes to go ahead or No to cancel."
        ),
        Phrasing::Friendly => format!(
            "All set: your account's email address would change to {to}. Tap Yes to confirm or No to cancel."
        ),
        Phrasing::Playful => format!(
            "Your account's shiny new email address would be {to}! Tap Yes to lock it in or No to call it off."
        ),
    }
}

pub(crate) fn confirm_generic(t: Phrasing) -> String {
    t.pick([
        "I've prepared that change. Nothing changes until you confirm: please tap Yes to go ahead or No to cancel.",
        "That change is ready! Tap Yes to confirm or No to cancel.",
        "Change lined up! Tap Yes to make it happen or No to call it off.",
    ])
    .to_string()
}

pub(crate) fn use_buttons(t: Phrasing) -> String {
    t.pick([
        "Please use the Yes or No buttons to confirm or cancel the change.",
        "Just tap Yes or No to confirm or cancel the change.",
        "Your call! Tap Yes or No to seal the deal or call it off.",
    ])
    .to_string()
}

/// `what` names the record ("Order #1042"), `status` is as the result gives it.
pub(crate) fn applied_status(t: Phrasing, what: &str, status: &str) -> String {
    match t {
        Phrasing::Professional => format!("Done. {what} now shows the status: {status}."),
        Phrasing::Friendly => format!("All done! {what} now shows: {status}."),
        Phrasing::Playful => format!("Boom, done! {what} now reads: {status}."),
    }
}

pub(crate) fn applied_email(t: Phrasing, email: &str) -> String {
    match t {
        Phrasing::Professional => {
            format!("Done. The email address on your account is now {email}.")
        }
        Phrasing::Friendly => format!("All done! Your email address is now {email}."),
        Phrasing::Playful => format!("Boom, done! Your new email address is {email}."),
    }
}

pub(crate) fn applied_generic(t: Phrasing) -> String {
    t.pick([
        "Done, the change has been made.",
        "All done!",
        "Boom, done!",
    ])
    .to_string()
}

pub(crate) fn not_applied(t: Phrasing) -> String {
    t.pick([
        "That change was not made.",
        "That change didn't go through.",
        "That change didn't stick!",
    ])
    .to_string()
}

/// What the assistant tried, for error messages.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Attempt {
    Refund,
    EmailChange,
    Lookup,
    Other,
}

/// Relays a tool's own error message (refused, not found, invalid arguments).
pub(crate) fn failed_with(t: Phrasing, attempt: Attempt, message: &str) -> String {
    let action = match attempt {
        Attempt::Refund => "flag that refund",
        Attempt::EmailChange => "change the email address",
        Attempt::Lookup => "look that up",
        Attempt::Other => "do that",
    };
    let lead = match t {
        Phrasing::Professional => format!("I'm sorry, I couldn't {action}"),
        Phrasing::Friendly => format!("Sorry, I wasn't able to {action}"),
        Phrasing::Playful => format!("Oh no, I couldn't {action}"),
    };
    let message = message.trim();
    let body = if message.is_empty() {
        format!("{lead}.")
    } else if message.ends_with(['.', '!', '?']) {
        format!("{lead}: {message}")
    } else {
        format!("{lead}: {message}.")
    };
    format!("{body} {}", person_can_help(t))
}

pub(crate) fn denied(t: Phrasing) -> String {
    t.pick([
        "I'm sorry, I can only look at records that belong to your own account.",
        "Sorry, I can only see records on your own account.",
        "Sorry, that's off-limits: I can only peek at your own account.",
    ])
    .to_string()
}

pub(crate) fn internal_error(t: Phrasing) -> String {
    t.pick([
        "I'm sorry, something went wrong on my side. Please try again in a moment, or ask for a person from our team.",
        "Sorry, something went wrong on my end. Could you try again in a moment? Or ask for a person.",
        "Oops, my gears slipped! Try again in a moment, or ask for a human.",
    ])
    .to_string()
}

pub(crate) fn unavailable(t: Phrasing) -> String {
    t.pick([
        "I'm sorry, I can't do that from here right now. A person from our team can help if you ask.",
        "Sorry, I can't do that from here right now, but a person from our team can help if you ask.",
        "That's beyond my reach right now! Ask for a human and they'll take it from here.",
    ])
    .to_string()
}

pub(crate) fn checked(t: Phrasing) -> String {
    format!(
        "{} {}",
        t.pick([
            "I've checked that for you.",
            "I've had a look for you.",
            "Looked into it!"
        ]),
        closing(t)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every phrasing, with no facts filled in.
    fn all(t: Phrasing) -> Vec<String> {
        let mut v = vec![
            intro(t).to_string(),
            greeting(t, true),
            greeting(t, false),
            thanks(t),
            unknown(t),
            identity(t),
            human(t),
            ask_verification(t),
            ask_email(t),
            ask_second_fact(t),
            verify_failed(t, true),
            cannot_verify(t),
            verified(t, None),
            how_can_i_help(t),
            ask_refund_order(t),
            ask_new_email(t),
            confirm_refund(t, None),
            confirm_email(t, None),
            confirm_generic(t),
            use_buttons(t),
            applied_generic(t),
            not_applied(t),
            denied(t),
            internal_error(t),
            unavailable(t),
            checked(t),
        ];
        for what in [Records::Orders, Records::Tickets] {
            for flag in [true, false] {
                v.push(found_header(t, what, flag).to_string());
                v.push(none_found(t, what, flag));
            }
            v.push(more_records(t, what).to_string());
        }
        for a in [
            Attempt::Refund,
            Attempt::EmailChange,
            Attempt::Lookup,
            Attempt::Other,
        ] {
            v.push(failed_with(t, a, ""));
        }
        v
    }

    #[test]
    fn boilerplate_states_no_facts() {
        const STATUS_WORDS: &[&str] = &[
            "pending",
            "shipped",
            "delivered",
            "refunded",
            "refund requested",
            "open",
            "in progress",
            "resolved",
            "escalated",
            "closed",
            "cancelled",
            "processing",
        ];
        for t in [
            Phrasing::Professional,
            Phrasing::Friendly,
            Phrasing::Playful,
        ] {
            for p in all(t) {
                let lower = p.to_lowercase();
                assert!(!p.chars().any(|c| c.is_ascii_digit()), "digit in {p:?}");
                assert!(!p.contains('@'), "email in {p:?}");
                for s in STATUS_WORDS {
                    assert!(!lower.contains(s), "status word {s:?} in {p:?}");
                }
                assert!(!lower.contains("user"), "say customer, not user: {p:?}");
            }
        }
    }

    #[test]
    fn tones_differ() {
        let [a, b, c] = [
            Phrasing::Professional,
            Phrasing::Friendly,
            Phrasing::Playful,
        ]
        .map(all);
        for i in 0..a.len() {
            assert!(
                a[i] != b[i] && b[i] != c[i] && a[i] != c[i],
                "same in every tone: {:?}",
                a[i]
            );
        }
    }
}
