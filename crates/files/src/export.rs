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
use rbpub_core::catalogue::Sentence;
use rbpub_core::offline::{ExportContents, ImageArchive, ImageManifest};
use rbpub_core::template::Template;
use sha2::{Digest, Sha256};

use crate::error::{io, Error, Result};
use crate::ram::{is_metadata, open_gzip, read_metadata};
use crate::tarwalk::{walk, Walk, WalkError};

/// Entries of an export, and of one image tarball in it.
const MAX_ENTRIES: usize = budget::RAM_ENTRIES;
/// An image tarball's `manifest.json`.
const MAX_MANIFEST: u64 = budget::EXPORT_MANIFEST_BYTES;

/// What one read of an export keeps, counted across every entry and every
/// image tarball in it (not per piece): entry names, manifest bytes, images
/// and the names their manifests give. Spent, the read stops naming the limit.
struct Kept {
    name_bytes: Cell<u64>,
    manifest_bytes: Cell<u64>,
    images: Cell<usize>,
    image_names: Cell<usize>,
    /// Set when a manifest's parse stopped on `images` or `image_names`.
    spent: Cell<Option<Sentence>>,
}

impl Kept {
    fn new() -> Kept {
        Kept {
            name_bytes: Cell::new(budget::EXPORT_NAME_BYTES),
            manifest_bytes: Cell::new(budget::EXPORT_MANIFESTS_BYTES),
            images: Cell::new(budget::EXPORT_IMAGES),
            image_names: Cell::new(budget::EXPORT_IMAGE_NAMES),
            spent: Cell::new(None),
        }
    }

    fn name(&self, name: &str) -> std::result::Result<(), WalkError> {
        take_bytes(&self.name_bytes, name.len() as u64).ok_or_else(|| {
            let why = Sentence::new("files.exportNames")
                .arg("mb", budget::EXPORT_NAME_BYTES / 1024 / 1024);
            self.spent.set(Some(why.clone()));
            WalkError::Refused(why)
        })
    }

    fn manifest(&self, bytes: u64) -> std::result::Result<(), WalkError> {
        take_bytes(&self.manifest_bytes, bytes).ok_or_else(|| {
            let why = Sentence::new("files.exportManifests")
                .arg("mb", budget::EXPORT_MANIFESTS_BYTES / 1024 / 1024);
            self.spent.set(Some(why.clone()));
            WalkError::Refused(why)
        })
    }

    /// One more image, or the sentence of the limit.
    fn image(&self) -> std::result::Result<(), Sentence> {
        take_one(&self.images)
            .ok_or_else(|| Sentence::new("files.exportImages").arg("max", budget::EXPORT_IMAGES))
    }

    /// One more name (a tag or a layer), or the sentence of the limit.
    fn image_name(&self) -> std::result::Result<(), Sentence> {
        take_one(&self.image_names).ok_or_else(|| {
            Sentence::new("files.exportImageNames").arg("max", budget::EXPORT_IMAGE_NAMES)
        })
    }
}

fn take_bytes(left: &Cell<u64>, n: u64) -> Option<()> {
    left.set(left.get().checked_sub(n)?);
    Some(())
}

fn take_one(left: &Cell<usize>) -> Option<()> {
    left.set(left.get().checked_sub(1)?);
    Some(())
}

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
    let bad = |reason: Sentence| Error::Ram {
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
    let kept = Kept::new();
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
            kept.name(&name)?;
            let bytes = reader.inner.header().size().unwrap_or(0);
            let manifest = image_manifest(&mut reader, &kept)?;
            contents.archives.push(ImageArchive {
                path: name.clone(),
                bytes,
                manifest,
            });
        }
        if checksums && is_file {
            if leaves_the_folder(&name) {
                return Err(WalkError::Refused(
                    Sentence::new("files.exportLeaves")
                        .arg("name", rbpub_core::text::shown_controls(&name)),
                ));
            }
            kept.name(&name)?;
            io::copy(&mut reader, &mut io::sink()).map_err(WalkError::Read)?;
            let digest = format!("{:x}", hash.borrow_mut().clone().finalize());
            lines.push(checksum_line(&digest, &name));
        }
        Ok(Walk::Next)
    });
    match walked {
        Err(WalkError::Read(_)) if left.get() == 0 => {
            return Err(bad(
                Sentence::new("files.exportBomb").arg("ratio", budget::ARCHIVE_RATIO)
            ))
        }
        Err(e) => return Err(bad(e.sentence())),
        Ok(()) => {}
    }
    // The rest of the stream: the tar's end blocks and gzip's check of them all.
    let mut gz = archive.into_inner();
    io::copy(&mut gz, &mut io::sink()).map_err(|e| bad(WalkError::Read(e).sentence()))?;
    let bytes = metadata.ok_or_else(|| bad(Sentence::new("files.noMetadata")))?;
    let template = Template::from_metadata(&bytes).map_err(|e| bad(e.sentence()))?;
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
fn image_manifest(
    tarball: &mut impl Read,
    kept: &Kept,
) -> std::result::Result<ImageManifest, WalkError> {
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
                return Err(WalkError::Refused(
                    Sentence::new("files.manifestLarge")
                        .arg("mb", size.div_ceil(1024 * 1024))
                        .arg("max", MAX_MANIFEST / 1024 / 1024),
                ));
            }
            kept.manifest(size)?;
            let mut bytes = Vec::with_capacity(size as usize);
            entry.read_to_end(&mut bytes).map_err(WalkError::Read)?;
            manifest = Some(bytes);
        } else {
            kept.name(&name)?;
            sizes.insert(name, size);
        }
        Ok(Walk::Next)
    });
    if let Some(limit) = kept.spent.take() {
        // The export's budget, not this tarball's fault: the whole read stops.
        return Err(WalkError::Refused(limit));
    }
    match walked {
        // The export's own stream failing is the export's error, not this tarball's.
        Err(WalkError::Read(e)) if watched.failed => return Err(WalkError::Read(e)),
        Err(WalkError::Read(e)) => {
            return Ok(ImageManifest::Unreadable(
                rbpub_core::catalogue::Sentence::their_words(e),
            ))
        }
        Err(e) => return Ok(ImageManifest::Unreadable(e.sentence())),
        Ok(()) => {}
    }
    let Some(bytes) = manifest else {
        return Ok(ImageManifest::Missing);
    };
    let mut parser = serde_json::Deserializer::from_slice(&bytes);
    let seed = manifest::OrNull(manifest::ImagesSeed {
        kept,
        sizes: &sizes,
    });
    let images = match serde::de::DeserializeSeed::deserialize(seed, &mut parser)
        .and_then(|images| parser.end().map(|()| images))
    {
        Ok(images) => images,
        Err(e) => {
            return match kept.spent.take() {
                Some(limit) => Err(WalkError::Refused(limit)),
                None => Ok(ImageManifest::Unreadable(
                    rbpub_core::catalogue::Sentence::their_words(e),
                )),
            }
        }
    };
    Ok(if images.is_empty() {
        ImageManifest::Empty
    } else {
        ImageManifest::Listed(images)
    })
}

