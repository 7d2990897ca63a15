//! The model API key in the OS keyring (the Secret Service on Linux, the Keychain on macOS, the
//! Credential Manager on Windows), never in `settings.json`. Without a keyring (no D-Bus session
//! or no Secret Service: CI, headless machines) no key can be saved; `CX_LLM_API_KEY` still works.

use crate::error::{ApiError, ApiResult};
use cx_core::CoreError;
use keyring_core::{CredentialStore, Entry, Error};
use std::sync::{Arc, OnceLock};

/// The keyring entry: one key per user account, shared by every data dir of the app.
pub const SERVICE: &str = "cx-agent";
pub const USER: &str = "model-api-key";

/// A credential store, or why there is none. Tests pass `keyring_core::mock::Store`.
pub struct KeyStore {
    store: Result<Arc<CredentialStore>, String>,
}

impl KeyStore {
    /// The platform's keyring, chosen by the `keyring` crate and connected once per process.
    pub fn os() -> &'static KeyStore {
        static OS: OnceLock<KeyStore> = OnceLock::new();
        OS.get_or_init(|| {
            let store = match keyring::Entry::store_status() {
                Ok(()) => keyring_core::get_default_store()
                    .ok_or_else(|| "no credential store was set up".to_owned()),
                Err(e) => Err(e.to_string()),
            };
            if let Err(why) = &store {
                tracing::info!(%why, "no OS keyring; the API key only from the environment");
            }
            KeyStore { store }
        })
    }

    pub fn new(store: Arc<CredentialStore>) -> Self {
        KeyStore { store: Ok(store) }
    }

    pub fn unavailable(why: impl Into<String>) -> Self {
        KeyStore {
            store: Err(why.into()),
        }
    }

    /// Why no key can be kept (None: the keyring is there).
    pub fn unavailable_reason(&self) -> Option<&str> {
        self.store.as_ref().err().map(String::as_str)
    }

    fn entry(&self) -> Result<Entry, String> {
        let store = self
            .store
            .as_ref()
            .map_err(|why| format!("the OS keyring is unavailable ({why})"))?;
        Entry::new_in_store(store, SERVICE, USER)
            .map_err(|e| format!("cannot open the OS keyring entry ({e})"))
    }

    /// The saved key; None when there is none.
    pub fn get(&self) -> Result<Option<String>, String> {
        match self.entry()?.get_password() {
            Ok(key) => Ok(Some(key)),
            Err(Error::NoEntry) => Ok(None),
            Err(e) => Err(format!("cannot read the OS keyring ({e})")),
        }
    }

    /// Save the key; Err says why it could not be.
    pub fn set(&self, key: &str) -> Result<(), String> {
        self.entry()?
            .set_password(key)
            .map_err(|e| format!("the OS keyring refused it ({e})"))
    }

    /// [`KeyStore::set`] for a key typed in the settings: refused when it cannot be kept, as
    /// there is no plain-text fallback.
    pub fn save(&self, key: &str) -> ApiResult<()> {
        self.set(key).map_err(|why| {
            ApiError::from(CoreError::Refused(format!(
                "cannot save the API key: {why}. Keys are never written to the settings file; \
                 set CX_LLM_API_KEY in the app's environment instead"
            )))
        })
    }

    /// Remove the saved key (none saved is fine).
    pub fn delete(&self) -> ApiResult<()> {
        match self
            .entry()
            .map_err(ApiError::internal)?
            .delete_credential()
        {
            Ok(()) | Err(Error::NoEntry) => Ok(()),
            Err(e) => Err(ApiError::internal(format!(
                "cannot remove the API key from the OS keyring ({e})"
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mock() -> KeyStore {
        KeyStore::new(keyring_core::mock::Store::new().expect("mock store"))
    }

    #[test]
    fn a_key_round_trips_through_the_keyring() {
        let keys = mock();
        assert_eq!(keys.unavailable_reason(), None);
        assert_eq!(keys.get(), Ok(None));
        keys.save("sk-1").unwrap();
        assert_eq!(keys.get(), Ok(Some("sk-1".into())));
        keys.delete().unwrap();
        assert_eq!(keys.get(), Ok(None));
        // Deleting nothing is not an error.
        keys.delete().unwrap();
    }

    #[test]
    fn without_a_keyring_no_key_can_be_saved() {
        let keys = KeyStore::unavailable("no D-Bus session");
        assert_eq!(keys.unavailable_reason(), Some("no D-Bus session"));
        let e = keys.save("sk-1").unwrap_err();
        assert_eq!(e.code, "refused");
        assert!(
            e.message
                .contains("the OS keyring is unavailable (no D-Bus session)"),
            "{}",
            e.message
        );
        assert!(e.message.contains("CX_LLM_API_KEY"), "{}", e.message);
        assert!(!e.message.contains("sk-1"));
        assert!(keys.get().is_err());
    }

    #[test]
    fn a_keyring_failure_is_reported_without_the_key() {
        let keys = mock();
        let entry = keys.entry().unwrap();
        let cred: &keyring_core::mock::Cred = entry.as_any().downcast_ref().unwrap();
        cred.set_error(Error::NoStorageAccess("locked".into()));
        let e = keys.save("sk-secret").unwrap_err();
        assert_eq!(e.code, "refused");
        assert!(e.message.contains("locked"), "{}", e.message);
        assert!(!e.message.contains("sk-secret"));
    }
}
