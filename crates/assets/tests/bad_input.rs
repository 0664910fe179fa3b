//! Every bad input of the branding-assets issue: a clear error naming the
//! problem, or a correct result with a note; never a panic, a hang or a huge
//! allocation.

mod common;

use common::*;
use rbpub_assets::{decode, Error, Limits};
use rbpub_core::{ImageFormat, ImageNote};

fn limits() -> Limits {
    Limits::default()
}

#[test]
fn an_empty_file_says_it_is_empty() {
    let err = decode(b"", Some("png"), &limits()).err().unwrap();
    assert!(matches!(err, Error::Empty));
    assert_eq!(
        err.to_string(),
        "the file is empty (0 bytes); choose the image file itself"
    );
}

#[test]
fn a_truncated_png_and_jpeg_are_named_damaged() {
    let png = png(&noise(64, 64, 7));
    let err = decode(&png[..png.len() / 2], Some("png"), &limits())
        .err()
        .unwrap();
    assert!(matches!(err, Error::Damaged { format: "PNG", .. }), "{err}");
    assert!(
        err.to_string()
            .starts_with("the PNG file is cut short or damaged"),
        "{err}"
    );

    let jpeg = jpeg(&noise(64, 64, 7));
    let err = decode(&jpeg[..200], Some("jpg"), &limits()).err().unwrap();
    assert!(
        matches!(err, Error::Damaged { format: "JPEG", .. }),
        "{err}"
    );
}

#[test]
fn a_file_whose_extension_lies_is_read_by_its_content_and_noted() {
    let bytes = png(&solid(120, 120, [0, 128, 0, 255]));
    let decoded = decode(&bytes, Some("jpg"), &limits()).unwrap();
    assert_eq!(decoded.inspection.info.format, ImageFormat::Png);
    assert_eq!(
        decoded.inspection.notes,
        [ImageNote::ExtensionMismatch {
            extension: "jpg".into()
        }]
    );

    let err = decode(
        b"<html><body>not a logo</body></html>",
        Some("png"),
        &limits(),
    )
    .err()
    .unwrap();
    assert_eq!(
        err.to_string(),
        "not an image the app reads (it starts with “<html><b”); use PNG, JPEG, GIF, WebP or SVG"
    );
}

#[test]
fn a_png_claiming_100000_by_100000_pixels_is_refused_before_any_allocation() {
    let bomb = png_claiming(100_000, 100_000);
    assert!(bomb.len() < 100, "the bomb itself is tiny");
    let err = decode(&bomb, Some("png"), &limits()).err().unwrap();
    assert!(
        matches!(
            err,
            Error::TooLarge {
                width: 100_000,
                height: 100_000,
                ..
            }
        ),
        "{err}"
    );
    assert!(
        err.to_string()
            .starts_with("its header claims 100000×100000 pixels"),
        "{err}"
    );

    // The largest size a header can claim (found by cargo fuzz: it overflowed the size sum).
    let most = png_claiming(u32::MAX, u32::MAX);
    assert!(matches!(
        decode(&most, None, &limits()).err().unwrap(),
        Error::TooLarge { .. }
    ));

    // Within the side limit but over the memory budget: refused the same way.
    let wide = png_claiming(16_000, 16_000);
    assert!(matches!(
        decode(&wide, None, &limits()).err().unwrap(),
        Error::TooLarge { .. }
    ));
}

#[test]
fn an_animated_gif_uses_its_first_frame_and_says_so() {
    use image::codecs::gif::GifEncoder;
    use image::{Delay, Frame};
    let mut bytes = Vec::new();
    {
        let mut encoder = GifEncoder::new(&mut bytes);
        for colour in [[255, 0, 0, 255], [0, 0, 255, 255]] {
            let frame = Frame::from_parts(
                solid(40, 40, colour),
                0,
                0,
                Delay::from_numer_denom_ms(100, 1),
            );
            encoder.encode_frame(frame).unwrap();
        }
    }
    let decoded = decode(&bytes, Some("gif"), &limits()).unwrap();
    assert_eq!(decoded.inspection.notes, [ImageNote::FirstFrameOnly]);
    assert_eq!(
        decoded.pixels.get_pixel(20, 20).0,
        [255, 0, 0, 255],
        "the first frame is red"
    );

    let mut still = Vec::new();
    GifEncoder::new(&mut still)
        .encode_frame(Frame::new(solid(40, 40, [0, 255, 0, 255])))
        .unwrap();
    assert_eq!(
        decode(&still, Some("gif"), &limits())
            .unwrap()
            .inspection
            .notes,
        []
    );
}

