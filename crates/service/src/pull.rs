//! A store app as a listing (`rbpub pull`, and the portfolio's *Import from
//! the store*): its fields, its logo (checked as any logo is), every version
//! with its alias and release notes, its packages, and the newest version's
//! template (`getTemplate=true`) for the preview's components. The listing is
//! linked to the app, so the next push updates it instead of making another.

use rbpub_core::budget;
use rbpub_core::catalogue::Sentence;
use rbpub_core::online::{LiveApp, LiveListing, LivePackage};
use rbpub_core::rules::Field;
use rbpub_core::ListingId;
use rbpub_core::{
    ImageInfo, Listing, ListingDraft, Locale, Package, PublishType, Template, Version,
};
use rbpub_remote::{ErrorKind, StoreClient, StoreVersion};

use serde::Serialize;
use ts_rs::TS;

use crate::error::{Code, Error, Result};

/// A store app read for a listing.
#[derive(Clone, Debug)]
pub struct PulledApp {
    /// The listing as the store shows the app, linked to it.
    pub draft: ListingDraft,
    /// The logo as the store serves it, with what it is.
    pub logo: Option<(ImageInfo, Vec<u8>)>,
    /// Why the app's logo was not taken (it could not be fetched or read).
    pub logo_problem: Option<Error>,
}

/// Reads the app `app_id` of the store for a listing.
pub async fn pull_app(store: &StoreClient, app_id: &str) -> Result<PulledApp> {
    let app = store.app(app_id).await?;
    let versions = store.versions(app_id).await?;
    // A store without packages answers 404 there: the listing has none.
    let packages = match store.packages(app_id).await {
        Ok(p) => p,
        Err(e) if e.kind == ErrorKind::NotFound => Vec::new(),
        Err(e) => return Err(e.into()),
    };
    within_a_listing(&app, &versions, packages.len())?;
    let numbers = versions.iter().map(|v| v.version.as_str());
    let template = match rbpub_core::upgrade::newest_version(numbers, "") {
        Some(newest) => template_of(store, app_id, newest).await,
        None => None,
    };
    let (logo, logo_problem) = logo_of(store, &app.logo_url).await;
    let draft = draft_of(
        &app,
        &versions,
        &packages,
        template,
        logo.as_ref().map(|(i, _)| i),
    );
    Ok(PulledApp {
        draft,
        logo,
        logo_problem,
    })
}

/// What one app read from the store may hold: what a listing holds (each text
/// at most [`budget::LISTING_TEXT_BYTES`], all of them together at most
/// [`budget::LISTING_TEXTS_BYTES`]) and versions and packages by the
/// thousand. An app past it is not pulled, and the message says which part.
fn within_a_listing(app: &LiveApp, versions: &[StoreVersion], packages: usize) -> Result<()> {
    let too_large = |what: Sentence| {
        Err(Error::because(
            Code::MalformedReply,
            Sentence::new("pull.appTooLarge")
                .arg("app", rbpub_core::text::shown_controls(&app.name))
                .part("what", what),
        ))
    };
    let mb = |n: u64| n.div_ceil(1024 * 1024);
    if versions.len() > budget::APP_VERSIONS || packages > budget::APP_VERSIONS {
        return too_large(
            Sentence::new("pull.tooManyVersions")
                .arg("versions", versions.len())
                .arg("packages", packages)
                .arg("most", budget::APP_VERSIONS),
        );
    }
    let texts = std::iter::once(("pull.introduction", app.introduction.len()))
        .chain(std::iter::once(("pull.description", app.description.len())))
        .chain(
            versions
                .iter()
                .map(|v| ("pull.versionNotes", v.notes.len() + v.alias.len())),
        );
    let mut total = 0u64;
    for (what, len) in texts {
        let len = len as u64;
        total += len;
        if len > budget::LISTING_TEXT_BYTES {
            return too_large(
                Sentence::new("pull.textTooLarge")
                    .part("what", Sentence::new(what))
                    .arg("mb", mb(len))
                    .arg("most", mb(budget::LISTING_TEXT_BYTES)),
            );
        }
    }
    if total > budget::LISTING_TEXTS_BYTES {
        return too_large(
            Sentence::new("pull.textsTooLarge")
                .arg("mb", mb(total))
                .arg("most", mb(budget::LISTING_TEXTS_BYTES)),
        );
    }
    Ok(())
}

