//! Personal data masked out of history for a reader who may not read customer records (the
//! reviewer). Pure functions; whether to mask is the caller's decision (policy).
//!
//! What becomes a placeholder ([`EMAIL`], [`PHONE`], [`NAME`], [`ADDRESS`]):
//! - the customer's name, email and phone in the session summary and the customer record (the
//!   customer id stays);
//! - in tool arguments, tool results, pending actions and escalation evidence, every value under a
//!   personal key (`email`, `new_email`, `phone`, `phone_last4`, `name`, `*_name`, `address`,
//!   `city`, …), whatever its type; nulls and booleans stay (they tell nothing);
//! - in claim ledgers (an answer's, or the held-back answer's in the evidence), an email or phone
//!   claim's text and value whole, and the other claims' text, value and problem as text;
//! - in every text — messages, snippets, the customer's rating comment (the kiosk's "How did we
//!   do?"), and each string inside that JSON — anything shaped like an email address or a phone
//!   number, a few digits that the text says are (part of) a phone number ("phone ends 7312"),
//!   and the names found above (the session's customer and any name a tool returned), whole
//!   words, case-insensitive.
//!
//! Ids, statuses, amounts, dates, tracking numbers, roles and staff names stay, so a reviewer can
//! still judge what the assistant did. Free-text addresses and names nobody looked up are not
//! recognised.

use super::model::{SessionHit, SessionSummary, Snippet, SnippetPart, Transcript};
use crate::escalation::Evidence;
use crate::escalation::grounding::{ClaimKind, Ledger};
use regex::Regex;
use serde_json::Value;
use std::sync::{LazyLock, OnceLock};

pub const EMAIL: &str = "[email]";
pub const PHONE: &str = "[phone]";
pub const NAME: &str = "[name]";
pub const ADDRESS: &str = "[address]";

/// Emails, phone numbers and digits said to be a phone's ("ends 7312") in free text replaced by
/// [`EMAIL`] and [`PHONE`]. Names need to be known first: see [`mask_transcript`].
pub fn mask_text(text: &str) -> String {
    Masker::new(std::iter::empty()).text(text)
}

/// A claim ledger's emails, phones and anything shaped like them masked in place (names need
/// the transcript: see [`mask_transcript`]).
pub fn mask_ledger(l: &mut Ledger) {
    Masker::new(std::iter::empty()).ledger(l);
}

/// Mask a whole transcript in place: summary, customer, messages, tool calls, claim ledgers,
/// pending actions and escalation evidence.
pub fn mask_transcript(t: &mut Transcript) {
    let mut names: Vec<String> = Vec::new();
    names.extend(t.session.customer_name.iter().cloned());
    names.extend(t.customer.iter().map(|c| c.name.clone()));
    let mut evidence = t
        .escalation
        .as_mut()
        .and_then(|e| e.escalation.evidence.take())
        .map(|e| e.to_value());
    let json = t
        .messages
        .iter()
        .flat_map(|m| [&m.tool_arguments, &m.tool_result])
        .chain(t.pending_actions.iter().map(|p| &p.result))
        .chain([&evidence])
        .flatten()
        .chain(t.pending_actions.iter().map(|p| &p.arguments));
    for v in json {
        collect_names(v, false, &mut names);
    }
    let m = Masker::new(names);

    summary(&mut t.session, &m);
    if let Some(c) = &mut t.customer {
        c.name = NAME.into();
        c.email = EMAIL.into();
        if c.phone.is_some() {
            c.phone = Some(PHONE.into());
        }
    }
    for msg in &mut t.messages {
        msg.content = m.text(&msg.content);
        if let Some(l) = &mut msg.ledger {
            m.ledger(l);
        }
        for v in [&mut msg.tool_arguments, &mut msg.tool_result]
            .into_iter()
            .flatten()
        {
            m.json(v, None);
        }
    }
    for p in &mut t.pending_actions {
        m.json(&mut p.arguments, None);
        if let Some(r) = &mut p.result {
            m.json(r, None);
        }
    }
    if let Some(evidence) = &mut evidence {
        m.json(evidence, None);
        // The held-back answer's claims: a phone claim may be four digits no pattern knows.
        if let Some(Value::Array(list)) = evidence.get_mut("unsupported_claims") {
            list.iter_mut().for_each(claim_json);
        }
        if let Some(Value::Array(list)) = evidence.pointer_mut("/ledger/claims") {
            list.iter_mut().for_each(claim_json);
        }
    }
    // Masked text in the same places: the evidence keeps its shape.
    if let Some(e) = &mut t.escalation {
        e.escalation.evidence = Evidence::of(evidence.as_ref());
    }
}

