//! What an image is, from its first bytes (never its name), and the kind of
//! pixels a decoder found.

use rbpub_core::ImageFormat;

/// The format by the file's first bytes, never by its name.
pub fn sniff(bytes: &[u8]) -> Option<ImageFormat> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(ImageFormat::Png)
    } else if bytes.starts_with(b"\xff\xd8\xff") {
        Some(ImageFormat::Jpeg)
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        Some(ImageFormat::Gif)
    } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some(ImageFormat::Webp)
    } else if looks_like_svg(bytes) {
        Some(ImageFormat::Svg)
    } else {
        None
    }
}

fn looks_like_svg(bytes: &[u8]) -> bool {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let start = bytes.iter().position(|b| !b.is_ascii_whitespace());
    let Some(start) = start else { return false };
    let head = &bytes[start..bytes.len().min(start + 4096)];
    head.first() == Some(&b'<') && head.windows(4).any(|w| w == b"<svg")
}

/// The colour of the pixels read, in words for a note, and whether they have alpha.
pub(crate) struct Color {
    pub(crate) words: String,
    pub(crate) alpha: bool,
}
