//! The console's whole share flow through `rbpub`: what a share leaves out,
//! plugins, snapshots, a logo the console drops, a long history.

use rbpub_sandbox::{FaultSettings, Settings};

mod common;

use common::online::{bound, bound_with, rbpub, PUBLISH};

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

#[tokio::test(flavor = "multi_thread")]
async fn diff_versions_compares_two_versions_on_the_store() {
    let dir = tempfile::tempdir().unwrap();
    let sb = bound(&dir, 200).await;
    let run = rbpub(dir.path(), &sb, sb.demo.store_key, &PUBLISH).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    // In the console: Redis deleted and rebuilt (a new key), then 1.1.0 published.
    sb.change_running_app(2, |t| {
        for app in t["apps"].as_array_mut().unwrap() {
            if app["service_cname"] == "Redis" {
                app["service_key"] = "rebuilt".into();
                app["service_share_uuid"] = "rebuilt+1".into();
            }
        }
    })
    .await
    .unwrap();
    let mut next = PUBLISH;
    next[10] = "1.1.0";
    let run = rbpub(dir.path(), &sb, sb.demo.store_key, &next).await;
    assert_eq!(run.code, 0, "{}", run.stderr);

    let args = ["diff-versions", "1.0.0", "1.1.0", "--template", "Gitea"];
    let run = rbpub(dir.path(), &sb, sb.demo.store_key, &args).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    let fates: Vec<(&str, &str)> = run.json["report"]["components"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["name"].as_str().unwrap(),
                c["fate"]["kind"].as_str().unwrap(),
            )
        })
        .collect();
    assert!(fates.contains(&("Redis", "reKeyed")), "{fates:?}");
    let summary = run.json["summary"].as_str().unwrap();
    assert!(
        summary.contains("1.0.0 → 1.1.0") && summary.contains("1 would be a second copy"),
        "{summary}"
    );

    // A version the store does not have is named as the store's answer.
    let args = ["diff-versions", "0.9.0", "1.1.0", "--template", "Gitea"];
    let run = rbpub(dir.path(), &sb, sb.demo.store_key, &args).await;
    assert_ne!(run.code, 0, "{}", run.json);
}
