//! Offline sentiment analysis of customer messages.
//!
//! A lexicon-and-rules scorer written for support conversations: no model, no
//! network, deterministic, fast enough to run on every customer message.
//!
//! [`analyze`] works in these steps:
//!
//! 1. **Tokens.** The text is split into words (case kept for the caps rule),
//!    punctuation, emoji and ASCII emoticons. Multi-word expressions from the
//!    lexicon ("thanks for nothing", "never again", "a bit", "good morning") are
//!    matched first, longest first.
//! 2. **Clauses and sentences.** Punctuation splits clauses; `. ! ? …` and line
//!    breaks split sentences. The punctuation that ends a sentence decides whether
//!    it is a plain question ("Where is my order?") or a frustrated one ("?!", "??").
//! 3. **Word scores.** Each polar word gets its lexicon weight, then:
//!    * intensifiers/diminishers up to three tokens before it scale it
//!      ("very", "extremely", "a bit", "slightly");
//!    * a negator up to three tokens before it (same clause, no polar word in
//!      between) flips it: a positive word to `-0.8×`, a negative one to `-0.4×`
//!      ("not bad" is only mildly positive). Service events have their own
//!      negated weight: "arrived" is neutral but "never arrived" is negative;
//!    * an ALL-CAPS word in a mixed-case message weighs 1.5×; a shouted message
//!      (mostly caps) weighs 1.2× throughout and counts as frustration itself
//!      unless it is clearly positive;
//!    * a negative word in a clause with "again" weighs 1.3×;
//!    * positive words after a wish or condition ("I need it fixed", "if it
//!      works") weigh 0.3×, and plain courtesy formulas ("thanks") in a
//!      message that asks for something weigh 0.25×;
//!    * words in a plain question weigh less (the asker states no opinion):
//!      positive 0.25×, negative 0.5× ("why" and declarative questions, which
//!      usually are complaints: positive 0.4×, negative 0.9×).
//! 4. **Cues** without a polar word: a waited time ("it's been 3 weeks", "on
//!    hold for 45 minutes"), frustrated punctuation ("?!", "???"), ironic
//!    quotes ("my refund is \"processing\""), shouted urgency ("NOW").
//! 5. **Sarcasm.** A short positive interjection ("Great,", "Just perfect,",
//!    "Oh wonderful") in a message that is otherwise negative and has no "but"
//!    is read as sarcasm and flipped; so are "thanks for ignoring…" (thanks
//!    for, then a negative -ing word) and "love how nobody…" (love how/that/
//!    when or love and an -ing word, then a negative rest of the sentence).
//! 6. **Contrast.** With "but"/"however", what precedes the last marker weighs
//!    0.5× and what follows 1.5×; a clause opened by "although"/"though"/
//!    "despite" weighs 0.5×.
//! 7. **Exclamation marks** (up to three) push the sum 0.3 each further from 0
//!    (proportionally less when the sum is below 1).
//! 8. **Normalisation.** `score = s / sqrt(s² + 12)` maps the sum into -1..1;
//!    `|score| < 0.15` is neutral.
//!
//! [`Sentiment::confidence`] is documented on the field.

mod lexicon;

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::LazyLock;

/// The polarity of a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SentimentLabel {
    Negative,
    Neutral,
    Positive,
}

/// The sentiment of one message.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Sentiment {
    /// Negative, neutral or positive: `score` compared with [`LABEL_THRESHOLD`].
    pub label: SentimentLabel,
    /// Polarity in `-1.0..=1.0`; 0 when nothing in the text carries sentiment.
    pub score: f64,
    /// How sure the label is, in `0.0..=1.0`; 0 for a text with no words.
    ///
    /// For a positive or negative label it grows with the distance of `score`
    /// past the threshold and with the number of pieces of evidence (polar words,
    /// emoji, cues), and shrinks when evidence points both ways. For a neutral
    /// label it grows with the length of a text that carries no sentiment and
    /// shrinks as `score` nears a threshold or opposing evidence cancels out.
    pub confidence: f64,
}

/// `|score|` at or above which a message is positive or negative.
///
/// Chosen on `eval.tsv`: accuracy is flat (96–97%) for thresholds from 0.05 to
/// 0.15 and falls beyond 0.18; the top of that plateau keeps faintly coloured
/// requests ("Please cancel my order") neutral with the widest margin.
pub const LABEL_THRESHOLD: f64 = 0.15;

/// Normalisation constant: `score = s / sqrt(s² + ALPHA)`. With 12 a single
/// strong word (weight 2.5) gives about 0.58 and the score nears ±1 only as
/// evidence piles up.
const ALPHA: f64 = 12.0;

/// How many tokens back a negator or booster reaches.
const SCOPE: usize = 3;

/// Analyses the sentiment of one customer message. Pure and deterministic.
pub fn analyze(text: &str) -> Sentiment {
    let units = units(&tokenize(text));
    if !units
        .iter()
        .any(|u| u.is_word() || matches!(u.kind, Kind::Emoji(_)))
    {
        return Sentiment {
            label: SentimentLabel::Neutral,
            score: 0.0,
            confidence: 0.0,
        };
    }
    Scorer::new(units).run()
}

/// Trend of a series of scores (oldest first), for a trend line in the UI.
///
/// It is the least-squares line through the points, read as its fitted end
/// minus its fitted start (`slope × (n − 1)`): an end-minus-start that is
/// smoothed over every point, so one outlier at either end does not decide it.
/// Positive means the customer's mood is improving. For scores in -1..1 the
/// result lies in -2..2. Non-finite values are skipped; fewer than two points
/// give 0.
pub fn trend(scores: &[f64]) -> f64 {
    let points: Vec<f64> = scores.iter().copied().filter(|s| s.is_finite()).collect();
    let n = points.len();
    if n < 2 {
        return 0.0;
    }
    let nf = n as f64;
    let mean_x = (nf - 1.0) / 2.0;
    let mean_y = points.iter().sum::<f64>() / nf;
    let (mut cov, mut var) = (0.0, 0.0);
    for (i, y) in points.iter().enumerate() {
        let dx = i as f64 - mean_x;
        cov += dx * (y - mean_y);
        var += dx * dx;
    }
    (cov / var * (nf - 1.0)).clamp(-2.0, 2.0)
}

