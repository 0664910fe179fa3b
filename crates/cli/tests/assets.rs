//! `rbpub assets` as a pipeline runs it: the real binary on real files, offline.

use serde_json::Value;

mod common;

fn rbpub(args: &[&str]) -> (i32, Value, String) {
    common::rbpub_json(None, args)
}

fn rules(file: &Value) -> Vec<String> {
    file["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn a_logo_that_fails_the_checks_passes_them_after_fix() {
    let dir = tempfile::tempdir().unwrap();
    let (input, output) = (dir.path().join("wide.webp"), dir.path().join("logo.png"));
    common::wide_webp(&input);
    let (input, output) = (input.to_str().unwrap(), output.to_str().unwrap());

    let (code, json, _) = rbpub(&["assets", "check", input]);
    assert_eq!(code, 10, "an error-level problem fails the check");
    assert_eq!(json["failed"], true);
    assert_eq!(
        rules(&json["files"][0]),
        ["logo.format", "logo.bytes", "logo.square", "logo.size"]
    );
    assert_eq!(json["files"][0]["inspection"]["info"]["format"], "webp");

    let (code, json, stderr) = rbpub(&["assets", "fix", input, "-o", output]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(json["image"]["width"], 512);
    assert_eq!(json["image"]["format"], "png");

    let (code, json, _) = rbpub(&["assets", "check", output]);
    assert_eq!(code, 0);
    assert_eq!(json["failed"], false);
    assert!(rules(&json["files"][0]).is_empty());
}

#[test]
fn every_file_is_reported_even_when_some_cannot_be_read() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.png");
    std::fs::write(&empty, b"").unwrap();
    let text = dir.path().join("notes.png");
    std::fs::write(&text, b"hello, world").unwrap();
    let missing = dir.path().join("missing.png");
    let paths = [&empty, &text, &missing].map(|p| p.to_str().unwrap().to_owned());
    let (code, json, _) = rbpub(&["assets", "check", &paths[0], &paths[1], &paths[2]]);
    assert_eq!(code, 10);
    let files = json["files"].as_array().unwrap();
    assert_eq!(files.len(), 3);
    assert!(files.iter().all(|f| f["error"]["code"] == "badImage"));
    let message = |i: usize| files[i]["error"]["message"].as_str().unwrap().to_owned();
    assert_eq!(
        message(0),
        format!(
            "{}: the file is empty (0 bytes); choose the image file itself",
            paths[0]
        )
    );
    assert!(message(1).starts_with(&format!(
        "{}: not an image the app reads (it starts with “hello, w”)",
        paths[1]
    )));
    assert!(message(2).contains(&format!("{}: cannot be read", paths[2])));
}

#[test]
fn a_fix_that_cannot_be_written_exits_9_naming_the_output() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("wide.webp");
    common::wide_webp(&input);
    let out = dir.path().join("no-such-folder/logo.png");
    let (code, json, _) = rbpub(&[
        "assets",
        "fix",
        input.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 9);
    assert!(json["error"]["message"]
        .as_str()
        .unwrap()
        .contains(&format!("{}: cannot be written", out.display())));
}

/// An SVG embedding a PNG that claims 9000×9000 px: within the image limit
/// (324 MB of pixels), and resvg's decoder asks for all of it to draw it.
const SVG_DRAWING_324_MB: &str = r#"<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><image width="64" height="64" href="data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAIygAACMoCAYAAABt1XK6AAAADElEQVR4nGNgoD0AAABkAAGGZDw1AAAAAElFTkSuQmCC"/></svg>"#;

/// Turbulence of ten octaves over a 1800 px region: within every cap and the
/// filter budget, and about a second of work (many in a debug build).
const SVG_DRAWING_SLOWLY: &str = r#"<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100"><defs><filter id="f" x="0" y="0" width="350" height="350" filterUnits="userSpaceOnUse"><feTurbulence baseFrequency="0.05" numOctaves="10"/></filter></defs><rect width="350" height="350" filter="url(#f)"/></svg>"#;

fn check_svg(svg: &str, env: &[(&str, &str)]) -> (i32, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("logo.svg");
    std::fs::write(&path, svg).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_rbpub"))
        .envs(env.iter().copied())
        .args(["--json", "assets", "check"])
        .arg(&path)
        .output()
        .expect("rbpub runs");
    let json: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let file = &json["files"][0];
    let said = file["error"]["message"]
        .as_str()
        .map(str::to_owned)
        .unwrap_or_else(|| file["inspection"]["color"].to_string());
    (out.status.code().unwrap_or(-1), said)
}

#[test]
fn an_svg_is_drawn_in_a_process_of_its_own_stopped_past_its_memory_or_its_time() {
    // Within the budget's gigabyte the drawing is made.
    let (_, said) = check_svg(SVG_DRAWING_324_MB, &[]);
    assert_eq!(said, "\"vector\"");
    // Given 100 MB, the drawing process runs out, and rbpub says so and goes on.
    let (code, said) = check_svg(SVG_DRAWING_324_MB, &[("RBPUB_SVG_MEMORY_MB", "100")]);
    assert_eq!(code, 10);
    assert!(
        said.ends_with("logo.svg: the SVG is refused: drawing it needs more than the 100 MB the app gives a drawing; export it without it, or as PNG"),
        "{said}"
    );
    // Given a fifth of a second, the drawing process is killed.
    let (code, said) = check_svg(SVG_DRAWING_SLOWLY, &[("RBPUB_SVG_SECONDS", "0.2")]);
    assert_eq!(code, 10);
    assert!(
        said.ends_with("logo.svg: the SVG is refused: drawing it took longer than 0.2 s; export it without it, or as PNG"),
        "{said}"
    );
    // The refusal crosses the drawing process's pipe as a sentence, said in the user's language.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("logo.svg");
    std::fs::write(&path, SVG_DRAWING_SLOWLY).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_rbpub"))
        .env("RBPUB_SVG_SECONDS", "0.2")
        .args(["--lang", "zh-CN", "assets", "check"])
        .arg(&path)
        .output()
        .expect("rbpub runs");
    let said = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(10));
    assert!(
        said.trim_end().ends_with(
            "logo.svg：该 SVG 被拒绝：绘制它用时超过 0.2 秒；请去掉相关内容后导出，或导出为 PNG"
        ),
        "{said}"
    );
}
