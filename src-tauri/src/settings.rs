//! Settings (tauri-plugin-store, `settings.json` in the app data dir): parsing, validation and the
//! views the windows get. Pure functions here; reading and writing the store is in `state`.

use crate::error::ApiError;
use cx_core::policy::Role;
use cx_core::provider::{self, KeySource, Provider, ProviderSettings};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::str::FromStr;
use ts_rs::TS;

/// The store file, relative to the app data dir.
pub const STORE_FILE: &str = "settings.json";
/// Overrides `kiosk_idle_timeout_secs` (E2E tests use a short one).
pub const IDLE_ENV: &str = "CX_KIOSK_IDLE_SECS";
/// The role the workspace acts as, set by whoever launches the app (`agent` or `supervisor`).
/// Settings cannot raise it: only a supervisor may change settings, so the first supervisor is
/// named at launch.
pub const ROLE_ENV: &str = "CX_AGENT_ROLE";
pub const DEFAULT_IDLE_SECS: u32 = 120;
pub const MIN_IDLE_SECS: u32 = 10;
pub const MAX_IDLE_SECS: u32 = 86_400;
pub const DEFAULT_AGENT_NAME: &str = "dana";
const MAX_NAME_CHARS: usize = 64;
const MAX_TEXT_CHARS: usize = 500;

/// The role the workspace acts in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum StaffRole {
    #[default]
    Agent,
    Supervisor,
}

impl StaffRole {
    pub fn role(self) -> Role {
        match self {
            StaffRole::Agent => Role::Agent,
            StaffRole::Supervisor => Role::Supervisor,
        }
    }
}

impl FromStr for StaffRole {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "agent" => Ok(StaffRole::Agent),
            "supervisor" => Ok(StaffRole::Supervisor),
            other => Err(format!(
                "unknown role '{other}'; the workspace acts as agent or supervisor"
            )),
        }
    }
}

/// The settings as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    pub provider: Provider,
    pub base_url: Option<String>,
    pub model: Option<String>,
    /// Only if typed in the settings; the environment wins (see `cx_core::provider::api_key`).
    pub api_key: Option<String>,
    /// None: the configured default tone (config/system_prompts.yaml).
    pub default_tone: Option<String>,
    pub agent_name: String,
    pub agent_role: StaffRole,
    pub kiosk_idle_timeout_secs: u32,
    pub kiosk_mode: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            provider: Provider::Offline,
            base_url: None,
            model: None,
            api_key: None,
            default_tone: None,
            agent_name: DEFAULT_AGENT_NAME.to_owned(),
            agent_role: StaffRole::Agent,
            kiosk_idle_timeout_secs: DEFAULT_IDLE_SECS,
            kiosk_mode: false,
        }
    }
}

/// A change to the settings: every field is optional (absent = unchanged); an empty string clears
/// `base_url`, `model`, `api_key` and `default_tone`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default, deny_unknown_fields)]
#[ts(optional_fields)]
pub struct SettingsInput {
    #[ts(as = "Option<Provider>")]
    pub provider: Option<String>,
    pub base_url: Option<String>,
    pub model: Option<String>,
    pub api_key: Option<String>,
    pub default_tone: Option<String>,
    pub agent_name: Option<String>,
    #[ts(as = "Option<StaffRole>")]
    pub agent_role: Option<String>,
    pub kiosk_idle_timeout_secs: Option<u32>,
    pub kiosk_mode: Option<bool>,
}

/// The settings as the workspace shows them. The typed API key is never sent back.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct SettingsView {
    pub provider: Provider,
    pub base_url: Option<String>,
    pub model: Option<String>,
    /// Where the API key in use comes from: the environment (`CX_LLM_API_KEY`, `OPENAI_API_KEY`)
    /// wins over a key typed in the settings.
    pub api_key_source: KeySource,
    /// A key is saved in the settings (whether or not the environment overrides it).
    pub api_key_saved: bool,
    /// The tone new kiosk sessions start in.
    pub default_tone: String,
    pub tones: Vec<String>,
    pub agent_name: String,
    pub agent_role: StaffRole,
    /// As stored.
    pub kiosk_idle_timeout_secs: u32,
    /// Set when `CX_KIOSK_IDLE_SECS` overrides the stored value.
    pub kiosk_idle_timeout_override: Option<u32>,
    /// As stored.
    pub kiosk_mode: bool,
    /// The app was started with `--kiosk` (kiosk mode whatever the setting says).
    pub kiosk_mode_flag: bool,
    /// Problems found in the stored settings at start (each value fell back to its default).
    pub warnings: Vec<String>,
}

