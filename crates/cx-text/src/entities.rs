//! Facts a customer gives in a message: emails, order and ticket numbers, phone digits.
//!
//! Numbers are told apart by the nearest context word, not by their size:
//! 1. Dates (`2026-10-02`, `02/10/2026`), times and money (`$79.99`, `79.99`) are never ids.
//! 2. A phone number (7–15 digits written with `+`, brackets, dashes or dots, or as one run of
//!    digits) gives its last four digits. Digit groups separated only by spaces are a phone
//!    number only after a phone word ("my phone is 555 0100 1234"), so "orders 1042 1043"
//!    stays two orders.
//! 3. Any other number takes the meaning of the nearest context word within five words before
//!    it ("order no. 1042", "case #5007", "last four digits are 1234", "phone ends in 1234"),
//!    else within four words after it ("1042 is my order number"). Order ids must be ≥ 1000,
//!    phone digits exactly four (or the last four of a longer number after a phone word).
//! 4. A number with no context word: after a question for the phone digits (see [`Expecting`])
//!    four digits are the phone digits; after a question for an order number it is an order;
//!    four digits next to an email are the phone digits (that is the verification pair we ask
//!    for); `#1042` is an order; a year after "in"/"since"/a month is ignored; any other number
//!    ≥ 1000 is taken as an order id.

use regex::Regex;
use std::sync::LazyLock;

/// What the assistant asked for in its previous message; it decides what a bare number means.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Expecting {
    #[default]
    Nothing,
    PhoneLast4,
    OrderId,
    TicketId,
    NewEmail,
}

/// The facts found in one message, each list in the order written, without duplicates.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Entities {
    /// Lower-cased.
    pub emails: Vec<String>,
    pub order_ids: Vec<i64>,
    pub ticket_ids: Vec<i64>,
    /// The last one given, when several are.
    pub phone_last4: Option<String>,
}

impl Entities {
    pub fn is_empty(&self) -> bool {
        self.emails.is_empty()
            && self.order_ids.is_empty()
            && self.ticket_ids.is_empty()
            && self.phone_last4.is_none()
    }
}

static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}").expect("email regex")
});
static DATE_TIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b\d{4}-\d{1,2}-\d{1,2}(?:[t ]\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:z|[+-]\d{2}:?\d{2})?)?\b|\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b|\b\d{1,2}:\d{2}(?::\d{2})?\b",
    )
    .expect("date regex")
});
/// International (`+…`), bracketed, dash/dot/plain runs, then space-separated groups.
static PHONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\+\d[\d ().-]{5,}\d\b|\(\d{2,4}\)[\d .-]{4,}\d\b|\b\d[\d.-]{5,}\d\b|\b\d{2,4}(?: \d{2,4}){2,4}\b",
    )
    .expect("phone regex")
});
static MONEY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[$€£]\s?\d[\d,]*(?:\.\d+)?|\b\d[\d,]*\.\d+\b|\b\d+(?:,\d{3})+\b")
        .expect("money regex")
});
static TOKEN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"#?[A-Za-z0-9]+|[.!?;]").expect("token regex"));

/// Extracts what a message says, with no knowledge of what was asked.
pub fn extract(text: &str) -> Entities {
    extract_expecting(text, Expecting::Nothing)
}

/// Extracts what a message says as an answer to a question for `expecting`.
pub fn extract_expecting(text: &str, expecting: Expecting) -> Entities {
    let mut out = Entities::default();
    for m in EMAIL.find_iter(text) {
        push_unique(
            &mut out.emails,
            m.as_str().trim_end_matches('.').to_lowercase(),
        );
    }
    let masked = blank(text, &EMAIL);
    let masked = blank(&masked, &DATE_TIME);
    let tokens = tokens_with_phones(&masked);
    for (i, tok) in tokens.iter().enumerate() {
        match tok {
            Tok::Phone(last4) => out.phone_last4 = Some(last4.clone()),
            Tok::Number { digits, hash } => classify_number(
                &tokens,
                i,
                digits,
                *hash,
                expecting,
                !out.emails.is_empty(),
                &mut out,
            ),
            Tok::Word(_) | Tok::Stop => {}
        }
    }
    out
}

static ORDER_STATUS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(pending|shipped|delivered|refunded|refund[- ]requested)\s+orders?\b")
        .expect("order status regex")
});
static TICKET_STATUS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(open|resolved|closed|escalated|in[- ]progress)\s+(?:support\s+)?tickets?\b")
        .expect("ticket status regex")
});

