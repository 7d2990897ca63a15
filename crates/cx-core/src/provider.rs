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
    /// A key typed into the settings; the environment (CX_LLM_API_KEY, OPENAI_API_KEY) wins.
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
    Settings,
    None,
}

pub const DEFAULT_OPENAI_MODEL: &str = "gpt-4o-mini";
pub const DEFAULT_OLLAMA_MODEL: &str = "llama3.1";

/// The key to use and where it came from.
pub fn api_key(settings: &ProviderSettings) -> (Option<String>, KeySource) {
    for var in ["CX_LLM_API_KEY", "OPENAI_API_KEY"] {
        if let Ok(v) = std::env::var(var)
            && !v.trim().is_empty()
        {
            return (Some(v), KeySource::Environment(var.into()));
        }
    }
    match settings.api_key.as_ref().filter(|k| !k.trim().is_empty()) {
        Some(k) => (Some(k.clone()), KeySource::Settings),
        None => (None, KeySource::None),
    }
}

/// Build the model. Without the `openai` feature only the offline assistant is available.
pub fn build(settings: &ProviderSettings, limits: &ModelSettings) -> Result<Arc<dyn ChatModel>> {
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
            if let Some(url) = settings.base_url.clone().filter(|u| !u.trim().is_empty()) {
                cfg.base_url = url;
            }
            cfg.api_key = api_key(settings).0;
            let cfg = cfg
                .with_timeout(Duration::from_secs(limits.timeout_secs))
                .with_max_retries(limits.max_retries)
                .with_initial_backoff(Duration::from_millis(limits.initial_backoff_ms))
                .with_stream(settings.stream);
            Ok(Arc::new(OpenAiModel::new(cfg)?))
        }
        #[cfg(not(feature = "openai"))]
        _ => {
            let _ = limits;
            Err(CoreError::invalid(
                "this build has only the offline assistant",
            ))
        }
    }
}
