//! The online steps without drafts, for one run of `rbpub`: the caller names the
//! store and console and gives the secrets it read (or none: then the OS
//! keyring's). The same use cases as the window's ([`crate::Service`]) — the key
//! check, binding, pushing — from the same functions.

use rbpub_core::catalogue::Sentence;
use rbpub_core::online::{
    BoundStore, ConsoleAccount, LiveApp, LiveListing, LivePackage, StoreInfo, StoreProfile,
};
use rbpub_core::share::{Snapshot, SnapshotMade};
use rbpub_core::Sensitive;
use rbpub_remote::{ConsoleClient, ErrorKind, NewPackage, NewSnapshot, StoreClient, Transport};
use rbpub_secrets::{OsKeyring, SecretId, Secrets};

use crate::error::{Code, Error, Result};
use crate::lint::LintReport;
use crate::publish::{self, Information, ShareTarget};
use rbpub_core::Locale;

/// A store: its base URL and market domain.
#[derive(Clone, Debug)]
pub struct StoreAddress {
    /// The base URL, as `https://hub.grapps.cn`.
    pub url: String,
    /// The market domain (`marketDomain`).
    pub market_domain: String,
}

/// A console and the user signed in to it.
#[derive(Clone, Debug)]
pub struct ConsoleAddress {
    /// The base URL.
    pub url: String,
    /// The console user name.
    pub user: String,
}

impl StoreAddress {
    fn key_id(&self) -> SecretId {
        SecretId::StoreKey {
            store_url: self.url.clone(),
        }
    }
}

impl ConsoleAddress {
    fn token_id(&self) -> SecretId {
        SecretId::ConsoleToken {
            console_url: self.url.clone(),
            user: self.user.clone(),
        }
    }
}

/// The network and the keyring for one run.
pub struct Headless {
    http: Transport,
}

impl Headless {
    /// The HTTP client for this run; the keyring is opened when a secret is needed.
    pub fn new() -> Result<Self> {
        Ok(Headless {
            http: Transport::new()?,
        })
    }

    /// The store key kept in the keyring by an earlier sign-in, if any.
    pub fn kept_store_key(&self, store: &StoreAddress) -> Result<Option<Sensitive<String>>> {
        Ok(OsKeyring::open()?.get(&store.key_id())?)
    }

    /// A store reached with this key.
    pub fn store(&self, store: &StoreAddress, key: Sensitive<String>) -> Store {
        Store(StoreClient::new(self.http.clone(), &store.url, &store.market_domain).with_key(key))
    }

    /// Signs in to the store's account and keeps the issued key in the keyring.
    #[tracing::instrument(skip_all)]
    pub async fn store_sign_in(
        &self,
        store: &StoreAddress,
        phone: &str,
        password: &Sensitive<String>,
    ) -> Result<StoreProfile> {
        let client = StoreClient::new(self.http.clone(), &store.url, &store.market_domain);
        let (key, profile) = client.login(phone, password).await?;
        OsKeyring::open()?.set(&store.key_id(), &key)?;
        Ok(profile)
    }

    /// Signs in to the console and keeps the token in the keyring.
    pub async fn console_sign_in(
        &self,
        console: &ConsoleAddress,
        password: &Sensitive<String>,
    ) -> Result<ConsoleAccount> {
        let mut client = ConsoleClient::new(self.http.clone(), &console.url);
        let token = client.login(&console.user, password).await?;
        OsKeyring::open()?.set(&console.token_id(), &token)?;
        Ok(client.account().await?)
    }

    /// The console, signed in with this password for this run, else with the
    /// keyring's token; `None` when neither is there.
    #[tracing::instrument(skip_all)]
    pub async fn console(
        &self,
        console: &ConsoleAddress,
        password: Option<&Sensitive<String>>,
    ) -> Result<Option<Console>> {
        if let Some(password) = password {
            let mut client = ConsoleClient::new(self.http.clone(), &console.url);
            client.login(&console.user, password).await?;
            return Ok(Some(Console(client)));
        }
        Ok(OsKeyring::open()?.get(&console.token_id())?.map(|token| {
            Console(ConsoleClient::with_token(
                self.http.clone(),
                &console.url,
                &token,
            ))
        }))
    }

