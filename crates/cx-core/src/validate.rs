//! Input validation: typed checks, never blacklists. Queries are parameterized by sea-orm, so
//! text is stored verbatim, quotes and all.

use crate::error::{CoreError, Result};

/// A customer message: not empty, at most `max_chars` characters, no control characters other
/// than newline and tab. Returns the text trimmed of surrounding whitespace.
pub fn customer_message(text: &str, max_chars: usize) -> Result<String> {
    let trimmed = text.trim();
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
        .find(|c| c.is_control() && *c != '\n' && *c != '\t' && *c != '\r')
    {
        return Err(CoreError::invalid(format!(
            "the message contains a control character (U+{:04X})",
            c as u32
        )));
    }
    Ok(trimmed.to_owned())
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
