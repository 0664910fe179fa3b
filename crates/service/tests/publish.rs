//! The shared online use cases against the sandbox: a network cut in the middle
//! of a publish, then the same publish again, ends with one record and one version.

mod common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use rbpub_core::online::{PushStatus, ShareRecord, ShareStatus};
use rbpub_core::Sensitive;
use rbpub_remote::{ConsoleClient, ShareVersion, StoreClient, Transport};
use rbpub_sandbox::{FaultSettings, Sandbox, Settings};
use rbpub_service::publish::{
    self, Cancel, Information, NewRelease, Retry, RunOptions, Share, SharePhase, ShareProgress,
    ShareSource, ShareTarget, Watch,
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
    let sb = common::start_sandbox(&dir, settings).await;
    let console = common::bound_console(&sb).await;
    let eid = sb.demo.enterprise_id;
    let info = Information {
        name: "Gitea".into(),
        description: "Git".into(),
        introduction: "# Gitea".into(),
        tags: vec![],
        publish_type: "private".into(),
        logo: None,
    };
    let found = publish::ensure_template(&console, eid, "SandboxStore", &info, None)
        .await
        .unwrap();
    let template = found.template;
    assert!(found.created);
    let again = publish::ensure_template(&console, eid, "SandboxStore", &info, None)
        .await
        .unwrap();
    let (same, created) = (again.template, again.created);
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
            to: rbpub_core::Destination::Store {
                name: "SandboxStore".into(),
            },
        },
        version: ShareVersion {
            template_id: template.id,
            version: "1.0.0".into(),
            alias: "stable".into(),
            release_notes: "First".into(),
            to: rbpub_core::Destination::Store {
                name: "SandboxStore".into(),
            },
        },
        _dir: dir,
    }
}

/// A publish run as `rbpub` runs it: failed pushes retried, no time limit.
async fn run(
    w: &World,
    resume: Option<i64>,
    retry: Retry,
    watch: Watch,
    on_record: &mut (dyn FnMut(i64) + Send),
    progress: &mut (dyn FnMut(&ShareProgress) + Send),
) -> Result<ShareRecord, rbpub_service::Error> {
    publish::publish_version(
        share(w, &RUNNING),
        resume,
        &retry,
        watch,
        on_record,
        progress,
        &Cancel::default(),
    )
    .await
}

/// The app as it runs now, every plugin.
static RUNNING: ShareSource = ShareSource {
    snapshot: None,
    plugins: None,
    accepted_omissions: Vec::new(),
    accept_any_omission: false,
    random_per_install: Vec::new(),
};

fn share<'a>(w: &'a World, source: &'a ShareSource) -> Share<'a> {
    Share {
        console: &w.console,
        target: &w.target,
        version: &w.version,
        source,
    }
}

/// The same publish run again from a kept share, its progress ignored.
async fn resume(
    w: &World,
    share: Option<i64>,
    retry: Retry,
) -> Result<ShareRecord, rbpub_service::Error> {
    run(
        w,
        share,
        retry,
        common::quick_watch(),
        &mut |_| {},
        &mut |_| {},
    )
    .await
}

/// Each component's image pushes, as the sandbox counted them.
async fn pushes(w: &World) -> Vec<(String, u64)> {
    w.sb.stats()
        .await
        .unwrap()
        .image_pushes
        .into_iter()
        .collect()
}

