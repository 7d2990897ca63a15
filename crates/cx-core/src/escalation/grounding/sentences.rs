//! Splitting an answer into sentences: the unit a claim's record is read from, and the unit the
//! kiosk is shown while a model streams.

/// Words after which a `.` does not end a sentence ("order no. 1042", "approx. 5 days", "Nr.
/// 1042", "z. B.", "núm. 1042").
const ABBREVIATIONS: &[&str] = &[
    "no", "nr", "num", "approx", "ca", "vs", "e.g", "i.e", "mr", "mrs", "ms", "dr", "st", "inc",
    "ltd", "co", "dept", "ref", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
    "oct", "nov", "dec", "bzw", "z.b", "u.a", "inkl", "zzgl", "ggf", "evtl", "str", "tel", "okt",
    "dez", "mär", "mrz", "núm", "sr", "sra", "srta", "ud", "uds", "ene", "abr", "dic",
];

/// Whether the character at `i` ends a sentence: `Some(true)` yes, `Some(false)` no, `None` not
/// yet known (a `.` at the very end of text still arriving: "$79." may go on as "$79.99").
fn ends_at(text: &str, i: usize, ch: char, complete: bool) -> Option<bool> {
    let rest = &text[i + ch.len_utf8()..];
    match ch {
        '!' | '?' | ';' | '\n' => Some(true),
        // A `.` ends one before whitespace ("$79.99" and "2.10.2026" are numbers), unless it
        // closes an abbreviation or an initial; and at the end of a complete text.
        '.' if rest.is_empty() => complete.then_some(true),
        '.' if !rest.starts_with(char::is_whitespace) || abbreviation(&text[..i]) => Some(false),
        '.' => date_goes_on(&text[..i], rest, complete).map(|goes_on| !goes_on),
        _ => Some(false),
    }
}

/// Whether the `.` between `before` and `rest` belongs to a date that goes on: a German day or
/// day and month ("am 2. Dezember", "am 2.12. versandt" — the next word is a month, a number or
/// in lower case) or a month abbreviation before the year ("2 ago. 2026"). None: not yet known,
/// the next word has not arrived.
fn date_goes_on(before: &str, rest: &str, complete: bool) -> Option<bool> {
    let word = last_word(before);
    let day = |w: &str| (1..=2).contains(&w.len()) && w.bytes().all(|b| b.is_ascii_digit());
    let day_or_date = day(word) || word.split_once('.').is_some_and(|(d, m)| day(d) && day(m));
    let month = super::languages::is_month_abbreviation(word);
    if !day_or_date && !month {
        return Some(false);
    }
    let next = rest.trim_start();
    let end = next.find(|c: char| !c.is_alphanumeric());
    if end.is_none() && !complete {
        // "2. Dez" may go on as "2. Dezember", and "2. " has no next word yet.
        return None;
    }
    let next_word = &next[..end.unwrap_or(next.len())];
    let first = next_word.chars().next();
    Some(match first {
        Some(c) if c.is_ascii_digit() => true,
        Some(c) if day_or_date => c.is_lowercase() || super::languages::is_month(next_word),
        _ => false,
    })
}

/// The word before a `.`, after the last space or opening bracket.
fn last_word(before: &str) -> &str {
    before
        .rsplit(|c: char| c.is_whitespace() || c == '(')
        .next()
        .unwrap_or_default()
}

/// Whether the text before a `.` ends with an abbreviation or a single-letter initial.
fn abbreviation(before: &str) -> bool {
    let word = last_word(before);
    let single = word.chars().count() == 1 && word.chars().all(char::is_alphabetic);
    single || ABBREVIATIONS.iter().any(|a| word.eq_ignore_ascii_case(a))
}

/// The sentences (and clauses after `;`) of a complete text, trimmed, with their byte offsets.
pub(crate) fn sentence_spans(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut start = 0;
    let mut chars = text.char_indices();
    std::iter::from_fn(move || {
        for (i, ch) in chars.by_ref() {
            if ends_at(text, i, ch, true) == Some(true) {
                let from = start;
                start = i + ch.len_utf8();
                return Some((from, &text[from..start]));
            }
        }
        (start < text.len()).then(|| {
            let from = start;
            start = text.len();
            (from, &text[from..])
        })
    })
    .map(|(from, piece)| {
        let lead = piece.len() - piece.trim_start().len();
        (from + lead, piece.trim())
    })
    .filter(|(_, s)| !s.is_empty())
}

/// The sentences of a complete text, trimmed.
pub(crate) fn sentences(text: &str) -> impl Iterator<Item = &str> {
    sentence_spans(text).map(|(_, s)| s)
}

/// Where the first sentence of a text still arriving ends, if that is already known.
pub(super) fn first_end(text: &str) -> Option<usize> {
    for (i, ch) in text.char_indices() {
        match ends_at(text, i, ch, false) {
            Some(true) => return Some(i + ch.len_utf8()),
            Some(false) => {}
            None => return None,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_dates_and_abbreviations_stay_whole() {
        let text = "Order no. 1042 was $79.99. It shipped 2.10.2026! Done";
        assert_eq!(
            sentences("Approx. 5 days, e.g. 5 days. Mr. J. Smith asked.").collect::<Vec<_>>(),
            ["Approx. 5 days, e.g. 5 days.", "Mr. J. Smith asked."]
        );
        assert_eq!(
            sentences("It shipped on Oct. 3, 2026. Thanks").collect::<Vec<_>>(),
            ["It shipped on Oct. 3, 2026.", "Thanks"]
        );
        let got: Vec<_> = sentence_spans(text).collect();
        assert_eq!(
            got,
            [
                (0, "Order no. 1042 was $79.99."),
                (27, "It shipped 2.10.2026!"),
                (49, "Done")
            ]
        );
    }

    #[test]
    fn a_sentence_still_arriving_is_not_ended_by_a_trailing_dot() {
        assert_eq!(first_end("It was $79."), None);
        assert_eq!(first_end("It has shipped. "), Some(15));
        assert_eq!(first_end("Order no. 1"), None);
        assert_eq!(first_end("Order no. "), None);
        assert_eq!(first_end("It was $79. It"), Some(11));
        assert_eq!(first_end("Really? Yes"), Some(7));
        assert_eq!(first_end("no end yet"), None);
    }
}