/// An email or phone claim (as JSON) whole: its text and value become the placeholder.
fn claim_json(c: &mut Value) {
    let label = match c.get("kind").and_then(Value::as_str) {
        Some("email") => EMAIL,
        Some("phone") => PHONE,
        _ => return,
    };
    let said: Vec<String> = ["text", "value"]
        .iter()
        .filter_map(|k| c.get(*k).and_then(Value::as_str))
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect();
    if let Some(Value::String(p)) = c.get_mut("problem") {
        for s in &said {
            *p = p.replace(s.as_str(), label);
        }
    }
    for key in ["text", "value"] {
        if let Some(v) = c.get_mut(key) {
            placeholder(v, label);
        }
    }
}

/// Mask a search hit in place: the summary and each snippet (its `parts` and its `text`).
pub fn mask_hit(h: &mut SessionHit) {
    let m = Masker::new(h.session.customer_name.iter().cloned());
    summary(&mut h.session, &m);
    for s in &mut h.snippets {
        m.snippet(s);
    }
}

/// The summary's contact details, and the rating's comment masked like message text (the score
/// and its time stay: they are what a reviewer reads it for).
fn summary(s: &mut SessionSummary, m: &Masker) {
    if s.customer_name.is_some() {
        s.customer_name = Some(NAME.into());
    }
    if s.customer_email.is_some() {
        s.customer_email = Some(EMAIL.into());
    }
    if let Some(c) = s.csat.as_mut().and_then(|r| r.comment.as_mut()) {
        *c = m.text(c);
    }
}

/// The placeholder for a JSON key that holds personal data, if it does.
fn personal_key(key: &str) -> Option<&'static str> {
    let k = key.to_ascii_lowercase();
    if k.contains("mail") {
        Some(EMAIL)
    } else if k.contains("phone") || k.contains("mobile") || k == "tel" || k.contains("fax") {
        Some(PHONE)
    } else if k.contains("address")
        || matches!(
            k.as_str(),
            "street" | "city" | "postcode" | "postal_code" | "zip" | "zip_code" | "zipcode"
        )
    {
        Some(ADDRESS)
    } else if matches!(
        k.as_str(),
        "name" | "names" | "surname" | "fullname" | "firstname" | "lastname" | "username"
    ) || (k.ends_with("_name")
        && !matches!(
            k.as_str(),
            "tool_name" | "product_name" | "model_name" | "file_name" | "document_name"
        ))
    {
        Some(NAME)
    } else {
        None
    }
}

/// Strings under name keys: masked wherever else they appear too (a customer the assistant
/// looked up, then greeted by name).
fn collect_names(v: &Value, under_name: bool, out: &mut Vec<String>) {
    match v {
        Value::String(s) if under_name => out.push(s.clone()),
        Value::Array(a) => a.iter().for_each(|x| collect_names(x, under_name, out)),
        Value::Object(o) => o
            .iter()
            .for_each(|(k, x)| collect_names(x, under_name || personal_key(k) == Some(NAME), out)),
        _ => {}
    }
}

