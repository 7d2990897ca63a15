//! The claim ledger: every concrete claim of an answer, where it sits in the text, the record it
//! is about (when its sentence names exactly one order or ticket), and the one source that
//! supports it — or why none does. Built for every answer before it is shown; kept with the
//! assistant's message for staff; never sent to the kiosk.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;
use serde::{Deserialize, Serialize};

use super::actions::{self, Write};
use super::extract::{Reading, extract_spanned, re};
use super::facts::{Fact, Facts, canonical_status};
use super::sentences::sentence_spans;
use super::{Claim, ClaimKind};

/// What a claim's sentence is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum RecordKind {
    Order,
    Ticket,
}

/// An order or a ticket, by id.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RecordRef {
    pub kind: RecordKind,
    pub id: i64,
}

impl std::fmt::Display for RecordRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.kind {
            RecordKind::Order => write!(f, "order {}", self.id),
            RecordKind::Ticket => write!(f, "ticket {}", self.id),
        }
    }
}

/// Where a claim's value was stated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "from", rename_all = "snake_case")]
pub enum Source {
    /// A field of a tool's result: the call, the tool, and a JSON Pointer into the result.
    Tool {
        call_id: String,
        tool: String,
        path: String,
    },
    /// A knowledge passage a tool retrieved.
    Passage {
        call_id: String,
        document: String,
        section: String,
    },
    /// The customer's own message (their own contact details only).
    Customer { message_id: i64 },
    /// A write tool call of this turn, and what it did.
    Write {
        call_id: String,
        tool: String,
        outcome: actions::Outcome,
    },
}

/// One claim of an answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LedgerEntry {
    pub kind: ClaimKind,
    /// As written in the answer.
    pub text: String,
    /// Byte offsets of `text` in the answer (UTF-8).
    pub start: u32,
    pub end: u32,
    /// Normalised for comparison (see [`Claim::value`]).
    pub value: String,
    /// The order or ticket the claim's sentence names, when it names exactly one.
    pub record: Option<RecordRef>,
    /// None: unsupported.
    pub source: Option<Source>,
    /// Why no source supports it, in words for the people who review it.
    pub problem: Option<String>,
}

impl LedgerEntry {
    pub fn claim(&self) -> Claim {
        Claim {
            kind: self.kind,
            text: self.text.clone(),
            value: self.value.clone(),
        }
    }
}

/// Every claim of one answer, in order of appearance.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Ledger {
    pub claims: Vec<LedgerEntry>,
}

/// Kinds of value a record's own fields state: claimed of a named record, they must be its own.
const RECORD_BOUND: [ClaimKind; 4] = [
    ClaimKind::Status,
    ClaimKind::Money,
    ClaimKind::Date,
    ClaimKind::Tracking,
];