fn each(n: u64) -> Vec<(String, u64)> {
    ["Gitea", "PostgreSQL", "Redis"]
        .map(|c| (c.to_owned(), n))
        .to_vec()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_network_cut_mid_publish_then_resume_pushes_each_image_once() {
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
    let cut = run(
        &w,
        None,
        Retry::All,
        common::quick_watch(),
        &mut on_record,
        &mut progress,
    )
    .await
    .unwrap_err();
    assert_eq!(cut.code, Code::NetworkDown, "{cut:?}");
    assert!(cut.code.is_transient());
    let share_id = checkpoint
        .lock()
        .unwrap()
        .expect("the record was checkpointed");

    // The network comes back; the same publish with its checkpoint lost: the
    // unfinished record is found in the console's history, not made again.
    w.sb.set_faults(FaultSettings::default());
    let done = resume(&w, None, Retry::All).await.unwrap();
    assert_eq!((done.id, done.status), (share_id, ShareStatus::Published));
    let stats = w.sb.stats().await.unwrap();
    assert_eq!(
        (stats.share_records, stats.store_versions),
        (1, 1),
        "exactly one record and one version"
    );
    assert_eq!(pushes(&w).await, each(1), "each image pushed once");

    // Run again with the checkpoint: the record says it is done; nothing is sent twice.
    let again = resume(&w, Some(share_id), Retry::All).await.unwrap();
    assert_eq!(again.id, share_id);
    assert_eq!(w.sb.stats().await.unwrap().share_records, 1);
    assert_eq!(pushes(&w).await, each(1));
    assert!(phases.lock().unwrap().contains(&SharePhase::Submitting));
}

#[tokio::test(flavor = "multi_thread")]
async fn cancelling_gives_the_share_up() {
    let w = world().await;
    let cancel = Cancel::default();
    let canceller = cancel.clone();
    let kept = Arc::new(Mutex::new(None::<i64>));
    let saved = kept.clone();
    let mut progress = move |p: &ShareProgress| {
        if p.phase == SharePhase::Pushing {
            canceller.cancel();
        }
    };
    let e = publish::publish_version(
        share(&w, &RUNNING),
        None,
        &Retry::None,
        common::quick_watch(),
        &mut move |id| *saved.lock().unwrap() = Some(id),
        &mut progress,
        &cancel,
    )
    .await
    .unwrap_err();
    assert_eq!(e.code, Code::Cancelled);
    let id = kept.lock().unwrap().expect("a record");
    let gone = w
        .console
        .share_record("demo-team", "local", 2, id)
        .await
        .unwrap();
    assert_eq!(gone, None, "giving up deletes the record");

    // Resuming a given-up share starts a new one.
    let done = resume(&w, Some(id), Retry::None).await.unwrap();
    assert_ne!(done.id, id);
    assert_eq!(w.sb.stats().await.unwrap().share_records, 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_failed_push_is_named_and_only_it_is_started_again() {
    let w = world().await;
    w.sb.set_faults(FaultSettings {
        push_failures: 1,
        ..Default::default()
    });
    let last = Arc::new(Mutex::new(None::<ShareProgress>));
    let seen = last.clone();
    let mut progress = move |p: &ShareProgress| *seen.lock().unwrap() = Some(p.clone());
    let kept = Arc::new(Mutex::new(None::<i64>));
    let saved = kept.clone();
    let e = run(
        &w,
        None,
        Retry::None,
        common::quick_watch(),
        &mut move |id| *saved.lock().unwrap() = Some(id),
        &mut progress,
    )
    .await
    .unwrap_err();
    // The first push started is the first component's.
    assert_eq!(e.code, Code::PushFailed, "{e:?}");
    assert!(e.message.contains("PostgreSQL"), "{e}");
    let shown = last.lock().unwrap().clone().unwrap();
    let failed: Vec<_> = shown
        .pushes
        .iter()
        .filter(|p| p.status == PushStatus::Failed)
        .map(|p| p.component.as_str())
        .collect();
    assert_eq!(failed, ["PostgreSQL"]);
    assert!(
        shown.pushes.iter().all(|p| p.elapsed_ms.is_some()),
        "{shown:?}"
    );

    // Without asking for a retry, the failed push stays failed.
    let share = *kept.lock().unwrap();
    let still = resume(&w, share, Retry::None).await.unwrap_err();
    assert_eq!(still.code, Code::PushFailed);
    assert_eq!(pushes(&w).await, each(1));

    // Retried: only the failed event is started again, and the version is published.
    let done = resume(&w, share, Retry::All).await.unwrap();
    assert_eq!(Some(done.id), share);
    assert_eq!(done.status, ShareStatus::Published);
    let mut expected = each(1);
    expected[1].1 = 2;
    assert_eq!(pushes(&w).await, expected, "only PostgreSQL pushed twice");
    assert_eq!(w.sb.stats().await.unwrap().store_versions, 1);

    let store = StoreClient::new(Transport::new().unwrap(), &w.sb.url(), "rainbond")
        .with_key(Sensitive::new(w.sb.demo.store_key.to_owned()));
    assert_eq!(
        store.app(&w.version.template_id).await.unwrap().versions,
        ["1.0.0"]
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_push_the_cluster_refuses_shows_the_consoles_words() {
    let w = world().await;
    w.sb.set_faults(FaultSettings {
        push_refusals: 1,
        ..Default::default()
    });
    let kept = Arc::new(Mutex::new(None::<i64>));
    let saved = kept.clone();
    let mut quiet = |_: &ShareProgress| {};
    let e = run(
        &w,
        None,
        Retry::None,
        common::quick_watch(),
        &mut move |id| *saved.lock().unwrap() = Some(id),
        &mut quiet,
    )
    .await
    .unwrap_err();
    assert_eq!(e.code, Code::PushFailed);
    assert_eq!(e.params.component.as_deref(), Some("PostgreSQL"));
    assert_eq!(
        e.params.said.as_deref(),
        Some("PostgreSQL: 数据中心分享错误"),
        "{e}"
    );
    // The refused start pushed nothing; run again, it is started and all complete.
    let share = *kept.lock().unwrap();
    let done = resume(&w, share, Retry::All).await.unwrap();
    assert_eq!(done.status, ShareStatus::Published);
    assert_eq!(pushes(&w).await, each(1));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_stuck_push_is_named_and_a_timeout_keeps_the_share() {
    let w = world().await;
    w.sb.set_faults(FaultSettings {
        push_hangs: 1,
        ..Default::default()
    });
    let stalled = Arc::new(Mutex::new(Vec::<String>::new()));
    let seen = stalled.clone();
    let mut progress = move |p: &ShareProgress| {
        if !p.stalled.is_empty() {
            *seen.lock().unwrap() = p.stalled.clone();
        }
    };
    let kept = Arc::new(Mutex::new(None::<i64>));
    let saved = kept.clone();
    let watch = Watch {
        stall_after: Duration::from_millis(900),
        timeout: Some(Duration::from_secs(3)),
        ..common::quick_watch()
    };
    let e = run(
        &w,
        None,
        Retry::All,
        watch,
        &mut move |id| *saved.lock().unwrap() = Some(id),
        &mut progress,
    )
    .await
    .unwrap_err();
    assert_eq!(e.code, Code::TimedOut, "{e:?}");
    assert!(e.message.contains("PostgreSQL"), "{e}");
    assert_eq!(*stalled.lock().unwrap(), ["PostgreSQL"]);
    let id = kept.lock().unwrap().expect("a record");
    let record = w
        .console
        .share_record("demo-team", "local", 2, id)
        .await
        .unwrap();
    assert_eq!(
        record.map(|r| r.status),
        Some(ShareStatus::Publishing),
        "the share is kept, resumable"
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
            name: format!("Gitea-{n}"),
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
            let run = RunOptions {
                watch: common::quick_watch(),
                ..RunOptions::default()
            };
            let request = publish::Publish {
                console: &console,
                enterprise: eid,
                target: &target,
                info: &info,
                release: &release,
                run: &run,
                store_app: None,
                store: None,
            };
            publish::publish_release(request, &publish::InMemory::default(), &mut |_| {}, &cancel)
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
