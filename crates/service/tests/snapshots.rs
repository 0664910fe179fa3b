//! Publishing a snapshot of Halo: what it held, not the app as it runs later;
//! a snapshot deleted before the submit gives the record up.

mod common;

use common::halo::{
    once, publish, publish_with, pushes, stored_template, world, Seen, World, HALO,
};
use common::quick_watch;
use rbpub_core::online::ShareStatus;
use rbpub_core::Sensitive;
use rbpub_remote::{ConsoleClient, NewSnapshot, ShareVersion, Transport};
use rbpub_service::publish::{self, Cancel, Retry, Share, ShareSource};
use rbpub_service::Code;
use serde_json::json;

#[tokio::test(flavor = "multi_thread")]
async fn a_snapshot_is_published_as_it_was_made() {
    let w = world().await;
    let t = &w.target;
    let new = NewSnapshot {
        version: "1.0.0",
        alias: "first",
        notes: "",
    };
    let made = w
        .console
        .create_snapshot(&t.team, &t.region, HALO, &new)
        .await
        .unwrap();
    assert!(made.created);
    let again = w
        .console
        .create_snapshot(
            &t.team,
            &t.region,
            HALO,
            &NewSnapshot {
                version: "1.0.1",
                ..new.clone()
            },
        )
        .await
        .unwrap();
    assert!(!again.created, "nothing changed: the console makes none");
    assert_eq!(again.snapshot.version, "1.0.0");
    // The app changes after the snapshot: a new component, Redis upgraded.
    w.sb.change_running_app(HALO, |app| {
        app["apps"][1]["image"] = json!("redis:8");
    })
    .await
    .unwrap();
    let source = ShareSource {
        snapshot: Some("1.0.0".into()),
        ..ShareSource::default()
    };
    let done = publish(&w, &source).await.unwrap();
    assert_eq!(done.status, ShareStatus::Published);
    let template = stored_template(&w, "1.0.0").await;
    let redis = &template["apps"][1];
    assert_eq!(
        redis["image"], "redis:7",
        "the snapshot's, not the app's now"
    );
    assert_eq!(template["group_key"], json!(w.version.template_id));
    assert_eq!(
        pushes(&w).await,
        once(&["Halo", "Log Collector", "Redis", "Search Exporter"])
    );
    // A snapshot that does not exist stops before any record is made.
    let missing = ShareSource {
        snapshot: Some("9.9.9".into()),
        ..ShareSource::default()
    };
    let other = ShareVersion {
        version: "1.1.0".into(),
        ..w.version.clone()
    };
    let e = publish_with(&w, &other, &missing, None, &Seen::default())
        .await
        .unwrap_err();
    assert_eq!(e.code, Code::NotFound, "{e}");
    assert_eq!(w.sb.stats().await.unwrap().share_records, 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_snapshot_deleted_before_the_submit_gives_the_record_up() {
    let w = world().await;
    let t = &w.target;
    let first = NewSnapshot {
        version: "1.0.0",
        alias: "",
        notes: "",
    };
    let made = w
        .console
        .create_snapshot(&t.team, &t.region, HALO, &first)
        .await
        .unwrap();
    w.sb.change_running_app(HALO, |app| {
        app["apps"][0]["image"] = json!("halohub/halo:2.21")
    })
    .await
    .unwrap();
    let second = NewSnapshot {
        version: "1.0.1",
        ..first.clone()
    };
    w.console
        .create_snapshot(&t.team, &t.region, HALO, &second)
        .await
        .unwrap();
    let source = ShareSource {
        snapshot: Some("1.0.0".into()),
        ..ShareSource::default()
    };
    let share = Share {
        console: &w.console,
        target: &w.target,
        version: &w.version,
        source: &source,
    };
    let started = publish::start_share(share, None, quick_watch(), &mut |_| {}, &mut |_| {})
        .await
        .unwrap();
    // Deleted by someone in the console meanwhile (not the newest: it may go).
    let url = format!(
        "{}/console/teams/demo-team/groups/{HALO}/app-versions/{}?region_name=local",
        w.sb.url(),
        made.snapshot.id
    );
    let token = login_token(&w).await;
    let answer = reqwest::Client::new()
        .delete(url)
        .header("Authorization", format!("GRJWT {token}"))
        .send()
        .await
        .unwrap();
    assert!(answer.status().is_success());
    let id = started.record.id;
    let e = publish::finish_share(
        share,
        started,
        &Retry::None,
        quick_watch(),
        &mut |_| {},
        &Cancel::default(),
    )
    .await
    .unwrap_err();
    assert_eq!(e.code, Code::SnapshotNotTaken, "{e}");
    let gone = w
        .console
        .share_record(&t.team, &t.region, HALO, id)
        .await
        .unwrap();
    assert_eq!(
        gone, None,
        "the record was given up, never submitted as runtime"
    );
    assert_eq!(w.sb.stats().await.unwrap().store_versions, 0);
}

async fn login_token(w: &World) -> String {
    let mut c = ConsoleClient::new(Transport::new().unwrap(), &w.sb.url());
    let token = c
        .login(
            "demo",
            &Sensitive::new(w.sb.demo.console_password.to_owned()),
        )
        .await
        .unwrap();
    token.expose().clone()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_submitted_snapshot_share_is_not_judged_on_the_app_as_it_runs_later() {
    let w = world().await;
    let t = &w.target;
    let new = NewSnapshot {
        version: "1.0.0",
        alias: "",
        notes: "",
    };
    w.console
        .create_snapshot(&t.team, &t.region, HALO, &new)
        .await
        .unwrap();
    let source = ShareSource {
        snapshot: Some("1.0.0".into()),
        ..ShareSource::default()
    };
    let share = Share {
        console: &w.console,
        target: &w.target,
        version: &w.version,
        source: &source,
    };
    // Submitted, then stopped waiting on a push that hangs.
    w.sb.set_faults(rbpub_sandbox::FaultSettings {
        push_hangs: 10,
        ..Default::default()
    });
    let mut kept = None;
    let e = publish::publish_version(
        share,
        None,
        &Retry::None,
        publish::Watch {
            timeout: Some(std::time::Duration::from_secs(1)),
            ..quick_watch()
        },
        &mut |id| kept = Some(id),
        &mut |_| {},
        &Cancel::default(),
    )
    .await
    .unwrap_err();
    assert_eq!(e.code, Code::TimedOut, "{e}");
    // The app as it runs now ships an administrator's password; the snapshot does not.
    w.sb.change_running_app(HALO, |app| {
        app["apps"][0]["service_env_map_list"]
            .as_array_mut()
            .unwrap()
            .push(
                json!({"name": "admin password", "attr_name": "ADMIN_PASSWORD",
                         "attr_value": "hunter2-hunter2", "is_change": true}),
            );
    })
    .await
    .unwrap();
    // The console now plans the record as the app runs (the record names the
    // target's version): the plan still says snapshot, with nothing of today's app.
    let started = publish::start_share(share, kept, quick_watch(), &mut |_| {}, &mut |_| {})
        .await
        .unwrap();
    assert_eq!(started.record.step, 2);
    let plan = publish::share_plan(share, &started, None, rbpub_core::Locale::En)
        .await
        .unwrap();
    assert!(plan.submitted);
    assert_eq!(plan.mode, rbpub_core::share::PublishMode::Snapshot);
    assert!(
        plan.findings
            .iter()
            .all(|f| !f.finding.message.contains("ADMIN_PASSWORD")),
        "{:?}",
        plan.findings
    );
}
