//! Text normalisation for the intent rules: lower-casing, contractions, chat shorthand and light
//! typo repair, so that the rules can match plain canonical words.

use regex::Regex;
use std::sync::LazyLock;

static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)+").expect("email regex")
});

/// Placeholder word for an e-mail address found in the text.
pub(crate) const EMAIL_WORD: &str = "emailaddr";
/// Placeholder word for any token containing a digit (ids, phone digits, amounts).
pub(crate) const NUMBER_WORD: &str = "num";

/// Splits `text` into canonical lower-case words.
pub(crate) fn words(text: &str) -> Vec<String> {
    let lower = text
        .to_lowercase()
        .replace(['\u{2019}', '\u{2018}', '`', '\u{b4}'], "'");
    let lower = EMAIL.replace_all(&lower, format!(" {EMAIL_WORD} "));
    let lower = lower.replace("e-mail", "email");
    let mut out: Vec<String> = Vec::new();
    for raw in lower.split(|c: char| !(c.is_alphanumeric() || c == '\'')) {
        let raw = raw.trim_matches('\'');
        if raw.is_empty() {
            continue;
        }
        if raw.chars().any(|c| c.is_ascii_digit()) {
            out.push(NUMBER_WORD.to_string());
            continue;
        }
        for w in expand(raw) {
            // "e mail" written apart.
            if w == "mail" && out.last().is_some_and(|p| p == "e") {
                out.pop();
            }
            out.push(canonical(&w));
        }
    }
    out
}

/// Contractions and chat shorthand, with or without the apostrophe.
fn expand(raw: &str) -> Vec<String> {
    let fixed: &[&str] = match raw {
        "can't" | "cant" | "cannot" => &["can", "not"],
        "won't" | "wont" => &["will", "not"],
        "ain't" | "aint" => &["is", "not"],
        "shan't" => &["shall", "not"],
        "im" => &["i", "am"],
        "ive" => &["i", "have"],
        "youre" => &["you", "are"],
        "dont" => &["do", "not"],
        "doesnt" => &["does", "not"],
        "didnt" => &["did", "not"],
        "havent" => &["have", "not"],
        "hasnt" => &["has", "not"],
        "hadnt" => &["had", "not"],
        "isnt" => &["is", "not"],
        "arent" => &["are", "not"],
        "wasnt" => &["was", "not"],
        "werent" => &["were", "not"],
        "shouldnt" => &["should", "not"],
        "couldnt" => &["could", "not"],
        "wouldnt" => &["would", "not"],
        "wheres" => &["where", "is"],
        "whats" => &["what", "is"],
        "hows" => &["how", "is"],
        "thats" => &["that", "is"],
        "theres" => &["there", "is"],
        "whos" => &["who", "is"],
        "heres" => &["here", "is"],
        "wanna" => &["want", "to"],
        "gonna" => &["going", "to"],
        "gotta" => &["got", "to"],
        "gimme" => &["give", "me"],
        "lemme" => &["let", "me"],
        "dunno" => &["do", "not", "know"],
        "ty" | "tyvm" | "tysm" => &["thank", "you"],
        "u" => &["you"],
        "ur" => &["your"],
        "r" => &["are"],
        _ => &[],
    };
    if !fixed.is_empty() {
        return fixed.iter().map(|s| s.to_string()).collect();
    }
    let Some((base, suffix)) = raw.split_once('\'') else {
        return vec![raw.to_string()];
    };
    let tail = match suffix {
        "t" => {
            let stem = base.strip_suffix('n').unwrap_or(base);
            let stem = match stem {
                "ca" => "can",
                "wo" => "will",
                "ai" => "is",
                "sha" => "shall",
                s => s,
            };
            return vec![stem.to_string(), "not".to_string()];
        }
        "m" => "am",
        "re" => "are",
        "ve" => "have",
        "ll" => "will",
        "d" => "would",
        "s" => "is",
        _ => "",
    };
    let mut v = vec![base.to_string()];
    if !tail.is_empty() {
        v.push(tail.to_string());
    }
    v
}

/// Words the rules look for, in canonical form. Plurals of these are reduced to them.
const KEYWORDS: &[&str] = &[
    "order",
    "ticket",
    "refund",
    "package",
    "parcel",
    "delivery",
    "shipment",
    "email",
    "complaint",
    "purchase",
    "item",
    "agent",
    "human",
    "person",
    "representative",
    "operator",
    "case",
    "issue",
    "problem",
    "request",
    "thank",
    "product",
    "thing",
    "incident",
    "update",
    "change",
    "detail",
    "bot",
    "robot",
    "manager",
    "supervisor",
    "address",
    "employee",
    "return",
];

