//! What the session's tools, knowledge passages and the customer's own messages have said, each
//! fact kept with where it was said: a tool call and a JSON path, a passage's document and
//! section, or a customer message. Facts read from an order or a ticket also remember that record,
//! so a claim about a named record can be checked against *that* record's fields.

use std::collections::HashMap;

use cx_text::language::Language;
use serde_json::{Map, Value};

use super::extract::{extract_claims, tracking_value};
use super::ledger::{RecordKind, RecordRef, Source};
use super::{Claim, ClaimKind};

/// One place a value was stated.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Fact {
    pub source: Source,
    /// The order or ticket whose own field (or own text) stated it.
    pub record: Option<RecordRef>,
}

/// Enough places per value to tell "this record's" from "another record's"; more add nothing.
const PLACES_PER_VALUE: usize = 8;

/// What the session has said, with sources.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    known: HashMap<(ClaimKind, String), Vec<Fact>>,
    /// The orders and tickets tools returned, with the kinds of value their fields state (a
    /// record with a status must be claimed with *its* status).
    records: HashMap<RecordRef, Vec<ClaimKind>>,
    /// The sentences of retrieved passages long enough to be quoted, split once here rather than
    /// for every answer.
    quotable: Vec<(String, Source)>,
    /// Known dates by month and day ("10-02" → "2026-10-02", "--10-02"): a date without a year
    /// matches any year, without a scan of every fact.
    days: HashMap<String, Vec<String>>,
    /// Known phone numbers (digits), compared by suffix.
    phones: Vec<String>,
    /// Ids a tool said it could not find ("No order 1099 was found.", a `not_found` or `denied`
    /// error): sources for "I couldn't find order 1099", never for the id itself.
    absent: HashMap<(ClaimKind, String), Source>,
    /// The first list of orders (tickets) a lookup returned, found or empty (but not an empty
    /// answer about one id): an id missing from every result is absent from it.
    listed: HashMap<ClaimKind, Source>,
    /// The language the customer chose for the session, when known: how an answer whose own
    /// words tell nothing reads "2/12/2026".
    language: Option<Language>,
}

/// Which kind of object a map is, for the meaning of its `id`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Record {
    Order,
    Ticket,
    Customer,
    Other,
}

/// Where the walk is: the tool call, the JSON path, and the record or passage around it.
#[derive(Clone)]
struct At<'a> {
    call_id: &'a str,
    tool: &'a str,
    path: String,
    record: Option<RecordRef>,
    passage: Option<(String, String)>,
}

impl At<'_> {
    fn child(&self, key: &str) -> Self {
        // JSON Pointer escaping (RFC 6901).
        let key = key.replace('~', "~0").replace('/', "~1");
        At {
            path: format!("{}/{key}", self.path),
            ..self.clone()
        }
    }

    fn source(&self) -> Source {
        match &self.passage {
            Some((document, section)) => Source::Passage {
                call_id: self.call_id.to_owned(),
                document: document.clone(),
                section: section.clone(),
            },
            None => Source::Tool {
                call_id: self.call_id.to_owned(),
                tool: self.tool.to_owned(),
                path: if self.path.is_empty() {
                    "/".to_owned()
                } else {
                    self.path.clone()
                },
            },
        }
    }
}

impl Facts {
    pub fn new() -> Self {
        Self::default()
    }

    /// The session's language ("de", "es-ES"): an answer is read as written in it when its own
    /// words do not say ("2/12/2026" is 2 December in a German or Spanish session). A code the
    /// grounding guard does not know leaves the answer's words alone to decide.
    pub fn set_session_language(&mut self, code: &str) {
        self.language = Language::from_code(code);
    }

    /// The session's language, if set.
    pub(super) fn session_language(&self) -> Option<Language> {
        self.language
    }

    /// True when nothing has been learnt yet.
    pub fn is_empty(&self) -> bool {
        self.known.is_empty()
    }

    /// Learns from one tool call's result, whatever its shape: records, id keys, `*_cents`,
    /// statuses, tracking numbers, emails, phones, knowledge passages, and every claim written in
    /// its strings (amounts, timestamps, messages). Errors, "nothing found" messages and the
    /// model's own free-text arguments are not sources.
    pub fn add_result(&mut self, call_id: &str, tool: &str, result: &Value) {
        let at = At {
            call_id,
            tool,
            path: String::new(),
            record: None,
            passage: None,
        };
        self.walk(result, "", &at);
    }

