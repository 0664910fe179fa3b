//! Logos and screenshots: files read within limits, checked and fixed by the
//! assets pipeline off the async threads, and stored once by content hash.

use rbpub_core::catalogue::Sentence;
use rbpub_core::ListingId;
use std::path::Path;

use rbpub_assets::kit::{self, KitLimits};
use rbpub_assets::{Fixed, Limits};
use rbpub_core::rules::evaluate_logo;
use rbpub_core::{Finding, Fix, ImageInfo, Inspection, Locale, LogoFixes};
use rbpub_drafts::NewAsset;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Code, Error, Need, Params, Result};
use crate::views::ListingView;
use crate::Service;

/// What checking one image file found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImageCheck {
    /// The file as the user named it.
    pub file: String,
    /// What the image is: format, size, colour, and what is wrong with it.
    pub inspection: Inspection,
    /// What reading the file changed or left out, in the requested locale.
    pub notes: Vec<String>,
    /// The listing rules' findings on this image as a logo.
    pub findings: Vec<Finding>,
}

/// A listing after an image was added, with what reading the file changed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImageAdded {
    /// The listing after the change.
    pub view: ListingView,
    /// What was changed on the way in (rotated, first frame kept…), one sentence each.
    pub notes: Vec<String>,
    /// Files that were not added, each with the reason.
    pub refused: Vec<FileOutcome>,
}

/// What became of one file of a brand kit or a batch.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FileOutcome {
    /// The file inside the kit.
    pub file: String,
    /// What became of it.
    pub result: FileResult,
    /// What became of it, or why not, in the locale asked for.
    pub message: String,
}

/// What a brand kit's file became.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum FileResult {
    /// The listing's logo.
    Logo,
    /// A screenshot, added after the others.
    Screenshot,
    /// An image that cannot be used (the message says why).
    Refused,
    /// Not an image, or one too many.
    Skipped,
}

/// A brand kit's import: the listing after it, and every file's outcome.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct KitImport {
    /// The listing after the import.
    pub view: ListingView,
    /// Each file of the kit, in the kit's order.
    pub files: Vec<FileOutcome>,
}

/// A logo fix the UI asks for: one fix, or every fix (`None`).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LogoFix {
    /// The fix to apply; `None` applies every fix the logo's findings offer.
    pub fix: Option<Fix>,
    /// `#rrggbb` for padding and flattening; transparent padding when absent.
    pub background: Option<String>,
}

/// `rbpub assets check`: what a file is and what the logo rules say of it.
pub async fn check_image_file(path: &Path, locale: Locale) -> Result<ImageCheck> {
    let (bytes, ext) = read_image_file(path).await?;
    let file = path.display().to_string();
    let inspection =
        blocking(move || rbpub_assets::decode(&bytes, ext.as_deref(), &Limits::default()))
            .await
            .map_err(|e| bad_image(&file, e))?
            .inspection;
    let findings = evaluate_logo(Some(&inspection.info), locale);
    let notes = notes(&inspection, locale);
    Ok(ImageCheck {
        file,
        inspection,
        notes,
        findings,
    })
}

/// `rbpub assets fix`: the file with the fix applied (all fixes when `None`).
pub async fn fix_image_file(path: &Path, fix: &LogoFix) -> Result<Fixed> {
    let (bytes, ext) = read_image_file(path).await?;
    let plan = plan(&LogoFixes::default().with(fix.fix, fix.background.clone()))?;
    let file = path.display().to_string();
    blocking(move || rbpub_assets::fix_logo(&bytes, ext.as_deref(), &plan, &Limits::default()))
        .await
        .map_err(|e| bad_image(&file, e))
}

impl Service {
    /// Step 5: the file becomes the listing's logo as given (the checks then
    /// say what to fix), and its original.
    #[tracing::instrument(skip_all)]
    pub async fn set_logo_from_file(
        &self,
        listing_id: &ListingId,
        path: &Path,
        locale: Locale,
    ) -> Result<ImageAdded> {
        self.editable(listing_id).await?;
        let (bytes, ext) = read_image_file(path).await?;
        let file = path.display().to_string();
        let (bytes, inspection) = blocking(move || {
            let decoded = rbpub_assets::decode(&bytes, ext.as_deref(), &Limits::default())?;
            Ok((bytes, decoded.inspection))
        })
        .await
        .map_err(|e| bad_image(&file, e))?;
        let asset = NewAsset {
            bytes: &bytes,
            info: &inspection.info,
        };
        let draft = self.drafts()?.set_logo(listing_id, Some(asset)).await?;
        Ok(ImageAdded {
            view: self.view(draft, locale).await?,
            notes: notes(&inspection, locale),
            refused: vec![],
        })
    }

