//! Issue 5's use cases: lint, preview, diff, listings as files, RAM templates
//! and reviewers' notes — for the window (over the drafts) and for `rbpub`
//! (over folders and bundles), with the same checks and the same page.

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use rbpub_core::diff::{diff_draft, ListingDiff};
use rbpub_core::review::merge_notes;
use rbpub_core::rules::evaluate_draft_with;
use rbpub_core::{
    Finding, ImageInfo, Level, ListingDraft, Locale, ReviewNote, RuleId, RuleLevels, Template,
    TemplateSource, Version,
};
use rbpub_drafts::{ImportedDraft, ImportedImage};
use rbpub_files::{Depth, ListingFiles};
use rbpub_preview::{data_uri, page, Preview, RemoteImages, Theme};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Code, Error, Result};
use crate::views::ListingView;
use crate::Service;

/// One listing's lint: where it is, what it is called, and every finding.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LintedListing {
    pub path: String,
    pub name: String,
    pub findings: Vec<Finding>,
    /// The listing could not be read; the message names the file and why.
    pub error: Option<String>,
    /// The introduction's web links, for `url.reachable`.
    #[serde(skip)]
    pub links: Vec<String>,
    /// `url.reachable`'s level for this listing.
    #[serde(skip)]
    pub link_level: Level,
}

/// `rbpub lint`: every listing under a path.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LintReport {
    pub listings: Vec<LintedListing>,
    pub errors: usize,
    pub warnings: usize,
    /// Listings that could not be read.
    pub unreadable: usize,
}

impl LintReport {
    /// Sets the totals from the listings' findings.
    fn count(&mut self) {
        let count = |level: Level| {
            self.listings
                .iter()
                .flat_map(|l| &l.findings)
                .filter(|f| f.level == level)
                .count()
        };
        (self.errors, self.warnings) = (count(Level::Error), count(Level::Warning));
        self.unreadable = self.listings.iter().filter(|l| l.error.is_some()).count();
    }

    /// An error-level finding or an unreadable listing fails a pipeline.
    pub fn failed(&self) -> bool {
        self.errors > 0 || self.unreadable > 0
    }
}

/// Folder, or one bundle file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum ExportAs {
    Folder,
    Bundle,
}

/// Lints every listing at or under `path` (folders with `listing.toml`,
/// `.rbpub` bundles, RAM exports by the template's rules), on every core, with the nearest `rbpub.toml`'s levels.
/// With `all_links`, every introduction's links are collected for [`check_links`];
/// otherwise only where `url.reachable` is on.
pub fn lint_path(path: &Path, locale: Locale, all_links: bool) -> Result<LintReport> {
    let listings = rbpub_files::find_listings(path).map_err(bad_file)?;
    let project = rbpub_files::project_levels(path).map_err(bad_file)?;
    let linted: Vec<LintedListing> = listings
        .par_iter()
        .map(|p| lint_one(p, &project, locale, all_links))
        .collect();
    let mut report = LintReport {
        listings: linted,
        errors: 0,
        warnings: 0,
        unreadable: 0,
    };
    report.count();
    Ok(report)
}

fn lint_one(path: &Path, project: &RuleLevels, locale: Locale, all_links: bool) -> LintedListing {
    let shown = path.display().to_string();
    if rbpub_files::is_ram(path) {
        return lint_ram(path, shown, project, locale);
    }
    match rbpub_files::read(path, Depth::Lint) {
        Ok(files) => {
            let l = &files.draft.listing;
            let link_level = project.under(&l.rule_levels).level(RuleId::UrlReachable);
            let links = if all_links || link_level != Level::Off {
                rbpub_core::text::web_links(&l.introduction)
            } else {
                Vec::new()
            };
            LintedListing {
                path: shown,
                name: l.name.clone(),
                findings: evaluate_draft_with(&files.draft, project, locale),
                error: None,
                links,
                link_level,
            }
        }
        Err(e) => LintedListing {
            path: shown,
            name: String::new(),
            findings: Vec::new(),
            error: Some(e.to_string()),
            links: Vec::new(),
            link_level: Level::Off,
        },
    }
}

