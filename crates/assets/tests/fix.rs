//! Checks and fixes as the maintainer meets them: a 3 MB rectangular WebP logo
//! fixed one problem at a time, and every fix on its own.

mod common;

use common::*;
use rbpub_assets::{
    check_logo, fix_logo, plan_all, plan_for, prepare_screenshots, Limits, Plan, Square,
};
use rbpub_core::{Fix, ImageFormat, Locale, RuleId};

fn rules(bytes: &[u8]) -> Vec<RuleId> {
    let (_, findings) = check_logo(bytes, None, &Limits::default(), Locale::En).unwrap();
    findings.iter().map(|f| f.rule).collect()
}

#[test]
fn a_rectangular_3_mb_webp_is_fixed_one_click_at_a_time() {
    let original = webp(&noise(1300, 800, 3));
    assert!(original.len() > 3_000_000, "{} bytes", original.len());
    let (inspection, findings) =
        check_logo(&original, Some("webp"), &Limits::default(), Locale::En).unwrap();
    assert_eq!(inspection.info.format, ImageFormat::Webp);
    assert_eq!((inspection.info.width, inspection.info.height), (1300, 800));
    assert_eq!(inspection.color, "RGBA, 8 bits per channel");
    let offered: Vec<_> = findings.iter().map(|f| (f.rule, f.fix)).collect();
    assert_eq!(
        offered,
        [
            (RuleId::LogoFormat, Some(Fix::ConvertLogo)),
            (RuleId::LogoBytes, Some(Fix::ConvertLogo)),
            (RuleId::LogoSquare, Some(Fix::PadSquare)),
            (RuleId::LogoSize, Some(Fix::ResizeLogo)),
        ]
    );

    // Each click applies the fix its finding offered to the current result.
    let mut current = original;
    for fix in [Fix::PadSquare, Fix::ResizeLogo] {
        current = fix_logo(&current, None, &plan_for(fix, None), &Limits::default())
            .unwrap()
            .bytes;
    }
    assert_eq!(rules(&current), [], "nothing left to fix");
    let last = fix_logo(
        &current,
        None,
        &plan_for(Fix::ConvertLogo, None),
        &Limits::default(),
    )
    .unwrap();
    assert_eq!(last.info.format, ImageFormat::Png);
    assert_eq!((last.info.width, last.info.height), (512, 512));
    assert!(last.info.bytes <= 2 * 1024 * 1024);
    assert_eq!(last.info.hash, rbpub_assets::hash(&last.bytes));
}

#[test]
fn padding_keeps_the_picture_centred_on_transparency_or_the_chosen_colour() {
    let red = png(&solid(200, 100, [255, 0, 0, 255]));
    let padded = fix_logo(
        &red,
        None,
        &plan_for(Fix::PadSquare, None),
        &Limits::default(),
    )
    .unwrap();
    let img = image::load_from_memory(&padded.bytes).unwrap().into_rgba8();
    assert_eq!(img.dimensions(), (200, 200));
    assert_eq!(
        img.get_pixel(100, 10).0[3],
        0,
        "the band above is transparent"
    );
    assert_eq!(img.get_pixel(100, 100).0, [255, 0, 0, 255]);
    assert!(padded.info.alpha);

    let white = fix_logo(
        &red,
        None,
        &plan_for(Fix::PadSquare, Some([255, 255, 255])),
        &Limits::default(),
    )
    .unwrap();
    let img = image::load_from_memory(&white.bytes).unwrap().into_rgba8();
    assert_eq!(img.get_pixel(100, 10).0, [255, 255, 255, 255]);
    assert!(
        !white.info.alpha,
        "an opaque result is stored without alpha"
    );
}

