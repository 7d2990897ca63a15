//! Settings (tauri-plugin-store, `settings.json` in the app data dir): parsing, validation and the
//! views the windows get; [`load`] and [`persist`] read and write the store and the OS keyring.
//! The model API key lives in the keyring only (`secrets`); the store keeps a flag that one is
//! saved.

mod problem;

pub use problem::{Kind, Problem};

use crate::error::{ApiError, ApiResult};
use crate::secrets::KeyStore;
use crate::station::StationRole;
use cx_core::Language;
use cx_core::policy::Role;
use cx_core::provider::{self, KeySource, Provider, ProviderRequest, ProviderSettings};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::str::FromStr;
use ts_rs::TS;

/// The store file, relative to the app data dir.
pub const STORE_FILE: &str = "settings.json";
/// Store key: a model API key is saved in the OS keyring.
pub const KEY_FLAG: &str = "api_key_in_keyring";
/// Store key where older versions kept the API key in plain text; removed at start.
pub const LEGACY_KEY: &str = "api_key";
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
    /// The key saved from the settings, held in the OS keyring and in memory, never in the store.
    /// Which key is sent where: `cx_core::provider::key_for`.
    pub api_key: Option<String>,
    /// The store says a key is saved in the keyring (true with `api_key` None when the keyring
    /// could not be read at start: kept so the key is tried again next time, or can be removed).
    pub api_key_saved: bool,
    /// Let a key go over plain http:// to another machine (`cx_core::provider::api_key`).
    pub allow_insecure_http: bool,
    /// None: the configured default tone (config/system_prompts.yaml).
    pub default_tone: Option<String>,
    pub agent_name: String,
    pub agent_role: StaffRole,
    pub kiosk_idle_timeout_secs: u32,
    pub kiosk_mode: bool,
    /// What this desktop is for (takes effect at the next start; `--station` overrides it).
    pub station_role: StationRole,
    /// The language the staff windows (workspace, history) are shown in.
    pub language: Language,
    /// The language the kiosk's start screen shows each new customer (who may choose another).
    pub kiosk_language: Language,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            provider: Provider::Offline,
            base_url: None,
            model: None,
            api_key: None,
            api_key_saved: false,
            allow_insecure_http: false,
            default_tone: None,
            agent_name: DEFAULT_AGENT_NAME.to_owned(),
            agent_role: StaffRole::Agent,
            kiosk_idle_timeout_secs: DEFAULT_IDLE_SECS,
            kiosk_mode: false,
            station_role: StationRole::Both,
            language: Language::En,
            kiosk_language: Language::En,
        }
    }
}

/// A change to the settings: every field is optional (absent = unchanged); an empty string clears
/// `base_url`, `model`, `api_key` and `default_tone`. A new `api_key` is saved in the OS keyring
/// only; without a keyring it is refused.
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
    /// Seconds; any JSON number, so a fraction is refused here with the rule's own message.
    pub kiosk_idle_timeout_secs: Option<f64>,
    pub kiosk_mode: Option<bool>,
    pub allow_insecure_http: Option<bool>,
    #[ts(as = "Option<StationRole>")]
    pub station_role: Option<String>,
    #[ts(as = "Option<Language>")]
    pub language: Option<String>,
    #[ts(as = "Option<Language>")]
    pub kiosk_language: Option<String>,
}