/// A RAM export checked by the template's rules (a listing's other fields are
/// not in it), with the project's levels.
fn lint_ram(path: &Path, shown: String, project: &RuleLevels, locale: Locale) -> LintedListing {
    let (name, findings, error) = match rbpub_files::read_ram(path) {
        Ok(template) => {
            let findings = project.apply(rbpub_core::rules::evaluate_template(&template, locale));
            (template.name, findings, None)
        }
        Err(e) => (String::new(), Vec::new(), Some(e.to_string())),
    };
    LintedListing {
        path: shown,
        name,
        findings,
        error,
        links: Vec::new(),
        link_level: Level::Off,
    }
}

/// `url.reachable`: asks every link of the listings where the rule is on (or
/// everywhere, as a warning, with `force`), each URL once, eight at a time.
pub async fn check_links(
    report: &mut LintReport,
    http: &rbpub_remote::Transport,
    force: bool,
    locale: Locale,
) {
    use futures_util::stream::{self, StreamExt};
    use std::collections::HashMap;
    let level = |l: &LintedListing| match l.link_level {
        Level::Off if force => Level::Warning,
        other => other,
    };
    let mut urls: Vec<&str> = report
        .listings
        .iter()
        .filter(|l| level(l) != Level::Off)
        .flat_map(|l| l.links.iter().map(String::as_str))
        .collect();
    urls.sort_unstable();
    urls.dedup();
    let answers: HashMap<String, Result<(), String>> = stream::iter(urls)
        .map(|url| async move { (url.to_string(), http.check_link(url).await) })
        .buffer_unordered(8)
        .collect()
        .await;
    for l in &mut report.listings {
        let level = level(l);
        if level == Level::Off {
            continue;
        }
        for url in &l.links {
            if let Some(Err(reason)) = answers.get(url) {
                let finding = rbpub_core::rules::unreachable_link(url, reason, level, locale);
                l.findings.push(finding);
            }
        }
    }
    report.count();
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
    Ok(diff(
        &Snapshot::of_live(live),
        &Snapshot::of_draft(&local.draft),
        false,
    ))
}

impl Service {
    /// The id of the listing with this id, or else with exactly this name.
    pub async fn find_listing(&self, id_or_name: &str) -> Result<String> {
        let rows = self.drafts()?.portfolio("").await?;
        let wanted = id_or_name.trim();
        let by_id = rows.iter().find(|r| r.id == wanted);
        let by_name: Vec<_> = rows.iter().filter(|r| r.name.trim() == wanted).collect();
        match (by_id, by_name.as_slice()) {
            (Some(r), _) => Ok(r.id.clone()),
            (None, [r]) => Ok(r.id.clone()),
            (None, []) => Err(Error::new(
                Code::NotFound,
                format!("no listing has the id or name “{wanted}”"),
            )),
            (None, _) => Err(Error::new(
                Code::NotFound,
                format!(
                    "{} listings are named “{wanted}”; give the id instead",
                    by_name.len()
                ),
            )),
        }
    }

    /// Writes a listing as a folder or a bundle.
    pub async fn export_listing(&self, id: &str, to: &Path, kind: ExportAs) -> Result<String> {
        let drafts = self.drafts()?;
        let draft = drafts.listing(id).await?;
        let logo = match &draft.listing.logo {
            Some(info) => Some(drafts.asset_bytes(info).await?),
            None => None,
        };
        let mut screenshots = Vec::new();
        for s in &draft.screenshots {
            screenshots.push(drafts.asset_bytes(&s.image).await?);
        }
        let mut draft = draft;
        draft.live = None;
        // What this machine's console calls the app means nothing elsewhere.
        for v in &mut draft.versions {
            v.source = TemplateSource::NotChosen;
            v.share_id = None;
        }
        let files = ListingFiles {
            draft,
            logo,
            screenshots,
        };
        let to = to.to_path_buf();
        let written = to.clone();
        blocking(move || {
            match kind {
                ExportAs::Folder => rbpub_files::write_folder(&to, &files),
                ExportAs::Bundle => rbpub_files::write_bundle(&to, &files),
            }
            .map_err(bad_file)
        })
        .await?;
        Ok(written.display().to_string())
    }

