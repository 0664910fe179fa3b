//! Exported Rainbond templates: `<name>-<version>-ram.tar.gz` holding
//! `<folder>/metadata.json` (beside image tarballs), or a bare `metadata.json`.

use std::cell::Cell;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use rbpub_core::budget;
use rbpub_core::template::{Template, METADATA_MAX_BYTES};

use crate::error::{io, Error, Result};

/// Decompressed bytes scanned for `metadata.json`, whatever the file's size: an
/// export's image layers may come first, and a few GB inflate in seconds.
const MAX_SCANNED: u64 = budget::RAM_SCANNED_BYTES;
/// A GNU long name or a PAX header: a path needs a few KB.
const MAX_HEADER: u64 = budget::RAM_HEADER_BYTES;
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
    let bad = |reason: String| Error::Ram {
        path: path.to_path_buf(),
        reason,
    };
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let bytes = if name.ends_with(".json") {
        let size = fs::metadata(path).map_err(io(path))?.len();
        if size > METADATA_MAX_BYTES as u64 {
            return Err(bad(format!(
                "it is {} MB; metadata.json may be at most 64 MB",
                size / 1024 / 1024
            )));
        }
        fs::read(path).map_err(io(path))?
    } else {
        metadata_in_tarball(path)?
    };
    Template::from_metadata(&bytes).map_err(|e| bad(e.to_string()))
}

fn metadata_in_tarball(path: &Path) -> Result<Vec<u8>> {
    let bad = |reason: String| Error::Ram {
        path: path.to_path_buf(),
        reason,
    };
    let mut file = fs::File::open(path).map_err(io(path))?;
    let mut magic = [0u8; 2];
    if file.read_exact(&mut magic).is_err() || magic != [0x1f, 0x8b] {
        return Err(bad(
            "it is not a gzip'd tar archive; export the template again, or pick its metadata.json"
                .into(),
        ));
    }
    file = fs::File::open(path).map_err(io(path))?;
    let left = Rc::new(Cell::new(MAX_SCANNED));
    let gz = Budget {
        inner: flate2::read::GzDecoder::new(file),
        left: left.clone(),
    };
    let mut archive = tar::Archive::new(gz);
    let unreadable = |e: std::io::Error| {
        if left.get() == 0 {
            format!(
                "it expands past {} MB without a metadata.json (a decompression bomb?); it was not \
                 unpacked further. If it is a real export, unpack it and pick its metadata.json",
                MAX_SCANNED / 1024 / 1024
            )
        } else {
            format!("it cannot be read ({e}); export the template again")
        }
    };
    let entries = archive.entries().map_err(|e| {
        bad(format!(
            "it is not a gzip'd tar archive ({e}); export the template again"
        ))
    })?;
    // Raw: the tar crate would read a long-name or PAX header whole, whatever
    // size it claims; here each is read within its own limit.
    let mut long_name: Option<Vec<u8>> = None;
    for (i, entry) in entries.raw(true).enumerate() {
        if i >= MAX_ENTRIES {
            break;
        }
        let mut entry = entry.map_err(|e| bad(unreadable(e)))?;
        let kind = entry.header().entry_type();
        if kind.is_gnu_longname()
            || kind.is_gnu_longlink()
            || kind.is_pax_local_extensions()
            || kind.is_pax_global_extensions()
        {
            let size = entry.header().size().unwrap_or(u64::MAX);
            if size > MAX_HEADER {
                return Err(bad(format!(
                    "a tar header claims {} MB (a long name or extended header); headers may be at \
                     most {} KB. Export the template again",
                    size.div_ceil(1024 * 1024),
                    MAX_HEADER / 1024
                )));
            }
            let mut bytes = Vec::new();
            entry
                .read_to_end(&mut bytes)
                .map_err(|e| bad(unreadable(e)))?;
            let name = if kind.is_gnu_longname() {
                Some(bytes.split(|b| *b == 0).next().unwrap_or_default().to_vec())
            } else if kind.is_pax_local_extensions() {
                pax_path(&bytes)
            } else {
                None
            };
            long_name = name.or(long_name);
            continue;
        }
        let entry_path = match long_name.take() {
            Some(name) => PathBuf::from(String::from_utf8_lossy(&name).into_owned()),
            None => entry.path().map_err(|e| bad(e.to_string()))?.into_owned(),
        };
        let depth = entry_path.components().count();
        if entry_path.file_name().is_some_and(|n| n == "metadata.json") && depth <= 2 {
            if !kind.is_file() {
                return Err(bad(
                    "its metadata.json is not a regular file (a link?)".into()
                ));
            }
            let size = entry.header().size().unwrap_or(u64::MAX);
            if size > METADATA_MAX_BYTES as u64 {
                return Err(bad(format!(
                    "its metadata.json is {} MB; at most 64 MB is read",
                    size / 1024 / 1024
                )));
            }
            let mut bytes = Vec::with_capacity(size as usize);
            (&mut entry)
                .take(METADATA_MAX_BYTES as u64 + 1)
                .read_to_end(&mut bytes)
                .map_err(|e| bad(unreadable(e)))?;
            return Ok(bytes);
        }
    }
    Err(bad(
        "it has no metadata.json at its top or in its one folder; is it a Rainbond template export (*-ram.tar.gz)?".into(),
    ))
}

/// The `path` record of a PAX extended header (`"<len> path=<name>\n"` records).
fn pax_path(records: &[u8]) -> Option<Vec<u8>> {
    records.split(|b| *b == b'\n').find_map(|record| {
        let (_, kv) = record.split_at(record.iter().position(|b| *b == b' ')? + 1);
        kv.strip_prefix(b"path=").map(<[u8]>::to_vec)
    })
}

/// Stops decompressing once the budget is spent.
struct Budget<R> {
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