// ---------------------------------------------------------------------------
// Look-up tables built once from the lexicon.

struct Tables {
    words: HashMap<&'static str, f64>,
    events: HashMap<&'static str, (f64, f64)>,
    phrases: HashMap<&'static str, f64>,
    boosters: HashMap<&'static str, f64>,
    negator_phrases: HashSet<&'static str>,
    negators: HashSet<&'static str>,
    emoji: HashMap<&'static str, f64>,
    polite: HashSet<&'static str>,
    fillers: HashSet<&'static str>,
    irrealis: HashSet<&'static str>,
    contrasts: HashSet<&'static str>,
    concessives: HashSet<&'static str>,
    time_units: HashSet<&'static str>,
    quantities: HashSet<&'static str>,
    wait_triggers: HashSet<&'static str>,
    wait_followers: HashSet<&'static str>,
    urgency: HashMap<&'static str, f64>,
    repeat_counts: HashSet<&'static str>,
    problems: HashSet<&'static str>,
    resolutions: HashSet<&'static str>,
    /// Longest multi-word entry, in words.
    longest_phrase: usize,
}

static TABLES: LazyLock<Tables> = LazyLock::new(|| {
    let set = |list: &[&'static str]| list.iter().copied().collect::<HashSet<_>>();
    let multi = lexicon::PHRASES
        .iter()
        .map(|(p, _)| *p)
        .chain(lexicon::BOOSTERS.iter().map(|(p, _)| *p))
        .chain(lexicon::NEGATOR_PHRASES.iter().copied());
    Tables {
        words: lexicon::WORDS.iter().copied().collect(),
        events: lexicon::EVENTS
            .iter()
            .map(|&(w, s, n)| (w, (s, n)))
            .collect(),
        phrases: lexicon::PHRASES.iter().copied().collect(),
        boosters: lexicon::BOOSTERS.iter().copied().collect(),
        negator_phrases: set(lexicon::NEGATOR_PHRASES),
        negators: set(lexicon::NEGATORS),
        emoji: lexicon::EMOJI.iter().copied().collect(),
        polite: set(lexicon::POLITE),
        fillers: set(lexicon::FILLERS),
        irrealis: set(lexicon::IRREALIS),
        contrasts: set(lexicon::CONTRASTS),
        concessives: set(lexicon::CONCESSIVES),
        time_units: set(lexicon::TIME_UNITS),
        quantities: set(lexicon::QUANTITIES),
        wait_triggers: set(lexicon::WAIT_TRIGGERS),
        wait_followers: set(lexicon::WAIT_FOLLOWERS),
        urgency: lexicon::SHOUTED_URGENCY.iter().copied().collect(),
        repeat_counts: set(lexicon::REPEAT_COUNTS),
        problems: set(lexicon::PROBLEM_NOUNS),
        resolutions: set(lexicon::RESOLUTIONS),
        longest_phrase: multi.map(|p| p.split(' ').count()).max().unwrap_or(1),
    }
});

impl Tables {
    fn is_negator(&self, word: &str) -> bool {
        self.negators.contains(word) || word.ends_with("n't")
    }

    fn is_polar_word(&self, word: &str) -> bool {
        self.words.contains_key(word) || self.events.contains_key(word)
    }
}

// ---------------------------------------------------------------------------
// Tokens.

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    /// A word, lower-cased, and whether it was written in capitals.
    Word { lower: String, caps: bool },
    /// Punctuation that matters: `. , ; : ! ? … "` and line breaks (`\n`).
    Punct(char),
    /// An emoji or emoticon with its weight.
    Emoji(f64),
}

fn tokenize(text: &str) -> Vec<Tok> {
    let text: String = text
        .chars()
        .map(|c| match c {
            '\u{2018}' | '\u{2019}' | '\u{02BC}' => '\'',
            '\u{201C}' | '\u{201D}' | '\u{00AB}' | '\u{00BB}' => '"',
            c => c,
        })
        .collect();
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if i > 0 {
            out.push(Tok::Punct('\n'));
        }
        for chunk in line.split_whitespace() {
            tokenize_chunk(chunk, &mut out);
        }
    }
    out
}

fn tokenize_chunk(chunk: &str, out: &mut Vec<Tok>) {
    let t = &*TABLES;
    let lower = chunk.to_lowercase();
    // A whole chunk that is an emoticon, maybe followed by , or .
    let bare = lower.trim_end_matches([',', '.']);
    if bare.len() >= 2
        && let Some(&w) = t.emoji.get(bare)
    {
        out.push(Tok::Emoji(w));
        if bare.len() < lower.len() {
            out.push(Tok::Punct(','));
        }
        return;
    }
    // An emoticon glued to a word: "thanks:)".
    for (emo, w) in lexicon::EMOJI {
        let starts_ascii_face = emo.starts_with([':', ';', '=', '<', '>']);
        if starts_ascii_face && lower.len() > emo.len() && lower.ends_with(emo) {
            let head = &chunk[..chunk.len() - emo.len()];
            if head.chars().last().is_some_and(char::is_alphanumeric) {
                tokenize_chunk(head, out);
                out.push(Tok::Emoji(*w));
                return;
            }
        }
    }

    let chars: Vec<char> = chunk.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_alphanumeric() {
            let start = i;
            i += 1;
            while i < chars.len() {
                let d = chars[i];
                let joins = matches!(d, '\'' | '-' | '.' | '@' | '_' | '/')
                    && chars.get(i + 1).is_some_and(|n| n.is_alphanumeric());
                if d.is_alphanumeric() || joins {
                    i += 1;
                } else {
                    break;
                }
            }
            push_word(&chars[start..i].iter().collect::<String>(), out);
            continue;
        }
        match c {
            '.' if chars.get(i + 1) == Some(&'.') => {
                while chars.get(i) == Some(&'.') {
                    i += 1;
                }
                out.push(Tok::Punct('…'));
                continue;
            }
            '.' | ',' | ';' | ':' | '!' | '?' | '…' | '"' => out.push(Tok::Punct(c)),
            '(' | ')' | '\u{2013}' | '\u{2014}' => out.push(Tok::Punct(',')),
            '-' if chars.len() == 1 => out.push(Tok::Punct(',')),
            _ => {
                let key = c.to_string();
                if let Some(&w) = t.emoji.get(key.as_str()) {
                    out.push(Tok::Emoji(w));
                }
            }
        }
        i += 1;
    }
}

