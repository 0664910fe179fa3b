//! The shared online use cases against the sandbox: a network cut in the middle
//! of a publish, then the same publish again, ends with one record and one version.

use std::net::{Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rbpub_core::online::ShareStatus;
use rbpub_core::Sensitive;
use rbpub_remote::{ConsoleClient, ShareVersion, StoreClient, Transport};
use rbpub_sandbox::{FaultSettings, Sandbox, Settings};
use rbpub_service::publish::{
    self, Cancel, Information, NewRelease, SharePhase, ShareProgress, ShareTarget,
};
use rbpub_service::Code;

struct World {
    sb: Arc<Sandbox>,
    console: ConsoleClient,
    target: ShareTarget,
    version: ShareVersion,
    _dir: tempfile::TempDir,
}

async fn world() -> World {
    let dir = tempfile::tempdir().unwrap();
    let settings = Settings {
        push_ms: 600,
        ..Settings::default()
    };
    let sb = Sandbox::start(
        &dir.path().join("s.db"),
        SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
        settings,
    )
    .await
    .unwrap();
    let http = Transport::new()
        .unwrap()
        .with_backoff(Duration::from_millis(5));
    let mut console = ConsoleClient::new(http.clone(), &sb.url());
    console
        .login("demo", &Sensitive::new(sb.demo.console_password.to_owned()))
        .await
        .unwrap();
    let key = Sensitive::new(sb.demo.store_key.to_owned());
    let eid = sb.demo.enterprise_id;
    let offered = console.bindable_stores(eid, &sb.url(), &key).await.unwrap();
    console.bind_store(eid, &offered[0], &key).await.unwrap();
    let info = Information {
        name: "Gitea".into(),
        description: "Git".into(),
        introduction: "# Gitea".into(),
        tags: vec![],
        publish_type: "private".into(),
        logo: None,
    };
    let (template, created) = publish::ensure_template(&console, eid, "SandboxStore", &info)
        .await
        .unwrap();
    assert!(created);
    let (same, created) = publish::ensure_template(&console, eid, "SandboxStore", &info)
        .await
        .unwrap();
    assert_eq!(
        (same.id.as_str(), created),
        (template.id.as_str(), false),
        "found by name, not created twice"
    );
    World {
        sb: Arc::new(sb),
        console,
        target: ShareTarget {
            team: "demo-team".into(),
            region: "local".into(),
            app_id: 2,
            store_name: "SandboxStore".into(),
        },
        version: ShareVersion {
            template_id: template.id,
            version: "1.0.0".into(),
            alias: "stable".into(),
            release_notes: "First".into(),
            store_name: "SandboxStore".into(),
        },
        _dir: dir,
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_network_cut_mid_publish_then_resume_makes_one_record_and_one_version() {
    let w = world().await;
    let checkpoint = Arc::new(Mutex::new(None::<i64>));
    let phases = Arc::new(Mutex::new(Vec::new()));

    // Pull the network as soon as the images start pushing.
    let sb = w.sb.clone();
    let seen = phases.clone();
    let mut progress = move |p: &ShareProgress| {
        seen.lock().unwrap().push(p.phase);
        if p.phase == SharePhase::Pushing {
            sb.set_faults(FaultSettings {
                offline: true,
                ..Default::default()
            });
        }
    };
    let saved = checkpoint.clone();
    let mut on_record = move |id| *saved.lock().unwrap() = Some(id);
    let cut = publish::publish_version(
        &w.console,
        &w.target,
        &w.version,
        None,
        &mut on_record,
        &mut progress,
        &Cancel::default(),
    )
    .await
    .unwrap_err();
    assert_eq!(cut.code, Code::NetworkDown, "{cut:?}");
    assert!(cut.code.is_transient());
    let share_id = checkpoint
        .lock()
        .unwrap()
        .expect("the record was checkpointed");

    // The network comes back; the same publish, resumed from the checkpoint.
    w.sb.set_faults(FaultSettings::default());
    let mut quiet = |_: &ShareProgress| {};
    let done = publish::publish_version(
        &w.console,
        &w.target,
        &w.version,
        Some(share_id),
        &mut |_| {},
        &mut quiet,
        &Cancel::default(),
    )
    .await
    .unwrap();
    assert_eq!((done.id, done.status), (share_id, ShareStatus::Published));
    let stats = w.sb.stats().await.unwrap();
    assert_eq!(
        (stats.share_records, stats.store_versions),
        (1, 1),
        "exactly one record and one version"
    );

    // Even with the checkpoint lost, running it again finds nothing to do twice.
    let again = publish::publish_version(
        &w.console,
        &w.target,
        &w.version,
        Some(share_id),
        &mut |_| {},
        &mut quiet,
        &Cancel::default(),
    )
    .await
    .unwrap();
    assert_eq!(again.id, share_id);
    assert_eq!(w.sb.stats().await.unwrap().share_records, 1);
    assert!(phases.lock().unwrap().contains(&SharePhase::Submitting));
}

#[tokio::test(flavor = "multi_thread")]
async fn cancelling_gives_the_share_up_and_a_failed_push_is_retried() {
    let w = world().await;
    let cancel = Cancel::default();
    let canceller = cancel.clone();
    let mut progress = move |p: &ShareProgress| {
        if p.phase == SharePhase::Pushing {
            canceller.cancel();
        }
    };
    let e = publish::publish_version(
        &w.console,
        &w.target,
        &w.version,
        None,
        &mut |_| {},
        &mut progress,
        &cancel,
    )
    .await
    .unwrap_err();
    assert_eq!(e.code, Code::Cancelled);
    let records = w.console.share_records("demo-team", 2).await.unwrap();
    assert_eq!(records[0].status, ShareStatus::Cancelled);

    // One image push fails once: it is started again and the publish succeeds.
    w.sb.set_faults(FaultSettings {
        push_failures: 1,
        ..Default::default()
    });
    let mut quiet = |_: &ShareProgress| {};
    let done = publish::publish_version(
        &w.console,
        &w.target,
        &w.version,
        None,
        &mut |_| {},
        &mut quiet,
        &Cancel::default(),
    )
    .await
    .unwrap();
    assert_eq!(done.status, ShareStatus::Published);
    assert_ne!(
        done.id, records[0].id,
        "a new share after the cancelled one"
    );
    assert_eq!(w.sb.stats().await.unwrap().store_versions, 1);

    let store = StoreClient::new(Transport::new().unwrap(), &w.sb.url(), "rainbond")
        .with_key(Sensitive::new(w.sb.demo.store_key.to_owned()));
    assert_eq!(
        store.app(&w.version.template_id).await.unwrap().versions,
        ["1.0.0"]
    );
}

const PUBLISHES: usize = 24;

#[tokio::test(flavor = "multi_thread")]
async fn many_publishes_at_once_each_make_one_record_and_one_version() {
    let w = world().await;
    let eid = w.sb.demo.enterprise_id;
    // Latency keeps many requests at the server at once, as over a real network.
    w.sb.set_faults(FaultSettings {
        latency_ms: 20,
        ..FaultSettings::default()
    });
    let mut tasks = tokio::task::JoinSet::new();
    for n in 0..PUBLISHES {
        let app_id =
            w.sb.add_running_app(&format!("gitea-{n}"), "gitea")
                .await
                .unwrap();
        let info = Information {
            name: format!("Gitea {n}"),
            description: "Git".into(),
            introduction: "# Gitea".into(),
            tags: vec![],
            publish_type: "private".into(),
            logo: None,
        };
        let (console, mut target) = (w.console.clone(), w.target.clone());
        target.app_id = app_id;
        let release = NewRelease {
            version: w.version.version.clone(),
            alias: w.version.alias.clone(),
            release_notes: w.version.release_notes.clone(),
        };
        tasks.spawn(async move {
            let cancel = Cancel::default();
            publish::publish_release(
                &console,
                eid,
                &target,
                &info,
                &release,
                &mut |_| {},
                &cancel,
            )
            .await
        });
    }
    while let Some(done) = tasks.join_next().await {
        let release = done.unwrap().expect("every publish finishes");
        assert!(release.template_created);
        assert_eq!(release.record.unwrap().status, ShareStatus::Published);
    }
    let stats = w.sb.stats().await.unwrap();
    assert_eq!(
        (stats.share_records, stats.store_versions),
        (PUBLISHES as i64, PUBLISHES as i64)
    );
    assert!(
        stats.peak_in_flight <= 8,
        "at most 8 requests in flight: {}",
        stats.peak_in_flight
    );
}
