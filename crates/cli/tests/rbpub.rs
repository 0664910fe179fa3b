//! `rbpub` as a pipeline runs it: the real binary, secrets from the environment,
//! against the sandbox on loopback.

use std::net::{Ipv4Addr, SocketAddr};
use std::process::Command;

use rbpub_sandbox::{FaultSettings, Sandbox, Settings};
use serde_json::Value;

struct Run {
    code: i32,
    json: Value,
    stderr: String,
}

async fn rbpub(sandbox: &Sandbox, key: &str, args: &[&str]) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_rbpub"));
    cmd.arg("--json")
        .args(args)
        .env("RBPUB_STORE_URL", sandbox.url())
        .env("RBPUB_CONSOLE_URL", sandbox.url())
        .env("RBPUB_CONSOLE_USER", sandbox.demo.console_user)
        .env("RBPUB_CONSOLE_PASSWORD", sandbox.demo.console_password)
        .env("RBPUB_STORE_KEY", key);
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

async fn sandbox(dir: &tempfile::TempDir) -> Sandbox {
    let settings = Settings {
        push_ms: 200,
        ..Settings::default()
    };
    Sandbox::start(
        &dir.path().join("sandbox.db"),
        SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
        settings,
    )
    .await
    .unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_pipeline_publishes_a_version_end_to_end() {
    let dir = tempfile::tempdir().unwrap();
    let sb = sandbox(&dir).await;
    let key = sb.demo.store_key;
    let logo = dir.path().join("logo.png");
    std::fs::write(&logo, b"\x89PNG\r\n\x1a\n a logo-sized image").unwrap();
    let intro = dir.path().join("intro.md");
    std::fs::write(&intro, "# Gitea\n\n## Install\n\nOne click.").unwrap();
    let (logo, intro) = (logo.to_str().unwrap(), intro.to_str().unwrap());

    let run = rbpub(&sb, key, &["verify"]).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.json["store"]["accessActions"][0], "Write");

    let run = rbpub(&sb, key, &["bind"]).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.json["store"]["name"], "SandboxStore");

    let publish = [
        "publish",
        "--team",
        "demo-team",
        "--region",
        "local",
        "--app-id",
        "2",
        "--template",
        "Gitea",
        "--description",
        "Git with a cup of tea",
        "--introduction",
        intro,
        "--tag",
        "git",
        "--logo",
        logo,
        "--version",
        "1.0.0",
        "--alias",
        "stable",
        "--notes",
        "First release",
    ];
    let run = rbpub(&sb, key, &publish).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("Gitea pushed"),
        "progress per component: {}",
        run.stderr
    );
    assert_eq!(run.json["record"]["status"], "published");
    let app_id = run.json["template"]["id"].as_str().unwrap().to_owned();
    let stats = sb.stats().await.unwrap();
    assert_eq!(
        (stats.share_records, stats.store_apps, stats.store_versions),
        (1, 1, 1)
    );

    // The same publish again: nothing new anywhere.
    let run = rbpub(&sb, key, &publish).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.json["summary"]
        .as_str()
        .unwrap()
        .contains("nothing sent"));
    let again = sb.stats().await.unwrap();
    assert_eq!(
        (again.share_records, again.store_apps, again.store_versions),
        (1, 1, 1)
    );

    let info = [
        "push-info",
        "--app-id",
        &app_id,
        "--template",
        "Gitea",
        "--description",
        "Git, self-hosted",
        "--introduction",
        intro,
        "--tag",
        "git",
        "--logo",
        logo,
    ];
    let run = rbpub(&sb, key, &info).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        (
            run.json["changed"].as_bool(),
            run.json["logoSent"].as_bool()
        ),
        (Some(true), Some(false))
    );
    let bytes_before = sb.stats().await.unwrap().image_bytes;
    let run = rbpub(&sb, key, &info).await;
    assert_eq!(
        run.json["changed"], false,
        "unchanged information is not sent again"
    );
    assert_eq!(
        sb.stats().await.unwrap().image_bytes,
        bytes_before,
        "no image bytes sent"
    );

    let run = rbpub(
        &sb,
        key,
        &[
            "package",
            "--app-id",
            &app_id,
            "--version",
            "1.0.0",
            "--description",
            "First",
        ],
    )
    .await;
    assert_eq!(
        (run.code, run.json["created"].as_bool()),
        (0, Some(true)),
        "{}",
        run.stderr
    );
    let run = rbpub(
        &sb,
        key,
        &[
            "package",
            "--app-id",
            &app_id,
            "--version",
            "1.0.0",
            "--description",
            "First",
        ],
    )
    .await;
    assert_eq!(run.json["created"], false);
    assert_eq!(sb.stats().await.unwrap().store_packages, 1);

    let run = rbpub(&sb, key, &["list", "--app-id", &app_id]).await;
    assert_eq!(
        (run.code, run.json["app"]["listed"].as_bool()),
        (0, Some(true)),
        "{}",
        run.stderr
    );
    let run = rbpub(&sb, key, &["status", "--app-id", &app_id]).await;
    assert_eq!(run.json["app"]["versions"][0], "1.0.0");
    assert_eq!(run.json["app"]["listed"], true);
}

#[tokio::test(flavor = "multi_thread")]
async fn exit_codes_tell_failures_apart() {
    let dir = tempfile::tempdir().unwrap();
    let sb = sandbox(&dir).await;

    let run = rbpub(&sb, "sk-wrong-key-777", &["verify"]).await;
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert_eq!(run.json["error"]["code"], "storeKeyRejected");
    assert!(
        !run.stderr.contains("sk-wrong-key-777")
            && !run.json.to_string().contains("sk-wrong-key-777")
    );

    let run = rbpub(&sb, sb.demo.read_only_key, &["verify"]).await;
    assert_eq!(run.code, 4, "{}", run.stderr);

    let run = rbpub(&sb, sb.demo.store_key, &["status", "--app-id", "nope"]).await;
    assert_eq!(run.code, 5, "{}", run.stderr);

    let run = rbpub(&sb, "", &["verify"]).await;
    assert_eq!(run.code, 7, "{}", run.stderr);
    assert!(run.stderr.contains("RBPUB_STORE_KEY"), "{}", run.stderr);

    sb.set_faults(FaultSettings {
        offline: true,
        ..Default::default()
    });
    let run = rbpub(&sb, sb.demo.store_key, &["verify"]).await;
    assert_eq!(run.code, 6, "{}", run.stderr);
    assert_eq!(run.json["error"]["code"], "networkDown");
}
