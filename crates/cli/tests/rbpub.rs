//! `rbpub` as a pipeline runs it: the real binary, secrets from the environment,
//! against the sandbox on loopback.

use std::net::{Ipv4Addr, SocketAddr};
use std::path::Path;
use std::process::Command;
use std::time::Duration;

use rbpub_sandbox::{FaultSettings, Sandbox, Settings};
use serde_json::Value;

struct Run {
    code: i32,
    json: Value,
    stderr: String,
}

/// `rbpub --json ARGS` with the sandbox's addresses and `key`; its data folder
/// (where a publish keeps its checkpoint) in `data`.
fn command(data: &Path, sandbox: &Sandbox, key: &str, args: &[&str]) -> Command {
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

async fn rbpub(data: &Path, sandbox: &Sandbox, key: &str, args: &[&str]) -> Run {
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

    let run = rbpub(dir.path(), &sb, key, &["list", "--app-id", &app_id]).await;
    assert_eq!(
        (run.code, run.json["app"]["listed"].as_bool()),
        (0, Some(true)),
        "{}",
        run.stderr
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
const PUBLISH: [&str; 13] = [
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

async fn bound(dir: &tempfile::TempDir, push_ms: u64) -> Sandbox {
    let settings = Settings {
        push_ms,
        ..Settings::default()
    };
    bound_with(dir, settings).await
}

/// A sandbox of these settings with its store bound to its console.
async fn bound_with(dir: &tempfile::TempDir, settings: Settings) -> Sandbox {
    let sb = Sandbox::start(
        &dir.path().join("sandbox.db"),
        SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
        settings,
    )
    .await
    .unwrap();
    let run = rbpub(dir.path(), &sb, sb.demo.store_key, &["bind"]).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    sb
}

fn each(n: u64) -> Vec<(String, u64)> {
    ["Gitea", "PostgreSQL", "Redis"]
        .map(|c| (c.to_owned(), n))
        .to_vec()
}

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

/// Halo: a plugin a component uses, one on a component never deployed, a
/// dependency on another app's component.
const HALO: [&str; 11] = [
    "--team",
    "demo-team",
    "--region",
    "local",
    "--app-id",
    "3",
    "--template",
    "Halo",
    "--version",
    "1.0.0",
    "--notes=First",
];

#[tokio::test(flavor = "multi_thread")]
async fn what_a_share_leaves_out_is_named_and_publishing_it_needs_a_flag() {
    let dir = tempfile::tempdir().unwrap();
    let sb = bound(&dir, 200).await;
    let args = [&["publish"][..], &HALO].concat();
    let run = rbpub(dir.path(), &sb, sb.demo.store_key, &args).await;
    assert_eq!(run.code, 11, "{}", run.stderr);
    assert_eq!(run.json["error"]["code"], "omissionsToConfirm");
    let message = run.json["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("Meilisearch")
            && message.contains("MySQL")
            && message.contains("--accept-omissions"),
        "{message}"
    );
    assert_eq!(
        sb.stats().await.unwrap().store_versions,
        0,
        "nothing submitted"
    );

    // Agreed to, with no plugin chosen: the one Halo uses is shared all the same.
    let args = [
        &["publish", "--accept-omissions", "--plugins", "none"][..],
        &HALO,
    ]
    .concat();
    let run = rbpub(dir.path(), &sb, sb.demo.store_key, &args).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("plugin Log Collector pushed"),
        "{}",
        run.stderr
    );
    let stats = sb.stats().await.unwrap();
    let pushed: Vec<_> = stats.image_pushes.into_iter().collect();
    assert_eq!(
        pushed,
        [
            ("Halo".to_owned(), 1),
            ("Log Collector".to_owned(), 1),
            ("Redis".to_owned(), 1)
        ]
    );
    assert_eq!(
        (stats.share_records, stats.published_records),
        (1, 1),
        "the kept share went on"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_snapshot_is_made_listed_and_published() {
    let dir = tempfile::tempdir().unwrap();
    let sb = bound(&dir, 200).await;
    let app = ["--team", "demo-team", "--region", "local", "--app-id", "3"];
    let run = rbpub(
        dir.path(),
        &sb,
        sb.demo.store_key,
        &[&["snapshots"][..], &app].concat(),
    )
    .await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.json["snapshots"], serde_json::json!([]));
    let create = [
        &["snapshot", "create"][..],
        &app,
        &["--version", "1.2.0", "--alias", "spring"],
    ]
    .concat();
    let run = rbpub(dir.path(), &sb, sb.demo.store_key, &create).await;
    assert_eq!(
        (run.code, run.json["created"].as_bool()),
        (0, Some(true)),
        "{}",
        run.stderr
    );
    let again = [&["snapshot", "create"][..], &app, &["--version", "1.2.1"]].concat();
    let run = rbpub(dir.path(), &sb, sb.demo.store_key, &again).await;
    assert_eq!(
        run.json["created"].as_bool(),
        Some(false),
        "nothing changed"
    );
    assert_eq!(run.json["snapshot"]["version"], "1.2.0");
    let run = rbpub(
        dir.path(),
        &sb,
        sb.demo.store_key,
        &[&["snapshots"][..], &app].concat(),
    )
    .await;
    assert_eq!(run.json["snapshots"][0]["version"], "1.2.0");

    let publish = [
        &["publish", "--snapshot", "1.2.0", "--accept-omissions"][..],
        &HALO,
    ]
    .concat();
    let run = rbpub(dir.path(), &sb, sb.demo.store_key, &publish).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    let summary = run.json["record"]["status"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert_eq!(summary, "published");
    let stats = sb.stats().await.unwrap();
    assert_eq!((stats.share_records, stats.store_versions), (1, 1));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_logo_the_console_drops_goes_to_the_store_directly() {
    let dir = tempfile::tempdir().unwrap();
    let settings = Settings {
        push_ms: 200,
        object_storage_uploads: true,
        ..Settings::default()
    };
    let sb = bound_with(&dir, settings).await;
    let logo = dir.path().join("logo.png");
    image::RgbaImage::from_pixel(256, 256, image::Rgba([0, 120, 200, 255]))
        .save(&logo)
        .unwrap();
    let mut args = PUBLISH.to_vec();
    args.extend(["--logo", logo.to_str().unwrap()]);
    let run = rbpub(dir.path(), &sb, sb.demo.store_key, &args).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        (
            run.json["logoDropped"].as_bool(),
            run.json["logoPushed"].as_bool()
        ),
        (Some(true), Some(true)),
        "{}",
        run.json
    );
    let status = rbpub(
        dir.path(),
        &sb,
        sb.demo.store_key,
        &["status", "--template", "Gitea"],
    )
    .await;
    let logo_url = status.json["app"]["logoUrl"].as_str().unwrap_or_default();
    assert!(
        !logo_url.is_empty(),
        "the store has the logo: {}",
        status.json
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_resume_through_120_records_of_history_asks_no_page_past_the_end() {
    let dir = tempfile::tempdir().unwrap();
    let sb = bound(&dir, 200).await;
    // A publish whose push fails: its record, submitted, waits in the history.
    sb.set_faults(FaultSettings {
        push_failures: 1,
        ..Default::default()
    });
    let run = rbpub(dir.path(), &sb, sb.demo.store_key, &PUBLISH).await;
    assert_eq!(run.code, 6, "{}", run.stderr);
    // Its checkpoint is lost, and 120 newer records bury it: most walked away
    // from at step 1, every tenth submitted for another version and left.
    std::fs::remove_file(dir.path().join("rbpub-shares.json")).unwrap();
    let versions: Vec<String> = (0..120).map(|n| format!("0.{n}.0")).collect();
    let left: Vec<Option<&str>> = versions
        .iter()
        .enumerate()
        .map(|(n, v)| (n % 10 == 7).then_some(v.as_str()))
        .collect();
    sb.add_share_records(2, &left).await.unwrap();
    sb.reset_counters();

    let run = rbpub(dir.path(), &sb, sb.demo.store_key, &PUBLISH).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    let stats = sb.stats().await.unwrap();
    let errors: Vec<_> = sb.log().into_iter().filter(|l| l.status >= 500).collect();
    assert!(errors.is_empty(), "no 5xx in the sandbox's log: {errors:?}");
    assert_eq!(stats.server_errors, 0);
    assert_eq!(
        (stats.share_records, stats.published_records),
        (121, 1),
        "the buried record was found and finished; none made"
    );
    let pages: Vec<_> = sb
        .log()
        .into_iter()
        .filter(|l| l.method == "GET" && l.path.ends_with("/share/record"))
        .collect();
    assert_eq!(
        pages.len(),
        3,
        "121 records in pages of 50: three pages, never a fourth"
    );
}
