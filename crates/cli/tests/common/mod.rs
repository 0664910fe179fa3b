//! Runs the real `rbpub` binary offline with `--json`.
#![allow(dead_code)] // each test file uses a part

pub mod online;

use std::path::Path;
use std::process::Command;

use serde_json::Value;

/// Exit code, the JSON on stdout, and stderr; `data` is `RBPUB_DATA_DIR` when given.
pub fn rbpub_json(data: Option<&Path>, args: &[&str]) -> (i32, Value, String) {
    rbpub_json_in(Path::new("."), data, args)
}

/// [`rbpub_json`] run from the folder `cwd`, so that paths can be given as a user types them.
pub fn rbpub_json_in(cwd: &Path, data: Option<&Path>, args: &[&str]) -> (i32, Value, String) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_rbpub"));
    cmd.current_dir(cwd);
    if let Some(dir) = data {
        cmd.env("RBPUB_DATA_DIR", dir);
    }
    let out = cmd.arg("--json").args(args).output().expect("rbpub runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let json =
        serde_json::from_str(stdout.trim()).unwrap_or_else(|e| panic!("not JSON ({e}): {stdout}"));
    (
        out.status.code().unwrap_or(-1),
        json,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A template export as Rainbond's offline export writes it (rainbond-oam
/// `pkg/export`): `<app>-<version>-ram/` holding `component-images.tar` with
/// every component's `share_image`, then `metadata.json`, gzip'd.
pub fn ram_export(path: &Path, metadata: &[u8]) {
    let images: Vec<String> = serde_json::from_slice::<Value>(metadata)
        .ok()
        .and_then(|m| m["apps"].as_array().cloned())
        .unwrap_or_default()
        .iter()
        .filter_map(|a| a["share_image"].as_str().map(str::to_string))
        .collect();
    let sized: Vec<(&str, usize)> = images.iter().map(|i| (i.as_str(), 64 * 1024)).collect();
    offline_export(
        path,
        metadata,
        &[("component-images.tar", image_tarball(&sized, None))],
    );
}

/// An export at `path` with `entries` (names inside its folder) and then
/// `metadata.json`, as `tar -czf` of the folder writes it.
pub fn offline_export(path: &Path, metadata: &[u8], entries: &[(&str, Vec<u8>)]) {
    let name = path.file_name().unwrap().to_string_lossy();
    let folder = name.trim_end_matches(".tar.gz");
    let file = std::fs::File::create(path).expect("the export can be written");
    let gz = flate2::write::GzEncoder::new(file, flate2::Compression::fast());
    let mut tar = tar::Builder::new(gz);
    let all = entries
        .iter()
        .map(|(n, b)| (*n, &b[..]))
        .chain([("metadata.json", metadata)]);
    for (entry, bytes) in all {
        append(&mut tar, &format!("{folder}/{entry}"), bytes);
    }
    tar.into_inner().unwrap().finish().unwrap();
}

/// An image tarball as `docker save` writes it: each image's config and
/// layer (`size` bytes), then `manifest.json` listing them, or `manifest` as given.
pub fn image_tarball(images: &[(&str, usize)], manifest: Option<&str>) -> Vec<u8> {
    let mut tar = tar::Builder::new(Vec::new());
    let mut listed = Vec::new();
    for (i, (name, size)) in images.iter().enumerate() {
        let (config, layer) = (format!("{i:064x}.json"), format!("{i:064x}/layer.tar"));
        append(&mut tar, &config, b"{}");
        append(&mut tar, &layer, &vec![i as u8; *size]);
        listed.push(serde_json::json!({"Config": config, "RepoTags": [name], "Layers": [layer]}));
    }
    let manifest = manifest.map_or_else(|| Value::from(listed).to_string(), str::to_string);
    append(&mut tar, "manifest.json", manifest.as_bytes());
    tar.into_inner().unwrap()
}

fn append<W: std::io::Write>(tar: &mut tar::Builder<W>, name: &str, bytes: &[u8]) {
    let mut header = tar::Header::new_gnu();
    header.set_size(bytes.len() as u64);
    header.set_mode(0o644);
    header.set_cksum();
    tar.append_data(&mut header, name, bytes).unwrap();
}

/// The design's template example, a real-shaped export of two components.
pub const RAM_EXAMPLE: &[u8] = include_bytes!("../../../core/fixtures/ram-example.json");

/// A listing folder that passes every rule: fields, a 256² PNG logo, one version and its package.
pub fn listing(dir: &Path, name: &str, intro: &str) {
    std::fs::create_dir_all(dir.join("versions")).unwrap();
    std::fs::write(
        dir.join("listing.toml"),
        format!(
            "schema = 1\nname = \"{name}\"\ndescription = \"Blog in one click\"\ntags = [\"cms\"]\nlogo = \"logo.png\"\n\n\
             [[versions]]\nversion = \"1.0\"\nnotes = \"versions/1.0.md\"\n\n[[packages]]\nname = \"Free\"\nversion = \"1.0\"\n"
        ),
    )
    .unwrap();
    std::fs::write(dir.join("introduction.md"), intro).unwrap();
    std::fs::write(dir.join("versions/1.0.md"), "First").unwrap();
    let img = image::RgbaImage::from_pixel(256, 256, image::Rgba([20, 90, 200, 255]));
    img.save(dir.join("logo.png")).unwrap();
}

/// A 1300×800 lossless WebP of noise, over 3 MB: too wide and too heavy for a logo.
pub fn wide_webp(path: &Path) {
    use image::ImageEncoder;
    let mut state = 11u32;
    let img = image::RgbaImage::from_fn(1300, 800, |_, _| {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        let [r, g, b, _] = state.to_le_bytes();
        image::Rgba([r, g, b, 255])
    });
    let mut out = Vec::new();
    image::codecs::webp::WebPEncoder::new_lossless(&mut out)
        .write_image(img.as_raw(), 1300, 800, image::ExtendedColorType::Rgba8)
        .unwrap();
    assert!(out.len() > 3_000_000);
    std::fs::write(path, out).unwrap();
}
