//! What the store and the console report, as the app understands it. The HTTP
//! clients convert their wire types into these at the edge; the UI gets them as is.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::Destination;

/// The account extension's features a store offers (`capabilities` in `/info`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum Capability {
    /// Accounts: register, sign in and the profile, through the API.
    Account,
    /// Packages through the API.
    Packages,
    /// Listing and unlisting through the API.
    Shelf,
}

/// A store as its access key sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StoreInfo {
    /// The store's name.
    pub name: String,
    /// `status == 1`: the store is usable.
    pub usable: bool,
    /// The key's permissions (`Write`, `ReadInstall`, `OnlyRead`).
    pub access_actions: Vec<String>,
    /// The account extension's parts the store offers; the rest is done on its pages.
    pub capabilities: Vec<Capability>,
}

impl StoreInfo {
    /// Usable, and the key may write.
    pub fn can_publish(&self) -> bool {
        self.usable && self.access_actions.iter().any(|a| a == "Write")
    }

    /// The store offers this part of the account extension.
    pub fn offers(&self, c: Capability) -> bool {
        self.capabilities.contains(&c)
    }
}

/// The store account's public profile.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StoreProfile {
    /// The public nickname.
    pub nickname: String,
    /// The contact phone.
    pub phone: String,
    /// The e-mail.
    pub email: String,
    /// The bio the store shows.
    pub bio: String,
}

/// A team of the console user, with the regions it runs in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Team {
    /// The team's name (its id in paths).
    pub name: String,
    /// The name people see.
    pub alias: String,
    /// The regions (clusters) the team may use.
    pub regions: Vec<String>,
}

/// Who is signed in to the console.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ConsoleAccount {
    /// The user name.
    pub user: String,
    /// The enterprise the user belongs to.
    pub enterprise_id: String,
    /// The user's teams.
    pub teams: Vec<Team>,
}

/// A running app in a team (a console "group").
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RunningApp {
    /// The app's group id.
    #[ts(type = "number")]
    pub id: i64,
    /// The app's name.
    pub name: String,
}

/// A store bound to the console.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BoundStore {
    /// The name the store is bound by.
    pub name: String,
    /// The store's URL.
    pub url: String,
    /// The store's market domain.
    pub domain: String,
    /// The store is usable.
    pub usable: bool,
    /// What the console's key for it may do (`Write`…).
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
    /// The template's id (`app_id`).
    pub id: String,
    /// The template's name.
    pub name: String,
    /// The versions it has.
    pub versions: Vec<String>,
}

/// A share record's state in the console.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum ShareStatus {
    /// Under way (`status` 0).
    Publishing,
    /// Done: the version is in the store (1).
    Published,
    /// Given up (2).
    Cancelled,
    /// Deleted (3).
    Deleted,
}

impl ShareStatus {
    /// Given up or deleted: nothing more can happen to the record.
    pub fn is_abandoned(self) -> bool {
        matches!(self, ShareStatus::Cancelled | ShareStatus::Deleted)
    }

    /// The state the console's `status` number says.
    pub fn from_code(code: i64) -> ShareStatus {
        match code {
            1 => ShareStatus::Published,
            2 => ShareStatus::Cancelled,
            3 => ShareStatus::Deleted,
            _ => ShareStatus::Publishing,
        }
    }
}

/// A share record: one publish of a running app as a template version.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ShareRecord {
    /// The record's id.
    #[ts(type = "number")]
    pub id: i64,
    /// 1 started, 2 information submitted (images pushing), 3 complete.
    pub step: u8,
    /// Its state.
    pub status: ShareStatus,
    /// The version the record publishes, once its information is submitted
    /// (only the record reads say it).
    #[serde(default)]
    pub version: Option<String>,
    /// The store template the version goes to (`app_model_id`), where the read says it.
    #[serde(default)]
    pub template_id: Option<String>,
    /// Where the record publishes to (its `scope` and store), where the read says it.
    #[serde(default)]
    pub destination: Option<crate::Destination>,
}

impl ShareRecord {
    /// Step 3: the version is published.
    pub fn is_complete(&self) -> bool {
        self.step >= 3 || self.status == ShareStatus::Published
    }
}

/// Where an image push is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum PushStatus {
    /// Not started yet.
    NotStarted,
    /// Pushing.
    Pushing,
    /// Pushed.
    Succeeded,
    /// Failed (the reason says why, when the console does).
    Failed,
}

/// One component's (or plugin's) image push in a share.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PushEvent {
    /// The event's id.
    #[ts(type = "number")]
    pub id: i64,
    /// The component (or plugin) whose image is pushed.
    pub component: String,
    /// A plugin's image, not a component's.
    pub plugin: bool,
    /// Where the push is.
    pub status: PushStatus,
    /// Why the push failed, in the console's own words (often Chinese); empty
    /// when it did not, or when the console gave no reason.
    #[serde(default)]
    pub reason: String,
    /// How long the push has been under way (or took), as this app saw it.
    #[serde(default)]
    #[ts(type = "number | null")]
    pub elapsed_ms: Option<u64>,
    /// Not started yet because the cluster is busy (its words in `reason`):
    /// the push is started again by itself shortly. Waiting, not failed.
    #[serde(default)]
    pub waiting: bool,
}

