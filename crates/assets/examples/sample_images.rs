//! Writes the sample images the real-window tests drop on step 5 (and anyone
//! trying the app can): a rectangular 3 MB WebP logo and three screenshots.
//!
//! `cargo run -p rbpub-assets --example sample_images -- DIR`

use std::path::PathBuf;

use image::{ImageEncoder, Rgba, RgbaImage};

fn main() {
    let dir = PathBuf::from(std::env::args().nth(1).expect("usage: sample_images DIR"));
    std::fs::create_dir_all(&dir).expect("create the folder");
    let logo = logo(1600, 1000);
    let mut webp = Vec::new();
    image::codecs::webp::WebPEncoder::new_lossless(&mut webp)
        .write_image(
            logo.as_raw(),
            logo.width(),
            logo.height(),
            image::ExtendedColorType::Rgba8,
        )
        .expect("encode the logo");
    std::fs::write(dir.join("wide-logo.webp"), &webp).expect("write the logo");
    for (i, tint) in [[40, 90, 200], [30, 160, 90], [200, 110, 30]]
        .iter()
        .enumerate()
    {
        let shot = screenshot(1920, 1080, *tint);
        shot.save(dir.join(format!("screen-{}.png", i + 1)))
            .expect("write a screenshot");
    }
    println!(
        "wide-logo.webp ({} bytes) and 3 screenshots in {}",
        webp.len(),
        dir.display()
    );
}

/// A circle on a gradient, with grain that lossless compression cannot drop:
/// what a logo exported straight from a photo editor weighs.
fn logo(width: u32, height: u32) -> RgbaImage {
    let mut state = 0x2545_F491u32;
    let (cx, cy, r) = (width as f32 / 2.0, height as f32 / 2.0, height as f32 * 0.4);
    RgbaImage::from_fn(width, height, |x, y| {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        let grain = (state & 0xff) as i32 - 128;
        let inside = (x as f32 - cx).powi(2) + (y as f32 - cy).powi(2) < r * r;
        let base = if inside {
            [240, 120, 40]
        } else {
            [
                20 + (x * 60 / width) as i32,
                60 + (y * 80 / height) as i32,
                160,
            ]
        };
        let c = |v: i32| (v + grain).clamp(0, 255) as u8;
        Rgba([c(base[0]), c(base[1]), c(base[2]), 255])
    })
}

fn screenshot(width: u32, height: u32, tint: [u8; 3]) -> RgbaImage {
    RgbaImage::from_fn(width, height, |x, y| {
        let bar = y < 60;
        let panel = x > 80 && x < 600 && y > 120 && y < 900;
        match (bar, panel) {
            (true, _) => Rgba([tint[0], tint[1], tint[2], 255]),
            (_, true) => Rgba([245, 246, 248, 255]),
            _ => Rgba([255, 255, 255, 255]),
        }
    })
}