#[test]
fn a_16_bit_png_is_reduced_to_8_bits_with_its_colours_kept() {
    use image::{ImageBuffer, ImageEncoder, Rgba};
    let img: ImageBuffer<Rgba<u16>, Vec<u16>> =
        ImageBuffer::from_pixel(30, 30, Rgba([65535, 32768, 0, 65535]));
    let raw: Vec<u8> = img.as_raw().iter().flat_map(|v| v.to_be_bytes()).collect();
    let mut bytes = Vec::new();
    image::codecs::png::PngEncoder::new(&mut bytes)
        .write_image(
            &native_endian(&raw),
            30,
            30,
            image::ExtendedColorType::Rgba16,
        )
        .unwrap();
    let decoded = decode(&bytes, Some("png"), &limits()).unwrap();
    assert_eq!(decoded.inspection.notes, [ImageNote::Reduced16Bit]);
    assert_eq!(decoded.inspection.color, "RGBA, 16 bits per channel");
    assert_eq!(decoded.pixels.get_pixel(0, 0).0, [255, 128, 0, 255]);
}

/// `write_image` takes 16-bit samples in native byte order.
fn native_endian(big_endian: &[u8]) -> Vec<u8> {
    big_endian
        .chunks(2)
        .flat_map(|c| u16::from_be_bytes([c[0], c[1]]).to_ne_bytes())
        .collect()
}

#[test]
fn a_cmyk_jpeg_is_converted_to_rgb_with_the_right_colours() {
    // Made by ImageMagick: 60×40, blue on the left half, red on the right, in CMYK.
    let bytes = include_bytes!("fixtures/cmyk.jpg");
    let decoded = decode(bytes, Some("jpg"), &limits()).unwrap();
    assert_eq!(decoded.inspection.notes, [ImageNote::ConvertedFromCmyk]);
    assert_eq!(decoded.inspection.color, "CMYK, 8 bits per channel");
    let [r, g, b, _] = decoded.pixels.get_pixel(10, 20).0;
    assert!(b > 200 && r < 60 && g < 60, "left is blue, got {r},{g},{b}");
    let [r, g, b, _] = decoded.pixels.get_pixel(50, 20).0;
    assert!(r > 200 && g < 60 && b < 60, "right is red, got {r},{g},{b}");
}

#[test]
fn a_jpeg_with_exif_orientation_is_turned_upright() {
    let mut img = solid(60, 40, [255, 0, 0, 255]);
    for y in 0..40 {
        for x in 0..10 {
            img.put_pixel(x, y, image::Rgba([0, 0, 255, 255]));
        }
    }
    let decoded = decode(&jpeg_with_orientation_6(&img), Some("jpg"), &limits()).unwrap();
    assert_eq!(decoded.inspection.notes, [ImageNote::Rotated]);
    assert_eq!(decoded.pixels.dimensions(), (40, 60));
    assert_eq!(
        (
            decoded.inspection.info.width,
            decoded.inspection.info.height
        ),
        (40, 60)
    );
    let [r, _, b, _] = decoded.pixels.get_pixel(20, 3).0;
    assert!(
        b > 200 && r < 60,
        "the blue left edge is now at the top, got {r},{b}"
    );
}

