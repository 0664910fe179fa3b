//! Pushing: the profile (step 2), publishing versions (step 4), the app's
//! information (5), packages (6) and the shelf (7). Every push goes through the
//! outbox: it is written down first, then tried; when the network is down it
//! waits there and is sent, in order, once the store and console answer again.

use rbpub_core::catalogue::Sentence;
use rbpub_core::ListingId;
use std::fs::File;
use std::sync::Arc;

use rbpub_core::online::{LiveListing, OutboxAction};
use rbpub_core::{ListingDraft, Locale};
use rbpub_remote::{AppInfo, StoreClient};

use crate::error::{Code, Error, Need, Params, Result};
use crate::publish::{self, Information, Retry, ShareProgress};
use crate::views::{ConnectionView, ListingView};
use crate::Service;

/// The pauses before a push is tried again at once after a transient failure.
const AGAIN_AFTER: [std::time::Duration; 2] = [
    std::time::Duration::from_millis(300),
    std::time::Duration::from_millis(1000),
];

pub(crate) type Progress<'a> = &'a mut (dyn FnMut(&ShareProgress) + Send);

pub(crate) fn information(draft: &ListingDraft) -> Information {
    let l = &draft.listing;
    Information {
        name: l.name.trim().to_owned(),
        description: l.description.clone(),
        introduction: l.introduction.clone(),
        tags: l.tags.clone(),
        publish_type: l.publish_type.as_str().to_owned(),
        logo: None,
    }
}

/// A push a caller runs itself, from before it enters the outbox until it
/// is done: the outbox's flush (every connection check) must not take it up
/// in between, out of the caller's sight.
struct Claimed<'a> {
    service: &'a Service,
    action: OutboxAction,
}

impl<'a> Claimed<'a> {
    fn new(service: &'a Service, action: &OutboxAction) -> Self {
        service
            .claimed
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(action.clone());
        Claimed {
            service,
            action: action.clone(),
        }
    }
}

impl Drop for Claimed<'_> {
    fn drop(&mut self) {
        self.service
            .claimed
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(&self.action);
    }
}

impl Service {
    /// One lock per listing (and one for the profile): a push never races
    /// another push of the same thing, while different listings go in parallel.
    fn push_lock(&self, action: &OutboxAction) -> Arc<tokio::sync::Mutex<()>> {
        let key = action.listing_id().cloned().unwrap_or_default();
        let mut locks = self.push_locks.lock().unwrap_or_else(|p| p.into_inner());
        locks.entry(key).or_default().clone()
    }

    /// The same lock across processes: a file per listing in the data folder,
    /// locked by the OS (released if the process dies), so two instances of the
    /// app on one folder never send one item twice. `wait: false` answers `None`
    /// when another instance holds it.
    async fn push_file_lock(&self, action: &OutboxAction, wait: bool) -> Result<Option<File>> {
        let dir = self.data_dir.join("locks");
        // By a hash of the id: an imported listing's id is whatever its file said
        // (`../x`, a path of its own), and never becomes part of a file name.
        let name = match action.listing_id() {
            Some(id) => format!(
                "push-{}.lock",
                &rbpub_assets::hash(id.as_str().as_bytes())[..32]
            ),
            None => "push-profile.lock".to_owned(),
        };
        let failed = |e: std::io::Error| {
            Error::because_of(
                Code::DataFolder,
                Sentence::new("outbox.cannotLock").arg("path", dir.join(&name).display()),
                e,
            )
        };
        std::fs::create_dir_all(&dir).map_err(failed)?;
        let file = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(dir.join(&name))
            .map_err(failed)?;
        if !wait {
            return match file.try_lock() {
                Ok(()) => Ok(Some(file)),
                Err(std::fs::TryLockError::WouldBlock) => Ok(None),
                Err(std::fs::TryLockError::Error(e)) => Err(failed(e)),
            };
        }
        // Waiting for the other instance blocks: not on the async runtime.
        let locked = tokio::task::spawn_blocking(move || file.lock().map(|()| file))
            .await
            .map_err(|e| failed(std::io::Error::other(e)))?
            .map_err(failed)?;
        Ok(Some(locked))
    }

