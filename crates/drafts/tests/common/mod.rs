//! What the drafts tests share.

use rbpub_core::{ImageFormat, ImageInfo};
use sha2::{Digest, Sha256};

/// A stored image's facts for `bytes`: its real hash, PNG 256×256.
pub fn image_info(bytes: &[u8]) -> ImageInfo {
    ImageInfo {
        hash: Sha256::digest(bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect(),
        format: ImageFormat::Png,
        width: 256,
        height: 256,
        bytes: bytes.len() as u64,
        alpha: false,
    }
}
