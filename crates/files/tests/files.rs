//! Listings written to folders and bundles and read back; hostile folders,
//! bundles and template exports refused with a message naming the file.

use std::fs;
use std::io::Write;
use std::path::Path;

use rbpub_core::{
    Field, FieldRef, ImageFormat, Level, Listing, ListingDraft, Package, ReviewNote, RuleId,
    RuleLevels, Screenshot, Template, Version,
};
use rbpub_files::{
    find_listings, project_levels, read, read_ram, write_bundle, write_folder, Depth, Error,
    ListingFiles,
};

fn png(width: u32, height: u32, seed: u8) -> Vec<u8> {
    let img = image::RgbaImage::from_fn(width, height, |x, y| {
        image::Rgba([x as u8 ^ seed, y as u8, seed, 255])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

fn info(bytes: &[u8], side: u32) -> rbpub_core::ImageInfo {
    rbpub_core::ImageInfo {
        hash: rbpub_assets::hash(bytes),
        format: ImageFormat::Png,
        width: side,
        height: side,
        bytes: bytes.len() as u64,
        alpha: true,
    }
}

fn sample() -> ListingFiles {
    let logo = png(128, 128, 1);
    let shots = vec![png(64, 64, 2), png(64, 64, 3)];
    ListingFiles {
        draft: ListingDraft {
            listing: Listing {
                id: "0190-abc".into(),
                name: "wordpress".into(),
                description: "Blog in one click".into(),
                introduction: "# WordPress\n\nInstall and go.".into(),
                tags: vec!["cms".into(), "blog".into()],
                logo: Some(info(&logo, 128)),
                logo_original: Some(info(&logo, 128)),
                rule_levels: RuleLevels([(RuleId::TagsCount, Level::Off)].into_iter().collect()),
                ..Listing::default()
            },
            versions: vec![
                Version {
                    id: "version-1".into(),
                    version: "1.0.0".into(),
                    alias: "stable".into(),
                    release_notes: "First.\n\n- one".into(),
                    ..Version::default()
                },
                Version {
                    id: "version-2".into(),
                    version: "../../etc".into(),
                    ..Version::default()
                },
            ],
            packages: vec![Package {
                id: "package-1".into(),
                name: "Free".into(),
                version: "1.0.0".into(),
                description: "All".into(),
            }],
            screenshots: shots
                .iter()
                .enumerate()
                .map(|(i, b)| Screenshot {
                    id: format!("screenshot-{}", i + 1),
                    image: info(b, 64),
                    caption: format!("shot {i}"),
                })
                .collect(),
            template: Some(
                Template::from_metadata(include_bytes!("../../core/fixtures/ram-example.json"))
                    .unwrap(),
            ),
            notes: vec![ReviewNote {
                field: FieldRef {
                    field: Field::Name,
                    item: None,
                },
                text: "Use the product name".into(),
                author: "rita".into(),
                updated_at: 7,
            }],
            ..ListingDraft::default()
        },
        logo: Some(logo),
        screenshots: shots,
        approvals: Vec::new(),
    }
}

#[test]
fn a_folder_holds_the_listing_as_the_issue_lays_it_out_and_reads_back_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("wordpress");
    let files = sample();
    write_folder(&out, &files, false).unwrap();
    for file in [
        "listing.toml",
        "introduction.md",
        "logo.png",
        "versions/1.0.0.md",
        "template.json",
        "notes.toml",
    ] {
        assert!(out.join(file).is_file(), "{file}");
    }
    assert_eq!(fs::read_dir(out.join("screenshots")).unwrap().count(), 2);
    let toml = fs::read_to_string(out.join("listing.toml")).unwrap();
    assert!(toml.starts_with("schema = 1\n"), "{toml}");
    assert!(toml.contains("\"tags.count\" = \"off\""), "{toml}");

    let back = read(&out, Depth::Full).unwrap();
    assert_eq!(back.draft, files.draft);
    assert_eq!(back.logo, files.logo);
    assert_eq!(back.screenshots, files.screenshots);

    // Exporting again changes nothing on disk; removing a screenshot removes its file.
    let before = fs::metadata(out.join("listing.toml"))
        .unwrap()
        .modified()
        .unwrap();
    write_folder(&out, &files, false).unwrap();
    assert_eq!(
        fs::metadata(out.join("listing.toml"))
            .unwrap()
            .modified()
            .unwrap(),
        before
    );
    let mut fewer = files.clone();
    fewer.draft.screenshots.pop();
    fewer.screenshots.pop();
    fewer.draft.notes.clear();
    write_folder(&out, &fewer, false).unwrap();
    assert_eq!(fs::read_dir(out.join("screenshots")).unwrap().count(), 1);
    assert!(!out.join("notes.toml").exists());
}

#[test]
fn a_bundle_reads_back_the_same_and_linting_reads_only_the_logo_header() {
    let dir = tempfile::tempdir().unwrap();
    let bundle = dir.path().join("wordpress.rbpub");
    let files = sample();
    write_bundle(&bundle, &files).unwrap();
    let back = read(&bundle, Depth::Full).unwrap();
    assert_eq!(back.draft, files.draft);
    let lint = read(&bundle, Depth::Lint).unwrap();
    let logo = lint.draft.listing.logo.unwrap();
    assert_eq!(
        (logo.width, logo.height, logo.format),
        (128, 128, ImageFormat::Png)
    );
    assert_eq!(logo.bytes, files.logo.unwrap().len() as u64);
    assert!(logo.hash.is_empty());
    assert!(lint.draft.screenshots.is_empty());
}

fn write(path: &Path, text: &str) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

#[test]
fn folders_that_point_outside_link_out_are_too_big_or_too_new_are_refused_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let l = dir.path().join("l");
    write(&dir.path().join("secret.txt"), "secret");
    write(
        &l.join("listing.toml"),
        "schema = 1\nname = \"x\"\nintroduction = \"../secret.txt\"\n",
    );
    let err = read(&l, Depth::Full).unwrap_err();
    assert!(matches!(err, Error::OutsideFolder { .. }), "{err}");
    assert!(
        err.to_string()
            .contains("“../secret.txt”, which is outside the listing's folder"),
        "{err}"
    );

    write(
        &l.join("listing.toml"),
        "schema = 1\nname = \"x\"\nintroduction = \"/etc/passwd\"\n",
    );
    assert!(matches!(
        read(&l, Depth::Full),
        Err(Error::OutsideFolder { .. })
    ));

    write(&l.join("listing.toml"), "schema = 1\nname = \"x\"\n");
    std::os::unix::fs::symlink(dir.path().join("secret.txt"), l.join("introduction.md")).unwrap();
    let err = read(&l, Depth::Full).unwrap_err();
    assert!(
        err.to_string().starts_with("introduction.md is a link"),
        "{err}"
    );
    fs::remove_file(l.join("introduction.md")).unwrap();

    let big = fs::File::create(l.join("introduction.md")).unwrap();
    big.set_len(9 * 1024 * 1024).unwrap();
    let err = read(&l, Depth::Full).unwrap_err();
    assert_eq!(
        err.to_string(),
        "introduction.md is 9 MB; at most 8 MB is read for it"
    );
    fs::remove_file(l.join("introduction.md")).unwrap();

    write(
        &l.join("listing.toml"),
        "schema = 2\nname = \"x\"\nfuture = true\n",
    );
    let err = read(&l, Depth::Full).unwrap_err();
    assert!(
        err.to_string()
            .contains("schema 2; this version of Rainbond Publisher reads schema 1"),
        "{err}"
    );

    write(
        &l.join("listing.toml"),
        "schema = 1\nname = \"x\"\ncolour = \"red\"\n",
    );
    let err = read(&l, Depth::Full).unwrap_err();
    assert!(err.to_string().contains("unknown field `colour`"), "{err}");
    write(&l.join("listing.toml"), "schema = 1\nname = \"x\n");
    assert!(read(&l, Depth::Full)
        .unwrap_err()
        .to_string()
        .starts_with("listing.toml: "));

    write(
        &l.join("listing.toml"),
        "schema = 1\nname = \"x\"\nlogo = \"logo.png\"\n",
    );
    write(&l.join("logo.png"), "not an image");
    let err = read(&l, Depth::Full).unwrap_err();
    assert!(err.to_string().starts_with("logo.png: "), "{err}");

    let empty = dir.path().join("empty");
    fs::create_dir(&empty).unwrap();
    assert!(matches!(
        read(&empty, Depth::Full),
        Err(Error::NotAListing(_))
    ));
}

fn zip_with(path: &Path, entries: &[(&str, &[u8], bool)]) {
    let file = fs::File::create(path).unwrap();
    let mut zip = zip::ZipWriter::new(file);
    for (name, bytes, deflate) in entries {
        let method = if *deflate {
            zip::CompressionMethod::Deflated
        } else {
            zip::CompressionMethod::Stored
        };
        zip.start_file(
            *name,
            zip::write::SimpleFileOptions::default().compression_method(method),
        )
        .unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap();
}

#[test]
fn bundles_with_escaping_paths_or_bombs_are_refused_whole() {
    let dir = tempfile::tempdir().unwrap();
    let manifest = b"schema = 1\nname = \"x\"\n".as_slice();
    let escaping = dir.path().join("escape.rbpub");
    zip_with(
        &escaping,
        &[
            ("listing.toml", manifest, true),
            ("../../evil.sh", b"rm -rf", true),
        ],
    );
    let err = read(&escaping, Depth::Full).unwrap_err();
    assert!(
        err.to_string()
            .contains("“../../evil.sh” was refused: its path leaves the bundle"),
        "{err}"
    );
    assert!(!dir.path().join("evil.sh").exists());

    let bomb = dir.path().join("bomb.rbpub");
    let zeros = vec![0u8; 64 * 1024 * 1024];
    zip_with(
        &bomb,
        &[
            ("listing.toml", manifest, true),
            ("introduction.md", &zeros, true),
        ],
    );
    assert!(fs::metadata(&bomb).unwrap().len() < 1024 * 1024);
    let err = read(&bomb, Depth::Full).unwrap_err();
    assert!(err.to_string().contains("a zip bomb"), "{err}");

    let not_zip = dir.path().join("junk.rbpub");
    fs::write(&not_zip, b"garbage").unwrap();
    let err = read(&not_zip, Depth::Full).unwrap_err();
    assert!(matches!(err, Error::NotAListing(_)), "{err}");
    assert!(
        err.to_string()
            .contains("junk.rbpub is not a listing: pick a folder or .rbpub bundle"),
        "{err}"
    );
}

#[test]
fn a_bundle_naming_one_file_twice_is_refused_and_unnamed_entries_are_never_inflated() {
    let dir = tempfile::tempdir().unwrap();
    let manifest = b"schema = 1\nname = \"x\"\n".as_slice();
    let twice = dir.path().join("twice.rbpub");
    zip_with(
        &twice,
        &[
            ("listing.toml", manifest, true),
            ("x/../listing.toml", b"schema = 1\nname = \"y\"\n", true),
        ],
    );
    let err = read(&twice, Depth::Full).unwrap_err().to_string();
    assert!(
        err.contains("“x/../listing.toml” was refused: it names the same file as “listing.toml”"),
        "{err}"
    );

    // A bomb the listing does not name is skipped unread: the listing opens.
    let stowaway = dir.path().join("stowaway.rbpub");
    let zeros = vec![0u8; 64 * 1024 * 1024];
    zip_with(
        &stowaway,
        &[
            ("listing.toml", manifest, true),
            ("extras/padding.bin", &zeros, true),
        ],
    );
    let files = read(&stowaway, Depth::Full).unwrap();
    assert_eq!(files.draft.listing.name, "x");

    // A small bomb the listing names is refused: no 1 MiB floor.
    let small = dir.path().join("small-bomb.rbpub");
    zip_with(
        &small,
        &[
            (
                "listing.toml",
                b"schema = 1\nname = \"x\"\nintroduction = \"introduction.md\"\n",
                true,
            ),
            ("introduction.md", &zeros[..900 * 1024], true),
        ],
    );
    let err = read(&small, Depth::Full).unwrap_err().to_string();
    assert!(err.contains("a zip bomb"), "{err}");
}

fn tar_gz(path: &Path, entries: &[(&str, &[u8])]) {
    let gz =
        flate2::write::GzEncoder::new(fs::File::create(path).unwrap(), flate2::Compression::fast());
    let mut tar = tar::Builder::new(gz);
    for (name, bytes) in entries {
        let mut header = tar::Header::new_gnu();
        header.set_size(bytes.len() as u64);
        header.set_mode(0o644);
        header.set_cksum();
        tar.append_data(&mut header, name, *bytes).unwrap();
    }
    tar.into_inner().unwrap().finish().unwrap();
}

#[test]
fn ram_exports_read_their_metadata_and_bad_ones_say_why() {
    let dir = tempfile::tempdir().unwrap();
    let example = include_bytes!("../../core/fixtures/ram-example.json");
    let good = dir.path().join("wordpress-1.2.0-ram.tar.gz");
    let layer = vec![7u8; 3 * 1024 * 1024];
    tar_gz(
        &good,
        &[
            ("wordpress-1.2.0/images/mysql.tar", &layer),
            ("wordpress-1.2.0/metadata.json", example),
        ],
    );
    let t = read_ram(&good).unwrap();
    assert_eq!(t.components.len(), 2);
    assert_eq!(t.version, "1.2.0");

    let bare = dir.path().join("metadata.json");
    fs::write(&bare, example).unwrap();
    assert_eq!(read_ram(&bare).unwrap(), t);

    let missing = dir.path().join("none-ram.tar.gz");
    tar_gz(&missing, &[("x/images/a.tar", b"abc")]);
    assert!(read_ram(&missing)
        .unwrap_err()
        .to_string()
        .contains("has no metadata.json"));
    // Every word of it in Chinese for a Chinese user, the file's name aside.
    let (why, detail) = read_ram(&missing).unwrap_err().sentence();
    assert_eq!(detail, None);
    assert_eq!(
        why.say(rbpub_core::Locale::ZhCn),
        format!(
            "无法把 {} 作为模板导出读取：其顶层或唯一的文件夹中没有 metadata.json；它是 Rainbond 模板导出文件（*-ram.tar.gz）吗？",
            missing.display()
        )
    );
    let not_template = dir.path().join("other.json");
    fs::write(&not_template, br#"{"group_name":"x"}"#).unwrap();
    let (why, _) = read_ram(&not_template).unwrap_err().sentence();
    assert!(
        why.say(rbpub_core::Locale::ZhCn)
            .ends_with("metadata.json 中没有 `apps` 列表；它是 Rainbond 模板导出文件吗？"),
        "{}",
        why.say(rbpub_core::Locale::ZhCn)
    );

    let broken = dir.path().join("broken-ram.tar.gz");
    tar_gz(
        &broken,
        &[("x/metadata.json", b"{\"apps\": [{\"service_cname\": 5}]}")],
    );
    let err = read_ram(&broken).unwrap_err().to_string();
    assert!(err.contains("not valid JSON at line 1, column"), "{err}");

    fs::write(dir.path().join("junk-ram.tar.gz"), b"garbage").unwrap();
    let err = read_ram(&dir.path().join("junk-ram.tar.gz"))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("export the template again") || err.contains("not a gzip"),
        "{err}"
    );

    // A real long name (over tar's 100 bytes) still finds the metadata.
    let folder = "w".repeat(150);
    let long = dir.path().join("long-ram.tar.gz");
    tar_gz(&long, &[(&format!("{folder}/metadata.json"), example)]);
    assert_eq!(read_ram(&long).unwrap(), t);

    let many: Vec<String> = (0..10_000)
        .map(|i| format!("{{\"service_share_uuid\":\"k{i}\",\"service_cname\":\"c{i}\",\"image\":\"i\",\"port_map_list\":[{{\"container_port\":80}}],\"dep_service_map_list\":[{{\"dep_service_key\":\"k{}\"}}]}}", i + 1))
        .collect();
    let big = format!("{{\"group_name\":\"big\",\"apps\":[{}]}}", many.join(","));
    let big_path = dir.path().join("big-ram.tar.gz");
    tar_gz(&big_path, &[("big/metadata.json", big.as_bytes())]);
    let t = read_ram(&big_path).unwrap();
    assert_eq!(t.components.len(), 10_000);
    let found = rbpub_core::rules::evaluate_template(&t, rbpub_core::Locale::En);
    assert_eq!(
        found.len(),
        1,
        "only the last component's dependency dangles"
    );
    assert!(found[0].message.contains("“c9999” depends on k10000"));
}

/// A gzip'd tar whose first member is a GNU long-name header claiming `claimed`
/// bytes, followed by a few real bytes: the header is all that matters.
fn long_name_bomb(path: &Path, claimed: u64) {
    let mut header = tar::Header::new_gnu();
    header.as_gnu_mut().unwrap().name[..13].copy_from_slice(b"././@LongLink");
    header.set_entry_type(tar::EntryType::GNULongName);
    header.set_size(claimed);
    header.set_cksum();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(header.as_bytes()).unwrap();
    gz.write_all(&[b'a'; 4096]).unwrap();
    fs::write(path, gz.finish().unwrap()).unwrap();
}

/// A gzip'd tar of one member of `gib` GiB of zeros, made without compressing
/// them: one sync-flushed megabyte of zeros deflates to the same bytes every
/// time, so it is repeated. Its end (and checksum) is never reached.
fn zeros_bomb(path: &Path, gib: u64) {
    let mut header = tar::Header::new_gnu();
    header.set_path("x/zeros.tar").unwrap();
    header.set_size(gib << 30);
    header.set_mode(0o644);
    header.set_cksum();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    let mb = vec![0u8; 1 << 20];
    gz.write_all(header.as_bytes()).unwrap();
    gz.write_all(&mb).unwrap();
    gz.flush().unwrap();
    let start = gz.get_ref().len();
    gz.write_all(&mb).unwrap();
    gz.flush().unwrap();
    let unit = gz.get_ref()[start..].to_vec();
    let mut out = gz.get_ref().clone();
    for _ in 2..(gib << 10) + 16 {
        out.extend_from_slice(&unit);
    }
    fs::write(path, out).unwrap();
}

#[test]
fn a_ram_export_is_read_within_one_budget_whatever_its_size_or_headers_claim() {
    let dir = tempfile::tempdir().unwrap();
    // 2 GB long name: the tar reader used to buffer it whole.
    let long = dir.path().join("long-name-ram.tar.gz");
    long_name_bomb(&long, 2 << 30);
    let err = read_ram(&long).unwrap_err().to_string();
    assert!(
        err.contains("a tar header claims 2048 MB (a long name or extended header); headers may be at most 64 KB"),
        "{err}"
    );

    // Inflated bytes are capped at 4 GB, not at a multiple of the file's size.
    let bomb = dir.path().join("bomb-ram.tar.gz");
    zeros_bomb(&bomb, 5);
    assert!(
        fs::metadata(&bomb).unwrap().len() < 16 << 20,
        "the bomb is small"
    );
    let err = read_ram(&bomb).unwrap_err().to_string();
    assert!(
        err.contains("it expands past 4096 MB without a metadata.json (a decompression bomb?)"),
        "{err}"
    );
}

#[test]
fn projects_find_their_listings_and_rule_levels() {
    let dir = tempfile::tempdir().unwrap();
    write(
        &dir.path().join("rbpub.toml"),
        "[rules]\n\"name.recommended\" = \"off\"\n",
    );
    let files = sample();
    write_folder(&dir.path().join("apps/a"), &files, false).unwrap();
    write_folder(&dir.path().join("apps/nested/b"), &files, false).unwrap();
    write_bundle(&dir.path().join("c.rbpub"), &files).unwrap();
    write(&dir.path().join("apps/readme.md"), "not a listing");
    let found = find_listings(dir.path()).unwrap();
    let names: Vec<_> = found
        .iter()
        .map(|p| p.strip_prefix(dir.path()).unwrap().display().to_string())
        .collect();
    assert_eq!(names, ["apps/a", "apps/nested/b", "c.rbpub"]);
    let levels = project_levels(&dir.path().join("apps/a")).unwrap();
    assert_eq!(levels.level(RuleId::NameRecommended), Level::Off);
    write(
        &dir.path().join("rbpub.toml"),
        "[rules]\n\"name.nope\" = \"off\"\n",
    );
    let err = project_levels(dir.path()).unwrap_err().to_string();
    assert!(
        err.contains("rbpub.toml") && err.contains("name.nope"),
        "{err}"
    );
}

#[test]
fn an_export_removes_only_what_it_wrote_and_never_follows_a_link() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("wordpress");
    let files = sample();
    write_folder(&out, &files, false).unwrap();
    // The maintainer keeps their own files beside the export's.
    fs::write(out.join("screenshots/my-sketch.png"), b"mine").unwrap();
    fs::write(out.join("versions/draft-2.0.0.md"), b"mine too").unwrap();
    let mut fewer = files.clone();
    fewer.draft.screenshots.pop();
    fewer.screenshots.pop();
    fewer.draft.notes.clear();
    write_folder(&out, &fewer, false).unwrap();
    let left: Vec<String> = fs::read_dir(out.join("screenshots"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(left.len(), 2, "{left:?}");
    assert!(left.contains(&"my-sketch.png".to_owned()), "{left:?}");
    assert_eq!(
        fs::read(out.join("versions/draft-2.0.0.md")).unwrap(),
        b"mine too"
    );
    assert!(
        !out.join("notes.toml").exists(),
        "the export's own notes file goes"
    );

    // A screenshots folder that links elsewhere is refused before anything is written.
    let elsewhere = dir.path().join("holiday-photos");
    fs::create_dir(&elsewhere).unwrap();
    fs::write(elsewhere.join("beach.png"), b"precious").unwrap();
    let linked = dir.path().join("linked");
    fs::create_dir(&linked).unwrap();
    std::os::unix::fs::symlink(&elsewhere, linked.join("screenshots")).unwrap();
    let e = write_folder(&linked, &files, false).unwrap_err();
    assert!(matches!(e, Error::LinkInExport(_)), "{e}");
    assert!(e.to_string().contains("screenshots"), "{e}");
    assert_eq!(fs::read(elsewhere.join("beach.png")).unwrap(), b"precious");
    assert_eq!(fs::read_dir(&elsewhere).unwrap().count(), 1);
    assert!(!linked.join("listing.toml").exists(), "nothing written");

    // A record that arrived with the folder (from a zip, a pull request) names
    // files the export never made, or files that changed since: none is deleted.
    let planted = dir.path().join("planted");
    write_folder(&planted, &files, false).unwrap();
    for (rel, text) in [
        (".env", "SECRET=1"),
        (".git/HEAD", "ref: main"),
        ("src/main.rs", "fn main() {}"),
    ] {
        fs::create_dir_all(planted.join(rel).parent().unwrap()).unwrap();
        fs::write(planted.join(rel), text).unwrap();
    }
    let shot = fs::read_dir(planted.join("screenshots"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    fs::write(&shot, b"edited by hand").unwrap();
    let real = fs::read_to_string(planted.join(rbpub_files::WRITTEN)).unwrap();
    let shot_rel = format!(
        "screenshots/{}",
        shot.file_name().unwrap().to_string_lossy()
    );
    let forged: String = [".env", ".git/HEAD", "src/main.rs", "../outside.txt"]
        .iter()
        .map(|rel| format!("{}  {rel}\n", "0".repeat(64)))
        .collect();
    fs::write(planted.join(rbpub_files::WRITTEN), real + &forged).unwrap();
    let mut none = files.clone();
    none.draft.screenshots.clear();
    none.screenshots.clear();
    write_folder(&planted, &none, false).unwrap();
    for rel in [".env", ".git/HEAD", "src/main.rs", shot_rel.as_str()] {
        assert!(planted.join(rel).is_file(), "{rel} was deleted");
    }
    assert_eq!(fs::read(&shot).unwrap(), b"edited by hand");

    // Another listing's folder is not written into unless forced.
    let mut other = files.clone();
    other.draft.listing.id = "another-listing".into();
    other.draft.listing.name = "Halo".into();
    let e = write_folder(&planted, &other, false).unwrap_err();
    assert!(
        matches!(&e, Error::OtherListing { name, .. } if name == "wordpress"),
        "{e}"
    );
    assert!(e.to_string().contains("--force"), "{e}");
    write_folder(&planted, &other, true).unwrap();
    assert!(fs::read_to_string(planted.join("listing.toml"))
        .unwrap()
        .contains("Halo"));

    // A FIFO where the export writes is neither read nor waited on: it is replaced.
    let fifo = dir.path().join("fifo");
    write_folder(&fifo, &files, false).unwrap();
    fs::remove_file(fifo.join("introduction.md")).unwrap();
    let made = std::process::Command::new("mkfifo")
        .arg(fifo.join("introduction.md"))
        .status()
        .unwrap();
    assert!(made.success());
    write_folder(&fifo, &files, false).unwrap();
    assert!(fs::symlink_metadata(fifo.join("introduction.md"))
        .unwrap()
        .is_file());

    // A folder exported without a record (by an older version) loses nothing.
    let old = dir.path().join("old");
    write_folder(&old, &files, false).unwrap();
    fs::remove_file(old.join(rbpub_files::WRITTEN)).unwrap();
    write_folder(&old, &fewer, false).unwrap();
    assert_eq!(fs::read_dir(old.join("screenshots")).unwrap().count(), 2);
}

#[test]
fn a_whole_export_read_tells_a_broken_image_tarball_from_a_broken_export() {
    use rbpub_core::offline::ImageManifest;
    let dir = tempfile::tempdir().unwrap();
    let example = include_bytes!("../../core/fixtures/ram-example.json");
    // An image tarball that is not a tar is that tarball's problem, named;
    // the rest of the export is still read.
    let odd = dir.path().join("odd-ram.tar.gz");
    tar_gz(
        &odd,
        &[
            ("odd/component-images.tar", b"not a tar at all"),
            ("odd/metadata.json", example),
        ],
    );
    let read = rbpub_files::read_export(&odd, false).unwrap();
    assert_eq!(read.template.components.len(), 2);
    assert!(
        matches!(
            &read.contents.archives[0].manifest,
            ImageManifest::Unreadable(_)
        ),
        "{:?}",
        read.contents.archives
    );

    // A cut-off export is the export's error.
    let bytes = fs::read(&odd).unwrap();
    let cut = dir.path().join("cut-ram.tar.gz");
    fs::write(&cut, &bytes[..bytes.len() - 12]).unwrap();
    let err = rbpub_files::read_export(&cut, false)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("cut-ram.tar.gz") && err.contains("cannot be read"),
        "{err}"
    );

    // A bomb stops at its budget: 200× its size, at least 4 GB.
    let bomb = dir.path().join("bomb-ram.tar.gz");
    zeros_bomb(&bomb, 5);
    let err = rbpub_files::read_export(&bomb, false)
        .unwrap_err()
        .to_string();
    assert!(err.contains("a decompression bomb?"), "{err}");
}

#[test]
fn a_manifest_naming_one_big_file_many_times_stops_at_the_listings_budget() {
    let dir = tempfile::tempdir().unwrap();
    let l = dir.path().join("many");
    fs::create_dir_all(l.join("versions")).unwrap();
    fs::write(l.join("versions/notes.md"), "n".repeat(8 * 1024 * 1024 - 1)).unwrap();
    fs::write(l.join("introduction.md"), "# Many\n").unwrap();
    let versions: String = (0..80)
        .map(|i| format!("[[versions]]\nversion = \"1.0.{i}\"\nnotes = \"versions/notes.md\"\n"))
        .collect();
    fs::write(
        l.join("listing.toml"),
        format!("schema = 1\nname = \"many\"\n{versions}"),
    )
    .unwrap();
    let e = read(&l, Depth::Lint).unwrap_err();
    assert!(matches!(e, Error::TooLarge { .. }), "{e}");
    // The texts' own budget (64 MB) is met before the listing's (512 MB).
    assert!(
        e.to_string()
            .contains("the introduction and release notes together (at versions/notes.md)"),
        "{e}"
    );
}

#[test]
fn a_file_named_by_three_versions_gives_each_the_same_notes() {
    let dir = tempfile::tempdir().unwrap();
    let l = dir.path().join("same");
    fs::create_dir_all(l.join("versions")).unwrap();
    fs::write(l.join("versions/notes.md"), "Faster start").unwrap();
    fs::write(
        l.join("listing.toml"),
        "schema = 1\nname = \"same\"\n\
         [[versions]]\nversion = \"1\"\nnotes = \"versions/notes.md\"\n\
         [[versions]]\nversion = \"2\"\nnotes = \"./versions/notes.md\"\n\
         [[versions]]\nversion = \"3\"\nnotes = \"versions/notes.md\"\n",
    )
    .unwrap();
    let files = read(&l, Depth::Full).unwrap();
    let notes: Vec<&str> = files
        .draft
        .versions
        .iter()
        .map(|v| v.release_notes.as_str())
        .collect();
    assert_eq!(notes, ["Faster start"; 3]);
}

#[test]
fn a_fifo_where_a_listing_names_a_file_is_refused_not_waited_on() {
    let dir = tempfile::tempdir().unwrap();
    let l = dir.path().join("fifo");
    fs::create_dir_all(&l).unwrap();
    fs::write(
        l.join("listing.toml"),
        "schema = 1\nname = \"fifo\"\nintroduction = \"introduction.md\"\n",
    )
    .unwrap();
    let made = std::process::Command::new("mkfifo")
        .arg(l.join("introduction.md"))
        .status()
        .unwrap();
    assert!(made.success());
    let e = read(&l, Depth::Full).unwrap_err();
    assert!(e.to_string().contains("not a regular file"), "{e}");
    let metadata = dir.path().join("metadata.json");
    let made = std::process::Command::new("mkfifo")
        .arg(&metadata)
        .status()
        .unwrap();
    assert!(made.success());
    assert!(read_ram(&metadata).is_err());
}

/// `f` on its own thread, its answer within `secs` seconds (or a test failure
/// naming what hung, where a blocked reader would stall the whole run).
fn within<T: Send + 'static>(secs: u64, what: &str, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    rx.recv_timeout(std::time::Duration::from_secs(secs))
        .unwrap_or_else(|_| panic!("{what} did not return in {secs} s"))
}

#[cfg(unix)]
#[test]
fn a_fifo_named_like_an_export_is_refused_not_waited_on() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("x-ram.tar.gz");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    // Nobody ever writes to it: a reader that opens it by path waits for ever.
    let path = fifo.clone();
    let e = within(10, "reading a FIFO as a template", move || {
        rbpub_files::read_ram(&path).unwrap_err().to_string()
    });
    assert!(e.contains("not a regular file"), "{e}");
    let e = within(10, "reading a FIFO as an export", move || {
        rbpub_files::read_export(&fifo, true)
            .err()
            .map(|e| e.to_string())
    });
    assert!(e.is_some_and(|e| e.contains("not a regular file")));
}

/// A `*-ram.tar.gz` whose entry names are written into the headers as they
/// are (tar's own builder refuses `..` and would be no hostile export).
fn raw_tar_gz(path: &Path, entries: &[(&str, &[u8])]) {
    let file = fs::File::create(path).unwrap();
    let gz = flate2::write::GzEncoder::new(file, flate2::Compression::fast());
    let mut tar = tar::Builder::new(gz);
    for (name, data) in entries {
        let mut header = tar::Header::new_gnu();
        let bytes = name.as_bytes();
        header.as_old_mut().name[..bytes.len()].copy_from_slice(bytes);
        header.set_size(data.len() as u64);
        header.set_mode(0o644);
        header.set_entry_type(tar::EntryType::Regular);
        header.set_cksum();
        tar.append(&header, *data).unwrap();
    }
    tar.into_inner().unwrap().finish().unwrap();
}

#[test]
fn a_checksum_list_names_every_entry_so_that_sha256sum_checks_it_and_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    let meta = include_bytes!("../../core/fixtures/ram-example.json");
    // A name with a line break that would forge a line for /etc/passwd, and one with a backslash.
    let forged = "gitea/images/x\n0000000000000000000000000000000000000000000000000000000000000000  /etc/passwd.tar";
    let export = dir.path().join("gitea-1.0-ram.tar.gz");
    raw_tar_gz(
        &export,
        &[
            ("gitea/metadata.json", meta),
            (forged, b"one"),
            ("gitea/back\\slash.tar", b"two"),
        ],
    );
    let read = rbpub_files::read_export(&export, true).unwrap();
    assert_eq!(read.checksums.len(), 4, "{:#?}", read.checksums);
    assert!(read
        .checksums
        .iter()
        .all(|l| !l.contains("  /etc/passwd.tar\n")));
    assert!(
        read.checksums[2].starts_with('\\') && read.checksums[2].contains("x\\n0000"),
        "{}",
        read.checksums[2]
    );

    // What coreutils makes of the list, run where the export and its unpacked entries are.
    let unpacked = dir.path().join("copy");
    fs::create_dir_all(unpacked.join("gitea/images")).unwrap();
    fs::copy(&export, unpacked.join("gitea-1.0-ram.tar.gz")).unwrap();
    fs::write(unpacked.join("gitea/metadata.json"), meta).unwrap();
    fs::create_dir_all(unpacked.join(forged).parent().unwrap()).unwrap();
    fs::write(unpacked.join(forged), b"one").unwrap();
    fs::write(unpacked.join("gitea/back\\slash.tar"), b"two").unwrap();
    let list: String = read.checksums.iter().map(|l| format!("{l}\n")).collect();
    fs::write(unpacked.join("SHA256SUMS"), list).unwrap();
    let check = std::process::Command::new("sha256sum")
        .args(["-c", "--strict", "SHA256SUMS"])
        .current_dir(&unpacked)
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&check.stdout);
    assert!(
        check.status.success(),
        "{said} {}",
        String::from_utf8_lossy(&check.stderr)
    );
    assert_eq!(said.matches(": OK").count(), 4, "{said}");
    assert!(
        !said.lines().any(|l| l.starts_with("/etc/passwd")),
        "no line of its own for /etc/passwd: {said}"
    );

    // Names that leave the folder are refused, not listed.
    for name in ["gitea/../../../../etc/hostname", "/etc/passwd"] {
        let bad = dir.path().join("bad-ram.tar.gz");
        raw_tar_gz(&bad, &[("gitea/metadata.json", meta), (name, b"x")]);
        let e = rbpub_files::read_export(&bad, true)
            .unwrap_err()
            .to_string();
        assert!(e.contains("leaves the export's folder"), "{name}: {e}");
    }
}

