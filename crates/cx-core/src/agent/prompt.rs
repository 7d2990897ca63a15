//! The system prompt: the tone's prompt, the guardrails, and what is known about the customer —
//! the language they chose included. A language model reads it; the offline assistant reads the
//! same facts typed, in the request's [`TurnContext`].

use crate::Language;
use crate::config::PromptsConfig;
use crate::error::Result;
use crate::policy::Role;
use cx_llm::TurnContext;

/// What the prompt needs to know about the session.
pub struct PromptFacts<'a> {
    pub tone: &'a str,
    pub role: Role,
    pub channel: &'a str,
    /// The verified customer: id and name.
    pub customer: Option<(i64, &'a str)>,
    pub today: chrono::NaiveDate,
    /// From the customer's profile (see `insights::prompt_line`).
    pub profile: Option<String>,
    /// The language the customer chose at the kiosk.
    pub language: Language,
}

/// How `language` writes an amount and a date, as examples for the model (what `Intl` gives the
/// kiosk for the same locale: de-DE, es-ES).
fn locale_examples(language: Language) -> (&'static str, &'static str) {
    match language {
        Language::En => ("$1,234.56", "December 2, 2026"),
        Language::De => ("1.234,56 $", "2. Dezember 2026"),
        Language::Es => ("1234,56 US$", "2 de diciembre de 2026"),
    }
}

/// A round's system prompt and the same facts typed, for one request.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Prompt {
    pub text: String,
    pub context: TurnContext,
}

impl Prompt {
    pub(super) fn new(cfg: &PromptsConfig, f: &PromptFacts<'_>) -> Result<Prompt> {
        Ok(Prompt {
            text: system_prompt(cfg, f)?,
            context: turn_context(cfg, f)?,
        })
    }
}

/// What the prompt's `Tone:`, `Language:` and `Verified customer:` lines say, typed: the tone as
/// the offline phrasing configured for it.
fn turn_context(cfg: &PromptsConfig, f: &PromptFacts<'_>) -> Result<TurnContext> {
    Ok(TurnContext {
        phrasing: cfg.offline_phrasing(f.tone)?,
        language: Some(f.language.code().to_owned()),
        verified_customer: f.customer.map(|(id, _)| id),
    })
}