fn push_word(word: &str, out: &mut Vec<Tok>) {
    let t = &*TABLES;
    let lower = word.to_lowercase();
    let known = t.is_polar_word(&lower) || t.phrases.contains_key(lower.as_str());
    if lower.contains('-') && !known {
        for part in word.split('-').filter(|p| !p.is_empty()) {
            push_word(part, out);
        }
        return;
    }
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    let caps = letters >= 2
        && word
            .chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase);
    out.push(Tok::Word { lower, caps });
}

// ---------------------------------------------------------------------------
// Units: tokens with multi-word expressions merged and a role assigned.

#[derive(Debug, Clone, PartialEq)]
enum Kind {
    /// A word or phrase with a polarity; `negated` is its weight under negation
    /// when that is not the default flip.
    Polar {
        score: f64,
        negated: Option<f64>,
    },
    /// A phrase that neutralises its words ("good morning").
    Idiom,
    Booster(f64),
    Negator,
    Contrast,
    Concessive,
    /// Any other word.
    Plain,
    Punct(char),
    Emoji(f64),
}

#[derive(Debug, Clone)]
struct Unit {
    text: String,
    kind: Kind,
    caps: bool,
}

impl Unit {
    fn is_word(&self) -> bool {
        !matches!(self.kind, Kind::Punct(_) | Kind::Emoji(_))
    }

    fn is_polar(&self) -> bool {
        matches!(self.kind, Kind::Polar { .. })
    }
}

fn units(toks: &[Tok]) -> Vec<Unit> {
    let t = &*TABLES;
    let mut out: Vec<Unit> = Vec::new();
    let mut i = 0;
    'outer: while i < toks.len() {
        match &toks[i] {
            Tok::Punct(c) => {
                out.push(Unit {
                    text: c.to_string(),
                    kind: Kind::Punct(*c),
                    caps: false,
                });
                i += 1;
                continue;
            }
            Tok::Emoji(w) => {
                out.push(Unit {
                    text: String::new(),
                    kind: Kind::Emoji(*w),
                    caps: false,
                });
                i += 1;
                continue;
            }
            Tok::Word { .. } => {}
        }
        // Longest multi-word expression starting here.
        for len in (2..=t.longest_phrase).rev() {
            let Some(words) = toks.get(i..i + len) else {
                continue;
            };
            let mut parts = Vec::with_capacity(len);
            let mut caps = true;
            for tok in words {
                match tok {
                    Tok::Word { lower, caps: c } => {
                        parts.push(lower.as_str());
                        caps &= *c;
                    }
                    _ => break,
                }
            }
            if parts.len() < len {
                continue;
            }
            let joined = parts.join(" ");
            let kind = if let Some(&w) = t.phrases.get(joined.as_str()) {
                if w == 0.0 {
                    Kind::Idiom
                } else {
                    Kind::Polar {
                        score: w,
                        negated: None,
                    }
                }
            } else if let Some(&b) = t.boosters.get(joined.as_str()) {
                Kind::Booster(b)
            } else if t.negator_phrases.contains(joined.as_str()) {
                Kind::Negator
            } else {
                continue;
            };
            out.push(Unit {
                text: joined,
                kind,
                caps,
            });
            i += len;
            continue 'outer;
        }
        let Tok::Word { lower, caps } = &toks[i] else {
            unreachable!("only words reach here")
        };
        let next = next_word(toks, i + 1);
        let kind = word_kind(lower, next, next_word(toks, i + 2));
        out.push(Unit {
            text: lower.clone(),
            kind,
            caps: *caps,
        });
        i += 1;
    }
    out
}

fn next_word(toks: &[Tok], i: usize) -> Option<&str> {
    match toks.get(i) {
        Some(Tok::Word { lower, .. }) => Some(lower),
        _ => None,
    }
}

fn word_kind(w: &str, next: Option<&str>, after_next: Option<&str>) -> Kind {
    let t = &*TABLES;
    if t.is_negator(w) {
        return Kind::Negator;
    }
    if t.contrasts.contains(w) {
        // "not only … but also" is no contrast.
        return if next == Some("also") {
            Kind::Plain
        } else {
            Kind::Contrast
        };
    }
    if t.concessives.contains(w) {
        return Kind::Concessive;
    }
    if let Some(&b) = t.boosters.get(w) {
        // A word that is both ("super", "terribly") boosts when a polar word or
        // another booster follows, and is polar itself otherwise.
        let boosts = next.is_some_and(|n| {
            t.is_polar_word(n)
                || (t.boosters.contains_key(n) && after_next.is_some_and(|a| t.is_polar_word(a)))
        });
        if boosts || !t.words.contains_key(w) {
            return Kind::Booster(b);
        }
    }
    if let Some(&s) = t.words.get(w) {
        return Kind::Polar {
            score: s,
            negated: None,
        };
    }
    if let Some(&(s, n)) = t.events.get(w) {
        return Kind::Polar {
            score: s,
            negated: Some(n),
        };
    }
    Kind::Plain
}

// ---------------------------------------------------------------------------
// Scoring.

#[derive(Debug, Clone, Copy, PartialEq)]
enum SentenceKind {
    Statement,
    /// A plain question: yes/no or wh- ("where", "how", …).
    Question,
    /// "Why …?" or a statement with a question mark: usually a complaint.
    Challenge,
    /// "?!", "!?", "??": a frustrated question.
    Frustrated,
}

