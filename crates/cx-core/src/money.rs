//! Money is integer cents everywhere; this is the one place that turns it into text.

/// `7999` → `"$79.99"`, `-550` → `"-$5.50"`, `123456` → `"$1,234.56"`.
pub fn format_cents(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let abs = cents.unsigned_abs();
    let dollars = (abs / 100).to_string();
    let mut grouped = String::new();
    for (i, ch) in dollars.chars().enumerate() {
        if i > 0 && (dollars.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    format!("{sign}${grouped}.{:02}", abs % 100)
}

#[cfg(test)]
mod tests {
    use super::format_cents;

    #[test]
    fn formats_cents() {
        assert_eq!(format_cents(7999), "$79.99");
        assert_eq!(format_cents(5), "$0.05");
        assert_eq!(format_cents(100), "$1.00");
        assert_eq!(format_cents(123_456), "$1,234.56");
        assert_eq!(format_cents(100_000_000), "$1,000,000.00");
        assert_eq!(format_cents(-550), "-$5.50");
    }
}