/// Keywords long enough to repair a one-letter typo safely (shorter words collide with English).
const SNAP: &[&str] = &[
    "refund",
    "ticket",
    "package",
    "parcel",
    "delivery",
    "delivered",
    "shipment",
    "shipping",
    "shipped",
    "tracking",
    "address",
    "complaint",
    "purchase",
    "arrived",
    "reimburse",
    "reimbursement",
    "representative",
    "thanks",
    "received",
    "supervisor",
    "operator",
    "update",
    "change",
    "status",
    "dispatched",
];

/// Real words within one edit of a `SNAP` word, left as they are.
const PROTECT: &[&str] = &[
    "thinks", "shopping", "chance", "chances", "states", "stated", "ticker", "wicket", "shipper",
    "statue", "refind", "parcels", "tickets", "refunds", "updates", "changes", "changed",
    "updated", "hanks", "thanes",
];

const TYPOS: &[(&str, &str)] = &[
    ("ordr", "order"),
    ("oder", "order"),
    ("odrer", "order"),
    ("ordre", "order"),
    ("orer", "order"),
    ("oredr", "order"),
    ("ordder", "order"),
    ("oreder", "order"),
    ("orderr", "order"),
    ("tiket", "ticket"),
    ("tickt", "ticket"),
    ("tikcet", "ticket"),
    ("emial", "email"),
    ("emal", "email"),
    ("emali", "email"),
    ("eamil", "email"),
    ("mail", "email"),
    ("wher", "where"),
    ("whre", "where"),
    ("wehre", "where"),
    ("helo", "hello"),
    ("hallo", "hello"),
    ("hullo", "hello"),
    ("hellow", "hello"),
    ("hii", "hi"),
    ("hy", "hi"),
    ("heyy", "hey"),
    ("thx", "thanks"),
    ("thnx", "thanks"),
    ("thanx", "thanks"),
    ("thks", "thanks"),
    ("tnx", "thanks"),
    ("tks", "thanks"),
    ("thnks", "thanks"),
    ("thankyou", "thanks"),
    ("pls", "please"),
    ("plz", "please"),
    ("plse", "please"),
    ("pleas", "please"),
    ("pkg", "package"),
    ("acct", "account"),
    ("addr", "address"),
    ("adress", "address"),
    ("adres", "address"),
    ("rep", "representative"),
    ("reps", "representative"),
    ("refnd", "refund"),
    ("refud", "refund"),
    ("refun", "refund"),
    ("recieved", "received"),
    ("recieve", "receive"),
    ("staus", "status"),
    ("stauts", "status"),
    ("statsu", "status"),
];

fn canonical(word: &str) -> String {
    let w = repair(word);
    plural_stem(&w).map(str::to_string).unwrap_or(w)
}

fn repair(word: &str) -> String {
    if let Some((_, to)) = TYPOS.iter().find(|(from, _)| *from == word) {
        return to.to_string();
    }
    // "hellooo", "thaaanks", "heyyyy": a run of three or more letters is an emphasis.
    let squeezed = squeeze(word);
    if squeezed != word {
        return repair(&squeezed);
    }
    let plain = word.chars().all(|c| c.is_ascii_alphabetic());
    if plain
        && word.len() >= 5
        && !PROTECT.contains(&word)
        && !KEYWORDS.contains(&word)
        && let Some(k) = SNAP.iter().find(|k| within_one_edit(word, k))
    {
        return k.to_string();
    }
    word.to_string()
}

fn plural_stem(word: &str) -> Option<&'static str> {
    let stem = word
        .strip_suffix("ies")
        .map(|s| format!("{s}y"))
        .or_else(|| word.strip_suffix('s').map(str::to_string))?;
    KEYWORDS.iter().copied().find(|k| *k == stem)
}

fn squeeze(word: &str) -> String {
    let chars: Vec<char> = word.chars().collect();
    let mut out = String::with_capacity(word.len());
    let mut i = 0;
    while i < chars.len() {
        let mut j = i;
        while j < chars.len() && chars[j] == chars[i] {
            j += 1;
        }
        let run = j - i;
        let keep = if run >= 3 { 1 } else { run };
        out.extend(std::iter::repeat_n(chars[i], keep));
        i = j;
    }
    out
}

