//! Brand kits: a folder or a zip of a logo and screenshots, read with every
//! file accounted for. Paths that leave the kit, links, oversize files and zip
//! bombs are refused per file; nothing is written anywhere.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use rbpub_core::budget;

use rbpub_core::catalogue::Sentence;

use crate::error::{Error, Result};

/// What a kit may hold.
#[derive(Clone, Copy, Debug)]
pub struct KitLimits {
    pub max_files: usize,
    pub max_file_bytes: u64,
    /// All files together, uncompressed.
    pub max_total_bytes: u64,
    /// Uncompressed size over compressed size above which an entry is a bomb.
    pub max_ratio: u64,
}

impl Default for KitLimits {
    fn default() -> Self {
        KitLimits {
            max_files: budget::KIT_FILES,
            max_file_bytes: budget::LISTING_IMAGE_BYTES,
            max_total_bytes: budget::KIT_INFLATED_BYTES,
            max_ratio: budget::ARCHIVE_RATIO,
        }
    }
}

/// One file of the kit: its path inside the kit, and its bytes or why it was refused.
#[derive(Debug)]
pub struct KitFile {
    pub name: String,
    pub content: std::result::Result<Vec<u8>, Sentence>,
}

/// Reads a kit folder (not following links) or a `.zip` file.
pub fn read(path: &Path, limits: &KitLimits) -> Result<Vec<KitFile>> {
    if path.is_dir() {
        read_folder(path, limits)
    } else {
        read_zip(path, limits)
    }
}

fn read_folder(root: &Path, limits: &KitLimits) -> Result<Vec<KitFile>> {
    let mut out = Vec::new();
    let mut total = 0u64;
    let mut pending: Vec<(PathBuf, usize)> = vec![(root.to_path_buf(), 0)];
    while let Some((dir, depth)) = pending.pop() {
        let mut entries: Vec<_> = fs::read_dir(&dir)?.collect::<std::io::Result<_>>()?;
        entries.sort_by_key(|e| e.file_name());
        for entry in entries {
            let path = entry.path();
            let name = path
                .strip_prefix(root)
                .unwrap_or(&path)
                .to_string_lossy()
                .into_owned();
            if hidden(&name) {
                continue;
            }
            let kind = entry.file_type()?;
            if kind.is_dir() && depth < 3 {
                pending.push((path, depth + 1));
                continue;
            }
            if out.len() >= limits.max_files {
                return Err(too_many(limits));
            }
            let content = if kind.is_symlink() {
                Err(link_refused())
            } else if !kind.is_file() {
                continue;
            } else {
                let size = entry.metadata()?.len();
                budget(size, &mut total, limits).and_then(|()| {
                    fs::read(&path).map_err(|e| Sentence::new("kit.unreadable").arg("why", e))
                })
            };
            out.push(KitFile { name, content });
        }
    }
    Ok(out)
}

fn read_zip(path: &Path, limits: &KitLimits) -> Result<Vec<KitFile>> {
    let file = fs::File::open(path)?;
    let mut archive = zip::ZipArchive::new(file)
        .map_err(|e| Error::Kit(Sentence::new("kit.notAZip").arg("why", e)))?;
    if archive.len() > limits.max_files {
        return Err(too_many(limits));
    }
    let mut out = Vec::new();
    let mut total = 0u64;
    let mut seen: std::collections::HashMap<String, String> = Default::default();
    for i in 0..archive.len() {
        let mut entry = match archive.by_index(i) {
            Ok(e) => e,
            Err(e) => {
                out.push(KitFile {
                    name: format!("entry {}", i + 1),
                    content: Err(Sentence::new("kit.unreadable").arg("why", e)),
                });
                continue;
            }
        };
        let raw_name = String::from_utf8_lossy(entry.name_raw()).into_owned();
        if entry.is_dir() || hidden(&raw_name) {
            continue;
        }
        let Some(name) = entry_name(&raw_name) else {
            out.push(KitFile {
                name: raw_name,
                content: Err(Sentence::new("kit.leaves")),
            });
            continue;
        };
        if let Some(first) = seen.insert(name.clone(), raw_name.clone()) {
            out.push(KitFile {
                name: raw_name,
                content: Err(Sentence::new("kit.sameFile")
                    .arg("first", first)
                    .arg("name", &name)),
            });
            continue;
        }
        if entry.is_symlink() {
            out.push(KitFile {
                name,
                content: Err(link_refused()),
            });
            continue;
        }
        let (size, packed) = (entry.size(), entry.compressed_size().max(1));
        let content = if size / packed > limits.max_ratio {
            Err(Sentence::new("kit.bomb")
                .arg("ratio", size / packed)
                .arg("mb", size.div_ceil(1024 * 1024)))
        } else {
            budget(size, &mut total, limits).and_then(|()| {
                // The declared size may lie: read one byte past it at most.
                let mut bytes = Vec::new();
                let read = (&mut entry)
                    .take(size + 1)
                    .read_to_end(&mut bytes)
                    .map_err(|e| Sentence::new("kit.unreadable").arg("why", e))?;
                if read as u64 != size {
                    return Err(Sentence::new("kit.sizeDiffers"));
                }
                Ok(bytes)
            })
        };
        out.push(KitFile { name, content });
    }
    Ok(out)
}