#[test]
fn approvals_travel_in_folders_and_bundles_and_are_added_without_touching_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let approval = |file: &str| rbpub_core::SignedApproval {
        file: file.into(),
        statement: format!("rbpub approval 1\nsigner: {file}\n"),
        signature: "-----BEGIN SSH SIGNATURE-----\n…\n-----END SSH SIGNATURE-----\n".into(),
    };
    let mut files = sample();
    files.approvals = vec![approval("rita-AbCd1234")];
    let folder = dir.path().join("wordpress");
    write_folder(&folder, &files, false).unwrap();
    assert!(folder
        .join("approvals/rita-AbCd1234.approval.sig")
        .is_file());
    assert_eq!(
        read(&folder, Depth::Full).unwrap().approvals,
        files.approvals
    );
    let bundle = dir.path().join("wordpress.rbpub");
    write_bundle(&bundle, &read(&folder, Depth::Full).unwrap()).unwrap();
    assert_eq!(
        read(&bundle, Depth::Full).unwrap().approvals,
        files.approvals
    );

    // Adding one writes its two files only; the same name replaces; into a bundle too.
    let listing_before = fs::read(folder.join("listing.toml")).unwrap();
    rbpub_files::write_approval(&folder, &approval("sam-EfGh5678")).unwrap();
    let mut newer = approval("rita-AbCd1234");
    newer.statement.push_str("again\n");
    rbpub_files::write_approval(&folder, &newer).unwrap();
    assert_eq!(
        fs::read(folder.join("listing.toml")).unwrap(),
        listing_before
    );
    let back = read(&folder, Depth::Full).unwrap().approvals;
    assert_eq!(back, [newer.clone(), approval("sam-EfGh5678")]);
    rbpub_files::write_approval(&bundle, &approval("sam-EfGh5678")).unwrap();
    assert_eq!(read(&bundle, Depth::Full).unwrap().approvals.len(), 2);
    assert!(rbpub_files::write_approval(&folder, &approval("../escape")).is_err());

    // A link in approvals/ is refused, as anywhere in a listing.
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("/etc/hostname", folder.join("approvals/x.approval")).unwrap();
        let e = read(&folder, Depth::Full).unwrap_err();
        assert!(e.to_string().contains("approvals/x.approval"), "{e}");
    }
}