/// The status a customer filters their orders by: "my refunded orders", "pending order" (the
/// word right before "order(s)"; "has my order shipped?" is a question about one order, not a
/// filter).
pub fn order_status_filter(text: &str) -> Option<&'static str> {
    let word = ORDER_STATUS.captures(text)?.get(1)?.as_str().to_lowercase();
    Some(match word.as_str() {
        "pending" => "pending",
        "shipped" => "shipped",
        "delivered" => "delivered",
        "refunded" => "refunded",
        _ => "refund_requested",
    })
}

/// The status a customer filters their tickets by: "my open tickets", "closed tickets".
pub fn ticket_status_filter(text: &str) -> Option<&'static str> {
    let word = TICKET_STATUS
        .captures(text)?
        .get(1)?
        .as_str()
        .to_lowercase();
    Some(match word.as_str() {
        "open" => "open",
        "resolved" | "closed" => "resolved",
        "escalated" => "escalated",
        _ => "in_progress",
    })
}

/// The new address in an email change request: "change my email to new@x.com", "my new email is
/// …", "use … instead". An address after "from", "old" or "current" is the old one.
pub fn new_email(text: &str) -> Option<String> {
    const NEW: &[&str] = &[
        "to", "new", "into", "becomes", "be", "with", "now", "should",
    ];
    const OLD: &[&str] = &["from", "old", "current", "currently", "was", "existing"];
    let mut found = None;
    let mut prev_end = 0;
    for m in EMAIL.find_iter(text) {
        // Only this address's own sentence, after any earlier address: in "change my email to
        // a.new@x.com. a@x.com", "new" belongs to the first address; in "I want to change my
        // email. a@x.com", "to" belongs to another sentence.
        let lead = &text[prev_end..m.start()];
        let sentence = lead.rsplit(['.', '!', '?', ';']).next().unwrap_or(lead);
        prev_end = m.end();
        let before: Vec<String> = sentence
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        let after = text[m.end()..].to_lowercase();
        let mut role = None;
        for w in before.iter().rev().take(4) {
            if NEW.contains(&w.as_str()) {
                role = Some(true);
                break;
            }
            if OLD.contains(&w.as_str()) {
                role = Some(false);
                break;
            }
        }
        let instead = after.trim_start().starts_with("instead");
        if role == Some(true) || (role.is_none() && instead) {
            found = Some(m.as_str().trim_end_matches('.').to_lowercase());
        }
    }
    found
}

#[derive(Debug)]
enum Tok {
    Word(String),
    Number {
        digits: String,
        hash: bool,
    },
    Phone(String),
    /// Sentence punctuation: context does not cross it.
    Stop,
}

