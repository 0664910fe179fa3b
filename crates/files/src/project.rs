//! Projects: a folder of listing folders and bundles, with an optional
//! `rbpub.toml` whose `[rules]` levels apply to every listing under it and
//! whose `[release]` rule says what listing one of them needs.

use std::fs;
use std::path::{Path, PathBuf};

use rbpub_core::RuleLevels;

use crate::error::{io, Error, Result};
use crate::manifest::ProjectFile;
use crate::ram::is_ram_export;
use crate::write::BUNDLE_EXTENSION;
use crate::MANIFEST;

pub const PROJECT_FILE: &str = "rbpub.toml";
/// Folders deeper than this under the project are not searched.
const MAX_DEPTH: usize = 6;

/// `rbpub.toml` holds rule levels: a few lines.
const MAX_PROJECT_FILE: u64 = 1024 * 1024;

/// The levels of the nearest `rbpub.toml` at `path` or above it.
pub fn project_levels(path: &Path) -> Result<RuleLevels> {
    Ok(nearest_project(path)?
        .map(|(_, project)| RuleLevels(project.rules))
        .unwrap_or_default())
}

/// What the nearest `rbpub.toml` at `path` or above it says of releases.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReleaseRule {
    /// The `rbpub.toml` it was read from.
    pub project_file: PathBuf,
    /// `require_approvals`: approvals by allowed signers other than the lister.
    pub require_approvals: usize,
    /// `allowed_signers`, resolved against the project's folder.
    pub allowed_signers: Option<PathBuf>,
}

/// The `[release]` rule of the nearest `rbpub.toml`, when it has one. A rule
/// that asks for approvals without naming who may give them is refused here.
pub fn project_release(path: &Path) -> Result<Option<ReleaseRule>> {
    let Some((file, project)) = nearest_project(path)? else {
        return Ok(None);
    };
    let Some(release) = project.release else {
        return Ok(None);
    };
    if release.require_approvals > 0 && release.allowed_signers.is_none() {
        return Err(Error::Malformed {
            file: file.display().to_string(),
            reason: rbpub_core::catalogue::Sentence::new("files.noSigners"),
        });
    }
    let folder = crate::folder_of(&file).to_path_buf();
    Ok(Some(ReleaseRule {
        allowed_signers: release.allowed_signers.map(|f| folder.join(f)),
        require_approvals: release.require_approvals,
        project_file: file,
    }))
}

fn nearest_project(path: &Path) -> Result<Option<(PathBuf, ProjectFile)>> {
    let start = if path.is_dir() {
        path
    } else {
        crate::folder_of(path)
    };
    let start = fs::canonicalize(start).map_err(io(start))?;
    for dir in start.ancestors() {
        let file = dir.join(PROJECT_FILE);
        if file.is_file() {
            let too_large = || Error::TooLarge {
                file: file.display().to_string(),
                bytes: MAX_PROJECT_FILE + 1,
                max: MAX_PROJECT_FILE,
            };
            let bytes = crate::read_regular(&file, MAX_PROJECT_FILE)
                .map_err(io(&file))?
                .ok_or_else(too_large)?;
            let text = String::from_utf8(bytes).map_err(|_| Error::Malformed {
                file: file.display().to_string(),
                reason: rbpub_core::catalogue::Sentence::new("files.notUtf8"),
            })?;
            let project: ProjectFile = toml::from_str(&text).map_err(|e| Error::Malformed {
                file: file.display().to_string(),
                reason: rbpub_core::catalogue::Sentence::their_words(e),
            })?;
            return Ok(Some((file, project)));
        }
    }
    Ok(None)
}

/// Every listing at or under `path`: folders with a `listing.toml`, `.rbpub`
/// bundles and RAM exports (`*-ram.tar.gz`), in path order. Links are not followed.
pub fn find_listings(path: &Path) -> Result<Vec<PathBuf>> {
    let meta = fs::metadata(path).map_err(io(path))?;
    if !meta.is_dir() || path.join(MANIFEST).is_file() {
        return Ok(vec![path.to_path_buf()]);
    }
    let mut found = Vec::new();
    let mut pending = vec![(path.to_path_buf(), 0usize)];
    while let Some((dir, depth)) = pending.pop() {
        let list = fs::read_dir(&dir).map_err(io(&dir))?;
        for entry in list.flatten() {
            let p = entry.path();
            let name = entry.file_name();
            if name.to_string_lossy().starts_with('.') {
                continue;
            }
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            if kind.is_dir() {
                if p.join(MANIFEST).is_file() {
                    found.push(p);
                } else if depth < MAX_DEPTH {
                    pending.push((p, depth + 1));
                }
            } else if kind.is_file()
                && (p.extension().is_some_and(|e| e == BUNDLE_EXTENSION) || is_ram_export(&p))
            {
                found.push(p);
            }
        }
    }
    found.sort();
    Ok(found)
}
