//! How rbpub reaches the store and the console: the addresses from its flags, the
//! secrets from the environment or else the keyring, and what to say when one is missing.

use rbpub_core::Sensitive;
use rbpub_service::headless::{Console, ConsoleAddress, Headless, Store, StoreAddress};
use rbpub_service::{Code, Error, Result};

use crate::{AppRef, ConsoleArgs, StoreArgs};

pub const STORE_KEY_ENV: &str = rbpub_core::env::STORE_KEY;
pub const CONSOLE_PASSWORD_ENV: &str = rbpub_core::env::CONSOLE_PASSWORD;
pub const STORE_PASSWORD_ENV: &str = rbpub_core::env::STORE_PASSWORD;

impl AppRef {
    pub(crate) async fn id(&self, store: &Store) -> Result<String> {
        store
            .app_id(self.app_id.as_deref(), self.template.as_deref())
            .await
    }
}

impl StoreArgs {
    pub(crate) fn address(&self) -> StoreAddress {
        StoreAddress {
            url: self.store.clone(),
            market_domain: self.market_domain.clone(),
        }
    }
}

impl ConsoleArgs {
    pub(crate) fn address(&self) -> ConsoleAddress {
        ConsoleAddress {
            url: self.console.clone(),
            user: self.user.clone(),
        }
    }
}

pub(crate) fn setup(message: impl Into<String>) -> Error {
    Error::new(Code::NeedsSetup, message)
}

pub(crate) fn env_secret(name: &str) -> Option<Sensitive<String>> {
    std::env::var(name)
        .ok()
        .filter(|v| !v.is_empty())
        .map(Sensitive::new)
}

/// Where the store key came from, for a message about a refused key (never the key).
fn key_source(store: &StoreArgs) -> String {
    if env_secret(STORE_KEY_ENV).is_some() {
        format!("the store key in {STORE_KEY_ENV}")
    } else {
        format!("the store key for {} in the keyring", store.store)
    }
}

/// A refused key named: which key, and how to give a new one.
pub(crate) fn about_the_key(e: Error, store: &StoreArgs) -> Error {
    if e.code != Code::StoreKeyRejected {
        return e;
    }
    Error::new(
        Code::StoreKeyRejected,
        format!(
            "{} was refused by the store ({}); set a new key in {STORE_KEY_ENV} or run `rbpub store-login`",
            key_source(store),
            e.message
        ),
    )
}

pub(crate) fn store_key(remote: &Headless, store: &StoreArgs) -> Result<Sensitive<String>> {
    if let Some(key) = env_secret(STORE_KEY_ENV) {
        return Ok(key);
    }
    remote.kept_store_key(&store.address())?.ok_or_else(|| {
        setup(format!(
            "no store access key: set {STORE_KEY_ENV} or run `rbpub store-login`"
        ))
    })
}

/// The store, with the key from the environment or the keyring.
pub(crate) fn store(remote: &Headless, args: &StoreArgs) -> Result<Store> {
    Ok(remote.store(&args.address(), store_key(remote, args)?))
}

pub(crate) async fn console(remote: &Headless, args: &ConsoleArgs) -> Result<Console> {
    let password = env_secret(CONSOLE_PASSWORD_ENV);
    remote
        .console(&args.address(), password.as_ref())
        .await?
        .ok_or_else(|| {
            setup(format!(
                "not signed in to the console: set {CONSOLE_PASSWORD_ENV} or run `rbpub console-login`"
            ))
        })
}
