//! Writing a listing's files: the same entries to a folder (updated in place so
//! git sees only what changed) or to one bundle file.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashSet};
use std::fs;
use std::io::Write;
use std::path::Path;

use crate::error::{io, Error, Result};
use crate::manifest::{
    Manifest, ManifestPackage, ManifestScreenshot, ManifestVersion, NotesFile, SCHEMA,
};
use crate::{ListingFiles, MANIFEST, NOTES};

/// The extension bundles are saved with.
pub const BUNDLE_EXTENSION: &str = "rbpub";

/// The files of a listing, by relative path, in a stable order. Images and
/// text are borrowed from the listing, not copied; only generated files are owned.
fn entries(files: &ListingFiles) -> Result<BTreeMap<String, Cow<'_, [u8]>>> {
    let d = &files.draft;
    let l = &d.listing;
    let mut out = BTreeMap::new();
    let logo = match (&l.logo, &files.logo) {
        (Some(info), Some(bytes)) => {
            let name = format!("logo.{}", info.format.extension());
            out.insert(name.clone(), Cow::Borrowed(bytes.as_slice()));
            Some(name)
        }
        _ => None,
    };
    let mut screenshots = Vec::new();
    for (i, (shot, bytes)) in d.screenshots.iter().zip(&files.screenshots).enumerate() {
        let short: String = shot.image.hash.chars().take(8).collect();
        let name = format!(
            "screenshots/{:02}-{short}.{}",
            i + 1,
            shot.image.format.extension()
        );
        out.insert(name.clone(), Cow::Borrowed(bytes.as_slice()));
        screenshots.push(ManifestScreenshot {
            file: name,
            caption: shot.caption.clone(),
        });
    }
    let mut taken = HashSet::new();
    let mut versions = Vec::new();
    for (i, v) in d.versions.iter().enumerate() {
        let notes = if v.release_notes.is_empty() {
            None
        } else {
            let mut stem =
                file_stem(v.version.trim()).unwrap_or_else(|| format!("version-{}", i + 1));
            while !taken.insert(stem.clone()) {
                stem.push('_');
            }
            let name = format!("versions/{stem}.md");
            out.insert(name.clone(), Cow::Borrowed(v.release_notes.as_bytes()));
            Some(name)
        };
        versions.push(ManifestVersion {
            version: v.version.clone(),
            alias: v.alias.clone(),
            notes,
        });
    }
    let template = match &d.template {
        Some(t) => {
            let json = serde_json::to_vec_pretty(t).map_err(|e| Error::Malformed {
                file: "template.json".into(),
                reason: e.to_string(),
            })?;
            out.insert("template.json".into(), Cow::Owned(json));
            Some("template.json".to_string())
        }
        None => None,
    };
    out.insert(
        "introduction.md".into(),
        Cow::Borrowed(l.introduction.as_bytes()),
    );
    let manifest = Manifest {
        schema: SCHEMA,
        id: l.id.clone(),
        name: l.name.clone(),
        description: l.description.clone(),
        tags: l.tags.clone(),
        publish_type: l.publish_type,
        review: l.for_review,
        introduction: "introduction.md".into(),
        logo,
        template,
        rules: l.rule_levels.0.clone(),
        versions,
        packages: d
            .packages
            .iter()
            .map(|p| ManifestPackage {
                name: p.name.clone(),
                version: p.version.clone(),
                description: p.description.clone(),
            })
            .collect(),
        screenshots,
    };
    out.insert(
        MANIFEST.into(),
        Cow::Owned(toml_bytes(MANIFEST, &manifest)?),
    );
    if !d.notes.is_empty() {
        let notes = NotesFile {
            notes: d.notes.clone(),
        };
        out.insert(NOTES.into(), Cow::Owned(toml_bytes(NOTES, &notes)?));
    }
    Ok(out)
}

/// What an export wrote into a folder, one path a line: the next export removes
/// only files named here that it no longer writes. Nothing else is ever deleted.
pub const WRITTEN: &str = ".rbpub-export";