    /// Checks the links of each listing in the report whose rules ask for it (all with `force`).
    #[tracing::instrument(skip_all)]
    pub async fn check_links(&self, report: &mut LintReport, force: bool, locale: Locale) {
        crate::lint::check_links(report, &self.http, force, locale).await
    }
}

/// A store, with a key.
pub struct Store(StoreClient);

impl Store {
    /// What the store says of the key.
    pub async fn info(&self) -> Result<StoreInfo> {
        Ok(self.0.info().await?)
    }

    /// What the store says of the key, refused unless it can publish.
    #[tracing::instrument(skip_all)]
    pub async fn publishing_key(&self) -> Result<StoreInfo> {
        publish::publishing_key(&self.0).await
    }

    /// The id given, else the id of the key's app with that name (every page of
    /// the store's list is read, as publishing does before it creates one).
    pub async fn app_id(&self, app_id: Option<&str>, name: Option<&str>) -> Result<String> {
        if let Some(id) = app_id {
            return Ok(id.to_owned());
        }
        let name = name.unwrap_or_default().trim();
        publish::app_named(&self.0, name)
            .await?
            .map(|a| a.id)
            .ok_or_else(|| {
                Error::because(
                    Code::NotFound,
                    Sentence::new("cli.noAppNamed").arg("name", name),
                )
            })
    }

    /// The key's app of that name, when the store has one.
    #[tracing::instrument(skip_all)]
    pub async fn app_named(&self, name: &str) -> Result<Option<LiveApp>> {
        publish::app_named(&self.0, name).await
    }

    /// The app `app_id` read for a listing (`rbpub pull`).
    pub async fn pull(&self, app_id: &str) -> Result<crate::pull::PulledApp> {
        crate::pull::pull_app(&self.0, app_id).await
    }

    /// The ids of every app the key owns (every page of the store's list).
    pub async fn own_app_ids(&self) -> Result<Vec<String>> {
        Ok(self.0.apps("").await?.into_iter().map(|a| a.id).collect())
    }

    /// The apps `ids` read for listings `at_once` at a time, a batch at a
    /// time (see [`crate::pull::PullBatches`]).
    pub fn pull_batches<'a>(
        &'a self,
        ids: &'a [String],
        at_once: usize,
    ) -> crate::pull::PullBatches<'a> {
        crate::pull::PullBatches::new(&self.0, ids, at_once)
    }

    /// A published version's template, as its installers received it.
    #[tracing::instrument(skip_all)]
    pub async fn version_template(
        &self,
        app_id: &str,
        version: &str,
    ) -> Result<rbpub_core::Template> {
        let bytes = self.0.version_metadata(app_id, version).await?;
        rbpub_core::Template::from_metadata(&bytes).map_err(|e| {
            Error::because_of(
                Code::BadFile,
                Sentence::new("pull.templateUnreadable").arg("version", version),
                e,
            )
        })
    }

    /// The app as the store has it.
    #[tracing::instrument(skip_all)]
    pub async fn app(&self, app_id: &str) -> Result<LiveApp> {
        Ok(self.0.app(app_id).await?)
    }

    /// The app and its packages as the store has them, to compare a listing
    /// with; the logo is fetched to know whether it is the listing's (unknown
    /// when it cannot be fetched).
    pub async fn live_listing(&self, app_id: &str) -> Result<LiveListing> {
        let app = self.0.app(app_id).await?;
        let logo_hash = if app.logo_url.is_empty() {
            None
        } else {
            self.0
                .download(&app.logo_url)
                .await
                .ok()
                .map(|b| rbpub_assets::hash(&b))
        };
        Ok(LiveListing {
            packages: self.0.packages(app_id).await?,
            app,
            logo_hash,
        })
    }

    /// Sends what differs from the store's copy of the app's information.
    #[tracing::instrument(skip_all)]
    pub async fn push_information(
        &self,
        app_id: &str,
        info: &Information,
    ) -> Result<publish::InfoPush> {
        publish::push_information(&self.0, app_id, info, None).await
    }

    /// The package for a version; `true` when it was created now.
    pub async fn ensure_package(
        &self,
        app_id: &str,
        package: &NewPackage,
    ) -> Result<(LivePackage, bool)> {
        publish::ensure_package(&self.0, app_id, package).await
    }

    /// The client with the key, for step 4's one driver ([`publish::publish_release`]).
    pub fn client(&self) -> &StoreClient {
        &self.0
    }

    /// Lists or unlists the app; nothing is sent when it already is.
    #[tracing::instrument(skip_all)]
    pub async fn set_listed(&self, app_id: &str, listed: bool) -> Result<LiveApp> {
        publish::set_listed(&self.0, app_id, listed).await
    }
}

