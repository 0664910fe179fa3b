//! Review in the window: reviewers' notes, rule levels, the preview, the diff
//! with the store, and the read-only state of a listing opened for review.

use rbpub_core::catalogue::Sentence;
use rbpub_core::ListingId;
use std::path::Path;

use rbpub_core::diff::{diff_draft, ListingDiff};
use rbpub_core::review::merge_notes;
use rbpub_core::{ImageInfo, Level, Locale, ReviewNote, RuleId};
use rbpub_files::Depth;
use rbpub_preview::{page, Preview, RemoteImages, Theme};

use crate::error::{Code, Error, Result};
use crate::listing_files::{bad_file, blocking};
use crate::views::ListingView;
use crate::Service;

impl Service {
    /// Reviewers' notes from a bundle or folder made of this listing, merged
    /// in (the newer note of a field wins), and their approvals with them.
    #[tracing::instrument(skip_all)]
    pub async fn import_notes(
        &self,
        id: &ListingId,
        path: &Path,
        locale: Locale,
    ) -> Result<ListingView> {
        let drafts = self.drafts()?;
        let current = drafts.listing(id).await?;
        let owned = path.to_path_buf();
        let files =
            blocking(move || rbpub_files::read(&owned, Depth::Lint).map_err(bad_file)).await?;
        let theirs = &files.draft.listing;
        if theirs.id != current.listing.id {
            // Two copies of one app share a name; their ids tell them apart.
            let (a, b) = if theirs.name == current.listing.name {
                (
                    format!("{} ({})", theirs.name, theirs.id),
                    format!("{} ({})", current.listing.name, current.listing.id),
                )
            } else {
                (theirs.name.clone(), current.listing.name.clone())
            };
            return Err(Error::because(
                Code::BadFile,
                Sentence::new("review.otherListing")
                    .arg("path", path.display())
                    .arg("theirs", a)
                    .arg("ours", b),
            ));
        }
        let merged = merge_notes(&current.notes, &files.draft.notes);
        // Approvals come back with the notes; each is checked when shown.
        drafts.put_approvals(id, &files.approvals).await?;
        let draft = drafts.replace_notes(id, &merged).await?;
        self.view(draft, locale).await
    }

    /// Writes (or clears, with empty text) a reviewer's note.
    #[tracing::instrument(skip_all)]
    pub async fn set_note(
        &self,
        id: &ListingId,
        note: &ReviewNote,
        locale: Locale,
    ) -> Result<ListingView> {
        let draft = self.drafts()?.set_note(id, note).await?;
        self.view(draft, locale).await
    }

    /// Changes one rule's level for this listing; `None` goes back to the default.
    pub async fn set_rule_level(
        &self,
        id: &ListingId,
        rule: RuleId,
        level: Option<Level>,
        locale: Locale,
    ) -> Result<ListingView> {
        let drafts = self.drafts()?;
        self.editable(id).await?;
        let mut levels = drafts.listing(id).await?.listing.rule_levels;
        match level {
            Some(l) if l != rule.default_level() => {
                levels.0.insert(rule, l);
            }
            _ => {
                levels.0.remove(&rule);
            }
        }
        let draft = drafts.set_rule_levels(id, &levels).await?;
        self.view(draft, locale).await
    }

    /// The listing as the store will show it. `image_base` is where the window
    /// loads stored images from (`rbimage://localhost/`).
    #[tracing::instrument(skip_all)]
    pub async fn preview_listing(
        &self,
        id: &ListingId,
        locale: Locale,
        dark: bool,
        image_base: &str,
    ) -> Result<String> {
        if !matches!(
            image_base,
            "rbimage://localhost/" | "http://rbimage.localhost/"
        ) {
            return Err(Error::because(
                Code::NeedsSetup,
                Sentence::new("review.imageBase"),
            ));
        }
        // The findings the listing's view has, without the publisher's steps it also loads.
        let draft = self.drafts()?.listing(id).await?;
        let findings = rbpub_core::rules::evaluate_draft(&draft, locale);
        let src = |info: &ImageInfo| Some(format!("{image_base}{}", info.hash));
        let theme = if dark { Theme::Dark } else { Theme::Light };
        Ok(page(&Preview {
            draft: &draft,
            findings: &findings,
            locale,
            theme,
            image_src: &src,
            remote_images: RemoteImages::Load,
        }))
    }

    /// What a push of the listing will change in the store, field by field.
    #[tracing::instrument(skip_all)]
    pub async fn listing_diff(&self, id: &ListingId) -> Result<ListingDiff> {
        let draft = self.drafts()?.listing(id).await?;
        blocking(move || Ok(diff_draft(&draft))).await
    }

    /// A listing opened for review takes notes only.
    pub(crate) async fn editable(&self, id: &ListingId) -> Result<()> {
        if self.drafts()?.is_for_review(id).await? {
            return Err(read_only());
        }
        Ok(())
    }

    /// Like [`Service::editable`], for a version, package or screenshot by its id.
    pub(crate) async fn editable_part(
        &self,
        part: rbpub_drafts::Part,
        id: &(impl AsRef<str> + ?Sized),
    ) -> Result<()> {
        if self.drafts()?.part_is_for_review(part, id.as_ref()).await? {
            return Err(read_only());
        }
        Ok(())
    }
}

fn read_only() -> Error {
    Error::plain(
        Code::ReadOnly,
        "This listing was opened for review: it is read-only, but notes can be written on any field.",
    )
}
