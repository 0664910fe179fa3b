//! Why an image cannot be used, in words that say what to do.

use thiserror::Error;

/// Why an image cannot be used. Messages say what is wrong and what to do; the
/// caller puts the file's name in front.
#[derive(Debug, Error)]
pub enum Error {
    #[error("the file is empty (0 bytes); choose the image file itself")]
    Empty,
    #[error("the file is {bytes} bytes; the app opens images of at most {max} bytes")]
    TooManyBytes { bytes: u64, max: u64 },
    #[error("not an image the app reads ({found}); use PNG, JPEG, GIF, WebP or SVG")]
    UnknownFormat { found: String },
    #[error("its header claims {width}×{height} pixels, more than the {max}×{max} the app opens (or {max_megapixels} megapixels); use a smaller image")]
    TooLarge {
        width: u32,
        height: u32,
        max: u32,
        max_megapixels: u64,
    },
    #[error("the {format} file is cut short or damaged ({detail}); export it again")]
    Damaged {
        format: &'static str,
        detail: String,
    },
    #[error("the {format} file uses a feature the app cannot read ({detail}); export it as PNG")]
    Unsupported {
        format: &'static str,
        detail: String,
    },
    #[error("the SVG is refused: {0}; export it without it, or as PNG")]
    UnsafeSvg(String),
    #[error("the SVG cannot be drawn ({0}); export it as PNG")]
    BadSvg(String),
    #[error("the image cannot be encoded: {0}")]
    Encode(String),
    #[error("{0}")]
    Kit(String),
    #[error("background “{0}” is not a colour; use #rrggbb, such as #ffffff")]
    BadColour(String),
    #[error("could not read the file: {0}")]
    Io(#[from] std::io::Error),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
