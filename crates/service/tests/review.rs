//! Review, through the service on real SQLite files: a maintainer
//! exports a bundle, a reviewer opens it read-only, sees the preview with every
//! problem, leaves notes, and the maintainer imports the notes back. Also RAM
//! template imports, the diff before a push, and rule levels per listing.

use std::io::Write;

use image::{ImageEncoder, Rgba, RgbaImage};
use rbpub_core::diff::ChangeKind;
use rbpub_core::{Field, FieldRef, Level, ListingField, Locale, ReviewNote, RuleId, VersionField};
use rbpub_service::{Code, ExportAs, Service};

const EN: Locale = Locale::En;

fn png(path: &std::path::Path, side: u32) {
    let img = RgbaImage::from_fn(side, side, |x, y| Rgba([x as u8, y as u8, 90, 255]));
    let mut out = Vec::new();
    image::codecs::png::PngEncoder::new(&mut out)
        .write_image(img.as_raw(), side, side, image::ExtendedColorType::Rgba8)
        .unwrap();
    std::fs::write(path, out).unwrap();
}

fn note(field: Field, text: &str) -> ReviewNote {
    ReviewNote {
        field: FieldRef { field, item: None },
        text: text.into(),
        author: "Rita (reviewer)".into(),
        updated_at: 0,
    }
}

async fn maintainer_listing(service: &Service, dir: &std::path::Path) -> rbpub_core::ListingId {
    let id = service
        .create_listing("wordpress", EN)
        .await
        .unwrap()
        .draft
        .listing
        .id;
    for field in [
        ListingField::Description("Blog in one click".into()),
        ListingField::Introduction("# WordPress\n\nInstall it.\n".into()),
        ListingField::Tags(vec!["cms".into()]),
    ] {
        service.save_listing_field(&id, field, EN).await.unwrap();
    }
    png(&dir.join("logo.png"), 256);
    service
        .set_logo_from_file(&id, &dir.join("logo.png"), EN)
        .await
        .unwrap();
    png(&dir.join("shot.png"), 300);
    service
        .add_screenshots(&id, &[dir.join("shot.png").display().to_string()], EN)
        .await
        .unwrap();
    let view = service.add_version(&id, EN).await.unwrap();
    let v = view.draft.versions[0].id.clone();
    service
        .save_version_field(&v, VersionField::ReleaseNotes("First release".into()), EN)
        .await
        .unwrap();
    id
}

#[tokio::test]
async fn a_reviewer_opens_a_bundle_read_only_leaves_notes_and_the_maintainer_imports_them() {
    let dir = tempfile::tempdir().unwrap();
    let maintainer = Service::open(&dir.path().join("maintainer")).await;
    let reviewer = Service::open(&dir.path().join("reviewer")).await;
    let id = maintainer_listing(&maintainer, dir.path()).await;
    let bundle = dir.path().join("wordpress.rbpub");
    maintainer
        .export_listing(&id, &bundle, ExportAs::Bundle, false)
        .await
        .unwrap();

    // The reviewer's copy: same listing, same problems, read-only.
    let view = reviewer.import_listing(&bundle, true, EN).await.unwrap();
    let copy = view.draft.listing.id.clone();
    assert_eq!(
        copy, id,
        "the copy keeps the listing's id so notes find their way back"
    );
    assert!(view.draft.listing.for_review);
    assert_eq!(view.draft.screenshots.len(), 1);
    assert_eq!(view.draft.versions[0].release_notes, "First release");
    let original = maintainer.open_listing(&id, EN).await.unwrap();
    assert_eq!(
        view.findings, original.findings,
        "the reviewer sees every problem the maintainer has"
    );
    assert!(view
        .findings
        .iter()
        .any(|f| f.rule == RuleId::PackageMatches));
    let err = reviewer
        .save_listing_field(&copy, ListingField::Name("mine".into()), EN)
        .await
        .unwrap_err();
    assert_eq!(err.code, Code::ReadOnly);
    assert!(
        err.message.contains("notes can be written"),
        "{}",
        err.message
    );
    assert_eq!(
        reviewer.add_version(&copy, EN).await.unwrap_err().code,
        Code::ReadOnly
    );

    reviewer
        .set_note(&copy, &note(Field::Name, "Use the product's full name"), EN)
        .await
        .unwrap();
    let view = reviewer
        .set_note(
            &copy,
            &note(Field::Introduction, "Add the install steps"),
            EN,
        )
        .await
        .unwrap();
    assert_eq!(view.draft.notes.len(), 2);
    let page = reviewer
        .preview_listing(&copy, EN, true, "rbimage://localhost/")
        .await
        .unwrap();
    assert!(page.contains("Use the product&#39;s full name"));
    assert!(page.contains("<code>package.matches</code>"));
    assert!(page.contains(&format!(
        "src=\"rbimage://localhost/{}\"",
        view.draft.listing.logo.as_ref().unwrap().hash
    )));
    assert!(page.contains("data-theme=\"dark\""));
    assert!(reviewer
        .preview_listing(&copy, EN, false, "https://evil/")
        .await
        .is_err());

    let back = dir.path().join("reviewed.rbpub");
    reviewer
        .export_listing(&copy, &back, ExportAs::Bundle, false)
        .await
        .unwrap();

    // The maintainer takes the notes back; the listing itself is untouched.
    maintainer
        .set_note(&id, &note(Field::Tags, "mine: add blog"), EN)
        .await
        .unwrap();
    let merged = maintainer.import_notes(&id, &back, EN).await.unwrap();
    let texts: Vec<_> = merged.draft.notes.iter().map(|n| n.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "mine: add blog",
            "Use the product's full name",
            "Add the install steps"
        ]
    );
    assert_eq!(merged.draft.listing.name, "wordpress");
    assert!(!merged.draft.listing.for_review);

    // A bundle of another listing is refused by name.
    let other = maintainer
        .create_listing("redis", EN)
        .await
        .unwrap()
        .draft
        .listing
        .id;
    let err = maintainer
        .import_notes(&other, &back, EN)
        .await
        .unwrap_err();
    assert_eq!(err.code, Code::BadFile);
    assert!(
        err.message
            .contains("of the listing “wordpress”, not of “redis”"),
        "{}",
        err.message
    );
}

