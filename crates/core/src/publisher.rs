//! The publisher: the store account (step 1) and the public profile (step 2).
//! Shared by every listing in the portfolio. Secrets (passwords, access keys) are
//! not part of it; they live in the OS keyring.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The public store, the default target of a new publisher.
pub const DEFAULT_STORE_URL: &str = "https://hub.grapps.cn";
/// The market domain a new publisher starts with.
pub const DEFAULT_MARKET_DOMAIN: &str = "rainbond";

/// The publisher: the store account (step 1) and the public profile (step 2),
/// shared by every listing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Publisher {
    /// Base URL of the store, e.g. `https://hub.grapps.cn`.
    pub store_url: String,
    /// The store's `marketDomain` query parameter.
    pub market_domain: String,
    /// The phone number the store account signs in with.
    pub account_phone: String,
    /// The public nickname.
    pub nickname: String,
    /// Contact phone shown to the store (not public).
    pub phone: String,
    /// The e-mail.
    pub email: String,
    /// The bio the store shows.
    pub bio: String,
}

impl Default for Publisher {
    fn default() -> Self {
        Publisher {
            store_url: DEFAULT_STORE_URL.into(),
            market_domain: DEFAULT_MARKET_DOMAIN.into(),
            account_phone: String::new(),
            nickname: String::new(),
            phone: String::new(),
            email: String::new(),
            bio: String::new(),
        }
    }
}

/// One field of the publisher, as the UI saves it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "field", content = "value", rename_all = "camelCase")]
pub enum PublisherField {
    /// The store's base URL.
    StoreUrl(String),
    /// The store's market domain.
    MarketDomain(String),
    /// The account's phone.
    AccountPhone(String),
    /// The nickname.
    Nickname(String),
    /// The contact phone.
    Phone(String),
    /// The e-mail.
    Email(String),
    /// The bio.
    Bio(String),
}

impl Publisher {
    /// Sets one field.
    pub fn apply(&mut self, field: PublisherField) {
        match field {
            PublisherField::StoreUrl(v) => self.store_url = v,
            PublisherField::MarketDomain(v) => self.market_domain = v,
            PublisherField::AccountPhone(v) => self.account_phone = v,
            PublisherField::Nickname(v) => self.nickname = v,
            PublisherField::Phone(v) => self.phone = v,
            PublisherField::Email(v) => self.email = v,
            PublisherField::Bio(v) => self.bio = v,
        }
    }

    /// Nothing of the account is filled in.
    pub fn account_is_blank(&self) -> bool {
        self.account_phone.trim().is_empty()
    }

    /// The profile as the store keeps it.
    pub fn profile(&self) -> crate::online::StoreProfile {
        crate::online::StoreProfile {
            nickname: self.nickname.trim().to_owned(),
            phone: self.phone.trim().to_owned(),
            email: self.email.trim().to_owned(),
            bio: self.bio.trim().to_owned(),
        }
    }

    /// Nothing of the profile is filled in.
    pub fn profile_is_blank(&self) -> bool {
        [&self.nickname, &self.phone, &self.email, &self.bio]
            .iter()
            .all(|s| s.trim().is_empty())
    }
}
