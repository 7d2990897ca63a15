//! What the app tells the assistant in the system prompt: the tone and, once known, the verified
//! customer.

use regex::Regex;
use std::sync::LazyLock;

/// How replies are phrased; set by the `Tone: …` line of the system prompt.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Tone {
    #[default]
    Professional,
    Friendly,
    Playful,
}

static TONE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?im)^\s*tone\s*:\s*([a-z]+)").expect("tone regex"));
static VERIFIED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?im)^\s*verified customer\s*:\s*#\s*(\d+)").expect("verified regex")
});

impl Tone {
    /// The tone named in a system prompt; professional when absent or unknown.
    pub fn from_system_prompt(prompt: &str) -> Tone {
        let named = TONE
            .captures(prompt)
            .and_then(|c| c.get(1))
            .map(|m| m.as_str().to_ascii_lowercase());
        match named.as_deref() {
            Some("friendly") => Tone::Friendly,
            Some("playful") => Tone::Playful,
            _ => Tone::Professional,
        }
    }

    /// The phrasing for this tone out of `[professional, friendly, playful]`.
    pub(crate) fn pick<T>(self, options: [T; 3]) -> T {
        let [professional, friendly, playful] = options;
        match self {
            Tone::Professional => professional,
            Tone::Friendly => friendly,
            Tone::Playful => playful,
        }
    }
}

/// The customer id of a `Verified customer: #<id> <name>` line.
pub(crate) fn verified_customer(prompt: &str) -> Option<i64> {
    VERIFIED
        .captures(prompt)
        .and_then(|c| c.get(1))
        .and_then(|m| m.as_str().parse().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_tone_and_verified_line() {
        let p = "You are the kiosk assistant.\nTone: Playful\nVerified customer: #3 Alice Martin\n";
        assert_eq!(Tone::from_system_prompt(p), Tone::Playful);
        assert_eq!(verified_customer(p), Some(3));
        assert_eq!(Tone::from_system_prompt("Tone: grumpy"), Tone::Professional);
        assert_eq!(Tone::from_system_prompt(""), Tone::Professional);
        assert_eq!(verified_customer("The customer is not verified yet."), None);
    }
}