/// A console, signed in.
pub struct Console(ConsoleClient);

impl Console {
    /// The signed-in user, enterprise and teams.
    pub async fn account(&self) -> Result<ConsoleAccount> {
        Ok(self.0.account().await?)
    }

    /// The stores bound to the enterprise, with what each may do.
    #[tracing::instrument(skip_all)]
    pub async fn bound_stores(&self, enterprise_id: &str) -> Result<Vec<BoundStore>> {
        Ok(self.0.bound_stores(enterprise_id).await?)
    }

    /// Binds the store to the console with its key; see [`publish::bind`].
    pub async fn bind(
        &self,
        enterprise_id: &str,
        store_url: &str,
        key: &Sensitive<String>,
        asked_name: Option<&str>,
    ) -> Result<(String, Option<BoundStore>)> {
        publish::bind(&self.0, enterprise_id, store_url, key, asked_name).await
    }

    /// Where the console can publish now (stores, the library, why no store).
    #[tracing::instrument(skip_all)]
    pub async fn offered(&self, enterprise_id: &str) -> Result<rbpub_core::Offered> {
        crate::library::offered(&self.0, enterprise_id).await
    }

    /// The listing's app model in the library's `scope` (exact name, the
    /// team's for a team model, never a hidden snapshot template).
    pub async fn library_model(
        &self,
        enterprise_id: &str,
        scope: rbpub_core::LibraryScope,
        team: &str,
        name: &str,
    ) -> Result<Option<rbpub_core::AppModel>> {
        crate::library::find_model(&self.0, enterprise_id, scope, team, name).await
    }

    /// The app's snapshots, newest first; `None` on a console older than them.
    #[tracing::instrument(skip_all)]
    pub async fn snapshots(
        &self,
        team: &str,
        region: &str,
        app_id: i64,
    ) -> Result<Option<Vec<Snapshot>>> {
        match self.0.snapshots(team, region, app_id).await {
            Ok(s) => Ok(Some(s)),
            Err(e) if e.kind == ErrorKind::Unsupported => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    /// Makes a snapshot of the app as it runs now, with an explicit version
    /// number; see [`publish::make_snapshot`].
    #[tracing::instrument(skip_all)]
    pub async fn create_snapshot(
        &self,
        target: &ShareTarget,
        snapshot: &NewSnapshot<'_>,
    ) -> Result<SnapshotMade> {
        publish::make_snapshot(&self.0, target, snapshot).await
    }

    /// The signed-in client, for step 4's one driver ([`publish::publish_release`]).
    pub fn client(&self) -> &ConsoleClient {
        &self.0
    }

    /// Where to publish: see [`publish::choose_destinations`].
    pub async fn destinations(
        &self,
        enterprise_id: &str,
        asked: &[rbpub_core::Destination],
        store_name: Option<&str>,
    ) -> Result<Vec<rbpub_core::Destination>> {
        publish::choose_destinations(&self.0, enterprise_id, asked, store_name).await
    }
}
