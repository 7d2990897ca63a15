//! Input validation: typed checks, never blacklists. Queries are parameterized by sea-orm, so
//! text is stored verbatim, quotes and all.

use crate::error::{CoreError, Result};

/// A customer (or agent) message, normalised before it is stored: line breaks become `\n`,
/// invisible format characters are removed (see `invisible`), then it must be not empty, at
/// most `max_chars` characters, with no control characters other than newline and tab. Returns
/// the normalised text trimmed of surrounding whitespace.
pub fn customer_message(text: &str, max_chars: usize) -> Result<String> {
    let normalised = normalise(text);
    let trimmed = normalised.trim();
    if trimmed.is_empty() {
        return Err(CoreError::invalid("the message is empty"));
    }
    let count = trimmed.chars().count();
    if count > max_chars {
        return Err(CoreError::invalid(format!(
            "the message is too long ({count} characters; at most {max_chars})"
        )));
    }
    if let Some(c) = trimmed
        .chars()
        .find(|c| c.is_control() && *c != '\n' && *c != '\t')
    {
        return Err(CoreError::invalid(format!(
            "the message contains a control character (U+{:04X})",
            c as u32
        )));
    }
    Ok(trimmed.to_owned())
}

/// Nothing a person would see: empty, blank, or only invisible format characters.
pub fn is_blank(text: &str) -> bool {
    normalise(text).trim().is_empty()
}

/// One kind of line break (`\n`) and no invisible characters: what is stored is what every
/// window, export and model shows, and a hidden character cannot reorder text on screen, split a
/// word past the repeat and masking checks, or smuggle instructions to the model.
fn normalise(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\r' if chars.get(i + 1) == Some(&'\n') => {}
            '\r' | '\u{85}' | '\u{2028}' | '\u{2029}' => out.push('\n'),
            '\u{200C}' | '\u{200D}' if joins(out.chars().next_back(), chars.get(i + 1)) => {
                out.push(c)
            }
            c if invisible(c) => {}
            c => out.push(c),
        }
        i += 1;
    }
    out
}

/// Characters that show nothing yet change how text reads or compares.
fn invisible(c: char) -> bool {
    matches!(c,
        // bidi embeddings, overrides and isolates; the LRM/RLM/ALM marks
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}'
        // zero width space, non-joiner, joiner; word joiner and the invisible operators
        | '\u{200B}'..='\u{200D}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}'
        // soft hyphen, Mongolian vowel separator, deprecated format controls, annotations
        | '\u{AD}' | '\u{180E}' | '\u{206A}'..='\u{206F}' | '\u{FFF9}'..='\u{FFFB}'
        // tag characters: invisible ASCII look-alikes used to hide instructions from readers
        | '\u{E0001}' | '\u{E0020}'..='\u{E007F}'
    )
}

/// ZWJ/ZWNJ carry meaning between two characters of emoji sequences and of the scripts that
/// shape with them (Arabic to Sinhala, Myanmar); anywhere else they only hide things.
fn joins(before: Option<char>, after: Option<&char>) -> bool {
    let shaped = |c: char| {
        matches!(c,
            '\u{0600}'..='\u{0DFF}' | '\u{1000}'..='\u{109F}'
            // pictographs, dingbats, variation selector 16 and skin tones (emoji sequences)
            | '\u{2600}'..='\u{27BF}' | '\u{2B00}'..='\u{2BFF}' | '\u{FE0F}'
            | '\u{1F000}'..='\u{1FAFF}'
        )
    };
    matches!((before, after), (Some(b), Some(&a)) if shaped(b) && shaped(a))
}

