use cx_llm::Phrasing;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// `system_prompts.yaml`: one system prompt per tone, the default tone, and guardrails that every
/// prompt carries.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PromptsConfig {
    pub default_tone: String,
    pub tones: BTreeMap<String, ToneConfig>,
    #[serde(default)]
    pub guardrails: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ToneConfig {
    #[serde(default)]
    pub description: Option<String>,
    pub system_prompt: String,
    /// How the offline assistant, which reads no prompt, phrases this tone. Optional for the
    /// tones named like a phrasing (professional, friendly, playful): they default to their own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offline_phrasing: Option<Phrasing>,
}

impl ToneConfig {
    /// Its `offline_phrasing`, else the phrasing named like the tone.
    fn phrasing(&self, name: &str) -> Option<Phrasing> {
        self.offline_phrasing.or_else(|| Phrasing::named(name))
    }
}

impl PromptsConfig {
    pub(super) fn validate(&self) -> Result<(), (String, String)> {
        if self.tones.is_empty() {
            return Err(("tones".into(), "at least one tone is required".into()));
        }
        for (name, tone) in &self.tones {
            if tone.system_prompt.trim().is_empty() {
                return Err((
                    format!("tones.{name}.system_prompt"),
                    "must not be empty".into(),
                ));
            }
            // Fail closed: a tone the offline assistant could only guess at would read as another.
            if tone.phrasing(name).is_none() {
                let phrasings = Phrasing::ALL.map(Phrasing::as_str).join(", ");
                return Err((
                    format!("tones.{name}"),
                    format!(
                        "the offline assistant has no phrasing for tone '{name}': add \
                         offline_phrasing (one of {phrasings})"
                    ),
                ));
            }
        }
        if !self.tones.contains_key(&self.default_tone) {
            return Err((
                "default_tone".into(),
                format!(
                    "unknown tone '{}'; valid tones: {}",
                    self.default_tone,
                    self.tone_names()
                ),
            ));
        }
        Ok(())
    }

    pub fn tone_names(&self) -> String {
        self.tones.keys().cloned().collect::<Vec<_>>().join(", ")
    }

    /// The named tone, or a clear error listing the valid ones.
    pub fn tone(&self, name: &str) -> Result<&ToneConfig, UnknownTone> {
        self.tones.get(name).ok_or_else(|| UnknownTone {
            name: name.to_owned(),
            valid: self.tone_names(),
        })
    }

    /// How the offline assistant phrases the named tone (loading made sure every tone has one).
    pub fn offline_phrasing(&self, name: &str) -> Result<Phrasing, UnknownTone> {
        Ok(self.tone(name)?.phrasing(name).unwrap_or_default())
    }
}

/// A tone that system_prompts.yaml does not define (the core reports it as `invalid_input`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown tone '{name}'; valid tones: {valid}")]
pub struct UnknownTone {
    pub name: String,
    pub valid: String,
}
