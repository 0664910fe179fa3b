//! What the UI is sent: domain data with the findings and wizard state the core
//! derived from it, so the UI never re-implements a rule.

use rbpub_core::online::{BoundStore, OutboxItem, StoreInfo, Team};
use rbpub_core::VersionId;
use rbpub_core::{Finding, ListingDraft, Publisher, StepState, StepStatus, VersionPublishing};
use serde::Serialize;
use ts_rs::TS;

/// One line of the portfolio home.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ListingSummary {
    /// The listing's id.
    pub id: rbpub_core::ListingId,
    /// The app's name.
    pub name: String,
    /// The short description.
    pub description: String,
    /// When it was last edited, milliseconds since 1970.
    #[ts(type = "number")]
    pub updated_at: i64,
    /// How many versions it has.
    #[ts(type = "number")]
    pub version_count: i64,
    /// Status of each of the seven steps, in order.
    pub steps: Vec<StepStatus>,
    /// The logo's hash, served by the window's image protocol from the store of
    /// images (nothing is copied).
    pub logo: Option<String>,
}

/// A listing as the wizard shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ListingView {
    /// The listing as saved.
    pub draft: ListingDraft,
    /// Every finding of the listing, in a stable order.
    pub findings: Vec<Finding>,
    /// All seven steps, in order.
    pub steps: Vec<StepState>,
    /// Step 4 for each version, in the draft's order: where it publishes and
    /// how far each destination has got.
    pub publishing: Vec<VersionPublishing>,
    /// The last rehearsal of each version that has one (step 4, and beside the preview).
    pub rehearsals: Vec<LastRehearsal>,
}

/// A version's last rehearsal of its install and upgrade.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LastRehearsal {
    /// The version.
    pub version_id: VersionId,
    /// What it found.
    pub report: crate::rehearse::RehearsalReport,
}

/// The publisher (steps 1 and 2) as the wizard shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PublisherView {
    /// The publisher as saved.
    pub publisher: Publisher,
    /// The account and profile rules' findings.
    pub findings: Vec<Finding>,
    /// Steps 1–3.
    pub steps: Vec<StepState>,
}

/// Where the app keeps its data, shown in the app and used by support.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Startup {
    /// The data folder.
    pub data_dir: String,
    /// The drafts database file.
    pub database: String,
    /// The copy taken before this start migrated an older database.
    pub backup: Option<String>,
}

/// Where the publisher connects, what the servers last said, and what waits to
/// be pushed. Never holds a secret: only whether one is kept.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ConnectionView {
    /// The store's base URL.
    pub store_url: String,
    /// The store's market domain.
    pub market_domain: String,
    /// A store access key is in the keyring.
    pub has_store_key: bool,
    /// What `/info` said of the key, the last time it was asked.
    pub store: Option<StoreInfo>,
    /// The console signed in to, or the one suggested (`RBPUB_CONSOLE_URL`).
    pub console_url: String,
    /// The console user signed in (or last signed in).
    pub console_user: String,
    /// A console sign-in token is in the keyring.
    pub console_signed_in: bool,
    /// The teams the console user belongs to, with their regions.
    pub teams: Vec<Team>,
    /// The team chosen to publish from.
    pub team: String,
    /// The region chosen to publish from.
    pub region: String,
    /// The store bound to the console, as the console last listed it.
    pub bound_store: Option<BoundStore>,
    /// That store can take a publish now (bound with Write, cloud stores enabled).
    pub store_usable: bool,
    /// Where the console can publish (its usable stores, its library, why no
    /// store), as it last said.
    pub offered: Option<rbpub_core::Offered>,
    /// The last check: reachable, unreachable, or not checked yet.
    pub online: Option<bool>,
    /// Pushes waiting for the network or refused, oldest first.
    pub outbox: Vec<OutboxItem>,
    /// Why the keyring cannot be used, when it cannot.
    pub keyring_problem: Option<String>,
    /// The store and console addresses that are plain `http://` to another
    /// machine: keys and passwords would travel unencrypted.
    pub cleartext: Vec<String>,
}
