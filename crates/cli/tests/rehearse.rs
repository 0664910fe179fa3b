//! `rbpub rehearse` against the sandbox's install, upgrade and delete views
//! (docs/install-upgrade.md): a re-keyed component is a second copy (exit
//! 13) as our upgrade report says; a new image under the same keys is updated
//! in place (exit 0); an unknown version makes no scratch app; a rehearsal
//! stopped half-way is cleaned by `--clean`, and nothing else is touched.

mod common;

use common::online::{bound, rbpub, Run};
use rbpub_sandbox::Sandbox;
use serde_json::Value;

const REHEARSE: [&str; 9] = [
    "rehearse",
    "--team",
    "demo-team",
    "--region",
    "local",
    "--template",
    "Gitea",
    "--version",
    "1.1.0",
];

/// Gitea published to the team's library as `version`.
async fn publish(dir: &tempfile::TempDir, sb: &Sandbox, version: &str) {
    let args = [
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
        "Git",
        "--version",
        version,
        "--to",
        "team",
    ];
    let run = rbpub(dir.path(), sb, sb.demo.store_key, &args).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
}

fn outcome<'a>(run: &'a Run, name: &str) -> &'a Value {
    let components = run.json["report"]["components"].as_array().unwrap();
    &components.iter().find(|c| c["name"] == name).unwrap()["outcome"]
}

