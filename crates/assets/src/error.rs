//! Why an image cannot be used, in words that say what to do.

use rbpub_core::catalogue::Sentence;
use thiserror::Error;

/// Why an image cannot be used. Messages say what is wrong and what to do; the
/// caller puts the file's name in front.
#[derive(Debug, Error)]
pub enum Error {
    #[error("the file is empty (0 bytes); choose the image file itself")]
    Empty,
    #[error("the file is {bytes} bytes; the app opens images of at most {max} bytes")]
    TooManyBytes { bytes: u64, max: u64 },
    #[error("not an image the app reads (it starts with {}); use PNG, JPEG, GIF, WebP or SVG", if *.text { format!("“{start}”") } else { format!("bytes {start}") })]
    UnknownFormat {
        /// `start` is the first bytes as text (else in hex).
        text: bool,
        start: String,
    },
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
    /// What in the SVG is refused (`svg.*`).
    #[error("the SVG is refused: {}; export it without it, or as PNG", .0.say(rbpub_core::Locale::En))]
    UnsafeSvg(Sentence),
    /// Why the SVG cannot be drawn (`svg.*`, or the parser's words in `svg.parser`).
    #[error("the SVG cannot be drawn ({}); export it as PNG", .0.say(rbpub_core::Locale::En))]
    BadSvg(Sentence),
    #[error("the image cannot be encoded: {0}")]
    Encode(String),
    #[error("{}", .0.say(rbpub_core::Locale::En))]
    Kit(Sentence),
    #[error("background “{0}” is not a colour; use #rrggbb, such as #ffffff")]
    BadColour(String),
    #[error("could not read the file: {0}")]
    Io(#[from] std::io::Error),
}

impl Error {
    /// Why, in the catalogue's words, and the words of what refused (a
    /// decoder's, the OS's) when there are any.
    pub fn sentence(&self) -> (Sentence, Option<String>) {
        let s = Sentence::new;
        match self {
            Error::Empty => (s("assets.empty"), None),
            Error::TooManyBytes { bytes, max } => (
                s("assets.tooManyBytes").arg("bytes", bytes).arg("max", max),
                None,
            ),
            Error::UnknownFormat { text: true, start } => {
                (s("assets.unknownFormatText").arg("start", start), None)
            }
            Error::UnknownFormat { text: false, start } => {
                (s("assets.unknownFormatBytes").arg("start", start), None)
            }
            Error::TooLarge {
                width,
                height,
                max,
                max_megapixels,
            } => (
                s("assets.tooLarge")
                    .arg("width", width)
                    .arg("height", height)
                    .arg("max", max)
                    .arg("megapixels", max_megapixels),
                None,
            ),
            // What the decoder or the SVG checks said sits inside the sentence, as in English.
            Error::Damaged { format, detail } => (
                s("assets.damagedFile")
                    .arg("format", format)
                    .arg("detail", detail),
                None,
            ),
            Error::Unsupported { format, detail } => (
                s("assets.unsupported")
                    .arg("format", format)
                    .arg("detail", detail),
                None,
            ),
            Error::UnsafeSvg(why) => (s("assets.unsafeSvg").part("why", why.clone()), None),
            Error::BadSvg(why) => (s("assets.badSvg").part("why", why.clone()), None),
            Error::Encode(why) => (s("assets.encode"), Some(why.clone())),
            Error::Kit(why) => (s("assets.kit").part("why", why.clone()), None),
            Error::BadColour(colour) => (s("assets.badColour").arg("colour", colour), None),
            Error::Io(e) => (s("assets.io"), Some(e.to_string())),
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
