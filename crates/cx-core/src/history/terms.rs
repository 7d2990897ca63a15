//! Free text → search terms. Dialect-neutral: this only decides which words a reviewer typed; the
//! backend module turns them into its own query syntax (FTS5 today, a tsquery later). Nothing the
//! reviewer types is interpreted as an operator: every word is kept literally.

use crate::error::{CoreError, Result};

/// Longest search text accepted, in characters.
pub const MAX_TEXT_CHARS: usize = 256;
/// Most words in one search. Each word costs one full-text lookup (see `fts_sqlite`).
pub const MAX_TERMS: usize = 8;

/// One word (or punctuated chunk such as `bob@example.com`) to find, literally.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub text: String,
    /// Match any word starting with `text` (search as you type).
    pub prefix: bool,
}

/// Split on whitespace; a chunk with no letter or digit (`"`, `*`, `--`) can match nothing and is
/// dropped. The last word is a prefix, so a half-typed word already finds something.
pub fn parse(text: &str) -> Result<Vec<Term>> {
    let text = text.trim();
    if text.is_empty() {
        return Err(CoreError::invalid(
            "the search text is empty; leave it out to list recent sessions",
        ));
    }
    if text.chars().count() > MAX_TEXT_CHARS {
        return Err(CoreError::invalid(format!(
            "the search text is too long (more than {MAX_TEXT_CHARS} characters)"
        )));
    }
    let mut terms: Vec<Term> = text
        .split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .map(|w| Term {
            text: w.to_owned(),
            prefix: false,
        })
        .collect();
    if terms.is_empty() {
        return Err(CoreError::invalid(format!(
            "the search text '{text}' has no letters or digits to search for"
        )));
    }
    if terms.len() > MAX_TERMS {
        return Err(CoreError::invalid(format!(
            "too many words in the search ({}); use at most {MAX_TERMS}",
            terms.len()
        )));
    }
    if let Some(last) = terms.last_mut() {
        last.prefix = true;
    }
    Ok(terms)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(t: &[Term]) -> Vec<(&str, bool)> {
        t.iter().map(|t| (t.text.as_str(), t.prefix)).collect()
    }

    #[test]
    fn words_are_kept_literally_and_the_last_is_a_prefix() {
        let t = parse("  Refund  'real person\"\t NEAR( ").unwrap();
        assert_eq!(
            texts(&t),
            [
                ("Refund", false),
                ("'real", false),
                ("person\"", false),
                ("NEAR(", true)
            ]
        );
    }

    #[test]
    fn chunks_without_letters_are_dropped_and_nothing_left_is_an_error() {
        assert_eq!(texts(&parse("* refund \" --").unwrap()), [("refund", true)]);
        for bad in ["", "   ", "\"", "*", "\" * -- ()"] {
            let err = parse(bad).unwrap_err();
            assert_eq!(err.code(), "invalid_input", "{bad:?}: {err}");
        }
    }

    #[test]
    fn limits_are_clear_errors() {
        let long = "a".repeat(MAX_TEXT_CHARS + 1);
        assert!(parse(&long).unwrap_err().to_string().contains("too long"));
        let many = ["w"; MAX_TERMS + 1].join(" ");
        assert!(parse(&many).unwrap_err().to_string().contains("too many"));
        assert_eq!(parse(&["w"; MAX_TERMS].join(" ")).unwrap().len(), MAX_TERMS);
    }
}