/// What the kiosk window needs to know.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub struct KioskSettings {
    pub idle_timeout_secs: u32,
    pub kiosk_mode: bool,
}

fn invalid(key: &str, message: impl std::fmt::Display) -> ApiError {
    ApiError::invalid(format!("{key}: {message}"))
}

/// Trimmed text; None when empty. Rejects control characters and overlong values.
fn text(key: &str, value: &str, max: usize) -> Result<Option<String>, ApiError> {
    let value = value.trim();
    if value.chars().any(char::is_control) {
        return Err(invalid(key, "must not contain control characters"));
    }
    if value.chars().count() > max {
        return Err(invalid(key, format!("must be at most {max} characters")));
    }
    Ok((!value.is_empty()).then(|| value.to_owned()))
}

impl Settings {
    /// The settings with `input` applied, or the first problem found (nothing is applied then).
    /// `tones` are the configured tone names.
    pub fn apply(&self, input: &SettingsInput, tones: &[String]) -> Result<Settings, ApiError> {
        let mut s = self.clone();
        if let Some(p) = &input.provider {
            s.provider = Provider::from_str(p).map_err(|e| invalid("provider", e))?;
        }
        if let Some(url) = &input.base_url {
            s.base_url = text("base_url", url, MAX_TEXT_CHARS)?;
            if let Some(url) = &s.base_url
                && !(url.starts_with("http://") || url.starts_with("https://"))
            {
                return Err(invalid(
                    "base_url",
                    format!("'{url}' is not an http:// or https:// URL"),
                ));
            }
        }
        if let Some(model) = &input.model {
            s.model = text("model", model, MAX_TEXT_CHARS)?;
        }
        if let Some(key) = &input.api_key {
            s.api_key = text("api_key", key, MAX_TEXT_CHARS)?;
            if s.api_key
                .as_deref()
                .is_some_and(|k| k.contains(char::is_whitespace))
            {
                return Err(invalid("api_key", "must not contain spaces"));
            }
        }
        if let Some(tone) = &input.default_tone {
            s.default_tone = text("default_tone", tone, MAX_NAME_CHARS)?;
            if let Some(t) = &s.default_tone
                && !tones.contains(t)
            {
                return Err(invalid(
                    "default_tone",
                    format!("unknown tone '{t}'; valid tones: {}", tones.join(", ")),
                ));
            }
        }
        if let Some(name) = &input.agent_name {
            s.agent_name = text("agent_name", name, MAX_NAME_CHARS)?
                .ok_or_else(|| invalid("agent_name", "must not be empty"))?;
        }
        if let Some(role) = &input.agent_role {
            s.agent_role = role.parse().map_err(|e| invalid("agent_role", e))?;
        }
        if let Some(secs) = input.kiosk_idle_timeout_secs {
            if !(MIN_IDLE_SECS..=MAX_IDLE_SECS).contains(&secs) {
                return Err(invalid(
                    "kiosk_idle_timeout_secs",
                    format!(
                        "must be between {MIN_IDLE_SECS} and {MAX_IDLE_SECS} seconds, not {secs}"
                    ),
                ));
            }
            s.kiosk_idle_timeout_secs = secs;
        }
        if let Some(on) = input.kiosk_mode {
            s.kiosk_mode = on;
        }
        if s.provider == Provider::Custom && (s.base_url.is_none() || s.model.is_none()) {
            return Err(invalid(
                "provider",
                "the custom provider needs a base URL and a model name",
            ));
        }
        Ok(s)
    }

    /// Read the stored key/value pairs. A value that does not pass validation is reported and its
    /// default kept, so a hand-edited file never stops the app; unknown keys are reported too.
    pub fn from_stored(entries: &[(String, Value)], tones: &[String]) -> (Settings, Vec<String>) {
        let mut settings = Settings::default();
        let mut warnings = Vec::new();
        // The provider last: "custom" is only valid once base_url and model are in.
        let mut ordered: Vec<&(String, Value)> = entries.iter().collect();
        ordered.sort_by_key(|(k, _)| k == "provider");
        for (key, value) in ordered {
            if value.is_null() {
                continue;
            }
            let one = serde_json::json!({ key.as_str(): value });
            let applied = serde_json::from_value::<SettingsInput>(one)
                .map_err(|e| invalid(key, e))
                .and_then(|input| settings.apply(&input, tones));
            match applied {
                Ok(s) => settings = s,
                Err(e) => warnings.push(format!("{STORE_FILE}: {}; using the default", e.message)),
            }
        }
        (settings, warnings)
    }