#[test]
fn cropping_keeps_the_centre() {
    let mut img = solid(300, 100, [0, 0, 255, 255]);
    for y in 0..100 {
        for x in 100..200 {
            img.put_pixel(x, y, image::Rgba([0, 255, 0, 255]));
        }
    }
    let cropped = fix_logo(
        &png(&img),
        None,
        &plan_for(Fix::CropSquare, None),
        &Limits::default(),
    )
    .unwrap();
    let out = image::load_from_memory(&cropped.bytes)
        .unwrap()
        .into_rgba8();
    assert_eq!(out.dimensions(), (100, 100));
    assert!(
        out.pixels().all(|p| p.0 == [0, 255, 0, 255]),
        "only the green centre is left"
    );
}

#[test]
fn a_small_logo_is_scaled_up_and_a_large_one_down() {
    let tiny = fix_logo(
        &png(&noise(40, 40, 1)),
        None,
        &plan_for(Fix::ResizeLogo, None),
        &Limits::default(),
    )
    .unwrap();
    assert_eq!((tiny.info.width, tiny.info.height), (100, 100));
    let big = fix_logo(
        &png(&noise(2000, 2000, 1)),
        None,
        &plan_all(None),
        &Limits::default(),
    )
    .unwrap();
    assert_eq!((big.info.width, big.info.height), (512, 512));
}

#[test]
fn when_png_cannot_get_under_2_mb_the_logo_becomes_a_jpeg_on_its_background() {
    let mut photo = noise(1000, 1000, 9);
    photo.put_pixel(0, 0, image::Rgba([0, 0, 0, 0]));
    let converted = fix_logo(&png(&photo), None, &Plan::default(), &Limits::default()).unwrap();
    assert_eq!(converted.info.format, ImageFormat::Jpeg);
    assert!(
        converted.info.bytes <= 2 * 1024 * 1024,
        "{}",
        converted.info.bytes
    );
    assert!(!converted.info.alpha);
    let img = image::load_from_memory(&converted.bytes)
        .unwrap()
        .into_rgb8();
    let [r, g, b] = img.get_pixel(0, 0).0;
    assert!(
        r > 180 && g > 180 && b > 180,
        "the transparent pixel is flattened on white: {r},{g},{b}"
    );
}

#[test]
fn an_svg_logo_is_converted_to_a_square_png() {
    let svg = br##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><circle cx="5" cy="5" r="4" fill="#09c"/></svg>"##;
    assert_eq!(rules(svg), [RuleId::LogoFormat]);
    let fixed = fix_logo(
        svg,
        Some("svg"),
        &plan_for(Fix::ConvertLogo, None),
        &Limits::default(),
    )
    .unwrap();
    assert_eq!(fixed.info.format, ImageFormat::Png);
    assert_eq!(rules(&fixed.bytes), []);
}

#[test]
fn screenshots_in_a_batch_keep_their_order_and_report_bad_files() {
    let a = png(&noise(1920, 1080, 1));
    let b = jpeg(&noise(3840, 2160, 2));
    let bad = b"not an image".to_vec();
    let files: Vec<(Option<&str>, &[u8])> =
        vec![(Some("png"), &a), (Some("jpg"), &b), (Some("png"), &bad)];
    let out = prepare_screenshots(&files, &Limits::default());
    let first = out[0].as_ref().unwrap();
    assert_eq!((first.info.width, first.info.height), (1920, 1080));
    let second = out[1].as_ref().unwrap();
    assert_eq!(
        (second.info.width, second.info.height),
        (1920, 1080),
        "scaled to the gallery size"
    );
    assert!(out[2].is_err());
}

#[test]
fn square_pad_then_scale_matches_scaling_a_padded_copy() {
    // Padding after scaling (to avoid a huge canvas) must give the same geometry.
    let img = noise(900, 300, 4);
    let plan = Plan {
        square: Some(Square::Pad),
        max_side: Some(300),
        ..Plan::default()
    };
    let out = rbpub_assets::render(&img, &plan).unwrap();
    assert_eq!(out.dimensions(), (300, 300));
    assert_eq!(out.get_pixel(150, 40).0[3], 0, "band above");
    assert_eq!(out.get_pixel(150, 150).0[3], 255, "picture in the middle");
    assert_eq!(out.get_pixel(150, 260).0[3], 0, "band below");
}

