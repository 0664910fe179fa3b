//! SVG input: refused when it could reach outside the file or run script,
//! otherwise drawn at the store's logo size by resvg (no network, no script).

use std::sync::{Arc, OnceLock};

use image::RgbaImage;
use rbpub_core::image::LOGO_STORE_SIDE;
use rbpub_core::ImageNote;
use resvg::tiny_skia;
use resvg::usvg::{self, fontdb, roxmltree};

use rbpub_core::catalogue::Sentence;

use crate::error::{Error, Result};
use crate::format::Color;
use crate::limits::{check_size, Limits};
use crate::svg_budget::{drawn_elements, EmbeddedBudget};

/// Larger SVG files are refused before parsing: no logo needs them.
const MAX_SVG_BYTES: usize = rbpub_core::budget::SVG_BYTES as usize;

pub(crate) fn rasterise(
    bytes: &[u8],
    limits: &Limits,
) -> Result<(RgbaImage, Color, Vec<ImageNote>)> {
    refuse_large(bytes)?;
    let pixels =
        crate::svg_child::draw_isolated(bytes, limits).unwrap_or_else(|| draw(bytes, limits))?;
    let (width, height) = pixels.dimensions();
    let color = Color {
        words: "vector".into(),
        alpha: true,
    };
    Ok((pixels, color, vec![ImageNote::Rasterised { width, height }]))
}

fn refuse_large(bytes: &[u8]) -> Result<()> {
    if bytes.len() > MAX_SVG_BYTES {
        return Err(Error::TooManyBytes {
            bytes: bytes.len() as u64,
            max: MAX_SVG_BYTES as u64,
        });
    }
    Ok(())
}

/// Checks the SVG and draws it at the store's logo size, in this process.
pub(crate) fn draw(bytes: &[u8], limits: &Limits) -> Result<RgbaImage> {
    refuse_large(bytes)?;
    let text =
        std::str::from_utf8(bytes).map_err(|_| Error::BadSvg(Sentence::new("svg.notUtf8")))?;
    let has_text = refuse_unsafe(text)?;
    let embedded = Arc::new(EmbeddedBudget::new(limits));
    let budget = embedded.clone();
    let mut options = usvg::Options {
        resources_dir: None,
        image_href_resolver: usvg::ImageHrefResolver {
            // Called once per drawn copy (each `<use>` of an image resolves it
            // again), so the budget counts what resvg's own decoders will hold.
            resolve_data: Box::new(move |_, data, _| budget.admit(data)),
            resolve_string: Box::new(|_, _| None),
        },
        ..usvg::Options::default()
    };
    if has_text {
        options.fontdb = system_fonts();
    }
    let tree = usvg::Tree::from_str(text, &options).map_err(|e| parser_said(&e))?;
    embedded.verdict()?;
    let size = tree.size();
    let scale = LOGO_STORE_SIDE as f32 / size.width().max(size.height());
    let width = ((size.width() * scale).round() as u32).max(1);
    let height = ((size.height() * scale).round() as u32).max(1);
    check_size(width, height, 0, limits)?;
    crate::svg_render::check(&tree, scale)?;
    let mut pixmap = tiny_skia::Pixmap::new(width, height)
        .ok_or_else(|| Error::BadSvg(Sentence::new("svg.noSize")))?;
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    let mut pixels = RgbaImage::new(width, height);
    for (out, p) in pixels.pixels_mut().zip(pixmap.pixels()) {
        let c = p.demultiply();
        *out = image::Rgba([c.red(), c.green(), c.blue(), c.alpha()]);
    }
    Ok(pixels)
}

/// Refuses what could run script or reach outside the file; says whether the
/// SVG has text (which needs the system's fonts).
fn refuse_unsafe(text: &str) -> Result<bool> {
    let doc = roxmltree::Document::parse(text).map_err(|e| match e {
        roxmltree::Error::DtdDetected => Error::UnsafeSvg(Sentence::new("svg.doctype")),
        other => parser_said(&other),
    })?;
    let mut has_text = false;
    for node in doc.descendants().filter(|n| n.is_element()) {
        let name = node.tag_name().name();
        match name {
            "script" => return Err(Error::UnsafeSvg(Sentence::new("svg.script"))),
            "foreignObject" => return Err(Error::UnsafeSvg(Sentence::new("svg.foreignObject"))),
            "text" => has_text = true,
            "style" => check_css(node.text().unwrap_or(""), name)?,
            _ => {}
        }
        for attr in node.attributes() {
            let (key, value) = (attr.name(), attr.value().trim());
            // By bytes: a name may start with a character of several (found by cargo fuzz).
            if key.len() > 2 && key.as_bytes()[..2].eq_ignore_ascii_case(b"on") {
                return Err(Error::UnsafeSvg(
                    Sentence::new("svg.eventAttribute")
                        .arg("attribute", key)
                        .arg("element", name),
                ));
            }
            if key == "href" && !is_internal(value) {
                return Err(Error::UnsafeSvg(
                    Sentence::new("svg.outsideHref")
                        .arg("element", name)
                        .arg("target", clip(value)),
                ));
            }
            check_css(value, name)?;
        }
    }
    drawn_elements(&doc)?;
    Ok(has_text)
}

/// `url(...)` and `@import` in styles may only point inside the file.
fn check_css(css: &str, element: &str) -> Result<()> {
    let lower = css.to_ascii_lowercase();
    if lower.contains("@import") {
        return Err(Error::UnsafeSvg(
            Sentence::new("svg.cssImport").arg("element", element),
        ));
    }
    for (at, _) in lower.match_indices("url(") {
        let target = css[at + 4..].trim_start().trim_start_matches(['"', '\'']);
        if !is_internal(target) {
            return Err(Error::UnsafeSvg(
                Sentence::new("svg.cssOutside")
                    .arg("element", element)
                    .arg("target", clip(target.split(')').next().unwrap_or(""))),
            ));
        }
    }
    Ok(())
}

fn is_internal(target: &str) -> bool {
    let lower = target.to_ascii_lowercase();
    target.starts_with('#')
        || [
            "data:image/png",
            "data:image/jpeg",
            "data:image/gif",
            "data:image/webp",
        ]
        .iter()
        .any(|p| lower.starts_with(p))
}

/// The parser's own words, inside our sentence.
fn parser_said(words: &impl std::fmt::Display) -> Error {
    Error::BadSvg(Sentence::new("svg.parser").arg("words", words))
}

fn clip(s: &str) -> String {
    s.chars().take(60).collect()
}

fn system_fonts() -> Arc<fontdb::Database> {
    static FONTS: OnceLock<Arc<fontdb::Database>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            let mut db = fontdb::Database::new();
            db.load_system_fonts();
            Arc::new(db)
        })
        .clone()
}
