//! The logo pipeline's benchmark, against ImageMagick.
//!
//! 1. A 4000×4000 RGBA PNG logo through check, pad to square, scale to 512×512
//!    and to 100×100, and PNG encoding of both: this pipeline against ImageMagick's
//!    `convert` doing the same work, each as its own process (start-up included),
//!    alternating, in the same run. Peak memory is each process's max RSS (wait4),
//!    set against the decoded image's size (4000×4000×4 bytes).
//! 2. 100 screenshots (1920×1080) through check and encode: on every core against one.
//! 3. The resizer: fast_image_resize against `image`'s own Lanczos3, 4000² → 512².
//!
//! Run: `cargo bench -p rbpub-assets --bench logo` (needs `convert` from Debian's imagemagick).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use image::{Rgba, RgbaImage};
use rbpub_assets::{decode, encode, render, render_owned, Effort, Limits, Plan, Square};
use rbpub_core::image::LOGO_MAX_BYTES;
use rbpub_core::rules::evaluate_logo;
use rbpub_core::Locale;

#[path = "../tests/common/mod.rs"]
mod common;

use common::png;

const SIDE: u32 = 4000;
const RUNS: usize = 7;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(at) = args.iter().position(|a| a == "--child") {
        child(Path::new(&args[at + 1]), Path::new(&args[at + 2]));
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let logo = dir.path().join("logo.png");
    std::fs::write(&logo, png(&logo_pixels(SIDE))).expect("write the logo");
    let size = std::fs::metadata(&logo).unwrap().len();
    println!(
        "input: {SIDE}×{SIDE} RGBA PNG, {:.1} MB on disk",
        size as f64 / 1e6
    );

    logo_against_imagemagick(&logo, dir.path());
    screenshots_batch();
    resizers();
}

/// The pipeline's work on one logo, as the app does it: decode (the check),
/// then each size from the larger one, each encoded as the store gets it.
fn child(logo: &Path, out: &Path) {
    let bytes = std::fs::read(logo).expect("read the logo");
    let decoded = decode(&bytes, Some("png"), &Limits::default()).expect("decode");
    drop(bytes);
    let findings = evaluate_logo(Some(&decoded.inspection.info), Locale::En);
    assert!(
        findings
            .iter()
            .any(|f| f.rule == rbpub_core::RuleId::LogoSize),
        "4000² is over the size rule"
    );
    let pad = |side| Plan {
        square: Some(Square::Pad),
        max_side: Some(side),
        ..Plan::default()
    };
    // The decoded logo is not needed after this: it is resized in place.
    let big = render_owned(decoded.pixels, &pad(512)).expect("512");
    let small = render(&big, &pad(100)).expect("100");
    for (image, name) in [(&big, "512.png"), (&*small, "100.png")] {
        let (png, _) = encode(image, None, LOGO_MAX_BYTES, Effort::Small).expect("encode");
        std::fs::write(out.join(name), png).expect("write");
    }
}

fn logo_against_imagemagick(logo: &Path, dir: &Path) {
    let convert = real_convert();
    let me = std::env::current_exe().expect("own path");
    let (mut ours, mut theirs) = (Vec::new(), Vec::new());
    for _ in 0..RUNS {
        let out = dir.join("ours");
        std::fs::create_dir_all(&out).unwrap();
        ours.push(run(Command::new(&me).arg("--child").arg(logo).arg(&out)));
        theirs.push(run(Command::new(&convert)
            .arg(logo)
            .args([
                "-background",
                "none",
                "-gravity",
                "center",
                "-extent",
                "4000x4000",
                "-resize",
                "512x512",
                "-write",
            ])
            .arg(dir.join("im-512.png"))
            .args(["-resize", "100x100"])
            .arg(dir.join("im-100.png"))));
    }
    for (name, file) in [("512", "ours/512.png"), ("100", "ours/100.png")] {
        let img = image::open(dir.join(file)).expect("our output opens");
        assert_eq!(
            img.width().to_string(),
            name,
            "our {name} output has the right size"
        );
    }
    let decoded = u64::from(SIDE) * u64::from(SIDE) * 4;
    let (t_ours, m_ours) = medians(&ours);
    let (t_im, m_im) = medians(&theirs);
    println!("\n1. logo 4000² → check, pad, 512² and 100², PNG ({RUNS} alternating runs, medians)");
    println!(
        "   this pipeline: {:>7.0} ms, peak {:>6.1} MB",
        ms(t_ours),
        m_ours as f64 / 1e6
    );
    println!(
        "   ImageMagick:   {:>7.0} ms, peak {:>6.1} MB",
        ms(t_im),
        m_im as f64 / 1e6
    );
    println!(
        "   speed: {:.2}× ImageMagick (goal ≥ 2×)",
        t_im.as_secs_f64() / t_ours.as_secs_f64()
    );
    println!(
        "   peak memory: {:.2}× the decoded image ({:.0} MB; goal ≤ 3×); ImageMagick {:.2}×",
        m_ours as f64 / decoded as f64,
        decoded as f64 / 1e6,
        m_im as f64 / decoded as f64
    );
}

