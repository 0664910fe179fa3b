//! `rbpub publish --to`: one version to the store and the console's library in
//! one run, each a publish of its own; the library's "already there" and
//! `--overwrite`; an offline console refusing a publish that names no
//! destination (saying why, naming the library) and publishing where asked.

use rbpub_sandbox::Settings;

mod common;

use common::online::{bound, bound_with, rbpub, PUBLISH};

#[tokio::test(flavor = "multi_thread")]
async fn one_run_publishes_to_the_store_and_the_team_library_each_once() {
    let dir = tempfile::tempdir().unwrap();
    let sb = bound(&dir, 200).await;
    let args = [
        &PUBLISH[..],
        &["--to", "store:SandboxStore", "--to", "team"],
    ]
    .concat();
    let run = rbpub(dir.path(), &sb, sb.demo.store_key, &args).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    let outcomes = run.json["destinations"].as_array().unwrap();
    assert_eq!(outcomes.len(), 2);
    assert_eq!(outcomes[0]["to"], "store:SandboxStore");
    assert_eq!(outcomes[1]["to"], "team");
    let summary = run.json["summary"].as_str().unwrap();
    assert!(summary.contains("team: published Gitea 1.0.0"), "{summary}");
    assert!(
        summary.contains("the library's app model id is"),
        "{summary}"
    );
    // Each destination's progress is named in the log.
    assert!(run.stderr.contains("team: Pushing"), "{}", run.stderr);
    let stats = sb.stats().await.unwrap();
    assert_eq!((stats.store_versions, stats.library_versions), (1, 1));
    assert_eq!(stats.published_records, 2, "one record per destination");
    assert!(
        stats.image_pushes.values().all(|&n| n == 2),
        "{:?}",
        stats.image_pushes
    );

    // Again: nothing sent anywhere; the library's copy is overwritten only when asked.
    let run = rbpub(dir.path(), &sb, sb.demo.store_key, &args).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    let summary = run.json["summary"].as_str().unwrap();
    assert!(
        summary.contains("in the library already") && summary.contains("--overwrite"),
        "{summary}"
    );
    assert_eq!(sb.stats().await.unwrap().published_records, 2);
    let args = [&PUBLISH[..], &["--to", "team", "--overwrite"]].concat();
    let run = rbpub(dir.path(), &sb, sb.demo.store_key, &args).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.json["to"], "team");
    assert_eq!(sb.stats().await.unwrap().library_versions, 2);
}

#[tokio::test(flavor = "multi_thread")]
async fn an_offline_console_refuses_without_to_and_publishes_to_the_library_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    let settings = Settings {
        push_ms: 200,
        cloud_disabled: true,
        ..Settings::default()
    };
    let sb = bound_with(&dir, settings).await;
    // Without --to: nothing is chosen for the user. The refusal says why no
    // store can take it and names the library.
    let run = rbpub(dir.path(), &sb, sb.demo.store_key, &PUBLISH).await;
    assert_ne!(run.code, 0, "{}", run.stderr);
    let message = run.json["error"]["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("cloud stores are disabled")
            && message.contains("--to team or --to enterprise")
            && message.contains("nothing was published"),
        "{}",
        run.json
    );
    let stats = sb.stats().await.unwrap();
    assert_eq!((stats.store_versions, stats.library_versions), (0, 0));
    assert_eq!(stats.published_records, 0);

    // Asked for the team's library: published there.
    let args = [&PUBLISH[..], &["--to", "team"]].concat();
    let run = rbpub(dir.path(), &sb, sb.demo.store_key, &args).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.json["to"], "team");
    let stats = sb.stats().await.unwrap();
    assert_eq!((stats.store_versions, stats.library_versions), (0, 1));

    // Asking for the store on such a console is refused before anything is sent.
    let args = [&PUBLISH[..], &["--to", "store"]].concat();
    let run = rbpub(dir.path(), &sb, sb.demo.store_key, &args).await;
    assert_ne!(run.code, 0);
    assert!(
        run.json["error"]["message"]
            .as_str()
            .unwrap()
            .contains("cloud stores are disabled"),
        "{}",
        run.json
    );
}

#[test]
fn a_destination_that_is_not_one_is_named() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_rbpub"))
        .args(["publish", "--to", "library"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("store:NAME") && stderr.contains("team or enterprise"),
        "{stderr}"
    );
}
