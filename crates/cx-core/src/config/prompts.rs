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
}

/// A tone that system_prompts.yaml does not define (the core reports it as `invalid_input`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown tone '{name}'; valid tones: {valid}")]
pub struct UnknownTone {
    pub name: String,
    pub valid: String,
}
