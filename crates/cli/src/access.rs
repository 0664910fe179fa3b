//! How rbpub reaches the store and the console: the addresses from its flags, the
//! secrets from the environment or else the keyring, and what to say when one is missing.

use rbpub_core::catalogue::Sentence;
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

pub(crate) fn setup(why: Sentence) -> Error {
    Error::because(Code::NeedsSetup, why)
}

pub(crate) fn env_secret(name: &str) -> Option<Sensitive<String>> {
    std::env::var(name)
        .ok()
        .filter(|v| !v.is_empty())
        .map(Sensitive::new)
}

/// A refused key named: which key (never the key itself), and how to give a new one.
pub(crate) fn about_the_key(e: Error, store: &StoreArgs) -> Error {
    if e.code != Code::StoreKeyRejected {
        return e;
    }
    let fix = match env_secret(STORE_KEY_ENV).is_some() {
        true => Sentence::new("cli.newKeyInVariable").arg("name", STORE_KEY_ENV),
        false => Sentence::new("cli.newKeyInKeyring")
            .arg("store", &store.store)
            .arg("name", STORE_KEY_ENV),
    };
    e.fixed_by(fix)
}

pub(crate) fn store_key(remote: &Headless, store: &StoreArgs) -> Result<Sensitive<String>> {
    if let Some(key) = env_secret(STORE_KEY_ENV) {
        return Ok(key);
    }
    remote
        .kept_store_key(&store.address())?
        .ok_or_else(|| setup(Sentence::new("cli.noStoreKey").arg("name", STORE_KEY_ENV)))
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
        .ok_or_else(|| setup(Sentence::new("cli.notSignedIn").arg("name", CONSOLE_PASSWORD_ENV)))
}
