//! Where a listing's files are read from: a folder (links refused, nothing
//! outside it) or a bundle (a zip whose entries are inflated only when the
//! listing names them; see [`crate::bundle`]).

use std::fs;
use std::io::Read;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use rbpub_core::budget;

use crate::bundle::Bundle;
use crate::error::{io, Error, Result};

/// Limits on what is read for a listing.
pub(crate) const MAX_TEXT: u64 = budget::LISTING_TEXT_BYTES;
pub(crate) const MAX_IMAGE: u64 = budget::LISTING_IMAGE_BYTES;
pub(crate) const MAX_TEMPLATE: u64 = budget::TEMPLATE_BYTES;
/// Everything read for one listing, a file named twice counted twice.
const MAX_TOTAL: u64 = budget::LISTING_TOTAL_BYTES;
/// A logo's header is enough for the checks of `rbpub lint`.
const HEADER: usize = 64 * 1024;

pub(crate) struct Source {
    kind: Kind,
    /// Bytes handed out so far: a file named many times counts each time, so
    /// a manifest naming one big file thousands of times stops at the budget.
    handed: AtomicU64,
}

enum Kind {
    /// The folder's path (for messages and the link checks) and a handle on
    /// it: files are opened through the handle, so no path resolves outside
    /// the folder, whatever is swapped in between a check and the open.
    Folder(PathBuf, cap_std::fs::Dir),
    Bundle(Bundle),
}

impl Source {
    pub(crate) fn open(path: &Path) -> Result<Source> {
        let kind = |kind| Source {
            kind,
            handed: AtomicU64::new(0),
        };
        let meta = fs::metadata(path).map_err(io(path))?;
        if meta.is_dir() {
            let dir = cap_std::fs::Dir::open_ambient_dir(path, cap_std::ambient_authority())
                .map_err(io(path))?;
            return Ok(kind(Kind::Folder(path.to_path_buf(), dir)));
        }
        // Anything but a zip here is not a bundle (a logo dropped by mistake, say).
        let mut magic = [0u8; 4];
        let is_zip = fs::File::open(path)
            .and_then(|mut f| f.read_exact(&mut magic))
            .is_ok()
            && magic == *b"PK\x03\x04";
        if !is_zip {
            return Err(Error::NotAListing(path.to_path_buf()));
        }
        Ok(kind(Kind::Bundle(Bundle::open(path)?)))
    }

    /// A file named in the manifest, at most `max` bytes; `None` when absent.
    pub(crate) fn read(&self, rel: &str, max: u64) -> Result<Option<Vec<u8>>> {
        self.read_up_to(rel, max, None)
            .map(|o| o.map(|(bytes, _)| bytes))
    }

    /// The names of the plain files directly in `folder`, sorted; none when
    /// there is no such folder. A link (the folder, or an entry) is refused.
    pub(crate) fn files_in(&self, folder: &str) -> Result<Vec<String>> {
        let clean = inside(folder)?;
        match &self.kind {
            Kind::Bundle(bundle) => Ok(bundle.files_in(&clean)),
            Kind::Folder(root, _) => {
                let dir = root.join(&clean);
                match fs::symlink_metadata(&dir) {
                    Ok(m) if m.file_type().is_symlink() => return Err(Error::Link(clean)),
                    Ok(m) if m.is_dir() => {}
                    Ok(_) => return Ok(Vec::new()),
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
                    Err(e) => return Err(io(&dir)(e)),
                }
                let mut names = Vec::new();
                for entry in fs::read_dir(&dir).map_err(io(&dir))? {
                    let entry = entry.map_err(io(&dir))?;
                    let kind = entry.file_type().map_err(io(entry.path()))?;
                    if kind.is_symlink() {
                        return Err(Error::Link(format!(
                            "{clean}/{}",
                            entry.file_name().to_string_lossy()
                        )));
                    }
                    if kind.is_file() {
                        names.push(entry.file_name().to_string_lossy().into_owned());
                    }
                    if names.len() > budget::BUNDLE_ENTRIES {
                        break;
                    }
                }
                names.sort();
                Ok(names)
            }
        }
    }

    /// The first `HEADER` bytes of a file, and its full size.
    pub(crate) fn head(&self, rel: &str, max: u64) -> Result<Option<(Vec<u8>, u64)>> {
        self.read_up_to(rel, max, Some(HEADER))
    }

    fn read_up_to(
        &self,
        rel: &str,
        max: u64,
        head: Option<usize>,
    ) -> Result<Option<(Vec<u8>, u64)>> {
        let read = self.read_once(rel, max, head)?;
        if let Some((bytes, _)) = &read {
            self.charge(rel, bytes.len() as u64)?;
        }
        Ok(read)
    }

