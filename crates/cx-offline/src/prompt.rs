//! What the app tells the assistant in the system prompt: the tone, the session's language and,
//! once known, the verified customer.

use crate::language::Language;
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
/// `Language: de (German)`: the code is what counts, the name is for a model to read.
static LANGUAGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?im)^\s*language\s*:\s*([a-z]{2,3}(?:[-_][a-z0-9]+)?)\b").expect("language regex")
});
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

/// The language the customer chose for the session, from its `Language: <code> (<name>)` line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SessionLanguage {
    /// One the classifier knows (English included).
    Known(Language),
    /// Any other code: not English, and no language the assistant can answer in.
    Other,
}

impl SessionLanguage {
    pub(crate) fn is_english(self) -> bool {
        self == SessionLanguage::Known(Language::En)
    }

    pub(crate) fn known(self) -> Option<Language> {
        match self {
            SessionLanguage::Known(l) => Some(l),
            SessionLanguage::Other => None,
        }
    }
}

/// The session's language; None without a `Language:` line (the customer's words decide).
pub(crate) fn session_language(prompt: &str) -> Option<SessionLanguage> {
    let code = LANGUAGE.captures(prompt)?.get(1)?.as_str().to_owned();
    Some(match Language::from_code(&code) {
        Some(l) => SessionLanguage::Known(l),
        None => SessionLanguage::Other,
    })
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

    #[test]
    fn reads_the_language_line() {
        use SessionLanguage::*;
        let p = "You are the kiosk assistant.\nTone: friendly\nLanguage: de (German)\n";
        assert_eq!(session_language(p), Some(Known(Language::De)));
        assert_eq!(Tone::from_system_prompt(p), Tone::Friendly);
        assert_eq!(
            session_language("language: ES (Spanish)"),
            Some(Known(Language::Es))
        );
        assert!(
            session_language("Language: en (English)").is_some_and(SessionLanguage::is_english)
        );
        assert_eq!(session_language("Language: sv (Swedish)"), Some(Other));
        // Only a line of its own: prose that mentions a language is no setting.
        assert_eq!(
            session_language("Answer in the customer's language: de"),
            None
        );
        assert_eq!(session_language("Tone: professional"), None);
    }
}
