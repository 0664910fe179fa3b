//! How much an image may cost before it is read (the decompression-bomb guard),
//! and the check of a size against it.

use rbpub_core::budget;

use crate::error::{Error, Result};

/// How much an image may cost before it is read: the decompression-bomb guard.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// The file's size.
    pub max_bytes: u64,
    /// Either side, in pixels.
    pub max_side: u32,
    /// Bytes the decoded pixels may take (both the decoder's and the RGBA copy).
    pub max_alloc: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_bytes: budget::IMAGE_FILE_BYTES,
            max_side: budget::IMAGE_SIDE,
            // A 100-megapixel RGBA image; a 4000×4000 logo takes 64 MB.
            max_alloc: budget::IMAGE_PIXEL_BYTES,
        }
    }
}

pub(crate) fn check_size(
    width: u32,
    height: u32,
    decoder_bytes: u64,
    limits: &Limits,
) -> Result<()> {
    // Saturating: a header may claim u32::MAX on both sides (found by cargo fuzz).
    let rgba = u64::from(width)
        .saturating_mul(u64::from(height))
        .saturating_mul(4);
    // The decoder's buffer and the RGBA copy can both be alive at once.
    let extra = if decoder_bytes == rgba {
        0
    } else {
        decoder_bytes
    };
    let needed = rgba.saturating_add(extra);
    if width > limits.max_side || height > limits.max_side || needed > limits.max_alloc {
        return Err(too_large(width, height, limits));
    }
    Ok(())
}

pub(crate) fn too_large(width: u32, height: u32, limits: &Limits) -> Error {
    Error::TooLarge {
        width,
        height,
        max: limits.max_side,
        max_megapixels: limits.max_alloc / 4 / 1_000_000,
    }
}