struct Scorer {
    units: Vec<Unit>,
    /// Clause and sentence number of each unit.
    clause: Vec<usize>,
    sentence: Vec<usize>,
    /// The units of each clause and sentence.
    clause_spans: Vec<Range<usize>>,
    sentence_spans: Vec<Range<usize>>,
    sentence_kinds: Vec<SentenceKind>,
    shouting: bool,
    /// Weight of each unit from the lexicon and the word-level rules.
    score: Vec<f64>,
    /// Weight of the cues attached to each unit.
    cue: Vec<f64>,
    /// Frustration read from a shouted message.
    shout_cue: f64,
}

impl Scorer {
    fn new(units: Vec<Unit>) -> Self {
        let n = units.len();
        let mut clause = vec![0; n];
        let mut sentence = vec![0; n];
        let (mut c, mut s) = (0, 0);
        for (i, u) in units.iter().enumerate() {
            clause[i] = c;
            sentence[i] = s;
            if let Kind::Punct(p) = u.kind
                && p != '"'
            {
                let next_is_end = units
                    .get(i + 1)
                    .is_some_and(|n| matches!(n.kind, Kind::Punct(q) if is_sentence_end(q)));
                if !next_is_end {
                    c += 1;
                    if is_sentence_end(p) {
                        s += 1;
                    }
                }
            }
        }
        let spans = |ids: &[usize], count: usize| {
            let mut spans = vec![0..0; count];
            for (i, &id) in ids.iter().enumerate() {
                if spans[id].is_empty() {
                    spans[id] = i..i + 1;
                } else {
                    spans[id].end = i + 1;
                }
            }
            spans
        };
        let clause_spans = spans(&clause, c + 1);
        let sentence_spans = spans(&sentence, s + 1);
        let mut scorer = Scorer {
            clause,
            sentence,
            clause_spans,
            sentence_spans,
            sentence_kinds: Vec::new(),
            shouting: false,
            score: vec![0.0; n],
            cue: vec![0.0; n],
            shout_cue: 0.0,
            units,
        };
        scorer.sentence_kinds = (0..=s).map(|k| scorer.sentence_kind(k)).collect();
        let words: Vec<&Unit> = scorer
            .units
            .iter()
            .filter(|u| u.is_word() && u.text.chars().filter(|c| c.is_alphabetic()).count() >= 2)
            .collect();
        let caps = words.iter().filter(|u| u.caps).count();
        scorer.shouting = caps >= 3 && caps * 5 >= words.len() * 4;
        scorer
    }

    fn run(mut self) -> Sentiment {
        self.word_scores();
        self.resolved_problems();
        self.cues();
        self.sarcasm();
        self.contrast();

        let contributions: Vec<f64> = (0..self.units.len())
            .map(|i| self.score[i] + self.cue[i])
            .chain(std::iter::once(self.shout_cue))
            .collect();
        let mut sum: f64 = contributions.iter().sum();
        let bangs = self
            .units
            .iter()
            .filter(|u| u.kind == Kind::Punct('!'))
            .count()
            .min(3);
        // Each "!" adds 0.3 in the direction of the sum, less for a faint sum,
        // so "Thanks!" after a request stays faint.
        sum += sum.signum() * 0.3 * bangs as f64 * sum.abs().min(1.0);
        let score = (sum / (sum * sum + ALPHA).sqrt()).clamp(-1.0, 1.0);
        let label = if score >= LABEL_THRESHOLD {
            SentimentLabel::Positive
        } else if score <= -LABEL_THRESHOLD {
            SentimentLabel::Negative
        } else {
            SentimentLabel::Neutral
        };
        let words = self.units.iter().filter(|u| u.is_word()).count();
        let confidence = confidence(label, score, &contributions, words);
        Sentiment {
            label,
            score,
            confidence,
        }
    }

    fn sentence_kind(&self, s: usize) -> SentenceKind {
        let idx: Vec<usize> = self.sentence_spans[s].clone().collect();
        let (mut q, mut e) = (0, 0);
        for &i in idx.iter().rev() {
            match self.units[i].kind {
                Kind::Punct('?') => q += 1,
                Kind::Punct('!') => e += 1,
                Kind::Punct(_) | Kind::Emoji(_) => {}
                _ => break,
            }
        }
        if q >= 2 || (q >= 1 && e >= 1) {
            return SentenceKind::Frustrated;
        }
        if q == 0 {
            return SentenceKind::Statement;
        }
        // The kind of question is told by the first word of its last clause
        // ("Hi there, quick question: do you …?").
        let Some(&last) = idx.iter().rev().find(|&&i| self.units[i].is_word()) else {
            return SentenceKind::Question;
        };
        let first = idx
            .iter()
            .copied()
            .filter(|&i| self.clause[i] == self.clause[last] && self.units[i].is_word())
            .map(|i| self.units[i].text.as_str())
            .find(|w| !matches!(*w, "and" | "so" | "also" | "then" | "but" | "ok" | "okay"))
            .unwrap_or("");
        const ASKING: &[&str] = &[
            "is", "are", "am", "was", "were", "do", "does", "did", "can", "could", "will", "would",
            "should", "shall", "may", "might", "has", "have", "had", "what", "where", "when",
            "which", "who", "whom", "whose", "how", "any", "please",
        ];
        if ASKING.contains(&first) {
            SentenceKind::Question
        } else {
            SentenceKind::Challenge
        }
    }

