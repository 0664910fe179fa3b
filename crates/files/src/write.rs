//! Writing a listing's files: the entries a listing is made of, and one bundle
//! file of them (the folder is written by `folder`).

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::Write;
use std::path::Path;

use crate::error::{io, Error, Result};
use crate::manifest::{
    Manifest, ManifestPackage, ManifestScreenshot, ManifestVersion, NotesFile, SCHEMA,
};
use crate::{ListingFiles, MANIFEST, NOTES};
use rbpub_core::SignedApproval;

/// The folder of a listing that holds approvals.
pub const APPROVALS: &str = "approvals";
/// An approval's statement, then its signature: `approvals/<file><suffix>`.
pub(crate) const STATEMENT: &str = ".approval";
pub(crate) const SIGNATURE: &str = ".approval.sig";

/// The two files of an approval, by relative path.
pub(crate) fn approval_entries(a: &SignedApproval) -> [(String, &[u8]); 2] {
    [
        (
            format!("{APPROVALS}/{}{STATEMENT}", a.file),
            a.statement.as_bytes(),
        ),
        (
            format!("{APPROVALS}/{}{SIGNATURE}", a.file),
            a.signature.as_bytes(),
        ),
    ]
}

/// The extension bundles are saved with.
pub const BUNDLE_EXTENSION: &str = "rbpub";

/// The files of a listing, by relative path, in a stable order. Images and
/// text are borrowed from the listing, not copied; only generated files are owned.
pub(crate) fn entries(files: &ListingFiles) -> Result<BTreeMap<String, Cow<'_, [u8]>>> {
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
    // Two versions of one number get `1.0.0.md` and `1.0.0_2.md`: each name
    // found in one lookup, however many share a number (a name grown by a
    // character per duplicate took cubic time and ended "File name too long").
    let mut taken = HashSet::new();
    let mut next: HashMap<String, usize> = HashMap::new();
    let mut versions = Vec::new();
    for (i, v) in d.versions.iter().enumerate() {
        let notes = if v.release_notes.is_empty() {
            None
        } else {
            let base = file_stem(v.version.trim()).unwrap_or_else(|| format!("version-{}", i + 1));
            let mut stem = base.clone();
            while !taken.insert(stem.clone()) {
                let n = next.entry(base.clone()).or_insert(1);
                *n += 1;
                stem = format!("{base}_{n}");
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
                reason: rbpub_core::catalogue::Sentence::their_words(e),
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
    for approval in &files.approvals {
        for (rel, bytes) in approval_entries(approval) {
            out.insert(rel, Cow::Borrowed(bytes));
        }
    }
    if !d.notes.is_empty() {
        let notes = NotesFile {
            notes: d.notes.clone(),
        };
        out.insert(NOTES.into(), Cow::Owned(toml_bytes(NOTES, &notes)?));
    }
    Ok(out)
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

fn toml_bytes<T: serde::Serialize>(file: &str, value: &T) -> Result<Vec<u8>> {
    toml::to_string_pretty(value)
        .map(String::into_bytes)
        .map_err(|e| Error::Malformed {
            file: file.to_string(),
            reason: rbpub_core::catalogue::Sentence::their_words(e),
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