/// Writes (or updates) a listing folder. Files an earlier export wrote (named in
/// [`WRITTEN`]) that this one no longer has, such as a removed screenshot, are
/// removed; nothing else in the folder is touched. A link where the export
/// writes (a `screenshots` folder linked elsewhere, say) is refused before
/// anything is written.
pub fn write_folder(dir: &Path, files: &ListingFiles) -> Result<()> {
    let entries = entries(files)?;
    fs::create_dir_all(dir).map_err(io(dir))?;
    for rel in entries.keys().map(String::as_str).chain([WRITTEN]) {
        refuse_links(dir, rel)?;
    }
    let earlier = written_before(dir);
    for (rel, bytes) in &entries {
        let path = dir.join(rel);
        if fs::read(&path).ok().as_deref() == Some(&**bytes) {
            continue;
        }
        write_atomically(&path, bytes)?;
    }
    for rel in earlier.iter().filter(|rel| !entries.contains_key(*rel)) {
        // Checked again: only a plain file inside the folder, reached without links.
        if refuse_links(dir, rel).is_err() || !is_inside(rel) {
            continue;
        }
        let path = dir.join(rel);
        if fs::symlink_metadata(&path).is_ok_and(|m| m.is_file()) {
            fs::remove_file(&path).map_err(io(&path))?;
        }
    }
    let record: String = entries.keys().map(|rel| format!("{rel}\n")).collect();
    if fs::read(dir.join(WRITTEN)).ok().as_deref() != Some(record.as_bytes()) {
        write_atomically(&dir.join(WRITTEN), record.as_bytes())?;
    }
    Ok(())
}

/// The files the last export wrote, as it recorded them (none without a record).
fn written_before(dir: &Path) -> Vec<String> {
    fs::read_to_string(dir.join(WRITTEN))
        .map(|text| {
            text.lines()
                .map(str::to_owned)
                .filter(|l| !l.is_empty())
                .collect()
        })
        .unwrap_or_default()
}

/// A relative path with no way out of the folder (`..`, a root, a drive).
fn is_inside(rel: &str) -> bool {
    Path::new(rel)
        .components()
        .all(|c| matches!(c, std::path::Component::Normal(_)))
}

/// Refuses a link at any step below `dir` on the way to `rel`.
fn refuse_links(dir: &Path, rel: &str) -> Result<()> {
    let mut path = dir.to_path_buf();
    for part in Path::new(rel).components() {
        path.push(part);
        if fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink()) {
            return Err(Error::LinkInExport(path.display().to_string()));
        }
    }
    Ok(())
}

/// Writes the listing as one bundle file (a zip), replacing it whole.
pub fn write_bundle(path: &Path, files: &ListingFiles) -> Result<()> {
    let entries = entries(files)?;
    let dir = crate::folder_of(path);
    let tmp = tempfile::NamedTempFile::new_in(dir).map_err(io(dir))?;
    {
        let mut zip = zip::ZipWriter::new(tmp.as_file());
        for (rel, bytes) in &entries {
            // Images are compressed already.
            let method = if rel.ends_with(".md") || rel.ends_with(".toml") || rel.ends_with(".json")
            {
                zip::CompressionMethod::Deflated
            } else {
                zip::CompressionMethod::Stored
            };
            let options = zip::write::SimpleFileOptions::default()
                .compression_method(method)
                .unix_permissions(0o644);
            zip.start_file(rel.as_str(), options)
                .map_err(|e| zip_error(path, e))?;
            zip.write_all(bytes).map_err(io(path))?;
        }
        zip.finish().map_err(|e| zip_error(path, e))?;
    }
    tmp.as_file().sync_all().map_err(io(path))?;
    tmp.persist(path).map_err(|e| io(path)(e.error))?;
    Ok(())
}

fn zip_error(path: &Path, e: zip::result::ZipError) -> Error {
    Error::Io {
        path: path.to_path_buf(),
        source: std::io::Error::other(e),
    }
}

fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = crate::folder_of(path);
    fs::create_dir_all(dir).map_err(io(dir))?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(io(dir))?;
    tmp.write_all(bytes).map_err(io(path))?;
    tmp.as_file().sync_all().map_err(io(path))?;
    tmp.persist(path).map_err(|e| io(path)(e.error))?;
    Ok(())
}

fn toml_bytes<T: serde::Serialize>(file: &str, value: &T) -> Result<Vec<u8>> {
    toml::to_string_pretty(value)
        .map(String::into_bytes)
        .map_err(|e| Error::Malformed {
            file: file.to_string(),
            reason: e.to_string(),
        })
}

/// A version number as a file name: digits, letters, `.`, `-`, `_` only.
fn file_stem(version: &str) -> Option<String> {
    let stem: String = version
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let stem = stem.trim_matches('.').to_string();
    (!stem.is_empty() && stem.len() <= 64).then_some(stem)
}