    /// A result with no call id (older sessions, tests): the source names only the path.
    pub fn add_tool_result(&mut self, result: &Value) {
        self.add_result("", "", result);
    }

    /// Learns from a policy passage outside any tool result: any claim in it is grounded except a
    /// status ("once an order has shipped…" says nothing about this customer's order).
    pub fn add_passage(&mut self, document: &str, section: &str, text: &str) {
        let source = Source::Passage {
            call_id: String::new(),
            document: document.to_owned(),
            section: section.to_owned(),
        };
        self.add_passage_text(text, source);
    }

    /// A passage with no document name.
    pub fn add_text(&mut self, passage: &str) {
        self.add_passage("", "", passage);
    }

    /// Learns from the customer's own message: only their contact details (emails, phones) —
    /// echoing "the phone number ending in 4821" they just typed is no invention, but nothing
    /// else a customer says about their records is a source.
    pub fn add_customer_message(&mut self, message_id: i64, message: &str) {
        for claim in extract_claims(message) {
            if matches!(claim.kind, ClaimKind::Email | ClaimKind::Phone) {
                let fact = Fact {
                    source: Source::Customer { message_id },
                    record: None,
                };
                self.insert(claim.kind, claim.value, fact);
            }
        }
    }

    /// The customer's words with no message id.
    pub fn add_customer_words(&mut self, message: &str) {
        self.add_customer_message(0, message);
    }

    /// Whether some fact is a source for this claim (whatever record it names).
    pub fn supports(&self, claim: &Claim) -> bool {
        self.places(claim).next().is_some()
    }