/// An image tarball (`docker save`'s layout) holding only `manifest.json`.
fn tarball_with_manifest(manifest: &[u8]) -> Vec<u8> {
    let mut tar = tar::Builder::new(Vec::new());
    let mut header = tar::Header::new_gnu();
    header.set_size(manifest.len() as u64);
    header.set_mode(0o644);
    header.set_cksum();
    tar.append_data(&mut header, "manifest.json", manifest)
        .unwrap();
    tar.into_inner().unwrap()
}

#[test]
fn an_exports_manifests_and_names_are_counted_across_the_whole_export() {
    let dir = tempfile::tempdir().unwrap();
    let meta: &[u8] = include_bytes!("../../core/fixtures/ram-example.json");
    let read = |name: &str, entries: &[(&str, &[u8])]| {
        let path = dir.path().join(name);
        let mut all = entries.to_vec();
        all.push(("app/metadata.json", meta));
        tar_gz(&path, &all);
        rbpub_files::read_export(&path, false)
    };

    // Two manifests of 6,000 empty images each: neither alone passes 10,000 images, both do.
    let mut many = b"[".to_vec();
    many.extend(std::iter::repeat_n(&b"{},"[..], 6_000).flatten());
    many.extend(b"{}]");
    let tarball = tarball_with_manifest(&many);
    let one = read("one-ram.tar.gz", &[("app/a.tar", &tarball)]).unwrap();
    assert_eq!(one.contents.archives.len(), 1);
    let e = read(
        "two-ram.tar.gz",
        &[("app/a.tar", &tarball), ("app/b.tar", &tarball)],
    )
    .unwrap_err()
    .to_string();
    assert!(
        e.contains("two-ram.tar.gz") && e.contains("more than 10000 images together"),
        "{e}"
    );

    // Empty RepoTags by the hundred thousand, in one image of one manifest.
    let tags = format!("[{{\"RepoTags\":[{}\"\"]}}]", "\"\",".repeat(250_000));
    let e = read(
        "tags-ram.tar.gz",
        &[("app/a.tar", &tarball_with_manifest(tags.as_bytes()))],
    )
    .unwrap_err()
    .to_string();
    assert!(
        e.contains("more than 200000 tags and layers together"),
        "{e}"
    );

    // Long image tarball names: 2,000 of 9 KB pass 16 MB of names together.
    let names: Vec<String> = (0..2_000)
        .map(|i| format!("app/{i:04}{}.tar", "x".repeat(9_000)))
        .collect();
    let entries: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), &b""[..])).collect();
    let e = read("names-ram.tar.gz", &entries).unwrap_err().to_string();
    assert!(e.contains("entry names together pass 16 MB"), "{e}");
}

#[test]
fn thousands_of_versions_of_one_number_each_get_a_short_file_of_their_own() {
    let dir = tempfile::tempdir().unwrap();
    let mut files = sample();
    files.draft.versions = (0..3_000)
        .map(|i| Version {
            version: "1.0.0".into(),
            release_notes: format!("notes {i}"),
            ..Version::default()
        })
        .collect();
    let out = dir.path().join("dupes");
    write_folder(&out, &files, false).unwrap();
    assert!(out.join("versions/1.0.0.md").is_file());
    assert!(out.join("versions/1.0.0_3000.md").is_file());
    let back = read(&out, Depth::Full).unwrap();
    assert_eq!(back.draft.versions.len(), 3_000);
    assert_eq!(back.draft.versions[2_999].release_notes, "notes 2999");
}
