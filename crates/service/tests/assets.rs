//! Logos and screenshots through the service, on real files and real SQLite,
//! pushed to the sandbox store over loopback.

mod common;

use common::*;
use image::{ImageEncoder, Rgba, RgbaImage};
use rbpub_core::{Fix, ImageFormat, ListingField, Locale, RuleId};
use rbpub_service::{Code, FileResult, LogoFix};

fn noise(width: u32, height: u32) -> RgbaImage {
    let mut state = 7u32;
    RgbaImage::from_fn(width, height, |_, _| {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        let [r, g, b, _] = state.to_le_bytes();
        Rgba([r, g, b, 255])
    })
}

fn write_webp(dir: &std::path::Path, name: &str, image: &RgbaImage) -> String {
    let mut out = Vec::new();
    image::codecs::webp::WebPEncoder::new_lossless(&mut out)
        .write_image(
            image.as_raw(),
            image.width(),
            image.height(),
            image::ExtendedColorType::Rgba8,
        )
        .unwrap();
    let path = dir.join(name);
    std::fs::write(&path, out).unwrap();
    path.display().to_string()
}

fn logo_rules(view: &rbpub_service::ListingView) -> Vec<RuleId> {
    view.findings
        .iter()
        .filter(|f| f.field.field == rbpub_core::Field::Logo)
        .map(|f| f.rule)
        .collect()
}

fn one(fix: Fix) -> LogoFix {
    LogoFix {
        fix: Some(fix),
        background: None,
    }
}

#[tokio::test]
async fn fixes_add_up_from_the_original_and_the_logo_is_pushed_once() {
    let (sb, service, dir) = setup().await;
    let en = Locale::En;
    let listing = new_listing(&service, "gitea").await;
    let file = write_webp(dir.path(), "wide.webp", &noise(1300, 800));

    let added = service
        .set_logo_from_file(&listing, file.as_ref(), en)
        .await
        .unwrap();
    assert_eq!(
        logo_rules(&added.view),
        [
            RuleId::LogoFormat,
            RuleId::LogoBytes,
            RuleId::LogoSquare,
            RuleId::LogoSize
        ]
    );
    let view = service
        .fix_logo(&listing, &one(Fix::PadSquare), en)
        .await
        .unwrap();
    assert_eq!(
        logo_rules(&view),
        [RuleId::LogoSize],
        "padded (as JPEG: PNG of this noise is over 2 MB)"
    );
    let view = service
        .fix_logo(&listing, &one(Fix::ResizeLogo), en)
        .await
        .unwrap();
    assert_eq!(logo_rules(&view), []);

    // Made from the original with both fixes at once: the padding is still transparent.
    let logo = view.draft.listing.logo.clone().unwrap();
    assert_eq!(
        (logo.format, logo.width, logo.height),
        (ImageFormat::Png, 512, 512)
    );
    let (bytes, mime) = service.image(&logo.hash).await.unwrap();
    assert_eq!(mime, "image/png");
    let shown = image::load_from_memory(&bytes).unwrap().into_rgba8();
    assert_eq!(
        shown.get_pixel(256, 5).0[3],
        0,
        "the band above the picture is transparent"
    );
    assert_eq!(shown.get_pixel(256, 256).0[3], 255);

    // Pushed with step 5; a second push knows the store has it.
    service
        .store_use_key(secret(sb.demo.store_key))
        .await
        .unwrap();
    let view = service.push_information(&listing, en).await.unwrap();
    let live = view.draft.live.clone().unwrap();
    assert_eq!(live.logo_hash.as_deref(), Some(logo.hash.as_str()));
    assert!(!live.app.logo_url.is_empty());
    assert!(sb.stats().await.unwrap().image_bytes >= bytes.len() as u64);
    sb.reset_counters();
    service
        .save_listing_field(
            &listing,
            ListingField::Description("Git with a cup of tea".into()),
            en,
        )
        .await
        .unwrap();
    service.push_information(&listing, en).await.unwrap();
    let stats = sb.stats().await.unwrap();
    assert_eq!(stats.image_bytes, 0, "the logo was not sent again");

    // Undo goes back to the file as given.
    let view = service.revert_logo(&listing, en).await.unwrap();
    assert_eq!(view.draft.listing.logo, view.draft.listing.logo_original);
    assert_eq!(logo_rules(&view).len(), 4);
}

