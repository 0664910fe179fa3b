//! `rbpub` as a pipeline runs it: the real binary, secrets from the environment,
//! against the sandbox on loopback.

use std::time::Duration;

use rbpub_sandbox::FaultSettings;

mod common;

use common::online::{bound, command, each, rbpub, sandbox, PUBLISH};

#[tokio::test(flavor = "multi_thread")]
async fn a_pipeline_publishes_a_version_end_to_end() {
    let dir = tempfile::tempdir().unwrap();
    let sb = sandbox(&dir).await;
    let key = sb.demo.store_key;
    let logo = dir.path().join("logo.png");
    image::RgbImage::from_pixel(128, 128, image::Rgb([20, 120, 200]))
        .save(&logo)
        .unwrap();
    let intro = dir.path().join("intro.md");
    std::fs::write(&intro, "# Gitea\n\n## Install\n\nOne click.").unwrap();
    let (logo, intro) = (logo.to_str().unwrap(), intro.to_str().unwrap());

    let run = rbpub(dir.path(), &sb, key, &["verify"]).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.json["store"]["accessActions"][0], "Write");

    let run = rbpub(dir.path(), &sb, key, &["bind"]).await;
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
    let run = rbpub(dir.path(), &sb, key, &publish).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("Gitea pushed"),
        "progress per component: {}",
        run.stderr
    );
    assert_eq!(run.json["record"]["status"], "published");
    assert_eq!(
        run.json["readBack"], true,
        "the store read back: {}",
        run.json
    );
    let app_id = run.json["template"]["id"].as_str().unwrap().to_owned();
    let stats = sb.stats().await.unwrap();
    assert_eq!(
        (stats.share_records, stats.store_apps, stats.store_versions),
        (1, 1, 1)
    );

    // The same publish again: nothing new anywhere.
    let run = rbpub(dir.path(), &sb, key, &publish).await;
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
    let run = rbpub(dir.path(), &sb, key, &info).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        (
            run.json["changed"].as_bool(),
            run.json["logoSent"].as_bool()
        ),
        (Some(true), Some(false))
    );
    let bytes_before = sb.stats().await.unwrap().image_bytes;
    let run = rbpub(dir.path(), &sb, key, &info).await;
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
        dir.path(),
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
        dir.path(),
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

    // A pipeline waits for the listing: not listed within the time is exit 12.
    let watch = [
        "status",
        "--app-id",
        &app_id,
        "--watch",
        "--version",
        "1.0.0",
    ];
    let run = rbpub(
        dir.path(),
        &sb,
        key,
        &[&watch[..], &["--timeout", "1"]].concat(),
    )
    .await;
    assert_eq!(run.code, 12, "{}", run.stderr);
    assert!(
        run.json["summary"]
            .as_str()
            .unwrap()
            .contains("not listed\nstill not listed with version 1.0.0 after 1 s"),
        "{}",
        run.json
    );
    assert!(
        run.stderr
            .contains("Gitea: not listed with version 1.0.0, waiting…"),
        "{}",
        run.stderr
    );
    // Listed while a watch waits: the watch ends, listed.
    let waiting = command(
        dir.path(),
        &sb,
        key,
        &[&watch[..], &["--timeout", "60"]].concat(),
    )
    .stdout(std::process::Stdio::piped())
    .stderr(std::process::Stdio::piped())
    .spawn()
    .unwrap();
    let run = rbpub(dir.path(), &sb, key, &["list", "--app-id", &app_id]).await;
    assert_eq!(
        (run.code, run.json["app"]["listed"].as_bool()),
        (0, Some(true)),
        "{}",
        run.stderr
    );
    let out = tokio::task::spawn_blocking(move || waiting.wait_with_output().unwrap())
        .await
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let waited: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (
            waited["listed"].as_bool(),
            waited["app"]["listed"].as_bool()
        ),
        (Some(true), Some(true))
    );
    let run = rbpub(dir.path(), &sb, key, &["status", "--app-id", &app_id]).await;
    assert_eq!(run.json["app"]["versions"][0], "1.0.0");
    assert_eq!(run.json["app"]["listed"], true);
}