    /// Every place that states this claim's value.
    pub(super) fn places<'a>(
        &'a self,
        claim: &'a Claim,
    ) -> Box<dyn Iterator<Item = &'a Fact> + 'a> {
        let value = claim.value.as_str();
        let stated = move |kind: ClaimKind, known: &str| {
            self.known
                .get(&(kind, known.to_owned()))
                .into_iter()
                .flatten()
        };
        match claim.kind {
            ClaimKind::Phone => Box::new(
                self.phones
                    .iter()
                    .filter(move |known| {
                        let shorter = known.len().min(value.len());
                        shorter >= 4 && (known.ends_with(value) || value.ends_with(known.as_str()))
                    })
                    .flat_map(move |known| stated(ClaimKind::Phone, known)),
            ),
            ClaimKind::Date => {
                // "--10-02" (no year) matches any year, on either side.
                let same_day = month_day(value)
                    .and_then(|day| self.days.get(day))
                    .into_iter()
                    .flatten()
                    .filter(move |known| {
                        *known != value && (value.starts_with("--") || known.starts_with("--"))
                    });
                Box::new(
                    std::iter::once(value)
                        .chain(same_day.map(String::as_str))
                        .flat_map(move |known| stated(ClaimKind::Date, known)),
                )
            }
            kind => Box::new(stated(kind, value)),
        }
    }

    /// The source for saying that this order or ticket id could not be found: a tool said so, or
    /// a lookup listed such records and no result ever named this id.
    pub(super) fn absence(&self, claim: &Claim) -> Option<&Source> {
        let key = (claim.kind, claim.value.clone());
        if let Some(source) = self.absent.get(&key) {
            return Some(source);
        }
        if self.known.contains_key(&key) {
            return None;
        }
        self.listed.get(&claim.kind)
    }

    /// Whether a tool returned this record, and whether its fields state a value of `kind`.
    pub(super) fn record_states(&self, record: &RecordRef, kind: ClaimKind) -> Option<bool> {
        self.records.get(record).map(|kinds| kinds.contains(&kind))
    }

    /// Sentences of retrieved passages, to find word-for-word quotations of them.
    pub(super) fn quotable(&self) -> &[(String, Source)] {
        &self.quotable
    }

    fn add_quotable(&mut self, text: &str, source: &Source) {
        for sentence in super::sentences(text).filter(|s| s.len() >= QUOTE_MIN) {
            if !self.quotable.iter().any(|(known, _)| known == sentence) {
                self.quotable.push((sentence.to_owned(), source.clone()));
            }
        }
    }

    fn insert(&mut self, kind: ClaimKind, value: String, fact: Fact) {
        if value.is_empty() {
            return;
        }
        if !self.known.contains_key(&(kind, value.clone())) {
            match kind {
                ClaimKind::Date => {
                    if let Some(day) = month_day(&value) {
                        let day = day.to_owned();
                        self.days.entry(day).or_default().push(value.clone());
                    }
                }
                ClaimKind::Phone => self.phones.push(value.clone()),
                _ => {}
            }
        }
        if let Some(record) = &fact.record {
            let kinds = self.records.entry(record.clone()).or_default();
            if !kinds.contains(&kind) {
                kinds.push(kind);
            }
        }
        let places = self.known.entry((kind, value)).or_default();
        if places.len() < PLACES_PER_VALUE && !places.contains(&fact) {
            places.push(fact);
        }
    }

    fn insert_at(&mut self, kind: ClaimKind, value: String, at: &At<'_>) {
        let fact = Fact {
            source: at.source(),
            record: at.record.clone(),
        };
        self.insert(kind, value, fact);
    }

    fn add_passage_text(&mut self, text: &str, source: Source) {
        for claim in extract_claims(text) {
            if claim.kind != ClaimKind::Status {
                let fact = Fact {
                    source: source.clone(),
                    record: None,
                };
                self.insert(claim.kind, claim.value, fact);
            }
        }
        self.add_quotable(text, &source);
    }

    fn add_mentions(&mut self, text: &str, with_status: bool, at: &At<'_>) {
        // The common strings of tool results, read without running every extractor on them.
        if let Some(date) = timestamp_date(text) {
            self.insert_at(ClaimKind::Date, date.to_owned(), at);
            return;
        }
        if !with_status && !may_state_a_claim(text) {
            return;
        }
        for claim in extract_claims(text) {
            if with_status || claim.kind != ClaimKind::Status {
                self.insert_at(claim.kind, claim.value, at);
            }
        }
    }

    /// `key` is the key under which `value` sits (for arrays, the array's key), so
    /// `"orders": [{...}]` makes each item an order.
    fn walk(&mut self, value: &Value, key: &str, at: &At<'_>) {
        match value {
            Value::Object(map) => self.walk_object(map, key, at),
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    self.walk(item, key, &at.child(&i.to_string()));
                }
            }
            // Tool-authored messages may state a status; other strings (descriptions the
            // customer wrote, names) may not — but a record's own words quoted verbatim ("Ticket
            // 5002: Package marked delivered but not received") claim nothing beyond the quote.
            Value::String(s) => {
                if QUOTABLE_FIELDS.contains(&key) {
                    self.add_quotable(s, &at.source());
                }
                self.add_mentions(s, key == "message", at)
            }
            _ => {}
        }
    }

    fn walk_object(&mut self, map: &Map<String, Value>, key: &str, at: &At<'_>) {
        let kind = record_kind(key, map);
        let mut at = at.clone();
        at.record = record_ref(kind, map);
        if let Some(passage) = passage_of(map) {
            at.passage = Some(passage);
            if let Some(text) = map.get("text").and_then(Value::as_str) {
                self.add_quotable(text, &at.source());
            }
        }
        self.record_counts(map, &at);
        // Not sources: an error and a "nothing found" message repeat what the model asked for,
        // and a pending action's arguments are the model's own words.
        let nothing_found = [("found", false), ("verified", false)]
            .iter()
            .any(|(k, v)| map.get(*k) == Some(&Value::Bool(*v)));
        for (k, v) in map {
            if k == "error" {
                self.absent_ids(
                    v.get("code"),
                    v.get("message"),
                    &at.child(k).child("message"),
                );
                continue;
            }
            if nothing_found && k == "message" {
                self.absent_ids(None, Some(v), &at.child(k));
                continue;
            }
            let child = at.child(k);
            self.field(kind, k, v, &child);
            if k == "arguments" {
                self.argument_ids(v, &child);
            } else {
                self.walk(v, k, &child);
            }
        }
    }

    /// The ids in a "nothing found" message, or in the message of an error that says the record
    /// is not there (`not_found`, `denied`): not sources for the ids, only for their absence.
    fn absent_ids(&mut self, code: Option<&Value>, message: Option<&Value>, at: &At<'_>) {
        let says_absent = code.is_none_or(|c| matches!(c.as_str(), Some("not_found" | "denied")));
        let Some(message) = message.and_then(Value::as_str).filter(|_| says_absent) else {
            return;
        };
        for claim in extract_claims(message) {
            if matches!(claim.kind, ClaimKind::OrderId | ClaimKind::TicketId) {
                self.absent
                    .entry((claim.kind, claim.value))
                    .or_insert_with(|| at.source());
            }
        }
    }

    /// A lookup's `count` (or the length of its list) grounds "N orders" / "N tickets", and the
    /// number of its records with each status "N shipped orders" (`orders:shipped:N`).
    fn record_counts(&mut self, map: &Map<String, Value>, at: &At<'_>) {
        for (records, kind) in [
            ("orders", ClaimKind::OrderId),
            ("tickets", ClaimKind::TicketId),
        ] {
            let Some(Value::Array(list)) = map.get(records) else {
                continue;
            };
            let count = map
                .get("count")
                .and_then(integer)
                .unwrap_or(list.len() as i64);
            let at = at.child(records);
            // "No order 1099 was found." answers a lookup of one id, not of the customer's list.
            let one_id = map.get("message").and_then(Value::as_str).is_some_and(|m| {
                extract_claims(m)
                    .iter()
                    .any(|c| matches!(c.kind, ClaimKind::OrderId | ClaimKind::TicketId))
            });
            if !(list.is_empty() && one_id) {
                self.listed.entry(kind).or_insert_with(|| at.source());
            }
            self.insert_at(ClaimKind::Count, format!("{records}:{count}"), &at);
            self.insert_at(ClaimKind::Count, format!("{records}:{}", list.len()), &at);
            let mut by_status: Vec<(&str, usize)> = vec![];
            for status in list
                .iter()
                .filter_map(|r| r.get("status").and_then(Value::as_str))
                .filter_map(canonical_status)
            {
                match by_status.iter_mut().find(|(s, _)| *s == status) {
                    Some((_, n)) => *n += 1,
                    None => by_status.push((status, 1)),
                }
            }
            for (status, n) in by_status {
                self.insert_at(ClaimKind::Count, format!("{records}:{status}:{n}"), &at);
            }
        }
    }

    /// A pending action's arguments: the model chose them, and the tool checked only their ids
    /// (the record exists and is the customer's) and the new email (a valid address, shown on the
    /// card the customer confirms) — so those ground; free text such as a reason does not.
    fn argument_ids(&mut self, arguments: &Value, at: &At<'_>) {
        if let Value::Object(map) = arguments {
            let at = At {
                record: None,
                ..at.clone()
            };
            for (k, v) in map {
                let k = k.to_ascii_lowercase();
                if k.ends_with("_id") || k.ends_with("_ids") || k.contains("email") {
                    self.field(Record::Other, &k, v, &at.child(&k));
                }
            }
        }
    }

    /// The keys whose meaning is known from docs/tools.md.
    fn field(&mut self, record: Record, key: &str, value: &Value, at: &At<'_>) {
        let key = key.to_ascii_lowercase();
        if key == "id" {
            self.add_id(record, value, at);
        } else if key.ends_with("_id") || key.ends_with("_ids") {
            let owner = match key.trim_end_matches('s').trim_end_matches("_id") {
                "order" => Record::Order,
                "ticket" => Record::Ticket,
                "customer" | "user" => Record::Customer,
                _ => Record::Other,
            };
            // An order id inside a ticket names the order, not a field of the ticket.
            let at = At {
                record: None,
                ..at.clone()
            };
            match value {
                Value::Array(items) => items
                    .iter()
                    .enumerate()
                    .for_each(|(i, v)| self.add_id(owner, v, &at.child(&i.to_string()))),
                v => self.add_id(owner, v, &at),
            }
        } else if key.ends_with("_cents") {
            if let Some(cents) = integer(value) {
                self.insert_at(ClaimKind::Money, cents.to_string(), at);
            }
        } else if key == "status" || key.ends_with("_status") {
            if let Some(status) = value.as_str().and_then(canonical_status) {
                self.insert_at(ClaimKind::Status, status.to_owned(), at);
            }
        } else if key.contains("tracking") {
            if let Some(code) = value.as_str() {
                self.insert_at(ClaimKind::Tracking, tracking_value(code), at);
            }
        } else if key.contains("email") {
            if let Some(email) = value.as_str().filter(|e| e.contains('@')) {
                self.insert_at(ClaimKind::Email, email.trim().to_lowercase(), at);
            }
        } else if key.contains("phone") {
            let digits = match value {
                Value::String(s) => digits_of(s),
                Value::Number(n) => n.to_string(),
                _ => String::new(),
            };
            if digits.len() >= 4 {
                self.insert_at(ClaimKind::Phone, digits, at);
            }
        }
    }

    fn add_id(&mut self, record: Record, value: &Value, at: &At<'_>) {
        let Some(id) = integer(value).filter(|id| *id > 0) else {
            return;
        };
        let id = id.to_string();
        // An id of unknown kind may be either; a customer id is neither.
        if matches!(record, Record::Order | Record::Other) {
            self.insert_at(ClaimKind::OrderId, id.clone(), at);
        }
        if matches!(record, Record::Ticket | Record::Other) {
            self.insert_at(ClaimKind::TicketId, id, at);
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

/// The order or ticket a map is, when it has an id.
fn record_ref(kind: Record, map: &Map<String, Value>) -> Option<RecordRef> {
    let kind = match kind {
        Record::Order => RecordKind::Order,
        Record::Ticket => RecordKind::Ticket,
        _ => return None,
    };
    let id = map.get("id").and_then(integer).filter(|id| *id > 0)?;
    Some(RecordRef { kind, id })
}

/// A knowledge passage (`{document, heading, text}`): its document and section.
fn passage_of(map: &Map<String, Value>) -> Option<(String, String)> {
    let text = map.get("text").and_then(Value::as_str)?;
    let document = map.get("document").and_then(Value::as_str)?;
    let _ = text;
    let section = map
        .get("heading")
        .or_else(|| map.get("section"))
        .and_then(Value::as_str)
        .unwrap_or_default();
    Some((document.to_owned(), section.to_owned()))
}

/// A record's free-text fields, which an answer may quote word for word.
const QUOTABLE_FIELDS: &[&str] = &["subject", "description", "product"];

/// Sentences of a passage shorter than this are not taken as quotations.
const QUOTE_MIN: usize = 20;

/// "10-02" of "2026-10-02" or "--10-02"; None for a relative date.
fn month_day(date: &str) -> Option<&str> {
    let day = date.get(date.len().checked_sub(5)?..)?;
    let b = day.as_bytes();
    let digits = |r: std::ops::Range<usize>| r.into_iter().all(|i| b[i].is_ascii_digit());
    (digits(0..2) && b[2] == b'-' && digits(3..5) && date.as_bytes()[date.len() - 6] == b'-')
        .then_some(day)
}

/// The date of an RFC 3339 timestamp that is the whole string ("2026-10-02T14:11:00Z" →
/// "2026-10-02"), as the date extractor would read it: in the timestamp's own offset.
fn timestamp_date(text: &str) -> Option<&str> {
    let b = text.as_bytes();
    let digits = |r: std::ops::Range<usize>| r.into_iter().all(|i| b[i].is_ascii_digit());
    let shape = b.len() >= 16
        && digits(0..4)
        && b[4] == b'-'
        && digits(5..7)
        && b[7] == b'-'
        && digits(8..10)
        && b[10] == b'T'
        && digits(11..13)
        && b[13] == b':'
        && digits(14..16);
    let rest = &text[16.min(text.len())..];
    let rest = rest
        .strip_prefix(':')
        .map(|r| r.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.'))
        .unwrap_or(rest);
    let offset = rest
        .strip_prefix(['+', '-'])
        .map(|o| o.replacen(':', "", 1));
    let zone = rest.is_empty()
        || rest == "Z"
        || offset.is_some_and(|o| o.len() == 4 && o.bytes().all(|c| c.is_ascii_digit()));
    let (month, day): (u32, u32) = (
        text.get(5..7)?.parse().ok()?,
        text.get(8..10)?.parse().ok()?,
    );
    (shape && zone && (1..=12).contains(&month) && (1..=31).contains(&day)).then(|| &text[..10])
}

/// Whether a string may state a claim other than a status. Digits, an "@" or a currency sign
/// may make any claim; without them only words can: relative dates ("tomorrow", "next week",
/// "morgen", "la próxima semana"), money, durations and counts in words ("five dollars",
/// "two-year", "three orders", "zwei Werktage", "dos pedidos").
fn may_state_a_claim(text: &str) -> bool {
    const WORDS: [&str; 30] = [
        "day",
        "week",
        "month",
        "year",
        "hour",
        "minute",
        "tomorrow",
        "dollar",
        "euro",
        "pound",
        "buck",
        "order",
        "ticket",
        "tag",
        "woche",
        "monat",
        "jahr",
        "stunde",
        "morgen",
        "gestern",
        "bestell",
        "día",
        "semana",
        "mes",
        "año",
        "hora",
        "mañana",
        "ayer",
        "pedido",
        "incidencia",
    ];
    if text.bytes().any(|b| b.is_ascii_digit() || b == b'@') {
        return true;
    }
    let lower = text.to_ascii_lowercase();
    WORDS.iter().any(|w| lower.contains(w))
}

/// An integer, or a string holding one (`"1042"`).
pub(super) fn integer(value: &Value) -> Option<i64> {
    match value {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

pub(super) fn digits_of(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

/// The system's status vocabulary, with synonyms folded in, in English, German and Spanish
/// ("versandt", "enviado" → shipped); `None` for a word that is no status.
pub(super) fn canonical_status(word: &str) -> Option<&'static str> {
    let word = word.trim().to_lowercase().replace(['_', '-'], " ");
    let word = word.split_whitespace().collect::<Vec<_>>().join(" ");
    Some(match word.as_str() {
        "pending" => "pending",
        "shipped" | "in transit" | "dispatched" | "on its way" | "on their way" | "on the way" => {
            "shipped"
        }
        // A carrier's detail no tool returns: never grounded, like "cancelled".
        "out for delivery" => "out_for_delivery",
        "delivered" | "arrived" => "delivered",
        "refund requested" => "refund_requested",
        "refunded" => "refunded",
        "open" => "open",
        "in progress" => "in_progress",
        "resolved" | "closed" => "resolved",
        "escalated" => "escalated",
        "cancelled" | "canceled" => "cancelled",
        other => return super::languages::canonical(other),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shortcuts for tool strings find what the extractors would.
    #[test]
    fn shortcuts_read_strings_as_the_extractors_do() {
        for text in [
            "2026-10-02T14:11:00Z",
            "2026-10-02T23:30:00-05:00",
            "2026-10-02T23:30:00.123+0200",
            "2026-10-02T23:30",
            "2026-13-02T14:11:00Z",
            "2026-10-02T14:11:00Z and more",
        ] {
            assert_eq!(
                timestamp_date(text).is_some(),
                !text.contains("more") && !text.contains("-13-"),
                "{text}"
            );
            let extracted: Vec<String> = extract_claims(text)
                .into_iter()
                .filter(|c| c.kind == ClaimKind::Date)
                .map(|c| c.value)
                .collect();
            // None: the extractors read it.
            if let Some(date) = timestamp_date(text) {
                assert_eq!(extracted, [date], "{text}");
                assert_eq!(extract_claims(text).len(), 1, "{text}");
            }
        }
        for text in [
            "Wireless mouse",
            "Mouse double-clicks",
            "dana",
            "flag_refund",
            "Refunds and returns › Return window",
            "Invoices are kept for seven years.",
            "It arrives tomorrow.",
            "A hundred bucks.",
            "You have three orders.",
            "Call 555 0100.",
            "alice@example.com",
            "Erstattungen dauern zwei Werktage.",
            "Es kommt morgen, spätestens nächste Woche.",
            "Sie haben drei Bestellungen.",
            "Llega mañana o la próxima semana.",
            "Tarda dos días hábiles.",
            "Tiene dos pedidos.",
            "Lo enviamos ayer.",
        ] {
            let stated = extract_claims(text)
                .into_iter()
                .any(|c| c.kind != ClaimKind::Status);
            assert!(!stated || may_state_a_claim(text), "{text}");
        }
        assert!(!may_state_a_claim("Wireless mouse"));
        assert_eq!(month_day("2026-10-02"), Some("10-02"));
        assert_eq!(month_day("--10-02"), Some("10-02"));
        assert_eq!(month_day("relative:on monday"), None);
    }
}
