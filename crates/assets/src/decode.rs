//! Any reasonable image into 8-bit RGBA, within limits, noting what changed on the way.

use std::io::Cursor;

use image::codecs::gif::GifDecoder;
use image::metadata::Orientation;
use image::{AnimationDecoder, DynamicImage, ImageDecoder, ImageReader, RgbaImage};
use rbpub_core::{ImageFormat, ImageInfo, ImageNote, Inspection};

use crate::error::{Error, Result};
use crate::format::{sniff, Color};
use crate::limits::{check_size, too_large, Limits};
use crate::{hash, svg};

/// An image read into memory: its pixels, upright, and what was found.
pub struct Decoded {
    pub pixels: RgbaImage,
    pub inspection: Inspection,
}

/// Format, size and alpha from the file's header alone, for checks over many
/// files (`rbpub lint`); `None` when the header does not say (lossy WebP, SVG),
/// and the file must be decoded.
pub fn peek(bytes: &[u8]) -> Option<(ImageFormat, u32, u32, bool)> {
    let format = sniff(bytes)?;
    let (width, height) = header_dimensions(bytes, format)?;
    let alpha = match format {
        // Colour types 4 and 6 carry alpha; a tRNS chunk in a palette image is not seen here.
        ImageFormat::Png => matches!(bytes.get(25), Some(4 | 6)),
        ImageFormat::Webp => bytes.get(20).is_some_and(|f| f & 0x10 != 0),
        _ => false,
    };
    Some((format, width, height, alpha))
}

/// Reads an image of any supported format. `extension` is the file's, if it had
/// one: a name that disagrees with the content is noted, and the content wins.
pub fn decode(bytes: &[u8], extension: Option<&str>, limits: &Limits) -> Result<Decoded> {
    if bytes.is_empty() {
        return Err(Error::Empty);
    }
    let len = bytes.len() as u64;
    if len > limits.max_bytes {
        return Err(Error::TooManyBytes {
            bytes: len,
            max: limits.max_bytes,
        });
    }
    let format = sniff(bytes).ok_or_else(|| {
        let (text, start) = start_of(bytes);
        Error::UnknownFormat { text, start }
    })?;
    let (pixels, color, mut notes) = match format {
        ImageFormat::Svg => svg::rasterise(bytes, limits)?,
        raster => decode_raster(bytes, raster, limits)?,
    };
    if let Some(ext) = extension.map(str::to_ascii_lowercase) {
        if !extension_fits(&ext, format) {
            notes.push(ImageNote::ExtensionMismatch { extension: ext });
        }
    }
    let (width, height) = pixels.dimensions();
    let info = ImageInfo {
        hash: hash(bytes),
        format,
        width,
        height,
        bytes: len,
        alpha: color.alpha,
    };
    Ok(Decoded {
        pixels,
        inspection: Inspection {
            info,
            color: color.words,
            notes,
        },
    })
}

fn decode_raster(
    bytes: &[u8],
    format: ImageFormat,
    limits: &Limits,
) -> Result<(RgbaImage, Color, Vec<ImageNote>)> {
    let name = format_name(format);
    let image_format = match format {
        ImageFormat::Png => image::ImageFormat::Png,
        ImageFormat::Jpeg => image::ImageFormat::Jpeg,
        ImageFormat::Gif => image::ImageFormat::Gif,
        _ => image::ImageFormat::WebP,
    };
    let header = header_dimensions(bytes, format);
    if let Some((w, h)) = header {
        check_size(w, h, 0, limits)?;
    }
    let fail = |e| classify(e, name, header, limits);
    let mut reader = ImageReader::with_format(Cursor::new(bytes), image_format);
    reader.limits(image_limits(limits));
    let mut decoder = reader.into_decoder().map_err(fail)?;
    let (width, height) = decoder.dimensions();
    check_size(width, height, decoder.total_bytes(), limits)?;
    let color_type = decoder.color_type();
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let mut notes = Vec::new();
    let mut image = DynamicImage::from_decoder(decoder).map_err(fail)?;
    if orientation != Orientation::NoTransforms {
        image.apply_orientation(orientation);
        notes.push(ImageNote::Rotated);
    }
    let channels = color_type.channel_count() as u16;
    let bits = color_type.bits_per_pixel() / channels;
    if bits > 8 {
        notes.push(ImageNote::Reduced16Bit);
    }
    if format == ImageFormat::Jpeg && jpeg_frame(bytes).is_some_and(|f| f.components == 4) {
        notes.push(ImageNote::ConvertedFromCmyk);
    }
    if format == ImageFormat::Gif && is_animated_gif(bytes, limits) {
        notes.push(ImageNote::FirstFrameOnly);
    }
    let alpha = color_type.has_alpha();
    let words = match (format, notes.contains(&ImageNote::ConvertedFromCmyk)) {
        (_, true) => "CMYK, 8 bits per channel".to_string(),
        (ImageFormat::Gif, _) => "indexed colour".to_string(),
        _ => format!("{}, {bits} bits per channel", color_words(channels, alpha)),
    };
    Ok((image.into_rgba8(), Color { words, alpha }, notes))
}

