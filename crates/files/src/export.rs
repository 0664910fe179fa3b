//! A whole RAM export read as one stream: its `metadata.json`, what each image
//! tarball's `manifest.json` lists with the images' sizes, and on request a
//! SHA-256 of the file and of every entry (see `rbpub_core::offline` for the
//! layout Rainbond writes). Memory stays a few buffers and one map of a
//! tarball's entry sizes, whatever the export's size.

use std::cell::Cell;
use std::collections::HashMap;
use std::io::{self, Read};
use std::path::Path;
use std::rc::Rc;

use rbpub_core::budget;
use rbpub_core::offline::{ArchivedImage, ExportContents, ImageArchive, ImageManifest};
use rbpub_core::template::Template;
use sha2::{Digest, Sha256};

use crate::error::{io, Error, Result};
use crate::ram::{is_metadata, open_gzip, read_metadata};
use crate::tarwalk::{walk, Walk, WalkError};

/// Entries of an export, and of one image tarball in it.
const MAX_ENTRIES: usize = budget::RAM_ENTRIES;
/// An image tarball's `manifest.json`.
const MAX_MANIFEST: u64 = budget::EXPORT_MANIFEST_BYTES;

/// An export as read: its template, its image tarballs and, when asked, the
/// lines of a `sha256sum -c` list (the file itself, then each entry).
#[derive(Debug)]
pub struct ReadExport {
    pub template: Template,
    pub contents: ExportContents,
    pub checksums: Vec<String>,
}

/// Reads the whole export at `path` (a `*-ram.tar.gz`) as a stream; with
/// `checksums`, hashes the file and each entry on the way.
pub fn read_export(path: &Path, checksums: bool) -> Result<ReadExport> {
    let bad = |reason: String| Error::Ram {
        path: path.to_path_buf(),
        reason,
    };
    let packed = std::fs::metadata(path).map_err(io(path))?.len();
    let limit = packed
        .saturating_mul(budget::ARCHIVE_RATIO)
        .max(budget::RAM_SCANNED_BYTES);
    let left = Rc::new(Cell::new(limit));
    let file_hash = Rc::new(std::cell::RefCell::new(Sha256::new()));
    let hashing = file_hash.clone();
    let gz = open_gzip(path, left.clone(), move |file| Hashing {
        inner: file,
        hash: checksums.then_some(hashing),
    })?;
    let mut archive = tar::Archive::new(gz);
    let mut metadata = None;
    let mut contents = ExportContents::default();
    let mut lines = Vec::new();
    let walked = walk(&mut archive, MAX_ENTRIES, |entry_path, entry| {
        let name = entry_path
            .to_string_lossy()
            .trim_start_matches("./")
            .to_string();
        let is_file = entry.header().entry_type().is_file();
        let hash = Rc::new(std::cell::RefCell::new(Sha256::new()));
        let mut reader = Hashing {
            inner: entry,
            hash: (checksums && is_file).then(|| hash.clone()),
        };
        if is_metadata(&entry_path) {
            let bytes = read_metadata(reader.inner)?;
            if checksums {
                hash.borrow_mut().update(&bytes);
            }
            metadata = Some(bytes);
        } else if is_file && is_image_archive(&entry_path) {
            let bytes = reader.inner.header().size().unwrap_or(0);
            let manifest = image_manifest(&mut reader)?;
            contents.archives.push(ImageArchive {
                path: name.clone(),
                bytes,
                manifest,
            });
        }
        if checksums && is_file {
            if leaves_the_folder(&name) {
                return Err(WalkError::Refused(format!(
                    "its entry {} is absolute or leaves the export's folder, so no checksum list can name it safely",
                    rbpub_core::text::shown_controls(&name)
                )));
            }
            io::copy(&mut reader, &mut io::sink()).map_err(WalkError::Read)?;
            let digest = format!("{:x}", hash.borrow_mut().clone().finalize());
            lines.push(checksum_line(&digest, &name));
        }
        Ok(Walk::Next)
    });
    match walked {
        Err(WalkError::Read(_)) if left.get() == 0 => {
            return Err(bad(format!(
                "it expands to more than {}× its size (a decompression bomb?); it was not read \
                 further",
                budget::ARCHIVE_RATIO
            )))
        }
        Err(e) => return Err(bad(e.to_string())),
        Ok(()) => {}
    }
    // The rest of the stream: the tar's end blocks and gzip's check of them all.
    let mut gz = archive.into_inner();
    io::copy(&mut gz, &mut io::sink()).map_err(|e| bad(WalkError::Read(e).to_string()))?;
    let bytes = metadata.ok_or_else(|| {
        bad("it has no metadata.json at its top or in its one folder; is it a Rainbond template export (*-ram.tar.gz)?".into())
    })?;
    let template = Template::from_metadata(&bytes).map_err(|e| bad(e.to_string()))?;
    if checksums {
        let file_name = path
            .file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default();
        let whole = format!("{:x}", file_hash.borrow_mut().clone().finalize());
        lines.insert(0, checksum_line(&whole, &file_name));
    }
    Ok(ReadExport {
        template,
        contents,
        checksums: lines,
    })
}

