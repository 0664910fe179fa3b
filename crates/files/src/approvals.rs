//! Reviewers' approvals as files: `approvals/<file>.approval` (the signed
//! statement) beside `approvals/<file>.approval.sig` (its SSH signature), in a
//! folder or a bundle. What they mean is `rbpub-approvals`' to say; here they
//! are read and written, bounded, as text.

use std::path::Path;

use rbpub_core::SignedApproval;

use crate::error::{Error, Result};
use crate::source::Source;
use crate::write::{approval_entries, APPROVALS, SIGNATURE, STATEMENT};

/// Approvals read from one listing: reviewers are a handful.
pub const MAX_APPROVALS: usize = 64;
/// A statement of a listing with hundreds of versions is tens of KiB.
const MAX_STATEMENT: u64 = 256 * 1024;
/// An armoured SSH signature is under 1 KiB (RSA-4096: about 1.5 KiB).
const MAX_SIGNATURE: u64 = 16 * 1024;

/// Every approval in the listing's `approvals/` folder, by file name. A
/// statement without its signature is kept with an empty one (the check says
/// why it does not count); a signature alone is ignored.
pub(crate) fn read_approvals(source: &Source) -> Result<Vec<SignedApproval>> {
    let names = source.files_in(APPROVALS)?;
    let stems: Vec<&str> = names
        .iter()
        .filter_map(|n| n.strip_suffix(STATEMENT))
        .collect();
    if stems.len() > MAX_APPROVALS {
        return Err(Error::Malformed {
            file: format!("{APPROVALS}/"),
            reason: rbpub_core::catalogue::Sentence::new("files.tooManyApprovals")
                .arg("n", stems.len())
                .arg("max", MAX_APPROVALS),
        });
    }
    let mut out = Vec::new();
    for stem in stems {
        let text = |suffix: &str, max: u64| -> Result<String> {
            let rel = format!("{APPROVALS}/{stem}{suffix}");
            Ok(source
                .read(&rel, max)?
                .map(|b| String::from_utf8_lossy(&b).into_owned())
                .unwrap_or_default())
        };
        out.push(SignedApproval {
            file: stem.to_owned(),
            statement: text(STATEMENT, MAX_STATEMENT)?,
            signature: text(SIGNATURE, MAX_SIGNATURE)?,
        });
    }
    Ok(out)
}

/// Adds (or replaces, by file name) one approval in the listing at `path`:
/// into a folder, its two files only, each written whole or not at all, the
/// rest of the folder untouched; into a bundle, the bundle written again with it.
pub fn write_approval(path: &Path, approval: &SignedApproval) -> Result<()> {
    if !is_plain_stem(&approval.file) {
        return Err(Error::Malformed {
            file: format!("{APPROVALS}/{}", approval.file),
            reason: rbpub_core::catalogue::Sentence::new("files.approvalName"),
        });
    }
    let meta = std::fs::metadata(path).map_err(crate::error::io(path))?;
    if meta.is_dir() {
        return crate::folder::write_files(path, &approval_entries(approval));
    }
    let mut files = crate::read(path, crate::Depth::Full)?;
    files.approvals.retain(|a| a.file != approval.file);
    files.approvals.push(approval.clone());
    crate::write_bundle(path, &files)
}

fn is_plain_stem(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 64
        && !name.starts_with('.')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
}
