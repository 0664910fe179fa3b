//! Writing a listing into a folder the user picked, updated in place so git
//! sees only what changed. Everything goes through a handle on the folder
//! (cap-std): no path resolves outside it, whatever links appear between a
//! check and its use. Only files this exporter makes, by name, are written;
//! one it no longer makes is deleted only when its content is what this
//! exporter recorded writing there. A folder holding another listing is not
//! written into unless the user says so.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Component, Path};

use cap_fs_ext::{FollowSymlinks, OpenOptionsFollowExt};
use cap_std::ambient_authority;
use cap_std::fs::{Dir, OpenOptions};

use crate::error::{io, Error, Result};
use crate::write::entries;
use crate::{ListingFiles, MANIFEST, NOTES};

/// What an export wrote into a folder, a line per file: the SHA-256 of what
/// it wrote, two spaces, the path (as `sha256sum` prints). The next export
/// deletes a file it no longer makes only when the file still holds exactly
/// that; a record from an older version (paths alone) deletes nothing.
pub const WRITTEN: &str = ".rbpub-export";

/// The most read of a record or of a `listing.toml` to learn whose folder it is.
const SMALL_FILE_BYTES: u64 = 1024 * 1024;

/// Writes (or updates) the listing folder `dir`. `force`: write even into a
/// folder whose `listing.toml` is another listing's. A link on the way to a
/// file the export writes is refused before anything is written.
pub fn write_folder(dir: &Path, files: &ListingFiles, force: bool) -> Result<()> {
    let entries = entries(files)?;
    std::fs::create_dir_all(dir).map_err(io(dir))?;
    let root = Dir::open_ambient_dir(dir, ambient_authority()).map_err(io(dir))?;
    if !force {
        if let Some(other) = other_listing(&root, &files.draft.listing) {
            return Err(Error::OtherListing {
                folder: dir.display().to_string(),
                name: other,
            });
        }
    }
    for rel in entries.keys().map(String::as_str).chain([WRITTEN]) {
        refuse_links(&root, dir, rel)?;
    }
    let earlier = written_before(&root);
    let mut record = BTreeMap::new();
    for (rel, bytes) in &entries {
        let hash = rbpub_assets::hash(bytes);
        if read_regular(&root, rel, bytes.len() as u64).as_deref() != Some(&**bytes) {
            write_atomically(&root, dir, rel, bytes)?;
        }
        record.insert(rel.as_str(), hash);
    }
    for (rel, hash) in &earlier {
        if entries.contains_key(rel) || !made_by_export(rel) {
            continue;
        }
        // Only a plain file, reached without links, still as this exporter left it.
        if refuse_links(&root, dir, rel).is_ok()
            && read_regular(&root, rel, crate::MAX_IMAGE)
                .is_some_and(|b| rbpub_assets::hash(&b) == *hash)
        {
            root.remove_file(rel).map_err(io(dir.join(rel)))?;
        }
    }
    let text: String = record
        .iter()
        .map(|(rel, hash)| format!("{hash}  {rel}\n"))
        .collect();
    if read_regular(&root, WRITTEN, SMALL_FILE_BYTES).as_deref() != Some(text.as_bytes()) {
        write_atomically(&root, dir, WRITTEN, text.as_bytes())?;
    }
    Ok(())
}

/// Writes `files` (relative path, bytes) into the listing folder `dir`, each
/// whole or not at all, and nothing else: a link on the way is refused before
/// anything is written. For what is added to a folder the user keeps (an
/// approval, a pull's record), not an export.
pub fn write_files(dir: &Path, files: &[(String, &[u8])]) -> Result<()> {
    let root = Dir::open_ambient_dir(dir, ambient_authority()).map_err(io(dir))?;
    for (rel, _) in files {
        refuse_links(&root, dir, rel)?;
    }
    for (rel, bytes) in files {
        write_atomically(&root, dir, rel, bytes)?;
    }
    Ok(())
}

/// The name of the listing whose `listing.toml` the folder holds, when it is
/// not `mine` (by id, or by name where either has no id).
fn other_listing(root: &Dir, mine: &rbpub_core::Listing) -> Option<String> {
    #[derive(serde::Deserialize)]
    struct Owner {
        #[serde(default)]
        id: rbpub_core::ListingId,
        #[serde(default)]
        name: String,
    }
    let exists = root.symlink_metadata(MANIFEST).is_ok();
    let owner = read_regular(root, MANIFEST, SMALL_FILE_BYTES)
        .and_then(|b| String::from_utf8(b).ok())
        .and_then(|text| toml::from_str::<Owner>(&text).ok());
    match owner {
        None if exists => Some(format!("an unreadable {MANIFEST}")),
        None => None,
        Some(o) if !o.id.as_str().is_empty() && !mine.id.as_str().is_empty() => {
            (o.id != mine.id).then_some(o.name)
        }
        Some(o) => (o.name.trim() != mine.name.trim()).then_some(o.name),
    }
}