/// Apps read from the store at once: a whole store of them is read in a
/// fraction of the time one after the other takes, without flooding it.
pub const PULL_AT_ONCE: usize = 6;

/// The apps `ids` read `at_once` at a time, a batch at a time, in the order
/// given: each batch is kept (written to its folder, stored in the drafts)
/// before the next is read, so a whole store is never held at once.
pub struct PullBatches<'a> {
    store: &'a StoreClient,
    ids: &'a [String],
    at_once: usize,
    done: usize,
}

impl<'a> PullBatches<'a> {
    /// Batches of `ids`, `at_once` apps each.
    pub fn new(store: &'a StoreClient, ids: &'a [String], at_once: usize) -> PullBatches<'a> {
        PullBatches {
            store,
            ids,
            at_once: at_once.max(1),
            done: 0,
        }
    }

    /// The next batch, read at once; none when every app was read. `read`
    /// hears of each app as it arrives (done, total, name).
    #[tracing::instrument(skip_all)]
    pub async fn next(
        &mut self,
        read: &mut (dyn FnMut(usize, usize, &str) + Send),
    ) -> Option<Result<Vec<PulledApp>>> {
        let chunk = self
            .ids
            .get(self.done..)?
            .get(..self.at_once.min(self.ids.len() - self.done))?;
        if chunk.is_empty() {
            return None;
        }
        let (before, total) = (self.done, self.ids.len());
        self.done += chunk.len();
        let mut counted = |done: usize, _: usize, name: &str| read(before + done, total, name);
        Some(pull_many(self.store, chunk, self.at_once, &mut counted).await)
    }
}

/// The apps `ids` read for listings, `at_once` at a time, in the order given;
/// `read` hears of each as it arrives (done, total, name).
pub async fn pull_many(
    store: &StoreClient,
    ids: &[String],
    at_once: usize,
    read: &mut (dyn FnMut(usize, usize, &str) + Send),
) -> Result<Vec<PulledApp>> {
    use futures_util::stream::{FuturesUnordered, StreamExt};
    // A named async fn, not a closure: the future stays Send for the window's command.
    async fn one(store: &StoreClient, i: usize, id: &str) -> (usize, Result<PulledApp>) {
        (i, pull_app(store, id).await)
    }
    let mut waiting = ids.iter().enumerate();
    let mut reads: FuturesUnordered<_> = waiting
        .by_ref()
        .take(at_once.max(1))
        .map(|(i, id)| one(store, i, id))
        .collect();
    let mut pulled: Vec<Option<PulledApp>> = vec![None; ids.len()];
    let mut done = 0;
    while let Some((i, app)) = reads.next().await {
        let app = app?;
        done += 1;
        read(done, ids.len(), &app.draft.listing.name);
        pulled[i] = Some(app);
        if let Some((i, id)) = waiting.next() {
            reads.push(one(store, i, id));
        }
    }
    Ok(pulled.into_iter().flatten().collect())
}

/// A version's template as the store gives it to installers; `None` when it
/// cannot be read (the listing is pulled without components).
async fn template_of(store: &StoreClient, app_id: &str, version: &str) -> Option<Template> {
    let bytes = store.version_metadata(app_id, version).await.ok()?;
    Template::from_metadata(&bytes).ok()
}