    /// Counts `bytes` of `rel` handed out again (a file named once more, read
    /// once) against the listing's budget.
    pub(crate) fn charge(&self, rel: &str, bytes: u64) -> Result<()> {
        let handed = self.handed.fetch_add(bytes, Ordering::Relaxed) + bytes;
        if handed > MAX_TOTAL {
            return Err(Error::TooLarge {
                file: format!("all the files the listing names together (the last {rel})"),
                bytes: handed,
                max: MAX_TOTAL,
            });
        }
        Ok(())
    }

    fn read_once(
        &self,
        rel: &str,
        max: u64,
        head: Option<usize>,
    ) -> Result<Option<(Vec<u8>, u64)>> {
        let clean = inside(rel)?;
        match &self.kind {
            Kind::Bundle(bundle) => bundle.read(&clean, max, head, |bytes| Error::TooLarge {
                file: format!("{} in {}", clean, bundle.path()),
                bytes,
                max,
            }),
            Kind::Folder(root, dir) => {
                let mut path = root.clone();
                for part in clean.split('/') {
                    path.push(part);
                    match fs::symlink_metadata(&path) {
                        Ok(m) if m.file_type().is_symlink() => return Err(Error::Link(clean)),
                        Ok(_) => {}
                        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
                        Err(e) => return Err(io(&path)(e)),
                    }
                }
                let file = open_inside(dir, &clean).map_err(io(&path))?;
                let size = file.metadata().map_err(io(&path))?.len();
                check_size(&clean, size, max)?;
                let Some(head) = head else {
                    let bytes = crate::read_opened(file, max)
                        .map_err(io(&path))?
                        .ok_or_else(|| Error::TooLarge {
                            file: clean.clone(),
                            bytes: max + 1,
                            max,
                        })?;
                    let size = bytes.len() as u64;
                    return Ok(Some((bytes, size)));
                };
                if !file.metadata().is_ok_and(|m| m.is_file()) {
                    return Err(io(&path)(std::io::Error::new(
                        std::io::ErrorKind::InvalidInput,
                        "not a regular file",
                    )));
                }
                let take = (head as u64).min(size);
                let mut bytes = Vec::with_capacity(take as usize);
                file.take(take).read_to_end(&mut bytes).map_err(io(&path))?;
                Ok(Some((bytes, size)))
            }
        }
    }
}

/// `rel` opened for reading through the folder's handle: never outside the
/// folder, a link as the last part not followed, without blocking (a FIFO is
/// judged by what was opened, not waited on).
fn open_inside(dir: &cap_std::fs::Dir, rel: &str) -> std::io::Result<fs::File> {
    use cap_fs_ext::{FollowSymlinks, OpenOptionsFollowExt};
    let mut options = cap_std::fs::OpenOptions::new();
    options.read(true).follow(FollowSymlinks::No);
    #[cfg(unix)]
    {
        use cap_std::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    Ok(dir.open_with(rel, &options)?.into_std())
}

fn check_size(file: &str, size: u64, max: u64) -> Result<()> {
    if size > max {
        return Err(Error::TooLarge {
            file: file.to_string(),
            bytes: size,
            max,
        });
    }
    Ok(())
}

/// The manifest's relative path, checked to stay inside the listing: no `..`,
/// no absolute or drive paths. Returned with `/` separators.
pub(crate) fn inside(rel: &str) -> Result<String> {
    let outside = || Error::OutsideFolder {
        file: "listing.toml".into(),
        target: rel.to_string(),
    };
    let unified = rel.replace('\\', "/");
    if unified.starts_with('/') || unified.get(1..2) == Some(":") {
        return Err(outside());
    }
    let mut parts = Vec::new();
    for c in Path::new(&unified).components() {
        match c {
            Component::Normal(p) => parts.push(p.to_string_lossy().into_owned()),
            Component::CurDir => {}
            _ => return Err(outside()),
        }
    }
    if parts.is_empty() {
        return Err(outside());
    }
    Ok(parts.join("/"))
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn the_open_itself_neither_follows_a_link_nor_leaves_the_folder() {
        // What a link swapped in after the checks would meet: the open refuses it.
        let dir = tempfile::tempdir().unwrap();
        let secret = dir.path().join("secret.txt");
        fs::write(&secret, "not yours").unwrap();
        let listing = dir.path().join("listing");
        fs::create_dir_all(listing.join("sub")).unwrap();
        std::os::unix::fs::symlink(&secret, listing.join("introduction.md")).unwrap();
        std::os::unix::fs::symlink(dir.path(), listing.join("sub/up")).unwrap();
        let handle =
            cap_std::fs::Dir::open_ambient_dir(&listing, cap_std::ambient_authority()).unwrap();
        assert!(open_inside(&handle, "introduction.md").is_err());
        assert!(open_inside(&handle, "sub/up/secret.txt").is_err());
        assert!(open_inside(&handle, "../secret.txt").is_err());
    }
}