/// The files the last export recorded writing, with the hash of each.
fn written_before(root: &Dir) -> Vec<(String, String)> {
    let Some(text) =
        read_regular(root, WRITTEN, SMALL_FILE_BYTES).and_then(|b| String::from_utf8(b).ok())
    else {
        return Vec::new();
    };
    text.lines()
        .filter_map(|line| line.split_once("  "))
        .filter(|(hash, rel)| hash.len() == 64 && is_inside(rel))
        .map(|(hash, rel)| (rel.to_owned(), hash.to_owned()))
        .collect()
}

/// A name this exporter gives a file (see `write::entries`): nothing else in
/// the folder is ever deleted, whatever a record says.
fn made_by_export(rel: &str) -> bool {
    let image = |name: &str| {
        name.rsplit_once('.')
            .is_some_and(|(_, ext)| matches!(ext, "png" | "jpg" | "gif" | "webp" | "svg"))
    };
    match rel.split_once('/') {
        None => {
            matches!(rel, MANIFEST | NOTES | "introduction.md" | "template.json")
                || rel.strip_prefix("logo.").is_some_and(|_| image(rel))
        }
        Some(("screenshots", name)) => {
            let b = name.as_bytes();
            b.len() > 12 && b[..2].iter().all(u8::is_ascii_digit) && b[2] == b'-' && image(name)
        }
        Some(("versions", name)) => !name.contains('/') && name.len() > 3 && name.ends_with(".md"),
        Some(("approvals", name)) => {
            !name.contains('/') && (name.ends_with(".approval") || name.ends_with(".approval.sig"))
        }
        Some(_) => false,
    }
}

/// A relative path with no way out of the folder (`..`, a root, a drive).
fn is_inside(rel: &str) -> bool {
    !rel.is_empty()
        && Path::new(rel)
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
}

/// Refuses a link at any step on the way to `rel`.
fn refuse_links(root: &Dir, dir: &Path, rel: &str) -> Result<()> {
    let mut path = std::path::PathBuf::new();
    for part in Path::new(rel).components() {
        path.push(part);
        if root
            .symlink_metadata(&path)
            .is_ok_and(|m| m.file_type().is_symlink())
        {
            return Err(Error::LinkInExport(dir.join(&path).display().to_string()));
        }
    }
    Ok(())
}

/// A regular file's bytes when it is at most `max` long; none for anything
/// else (missing, a link, a folder, a FIFO, a device, too long). Opened without
/// following a link and without blocking, then judged by what was opened.
fn read_regular(root: &Dir, rel: &str, max: u64) -> Option<Vec<u8>> {
    let mut options = OpenOptions::new();
    options.read(true).follow(FollowSymlinks::No);
    #[cfg(unix)]
    {
        use cap_std::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = root.open_with(rel, &options).ok()?;
    crate::read_opened(file.into_std(), max).ok().flatten()
}

/// Writes `rel` beside itself and renames it into place: a crash leaves the
/// old file, never half of the new one.
fn write_atomically(root: &Dir, dir: &Path, rel: &str, bytes: &[u8]) -> Result<()> {
    let path = dir.join(rel);
    let (parent, name) = match rel.rsplit_once('/') {
        Some((parent, name)) => {
            root.create_dir_all(parent).map_err(io(dir.join(parent)))?;
            (root.open_dir(parent).map_err(io(dir.join(parent)))?, name)
        }
        None => (root.try_clone().map_err(io(dir))?, rel),
    };
    let mut tmp = cap_tempfile::TempFile::new(&parent).map_err(io(&path))?;
    tmp.as_file_mut().write_all(bytes).map_err(io(&path))?;
    tmp.as_file().sync_all().map_err(io(&path))?;
    tmp.replace(name).map_err(io(&path))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_exporters_own_names_can_be_deleted() {
        for ours in [
            "listing.toml",
            "notes.toml",
            "introduction.md",
            "template.json",
            "logo.png",
            "logo.svg",
            "screenshots/01-1a2b3c4d.png",
            "versions/1.0.0.md",
        ] {
            assert!(made_by_export(ours), "{ours}");
        }
        for theirs in [
            ".env",
            ".git/HEAD",
            "src/main.rs",
            "logo.psd",
            "screenshots/my-sketch.png",
            "versions/x",
            "versions/a/b.md",
            "README.md",
        ] {
            assert!(!made_by_export(theirs), "{theirs}");
        }
    }
}
