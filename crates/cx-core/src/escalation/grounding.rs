//! The grounding guard: before an assistant's final answer reaches the
//! customer, every concrete claim in it must have a source among the facts
//! that tools returned in this session (DESIGN.md, "One customer turn", step
//! 4). A claim with no source means hallucination risk: the engine escalates
//! and holds the text back.
//!
//! This module is pure: [`extract_claims`] finds the claims in a text,
//! [`Facts`] collects what tool results (and knowledge-base passages) say,
//! and [`unsupported_claims`] is the difference.
//!
//! Claim rules, and where the line is drawn:
//! - **Order / ticket ids**: "order #1042", "order 1042", "order no. 1042",
//!   "orders 1042 and 1043", "ticket 5007"; a bare "#1042" is an order unless
//!   the sentence last named a ticket. In a list, a further number counts only
//!   with a "#" or with as many digits as the first ("order 1042 and 3 other
//!   items" claims no order 3). Grounded by the `id` of an order (ticket)
//!   record, an `order_id` (`ticket_id`) key, or any other id-like key that
//!   belongs to neither kind (`pending_action.id`, `*_id`). A customer id never
//!   grounds an order or ticket number.
//! - **Money**: "$79.99", "79.99 USD", "$80", "$1,234.50", "12 dollars" →
//!   cents. Grounded by any `*_cents` integer or any money written in a fact
//!   string (`"amount": "$79.99"`). "$80" is not "$79.99": no rounding.
//! - **Status**: the words of docs/tools.md (pending, shipped, delivered,
//!   refund requested, refunded, open, in progress, resolved, escalated), a few
//!   synonyms (in transit / dispatched → shipped, closed → resolved) and
//!   "cancelled", which the system never has. A status word is a claim only
//!   where it states a record's status: "status: open", "status is shipped",
//!   "has shipped", "is delivered", "has been refunded", "open ticket". A
//!   refund that "has been requested", "is pending" or "is in progress" is
//!   the order status refund_requested. It is not a claim in a hypothetical or
//!   generic clause ("once it has shipped", "orders are usually delivered
//!   within…"), after a modal ("should have shipped"), in a question, when
//!   negated ("hasn't shipped" is not checked), for "escalated" said of the
//!   handoff itself ("I have escalated this to a person", "escalated to our
//!   team"), or for "open" without a ticket-like subject ("we are open").
//!   Grounded if some record has that status value.
//! - **Dates**: 2026-10-02, "October 2, 2026", "Oct 2nd 2026", "2 Oct 2026",
//!   "10/02/2026" (US month/day; day/month only when that is impossible) →
//!   YYYY-MM-DD; a date with no year ("October 2") → "--10-02" and matches any
//!   year. Grounded by any date or RFC 3339 timestamp in a fact string, read in
//!   the timestamp's own offset (tool times are UTC). Relative dates
//!   ("tomorrow") are not checked.
//! - **Email**: case-insensitive.
//! - **Phone**: digits only; "ending in 1234" / "last four digits 1234" is a
//!   partial phone. Grounded when one digit string ends with the other (the
//!   shorter at least 4 digits), so "+1 555 0100 1234", "555 0100 1234" and
//!   "ending in 1234" all match the same customer phone.
//! - **Tracking**: an alphanumeric token of at least 10 characters mixing
//!   letters and digits, or any code with a digit right after "tracking
//!   (number)". Grounded by `tracking_number` values (compared as uppercase
//!   letters and digits).
//! - **Duration** and **Percent** (kinds added to the brief's list): policy
//!   figures such as "5–7 business days", "30-day", "within 24 hours",
//!   "15%". Tools never return them, so only a passage grounds them; an
//!   invented SLA or fee is exactly the hallucination to catch.
//!
//! Knowledge-base passages given to [`Facts::add_text`] ground any claim found
//! in them (dashes and case normalised by the extractors), except a status:
//! "once an order has shipped…" in a policy says nothing about this
//! customer's order. Strings inside tool results are read the same way, and
//! there a status does count when the tool itself says it in a `message`
//! ("Order 1043 is already refunded.").

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;
use serde_json::{Map, Value};

/// What a claim is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ClaimKind {
    OrderId,
    TicketId,
    Money,
    Status,
    Date,
    Email,
    Phone,
    Tracking,
    /// A time span stated as policy: "5–7 business days".
    Duration,
    /// A percentage stated as policy: "15%".
    Percent,
    /// Something done or waiting for a Yes ("I've refunded…"): see `escalation::actions`.
    Action,
    /// How many records: "You have 7 orders" is `orders:7`.
    Count,
}

/// One concrete claim found in a text.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Claim {
    pub kind: ClaimKind,
    /// As written in the answer, e.g. "order #1042", "$79.99", "has shipped".
    pub text: String,
    /// Normalised for comparison: "1042", "7999" (cents), "shipped",
    /// "2026-10-02" or "--10-02", "alice@example.com", "15550101234"
    /// (digits), "1Z84A0E60312345678", "5-7 business days", "15%".
    pub value: String,
}

/// What the session's tools (and knowledge-base passages) have said.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    known: HashSet<(ClaimKind, String)>,
    /// The statuses each order and ticket returned by a tool had: a status claimed of a named
    /// record must be *that* record's.
    statuses: HashMap<(ClaimKind, String), HashSet<String>>,
}

/// Which kind of record an object is, for the meaning of its `id`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Record {
    Order,
    Ticket,
    Customer,
    Other,
}

impl Facts {
    pub fn new() -> Self {
        Self::default()
    }

    /// True when nothing has been learnt yet.
    pub fn is_empty(&self) -> bool {
        self.known.is_empty()
    }

    /// Learns from one tool result, whatever its shape: records, id keys,
    /// `*_cents`, statuses, tracking numbers, emails, phones, and every claim
    /// written in its strings (amounts, timestamps, messages).
    pub fn add_tool_result(&mut self, result: &Value) {
        self.walk(result, "");
    }

    /// Learns from a passage such as a knowledge-base article: any claim
    /// found in it is grounded, except a status (see the module docs).
    pub fn add_text(&mut self, passage: &str) {
        self.add_mentions(passage, false);
    }

    /// Learns from the customer's own message: only their contact details (emails, phones) —
    /// echoing "the phone number ending in 4821" they just typed is no invention, but nothing
    /// else a customer says about their records is a source.
    pub fn add_customer_words(&mut self, message: &str) {
        for claim in extract_claims(message) {
            if matches!(claim.kind, ClaimKind::Email | ClaimKind::Phone) {
                self.insert(claim.kind, claim.value);
            }
        }
    }

    /// Whether some fact is a source for this claim.
    pub fn supports(&self, claim: &Claim) -> bool {
        let value = claim.value.as_str();
        match claim.kind {
            ClaimKind::Phone => self.values(ClaimKind::Phone).any(|known| {
                let shorter = known.len().min(value.len());
                shorter >= 4 && (known.ends_with(value) || value.ends_with(known))
            }),
            ClaimKind::Date => self.values(ClaimKind::Date).any(|known| {
                // "--10-02" (no year) matches any year, on either side.
                let month_day = |d: &str| d.get(d.len().saturating_sub(6)..).map(str::to_owned);
                known == value
                    || ((value.starts_with("--") || known.starts_with("--"))
                        && month_day(known) == month_day(value))
            }),
            kind => self.known.contains(&(kind, claim.value.clone())),
        }
    }

    fn values(&self, kind: ClaimKind) -> impl Iterator<Item = &str> {
        self.known
            .iter()
            .filter(move |(k, _)| *k == kind)
            .map(|(_, v)| v.as_str())
    }

    fn insert(&mut self, kind: ClaimKind, value: String) {
        if !value.is_empty() {
            self.known.insert((kind, value));
        }
    }

    fn add_mentions(&mut self, text: &str, with_status: bool) {
        for claim in extract_claims(text) {
            if with_status || claim.kind != ClaimKind::Status {
                self.insert(claim.kind, claim.value);
            }
        }
    }

