//! What an SVG costs to draw, counted before resvg draws it: the elements
//! `<use>` and other references multiply (ten levels of ten copies is ten
//! billion), and the rasters embedded as `data:` URIs, which resvg decodes with
//! its own decoders, outside ours.

use std::collections::HashMap;
use std::io::Cursor;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use rbpub_core::ImageFormat;
use resvg::usvg::{self, roxmltree};

use rbpub_core::catalogue::Sentence;

use crate::error::{Error, Result};
use crate::limits::Limits;

/// Elements drawn once every reference is followed; a detailed logo has a few thousand.
const MAX_DRAWN: u64 = rbpub_core::budget::SVG_DRAWN_ELEMENTS;
/// Elements nested inside each other, references included.
const MAX_DEPTH: usize = rbpub_core::budget::SVG_DEPTH;

/// Refuses an SVG whose references would have it draw more than
/// [`MAX_DRAWN`] elements, or that refers to itself.
pub(crate) fn drawn_elements(doc: &roxmltree::Document) -> Result<u64> {
    // resvg follows `<use>` to the first element of an id and other references
    // to the last (copies included): with an id given twice, what is counted
    // here need not be what is drawn, so the SVG is refused (found by cargo fuzz).
    let mut ids: HashMap<&str, roxmltree::Node> = HashMap::new();
    for node in doc.descendants() {
        if let Some(id) = node.attribute("id") {
            if ids.insert(id, node).is_some() {
                return Err(Error::UnsafeSvg(
                    Sentence::new("svg.duplicateId")
                        .arg("id", id.chars().take(40).collect::<String>()),
                ));
            }
        }
    }
    let mut counter = Counter {
        ids,
        memo: HashMap::new(),
    };
    counter.count(doc.root_element(), 0)
}

struct Counter<'a, 'input> {
    ids: HashMap<&'a str, roxmltree::Node<'a, 'input>>,
    /// Finished counts; `None` while a node is being counted (a cycle when met again).
    memo: HashMap<roxmltree::NodeId, Option<u64>>,
}

impl<'a, 'input> Counter<'a, 'input> {
    fn count(&mut self, node: roxmltree::Node<'a, 'input>, depth: usize) -> Result<u64> {
        if depth > MAX_DEPTH {
            return Err(Error::UnsafeSvg(
                Sentence::new("svg.nestsDeep").arg("max", MAX_DEPTH),
            ));
        }
        match self.memo.get(&node.id()) {
            Some(Some(n)) => return Ok(*n),
            Some(None) => {
                return Err(Error::UnsafeSvg(
                    Sentence::new("svg.refersToItself").arg("element", node.tag_name().name()),
                ))
            }
            None => {}
        }
        self.memo.insert(node.id(), None);
        let mut total: u64 = 1;
        for child in node.children().filter(|n| n.is_element()) {
            total = total.saturating_add(self.count(child, depth + 1)?);
        }
        for target in references(node) {
            if let Some(&target) = self.ids.get(target) {
                total = total.saturating_add(self.count(target, depth + 1)?);
            }
        }
        if total > MAX_DRAWN {
            return Err(Error::UnsafeSvg(
                Sentence::new("svg.drawsTooMany").arg("max", MAX_DRAWN),
            ));
        }
        self.memo.insert(node.id(), Some(total));
        Ok(total)
    }
}

/// The ids an element draws a copy of: `href="#id"` and every `url(#id)`.
fn references<'n>(node: roxmltree::Node<'n, '_>) -> impl Iterator<Item = &'n str> {
    node.attributes().flat_map(|attr| {
        let value = attr.value();
        let href = (attr.name() == "href")
            .then(|| value.trim().strip_prefix('#'))
            .flatten();
        let urls = value.match_indices("url(").filter_map(move |(at, _)| {
            let rest = value[at + 4..].trim_start().trim_start_matches(['"', '\'']);
            let id = rest.strip_prefix('#')?;
            Some(id.split([')', '"', '\'']).next().unwrap_or("").trim())
        });
        href.into_iter().chain(urls)
    })
}

