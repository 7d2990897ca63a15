//! What the session's tools, knowledge passages and the customer's own messages have said, each
//! fact kept with where it was said: a tool call and a JSON path, a passage's document and
//! section, or a customer message. Facts read from an order or a ticket also remember that record,
//! so a claim about a named record can be checked against *that* record's fields.

use std::collections::HashMap;

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
    /// Retrieved passages, for verbatim quotations of policy text.
    passages: Vec<(String, Source)>,
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
        match claim.kind {
            ClaimKind::Phone => Box::new(self.fuzzy(ClaimKind::Phone, move |known| {
                let shorter = known.len().min(value.len());
                shorter >= 4 && (known.ends_with(value) || value.ends_with(known))
            })),
            ClaimKind::Date => Box::new(self.fuzzy(ClaimKind::Date, move |known| {
                // "--10-02" (no year) matches any year, on either side.
                let month_day = |d: &str| d.get(d.len().saturating_sub(6)..).map(str::to_owned);
                known == value
                    || ((value.starts_with("--") || known.starts_with("--"))
                        && month_day(known) == month_day(value))
            })),
            kind => Box::new(
                self.known
                    .get(&(kind, claim.value.clone()))
                    .into_iter()
                    .flatten(),
            ),
        }
    }

    fn fuzzy<'a>(
        &'a self,
        kind: ClaimKind,
        matches: impl Fn(&str) -> bool + 'a,
    ) -> impl Iterator<Item = &'a Fact> + 'a {
        self.known
            .iter()
            .filter(move |((k, v), _)| *k == kind && matches(v))
            .flat_map(|(_, facts)| facts)
    }

    /// Whether a tool returned this record, and whether its fields state a value of `kind`.
    pub(super) fn record_states(&self, record: &RecordRef, kind: ClaimKind) -> Option<bool> {
        self.records.get(record).map(|kinds| kinds.contains(&kind))
    }

    pub(super) fn passages(&self) -> &[(String, Source)] {
        &self.passages
    }

    fn insert(&mut self, kind: ClaimKind, value: String, fact: Fact) {
        if value.is_empty() {
            return;
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
        self.passages.push((text.to_owned(), source));
    }

    fn add_mentions(&mut self, text: &str, with_status: bool, at: &At<'_>) {
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
            // customer wrote, names) may not.
            Value::String(s) => self.add_mentions(s, key == "message", at),
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
                self.passages.push((text.to_owned(), at.source()));
            }
        }
        self.record_counts(map, &at);
        // Not sources: an error and a "nothing found" message repeat what the model asked for,
        // and a pending action's arguments are the model's own words.
        let nothing_found = [("found", false), ("verified", false)]
            .iter()
            .any(|(k, v)| map.get(*k) == Some(&Value::Bool(*v)));
        for (k, v) in map {
            if k == "error" || (nothing_found && k == "message") {
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

    /// A lookup's `count` (or the length of its list) grounds "N orders" / "N tickets".
    fn record_counts(&mut self, map: &Map<String, Value>, at: &At<'_>) {
        for records in ["orders", "tickets"] {
            let Some(Value::Array(list)) = map.get(records) else {
                continue;
            };
            let count = map
                .get("count")
                .and_then(integer)
                .unwrap_or(list.len() as i64);
            let at = at.child(records);
            self.insert_at(ClaimKind::Count, format!("{records}:{count}"), &at);
            self.insert_at(ClaimKind::Count, format!("{records}:{}", list.len()), &at);
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

/// The system's status vocabulary, with synonyms folded in; `None` for a word that is no status.
pub(super) fn canonical_status(word: &str) -> Option<&'static str> {
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
