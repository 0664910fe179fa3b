//! Brand kits from a folder or a zip: what is good is read, the rest is refused
//! per file with the reason, and nothing escapes the kit or blows up in memory.

mod common;

use std::io::Write;

use rbpub_assets::kit::{is_logo_name, read, KitLimits};
use zip::write::SimpleFileOptions;
use zip::CompressionMethod;

fn zip_of(entries: &[(&str, &[u8])], method: CompressionMethod) -> tempfile::NamedTempFile {
    let file = tempfile::Builder::new().suffix(".zip").tempfile().unwrap();
    let mut zip = zip::ZipWriter::new(file.reopen().unwrap());
    for (name, bytes) in entries {
        zip.start_file(
            *name,
            SimpleFileOptions::default().compression_method(method),
        )
        .unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap();
    file
}

#[test]
fn a_zip_with_dot_dot_paths_reads_the_good_files_and_refuses_the_escape() {
    let logo = common::png(&common::solid(128, 128, [1, 2, 3, 255]));
    let kit = zip_of(
        &[
            ("kit/logo.png", &logo),
            ("../../etc/evil.png", b"x"),
            ("/abs.png", b"y"),
        ],
        CompressionMethod::Stored,
    );
    let files = read(kit.path(), &KitLimits::default()).unwrap();
    assert_eq!(files.len(), 3);
    assert_eq!(files[0].name, "kit/logo.png");
    assert_eq!(files[0].content.as_deref().unwrap(), logo.as_slice());
    for escaped in &files[1..] {
        let reason = escaped
            .content
            .as_ref()
            .unwrap_err()
            .say(rbpub_core::Locale::En);
        assert!(
            reason.starts_with("its path leaves the kit"),
            "{}: {reason}",
            escaped.name
        );
    }
    assert!(!std::path::Path::new("/etc/evil.png").exists());
}

#[test]
fn a_zip_bomb_entry_is_refused_without_unpacking_it() {
    let zeros = vec![0u8; 64 * 1024 * 1024];
    let kit = zip_of(
        &[("screens/bomb.png", &zeros), ("logo.png", b"tiny")],
        CompressionMethod::Deflated,
    );
    assert!(
        std::fs::metadata(kit.path()).unwrap().len() < 1024 * 1024,
        "the bomb is small on disk"
    );
    let files = read(kit.path(), &KitLimits::default()).unwrap();
    let reason = files[0]
        .content
        .as_ref()
        .unwrap_err()
        .say(rbpub_core::Locale::En);
    assert!(
        reason.contains("(a zip bomb); it was not unpacked"),
        "{reason}"
    );
    assert_eq!(files[1].content.as_deref().unwrap(), b"tiny");
}

#[test]
fn a_small_bomb_is_refused_as_surely_as_a_big_one() {
    // 900 KB of zeros packs to about 1 KB: under any "big files only" floor.
    let zeros = vec![0u8; 900 * 1024];
    let kit = zip_of(
        &[("screens/small-bomb.png", &zeros)],
        CompressionMethod::Deflated,
    );
    let files = read(kit.path(), &KitLimits::default()).unwrap();
    let reason = files[0]
        .content
        .as_ref()
        .unwrap_err()
        .say(rbpub_core::Locale::En);
    assert!(reason.contains("(a zip bomb)"), "{reason}");
}

#[test]
fn two_entries_that_name_one_file_are_both_shown_and_the_second_refused() {
    let kit = zip_of(
        &[("logo.png", b"first"), ("x/../logo.png", b"second")],
        CompressionMethod::Stored,
    );
    let files = read(kit.path(), &KitLimits::default()).unwrap();
    assert_eq!(files[0].content.as_deref().unwrap(), b"first");
    assert_eq!(files[1].name, "x/../logo.png");
    let reason = files[1]
        .content
        .as_ref()
        .unwrap_err()
        .say(rbpub_core::Locale::En);
    assert!(
        reason.contains("it names the same file as “logo.png”"),
        "{reason}"
    );
}

#[test]
fn a_kit_whose_files_together_are_too_large_stops_reading_them() {
    let limits = KitLimits {
        max_total_bytes: 10,
        ..KitLimits::default()
    };
    let kit = zip_of(
        &[("a.png", b"123456"), ("b.png", b"123456")],
        CompressionMethod::Stored,
    );
    let files = read(kit.path(), &limits).unwrap();
    assert!(files[0].content.is_ok());
    assert_eq!(
        files[1]
            .content
            .as_ref()
            .unwrap_err()
            .say(rbpub_core::Locale::En),
        "the kit's files together would pass 0 MB; it was not read"
    );
}

#[test]
fn a_folder_kit_skips_hidden_files_and_refuses_links() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("logo.svg"), "<svg/>").unwrap();
    std::fs::create_dir(dir.path().join("screens")).unwrap();
    std::fs::write(dir.path().join("screens/1.png"), "a").unwrap();
    std::fs::write(dir.path().join(".DS_Store"), "junk").unwrap();
    std::os::unix::fs::symlink("/etc/passwd", dir.path().join("passwd.png")).unwrap();
    let files = read(dir.path(), &KitLimits::default()).unwrap();
    let names: Vec<_> = files.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["logo.svg", "passwd.png", "screens/1.png"]);
    assert_eq!(
        files[1]
            .content
            .as_ref()
            .unwrap_err()
            .say(rbpub_core::Locale::En),
        "it is a link; a kit's files are read without following links"
    );
}

#[test]
fn not_a_zip_says_what_to_pick() {
    let file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(file.path(), b"PK\x03\x04 but not really").unwrap();
    let err = read(file.path(), &KitLimits::default()).unwrap_err();
    assert!(err.to_string().starts_with("not a readable zip"), "{err}");
}

#[test]
fn the_logo_is_found_by_its_name() {
    assert!(is_logo_name("brand/Logo.PNG"));
    assert!(is_logo_name("icon.svg"));
    assert!(!is_logo_name("screens/logo-on-dark-screenshot.png"));
}