/// Replaces every match with spaces so nothing else reads it.
fn blank(text: &str, re: &Regex) -> String {
    re.replace_all(text, |c: &regex::Captures<'_>| " ".repeat(c[0].len()))
        .into_owned()
}

const PHONE_WORDS: &[&str] = &[
    "phone",
    "mobile",
    "cell",
    "cellphone",
    "telephone",
    "tel",
    "digits",
    "ends",
    "ending",
    "four",
];
const ORDER_WORDS: &[&str] = &["order", "orders", "ordr", "oder", "purchase", "purchases"];
const TICKET_WORDS: &[&str] = &[
    "ticket",
    "tickets",
    "tiket",
    "case",
    "cases",
    "complaint",
    "incident",
];
const YEAR_WORDS: &[&str] = &[
    "in",
    "since",
    "year",
    "from",
    "until",
    "of",
    "jan",
    "january",
    "feb",
    "february",
    "mar",
    "march",
    "apr",
    "april",
    "may",
    "jun",
    "june",
    "jul",
    "july",
    "aug",
    "august",
    "sep",
    "sept",
    "september",
    "oct",
    "october",
    "nov",
    "november",
    "dec",
    "december",
    "spring",
    "summer",
    "autumn",
    "fall",
    "winter",
    "back",
];

/// Tokens of `masked`, with phone numbers already joined and money removed.
fn tokens_with_phones(masked: &str) -> Vec<Tok> {
    let mut out = Vec::new();
    let mut last = 0;
    for m in PHONE.find_iter(masked) {
        let raw = m.as_str();
        let digits: String = raw.chars().filter(char::is_ascii_digit).collect();
        let marked = raw.contains(['+', '(', ')', '-', '.']);
        let plain_run = raw.chars().all(|c| c.is_ascii_digit());
        let mut before = plain_tokens(&masked[last..m.start()]);
        let context = nearest_context(&before);
        let spaced_phone = !marked && !plain_run && context == Some(Ctx::Phone);
        // "order 1042-1043" is two orders, not a phone number.
        let groups: Vec<&str> = raw
            .split(|c: char| !c.is_ascii_digit())
            .filter(|g| !g.is_empty())
            .collect();
        let id_pair = groups.len() == 2
            && groups.iter().all(|g| g.len() >= 4)
            && matches!(context, Some(Ctx::Order | Ctx::Ticket));
        if (7..=15).contains(&digits.len()) && (marked || plain_run || spaced_phone) && !id_pair {
            out.append(&mut before);
            out.push(Tok::Phone(digits[digits.len() - 4..].to_string()));
            last = m.end();
        }
    }
    out.append(&mut plain_tokens(&masked[last..]));
    out
}

fn plain_tokens(text: &str) -> Vec<Tok> {
    const ABBREVIATIONS: &[&str] = &["no", "nr", "num", "nbr", "ref", "tel", "ph", "approx"];
    let text = blank(text, &MONEY);
    let mut out: Vec<Tok> = Vec::new();
    for m in TOKEN.find_iter(&text) {
        let s = m.as_str();
        let (hash, body) = match s.strip_prefix('#') {
            Some(rest) => (true, rest),
            None => (false, s),
        };
        let tok = if matches!(s, "." | "!" | "?" | ";") {
            // "order no. 1042": the dot of an abbreviation does not end the sentence.
            if s == "."
                && matches!(out.last(), Some(Tok::Word(w)) if ABBREVIATIONS.contains(&w.as_str()))
            {
                continue;
            }
            Tok::Stop
        } else if !body.is_empty() && body.chars().all(|c| c.is_ascii_digit()) {
            // "last 4 digits": the 4 is a word here.
            if body == "4" && matches!(out.last(), Some(Tok::Word(w)) if w == "last") {
                Tok::Word("four".to_string())
            } else {
                Tok::Number {
                    digits: body.to_string(),
                    hash,
                }
            }
        } else {
            Tok::Word(body.to_lowercase())
        };
        out.push(tok);
    }
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ctx {
    Order,
    Ticket,
    Phone,
}

fn context_of(word: &str) -> Option<Ctx> {
    if ORDER_WORDS.contains(&word) {
        Some(Ctx::Order)
    } else if TICKET_WORDS.contains(&word) {
        Some(Ctx::Ticket)
    } else if PHONE_WORDS.contains(&word) {
        Some(Ctx::Phone)
    } else {
        None
    }
}

/// The context word closest to the end of `before`, within five words.
fn nearest_context(before: &[Tok]) -> Option<Ctx> {
    before
        .iter()
        .rev()
        .take(5)
        .take_while(|t| !matches!(t, Tok::Stop))
        .find_map(|t| match t {
            Tok::Word(w) => context_of(w),
            _ => None,
        })
}

fn classify_number(
    tokens: &[Tok],
    i: usize,
    digits: &str,
    hash: bool,
    expecting: Expecting,
    has_email: bool,
    out: &mut Entities,
) {
    let after = tokens[i + 1..]
        .iter()
        .take(4)
        .take_while(|t| !matches!(t, Tok::Stop))
        .find_map(|t| match t {
            Tok::Word(w) => context_of(w),
            _ => None,
        });
    let ctx = nearest_context(&tokens[..i]).or(after);
    let value = digits.parse::<i64>().ok().filter(|v| *v > 0);
    let four = digits.len() == 4;
    match ctx {
        Some(Ctx::Order) => push_order(out, value),
        Some(Ctx::Ticket) => {
            if let Some(v) = value {
                push_unique(&mut out.ticket_ids, v);
            }
        }
        Some(Ctx::Phone) => {
            if digits.len() >= 4 {
                out.phone_last4 = Some(digits[digits.len() - 4..].to_string());
            }
        }
        None if hash => push_order(out, value),
        None => match expecting {
            Expecting::PhoneLast4 if four => out.phone_last4 = Some(digits.to_string()),
            Expecting::OrderId => push_order(out, value),
            Expecting::TicketId => {
                if let Some(v) = value {
                    push_unique(&mut out.ticket_ids, v);
                }
            }
            _ if four && has_email => out.phone_last4 = Some(digits.to_string()),
            _ if looks_like_year(tokens, i, value) => {}
            _ => push_order(out, value),
        },
    }
}

fn looks_like_year(tokens: &[Tok], i: usize, value: Option<i64>) -> bool {
    let year = value.is_some_and(|v| (1900..=2100).contains(&v));
    let after_year_word =
        i > 0 && matches!(&tokens[i - 1], Tok::Word(w) if YEAR_WORDS.contains(&w.as_str()));
    year && after_year_word
}

fn push_order(out: &mut Entities, value: Option<i64>) {
    // Order ids start at 1000 and are "4-digit-ish": a 10+ digit run is not one.
    if let Some(v) = value.filter(|v| (1000..=999_999_999).contains(v)) {
        push_unique(&mut out.order_ids, v);
    }
}

fn push_unique<T: PartialEq>(list: &mut Vec<T>, item: T) {
    if !list.contains(&item) {
        list.push(item);
    }
}
