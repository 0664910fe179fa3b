//! Listings as files. A listing folder diffs well in git:
//!
//! ```text
//! listing.toml          fields, tags, versions, packages, screenshots, rule levels
//! introduction.md
//! logo.png              (or .jpg / .gif)
//! screenshots/01-<hash>.png
//! versions/<version>.md release notes
//! template.json         the RAM template's components (optional)
//! notes.toml            reviewers' notes (optional)
//! approvals/<who>.approval(.sig)  reviewers' signed approvals (optional)
//! ```
//!
//! A bundle is the same files in one zip (`.rbpub`) to mail to a reviewer.
//! Reading refuses paths that leave the folder, links, oversize files, zip bombs
//! and unknown schema versions, each with a message naming the file.

mod approvals;
mod bundle;
mod error;
mod export;
mod folder;
mod manifest;
mod project;
mod ram;
mod source;
mod tarwalk;
mod write;

use std::collections::hash_map::{Entry, HashMap};
use std::path::Path;

use rbpub_core::budget;
use rbpub_core::{
    ImageInfo, Listing, ListingDraft, Package, RuleLevels, Screenshot, Template, Version,
};

pub use approvals::{write_approval, MAX_APPROVALS};
pub use error::{Error, Result};
pub use export::{read_export, ReadExport};
pub use folder::{write_files, write_folder, WRITTEN};
pub use manifest::SCHEMA;
pub use project::{find_listings, project_levels, project_release, ReleaseRule, PROJECT_FILE};
pub use ram::{is_ram, read_ram};
pub use write::{write_bundle, APPROVALS, BUNDLE_EXTENSION};

use manifest::{schema_of, Manifest, NotesFile};
use source::{Source, MAX_IMAGE, MAX_TEMPLATE, MAX_TEXT};

pub const MANIFEST: &str = "listing.toml";
pub const NOTES: &str = "notes.toml";

/// A regular file's bytes, at most `max`: judged by what was opened (without
/// blocking, so a FIFO is refused rather than waited on), read with a cap even
/// if it grows meanwhile. `Ok(None)` when it is too large.
pub fn read_regular(path: &Path, max: u64) -> std::io::Result<Option<Vec<u8>>> {
    read_opened(open_unblocked(path)?, max)
}

/// `path` opened for reading without blocking (a FIFO opens at once, with
/// nobody writing), to be judged by what was opened.
fn open_unblocked(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    options.open(path)
}

/// A regular file opened for reading, whatever its length; a FIFO, a device
/// or a folder is refused rather than waited on or read for ever.
pub(crate) fn open_regular(path: &Path) -> std::io::Result<std::fs::File> {
    let file = open_unblocked(path)?;
    if !file.metadata()?.is_file() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "not a regular file",
        ));
    }
    Ok(file)
}

/// What [`read_regular`] does with the file it opened (the folder writer opens
/// its files through a directory handle and hands them here).
pub(crate) fn read_opened(file: std::fs::File, max: u64) -> std::io::Result<Option<Vec<u8>>> {
    use std::io::Read;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "not a regular file",
        ));
    }
    if meta.len() > max {
        return Ok(None);
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(max + 1).read_to_end(&mut bytes)?;
    Ok((bytes.len() as u64 <= max).then_some(bytes))
}

/// The folder a file named by `path` is in: `.` for a bare name, where
/// [`Path::parent`] answers an empty path that no call can open.
pub fn folder_of(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// A listing with the bytes of the images it refers to. `draft.screenshots[i]`
/// is `screenshots[i]`'s. Image hashes are empty when read for linting.
#[derive(Clone, Debug, Default)]
pub struct ListingFiles {
    pub draft: ListingDraft,
    pub logo: Option<Vec<u8>>,
    pub screenshots: Vec<Vec<u8>>,
    /// Reviewers' signed approvals, as found in `approvals/`.
    pub approvals: Vec<rbpub_core::SignedApproval>,
}

/// How much to read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Depth {
    /// What the checks need: the logo's header, no screenshots, no hashes.
    Lint,
    /// Everything, images decoded and hashed: for import and preview.
    Full,
}