/// A masked byte range and its placeholder.
type Span = (usize, usize, &'static str);

struct Masker {
    /// Known names and their words, whole words, case-insensitive, longest first (a full name is
    /// one placeholder rather than two).
    names: Names,
}

/// How the known names are found in a text.
struct Names {
    /// The alternatives as a regex pattern (`(?i)\b(?:…)\b`), compiled on first use: the
    /// definition, and the matcher for names or texts beyond ASCII.
    pattern: Option<String>,
    regex: OnceLock<Option<Regex>>,
    /// The same alternatives, each a list of lower-cased words, when every word is ASCII:
    /// matched by [`ascii_matches`] without a regex — compiling one costs ~0.3 ms, and a page of
    /// search hits has a name per hit.
    ascii: Option<Vec<Vec<String>>>,
}

/// The characters outside ASCII that case-insensitive matching takes for an ASCII letter: the
/// long s (s) and the Kelvin sign (k). A test checks there are no others.
const FOLDS_TO_ASCII: &[char] = &['\u{17F}', '\u{212A}'];

impl Names {
    fn new(names: impl IntoIterator<Item = String>) -> Self {
        let trim = |s: &str| s.trim_matches(|c: char| !c.is_alphanumeric()).to_owned();
        let mut alts: Vec<Vec<String>> = Vec::new();
        for name in names {
            let words: Vec<String> = name
                .split_whitespace()
                .map(trim)
                .filter(|w| !w.is_empty())
                .collect();
            if words.len() > 1 {
                alts.push(words.clone());
            }
            // One-letter words ("J. Smith") would mask every "a" and "I".
            alts.extend(
                words
                    .into_iter()
                    .filter(|w| w.chars().count() >= 2)
                    .map(|w| vec![w]),
            );
        }
        let escaped = |a: &Vec<String>| -> String {
            let words: Vec<String> = a.iter().map(|w| regex::escape(w)).collect();
            words.join(r"\s+")
        };
        // Longest pattern first, so a full name is one placeholder rather than two.
        let mut alts: Vec<(String, Vec<String>)> =
            alts.into_iter().map(|a| (escaped(&a), a)).collect();
        alts.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
        alts.dedup_by(|a, b| a.0 == b.0);
        let pattern = (!alts.is_empty()).then(|| {
            let all: Vec<&str> = alts.iter().map(|a| a.0.as_str()).collect();
            format!(r"(?i)\b(?:{})\b", all.join("|"))
        });
        let ascii = alts
            .iter()
            .all(|a| a.1.iter().all(|w| w.is_ascii()))
            .then(|| {
                alts.iter()
                    .map(|a| a.1.iter().map(|w| w.to_ascii_lowercase()).collect())
                    .collect()
            });
        Names {
            pattern,
            regex: OnceLock::new(),
            ascii,
        }
    }

    /// Byte ranges of the names in `text`, leftmost first, as the pattern finds them.
    fn find(&self, text: &str) -> Vec<(usize, usize)> {
        let Some(pattern) = &self.pattern else {
            return Vec::new();
        };
        match &self.ascii {
            Some(alts) if !text.contains(FOLDS_TO_ASCII) => ascii_matches(alts, text),
            _ => match self.regex.get_or_init(|| Regex::new(pattern).ok()) {
                Some(re) => re.find_iter(text).map(|m| (m.start(), m.end())).collect(),
                None => Vec::new(),
            },
        }
    }
}

/// The matches of `(?i)\b(?:alt₁|alt₂|…)\b` (each alternative its words joined by `\s+`) in
/// `text`, for ASCII words: every whole-word occurrence of every alternative, then leftmost
/// first, and at one position the earlier alternative, as the regex picks. Exact: an ASCII word
/// matches case-insensitively only where the text holds it in ASCII letters (the two other
/// characters that fold to one are left to the regex: [`FOLDS_TO_ASCII`]).
fn ascii_matches(alts: &[Vec<String>], text: &str) -> Vec<(usize, usize)> {
    let lower = text.to_ascii_lowercase();
    let word_before = |at: usize| {
        text[..at]
            .chars()
            .next_back()
            .is_some_and(regex_syntax::is_word_character)
    };
    let word_at = |at: usize| {
        text[at..]
            .chars()
            .next()
            .is_some_and(regex_syntax::is_word_character)
    };
    // The end of `words` matched at `start`, if they are there (whitespace between them).
    let match_at = |words: &[String], start: usize| -> Option<usize> {
        let mut at = start;
        for (i, w) in words.iter().enumerate() {
            if i > 0 {
                let gap: usize = text[at..]
                    .chars()
                    .take_while(|c| c.is_whitespace())
                    .map(char::len_utf8)
                    .sum();
                if gap == 0 {
                    return None;
                }
                at += gap;
            }
            if !lower[at..].starts_with(w.as_str()) {
                return None;
            }
            at += w.len();
        }
        Some(at)
    };
    let mut found: Vec<(usize, usize, usize)> = Vec::new();
    for (rank, words) in alts.iter().enumerate() {
        let first = words[0].as_str();
        let mut from = 0;
        while let Some(i) = lower[from..].find(first) {
            let start = from + i;
            if !word_before(start)
                && let Some(end) = match_at(words, start)
                && !word_at(end)
            {
                found.push((start, rank, end));
            }
            // The next occurrence may overlap this one: one character on.
            from = start + lower[start..].chars().next().map_or(1, char::len_utf8);
        }
    }
    found.sort_unstable();
    let mut out: Vec<(usize, usize)> = Vec::new();
    for (start, _, end) in found {
        if out.last().is_none_or(|last| start >= last.1) {
            out.push((start, end));
        }
    }
    out
}

impl Masker {
    fn new(names: impl IntoIterator<Item = String>) -> Self {
        Masker {
            names: Names::new(names),
        }
    }

    fn text(&self, text: &str) -> String {
        apply(text, &self.spans(text, false))
    }

    fn ledger(&self, l: &mut Ledger) {
        for c in &mut l.claims {
            let whole = match c.kind {
                ClaimKind::Email => Some(EMAIL),
                ClaimKind::Phone => Some(PHONE),
                _ => None,
            };
            if let Some(p) = &mut c.problem {
                if let Some(label) = whole {
                    for said in [&c.text, &c.value].into_iter().filter(|s| !s.is_empty()) {
                        *p = p.replace(said.as_str(), label);
                    }
                }
                *p = self.text(p);
            }
            match whole {
                Some(label) => {
                    c.text = label.into();
                    c.value = label.into();
                }
                None => {
                    c.text = self.text(&c.text);
                    c.value = self.text(&c.value);
                }
            }
        }
    }

    fn spans(&self, text: &str, snippet: bool) -> Vec<Span> {
        let mut spans = Vec::new();
        emails(text, &mut spans);
        phones(text, &mut spans);
        phone_digits(text, &mut spans);
        if snippet {
            cut_digits(text, &mut spans);
        }
        spans.extend(self.names.find(text).into_iter().map(|(a, b)| (a, b, NAME)));
        merge(spans)
    }

    fn json(&self, v: &mut Value, key: Option<&str>) {
        if let Some(label) = key.and_then(personal_key) {
            placeholder(v, label);
            return;
        }
        match v {
            // A shipping id, not a phone number, however many digits it has.
            Value::String(s) if key == Some("tracking_number") => {
                let mut spans = Vec::new();
                emails(s, &mut spans);
                *s = apply(s, &spans);
            }
            Value::String(s) => *s = self.text(s),
            Value::Array(a) => a.iter_mut().for_each(|x| self.json(x, key)),
            Value::Object(o) => o.iter_mut().for_each(|(k, x)| self.json(x, Some(k))),
            _ => {}
        }
    }

    /// Mask across part boundaries (a matched word may be half an email), then split again.
    fn snippet(&self, s: &mut Snippet) {
        let joined: String = s.parts.iter().map(|p| p.text.as_str()).collect();
        let spans = self.spans(&joined, true);
        if spans.is_empty() {
            return;
        }
        let mut parts: Vec<SnippetPart> = Vec::new();
        let mut push = |text: &str, hit: bool| {
            if text.is_empty() {
                return;
            }
            match parts.last_mut() {
                Some(last) if last.hit == hit => last.text.push_str(text),
                _ => parts.push(SnippetPart {
                    text: text.to_owned(),
                    hit,
                }),
            }
        };
        let (mut pos, mut next) = (0, 0);
        for p in &s.parts {
            let (mut at, end) = (pos, pos + p.text.len());
            pos = end;
            while at < end {
                while spans.get(next).is_some_and(|sp| sp.1 <= at) {
                    next += 1;
                }
                match spans.get(next) {
                    Some(&(a, b, label)) if a < end => {
                        if at < a {
                            push(&joined[at..a], p.hit);
                            at = a;
                        }
                        // A placeholder is never highlighted: that would confirm what it hides.
                        if at == a {
                            push(label, false);
                        }
                        at = b.min(end);
                    }
                    _ => {
                        push(&joined[at..end], p.hit);
                        at = end;
                    }
                }
            }
        }
        s.text = parts
            .iter()
            .map(|p| match p.hit {
                true => format!("[{}]", p.text),
                false => p.text.clone(),
            })
            .collect();
        s.parts = parts;
    }
}

/// Every leaf that could carry data becomes the placeholder; the shape stays.
fn placeholder(v: &mut Value, label: &'static str) {
    match v {
        Value::Null | Value::Bool(_) => {}
        Value::Array(a) => a.iter_mut().for_each(|x| placeholder(x, label)),
        Value::Object(o) => o.values_mut().for_each(|x| placeholder(x, label)),
        _ => *v = Value::String(label.into()),
    }
}

/// Sorted, overlaps joined (the earlier-found kind wins: email, phone, name).
fn merge(mut spans: Vec<Span>) -> Vec<Span> {
    spans.sort_by_key(|s| s.0);
    let mut out: Vec<Span> = Vec::with_capacity(spans.len());
    for s in spans {
        match out.last_mut() {
            Some(last) if s.0 < last.1 => last.1 = last.1.max(s.1),
            _ => out.push(s),
        }
    }
    out
}

fn apply(text: &str, spans: &[Span]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for &(a, b, label) in spans {
        out.push_str(&text[at..a]);
        out.push_str(label);
        at = b;
    }
    out.push_str(&text[at..]);
    out
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// `local@domain`, the domain optional: a snippet may be cut right after the `@`.
fn emails(text: &str, out: &mut Vec<Span>) {
    static EMAIL_RE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"[\p{L}\p{M}\p{N}!#$%&'*+/=?^_`{|}~.-]+@(?:[\p{L}\p{M}\p{N}-]+(?:\.[\p{L}\p{M}\p{N}-]+)*)?",
        )
        .expect("static regex")
    });
    for m in EMAIL_RE.find_iter(text) {
        // Quotes or brackets before the address are not part of it.
        let local = &m.as_str()[..m.as_str().find('@').unwrap_or(0)];
        let lead = local.len()
            - local
                .trim_start_matches(|c: char| !c.is_alphanumeric())
                .len();
        let start = if lead < local.len() {
            m.start() + lead
        } else {
            m.start()
        };
        out.push((start, m.end(), EMAIL));
    }
}