    fn same_clause_before(&self, i: usize) -> impl Iterator<Item = (usize, usize)> + '_ {
        (0..i)
            .rev()
            .take_while(move |&j| self.clause[j] == self.clause[i])
            .enumerate()
            .map(|(d, j)| (d + 1, j))
    }

    /// Lexicon weights with boosters, negation, caps, "again", wishes,
    /// courtesy and question damping applied.
    fn word_scores(&mut self) {
        let t = &*TABLES;
        let asks = self.sentence_kinds.contains(&SentenceKind::Question)
            || self
                .units
                .iter()
                .any(|u| matches!(u.text.as_str(), "please" | "kindly"));
        let again_in_clause: Vec<bool> = self
            .clause_spans
            .iter()
            .map(|span| self.units[span.clone()].iter().any(|u| u.text == "again"))
            .collect();
        let first_wish: Vec<Option<usize>> = self
            .clause_spans
            .iter()
            .map(|span| {
                span.clone()
                    .find(|&j| t.irrealis.contains(self.units[j].text.as_str()))
            })
            .collect();
        let mut scores = vec![0.0; self.units.len()];
        for (i, unit) in self.units.iter().enumerate() {
            let base = match unit.kind {
                Kind::Polar { score, negated } => {
                    let mut factor = 1.0;
                    let mut negator: Option<usize> = None;
                    for (d, j) in self.same_clause_before(i).take(SCOPE) {
                        let other = &self.units[j];
                        match other.kind {
                            Kind::Booster(b) => {
                                let caps = if other.caps { 1.5 } else { 1.0 };
                                factor *= 1.0 + b * caps * (1.0 - 0.15 * (d - 1) as f64);
                            }
                            Kind::Negator if negator.is_none() => negator = Some(j),
                            Kind::Polar { .. } | Kind::Contrast | Kind::Concessive => break,
                            _ => {}
                        }
                    }
                    let mut s = match (negator, negated) {
                        (None, _) => score,
                        (Some(_), Some(n)) => n,
                        (Some(_), None) if score > 0.0 => -0.8 * score,
                        (Some(_), None) => -0.4 * score,
                    };
                    s *= factor;
                    let emphasised = unit.caps || negator.is_some_and(|j| self.units[j].caps);
                    if self.shouting {
                        s *= 1.2;
                    } else if emphasised {
                        s *= 1.5;
                    }
                    s
                }
                Kind::Emoji(w) => w,
                _ => continue,
            };
            let mut s = base;
            let clause = self.clause[i];
            let again = again_in_clause[clause];
            if s < 0.0 && again {
                s *= 1.3;
            }
            if s > 0.0 {
                let wished = first_wish[clause].is_some_and(|w| w < i);
                if wished {
                    s *= 0.3;
                }
                if asks && t.polite.contains(unit.text.as_str()) {
                    s *= 0.25;
                }
            }
            if !matches!(unit.kind, Kind::Emoji(_)) {
                s *= match (self.sentence_kinds[self.sentence[i]], s > 0.0) {
                    (SentenceKind::Question, true) => 0.25,
                    (SentenceKind::Challenge, true) => 0.4,
                    (SentenceKind::Question, false) => 0.5,
                    (SentenceKind::Challenge, false) => 0.9,
                    _ => 1.0,
                };
            }
            scores[i] = s;
        }
        self.score = scores;
    }

    /// "Problem fixed", "the issue was resolved": the problem noun no longer counts.
    fn resolved_problems(&mut self) {
        let t = &*TABLES;
        let n = self.units.len();
        for i in 0..n {
            if self.score[i] >= 0.0 || !t.problems.contains(self.units[i].text.as_str()) {
                continue;
            }
            let near = i.saturating_sub(SCOPE)..n.min(i + SCOPE + 1);
            let solved = near.into_iter().any(|j| {
                self.clause[j] == self.clause[i]
                    && self.score[j] > 0.0
                    && t.resolutions.contains(self.units[j].text.as_str())
            });
            if solved {
                self.score[i] = 0.0;
            }
        }
    }

    /// Cues that carry sentiment without a polar word.
    fn cues(&mut self) {
        let t = &*TABLES;
        let n = self.units.len();
        // A waited time: "been 3 weeks", "on hold for 45 minutes", "a week late".
        for i in 0..n {
            if !t.time_units.contains(self.units[i].text.as_str()) {
                continue;
            }
            let quantity = self
                .same_clause_before(i)
                .take(2)
                .find(|&(_, j)| {
                    let w = self.units[j].text.as_str();
                    t.quantities.contains(w) || w.chars().all(|c| c.is_ascii_digit())
                })
                .map(|(_, j)| j);
            let Some(q) = quantity else { continue };
            let triggered = self
                .same_clause_before(q)
                .take(SCOPE)
                .any(|(_, j)| t.wait_triggers.contains(self.units[j].text.as_str()))
                || self.units.get(i + 1).is_some_and(|u| {
                    self.clause[i + 1] == self.clause[i]
                        && t.wait_followers.contains(u.text.as_str())
                });
            if triggered {
                self.cue[i] -= 1.2;
            }
        }
        // A repeated attempt: "called three times", "the third time".
        for i in 0..n {
            if !matches!(self.units[i].text.as_str(), "times" | "time") || i == 0 {
                continue;
            }
            let count = self.units[i - 1].text.as_str();
            let many = t.repeat_counts.contains(count)
                || count.parse::<u32>().is_ok_and(|c| (2..1000).contains(&c));
            if many && self.clause[i - 1] == self.clause[i] {
                self.cue[i] -= 1.0;
            }
        }
        // Frustrated punctuation, at most twice.
        let mut frustrated = 0;
        for (s, kind) in self.sentence_kinds.iter().enumerate() {
            if *kind == SentenceKind::Frustrated && frustrated < 2 {
                if let Some(last) = self.sentence_spans[s].clone().last() {
                    self.cue[last] -= 1.0;
                }
                frustrated += 1;
            }
        }
        // Shouted urgency: "NOW".
        for i in 0..n {
            if self.units[i].caps
                && let Some(&w) = t.urgency.get(self.units[i].text.as_str())
            {
                self.cue[i] += w;
            }
        }
        // Ironic quotes around one to three words, in a message that is already
        // negative, outside a plain question.
        let net: f64 = self.score.iter().chain(&self.cue).sum();
        if net < 0.0 {
            let quotes: Vec<usize> = (0..n)
                .filter(|&i| self.units[i].kind == Kind::Punct('"'))
                .collect();
            for pair in quotes.chunks_exact(2) {
                let inside = pair[1] - pair[0] - 1;
                let sentence = self.sentence[pair[0]];
                if (1..=3).contains(&inside)
                    && sentence == self.sentence[pair[1]]
                    && self.sentence_kinds[sentence] != SentenceKind::Question
                {
                    self.cue[pair[0]] -= 0.7;
                }
            }
        }
        // A shouted message is frustration unless it is clearly positive.
        let net: f64 = self.score.iter().chain(&self.cue).sum();
        if self.shouting && net <= 0.5 {
            self.shout_cue = -1.2;
        }
    }

    fn total(&self, range: impl Iterator<Item = usize>) -> f64 {
        range.map(|i| self.score[i] + self.cue[i]).sum()
    }

    fn sarcasm(&mut self) {
        let t = &*TABLES;
        let n = self.units.len();
        // "thanks for ignoring me": thanks + for + a negative -ing word.
        for i in 0..n {
            let text = self.units[i].text.as_str();
            if !((text.starts_with("thank") || text == "thx") && self.score[i] > 0.0) {
                continue;
            }
            if self.units.get(i + 1).map(|u| u.text.as_str()) != Some("for") {
                continue;
            }
            let mocked = (i + 2..n.min(i + 2 + SCOPE))
                .take_while(|&j| self.clause[j] == self.clause[i])
                .any(|j| {
                    self.score[j] < 0.0 && self.units[j].text.split(' ').any(|w| w.ends_with("ing"))
                });
            if mocked {
                self.score[i] = -self.score[i];
            }
        }
        // "love how nobody answers", "love waiting on hold": love how/that/when or
        // love + an -ing word, and a negative rest of the sentence.
        for i in 0..n {
            if !matches!(self.units[i].text.as_str(), "love" | "loved" | "like")
                || self.score[i] <= 0.0
            {
                continue;
            }
            let next = self.units.get(i + 1).map(|u| u.text.as_str());
            let after = self.units.get(i + 2).map(|u| u.text.as_str());
            let opens = matches!(next, Some("how" | "that" | "when"))
                || (next == Some("it") && after == Some("when"))
                || next.is_some_and(|w| w.ends_with("ing"));
            if !opens {
                continue;
            }
            let rest = self.total(i + 1..self.sentence_spans[self.sentence[i]].end);
            if rest <= -0.8 {
                self.score[i] = -self.score[i];
            }
        }
        // "Great, another delay.": a short positive interjection in a message
        // that is otherwise negative and makes no contrast.
        if self
            .units
            .iter()
            .any(|u| matches!(u.kind, Kind::Contrast | Kind::Concessive))
        {
            return;
        }
        let mut interjections = Vec::new();
        for span in &self.clause_spans {
            let idx: Vec<usize> = span.clone().filter(|&i| self.units[i].is_word()).collect();
            if idx.is_empty() || idx.len() > 3 {
                continue;
            }
            let mut others = 0;
            let mut positive = false;
            let mut ok = true;
            for &i in &idx {
                let u = &self.units[i];
                if u.is_polar() && self.score[i] > 0.0 {
                    positive = true;
                } else if matches!(u.kind, Kind::Booster(_)) || t.fillers.contains(u.text.as_str())
                {
                } else if u.kind == Kind::Plain && others == 0 && i != idx[0] {
                    others += 1;
                } else {
                    ok = false;
                }
            }
            if ok && positive {
                interjections.push(idx);
            }
        }
        if interjections.is_empty() {
            return;
        }
        let inside: HashSet<usize> = interjections.iter().flatten().copied().collect();
        let rest = self.total((0..n).filter(|i| !inside.contains(i))) + self.shout_cue;
        if rest <= -0.8 {
            for i in inside {
                if self.score[i] > 0.0 {
                    self.score[i] = -self.score[i];
                }
            }
        }
    }

    fn contrast(&mut self) {
        let n = self.units.len();
        // Concessive clauses weigh half.
        for k in 0..n {
            if self.units[k].kind != Kind::Concessive {
                continue;
            }
            let clause = k..self.clause_spans[self.clause[k]].end;
            if clause.clone().skip(1).any(|j| self.units[j].is_word()) {
                for j in clause {
                    self.score[j] *= 0.5;
                    self.cue[j] *= 0.5;
                }
            }
        }
        // After the last "but": before 0.5×, after 1.5×.
        if let Some(m) = (0..n).rev().find(|&i| self.units[i].kind == Kind::Contrast) {
            for j in 0..n {
                let w = if j < m { 0.5 } else { 1.5 };
                self.score[j] *= w;
                self.cue[j] *= w;
            }
        }
    }
}