mod manifest {
    //! An image tarball's `manifest.json` read within the export's budget:
    //! each image, tag and layer counted as it is parsed, so a manifest of
    //! millions of `{}` or of empty `RepoTags` stops at the limit instead of
    //! being held whole first.

    use std::collections::HashMap;
    use std::fmt;

    use rbpub_core::offline::ArchivedImage;
    use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};

    use super::{Kept, Sentence};

    /// The manifest: a list of images (read through [`OrNull`]: `null` is none).
    pub(super) struct ImagesSeed<'a> {
        pub kept: &'a Kept,
        pub sizes: &'a HashMap<String, u64>,
    }

    fn spent<E: de::Error>(kept: &Kept, why: Sentence) -> E {
        let english = why.say(rbpub_core::Locale::En);
        kept.spent.set(Some(why));
        E::custom(english)
    }

    impl<'de> DeserializeSeed<'de> for ImagesSeed<'_> {
        type Value = Vec<ArchivedImage>;
        fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_seq(self)
        }
    }

    impl<'de> Visitor<'de> for ImagesSeed<'_> {
        type Value = Vec<ArchivedImage>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a list of images")
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            let mut out = Vec::new();
            let seed = || ImageSeed {
                kept: self.kept,
                sizes: self.sizes,
            };
            while let Some(image) = seq.next_element_seed(seed())? {
                self.kept.image().map_err(|why| spent(self.kept, why))?;
                out.push(image);
            }
            Ok(out)
        }
    }

    /// One image: `Config` and `Layers` sized from the tarball's entries,
    /// `RepoTags` kept.
    struct ImageSeed<'a> {
        kept: &'a Kept,
        sizes: &'a HashMap<String, u64>,
    }

    impl ImageSeed<'_> {
        fn size(&self, name: &str) -> u64 {
            self.sizes
                .get(name.trim_start_matches("./"))
                .copied()
                .unwrap_or(0)
        }
    }

    impl<'de> DeserializeSeed<'de> for ImageSeed<'_> {
        type Value = ArchivedImage;
        fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_map(self)
        }
    }

    impl<'de> Visitor<'de> for ImageSeed<'_> {
        type Value = ArchivedImage;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("an image: Config, RepoTags, Layers")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut image = ArchivedImage {
                names: Vec::new(),
                bytes: 0,
            };
            while let Some(key) = map.next_key::<String>()? {
                match key.as_str() {
                    "Config" => {
                        let config: Option<String> = map.next_value()?;
                        image.bytes += config.map_or(0, |c| self.size(&c));
                    }
                    "RepoTags" | "Layers" => {
                        let names = map.next_value_seed(OrNull(NamesSeed { kept: self.kept }))?;
                        if key == "RepoTags" {
                            image.names = names;
                        } else {
                            image.bytes += names.iter().map(|l| self.size(l)).sum::<u64>();
                        }
                    }
                    _ => {
                        map.next_value::<IgnoredAny>()?;
                    }
                }
            }
            Ok(image)
        }
    }

    /// `null` read as nothing (an empty list), anything else by the seed.
    pub(super) struct OrNull<S>(pub S);

    impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for OrNull<S>
    where
        S::Value: Default,
    {
        type Value = S::Value;
        fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_option(self)
        }
    }

    impl<'de, S: DeserializeSeed<'de>> Visitor<'de> for OrNull<S>
    where
        S::Value: Default,
    {
        type Value = S::Value;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a list, or null")
        }
        fn visit_none<E>(self) -> Result<Self::Value, E> {
            Ok(S::Value::default())
        }
        fn visit_unit<E>(self) -> Result<Self::Value, E> {
            Ok(S::Value::default())
        }
        fn visit_some<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            self.0.deserialize(d)
        }
    }

    /// A list of names, each counted.
    struct NamesSeed<'a> {
        kept: &'a Kept,
    }

    impl<'de> DeserializeSeed<'de> for NamesSeed<'_> {
        type Value = Vec<String>;
        fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_seq(self)
        }
    }

    impl<'de> Visitor<'de> for NamesSeed<'_> {
        type Value = Vec<String>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a list of names")
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            let mut out = Vec::new();
            while let Some(name) = seq.next_element::<String>()? {
                self.kept
                    .image_name()
                    .map_err(|why| spent(self.kept, why))?;
                out.push(name);
            }
            Ok(out)
        }
    }
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
