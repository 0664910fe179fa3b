//! The application API of Rainbond Publisher, and the only one: the desktop shell
//! and `rbpub` call this crate (and `rbpub-core`'s types), nothing below it. Two halves:
//! - [`Service`]: the window's use cases over the drafts database, the keyring and
//!   the network, one method each;
//! - stateless use cases for one run: [`headless`] (the store and console named by
//!   the caller) and the free functions over files (lint, preview, export, diff,
//!   image checks).
//!
//! The use cases of one of the store's seven steps live in that step's folder,
//! `steps/1-account` … `steps/7-list` ([`steps::folder`] is the table); what
//! several steps share is at this crate's root.
//!
//! Errors are [`Error`] (`{code, params, message}`).

#![warn(missing_docs)]

mod diagnostics;
mod error;
pub mod headless;
pub mod instance;
mod lint;
mod listing_files;
mod online;
pub mod publish;
pub mod pull;
mod pushes;
mod review;
pub mod steps;
pub mod trail;
mod views;

// The steps' modules that rbpub, the window or other parts of this crate use,
// by their short names; each lives in its step's folder (`steps/mod.rs`).
pub(crate) use steps::app_info::{assets, information, push_information, read_back};
pub use steps::list::approvals;
pub use steps::publish_template::{library, rehearse, upgrades};
pub(crate) use steps::publish_template::{publishing, release, share};

use rbpub_core::{ListingId, PackageId, VersionId};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use rbpub_core::online::Connection;
use rbpub_core::rules::{evaluate_draft, evaluate_publisher};
use rbpub_core::wizard::{listing_steps, publisher_steps, with_network};
use rbpub_core::{
    Field, ListingDraft, ListingField, Locale, PackageField, Publisher, PublisherField, Step,
    VersionField,
};
use rbpub_drafts::Drafts;
use rbpub_remote::Transport;
use rbpub_secrets::{OsKeyring, Secrets};

pub use assets::{
    check_image_file, fix_image_file, FileOutcome, FileResult, ImageAdded, ImageCheck, KitImport,
    LogoFix,
};
pub use diagnostics::Diagnostics;
pub use error::{Code, Error, Need, Params, Result};
pub use lint::{lint_path, LintOptions, LintReport, LintedListing};
pub use listing_files::{
    diff_paths, diff_with_live, export_name, preview_path, BulkImport, ExportAs, ImportFailure,
    ImportedListing,
};
pub use publish::{
    Cancel, PlanFinding, PlanGate, PlanView, SharePhase, ShareProgress, ShareWait, UpgradeLine,
    UpgradeView,
};
pub use publishing::{PublishTo, SnapshotList, SnapshotOutcome};
pub use rbpub_assets::isolate_svg;
pub use rbpub_preview::Theme;
pub use rbpub_remote::cleartext_warning;
pub use views::{
    ConnectionView, LastRehearsal, ListingSummary, ListingView, PublisherView, Startup,
};

/// Environment variable that overrides the data folder.
pub const DATA_DIR_ENV: &str = rbpub_core::env::DATA_DIR;
/// The store a new publisher starts with (`make run` points it at the sandbox).
pub const STORE_URL_ENV: &str = rbpub_core::env::STORE_URL;
/// The console suggested in step 3 until one is signed in to.
pub const CONSOLE_URL_ENV: &str = rbpub_core::env::CONSOLE_URL;
/// Seconds without any image push moving before the window says a push seems
/// stuck (five minutes unless set; the real-window tests shorten it).
pub const STALL_AFTER_ENV: &str = rbpub_core::env::STALL_AFTER_SECS;
/// Milliseconds between two asks after one image push (3 s unless set; the
/// tests, whose sandbox pushes in a fraction of a second, shorten it).
pub const POLL_ENV: &str = rbpub_core::env::POLL_MS;
/// Milliseconds of the first wait after a busy cluster or a store that is
/// down (10 s unless set, doubling; the tests shorten it).
pub const BUSY_BACKOFF_ENV: &str = rbpub_core::env::BUSY_BACKOFF_MS;