/// The console's apps and the components in the cluster.
async fn apps_and_components(sb: &Sandbox) -> (i64, i64) {
    let stats = sb.stats().await.unwrap();
    (stats.apps, stats.components)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_component_rebuilt_under_a_new_key_is_a_second_copy_and_exit_13() {
    let dir = tempfile::tempdir().unwrap();
    let sb = bound(&dir, 200).await;
    publish(&dir, &sb, "1.0.0").await;
    // Redis deleted and made again in the console: a new key.
    sb.change_running_app(2, |t| {
        for app in t["apps"].as_array_mut().unwrap() {
            if app["service_cname"] == "Redis" {
                app["service_key"] = "rebuilt".into();
                app["service_share_uuid"] = "rebuilt+rebuilt".into();
                app["service_id"] = "rebuilt".into();
            }
        }
    })
    .await
    .unwrap();
    publish(&dir, &sb, "1.1.0").await;
    let before = apps_and_components(&sb).await;

    let run = rbpub(dir.path(), &sb, sb.demo.store_key, &REHEARSE).await;
    assert_eq!(run.code, 13, "{}\n{}", run.json, run.stderr);
    assert_eq!(outcome(&run, "Redis"), "secondCopy", "{}", run.json);
    let report = &run.json["report"];
    assert_eq!(report["from"], "1.0.0");
    assert_eq!(
        report["problems"][0],
        serde_json::json!({"kind": "secondCopy", "component": "Redis"}),
        "{report}"
    );
    let summary = run.json["summary"].as_str().unwrap();
    assert!(
        summary.contains("problem: Redis: the upgrade added a second copy"),
        "{summary}"
    );
    // The second copy is listed first; our upgrade report said the same.
    assert_eq!(report["components"][0]["name"], "Redis");
    assert_eq!(report["disagreements"], serde_json::json!([]), "{report}");
    assert_eq!(report["cleaned"], true);
    assert_eq!(
        apps_and_components(&sb).await,
        before,
        "the scratch app is gone, components and all"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_new_image_under_the_same_keys_is_updated_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let sb = bound(&dir, 200).await;
    publish(&dir, &sb, "1.0.0").await;
    sb.change_running_app(2, |t| {
        for app in t["apps"].as_array_mut().unwrap() {
            if app["service_cname"] == "Gitea" {
                app["image"] = "gitea/gitea:1.23".into();
                app["deploy_version"] = "20261201000000".into();
            }
        }
    })
    .await
    .unwrap();
    publish(&dir, &sb, "1.1.0").await;
    let run = rbpub(dir.path(), &sb, sb.demo.store_key, &REHEARSE).await;
    assert_eq!(run.code, 0, "{}\n{}", run.json, run.stderr);
    assert_eq!(outcome(&run, "Gitea"), "updatedInPlace");
    assert_eq!(outcome(&run, "Redis"), "unchanged");
    // Each component is read whole: its ports, volumes and dependencies as installed.
    let components = run.json["report"]["components"].as_array().unwrap();
    let gitea = &components.iter().find(|c| c["name"] == "Gitea").unwrap()["after"];
    assert_eq!(gitea["ports"], serde_json::json!([3000]));
    assert_eq!(gitea["volumes"], serde_json::json!(["/data"]));
    assert_eq!(
        gitea["dependsOn"],
        serde_json::json!(["PostgreSQL", "Redis"])
    );
    // A credential's value is reported masked, as the upgrade report masks it.
    let postgres = &components
        .iter()
        .find(|c| c["name"] == "PostgreSQL")
        .unwrap()["after"];
    let env = postgres["env"].as_array().unwrap();
    let password = env.iter().find(|e| e[0] == "POSTGRES_PASSWORD").unwrap();
    assert_eq!(password[1], "•••", "{postgres}");
    let summary = run.json["summary"].as_str().unwrap();
    assert!(
        summary.contains("Gitea: updated in place")
            && summary.contains("image gitea/gitea:1.22 -> gitea/gitea:1.23"),
        "{summary}"
    );
    assert!(
        summary.contains("the upgrade report predicted what the console did"),
        "{summary}"
    );
    assert_eq!(run.json["report"]["cleaned"], true);
}

#[tokio::test(flavor = "multi_thread")]
async fn an_unknown_version_is_refused_before_any_scratch_app_is_made() {
    let dir = tempfile::tempdir().unwrap();
    let sb = bound(&dir, 200).await;
    publish(&dir, &sb, "1.0.0").await;
    let args = [&REHEARSE[..8], &["9.9.9"]].concat();
    let run = rbpub(dir.path(), &sb, sb.demo.store_key, &args).await;
    assert_eq!(run.code, 5, "{}", run.json);
    let message = run.json["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("9.9.9") && message.contains("1.0.0"),
        "{message}"
    );
    assert!(
        !sb.log()
            .iter()
            .any(|l| l.method == "POST" && l.path.ends_with("/groups")),
        "no scratch app made"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_component_that_never_runs_is_named_and_exit_13() {
    let dir = tempfile::tempdir().unwrap();
    let sb = bound(&dir, 200).await;
    publish(&dir, &sb, "1.0.0").await;
    sb.set_faults(rbpub_sandbox::FaultSettings {
        stuck_deploys: 1,
        ..Default::default()
    });
    let args = [&REHEARSE[..8], &["1.0.0", "--timeout", "2s"]].concat();
    let run = rbpub(dir.path(), &sb, sb.demo.store_key, &args).await;
    assert_eq!(run.code, 13, "{}\n{}", run.json, run.stderr);
    let problems = &run.json["report"]["problems"];
    assert_eq!(problems[0]["kind"], "notRunning", "{problems}");
    assert_eq!(problems[0]["status"], "deploying", "{problems}");
    let summary = run.json["summary"].as_str().unwrap();
    assert!(summary.contains(": not running (deploying)"), "{summary}");
    assert_eq!(
        run.json["report"]["components"][0]["notRunning"], true,
        "listed first"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_rehearsal_stopped_half_way_is_cleaned_and_nothing_else_is_touched() {
    let dir = tempfile::tempdir().unwrap();
    let sb = bound(&dir, 200).await;
    publish(&dir, &sb, "1.0.0").await;
    let before = apps_and_components(&sb).await;
    // A component that never runs keeps the rehearsal waiting: it is killed there.
    sb.set_faults(rbpub_sandbox::FaultSettings {
        stuck_deploys: 1,
        ..Default::default()
    });
    let args = [&REHEARSE[..8], &["1.0.0"]].concat();
    let mut child = common::online::command(dir.path(), &sb, sb.demo.store_key, &args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let installed = |sb: &Sandbox| {
        sb.log()
            .iter()
            .any(|l| l.method == "GET" && l.path == "/console/teams/demo-team/service/group")
    };
    for _ in 0..300 {
        if installed(&sb) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(
        installed(&sb),
        "the rehearsal never got to waiting on its install"
    );
    child.kill().unwrap();
    child.wait().unwrap();
    let (apps, components) = apps_and_components(&sb).await;
    assert_eq!(
        (apps, components),
        (before.0 + 1, before.1 + 3),
        "left behind"
    );

    let run = rbpub(
        dir.path(),
        &sb,
        sb.demo.store_key,
        &[
            "rehearse",
            "--team",
            "demo-team",
            "--region",
            "local",
            "--clean",
        ],
    )
    .await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    let cleaned = run.json["cleaned"].as_array().unwrap();
    assert_eq!(cleaned.len(), 1);
    assert!(cleaned[0].as_str().unwrap().starts_with("rehearsal-gitea-"));
    assert_eq!(
        apps_and_components(&sb).await,
        before,
        "nothing left, nothing else touched"
    );
    // Again: nothing to do.
    let run = rbpub(
        dir.path(),
        &sb,
        sb.demo.store_key,
        &[
            "rehearse",
            "--team",
            "demo-team",
            "--region",
            "local",
            "--clean",
        ],
    )
    .await;
    assert!(run.json["summary"]
        .as_str()
        .unwrap()
        .contains("no scratch app"));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_store_version_is_rehearsed_from_the_only_bound_store() {
    let dir = tempfile::tempdir().unwrap();
    let sb = bound(&dir, 200).await;
    let run = rbpub(dir.path(), &sb, sb.demo.store_key, &common::online::PUBLISH).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    let args = [&REHEARSE[..8], &["1.0.0", "--source", "store"]].concat();
    let run = rbpub(dir.path(), &sb, sb.demo.store_key, &args).await;
    assert_eq!(run.code, 0, "{}\n{}", run.json, run.stderr);
    assert_eq!(outcome(&run, "Gitea"), "installed");
    assert_eq!(
        run.json["report"]["from"],
        Value::Null,
        "nothing before 1.0.0: installed alone"
    );
    // The install read the store's version (install_from_cloud true).
    assert!(sb
        .log()
        .iter()
        .any(|l| l.method == "POST" && l.path == "/console/teams/demo-team/apps/market_create"));
}

#[tokio::test(flavor = "multi_thread")]
async fn the_same_image_built_again_is_updated_in_place_as_the_upgrade_report_says() {
    let dir = tempfile::tempdir().unwrap();
    let sb = bound(&dir, 200).await;
    publish(&dir, &sb, "1.0.0").await;
    sb.change_running_app(2, |t| {
        for app in t["apps"].as_array_mut().unwrap() {
            if app["service_cname"] == "Gitea" {
                app["deploy_version"] = "20261201000000".into();
            }
        }
    })
    .await
    .unwrap();
    publish(&dir, &sb, "1.1.0").await;
    let run = rbpub(dir.path(), &sb, sb.demo.store_key, &REHEARSE).await;
    assert_eq!(run.code, 0, "{}\n{}", run.json, run.stderr);
    assert_eq!(outcome(&run, "Gitea"), "updatedInPlace");
    assert_eq!(
        run.json["report"]["disagreements"],
        serde_json::json!([]),
        "{}",
        run.json
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn values_left_to_the_console_are_named_as_it_set_them() {
    let dir = tempfile::tempdir().unwrap();
    let sb = bound(&dir, 200).await;
    let add_env = |name: &'static str| {
        move |t: &mut Value| {
            for app in t["apps"].as_array_mut().unwrap() {
                if app["service_cname"] == "Gitea" {
                    app["service_env_map_list"].as_array_mut().unwrap().push(serde_json::json!(
                        {"name": name, "attr_name": name, "attr_value": "**None**", "is_change": true}));
                }
            }
        }
    };
    sb.change_running_app(2, add_env("SECRET_KEY"))
        .await
        .unwrap();
    publish(&dir, &sb, "1.0.0").await;
    sb.change_running_app(2, add_env("NEW_TOKEN"))
        .await
        .unwrap();
    publish(&dir, &sb, "1.1.0").await;
    let run = rbpub(dir.path(), &sb, sb.demo.store_key, &REHEARSE).await;
    assert_eq!(run.code, 0, "{}\n{}", run.json, run.stderr);
    let components = run.json["report"]["components"].as_array().unwrap();
    let gitea = components.iter().find(|c| c["name"] == "Gitea").unwrap();
    assert_eq!(
        gitea["generated"],
        serde_json::json!([
            {"name": "SECRET_KEY", "length": 8, "fromComponentId": false},
            {"name": "NEW_TOKEN", "length": 8, "fromComponentId": true}
        ]),
        "{gitea}"
    );
    let summary = run.json["summary"].as_str().unwrap();
    assert!(
        summary.contains("NEW_TOKEN: set by the upgrade to the first 8 characters of the component's id, not a random value"),
        "{summary}"
    );
}
