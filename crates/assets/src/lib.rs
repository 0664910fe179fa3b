//! The image pipeline for logos and screenshots: decode any reasonable image
//! within limits, inspect and check it against the store's logo rules, fix it on
//! request (pad or crop to square, scale, flatten, re-encode) and hash the result.
//! Pure functions over bytes: storage is the drafts crate's job.

mod batch;
mod decode;
mod error;
mod format;
pub mod kit;
mod limits;
mod render;
mod strip;
mod svg;
mod svg_budget;
mod svg_child;
mod svg_render;

use rayon::prelude::*;
use rbpub_core::image::{LOGO_MAX_BYTES, LOGO_MIN_SIDE, LOGO_STORE_SIDE};
use rbpub_core::rules::evaluate_logo;
use rbpub_core::{Finding, Fix, ImageInfo, Inspection, Locale, LogoFixes, SquareBy};
use sha2::{Digest, Sha256};

pub use batch::{pixel_cost, PixelBudget, Reserved};
pub use decode::{decode, peek, Decoded};
pub use error::{Error, Result};
pub use format::sniff;
pub use limits::Limits;
pub use render::{encode, render, render_owned, Effort, Plan, Square};
pub use strip::without_metadata;

/// Screenshots are kept at most this wide or tall: the store's gallery size.
pub const SCREENSHOT_MAX_SIDE: u32 = 1920;
/// A screenshot file is kept under this many bytes (PNG, else JPEG).
pub const SCREENSHOT_MAX_BYTES: u64 = 4 * 1024 * 1024;

/// SHA-256 of the bytes in lowercase hex: an asset's name in the asset folder.
pub fn hash(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// An image produced by a fix, ready to store.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fixed {
    pub bytes: Vec<u8>,
    pub info: ImageInfo,
}

/// What the file is and what the logo rules say about it.
pub fn check_logo(
    bytes: &[u8],
    extension: Option<&str>,
    limits: &Limits,
    locale: Locale,
) -> Result<(Inspection, Vec<Finding>)> {
    let inspection = decode(bytes, extension, limits)?.inspection;
    let findings = evaluate_logo(Some(&inspection.info), locale);
    Ok((inspection, findings))
}

/// The plan that makes a logo from its original with the fixes chosen so far.
pub fn plan_from(fixes: &LogoFixes) -> Result<Plan> {
    let background = match fixes.background.as_deref().filter(|b| !b.is_empty()) {
        None => None,
        Some(b) => Some(parse_color(b).ok_or_else(|| Error::BadColour(b.to_string()))?),
    };
    Ok(plan(fixes, background))
}

/// The plan that applies one fix the checks offered.
pub fn plan_for(fix: Fix, background: Option<[u8; 3]>) -> Plan {
    plan(&LogoFixes::default().with(Some(fix), None), background)
}

/// Every logo fix at once: square by padding, the store's size, PNG (or JPEG).
pub fn plan_all(background: Option<[u8; 3]>) -> Plan {
    plan(&LogoFixes::default().with(None, None), background)
}

fn plan(fixes: &LogoFixes, background: Option<[u8; 3]>) -> Plan {
    let size = |side| fixes.resized.then_some(side);
    Plan {
        square: fixes.square.map(|s| match s {
            SquareBy::Pad => Square::Pad,
            SquareBy::Crop => Square::Crop,
        }),
        max_side: size(LOGO_STORE_SIDE),
        min_side: size(LOGO_MIN_SIDE),
        background,
    }
}

/// Decodes a logo, applies the plan and encodes the result for the store.
pub fn fix_logo(
    bytes: &[u8],
    extension: Option<&str>,
    plan: &Plan,
    limits: &Limits,
) -> Result<Fixed> {
    let decoded = decode(bytes, extension, limits)?;
    let rendered = render_owned(decoded.pixels, plan)?;
    finish(&rendered, plan.background, LOGO_MAX_BYTES, Effort::Small)
}

/// A screenshot as the gallery keeps it: at most the store's size, re-encoded
/// (which also drops metadata such as a photo's location).
pub fn prepare_screenshot(bytes: &[u8], extension: Option<&str>, limits: &Limits) -> Result<Fixed> {
    let decoded = decode(bytes, extension, limits)?;
    let plan = Plan {
        max_side: Some(SCREENSHOT_MAX_SIDE),
        ..Plan::default()
    };
    let rendered = render_owned(decoded.pixels, &plan)?;
    finish(&rendered, None, SCREENSHOT_MAX_BYTES, Effort::Fast)
}

/// Many screenshots at once, on every core, within the batch's pixel budget;
/// results in the order given.
pub fn prepare_screenshots(files: &[(Option<&str>, &[u8])], limits: &Limits) -> Vec<Result<Fixed>> {
    let budget = PixelBudget::new(rbpub_core::budget::BATCH_PIXEL_BYTES);
    prepare_screenshots_within(files, limits, &budget)
}

/// As [`prepare_screenshots`], each decode holding its pixels from `budget`.
pub fn prepare_screenshots_within(
    files: &[(Option<&str>, &[u8])],
    limits: &Limits,
    budget: &PixelBudget,
) -> Vec<Result<Fixed>> {
    files
        .par_iter()
        .map(|(extension, bytes)| {
            let _pixels = budget.hold(pixel_cost(bytes, limits));
            prepare_screenshot(bytes, *extension, limits)
        })
        .collect()
}

fn finish(
    pixels: &image::RgbaImage,
    background: Option<[u8; 3]>,
    max_bytes: u64,
    effort: Effort,
) -> Result<Fixed> {
    let (bytes, format) = encode(pixels, background, max_bytes, effort)?;
    Ok(encoded(pixels, bytes, format))
}

/// `pixels` encoded as `bytes` in `format`, with what is known of them.
fn encoded(pixels: &image::RgbaImage, bytes: Vec<u8>, format: rbpub_core::ImageFormat) -> Fixed {
    let info = ImageInfo {
        hash: hash(&bytes),
        format,
        width: pixels.width(),
        height: pixels.height(),
        bytes: bytes.len() as u64,
        alpha: format == rbpub_core::ImageFormat::Png && pixels.pixels().any(|p| p[3] < 255),
    };
    Fixed { bytes, info }
}

/// Call first in a program's `main`. In a copy of the program started to
/// draw an SVG, draws it and exits; otherwise every SVG this process decodes
/// is drawn in such a copy, which a memory limit and a time limit stop (see
/// `budget::SVG_DRAW_BYTES`), so that no SVG can take the program down.
pub fn isolate_svg() {
    svg_child::serve_or_opt_in(svg::draw);
}

/// A `#rrggbb` colour, as the UI and the CLI take a background.
pub fn parse_color(s: &str) -> Option<[u8; 3]> {
    let hex = s.trim().strip_prefix('#')?;
    if hex.len() != 6 || !hex.is_ascii() {
        return None;
    }
    let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
    Some([byte(0)?, byte(2)?, byte(4)?])
}