/// The settings as the workspace shows them. The typed API key is never sent back.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct SettingsView {
    pub provider: Provider,
    pub base_url: Option<String>,
    pub model: Option<String>,
    /// Where the API key in use comes from: `CX_LLM_API_KEY`, then `OPENAI_API_KEY` (OpenAI
    /// only), then the key saved in the OS keyring (`settings`).
    pub api_key_source: KeySource,
    /// A key is saved in the OS keyring (whether or not the environment overrides it).
    pub api_key_saved: bool,
    /// Why the OS keyring cannot be used (no key can be saved; only the environment's), or null.
    pub keyring_unavailable: Option<String>,
    /// A key may go over plain http:// to another machine.
    pub allow_insecure_http: bool,
    /// The tone new kiosk sessions start in.
    pub default_tone: String,
    pub tones: Vec<String>,
    pub agent_name: String,
    pub agent_role: StaffRole,
    /// As stored.
    pub kiosk_idle_timeout_secs: u32,
    /// Set when `CX_KIOSK_IDLE_SECS` overrides the stored value.
    pub kiosk_idle_timeout_override: Option<u32>,
    /// The range `update_settings` accepts for the idle timeout ([`MIN_IDLE_SECS`],
    /// [`MAX_IDLE_SECS`]): the form checks the same one instead of keeping its own.
    pub kiosk_idle_timeout_min_secs: u32,
    pub kiosk_idle_timeout_max_secs: u32,
    /// As stored.
    pub kiosk_mode: bool,
    /// The app was started with `--kiosk` (kiosk mode whatever the setting says).
    pub kiosk_mode_flag: bool,
    /// As stored (used from the next start).
    pub station_role: StationRole,
    /// The station this process runs as now (`--station` or the stored setting at start).
    pub station_role_running: StationRole,
    /// The language the staff windows are shown in.
    pub language: Language,
    /// The language the kiosk's start screen shows each new customer.
    pub kiosk_language: Language,
    /// Problems found in the stored settings at start (each value fell back to its default).
    pub warnings: Vec<String>,
}

/// What the kiosk window needs to know.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub struct KioskSettings {
    pub idle_timeout_secs: u32,
    pub kiosk_mode: bool,
    /// The station's default language: the start screen shows it to each new customer.
    pub language: Language,
}

fn invalid(key: &str, message: impl std::fmt::Display) -> ApiError {
    ApiError::invalid(format!("{key}: {message}"))
}

/// Trimmed text; None when empty. Rejects control characters and overlong values.
fn text(key: &'static str, value: &str, max: usize) -> Result<Option<String>, Problem> {
    let value = value.trim();
    if value.chars().any(char::is_control) {
        return Err(Problem::new(key, Kind::ControlCharacters));
    }
    if value.chars().count() > max {
        return Err(Problem::new(key, Kind::TooLong { max }));
    }
    Ok((!value.is_empty()).then(|| value.to_owned()))
}

/// A value chosen from a list, parsed by its own type (whose error names the choices).
fn choice<T: FromStr<Err: std::fmt::Display>>(
    key: &'static str,
    value: &str,
) -> Result<T, Problem> {
    value
        .parse()
        .map_err(|e: T::Err| Problem::new(key, Kind::NotAChoice(e.to_string())))
}

/// Whole seconds within the kiosk's range.
fn idle_secs(secs: f64) -> Result<u32, Problem> {
    let range = f64::from(MIN_IDLE_SECS)..=f64::from(MAX_IDLE_SECS);
    if secs.fract() == 0.0 && range.contains(&secs) {
        return Ok(secs as u32);
    }
    Err(Problem::new(
        "kiosk_idle_timeout_secs",
        Kind::IdleOutOfRange {
            min: MIN_IDLE_SECS,
            max: MAX_IDLE_SECS,
            given: secs.to_string(),
        },
    ))
}

impl Settings {
    /// The settings with `input` applied, or the first problem found (nothing is applied then).
    /// `tones` are the configured tone names.
    pub fn apply(&self, input: &SettingsInput, tones: &[String]) -> Result<Settings, ApiError> {
        self.check(input, tones).map_err(ApiError::from)
    }