    /// Writes the push down, tries it now, and says what became of it.
    pub(crate) async fn push(
        &self,
        action: OutboxAction,
        retry: &Retry,
        progress: Progress<'_>,
    ) -> Result<()> {
        let drafts = self.drafts()?;
        let _claimed = Claimed::new(self, &action);
        drafts.enqueue(&action).await?;
        let id = drafts
            .outbox()
            .await?
            .into_iter()
            .find(|i| i.action == action)
            .map(|i| i.id);
        let lock = self.push_lock(&action);
        let _held = lock.lock().await;
        let _held_across_processes = self.push_file_lock(&action, true).await?;
        let mut result = self.observe(self.run(&action, retry, progress).await);
        // Every push reads what the servers have before it creates anything, so
        // trying it again at once after a lost or failed answer is safe: a
        // passing fault costs a moment, not a trip through the outbox.
        for pause in AGAIN_AFTER {
            match &result {
                Err(e) if e.code.is_transient() && e.code != Code::StoreUnavailable => {
                    tokio::time::sleep(pause).await;
                    result = self.observe(self.run(&action, retry, progress).await);
                }
                _ => break,
            }
        }
        let result = self.noting_refused_key(result).await;
        log_outcome(&action, &result);
        let Some(id) = id else { return result };
        match result {
            Ok(()) => Ok(drafts.outbox_done(id).await?),
            Err(e) if e.code.is_transient() => {
                drafts.outbox_failed(id, &kept_reason(&e), false).await?;
                Err(e.fixed_by(Sentence::new("outbox.waits")))
            }
            // The user's to decide, not a push waiting: it leaves the outbox.
            Err(e)
                if matches!(
                    e.code,
                    Code::Cancelled | Code::VersionExists | Code::StoreKept
                ) =>
            {
                Ok(drafts.outbox_done(id).await?).and(Err(e))
            }
            Err(e) => {
                drafts.outbox_failed(id, &kept_reason(&e), true).await?;
                Err(e)
            }
        }
    }

    /// A push the user asked for again: failed image pushes are started again.
    pub(crate) async fn push_with_retry(&self, action: OutboxAction) -> Result<()> {
        self.push(action, &Retry::All, &mut |_| {}).await
    }

    pub(crate) async fn push_then_view(
        &self,
        action: OutboxAction,
        listing_id: &ListingId,
        locale: Locale,
    ) -> Result<ListingView> {
        self.push(action, &Retry::None, &mut |_| {}).await?;
        self.open_listing(listing_id, locale).await
    }

    /// Sends what waits in the outbox, oldest first. Stops at the first network
    /// failure (the rest would fail too); a refused push is marked and skipped.
    #[tracing::instrument(skip_all)]
    pub async fn flush_outbox(&self) -> Result<ConnectionView> {
        let drafts = self.drafts()?;
        for item in drafts.outbox().await? {
            if item.failed {
                continue;
            }
            // One a caller is about to run is theirs (the window shows its progress).
            if self
                .claimed
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .contains(&item.action)
            {
                continue;
            }
            let lock = self.push_lock(&item.action);
            // A push under way (a publish, say) is left to finish by itself.
            let Ok(_held) = lock.try_lock() else { continue };
            // Another instance is sending it: it is theirs to finish.
            let Some(_held_across_processes) = self.push_file_lock(&item.action, false).await?
            else {
                continue;
            };
            // A failed image push is started again only when someone asks (Retry).
            tracing::info!(push = ?item.action, attempts = item.attempts, "sending what waits in the outbox");
            let result = self.observe(self.run(&item.action, &Retry::None, &mut |_| {}).await);
            log_outcome(&item.action, &result);
            match result {
                Ok(()) => drafts.outbox_done(item.id).await?,
                Err(e) if e.code.is_transient() => {
                    drafts
                        .outbox_failed(item.id, &kept_reason(&e), false)
                        .await?;
                    break;
                }
                Err(e) => {
                    drafts
                        .outbox_failed(item.id, &kept_reason(&e), true)
                        .await?
                }
            }
        }
        self.connection_view().await
    }

    async fn run(
        &self,
        action: &OutboxAction,
        retry: &Retry,
        progress: Progress<'_>,
    ) -> Result<()> {
        match action {
            OutboxAction::PushProfile => self.run_push_profile().await,
            OutboxAction::PublishVersion {
                listing_id,
                version_id,
                to,
            } => {
                self.run_publish(listing_id, version_id, to, retry, progress)
                    .await
            }
            OutboxAction::PushInformation { listing_id } => {
                self.run_push_information(listing_id).await
            }
            OutboxAction::PushPackages { listing_id } => self.run_push_packages(listing_id).await,
            OutboxAction::SetListed { listing_id, listed } => {
                self.run_set_listed(listing_id, *listed).await
            }
        }
    }

