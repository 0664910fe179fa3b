//! Every sentence key the code names is in both catalogues, and every sentence
//! of the catalogues is said somewhere: the code is read for `"area.name"`
//! literals of the catalogue's areas (a key is always written whole, so that
//! this test and a reader's search find it).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn catalogue_keys(lang: &str) -> BTreeSet<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join("messages").join(format!("{lang}.json"))).unwrap();
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    json["texts"]
        .as_object()
        .unwrap()
        .keys()
        .map(|k| k.trim_end_matches(".one").to_owned())
        .collect()
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// `"area.name"` literals in the crates' code whose area is one of the catalogue's.
fn keys_in_code(areas: &BTreeSet<String>) -> BTreeSet<(String, String)> {
    let crates = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let mut files = Vec::new();
    for krate in std::fs::read_dir(crates).unwrap().flatten() {
        let src = krate.path().join("src");
        if src.is_dir() {
            rust_files(&src, &mut files);
        }
    }
    rust_files(&crates.join("../src-tauri/src"), &mut files);
    let mut found = BTreeSet::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        for piece in string_literals(&text) {
            let piece = piece.as_str();
            let Some((area, name)) = piece.split_once('.') else {
                continue;
            };
            let is_key = areas.contains(area)
                && !name.is_empty()
                && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '.');
            if is_key {
                found.insert((piece.to_owned(), file.display().to_string()));
            }
        }
    }
    found
}

/// The string literals of Rust source, as written (escapes left in): comments,
/// character literals (`'"'`) and lifetimes skipped, escaped quotes and raw
/// strings (`r#"…"#`) read whole.
fn string_literals(text: &str) -> Vec<String> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    let ident = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    while i < b.len() {
        match b[i] {
            b'/' if b.get(i + 1) == Some(&b'/') => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            // A character literal ('"', '\'', '\\'); otherwise a lifetime.
            b'\'' if b.get(i + 1) == Some(&b'\\') => {
                i += 3;
                while i < b.len() && b[i] != b'\'' {
                    i += 1;
                }
                i += 1;
            }
            b'\'' if b.get(i + 2) == Some(&b'\'') => i += 3,
            b'r' if (i == 0 || !ident(b[i - 1])) && matches!(b.get(i + 1), Some(b'#' | b'"')) => {
                let hashes = b[i + 1..].iter().take_while(|c| **c == b'#').count();
                let start = i + 1 + hashes;
                if b.get(start) != Some(&b'"') {
                    i += 1;
                    continue;
                }
                let close = format!("\"{}", "#".repeat(hashes));
                let end = text[start + 1..]
                    .find(&close)
                    .map_or(b.len(), |e| start + 1 + e);
                out.push(text[start + 1..end].to_owned());
                i = end + close.len();
            }
            b'"' => {
                let start = i + 1;
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
                out.push(text[start..i.min(b.len())].to_owned());
                i += 1;
            }
            _ => i += 1,
        }
    }
    out
}

#[test]
fn every_key_the_code_says_is_in_both_catalogues_and_every_sentence_is_said() {
    let (en, zh) = (catalogue_keys("en"), catalogue_keys("zh-CN"));
    assert_eq!(en, zh, "the catalogues hold other keys");
    let areas: BTreeSet<String> = en
        .iter()
        .map(|k| k.split('.').next().unwrap().to_owned())
        .collect();
    let used = keys_in_code(&areas);
    for (key, file) in &used {
        assert!(
            en.contains(key),
            "{file} says {key}, which the catalogues lack"
        );
    }
    let said: BTreeSet<&String> = used.iter().map(|(k, _)| k).collect();
    for key in &en {
        assert!(
            said.contains(key),
            "the catalogues hold {key}, which no code says"
        );
    }
}
