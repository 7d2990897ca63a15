//! A customer's question → the words worth searching for. Dialect-neutral: the backend module
//! (`fts_sqlite`) turns [`Term`]s into its own syntax, always as literal text.
//!
//! Unlike history search (where a reviewer types a few keywords that must all occur), knowledge
//! search gets whole questions — "how long does a refund take" — so function words are dropped and
//! any remaining word may match; ranking rewards passages holding more of them.

use crate::error::{CoreError, Result};

/// Longest question accepted, in characters.
pub const MAX_QUERY_CHARS: usize = 500;
/// Words searched at most; later ones are ignored (a long question rarely gains from them).
pub const MAX_TERMS: usize = 16;

/// One word to find, with the spellings that count as the same word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// As typed, minus surrounding punctuation and lower-cased ("e-mail", "usb-c", "refund").
    pub text: String,
    /// The same word without inner punctuation ("email"), when that differs.
    pub joined: Option<String>,
}

/// Words that say nothing about the topic. Kept short on purpose: "return", "change", "order",
/// "not working" are the topic.
const STOPWORDS: &[&str] = &[
    "a", "about", "after", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be",
    "been", "before", "being", "but", "by", "can", "could", "did", "do", "does", "doing", "for",
    "from", "get", "got", "had", "has", "have", "having", "he", "hello", "her", "hey", "hi", "his",
    "how", "i", "if", "in", "into", "is", "it", "its", "just", "many", "me", "might", "much", "my",
    "myself", "no", "not", "of", "on", "or", "our", "please", "she", "should", "so", "some",
    "still", "than", "thank", "thanks", "that", "the", "their", "them", "then", "there", "these",
    "they", "this", "those", "to", "too", "us", "very", "was", "we", "were", "what", "when",
    "where", "which", "while", "who", "why", "will", "with", "would", "yes", "you", "your",
    "yours",
];

/// The terms of `question`, in order, without duplicates. Errors are `InvalidInput` with a
/// message that can be shown as is.
pub fn parse(question: &str) -> Result<Vec<Term>> {
    let question = question.trim();
    if question.is_empty() {
        return Err(CoreError::invalid("the search text is empty"));
    }
    if question.chars().count() > MAX_QUERY_CHARS {
        return Err(CoreError::invalid(format!(
            "the search text is too long (more than {MAX_QUERY_CHARS} characters)"
        )));
    }
    let words: Vec<String> = question
        .split(|c: char| c.is_whitespace() || c.is_control())
        .filter_map(word)
        .collect();
    if words.is_empty() {
        return Err(CoreError::invalid(
            "the search text has no letters or digits to search for",
        ));
    }
    let mut terms: Vec<Term> = Vec::new();
    for text in words
        .into_iter()
        .filter(|w| !STOPWORDS.contains(&w.as_str()))
    {
        if terms.len() == MAX_TERMS {
            break;
        }
        if terms.iter().any(|t| t.text == text) {
            continue;
        }
        let joined: String = text.chars().filter(|c| c.is_alphanumeric()).collect();
        terms.push(Term {
            joined: (joined != text).then_some(joined),
            text,
        });
    }
    if terms.is_empty() {
        return Err(CoreError::invalid(
            "the search text has no specific words to search for; name the topic, \
             e.g. refund, delivery or warranty",
        ));
    }
    Ok(terms)
}

/// One whitespace-separated chunk as a search word, or `None` when it carries nothing: the
/// surrounding punctuation goes, a contraction keeps its stem ("what's" → "what"), and a negation
/// ("won't") is dropped like "not".
fn word(chunk: &str) -> Option<String> {
    let lower = chunk.to_lowercase().replace('\u{2019}', "'");
    let trimmed = lower.trim_matches(|c: char| !c.is_alphanumeric());
    if trimmed.ends_with("n't") {
        return None;
    }
    let stem = trimmed.split('\'').next().unwrap_or(trimmed);
    let stem = stem.trim_matches(|c: char| !c.is_alphanumeric());
    (!stem.is_empty()).then(|| stem.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(q: &str) -> Vec<String> {
        parse(q).unwrap().into_iter().map(|t| t.text).collect()
    }

    #[test]
    fn questions_keep_their_topic_words() {
        assert_eq!(
            texts("How long does a REFUND take?"),
            ["long", "refund", "take"]
        );
        assert_eq!(
            texts("My headphones won't pair, what's wrong?!"),
            ["headphones", "pair", "wrong"]
        );
        assert_eq!(texts("refund refund Refund"), ["refund"]);
        assert_eq!(
            texts("Customer’s order #1042"),
            ["customer", "order", "1042"]
        );
    }

    #[test]
    fn inner_punctuation_is_kept_with_a_joined_spelling() {
        let t = parse("change e-mail").unwrap();
        assert_eq!(t[1].text, "e-mail");
        assert_eq!(t[1].joined.as_deref(), Some("email"));
        assert_eq!(t[0].joined, None);
    }

    #[test]
    fn nothing_to_search_is_a_clear_error() {
        for (bad, says) in [
            ("", "empty"),
            ("   \t", "empty"),
            ("?!* -- \"\"", "no letters"),
            ("how do I do it?", "no specific words"),
        ] {
            let err = parse(bad).unwrap_err();
            assert_eq!(err.code(), "invalid_input");
            assert!(err.to_string().contains(says), "{bad:?}: {err}");
        }
        let long = "refund ".repeat(100);
        assert!(parse(&long).unwrap_err().to_string().contains("too long"));
    }

    #[test]
    fn many_words_are_capped() {
        let many: Vec<String> = (0..40).map(|i| format!("w{i}")).collect();
        assert_eq!(parse(&many.join(" ")).unwrap().len(), MAX_TERMS);
    }
}
