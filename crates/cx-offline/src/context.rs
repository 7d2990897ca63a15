//! What the app tells the assistant about the turn, typed ([`cx_llm::TurnContext`]): the
//! phrasing, the session's language and whether the customer is verified. A request without a
//! context is phrased professionally, has no session language and no verified customer.

use cx_text::language::Language;

/// The language the customer chose for the session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SessionLanguage {
    /// One the classifier knows (English included).
    Known(Language),
    /// Any other code: not English, and no language the assistant can answer in.
    Other,
}

impl SessionLanguage {
    /// The session language of a code or locale (`de`, `es-ES`, `sv`).
    pub(crate) fn of(code: &str) -> SessionLanguage {
        match Language::from_code(code) {
            Some(l) => SessionLanguage::Known(l),
            None => SessionLanguage::Other,
        }
    }

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_session_language_code() {
        use SessionLanguage::*;
        assert_eq!(SessionLanguage::of("de"), Known(Language::De));
        assert_eq!(SessionLanguage::of("ES"), Known(Language::Es));
        assert!(SessionLanguage::of("en").is_english());
        assert_eq!(SessionLanguage::of("sv"), Other);
        assert_eq!(SessionLanguage::of("sv").known(), None);
    }
}