/// The logo the store serves, within the budget of any logo file.
async fn logo_of(store: &StoreClient, url: &str) -> (Option<(ImageInfo, Vec<u8>)>, Option<Error>) {
    if url.trim().is_empty() {
        return (None, None);
    }
    // The logo's address first, then why: the store's words or ours.
    let about_the_logo = |mut e: Error, key: &str| {
        let logo = Sentence::new(key).arg("url", rbpub_remote::shown_url(url));
        e.params.reason = Some(match e.params.reason.take() {
            Some(why) => Sentence::new("common.then")
                .part("first", logo)
                .part("then", why),
            None => logo,
        });
        e
    };
    let bytes = match store.download(url).await {
        Ok(bytes) => bytes,
        Err(e) => return (None, Some(about_the_logo(e.into(), "pull.logoUnfetched"))),
    };
    let checked = bytes.clone();
    let decoded = crate::listing_files::blocking(move || {
        rbpub_assets::decode(&checked, None, &rbpub_assets::Limits::default())
            .map(|d| d.inspection.info)
            .map_err(crate::Error::from)
    })
    .await;
    match decoded {
        Ok(info) => (Some((info, bytes)), None),
        Err(e) => (None, Some(about_the_logo(e, "pull.logoUnread"))),
    }
}

/// The listing the store shows: fields, versions (the store's order), packages, linked.
fn draft_of(
    app: &LiveApp,
    versions: &[StoreVersion],
    packages: &[LivePackage],
    template: Option<Template>,
    logo: Option<&ImageInfo>,
) -> ListingDraft {
    let publish_type = if app.publish_type == "public" {
        PublishType::Public
    } else {
        PublishType::Private
    };
    ListingDraft {
        listing: Listing {
            name: app.name.clone(),
            description: app.description.clone(),
            introduction: app.introduction.clone(),
            tags: app.tags.clone(),
            publish_type,
            logo: logo.cloned(),
            logo_original: logo.cloned(),
            ..Listing::default()
        },
        versions: versions
            .iter()
            .enumerate()
            .map(|(i, v)| Version {
                id: format!("version-{}", i + 1).into(),
                version: v.version.clone(),
                alias: v.alias.clone(),
                release_notes: v.notes.clone(),
                ..Version::default()
            })
            .collect(),
        packages: packages
            .iter()
            .enumerate()
            .map(|(i, p)| Package {
                id: format!("package-{}", i + 1).into(),
                name: p.name.clone(),
                version: p.version.clone(),
                description: p.description.clone(),
            })
            .collect(),
        live: Some(LiveListing {
            app: app.clone(),
            packages: packages.to_vec(),
            // The store has this very logo: a push need not send it again.
            logo_hash: logo.map(|i| i.hash.clone()),
        }),
        template,
        ..ListingDraft::default()
    }
}

/// The file a pull leaves in a listing folder it wrote: the store app's id,
/// so that a later pull of the same app may write there again. Nothing else
/// about this machine is in it.
pub const PULLED: &str = ".rbpub-pulled";

/// Writes a pulled app as a listing folder at `folder` (as `rbpub export`
/// writes one: no link to this machine's store). A folder that exists and
/// holds anything is written into only when a pull of this same app wrote it,
/// or with `force` (the user's yes): never silently over another app pulled
/// in the same run, nor over the user's own listing.
pub async fn write_pulled(folder: &std::path::Path, app: PulledApp, force: bool) -> Result<()> {
    let mut draft = app.draft;
    let app_id = draft.live.take().map(|l| l.app.id).unwrap_or_default();
    let files = rbpub_files::ListingFiles {
        draft,
        logo: app.logo.map(|(_, bytes)| bytes),
        screenshots: Vec::new(),
        approvals: Vec::new(),
    };
    let folder = folder.to_path_buf();
    crate::listing_files::blocking(move || {
        if !force && !pulled_here_or_empty(&folder, &app_id) {
            return Err(Error::because(
                Code::FolderTaken,
                Sentence::new("pull.folderTaken").arg("folder", folder.display()),
            ));
        }
        let record = format!("{app_id}\n");
        rbpub_files::write_folder(&folder, &files, force)
            .and_then(|()| {
                rbpub_files::write_files(&folder, &[(PULLED.to_string(), record.as_bytes())])
            })
            .map_err(crate::listing_files::bad_file)
    })
    .await
}