    /// `key` is the key under which `value` sits (for arrays, the array's
    /// key), so `"orders": [{...}]` makes each item an order.
    fn walk(&mut self, value: &Value, key: &str) {
        match value {
            Value::Object(map) => {
                let record = record_kind(key, map);
                self.record_status(record, map);
                self.record_counts(map);
                // Not sources: an error and a "nothing found" message repeat what the model
                // asked for, and a pending action's arguments are the model's own words.
                let nothing_found = [("found", false), ("verified", false)]
                    .iter()
                    .any(|(k, v)| map.get(*k) == Some(&Value::Bool(*v)));
                for (k, v) in map {
                    if k == "error" || (nothing_found && k == "message") {
                        continue;
                    }
                    self.field(record, k, v);
                    if k == "arguments" {
                        self.argument_ids(v);
                    } else {
                        self.walk(v, k);
                    }
                }
            }
            Value::Array(items) => items.iter().for_each(|item| self.walk(item, key)),
            // Tool-authored messages may state a status; other strings
            // (descriptions the customer wrote, names) may not.
            Value::String(s) => self.add_mentions(s, key == "message"),
            _ => {}
        }
    }

    /// A lookup's `count` (or the length of its list) grounds "N orders" / "N tickets".
    fn record_counts(&mut self, map: &Map<String, Value>) {
        for records in ["orders", "tickets"] {
            let Some(Value::Array(list)) = map.get(records) else {
                continue;
            };
            let count = map
                .get("count")
                .and_then(integer)
                .unwrap_or(list.len() as i64);
            self.insert(ClaimKind::Count, format!("{records}:{count}"));
            self.insert(ClaimKind::Count, format!("{records}:{}", list.len()));
        }
    }

    /// Remember an order's or a ticket's status under its id.
    fn record_status(&mut self, record: Record, map: &Map<String, Value>) {
        let kind = match record {
            Record::Order => ClaimKind::OrderId,
            Record::Ticket => ClaimKind::TicketId,
            _ => return,
        };
        let id = map.get("id").and_then(integer).filter(|id| *id > 0);
        let status = map
            .get("status")
            .and_then(Value::as_str)
            .and_then(canonical_status);
        if let (Some(id), Some(status)) = (id, status) {
            self.statuses
                .entry((kind, id.to_string()))
                .or_default()
                .insert(status.to_owned());
        }
    }

    /// Whether a status claimed in a sentence that names exactly one known record is that
    /// record's (true when the record is unknown: the flat check decides then).
    fn status_of_record_matches(&self, record: &(ClaimKind, String), status: &str) -> bool {
        self.statuses
            .get(record)
            .is_none_or(|known| known.contains(status))
    }

    /// A pending action's arguments: the model chose them, and the tool checked only their ids
    /// (the record exists and is the customer's) and the new email (a valid address, shown on the
    /// card the customer confirms) — so those ground; free text such as a reason does not.
    fn argument_ids(&mut self, arguments: &Value) {
        if let Value::Object(map) = arguments {
            for (k, v) in map {
                let k = k.to_ascii_lowercase();
                if k.ends_with("_id") || k.ends_with("_ids") || k.contains("email") {
                    self.field(Record::Other, &k, v);
                }
            }
        }
    }

    /// The keys whose meaning is known from docs/tools.md.
    fn field(&mut self, record: Record, key: &str, value: &Value) {
        let key = key.to_ascii_lowercase();
        if key == "id" {
            self.add_id(record, value);
        } else if key.ends_with("_id") || key.ends_with("_ids") {
            let owner = match key.trim_end_matches('s').trim_end_matches("_id") {
                "order" => Record::Order,
                "ticket" => Record::Ticket,
                "customer" | "user" => Record::Customer,
                _ => Record::Other,
            };
            match value {
                Value::Array(items) => items.iter().for_each(|v| self.add_id(owner, v)),
                v => self.add_id(owner, v),
            }
        } else if key.ends_with("_cents") {
            if let Some(cents) = integer(value) {
                self.insert(ClaimKind::Money, cents.to_string());
            }
        } else if key == "status" || key.ends_with("_status") {
            if let Some(status) = value.as_str().and_then(canonical_status) {
                self.insert(ClaimKind::Status, status.to_owned());
            }
        } else if key.contains("tracking") {
            if let Some(code) = value.as_str() {
                self.insert(ClaimKind::Tracking, tracking_value(code));
            }
        } else if key.contains("email") {
            if let Some(email) = value.as_str().filter(|e| e.contains('@')) {
                self.insert(ClaimKind::Email, email.trim().to_lowercase());
            }
        } else if key.contains("phone") {
            let digits = match value {
                Value::String(s) => digits_of(s),
                Value::Number(n) => n.to_string(),
                _ => String::new(),
            };
            if digits.len() >= 4 {
                self.insert(ClaimKind::Phone, digits);
            }
        }
    }

    fn add_id(&mut self, record: Record, value: &Value) {
        let Some(id) = integer(value).filter(|id| *id > 0) else {
            return;
        };
        let id = id.to_string();
        // An id of unknown kind may be either; a customer id is neither.
        if matches!(record, Record::Order | Record::Other) {
            self.insert(ClaimKind::OrderId, id.clone());
        }
        if matches!(record, Record::Ticket | Record::Other) {
            self.insert(ClaimKind::TicketId, id);
        }
    }
}

fn record_kind(key: &str, map: &Map<String, Value>) -> Record {
    match key.to_ascii_lowercase().as_str() {
        "order" | "orders" => return Record::Order,
        "ticket" | "tickets" => return Record::Ticket,
        "customer" | "customers" | "user" | "users" => return Record::Customer,
        _ => {}
    }
    let has = |k: &str| map.contains_key(k);
    if has("subject") || has("priority") {
        Record::Ticket
    } else if has("amount_cents") || has("tracking_number") || has("product") {
        Record::Order
    } else if has("email") || has("phone") {
        Record::Customer
    } else {
        Record::Other
    }
}