#[tokio::test(flavor = "multi_thread")]
async fn exit_codes_tell_failures_apart() {
    let dir = tempfile::tempdir().unwrap();
    let sb = sandbox(&dir).await;

    let run = rbpub(dir.path(), &sb, "sk-wrong-key-777", &["verify"]).await;
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert_eq!(run.json["error"]["code"], "storeKeyRejected");
    assert!(
        !run.stderr.contains("sk-wrong-key-777")
            && !run.json.to_string().contains("sk-wrong-key-777")
    );

    let run = rbpub(dir.path(), &sb, sb.demo.read_only_key, &["verify"]).await;
    assert_eq!(run.code, 4, "{}", run.stderr);

    let run = rbpub(
        dir.path(),
        &sb,
        sb.demo.store_key,
        &["status", "--app-id", "nope"],
    )
    .await;
    assert_eq!(run.code, 5, "{}", run.stderr);

    let run = rbpub(dir.path(), &sb, "", &["verify"]).await;
    assert_eq!(run.code, 7, "{}", run.stderr);
    assert!(run.stderr.contains("RBPUB_STORE_KEY"), "{}", run.stderr);

    sb.set_faults(FaultSettings {
        offline: true,
        ..Default::default()
    });
    let run = rbpub(dir.path(), &sb, sb.demo.store_key, &["verify"]).await;
    assert_eq!(run.code, 6, "{}", run.stderr);
    assert_eq!(run.json["error"]["code"], "networkDown");
}

