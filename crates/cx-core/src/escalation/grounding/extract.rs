//! Finding the claims in a text: each extractor takes the spans it recognises and blanks them,
//! so an email's digits are not read again as a phone, nor a date's as an id.

use std::collections::HashSet;
use std::ops::Range;
use std::sync::LazyLock;

use cx_text::language::{self, Language};
use regex::Regex;

use super::facts::{canonical_status, digits_of};
use super::languages as lang;
use super::{Claim, ClaimKind};

/// How a text writes what differs between languages: a numeric date day first ("2/12/2026" is
/// 2 December in German and Spanish) or month first (12 February in US English).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Reading {
    pub day_first: bool,
}

impl Reading {
    /// By the text's own words ("Ihre Bestellung wurde am 2/12/2026 versandt" is German); by
    /// `hint`, the session's language, when they tell nothing; month first when neither does.
    pub(super) fn of(text: &str, hint: Option<Language>) -> Reading {
        let language = language::guess(text).or(hint);
        Reading {
            day_first: language.is_some_and(Language::day_first),
        }
    }
}

/// Every concrete claim in `answer`, in order of appearance, without duplicates (same kind and
/// value).
pub fn extract_claims(answer: &str) -> Vec<Claim> {
    let mut seen = HashSet::new();
    extract_spanned(answer, Reading::of(answer, None))
        .into_iter()
        .map(|(_, claim)| claim)
        .filter(|claim| seen.insert((claim.kind, claim.value.clone())))
        .collect()
}

/// Every concrete claim in `text` with its byte range, in order, repeats included.
pub(super) fn extract_spanned(text: &str, reading: Reading) -> Vec<(Range<usize>, Claim)> {
    let mut scan = Scan::new(text, reading);
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
// verb and a number. German and Spanish names too ("Dezember", "diciembre", "Dez.").
static MONTH: LazyLock<String> = LazyLock::new(|| {
    format!(
        r"((?i:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?|{})|May|MAY)",
        lang::MONTH_DE_ES
    )
});
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
        r"\b{}\b\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(\d{{4}})\b)?",
        *MONTH
    ))
});
/// "2 Oct 2026", "the 4th of October", "2. Dezember 2026", "2 de diciembre de 2026".
static DATE_DMY: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"\b(\d{{1,2}})(?:(?:st|nd|rd|th)?\s+|\.\s*)(?:of\s+|de\s+)?{}\b\.?(?:,?\s+(?:del?\s+)?(\d{{4}})\b)?",
        *MONTH
    ))
});
static TRACKING_AFTER_WORD: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)(?:\btracking(?:\s+(?:number|no\.?|code|id))?|\b(?:{}))\s*(?:is|was|ist|lautet|es|:|#)?\s*#?\s*([a-z0-9][a-z0-9-]{{5,}}[a-z0-9])",
        lang::TRACKING_WORDS
    ))
});
static TRACKING_TOKEN: LazyLock<Regex> = LazyLock::new(|| re(r"\b[A-Za-z0-9]{10,}\b"));
/// An amount in any locale's separators: "1,234.50" (English), "1.234,50" (German, Spanish),
/// "1 234,50" (with a space or a no-break space), "79.99", "79,99", "80". Read by [`cents_of`].
const AMOUNT: &str = r"(\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?|\d{1,3}(?:\.\d{3})+(?:,\d{1,2})?|\d{1,3}(?:[\s\x{a0}\x{202f}]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?)";
/// A symbol or code before the amount: "$79.99", "US$ 79,99", "USD 500.00", "EUR 12,50",
/// "£1,234.56"; a trailing "USD" belongs to it ("$79.99 USD").
static MONEY: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)(?:\bUS\s?\$|\$|\b(?:USD|EUR|GBP|CHF)\b|€|£)\s?{AMOUNT}\b(?:\s?USD\b)?"
    ))
});
/// A symbol, code or word after it: "79.99 USD", "12 dollars", "79,99 $", "1.234,56 $" (as
/// Intl writes German, with a no-break space), "79,99 US$", "79,99 Dollar", "79,99 dólares",
/// "1.234,56 euros". Compared as cents whatever the currency (tool results carry `*_cents`).
static MONEY_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)\b{AMOUNT}\s?(?:US\s?\$|\$|€|£|(?:USD|EUR|GBP|CHF|US[\s-]?dollars?|dollars?|d[óo]lar(?:es)?|euros?|pounds?)\b)"
    ))
});
/// "order 1042", "ticket no. 5007"; "Bestellung 1042", "Bestellnummer 1042", "Ihre Bestellung Nr.
/// 1042", "Ticketnummer 5020", "pedido n.º 1042", "pedido número 1042", "incidencia 5020".
static ID_HEAD: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(orders?|tickets?|bestellung(?:en)?|bestellnummer(?:n)?|auftrag|auftragsnummer|ticketnummer|pedidos?|[óo]rden(?:es)?|incidencias?)\b\s*(?:(?:number|no\.?|nr\.?|num|id|nummer|n\.?\s?[º°]|n[úu]m\.?|n[úu]mero)\s*)?(?::\s*)?(#?)\s*(\d+)\b",
    )
});
static ID_MORE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^\s*(?:,\s*(?:(?:and|or|und|oder|y|o)\s+|&\s*)?|(?:and|or|und|oder|y|o)\s+|&\s*)(#?)(\d+)\b",
    )
});