    /// The store app of a listing: the live one, or the account's app by that
    /// name, or a new one. Looking first keeps a retried create from doubling it.
    pub(crate) async fn ensure_app(
        &self,
        store: &StoreClient,
        draft: &ListingDraft,
    ) -> Result<String> {
        if let Some(live) = &draft.live {
            return Ok(live.app.id.clone());
        }
        let info = information(draft);
        if info.name.is_empty() {
            return Err(Error::needs(Need::AppName, Params::default()));
        }
        if let Some(app) = crate::publish::app_named(store, &info.name).await? {
            return Ok(app.id);
        }
        // A logo that does not pass its checks yet waits for step 5's push.
        let logo = match self.information_with_logo(draft).await {
            Ok(Information { logo: Some(l), .. }) => rbpub_remote::data_uri(l.mime, &l.bytes),
            _ => String::new(),
        };
        let body = AppInfo {
            name: info.name,
            description: info.description,
            introduction: info.introduction,
            logo,
            publish_type: info.publish_type,
            tags: info.tags,
        };
        Ok(store.create_app(&body).await?.id)
    }

    /// Reads the app back from the store and keeps it as the last known live listing.
    /// A store without the packages extension cannot say what packages it has:
    /// what the publisher last confirmed by hand is kept.
    pub(crate) async fn refresh_live(
        &self,
        store: &StoreClient,
        listing_id: &ListingId,
        app_id: &str,
    ) -> Result<ListingDraft> {
        let kept = self
            .drafts()?
            .listing(listing_id)
            .await?
            .live
            .and_then(|l| l.logo_hash);
        self.refresh_live_with_logo(store, listing_id, app_id, kept)
            .await
    }

    /// As `refresh_live`, recording which logo the store now has.
    pub(crate) async fn refresh_live_with_logo(
        &self,
        store: &StoreClient,
        listing_id: &ListingId,
        app_id: &str,
        logo_hash: Option<String>,
    ) -> Result<ListingDraft> {
        let app = store.app(app_id).await?;
        let packages = match store.packages(app_id).await {
            Ok(packages) => packages,
            Err(e) if e.kind == rbpub_remote::ErrorKind::NotFound => {
                let draft = self.drafts()?.listing(listing_id).await?;
                draft.live.map(|l| l.packages).unwrap_or_default()
            }
            Err(e) => return Err(e.into()),
        };
        Ok(self
            .drafts()?
            .set_live(
                listing_id,
                &LiveListing {
                    app,
                    packages,
                    logo_hash,
                },
            )
            .await?)
    }

    /// The information with the stored logo's bytes, which must pass the logo
    /// rules that block a push.
    pub(crate) async fn information_with_logo(&self, draft: &ListingDraft) -> Result<Information> {
        let mut info = information(draft);
        if let Some(logo) = &draft.listing.logo {
            let blocking: Vec<_> = rbpub_core::rules::evaluate_logo(Some(logo), Locale::En)
                .into_iter()
                .filter(|f| f.level == rbpub_core::Level::Error)
                .map(|f| f.message)
                .collect();
            if !blocking.is_empty() {
                let detail = Some(blocking.join(" "));
                return Err(Error::needs(
                    Need::LogoRules,
                    Params {
                        detail,
                        ..Params::default()
                    },
                ));
            }
            let stored = self.stored(logo).await?;
            // Image work is CPU-bound: off the async threads.
            let for_store = tokio::task::spawn_blocking(move || publish::Logo::for_store(&stored))
                .await
                .map_err(|e| logo_error(e.to_string()))?
                .map_err(|e| {
                    let (why, detail) = e.sentence();
                    let mut refused = Error::because(
                        Code::BadImage,
                        Sentence::new("outbox.logoBecause").part("why", why),
                    );
                    refused.params.detail = detail;
                    refused
                })?;
            // Known by the draft's logo: what lets a push see the store has it already.
            info.logo = Some(publish::Logo {
                hash: logo.hash.clone(),
                ..for_store
            });
        }
        Ok(info)
    }
}

/// The outbox's decision on a push, for the trail.
fn log_outcome(action: &OutboxAction, result: &Result<()>) {
    match result {
        Ok(()) => tracing::info!(push = ?action, "sent; leaves the outbox"),
        Err(e) if e.code.is_transient() => {
            tracing::warn!(push = ?action, code = ?e.code, reason = %e.message, "not sent; waits in the outbox")
        }
        Err(e) => {
            tracing::warn!(push = ?action, code = ?e.code, reason = %e.message, "refused; marked in the outbox")
        }
    }
}

/// The logo could not be made ready for the store (step 5); `detail`: what refused.
fn logo_error(detail: String) -> Error {
    Error::because_of(Code::BadImage, Sentence::new("outbox.logo"), detail)
}

/// Why a push failed, as the outbox keeps it: the error itself (code and
/// params, as JSON), so that the window says it in the language it shows
/// whenever it is read; its English message when it cannot be written so.
fn kept_reason(e: &Error) -> String {
    serde_json::to_string(e).unwrap_or_else(|_| e.message.clone())
}