/// A line of a `sha256sum -c` list, written as coreutils writes it: a name
/// holding a backslash, a line break or a carriage return has them escaped
/// (`\\`, `\n`, `\r`) and the line starts with `\`, so that a name can
/// never forge a line of its own.
fn checksum_line(digest: &str, name: &str) -> String {
    if !name.contains(['\\', '\n', '\r']) {
        return format!("{digest}  {name}");
    }
    let escaped = name
        .replace('\\', "\\\\")
        .replace('\n', "\\n")
        .replace('\r', "\\r");
    format!("\\{digest}  {escaped}")
}

/// An entry name that `sha256sum -c`, run in the export's folder, would look
/// for elsewhere: absolute, or with a `..` part.
fn leaves_the_folder(name: &str) -> bool {
    name.starts_with('/') || name.split('/').any(|part| part == "..")
}

/// A `.tar` the import loads: in the export's folder, or one level below it
/// (exports before Rainbond 5.3 kept an image per component folder).
fn is_image_archive(path: &Path) -> bool {
    let depth = path.components().count();
    path.extension().is_some_and(|e| e == "tar") && (2..=3).contains(&depth)
}

/// What an image tarball's `manifest.json` lists, each image sized by its
/// config and layers (the tarball's entries of those names).
fn image_manifest(tarball: &mut impl Read) -> std::result::Result<ImageManifest, WalkError> {
    let mut watched = Watched {
        inner: tarball,
        failed: false,
    };
    let mut inner = tar::Archive::new(&mut watched);
    let mut sizes: HashMap<String, u64> = HashMap::new();
    let mut manifest: Option<Vec<u8>> = None;
    let walked = walk(&mut inner, MAX_ENTRIES, |path, entry| {
        let name = path.to_string_lossy().trim_start_matches("./").to_string();
        let size = entry.header().size().unwrap_or(0);
        if name == "manifest.json" {
            if size > MAX_MANIFEST {
                return Err(WalkError::Refused(format!(
                    "it is {} MB; at most {} MB is read",
                    size.div_ceil(1024 * 1024),
                    MAX_MANIFEST / 1024 / 1024
                )));
            }
            let mut bytes = Vec::with_capacity(size as usize);
            entry.read_to_end(&mut bytes).map_err(WalkError::Read)?;
            manifest = Some(bytes);
        } else {
            sizes.insert(name, size);
        }
        Ok(Walk::Next)
    });
    match walked {
        // The export's own stream failing is the export's error, not this tarball's.
        Err(WalkError::Read(e)) if watched.failed => return Err(WalkError::Read(e)),
        Err(WalkError::Read(e)) => return Ok(ImageManifest::Unreadable(e.to_string())),
        Err(e) => return Ok(ImageManifest::Unreadable(e.to_string())),
        Ok(()) => {}
    }
    let Some(bytes) = manifest else {
        return Ok(ImageManifest::Missing);
    };
    #[derive(serde::Deserialize)]
    struct Entry {
        #[serde(rename = "Config", default)]
        config: String,
        #[serde(rename = "RepoTags", default)]
        repo_tags: Option<Vec<String>>,
        #[serde(rename = "Layers", default)]
        layers: Option<Vec<String>>,
    }
    let listed: Option<Vec<Entry>> = match serde_json::from_slice(&bytes) {
        Ok(listed) => listed,
        Err(e) => return Ok(ImageManifest::Unreadable(e.to_string())),
    };
    let images: Vec<ArchivedImage> = listed
        .unwrap_or_default()
        .into_iter()
        .map(|e| {
            let size = |p: &String| sizes.get(p.trim_start_matches("./")).copied().unwrap_or(0);
            ArchivedImage {
                bytes: size(&e.config) + e.layers.iter().flatten().map(size).sum::<u64>(),
                names: e.repo_tags.unwrap_or_default(),
            }
        })
        .collect();
    Ok(if images.is_empty() {
        ImageManifest::Empty
    } else {
        ImageManifest::Listed(images)
    })
}

/// Remembers whether the stream below failed, to tell a broken export from a
/// tarball in it that is not a tar.
struct Watched<R> {
    inner: R,
    failed: bool,
}

impl<R: Read> Read for Watched<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.inner.read(buf).inspect_err(|_| self.failed = true)
    }
}

/// Passes reads through, hashing what passes when asked to.
struct Hashing<R> {
    inner: R,
    hash: Option<Rc<std::cell::RefCell<Sha256>>>,
}

impl<R: Read> Read for Hashing<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        if let Some(hash) = &self.hash {
            hash.borrow_mut().update(&buf[..n]);
        }
        Ok(n)
    }
}
