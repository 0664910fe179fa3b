//! Runs the real `rbpub` binary offline with `--json`.
#![allow(dead_code)] // each test file uses a part

use std::path::Path;
use std::process::Command;

use serde_json::Value;

/// Exit code, the JSON on stdout, and stderr; `data` is `RBPUB_DATA_DIR` when given.
pub fn rbpub_json(data: Option<&Path>, args: &[&str]) -> (i32, Value, String) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_rbpub"));
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