/// An integer, or a string holding one (`"1042"`).
fn integer(value: &Value) -> Option<i64> {
    match value {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn digits_of(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

fn tracking_value(code: &str) -> String {
    code.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// The system's status vocabulary, with synonyms folded in; `None` for a
/// word that is no status.
fn canonical_status(word: &str) -> Option<&'static str> {
    let word = word.trim().to_lowercase().replace(['_', '-'], " ");
    Some(
        match word
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .as_str()
        {
            "pending" => "pending",
            "shipped" | "in transit" | "dispatched" | "on its way" | "on the way" => "shipped",
            "delivered" | "arrived" => "delivered",
            "refund requested" => "refund_requested",
            "refunded" => "refunded",
            "open" => "open",
            "in progress" => "in_progress",
            "resolved" | "closed" => "resolved",
            "escalated" => "escalated",
            "cancelled" | "canceled" => "cancelled",
            _ => return None,
        },
    )
}

/// Every concrete claim in `answer`, in order of appearance, without
/// duplicates (same kind and value).
pub fn extract_claims(answer: &str) -> Vec<Claim> {
    let mut scan = Scan::new(answer);
    // Order matters: each extractor blanks what it took, so an email's
    // digits are not read as a phone, nor a date's as an id.
    scan.emails();
    scan.dates();
    scan.relative_dates();
    scan.tracking();
    scan.money();
    scan.money_words();
    scan.ids();
    scan.durations();
    scan.percents();
    scan.counts();
    scan.phones();
    scan.statuses();
    scan.finish()
}

/// The claims of `answer` that no fact supports; empty when the answer may
/// go to the customer.
pub fn unsupported_claims(answer: &str, facts: &Facts) -> Vec<Claim> {
    let mut out: Vec<Claim> = extract_claims(answer)
        .into_iter()
        .filter(|claim| !facts.supports(claim))
        .collect();
    for claim in misattributed_statuses(answer, facts) {
        if !out.contains(&claim) {
            out.push(claim);
        }
    }
    out
}

/// The sentences (and clauses after `;`) of a text. A `.` ends one only before a space (not
/// followed by a digit) or the end, so "$79.99", "2.10.2026" and "no. 1042" stay whole.
pub(crate) fn sentences(text: &str) -> impl Iterator<Item = &str> {
    // A `.` before a space and a digit is an abbreviation ("no. 1042"), not an end.
    let ends_at = |i: usize, ch: char| {
        let rest = &text[i + ch.len_utf8()..];
        match ch {
            '!' | '?' | ';' | '\n' => true,
            '.' => {
                rest.is_empty()
                    || (rest.starts_with(char::is_whitespace)
                        && !rest.trim_start().starts_with(|c: char| c.is_ascii_digit()))
            }
            _ => false,
        }
    };
    let mut start = 0;
    let mut chars = text.char_indices();
    std::iter::from_fn(move || {
        for (i, ch) in chars.by_ref() {
            if ends_at(i, ch) {
                let piece = &text[start..i + ch.len_utf8()];
                start = i + ch.len_utf8();
                return Some(piece);
            }
        }
        (start < text.len()).then(|| {
            let piece = &text[start..];
            start = text.len();
            piece
        })
    })
    .map(str::trim)
    .filter(|s| !s.is_empty())
}

/// Statuses claimed of the one order or ticket a sentence names that are not that record's own
/// ("Your order #1001 is pending" when 1001 shipped and another order is pending).
fn misattributed_statuses(answer: &str, facts: &Facts) -> Vec<Claim> {
    let mut out = vec![];
    for sentence in sentences(answer) {
        let claims = extract_claims(sentence);
        let named: Vec<(ClaimKind, String)> = claims
            .iter()
            .filter(|c| matches!(c.kind, ClaimKind::OrderId | ClaimKind::TicketId))
            .map(|c| (c.kind, c.value.clone()))
            .collect();
        let [record] = named.as_slice() else {
            continue;
        };
        out.extend(claims.into_iter().filter(|c| {
            c.kind == ClaimKind::Status && !facts.status_of_record_matches(record, &c.value)
        }));
    }
    out
}

// ---------------------------------------------------------------------------
// Extraction

fn re(pattern: &str) -> Regex {
    Regex::new(pattern).expect("static pattern")
}

// Month names in any case ("OCTOBER 2", "october 2"), but "may" only capitalised: "may 5" is a
// verb and a number.
const MONTH: &str = r"((?i:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)|May|MAY)";
const STATUS: &str = r"(refund[ _-]requested|in[ _-]progress|in transit|on (?:its|the) way|refunded|delivered|arrived|shipped|pending|resolved|escalated|open|dispatched|closed|cancell?ed)";

static EMAIL: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\b[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}\b"));
static DATE_ISO: LazyLock<Regex> = LazyLock::new(|| {
    re(r"\b(\d{4})-(\d{2})-(\d{2})(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?")
});
static DATE_SLASH: LazyLock<Regex> = LazyLock::new(|| re(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b"));
/// "2.10.2026": the dotted European day.month.year.
static DATE_DOT: LazyLock<Regex> = LazyLock::new(|| re(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b"));
// Month names are matched case-sensitively: "May 5" is a date, "may 5" not.
static DATE_MDY: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"\b{MONTH}\b\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(\d{{4}})\b)?"
    ))
});
static DATE_DMY: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH}\b\.?(?:,?\s+(\d{{4}})\b)?"
    ))
});
static TRACKING_AFTER_WORD: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\btracking(?:\s+(?:number|no\.?|code|id))?\s*(?:is|was|:|#)?\s*#?\s*([a-z0-9][a-z0-9-]{5,}[a-z0-9])",
    )
});
static TRACKING_TOKEN: LazyLock<Regex> = LazyLock::new(|| re(r"\b[A-Za-z0-9]{10,}\b"));
static MONEY: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?:\bUS)?\$\s?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?(?:\s?USD\b)?|\b(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?\s?(?:USD|US dollars?|dollars?)\b",
    )
});
/// Other currencies and locale separators: "USD 500.00", "EUR 12,50", "79,99 €", "£1,234.56",
/// "1.234,56 euros". Compared as cents whatever the currency (tool results carry `*_cents`).
static MONEY_INTL: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?:\b(?:USD|EUR|GBP|CHF)\b|€|£)\s?(\d{1,3}(?:[.,\s]\d{3})+|\d+)(?:[.,](\d{1,2}))?\b|\b(\d{1,3}(?:[.,\s]\d{3})+|\d+)(?:[.,](\d{1,2}))?\s?(?:€|£|(?:EUR|GBP|CHF|euros?|pounds?)\b)",
    )
});
static ID_HEAD: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)\b(order|ticket)s?\b\s*(?:(?:number|no\.?|nr\.?|num|id)\s*)?(?::\s*)?(#?)\s*(\d+)\b")
});
static ID_MORE: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)^\s*(?:,\s*(?:and\s+|or\s+|&\s*)?|and\s+|or\s+|&\s*)(#?)(\d+)\b"));
static BARE_HASH: LazyLock<Regex> = LazyLock::new(|| re(r"#(\d+)\b"));
static DURATION: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(\d+)(?:\s*(?:[-–—]|to)\s*(\d+))?(?:\s+|\s*[-–—]\s*)(?:(business|working)[\s-]+)?(minute|hour|day|week|month|year)s?\b",
    )
});
static PERCENT: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\b(\d+(?:\.\d+)?)\s?(?:%|percent\b|per cent\b)"));
static PHONE_ENDING: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:ending|ends)\s+(?:in|with)\s+(\d{4})\b|\blast\s+(?:four|4)(?:\s+digits)?(?:\s+of\s+(?:your|the)(?:\s+[a-z]+){1,2})?(?:\s+(?:are|is))?\s*:?\s*(\d{4})\b",
    )
});
static PHONE: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?:\+\d{1,3}[\s.-]?)?(?:\(\d{2,4}\)[\s.-]?)?\d{2,4}(?:[\s.-]\d{2,5}){1,4}|\+?\d{7,15}")
});
static STATUS_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r#"(?i)\bstatus\b[^.!?;\n]{{0,40}}?(?:\bis\b|\bwas\b|:|=|\bto\b|\bas\b|\breads\b|\bshows\b)\s*(?:(?:now|currently|still|marked|set|as)\s+)*["'“‘`*]*{STATUS}\b"#
    ))
});
static STATUS_REFUND: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\brefund(?:\s+request)?(?:\s+(?:for|on)\s+[^.,;!?\n]{0,30}?)?\s+(?:has\s+been|had\s+been|was|is)\s+(?:(?:already|successfully|now|still)\s+)?(?:requested|flagged|submitted|pending|in[ _-]progress|open)\b",
    )
});
static STATUS_VERB: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)\b(is|are|was|were|has|have|had|'s|’s|been|got|marked)\s+(?:(?:now|already|currently|still|just|been|marked|as|successfully|also|finally|officially)\s+){{0,3}}{STATUS}\b"
    ))
});
static STATUS_ADJECTIVE: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)\b{STATUS}\s+(?:orders?|tickets?|packages?|parcels?|shipments?)\b"
    ))
});
// "Order 1042 shipped on…", "your package (Wireless mouse) delivered": a
// record noun then a bare past tense. Run on the original text, since the id
// after the noun is already taken.
static STATUS_SUBJECT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:orders?|packages?|parcels?|shipments?|items?|it|tickets?)\b(?:\s+(?:number|no\.|num|id))?(?:\s*[:#]?\s*\d+|\s*\([^)]*\))*\s+(?:(?:already|just|finally|also)\s+)?(shipped|delivered|arrived|refunded|resolved|escalated|dispatched)\b",
    )
});
static WORD: LazyLock<Regex> = LazyLock::new(|| re(r"[A-Za-z'’]+"));
/// "eighty-nine dollars and fifty cents", "five hundred euros".
static MONEY_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    let n = r"(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|and|a)";
    re(&format!(
        r"(?i)\b({n}(?:[\s-]+{n})*)\s+(?:dollars?|euros?|pounds?|bucks)(?:\s+and\s+({n}(?:[\s-]+{n})*)\s+cents?)?\b"
    ))
});
/// "tomorrow", "on Friday", "next week": a date relative to today, which no record states.
/// ("today" alone is left out: "How can I help you today?" claims nothing.)
static DATE_RELATIVE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(tomorrow|yesterday|(?:this|next|last|on|by|until)\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|week|weekend|month))\b",
    )
});

/// A whole number written in words, up to the thousands ("eighty-nine", "a hundred and five").
fn words_number(text: &str) -> Option<i64> {
    const UNITS: [&str; 20] = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
    ];
    const TENS: [&str; 8] = [
        "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    ];
    let (mut total, mut current, mut any) = (0i64, 0i64, false);
    for w in text
        .to_lowercase()
        .split(|c: char| c.is_whitespace() || c == '-')
    {
        match w {
            "" | "and" => {}
            "a" => current = current.max(1),
            "hundred" => current = current.max(1) * 100,
            "thousand" => {
                total += current.max(1) * 1000;
                current = 0;
            }
            w => {
                if let Some(i) = UNITS.iter().position(|u| *u == w) {
                    current += i as i64;
                } else if let Some(i) = TENS.iter().position(|t| *t == w) {
                    current += (i as i64 + 2) * 10;
                } else {
                    return None;
                }
                any = true;
            }
        }
    }
    any.then_some(total + current)
}