#[tokio::test]
async fn a_logo_that_fails_its_checks_is_not_pushed() {
    let (sb, service, dir) = setup().await;
    let listing = new_listing(&service, "gitea").await;
    let file = write_webp(dir.path(), "small.webp", &noise(64, 64));
    service
        .set_logo_from_file(&listing, file.as_ref(), Locale::En)
        .await
        .unwrap();
    service
        .store_use_key(secret(sb.demo.store_key))
        .await
        .unwrap();
    let e = service
        .push_information(&listing, Locale::En)
        .await
        .unwrap_err();
    assert_eq!(e.code, Code::NeedsSetup);
    assert_eq!(
        e.message,
        "The logo must pass its rules first (step 5): Logo is WEBP; the store takes PNG, JPEG or GIF. Convert it to PNG."
    );
    assert_eq!(
        e.localized(Locale::ZhCn),
        "Logo 需要先通过检查（第 5 步）：Logo is WEBP; the store takes PNG, JPEG or GIF. Convert it to PNG."
    );
}

#[tokio::test]
async fn a_bad_file_names_itself_and_changes_nothing() {
    let (_sb, service, dir) = setup().await;
    let listing = new_listing(&service, "gitea").await;
    let path = dir.path().join("logo.png");
    std::fs::write(&path, b"").unwrap();
    let e = service
        .set_logo_from_file(&listing, &path, Locale::En)
        .await
        .unwrap_err();
    assert_eq!(e.code, Code::BadImage);
    assert_eq!(
        e.message,
        format!(
            "{}: the file is empty (0 bytes); choose the image file itself",
            path.display()
        )
    );
    let view = service.open_listing(&listing, Locale::En).await.unwrap();
    assert_eq!(view.draft.listing.logo, None);
}

#[tokio::test]
async fn a_brand_kit_zip_imports_what_is_good_and_says_why_it_refused_the_rest() {
    use std::io::Write;
    let (_sb, service, dir) = setup().await;
    let listing = new_listing(&service, "gitea").await;
    let mut png = Vec::new();
    image::codecs::png::PngEncoder::new(&mut png)
        .write_image(
            noise(300, 300).as_raw(),
            300,
            300,
            image::ExtendedColorType::Rgba8,
        )
        .unwrap();
    let kit = dir.path().join("kit.zip");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&kit).unwrap());
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, bytes) in [
        ("brand/logo.png", png.as_slice()),
        ("brand/screens/one.png", png.as_slice()),
        ("brand/screens/broken.png", &png[..100]),
        ("brand/README.txt", b"use the orange one"),
        ("../escape.png", png.as_slice()),
    ] {
        zip.start_file(name, stored).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap();

    let imported = service
        .import_brand_kit(&listing, &kit, Locale::En)
        .await
        .unwrap();
    let outcomes: Vec<(&str, FileResult)> = imported
        .files
        .iter()
        .map(|f| (f.file.as_str(), f.result))
        .collect();
    assert_eq!(
        outcomes,
        [
            ("brand/README.txt", FileResult::Skipped),
            ("../escape.png", FileResult::Refused),
            ("brand/logo.png", FileResult::Logo),
            ("brand/screens/broken.png", FileResult::Refused),
            ("brand/screens/one.png", FileResult::Screenshot),
        ]
    );
    let broken = &imported.files[3].message;
    assert!(
        broken.starts_with("the PNG file is cut short or damaged"),
        "{broken}"
    );
    assert_eq!(
        imported.files[2].message,
        "set as the logo; it passes every check"
    );
    assert_eq!(imported.view.draft.screenshots.len(), 1);
    assert!(imported.view.draft.listing.logo.is_some());
}