#[test]
fn rendering_in_place_gives_what_rendering_a_copy_gives() {
    // Soft alpha edges are where premultiplying matters.
    let img = image::RgbaImage::from_fn(640, 360, |x, y| {
        image::Rgba([(x % 256) as u8, (y % 256) as u8, 90, ((x + y) % 256) as u8])
    });
    for plan in [
        rbpub_assets::plan_all(None),
        Plan {
            square: Some(Square::Crop),
            max_side: Some(200),
            ..Plan::default()
        },
        Plan::default(),
    ] {
        let copied = rbpub_assets::render(&img, &plan).unwrap().into_owned();
        let in_place = rbpub_assets::render_owned(img.clone(), &plan).unwrap();
        assert_eq!(copied.dimensions(), in_place.dimensions());
        let worst = copied
            .as_raw()
            .iter()
            .zip(in_place.as_raw())
            .map(|(a, b)| a.abs_diff(*b))
            .max()
            .unwrap();
        // Premultiplying first rounds colours of nearly transparent pixels differently.
        let visible_worst = copied
            .pixels()
            .zip(in_place.pixels())
            .filter(|(a, _)| a[3] > 32)
            .flat_map(|(a, b)| (0..4).map(move |c| a[c].abs_diff(b[c])))
            .max()
            .unwrap_or(0);
        assert!(
            visible_worst <= 8,
            "{plan:?}: differs by {visible_worst} (any pixel: {worst})"
        );
    }
}

#[test]
fn a_strip_padded_square_is_scaled_onto_a_canvas_of_bounded_size() {
    // Padded as it was, a 16384×1 strip made a 16384×16384 canvas: 1 GiB.
    let strip = png(&solid(16_384, 1, [0, 0, 255, 255]));
    let fixed = fix_logo(
        &strip,
        None,
        &plan_for(Fix::PadSquare, None),
        &Limits::default(),
    )
    .unwrap();
    let side = rbpub_core::budget::PADDED_SIDE;
    assert_eq!((fixed.info.width, fixed.info.height), (side, side));
    // A picture that fits is padded at its own size.
    let small = png(&solid(300, 100, [0, 0, 255, 255]));
    let fixed = fix_logo(
        &small,
        None,
        &plan_for(Fix::PadSquare, None),
        &Limits::default(),
    )
    .unwrap();
    assert_eq!((fixed.info.width, fixed.info.height), (300, 300));
}

#[test]
fn a_batch_of_screenshots_holds_no_more_pixels_at_once_than_its_budget() {
    // Each core used to hold up to 400 MiB of pixels, all cores at once.
    let shots: Vec<Vec<u8>> = (0..6)
        .map(|i| png(&solid(2000, 1500, [i * 40, 0, 0, 255])))
        .collect();
    let mut files: Vec<(Option<&str>, &[u8])> =
        shots.iter().map(|s| (Some("png"), s.as_slice())).collect();
    let one = 2000 * 1500 * 4;
    assert_eq!(rbpub_assets::pixel_cost(&shots[0], &Limits::default()), one);
    let budget = rbpub_assets::PixelBudget::new(one + one / 2);
    let out = rbpub_assets::prepare_screenshots_within(&files, &Limits::default(), &budget);
    assert!(out.iter().all(|r| r.is_ok()));
    assert_eq!(budget.peak(), one, "one picture at a time fits, two do not");

    // One larger than the whole budget still runs, alone.
    let big = png(&solid(3000, 2000, [0, 0, 0, 255]));
    files.push((Some("png"), &big));
    let budget = rbpub_assets::PixelBudget::new(one + one / 2);
    let out = rbpub_assets::prepare_screenshots_within(&files, &Limits::default(), &budget);
    assert!(out.iter().all(|r| r.is_ok()));
    assert_eq!(budget.peak(), one + one / 2);
}