pub fn system_prompt(cfg: &PromptsConfig, f: &PromptFacts<'_>) -> Result<String> {
    let tone = cfg.tone(f.tone)?;
    let mut p = String::with_capacity(1024);
    p.push_str(tone.system_prompt.trim());
    p.push_str("\n\n");
    // The lines `turn_context` gives typed: `Tone:`, `Language:` and `Verified customer:`.
    p.push_str(&format!("Tone: {}\n", f.tone));
    p.push_str(&format!(
        "Channel: {}. You act as: {}.\n",
        f.channel, f.role
    ));
    p.push_str(&format!("Today (UTC): {}\n", f.today));
    let language = f.language;
    p.push_str(&format!(
        "Language: {} ({})\n",
        language.code(),
        language.english_name()
    ));
    if language != Language::En {
        let name = language.english_name();
        let (money, date) = locale_examples(language);
        p.push_str(&format!(
            "The customer chose {name}: answer in {name}, whatever language the tools, the \
             knowledge base and these instructions use. Write amounts and dates the way {name} \
             does (for example {money} and {date}). Keep order numbers, ticket numbers, \
             tracking numbers and email addresses exactly as the tools return them.\n"
        ));
    }
    match f.customer {
        Some((id, name)) => p.push_str(&format!("Verified customer: #{id} {name}\n")),
        None if f.role == Role::KioskAssistant => p.push_str(
            "The customer is not verified yet: call verify_customer before any account data.\n",
        ),
        None => {}
    }
    if let Some(line) = &f.profile {
        p.push_str(line);
        p.push('\n');
    }
    if !cfg.guardrails.is_empty() {
        p.push_str("\nGuardrails:\n");
        for g in &cfg.guardrails {
            p.push_str(&format!("- {}\n", g.trim()));
        }
    }
    if language == Language::En {
        p.push_str("\nMoney is shown exactly as the tools give it.");
    } else {
        p.push_str(&format!(
            "\nMoney is exactly the amount the tools give, written the {} way.",
            language.english_name()
        ));
    }
    p.push_str(
        " A change (refund, email, ticket) is only proposed by the tools; the customer confirms \
         it on screen.\n",
    );
    Ok(p)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    fn facts(language: Language) -> PromptFacts<'static> {
        PromptFacts {
            tone: "professional",
            role: Role::KioskAssistant,
            channel: "kiosk",
            customer: Some((1, "Alice Martin")),
            today: chrono::NaiveDate::from_ymd_opt(2026, 12, 2).unwrap(),
            profile: None,
            language,
        }
    }

    fn prompt(language: Language) -> String {
        let cfg = Config::load(&Config::default_dir()).unwrap();
        system_prompt(&cfg.prompts, &facts(language)).unwrap()
    }

    #[test]
    fn the_context_says_what_the_machine_readable_lines_say() {
        let cfg = Config::load(&Config::default_dir()).unwrap();
        let f = PromptFacts {
            tone: "playful",
            ..facts(Language::De)
        };
        let p = Prompt::new(&cfg.prompts, &f).unwrap();
        for line in [
            "Tone: playful",
            "Language: de (German)",
            "Verified customer: #1 Alice Martin",
        ] {
            assert!(
                p.text.lines().any(|l| l == line),
                "{line} not in {}",
                p.text
            );
        }
        assert_eq!(
            p.context,
            TurnContext {
                phrasing: cx_llm::Phrasing::Playful,
                language: Some("de".into()),
                verified_customer: Some(1),
            }
        );
        let unverified = PromptFacts {
            customer: None,
            ..facts(Language::En)
        };
        let context = turn_context(&cfg.prompts, &unverified).unwrap();
        assert_eq!(context.verified_customer, None);
        assert_eq!(context.language.as_deref(), Some("en"));
    }

    /// The lines a German or Spanish prompt adds or words differently; the rest is English's.
    fn without_language(p: &str) -> Vec<&str> {
        p.lines()
            .filter(|l| !l.starts_with("Language: ") && !l.starts_with("The customer chose "))
            .map(|l| l.split(" A change (refund").next().unwrap_or(l))
            .filter(|l| !l.starts_with("Money is "))
            .collect()
    }

    #[test]
    fn every_prompt_names_its_language_on_a_line_of_its_own() {
        for (l, line) in [
            (Language::En, "Language: en (English)"),
            (Language::De, "Language: de (German)"),
            (Language::Es, "Language: es (Spanish)"),
        ] {
            let p = prompt(l);
            assert_eq!(p.lines().filter(|x| x.starts_with("Language:")).count(), 1);
            assert!(p.lines().any(|x| x == line), "{line} not in {p}");
        }
    }

    #[test]
    fn english_gets_no_language_instruction() {
        let p = prompt(Language::En);
        for absent in ["answer in", "The customer chose", "written the"] {
            assert!(!p.contains(absent), "{absent} in {p}");
        }
        assert!(p.ends_with(
            "\nMoney is shown exactly as the tools give it. A change (refund, email, ticket) is \
             only proposed by the tools; the customer confirms it on screen.\n"
        ));
    }

    #[test]
    fn other_languages_are_asked_for_with_their_locale_examples() {
        for (l, money, date) in [
            (Language::De, "1.234,56 $", "2. Dezember 2026"),
            (Language::Es, "1234,56 US$", "2 de diciembre de 2026"),
        ] {
            let p = prompt(l);
            let name = l.english_name();
            let said = format!(
                "The customer chose {name}: answer in {name}, whatever language the tools, the \
                 knowledge base and these instructions use. Write amounts and dates the way \
                 {name} does (for example {money} and {date}). Keep order numbers, ticket \
                 numbers, tracking numbers and email addresses exactly as the tools return them."
            );
            assert!(p.lines().any(|x| x == said), "{said} not in {p}");
            assert!(
                p.contains(&format!(
                    "Money is exactly the amount the tools give, written the {name} way."
                )),
                "{p}"
            );
            // Everything else is the English prompt's.
            assert_eq!(
                without_language(&p),
                without_language(&prompt(Language::En))
            );
        }
    }
}