/// "7 orders", "three open tickets", "2 of your orders".
static COUNT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(\d{1,4}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty)\s+(?:(?:of\s+your|more|other|open|pending|shipped|delivered|refunded|resolved|active|previous|past|recent)\s+)?(orders|tickets|order|ticket)\b",
    )
});

/// A count in digits or words ("7", "three").
fn small_number(word: &str) -> Option<u32> {
    word.parse()
        .ok()
        .or_else(|| words_number(word).and_then(|n| u32::try_from(n).ok()))
}

/// Words that make a clause hypothetical or generic: its status words state
/// nothing about a record.
const NOT_A_STATEMENT: &[&str] = &[
    "once",
    "when",
    "whenever",
    "if",
    "after",
    "until",
    "before",
    "unless",
    "whether",
    "usually",
    "typically",
    "normally",
    "generally",
    "always",
    "often",
];
const MODALS: &[&str] = &[
    "will", "would", "should", "could", "may", "might", "must", "can", "to",
];
const NEGATIONS: &[&str] = &[
    "not", "never", "hasn't", "haven't", "hadn't", "isn't", "wasn't", "aren't", "weren't",
];
/// "pending <one of these>" waits on someone, it is no record status.
const PENDING_ON: &[&str] = &[
    "your",
    "confirmation",
    "approval",
    "review",
    "a",
    "an",
    "the",
];
const FIRST_PERSON: &[&str] = &["i", "we", "i've", "we've", "i'll", "we'll", "i'm", "we're"];
/// What an "open" record can be; "we are open" is about opening hours.
const OPENABLE: &[&str] = &[
    "ticket",
    "tickets",
    "request",
    "case",
    "issue",
    "complaint",
    "it",
    "this",
    "that",
    "they",
];

/// The text being scanned: `work` is a copy in which taken spans are blanked
/// (same byte offsets as `original`).
struct Scan<'a> {
    original: &'a str,
    work: String,
    found: Vec<(usize, Claim)>,
}

impl<'a> Scan<'a> {
    fn new(original: &'a str) -> Self {
        Scan {
            original,
            work: original.to_owned(),
            found: Vec::new(),
        }
    }

    fn take(&mut self, start: usize, end: usize, kind: ClaimKind, value: String) {
        // Already taken by an earlier extractor or an earlier match.
        if self.work[start..end].trim().is_empty() {
            return;
        }
        let text = self
            .original
            .get(start..end)
            .unwrap_or(&self.work[start..end])
            .trim()
            .to_owned();
        self.found.push((start, Claim { kind, text, value }));
        self.blank(start, end);
    }

    fn blank(&mut self, start: usize, end: usize) {
        self.work
            .replace_range(start..end, &" ".repeat(end - start));
    }

    fn finish(mut self) -> Vec<Claim> {
        self.found.sort_by_key(|(start, _)| *start);
        let mut seen = HashSet::new();
        self.found
            .into_iter()
            .map(|(_, claim)| claim)
            .filter(|claim| seen.insert((claim.kind, claim.value.clone())))
            .collect()
    }

    /// Runs `pattern` over the current work text and lets `each` take spans.
    fn each(&mut self, pattern: &Regex, mut each: impl FnMut(&mut Self, &regex::Captures<'_>)) {
        let work = self.work.clone();
        for caps in pattern.captures_iter(&work) {
            each(self, &caps);
        }
    }

    fn emails(&mut self) {
        self.each(&EMAIL, |scan, c| {
            let m = c.get(0).unwrap();
            scan.take(
                m.start(),
                m.end(),
                ClaimKind::Email,
                m.as_str().to_lowercase(),
            );
        });
    }

    fn dates(&mut self) {
        let num = |c: &regex::Captures<'_>, i: usize| -> Option<u32> {
            c.get(i).and_then(|m| m.as_str().parse().ok())
        };
        self.each(&DATE_ISO, |scan, c| {
            scan.take_date(c, num(c, 1), num(c, 2), num(c, 3));
        });
        self.each(&DATE_SLASH, |scan, c| {
            let (a, b) = (num(c, 1), num(c, 2));
            // US month/day first; day/month only when month/day is impossible.
            let (m, d) = match (a, b) {
                (Some(a), Some(b)) if a > 12 && b <= 12 => (Some(b), Some(a)),
                _ => (a, b),
            };
            scan.take_date(c, num(c, 3), m, d);
        });
        self.each(&DATE_DOT, |scan, c| {
            scan.take_date(c, num(c, 3), num(c, 2), num(c, 1));
        });
        self.each(&DATE_MDY, |scan, c| {
            scan.take_date(c, num(c, 3), month_number(&c[1]), num(c, 2));
        });
        self.each(&DATE_DMY, |scan, c| {
            scan.take_date(c, num(c, 3), month_number(&c[2]), num(c, 1));
        });
    }