/// Phone-shaped digit runs: 7 to 15 digits in groups separated by spaces, `-`, `.`, `/` or
/// brackets, standing alone. Not phones: dates (2026-11-01, 01/11/2026), decimals (1234567.89),
/// amounts after a currency sign, digits inside a word (tracking numbers), and two groups of four
/// (two order ids).
fn phones(text: &str, out: &mut Vec<Span>) {
    let cs: Vec<(usize, char)> = text.char_indices().collect();
    let byte = |i: usize| cs.get(i).map_or(text.len(), |c| c.0);
    let is_sep = |c: char| matches!(c, ' ' | '\u{A0}' | '-' | '.' | '/' | '(' | ')');
    let mut i = 0;
    while i < cs.len() {
        let c = cs[i].1;
        let prev = i.checked_sub(1).map(|p| cs[p].1);
        let next_digit = cs.get(i + 1).is_some_and(|n| n.1.is_ascii_digit());
        let starts = (c.is_ascii_digit() || (matches!(c, '+' | '(') && next_digit))
            && !prev.is_some_and(|p| is_word(p) || matches!(p, '$' | '€' | '£' | '¥' | '+'));
        if !starts {
            i += 1;
            continue;
        }
        // The run: digits and separators, at most three separators in a row.
        let (mut j, mut last_digit, mut seps) = (i + 1, i, 0);
        if c.is_ascii_digit() {
            last_digit = i;
        }
        while let Some(&(_, d)) = cs.get(j) {
            if d.is_ascii_digit() {
                last_digit = j;
                seps = 0;
            } else if is_sep(d) && seps < 3 {
                seps += 1;
            } else {
                break;
            }
            j += 1;
        }
        let mut end = last_digit + 1;
        let run: String = cs[i..end].iter().map(|c| c.1).collect();
        if run.matches('(').count() > run.matches(')').count()
            && cs.get(end).is_some_and(|c| c.1 == ')')
        {
            end += 1;
        }
        let groups: Vec<&str> = run
            .split(|c: char| !c.is_ascii_digit())
            .filter(|g| !g.is_empty())
            .collect();
        let separators: Vec<&str> = run
            .trim_start_matches(['+', '('])
            .split(|c: char| c.is_ascii_digit())
            .filter(|s| !s.is_empty())
            .collect();
        if let Some(date_end) = date(&groups, &separators) {
            // Skip the date only: a phone number may follow it.
            let mut seen = 0;
            let mut k = i;
            while k < end && seen < date_end {
                if cs[k].1.is_ascii_digit() && !cs.get(k + 1).is_some_and(|n| n.1.is_ascii_digit())
                {
                    seen += 1;
                }
                k += 1;
            }
            i = k;
            continue;
        }
        let digits: usize = groups.iter().map(|g| g.len()).sum();
        let alone = !cs.get(end).is_some_and(|c| is_word(c.1));
        let decimal = groups.len() == 2 && matches!(separators[..], [s] if s == "." || s == ",");
        let shaped = matches!(c, '+' | '(')
            || groups.iter().any(|g| g.len() > 4)
            || groups.len() >= 3
            || (groups.len() == 2 && separators == ["-"] && groups[0].len() == 3);
        if alone && !decimal && shaped && (7..=15).contains(&digits) {
            out.push((byte(i), byte(end), PHONE));
        }
        i = end.max(i + 1);
    }
}

