//! The inputs a fuzz target kept, for the tests that replay them (each test
//! includes this file with `#[path]`; every including crate sits two folders
//! below the workspace, as `crates/<name>`).

use std::path::{Path, PathBuf};

/// Every file in `fuzz/corpus/<target>`, in name order; panics when there is none,
/// since the seeds are always there.
pub fn inputs(target: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fuzz/corpus")
        .join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "{} holds no seeds", dir.display());
    files
}