    fn take_date(
        &mut self,
        c: &regex::Captures<'_>,
        year: Option<u32>,
        month: Option<u32>,
        day: Option<u32>,
    ) {
        let (Some(month), Some(day)) = (month, day) else {
            return;
        };
        // Not a date at all; an impossible but date-shaped one ("February
        // 30") is kept as a claim, and no fact will support it.
        if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
            return;
        }
        let value = match year {
            Some(y) => format!("{y:04}-{month:02}-{day:02}"),
            None => format!("--{month:02}-{day:02}"),
        };
        let m = c.get(0).unwrap();
        self.take(m.start(), m.end(), ClaimKind::Date, value);
    }

    fn tracking(&mut self) {
        self.each(&TRACKING_AFTER_WORD, |scan, c| {
            let code = c.get(1).unwrap();
            if code.as_str().chars().any(|ch| ch.is_ascii_digit()) {
                scan.take(
                    code.start(),
                    code.end(),
                    ClaimKind::Tracking,
                    tracking_value(code.as_str()),
                );
            }
        });
        self.each(&TRACKING_TOKEN, |scan, c| {
            let m = c.get(0).unwrap();
            let token = m.as_str();
            if token.chars().any(|ch| ch.is_ascii_digit())
                && token.chars().any(|ch| ch.is_ascii_alphabetic())
            {
                scan.take(
                    m.start(),
                    m.end(),
                    ClaimKind::Tracking,
                    tracking_value(token),
                );
            }
        });
    }

    /// Both money patterns capture the same way: (whole, fraction) after a symbol or code, or
    /// before one. The whole part keeps only its digits, whatever the thousands separator.
    fn money(&mut self) {
        for pattern in [&*MONEY, &*MONEY_INTL] {
            self.each(pattern, |scan, c| {
                let (whole, frac) = match c.get(1) {
                    Some(w) => (w.as_str(), c.get(2)),
                    None => (&c[3], c.get(4)),
                };
                let digits: String = whole.chars().filter(char::is_ascii_digit).collect();
                let Ok(whole) = digits.parse::<i64>() else {
                    return;
                };
                let frac = frac.map_or(0, |f| {
                    let f = f.as_str();
                    // ".5" is 50 cents.
                    f.parse::<i64>().unwrap_or(0) * if f.len() == 1 { 10 } else { 1 }
                });
                let m = c.get(0).unwrap();
                let cents = (whole * 100 + frac).to_string();
                scan.take(m.start(), m.end(), ClaimKind::Money, cents);
            });
        }
    }

    fn ids(&mut self) {
        self.each(&ID_HEAD, |scan, c| {
            let kind = if c[1].eq_ignore_ascii_case("ticket") {
                ClaimKind::TicketId
            } else {
                ClaimKind::OrderId
            };
            let first = c.get(3).unwrap();
            let whole = c.get(0).unwrap();
            scan.take(whole.start(), whole.end(), kind, id_value(first.as_str()));
            // "orders 1042, 1043 and #1044": further numbers of the same
            // length or with a '#'.
            let mut pos = whole.end();
            loop {
                let rest = scan.work[pos..].to_owned();
                let Some(more) = ID_MORE.captures(&rest) else {
                    break;
                };
                let number = more.get(2).unwrap();
                if more[1].is_empty() && number.as_str().len() != first.as_str().len() {
                    break;
                }
                let start = pos + more.get(1).unwrap().start();
                let end = pos + number.end();
                scan.take(start, end, kind, id_value(number.as_str()));
                pos = end;
            }
        });
        self.each(&BARE_HASH, |scan, c| {
            let m = c.get(0).unwrap();
            let before = scan.original[..m.start()].chars().next_back();
            if before.is_some_and(|ch| ch.is_alphanumeric() || ch == '&') {
                return;
            }
            // The record the sentence last named; an order by default.
            let sentence = scan.sentence_before(m.start()).to_lowercase();
            let kind = match (sentence.rfind("ticket"), sentence.rfind("order")) {
                (Some(t), Some(o)) if t > o => ClaimKind::TicketId,
                (Some(_), None) => ClaimKind::TicketId,
                _ => ClaimKind::OrderId,
            };
            scan.take(m.start(), m.end(), kind, id_value(&c[1]));
        });
    }

    fn durations(&mut self) {
        self.each(&DURATION, |scan, c| {
            let from: u64 = c[1].parse().unwrap_or(0);
            let to: Option<u64> = c.get(2).and_then(|m| m.as_str().parse().ok());
            let business = if c.get(3).is_some() { "business " } else { "" };
            let unit = c[4].to_lowercase();
            let plural = if to.unwrap_or(from) == 1 { "" } else { "s" };
            let value = match to {
                Some(to) => format!("{from}-{to} {business}{unit}{plural}"),
                None => format!("{from} {business}{unit}{plural}"),
            };
            let m = c.get(0).unwrap();
            scan.take(m.start(), m.end(), ClaimKind::Duration, value);
        });
    }

    fn money_words(&mut self) {
        self.each(&MONEY_WORDS, |scan, c| {
            let Some(whole) = words_number(&c[1]) else {
                return;
            };
            let cents = c.get(2).map_or(Some(0), |m| words_number(m.as_str()));
            let Some(cents) = cents.filter(|c| *c < 100) else {
                return;
            };
            let m = c.get(0).unwrap();
            scan.take(
                m.start(),
                m.end(),
                ClaimKind::Money,
                (whole * 100 + cents).to_string(),
            );
        });
    }

    fn relative_dates(&mut self) {
        self.each(&DATE_RELATIVE, |scan, c| {
            let m = c.get(0).unwrap();
            let value = format!(
                "relative:{}",
                c[1].to_lowercase()
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            );
            scan.take(m.start(), m.end(), ClaimKind::Date, value);
        });
    }

    fn counts(&mut self) {
        self.each(&COUNT, |scan, c| {
            let Some(n) = small_number(&c[1]) else {
                return;
            };
            let noun = c[2].to_ascii_lowercase();
            let records = if noun.starts_with("order") {
                "orders"
            } else {
                "tickets"
            };
            let m = c.get(0).unwrap();
            scan.take(
                m.start(),
                m.end(),
                ClaimKind::Count,
                format!("{records}:{n}"),
            );
        });
    }

    fn percents(&mut self) {
        self.each(&PERCENT, |scan, c| {
            // "15.0%" is "15%".
            let mut number = c[1].to_owned();
            if number.contains('.') {
                number = number
                    .trim_end_matches('0')
                    .trim_end_matches('.')
                    .to_owned();
            }
            let m = c.get(0).unwrap();
            scan.take(m.start(), m.end(), ClaimKind::Percent, format!("{number}%"));
        });
    }

    fn phones(&mut self) {
        self.each(&PHONE_ENDING, |scan, c| {
            let m = c.get(0).unwrap();
            // "the card ending in 4242" is not a phone; such claims are not
            // checked at all.
            let context = format!("{} {}", scan.sentence_before(m.start()), m.as_str());
            let context = context.to_lowercase();
            if ["card", "tracking", "account"]
                .iter()
                .any(|w| context.contains(w))
            {
                return;
            }
            let digits = c.get(1).or(c.get(2)).unwrap();
            scan.take(
                m.start(),
                m.end(),
                ClaimKind::Phone,
                digits.as_str().to_owned(),
            );
        });
        self.each(&PHONE, |scan, c| {
            let m = c.get(0).unwrap();
            let digits = digits_of(m.as_str());
            let before = scan.work[..m.start()].chars().next_back();
            let mut after = scan.work[m.end()..].chars();
            let next = after.next();
            let glued = |ch: Option<char>| ch.is_some_and(|ch| ch.is_alphanumeric());
            let decimal = matches!(next, Some('.' | ','))
                && after.next().is_some_and(|ch| ch.is_ascii_digit());
            if (7..=15).contains(&digits.len())
                && !glued(before)
                && !matches!(before, Some('$' | '#' | '.' | ','))
                && !glued(next)
                && !decimal
            {
                scan.take(m.start(), m.end(), ClaimKind::Phone, digits);
            }
        });
    }

    fn statuses(&mut self) {
        self.each(&STATUS_LABEL, |scan, c| {
            let m = c.get(0).unwrap();
            if scan.is_statement(m.start(), m.end()) {
                scan.take_status(m.start(), m.end(), &c[1]);
            }
        });
        self.each(&STATUS_REFUND, |scan, c| {
            let m = c.get(0).unwrap();
            if scan.is_statement(m.start(), m.end()) {
                scan.take_status(m.start(), m.end(), "refund requested");
            }
        });
        self.each(&STATUS_VERB, |scan, c| {
            let m = c.get(0).unwrap();
            let status = c[2].to_lowercase();
            if !scan.is_statement(m.start(), m.end()) {
                return;
            }
            let clause = scan.clause_words(m.start());
            // "should have shipped": not a statement; "has not been
            // refunded": negated, not checked.
            if clause
                .last()
                .is_some_and(|w| MODALS.contains(&w.as_str()) || NEGATIONS.contains(&w.as_str()))
            {
                return;
            }
            if status == "escalated" {
                let after = scan.original[m.end()..].trim_start().to_lowercase();
                let handoff = clause.iter().any(|w| FIRST_PERSON.contains(&w.as_str()))
                    || after.starts_with("to ");
                if handoff {
                    return;
                }
            }
            // "pending your confirmation" is the state of a proposed write,
            // not a record's status.
            let next = scan.original[m.end()..].split_whitespace().next();
            let next = next.unwrap_or("").to_lowercase();
            if status == "pending" && PENDING_ON.contains(&next.as_str()) {
                return;
            }
            if status == "open" && !clause.iter().any(|w| OPENABLE.contains(&w.as_str())) {
                return;
            }
            scan.take_status(m.start(), m.end(), &status);
        });
        let original = self.original;
        for c in STATUS_SUBJECT.captures_iter(original) {
            let (m, status) = (c.get(0).unwrap(), c.get(1).unwrap());
            let handoff = status.as_str().eq_ignore_ascii_case("escalated")
                && self.original[m.end()..].trim_start().starts_with("to ");
            if !handoff && self.is_statement(m.start(), m.end()) {
                self.take_status(status.start(), status.end(), status.as_str());
            }
        }
        self.each(&STATUS_ADJECTIVE, |scan, c| {
            let m = c.get(0).unwrap();
            if scan.is_statement(m.start(), m.end()) {
                let status = c.get(1).unwrap();
                scan.take_status(status.start(), status.end(), status.as_str());
            }
        });
    }

    fn take_status(&mut self, start: usize, end: usize, word: &str) {
        if let Some(status) = canonical_status(word) {
            self.take(start, end, ClaimKind::Status, status.to_owned());
        }
    }

    /// The clause around `start..end` states something: it is not a
    /// question, nor hypothetical or generic ("once…", "usually…", "…
    /// within 5 days").
    fn is_statement(&self, start: usize, end: usize) -> bool {
        let clause = self.clause_words(start);
        if clause.iter().any(|w| NOT_A_STATEMENT.contains(&w.as_str())) {
            return false;
        }
        let rest = &self.work[end..];
        let sentence_end = rest.find(['.', '!', '?', '\n']);
        if sentence_end.is_some_and(|i| rest[i..].starts_with('?')) {
            return false;
        }
        let next = WORD
            .find(&rest[..sentence_end.unwrap_or(rest.len())])
            .map(|w| w.as_str().to_lowercase());
        !matches!(next.as_deref(), Some("within" | "usually" | "typically"))
    }

    /// The lowercase words of the clause before `start` (from the last
    /// sentence or clause break), read from the original text so that taken
    /// ids still count ("ticket 5007 is open").
    fn clause_words(&self, start: usize) -> Vec<String> {
        let from = self.work[..start]
            .rfind(['.', '!', '?', ';', '\n', ',', ':'])
            .map_or(0, |i| i + 1);
        let text = self
            .original
            .get(from..start)
            .unwrap_or(&self.work[from..start]);
        WORD.find_iter(text)
            .map(|w| w.as_str().to_lowercase().replace('’', "'"))
            .collect()
    }

    /// The original text of the sentence before `start`.
    fn sentence_before(&self, start: usize) -> &str {
        let from = self.work[..start]
            .rfind(['.', '!', '?', '\n'])
            .map_or(0, |i| i + 1);
        self.original.get(from..start).unwrap_or("")
    }
}