    /// What to write to the store: (key, value); None removes the key.
    pub fn to_stored(&self) -> Vec<(&'static str, Option<Value>)> {
        let text = |v: &Option<String>| v.clone().map(Value::String);
        vec![
            ("provider", serde_json::to_value(self.provider).ok()),
            ("base_url", text(&self.base_url)),
            ("model", text(&self.model)),
            ("api_key", text(&self.api_key)),
            ("default_tone", text(&self.default_tone)),
            ("agent_name", Some(Value::String(self.agent_name.clone()))),
            ("agent_role", serde_json::to_value(self.agent_role).ok()),
            (
                "kiosk_idle_timeout_secs",
                Some(Value::from(self.kiosk_idle_timeout_secs)),
            ),
            ("kiosk_mode", Some(Value::Bool(self.kiosk_mode))),
        ]
    }

    pub fn provider_settings(&self) -> ProviderSettings {
        ProviderSettings {
            provider: self.provider,
            base_url: self.base_url.clone(),
            model: self.model.clone(),
            api_key: self.api_key.clone(),
            stream: false,
        }
    }

    /// The kiosk's idle timeout: `CX_KIOSK_IDLE_SECS` when set, else the setting.
    pub fn idle_timeout_secs(&self, env_override: Option<u32>) -> u32 {
        env_override.unwrap_or(self.kiosk_idle_timeout_secs)
    }
}

/// `CX_KIOSK_IDLE_SECS` as given (a positive whole number of seconds), or why it is ignored.
pub fn idle_override(raw: Option<&str>) -> Result<Option<u32>, String> {
    match raw.map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) => match v.parse::<u32>() {
            Ok(n) if n > 0 => Ok(Some(n)),
            _ => Err(format!(
                "{IDLE_ENV}='{v}' is not a positive number of seconds; ignored"
            )),
        },
    }
}

/// Everything the settings view shows besides the settings themselves.
pub struct ViewContext<'a> {
    pub config_default_tone: &'a str,
    pub tones: Vec<String>,
    pub idle_override: Option<u32>,
    pub kiosk_flag: bool,
    pub warnings: Vec<String>,
}