/// No folder, an empty one, or one whose pull record names `app_id`.
fn pulled_here_or_empty(folder: &std::path::Path, app_id: &str) -> bool {
    match std::fs::read_dir(folder).map(|mut entries| entries.next().is_none()) {
        Err(e) => e.kind() == std::io::ErrorKind::NotFound,
        Ok(true) => true,
        Ok(false) => rbpub_files::read_regular(&folder.join(PULLED), 1024)
            .ok()
            .flatten()
            .is_some_and(|b| !app_id.is_empty() && String::from_utf8_lossy(&b).trim() == app_id),
    }
}

/// How far a pull of many apps is: `done` of `total` read, the last one `name`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PullProgress {
    /// Apps read so far.
    pub done: u32,
    /// Apps asked for.
    pub total: u32,
    /// The app read last.
    pub name: String,
}

/// What a pull did with the drafts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PullOutcome {
    /// The listing, as it now is.
    pub listing_id: ListingId,
    /// The app's name.
    pub name: String,
    /// A listing of the app was there already: only what the store shows was
    /// read again (local edits are kept; `diff` shows what differs).
    pub refreshed: bool,
    /// Why the logo was not taken, if it was not.
    pub logo_problem: Option<Error>,
    /// For a refreshed listing: the fields where the draft and the store now
    /// differ (unpushed edits, or changes made on the store), for the user to
    /// choose between ([`crate::Service::take_store_value`]).
    pub differs: Vec<Field>,
}

impl crate::Service {
    /// The window's *Import from the store*: the apps `app_ids` of the
    /// connected store as listings, read [`PULL_AT_ONCE`] at a time, each
    /// batch written in one transaction (see [`Service::import_pulled_all`]);
    /// `progress` hears of each app read.
    #[tracing::instrument(skip_all)]
    pub async fn pull_from_store(
        &self,
        app_ids: &[String],
        progress: &mut (dyn FnMut(&PullProgress) + Send),
    ) -> Result<Vec<PullOutcome>> {
        let store = self.store_client().await?;
        let mut read = |done: usize, total: usize, name: &str| {
            progress(&PullProgress {
                done: done as u32,
                total: total as u32,
                name: name.to_owned(),
            })
        };
        let mut outcomes = Vec::new();
        let mut batches = PullBatches::new(&store, app_ids, PULL_AT_ONCE);
        while let Some(pulled) = batches.next(&mut read).await {
            outcomes.extend(self.import_pulled_all(pulled?).await?);
        }
        Ok(outcomes)
    }

    /// The store's copy of a listing's app, knowing the listing's logo when the
    /// store has it encoded again by a push (its bytes then hash otherwise).
    async fn recognise_logo(
        &self,
        listing_id: &ListingId,
        mut live: LiveListing,
    ) -> Result<LiveListing> {
        let draft = self.drafts()?.listing(listing_id).await?;
        let (Some(image), Some(kept)) = (draft.listing.logo, live.logo_hash.clone()) else {
            return Ok(live);
        };
        if image.hash == kept {
            return Ok(live);
        }
        let bytes = self.stored(&image).await?;
        let hash = image.hash.clone();
        let same = crate::listing_files::blocking(move || {
            Ok(crate::publish::Logo::store_has(&bytes, &hash, &kept))
        })
        .await?;
        if same {
            live.logo_hash = Some(image.hash);
        }
        Ok(live)
    }

