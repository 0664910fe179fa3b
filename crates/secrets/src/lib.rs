//! Secrets of Rainbond Publisher — store access keys, console tokens and
//! passwords — kept only in the OS keyring (Secret Service on Linux, the
//! Keychain on macOS, the Credential Manager on Windows).

use std::sync::Arc;

use keyring_core::{CredentialStore, Entry};
pub use rbpub_core::Sensitive;

/// The keyring's service name for every item the app keeps.
pub const SERVICE: &str = "rainbond-publisher";

/// Which secret: the name says what it is and for which server.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum SecretId {
    /// A store's access key, per store URL.
    StoreKey { store_url: String },
    /// A console sign-in token, per console URL and user.
    ConsoleToken { console_url: String, user: String },
    /// A console password, kept only when the user asks the app to remember it.
    ConsolePassword { console_url: String, user: String },
}

impl SecretId {
    /// The item's user name in the keyring; readable in Seahorse or Keychain Access.
    pub fn account(&self) -> String {
        match self {
            SecretId::StoreKey { store_url } => {
                format!("store-key:{}", store_url.trim_end_matches('/'))
            }
            SecretId::ConsoleToken { console_url, user } => {
                format!("console-token:{user}@{}", console_url.trim_end_matches('/'))
            }
            SecretId::ConsolePassword { console_url, user } => {
                format!(
                    "console-password:{user}@{}",
                    console_url.trim_end_matches('/')
                )
            }
        }
    }
}

impl Error {
    /// Why, in the catalogue's words, and the keyring's own words.
    pub fn sentence(&self) -> (rbpub_core::catalogue::Sentence, Option<String>) {
        use rbpub_core::catalogue::Sentence;
        match self {
            Error::Unavailable { detail } => {
                (Sentence::new("secrets.unavailable"), Some(detail.clone()))
            }
            Error::Keyring { account, detail } => (
                Sentence::new("secrets.failed").arg("account", account),
                Some(detail.clone()),
            ),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// No keyring to talk to, or it is locked.
    #[error("the system keyring is not available ({detail}); on Linux a Secret Service such as GNOME Keyring must be running and unlocked")]
    Unavailable { detail: String },
    /// The keyring answered but refused or failed.
    #[error("the system keyring failed for {account}: {detail}")]
    Keyring { account: String, detail: String },
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Where secrets are kept. The app uses [`OsKeyring`]; the trait keeps the
/// service independent of the platform.
pub trait Secrets: Send + Sync {
    fn get(&self, id: &SecretId) -> Result<Option<Sensitive<String>>>;
    fn set(&self, id: &SecretId, value: &Sensitive<String>) -> Result<()>;
    /// Deleting a secret that is not there succeeds.
    fn delete(&self, id: &SecretId) -> Result<()>;
}

/// The platform's keyring.
pub struct OsKeyring {
    store: Arc<CredentialStore>,
}

impl OsKeyring {
    pub fn open() -> Result<OsKeyring> {
        let store = platform_store().map_err(|e| Error::Unavailable {
            detail: describe(&e),
        })?;
        Ok(OsKeyring { store })
    }

    fn entry(&self, id: &SecretId) -> Result<Entry> {
        self.store
            .build(SERVICE, &id.account(), None)
            .map_err(|e| keyring_error(id, e))
    }
}

#[cfg(target_os = "linux")]
fn platform_store() -> keyring_core::Result<Arc<CredentialStore>> {
    Ok(zbus_secret_service_keyring_store::Store::new()?)
}

#[cfg(target_os = "macos")]
fn platform_store() -> keyring_core::Result<Arc<CredentialStore>> {
    Ok(apple_native_keyring_store::keychain::Store::new()?)
}

#[cfg(target_os = "windows")]
fn platform_store() -> keyring_core::Result<Arc<CredentialStore>> {
    Ok(windows_native_keyring_store::Store::new()?)
}

/// The keyring's error in words, without the bytes some variants carry (they
/// could be the secret).
fn describe(e: &keyring_core::Error) -> String {
    use keyring_core::Error as K;
    match e {
        K::BadEncoding(_) => "the stored value is not text".into(),
        K::BadDataFormat(_, _) => "the stored value is damaged".into(),
        K::Ambiguous(items) => format!("{} items match", items.len()),
        other => other.to_string(),
    }
}

fn keyring_error(id: &SecretId, e: keyring_core::Error) -> Error {
    match e {
        keyring_core::Error::NoStorageAccess(_) | keyring_core::Error::NoDefaultStore => {
            Error::Unavailable {
                detail: describe(&e),
            }
        }
        _ => Error::Keyring {
            account: id.account(),
            detail: describe(&e),
        },
    }
}

impl Secrets for OsKeyring {
    fn get(&self, id: &SecretId) -> Result<Option<Sensitive<String>>> {
        match self.entry(id)?.get_password() {
            Ok(value) => Ok(Some(Sensitive::new(value))),
            Err(keyring_core::Error::NoEntry) => Ok(None),
            Err(e) => Err(keyring_error(id, e)),
        }
    }

    fn set(&self, id: &SecretId, value: &Sensitive<String>) -> Result<()> {
        self.entry(id)?
            .set_password(value.expose())
            .map_err(|e| keyring_error(id, e))
    }

    fn delete(&self, id: &SecretId) -> Result<()> {
        match self.entry(id)?.delete_credential() {
            Ok(()) | Err(keyring_core::Error::NoEntry) => Ok(()),
            Err(e) => Err(keyring_error(id, e)),
        }
    }
}
