//! A `.rbpub` bundle read lazily: its directory is checked whole when it is
//! opened (names that leave it, links, two entries that name one file once `.`
//! and `..` are resolved), and an entry is inflated only when the listing names
//! it, each against the zip-bomb ratio and the bundle's total budget.

use std::collections::HashMap;
use std::fs::File;
use std::io::Read;
use std::path::Path;

use rbpub_assets::kit::{entry_name, hidden};
use rbpub_core::budget;
use rbpub_core::catalogue::Sentence;
use std::sync::Mutex;

use crate::error::{Error, Result};

/// Entries a bundle may list.
const MAX_ENTRIES: usize = budget::BUNDLE_ENTRIES;
/// All entries read from one bundle together, inflated.
const MAX_TOTAL: u64 = budget::BUNDLE_INFLATED_BYTES;
/// Inflated size over packed size above which an entry is a zip bomb.
const MAX_RATIO: u64 = budget::ARCHIVE_RATIO;

pub(crate) struct Bundle {
    path: String,
    archive: Mutex<zip::ZipArchive<File>>,
    /// Each entry's name as it resolves, to its index in the zip.
    index: HashMap<String, usize>,
    inflated: Mutex<u64>,
}

impl Bundle {
    pub(crate) fn open(path: &Path) -> Result<Bundle> {
        let shown = path.display().to_string();
        let malformed = |reason: Sentence| Error::Malformed {
            file: shown.clone(),
            reason,
        };
        let file = File::open(path).map_err(crate::error::io(path))?;
        let mut archive = zip::ZipArchive::new(file)
            .map_err(|e| malformed(Sentence::new("files.notZip").arg("detail", e)))?;
        if archive.len() > MAX_ENTRIES {
            return Err(malformed(
                Sentence::new("files.tooManyEntries").arg("max", MAX_ENTRIES),
            ));
        }
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut raw_names: HashMap<String, String> = HashMap::new();
        for i in 0..archive.len() {
            let entry = archive.by_index_raw(i).map_err(|e| {
                malformed(
                    Sentence::new("files.entryUnreadable")
                        .arg("n", i + 1)
                        .arg("detail", e),
                )
            })?;
            let raw = String::from_utf8_lossy(entry.name_raw()).into_owned();
            if entry.is_dir() || hidden(&raw) {
                continue;
            }
            let refuse = |reason: Sentence| Error::Archive {
                entry: raw.clone(),
                reason,
            };
            let name =
                entry_name(&raw).ok_or_else(|| refuse(Sentence::new("files.entryLeaves")))?;
            if entry.is_symlink() {
                return Err(refuse(Sentence::new("files.entryLink")));
            }
            if let Some(first) = raw_names.get(&name) {
                return Err(refuse(
                    Sentence::new("files.entrySameFile")
                        .arg("first", first)
                        .arg("name", &name),
                ));
            }
            raw_names.insert(name.clone(), raw.clone());
            index.insert(name, i);
        }
        Ok(Bundle {
            path: shown,
            archive: Mutex::new(archive),
            index,
            inflated: Mutex::new(0),
        })
    }

    /// The entry `name` (already resolved), its first `head` bytes or all of
    /// them, with its full size; `None` when the bundle has no such entry.
    /// `too_large` is the refusal for an entry over `max` bytes.
    pub(crate) fn read(
        &self,
        name: &str,
        max: u64,
        head: Option<usize>,
        too_large: impl FnOnce(u64) -> Error,
    ) -> Result<Option<(Vec<u8>, u64)>> {
        let Some(&i) = self.index.get(name) else {
            return Ok(None);
        };
        let refuse = |reason: Sentence| Error::Archive {
            entry: name.to_owned(),
            reason,
        };
        let mut archive = self.archive.lock().unwrap_or_else(|p| p.into_inner());
        let entry = archive
            .by_index(i)
            .map_err(|e| refuse(Sentence::new("files.entryCannotRead").arg("detail", e)))?;
        let (size, packed) = (entry.size(), entry.compressed_size().max(1));
        if size > packed.saturating_mul(MAX_RATIO) {
            return Err(refuse(
                Sentence::new("files.zipBomb")
                    .arg("ratio", size / packed)
                    .arg("mb", size.div_ceil(1024 * 1024)),
            ));
        }
        if size > max {
            return Err(too_large(size));
        }
        let take = head.map_or(size, |h| (h as u64).min(size));
        {
            let mut inflated = self.inflated.lock().unwrap_or_else(|p| p.into_inner());
            if *inflated + take > MAX_TOTAL {
                return Err(refuse(
                    Sentence::new("files.bundleTotal").arg("max", MAX_TOTAL / 1024 / 1024),
                ));
            }
            *inflated += take;
        }
        // The declared size may lie: never read past it (one byte more tells).
        let limit = if head.is_some() { take } else { size + 1 };
        let mut bytes = Vec::with_capacity(take as usize);
        entry
            .take(limit)
            .read_to_end(&mut bytes)
            .map_err(|e| refuse(Sentence::new("files.entryCannotUnpack").arg("detail", e)))?;
        if head.is_none() && bytes.len() as u64 != size {
            return Err(refuse(Sentence::new("files.entrySizeDiffers")));
        }
        Ok(Some((bytes, size)))
    }

    /// The names of the entries directly in `folder` (already resolved).
    pub(crate) fn files_in(&self, folder: &str) -> Vec<String> {
        let prefix = format!("{folder}/");
        let mut names: Vec<String> = self
            .index
            .keys()
            .filter_map(|n| n.strip_prefix(&prefix))
            .filter(|n| !n.contains('/'))
            .map(str::to_owned)
            .collect();
        names.sort();
        names
    }

    pub(crate) fn path(&self) -> &str {
        &self.path
    }
}