/// "01042" and "1042" are the same id.
fn id_value(digits: &str) -> String {
    let trimmed = digits.trim_start_matches('0');
    if trimmed.is_empty() { "0" } else { trimmed }.to_owned()
}

fn month_number(name: &str) -> Option<u32> {
    let months = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let prefix = name.get(..3)?;
    months
        .iter()
        .position(|m| m.eq_ignore_ascii_case(prefix))
        .map(|i| i as u32 + 1)
}

#[cfg(test)]
mod tests {
    use super::ClaimKind::*;
    use super::*;
    use serde_json::json;

    /// One session: a verified customer, three orders, two tickets and a
    /// knowledge-base passage, in the shapes of docs/tools.md.
    fn session() -> Facts {
        let mut facts = Facts::new();
        facts.add_tool_result(
            &json!({"verified": true, "customer": {"id": 3, "name": "Alice Martin"}}),
        );
        facts.add_tool_result(&json!({"found": true, "customer": {
            "id": 3, "name": "Alice Martin", "email": "alice@example.com",
            "phone": "+1 555 0100 1234", "created_at": "2025-03-14T09:00:00Z"}}));
        facts.add_tool_result(&json!({"found": true, "count": 3, "orders": [
            {"id": 1042, "customer_id": 3, "product": "Wireless mouse", "amount_cents": 7999,
             "amount": "$79.99", "status": "shipped", "tracking_number": "1Z84A0E60312345678",
             "created_at": "2026-10-02T14:11:00Z", "updated_at": "2026-10-03T08:00:00Z"},
            {"id": 1043, "customer_id": 3, "product": "Laptop stand", "amount_cents": 123450,
             "amount": "$1,234.50", "status": "delivered", "tracking_number": null,
             "created_at": "2026-09-20T10:00:00Z", "updated_at": "2026-09-25T16:30:00Z"},
            {"id": 1044, "customer_id": 3, "product": "USB cable", "amount_cents": 2999,
             "amount": "$29.99", "status": "refund_requested", "tracking_number": null,
             "created_at": "2026-08-01T12:00:00Z", "updated_at": "2026-08-05T12:00:00Z"}]}));
        facts.add_tool_result(&json!({"found": true, "count": 2, "tickets": [
            {"id": 5007, "customer_id": 3, "subject": "Mouse double-clicks",
             "description": "The new mouse double-clicks.", "status": "open", "priority": "high",
             "assignee": null, "created_at": "2026-10-04T09:30:00Z", "updated_at": "2026-10-04T09:30:00Z"},
            {"id": 5010, "customer_id": 3, "subject": "Invoice copy", "description": "Needs a PDF.",
             "status": "in_progress", "priority": "low", "assignee": "dana",
             "created_at": "2026-09-01T09:00:00Z", "updated_at": "2026-09-02T09:00:00Z"}]}));
        facts.add_text(
            "Refunds are issued to the original payment method within 5–7 business days of approval. \
             A prepaid return label costs $15. Items can be returned within a 30-day window.",
        );
        facts
    }

    type Expected<'a> = &'a [(ClaimKind, &'a str)];

    /// (answer, every claim extracted, the unsupported ones) against
    /// [`session`]. Both lists are exact and in order.
    #[rustfmt::skip]
    const ANSWERS: &[(&str, Expected, Expected)] = &[
        // Grounded, in various formats.
        ("Your order #1042 (Wireless mouse, $79.99) has shipped. Tracking number: 1Z84A0E60312345678.",
            &[(OrderId, "1042"), (Money, "7999"), (Status, "shipped"), (Tracking, "1Z84A0E60312345678")],
            &[]),
        ("Orders 1042 and 1043 are on their way; order 1043 has been delivered.",
            &[(OrderId, "1042"), (OrderId, "1043"), (Status, "delivered")], &[]),
        ("I found #1042 and #1043 on your account.", &[(OrderId, "1042"), (OrderId, "1043")], &[]),
        ("Ticket #5007 is open and ticket 5010 is in progress.",
            &[(TicketId, "5007"), (Status, "open"), (TicketId, "5010"), (Status, "in_progress")], &[]),
        ("Status: in_progress (ticket 5010).", &[(Status, "in_progress"), (TicketId, "5010")], &[]),
        ("The laptop stand cost $1,234.50 and the mouse 79.99 USD.",
            &[(Money, "123450"), (Money, "7999")], &[]),
        ("You placed it on October 2, 2026 (2 Oct 2026, 10/02/2026, 2026-10-02).",
            &[(Date, "2026-10-02")], &[]),
        ("It shipped on Oct 3rd.", &[(Status, "shipped"), (Date, "--10-03")], &[]),
        ("We have ALICE@Example.COM and the phone ending in 1234 on file.",
            &[(Email, "alice@example.com"), (Phone, "1234")], &[]),
        ("Your number is (555) 0100-1234.", &[(Phone, "55501001234")], &[]),
        ("A refund has been requested for order 1044 ($29.99).",
            &[(Status, "refund_requested"), (OrderId, "1044"), (Money, "2999")], &[]),
        ("Your package is in transit.", &[(Status, "shipped")], &[]),
        ("Your ticket (#5007) is open.", &[(TicketId, "5007"), (Status, "open")], &[]),
        ("Your refund for order 1044 is pending.",
            &[(Status, "refund_requested"), (OrderId, "1044")], &[]),
        // Knowledge-base passage: dashes, "to" ranges and case normalised.
        ("Refunds take 5-7 business days, or 5 to 7 Business Days after approval.",
            &[(Duration, "5-7 business days")], &[]),
        ("Return labels cost $15 and you have 30 days to send it back.",
            &[(Money, "1500"), (Duration, "30 days")], &[]),
        // No claims at all.
        ("Thanks for reaching out! How can I help you today?", &[], &[]),
        ("Could you tell me your order number and the email on your account?", &[], &[]),
        ("I have escalated this to a person who will contact you shortly.", &[], &[]),
        ("This has been escalated to our support team.", &[], &[]),
        ("Once your order has shipped you will get an email. Orders are usually delivered quickly.",
            &[], &[]),
        ("Our chat is open every day, and we are open on weekends.", &[], &[]),
        ("Has your order shipped? Is it delivered?", &[], &[]),
        ("Your order hasn't shipped, and it has not been refunded.", &[], &[]),
        ("The card ending in 4242 was charged.", &[], &[]),
        ("The change of email is pending your confirmation.", &[], &[]),
        // Invented ids.
        ("Your order #1099 has shipped.", &[(OrderId, "1099"), (Status, "shipped")], &[(OrderId, "1099")]),
        ("Orders 1042 and 1045 are both yours.",
            &[(OrderId, "1042"), (OrderId, "1045")], &[(OrderId, "1045")]),
        ("I looked at #2001 for you.", &[(OrderId, "2001")], &[(OrderId, "2001")]),
        ("Ticket 5008 is being handled.", &[(TicketId, "5008")], &[(TicketId, "5008")]),
        // A ticket number presented as an order, a customer id as an order.
        ("Order 5007 is yours.", &[(OrderId, "5007")], &[(OrderId, "5007")]),
        ("Order 3 is yours.", &[(OrderId, "3")], &[(OrderId, "3")]),
        // Wrong amounts.
        ("Order 1042 came to $89.99.", &[(OrderId, "1042"), (Money, "8999")], &[(Money, "8999")]),
        ("The mouse was $80.", &[(Money, "8000")], &[(Money, "8000")]),
        // Wrong statuses.
        ("Good news, order 1043 has been refunded.",
            &[(OrderId, "1043"), (Status, "refunded")], &[(Status, "refunded")]),
        ("Your ticket has been escalated.", &[(Status, "escalated")], &[(Status, "escalated")]),
        ("Your order was cancelled.", &[(Status, "cancelled")], &[(Status, "cancelled")]),
        ("Status: resolved.", &[(Status, "resolved")], &[(Status, "resolved")]),
        // Made-up tracking numbers.
        ("Your tracking number is 1Z99X9X99999999999.",
            &[(Tracking, "1Z99X9X99999999999")], &[(Tracking, "1Z99X9X99999999999")]),
        ("Use tracking number 784512369874 on the carrier site.",
            &[(Tracking, "784512369874")], &[(Tracking, "784512369874")]),
        // Wrong dates.
        ("It was delivered on September 26, 2026.",
            &[(Status, "delivered"), (Date, "2026-09-26")], &[(Date, "2026-09-26")]),
        ("Your order was placed 10/12/2026.", &[(Date, "2026-10-12")], &[(Date, "2026-10-12")]),
        ("It will arrive on February 30.", &[(Date, "--02-30")], &[(Date, "--02-30")]),
        // Wrong contact details.
        ("I sent it to alice@example.org and to the phone ending in 9876.",
            &[(Email, "alice@example.org"), (Phone, "9876")],
            &[(Email, "alice@example.org"), (Phone, "9876")]),
        ("Call us on 555-0199.", &[(Phone, "5550199")], &[(Phone, "5550199")]),
        // Invented policy figures, not in any passage.
        ("Refunds are processed within 10 business days.",
            &[(Duration, "10 business days")], &[(Duration, "10 business days")]),
        ("There is a 20% restocking fee and a $25 return charge.",
            &[(Percent, "20%"), (Money, "2500")], &[(Percent, "20%"), (Money, "2500")]),
        ("I'll get back to you within 24 hours.", &[(Duration, "24 hours")], &[(Duration, "24 hours")]),
    ];

    fn kv(claims: &[Claim]) -> Vec<(ClaimKind, &str)> {
        claims.iter().map(|c| (c.kind, c.value.as_str())).collect()
    }

    #[test]
    fn answers_against_one_session() {
        assert!(ANSWERS.len() >= 30);
        let facts = session();
        for (answer, claims, unsupported) in ANSWERS {
            assert_eq!(kv(&extract_claims(answer)), *claims, "claims of {answer:?}");
            let got = unsupported_claims(answer, &facts);
            assert_eq!(kv(&got), *unsupported, "unsupported in {answer:?}");
        }
    }

    #[test]
    fn text_is_as_written_and_value_normalised() {
        let claims = extract_claims("Order no. 1042 ($1,234.50) shipped to ALICE@Example.com.");
        let texts: Vec<&str> = claims.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "Order no. 1042",
                "$1,234.50",
                "shipped",
                "ALICE@Example.com"
            ]
        );
        assert_eq!(kv(&claims)[1], (Money, "123450"));
    }