#[test]
fn svgs_that_reach_outside_or_run_script_are_refused_by_name() {
    let cases = [
        (r#"<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"#, "it contains a <script>"),
        (r#"<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>"#, "the onload attribute on <svg> runs script"),
        (
            r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><image xlink:href="file:///etc/passwd" width="10" height="10"/></svg>"#,
            "<image> refers to “file:///etc/passwd” outside the file",
        ),
        (
            r#"<svg xmlns="http://www.w3.org/2000/svg"><image href="https://example.com/x.png" width="10" height="10"/></svg>"#,
            "<image> refers to “https://example.com/x.png” outside the file",
        ),
        (
            r#"<svg xmlns="http://www.w3.org/2000/svg"><rect width="9" height="9" style="fill:url(http://evil/x.svg#p)"/></svg>"#,
            "a style in <rect> refers to “http://evil/x.svg#p” outside the file",
        ),
        (
            r#"<svg xmlns="http://www.w3.org/2000/svg"><style>@import url(x.css);</style></svg>"#,
            "a style in <style> imports another file",
        ),
        (
            r#"<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><p>hi</p></foreignObject></svg>"#,
            "it embeds HTML in a <foreignObject>",
        ),
        (
            "<?xml version=\"1.0\"?><!DOCTYPE svg [<!ENTITY a \"aaaa\">]><svg xmlns=\"http://www.w3.org/2000/svg\">&a;</svg>",
            "it has a DOCTYPE, whose entities can expand without bound",
        ),
    ];
    for (svg, reason) in cases {
        let err = decode(svg.as_bytes(), Some("svg"), &limits())
            .err()
            .unwrap();
        assert_eq!(
            err.to_string(),
            format!("the SVG is refused: {reason}; export it without it, or as PNG")
        );
    }
}

#[test]
fn a_safe_svg_is_drawn_at_the_store_size() {
    let svg = r##"<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100">
        <defs><linearGradient id="g"><stop offset="0" stop-color="#f00"/></linearGradient></defs>
        <rect width="200" height="100" fill="url(#g)"/></svg>"##;
    let decoded = decode(svg.as_bytes(), Some("svg"), &limits()).unwrap();
    assert_eq!(decoded.pixels.dimensions(), (512, 256));
    assert_eq!(
        decoded.inspection.notes,
        [ImageNote::Rasterised {
            width: 512,
            height: 256
        }]
    );
    assert_eq!(decoded.pixels.get_pixel(256, 128).0, [255, 0, 0, 255]);
    assert_eq!(decoded.inspection.info.format, ImageFormat::Svg);
}

fn svg_embedding(png: &[u8], copies: usize) -> String {
    use base64::Engine;
    let data = base64::engine::general_purpose::STANDARD.encode(png);
    let uses: String = (0..copies)
        .map(|i| format!(r##"<use href="#i" x="{i}"/>"##))
        .collect();
    format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64">
        <defs><image id="i" width="64" height="64" href="data:image/png;base64,{data}"/></defs>
        {uses}</svg>"##
    )
}

/// A GIF whose logical screen is 1×1 and whose one frame is `side` px square
/// (the pixels themselves left out: the descriptor is what a decoder sizes by).
fn gif_with_frame(side: u16) -> Vec<u8> {
    let mut gif = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff".to_vec();
    gif.extend([0x2c, 0, 0, 0, 0]);
    gif.extend(side.to_le_bytes());
    gif.extend(side.to_le_bytes());
    gif.extend([0x00, 0x02, 0x02, 0x4c, 0x01, 0x00, 0x3b]);
    gif
}

#[test]
fn an_embedded_gif_is_charged_by_the_frame_the_decoder_makes_not_its_screen() {
    let gif = gif_with_frame(3_000);
    // One 3000×3000 frame (36 MB of RGBA) is within the limit.
    assert!(decode(svg_embedding(&gif, 1).as_bytes(), Some("svg"), &limits()).is_ok());
    // Twelve copies are 432 MB, though each claims a 1×1 screen.
    let err = decode(svg_embedding(&gif, 12).as_bytes(), Some("svg"), &limits())
        .err()
        .expect("twelve frames of 9 megapixels are past the limit");
    assert!(
        err.to_string()
            .contains("its embedded images come to 108 megapixels"),
        "{err}"
    );
}

#[test]
fn rasters_inside_an_svg_count_against_the_image_limit_every_copy_counted() {
    // 9000×9000 is 324 MB of RGBA: one copy fits the 400 MB limit, two do not.
    let huge = png_claiming(9_000, 9_000);
    assert!(decode(svg_embedding(&huge, 1).as_bytes(), Some("svg"), &limits()).is_ok());
    let err = decode(svg_embedding(&huge, 2).as_bytes(), Some("svg"), &limits())
        .err()
        .unwrap();
    assert_eq!(
        err.to_string(),
        "the SVG is refused: its embedded images come to 162 megapixels, counting every copy \
         <use> draws, more than the 104 the app opens; export it without it, or as PNG"
    );
    let wide = png_claiming(20_000, 1);
    let err = decode(svg_embedding(&wide, 1).as_bytes(), Some("svg"), &limits())
        .err()
        .unwrap();
    assert!(err.to_string().contains("embedded images"), "{err}");

    // A real raster inside an SVG is still drawn.
    let red = png(&solid(8, 8, [255, 0, 0, 255]));
    let drawn = decode(svg_embedding(&red, 1).as_bytes(), Some("svg"), &limits()).unwrap();
    let centre = drawn
        .pixels
        .get_pixel(drawn.pixels.width() / 2, drawn.pixels.height() / 2);
    assert_eq!(centre.0, [255, 0, 0, 255]);
}

/// Ten copies of ten copies of … `levels` deep: 10^levels rectangles from a few hundred bytes.
fn svg_of_nested_uses(levels: u32) -> String {
    let mut svg = String::from(
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><defs><rect id="l0" width="1" height="1"/>"#,
    );
    for level in 1..=levels {
        svg.push_str(&format!(r#"<g id="l{level}">"#));
        for x in 0..10 {
            svg.push_str(&format!(r##"<use href="#l{}" x="{x}"/>"##, level - 1));
        }
        svg.push_str("</g>");
    }
    svg + &format!(r##"</defs><use href="#l{levels}"/></svg>"##)
}

#[test]
fn an_svg_whose_uses_multiply_without_bound_is_refused_before_drawing() {
    assert!(decode(svg_of_nested_uses(3).as_bytes(), Some("svg"), &limits()).is_ok());
    // Ten billion rectangles: without the count this never finishes.
    let err = decode(svg_of_nested_uses(10).as_bytes(), Some("svg"), &limits())
        .err()
        .unwrap();
    assert_eq!(
        err.to_string(),
        "the SVG is refused: its references (<use> and url(#…)) would draw more than 100000 \
         elements; export it without it, or as PNG"
    );
    let looped = r##"<svg xmlns="http://www.w3.org/2000/svg"><g id="a"><use href="#b"/></g><g id="b"><use href="#a"/></g></svg>"##;
    let err = decode(looped.as_bytes(), Some("svg"), &limits())
        .err()
        .unwrap();
    assert!(
        err.to_string()
            .contains("refers, through others, to itself"),
        "{err}"
    );
}

#[test]
fn what_resvg_allocates_or_loops_over_is_counted_before_it_draws() {
    let svg = |body: &str| {
        format!(
            r##"<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100">{body}</svg>"##
        )
    };
    let refused = |body: &str| {
        decode(svg(body).as_bytes(), Some("svg"), &limits())
            .err()
            .map(|e| e.to_string())
            .unwrap_or_else(|| panic!("drawn: {body}"))
    };
    // A pattern whose tile is 60000 user units square.
    let pattern = r##"<defs><pattern id="p" width="60000" height="60000" patternUnits="userSpaceOnUse"><rect width="10" height="10"/></pattern></defs><rect width="100" height="100" fill="url(#p)"/>"##;
    let said = refused(pattern);
    assert!(
        said.contains("the pattern “p”'s tile would be drawn at"),
        "{said}"
    );
    // Forty shapes filled by a pattern whose tile is 3994 px square: each draws it again.
    let shapes = "<rect width=\"10\" height=\"10\" fill=\"url(#q)\"/>".repeat(40);
    let said = refused(&format!(
        r##"<defs><pattern id="q" width="780" height="780" patternUnits="userSpaceOnUse"><rect width="10" height="10"/></pattern></defs>{shapes}"##
    ));
    assert!(
        said.contains("its patterns would draw 271 million pixels of tiles, one tile for each shape they fill; at most 268 million"),
        "{said}"
    );
    // A morphology of a large radius, turbulence of many octaves, a large kernel.
    let filter = |primitive: &str| {
        format!(
            r##"<defs><filter id="f">{primitive}</filter></defs><rect width="100" height="100" filter="url(#f)"/>"##
        )
    };
    let said = refused(&filter(
        r#"<feMorphology operator="dilate" radius="5000"/>"#,
    ));
    assert!(said.contains("feMorphology of radius"), "{said}");
    let said = refused(&filter(
        r#"<feTurbulence baseFrequency="0.05" numOctaves="100000"/>"#,
    ));
    assert!(said.contains("feTurbulence of 100000 octaves"), "{said}");
    // Within the radius cap, over the whole canvas and five times past it: some 40 s of work.
    let said = refused(
        r##"<defs><filter id="m" x="0" y="0" width="799" height="799" filterUnits="userSpaceOnUse"><feMorphology operator="dilate" radius="12"/></filter></defs><rect width="799" height="799" filter="url(#m)"/>"##,
    );
    assert!(
        said.contains("its filters would take about 99 s to draw"),
        "{said}"
    );
    // Two thousand translucent shapes, each covering the canvas and past it.
    let said = refused(&r#"<rect width="500" height="500" opacity="0.5"/>"#.repeat(2000));
    assert!(
        said.contains("its shapes and layers would take about 2 s to paint, each counted by the box it covers; at most 2 s"),
        "{said}"
    );
    let kernel = vec!["1"; 400].join(" ");
    let said = refused(&filter(&format!(
        r#"<feConvolveMatrix order="20" kernelMatrix="{kernel}"/>"#
    )));
    assert!(said.contains("feConvolveMatrix of 20×20"), "{said}");
    // 250 groups with opacity, each inside the one before.
    let nested = format!(
        "{}<rect width=\"10\" height=\"10\"/>{}",
        "<g opacity=\"0.9\">".repeat(250),
        "</g>".repeat(250)
    );
    let said = refused(&nested);
    assert!(said.contains("more than 32 groups with opacity"), "{said}");
    // Twenty of them, each a layer of 2000×2000 px drawn: 80 million pixels held at once.
    let wide = format!(
        "{}<rect width=\"390\" height=\"390\"/>{}",
        "<g opacity=\"0.9\">".repeat(20),
        "</g>".repeat(20)
    );
    let said = refused(&wide);
    assert!(
        said.contains("million pixels of layers at once; at most 67 million"),
        "{said}"
    );
    // What a real logo does passes: a soft shadow, a few translucent layers, a small pattern.
    let fine = r##"<defs><filter id="s"><feGaussianBlur stdDeviation="2"/><feOffset dx="1" dy="1"/></filter>
        <pattern id="d" width="8" height="8" patternUnits="userSpaceOnUse"><circle cx="4" cy="4" r="2"/></pattern></defs>
        <g opacity="0.8"><g opacity="0.8"><rect width="100" height="100" fill="url(#d)" filter="url(#s)"/></g></g>"##;
    assert!(decode(svg(fine).as_bytes(), Some("svg"), &limits()).is_ok());
}

#[test]
fn an_svg_attribute_whose_name_starts_with_a_wide_character_is_read_not_a_panic() {
    // Found by cargo fuzz: a byte-order mark before an attribute's name.
    let svg = "<svg \u{feff}ns=\"http://www.w3.org/2000/svg\" viewBox=\"4 40  4\"><rect width=\"4\" height=\"2\" fill=\"#f00\"/></svg>";
    assert!(decode(svg.as_bytes(), Some("svg"), &limits()).is_ok());
    let handler = "<svg xmlns=\"http://www.w3.org/2000/svg\"><rect \u{feff}nclick=\"x\" ONload=\"alert(1)\"/></svg>";
    let err = decode(handler.as_bytes(), Some("svg"), &limits())
        .err()
        .unwrap();
    assert!(
        err.to_string()
            .contains("the ONload attribute on <rect> runs script"),
        "{err}"
    );
}

#[test]
fn an_svg_giving_one_id_to_two_elements_is_refused_before_it_is_drawn() {
    // resvg follows `<use>` to the first and an feImage to the last: the counts
    // could not follow both (found by cargo fuzz: an feImage and a use looping).
    let twice = r##"<svg xmlns="http://www.w3.org/2000/svg"><defs><filter id="f"><feImage href="#a"/></filter></defs>
        <g id="a" filter="url(#f)"><use href="#b"/></g><rect id="a" width="5" height="5"/><g id="b"/></svg>"##;
    let err = decode(twice.as_bytes(), Some("svg"), &limits())
        .err()
        .unwrap();
    assert_eq!(
        err.to_string(),
        "the SVG is refused: the id “a” is given to more than one element; ids must be unique; export it without it, or as PNG"
    );
}

#[test]
fn a_damaged_svg_says_so() {
    let err = decode(
        b"<svg xmlns=\"http://www.w3.org/2000/svg\"><rect",
        Some("svg"),
        &limits(),
    )
    .err()
    .unwrap();
    assert!(matches!(err, Error::BadSvg(_)), "{err}");
    assert!(
        err.to_string().starts_with("the SVG cannot be drawn ("),
        "{err}"
    );
}

#[test]
fn a_file_over_the_byte_limit_is_refused_unread() {
    let small = Limits {
        max_bytes: 1000,
        ..Limits::default()
    };
    let err = decode(&vec![0u8; 1001], None, &small).err().unwrap();
    assert_eq!(
        err.to_string(),
        "the file is 1001 bytes; the app opens images of at most 1000 bytes"
    );
}

#[test]
fn every_input_the_fuzzer_ever_crashed_on_is_now_a_clear_error() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz");
    let mut seen = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        let result = rbpub_assets::fix_logo(
            &bytes,
            Some("png"),
            &rbpub_assets::plan_all(None),
            &limits(),
        );
        let err = result.expect_err("these inputs are not usable images");
        assert!(!err.to_string().is_empty());
        seen += 1;
    }
    assert!(seen >= 1);
}