/// Rasters embedded as `data:` URIs are decoded by resvg, outside our decoder:
/// their pixels, every copy counted, share the one limit an image has.
pub(crate) struct EmbeddedBudget {
    limits: Limits,
    /// RGBA bytes admitted so far.
    spent: AtomicU64,
    /// Encoded bytes the tree holds: each copy keeps its own.
    held: AtomicU64,
    refused: Mutex<Option<Error>>,
}

impl EmbeddedBudget {
    pub(crate) fn new(limits: &Limits) -> Self {
        EmbeddedBudget {
            limits: *limits,
            spent: AtomicU64::new(0),
            held: AtomicU64::new(0),
            refused: Mutex::new(None),
        }
    }

    pub(crate) fn admit(&self, data: Arc<Vec<u8>>) -> Option<usvg::ImageKind> {
        let refuse = |why: Error| {
            self.refused
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .get_or_insert(why);
            None
        };
        // A nested SVG could carry what this file may not: rasters only.
        let format = match crate::format::sniff(&data) {
            Some(
                f @ (ImageFormat::Png | ImageFormat::Jpeg | ImageFormat::Gif | ImageFormat::Webp),
            ) => f,
            _ => return refuse(Error::UnsafeSvg(Sentence::new("svg.embeddedFormat"))),
        };
        let Some((width, height)) = drawn_size(&data, format) else {
            return refuse(Error::BadSvg(Sentence::new("svg.embeddedDamaged")));
        };
        let held = self.held.fetch_add(data.len() as u64, Ordering::Relaxed) + data.len() as u64;
        if held > self.limits.max_bytes {
            return refuse(Error::UnsafeSvg(
                Sentence::new("svg.embeddedBytes")
                    .arg("mb", held.div_ceil(1024 * 1024))
                    .arg("max", self.limits.max_bytes / 1024 / 1024),
            ));
        }
        let bytes = u64::from(width)
            .saturating_mul(u64::from(height))
            .saturating_mul(4);
        let spent = self
            .spent
            .fetch_add(bytes, Ordering::Relaxed)
            .saturating_add(bytes);
        if width > self.limits.max_side
            || height > self.limits.max_side
            || spent > self.limits.max_alloc
        {
            return refuse(Error::UnsafeSvg(
                Sentence::new("svg.embeddedPixels")
                    .arg("megapixels", spent / 4 / 1_000_000)
                    .arg("max", self.limits.max_alloc / 4 / 1_000_000),
            ));
        }
        Some(match format {
            ImageFormat::Png => usvg::ImageKind::PNG(data),
            ImageFormat::Jpeg => usvg::ImageKind::JPEG(data),
            ImageFormat::Gif => usvg::ImageKind::GIF(data),
            _ => usvg::ImageKind::WEBP(data),
        })
    }

    pub(crate) fn verdict(&self) -> Result<()> {
        match self
            .refused
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .take()
        {
            Some(why) => Err(why),
            None => Ok(()),
        }
    }
}

/// The pixels resvg's decoder makes for an embedded raster: a GIF's first
/// frame, which its own descriptor sizes (the logical screen may claim 1×1);
/// the header's size for the others.
fn drawn_size(data: &[u8], format: ImageFormat) -> Option<(u32, u32)> {
    if format == ImageFormat::Gif {
        let mut decoder = gif::DecodeOptions::new().read_info(data).ok()?;
        let frame = decoder.next_frame_info().ok()??;
        return Some((u32::from(frame.width), u32::from(frame.height)));
    }
    let reader = image::ImageReader::with_format(Cursor::new(data), image_format(format));
    reader.into_dimensions().ok()
}

fn image_format(format: ImageFormat) -> image::ImageFormat {
    match format {
        ImageFormat::Png => image::ImageFormat::Png,
        ImageFormat::Jpeg => image::ImageFormat::Jpeg,
        ImageFormat::Gif => image::ImageFormat::Gif,
        _ => image::ImageFormat::WebP,
    }
}