    #[test]
    fn claims_serialise_with_snake_case_kinds() {
        let claim = &extract_claims("Ticket 5007.")[0];
        let json = serde_json::to_value(claim).unwrap();
        assert_eq!(
            json,
            json!({"kind": "ticket_id", "text": "Ticket 5007", "value": "5007"})
        );
    }

    #[test]
    fn nothing_is_grounded_without_facts() {
        let facts = Facts::new();
        assert!(facts.is_empty());
        let got = unsupported_claims("Your order #1042 has shipped.", &facts);
        assert_eq!(kv(&got), [(OrderId, "1042"), (Status, "shipped")]);
        assert!(unsupported_claims("How can I help?", &facts).is_empty());
    }

    #[test]
    fn errors_not_found_messages_and_argument_text_ground_nothing() {
        // Issue #9's laundering: every one of these repeats what the model itself asked for.
        let mut facts = Facts::new();
        facts.add_tool_result(&json!({"error": {"code": "not_found",
            "message": "no refund of $500.00 approved on 2026-12-24 for order 1099"}}));
        facts.add_tool_result(&json!({"found": false, "count": 0, "tickets": [],
            "message": "No ticket 5099 found; status resolved was asked for."}));
        facts.add_tool_result(&json!({"verified": false,
            "message": "Those details do not match 555-0100."}));
        facts.add_tool_result(&json!({"applied": false, "pending_action": {"id": 8,
            "tool": "flag_refund", "arguments": {"order_id": 1002,
            "reason": "refund of $500.00 approved on 2026-12-24"}, "state": "proposed"}}));
        let answer = "Your $500.00 refund was approved on 2026-12-24 for order 1099; \
                      ticket 5099 is resolved; phone 555-0100.";
        let got = unsupported_claims(answer, &facts);
        for (kind, value) in [
            (Money, "50000"),
            (Date, "2026-12-24"),
            (OrderId, "1099"),
            (TicketId, "5099"),
        ] {
            assert!(
                kv(&got).contains(&(kind, value)),
                "{kind:?} {value} was laundered: {got:?}"
            );
        }
        // The pending action's own id and its order id (checked by the tool) still ground.
        assert!(unsupported_claims("Order 1002 is waiting for your Yes.", &facts).is_empty());
    }

    #[test]
    fn a_status_claimed_of_a_named_order_must_be_that_orders() {
        let mut facts = Facts::new();
        facts.add_tool_result(&json!({"found": true, "count": 2, "orders": [
            {"id": 1001, "status": "shipped", "amount_cents": 7999},
            {"id": 1003, "status": "pending", "amount_cents": 1500}]}));
        // Issue #9: pending is true of 1003, not of 1001.
        let got = unsupported_claims("Your order #1001 is pending now.", &facts);
        assert_eq!(kv(&got), [(Status, "pending")]);
        assert!(unsupported_claims("Your order #1001 has shipped.", &facts).is_empty());
        assert!(
            unsupported_claims("Order 1003 is pending. Order 1001 has shipped.", &facts).is_empty()
        );
        // Two records in one sentence: the flat check decides.
        assert!(
            unsupported_claims("Orders 1001 and 1003 are pending and shipped.", &facts).is_empty()
        );
    }

    #[test]
    fn more_formats_are_claims() {
        let cases: &[(&str, &[(ClaimKind, &str)])] = &[
            ("You owe USD 500.00 now.", &[(Money, "50000")]),
            ("It costs 79,99 €.", &[(Money, "7999")]),
            ("A EUR 1.234,50 refund.", &[(Money, "123450")]),
            ("Your order no 1099 is fine.", &[(OrderId, "1099")]),
            ("Order nr. 1042 is here.", &[(OrderId, "1042")]),
            (
                "It arrived on 2.10.2026.",
                &[(Status, "delivered"), (Date, "2026-10-02")],
            ),
            ("It arrives OCTOBER 2, 2026.", &[(Date, "2026-10-02")]),
            ("You have 7 orders with us.", &[(Count, "orders:7")]),
            ("You have three open tickets.", &[(Count, "tickets:3")]),
            ("I may 5 times check.", &[]),
        ];
        for (text, want) in cases {
            assert_eq!(kv(&extract_claims(text)), *want, "{text}");
        }
        let mut facts = Facts::new();
        facts.add_tool_result(&json!({"found": true, "count": 2, "orders": [
            {"id": 1001, "status": "shipped", "amount_cents": 7999},
            {"id": 1003, "status": "pending", "amount_cents": 50000}]}));
        assert!(
            unsupported_claims("You have 2 orders: USD 500.00 and 79,99 €.", &facts).is_empty()
        );
        assert_eq!(
            kv(&unsupported_claims("You have 7 orders with us.", &facts)),
            [(Count, "orders:7")]
        );
    }

