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
    assert!(message(2).starts_with(&format!("{}: cannot be read", paths[2])));
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
        .starts_with(&format!("{}: cannot be written", out.display())));
}