impl Ledger {
    /// The ledger of `answer` against what the session's tools, passages and customer said, and
    /// the writes of this turn.
    pub fn build(answer: &str, facts: &Facts, writes: &[Write]) -> Ledger {
        let quotes = quotations(answer, facts);
        // The whole answer's words say how it writes numeric dates, not each sentence's.
        let reading = Reading::of(answer, facts.session_language());
        let mut claims: Vec<LedgerEntry> = vec![];
        // The record the previous sentence was about, for a sentence that goes on with "It …",
        // and the one the last line that was no list item named, for the items under it
        // ("**Order #1042**" then "- Status: shipped").
        let mut previous: Option<RecordRef> = None;
        let mut header: Option<RecordRef> = None;
        // The "Status" column of the markdown table being read.
        let mut status_column: Option<usize> = None;
        for (offset, sentence) in sentence_spans(answer) {
            let mut found = extract_spanned(sentence, reading);
            status_column = table_status(sentence, status_column, &mut found);
            let names_any = found
                .iter()
                .any(|(_, c)| matches!(c.kind, ClaimKind::OrderId | ClaimKind::TicketId));
            let clauses = clauses(sentence);
            let list_item = is_list_item(sentence);
            let inherited = match (names_any, list_item) {
                (true, _) => None,
                (false, true) => header.clone(),
                (false, false) => previous.take().filter(|_| refers_back(sentence)),
            };
            let about = match names_any {
                true => named_record(found.iter().map(|(_, c)| c)),
                false => inherited.clone(),
            };
            // Only the pronoun's own clause: "It shipped on October 3, and your headphones
            // cost $500.00" says nothing more about the same order. A list item is all about it.
            let pronoun_clause = match list_item {
                true => sentence.len(),
                false => clauses.first().map_or(0, |c| c.end),
            };
            let first = claims.len();
            for (span, claim) in &found {
                let record = match claim.kind {
                    ClaimKind::OrderId | ClaimKind::TicketId => None,
                    _ if names_any => {
                        clause_record(&clauses, &found, span).or_else(|| about.clone())
                    }
                    _ => inherited.clone().filter(|_| span.start < pronoun_clause),
                };
                let absent = matches!(claim.kind, ClaimKind::OrderId | ClaimKind::TicketId)
                    && says_absent(sentence, span);
                let span = span.start + offset..span.end + offset;
                let resolved = match quoted(&quotes, &span) {
                    Some(source) => Ok(source.clone()),
                    None if absent => facts.absence(claim).cloned().ok_or_else(|| {
                        "said not to exist, but no lookup of this session left it out".to_owned()
                    }),
                    None => resolve(claim, record.as_ref(), facts),
                };
                claims.push(entry(claim.clone(), span, record, resolved));
            }
            if let Some((span, claim, write)) = actions::claims(sentence, writes, about.as_ref()) {
                let span = span.start + offset..span.end + offset;
                // "Order 1006 has been refunded" where order 1006's own status says refunded:
                // a state the record is in, which no write of this turn needs to have made.
                let state = || {
                    let passive = actions::is_passive(&claim.text);
                    claims[first..]
                        .iter()
                        .filter(|c| c.kind == ClaimKind::Status && passive)
                        .filter(|c| c.record.is_some())
                        .filter(|c| (c.start as usize) < span.end && span.start < c.end as usize)
                        .find_map(|c| c.source.clone())
                };
                let resolved = match write {
                    Some(w) => Ok(w.source()),
                    None => state().ok_or_else(|| {
                        "no write tool call of this turn did this (or it is waiting for a Yes)"
                            .to_owned()
                    }),
                };
                claims.push(entry(claim, span, about.clone(), resolved));
            }
            if !list_item {
                header = about.clone();
            }
            previous = about;
        }
        claims.sort_by_key(|c| c.start);
        Ledger { claims }
    }

    /// True when every claim has a source: the answer may be shown.
    pub fn is_grounded(&self) -> bool {
        self.claims.iter().all(|c| c.source.is_some())
    }

    pub fn unsupported(&self) -> impl Iterator<Item = &LedgerEntry> {
        self.claims.iter().filter(|c| c.source.is_none())
    }

    /// The unsupported claims, once each (same kind and value).
    pub fn unsupported_claims(&self) -> Vec<Claim> {
        let mut out: Vec<Claim> = vec![];
        for c in self.unsupported() {
            let claim = c.claim();
            if !out
                .iter()
                .any(|o| o.kind == claim.kind && o.value == claim.value)
            {
                out.push(claim);
            }
        }
        out
    }
}

fn entry(
    claim: Claim,
    span: Range<usize>,
    record: Option<RecordRef>,
    resolved: Result<Source, String>,
) -> LedgerEntry {
    let (source, problem) = match resolved {
        Ok(s) => (Some(s), None),
        Err(p) => (None, Some(p)),
    };
    LedgerEntry {
        kind: claim.kind,
        text: claim.text,
        start: span.start as u32,
        end: span.end as u32,
        value: claim.value,
        record,
        source,
        problem,
    }
}

/// The one order or ticket these claims name.
fn named_record<'a>(found: impl Iterator<Item = &'a Claim>) -> Option<RecordRef> {
    let mut named = found.filter_map(|c| {
        let kind = match c.kind {
            ClaimKind::OrderId => RecordKind::Order,
            ClaimKind::TicketId => RecordKind::Ticket,
            _ => return None,
        };
        Some(RecordRef {
            kind,
            id: c.value.parse().ok()?,
        })
    });
    let first = named.next()?;
    if named.any(|other| other != first) {
        return None;
    }
    Some(first)
}