/// The data folder: `$RBPUB_DATA_DIR`, or the platform's app-data folder.
pub fn data_dir() -> PathBuf {
    match std::env::var_os(DATA_DIR_ENV).filter(|v| !v.is_empty()) {
        Some(dir) => PathBuf::from(dir),
        None => dirs::data_dir()
            .unwrap_or_else(std::env::temp_dir)
            .join("rainbond-publisher"),
    }
}

/// The window's use cases over one data folder: the drafts, the OS keyring
/// and the network, each opened once. A part that fails to open is kept as
/// its error, so the app starts and says why.
pub struct Service {
    data_dir: PathBuf,
    /// A failed open is kept, not thrown: the app still starts and shows the
    /// reason (and the file's path) instead of vanishing.
    drafts: Result<Drafts>,
    /// Like the drafts: a machine without a keyring still runs the app offline.
    secrets: Result<Arc<dyn Secrets>>,
    http: Result<Transport>,
    /// The last connection check: `None` before the first.
    online: Mutex<Option<bool>>,
    /// Publishes under way, by version id, so the UI can cancel them.
    publishes: Mutex<HashMap<VersionId, Cancel>>,
    push_locks: Mutex<HashMap<ListingId, Arc<tokio::sync::Mutex<()>>>>,
    /// Pushes a caller is about to run (written to the outbox first, for a
    /// crash): the outbox's flush leaves them to that caller, whose progress
    /// the window shows.
    claimed: Mutex<std::collections::HashSet<rbpub_core::online::OutboxAction>>,
    /// How a publish watches its image pushes.
    watch: publish::Watch,
    /// Files given at start-up or by a later start, until the window takes them.
    opened: Mutex<Vec<PathBuf>>,
}

impl Service {
    /// Opens the drafts in `data_dir` and the OS keyring.
    #[tracing::instrument(skip_all)]
    pub async fn open(data_dir: &Path) -> Service {
        let secrets = tokio::task::spawn_blocking(OsKeyring::open)
            .await
            .map_err(|e| Error::new(Code::KeyringUnavailable, e.to_string()))
            .and_then(|r| {
                r.map(|k| Arc::new(k) as Arc<dyn Secrets>)
                    .map_err(Error::from)
            });
        Service::open_with(data_dir, secrets).await
    }

    /// Opens the drafts with the given secrets store.
    pub async fn open_with(data_dir: &Path, secrets: Result<Arc<dyn Secrets>>) -> Service {
        let drafts = Drafts::open(data_dir).await.map_err(Error::from);
        if let (Ok(d), Some(url)) = (
            &drafts,
            std::env::var(STORE_URL_ENV).ok().filter(|u| !u.is_empty()),
        ) {
            // Only a publisher still on the default store follows the variable.
            if d.publisher()
                .await
                .is_ok_and(|p| p.store_url == rbpub_core::publisher::DEFAULT_STORE_URL)
            {
                let _ = d.set_publisher_field(PublisherField::StoreUrl(url)).await;
            }
        }
        Service {
            data_dir: data_dir.to_path_buf(),
            drafts,
            secrets,
            http: Transport::new().map_err(Error::from),
            online: Mutex::new(None),
            publishes: Mutex::default(),
            push_locks: Mutex::default(),
            claimed: Mutex::default(),
            watch: publish::Watch::from_env(),
            opened: Mutex::default(),
        }
    }

    /// The same service watching image pushes as `watch` says: how often a
    /// push is asked after, how long a busy cluster is waited on (the tests'
    /// sandbox pushes in a fraction of a second).
    pub fn with_watch(mut self, watch: publish::Watch) -> Service {
        self.watch = watch;
        self
    }

    /// Files the user opened with the app (from the file manager, or as
    /// arguments); the window takes them with [`Service::take_opened_files`].
    pub fn files_opened(&self, files: Vec<PathBuf>) {
        self.opened.lock().expect("not poisoned").extend(files);
    }

