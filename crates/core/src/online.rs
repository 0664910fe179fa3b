//! What the store and the console report, as the app understands it. The HTTP
//! clients convert their wire types into these at the edge; the UI gets them as is.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The account extension's features a store offers (`capabilities` in `/info`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum Capability {
    Account,
    Packages,
    Shelf,
}

/// A store as its access key sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StoreInfo {
    pub name: String,
    /// `status == 1`: the store is usable.
    pub usable: bool,
    /// The key's permissions (`Write`, `ReadInstall`, `OnlyRead`).
    pub access_actions: Vec<String>,
    pub capabilities: Vec<Capability>,
}

impl StoreInfo {
    pub fn can_publish(&self) -> bool {
        self.usable && self.access_actions.iter().any(|a| a == "Write")
    }

    pub fn offers(&self, c: Capability) -> bool {
        self.capabilities.contains(&c)
    }
}

/// The store account's public profile.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StoreProfile {
    pub nickname: String,
    pub phone: String,
    pub email: String,
    pub bio: String,
}

/// A team of the console user, with the regions it runs in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Team {
    pub name: String,
    pub alias: String,
    pub regions: Vec<String>,
}

/// Who is signed in to the console.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ConsoleAccount {
    pub user: String,
    pub enterprise_id: String,
    pub teams: Vec<Team>,
}

/// A running app in a team (a console "group").
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RunningApp {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
}

/// A store bound to the console.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BoundStore {
    pub name: String,
    pub url: String,
    pub domain: String,
    pub usable: bool,
    pub access_actions: Vec<String>,
}

impl BoundStore {
    /// The console can publish to it: `status == 1` and `Write` among the actions.
    pub fn can_publish(&self) -> bool {
        self.usable && self.access_actions.iter().any(|a| a == "Write")
    }
}

/// A template (app) in the store, with the versions published so far.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StoreTemplate {
    pub id: String,
    pub name: String,
    pub versions: Vec<String>,
}

/// A share record's state in the console.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum ShareStatus {
    Publishing,
    Published,
    Cancelled,
    Deleted,
}

impl ShareStatus {
    /// Given up or deleted: nothing more can happen to the record.
    pub fn is_abandoned(self) -> bool {
        matches!(self, ShareStatus::Cancelled | ShareStatus::Deleted)
    }

    pub fn from_code(code: i64) -> ShareStatus {
        match code {
            1 => ShareStatus::Published,
            2 => ShareStatus::Cancelled,
            3 => ShareStatus::Deleted,
            _ => ShareStatus::Publishing,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ShareRecord {
    #[ts(type = "number")]
    pub id: i64,
    /// 1 started, 2 information submitted (images pushing), 3 complete.
    pub step: u8,
    pub status: ShareStatus,
    /// The version the record publishes, once its information is submitted
    /// (only the record reads say it).
    #[serde(default)]
    pub version: Option<String>,
    /// The store template the version goes to (`app_model_id`), where the read says it.
    #[serde(default)]
    pub template_id: Option<String>,
}

impl ShareRecord {
    /// Step 3: the version is published.
    pub fn is_complete(&self) -> bool {
        self.step >= 3 || self.status == ShareStatus::Published
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum PushStatus {
    NotStarted,
    Pushing,
    Succeeded,
    Failed,
}

/// One component's (or plugin's) image push in a share.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PushEvent {
    #[ts(type = "number")]
    pub id: i64,
    pub component: String,
    pub plugin: bool,
    pub status: PushStatus,
    /// Why the push failed, in the console's own words (often Chinese); empty
    /// when it did not, or when the console gave no reason.
    #[serde(default)]
    pub reason: String,
    /// How long the push has been under way (or took), as this app saw it.
    #[serde(default)]
    #[ts(type = "number | null")]
    pub elapsed_ms: Option<u64>,
}

/// An app as the store shows it now: the last known live listing.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LiveApp {
    pub id: String,
    pub name: String,
    pub description: String,
    pub introduction: String,
    /// A URL served by the store.
    pub logo_url: String,
    pub tags: Vec<String>,
    pub publish_type: String,
    pub listed: bool,
    pub versions: Vec<String>,
    pub detail_url: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LivePackage {
    pub id: String,
    pub name: String,
    pub version: String,
    pub description: String,
}

/// A store the console offers to bind with a given URL and key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BindableStore {
    pub name: String,
    pub url: String,
    pub domain: String,
}

/// The last known live state of a listing's app in the store.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LiveListing {
    pub app: LiveApp,
    pub packages: Vec<LivePackage>,
    /// The hash of the logo this app last pushed and the store took: what lets a
    /// re-push know the logo is already there without downloading it.
    #[serde(default)]
    pub logo_hash: Option<String>,
}

/// Where the publisher connects, and what the servers last confirmed. Secrets are
/// not part of it: they are in the OS keyring.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct Connection {
    /// What `/info` said of the stored key, the last time it was asked.
    pub store: Option<StoreInfo>,
    /// The profile as the store last confirmed it.
    pub pushed_profile: Option<StoreProfile>,
    pub console_url: String,
    pub console_user: String,
    pub enterprise_id: String,
    pub teams: Vec<Team>,
    pub team: String,
    pub region: String,
    /// The store bound to the console, as the console last reported it.
    pub bound_store: Option<BoundStore>,
}

impl Connection {
    pub fn store_ready(&self) -> bool {
        self.store.as_ref().is_some_and(StoreInfo::can_publish)
    }

    pub fn console_ready(&self) -> bool {
        self.bound_store
            .as_ref()
            .is_some_and(BoundStore::can_publish)
            && !self.team.is_empty()
    }
}

/// A change made while the store or console was out of reach, waiting to be
/// pushed. Actions name what to push, not a copy of it: the push sends the
/// drafts as they are then, so later edits are never overwritten by older ones.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum OutboxAction {
    PushProfile,
    PublishVersion {
        listing_id: String,
        version_id: String,
    },
    PushInformation {
        listing_id: String,
    },
    PushPackages {
        listing_id: String,
    },
    SetListed {
        listing_id: String,
        listed: bool,
    },
}

impl OutboxAction {
    pub fn listing_id(&self) -> Option<&str> {
        match self {
            OutboxAction::PushProfile => None,
            OutboxAction::PublishVersion { listing_id, .. }
            | OutboxAction::PushInformation { listing_id }
            | OutboxAction::PushPackages { listing_id }
            | OutboxAction::SetListed { listing_id, .. } => Some(listing_id),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OutboxItem {
    #[ts(type = "number")]
    pub id: i64,
    pub action: OutboxAction,
    /// The listing's name, for people.
    pub listing_name: Option<String>,
    pub attempts: u32,
    /// Why the last try failed: the server's reason, or the network's.
    pub last_error: String,
    /// The server refused it; it waits for the user to retry or discard it.
    pub failed: bool,
    #[ts(type = "number")]
    pub created_at: i64,
}