/// The sentence goes on about the record of the one before: "It shipped on October 3.", "Es
/// wurde am 3. Oktober versandt.", "Fue entregado el 3 de octubre." (Spanish leaves the subject
/// out). German "Sie" is left out: it is also the formal "you".
fn refers_back(sentence: &str) -> bool {
    static PRONOUN: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?i)^\W*(?:it\b|it[’']s\b|its\b|(?:this|that)\s+(?:one|order|ticket|package|parcel)\b|es\b|er\b|(?:diese[rs]?|dieses)\s+(?:Bestellung|Paket|Ticket)\b|(?:este|ese|dicho)\s+(?:pedido|paquete|ticket)\b|(?:fue|ha\s+sido|est[áa]\s|se\s+(?:envi|entreg)))",
        )
    });
    PRONOUN.is_match(sentence)
}

/// A markdown table's line: a header row with a "Status" column makes that cell of each row
/// below a status claim ("| #1045 | Headphones | Shipped |"), about the row's record. Returns the
/// status column for the next line.
fn table_status(
    line: &str,
    column: Option<usize>,
    found: &mut Vec<(Range<usize>, Claim)>,
) -> Option<usize> {
    if !line.starts_with('|') {
        return None;
    }
    let mut cells = vec![];
    let mut start = 1;
    for (i, _) in line.match_indices('|').skip(1) {
        let cell = &line[start..i];
        let lead = cell.len() - cell.trim_start().len();
        cells.push(start + lead..start + lead + cell.trim().len());
        start = i + 1;
    }
    let text = |r: &Range<usize>| line[r.clone()].trim_matches('*');
    if let Some(i) = cells.iter().position(|c| {
        text(c).eq_ignore_ascii_case("status") || text(c).eq_ignore_ascii_case("estado")
    }) {
        return Some(i);
    }
    let cell = cells.get(column?)?;
    if let Some(status) = canonical_status(text(cell)) {
        let claim = Claim {
            kind: ClaimKind::Status,
            text: line[cell.clone()].to_owned(),
            value: status.to_owned(),
        };
        found.push((cell.clone(), claim));
        found.sort_by_key(|(span, _)| span.start);
    }
    column
}

/// A line of a markdown list: "- …", "* …", "• …" (not "**bold**").
fn is_list_item(sentence: &str) -> bool {
    let mut chars = sentence.chars();
    matches!(
        (chars.next(), chars.next()),
        (Some('-' | '*' | '•'), Some(' ' | '\t'))
    )
}

/// The clauses of a sentence, as byte ranges: split at commas, semicolons, colons, dashes and
/// "and", "but", "while", "whereas" — except inside a number ("$1,234.50") or before a further
/// number of a list ("orders 1042, 1043 and #1044").
fn clauses(sentence: &str) -> Vec<Range<usize>> {
    static BREAK: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?i)[,;:]|\s[–—-]\s|\s(?:and|but|while|whereas|und|aber|sondern|y|pero|mientras|sino)\s",
        )
    });
    let mut out = vec![];
    let mut start = 0;
    for m in BREAK.find_iter(sentence) {
        let next = sentence[m.end()..].trim_start().chars().next();
        if next.is_some_and(|c| c.is_ascii_digit() || c == '#') {
            continue;
        }
        out.push(start..m.start());
        start = m.end();
    }
    out.push(start..sentence.len());
    out
}

/// The one order or ticket named in the clause around `span`, when it names exactly one: in
/// "Order 1043 came to $79.99 and order 1042 to $1,234.50" each amount is its own order's.
fn clause_record(
    clauses: &[Range<usize>],
    found: &[(Range<usize>, Claim)],
    span: &Range<usize>,
) -> Option<RecordRef> {
    let clause = clauses
        .iter()
        .find(|c| c.start <= span.start && span.start < c.end.max(c.start + 1))?;
    named_record(
        found
            .iter()
            .filter(|(s, _)| clause.start <= s.start && s.start < clause.end)
            .map(|(_, c)| c),
    )
}