    /// The files opened since the window last asked, oldest first.
    pub fn take_opened_files(&self) -> Vec<String> {
        let files = std::mem::take(&mut *self.opened.lock().expect("not poisoned"));
        files.iter().map(|f| f.display().to_string()).collect()
    }

    pub(crate) fn drafts(&self) -> Result<&Drafts> {
        self.drafts.as_ref().map_err(Clone::clone)
    }

    /// Where the data lives, or why it cannot be opened.
    pub fn startup(&self) -> Result<Startup> {
        let drafts = self.drafts()?;
        Ok(Startup {
            data_dir: self.data_dir.display().to_string(),
            database: drafts.path().display().to_string(),
            backup: drafts.backup().map(|b| b.display().to_string()),
        })
    }

    /// Every listing whose name or description contains `query` (all when empty), most recently edited first.
    #[tracing::instrument(skip_all)]
    pub async fn portfolio(&self, query: &str) -> Result<Vec<ListingSummary>> {
        let drafts = self.drafts()?;
        let publisher = drafts.publisher().await?;
        let connection = drafts.connection().await?;
        let findings = evaluate_publisher(&publisher, Locale::En);
        let shared: Vec<_> = publisher_steps(&publisher, &findings, &connection)
            .into_iter()
            .map(|s| s.status)
            .collect();
        let rows = drafts.portfolio(query).await?;
        Ok(rows
            .into_iter()
            .map(|r| ListingSummary {
                steps: shared.iter().chain(&r.progress).copied().collect(),
                id: r.id,
                name: r.name,
                description: r.description,
                updated_at: r.updated_at,
                version_count: r.version_count,
                logo: r.logo,
            })
            .collect())
    }

    /// A new listing with this name.
    #[tracing::instrument(skip_all)]
    pub async fn create_listing(&self, name: &str, locale: Locale) -> Result<ListingView> {
        let draft = self.drafts()?.create_listing(name.trim()).await?;
        self.view(draft, locale).await
    }

    /// A copy of the listing (versions, packages and images) under a new name.
    pub async fn duplicate_listing(&self, id: &ListingId, locale: Locale) -> Result<ListingView> {
        let draft = self.drafts()?.duplicate_listing(id).await?;
        self.view(draft, locale).await
    }

    /// Deletes the listing; its images go once no listing uses them.
    pub async fn delete_listing(&self, id: &ListingId) -> Result<()> {
        Ok(self.drafts()?.delete_listing(id).await?)
    }

    /// The listing with its findings and where it stands in each step.
    #[tracing::instrument(skip_all)]
    pub async fn open_listing(&self, id: &ListingId, locale: Locale) -> Result<ListingView> {
        let draft = self.drafts()?.listing(id).await?;
        self.view(draft, locale).await
    }

    /// Saves one field of the listing.
    pub async fn save_listing_field(
        &self,
        id: &ListingId,
        field: ListingField,
        locale: Locale,
    ) -> Result<ListingView> {
        self.editable(id).await?;
        let draft = self.drafts()?.set_listing_field(id, field).await?;
        self.view(draft, locale).await
    }

    /// Remembers the step the listing was left on.
    #[tracing::instrument(skip_all)]
    pub async fn set_current_step(&self, id: &ListingId, step: Step) -> Result<()> {
        Ok(self.drafts()?.set_current_step(id, step).await?)
    }

    /// Adds an empty version.
    pub async fn add_version(&self, listing_id: &ListingId, locale: Locale) -> Result<ListingView> {
        self.editable(listing_id).await?;
        let draft = self.drafts()?.add_version(listing_id).await?;
        self.view(draft, locale).await
    }

    /// Saves one field of a version.
    pub async fn save_version_field(
        &self,
        version_id: &VersionId,
        field: VersionField,
        locale: Locale,
    ) -> Result<ListingView> {
        self.editable_part(rbpub_drafts::Part::Version, version_id)
            .await?;
        let draft = self.drafts()?.set_version_field(version_id, field).await?;
        self.view(draft, locale).await
    }

