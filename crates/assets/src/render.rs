//! Fixing an image's shape and size, and encoding it for the store.

use std::borrow::Cow;

use fast_image_resize::images::{Image, ImageRef};
use fast_image_resize::{MulDiv, PixelType, ResizeOptions, Resizer};
use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::{CompressionType, FilterType, PngEncoder};
use image::{ExtendedColorType, ImageEncoder, Rgba, RgbaImage};
use rbpub_core::budget::PADDED_SIDE;
use rbpub_core::ImageFormat;

use crate::error::{Error, Result};

/// How to make an image square.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Square {
    /// Add space around the short side (transparent, or the plan's background).
    Pad,
    /// Cut the long side around the centre.
    Crop,
}

/// What a fix does to an image. The default changes nothing but the encoding.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Plan {
    pub square: Option<Square>,
    /// Scale down so neither side exceeds this.
    pub max_side: Option<u32>,
    /// Scale up so neither side is below this.
    pub min_side: Option<u32>,
    /// Fills padding, and replaces transparency where the output has none.
    /// `None`: padding stays transparent and JPEG output is flattened on white.
    pub background: Option<[u8; 3]>,
}

/// Where the picture comes from and where it goes: the source region, its
/// scaled size, and the canvas it is centred on.
struct Geometry {
    region: (u32, u32, u32, u32),
    content: (u32, u32),
    canvas: (u32, u32),
}

impl Geometry {
    fn of((w, h): (u32, u32), plan: &Plan) -> Geometry {
        let (sx, sy, sw, sh) = match plan.square {
            Some(Square::Crop) => {
                let side = w.min(h);
                ((w - side) / 2, (h - side) / 2, side, side)
            }
            _ => (0, 0, w, h),
        };
        let (cw, ch) = match plan.square {
            Some(Square::Pad) => (w.max(h), w.max(h)),
            _ => (sw, sh),
        };
        let mut scale = 1.0_f64;
        if let Some(max) = plan.max_side.filter(|m| cw.max(ch) > *m) {
            scale = f64::from(max) / f64::from(cw.max(ch));
        }
        if let Some(min) = plan.min_side.filter(|m| cw.min(ch) < *m) {
            scale = f64::from(min) / f64::from(cw.min(ch));
        }
        // A canvas larger than the picture (padding, scaling up) is capped, so
        // a 16384×1 strip is not padded onto a 1 GiB square.
        let long = f64::from(cw.max(ch)) * scale;
        let grows = u64::from(cw) * u64::from(ch) > u64::from(sw) * u64::from(sh) || scale > 1.0;
        if grows && long > f64::from(PADDED_SIDE) {
            scale = f64::from(PADDED_SIDE) / f64::from(cw.max(ch));
        }
        let px = |v: u32| ((f64::from(v) * scale).round() as u32).max(1);
        let canvas = (px(cw), px(ch));
        Geometry {
            region: (sx, sy, sw, sh),
            content: (px(sw).min(canvas.0), px(sh).min(canvas.1)),
            canvas,
        }
    }

    /// Nothing is cut or scaled: the picture is used as it is.
    fn keeps(&self, (w, h): (u32, u32)) -> bool {
        self.region == (0, 0, w, h) && self.content == (w, h)
    }
}

/// Applies the plan's geometry. Padding is placed after scaling, so a large
/// image is never copied into an even larger canvas first.
pub fn render<'a>(pixels: &'a RgbaImage, plan: &Plan) -> Result<Cow<'a, RgbaImage>> {
    let g = Geometry::of(pixels.dimensions(), plan);
    let content = if g.keeps(pixels.dimensions()) {
        Cow::Borrowed(pixels)
    } else {
        Cow::Owned(resize(pixels, &g, true)?)
    };
    Ok(place(content, &g, plan))
}

/// As [`render`], for pixels the caller no longer needs: alpha is premultiplied
/// in place rather than in a copy, so a large logo is never in memory twice.
pub fn render_owned(mut pixels: RgbaImage, plan: &Plan) -> Result<RgbaImage> {
    let g = Geometry::of(pixels.dimensions(), plan);
    if g.keeps(pixels.dimensions()) {
        return Ok(place(Cow::Owned(pixels), &g, plan).into_owned());
    }
    let (w, h) = pixels.dimensions();
    let mul_div = MulDiv::default();
    let mut view = Image::from_slice_u8(w, h, &mut pixels, PixelType::U8x4).map_err(fir_error)?;
    mul_div
        .multiply_alpha_inplace(&mut view)
        .map_err(fir_error)?;
    let mut content = resize(&pixels, &g, false)?;
    drop(pixels);
    let (cw, ch) = content.dimensions();
    let mut view =
        Image::from_slice_u8(cw, ch, &mut content, PixelType::U8x4).map_err(fir_error)?;
    mul_div.divide_alpha_inplace(&mut view).map_err(fir_error)?;
    Ok(place(Cow::Owned(content), &g, plan).into_owned())
}

