//! A logo as it leaves this machine in an export: without what a camera or an
//! editor wrote into the file beside the picture (EXIF with place and device,
//! XMP, Photoshop's blocks, comments, PNG text chunks), the picture unchanged.

use rbpub_core::{ImageFormat, ImageNote};

use crate::error::Result;
use crate::render::{encode_jpeg, rgb, Effort};
use crate::{decode, encoded, finish, hash, Fixed, Limits};

/// A JPEG drawn upright again is encoded at this quality (its EXIF turned it).
const UPRIGHT_JPEG_QUALITY: u8 = 95;

/// The image without its metadata. A PNG keeps its picture's chunks and a
/// JPEG its compressed picture, byte for byte, losing only what lies beside
/// them (a JPEG that EXIF turned is encoded upright instead); a WebP is
/// encoded again as PNG from its pixels (lossless); SVG and GIF carry no EXIF
/// and stay as they are.
pub fn without_metadata(bytes: &[u8], limits: &Limits) -> Result<Fixed> {
    let decoded = decode(bytes, None, limits)?;
    let info = decoded.inspection.info;
    match info.format {
        ImageFormat::Svg | ImageFormat::Gif => Ok(Fixed {
            bytes: bytes.to_vec(),
            info,
        }),
        ImageFormat::Jpeg if !decoded.inspection.notes.contains(&ImageNote::Rotated) => {
            match strip_jpeg(bytes) {
                Some(stripped) => Ok(same_picture(info, stripped)),
                None => upright_jpeg(&decoded.pixels),
            }
        }
        ImageFormat::Jpeg => upright_jpeg(&decoded.pixels),
        ImageFormat::Png => match strip_png(bytes) {
            Some(stripped) => Ok(same_picture(info, stripped)),
            None => finish(&decoded.pixels, None, u64::MAX, Effort::Small),
        },
        ImageFormat::Webp => finish(&decoded.pixels, None, u64::MAX, Effort::Small),
    }
}

/// The PNG's chunks that make the picture (and its colour, density and
/// animation), less text (`tEXt`, `zTXt`, `iTXt`), EXIF (`eXIf`), the time
/// and anything private. `None` when the file is not laid out as chunks.
fn strip_png(bytes: &[u8]) -> Option<Vec<u8>> {
    const SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";
    const PICTURE: [&[u8; 4]; 15] = [
        b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"gAMA", b"cHRM", b"sRGB", b"iCCP", b"sBIT",
        b"pHYs", b"bKGD", b"acTL", b"fcTL", b"fdAT",
    ];
    if !bytes.starts_with(SIGNATURE) {
        return None;
    }
    let mut out = SIGNATURE.to_vec();
    let mut at = SIGNATURE.len();
    loop {
        let len = u32::from_be_bytes(bytes.get(at..at + 4)?.try_into().ok()?) as usize;
        let end = at.checked_add(12)?.checked_add(len)?;
        let chunk = bytes.get(at..end)?;
        let kind = &chunk[4..8];
        if PICTURE.iter().any(|k| k.as_slice() == kind) {
            out.extend_from_slice(chunk);
        }
        if kind == b"IEND" {
            return Some(out);
        }
        at = end;
    }
}

/// The same picture in fewer bytes: its size and format stay, its hash does not.
fn same_picture(info: rbpub_core::ImageInfo, bytes: Vec<u8>) -> Fixed {
    Fixed {
        info: rbpub_core::ImageInfo {
            hash: hash(&bytes),
            bytes: bytes.len() as u64,
            ..info
        },
        bytes,
    }
}

fn upright_jpeg(pixels: &image::RgbaImage) -> Result<Fixed> {
    let bytes = encode_jpeg(
        &rgb(pixels, None),
        pixels.dimensions(),
        UPRIGHT_JPEG_QUALITY,
    )?;
    Ok(encoded(pixels, bytes, ImageFormat::Jpeg))
}

