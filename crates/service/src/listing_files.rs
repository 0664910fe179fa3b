//! Listings as files: preview and diff of folders, bundles and RAM exports for
//! `rbpub`, and the window's export, import and template import.

use rbpub_core::catalogue::Sentence;
use rbpub_core::ListingId;
use std::path::{Path, PathBuf};

use rbpub_core::diff::ListingDiff;
use rbpub_core::rules::evaluate_draft_with;
use rbpub_core::{ImageInfo, ListingDraft, Locale, Template, TemplateSource, Version};
use rbpub_drafts::{ImportedDraft, ImportedImage};
use rbpub_files::{Depth, ListingFiles};
use rbpub_preview::{data_uri, page, Preview, RemoteImages, Theme};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Code, Error, Result};
use crate::views::ListingView;
use crate::Service;

/// Folder, or one bundle file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum ExportAs {
    /// A folder with `listing.toml` and the images beside it.
    Folder,
    /// One `.rbpub` file (a zip of the folder).
    Bundle,
}

/// `rbpub preview`: one self-contained page, images inlined, readable offline.
pub fn preview_path(path: &Path, locale: Locale, theme: Theme) -> Result<String> {
    let files = read_listing_or_ram(path)?;
    let project = rbpub_files::project_levels(path).map_err(bad_file)?;
    let findings = evaluate_draft_with(&files.draft, &project, locale);
    let images: Vec<(&ImageInfo, &[u8])> = files
        .draft
        .listing
        .logo
        .iter()
        .zip(files.logo.as_deref())
        .chain(
            files
                .draft
                .screenshots
                .iter()
                .map(|s| &s.image)
                .zip(files.screenshots.iter().map(Vec::as_slice)),
        )
        .collect();
    let src = |info: &ImageInfo| {
        images
            .iter()
            .find(|(i, _)| i.hash == info.hash)
            .map(|(i, bytes)| data_uri(i, bytes))
    };
    Ok(page(&Preview {
        draft: &files.draft,
        findings: &findings,
        locale,
        theme,
        image_src: &src,
        remote_images: RemoteImages::Placeholder,
    }))
}

/// A listing folder or bundle, or a RAM export made into a new listing.
fn read_listing_or_ram(path: &Path) -> Result<ListingFiles> {
    if rbpub_files::is_ram(path) {
        let template = rbpub_files::read_ram(path).map_err(bad_file)?;
        return Ok(ListingFiles {
            draft: draft_from_template(template, path),
            ..ListingFiles::default()
        });
    }
    rbpub_files::read(path, Depth::Full).map_err(bad_file)
}

/// A new listing with one version, from an exported template.
fn draft_from_template(template: Template, path: &Path) -> ListingDraft {
    let mut draft = ListingDraft::default();
    draft.listing.name = template.name.clone();
    draft.versions.push(Version {
        version: template.version.clone(),
        source: TemplateSource::RamFile {
            path: path.display().to_string(),
        },
        ..Version::default()
    });
    draft.template = Some(template);
    draft
}

/// `rbpub diff` on files: a listing folder or bundle against another (the one
/// last exported, or a colleague's), as a push from `after` would change `before`.
pub fn diff_paths(before: &Path, after: &Path) -> Result<ListingDiff> {
    use rbpub_core::diff::{diff, Snapshot};
    let read = |p: &Path| rbpub_files::read(p, Depth::Full).map_err(bad_file);
    let (a, b) = (read(before)?, read(after)?);
    Ok(diff(
        &Snapshot::of_draft(&a.draft),
        &Snapshot::of_draft(&b.draft),
        false,
    ))
}

/// `rbpub diff --app-id`: a listing folder or bundle against the app as the store shows it.
pub fn diff_with_live(path: &Path, live: &rbpub_core::online::LiveListing) -> Result<ListingDiff> {
    use rbpub_core::diff::{diff, Snapshot};
    let local = rbpub_files::read(path, Depth::Full).map_err(bad_file)?;
    let mut store = Snapshot::of_live(live);
    // A logo pushed from this folder is on the store encoded again: the same logo.
    if let (Some(bytes), Some(image), Some(kept)) =
        (&local.logo, &local.draft.listing.logo, &live.logo_hash)
    {
        if crate::publish::Logo::store_has(bytes, &image.hash, kept) {
            store.logo = Some(image.hash.clone());
        }
    }
    Ok(diff(&store, &Snapshot::of_draft(&local.draft), false))
}

impl Service {
    /// The id of the listing with this id, or else with exactly this name.
    #[tracing::instrument(skip_all)]
    pub async fn find_listing(&self, id_or_name: &str) -> Result<ListingId> {
        let rows = self.drafts()?.portfolio("").await?;
        let wanted = id_or_name.trim();
        let by_id = rows.iter().find(|r| r.id == wanted);
        let by_name: Vec<_> = rows.iter().filter(|r| r.name.trim() == wanted).collect();
        match (by_id, by_name.as_slice()) {
            (Some(r), _) => Ok(r.id.clone()),
            (None, [r]) => Ok(r.id.clone()),
            (None, []) => Err(Error::because(
                Code::NotFound,
                Sentence::new("listings.noSuch").arg("name", wanted),
            )),
            (None, _) => Err(Error::because(
                Code::NotFound,
                Sentence::new("listings.several")
                    .arg("name", wanted)
                    .count(by_name.len()),
            )),
        }
    }