    /// Adds a fix to the logo's fixes and makes the logo again from the
    /// original with all of them; the original stays for undo.
    #[tracing::instrument(skip_all)]
    pub async fn fix_logo(
        &self,
        listing_id: &ListingId,
        fix: &LogoFix,
        locale: Locale,
    ) -> Result<ListingView> {
        self.editable(listing_id).await?;
        let drafts = self.drafts()?;
        let listing = drafts.listing(listing_id).await?.listing;
        let original = listing
            .logo_original
            .ok_or_else(|| Error::needs(Need::Logo, Params::default()))?;
        let fixes = listing.logo_fixes.with(fix.fix, fix.background.clone());
        let plan = plan(&fixes)?;
        let bytes = self.stored(&original).await?;
        let fixed =
            blocking(move || rbpub_assets::fix_logo(&bytes, None, &plan, &Limits::default()))
                .await
                .map_err(|e| bad_image("the logo", e))?;
        let asset = NewAsset {
            bytes: &fixed.bytes,
            info: &fixed.info,
        };
        let draft = drafts.set_fixed_logo(listing_id, asset, &fixes).await?;
        self.view(draft, locale).await
    }

    /// Undoes every fix: the logo is the file as given again.
    #[tracing::instrument(skip_all)]
    pub async fn revert_logo(&self, listing_id: &ListingId, locale: Locale) -> Result<ListingView> {
        self.editable(listing_id).await?;
        let drafts = self.drafts()?;
        let draft = drafts.listing(listing_id).await?;
        let Some(original) = draft.listing.logo_original.clone() else {
            return self.view(draft, locale).await;
        };
        let bytes = self.stored(&original).await?;
        let asset = NewAsset {
            bytes: &bytes,
            info: &original,
        };
        let draft = drafts
            .set_fixed_logo(listing_id, asset, &LogoFixes::default())
            .await?;
        self.view(draft, locale).await
    }

    /// Removes the logo (the original too); the stored image stays while another listing uses it.
    #[tracing::instrument(skip_all)]
    pub async fn remove_logo(&self, listing_id: &ListingId, locale: Locale) -> Result<ListingView> {
        self.editable(listing_id).await?;
        let draft = self.drafts()?.set_logo(listing_id, None).await?;
        self.view(draft, locale).await
    }

    /// Adds screenshots, prepared on every core; files that cannot be used are
    /// reported, the rest are added in the order given.
    pub async fn add_screenshots(
        &self,
        listing_id: &ListingId,
        paths: &[String],
        locale: Locale,
    ) -> Result<ImageAdded> {
        self.editable(listing_id).await?;
        let mut files = Vec::new();
        let mut refused = Vec::new();
        for path in paths {
            match read_image_file(Path::new(path)).await {
                Ok((bytes, ext)) => files.push((path.clone(), ext, bytes)),
                Err(e) => refused.push(refusal(path, e.why(locale))),
            }
        }
        let (ready, more_refused) = prepare_screenshots(files, locale).await?;
        refused.extend(more_refused);
        let assets: Vec<NewAsset> = ready
            .iter()
            .map(|(_, f)| NewAsset {
                bytes: &f.bytes,
                info: &f.info,
            })
            .collect();
        let draft = self.drafts()?.add_screenshots(listing_id, &assets).await?;
        Ok(ImageAdded {
            view: self.view(draft, locale).await?,
            notes: vec![],
            refused,
        })
    }

    /// Sets a screenshot's caption.
    #[tracing::instrument(skip_all)]
    pub async fn caption_screenshot(
        &self,
        shot_id: &str,
        caption: &str,
        locale: Locale,
    ) -> Result<ListingView> {
        self.editable_part(rbpub_drafts::Part::Screenshot, shot_id)
            .await?;
        let draft = self
            .drafts()?
            .set_screenshot_caption(shot_id, caption)
            .await?;
        self.view(draft, locale).await
    }

