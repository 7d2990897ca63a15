//! Finding the claims in a text: each extractor takes the spans it recognises and blanks them,
//! so an email's digits are not read again as a phone, nor a date's as an id.

use std::collections::HashSet;
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::facts::{canonical_status, digits_of};
use super::{Claim, ClaimKind};

/// Every concrete claim in `answer`, in order of appearance, without duplicates (same kind and
/// value).
pub fn extract_claims(answer: &str) -> Vec<Claim> {
    let mut seen = HashSet::new();
    extract_spanned(answer)
        .into_iter()
        .map(|(_, claim)| claim)
        .filter(|claim| seen.insert((claim.kind, claim.value.clone())))
        .collect()
}

/// Every concrete claim in `text` with its byte range, in order, repeats included.
pub(super) fn extract_spanned(text: &str) -> Vec<(Range<usize>, Claim)> {
    let mut scan = Scan::new(text);
    // Order matters: see the module docs.
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

/// A static pattern, with ASCII word boundaries: a Unicode `\b` stops the fast (lazy DFA) engine
/// at the first non-ASCII character ("—", "€"), and the claims' words are all ASCII anyway.
pub(super) fn re(pattern: &str) -> Regex {
    Regex::new(&pattern.replace(r"\b", r"(?-u:\b)")).expect("static pattern")
}

// Month names in any case ("OCTOBER 2", "october 2"), but "may" only capitalised: "may 5" is a
// verb and a number.
const MONTH: &str = r"((?i:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)|May|MAY)";
const STATUS: &str = r"(refund[ _-]requested|in[ _-]progress|in transit|on (?:its|the) way|out for delivery|refunded|delivered|arrived|shipped|pending|resolved|escalated|open|dispatched|closed|cancell?ed)";
/// Small numbers in words, for counts and durations ("three open tickets", "two-year").
const NUMBER_WORD: &str = r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty";

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
/// "1.234,56 euros", "79,99 $". Compared as cents whatever the currency (tool results carry `*_cents`).
static MONEY_INTL: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?:\b(?:USD|EUR|GBP|CHF)\b|€|£)\s?(\d{1,3}(?:[.,\s]\d{3})+|\d+)(?:[.,](\d{1,2}))?\b|\b(\d{1,3}(?:[.,\s]\d{3})+|\d+)(?:[.,](\d{1,2}))?\s?(?:€|£|\$|(?:EUR|GBP|CHF|euros?|pounds?)\b)",
    )
});
static ID_HEAD: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)\b(order|ticket)s?\b\s*(?:(?:number|no\.?|nr\.?|num|id)\s*)?(?::\s*)?(#?)\s*(\d+)\b")
});
static ID_MORE: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)^\s*(?:,\s*(?:and\s+|or\s+|&\s*)?|and\s+|or\s+|&\s*)(#?)(\d+)\b"));
static BARE_HASH: LazyLock<Regex> = LazyLock::new(|| re(r"#(\d+)\b"));
static DURATION: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)\b(\d+|{NUMBER_WORD})(?:\s*(?:[-–—]|to)\s*(\d+|{NUMBER_WORD}))?(?:\s+|\s*[-–—]\s*)(?:(business|working)[\s-]+)?(minute|hour|day|week|month|year)s?\b"
    ))
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
        r#"(?i)\bstatus\b[^.!?;\n]{{0,40}}?(?:\bis\b|\bwas\b|:|=|\bto\b|\bas\b|\breads\b|\bshows\b)\s*(?:(?:now|currently|still|marked|set|as)\s+)*["'“‘`*]*\s*{STATUS}\b"#
    ))
});
static STATUS_REFUND: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\brefund(?:\s+request)?(?:\s+(?:for|on)\s+[^.,;!?\n]{0,30}?)?\s+(?:ha[sd]\s+(?:(?:already|now|also)\s+)?been|was|is)\s+(?:(?:already|successfully|now|still)\s+)?(?:requested|flagged|submitted|pending|in[ _-]progress|open)\b",
    )
});
static STATUS_VERB: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)\b(is|are|was|were|has|have|had|'s|’s|been|got|marked)\s+(?:(?:now|already|currently|still|just|been|marked|as|successfully|also|finally|officially)\s+){{0,3}}{STATUS}\b"
    ))
});
// "your open ticket", "the delivered order". Run on the original text, since an id right after
// the noun ("open ticket #5020") is already taken.
static STATUS_ADJECTIVE: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)\b(?:(\w+)\s+)?{STATUS}\s+(?:orders?|tickets?|packages?|parcels?|shipments?)\b"
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
/// A status word before the noun, or said of it right after, counts only the records with that
/// status: "two open tickets" and "two tickets are open" are `tickets:open:2`.
static COUNT: LazyLock<Regex> = LazyLock::new(|| {
    let status =
        r"open|pending|shipped|delivered|refunded|resolved|closed|in[ -]progress|escalated";
    re(&format!(
        r"(?i)\b(\d{{1,4}}|{NUMBER_WORD})\s+(?:of\s+your\s+)?(?:({status})\s+|(?:more|other|active|previous|past|recent|support|existing|current)\s+)?(orders|tickets|order|ticket)\b(?:\s+(?:are|is|were|was|have|has)\s+(?:(?:still|currently|now|already|all|both)\s+)?(?:been\s+)?({status}|in transit|on (?:its|their|the) way|arrived)\b)?"
    ))
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
    "nothing", "nobody", "none", "no",
];
/// Words that open a sentence's condition: what its main clause says after the comma is
/// hypothetical or generic too ("After your refund is approved, the status changes to refunded").
/// "when", "after", "before" and "until" only when no first person follows and no "-ing" form
/// ("After checking, I see order 1042 has shipped" is a statement).
const LEADING_CONDITIONS: &[&str] = &[
    "once", "if", "unless", "whenever", "when", "after", "before", "until",
];
/// "a delivered order" is any delivered order, unless the clause says one exists ("you have a
/// pending order").
const INDEFINITE: &[&str] = &["a", "an", "any", "every", "each", "all"];
const EXISTENTIAL: &[&str] = &[
    "have", "has", "had", "there", "there's", "got", "see", "found",
];
/// The noun an "ending in 1234" is about when it is no phone.
const NOT_PHONE: &[&str] = &["card", "tracking", "account", "iban"];
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
    found: Vec<(Range<usize>, Claim)>,
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
        let raw = self
            .original
            .get(start..end)
            .unwrap_or(&self.work[start..end]);
        let lead = raw.len() - raw.trim_start().len();
        let text = raw.trim().to_owned();
        let span = start + lead..start + lead + text.len();
        self.found.push((span, Claim { kind, text, value }));
        self.blank(start, end);
    }

    fn blank(&mut self, start: usize, end: usize) {
        self.work
            .replace_range(start..end, &" ".repeat(end - start));
    }

    fn finish(mut self) -> Vec<(Range<usize>, Claim)> {
        self.found.sort_by_key(|(span, _)| span.start);
        self.found
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
        // "the 4th of October." ends the sentence; "Oct." is an abbreviation.
        let full_month = m.as_str().strip_suffix('.').is_some_and(|t| {
            t.rsplit(|ch: char| !ch.is_alphabetic())
                .next()
                .is_some_and(|w| w.len() > 4 && month_number(w).is_some())
        });
        let end = m.end() - usize::from(full_month);
        self.take(m.start(), end, ClaimKind::Date, value);
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
            let Some(from) = small_number(&c[1]) else {
                return;
            };
            let to = c.get(2).and_then(|m| small_number(m.as_str()));
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
            if scan.weekday_of_a_date(m.end(), &c[1]) {
                return;
            }
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

    /// "on Friday, September 25, 2026": the weekday names the date right after it, which is the
    /// claim; it is one only when it is the wrong day for a date with a year.
    fn weekday_of_a_date(&self, end: usize, words: &str) -> bool {
        let rest = &self.original[end..];
        let skipped = rest.len() - rest.trim_start_matches([',', ' ']).len();
        let Some((_, date)) = self
            .found
            .iter()
            .find(|(span, c)| span.start == end + skipped && c.kind == ClaimKind::Date)
        else {
            return false;
        };
        let Ok(day) = chrono::NaiveDate::parse_from_str(&date.value, "%Y-%m-%d") else {
            // No year: the weekday cannot be checked, and the date is claim enough.
            return true;
        };
        let named = words.split_whitespace().last().unwrap_or("").to_lowercase();
        day.format("%A").to_string().to_lowercase() == named
    }

    /// Run on the original text: the noun may already be taken by the ids that follow it ("two
    /// open tickets: #5021 and #5022"); the number may not.
    fn counts(&mut self) {
        let original = self.original;
        for c in COUNT.captures_iter(original) {
            let number = c.get(1).unwrap();
            if self.work[number.range()].trim().is_empty() {
                continue;
            }
            let Some(n) = small_number(number.as_str()) else {
                continue;
            };
            let noun = c[3].to_ascii_lowercase();
            let records = if noun.starts_with("order") {
                "orders"
            } else {
                "tickets"
            };
            let status = c.get(2).or(c.get(4));
            let value = match status.and_then(|s| canonical_status(s.as_str())) {
                Some(status) => format!("{records}:{status}:{n}"),
                None => format!("{records}:{n}"),
            };
            let m = c.get(0).unwrap();
            self.take(m.start(), m.end(), ClaimKind::Count, value);
        }
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
            // checked at all. Only the clause's own words count: "your account
            // (…, phone ending in 4321)" is a phone.
            let mut context = scan.clause_words(m.start());
            context.extend(
                WORD.find_iter(m.as_str())
                    .map(|w| w.as_str().to_lowercase()),
            );
            if context.iter().any(|w| NOT_PHONE.contains(&w.as_str())) {
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
        for c in STATUS_ADJECTIVE.captures_iter(original) {
            let (m, status) = (c.get(0).unwrap(), c.get(2).unwrap());
            let before = c.get(1).map(|w| w.as_str().to_lowercase());
            let generic = before.is_some_and(|w| INDEFINITE.contains(&w.as_str()))
                && !self
                    .clause_words(m.start())
                    .iter()
                    .any(|w| EXISTENTIAL.contains(&w.as_str()));
            if !generic && self.is_statement(status.start(), m.end()) {
                self.take_status(status.start(), status.end(), status.as_str());
            }
        }
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
        if self.after_a_condition(start) {
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

    /// The sentence opens with a condition ("Once it is approved, …") and `start` is in a later
    /// clause, the one the condition governs.
    fn after_a_condition(&self, start: usize) -> bool {
        let sentence = self.sentence_before(start);
        if !sentence.contains(',') {
            return false;
        }
        let mut words = WORD.find_iter(sentence).map(|w| w.as_str().to_lowercase());
        let (Some(first), next) = (words.next(), words.next()) else {
            return false;
        };
        if !LEADING_CONDITIONS.contains(&first.as_str()) {
            return false;
        }
        let narrative = next
            .as_deref()
            .is_some_and(|w| FIRST_PERSON.contains(&w) || w.ends_with("ing"));
        let always = matches!(first.as_str(), "once" | "if" | "unless" | "whenever");
        always || !narrative
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

/// A tracking code compared as uppercase letters and digits.
pub(super) fn tracking_value(code: &str) -> String {
    code.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect()
}
