//! Exported Rainbond templates: `<name>-<version>-ram.tar.gz` holding
//! `<folder>/metadata.json` (beside image tarballs), or a bare `metadata.json`.

use std::cell::Cell;
use std::fs;
use std::io::{Read, Seek};
use std::path::Path;
use std::rc::Rc;

use rbpub_core::budget;
use rbpub_core::catalogue::Sentence;
use rbpub_core::template::{Template, METADATA_MAX_BYTES};

use crate::error::{io, Error, Result};
use crate::tarwalk::{walk, Walk, WalkError};

/// Decompressed bytes scanned for `metadata.json`, whatever the file's size: an
/// export's image layers may come first, and a few GB inflate in seconds.
const MAX_SCANNED: u64 = budget::RAM_SCANNED_BYTES;
/// Entries looked at before giving up on finding `metadata.json`.
const MAX_ENTRIES: usize = budget::RAM_ENTRIES;

/// Whether the path looks like a template export rather than a listing.
pub fn is_ram(path: &Path) -> bool {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    name.ends_with(".tar.gz") || name.ends_with(".tgz") || name.ends_with(".json")
}

/// Whether a file found in a folder is a template export: the console names them
/// `<name>-<version>-ram.tar.gz`; a stray `.json` or `.tar.gz` is not one.
pub fn is_ram_export(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.to_ascii_lowercase().ends_with("-ram.tar.gz"))
}

/// Reads the template's `metadata.json` from an export.
pub fn read_ram(path: &Path) -> Result<Template> {
    let bad = |reason: Sentence| Error::Ram {
        path: path.to_path_buf(),
        reason,
    };
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let bytes = if name.ends_with(".json") {
        crate::read_regular(path, METADATA_MAX_BYTES as u64)
            .map_err(io(path))?
            .ok_or_else(|| bad(Sentence::new("files.metadataTooLarge")))?
    } else {
        metadata_in_tarball(path)?
    };
    Template::from_metadata(&bytes).map_err(|e| bad(e.sentence()))
}

fn metadata_in_tarball(path: &Path) -> Result<Vec<u8>> {
    let bad = |reason: Sentence| Error::Ram {
        path: path.to_path_buf(),
        reason,
    };
    let left = Rc::new(Cell::new(MAX_SCANNED));
    let gz = open_gzip(path, left.clone(), |file| file)?;
    let mut archive = tar::Archive::new(gz);
    let mut found = None;
    let walked = walk(&mut archive, MAX_ENTRIES, |entry_path, entry| {
        if !is_metadata(&entry_path) {
            return Ok(Walk::Next);
        }
        found = Some(read_metadata(entry)?);
        Ok(Walk::Stop)
    });
    match walked {
        Err(WalkError::Read(_)) if left.get() == 0 => Err(bad(Sentence::new(
            "files.expandsNoMetadata",
        )
        .arg("mb", MAX_SCANNED / 1024 / 1024))),
        Err(e) => Err(bad(e.sentence())),
        Ok(()) => found.ok_or_else(|| bad(Sentence::new("files.noMetadata"))),
    }
}

/// `metadata.json` at the archive's top or in its one folder.
pub(crate) fn is_metadata(path: &Path) -> bool {
    path.file_name().is_some_and(|n| n == "metadata.json") && path.components().count() <= 2
}

/// An archive's `metadata.json`, within the template's limit.
pub(crate) fn read_metadata<R: Read>(
    entry: &mut tar::Entry<'_, R>,
) -> std::result::Result<Vec<u8>, WalkError> {
    if !entry.header().entry_type().is_file() {
        return Err(WalkError::Refused(Sentence::new("files.metadataNotFile")));
    }
    let size = entry.header().size().unwrap_or(u64::MAX);
    if size > METADATA_MAX_BYTES as u64 {
        return Err(WalkError::Refused(
            Sentence::new("files.metadataLarge").arg("mb", size / 1024 / 1024),
        ));
    }
    let mut bytes = Vec::with_capacity(size as usize);
    entry
        .take(METADATA_MAX_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(WalkError::Read)?;
    Ok(bytes)
}

/// The gzip stream of `path` (after `wrap` sees the file's bytes), inflating
/// at most `left` bytes; an error names the file when it is not gzip.
pub(crate) fn open_gzip<W: Read>(
    path: &Path,
    left: Rc<Cell<u64>>,
    wrap: impl FnOnce(fs::File) -> W,
) -> Result<Budget<flate2::read::GzDecoder<W>>> {
    // Judged by what was opened, and read from that one opening.
    let mut file = crate::open_regular(path).map_err(io(path))?;
    let mut magic = [0u8; 2];
    if file.read_exact(&mut magic).is_err() || magic != [0x1f, 0x8b] {
        return Err(Error::Ram {
            path: path.to_path_buf(),
            reason: Sentence::new("files.notGzip"),
        });
    }
    file.rewind().map_err(io(path))?;
    Ok(Budget {
        inner: flate2::read::GzDecoder::new(wrap(file)),
        left,
    })
}

/// Stops decompressing once the budget is spent.
pub(crate) struct Budget<R> {
    inner: R,
    left: Rc<Cell<u64>>,
}

impl<R: Read> Read for Budget<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let left = self.left.get();
        if left == 0 {
            return Err(std::io::Error::other("decompression budget spent"));
        }
        let n = buf.len().min(left.min(usize::MAX as u64) as usize);
        let read = self.inner.read(&mut buf[..n])?;
        self.left.set(left - read as u64);
        Ok(read)
    }
}
