//! `rbpub --json` as a pipeline runs it: the real binary, secrets from the
//! environment, against a sandbox on loopback.

use std::net::{Ipv4Addr, SocketAddr};
use std::path::Path;
use std::process::Command;

use rbpub_sandbox::{Sandbox, Settings};
use serde_json::Value;

pub struct Run {
    pub code: i32,
    pub json: Value,
    pub stderr: String,
}

/// `rbpub --json ARGS` with the sandbox's addresses and `key`; its data folder
/// (where a publish keeps its checkpoint) in `data`.
pub fn command(data: &Path, sandbox: &Sandbox, key: &str, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_rbpub"));
    cmd.arg("--json")
        .args(args)
        .env("RBPUB_DATA_DIR", data)
        .env("RBPUB_STORE_URL", sandbox.url())
        .env("RBPUB_CONSOLE_URL", sandbox.url())
        .env("RBPUB_CONSOLE_USER", sandbox.demo.console_user)
        .env("RBPUB_CONSOLE_PASSWORD", sandbox.demo.console_password)
        .env("RBPUB_STORE_KEY", key)
        // The sandbox pushes in a fraction of a second: asked after as often.
        .env("RBPUB_POLL_MS", "100")
        .env("RBPUB_BUSY_BACKOFF_MS", "200");
    cmd
}

pub async fn rbpub(data: &Path, sandbox: &Sandbox, key: &str, args: &[&str]) -> Run {
    let mut cmd = command(data, sandbox, key, args);
    let out = tokio::task::spawn_blocking(move || cmd.output())
        .await
        .unwrap()
        .expect("rbpub runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    Run {
        code: out.status.code().unwrap_or(-1),
        json: serde_json::from_str(stdout.trim())
            .unwrap_or_else(|e| panic!("not JSON ({e}): {stdout}")),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

pub async fn sandbox(dir: &tempfile::TempDir) -> Sandbox {
    let settings = Settings {
        push_ms: 200,
        ..Settings::default()
    };
    start(dir, settings).await
}

/// A sandbox of these settings, its state in `dir`, on a free loopback port.
async fn start(dir: &tempfile::TempDir, settings: Settings) -> Sandbox {
    Sandbox::start(
        &dir.path().join("sandbox.db"),
        SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
        settings,
    )
    .await
    .unwrap()
}

pub const PUBLISH: [&str; 13] = [
    "publish",
    "--team",
    "demo-team",
    "--region",
    "local",
    "--app-id",
    "2",
    "--template",
    "Gitea",
    "--version",
    "1.0.0",
    "--notes",
    "First release",
];

pub async fn bound(dir: &tempfile::TempDir, push_ms: u64) -> Sandbox {
    let settings = Settings {
        push_ms,
        ..Settings::default()
    };
    bound_with(dir, settings).await
}

/// A sandbox of these settings with its store bound to its console.
pub async fn bound_with(dir: &tempfile::TempDir, settings: Settings) -> Sandbox {
    let sb = start(dir, settings).await;
    let run = rbpub(dir.path(), &sb, sb.demo.store_key, &["bind"]).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    sb
}

pub fn each(n: u64) -> Vec<(String, u64)> {
    ["Gitea", "PostgreSQL", "Redis"]
        .map(|c| (c.to_owned(), n))
        .to_vec()
}