    /// Takes the store's side of a difference: the draft's `field` becomes
    /// what the store shows (the user's choice after a pull, field by field).
    #[tracing::instrument(skip_all)]
    pub async fn take_store_value(
        &self,
        listing_id: &ListingId,
        field: Field,
        locale: Locale,
    ) -> Result<crate::ListingView> {
        let draft = self.drafts()?.listing(listing_id).await?;
        let Some(live) = &draft.live else {
            return Err(Error::because(
                Code::Rejected,
                Sentence::new("pull.notOnStore"),
            ));
        };
        let Some(value) = rbpub_core::diff::store_value(live, field) else {
            return Err(Error::because(
                Code::Rejected,
                Sentence::new("pull.cannotTake").arg("field", field.label(locale)),
            ));
        };
        self.save_listing_field(listing_id, value, locale).await
    }

    /// Pulled apps as new listings linked to them, written in one transaction
    /// (one disk sync, not one per row). Where a listing of an app is there
    /// already, only what the store shows is kept for it, so local edits not
    /// pushed yet are not lost (the field diff shows them, and the fields that
    /// now differ are named). The ones that exist already come first.
    #[tracing::instrument(skip_all)]
    pub async fn import_pulled_all(&self, pulled: Vec<PulledApp>) -> Result<Vec<PullOutcome>> {
        let drafts = self.drafts()?;
        let mut outcomes = Vec::with_capacity(pulled.len());
        let (mut fresh, mut named) = (Vec::new(), Vec::new());
        for app in pulled {
            let Some(live) = app.draft.live.clone() else {
                return Err(crate::Error::because(
                    crate::Code::BadFile,
                    Sentence::new("pull.notLinked"),
                ));
            };
            if let Some(listing_id) = drafts.listing_of_app(&live.app.id).await? {
                let live = self.recognise_logo(&listing_id, live).await?;
                let draft = drafts.set_live(&listing_id, &live).await?;
                let differs = rbpub_core::diff::diff_draft(&draft)
                    .changes
                    .iter()
                    .filter(|c| c.item.is_none())
                    .map(|c| c.field)
                    .collect();
                outcomes.push(PullOutcome {
                    listing_id,
                    name: live.app.name,
                    refreshed: true,
                    logo_problem: app.logo_problem,
                    differs,
                });
                continue;
            }
            named.push((live.app.name, app.logo_problem));
            fresh.push(rbpub_drafts::ImportedDraft {
                logo: app.logo.map(|(info, bytes)| rbpub_drafts::ImportedImage {
                    info,
                    bytes,
                    caption: String::new(),
                }),
                draft: app.draft,
                screenshots: Vec::new(),
                approvals: Vec::new(),
                imported_from: None,
            });
        }
        let ids = drafts.import_drafts(&fresh).await?;
        outcomes.extend(
            ids.into_iter()
                .zip(named)
                .map(|(listing_id, (name, logo_problem))| PullOutcome {
                    listing_id,
                    name,
                    refreshed: false,
                    logo_problem,
                    differs: Vec::new(),
                }),
        );
        Ok(outcomes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_app_larger_than_a_listing_is_not_pulled_and_the_part_is_named() {
        let app = |intro: usize| LiveApp {
            name: "Gitea".into(),
            introduction: "x".repeat(intro),
            ..LiveApp::default()
        };
        let version = |notes: usize| StoreVersion {
            version: "1.0.0".into(),
            alias: String::new(),
            notes: "n".repeat(notes),
        };
        assert!(within_a_listing(&app(1000), &[version(10)], 1).is_ok());
        let e = within_a_listing(&app(60 << 20), &[], 0).unwrap_err();
        assert!(
            e.message
                .contains("“Gitea”: its introduction is 60 MB; a listing holds at most 8 MB"),
            "{}",
            e.message
        );
        let e = within_a_listing(&app(10), &[version(9 << 20)], 0).unwrap_err();
        assert!(
            e.message.contains("a version's notes is 9 MB"),
            "{}",
            e.message
        );
        let many = vec![version(1); 4_000];
        let e = within_a_listing(&app(10), &many, 0).unwrap_err();
        assert!(e.message.contains("4000 versions"), "{}", e.message);
    }
}