    /// The listing `id` as its files would hold it: what an export writes and
    /// what an approval covers (the logo as exported, nothing of this
    /// machine's console), with the approvals kept in the drafts.
    pub(crate) async fn listing_as_files(&self, id: &ListingId) -> Result<ListingFiles> {
        let drafts = self.drafts()?;
        let mut draft = drafts.listing(id).await?;
        let logo = match &draft.listing.logo {
            Some(info) => Some(drafts.asset_bytes(info).await?),
            None => None,
        };
        let mut screenshots = Vec::new();
        for s in &draft.screenshots {
            screenshots.push(drafts.asset_bytes(&s.image).await?);
        }
        let logo = match logo {
            Some(bytes) => {
                let (info, bytes) = blocking(move || clean_logo(bytes)).await?;
                draft.listing.logo = Some(info);
                Some(bytes)
            }
            None => None,
        };
        draft.live = None;
        // What this machine's console calls the app means nothing elsewhere.
        for v in &mut draft.versions {
            v.source = TemplateSource::NotChosen;
            v.destinations.clear();
        }
        Ok(ListingFiles {
            draft,
            logo,
            screenshots,
            approvals: drafts.approvals(id).await?,
        })
    }

    /// Writes a listing as a folder or a bundle.
    /// `force`: write a folder even where it holds another listing.
    #[tracing::instrument(skip_all)]
    pub async fn export_listing(
        &self,
        id: &ListingId,
        to: &Path,
        kind: ExportAs,
        force: bool,
    ) -> Result<String> {
        let files = self.listing_as_files(id).await?;
        let to = to.to_path_buf();
        let written = to.clone();
        blocking(move || {
            match kind {
                ExportAs::Folder => rbpub_files::write_folder(&to, &files, force),
                ExportAs::Bundle => rbpub_files::write_bundle(&to, &files),
            }
            .map_err(bad_file)
        })
        .await?;
        Ok(written.display().to_string())
    }

    /// A new listing from a folder, a bundle, or a RAM export (`*-ram.tar.gz`,
    /// `metadata.json`). `for_review` opens it read-only but for notes.
    #[tracing::instrument(skip_all)]
    pub async fn import_listing(
        &self,
        path: &Path,
        for_review: bool,
        locale: Locale,
    ) -> Result<ListingView> {
        let imported = imported_draft(path, for_review).await?;
        let draft = self.drafts()?.import_draft(&imported).await?;
        self.view(draft, locale).await
    }

    /// Many listings at once (`rbpub import DIR…`): written a batch per
    /// transaction (one disk sync for each, not one per row), a batch read
    /// into memory at a time. One that cannot be read is named and left out;
    /// the others are imported.
    #[tracing::instrument(skip_all)]
    pub async fn import_listings(&self, paths: &[PathBuf], for_review: bool) -> Result<BulkImport> {
        let drafts = self.drafts()?;
        let mut done = BulkImport::default();
        // Written a batch at a time, a batch bounded by what it holds (images,
        // texts, templates), not only by count: twenty large bundles are not
        // all held before the first is written.
        let mut ready = Vec::new();
        let mut from = Vec::new();
        let mut held = 0u64;
        for (i, path) in paths.iter().enumerate() {
            match imported_draft(path, for_review).await {
                Ok(one) => {
                    held += held_bytes(&one);
                    from.push((path.display().to_string(), one.draft.listing.name.clone()));
                    ready.push(one);
                }
                Err(e) => done.failed.push(ImportFailure {
                    path: path.display().to_string(),
                    error: e,
                }),
            }
            let last = i + 1 == paths.len();
            if last || ready.len() >= IMPORT_BATCH || held >= IMPORT_BATCH_BYTES {
                let ids = drafts.import_drafts(&ready).await?;
                done.imported.extend(
                    ids.into_iter()
                        .zip(from.drain(..))
                        .map(|(id, (path, name))| ImportedListing { path, id, name }),
                );
                ready.clear();
                held = 0;
            }
        }
        Ok(done)
    }

    /// Sets the template of a listing from a RAM export, adding the export's
    /// version when the listing does not have it yet.
    #[tracing::instrument(skip_all)]
    pub async fn import_template(
        &self,
        id: &ListingId,
        path: &Path,
        locale: Locale,
    ) -> Result<ListingView> {
        let drafts = self.drafts()?;
        self.editable(id).await?;
        let owned = path.to_path_buf();
        let template = blocking(move || rbpub_files::read_ram(&owned).map_err(bad_file)).await?;
        let mut draft = drafts.set_template(id, Some(&template)).await?;
        let number = template.version.trim();
        if !number.is_empty() && !draft.versions.iter().any(|v| v.version.trim() == number) {
            draft = drafts.add_version(id).await?;
            let version_id = draft
                .versions
                .last()
                .map(|v| v.id.clone())
                .unwrap_or_default();
            use rbpub_core::VersionField;
            drafts
                .set_version_field(&version_id, VersionField::Version(number.to_string()))
                .await?;
            let source = TemplateSource::RamFile {
                path: path.display().to_string(),
            };
            draft = drafts
                .set_version_field(&version_id, VersionField::Source(source))
                .await?;
        }
        self.view(draft, locale).await
    }
}