impl PushEvent {
    /// Its identity: components' and plugins' events are numbered apart.
    pub fn key(&self) -> crate::share::EventKey {
        crate::share::EventKey {
            plugin: self.plugin,
            id: self.id,
        }
    }
}

/// An app as the store shows it now: the last known live listing.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LiveApp {
    /// The app's id in the store.
    pub id: String,
    /// The app's name.
    pub name: String,
    /// The short description.
    pub description: String,
    /// The introduction, Markdown.
    pub introduction: String,
    /// A URL served by the store.
    pub logo_url: String,
    /// The tags.
    pub tags: Vec<String>,
    /// `private` or `public`.
    pub publish_type: String,
    /// On the store's shelf.
    pub listed: bool,
    /// The version numbers the store has.
    pub versions: Vec<String>,
    /// The app's page on the store (`appDetailURL`).
    pub detail_url: String,
}

/// A package as the store has it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LivePackage {
    /// The package's id in the store.
    pub id: String,
    /// Its name.
    pub name: String,
    /// The version it installs.
    pub version: String,
    /// Its description.
    pub description: String,
}

/// A store the console offers to bind with a given URL and key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BindableStore {
    /// The store's name.
    pub name: String,
    /// The store's URL.
    pub url: String,
    /// The store's market domain.
    pub domain: String,
}

/// The last known live state of a listing's app in the store.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LiveListing {
    /// The app.
    pub app: LiveApp,
    /// Its packages.
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
    /// The console signed in to.
    pub console_url: String,
    /// The console user.
    pub console_user: String,
    /// The user's enterprise.
    pub enterprise_id: String,
    /// The user's teams, with their regions.
    pub teams: Vec<Team>,
    /// The team chosen to publish from.
    pub team: String,
    /// The region chosen to publish from.
    pub region: String,
    /// The store bound to the console, as the console last reported it.
    pub bound_store: Option<BoundStore>,
    /// Where the console can publish, as it last said (stores, its library,
    /// why no store).
    #[serde(default)]
    pub offered: Option<crate::Offered>,
}

impl Connection {
    /// The store said the key can publish.
    pub fn store_ready(&self) -> bool {
        self.store.as_ref().is_some_and(StoreInfo::can_publish)
    }

    /// A team is chosen and a bound store can take a publish, or the
    /// console is offline (its cloud stores disabled), where its own library
    /// is all there is.
    pub fn console_ready(&self) -> bool {
        let store = self
            .bound_store
            .as_ref()
            .is_some_and(BoundStore::can_publish);
        let offline = self
            .offered
            .as_ref()
            .is_some_and(|o| o.no_store == Some(crate::NoStore::Offline));
        (store || offline) && !self.team.is_empty()
    }
}

/// A change made while the store or console was out of reach, waiting to be
/// pushed. Actions name what to push, not a copy of it: the push sends the
/// drafts as they are then, so later edits are never overwritten by older ones.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum OutboxAction {
    /// The publisher's profile (step 2).
    PushProfile,
    /// A version's publish (step 4).
    PublishVersion {
        /// The listing.
        listing_id: crate::ListingId,
        /// The version.
        version_id: crate::VersionId,
        /// Where to: left out for the connected store, as before there were
        /// destinations (so a waiting item reads the same).
        #[serde(default, skip_serializing_if = "Destination::is_connected_store")]
        to: Destination,
    },
    /// The app's information (step 5).
    PushInformation {
        /// The listing.
        listing_id: crate::ListingId,
    },
    /// The packages (step 6).
    PushPackages {
        /// The listing.
        listing_id: crate::ListingId,
    },
    /// Listing or unlisting (step 7).
    SetListed {
        /// The listing.
        listing_id: crate::ListingId,
        /// On the shelf or off it.
        listed: bool,
    },
}

impl OutboxAction {
    /// The listing the action is about; none for the profile.
    pub fn listing_id(&self) -> Option<&crate::ListingId> {
        match self {
            OutboxAction::PushProfile => None,
            OutboxAction::PublishVersion { listing_id, .. }
            | OutboxAction::PushInformation { listing_id }
            | OutboxAction::PushPackages { listing_id }
            | OutboxAction::SetListed { listing_id, .. } => Some(listing_id),
        }
    }
}

/// An action in the outbox.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OutboxItem {
    /// Its id.
    #[ts(type = "number")]
    pub id: i64,
    /// What to push.
    pub action: OutboxAction,
    /// The listing's name, for people.
    pub listing_name: Option<String>,
    /// How many times it was tried.
    pub attempts: u32,
    /// Why the last try failed: the server's reason, or the network's.
    pub last_error: String,
    /// The server refused it; it waits for the user to retry or discard it.
    pub failed: bool,
    /// When it was queued, milliseconds since 1970.
    #[ts(type = "number")]
    pub created_at: i64,
}
