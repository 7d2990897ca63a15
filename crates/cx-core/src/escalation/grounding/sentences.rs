//! Splitting an answer into sentences: the unit a claim's record is read from, and the unit the
//! kiosk is shown while a model streams.

/// Words after which a `.` does not end a sentence ("order no. 1042", "approx. 5 days").
const ABBREVIATIONS: &[&str] = &[
    "no", "nr", "num", "approx", "ca", "vs", "e.g", "i.e", "mr", "mrs", "ms", "dr", "st", "inc",
    "ltd", "co", "dept", "ref", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
    "oct", "nov", "dec",
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
        '.' => Some(rest.starts_with(char::is_whitespace) && !abbreviation(&text[..i])),
        _ => Some(false),
    }
}

/// Whether the text before a `.` ends with an abbreviation or a single-letter initial.
fn abbreviation(before: &str) -> bool {
    let word = before
        .rsplit(|c: char| c.is_whitespace() || c == '(')
        .next()
        .unwrap_or_default();
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