#[tokio::test]
async fn a_folder_export_round_trips_and_a_bad_bundle_leaves_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    let service = Service::open(&dir.path().join("data")).await;
    let id = maintainer_listing(&service, dir.path()).await;
    let folder = dir.path().join("out/wordpress");
    service
        .export_listing(&id, &folder, ExportAs::Folder, false)
        .await
        .unwrap();
    assert!(folder.join("logo.png").is_file() && folder.join("versions/1.0.0.md").is_file());
    let copy = service.import_listing(&folder, false, EN).await.unwrap();
    assert_ne!(
        copy.draft.listing.id, id,
        "the id is taken here, so the copy gets its own"
    );
    let original = service.open_listing(&id, EN).await.unwrap();
    assert_eq!(copy.draft.listing.logo, original.draft.listing.logo);
    assert_eq!(
        copy.draft.listing.introduction,
        original.draft.listing.introduction
    );

    let evil = dir.path().join("evil.rbpub");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&evil).unwrap());
    zip.start_file("listing.toml", zip::write::SimpleFileOptions::default())
        .unwrap();
    zip.write_all(b"schema = 1\nname = \"x\"\nlogo = \"../../logo.png\"\n")
        .unwrap();
    zip.finish().unwrap();
    let before = service.portfolio("").await.unwrap().len();
    let err = service.import_listing(&evil, false, EN).await.unwrap_err();
    assert_eq!(err.code, Code::BadFile);
    assert!(
        err.message.contains("outside the listing's folder"),
        "{}",
        err.message
    );
    assert_eq!(service.portfolio("").await.unwrap().len(), before);
}