fn screenshots_batch() {
    let files: Vec<Vec<u8>> = (0..100).map(|i| png(&screenshot(1920, 1080, i))).collect();
    let inputs: Vec<(Option<&str>, &[u8])> =
        files.iter().map(|f| (Some("png"), f.as_slice())).collect();
    let limits = Limits::default();
    let one_core = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap();
    let mut serial = Vec::new();
    let mut parallel = Vec::new();
    for _ in 0..3 {
        let t = Instant::now();
        let out = one_core.install(|| rbpub_assets::prepare_screenshots(&inputs, &limits));
        serial.push(t.elapsed());
        assert!(out.iter().all(Result::is_ok));
        let t = Instant::now();
        let out = rbpub_assets::prepare_screenshots(&inputs, &limits);
        parallel.push(t.elapsed());
        assert!(out.iter().all(Result::is_ok));
    }
    serial.sort();
    parallel.sort();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!("\n2. 100 screenshots 1920×1080 → check and encode (3 alternating runs, medians)");
    println!(
        "   one core:   {:>6.0} ms ({:.1} ms each)",
        ms(serial[1]),
        ms(serial[1]) / 100.0
    );
    println!(
        "   {cores} cores: {:>6.0} ms ({:.1} ms each)",
        ms(parallel[1]),
        ms(parallel[1]) / 100.0
    );
    println!(
        "   speed-up: {:.2}× on {cores} cores",
        serial[1].as_secs_f64() / parallel[1].as_secs_f64()
    );
}

fn resizers() {
    let pixels = logo_pixels(SIDE);
    let plan = Plan {
        max_side: Some(512),
        ..Plan::default()
    };
    let mut fir = Vec::new();
    let mut img = Vec::new();
    for _ in 0..5 {
        let t = Instant::now();
        let out = render(&pixels, &plan).unwrap();
        fir.push(t.elapsed());
        assert_eq!(out.width(), 512);
        let t = Instant::now();
        let out = image::imageops::resize(&pixels, 512, 512, image::imageops::FilterType::Lanczos3);
        img.push(t.elapsed());
        assert_eq!(out.width(), 512);
    }
    fir.sort();
    img.sort();
    println!("\n3. resize 4000² → 512², Lanczos3 (5 runs, medians)");
    println!(
        "   fast_image_resize: {:>6.1} ms; image::imageops: {:>6.1} ms; {:.1}× faster",
        ms(fir[2]),
        ms(img[2]),
        img[2].as_secs_f64() / fir[2].as_secs_f64()
    );
}

/// Runs a command to its end; its wall time and peak resident memory (bytes).
fn run(cmd: &mut Command) -> (Duration, u64) {
    let start = Instant::now();
    // Reaped by wait4 below, which also reads the peak memory `wait()` cannot.
    #[allow(clippy::zombie_processes)]
    let child = cmd
        .stdout(std::process::Stdio::null())
        .spawn()
        .expect("start");
    let mut status = 0;
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: wait4 on our own child, with valid out-pointers.
    let waited = unsafe { libc::wait4(child.id() as i32, &mut status, 0, &mut usage) };
    let elapsed = start.elapsed();
    assert!(
        waited > 0 && libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "{cmd:?} failed"
    );
    (elapsed, usage.ru_maxrss as u64 * 1024)
}

fn medians(runs: &[(Duration, u64)]) -> (Duration, u64) {
    let mut t: Vec<_> = runs.iter().map(|r| r.0).collect();
    let mut m: Vec<_> = runs.iter().map(|r| r.1).collect();
    t.sort();
    m.sort();
    (t[t.len() / 2], m[m.len() / 2])
}

/// ImageMagick's own `convert` (a stand-in script may come first on PATH).
fn real_convert() -> PathBuf {
    for candidate in ["/usr/bin/convert-im6.q16", "/usr/bin/convert", "convert"] {
        let ok = Command::new(candidate)
            .arg("-version")
            .output()
            .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains("ImageMagick"));
        if ok {
            return PathBuf::from(candidate);
        }
    }
    panic!("ImageMagick's convert is needed: apt-get install imagemagick");
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// A logo as a designer exports it: a shape with soft edges on transparency,
/// a gradient fill and some grain.
fn logo_pixels(side: u32) -> RgbaImage {
    let c = side as f32 / 2.0;
    let mut state = 0x9E37_79B9u32;
    RgbaImage::from_fn(side, side, |x, y| {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        let d = ((x as f32 - c).powi(2) + (y as f32 - c).powi(2)).sqrt() / c;
        let alpha = ((1.0 - d) * 8.0).clamp(0.0, 1.0);
        let grain = (state & 15) as u8;
        Rgba([
            (40 + x * 180 / side) as u8 + grain,
            (200 - y * 120 / side) as u8,
            120 + grain,
            (alpha * 255.0) as u8,
        ])
    })
}

fn screenshot(width: u32, height: u32, seed: u32) -> RgbaImage {
    RgbaImage::from_fn(width, height, |x, y| {
        let v = ((x / 40 + y / 40 + seed) % 7) as u8;
        Rgba([240 - v * 10, 242 - v * 5, 245, 255])
    })
}
