//! Why a settings change is refused: the one place the settings rules are checked ([`Settings::
//! check`](super::Settings::check)) says it once, as a [`Problem`], which reads two ways — the
//! stable English message of the `{code, message}` contract (`key: …`, what scripts and logs
//! see), and a sentence for the person at the form in the staff language. The workspace form has
//! no rules of its own; it shows the sentence.

use cx_core::Language;
use std::fmt;

/// A refused setting: the key and what is wrong with it.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub key: &'static str,
    pub kind: Kind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    /// A value the form offers as a list (provider, role, station role, language) that is not
    /// one of them; the lower layer's own words say which are.
    NotAChoice(String),
    ControlCharacters,
    TooLong {
        max: usize,
    },
    Empty,
    NotHttp {
        url: String,
    },
    KeyHasSpaces,
    UnknownTone {
        tone: String,
        tones: Vec<String>,
    },
    IdleOutOfRange {
        min: u32,
        max: u32,
        given: String,
    },
    /// The custom provider without its base URL (and maybe its model) or its model.
    CustomIncomplete {
        url_missing: bool,
    },
}

impl Problem {
    pub fn new(key: &'static str, kind: Kind) -> Self {
        Problem { key, kind }
    }

    /// The sentence for the settings form, in the staff language.
    pub fn staff_text(&self, language: Language) -> String {
        use Language::{De, En, Es};
        match (&self.kind, language) {
            (Kind::NotAChoice(why), _) => format!("{}: {why}", self.key),
            (Kind::ControlCharacters, En) => {
                format!("{} must not contain control characters.", self.label(En))
            }
            (Kind::ControlCharacters, De) => {
                format!("{} darf keine Steuerzeichen enthalten.", self.label(De))
            }
            (Kind::ControlCharacters, Es) => format!(
                "{} no puede contener caracteres de control.",
                self.label(Es)
            ),
            (Kind::TooLong { max }, En) => {
                format!("{} must be at most {max} characters.", self.label(En))
            }
            (Kind::TooLong { max }, De) => {
                format!("{} darf höchstens {max} Zeichen lang sein.", self.label(De))
            }
            (Kind::TooLong { max }, Es) => {
                format!("{} no puede tener más de {max} caracteres.", self.label(Es))
            }
            (Kind::Empty, En) => "The agent name cannot be empty.".into(),
            (Kind::Empty, De) => "Der Name des Agenten darf nicht leer sein.".into(),
            (Kind::Empty, Es) => "El nombre del agente no puede estar vacío.".into(),
            (Kind::NotHttp { .. }, En) => {
                "The base URL must start with http:// or https://.".into()
            }
            (Kind::NotHttp { .. }, De) => {
                "Die Basis-URL muss mit http:// oder https:// beginnen.".into()
            }
            (Kind::NotHttp { .. }, Es) => "La URL base debe empezar por http:// o https://.".into(),
            (Kind::KeyHasSpaces, En) => "The API key must not contain spaces.".into(),
            (Kind::KeyHasSpaces, De) => {
                "Der API-Schlüssel darf keine Leerzeichen enthalten.".into()
            }
            (Kind::KeyHasSpaces, Es) => "La clave de API no puede contener espacios.".into(),
            (Kind::UnknownTone { tone, tones }, En) => {
                format!(
                    "There is no tone '{tone}'; the tones are {}.",
                    tones.join(", ")
                )
            }
            (Kind::UnknownTone { tone, tones }, De) => {
                format!(
                    "Den Ton '{tone}' gibt es nicht; die Töne sind {}.",
                    tones.join(", ")
                )
            }
            (Kind::UnknownTone { tone, tones }, Es) => {
                format!(
                    "No existe el tono '{tone}'; los tonos son {}.",
                    tones.join(", ")
                )
            }
            (Kind::IdleOutOfRange { min, max, .. }, En) => format!(
                "The kiosk idle timeout must be a whole number of seconds between {min} and {max}."
            ),
            (Kind::IdleOutOfRange { min, max, .. }, De) => format!(
                "Das Zeitlimit des Kiosks muss eine ganze Zahl von Sekunden zwischen {min} und \
                 {max} sein."
            ),
            (Kind::IdleOutOfRange { min, max, .. }, Es) => format!(
                "El tiempo de inactividad del quiosco debe ser un número entero de segundos entre \
                 {min} y {max}."
            ),
            (Kind::CustomIncomplete { url_missing: true }, En) => {
                "The custom provider needs a base URL.".into()
            }
            (Kind::CustomIncomplete { url_missing: true }, De) => {
                "Der eigene Anbieter braucht eine Basis-URL.".into()
            }
            (Kind::CustomIncomplete { url_missing: true }, Es) => {
                "El proveedor personalizado necesita una URL base.".into()
            }
            (Kind::CustomIncomplete { url_missing: false }, En) => {
                "The custom provider needs a model name.".into()
            }
            (Kind::CustomIncomplete { url_missing: false }, De) => {
                "Der eigene Anbieter braucht einen Modellnamen.".into()
            }
            (Kind::CustomIncomplete { url_missing: false }, Es) => {
                "El proveedor personalizado necesita un nombre de modelo.".into()
            }
        }
    }