fn image_limits(limits: &Limits) -> image::Limits {
    let mut l = image::Limits::default();
    l.max_image_width = Some(limits.max_side);
    l.max_image_height = Some(limits.max_side);
    l.max_alloc = Some(limits.max_alloc);
    l
}

fn classify(
    e: image::ImageError,
    format: &'static str,
    header: Option<(u32, u32)>,
    limits: &Limits,
) -> Error {
    use image::ImageError as E;
    match e {
        E::Limits(_) => match header {
            Some((w, h)) => too_large(w, h, limits),
            None => Error::Damaged {
                format,
                detail: "it is larger than the app opens".into(),
            },
        },
        E::Unsupported(u) => Error::Unsupported {
            format,
            detail: u.to_string(),
        },
        E::IoError(io) if io.kind() == std::io::ErrorKind::UnexpectedEof => Error::Damaged {
            format,
            detail: "it ends early".into(),
        },
        other => Error::Damaged {
            format,
            detail: other.to_string(),
        },
    }
}

/// The size a file's header claims, read without decoding, so a refused
/// decompression bomb can be named by the size it claimed.
fn header_dimensions(bytes: &[u8], format: ImageFormat) -> Option<(u32, u32)> {
    let be32 = |at: usize| Some(u32::from_be_bytes(bytes.get(at..at + 4)?.try_into().ok()?));
    let le16 = |at: usize| {
        Some(u32::from(u16::from_le_bytes(
            bytes.get(at..at + 2)?.try_into().ok()?,
        )))
    };
    let le24 = |at: usize| {
        let b = bytes.get(at..at + 3)?;
        Some(u32::from(b[0]) | u32::from(b[1]) << 8 | u32::from(b[2]) << 16)
    };
    match format {
        ImageFormat::Png => Some((be32(16)?, be32(20)?)),
        ImageFormat::Gif => Some((le16(6)?, le16(8)?)),
        ImageFormat::Jpeg => jpeg_frame(bytes).map(|f| (f.width, f.height)),
        ImageFormat::Webp if bytes.get(12..16) == Some(b"VP8X") => {
            Some((le24(24)? + 1, le24(27)? + 1))
        }
        _ => None,
    }
}

/// A GIF with a second frame. Reads at most two frames, within the limits.
fn is_animated_gif(bytes: &[u8], limits: &Limits) -> bool {
    let Ok(mut decoder) = GifDecoder::new(Cursor::new(bytes)) else {
        return false;
    };
    if decoder.set_limits(image_limits(limits)).is_err() {
        return false;
    }
    decoder.into_frames().take(2).filter(Result::is_ok).count() > 1
}

struct JpegFrame {
    width: u32,
    height: u32,
    /// 4 for CMYK.
    components: u8,
}

/// A JPEG's frame header (SOFn), found by walking its markers.
fn jpeg_frame(bytes: &[u8]) -> Option<JpegFrame> {
    let mut at = 2;
    while at + 4 <= bytes.len() {
        if bytes[at] != 0xFF {
            return None;
        }
        let marker = bytes[at + 1];
        let len = u16::from_be_bytes([bytes[at + 2], bytes[at + 3]]) as usize;
        let is_sof = matches!(marker, 0xC0..=0xCF) && !matches!(marker, 0xC4 | 0xC8 | 0xCC);
        if is_sof {
            let b = bytes.get(at + 5..at + 10)?;
            return Some(JpegFrame {
                height: u32::from(u16::from_be_bytes([b[0], b[1]])),
                width: u32::from(u16::from_be_bytes([b[2], b[3]])),
                components: b[4],
            });
        }
        at += 2 + len;
    }
    None
}

fn color_words(channels: u16, alpha: bool) -> &'static str {
    match (channels, alpha) {
        (1, _) => "grey",
        (2, _) => "grey with alpha",
        (_, true) => "RGBA",
        _ => "RGB",
    }
}

pub(crate) fn format_name(format: ImageFormat) -> &'static str {
    match format {
        ImageFormat::Png => "PNG",
        ImageFormat::Jpeg => "JPEG",
        ImageFormat::Gif => "GIF",
        ImageFormat::Webp => "WebP",
        ImageFormat::Svg => "SVG",
    }
}

fn extension_fits(ext: &str, format: ImageFormat) -> bool {
    match format {
        ImageFormat::Png => ext == "png",
        ImageFormat::Jpeg => matches!(ext, "jpg" | "jpeg" | "jpe" | "jfif"),
        ImageFormat::Gif => ext == "gif",
        ImageFormat::Webp => ext == "webp",
        ImageFormat::Svg => ext == "svg",
    }
}

/// The first bytes of a file that is not an image, for the error message:
/// as text when they are printable, else in hex.
pub(crate) fn start_of(bytes: &[u8]) -> (bool, String) {
    let head = &bytes[..bytes.len().min(8)];
    if head.iter().all(|b| b.is_ascii_graphic() || *b == b' ') {
        (true, String::from_utf8_lossy(head).into_owned())
    } else {
        let hex: Vec<String> = head.iter().map(|b| format!("{b:02x}")).collect();
        (false, hex.join(" "))
    }
}
