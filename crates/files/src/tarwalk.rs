//! Walking a tar stream entry by entry with each entry's whole name. The tar
//! crate would read a GNU long name or a PAX header whole, whatever size it
//! claims; here each is read within `RAM_HEADER_BYTES`.

use std::io::Read;
use std::path::PathBuf;

use rbpub_core::budget;
use rbpub_core::catalogue::Sentence;

/// A GNU long name or a PAX header: a path needs a few KB.
const MAX_HEADER: u64 = budget::RAM_HEADER_BYTES;

/// What the visitor wants next.
pub(crate) enum Walk {
    Next,
    Stop,
}

/// Why a walk ended early.
#[derive(Debug)]
pub(crate) enum WalkError {
    /// The stream could not be read (or a budget below it was spent).
    Read(std::io::Error),
    /// A long-name or extended header claims this many bytes.
    HugeHeader(u64),
    /// The visitor refused an entry; why.
    Refused(Sentence),
}

impl std::fmt::Display for WalkError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WalkError::Read(_) | WalkError::HugeHeader(_) | WalkError::Refused(_) => {
                f.write_str(&self.sentence().say(rbpub_core::Locale::En))
            }
        }
    }
}

impl WalkError {
    /// Why, in the catalogue's words.
    pub(crate) fn sentence(&self) -> Sentence {
        match self {
            WalkError::Read(e) => Sentence::new("files.walkRead").arg("detail", e),
            WalkError::HugeHeader(size) => Sentence::new("files.walkHugeHeader")
                .arg("mb", size.div_ceil(1024 * 1024))
                .arg("kb", MAX_HEADER / 1024),
            WalkError::Refused(reason) => reason.clone(),
        }
    }
}

/// Hands each entry of `archive` (at most `max_entries`) to `visit` with its
/// full path, until `visit` says stop or the archive ends.
pub(crate) fn walk<R: Read>(
    archive: &mut tar::Archive<R>,
    max_entries: usize,
    mut visit: impl FnMut(PathBuf, &mut tar::Entry<'_, R>) -> Result<Walk, WalkError>,
) -> Result<(), WalkError> {
    let entries = archive.entries().map_err(WalkError::Read)?;
    let mut long_name: Option<Vec<u8>> = None;
    for (i, entry) in entries.raw(true).enumerate() {
        if i >= max_entries {
            return Err(WalkError::Refused(
                Sentence::new("files.walkTooManyEntries").arg("max", max_entries),
            ));
        }
        let mut entry = entry.map_err(WalkError::Read)?;
        let kind = entry.header().entry_type();
        if kind.is_gnu_longname()
            || kind.is_gnu_longlink()
            || kind.is_pax_local_extensions()
            || kind.is_pax_global_extensions()
        {
            let size = entry.header().size().unwrap_or(u64::MAX);
            if size > MAX_HEADER {
                return Err(WalkError::HugeHeader(size));
            }
            let mut bytes = Vec::new();
            entry.read_to_end(&mut bytes).map_err(WalkError::Read)?;
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
        let path = match long_name.take() {
            Some(name) => PathBuf::from(String::from_utf8_lossy(&name).into_owned()),
            None => entry
                .path()
                .map_err(|e| WalkError::Refused(rbpub_core::catalogue::Sentence::their_words(e)))?
                .into_owned(),
        };
        if let Walk::Stop = visit(path, &mut entry)? {
            break;
        }
    }
    Ok(())
}

/// The `path` record of a PAX extended header (`"<len> path=<name>\n"` records).
fn pax_path(records: &[u8]) -> Option<Vec<u8>> {
    records.split(|b| *b == b'\n').find_map(|record| {
        let (_, kv) = record.split_at(record.iter().position(|b| *b == b' ')? + 1);
        kv.strip_prefix(b"path=").map(<[u8]>::to_vec)
    })
}