    /// The field's name in a sentence (text fields only: the others are chosen from lists).
    fn label(&self, language: Language) -> &'static str {
        use Language::{De, En, Es};
        match (self.key, language) {
            ("agent_name", En) => "The agent name",
            ("agent_name", De) => "Der Name des Agenten",
            ("agent_name", Es) => "El nombre del agente",
            ("base_url", En) => "The base URL",
            ("base_url", De) => "Die Basis-URL",
            ("base_url", Es) => "La URL base",
            ("model", En) => "The model name",
            ("model", De) => "Der Modellname",
            ("model", Es) => "El nombre del modelo",
            ("api_key", En) => "The API key",
            ("api_key", De) => "Der API-Schlüssel",
            ("api_key", Es) => "La clave de API",
            ("default_tone", En) => "The tone",
            ("default_tone", De) => "Der Ton",
            ("default_tone", Es) => "El tono",
            (_, En) => "The value",
            (_, De) => "Der Wert",
            (_, Es) => "El valor",
        }
    }
}

/// The contract's English message, `key: what is wrong` (unchanged from before the sentences).
impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: ", self.key)?;
        match &self.kind {
            Kind::NotAChoice(why) => f.write_str(why),
            Kind::ControlCharacters => f.write_str("must not contain control characters"),
            Kind::TooLong { max } => write!(f, "must be at most {max} characters"),
            Kind::Empty => f.write_str("must not be empty"),
            Kind::NotHttp { url } => write!(f, "'{url}' is not an http:// or https:// URL"),
            Kind::KeyHasSpaces => f.write_str("must not contain spaces"),
            Kind::UnknownTone { tone, tones } => {
                write!(
                    f,
                    "unknown tone '{tone}'; valid tones: {}",
                    tones.join(", ")
                )
            }
            Kind::IdleOutOfRange { min, max, given } => {
                write!(f, "must be between {min} and {max} seconds, not {given}")
            }
            Kind::CustomIncomplete { .. } => {
                f.write_str("the custom provider needs a base URL and a model name")
            }
        }
    }
}

impl From<Problem> for crate::error::ApiError {
    fn from(p: Problem) -> Self {
        crate::error::ApiError::invalid(p.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Settings, SettingsInput};
    use cx_core::Language;
    use serde_json::{Value, json};

    fn refusal(change: Value, language: Language) -> Option<String> {
        let input: SettingsInput = serde_json::from_value(change).unwrap();
        let tones = ["professional".to_owned(), "friendly".to_owned()];
        let checked = Settings::default().check(&input, &tones);
        checked.err().map(|p| p.staff_text(language))
    }

    /// The form's sentences (they were the UI's own checks, ui/src/lib/settings.test.ts, before
    /// the rules lived only here).
    #[test]
    fn the_form_gets_one_sentence_per_rule_in_the_staff_language() {
        let idle = "The kiosk idle timeout must be a whole number of seconds between 10 and 86400.";
        for secs in [
            json!(2),
            json!(5),
            json!(12.5),
            json!(86401),
            json!(0),
            json!(-30),
        ] {
            let change = json!({ "kiosk_idle_timeout_secs": secs });
            assert_eq!(
                refusal(change, Language::En).as_deref(),
                Some(idle),
                "{secs}"
            );
        }
        for secs in [10, 30, 86400] {
            assert_eq!(
                refusal(json!({ "kiosk_idle_timeout_secs": secs }), Language::En),
                None
            );
        }
        let cases = [
            (
                json!({ "agent_name": "  " }),
                "The agent name cannot be empty.",
            ),
            (
                json!({ "provider": "custom" }),
                "The custom provider needs a base URL.",
            ),
            (
                json!({ "base_url": "localhost:8080" }),
                "The base URL must start with http:// or https://.",
            ),
            (
                json!({ "provider": "custom", "base_url": "http://127.0.0.1:8080/v1" }),
                "The custom provider needs a model name.",
            ),
            (
                json!({ "api_key": "sk abc" }),
                "The API key must not contain spaces.",
            ),
            (
                json!({ "default_tone": "grumpy" }),
                "There is no tone 'grumpy'; the tones are professional, friendly.",
            ),
            (
                json!({ "model": "a\u{7}b" }),
                "The model name must not contain control characters.",
            ),
        ];
        for (change, sentence) in cases {
            assert_eq!(
                refusal(change.clone(), Language::En).as_deref(),
                Some(sentence),
                "{change}"
            );
        }
        let ok =
            json!({ "provider": "custom", "base_url": "http://127.0.0.1:8080/v1", "model": "m" });
        assert_eq!(refusal(ok, Language::En), None);
    }

    #[test]
    fn german_and_spanish_staff_read_it_in_their_language() {
        let empty = json!({ "agent_name": "" });
        assert_eq!(
            refusal(empty.clone(), Language::De).as_deref(),
            Some("Der Name des Agenten darf nicht leer sein.")
        );
        assert_eq!(
            refusal(empty, Language::Es).as_deref(),
            Some("El nombre del agente no puede estar vacío.")
        );
        assert_eq!(
            refusal(json!({ "kiosk_idle_timeout_secs": 5 }), Language::De).as_deref(),
            Some(
                "Das Zeitlimit des Kiosks muss eine ganze Zahl von Sekunden zwischen 10 und 86400 sein."
            )
        );
        let long = "x".repeat(65);
        assert_eq!(
            refusal(json!({ "agent_name": long }), Language::Es).as_deref(),
            Some("El nombre del agente no puede tener más de 64 caracteres.")
        );
    }

    /// A value only a tampered client can send (the form offers lists) keeps the contract's words.
    #[test]
    fn a_value_off_the_list_names_the_choices() {
        assert_eq!(
            refusal(json!({ "provider": "gpt5" }), Language::De).as_deref(),
            Some("provider: unknown provider 'gpt5'; expected offline, openai, ollama or custom")
        );
    }
}
