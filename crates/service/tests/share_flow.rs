//! The console's whole share flow against the sandbox's Halo: an app with a
//! plugin a component uses, one on a component never deployed (which the
//! console leaves out), and a dependency on WordPress's MySQL. Plugins,
//! snapshots, omissions, a busy cluster, a store that is down, a share that
//! can never finish and one that publishes something else.

mod common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::halo::{
    agreed, names, once, publish, publish_with, pushes, stored_template, world, Seen, World, HALO,
};
use common::quick_watch;
use rbpub_core::online::{PushStatus, ShareStatus};
use rbpub_remote::ShareVersion;
use rbpub_sandbox::FaultSettings;
use rbpub_service::publish::{self, Cancel, Retry, Share, ShareSource, ShareTarget, Watch};
use rbpub_service::Code;

#[tokio::test(flavor = "multi_thread")]
async fn an_app_with_plugins_pushes_each_image_once_and_names_the_plugins() {
    let w = world().await;
    let seen = Seen::default();
    let done = publish_with(&w, &w.version, &agreed(), None, &seen)
        .await
        .unwrap();
    assert_eq!(done.status, ShareStatus::Published);
    assert_eq!(
        pushes(&w).await,
        once(&["Halo", "Log Collector", "Redis", "Search Exporter"])
    );
    // Every report that lists the pushes names the plugins, as plugins.
    let reports = seen.lock().unwrap().clone();
    let with_pushes: Vec<_> = reports.iter().filter(|p| !p.pushes.is_empty()).collect();
    assert!(!with_pushes.is_empty());
    for p in with_pushes {
        let plugins: Vec<_> = p
            .pushes
            .iter()
            .filter(|e| e.plugin)
            .map(|e| e.component.as_str())
            .collect();
        assert_eq!(plugins, ["Log Collector", "Search Exporter"], "{p:?}");
    }
    let stats = w.sb.stats().await.unwrap();
    assert_eq!((stats.share_records, stats.store_versions), (1, 1));
    let template = stored_template(&w, "1.0.0").await;
    assert_eq!(names(&template, "apps", "service_cname"), ["Halo", "Redis"]);
    assert_eq!(
        names(&template, "plugins", "plugin_alias"),
        ["Log Collector", "Search Exporter"]
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn omissions_stop_the_publish_before_the_submit_until_agreed_to() {
    let w = world().await;
    let kept = Arc::new(Mutex::new(None));
    let keep = kept.clone();
    let asked = ShareSource::default();
    let share = Share {
        console: &w.console,
        target: &w.target,
        version: &w.version,
        source: &asked,
    };
    let e = publish::publish_version(
        share,
        None,
        &Retry::None,
        quick_watch(),
        &mut move |id| *keep.lock().unwrap() = Some(id),
        &mut |_| {},
        &Cancel::default(),
    )
    .await
    .unwrap_err();
    assert_eq!(e.code, Code::OmissionsToConfirm, "{e}");
    let items = e.params.items.clone().unwrap();
    assert_eq!(
        items,
        [
            "component Meilisearch",
            "dependency Halo -> Meilisearch",
            "dependency Halo -> MySQL"
        ]
    );
    assert!(e.message.contains("MySQL of the app wordpress"), "{e}");
    let stats = w.sb.stats().await.unwrap();
    assert_eq!(
        (stats.share_records, stats.store_versions),
        (1, 0),
        "nothing submitted"
    );
    assert!(pushes(&w).await.is_empty());
    // Agreed to, the same share goes on: no second record.
    let source = ShareSource {
        accepted_omissions: items,
        ..ShareSource::default()
    };
    let id = *kept.lock().unwrap();
    publish_with(&w, &w.version, &source, id, &Seen::default())
        .await
        .unwrap();
    let stats = w.sb.stats().await.unwrap();
    assert_eq!((stats.share_records, stats.published_records), (1, 1));
}

#[tokio::test(flavor = "multi_thread")]
async fn plugins_not_chosen_stay_out_but_one_a_component_uses_is_shared() {
    let w = world().await;
    let source = ShareSource {
        plugins: Some(Vec::new()),
        ..agreed()
    };
    publish(&w, &source).await.unwrap();
    assert_eq!(pushes(&w).await, once(&["Halo", "Log Collector", "Redis"]));
    let template = stored_template(&w, "1.0.0").await;
    assert_eq!(
        names(&template, "plugins", "plugin_alias"),
        ["Log Collector"]
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_busy_cluster_and_a_store_that_is_down_are_waited_on_not_failed() {
    let w = world().await;
    // Two 409s on the first pushes, the store down for the submit and for the complete.
    w.sb.set_faults(FaultSettings {
        push_busy: 2,
        store_outages: 2,
        ..FaultSettings::default()
    });
    let seen = Seen::default();
    let done = publish_with(&w, &w.version, &agreed(), None, &seen)
        .await
        .unwrap();
    assert_eq!(done.status, ShareStatus::Published);
    assert_eq!(
        pushes(&w).await,
        once(&["Halo", "Log Collector", "Redis", "Search Exporter"]),
        "a 409 started nothing; each image pushed once"
    );
    let reports = seen.lock().unwrap().clone();
    let busy = reports
        .iter()
        .flat_map(|p| &p.pushes)
        .find(|e| e.waiting)
        .expect("a push shown waiting");
    assert_eq!(busy.status, PushStatus::NotStarted);
    assert_eq!(busy.reason, "操作过于频繁，请稍后再试");
    let store_down: Vec<_> = reports.iter().filter_map(|p| p.waiting.as_ref()).collect();
    assert!(
        store_down
            .iter()
            .any(|w| w.reason == "请求失败，请检查网络和配置"),
        "{store_down:?}"
    );
    let stats = w.sb.stats().await.unwrap();
    assert_eq!((stats.share_records, stats.store_versions), (1, 1));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_leftover_plugin_event_is_a_share_to_start_again() {
    let w = world().await;
    let t = &w.target;
    let record = w
        .console
        .start_share(&t.team, &t.region, HALO, &t.to, None)
        .await
        .unwrap();
    // Submitted with the plugins, then again with none (another client did):
    // the first submit's plugin events stay, and can never start.
    let plan = w
        .console
        .share_plan(&t.team, &t.region, record.id)
        .await
        .unwrap();
    w.console
        .submit_share(&t.team, &t.region, record.id, &w.version, Some(&plan))
        .await
        .unwrap();
    let bare = rbpub_remote::SharePlan {
        plugins: Vec::new(),
        ..plan.clone()
    };
    w.console
        .submit_share(&t.team, &t.region, record.id, &w.version, Some(&bare))
        .await
        .unwrap();
    let e = publish_with(&w, &w.version, &agreed(), Some(record.id), &Seen::default())
        .await
        .unwrap_err();
    assert_eq!(e.code, Code::ShareStale, "{e}");
    // Starting the version again: the record is given up, a new one publishes.
    let source = agreed();
    let share = Share {
        console: &w.console,
        target: &w.target,
        version: &w.version,
        source: &source,
    };
    let given_up = publish::abandon(share, Some(record.id)).await.unwrap();
    assert_eq!(given_up, [record.id]);
    let done = publish(&w, &agreed()).await.unwrap();
    assert_ne!(done.id, record.id);
    let stats = w.sb.stats().await.unwrap();
    assert_eq!((stats.published_records, stats.store_versions), (1, 1));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_kept_share_of_another_version_is_never_completed() {
    let w = world().await;
    // 1.0.0 is submitted, then the run stops waiting on a push that hangs.
    w.sb.set_faults(FaultSettings {
        push_hangs: 1,
        ..FaultSettings::default()
    });
    let share = Share {
        console: &w.console,
        target: &w.target,
        version: &w.version,
        source: &agreed(),
    };
    let kept = Arc::new(Mutex::new(None));
    let keep = kept.clone();
    let short = Watch {
        timeout: Some(Duration::from_secs(2)),
        ..quick_watch()
    };
    let e = publish::publish_version(
        share,
        None,
        &Retry::None,
        short,
        &mut move |id| *keep.lock().unwrap() = Some(id),
        &mut |_| {},
        &Cancel::default(),
    )
    .await
    .unwrap_err();
    assert_eq!(e.code, Code::TimedOut);
    let id = kept.lock().unwrap().unwrap();
    // The draft now says 1.0.1: the kept share publishes 1.0.0 and is refused.
    let newer = ShareVersion {
        version: "1.0.1".into(),
        ..w.version.clone()
    };
    let e = publish_with(&w, &newer, &agreed(), Some(id), &Seen::default())
        .await
        .unwrap_err();
    assert_eq!(e.code, Code::ShareDiffers, "{e}");
    assert_eq!(e.params.version.as_deref(), Some("1.0.0"));
    assert_eq!(
        w.sb.stats().await.unwrap().store_versions,
        0,
        "nothing completed"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_long_history_with_unfinished_records_is_read_without_a_5xx() {
    let w = world().await;
    let t = &w.target;
    let gitea = ShareTarget {
        app_id: 2,
        ..w.target.clone()
    };
    // 120 records of Gitea's: most left at step 1 (the console's own page
    // leaves one each time it is opened), every tenth submitted and left.
    let mut unfinished = Vec::new();
    for n in 0..120 {
        let record = w
            .console
            .start_share(&t.team, &t.region, gitea.app_id, &t.to, None)
            .await
            .unwrap();
        if n % 10 == 3 {
            let plan = w
                .console
                .share_plan(&t.team, &t.region, record.id)
                .await
                .unwrap();
            let version = ShareVersion {
                version: format!("0.{n}.0"),
                ..w.version.clone()
            };
            w.console
                .submit_share(&t.team, &t.region, record.id, &version, Some(&plan))
                .await
                .unwrap();
            unfinished.push((record.id, version.version));
        }
    }
    w.sb.reset_counters();
    let history = w
        .console
        .share_records(&t.team, &t.region, gitea.app_id)
        .await
        .unwrap();
    assert_eq!(
        history.len(),
        unfinished.len(),
        "every record with a version, over the pages"
    );
    // A publish of 0.3.0 whose checkpoint was lost finds its record in the history.
    let (oldest, version) = unfinished[0].clone();
    let share_version = ShareVersion {
        version,
        ..w.version.clone()
    };
    let share = Share {
        console: &w.console,
        target: &gitea,
        version: &share_version,
        source: &agreed(),
    };
    let done = publish::publish_version(
        share,
        None,
        &Retry::None,
        quick_watch(),
        &mut |_| {},
        &mut |_| {},
        &Cancel::default(),
    )
    .await
    .unwrap();
    assert_eq!(done.id, oldest);
    let stats = w.sb.stats().await.unwrap();
    assert_eq!(
        stats.server_errors,
        0,
        "no page past the end: {:?}",
        server_errors(&w)
    );
    assert_eq!(stats.store_versions, 1);
}

fn server_errors(w: &World) -> Vec<String> {
    w.sb.log()
        .into_iter()
        .filter(|l| l.status >= 500)
        .map(|l| format!("{} {} {}", l.method, l.path, l.status))
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_version_the_console_cannot_hold_is_refused_before_anything_is_sent() {
    let w = world().await;
    for (number, notes) in [("1.0.0.0.0.0.0.0", ""), ("1.0.0", &"n".repeat(256)[..])] {
        let long = ShareVersion {
            version: number.into(),
            release_notes: notes.into(),
            ..w.version.clone()
        };
        let e = publish_with(&w, &long, &agreed(), None, &Seen::default())
            .await
            .unwrap_err();
        assert_eq!(e.code, Code::Invalid, "{e}");
    }
    let stats = w.sb.stats().await.unwrap();
    assert_eq!(stats.share_records, 0, "no record was made");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_store_out_of_the_consoles_reach_at_complete_is_waited_out_not_given_up() {
    let w = world().await;
    let source = agreed();
    let share = Share {
        console: &w.console,
        target: &w.target,
        version: &w.version,
        source: &source,
    };
    // Once the pushes run, the console loses its connection to the store three
    // times: a complete answers a bare 500 with a traceback each time.
    let mut cut = false;
    let mut waited = Vec::new();
    let done = publish::publish_version(
        share,
        None,
        &Retry::None,
        quick_watch(),
        &mut |_| {},
        &mut |p| {
            if p.phase == publish::SharePhase::Pushing && !cut {
                cut = true;
                w.sb.set_faults(FaultSettings {
                    store_disconnects: 3,
                    ..FaultSettings::default()
                });
            }
            if let Some(wait) = &p.waiting {
                waited.push((p.phase, wait.reason.clone()));
            }
        },
        &Cancel::default(),
    )
    .await
    .expect("published once the store is back");
    assert_eq!(done.status, ShareStatus::Published);
    assert!(
        waited.len() >= 3
            && waited
                .iter()
                .all(|(phase, why)| *phase == publish::SharePhase::Completing
                    && why.contains("HTTP 500")),
        "{waited:?}"
    );
    let stats = w.sb.stats().await.unwrap();
    assert_eq!((stats.share_records, stats.store_versions), (1, 1));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_link_to_a_workload_an_operator_manages_is_named_by_its_name() {
    let w = world().await;
    // WordPress's backups run as a StatefulSet an operator manages; the
    // topology shows it by an id made from its name, linked from WordPress.
    let target = ShareTarget {
        app_id: 1,
        ..w.target.clone()
    };
    let source = ShareSource::default();
    let share = Share {
        console: &w.console,
        target: &target,
        version: &w.version,
        source: &source,
    };
    let started = publish::start_share(share, None, quick_watch(), &mut |_| {}, &mut |_| {})
        .await
        .unwrap();
    let plan = publish::share_plan(share, &started, None, rbpub_core::Locale::En)
        .await
        .unwrap();
    let deps: Vec<(&str, &str)> = plan
        .omissions
        .dependencies
        .iter()
        .map(|d| (d.component.as_str(), d.on.as_str()))
        .collect();
    assert_eq!(
        deps,
        [(
            "WordPress",
            "wordpress-backup (a StatefulSet an operator manages, which no template carries)"
        )],
        "{:?}",
        plan.omissions
    );
    assert!(
        plan.omissions.components.is_empty(),
        "not a component of the app"
    );
}