    /// Every settings rule, once: the settings with `input` applied, or why not.
    pub fn check(&self, input: &SettingsInput, tones: &[String]) -> Result<Settings, Problem> {
        let mut s = self.clone();
        if let Some(p) = &input.provider {
            s.provider = choice("provider", p)?;
        }
        if let Some(url) = &input.base_url {
            s.base_url = text("base_url", url, MAX_TEXT_CHARS)?;
            if let Some(url) = &s.base_url
                && !(url.starts_with("http://") || url.starts_with("https://"))
            {
                return Err(Problem::new("base_url", Kind::NotHttp { url: url.clone() }));
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
                return Err(Problem::new("api_key", Kind::KeyHasSpaces));
            }
            s.api_key_saved = s.api_key.is_some();
        }
        if let Some(on) = input.allow_insecure_http {
            s.allow_insecure_http = on;
        }
        if let Some(tone) = &input.default_tone {
            s.default_tone = text("default_tone", tone, MAX_NAME_CHARS)?;
            if let Some(t) = &s.default_tone
                && !tones.contains(t)
            {
                let (tone, tones) = (t.clone(), tones.to_vec());
                return Err(Problem::new(
                    "default_tone",
                    Kind::UnknownTone { tone, tones },
                ));
            }
        }
        if let Some(name) = &input.agent_name {
            s.agent_name = text("agent_name", name, MAX_NAME_CHARS)?
                .ok_or_else(|| Problem::new("agent_name", Kind::Empty))?;
        }
        if let Some(role) = &input.agent_role {
            s.agent_role = choice("agent_role", role)?;
        }
        if let Some(secs) = input.kiosk_idle_timeout_secs {
            s.kiosk_idle_timeout_secs = idle_secs(secs)?;
        }
        if let Some(on) = input.kiosk_mode {
            s.kiosk_mode = on;
        }
        if let Some(role) = &input.station_role {
            s.station_role = choice("station_role", role)?;
        }
        if let Some(code) = &input.language {
            s.language = choice("language", code)?;
        }
        if let Some(code) = &input.kiosk_language {
            s.kiosk_language = choice("kiosk_language", code)?;
        }
        if s.provider == Provider::Custom && (s.base_url.is_none() || s.model.is_none()) {
            let url_missing = s.base_url.is_none();
            return Err(Problem::new(
                "provider",
                Kind::CustomIncomplete { url_missing },
            ));
        }
        Ok(s)
    }