/// The id at `span` is said not to exist: "I couldn't find order 1099", "there is no ticket
/// 5099", "order 1099 wasn't found"; "Es gibt keine Bestellung 1099", "Bestellung 1099 wurde
/// nicht gefunden", "Ich konnte Bestellung 1099 nicht finden"; "No encontré el pedido 1099", "no
/// existe ningún pedido 1099", "el pedido 1099 no existe".
fn says_absent(sentence: &str, span: &Range<usize>) -> bool {
    static BEFORE_DE_ES: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?i)(?:\bkein(?:e[nm]?)?|\bning[úu]n|\bninguna|\bno\s+(?:(?:he|hemos|pude|pudimos|puedo|podemos|logr[ée]|consigo)\s+)?(?:encontrar|encontrado|encontr[ée]|encontramos|localizar|localizado|localic[ée]|ver|visto|vi)(?:\s+(?:el|la|un|una))?|\bno\s+existe(?:\s+(?:el|la))?)\s*$",
        )
    });
    static AFTER_DE_ES: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?i)^\s*(?:(?:wurde|ist|war)\s+nicht\s+(?:zu\s+)?(?:gefunden|finden|vorhanden)|nicht\s+(?:finden|gefunden|auffinden|sehen)|existiert\s+nicht|gibt\s+es\s+nicht|no\s+(?:existe|aparece|figura|se\s+(?:ha\s+)?encontr))",
        )
    });
    if BEFORE_DE_ES.is_match(&sentence[..span.start]) || AFTER_DE_ES.is_match(&sentence[span.end..])
    {
        return true;
    }
    static BEFORE: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?i)(?:\b(?:could(?:n't|n’t| not)|can(?:'t|’t|not| not)|did(?:n't|n’t| not)|(?:was|were)(?:n't|n’t| not) able to|unable to|do(?:n't|n’t| not))\s+(?:\w+\s+)?(?:find|locate|see)(?:\s+(?:an?|any|the))?|\bno)\s*$",
        )
    });
    static AFTER: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?i)^\s*(?:(?:was|is|were|could|can)(?:n't|n’t| not)(?: be)? found|(?:does|did)(?:n't|n’t| not) exist|(?:is|was)(?:n't|n’t| not) (?:one of|on|in|under|linked))\b",
        )
    });
    BEFORE.is_match(&sentence[..span.start]) || AFTER.is_match(&sentence[span.end..])
}

/// The source of a claim, or why there is none. A claim about a record a tool returned must be
/// that record's own value: another record's value is no source for it.
fn resolve(claim: &Claim, record: Option<&RecordRef>, facts: &Facts) -> Result<Source, String> {
    let places: Vec<&Fact> = facts.places(claim).collect();
    let bound = record.filter(|r| {
        RECORD_BOUND.contains(&claim.kind) && facts.record_states(r, claim.kind).is_some()
    });
    if let Some(r) = bound {
        if let Some(own) = places.iter().find(|f| f.record.as_ref() == Some(r)) {
            return Ok(own.source.clone());
        }
        let states_own = facts.record_states(r, claim.kind) == Some(true);
        // A record's status is only ever its own; an amount or a date may also come from text
        // that names no record (a tool message, a passage).
        let free = places.iter().find(|f| f.record.is_none());
        match free {
            Some(f) if !(claim.kind == ClaimKind::Status && states_own) => {
                return Ok(f.source.clone());
            }
            _ => {}
        }
        if let Some(other) = places.iter().find_map(|f| f.record.as_ref()) {
            return Err(format!("that is {other}'s, not {r}'s"));
        }
        if states_own {
            return Err(format!("{r} says otherwise"));
        }
        return Err(no_source(claim));
    }
    places
        .first()
        .map(|f| f.source.clone())
        .ok_or_else(|| no_source(claim))
}

fn no_source(claim: &Claim) -> String {
    match claim.kind {
        ClaimKind::Status => "no record returned in this session has this status".into(),
        ClaimKind::Duration | ClaimKind::Percent => {
            "no retrieved passage states this policy figure".into()
        }
        ClaimKind::Date if claim.value.starts_with("relative:") => {
            "a relative date that no record or passage states".into()
        }
        _ => "no tool result, passage or customer message in this session states it".into(),
    }
}

/// Where in the answer a retrieved passage's sentence is quoted word for word.
fn quotations(answer: &str, facts: &Facts) -> Vec<(Range<usize>, Source)> {
    let mut out = vec![];
    for (sentence, source) in facts.quotable() {
        for (start, _) in answer.match_indices(sentence.as_str()) {
            out.push((start..start + sentence.len(), source.clone()));
        }
    }
    out
}

fn quoted<'a>(quotes: &'a [(Range<usize>, Source)], span: &Range<usize>) -> Option<&'a Source> {
    quotes
        .iter()
        .find(|(q, _)| q.start <= span.start && span.end <= q.end)
        .map(|(_, s)| s)
}
