//! Exported Rainbond templates: `<name>-<version>-ram.tar.gz` holding
//! `<folder>/metadata.json` (beside image tarballs), or a bare `metadata.json`.

use std::cell::Cell;
use std::fs;
use std::io::Read;
use std::path::Path;
use std::rc::Rc;

use rbpub_core::template::{Template, METADATA_MAX_BYTES};

use crate::error::{io, Error, Result};

/// Decompressed bytes scanned per compressed byte before the archive is called a
/// bomb. Image layers inside exports are compressed already (about 1:1).
const MAX_RATIO: u64 = 100;
/// Entries looked at before giving up on finding `metadata.json`.
const MAX_ENTRIES: usize = 100_000;

/// Whether the path looks like a template export rather than a listing.
pub fn is_ram(path: &Path) -> bool {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    name.ends_with(".tar.gz") || name.ends_with(".tgz") || name.ends_with(".json")
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
    let packed = file.metadata().map_err(io(path))?.len();
    let mut magic = [0u8; 2];
    if file.read_exact(&mut magic).is_err() || magic != [0x1f, 0x8b] {
        return Err(bad(
            "it is not a gzip'd tar archive; export the template again, or pick its metadata.json"
                .into(),
        ));
    }
    file = fs::File::open(path).map_err(io(path))?;
    let budget = packed.saturating_mul(MAX_RATIO).max(256 * 1024 * 1024);
    let left = Rc::new(Cell::new(budget));
    let gz = Budget {
        inner: flate2::read::GzDecoder::new(file),
        left: left.clone(),
    };
    let mut archive = tar::Archive::new(gz);
    let unreadable = |e: std::io::Error| {
        if left.get() == 0 {
            format!(
                "it expands past {} MB without a metadata.json (a decompression bomb?); it was not unpacked further",
                budget / 1024 / 1024
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
    for (i, entry) in entries.enumerate() {
        if i >= MAX_ENTRIES {
            break;
        }
        let mut entry = entry.map_err(|e| bad(unreadable(e)))?;
        let entry_path = entry.path().map_err(|e| bad(e.to_string()))?.into_owned();
        let depth = entry_path.components().count();
        if entry_path.file_name().is_some_and(|n| n == "metadata.json") && depth <= 2 {
            if !entry.header().entry_type().is_file() {
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