/// The JPEG's segments up to its picture, less EXIF/XMP (APP1), Photoshop
/// (APP13), other editors' APPn and comments; JFIF (APP0), the colour profile
/// (APP2 `ICC_PROFILE`) and Adobe's colour transform (APP14) stay, as does
/// everything from the start of the scan. `None` when the file is not laid
/// out as segments.
fn strip_jpeg(bytes: &[u8]) -> Option<Vec<u8>> {
    if !bytes.starts_with(&[0xFF, 0xD8]) {
        return None;
    }
    let mut out = bytes[..2].to_vec();
    let mut at = 2;
    loop {
        if *bytes.get(at)? != 0xFF {
            return None;
        }
        let mut m = at + 1;
        while *bytes.get(m)? == 0xFF {
            m += 1;
        }
        let marker = bytes[m];
        // The scan (and what follows it) is the picture: copied as it is.
        if marker == 0xDA || marker == 0xD9 {
            out.extend_from_slice(&bytes[at..]);
            return Some(out);
        }
        let len = usize::from(u16::from_be_bytes([*bytes.get(m + 1)?, *bytes.get(m + 2)?]));
        let end = (m + 1).checked_add(len).filter(|_| len >= 2)?;
        let segment = bytes.get(at..end)?;
        let payload = &bytes[m + 3..end];
        let keep = match marker {
            0xE0 | 0xEE => true,
            0xE2 => payload.starts_with(b"ICC_PROFILE\0"),
            0xE1..=0xEF | 0xFE => false,
            _ => true,
        };
        if keep {
            out.extend_from_slice(segment);
        }
        at = end;
    }
}

#[cfg(test)]
mod tests {
    use image::codecs::jpeg::JpegEncoder;
    use image::{ExtendedColorType, ImageEncoder};

    use super::*;

    #[test]
    fn a_jpeg_loses_its_exif_and_comment_and_keeps_its_picture_byte_for_byte() {
        let mut plain = Vec::new();
        let pixels =
            image::RgbImage::from_fn(16, 8, |x, y| image::Rgb([x as u8 * 9, y as u8 * 20, 77]));
        JpegEncoder::new_with_quality(&mut plain, 90)
            .write_image(pixels.as_raw(), 16, 8, ExtendedColorType::Rgb8)
            .unwrap();
        // EXIF (with a place in it) and a comment after SOI, as a phone and an editor write them.
        let exif = b"Exif\0\0GPS 48.8584 N 2.2945 E";
        let mut tagged = plain[..2].to_vec();
        tagged.extend([0xFF, 0xE1]);
        tagged.extend(((exif.len() + 2) as u16).to_be_bytes());
        tagged.extend(exif);
        tagged.extend([0xFF, 0xFE, 0x00, 0x0B]);
        tagged.extend(b"by Alice\0");
        tagged.extend(&plain[2..]);

        let clean = without_metadata(&tagged, &Limits::default()).unwrap();
        assert_eq!(clean.bytes, plain, "only the two segments go");
        assert_eq!(clean.info.hash, hash(&plain));
        assert_eq!(clean.info.format, ImageFormat::Jpeg);
    }

    #[test]
    fn a_png_loses_its_text_chunk_and_keeps_its_picture_byte_for_byte() {
        let pixels = image::RgbaImage::from_fn(8, 8, |x, y| {
            image::Rgba([x as u8 * 30, y as u8 * 30, 9, 200])
        });
        let mut png = Vec::new();
        image::codecs::png::PngEncoder::new(&mut png)
            .write_image(pixels.as_raw(), 8, 8, ExtendedColorType::Rgba8)
            .unwrap();
        // A tEXt chunk before IEND, as editors write an author.
        let data = b"Author\0Alice at 12 Rue Example";
        let mut chunk = (data.len() as u32).to_be_bytes().to_vec();
        chunk.extend(b"tEXt");
        chunk.extend(data);
        let crc = crc32(&chunk[4..]);
        chunk.extend(crc.to_be_bytes());
        let mut tagged = png[..png.len() - 12].to_vec();
        tagged.extend(chunk);
        tagged.extend(&png[png.len() - 12..]);
        assert!(decode(&tagged, None, &Limits::default()).is_ok());

        let clean = without_metadata(&tagged, &Limits::default()).unwrap();
        assert_eq!(clean.bytes, png, "only the text chunk goes");
        assert_eq!(clean.info.hash, hash(&png));
    }

    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = !0u32;
        for &b in bytes {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 != 0 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }
}