    /// Read the stored key/value pairs. A value that does not pass validation is reported and its
    /// default kept, so a hand-edited file never stops the app; unknown keys are reported too.
    /// The key itself is not read here (see [`Settings::load_key`]): a plain-text `api_key` is
    /// ignored.
    pub fn from_stored(entries: &[(String, Value)], tones: &[String]) -> (Settings, Vec<String>) {
        let mut settings = Settings::default();
        let mut warnings = Vec::new();
        // The provider last: "custom" is only valid once base_url and model are in.
        let mut ordered: Vec<&(String, Value)> = entries.iter().collect();
        ordered.sort_by_key(|(k, _)| k == "provider");
        for (key, value) in ordered {
            if value.is_null() || key == LEGACY_KEY {
                continue;
            }
            if key == KEY_FLAG {
                match value.as_bool() {
                    Some(saved) => settings.api_key_saved = saved,
                    None => warnings.push(format!(
                        "{STORE_FILE}: {KEY_FLAG}: expected true or false; using false"
                    )),
                }
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

    /// What to write to the store: (key, value); None removes the key. Never the API key: only
    /// whether one is saved in the keyring (and a plain-text one from an older version goes).
    pub fn to_stored(&self) -> Vec<(&'static str, Option<Value>)> {
        let text = |v: &Option<String>| v.clone().map(Value::String);
        vec![
            ("provider", serde_json::to_value(self.provider).ok()),
            ("base_url", text(&self.base_url)),
            ("model", text(&self.model)),
            (LEGACY_KEY, None),
            (KEY_FLAG, Some(Value::Bool(self.api_key_saved))),
            (
                "allow_insecure_http",
                Some(Value::Bool(self.allow_insecure_http)),
            ),
            ("default_tone", text(&self.default_tone)),
            ("agent_name", Some(Value::String(self.agent_name.clone()))),
            ("agent_role", serde_json::to_value(self.agent_role).ok()),
            (
                "kiosk_idle_timeout_secs",
                Some(Value::from(self.kiosk_idle_timeout_secs)),
            ),
            ("kiosk_mode", Some(Value::Bool(self.kiosk_mode))),
            ("station_role", serde_json::to_value(self.station_role).ok()),
            ("language", Some(Value::from(self.language.code()))),
            (
                "kiosk_language",
                Some(Value::from(self.kiosk_language.code())),
            ),
        ]
    }

    /// What `cx_core::provider::build` needs, the key rule's setting included. The app always
    /// asks a model server to stream: the kiosk shows each sentence of an answer as soon as the
    /// claim ledger grounded it (the offline assistant ignores this).
    pub fn provider_settings(&self) -> ProviderRequest {
        ProviderRequest {
            settings: ProviderSettings {
                provider: self.provider,
                base_url: self.base_url.clone(),
                model: self.model.clone(),
                api_key: self.api_key.clone(),
                stream: true,
            },
            allow_insecure_http: self.allow_insecure_http,
        }
    }

    /// At start, after [`Settings::from_stored`]: the key saved in the OS keyring (when the store
    /// says there is one), and a plain-text `api_key` from an older version moved into the
    /// keyring — or dropped with a warning when it cannot be; it never stays in the file.
    /// Returns what to write to the store now (nothing when nothing changed).
    pub fn load_key(
        &mut self,
        entries: &[(String, Value)],
        keys: &KeyStore,
        warnings: &mut Vec<String>,
    ) -> Vec<(&'static str, Option<Value>)> {
        let Some((_, legacy)) = entries.iter().find(|(k, _)| k == LEGACY_KEY) else {
            self.read_saved_key(keys, warnings);
            return Vec::new();
        };
        let legacy = legacy.as_str().map(str::trim).filter(|k| !k.is_empty());
        let mut changes = vec![(LEGACY_KEY, None)];
        if let Some(key) = legacy {
            match keys.set(key) {
                Ok(()) => {
                    tracing::info!("moved the API key from {STORE_FILE} into the OS keyring");
                    self.api_key = Some(key.to_owned());
                    self.api_key_saved = true;
                    changes.push((KEY_FLAG, Some(Value::Bool(true))));
                }
                Err(why) => {
                    warnings.push(format!(
                        "{STORE_FILE} held the API key in plain text: it was deleted from the file \
                         but could not be moved into the OS keyring ({why}). Set CX_LLM_API_KEY, \
                         or type the key again once the keyring works"
                    ));
                    self.read_saved_key(keys, warnings);
                }
            }
        } else {
            self.read_saved_key(keys, warnings);
        }
        changes
    }

    fn read_saved_key(&mut self, keys: &KeyStore, warnings: &mut Vec<String>) {
        if !self.api_key_saved {
            return;
        }
        match keys.get() {
            Ok(Some(key)) => self.api_key = Some(key),
            Ok(None) => {
                warnings.push(
                    "the settings say an API key is saved in the OS keyring, but it is not \
                     there; type it again"
                        .into(),
                );
                self.api_key_saved = false;
            }
            Err(why) => warnings.push(format!(
                "an API key is saved in the OS keyring but {why}; no saved key is used this time"
            )),
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
    /// The station this process runs as.
    pub station: StationRole,
    pub warnings: Vec<String>,
}

impl Settings {
    pub fn view(&self, ctx: ViewContext<'_>) -> SettingsView {
        self.view_with(ctx, KeyStore::os())
    }

    pub fn view_with(&self, ctx: ViewContext<'_>, keys: &KeyStore) -> SettingsView {
        SettingsView {
            provider: self.provider,
            base_url: self.base_url.clone(),
            model: self.model.clone(),
            api_key_source: provider::key_for(&self.provider_settings().settings, |v| {
                std::env::var(v).ok()
            })
            .1,
            api_key_saved: self.api_key_saved,
            keyring_unavailable: keys.unavailable_reason().map(String::from),
            allow_insecure_http: self.allow_insecure_http,
            default_tone: self
                .default_tone
                .clone()
                .unwrap_or_else(|| ctx.config_default_tone.to_owned()),
            tones: ctx.tones,
            agent_name: self.agent_name.clone(),
            agent_role: self.agent_role,
            kiosk_idle_timeout_secs: self.kiosk_idle_timeout_secs,
            kiosk_idle_timeout_override: ctx.idle_override,
            kiosk_idle_timeout_min_secs: MIN_IDLE_SECS,
            kiosk_idle_timeout_max_secs: MAX_IDLE_SECS,
            kiosk_mode: self.kiosk_mode,
            kiosk_mode_flag: ctx.kiosk_flag,
            station_role: self.station_role,
            station_role_running: ctx.station,
            language: self.language,
            kiosk_language: self.kiosk_language,
            warnings: ctx.warnings,
        }
    }
}

/// Read the settings at start (see [`Settings::from_stored`], [`Settings::load_key`]); problems
/// become warnings for the settings view, never a failed start.
pub fn load(app: &tauri::AppHandle, tones: &[String], keys: &KeyStore) -> (Settings, Vec<String>) {
    use tauri_plugin_store::StoreExt;
    let store = match app.store(STORE_FILE) {
        Ok(store) => store,
        Err(e) => {
            let warning = format!("cannot read {STORE_FILE} ({e}); using the default settings");
            return (Settings::default(), vec![warning]);
        }
    };
    let entries = store.entries();
    let (mut settings, mut warnings) = Settings::from_stored(&entries, tones);
    let changes = settings.load_key(&entries, keys, &mut warnings);
    if !changes.is_empty()
        && let Err(e) = write_store(app, changes)
    {
        warnings.push(e.message);
    }
    (settings, warnings)
}

/// Save a settings change: the API key into (or out of) the OS keyring first, then the store.
/// A new key the keyring cannot take is refused and nothing is written.
pub fn persist(
    app: &tauri::AppHandle,
    before: &Settings,
    after: &Settings,
    keys: &KeyStore,
) -> ApiResult<()> {
    save_key(before, after, keys)?;
    write_store(app, after.to_stored())
}

/// The keyring half of [`persist`].
pub fn save_key(before: &Settings, after: &Settings, keys: &KeyStore) -> ApiResult<()> {
    if (&after.api_key, after.api_key_saved) == (&before.api_key, before.api_key_saved) {
        return Ok(());
    }
    match &after.api_key {
        Some(key) => keys.save(key),
        // Removed. Without a keyring there is nothing this app can delete; the flag goes anyway so
        // no saved key is used again.
        None if keys.unavailable_reason().is_some() => {
            tracing::warn!(
                "the API key was removed from the settings; the OS keyring is unavailable"
            );
            Ok(())
        }
        None => keys.delete(),
    }
}

fn write_store(app: &tauri::AppHandle, pairs: Vec<(&str, Option<Value>)>) -> ApiResult<()> {
    use tauri_plugin_store::StoreExt;
    let store = app
        .store(STORE_FILE)
        .map_err(|e| ApiError::internal(format!("cannot open {STORE_FILE}: {e}")))?;
    for (key, value) in pairs {
        match value {
            Some(v) => store.set(key, v),
            None => {
                store.delete(key);
            }
        }
    }
    store
        .save()
        .map_err(|e| ApiError::internal(format!("cannot save {STORE_FILE}: {e}")))
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
        assert_eq!(s.language, Language::En);
        assert_eq!(s.kiosk_language, Language::En);
    }

    #[test]
    fn languages_are_validated_codes() {
        let s = Settings::default()
            .apply(
                &input(json!({ "language": "de", "kiosk_language": " ES " })),
                &tones(),
            )
            .unwrap();
        assert_eq!((s.language, s.kiosk_language), (Language::De, Language::Es));
        // Only the staff language changes; the kiosk's stays.
        let s = s
            .apply(&input(json!({ "language": "en" })), &tones())
            .unwrap();
        assert_eq!((s.language, s.kiosk_language), (Language::En, Language::Es));
        for key in ["language", "kiosk_language"] {
            let e = Settings::default()
                .apply(&input(json!({ key: "fr" })), &tones())
                .unwrap_err();
            assert_eq!(e.code, "invalid_input");
            assert_eq!(
                e.message,
                format!("{key}: unknown language 'fr'; supported languages: en, de, es")
            );
        }
        // The view and the kiosk see them.
        let s = Settings {
            language: Language::Es,
            kiosk_language: Language::De,
            ..Settings::default()
        };
        let v = s.view_with(ctx(), &mock_keyring());
        assert_eq!((v.language, v.kiosk_language), (Language::Es, Language::De));
        let text = serde_json::to_value(&v).unwrap();
        assert_eq!(text["language"], "es");
        assert_eq!(text["kiosk_language"], "de");
    }

    #[test]
    fn a_bad_stored_language_falls_back_to_english_with_a_warning() {
        let stored = vec![
            ("language".to_owned(), json!("klingon")),
            ("kiosk_language".to_owned(), json!("de")),
        ];
        let (s, warnings) = Settings::from_stored(&stored, &tones());
        assert_eq!(s.language, Language::En);
        assert_eq!(s.kiosk_language, Language::De);
        assert_eq!(
            warnings,
            [format!(
                "{STORE_FILE}: language: unknown language 'klingon'; supported languages: en, \
                 de, es; using the default"
            )]
        );
        let (s, warnings) =
            Settings::from_stored(&[("kiosk_language".to_owned(), json!(7))], &tones());
        assert_eq!(s.kiosk_language, Language::En);
        assert_eq!(warnings.len(), 1, "{warnings:?}");
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
                &input(json!({ "provider": "Ollama", "model": " llama3.1 ", "agent_role": "supervisor", "kiosk_mode": true, "station_role": "kiosk" })),
                &tones(),
            )
            .unwrap();
        assert_eq!(s.provider, Provider::Ollama);
        assert_eq!(s.model.as_deref(), Some("llama3.1"));
        assert_eq!(s.agent_role, StaffRole::Supervisor);
        assert!(s.kiosk_mode);
        assert_eq!(s.station_role, StationRole::Kiosk);
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
                json!({ "station_role": "lobby" }),
                "station_role: unknown station role 'lobby'; expected desk, kiosk or both",
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

    /// What `to_stored` would leave in the file.
    fn stored(s: &Settings) -> Vec<(String, Value)> {
        s.to_stored()
            .into_iter()
            .filter_map(|(k, v)| v.map(|v| (k.to_owned(), v)))
            .collect()
    }

    fn full() -> Settings {
        Settings {
            provider: Provider::Custom,
            base_url: Some("http://localhost:1234/v1".into()),
            model: Some("local".into()),
            api_key: Some("sk-secret-1".into()),
            api_key_saved: true,
            allow_insecure_http: true,
            default_tone: Some("friendly".into()),
            agent_name: "lee".into(),
            agent_role: StaffRole::Supervisor,
            kiosk_idle_timeout_secs: 300,
            kiosk_mode: true,
            station_role: StationRole::Desk,
            language: Language::De,
            kiosk_language: Language::Es,
        }
    }

    fn mock_keyring() -> KeyStore {
        KeyStore::new(keyring_core::mock::Store::new().expect("mock store"))
    }

    #[test]
    fn stored_settings_round_trip_without_the_key() {
        let s = full();
        let (back, warnings) = Settings::from_stored(&stored(&s), &tones());
        // Everything but the key itself, which only the keyring has.
        assert_eq!(
            back,
            Settings {
                api_key: None,
                ..s.clone()
            }
        );
        assert!(warnings.is_empty(), "{warnings:?}");
        let keys = mock_keyring();
        keys.set("sk-secret-1").unwrap();
        let mut back = back;
        let mut warnings = vec![];
        assert!(back.load_key(&stored(&s), &keys, &mut warnings).is_empty());
        assert_eq!(back, s);
        assert!(warnings.is_empty(), "{warnings:?}");
    }

    #[test]
    fn the_stored_settings_never_contain_the_key() {
        let s = full();
        let text = serde_json::to_string(&s.to_stored()).unwrap();
        assert!(!text.contains("sk-secret-1"), "{text}");
        let pairs = s.to_stored();
        // The flag is written, and an old plain-text key is always removed.
        assert!(pairs.contains(&(KEY_FLAG, Some(Value::Bool(true)))));
        assert!(pairs.contains(&(LEGACY_KEY, None)));
        // Also through a change that sets a key.
        let changed = Settings::default()
            .apply(&input(json!({ "api_key": "sk-typed" })), &tones())
            .unwrap();
        assert!(changed.api_key_saved);
        let text = serde_json::to_string(&changed.to_stored()).unwrap();
        assert!(!text.contains("sk-typed"), "{text}");
    }

    #[test]
    fn a_typed_key_goes_into_the_keyring_and_out_again() {
        let keys = mock_keyring();
        let before = Settings::default();
        let after = before
            .apply(&input(json!({ "api_key": " sk-typed " })), &tones())
            .unwrap();
        save_key(&before, &after, &keys).unwrap();
        assert_eq!(keys.get(), Ok(Some("sk-typed".into())));
        // Unrelated changes leave the keyring alone.
        let renamed = after
            .apply(&input(json!({ "agent_name": "lee" })), &tones())
            .unwrap();
        keys.set("sk-other").unwrap();
        save_key(&after, &renamed, &keys).unwrap();
        assert_eq!(keys.get(), Ok(Some("sk-other".into())));
        // "" removes it.
        let removed = renamed
            .apply(&input(json!({ "api_key": "" })), &tones())
            .unwrap();
        assert!(!removed.api_key_saved);
        save_key(&renamed, &removed, &keys).unwrap();
        assert_eq!(keys.get(), Ok(None));
    }

    #[test]
    fn without_a_keyring_a_key_cannot_be_saved_and_the_view_says_so() {
        let keys = KeyStore::unavailable("no D-Bus session");
        let before = Settings::default();
        let after = before
            .apply(&input(json!({ "api_key": "sk-typed" })), &tones())
            .unwrap();
        let e = save_key(&before, &after, &keys).unwrap_err();
        assert_eq!(e.code, "refused");
        assert!(
            e.message.contains("OS keyring is unavailable"),
            "{}",
            e.message
        );
        assert!(e.message.contains("CX_LLM_API_KEY"), "{}", e.message);
        assert!(!e.message.contains("sk-typed"));
        // Settings without a new key still save.
        let other = before
            .apply(&input(json!({ "kiosk_mode": true })), &tones())
            .unwrap();
        save_key(&before, &other, &keys).unwrap();
        let v = before.view_with(ctx(), &keys);
        assert_eq!(v.keyring_unavailable.as_deref(), Some("no D-Bus session"));
        assert!(!v.api_key_saved);
        let v = before.view_with(ctx(), &mock_keyring());
        assert_eq!(v.keyring_unavailable, None);
    }

    #[test]
    fn a_plain_text_key_moves_into_the_keyring() {
        let entries = vec![
            (LEGACY_KEY.to_owned(), json!("sk-old")),
            ("agent_name".to_owned(), json!("lee")),
        ];
        let (mut s, mut warnings) = Settings::from_stored(&entries, &tones());
        assert_eq!(s.api_key, None, "not from the file");
        let keys = mock_keyring();
        let changes = s.load_key(&entries, &keys, &mut warnings);
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(s.api_key.as_deref(), Some("sk-old"));
        assert!(s.api_key_saved);
        assert_eq!(keys.get(), Ok(Some("sk-old".into())));
        assert_eq!(
            changes,
            vec![(LEGACY_KEY, None), (KEY_FLAG, Some(Value::Bool(true)))]
        );
    }

    #[test]
    fn a_plain_text_key_is_deleted_even_without_a_keyring() {
        let entries = vec![(LEGACY_KEY.to_owned(), json!("sk-old"))];
        let (mut s, mut warnings) = Settings::from_stored(&entries, &tones());
        let keys = KeyStore::unavailable("no D-Bus session");
        let changes = s.load_key(&entries, &keys, &mut warnings);
        assert_eq!(changes, vec![(LEGACY_KEY, None)]);
        assert_eq!(s.api_key, None);
        assert!(!s.api_key_saved);
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(
            warnings[0].contains("could not be moved into the OS keyring"),
            "{}",
            warnings[0]
        );
        assert!(warnings[0].contains("no D-Bus session"), "{}", warnings[0]);
        assert!(!warnings[0].contains("sk-old"));
    }

    #[test]
    fn a_saved_key_that_cannot_be_read_is_a_warning() {
        let entries = vec![(KEY_FLAG.to_owned(), json!(true))];
        // Not in the keyring: the flag goes.
        let (mut s, mut warnings) = Settings::from_stored(&entries, &tones());
        assert!(
            s.load_key(&entries, &mock_keyring(), &mut warnings)
                .is_empty()
        );
        assert!(!s.api_key_saved);
        assert!(warnings[0].contains("it is not there"), "{warnings:?}");
        // Keyring unavailable: the flag stays, to try again next start.
        let (mut s, mut warnings) = Settings::from_stored(&entries, &tones());
        let keys = KeyStore::unavailable("no D-Bus session");
        assert!(s.load_key(&entries, &keys, &mut warnings).is_empty());
        assert!(s.api_key_saved);
        assert_eq!(s.api_key, None);
        assert!(warnings[0].contains("no D-Bus session"), "{warnings:?}");
    }

    #[test]
    fn the_insecure_http_setting_reaches_the_key_rule() {
        let s = Settings::default()
            .apply(
                &input(json!({ "provider": "custom", "base_url": "http://10.0.0.5:8080/v1", "model": "m", "api_key": "sk-1" })),
                &tones(),
            )
            .unwrap();
        let limits = cx_core::config::ModelSettings::default();
        let e = provider::build(&s.provider_settings(), &limits)
            .err()
            .expect("refused");
        assert_eq!(e.code(), "refused");
        let s = s
            .apply(&input(json!({ "allow_insecure_http": true })), &tones())
            .unwrap();
        assert!(provider::build(&s.provider_settings(), &limits).is_ok());
        let (back, _) = Settings::from_stored(&stored(&s), &tones());
        assert!(back.allow_insecure_http);
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

    fn ctx() -> ViewContext<'static> {
        ViewContext {
            config_default_tone: "professional",
            tones: tones(),
            idle_override: None,
            kiosk_flag: false,
            station: StationRole::Both,
            warnings: vec![],
        }
    }

    #[test]
    fn the_view_never_contains_the_key() {
        let s = Settings {
            api_key: Some("sk-secret".into()),
            api_key_saved: true,
            ..Settings::default()
        };
        let v = s.view_with(ctx(), &mock_keyring());
        assert!(v.api_key_saved);
        assert_eq!(v.default_tone, "professional");
        assert!(!serde_json::to_string(&v).unwrap().contains("sk-secret"));
    }
}