impl Settings {
    pub fn view(&self, ctx: ViewContext<'_>) -> SettingsView {
        SettingsView {
            provider: self.provider,
            base_url: self.base_url.clone(),
            model: self.model.clone(),
            api_key_source: provider::api_key(&self.provider_settings()).1,
            api_key_saved: self.api_key.is_some(),
            default_tone: self
                .default_tone
                .clone()
                .unwrap_or_else(|| ctx.config_default_tone.to_owned()),
            tones: ctx.tones,
            agent_name: self.agent_name.clone(),
            agent_role: self.agent_role,
            kiosk_idle_timeout_secs: self.kiosk_idle_timeout_secs,
            kiosk_idle_timeout_override: ctx.idle_override,
            kiosk_mode: self.kiosk_mode,
            kiosk_mode_flag: ctx.kiosk_flag,
            warnings: ctx.warnings,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn tones() -> Vec<String> {
        ["friendly", "playful", "professional"]
            .map(String::from)
            .to_vec()
    }

    fn input(v: Value) -> SettingsInput {
        serde_json::from_value(v).expect("valid input shape")
    }

    #[test]
    fn defaults_match_the_contract() {
        let s = Settings::default();
        assert_eq!(s.provider, Provider::Offline);
        assert_eq!(s.agent_name, "dana");
        assert_eq!(s.agent_role, StaffRole::Agent);
        assert_eq!(s.kiosk_idle_timeout_secs, 120);
        assert!(!s.kiosk_mode);
    }

    #[test]
    fn a_bad_provider_is_a_clear_error() {
        let e = Settings::default()
            .apply(&input(json!({ "provider": "gpt5" })), &tones())
            .unwrap_err();
        assert_eq!(e.code, "invalid_input");
        assert_eq!(
            e.message,
            "provider: unknown provider 'gpt5'; expected offline, openai, ollama or custom"
        );
    }

    #[test]
    fn a_valid_change_applies_and_leaves_the_rest() {
        let s = Settings::default()
            .apply(
                &input(json!({ "provider": "Ollama", "model": " llama3.1 ", "agent_role": "supervisor", "kiosk_mode": true })),
                &tones(),
            )
            .unwrap();
        assert_eq!(s.provider, Provider::Ollama);
        assert_eq!(s.model.as_deref(), Some("llama3.1"));
        assert_eq!(s.agent_role, StaffRole::Supervisor);
        assert!(s.kiosk_mode);
        assert_eq!(s.agent_name, "dana");
        // Empty strings clear.
        let s = s.apply(&input(json!({ "model": "" })), &tones()).unwrap();
        assert_eq!(s.model, None);
    }

    #[test]
    fn each_field_is_validated() {
        let bad = [
            (
                json!({ "agent_role": "reviewer" }),
                "agent_role: unknown role 'reviewer'",
            ),
            (
                json!({ "agent_name": "  " }),
                "agent_name: must not be empty",
            ),
            (
                json!({ "agent_name": "a\u{7}b" }),
                "agent_name: must not contain control",
            ),
            (
                json!({ "default_tone": "grumpy" }),
                "default_tone: unknown tone 'grumpy'; valid tones: friendly, playful, professional",
            ),
            (
                json!({ "kiosk_idle_timeout_secs": 3 }),
                "kiosk_idle_timeout_secs: must be between 10",
            ),
            (
                json!({ "base_url": "ftp://x" }),
                "base_url: 'ftp://x' is not an http",
            ),
            (
                json!({ "api_key": "sk abc" }),
                "api_key: must not contain spaces",
            ),
            (
                json!({ "provider": "custom" }),
                "provider: the custom provider needs a base URL",
            ),
        ];
        for (v, expected) in bad {
            let e = Settings::default()
                .apply(&input(v.clone()), &tones())
                .unwrap_err();
            assert!(e.message.starts_with(expected), "{v}: {}", e.message);
        }
        let ok = Settings::default()
            .apply(
                &input(json!({ "provider": "custom", "base_url": "http://127.0.0.1:8080/v1", "model": "m" })),
                &tones(),
            )
            .unwrap();
        assert_eq!(ok.provider, Provider::Custom);
    }

    #[test]
    fn unknown_input_keys_are_rejected() {
        let e =
            crate::args::parse::<SettingsInput>("update_settings", json!({ "providr": "openai" }))
                .unwrap_err();
        assert!(
            e.message.contains("unknown field `providr`"),
            "{}",
            e.message
        );
    }

    #[test]
    fn stored_settings_round_trip() {
        let s = Settings {
            provider: Provider::Custom,
            base_url: Some("http://localhost:1234/v1".into()),
            model: Some("local".into()),
            api_key: Some("sk-1".into()),
            default_tone: Some("friendly".into()),
            agent_name: "lee".into(),
            agent_role: StaffRole::Supervisor,
            kiosk_idle_timeout_secs: 300,
            kiosk_mode: true,
        };
        let stored: Vec<(String, Value)> = s
            .to_stored()
            .into_iter()
            .filter_map(|(k, v)| v.map(|v| (k.to_owned(), v)))
            .collect();
        let (back, warnings) = Settings::from_stored(&stored, &tones());
        assert_eq!(back, s);
        assert!(warnings.is_empty(), "{warnings:?}");
    }

    #[test]
    fn a_bad_stored_value_falls_back_with_a_warning() {
        let stored = vec![
            ("provider".to_owned(), json!("nonsense")),
            ("agent_name".to_owned(), json!("lee")),
            ("kiosk_idle_timeout_secs".to_owned(), json!("soon")),
            ("colour".to_owned(), json!("blue")),
        ];
        let (s, warnings) = Settings::from_stored(&stored, &tones());
        assert_eq!(s.provider, Provider::Offline);
        assert_eq!(s.agent_name, "lee");
        assert_eq!(s.kiosk_idle_timeout_secs, DEFAULT_IDLE_SECS);
        assert_eq!(warnings.len(), 3, "{warnings:?}");
        assert!(
            warnings
                .iter()
                .any(|w| w.contains("unknown provider 'nonsense'"))
        );
        assert!(
            warnings
                .iter()
                .any(|w| w.contains("unknown field `colour`"))
        );
    }

    #[test]
    fn the_idle_timeout_environment_override() {
        assert_eq!(idle_override(None), Ok(None));
        assert_eq!(idle_override(Some("5")), Ok(Some(5)));
        assert!(idle_override(Some("0")).is_err());
        assert!(idle_override(Some("soon")).is_err());
        let s = Settings::default();
        assert_eq!(s.idle_timeout_secs(Some(5)), 5);
        assert_eq!(s.idle_timeout_secs(None), 120);
    }

    #[test]
    fn the_view_never_contains_the_key() {
        let s = Settings {
            api_key: Some("sk-secret".into()),
            ..Settings::default()
        };
        let v = s.view(ViewContext {
            config_default_tone: "professional",
            tones: tones(),
            idle_override: None,
            kiosk_flag: false,
            warnings: vec![],
        });
        assert!(v.api_key_saved);
        assert_eq!(v.default_tone, "professional");
        assert!(!serde_json::to_string(&v).unwrap().contains("sk-secret"));
    }
}