    /// A new listing from a folder, a bundle, or a RAM export (`*-ram.tar.gz`,
    /// `metadata.json`). `for_review` opens it read-only but for notes.
    pub async fn import_listing(
        &self,
        path: &Path,
        for_review: bool,
        locale: Locale,
    ) -> Result<ListingView> {
        let owned = path.to_path_buf();
        let files = blocking(move || read_listing_or_ram(&owned)).await?;
        let mut draft = files.draft;
        draft.listing.for_review = for_review;
        let image = |info: &ImageInfo, bytes: Vec<u8>, caption: &str| ImportedImage {
            info: info.clone(),
            bytes,
            caption: caption.to_string(),
        };
        let imported = ImportedDraft {
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
        };
        let draft = self.drafts()?.import_draft(&imported).await?;
        self.view(draft, locale).await
    }

    /// Reviewers' notes from a bundle or folder made of this listing, merged
    /// in (the newer note of a field wins).
    pub async fn import_notes(&self, id: &str, path: &Path, locale: Locale) -> Result<ListingView> {
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
            return Err(Error::new(
                Code::BadFile,
                format!(
                    "{} is of the listing “{a}”, not of “{b}”; pick the bundle exported from this listing",
                    path.display()
                ),
            ));
        }
        let merged = merge_notes(&current.notes, &files.draft.notes);
        let draft = drafts.replace_notes(id, &merged).await?;
        self.view(draft, locale).await
    }

    /// Sets the template of a listing from a RAM export, adding the export's
    /// version when the listing does not have it yet.
    pub async fn import_template(
        &self,
        id: &str,
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

    /// Writes (or clears, with empty text) a reviewer's note.
    pub async fn set_note(
        &self,
        id: &str,
        note: &ReviewNote,
        locale: Locale,
    ) -> Result<ListingView> {
        let draft = self.drafts()?.set_note(id, note).await?;
        self.view(draft, locale).await
    }

    /// Changes one rule's level for this listing; `None` goes back to the default.
    pub async fn set_rule_level(
        &self,
        id: &str,
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
    pub async fn preview_listing(
        &self,
        id: &str,
        locale: Locale,
        dark: bool,
        image_base: &str,
    ) -> Result<String> {
        if !matches!(
            image_base,
            "rbimage://localhost/" | "http://rbimage.localhost/"
        ) {
            return Err(Error::new(
                Code::NeedsSetup,
                "images are served at rbimage://localhost/ only",
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
    pub async fn listing_diff(&self, id: &str) -> Result<ListingDiff> {
        let draft = self.drafts()?.listing(id).await?;
        Ok(blocking(move || Ok(diff_draft(&draft))).await?)
    }

    /// A listing opened for review takes notes only.
    pub(crate) async fn editable(&self, id: &str) -> Result<()> {
        if self.drafts()?.is_for_review(id).await? {
            return Err(read_only());
        }
        Ok(())
    }

    /// Like [`Service::editable`], for a version, package or screenshot by its id.
    pub(crate) async fn editable_part(&self, part: rbpub_drafts::Part, id: &str) -> Result<()> {
        if self.drafts()?.part_is_for_review(part, id).await? {
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

fn bad_file(e: rbpub_files::Error) -> Error {
    Error::new(Code::BadFile, e.to_string())
}

async fn blocking<T: Send + 'static>(f: impl FnOnce() -> Result<T> + Send + 'static) -> Result<T> {
    tokio::task::spawn_blocking(f).await.unwrap_or_else(|e| {
        Err(Error::new(
            Code::BadFile,
            format!("reading the files failed: {e}"),
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