/// If the first three groups are a date, how many groups it takes (3).
fn date(groups: &[&str], separators: &[&str]) -> Option<usize> {
    let (g, s) = (groups.get(..3)?, separators.get(..2)?);
    let same = s[0] == s[1] && matches!(s[0], "-" | "/" | ".");
    let (a, b, c) = (g[0].len(), g[1].len(), g[2].len());
    let ymd = a == 4 && (1..=2).contains(&b) && (1..=2).contains(&c);
    let dmy = (1..=2).contains(&a) && (1..=2).contains(&b) && c == 4;
    (same && (ymd || dmy)).then_some(3)
}

/// Words after which a short number is (part of) a phone number: "phone ends 7312",
/// "digits: 4821", `"phone_last4": "4821"` in text; "last four" / "last 4" count too.
const PHONE_WORDS: &[&str] = &[
    "phone",
    "phones",
    "telephone",
    "tel",
    "mobile",
    "cell",
    "cellphone",
    "digits",
    "ends",
    "ending",
    "last4",
];

/// A short number (3 to 6 digits) within four words after a phone word, in the same sentence,
/// unless it is named as an order or ticket ("my phone broke, order 1042").
fn phone_digits(text: &str, out: &mut Vec<Span>) {
    let mut words: Vec<(usize, usize)> = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices().chain([(text.len(), ' ')]) {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                words.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    let lower = |w: (usize, usize)| text[w.0..w.1].to_lowercase();
    for (k, &w) in words.iter().enumerate() {
        let word = lower(w);
        let last_four =
            matches!(word.as_str(), "four" | "4") && k > 0 && lower(words[k - 1]) == "last";
        if !last_four && !PHONE_WORDS.contains(&word.as_str()) {
            continue;
        }
        for j in k + 1..words.len().min(k + 5) {
            let gap = &text[words[j - 1].1..words[j].0];
            if gap.contains(['.', '!', '?', '\n']) {
                break;
            }
            let (a, b) = words[j];
            let digits = text[a..b].chars().all(|c| c.is_ascii_digit());
            let named = gap.ends_with('#')
                || matches!(
                    lower(words[j - 1]).as_str(),
                    "order" | "orders" | "ticket" | "tickets" | "id"
                );
            if digits && (3..=6).contains(&(b - a)) && !named {
                out.push((a, b, PHONE));
            }
        }
    }
}

/// In a snippet, digits next to a `…` cut may be the visible end of a longer number.
fn cut_digits(text: &str, out: &mut Vec<Span>) {
    let is_part = |c: char| c.is_ascii_digit() || matches!(c, ' ' | '-' | '.' | '(' | ')' | '+');
    for (at, _) in text.match_indices('…') {
        let after = at + '…'.len_utf8();
        let tail = &text[after..];
        let run = tail.len() - tail.trim_start_matches(is_part).len();
        let run_text = tail[..run].trim_end_matches(|c: char| !c.is_ascii_digit());
        let next = tail[run_text.len()..].chars().next();
        if run_text.chars().filter(char::is_ascii_digit).count() >= 3 && !next.is_some_and(is_word)
        {
            out.push((after, after + run_text.len(), PHONE));
        }
        let head = &text[..at];
        let run = head.len() - head.trim_end_matches(is_part).len();
        let run_text = head[head.len() - run..].trim_start_matches(|c: char| !c.is_ascii_digit());
        let before = head[..at - run_text.len()].chars().next_back();
        if run_text.chars().filter(char::is_ascii_digit).count() >= 3
            && !before.is_some_and(is_word)
        {
            out.push((at - run_text.len(), at, PHONE));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn emails_and_phones_in_text() {
        let cases: &[(&str, &str)] = &[
            ("mail me at alice@example.com!", "mail me at [email]!"),
            ("<Bob.Okafor+tag@Sub.Example.org>", "<[email]>"),
            ("o'brien@example.ie", "[email]"),
            ("'alice@example.com'", "'[email]'"),
            ("josé@exemple.fr", "[email]"),
            ("cut at alice@", "cut at [email]"),
            ("call +1 555 010 4821 today", "call [phone] today"),
            ("(555) 010-4821", "[phone]"),
            ("555.010.4821 or 5550104821", "[phone] or [phone]"),
            ("+44 (0)20 7946 0958", "[phone]"),
            ("it's 555-0101", "it's [phone]"),
            ("phone ends 7312", "phone ends [phone]"),
            (
                "last four digits are 4821, thanks",
                "last four digits are [phone], thanks",
            ),
            ("Phone: 4821", "Phone: [phone]"),
            (
                "alice@example.com, last four 4821",
                "[email], last four [phone]",
            ),
            ("the last 4 are 4821", "the last 4 are [phone]"),
            // Kept: ids, amounts, dates, times, tracking numbers, counts.
            ("order 1042 and ticket #5001", "order 1042 and ticket #5001"),
            ("orders 1001 1002", "orders 1001 1002"),
            ("$1,234,567.89 or 1234567.89", "$1,234,567.89 or 1234567.89"),
            ("$12345678", "$12345678"),
            ("on 2026-11-01T12:00:00Z", "on 2026-11-01T12:00:00Z"),
            ("on 01/11/2026 at 12:30", "on 01/11/2026 at 12:30"),
            ("2026-11-01 555 010 4821", "2026-11-01 [phone]"),
            ("tracking 1Z84A0E60312345678", "tracking 1Z84A0E60312345678"),
            ("my phone broke, order 1042", "my phone broke, order 1042"),
            (
                "phone broke. 1042 is the order",
                "phone broke. 1042 is the order",
            ),
            ("5-7 business days, 15%", "5-7 business days, 15%"),
        ];
        for (input, want) in cases {
            assert_eq!(mask_text(input), *want, "{input}");
        }
    }

    #[test]
    fn personal_keys_are_masked_whatever_their_type() {
        let m = Masker::new(std::iter::empty());
        let mut v = json!({
            "found": true,
            "customer": {"id": 1, "name": "Alice Martin", "email": "alice@example.com",
                         "phone": "+1 555 010 4821", "created_at": "2026-01-01T00:00:00Z"},
            "new_email": "a@b.co", "phone_last4": 4821, "email_verified": true, "phone": null,
            "shipping_address": {"street": "1 Main St", "city": "Springfield"},
            "assignee": "dana", "tool_name": "get_orders",
            "orders": [{"id": 1001, "amount": "$79.99", "status": "shipped",
                        "tracking_number": "123456789012"}],
        });
        m.json(&mut v, None);
        assert_eq!(
            v,
            json!({
                "found": true,
                "customer": {"id": 1, "name": "[name]", "email": "[email]",
                             "phone": "[phone]", "created_at": "2026-01-01T00:00:00Z"},
                "new_email": "[email]", "phone_last4": "[phone]", "email_verified": true,
                "phone": null,
                "shipping_address": {"street": "[address]", "city": "[address]"},
                "assignee": "dana", "tool_name": "get_orders",
                "orders": [{"id": 1001, "amount": "$79.99", "status": "shipped",
                            "tracking_number": "123456789012"}],
            })
        );
        // Raw (unparsable) arguments are text.
        let mut raw = json!(r#"{"email": "alice@example.com", "phone_last4": "4821""#);
        m.json(&mut raw, None);
        assert_eq!(
            raw,
            json!(r#"{"email": "[email]", "phone_last4": "[phone]""#)
        );
    }

    #[test]
    fn names_are_masked_as_words_once_known() {
        let m = Masker::new(["Liam O'Brien".to_owned(), "Bo".to_owned(), "J.".to_owned()]);
        assert_eq!(
            m.text("Hi liam o'brien, I'm Liam. LIAM! Liamson, O'Brien's. Bo? bob"),
            "Hi [name], I'm [name]. [name]! Liamson, [name]'s. [name]? bob"
        );
        assert_eq!(
            m.text("just a test"),
            "just a test",
            "one-letter names ignored"
        );
    }

    #[test]
    fn only_two_characters_outside_ascii_fold_to_an_ascii_letter() {
        let letter = Regex::new("(?i)^[a-z]$").unwrap();
        let folding: Vec<char> = ('\u{80}'..=char::MAX)
            .filter(|c| letter.is_match(c.encode_utf8(&mut [0; 4])))
            .collect();
        assert_eq!(folding, FOLDS_TO_ASCII);
    }

    #[test]
    fn names_are_found_whether_or_not_the_pattern_is_needed() {
        let m = Masker::new(["Zoë Brontë".to_owned()]);
        assert!(m.names.ascii.is_none(), "a non-ASCII name word");
        assert_eq!(m.text("ask ZOË or zoe"), "ask [name] or zoe");
        let m = Masker::new(["Kelvin Smith".to_owned()]);
        assert_eq!(m.text("nothing to see"), "nothing to see");
        assert_eq!(m.text("Thanks, KELVIN smith!"), "Thanks, [name]!");
        assert!(
            m.names.regex.get().is_none(),
            "ASCII names in ASCII text need no regex"
        );
        // The Kelvin sign and the long s fold to k and s: such a text runs the pattern.
        assert_eq!(m.text("\u{212A}elvin and \u{17F}mith"), "[name] and [name]");
        assert_eq!(m.text("Kelvinator"), "Kelvinator", "whole words only");
    }

    #[test]
    fn the_ascii_matcher_finds_what_the_pattern_finds() {
        let names: &[&[&str]] = &[
            &["Kelvin Smith"],
            &["Ada Okonkwo", "Chidi Okonkwo"],
            &["Mary-Jane O'Brien", "J. Smith"],
            &["Ann", "Anna", "Ann Anna"],
            &["Li Na", "Na"],
            &["_x_ Bo"],
        ];
        let texts = [
            "",
            "Kelvin Smith called; kelvin\tSMITH too, and Smith alone.",
            "kelvinsmith Smithson _Smith Smith_ 9Smith Smith9",
            "Ada  Okonkwo and Chidi\u{00A0}Okonkwo met Okonkwo, ada, CHIDI.",
            "Ada\nOkonkwo / ada okonkwo's order / Okonkwo-Smith",
            "Mary-Jane O'Brien, mary-jane o'brien, O'Brien's, Jane, Mary",
            "J. Smith and j smith",
            "Ann Anna Anna Ann annanna ann-anna",
            "Li Na, Na Li, li na na, Nana",
            "é Smith é, Smithé, éSmith, Smith\u{301} x",
            "日本 Smith 日本Smith",
            "_x_ Bo bo x Bo",
        ];
        for list in names {
            let n = Names::new(list.iter().map(|s| s.to_string()));
            let alts = n.ascii.as_ref().expect("ASCII names");
            let re = Regex::new(n.pattern.as_ref().unwrap()).unwrap();
            for t in texts {
                let want: Vec<(usize, usize)> =
                    re.find_iter(t).map(|m| (m.start(), m.end())).collect();
                assert_eq!(ascii_matches(alts, t), want, "names {list:?} in {t:?}");
            }
        }
    }

    #[test]
    fn snippets_are_masked_across_parts_and_cuts() {
        let part = |t: &str, hit: bool| SnippetPart {
            text: t.into(),
            hit,
        };
        let m = Masker::new(["Bob Okafor".to_owned()]);
        let mut s = Snippet {
            message_id: 1,
            seq: 1,
            role: crate::db::entity::MessageRole::Customer,
            text: String::new(),
            parts: vec![
                part("…where is my ", false),
                part("keyboard", true),
                part("? Email ", false),
                part("bob", true),
                part("@example.com, I'm Bob, phone ends 7312", false),
            ],
        };
        m.snippet(&mut s);
        assert_eq!(
            s.text,
            "…where is my [keyboard]? Email [email], I'm [name], phone ends [phone]"
        );
        assert!(s.parts.iter().all(|p| !p.hit || p.text == "keyboard"));

        let mut cut = Snippet {
            parts: vec![
                part("…010 4821 is my ", false),
                part("number", true),
                part(" 555 01…", false),
            ],
            ..s.clone()
        };
        m.snippet(&mut cut);
        assert_eq!(cut.text, "…[phone] is my [number] [phone]…");
    }

    // ---- the customer's rating comment ---------------------------------------------------------

    use crate::core::testing::seeded;
    use crate::csat::Rating;
    use crate::db::entity::{SessionStatus, session};
    use crate::history::{list, show};
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

    const SAID: &str = "Bob Okafor here: call me on +1 555 010 4821 or at bob@example.com, \
                        my phone ends 7312. Order 1042 came late.";
    const MASKED: &str = "[name] here: call me on [phone] or at [email], \
                          my phone ends [phone]. Order 1042 came late.";

    fn rating(comment: Option<&str>) -> Rating {
        Rating {
            score: 2,
            comment: comment.map(str::to_owned),
            // A fixed time: now's nanoseconds could spell a masked phone's digits.
            at: chrono::DateTime::from_timestamp(1_764_547_200, 0).unwrap(),
        }
    }

    #[tokio::test]
    async fn a_rating_comment_is_masked_like_message_text_for_a_reviewer() {
        let t = seeded().await;
        let bob = session::Entity::find()
            .filter(session::Column::CustomerId.eq(2))
            .filter(session::Column::Status.eq(SessionStatus::Closed))
            .one(&t.db)
            .await
            .unwrap()
            .expect("Bob's seeded session")
            .id;

        // The transcript (the history window, its exports).
        let mut tr = show(&t.db, bob).await.unwrap();
        let given = rating(Some(SAID));
        tr.session.csat = Some(given.clone());
        mask_transcript(&mut tr);
        let r = tr.session.csat.as_ref().unwrap();
        assert_eq!(r.comment.as_deref(), Some(MASKED));
        assert_eq!(
            (r.score, r.at),
            (given.score, given.at),
            "score and time stay"
        );
        let js = crate::history::export_json(&tr).to_string();
        let md = crate::history::export_markdown(&tr);
        // Whole phone fragments: the seeded messages' times may hold "555" or "4821" by chance.
        for secret in ["Bob", "Okafor", "bob@", "555 010", "010 4821", "ends 7312"] {
            assert!(!js.contains(secret), "{secret} in {js}");
            assert!(!md.contains(secret), "{secret} in {md}");
        }
        assert!(md.contains("- Score: 2/5 · Poor"), "{md}");

        // A search hit (the history list).
        let mut hit = list(&t.db, 100)
            .await
            .unwrap()
            .into_iter()
            .find(|h| h.session.id == bob)
            .expect("Bob's session in the list");
        hit.session.csat = Some(given.clone());
        mask_hit(&mut hit);
        let r = hit.session.csat.as_ref().unwrap();
        assert_eq!(r.comment.as_deref(), Some(MASKED));
        assert_eq!(r.score, 2);

        // No comment: nothing to mask, the rating stays as it was.
        let mut tr = show(&t.db, bob).await.unwrap();
        tr.session.csat = Some(rating(None));
        let before = tr.session.csat.clone();
        mask_transcript(&mut tr);
        assert_eq!(tr.session.csat, before);
    }

    #[test]
    fn a_comment_with_nothing_personal_is_left_alone() {
        let m = Masker::new(["Bob Okafor".to_owned()]);
        let mut s = SessionSummary {
            id: 1,
            channel: crate::db::entity::Channel::Kiosk,
            status: SessionStatus::Closed,
            tone: "professional".into(),
            customer_id: None,
            customer_name: None,
            customer_email: None,
            customer_verified: false,
            assigned_agent: None,
            escalation_reason: None,
            escalation_priority: None,
            escalated_at: None,
            created_at: chrono::Utc::now(),
            closed_at: None,
            message_count: 2,
            csat: Some(rating(Some("Quick answer about order 1042, thanks!"))),
            language: crate::Language::En,
        };
        summary(&mut s, &m);
        assert_eq!(
            s.csat.unwrap().comment.as_deref(),
            Some("Quick answer about order 1042, thanks!")
        );
    }
}