fn budget(size: u64, total: &mut u64, limits: &KitLimits) -> std::result::Result<(), Sentence> {
    if size > limits.max_file_bytes {
        return Err(Sentence::new("kit.fileTooLarge")
            .arg("mb", size.div_ceil(1024 * 1024))
            .arg("most", limits.max_file_bytes / 1024 / 1024));
    }
    if *total + size > limits.max_total_bytes {
        return Err(Sentence::new("kit.tooLarge").arg("most", limits.max_total_bytes / 1024 / 1024));
    }
    *total += size;
    Ok(())
}

fn link_refused() -> Sentence {
    Sentence::new("kit.link")
}

fn too_many(limits: &KitLimits) -> Error {
    Error::Kit(Sentence::new("kit.tooMany").arg("most", limits.max_files))
}

/// Dot files and macOS's resource forks are not part of a kit or a bundle.
pub fn hidden(name: &str) -> bool {
    name.split(['/', '\\'])
        .any(|part| (part.starts_with('.') && part != ".." && part != ".") || part == "__MACOSX")
}

/// A zip entry's name as a file system would resolve it: `\` read as `/`,
/// `.` and `..` resolved. `None` when it is absolute, names a drive, or climbs
/// out of the archive. Two entries with one resolved name are one file named
/// twice, and which one an unzip tool keeps differs from tool to tool.
pub fn entry_name(raw: &str) -> Option<String> {
    let unified = raw.replace('\\', "/");
    if unified.starts_with('/') || unified.get(1..2) == Some(":") {
        return None;
    }
    let mut parts: Vec<&str> = Vec::new();
    for part in unified.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    (!parts.is_empty()).then(|| parts.join("/"))
}

/// Whether a kit file is the logo, by its name: `logo.*` or `icon.*`.
pub fn is_logo_name(name: &str) -> bool {
    let file = name
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or(name)
        .to_ascii_lowercase();
    let stem = file.split('.').next().unwrap_or("");
    matches!(stem, "logo" | "icon" | "app-logo" | "applogo")
}

#[cfg(test)]
mod tests {
    use super::entry_name;

    #[test]
    fn entry_names_resolve_as_a_file_system_would() {
        assert_eq!(entry_name("listing.toml").as_deref(), Some("listing.toml"));
        assert_eq!(
            entry_name("x/../listing.toml").as_deref(),
            Some("listing.toml")
        );
        assert_eq!(
            entry_name("./versions\\1.0.0.md").as_deref(),
            Some("versions/1.0.0.md")
        );
        assert_eq!(entry_name("a//b/./c").as_deref(), Some("a/b/c"));
        for escaping in [
            "../evil.sh",
            "a/../../evil.sh",
            "/etc/passwd",
            "\\x",
            "C:/x",
            "..",
            ".",
        ] {
            assert_eq!(entry_name(escaping), None, "{escaping}");
        }
    }
}
