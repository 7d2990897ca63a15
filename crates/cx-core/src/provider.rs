//! Choosing the language model: the offline assistant (the default, no network), or an
//! OpenAI-compatible server — OpenAI, Ollama, or any base URL (llama.cpp, vLLM, LM Studio).

use crate::config::ModelSettings;
use crate::error::{CoreError, Result};
use cx_llm::ChatModel;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Provider {
    #[default]
    Offline,
    Openai,
    Ollama,
    /// Any OpenAI-compatible base URL.
    Custom,
}

impl std::str::FromStr for Provider {
    type Err = CoreError;
    fn from_str(s: &str) -> Result<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "offline" => Ok(Provider::Offline),
            "openai" => Ok(Provider::Openai),
            "ollama" => Ok(Provider::Ollama),
            "custom" => Ok(Provider::Custom),
            other => Err(CoreError::invalid(format!(
                "unknown provider '{other}'; expected offline, openai, ollama or custom"
            ))),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ProviderSettings {
    pub provider: Provider,
    pub base_url: Option<String>,
    pub model: Option<String>,
    /// The key saved from the settings (read from the OS keyring); see [`key_for`] for which key
    /// goes where.
    #[serde(default, skip_serializing)]
    pub api_key: Option<String>,
    #[serde(default)]
    pub stream: bool,
}

/// Where the API key comes from, for the UI to say.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case", tag = "source", content = "name")]
pub enum KeySource {
    Environment(String),
    /// The key saved from the settings (kept in the OS keyring, never in the settings file).
    Settings,
    None,
}

pub const DEFAULT_OPENAI_MODEL: &str = "gpt-4o-mini";
pub const DEFAULT_OLLAMA_MODEL: &str = "llama3.1";
pub const OPENAI_BASE_URL: &str = "https://api.openai.com/v1";
pub const OLLAMA_BASE_URL: &str = "http://localhost:11434/v1";
/// Sent to whichever provider is configured.
pub const CX_KEY_ENV: &str = "CX_LLM_API_KEY";
/// OpenAI's own variable: sent to api.openai.com only.
pub const OPENAI_KEY_ENV: &str = "OPENAI_API_KEY";
const OPENAI_HOST: &str = "api.openai.com";

/// The provider settings plus how far an API key may travel: what [`build`] needs.
/// `From<&ProviderSettings>` gives the safe default (no key over plain http to another machine).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ProviderRequest {
    pub settings: ProviderSettings,
    /// Let a key go over plain `http://` to a host that is not this machine (off by default:
    /// anyone on the network path could read it).
    pub allow_insecure_http: bool,
}

impl From<&ProviderSettings> for ProviderRequest {
    fn from(settings: &ProviderSettings) -> Self {
        ProviderRequest {
            settings: settings.clone(),
            allow_insecure_http: false,
        }
    }
}

impl From<&ProviderRequest> for ProviderRequest {
    fn from(request: &ProviderRequest) -> Self {
        request.clone()
    }
}

/// The base URL requests go to: the one in the settings, else the provider's default.
/// None for the offline assistant and for a custom provider without a URL.
pub fn base_url(settings: &ProviderSettings) -> Option<String> {
    if let Some(url) = settings.base_url.as_deref().map(str::trim)
        && !url.is_empty()
    {
        return (settings.provider != Provider::Offline).then(|| url.to_owned());
    }
    match settings.provider {
        Provider::Openai => Some(OPENAI_BASE_URL.into()),
        Provider::Ollama => Some(OLLAMA_BASE_URL.into()),
        Provider::Offline | Provider::Custom => None,
    }
}