/// Whether the noun of an id names a ticket ("Ticket", "Ticketnummer", "incidencia").
fn names_ticket(noun: &str) -> bool {
    let noun = noun.to_lowercase();
    noun.starts_with("ticket") || noun.starts_with("incidencia")
}
static BARE_HASH: LazyLock<Regex> = LazyLock::new(|| re(r"#(\d+)\b"));
static DURATION: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)\b(\d+|{NUMBER_WORD})(?:\s*(?:[-–—]|to)\s*(\d+|{NUMBER_WORD}))?(?:\s+|\s*[-–—]\s*)(?:(business|working)[\s-]+)?(minute|hour|day|week|month|year)s?\b"
    ))
});
/// "15%", "15 percent", "15 %", "15,5 %", "15 Prozent", "15 por ciento".
static PERCENT: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)\b(\d+(?:\.\d+|,\d{{1,2}})?)\s?(?:%|percent\b|per cent\b|{})",
        lang::PERCENT_WORDS
    ))
});
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
/// A word, in any script's letters ("está", "über" are whole words).
static WORD: LazyLock<Regex> = LazyLock::new(|| re(r"[\p{L}'’]+"));
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
    reading: Reading,
}

impl<'a> Scan<'a> {
    fn new(original: &'a str, reading: Reading) -> Self {
        Scan {
            original,
            work: original.to_owned(),
            found: Vec::new(),
            reading,
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
        let day_first = self.reading.day_first;
        self.each(&DATE_SLASH, |scan, c| {
            let (a, b) = (num(c, 1), num(c, 2));
            // US month/day first, or day/month in a text that reads so (German, Spanish, …);
            // the other order only when the first is impossible.
            let (first, second) = if day_first { (b, a) } else { (a, b) };
            let (m, d) = match (first, second) {
                (Some(m), Some(d)) if m > 12 && d <= 12 => (Some(d), Some(m)),
                _ => (first, second),
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
        self.each(&lang::DATE_ES_SHORT, |scan, c| {
            scan.take_date(c, num(c, 3), month_number(&c[2]), num(c, 1));
        });
        // "am 2.12.": the preposition is no part of the date.
        self.each(&lang::DATE_DE_NO_YEAR, |scan, c| {
            let (Some(month), Some(day)) = (num(c, 2), num(c, 1)) else {
                return;
            };
            if (1..=12).contains(&month) && (1..=31).contains(&day) {
                let (start, end) = (c.get(1).unwrap().start(), c.get(0).unwrap().end());
                scan.take(
                    start,
                    end,
                    ClaimKind::Date,
                    format!("--{month:02}-{day:02}"),
                );
            }
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
                .and_then(lang::month_of)
                .is_some_and(|(_, full)| full)
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

    /// Both money patterns capture the amount alone, read whatever its separators.
    fn money(&mut self) {
        for pattern in [&*MONEY, &*MONEY_AFTER] {
            self.each(pattern, |scan, c| {
                let m = c.get(0).unwrap();
                // "79,99 $ 5": the sign closes the amount before it, it opens no other.
                let before = scan.original[..m.start()].trim_end_matches([' ', '\u{a0}']);
                let symbol_first = m.as_str().starts_with(['$', '€', '£']);
                if symbol_first && before.ends_with(|ch: char| ch.is_ascii_digit()) {
                    return;
                }
                if let Some(cents) = cents_of(&c[1]) {
                    scan.take(m.start(), m.end(), ClaimKind::Money, cents.to_string());
                }
            });
        }
    }

    fn ids(&mut self) {
        self.each(&ID_HEAD, |scan, c| {
            let kind = if names_ticket(&c[1]) {
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
            let ticket = sentence.rfind("ticket").max(sentence.rfind("incidencia"));
            let order = sentence
                .rfind("order")
                .max(sentence.rfind("bestell"))
                .max(sentence.rfind("pedido"));
            let kind = match (ticket, order) {
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
        // German (1, 2 numbers; 3 business; 4 unit) and Spanish (1, 2; 3 unit; 4 business).
        for (pattern, unit_at, business_at) in
            [(&*lang::DURATION_DE, 4, 3), (&*lang::DURATION_ES, 3, 4)]
        {
            self.each(pattern, |scan, c| {
                let Some(from) = lang::number_de_es(&c[1]) else {
                    return;
                };
                let to = c.get(2).and_then(|m| lang::number_de_es(m.as_str()));
                let Some(unit) = lang::unit_in_english(&c[unit_at]) else {
                    return;
                };
                let business = if c.get(business_at).is_some() {
                    "business "
                } else {
                    ""
                };
                scan.take_duration(c.get(0).unwrap().range(), from, to, business, unit);
            });
        }
    }

    fn take_duration(
        &mut self,
        span: Range<usize>,
        from: u32,
        to: Option<u32>,
        business: &str,
        unit: &str,
    ) {
        let plural = if to.unwrap_or(from) == 1 { "" } else { "s" };
        let value = match to {
            Some(to) => format!("{from}-{to} {business}{unit}{plural}"),
            None => format!("{from} {business}{unit}{plural}"),
        };
        self.take(span.start, span.end, ClaimKind::Duration, value);
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
        // German and Spanish, as the English words they mean ("am Freitag" is "on friday").
        for (pattern, meaning) in [
            (
                &*lang::RELATIVE_DE,
                lang::relative_de as fn(&regex::Captures<'_>) -> Option<String>,
            ),
            (&*lang::RELATIVE_ES, lang::relative_es),
        ] {
            self.each(pattern, |scan, c| {
                let m = c.get(0).unwrap();
                let Some(value) = meaning(c) else {
                    return;
                };
                if scan.weekday_of_a_date(m.end(), &value) {
                    return;
                }
                scan.take(
                    m.start(),
                    m.end(),
                    ClaimKind::Date,
                    format!("relative:{value}"),
                );
            });
        }
        // "morgen" and "mañana" are tomorrow, unless they are the morning ("Guten Morgen", "esta
        // mañana").
        for (pattern, morning) in [
            (&*lang::RELATIVE_MORGEN, lang::MORNING_BEFORE),
            (&*lang::RELATIVE_MANANA, lang::MORNING_BEFORE_ES),
        ] {
            self.each(pattern, |scan, c| {
                let m = c.get(0).unwrap();
                let before = scan.original[..m.start()]
                    .split_whitespace()
                    .next_back()
                    .map(|w| w.to_lowercase());
                if before.is_some_and(|w| morning.contains(&w.as_str())) {
                    return;
                }
                scan.take(
                    m.start(),
                    m.end(),
                    ClaimKind::Date,
                    "relative:tomorrow".to_owned(),
                );
            });
        }
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
        // German: the status before the noun (2), the noun (3); Spanish: the noun (2), the
        // status after it (3).
        for (pattern, noun_at, status_at) in [(&*lang::COUNT_DE, 3, 2), (&*lang::COUNT_ES, 2, 3)] {
            for c in pattern.captures_iter(original) {
                let number = c.get(1).unwrap();
                if self.work[number.range()].trim().is_empty() {
                    continue;
                }
                let Some(n) = lang::number_de_es(number.as_str()) else {
                    continue;
                };
                let noun = c[noun_at].to_lowercase();
                let records = if noun.starts_with("bestell") || noun.starts_with("pedido") {
                    "orders"
                } else {
                    "tickets"
                };
                let status = c.get(status_at).and_then(|s| canonical_status(s.as_str()));
                let value = match status {
                    Some(status) => format!("{records}:{status}:{n}"),
                    None => format!("{records}:{n}"),
                };
                let m = c.get(0).unwrap();
                self.take(m.start(), m.end(), ClaimKind::Count, value);
            }
        }
    }

    fn percents(&mut self) {
        self.each(&PERCENT, |scan, c| {
            // "15.0%" is "15%", "15,5 %" "15.5%".
            let mut number = c[1].replace(',', ".");
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
        for pattern in [&*PHONE_ENDING, &*lang::PHONE_ENDING] {
            self.phone_endings(pattern);
        }
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

    /// "ending in 1234", "endet auf 1234", "que termina en 1234": a partial phone.
    fn phone_endings(&mut self, pattern: &Regex) {
        self.each(pattern, |scan, c| {
            let m = c.get(0).unwrap();
            // "the card ending in 4242" is not a phone; such claims are not
            // checked at all. Only the clause's own words count: "your account
            // (…, phone ending in 4321)" is a phone.
            let mut context = scan.clause_words(m.start());
            context.extend(
                WORD.find_iter(m.as_str())
                    .map(|w| w.as_str().to_lowercase()),
            );
            let not_phone = |w: &String| {
                NOT_PHONE.contains(&w.as_str()) || lang::NOT_PHONE.contains(&w.as_str())
            };
            if context.iter().any(not_phone) {
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
        self.statuses_de_es();
    }

    /// German and Spanish status claims, under the same rules as the English ones.
    fn statuses_de_es(&mut self) {
        for (pattern, spanish) in [(&*lang::LABEL_DE, false), (&*lang::LABEL_ES, true)] {
            self.each(pattern, |scan, c| {
                let m = c.get(0).unwrap();
                // "ha estado en camino": the verb "estar", not the label "estado".
                let verb = spanish
                    && scan.clause_words(m.start()).last().is_some_and(|w| {
                        matches!(
                            w.as_str(),
                            "ha" | "han" | "he" | "hemos" | "había" | "habían"
                        )
                    });
                if !verb && scan.is_statement(m.start(), m.end()) {
                    scan.take_status(m.start(), m.end(), &c[1]);
                }
            });
        }
        for pattern in [&*lang::REFUND_DE, &*lang::REFUND_ES] {
            self.each(pattern, |scan, c| {
                let m = c.get(0).unwrap();
                if scan.is_statement(m.start(), m.end()) && !scan.negated_de_es(m.start(), "") {
                    scan.take_status(m.start(), m.end(), "refund requested");
                }
            });
        }
        self.verbs_de();
        self.each(&lang::VERB_LAST_DE, |scan, c| {
            let (m, status) = (c.get(0).unwrap(), c.get(1).unwrap());
            if scan.is_statement(status.start(), m.end())
                && !scan.negated_de_es(status.start(), "")
                && scan.states_a_record(status.start(), status.as_str(), "")
            {
                scan.take_status(status.start(), status.end(), status.as_str());
            }
        });
        for pattern in [&*lang::VERB_ES, &*lang::REFLEXIVE_ES] {
            self.each(pattern, |scan, c| {
                let m = c.get(0).unwrap();
                let Some(status) = c.iter().skip(1).flatten().next() else {
                    return;
                };
                let clause = scan.clause_words(m.start());
                let modal = clause
                    .last()
                    .is_some_and(|w| lang::MODALS.contains(&w.as_str()));
                // "pendiente de su confirmación" waits on the customer: no record's status.
                let after = scan.original[status.end()..].trim_start().to_lowercase();
                let waits = after.starts_with("de su ") || after.starts_with("de confirm");
                if !modal
                    && !waits
                    && scan.is_statement(m.start(), m.end())
                    && !scan.negated_de_es(m.start(), "")
                    && scan.states_a_record(m.start(), status.as_str(), "")
                {
                    scan.take_status(status.start(), status.end(), status.as_str());
                }
            });
        }
        let original = self.original;
        for pattern in [&*lang::ADJECTIVE_DE, &*lang::ADJECTIVE_ES] {
            for c in pattern.captures_iter(original) {
                let (m, status) = (c.get(0).unwrap(), c.get(2).unwrap());
                let before = c.get(1).map(|w| w.as_str().to_lowercase());
                let generic = before.is_some_and(|w| lang::INDEFINITE.contains(&w.as_str()))
                    && !self
                        .clause_words(m.start())
                        .iter()
                        .any(|w| lang::EXISTENTIAL.contains(&w.as_str()));
                if !generic
                    && self.is_statement(status.start(), m.end())
                    && !self.negated_de_es(m.start(), "")
                {
                    self.take_status(status.start(), status.end(), status.as_str());
                }
            }
        }
    }

    /// "Ihre Bestellung ist bereits versandt", "wurde am 3. Oktober zugestellt": an auxiliary,
    /// then up to five words of its clause, then the status. A conjunction, a future or a
    /// negation on the way ends the search ("ist eingegangen und wird versandt", "wurde noch
    /// nicht versandt").
    fn verbs_de(&mut self) {
        static AUX: LazyLock<Regex> =
            LazyLock::new(|| re(r"(?i)\b(?:ist|sind|war|waren|wurde|wurden|bleibt|bleiben)\b"));
        static STATUS_AT: LazyLock<Regex> =
            LazyLock::new(|| re(&format!(r"(?i)^(?:{})\b", lang::STATUS_DE_WORDS)));
        const STOP: &[&str] = &[
            "und", "oder", "aber", "sondern", "wird", "werden", "wenn", "sobald", "dass", "weil",
            "ist", "sind", "wurde", "wurden", "war", "waren",
        ];
        let work = self.work.clone();
        for aux in AUX.find_iter(&work) {
            let clause_end = work[aux.end()..]
                .find(['.', ',', ';', ':', '!', '?', '\n'])
                .map_or(work.len(), |i| aux.end() + i);
            let mut between = String::new();
            let mut found = None;
            for (count, word) in WORD.find_iter(&work[aux.end()..clause_end]).enumerate() {
                let at = aux.end() + word.start();
                if let Some(status) = STATUS_AT.find(&work[at..clause_end]) {
                    found = Some(at..at + status.end());
                    break;
                }
                let w = word.as_str().to_lowercase();
                if count >= 5 || STOP.contains(&w.as_str()) || lang::NEGATIONS.contains(&w.as_str())
                {
                    break;
                }
                between.push_str(&w);
                between.push(' ');
            }
            let Some(span) = found else {
                continue;
            };
            let word = &self.original[span.clone()];
            if self.is_statement(aux.start(), span.end)
                && !self.negated_de_es(aux.start(), &between)
                && self.states_a_record(aux.start(), word, &between)
            {
                self.take_status(span.start, span.end, word);
            }
        }
    }

    /// A German or Spanish negation in the clause before `start` ("Keine Bestellung wurde
    /// storniert", "no ha sido enviado") or among `between`, the words after its verb.
    fn negated_de_es(&self, start: usize, between: &str) -> bool {
        let negation = |w: &str| lang::NEGATIONS.contains(&w) || NEGATIONS.contains(&w);
        self.clause_words(start).iter().any(|w| negation(w))
            || between.split_whitespace().any(negation)
    }

    /// Whether a status word says something of a record: "escalated" said of the handoff ("Ich
    /// habe es an unser Team eskaliert", "se ha escalado a nuestro equipo") does not, nor "open"
    /// without a ticket-like subject ("Der Chat ist rund um die Uhr offen").
    fn states_a_record(&self, start: usize, word: &str, between: &str) -> bool {
        let mut clause = self.clause_words(start);
        clause.extend(between.split_whitespace().map(str::to_owned));
        match canonical_status(word) {
            Some("escalated") => {
                let after = self.original[start..]
                    .split_once(word)
                    .map_or("", |(_, rest)| rest)
                    .trim_start()
                    .to_lowercase();
                let handoff = clause
                    .iter()
                    .any(|w| lang::FIRST_PERSON.contains(&w.as_str()))
                    || clause
                        .iter()
                        .any(|w| matches!(w.as_str(), "an" | "zu" | "zum" | "zur"))
                    || after.starts_with("a ")
                    || after.starts_with("al ")
                    || after.starts_with("an ");
                !handoff
            }
            Some("open") => clause
                .iter()
                .any(|w| lang::OPENABLE.contains(&w.as_str()) || OPENABLE.contains(&w.as_str())),
            _ => true,
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
        let generic = |w: &String| {
            NOT_A_STATEMENT.contains(&w.as_str()) || lang::NOT_A_STATEMENT.contains(&w.as_str())
        };
        if clause.iter().any(generic) {
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
        !matches!(
            next.as_deref(),
            Some(
                "within"
                    | "usually"
                    | "typically"
                    | "innerhalb"
                    | "normalerweise"
                    | "dentro"
                    | "normalmente"
                    | "generalmente"
            )
        )
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
        // "Una vez aprobado el reembolso, …" is "once".
        if first == "una" && next.as_deref() == Some("vez") {
            return true;
        }
        if !LEADING_CONDITIONS.contains(&first.as_str())
            && !lang::LEADING_CONDITIONS.contains(&first.as_str())
        {
            return false;
        }
        // "After checking, …", "Nachdem ich nachgesehen habe, …", "Cuando revisé, …": narration.
        let narrative = next.as_deref().is_some_and(|w| {
            FIRST_PERSON.contains(&w)
                || lang::FIRST_PERSON.contains(&w)
                || w.ends_with("ing")
                || w.ends_with('é')
        });
        let always = matches!(
            first.as_str(),
            "once" | "if" | "unless" | "whenever" | "wenn" | "falls" | "sobald" | "sofern" | "si"
        );
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

/// The cents of an amount: a last `.` or `,` with one or two digits after it is the decimal
/// mark ("79,99", "1,234.50", "1.234,5"), any other separator groups thousands ("1,234",
/// "1.234", "1 234").
fn cents_of(amount: &str) -> Option<i64> {
    let (whole, fraction) = match amount.rfind(['.', ',']) {
        Some(i) if amount.len() - i - 1 <= 2 => (&amount[..i], &amount[i + 1..]),
        _ => (amount, ""),
    };
    let digits: String = whole.chars().filter(char::is_ascii_digit).collect();
    let whole: i64 = digits.parse().ok()?;
    let cents = match fraction.len() {
        0 => 0,
        // ".5" is 50 cents.
        1 => fraction.parse::<i64>().ok()? * 10,
        _ => fraction.parse().ok()?,
    };
    Some(whole.checked_mul(100)? + cents)
}

/// "01042" and "1042" are the same id.
fn id_value(digits: &str) -> String {
    let trimmed = digits.trim_start_matches('0');
    if trimmed.is_empty() { "0" } else { trimmed }.to_owned()
}

fn month_number(name: &str) -> Option<u32> {
    lang::month_of(name).map(|(month, _)| month)
}

/// A tracking code compared as uppercase letters and digits.
pub(super) fn tracking_value(code: &str) -> String {
    code.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect()
}