fn is_sentence_end(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…' | '\n')
}

/// See [`Sentiment::confidence`].
fn confidence(label: SentimentLabel, score: f64, contributions: &[f64], words: usize) -> f64 {
    let positive: f64 = contributions.iter().filter(|c| **c > 0.0).sum();
    let negative: f64 = -contributions.iter().filter(|c| **c < 0.0).sum::<f64>();
    let total = positive + negative;
    let evidence = contributions.iter().filter(|c| c.abs() > 0.05).count() as i32;
    let purity = if total > 0.0 {
        (positive - negative).abs() / total
    } else {
        1.0
    };
    let c = if label == SentimentLabel::Neutral {
        let closeness = 1.0 - score.abs() / LABEL_THRESHOLD;
        let length = 1.0 - 0.8f64.powi(words.min(50) as i32);
        let conflict = 1.0 / (1.0 + total / 2.0);
        closeness * length * (0.5 + 0.5 * conflict)
    } else {
        let margin = ((score.abs() - LABEL_THRESHOLD) / (1.0 - LABEL_THRESHOLD)).clamp(0.0, 1.0);
        let amount = 1.0 - 0.6f64.powi(evidence);
        0.25 + 0.75 * (0.5 * margin.sqrt() + 0.5 * amount) * (0.4 + 0.6 * purity)
    };
    c.clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn label(text: &str) -> SentimentLabel {
        analyze(text).label
    }

    #[test]
    fn eval_set_accuracy() {
        const LABELS: [SentimentLabel; 3] = [
            SentimentLabel::Negative,
            SentimentLabel::Neutral,
            SentimentLabel::Positive,
        ];
        let index = |l: SentimentLabel| LABELS.iter().position(|x| *x == l).unwrap();
        let mut confusion = [[0usize; 3]; 3];
        let mut misses = Vec::new();
        for (n, line) in include_str!("eval.tsv").lines().enumerate() {
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let (gold, text) = line
                .split_once('\t')
                .unwrap_or_else(|| panic!("eval.tsv line {}: no tab", n + 1));
            let gold: SentimentLabel = serde_json::from_value(serde_json::json!(gold))
                .unwrap_or_else(|_| panic!("eval.tsv line {}: bad label {gold:?}", n + 1));
            let got = analyze(text);
            confusion[index(gold)][index(got.label)] += 1;
            if got.label != gold {
                misses.push(format!(
                    "  {gold:?} → {:?} ({:+.2}): {text}",
                    got.label, got.score
                ));
            }
        }
        let total: usize = confusion.iter().flatten().sum();
        let correct: usize = (0..3).map(|i| confusion[i][i]).sum();
        let accuracy = correct as f64 / total as f64;
        println!(
            "sentiment eval: {correct}/{total} correct, accuracy {:.1}%",
            accuracy * 100.0
        );
        println!(
            "{:>14} | {:>8} {:>8} {:>8}",
            "gold \\ got", "negative", "neutral", "positive"
        );
        for (g, row) in confusion.iter().enumerate() {
            let name = format!("{:?}", LABELS[g]).to_lowercase();
            println!("{name:>14} | {:>8} {:>8} {:>8}", row[0], row[1], row[2]);
        }
        if !misses.is_empty() {
            println!("misclassified:\n{}", misses.join("\n"));
        }
        assert!(
            total >= 80,
            "the eval set needs at least 80 messages, has {total}"
        );
        assert!(
            accuracy >= 0.85,
            "accuracy {:.1}% is below 85%",
            accuracy * 100.0
        );
    }

    fn score(text: &str) -> f64 {
        analyze(text).score
    }

    #[test]
    fn empty_text_is_neutral_with_no_confidence() {
        for text in ["", "   ", "\n\t", "?!...", "--"] {
            let s = analyze(text);
            assert_eq!(s.label, SentimentLabel::Neutral, "{text:?}");
            assert_eq!(s.score, 0.0, "{text:?}");
            assert_eq!(s.confidence, 0.0, "{text:?}");
        }
    }

    #[test]
    fn plain_words_carry_their_polarity() {
        assert_eq!(
            label("The agent was friendly and helpful."),
            SentimentLabel::Positive
        );
        assert_eq!(
            label("The packaging was damaged."),
            SentimentLabel::Negative
        );
        assert_eq!(
            label("I placed the order on Monday."),
            SentimentLabel::Neutral
        );
    }

    #[test]
    fn negation_flips_and_softens() {
        assert_eq!(label("The service was good."), SentimentLabel::Positive);
        assert_eq!(label("The service was not good."), SentimentLabel::Negative);
        assert_eq!(
            label("Honestly it wasn't that good."),
            SentimentLabel::Negative
        );
        // A negated negative word is only mildly positive.
        let not_bad = score("The service was not bad.");
        assert!(
            not_bad > 0.0 && not_bad < score("The service was good."),
            "{not_bad}"
        );
    }

    #[test]
    fn negated_service_events_are_complaints() {
        assert_ne!(label("My order arrived."), SentimentLabel::Negative);
        assert_eq!(label("My order never arrived."), SentimentLabel::Negative);
        assert_eq!(label("The app isn't working."), SentimentLabel::Negative);
        assert_eq!(
            label("No one replied to my email."),
            SentimentLabel::Negative
        );
        assert_eq!(label("That didn't help at all."), SentimentLabel::Negative);
    }

    #[test]
    fn negation_scope_is_short_and_stops_at_punctuation() {
        assert_eq!(label("No, the agent was great."), SentimentLabel::Positive);
        // "not" is more than three tokens before "great".
        assert_eq!(
            label("I did not expect the new version of the app to be great."),
            SentimentLabel::Positive
        );
    }

    #[test]
    fn intensifiers_and_diminishers_scale() {
        assert!(score("It was very good.") > score("It was good."));
        assert!(score("It was extremely slow.") < score("It was slow."));
        assert!(score("It was a bit slow.") > score("It was slow."));
        assert!(score("It was slightly late.") > score("It was late."));
    }

    #[test]
    fn capitals_add_emphasis_and_shouting_is_frustration() {
        assert!(score("The support is USELESS.") < score("The support is useless."));
        assert_eq!(label("WHERE IS MY ORDER"), SentimentLabel::Negative);
        assert_eq!(label("THANK YOU SO MUCH"), SentimentLabel::Positive);
        // Acronyms in a normal sentence are not shouting.
        assert_eq!(
            label("Do you ship with DHL or UPS?"),
            SentimentLabel::Neutral
        );
    }

    #[test]
    fn exclamation_marks_amplify() {
        assert!(score("Great service!!!") > score("Great service"));
        assert!(score("Late again!") < score("Late again"));
        assert_eq!(label("Hello!"), SentimentLabel::Neutral);
    }

    #[test]
    fn emoji_and_emoticons_count() {
        assert_eq!(label("Arrived today 👍"), SentimentLabel::Positive);
        assert_eq!(label("Arrived today 😡"), SentimentLabel::Negative);
        assert_eq!(label("All sorted:)"), SentimentLabel::Positive);
        assert_eq!(label("Still nothing :("), SentimentLabel::Negative);
        assert_eq!(label("Love it ❤️"), SentimentLabel::Positive);
    }

    #[test]
    fn what_follows_but_weighs_more() {
        assert_eq!(
            label("The jacket is nice but delivery was slow."),
            SentimentLabel::Negative
        );
        assert_eq!(
            label("Delivery was slow but the jacket is nice."),
            SentimentLabel::Positive
        );
        assert_eq!(
            label("Although delivery was slow, the jacket is lovely."),
            SentimentLabel::Positive
        );
    }

    #[test]
    fn sarcasm_cues_turn_praise_negative() {
        assert_eq!(label("Great, another delay."), SentimentLabel::Negative);
        assert_eq!(label("Thanks for nothing."), SentimentLabel::Negative);
        assert_eq!(
            label("Just perfect, it broke again."),
            SentimentLabel::Negative
        );
        assert_eq!(
            label("Thanks for ignoring my emails."),
            SentimentLabel::Negative
        );
        assert_eq!(
            label("I love how nobody answers the phone."),
            SentimentLabel::Negative
        );
        // The same words without a negative rest stay positive.
        assert_eq!(label("Great, thanks!"), SentimentLabel::Positive);
        assert_eq!(
            label("I love how easy the return was."),
            SentimentLabel::Positive
        );
        // With a "but" it is a mixed message, not sarcasm.
        assert_eq!(
            label("Great product, but delivery was slow."),
            SentimentLabel::Negative
        );
        assert!(score("Great product, but delivery was slow.") > score("Great, another delay."));
    }

    #[test]
    fn polite_questions_stay_neutral() {
        for text in [
            "Where is my order?",
            "Could you please check the status of my refund?",
            "Can you resend the invoice? Thanks!",
            "Thanks in advance, could you update my address?",
            "Is it any good for travel?",
        ] {
            assert_eq!(label(text), SentimentLabel::Neutral, "{text}");
        }
    }

    #[test]
    fn frustrated_questions_and_waits_are_negative() {
        assert_eq!(label("Where is my order?!"), SentimentLabel::Negative);
        assert_eq!(
            label("Where is my order?! It's been 3 weeks."),
            SentimentLabel::Negative
        );
        assert_eq!(
            label("I've been on hold for 40 minutes."),
            SentimentLabel::Negative
        );
        assert_eq!(label("I've called four times."), SentimentLabel::Negative);
        assert_eq!(
            label("Standard delivery takes two days."),
            SentimentLabel::Neutral
        );
    }

    #[test]
    fn wishes_and_solved_problems() {
        assert_eq!(
            label("I need this fixed by Friday."),
            SentimentLabel::Neutral
        );
        assert_eq!(
            label("Problem solved, thank you!"),
            SentimentLabel::Positive
        );
        assert_eq!(
            label("The problem is still not fixed."),
            SentimentLabel::Negative
        );
    }

    #[test]
    fn idioms_are_not_scored_word_by_word() {
        assert_eq!(
            label("Good morning, I have a question."),
            SentimentLabel::Neutral
        );
        assert_eq!(
            label("I can't complain, it works."),
            SentimentLabel::Positive
        );
        assert_eq!(label("Couldn't be happier!"), SentimentLabel::Positive);
        assert_eq!(
            label("No problem at all, thanks."),
            SentimentLabel::Positive
        );
    }

    #[test]
    fn confidence_grows_with_evidence() {
        let weak = analyze("It was good.");
        let strong = analyze("Excellent service, super helpful agent, fast refund. Thank you!");
        assert_eq!(strong.label, SentimentLabel::Positive);
        assert!(
            strong.confidence > weak.confidence,
            "{strong:?} vs {weak:?}"
        );
        let mixed = analyze("Great product but terrible delivery and rude staff.");
        let pure = analyze("Terrible delivery and rude staff.");
        assert!(pure.confidence > mixed.confidence, "{pure:?} vs {mixed:?}");
    }

    #[test]
    fn scores_and_confidence_stay_in_range() {
        let texts = [
            "WORST WORST WORST!!!!!! 😡😡😡😡 scam fraud liar useless broken",
            "best best best amazing perfect love love 😍😍😍 thank you so much!!!",
            "not not not not",
            "\u{1F926}\u{200D}\u{2642}\u{FE0F} ok",
            "a\"b\"c ... ?! ,,, :/ https://example.com/a.b",
            "ǅ ß ÆØÅ 日本語のテキスト",
        ];
        for text in texts {
            let s = analyze(text);
            assert!((-1.0..=1.0).contains(&s.score), "{text}: {s:?}");
            assert!((0.0..=1.0).contains(&s.confidence), "{text}: {s:?}");
        }
        assert_eq!(
            analyze(&"very ".repeat(10_000)).label,
            SentimentLabel::Neutral
        );
    }

    #[test]
    fn serialises_in_snake_case() {
        let s = analyze("Thanks, that was great!");
        let json = serde_json::to_value(&s).unwrap();
        assert_eq!(json["label"], "positive");
        let back: Sentiment = serde_json::from_value(json).unwrap();
        assert_eq!(back, s);
    }

    #[test]
    fn trend_is_smoothed_end_minus_start() {
        assert_eq!(trend(&[]), 0.0);
        assert_eq!(trend(&[0.5]), 0.0);
        assert!((trend(&[-0.5, 0.5]) - 1.0).abs() < 1e-9);
        assert!((trend(&[-0.6, -0.2, 0.2, 0.6]) - 1.2).abs() < 1e-9);
        assert!(trend(&[0.8, 0.3, -0.1, -0.7]) < 0.0);
        assert!(trend(&[0.2, 0.2, 0.2]).abs() < 1e-9);
        // One bad last message after a good run moves the line less than
        // end-minus-start would.
        let series = [0.6, 0.7, 0.6, 0.7, -0.5];
        assert!(trend(&series) < 0.0 && trend(&series) > -0.5 - 0.6);
        // Non-finite values are skipped.
        assert!((trend(&[-0.5, f64::NAN, 0.5]) - 1.0).abs() < 1e-9);
    }
}