    /// Moves a screenshot to `position` (0 is first), the others closing up.
    #[tracing::instrument(skip_all)]
    pub async fn move_screenshot(
        &self,
        shot_id: &str,
        position: u32,
        locale: Locale,
    ) -> Result<ListingView> {
        self.editable_part(rbpub_drafts::Part::Screenshot, shot_id)
            .await?;
        let draft = self
            .drafts()?
            .move_screenshot(shot_id, position as usize)
            .await?;
        self.view(draft, locale).await
    }

    /// Deletes a screenshot.
    #[tracing::instrument(skip_all)]
    pub async fn delete_screenshot(&self, shot_id: &str, locale: Locale) -> Result<ListingView> {
        self.editable_part(rbpub_drafts::Part::Screenshot, shot_id)
            .await?;
        let draft = self.drafts()?.delete_screenshot(shot_id).await?;
        self.view(draft, locale).await
    }

    /// A partner's brand kit (a folder or a zip): the logo (`logo.*` or
    /// `icon.*`) as the listing's logo, every other image as a screenshot, and
    /// every file accounted for.
    pub async fn import_brand_kit(
        &self,
        listing_id: &ListingId,
        path: &Path,
        locale: Locale,
    ) -> Result<KitImport> {
        self.editable(listing_id).await?;
        let kit_path = path.to_path_buf();
        let files = blocking(move || kit::read(&kit_path, &KitLimits::default()))
            .await
            .map_err(|e| bad_image(&path.display().to_string(), e))?;
        let mut outcomes = Vec::new();
        let mut logo: Option<(String, Vec<u8>)> = None;
        let mut shots = Vec::new();
        for f in files {
            match f.content {
                Err(reason) => outcomes.push(refusal(&f.name, reason.say(locale))),
                Ok(bytes) if rbpub_assets::sniff(&bytes).is_none() => outcomes.push(FileOutcome {
                    file: f.name,
                    result: FileResult::Skipped,
                    message: Sentence::new("assets.kitNotImage").say(locale),
                }),
                Ok(bytes) if logo.is_none() && kit::is_logo_name(&f.name) => {
                    logo = Some((f.name, bytes))
                }
                Ok(bytes) => {
                    let ext = extension(Path::new(&f.name));
                    shots.push((f.name, ext, bytes));
                }
            }
        }
        let mut draft = self.drafts()?.listing(listing_id).await?;
        if let Some((name, bytes)) = logo {
            let ext = extension(Path::new(&name));
            let decoded = blocking(move || {
                let d = rbpub_assets::decode(&bytes, ext.as_deref(), &Limits::default())?;
                Ok((bytes, d.inspection))
            })
            .await;
            match decoded {
                Ok((bytes, inspection)) => {
                    let asset = NewAsset {
                        bytes: &bytes,
                        info: &inspection.info,
                    };
                    draft = self.drafts()?.set_logo(listing_id, Some(asset)).await?;
                    let problems = evaluate_logo(Some(&inspection.info), locale).len();
                    outcomes.push(FileOutcome {
                        file: name,
                        result: FileResult::Logo,
                        message: match problems {
                            0 => Sentence::new("assets.kitLogo"),
                            n => Sentence::new("assets.kitLogoProblems").count(n),
                        }
                        .say(locale),
                    });
                }
                Err(e) => outcomes.push(refusal(&name, Error::from(e).why(locale))),
            }
        }
        let (ready, refused) = prepare_screenshots(shots, locale).await?;
        outcomes.extend(refused);
        if !ready.is_empty() {
            let assets: Vec<NewAsset> = ready
                .iter()
                .map(|(_, f)| NewAsset {
                    bytes: &f.bytes,
                    info: &f.info,
                })
                .collect();
            draft = self.drafts()?.add_screenshots(listing_id, &assets).await?;
        }
        for (name, f) in &ready {
            outcomes.push(FileOutcome {
                file: name.clone(),
                result: FileResult::Screenshot,
                message: Sentence::new("assets.kitScreenshot")
                    .arg("width", f.info.width)
                    .arg("height", f.info.height)
                    .say(locale),
            });
        }
        Ok(KitImport {
            view: self.view(draft, locale).await?,
            files: outcomes,
        })
    }

    /// A stored image's bytes and media type, for the window to show it.
    #[tracing::instrument(skip_all)]
    pub async fn image(&self, hash: &str) -> Result<(Vec<u8>, &'static str)> {
        let drafts = self.drafts()?;
        let info = drafts
            .asset(hash)
            .await?
            .ok_or_else(|| Error::new(Code::NotFound, format!("no stored image {hash}")))?;
        Ok((self.stored(&info).await?, info.format.mime()))
    }