#[tokio::test]
async fn an_export_carries_the_logo_without_the_place_its_exif_names() {
    let dir = tempfile::tempdir().unwrap();
    let service = Service::open(&dir.path().join("data")).await;
    let id = service
        .create_listing("redis", EN)
        .await
        .unwrap()
        .draft
        .listing
        .id;
    // A phone's JPEG: EXIF with a place in it, right after SOI.
    let img = image::RgbImage::from_fn(64, 64, |x, y| image::Rgb([x as u8 * 4, y as u8 * 4, 90]));
    let mut plain = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut plain, 90)
        .write_image(img.as_raw(), 64, 64, image::ExtendedColorType::Rgb8)
        .unwrap();
    let exif = b"Exif\0\0GPS 48.8584 N 2.2945 E";
    let mut photo = plain[..2].to_vec();
    photo.extend([0xFF, 0xE1]);
    photo.extend(((exif.len() + 2) as u16).to_be_bytes());
    photo.extend(exif);
    photo.extend(&plain[2..]);
    std::fs::write(dir.path().join("logo.jpg"), &photo).unwrap();
    service
        .set_logo_from_file(&id, &dir.path().join("logo.jpg"), EN)
        .await
        .unwrap();

    let folder = dir.path().join("out");
    service
        .export_listing(&id, &folder, ExportAs::Folder, false)
        .await
        .unwrap();
    let bundle = dir.path().join("redis.rbpub");
    service
        .export_listing(&id, &bundle, ExportAs::Bundle, false)
        .await
        .unwrap();
    assert_eq!(
        std::fs::read(folder.join("logo.jpg")).unwrap(),
        plain,
        "the picture byte for byte, the EXIF gone"
    );
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&bundle).unwrap()).unwrap();
    let mut packed = Vec::new();
    std::io::Read::read_to_end(&mut zip.by_name("logo.jpg").unwrap(), &mut packed).unwrap();
    assert_eq!(packed, plain, "nor in the bundle");
    // What is kept here is the file as it was picked.
    let kept = service.open_listing(&id, EN).await.unwrap();
    assert_eq!(kept.draft.listing.logo.unwrap().bytes, photo.len() as u64);
    let copy = service.import_listing(&folder, false, EN).await.unwrap();
    assert_eq!(copy.draft.listing.logo.unwrap().bytes, plain.len() as u64);
}

#[tokio::test]
async fn a_ram_export_becomes_a_listing_with_its_version_and_components() {
    let dir = tempfile::tempdir().unwrap();
    let service = Service::open(&dir.path().join("data")).await;
    let mut meta: serde_json::Value =
        serde_json::from_slice(include_bytes!("../../core/fixtures/ram-example.json")).unwrap();
    meta["apps"][1]["dep_service_map_list"][0]["dep_service_key"] = "gone+gone".into();
    let path = dir.path().join("wordpress-1.2.0-ram.tar.gz");
    let gz = flate2::write::GzEncoder::new(
        std::fs::File::create(&path).unwrap(),
        flate2::Compression::fast(),
    );
    let mut tar = tar::Builder::new(gz);
    let bytes = serde_json::to_vec(&meta).unwrap();
    let mut header = tar::Header::new_gnu();
    header.set_size(bytes.len() as u64);
    header.set_mode(0o644);
    header.set_cksum();
    tar.append_data(
        &mut header,
        "wordpress-1.2.0/metadata.json",
        bytes.as_slice(),
    )
    .unwrap();
    tar.into_inner().unwrap().finish().unwrap();

    let view = service.import_listing(&path, false, EN).await.unwrap();
    assert_eq!(view.draft.listing.name, "wordpress");
    assert_eq!(view.draft.versions[0].version, "1.2.0");
    assert_eq!(view.draft.template.as_ref().unwrap().components.len(), 2);
    let deps: Vec<_> = view
        .findings
        .iter()
        .filter(|f| f.rule == RuleId::TemplateDeps)
        .collect();
    assert_eq!(deps.len(), 1);
    assert!(
        deps[0].message.contains("“WordPress” depends on gone+gone"),
        "{}",
        deps[0].message
    );

    // Turned off for this listing, it is no longer reported.
    let id = view.draft.listing.id.clone();
    let view = service
        .set_rule_level(&id, RuleId::TemplateDeps, Some(Level::Off), EN)
        .await
        .unwrap();
    assert!(!view.findings.iter().any(|f| f.rule == RuleId::TemplateDeps));
    let view = service
        .set_rule_level(&id, RuleId::TemplateDeps, None, EN)
        .await
        .unwrap();
    assert!(view.findings.iter().any(|f| f.rule == RuleId::TemplateDeps));

    // Importing the same export into another listing adds its version once.
    let other = service
        .create_listing("wp2", EN)
        .await
        .unwrap()
        .draft
        .listing
        .id;
    service.import_template(&other, &path, EN).await.unwrap();
    let again = service.import_template(&other, &path, EN).await.unwrap();
    assert_eq!(again.draft.versions.len(), 1);

    let diff = service.listing_diff(&id).await.unwrap();
    assert!(diff.first_push);
    assert!(diff
        .changes
        .iter()
        .any(|c| c.field == Field::Version && c.kind == ChangeKind::Added && c.after == "1.2.0"));
}