    /// Deletes a version.
    #[tracing::instrument(skip_all)]
    pub async fn delete_version(
        &self,
        version_id: &VersionId,
        locale: Locale,
    ) -> Result<ListingView> {
        self.editable_part(rbpub_drafts::Part::Version, version_id)
            .await?;
        let draft = self.drafts()?.delete_version(version_id).await?;
        self.view(draft, locale).await
    }

    /// Adds an empty package.
    pub async fn add_package(&self, listing_id: &ListingId, locale: Locale) -> Result<ListingView> {
        self.editable(listing_id).await?;
        let draft = self.drafts()?.add_package(listing_id).await?;
        self.view(draft, locale).await
    }

    /// Saves one field of a package.
    #[tracing::instrument(skip_all)]
    pub async fn save_package_field(
        &self,
        package_id: &PackageId,
        field: PackageField,
        locale: Locale,
    ) -> Result<ListingView> {
        self.editable_part(rbpub_drafts::Part::Package, package_id)
            .await?;
        let draft = self.drafts()?.set_package_field(package_id, field).await?;
        self.view(draft, locale).await
    }

    /// Deletes a package.
    pub async fn delete_package(
        &self,
        package_id: &PackageId,
        locale: Locale,
    ) -> Result<ListingView> {
        self.editable_part(rbpub_drafts::Part::Package, package_id)
            .await?;
        let draft = self.drafts()?.delete_package(package_id).await?;
        self.view(draft, locale).await
    }

    /// The publisher (account and profile, shared by every listing) with its findings.
    #[tracing::instrument(skip_all)]
    pub async fn publisher(&self, locale: Locale) -> Result<PublisherView> {
        let drafts = self.drafts()?;
        Ok(self.publisher_view(
            drafts.publisher().await?,
            &drafts.connection().await?,
            locale,
        ))
    }

    /// Saves one field of the publisher.
    pub async fn save_publisher_field(
        &self,
        field: PublisherField,
        locale: Locale,
    ) -> Result<PublisherView> {
        let drafts = self.drafts()?;
        let publisher = drafts.set_publisher_field(field).await?;
        Ok(self.publisher_view(publisher, &drafts.connection().await?, locale))
    }

    /// The `text.invisible` fix: `text` without its invisible characters, keeping
    /// line breaks where `field` takes them. The UI saves the result like any edit.
    pub fn strip_invisible(&self, text: &str, field: Field) -> String {
        rbpub_core::text::strip_invisible(text, field.is_multiline())
    }

    async fn view(&self, draft: ListingDraft, locale: Locale) -> Result<ListingView> {
        let drafts = self.drafts()?;
        let connection = drafts.connection().await?;
        let mut steps = self
            .publisher_view(drafts.publisher().await?, &connection, locale)
            .steps;
        let findings = evaluate_draft(&draft, locale);
        steps.extend(with_network(
            listing_steps(&draft, &findings),
            self.is_online(),
        ));
        let publishing = draft
            .versions
            .iter()
            .map(|v| rbpub_core::publishing::version_publishing(&draft, v, &connection))
            .collect();
        // A report this build cannot read (written by another) is not shown.
        let rehearsals = drafts
            .rehearsals(&draft.listing.id)
            .await?
            .into_iter()
            .filter_map(|(version_id, json)| {
                let report = serde_json::from_str(&json).ok()?;
                Some(views::LastRehearsal { version_id, report })
            })
            .collect();
        Ok(ListingView {
            draft,
            findings,
            steps,
            publishing,
            rehearsals,
        })
    }
}

impl Service {
    /// The publisher's steps and findings; a step waits on the network only
    /// while the service does not know it is online.
    fn publisher_view(
        &self,
        publisher: Publisher,
        connection: &Connection,
        locale: Locale,
    ) -> PublisherView {
        let findings = evaluate_publisher(&publisher, locale);
        let steps = publisher_steps(&publisher, &findings, connection);
        PublisherView {
            steps: with_network(steps, self.is_online()),
            publisher,
            findings,
        }
    }

    /// Whether the servers answered last time they were asked; `None` before that.
    fn is_online(&self) -> Option<bool> {
        *self.online.lock().unwrap_or_else(|p| p.into_inner())
    }
}