/// Optimal-string-alignment distance ≤ 1 (one insertion, deletion, substitution or swap).
fn within_one_edit(a: &str, b: &str) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > 1 {
        return false;
    }
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let (ra, rb) = (&a[prefix..], &b[prefix..]);
    match (ra.len(), rb.len()) {
        (0, 0) => true,
        (x, y) if x == y => {
            ra[1..] == rb[1..] || (x >= 2 && ra[0] == rb[1] && ra[1] == rb[0] && ra[2..] == rb[2..])
        }
        (x, y) if x > y => ra[1..] == *rb,
        _ => *ra == rb[1..],
    }
}

/// Token-level helpers used by the rules.
pub(crate) struct Words {
    pub(crate) w: Vec<String>,
}

impl Words {
    pub(crate) fn new(text: &str) -> Self {
        Self { w: words(text) }
    }
    pub(crate) fn len(&self) -> usize {
        self.w.len()
    }
    pub(crate) fn at(&self, i: usize) -> &str {
        self.w.get(i).map(String::as_str).unwrap_or("")
    }
    pub(crate) fn has(&self, word: &str) -> bool {
        self.w.iter().any(|w| w == word)
    }
    pub(crate) fn any(&self, set: &[&str]) -> bool {
        self.w.iter().any(|w| set.contains(&w.as_str()))
    }
    /// Positions of words from `set`.
    pub(crate) fn find(&self, set: &[&str]) -> Vec<usize> {
        (0..self.w.len())
            .filter(|&i| set.contains(&self.w[i].as_str()))
            .collect()
    }
    /// Whether `seq` occurs as consecutive words.
    pub(crate) fn phrase(&self, seq: &[&str]) -> bool {
        !seq.is_empty()
            && self
                .w
                .windows(seq.len())
                .any(|win| win.iter().zip(seq).all(|(a, b)| a == b))
    }
    /// Whether a word of `set` occurs in the `before` words preceding position `i`.
    pub(crate) fn before(&self, i: usize, before: usize, set: &[&str]) -> bool {
        let end = i.min(self.w.len());
        self.w[end.saturating_sub(before)..end]
            .iter()
            .any(|w| set.contains(&w.as_str()))
    }
    /// Whether a word of `set` occurs in the `after` words following position `i`.
    pub(crate) fn after(&self, i: usize, after: usize, set: &[&str]) -> bool {
        let end = (i + 1 + after).min(self.w.len());
        let start = (i + 1).min(end);
        self.w[start..end].iter().any(|w| set.contains(&w.as_str()))
    }
    /// Whether words of `a` and `b` occur within `window` words of each other.
    pub(crate) fn near(&self, a: &[&str], b: &[&str], window: usize) -> bool {
        self.find(a)
            .into_iter()
            .any(|i| self.before(i, window, b) || self.after(i, window, b))
    }
    /// "I don't want …", "no need for …", "no …": the word at `i` is refused, not asked for.
    pub(crate) fn negated(&self, i: usize) -> bool {
        const NEG: &[&str] = &["not", "no", "never", "without", "nor"];
        const WISH: &[&str] = &[
            "want",
            "need",
            "like",
            "ask",
            "asking",
            "looking",
            "interested",
            "request",
            "care",
            "wish",
        ];
        if i > 0 && NEG.contains(&self.at(i - 1)) {
            return true;
        }
        let start = i.saturating_sub(6);
        (start..i)
            .any(|j| NEG.contains(&self.at(j)) && (j + 1..i).any(|k| WISH.contains(&self.at(k))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_contractions_typos_and_placeholders() {
        assert_eq!(
            words("Where's my ORDR #1042?"),
            ["where", "is", "my", "order", "num"]
        );
        assert_eq!(words("I can’t find it"), ["i", "can", "not", "find", "it"]);
        assert_eq!(
            words("e-mail me at a@b.com"),
            ["email", "me", "at", "emailaddr"]
        );
        assert_eq!(words("e mail"), ["email"]);
        assert_eq!(words("helloooo"), ["hello"]);
        assert_eq!(words("refnd tickets"), ["refund", "ticket"]);
        assert_eq!(words("packge"), ["package"]);
        assert_eq!(words("just shopping"), ["just", "shopping"]);
        assert_eq!(words("thnaks thx thanks"), ["thank", "thank", "thank"]);
    }

    #[test]
    fn one_edit() {
        assert!(within_one_edit("refnd", "refund"));
        assert!(within_one_edit("tikcet", "ticket"));
        assert!(within_one_edit("ticket", "ticket"));
        assert!(!within_one_edit("rocket", "ticket"));
        assert!(!within_one_edit("ab", "abcd"));
    }
}