/// Reads a listing folder or bundle.
pub fn read(path: &Path, depth: Depth) -> Result<ListingFiles> {
    let source = Source::open(path)?;
    let text = source
        .read(MANIFEST, 1024 * 1024)?
        .ok_or_else(|| Error::NotAListing(path.to_path_buf()))?;
    let text = utf8(MANIFEST, text)?;
    match schema_of(&text) {
        Some(SCHEMA) => {}
        Some(found) => {
            return Err(Error::Schema {
                file: MANIFEST.into(),
                found,
                known: SCHEMA,
            })
        }
        None => {
            return Err(Error::Malformed {
                file: MANIFEST.into(),
                reason: rbpub_core::catalogue::Sentence::new("files.noSchema")
                    .arg("schema", SCHEMA),
            })
        }
    }
    let m: Manifest = toml::from_str(&text).map_err(|e| malformed(MANIFEST, e))?;
    let introduction = match source.read(&m.introduction, MAX_TEXT)? {
        Some(bytes) => utf8(&m.introduction, bytes)?,
        None => String::new(),
    };
    let (logo_info, logo) = match &m.logo {
        Some(file) => {
            let (info, bytes) = image(&source, file, depth)?;
            (Some(info), bytes)
        }
        None => (None, None),
    };
    // A file named many times is read (and decoded) once, and copied from
    // where it was first put; each naming still counts against the budget.
    let mut first_shot: HashMap<String, usize> = HashMap::new();
    let mut screenshots: Vec<Vec<u8>> = Vec::new();
    let mut shots: Vec<Screenshot> = Vec::new();
    if depth == Depth::Full {
        for (i, s) in m.screenshots.iter().enumerate() {
            let key = source::inside(&s.file)?;
            let (info, bytes) = match first_shot.get(&key) {
                Some(&at) => {
                    source.charge(&s.file, shots[at].image.bytes)?;
                    (shots[at].image.clone(), Some(screenshots[at].clone()))
                }
                None => {
                    first_shot.insert(key, i);
                    image(&source, &s.file, depth)?
                }
            };
            shots.push(Screenshot {
                id: format!("screenshot-{}", i + 1),
                image: info,
                caption: s.caption.clone(),
            });
            screenshots.push(bytes.unwrap_or_default());
        }
    }
    let mut first_notes: HashMap<String, usize> = HashMap::new();
    let mut versions: Vec<Version> = Vec::new();
    // The introduction and every version's notes together, counted as they
    // are taken (a notes file named by many versions counts each time).
    let mut texts = introduction.len() as u64;
    for (i, v) in m.versions.iter().enumerate() {
        let release_notes = match &v.notes {
            Some(file) => match first_notes.entry(source::inside(file)?) {
                Entry::Occupied(at) => {
                    let first: &Version = &versions[*at.get()];
                    source.charge(file, first.release_notes.len() as u64)?;
                    first.release_notes.clone()
                }
                Entry::Vacant(at) => {
                    at.insert(i);
                    let bytes = source
                        .read(file, MAX_TEXT)?
                        .ok_or_else(|| Error::Missing { file: file.clone() })?;
                    utf8(file, bytes)?
                }
            },
            None => String::new(),
        };
        texts += release_notes.len() as u64;
        if texts > budget::LISTING_TEXTS_BYTES {
            return Err(Error::TooLarge {
                file: format!(
                    "the introduction and release notes together (at {})",
                    v.notes.as_deref().unwrap_or(MANIFEST)
                ),
                bytes: texts,
                max: budget::LISTING_TEXTS_BYTES,
            });
        }
        versions.push(Version {
            id: format!("version-{}", i + 1).into(),
            version: v.version.clone(),
            alias: v.alias.clone(),
            release_notes,
            ..Version::default()
        });
    }
    let template = match &m.template {
        Some(file) => {
            let bytes = source
                .read(file, MAX_TEMPLATE)?
                .ok_or_else(|| Error::Missing { file: file.clone() })?;
            Some(Template::from_json(&bytes).map_err(|e| Error::Malformed {
                file: file.clone(),
                reason:
                    rbpub_core::catalogue::Sentence::new("files.notOurTemplate").arg("detail", e),
            })?)
        }
        None => None,
    };
    let notes = match source.read(NOTES, MAX_TEXT)? {
        Some(bytes) => {
            let text = utf8(NOTES, bytes)?;
            toml::from_str::<NotesFile>(&text)
                .map_err(|e| malformed(NOTES, e))?
                .notes
        }
        None => Vec::new(),
    };
    let draft = ListingDraft {
        listing: Listing {
            id: m.id,
            name: m.name,
            description: m.description,
            introduction,
            tags: m.tags,
            publish_type: m.publish_type,
            logo: logo_info.clone(),
            logo_original: logo_info,
            rule_levels: RuleLevels(m.rules),
            for_review: m.review,
            ..Listing::default()
        },
        versions,
        packages: m
            .packages
            .into_iter()
            .enumerate()
            .map(|(i, p)| Package {
                id: format!("package-{}", i + 1).into(),
                name: p.name,
                version: p.version,
                description: p.description,
            })
            .collect(),
        screenshots: shots,
        live: None,
        template,
        notes,
    };
    let approvals = approvals::read_approvals(&source)?;
    Ok(ListingFiles {
        draft,
        logo,
        screenshots,
        approvals,
    })
}

/// An image named in the manifest: its facts, and with `Full` its bytes.
fn image(source: &Source, file: &str, depth: Depth) -> Result<(ImageInfo, Option<Vec<u8>>)> {
    let bad = |reason: rbpub_core::catalogue::Sentence| Error::Image {
        file: file.to_string(),
        reason,
    };
    if depth == Depth::Lint {
        let (head, size) = source
            .head(file, MAX_IMAGE)?
            .ok_or_else(|| Error::Missing { file: file.into() })?;
        if let Some((format, width, height, alpha)) = rbpub_assets::peek(&head) {
            let info = ImageInfo {
                hash: String::new(),
                format,
                width,
                height,
                bytes: size,
                alpha,
            };
            return Ok((info, None));
        }
    }
    let bytes = source
        .read(file, MAX_IMAGE)?
        .ok_or_else(|| Error::Missing { file: file.into() })?;
    let extension = Path::new(file).extension().and_then(|e| e.to_str());
    let decoded = rbpub_assets::decode(&bytes, extension, &rbpub_assets::Limits::default())
        .map_err(|e| {
            bad(match e.sentence() {
                (why, None) => why,
                (why, Some(detail)) => rbpub_core::catalogue::Sentence::new("files.whyWithDetail")
                    .part("why", why)
                    .arg("detail", detail),
            })
        })?;
    let mut info = decoded.inspection.info;
    info.hash = rbpub_assets::hash(&bytes);
    info.bytes = bytes.len() as u64;
    Ok((info, (depth == Depth::Full).then_some(bytes)))
}

fn utf8(file: &str, bytes: Vec<u8>) -> Result<String> {
    String::from_utf8(bytes).map_err(|e| Error::Malformed {
        file: file.to_string(),
        reason: rbpub_core::catalogue::Sentence::new("files.notUtf8At")
            .arg("byte", e.utf8_error().valid_up_to() + 1),
    })
}

fn malformed(file: &str, e: toml::de::Error) -> Error {
    Error::Malformed {
        file: file.to_string(),
        reason: rbpub_core::catalogue::Sentence::their_words(e),
    }
}
