//! The claim ledger: every concrete claim of an answer, where it sits in the text, the record it
//! is about (when its sentence names exactly one order or ticket), and the one source that
//! supports it — or why none does. Built for every answer before it is shown; kept with the
//! assistant's message for staff; never sent to the kiosk.

use std::ops::Range;

use serde::{Deserialize, Serialize};

use super::actions::{self, Write};
use super::extract::extract_spanned;
use super::facts::{Fact, Facts};
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

/// Sentences of a passage shorter than this are not taken as quotations.
const QUOTE_MIN: usize = 20;

impl Ledger {
    /// The ledger of `answer` against what the session's tools, passages and customer said, and
    /// the writes of this turn.
    pub fn build(answer: &str, facts: &Facts, writes: &[Write]) -> Ledger {
        let quotes = quotations(answer, facts);
        let mut claims: Vec<LedgerEntry> = vec![];
        for (offset, sentence) in sentence_spans(answer) {
            let found = extract_spanned(sentence);
            let about = named_record(&found);
            for (span, claim) in found {
                let span = span.start + offset..span.end + offset;
                let record = match claim.kind {
                    ClaimKind::OrderId | ClaimKind::TicketId => None,
                    _ => about.clone(),
                };
                let resolved = match quoted(&quotes, &span) {
                    Some(source) => Ok(source.clone()),
                    None => resolve(&claim, record.as_ref(), facts),
                };
                claims.push(entry(claim, span, record, resolved));
            }
            if let Some((span, claim, write)) = actions::claims(sentence, writes) {
                let span = span.start + offset..span.end + offset;
                let resolved = write.map(|w| w.source()).ok_or_else(|| {
                    "no write tool call of this turn did this (or it is waiting for a Yes)"
                        .to_owned()
                });
                claims.push(entry(claim, span, about.clone(), resolved));
            }
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

/// The one order or ticket a sentence names.
fn named_record(found: &[(Range<usize>, Claim)]) -> Option<RecordRef> {
    let mut named = found.iter().filter_map(|(_, c)| {
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
    for (text, source) in facts.passages() {
        for sentence in super::sentences(text).filter(|s| s.len() >= QUOTE_MIN) {
            for (start, _) in answer.match_indices(sentence) {
                out.push((start..start + sentence.len(), source.clone()));
            }
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