    /// A stored image's bytes, checked against its hash: a file changed or
    /// damaged on disk is reported, never shown or pushed.
    pub(crate) async fn stored(&self, info: &ImageInfo) -> Result<Vec<u8>> {
        let drafts = self.drafts()?;
        let bytes = drafts.asset_bytes(info).await?;
        if rbpub_assets::hash(&bytes) != info.hash {
            let path = drafts.asset_file(info);
            return Err(Error::because(
                Code::DataFolder,
                Sentence::new("assets.damaged").arg("path", path.display()),
            ));
        }
        Ok(bytes)
    }
}

fn notes(inspection: &Inspection, locale: Locale) -> Vec<String> {
    inspection
        .notes
        .iter()
        .map(|n| n.message(inspection.info.format, locale))
        .collect()
}

fn plan(fixes: &LogoFixes) -> Result<rbpub_assets::Plan> {
    rbpub_assets::plan_from(fixes).map_err(Error::from)
}

type Prepared = (Vec<(String, Fixed)>, Vec<FileOutcome>);

/// Screenshots through the pipeline on every core: what is ready, what was refused.
async fn prepare_screenshots(
    files: Vec<(String, Option<String>, Vec<u8>)>,
    locale: Locale,
) -> Result<Prepared> {
    blocking(move || {
        let inputs: Vec<(Option<&str>, &[u8])> = files
            .iter()
            .map(|(_, ext, bytes)| (ext.as_deref(), bytes.as_slice()))
            .collect();
        let results = rbpub_assets::prepare_screenshots(&inputs, &Limits::default());
        let mut ready = Vec::new();
        let mut refused = Vec::new();
        for ((name, _, _), result) in files.iter().zip(results) {
            match result {
                Ok(fixed) => ready.push((name.clone(), fixed)),
                Err(e) => refused.push(refusal(name, Error::from(e).why(locale))),
            }
        }
        Ok((ready, refused))
    })
    .await
    .map_err(Error::from)
}

fn refusal(file: &str, reason: String) -> FileOutcome {
    FileOutcome {
        file: file.to_string(),
        result: FileResult::Refused,
        message: reason,
    }
}

/// Reads an image file, refusing one too large to be an image before reading it.
async fn read_image_file(path: &Path) -> Result<(Vec<u8>, Option<String>)> {
    let file = path.display().to_string();
    let max = Limits::default().max_bytes;
    let meta = tokio::fs::metadata(path)
        .await
        .map_err(|e| unreadable(&file, e))?;
    if !meta.is_file() {
        return Err(Error::because(
            Code::BadImage,
            Sentence::new("assets.notAFile").arg("file", &file),
        ));
    }
    if meta.len() > max {
        return Err(bad_image(
            &file,
            rbpub_assets::Error::TooManyBytes {
                bytes: meta.len(),
                max,
            },
        ));
    }
    let owned = path.to_path_buf();
    let read = tokio::task::spawn_blocking(move || rbpub_files::read_regular(&owned, max))
        .await
        .map_err(|e| unreadable(&file, e))?;
    let bytes = read.map_err(|e| unreadable(&file, e))?.ok_or_else(|| {
        bad_image(
            &file,
            rbpub_assets::Error::TooManyBytes {
                bytes: max + 1,
                max,
            },
        )
    })?;
    Ok((bytes, extension(path)))
}

fn extension(path: &Path) -> Option<String> {
    path.extension().and_then(|e| e.to_str()).map(str::to_owned)
}

fn bad_image(file: &str, e: rbpub_assets::Error) -> Error {
    let (why, detail) = e.sentence();
    let why = Sentence::new("assets.fileIs")
        .arg("file", file)
        .part("why", why);
    Error::said(Code::BadImage, why, detail, format!("{file}: {e}"))
}

/// The file cannot be read; `e`: the OS's words.
fn unreadable(file: &str, e: impl std::fmt::Display) -> Error {
    Error::because_of(
        Code::BadImage,
        Sentence::new("assets.cannotRead").arg("file", file),
        e,
    )
}

/// Image work is CPU-bound: it runs off the async threads.
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> rbpub_assets::Result<T> + Send + 'static,
) -> rbpub_assets::Result<T> {
    tokio::task::spawn_blocking(f).await.unwrap_or_else(|e| {
        Err(rbpub_assets::Error::Encode(format!(
            "the image task failed: {e}"
        )))
    })
}
