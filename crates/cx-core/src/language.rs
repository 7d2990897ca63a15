//! The languages the kiosk offers its customers (and the staff windows can be shown in). A
//! session remembers the one its customer chose (`sessions.language`; null on sessions from
//! before languages existed, which were all English); the system prompt names it and the core
//! writes its own customer-facing texts in it (`agent::texts`).

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A language the kiosk offers its customers and the staff windows can be shown in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum Language {
    #[default]
    En,
    De,
    Es,
}

impl Language {
    /// Every supported language, English (the default) first.
    pub const ALL: &'static [Language] = &[Language::En, Language::De, Language::Es];

    /// The ISO 639-1 code, as stored and sent: `en`, `de`, `es`.
    pub fn code(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::De => "de",
            Language::Es => "es",
        }
    }

    /// The language's name in English (what a prompt in English calls it).
    pub fn english_name(self) -> &'static str {
        match self {
            Language::En => "English",
            Language::De => "German",
            Language::Es => "Spanish",
        }
    }

    /// `en, de, es`: for error messages.
    pub fn codes() -> String {
        Language::ALL
            .iter()
            .map(|l| l.code())
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// A stored code as a language: none (a session from before languages) is English; a code
    /// this version does not know is English too, with a warning, so an odd row never stops a
    /// read.
    pub fn from_stored(code: Option<&str>) -> Language {
        match code {
            None => Language::En,
            Some(c) => c.parse().unwrap_or_else(|e| {
                tracing::warn!("a stored language does not read back ({e}); using English");
                Language::En
            }),
        }
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A code that is not one of the supported languages.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown language '{given}'; supported languages: {supported}")]
pub struct UnknownLanguage {
    pub given: String,
    pub supported: String,
}

impl From<UnknownLanguage> for crate::error::CoreError {
    fn from(e: UnknownLanguage) -> Self {
        crate::error::CoreError::invalid(e.to_string())
    }
}

impl FromStr for Language {
    type Err = UnknownLanguage;

    /// A code, whatever its case and surrounding spaces (`de`, ` DE `).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let code = s.trim().to_ascii_lowercase();
        Language::ALL
            .iter()
            .copied()
            .find(|l| l.code() == code)
            .ok_or_else(|| UnknownLanguage {
                given: s.trim().to_owned(),
                supported: Language::codes(),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_names() {
        let got: Vec<_> = Language::ALL
            .iter()
            .map(|l| (l.code(), l.english_name(), l.to_string()))
            .collect();
        assert_eq!(
            got,
            [
                ("en", "English", "en".to_owned()),
                ("de", "German", "de".to_owned()),
                ("es", "Spanish", "es".to_owned()),
            ]
        );
        assert_eq!(Language::default(), Language::En);
    }

    #[test]
    fn parses_codes_in_any_case() {
        assert_eq!("de".parse::<Language>(), Ok(Language::De));
        assert_eq!(" ES ".parse::<Language>(), Ok(Language::Es));
        assert_eq!("en".parse::<Language>(), Ok(Language::En));
    }

    #[test]
    fn an_unknown_code_names_the_supported_ones() {
        for bad in ["fr", "", "german", "de-DE"] {
            let e = bad.parse::<Language>().unwrap_err();
            assert_eq!(
                e.to_string(),
                format!("unknown language '{bad}'; supported languages: en, de, es")
            );
        }
        let core: crate::error::CoreError = "fr".parse::<Language>().unwrap_err().into();
        assert_eq!(core.code(), "invalid_input");
    }

    #[test]
    fn serde_uses_the_codes() {
        assert_eq!(serde_json::to_string(&Language::De).unwrap(), "\"de\"");
        assert_eq!(
            serde_json::from_str::<Language>("\"es\"").unwrap(),
            Language::Es
        );
        assert_eq!(
            serde_json::from_str::<Vec<Language>>("[\"en\",\"de\",\"es\"]").unwrap(),
            Language::ALL
        );
        assert!(serde_json::from_str::<Language>("\"fr\"").is_err());
        assert!(serde_json::from_str::<Language>("\"DE\"").is_err());
    }

    #[test]
    fn stored_codes_read_back_and_old_rows_are_english() {
        assert_eq!(Language::from_stored(None), Language::En);
        assert_eq!(Language::from_stored(Some("de")), Language::De);
        assert_eq!(Language::from_stored(Some("xx")), Language::En);
    }
}
