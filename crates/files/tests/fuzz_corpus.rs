//! Every input kept in the fuzz corpora (`fuzz/corpus/read_bundle`, `read_export`,
//! `fuzz/corpus/read_ram`) read as the fuzz targets read it: the seeds are
//! good files, and whatever else lands there (an input that once crashed a
//! reader) must now be a clear error, not a panic.

use std::path::{Path, PathBuf};

#[path = "../../../fuzz/replay.rs"]
mod replay;
use replay::inputs as corpus;

fn is_seed(path: &Path) -> bool {
    path.file_name()
        .unwrap()
        .to_string_lossy()
        .starts_with("seed")
}

/// Each input under the name its reader expects, in a scratch folder.
fn as_named(input: &Path, name: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::copy(input, &path).unwrap();
    (dir, path)
}

#[test]
fn every_bundle_in_the_fuzz_corpus_reads_or_says_why() {
    for input in corpus("read_bundle") {
        let (_dir, path) = as_named(&input, "listing.rbpub");
        match rbpub_files::read(&path, rbpub_files::Depth::Full) {
            Ok(files) => assert!(!files.draft.listing.name.is_empty(), "{}", input.display()),
            Err(e) if !is_seed(&input) => assert!(!e.to_string().is_empty()),
            Err(e) => panic!("seed {} does not read: {e}", input.display()),
        }
    }
}

#[test]
fn every_ram_export_in_the_fuzz_corpus_reads_or_says_why() {
    for input in corpus("read_ram") {
        let (_dir, path) = as_named(&input, "app-1.0-ram.tar.gz");
        match rbpub_files::read_ram(&path) {
            Ok(template) => assert!(!template.components.is_empty() || !is_seed(&input)),
            Err(e) if !is_seed(&input) => assert!(!e.to_string().is_empty()),
            Err(e) => panic!("seed {} does not read: {e}", input.display()),
        }
    }
}

#[test]
fn every_whole_export_in_the_fuzz_corpus_reads_or_says_why() {
    for input in corpus("read_export") {
        let (_dir, path) = as_named(&input, "app-1.0-ram.tar.gz");
        match rbpub_files::read_export(&path, true) {
            Ok(read) if is_seed(&input) => {
                let report = rbpub_core::offline::ExportReport::new(&read.template, &read.contents);
                assert!(
                    report.components.iter().all(|c| c.bytes.is_some()),
                    "the seed carries every component's image: {report:?}"
                );
                assert_eq!(
                    read.checksums.len(),
                    3,
                    "the file, the tarball, metadata.json"
                );
            }
            Ok(_) => {}
            Err(e) if !is_seed(&input) => assert!(!e.to_string().is_empty()),
            Err(e) => panic!("seed {} does not read: {e}", input.display()),
        }
    }
}