pub(crate) fn bad_file(e: rbpub_files::Error) -> Error {
    let (why, detail) = e.sentence();
    match &e {
        rbpub_files::Error::OtherListing { name, .. } => {
            // The folder's listing by name, for the window's question.
            let mut taken = Error::said(Code::FolderTaken, why, None, e.to_string());
            taken.params.detail = Some(name.clone());
            taken
        }
        _ => Error::said(Code::BadFile, why, detail, e.to_string()),
    }
}

/// Listings written per transaction by [`Service::import_listings`]: bounds
/// what is held in memory (logos and screenshots) while keeping syncs few.
const IMPORT_BATCH: usize = 100;
/// What one batch of [`Service::import_listings`] may hold before it is written.
const IMPORT_BATCH_BYTES: u64 = 64 * 1024 * 1024;

/// What a listing read for import holds in memory, roughly: its images, its
/// texts and its template.
fn held_bytes(d: &ImportedDraft) -> u64 {
    let images: usize = d
        .logo
        .iter()
        .chain(&d.screenshots)
        .map(|i| i.bytes.len())
        .sum();
    let texts: usize = d.draft.listing.introduction.len()
        + d.draft
            .versions
            .iter()
            .map(|v| v.release_notes.len())
            .sum::<usize>();
    let template = d
        .draft
        .template
        .as_ref()
        .map_or(0, |t| t.components.len() * 4096);
    (images + texts + template) as u64
}

/// What a bulk import did.
#[derive(Debug, Default)]
pub struct BulkImport {
    /// The listings made, in the order given.
    pub imported: Vec<ImportedListing>,
    /// The files that could not be read, and why.
    pub failed: Vec<ImportFailure>,
}

/// One listing made by a bulk import.
#[derive(Debug, Serialize)]
pub struct ImportedListing {
    /// The file or folder it came from.
    pub path: String,
    /// The new listing's id.
    pub id: ListingId,
    /// Its name.
    pub name: String,
}

/// A file a bulk import could not read.
#[derive(Debug, Serialize)]
pub struct ImportFailure {
    /// The file or folder.
    pub path: String,
    /// Why.
    pub error: Error,
}

/// A listing file read for the drafts, its images with it.
async fn imported_draft(path: &Path, for_review: bool) -> Result<ImportedDraft> {
    let owned = path.to_path_buf();
    let files = blocking(move || read_listing_or_ram(&owned)).await?;
    let mut draft = files.draft;
    draft.listing.for_review = for_review;
    let image = |info: &ImageInfo, bytes: Vec<u8>, caption: &str| ImportedImage {
        info: info.clone(),
        bytes,
        caption: caption.to_string(),
    };
    Ok(ImportedDraft {
        logo: draft
            .listing
            .logo
            .as_ref()
            .zip(files.logo)
            .map(|(i, b)| image(i, b, "")),
        screenshots: draft
            .screenshots
            .iter()
            .zip(files.screenshots)
            .map(|(s, b)| image(&s.image, b, &s.caption))
            .collect(),
        draft,
        approvals: files.approvals,
        imported_from: std::fs::canonicalize(path)
            .ok()
            .map(|p| p.display().to_string()),
    })
}

pub(crate) async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T> + Send + 'static,
) -> Result<T> {
    tokio::task::spawn_blocking(f).await.unwrap_or_else(|e| {
        Err(Error::because_of(
            Code::BadFile,
            Sentence::new("files.readingFailed"),
            e,
        ))
    })
}

/// The default file name for an export of a listing.
pub fn export_name(name: &str, kind: ExportAs) -> PathBuf {
    let stem: String = name
        .trim()
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    let stem = if stem.is_empty() {
        "listing".to_string()
    } else {
        stem
    };
    match kind {
        ExportAs::Folder => PathBuf::from(stem),
        ExportAs::Bundle => PathBuf::from(format!("{stem}.{}", rbpub_files::BUNDLE_EXTENSION)),
    }
}

/// The logo as an export carries it: without what a camera or an editor
/// wrote into the file beside the picture (EXIF with place and device, XMP,
/// comments), which the store's copy never has either.
fn clean_logo(bytes: Vec<u8>) -> Result<(ImageInfo, Vec<u8>)> {
    let clean = rbpub_assets::without_metadata(&bytes, &rbpub_assets::Limits::default())
        .map_err(|e| Error::because_of(Code::BadImage, Sentence::new("files.listingLogo"), e))?;
    Ok((clean.info, clean.bytes))
}