/// The key that belongs to the configured provider, and where it comes from — before the
/// transport check of [`api_key`]. The rule, first match wins:
/// 1. the offline assistant gets no key;
/// 2. `CX_LLM_API_KEY` goes to the configured provider, whatever it is;
/// 3. `OPENAI_API_KEY` goes only to OpenAI itself: provider `openai` with the base URL on
///    `https://api.openai.com` (never to Ollama, a custom server or a redirected `openai`);
/// 4. the key saved from the settings (the OS keyring) goes to the configured provider;
/// 5. otherwise no key (a local Ollama needs none).
///
/// `env` looks up an environment variable; blank values count as unset.
pub fn key_for(
    settings: &ProviderSettings,
    env: impl Fn(&str) -> Option<String>,
) -> (Option<String>, KeySource) {
    if settings.provider == Provider::Offline {
        return (None, KeySource::None);
    }
    let var = |name: &str| {
        env(name)
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
    };
    if let Some(key) = var(CX_KEY_ENV) {
        return (Some(key), KeySource::Environment(CX_KEY_ENV.into()));
    }
    let to_openai = settings.provider == Provider::Openai
        && base_url(settings)
            .and_then(|u| endpoint(&u))
            .is_some_and(|e| e.https && e.host.as_deref() == Some(OPENAI_HOST));
    if to_openai && let Some(key) = var(OPENAI_KEY_ENV) {
        return (Some(key), KeySource::Environment(OPENAI_KEY_ENV.into()));
    }
    match settings.api_key.as_deref().map(str::trim) {
        Some(k) if !k.is_empty() => (Some(k.to_owned()), KeySource::Settings),
        _ => (None, KeySource::None),
    }
}

/// The key to send ([`key_for`]) once the transport is checked: a key never goes over plain
/// `http://` to a host other than this machine (127.0.0.0/8, ::1, localhost) unless
/// `allow_insecure_http`. Such a request is refused, not sent without its key: a silent
/// unauthenticated request would fail later with a less clear error.
pub fn api_key(
    request: &ProviderRequest,
    env: impl Fn(&str) -> Option<String>,
) -> Result<(Option<String>, KeySource)> {
    let (key, source) = key_for(&request.settings, env);
    if key.is_none() || request.allow_insecure_http {
        return Ok((key, source));
    }
    let Some(url) = base_url(&request.settings) else {
        return Ok((key, source));
    };
    match endpoint(&url) {
        Some(e) if e.https || e.is_loopback() => Ok((key, source)),
        e => {
            let from = match &source {
                KeySource::Environment(var) => var.clone(),
                _ => "the OS keyring".into(),
            };
            let host = e.and_then(|e| e.host).map_or_else(
                || "a host that is not this machine".into(),
                |h| format!("'{h}'"),
            );
            Err(CoreError::Refused(format!(
                "refusing to send the API key from {from} over plain http:// to {host}: \
                 use https://, a server on this machine (localhost), or allow insecure http \
                 in the settings"
            )))
        }
    }
}

/// The parts of a base URL the key rule looks at.
#[derive(Debug, PartialEq)]
struct Endpoint {
    https: bool,
    /// Lowercased, IPv6 without brackets. None when the URL has user info or anything else this
    /// simple reading does not vouch for: such a host counts as remote.
    host: Option<String>,
}

impl Endpoint {
    fn is_loopback(&self) -> bool {
        use std::net::{IpAddr, Ipv6Addr};
        match self.host.as_deref() {
            Some("localhost" | "localhost.") => true,
            Some(h) => match h.parse::<IpAddr>() {
                Ok(IpAddr::V4(ip)) => ip.is_loopback(),
                Ok(IpAddr::V6(ip)) => {
                    ip.is_loopback()
                        || Ipv6Addr::to_ipv4_mapped(&ip).is_some_and(|v4| v4.is_loopback())
                }
                Err(_) => false,
            },
            None => false,
        }
    }
}

