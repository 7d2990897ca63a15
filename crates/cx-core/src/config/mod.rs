//! The YAML files a deployment edits: tones and guardrails, permissions, escalation thresholds.
//! Each is parsed into typed structs and validated; an error names the file, the line and the key.

mod escalation;
mod permissions;
mod prompts;

pub use escalation::{
    EscalationConfig, ModelSettings, SentimentRule, SentimentSource, TeamConfig,
    VerificationConfig, VerificationFactor,
};
pub use permissions::{PermissionsConfig, RoleConfig, Scope, WriteConfirmation};
pub use prompts::{PromptsConfig, ToneConfig, UnknownTone};

use serde::de::DeserializeOwned;
use std::path::{Path, PathBuf};

pub const PROMPTS_FILE: &str = "system_prompts.yaml";
pub const PERMISSIONS_FILE: &str = "permissions.yaml";
pub const ESCALATION_FILE: &str = "escalation.yaml";

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{file}: cannot read: {source}")]
    Read {
        file: PathBuf,
        source: std::io::Error,
    },
    #[error("{file}: line {line}, key `{key}`: {message}")]
    Invalid {
        file: PathBuf,
        line: usize,
        key: String,
        message: String,
    },
}

impl ConfigError {
    fn invalid(file: &Path, text: &str, key: &str, message: impl Into<String>) -> Self {
        ConfigError::Invalid {
            file: file.to_path_buf(),
            line: line_of_key(text, key),
            key: key.to_owned(),
            message: message.into(),
        }
    }
}

/// All configuration of a deployment.
#[derive(Debug, Clone)]
pub struct Config {
    pub dir: PathBuf,
    pub prompts: PromptsConfig,
    pub permissions: PermissionsConfig,
    pub escalation: EscalationConfig,
}

impl Config {
    /// Load the three files from a folder (the repository's `config/` by default).
    pub fn load(dir: &Path) -> Result<Self, ConfigError> {
        let prompts = load_file::<PromptsConfig>(&dir.join(PROMPTS_FILE), PromptsConfig::validate)?;
        let permissions = load_file::<PermissionsConfig>(
            &dir.join(PERMISSIONS_FILE),
            PermissionsConfig::validate,
        )?;
        let escalation =
            load_file::<EscalationConfig>(&dir.join(ESCALATION_FILE), EscalationConfig::validate)?;
        Ok(Config {
            dir: dir.to_path_buf(),
            prompts,
            permissions,
            escalation,
        })
    }

    /// The folder to load from: `CX_CONFIG_DIR`, else `config/` beside the working directory or
    /// beside the executable's ancestors (a build under target/ finds the repository's folder).
    pub fn default_dir() -> PathBuf {
        if let Ok(dir) = std::env::var("CX_CONFIG_DIR")
            && !dir.trim().is_empty()
        {
            return PathBuf::from(dir);
        }
        let mut candidates = vec![PathBuf::from("config")];
        if let Ok(exe) = std::env::current_exe() {
            candidates.extend(exe.ancestors().skip(1).map(|a| a.join("config")));
        }
        candidates.push(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../config"));
        candidates
            .into_iter()
            .find(|c| c.join(PERMISSIONS_FILE).is_file())
            .unwrap_or_else(|| PathBuf::from("config"))
    }
}

/// Parse one file, then run its semantic checks. Both kinds of error carry file, line and key.
pub fn load_file<T: DeserializeOwned>(
    path: &Path,
    validate: fn(&T) -> Result<(), (String, String)>,
) -> Result<T, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
        file: path.to_path_buf(),
        source,
    })?;
    parse_text(path, &text, validate)
}

pub fn parse_text<T: DeserializeOwned>(
    path: &Path,
    text: &str,
    validate: fn(&T) -> Result<(), (String, String)>,
) -> Result<T, ConfigError> {
    let value: T = serde_yaml::from_str(text).map_err(|e| yaml_error(path, text, &e))?;
    validate(&value).map_err(|(key, message)| ConfigError::invalid(path, text, &key, message))?;
    Ok(value)
}

/// serde_yaml reports `path.to.key: message at line L column C`; split that into our shape.
fn yaml_error(path: &Path, text: &str, e: &serde_yaml::Error) -> ConfigError {
    let full = e.to_string();
    let without_location = match full.find(" at line ") {
        Some(i) => full[..i].to_owned(),
        None => full.clone(),
    };
    let (key, message) = match without_location.split_once(": ") {
        Some((k, m)) if !k.contains(' ') => (k.to_owned(), m.to_owned()),
        _ => (String::from("(document)"), without_location),
    };
    let line = e
        .location()
        .map(|l| l.line())
        .unwrap_or_else(|| line_of_key(text, &key));
    ConfigError::Invalid {
        file: path.to_path_buf(),
        line,
        key,
        message,
    }
}

/// The line (1-based) where a dotted key path's last segment is defined, best effort; 1 if unknown.
fn line_of_key(text: &str, key: &str) -> usize {
    let segments: Vec<&str> = key
        .split('.')
        .map(|s| s.split('[').next().unwrap_or(s))
        .filter(|s| !s.is_empty())
        .collect();
    let mut from = 0;
    let mut found = 1;
    let lines: Vec<&str> = text.lines().collect();
    for seg in segments {
        let needle = format!("{seg}:");
        if let Some(pos) = lines[from..]
            .iter()
            .position(|l| l.trim_start().trim_start_matches("- ").starts_with(&needle))
        {
            from += pos;
            found = from + 1;
        }
    }
    found
}

#[cfg(test)]
mod tests;