    #[test]
    fn words_paraphrases_and_relative_dates() {
        let cases: &[(&str, &[(ClaimKind, &str)])] = &[
            (
                "That is eighty-nine dollars and fifty cents.",
                &[(Money, "8950")],
            ),
            ("A refund of five hundred euros.", &[(Money, "50000")]),
            ("Your parcel has arrived.", &[(Status, "delivered")]),
            ("Your order is on its way.", &[(Status, "shipped")]),
            ("It will arrive tomorrow.", &[(Date, "relative:tomorrow")]),
            ("Expect it on Friday.", &[(Date, "relative:on friday")]),
        ];
        for (text, want) in cases {
            assert_eq!(kv(&extract_claims(text)), *want, "{text}");
        }
        let mut facts = Facts::new();
        facts.add_tool_result(
            &json!({"orders": [{"id": 1001, "status": "delivered", "amount_cents": 8950}]}),
        );
        assert!(
            unsupported_claims(
                "Order 1001 has arrived: eighty-nine dollars and fifty cents.",
                &facts
            )
            .is_empty()
        );
        assert_eq!(
            kv(&unsupported_claims(
                "Order 1001 will be refunded tomorrow.",
                &facts
            )),
            [(Date, "relative:tomorrow")]
        );
        // A passage that states it grounds it.
        facts.add_text("Refunds requested before noon are processed tomorrow.");
        assert!(unsupported_claims("It is processed tomorrow.", &facts).is_empty());
    }

    #[test]
    fn the_customers_own_contact_details_ground_only_themselves() {
        let mut facts = Facts::new();
        facts.add_customer_words(
            "I'm alice@example.com and my phone ends in 4821; order 1042 shipped.",
        );
        assert!(
            unsupported_claims(
                "Thanks! The phone number ending in 4821 and alice@example.com are noted.",
                &facts
            )
            .is_empty()
        );
        // What the customer says about a record is no source.
        assert_eq!(
            kv(&unsupported_claims("Order 1042 has shipped.", &facts)),
            [(OrderId, "1042"), (Status, "shipped")]
        );
    }

    #[test]
    fn sentences_keep_amounts_dates_and_abbreviations_whole() {
        let got: Vec<&str> =
            sentences("Order no. 1042 is $79.99. It shipped 2.10.2026! Next?\nDone; ok").collect();
        assert_eq!(
            got,
            [
                "Order no. 1042 is $79.99.",
                "It shipped 2.10.2026!",
                "Next?",
                "Done;",
                "ok"
            ]
        );
    }

    #[test]
    fn an_empty_lookup_grounds_nothing() {
        let mut facts = Facts::new();
        facts.add_tool_result(&json!({"found": false, "count": 0, "orders": [],
            "message": "No orders found for customer 3."}));
        let got = unsupported_claims("Order 1042 was delivered.", &facts);
        assert_eq!(kv(&got), [(OrderId, "1042"), (Status, "delivered")]);
    }

    #[test]
    fn a_tool_message_grounds_its_status_but_a_passage_does_not() {
        let mut facts = Facts::new();
        facts.add_tool_result(&json!({"applied": true,
            "message": "Order 1043 is now refund requested."}));
        assert!(unsupported_claims("Order 1043 is refund requested.", &facts).is_empty());
        // An error's words are no source (issue #9): they may repeat the model's own arguments.
        let mut refused = Facts::new();
        refused.add_tool_result(&json!({"error": {"code": "refused",
            "message": "Order 1043 is already refunded."}}));
        assert!(!unsupported_claims("Order 1043 is already refunded.", &refused).is_empty());

        // The passage states statuses ("Delivered orders"), yet grounds none.
        let passage = "Shipped orders cannot be cancelled. Delivered orders can be returned.";
        let stated = extract_claims(passage);
        assert_eq!(kv(&stated), [(Status, "shipped"), (Status, "delivered")]);
        let mut kb = Facts::new();
        kb.add_text(passage);
        let got = unsupported_claims("Your order has been delivered.", &kb);
        assert_eq!(kv(&got), [(Status, "delivered")]);
    }

    #[test]
    fn a_customer_description_does_not_ground_a_status() {
        let mut facts = Facts::new();
        facts.add_tool_result(&json!({"ticket": {"id": 5007, "subject": "Where is it",
            "description": "My order has been delivered to the wrong house.", "status": "open"}}));
        let got = unsupported_claims("Your order has been delivered.", &facts);
        assert_eq!(kv(&got), [(Status, "delivered")]);
        assert!(unsupported_claims("Ticket 5007 is open.", &facts).is_empty());
    }

    #[test]
    fn pending_action_and_string_ids_ground() {
        let mut facts = Facts::new();
        facts.add_tool_result(&json!({"applied": false, "pending_action": {"id": 7,
            "tool": "update_user_email", "arguments": {"customer_id": 3, "new_email": "New@Example.com"},
            "state": "proposed"}, "message": "Waiting for confirmation."}));
        facts.add_tool_result(&json!({"refund": {"order_id": "1042", "total": "$79.99"}}));
        let answer = "Once you confirm, new@example.com replaces your email. Order 1042: $79.99.";
        assert!(unsupported_claims(answer, &facts).is_empty());
        // The customer id in the arguments is no order number.
        assert_eq!(
            kv(&unsupported_claims("Order 3 is ready.", &facts)),
            [(OrderId, "3")]
        );
    }

    #[test]
    fn ticket_ids_of_typed_records_do_not_ground_orders() {
        let mut facts = Facts::new();
        // A bare object: a ticket by its shape (subject, priority).
        facts.add_tool_result(
            &json!({"applied": true, "ticket": {"id": 5007, "subject": "x",
            "priority": "high", "status": "resolved"}}),
        );
        facts.add_tool_result(&json!({"id": 8001, "subject": "y", "priority": "low"}));
        assert!(unsupported_claims("Ticket 5007 is resolved; ticket 8001 too.", &facts).is_empty());
        let got = unsupported_claims("Order 5007 and order #8001.", &facts);
        assert_eq!(kv(&got), [(OrderId, "5007"), (OrderId, "8001")]);
    }

    #[test]
    fn phones_compare_digits_and_suffixes() {
        let mut facts = Facts::new();
        facts.add_tool_result(&json!({"customer": {"id": 3, "phone": "+1 555 0100 1234"}}));
        for grounded in [
            "Your phone is +1 555 0100 1234.",
            "Your phone is 555.0100.1234.",
            "The last four digits of your phone are 1234.",
        ] {
            let claims = extract_claims(grounded);
            assert_eq!(claims.len(), 1, "{grounded}");
            assert!(facts.supports(&claims[0]), "{grounded}");
        }
        let got = unsupported_claims("Your phone is +1 555 0100 4321.", &facts);
        assert_eq!(kv(&got), [(Phone, "155501004321")]);
    }

    #[test]
    fn a_date_without_year_matches_any_year_and_timestamps_use_their_own_offset() {
        let mut facts = Facts::new();
        facts.add_tool_result(
            &json!({"order": {"id": 1, "created_at": "2026-10-02T23:30:00-05:00"}}),
        );
        assert!(unsupported_claims("It was placed on 2 October.", &facts).is_empty());
        assert!(unsupported_claims("It was placed on October 2, 2026.", &facts).is_empty());
        let got = unsupported_claims("It was placed on October 2, 2025.", &facts);
        assert_eq!(kv(&got), [(Date, "2025-10-02")]);
    }

    #[test]
    fn list_numbers_need_a_hash_or_the_same_length() {
        let claims = extract_claims("Order 1042 and 3 other items, orders 1042, 1043 and #77.");
        assert_eq!(
            kv(&claims),
            [(OrderId, "1042"), (OrderId, "1043"), (OrderId, "77")]
        );
    }

    #[test]
    fn a_bare_hash_after_a_ticket_is_a_ticket() {
        let claims = extract_claims("About your ticket: #5007 is open.");
        assert_eq!(kv(&claims), [(TicketId, "5007"), (Status, "open")]);
    }

    #[test]
    fn odd_text_never_panics() {
        let parts = [
            "order #",
            "1042",
            "—",
            "€",
            "🙂",
            "$",
            "79.99",
            " ",
            "is open",
            "status:",
            "é",
            "#",
            "2026-10-02",
            "ending in ",
            "1234",
            "tracking ",
            "1Z84A0E603",
            ",",
            "?",
            "\n",
            "(",
            "has been ",
            "shipped",
            "5–7 days",
            "%",
            "ticket",
            "’s ",
            "@",
            "x.io",
        ];
        let mut facts = Facts::new();
        facts.add_text("5–7 business days, $15, order 1042 🙂");
        for a in &parts {
            for b in &parts {
                for c in parts.iter().step_by(4) {
                    let text = format!("{a}{b}{c}{a}");
                    for claim in unsupported_claims(&text, &facts) {
                        assert!(!claim.value.is_empty(), "{text:?}");
                    }
                }
            }
        }
    }
}
