//! Images as the listing knows them: what a stored asset is (its hash, format,
//! size and bytes), and the limits the store puts on a logo.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A logo the console takes is at most this many bytes (its upload limit).
pub const LOGO_MAX_BYTES: u64 = 2 * 1024 * 1024;
/// The store shows a logo at about 100×100; smaller ones look blurred.
pub const LOGO_MIN_SIDE: u32 = 100;
/// Larger logos are scaled down to this side: sharp on a 5× screen, a fraction of the bytes.
pub const LOGO_STORE_SIDE: u32 = 512;
/// A logo larger than this on either side gets the `logo.size` warning.
pub const LOGO_MAX_SIDE: u32 = 1024;

/// The formats the app reads. Only PNG, JPEG and GIF go to the store.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum ImageFormat {
    /// PNG.
    Png,
    /// JPEG.
    Jpeg,
    /// GIF (of an animated one, the first frame is used).
    Gif,
    /// WebP, converted for the store.
    Webp,
    /// SVG, drawn for the store.
    Svg,
}

impl ImageFormat {
    /// The format's name as files and the wire write it (`png`, `jpeg`…).
    pub fn as_str(self) -> &'static str {
        match self {
            ImageFormat::Png => "png",
            ImageFormat::Jpeg => "jpeg",
            ImageFormat::Gif => "gif",
            ImageFormat::Webp => "webp",
            ImageFormat::Svg => "svg",
        }
    }

    /// The format named by [`ImageFormat::as_str`]'s words.
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "png" => ImageFormat::Png,
            "jpeg" => ImageFormat::Jpeg,
            "gif" => ImageFormat::Gif,
            "webp" => ImageFormat::Webp,
            "svg" => ImageFormat::Svg,
            _ => return None,
        })
    }

    /// The MIME type.
    pub fn mime(self) -> &'static str {
        match self {
            ImageFormat::Png => "image/png",
            ImageFormat::Jpeg => "image/jpeg",
            ImageFormat::Gif => "image/gif",
            ImageFormat::Webp => "image/webp",
            ImageFormat::Svg => "image/svg+xml",
        }
    }

    /// The file extension the format is saved with.
    pub fn extension(self) -> &'static str {
        match self {
            ImageFormat::Jpeg => "jpg",
            other => other.as_str(),
        }
    }

    /// Whether the console's logo upload takes the format as it is.
    pub fn is_store_format(self) -> bool {
        matches!(
            self,
            ImageFormat::Png | ImageFormat::Jpeg | ImageFormat::Gif
        )
    }
}

/// A stored image: its content hash (the file's name in the asset folder) and
/// what the checks need to know about it without decoding it again.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImageInfo {
    /// SHA-256 of the file, in lowercase hex.
    pub hash: String,
    /// The file's format, by its content.
    pub format: ImageFormat,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// The file's size.
    #[ts(type = "number")]
    pub bytes: u64,
    /// Whether the image has an alpha channel.
    pub alpha: bool,
}

impl ImageInfo {
    /// Width equals height.
    pub fn is_square(&self) -> bool {
        self.width == self.height
    }
}

/// A screenshot in a listing's gallery, in the order the maintainer set.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Screenshot {
    /// The screenshot's id.
    pub id: String,
    /// The stored image.
    pub image: ImageInfo,
    /// The caption the store shows under it.
    pub caption: String,
}

/// What reading an image changed or left out, so nothing happens to it unseen.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum ImageNote {
    /// An animated GIF: only its first frame is used.
    FirstFrameOnly,
    /// 16 bits per channel, reduced to 8.
    Reduced16Bit,
    /// A CMYK JPEG, converted to RGB.
    ConvertedFromCmyk,
    /// Turned upright as its EXIF orientation says.
    Rotated,
    /// A vector image drawn at this size.
    #[serde(rename_all = "camelCase")]
    Rasterised {
        /// Width drawn, in pixels.
        width: u32,
        /// Height drawn, in pixels.
        height: u32,
    },
    /// The file's name says one format, its content another; the content wins.
    #[serde(rename_all = "camelCase")]
    ExtensionMismatch {
        /// The extension the name has.
        extension: String,
    },
}

impl ImageNote {
    /// The note in words, for an image of `format`.
    pub fn message(&self, format: ImageFormat, locale: crate::Locale) -> String {
        use crate::catalogue::Sentence;
        let said = match self {
            ImageNote::FirstFrameOnly => Sentence::new("image.firstFrameOnly"),
            ImageNote::Reduced16Bit => Sentence::new("image.reduced16Bit"),
            ImageNote::ConvertedFromCmyk => Sentence::new("image.convertedFromCmyk"),
            ImageNote::Rotated => Sentence::new("image.rotated"),
            ImageNote::Rasterised { width, height } => Sentence::new("image.rasterised")
                .arg("width", width)
                .arg("height", height),
            ImageNote::ExtensionMismatch { extension } => Sentence::new("image.extensionMismatch")
                .arg("extension", extension)
                .arg("format", format.as_str().to_uppercase()),
        };
        said.say(locale)
    }
}

/// What the app found in an image file: the facts the checks use, the colour
/// type in words, and what reading it changed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Inspection {
    /// The image as read.
    pub info: ImageInfo,
    /// Such as "RGBA, 8 bits per channel".
    pub color: String,
    /// What reading it changed or left out.
    pub notes: Vec<ImageNote>,
}

/// How a listing's logo was made from its original: the fixes applied so far.
/// A new fix is added to these and all are applied to the original in one pass,
/// so padding stays transparent and the picture is resampled once.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct LogoFixes {
    /// Made square by padding (`pad`) or cropping (`crop`).
    pub square: Option<SquareBy>,
    /// Scaled to the store's size.
    pub resized: bool,
    /// `#rrggbb` behind padding and transparency; transparent when absent.
    pub background: Option<String>,
}

/// How a logo is made square.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum SquareBy {
    /// Transparent (or coloured) margins on the short sides.
    Pad,
    /// The centre cut out.
    Crop,
}

impl LogoFixes {
    /// These fixes and one more (`None`: every fix, padding to square).
    pub fn with(&self, fix: Option<crate::Fix>, background: Option<String>) -> LogoFixes {
        use crate::Fix;
        let mut next = self.clone();
        next.background = background;
        match fix {
            None => {
                next.square = Some(next.square.unwrap_or(SquareBy::Pad));
                next.resized = true;
            }
            Some(Fix::PadSquare) => next.square = Some(SquareBy::Pad),
            Some(Fix::CropSquare) => next.square = Some(SquareBy::Crop),
            Some(Fix::ResizeLogo) => next.resized = true,
            Some(Fix::ConvertLogo | Fix::StripInvisible | Fix::RandomPerInstall) => {}
        }
        next
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Fix;

    #[test]
    fn fixes_add_up_and_fix_everything_keeps_a_chosen_crop() {
        let none = LogoFixes::default();
        let padded = none.with(Some(Fix::PadSquare), None);
        assert_eq!(padded.square, Some(SquareBy::Pad));
        let both = padded.with(Some(Fix::ResizeLogo), Some("#ffffff".into()));
        assert_eq!(
            both,
            LogoFixes {
                square: Some(SquareBy::Pad),
                resized: true,
                background: Some("#ffffff".into()),
            }
        );
        let cropped = none.with(Some(Fix::CropSquare), None).with(None, None);
        assert_eq!(
            cropped.square,
            Some(SquareBy::Crop),
            "fix everything keeps the crop"
        );
        assert!(cropped.resized);
        assert_eq!(
            both.with(Some(Fix::ConvertLogo), None).background,
            None,
            "the colour is the latest choice"
        );
    }
}