/// The content centred on the plan's canvas (padding), when it needs one.
fn place<'a>(content: Cow<'a, RgbaImage>, g: &Geometry, plan: &Plan) -> Cow<'a, RgbaImage> {
    let ((canvas_w, canvas_h), (dw, dh)) = (g.canvas, g.content);
    if (canvas_w, canvas_h) == (dw, dh) {
        return content;
    }
    let fill = match plan.background {
        Some([r, g, b]) => Rgba([r, g, b, 255]),
        None => Rgba([0, 0, 0, 0]),
    };
    let mut canvas = RgbaImage::from_pixel(canvas_w, canvas_h, fill);
    let (ox, oy) = ((canvas_w - dw) / 2, (canvas_h - dh) / 2);
    for (y, row) in content.rows().enumerate() {
        for (x, p) in row.enumerate() {
            let out = canvas.get_pixel_mut(ox + x as u32, oy + y as u32);
            *out = if plan.background.is_some() {
                over(*p, fill)
            } else {
                *p
            };
        }
    }
    Cow::Owned(canvas)
}

/// Lanczos3 over the plan's region. With `weigh_alpha`, colours are weighted by
/// alpha (no dark fringes around transparency); without, the source is already
/// premultiplied.
fn resize(src: &RgbaImage, g: &Geometry, weigh_alpha: bool) -> Result<RgbaImage> {
    let ((x, y, w, h), (dw, dh)) = (g.region, g.content);
    let view = ImageRef::new(src.width(), src.height(), src.as_raw(), PixelType::U8x4)
        .map_err(fir_error)?;
    let mut dst = Image::new(dw, dh, PixelType::U8x4);
    let options = ResizeOptions::new()
        .crop(f64::from(x), f64::from(y), f64::from(w), f64::from(h))
        .use_alpha(weigh_alpha);
    Resizer::new()
        .resize(&view, &mut dst, &options)
        .map_err(fir_error)?;
    RgbaImage::from_raw(dw, dh, dst.into_vec())
        .ok_or_else(|| Error::Encode("resized buffer".into()))
}

fn fir_error(e: impl std::fmt::Display) -> Error {
    Error::Encode(e.to_string())
}

/// `p` laid over an opaque background.
fn over(p: Rgba<u8>, bg: Rgba<u8>) -> Rgba<u8> {
    let a = u16::from(p[3]);
    let mix = |c: u8, b: u8| ((u16::from(c) * a + u16::from(b) * (255 - a) + 127) / 255) as u8;
    Rgba([mix(p[0], bg[0]), mix(p[1], bg[1]), mix(p[2], bg[2]), 255])
}

/// How hard PNG compression works: logos are small and sent often, so they get
/// the better ratio; a gallery of screenshots gets the faster encoder.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Effort {
    Small,
    Fast,
}

/// Encodes as PNG (opaque images without their alpha channel); when that is
/// over `max_bytes`, as JPEG on the background at the best quality that fits.
pub fn encode(
    pixels: &RgbaImage,
    background: Option<[u8; 3]>,
    max_bytes: u64,
    effort: Effort,
) -> Result<(Vec<u8>, ImageFormat)> {
    let opaque = pixels.pixels().all(|p| p[3] == 255);
    let png = if opaque {
        encode_png(
            &rgb(pixels, None),
            pixels.dimensions(),
            ExtendedColorType::Rgb8,
            effort,
        )?
    } else {
        encode_png(
            pixels.as_raw(),
            pixels.dimensions(),
            ExtendedColorType::Rgba8,
            effort,
        )?
    };
    if png.len() as u64 <= max_bytes {
        return Ok((png, ImageFormat::Png));
    }
    let flat = rgb(pixels, Some(background.unwrap_or([255, 255, 255])));
    let mut last = Vec::new();
    for quality in [92, 85, 75, 60, 45] {
        last = encode_jpeg(&flat, pixels.dimensions(), quality)?;
        if last.len() as u64 <= max_bytes {
            break;
        }
    }
    Ok((last, ImageFormat::Jpeg))
}

/// RGB bytes (from [`rgb`]) as a JPEG of `quality`.
pub(crate) fn encode_jpeg(rgb: &[u8], (w, h): (u32, u32), quality: u8) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, quality)
        .write_image(rgb, w, h, ExtendedColorType::Rgb8)
        .map_err(|e| Error::Encode(e.to_string()))?;
    Ok(out)
}

fn encode_png(
    raw: &[u8],
    (w, h): (u32, u32),
    color: ExtendedColorType,
    effort: Effort,
) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    let (compression, filter) = match effort {
        Effort::Small => (CompressionType::Default, FilterType::Adaptive),
        Effort::Fast => (CompressionType::Fast, FilterType::Adaptive),
    };
    PngEncoder::new_with_quality(&mut out, compression, filter)
        .write_image(raw, w, h, color)
        .map_err(|e| Error::Encode(e.to_string()))?;
    Ok(out)
}

/// RGB bytes: alpha dropped (opaque images) or laid over `background`.
pub(crate) fn rgb(pixels: &RgbaImage, background: Option<[u8; 3]>) -> Vec<u8> {
    let mut out = Vec::with_capacity(pixels.len() / 4 * 3);
    for p in pixels.pixels() {
        let p = match background {
            Some([r, g, b]) => over(*p, Rgba([r, g, b, 255])),
            None => *p,
        };
        out.extend_from_slice(&p.0[..3]);
    }
    out
}