/// Scheme and host of an `http://` or `https://` URL; None for any other scheme. Deliberately
/// strict: whatever an HTTP client might read differently (user info, backslashes, odd
/// characters) gives no host, which the rule treats as remote.
fn endpoint(url: &str) -> Option<Endpoint> {
    let (scheme, rest) = url.trim().split_once("://")?;
    let https = match scheme.to_ascii_lowercase().as_str() {
        "https" => true,
        "http" => false,
        _ => return None,
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host = if let Some(v6) = authority.strip_prefix('[') {
        v6.split_once(']').and_then(|(h, port)| {
            (port.is_empty() || port.starts_with(':')).then(|| h.to_ascii_lowercase())
        })
    } else {
        Some(
            authority
                .split(':')
                .next()
                .unwrap_or_default()
                .to_ascii_lowercase(),
        )
    };
    let plain = |h: &String| {
        !h.is_empty()
            && h.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':'))
    };
    let host = host.filter(|h| !authority.contains(['@', '\\']) && plain(h));
    Some(Endpoint { https, host })
}

/// Build the model. Without the `openai` feature only the offline assistant is available.
/// Takes `&ProviderSettings` (a key never over plain http to another machine) or a
/// [`ProviderRequest`]; refuses what [`api_key`] refuses.
pub fn build<R>(request: &R, limits: &ModelSettings) -> Result<Arc<dyn ChatModel>>
where
    ProviderRequest: for<'a> From<&'a R>,
{
    let request = ProviderRequest::from(request);
    let settings = &request.settings;
    // First, so the rule holds whichever clients this build has.
    let key = api_key(&request, |v| std::env::var(v).ok())?.0;
    match settings.provider {
        Provider::Offline => Ok(Arc::new(cx_offline::OfflineAssistant::new())),
        #[cfg(feature = "openai")]
        other => {
            use cx_llm::openai::{OpenAiConfig, OpenAiModel};
            use std::time::Duration;
            let model = settings.model.clone().filter(|m| !m.trim().is_empty());
            let mut cfg = match other {
                Provider::Openai => {
                    OpenAiConfig::openai(model.unwrap_or_else(|| DEFAULT_OPENAI_MODEL.into()))
                }
                Provider::Ollama => {
                    OpenAiConfig::ollama(model.unwrap_or_else(|| DEFAULT_OLLAMA_MODEL.into()))
                }
                _ => {
                    let url = settings
                        .base_url
                        .clone()
                        .filter(|u| !u.trim().is_empty())
                        .ok_or_else(|| {
                            CoreError::invalid("the custom provider needs a base URL")
                        })?;
                    OpenAiConfig::custom(
                        url,
                        model.ok_or_else(|| {
                            CoreError::invalid("the custom provider needs a model name")
                        })?,
                    )
                }
            };
            if let Some(url) = base_url(settings) {
                cfg.base_url = url;
            }
            // Replaces whatever the preset took from the environment.
            cfg.api_key = key;
            let cfg = cfg
                .with_timeout(Duration::from_secs(limits.timeout_secs))
                .with_max_retries(limits.max_retries)
                .with_initial_backoff(Duration::from_millis(limits.initial_backoff_ms))
                .with_max_tokens(Some(limits.max_tokens))
                .with_stream(settings.stream);
            Ok(Arc::new(OpenAiModel::new(cfg)?))
        }
        #[cfg(not(feature = "openai"))]
        _ => {
            let _ = (limits, key);
            Err(CoreError::invalid(
                "this build has only the offline assistant",
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Provider::{Custom, Offline, Ollama, Openai};

    const CX: (&str, &str) = (CX_KEY_ENV, "sk-cx");
    const OPENAI: (&str, &str) = (OPENAI_KEY_ENV, "sk-openai");
    const SAVED: Option<&str> = Some("sk-saved");
    const SAFE: bool = false;
    const INSECURE_OK: bool = true;

    type Row = (
        Provider,
        Option<&'static str>,
        Option<&'static str>,
        &'static [(&'static str, &'static str)],
        bool,
        std::result::Result<&'static str, &'static str>,
    );

    /// (provider, base URL, saved key, environment, allow_insecure_http, expected): Ok(the source
    /// of the key sent: a variable, "keyring" or "none") or Err(part of the refusal).
    #[rustfmt::skip]
    const ROWS: &[Row] = &[
        // The offline assistant never gets a key.
        (Offline, None, SAVED, &[CX, OPENAI], SAFE, Ok("none")),
        // OPENAI_API_KEY: to OpenAI itself only, over https.
        (Openai, None, None, &[OPENAI], SAFE, Ok(OPENAI_KEY_ENV)),
        (Openai, Some("https://API.openai.com/v1/"), None, &[OPENAI], SAFE, Ok(OPENAI_KEY_ENV)),
        (Openai, Some("https://proxy.example.com/v1"), None, &[OPENAI], SAFE, Ok("none")),
        (Openai, Some("http://api.openai.com/v1"), None, &[OPENAI], SAFE, Ok("none")),
        (Ollama, None, None, &[OPENAI], SAFE, Ok("none")),
        (Custom, Some("https://llm.example.com/v1"), None, &[OPENAI], SAFE, Ok("none")),
        (Custom, Some("http://127.0.0.1:8080/v1"), None, &[OPENAI], SAFE, Ok("none")),
        // CX_LLM_API_KEY wins, and goes to whatever provider is configured.
        (Openai, None, SAVED, &[CX, OPENAI], SAFE, Ok(CX_KEY_ENV)),
        (Ollama, None, None, &[CX], SAFE, Ok(CX_KEY_ENV)),
        (Custom, Some("https://llm.example.com/v1"), SAVED, &[CX], SAFE, Ok(CX_KEY_ENV)),
        // Blank variables count as unset.
        (Openai, None, SAVED, &[(CX_KEY_ENV, "  ")], SAFE, Ok("keyring")),
        // The saved key (OS keyring): to the configured provider.
        (Openai, None, SAVED, &[], SAFE, Ok("keyring")),
        (Custom, Some("https://llm.example.com/v1"), SAVED, &[], SAFE, Ok("keyring")),
        // A local Ollama needs no key; nor does one elsewhere when none is set.
        (Ollama, None, None, &[], SAFE, Ok("none")),
        (Ollama, Some("http://192.168.1.20:11434/v1"), None, &[], SAFE, Ok("none")),
        // A key over plain http: to this machine only (127.0.0.0/8, ::1, localhost)...
        (Ollama, None, SAVED, &[], SAFE, Ok("keyring")),
        (Custom, Some("http://127.0.0.1:8080/v1"), SAVED, &[], SAFE, Ok("keyring")),
        (Custom, Some("http://127.1.2.3/v1"), SAVED, &[], SAFE, Ok("keyring")),
        (Custom, Some("http://LOCALHOST:1234"), SAVED, &[], SAFE, Ok("keyring")),
        (Custom, Some("http://[::1]:8080/v1"), SAVED, &[], SAFE, Ok("keyring")),
        (Custom, Some("http://[::ffff:127.0.0.1]/v1"), SAVED, &[], SAFE, Ok("keyring")),
        // ...else refused, unless the settings allow it.
        (Ollama, Some("http://192.168.1.20:11434/v1"), SAVED, &[], SAFE,
            Err("from the OS keyring over plain http:// to '192.168.1.20'")),
        (Custom, Some("http://llm.example.com/v1"), None, &[CX], SAFE,
            Err("from CX_LLM_API_KEY over plain http:// to 'llm.example.com'")),
        (Custom, Some("http://llm.example.com/v1"), SAVED, &[], INSECURE_OK, Ok("keyring")),
        (Ollama, Some("http://10.0.0.5:11434/v1"), None, &[CX], INSECURE_OK, Ok(CX_KEY_ENV)),
        // Hosts that only look local are remote.
        (Custom, Some("http://127.0.0.1.nip.io/v1"), SAVED, &[], SAFE, Err("to '127.0.0.1.nip.io'")),
        (Custom, Some("http://0.0.0.0:8080/v1"), SAVED, &[], SAFE, Err("to '0.0.0.0'")),
        (Custom, Some("http://127.0.0.1@evil.example/v1"), SAVED, &[], SAFE, Err("not this machine")),
        (Custom, Some("http://evil.example\\@127.0.0.1/v1"), SAVED, &[], SAFE, Err("not this machine")),
        (Custom, Some("http://[::1]evil/v1"), SAVED, &[], SAFE, Err("not this machine")),
    ];

    #[test]
    fn each_key_goes_only_where_it_belongs() {
        for (i, &(provider, url, saved, vars, insecure, expected)) in ROWS.iter().enumerate() {
            let request = ProviderRequest {
                settings: ProviderSettings {
                    provider,
                    base_url: url.map(String::from),
                    model: Some("m".into()),
                    api_key: saved.map(String::from),
                    stream: false,
                },
                allow_insecure_http: insecure,
            };
            let env = |name: &str| {
                vars.iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| v.to_string())
            };
            let row = format!("row {i}: {provider:?} {url:?}");
            match (api_key(&request, env), expected) {
                (Ok((key, source)), Ok(expected)) => {
                    let (label, value) = match &source {
                        KeySource::Environment(var) => (var.as_str(), env(var)),
                        KeySource::Settings => ("keyring", saved.map(String::from)),
                        KeySource::None => ("none", None),
                    };
                    assert_eq!(label, expected, "{row}");
                    assert_eq!(key, value, "{row}");
                }
                (Err(e), Err(expected)) => {
                    assert_eq!(e.code(), "refused", "{row}");
                    assert!(e.to_string().contains(expected), "{row}: {e}");
                    assert!(!e.to_string().contains("sk-"), "{row}: the key is in '{e}'");
                }
                (got, expected) => panic!("{row}: got {got:?}, expected {expected:?}"),
            }
        }
    }

    #[test]
    fn the_defaults_are_the_clients() {
        assert_eq!(OPENAI_BASE_URL, cx_llm::openai::OPENAI_BASE_URL);
        assert_eq!(OLLAMA_BASE_URL, cx_llm::openai::OLLAMA_BASE_URL);
        assert_eq!(CX_KEY_ENV, cx_llm::openai::API_KEY_ENV);
        assert_eq!(OPENAI_KEY_ENV, cx_llm::openai::OPENAI_API_KEY_ENV);
    }

    #[cfg(feature = "openai")]
    #[tokio::test]
    async fn the_configured_answer_length_goes_with_every_request() {
        let server = cx_test_llm::ScriptedServer::with_replies([cx_test_llm::Reply::text("ok")])
            .await
            .unwrap();
        let settings = ProviderSettings {
            provider: Custom,
            base_url: Some(server.base_url()),
            model: Some("m".into()),
            api_key: None,
            stream: false,
        };
        let limits = ModelSettings {
            max_tokens: 77,
            ..ModelSettings::default()
        };
        let model = build(&settings, &limits).expect("a local server is allowed");
        let request = cx_llm::ChatRequest {
            messages: vec![cx_llm::ChatMessage::user("hi")],
            ..Default::default()
        };
        model.complete(&request).await.expect("answer");
        assert_eq!(server.requests()[0].body["max_tokens"], 77);
    }

    #[test]
    fn building_a_model_that_would_leak_the_key_is_refused() {
        let leaky = ProviderRequest {
            settings: ProviderSettings {
                provider: Custom,
                base_url: Some("http://llm.example.com/v1".into()),
                model: Some("m".into()),
                api_key: Some("sk-saved".into()),
                stream: false,
            },
            allow_insecure_http: false,
        };
        let limits = ModelSettings::default();
        let e = build(&leaky, &limits).err().expect("refused");
        assert_eq!(e.code(), "refused");
        // Plain provider settings get the safe default.
        assert!(build(&leaky.settings, &limits).is_err());
        let allowed = ProviderRequest {
            allow_insecure_http: true,
            ..leaky
        };
        #[cfg(feature = "openai")]
        assert!(build(&allowed, &limits).is_ok());
        #[cfg(not(feature = "openai"))]
        assert_eq!(
            build(&allowed, &limits).err().unwrap().code(),
            "invalid_input"
        );
    }
}