/// A syntactically valid email address, lower-cased.
pub fn email(text: &str) -> Result<String> {
    let e = text.trim().to_lowercase();
    let bad = || CoreError::invalid(format!("'{}' is not a valid email address", text.trim()));
    if e.len() > 254 || e.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(bad());
    }
    let (local, domain) = e.rsplit_once('@').ok_or_else(bad)?;
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+/=?^_`{|}~.-".contains(c));
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
        && labels
            .last()
            .is_some_and(|tld| tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic()));
    if local_ok && domain_ok {
        Ok(e)
    } else {
        Err(bad())
    }
}

/// A positive record id.
pub fn id(name: &str, value: i64) -> Result<i64> {
    if value > 0 {
        Ok(value)
    } else {
        Err(CoreError::invalid(format!(
            "{name} must be a positive number, got {value}"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages() {
        assert_eq!(customer_message("  hi  ", 10).unwrap(), "hi");
        assert_eq!(
            customer_message(" \n ", 10).unwrap_err().code(),
            "invalid_input"
        );
        assert!(
            customer_message(&"x".repeat(4001), 4000)
                .unwrap_err()
                .to_string()
                .contains("too long")
        );
        assert!(
            customer_message(&"é".repeat(4000), 4000).is_ok(),
            "counts characters, not bytes"
        );
        assert!(
            customer_message("a\u{7}b", 100)
                .unwrap_err()
                .to_string()
                .contains("U+0007")
        );
        assert!(customer_message("line one\nline two\ttab", 100).is_ok());
    }

    #[test]
    fn messages_are_normalised_before_they_are_checked() {
        let cases: &[(&str, &str, &str)] = &[
            ("CRLF", "one\r\ntwo", "one\ntwo"),
            ("lone CR", "one\rtwo\r\rthree", "one\ntwo\n\nthree"),
            ("CR then CRLF", "a\r\r\nb", "a\n\nb"),
            (
                "NEL and separators",
                "a\u{85}b\u{2028}c\u{2029}d",
                "a\nb\nc\nd",
            ),
            ("tabs and newlines stay", "a\tb\n\nc", "a\tb\n\nc"),
            ("trimmed after", "\r\n  hi \u{200B}\r\n", "hi"),
            (
                "RLO override",
                "refund \u{202E}0001 redro",
                "refund 0001 redro",
            ),
            (
                "embeddings and isolates",
                "\u{202A}a\u{202B}b\u{202C}c\u{202D}d\u{2066}e\u{2067}f\u{2068}g\u{2069}",
                "abcdefg",
            ),
            ("marks", "a\u{200E}b\u{200F}c\u{061C}d", "abcd"),
            (
                "zero width",
                "pa\u{200B}ss\u{200C}wo\u{200D}rd\u{2060}!\u{FEFF}",
                "password!",
            ),
            ("leading BOM", "\u{FEFF}hello", "hello"),
            ("soft hyphen", "re\u{AD}fund", "refund"),
            (
                "tag characters",
                "hi\u{E0001}\u{E0069}\u{E0067}\u{E007F}",
                "hi",
            ),
            (
                "emoji ZWJ sequence kept",
                "👩\u{200D}💻 help",
                "👩\u{200D}💻 help",
            ),
            ("Persian ZWNJ kept", "می\u{200C}خواهم", "می\u{200C}خواهم"),
            ("ZWJ between Latin letters dropped", "a\u{200D}b", "ab"),
            (
                "ordinary text untouched",
                "Où est ma commande #1042 ? 😊",
                "Où est ma commande #1042 ? 😊",
            ),
        ];
        for (name, input, want) in cases {
            assert_eq!(customer_message(input, 100).unwrap(), *want, "{name}");
        }
    }

    #[test]
    fn messages_are_rejected_after_normalising() {
        let cases: &[(&str, &str, &str)] = &[
            (
                "only invisible",
                "\u{200B}\u{FEFF}\u{202E}",
                "the message is empty",
            ),
            ("only line breaks", "\r\r\n\u{2028}", "the message is empty"),
            ("bell", "a\u{7}b", "control character (U+0007)"),
            ("escape", "a\u{1B}[1m", "control character (U+001B)"),
            ("NUL", "a\u{0}b", "control character (U+0000)"),
            ("vertical tab", "a\u{B}b", "control character (U+000B)"),
            ("C1 control", "a\u{9B}b", "control character (U+009B)"),
            ("too long", "abcdef", "too long (6 characters; at most 5)"),
        ];
        for (name, input, want) in cases {
            let err = customer_message(input, 5).unwrap_err();
            assert_eq!(err.code(), "invalid_input", "{name}");
            assert!(err.to_string().contains(want), "{name}: {err}");
        }
        // Counted after normalising: CRLF is one character, invisible ones are none.
        assert!(customer_message("ab\r\ncd", 5).is_ok());
        assert!(customer_message("a\u{200B}\u{200B}\u{200B}bcde", 5).is_ok());
    }

    #[test]
    fn emails() {
        for ok in [
            "alice@example.com",
            "A.B+tag@Sub.Example.org",
            "o'brien@example.ie",
        ] {
            assert!(email(ok).is_ok(), "{ok}");
        }
        assert_eq!(email(" Alice@Example.COM ").unwrap(), "alice@example.com");
        for bad in [
            "",
            "alice",
            "alice@",
            "@example.com",
            "alice@example",
            "a b@example.com",
            "alice@@example.com",
            "alice@exa_mple.com",
            ".alice@example.com",
            "alice@example.c0m",
            "x'); DROP TABLE customers;--@example.com",
        ] {
            assert!(email(bad).is_err(), "{bad} should be rejected");
        }
    }

    #[test]
    fn ids() {
        assert_eq!(id("order_id", 5).unwrap(), 5);
        assert!(id("order_id", 0).is_err());
        assert!(id("order_id", -3).is_err());
    }
}