/// `rbpub publish` of the running app gitea as Gitea 1.0.0.
#[tokio::test(flavor = "multi_thread")]
async fn a_publish_killed_mid_push_and_run_again_pushes_each_image_once() {
    let dir = tempfile::tempdir().unwrap();
    let sb = bound(&dir, 3_000).await;
    let mut child = command(dir.path(), &sb, sb.demo.store_key, &PUBLISH)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Killed (SIGKILL) once the images are pushing, long before they are pushed.
    let mut pushing = false;
    for _ in 0..200 {
        if sb.stats().await.unwrap().image_pushes.len() == 3 {
            pushing = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(pushing, "the publish reached the image pushes");
    assert_eq!(
        sb.stats().await.unwrap().store_versions,
        0,
        "killed before the end"
    );

    let run = rbpub(dir.path(), &sb, sb.demo.store_key, &PUBLISH).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.json["record"]["status"], "published");
    let stats = sb.stats().await.unwrap();
    assert_eq!(
        (stats.share_records, stats.store_versions),
        (1, 1),
        "one share record, one version"
    );
    assert_eq!(
        stats.image_pushes.into_iter().collect::<Vec<_>>(),
        each(1),
        "each image pushed once"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_failed_push_exits_6_naming_it_and_the_same_command_retries_only_it() {
    let dir = tempfile::tempdir().unwrap();
    let sb = bound(&dir, 200).await;
    sb.set_faults(FaultSettings {
        push_failures: 1,
        ..Default::default()
    });
    let run = rbpub(dir.path(), &sb, sb.demo.store_key, &PUBLISH).await;
    assert_eq!(run.code, 6, "{}", run.stderr);
    assert_eq!(run.json["error"]["code"], "pushFailed");
    let message = run.json["error"]["message"].as_str().unwrap();
    assert!(message.contains("PostgreSQL"), "{message}");

    let run = rbpub(dir.path(), &sb, sb.demo.store_key, &PUBLISH).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    let stats = sb.stats().await.unwrap();
    assert_eq!((stats.share_records, stats.store_versions), (1, 1));
    let mut expected = each(1);
    expected[1].1 = 2;
    assert_eq!(
        stats.image_pushes.into_iter().collect::<Vec<_>>(),
        expected,
        "only the failed push started twice"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_stuck_push_ends_at_the_timeout_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let sb = bound(&dir, 200).await;
    sb.set_faults(FaultSettings {
        push_hangs: 1,
        ..Default::default()
    });
    let mut args = PUBLISH.to_vec();
    args.extend(["--timeout", "2s"]);
    let run = rbpub(dir.path(), &sb, sb.demo.store_key, &args).await;
    assert_eq!(run.code, 6, "{}", run.stderr);
    assert_eq!(run.json["error"]["code"], "timedOut");
    let message = run.json["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("PostgreSQL") && !message.contains("Redis"),
        "{message}"
    );
    assert_eq!(sb.stats().await.unwrap().store_versions, 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_refused_store_key_is_exit_3_about_the_key() {
    let dir = tempfile::tempdir().unwrap();
    let sb = sandbox(&dir).await;
    let run = rbpub(dir.path(), &sb, "sk-revoked-key-31", &["bind"]).await;
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert_eq!(run.json["error"]["code"], "storeKeyRejected");
    let message = run.json["error"]["message"].as_str().unwrap();
    assert!(message.contains("RBPUB_STORE_KEY"), "{message}");
    assert!(!message.contains("console sign-in"), "{message}");
    assert!(!run.json.to_string().contains("sk-revoked-key-31"));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_watch_ends_at_its_timeout_even_when_the_store_stops_answering() {
    let dir = tempfile::tempdir().unwrap();
    let sb = sandbox(&dir).await;
    // Every answer ten minutes late: the reads themselves never come back in time.
    sb.set_faults(FaultSettings {
        latency_ms: 600_000,
        ..FaultSettings::default()
    });
    let mut watch = command(
        dir.path(),
        &sb,
        sb.demo.store_key,
        &["status", "--app-id", "a1", "--watch", "--timeout", "1"],
    );
    let out = tokio::task::spawn_blocking(move || watch.output().unwrap());
    // A command that never ends is the defect; a minute is far past one second.
    let out = tokio::time::timeout(Duration::from_secs(60), out)
        .await
        .expect("the watch ended")
        .unwrap();
    let said = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(6), "{said}");
    assert!(
        said.contains("the store did not answer within 1 s (--timeout)"),
        "{said}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_log_names_each_request_with_its_time_and_never_a_secret() {
    let dir = tempfile::tempdir().unwrap();
    let sb = sandbox(&dir).await;
    let key = sb.demo.store_key;
    // A whole publish at trace: sign-in, binding, the share's every step.
    let steps: [(&str, Vec<&str>, &[&str]); 5] = [
        (
            "RBPUB_LOG=trace",
            vec!["verify"],
            &["call=GET /app-server/openapi/info status=200 ms="],
        ),
        (
            "RBPUB_LOG=trace",
            vec!["console-login"],
            &["call=POST /console/users/login status=200 ms="],
        ),
        ("RBPUB_LOG=trace", vec!["bind"], &["status=200 ms="]),
        (
            "RBPUB_LOG=trace",
            PUBLISH.to_vec(),
            &[
                "phase=Starting",
                "new share",
                "phase=Submitting",
                "phase=Pushing",
                "phase=Done",
                "/share/",
                "status=200 ms=",
            ],
        ),
        (
            "-v",
            vec!["-v", "console-login"],
            &["call=POST /console/users/login status=200 ms="],
        ),
    ];
    let mut everything = String::new();
    for (how, args, expected) in steps {
        let mut cmd = command(dir.path(), &sb, key, &args);
        if how.starts_with("RBPUB_LOG") {
            cmd.env("RBPUB_LOG", "trace");
        }
        let out = cmd.output().unwrap();
        let said = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(out.status.code(), Some(0), "{how} {args:?}: {said}");
        for line in expected {
            assert!(said.contains(line), "{how} {args:?}: no {line:?} in {said}");
        }
        everything += &said;
    }
    // Diagnostics: the data folder, the store and console, what is set — and no secret.
    let out = command(dir.path(), &sb, key, &["diagnostics"])
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let text = report["summary"].as_str().unwrap();
    assert!(
        text.contains(&format!("data folder: {}", dir.path().display())),
        "{text}"
    );
    assert!(text.contains("RBPUB_STORE_KEY=•••"), "{text}");
    assert!(text.contains("RBPUB_CONSOLE_PASSWORD=•••"), "{text}");
    assert!(
        text.contains(&format!("RBPUB_CONSOLE_URL={}", sb.url())),
        "{text}"
    );
    everything += &String::from_utf8_lossy(&out.stdout);
    everything += &String::from_utf8_lossy(&out.stderr);
    assert_no_secret(&everything, &[key, sb.demo.console_password]);
}

/// No key, password, console token (`sandbox.` and 32 hex digits), store key
/// (`sk-` and 32) or header that carries one appears in what rbpub wrote.
fn assert_no_secret(said: &str, secrets: &[&str]) {
    for secret in secrets {
        assert!(
            !said.contains(secret),
            "a secret reached the output: {said}"
        );
    }
    for header in [
        "GRJWT",
        "Authorization",
        "authorization",
        "Cookie",
        "cookie",
    ] {
        assert!(
            !said.contains(header),
            "{header} reached the output: {said}"
        );
    }
    for prefix in ["sandbox.", "sk-"] {
        for (at, _) in said.match_indices(prefix) {
            let rest = &said[at + prefix.len()..];
            let hex = rest.chars().take_while(char::is_ascii_hexdigit).count();
            assert!(
                hex < 32,
                "a token reached the output: {}",
                &said[at..at + 40]
            );
        }
    }
}
