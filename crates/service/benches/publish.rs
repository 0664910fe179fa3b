//! Publishing, measured: 50 listings, each with a logo and a version of a
//! three-component template (the sandbox's `gitea`), published to the sandbox
//! with 50 ms of latency added to every request — template, share flow with its
//! image pushes, information, package, shelf: the use cases `rbpub` and the app
//! share. Measured twice in one run on two fresh sandboxes: one listing after
//! another, and all at once through the one transport (at most 8 requests in
//! flight to a host). Then the 50 are pushed again unchanged: no image bytes may
//! be sent and nothing may be created.
//!
//! Run: `cargo bench -p rbpub-service --bench publish`

#[path = "common/world.rs"]
mod world;

use std::sync::Arc;
use std::time::{Duration, Instant};

use rbpub_remote::NewPackage;
use rbpub_sandbox::Stats;
use rbpub_service::publish::{self, Cancel};
use tokio::task::JoinSet;
use world::World;

const LISTINGS: usize = 50;
const LATENCY_MS: u64 = 50;
/// How long the sandbox takes to push one component's image (server-side work,
/// the same in both runs; the client polls it).
const PUSH_MS: u64 = 300;
const VERSION: &str = "1.0.0";

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(run());
}

/// What publishing one listing did.
#[derive(Default, Debug, Clone, Copy)]
struct Outcome {
    created: usize,
}

/// One listing, all the way: the template (with its logo), the version through
/// the share flow, the information, the package, the shelf. What the store has
/// already is not sent again.
async fn publish_one(w: Arc<World>, n: usize) -> Outcome {
    let info = world::information(n);
    let target = w.target(n, None);
    let release = world::release(VERSION);
    let cancel = Cancel::default();
    let request = publish::Publish {
        console: &w.console,
        enterprise: &w.enterprise,
        target: &target,
        info: &info,
        release: &release,
        run: &publish::RunOptions::default(),
        store_app: None,
        store: None,
    };
    let checkpoint = publish::InMemory::default();
    let released = publish::publish_release(request, &checkpoint, &mut |_| {}, &cancel)
        .await
        .expect("version published");
    let template = released.template;
    let mut created =
        usize::from(released.template_created) + usize::from(released.record.is_some());
    publish::push_information(&w.store, &template.id, &info, None)
        .await
        .expect("information");
    let package = NewPackage {
        name: VERSION.into(),
        version: VERSION.into(),
        description: "Free".into(),
    };
    let (_, new) = publish::ensure_package(&w.store, &template.id, &package)
        .await
        .expect("package");
    created += usize::from(new);
    let live = publish::set_listed(&w.store, &template.id, true)
        .await
        .expect("listed");
    assert!(live.listed, "listing {n} is on the shelf");
    Outcome { created }
}

async fn one_after_another(w: &Arc<World>) -> Duration {
    let start = Instant::now();
    for n in 0..LISTINGS {
        publish_one(w.clone(), n).await;
    }
    start.elapsed()
}

async fn all_at_once(w: &Arc<World>) -> (Duration, usize) {
    let start = Instant::now();
    let mut tasks = JoinSet::new();
    for n in 0..LISTINGS {
        tasks.spawn(publish_one(w.clone(), n));
    }
    let mut created = 0;
    while let Some(done) = tasks.join_next().await {
        created += done.expect("a publish panicked").created;
    }
    (start.elapsed(), created)
}

fn report(label: &str, wall: Duration, s: &Stats) {
    let sum = Duration::from_millis(s.requests * LATENCY_MS);
    println!(
        "{label:<28} wall {:>7.2} s   requests {:>5}   their latencies one after another {:>7.2} s   ({:.1}× faster)   peak in flight {:>2}   image bytes sent {:>8}",
        wall.as_secs_f64(),
        s.requests,
        sum.as_secs_f64(),
        sum.as_secs_f64() / wall.as_secs_f64(),
        s.peak_in_flight,
        s.image_bytes,
    );
}

async fn run() {
    println!("publishing {LISTINGS} listings, {LATENCY_MS} ms added to every request, image pushes {PUSH_MS} ms each");

    let serial = Arc::new(World::new(LISTINGS, PUSH_MS, LATENCY_MS).await);
    serial.slow();
    let serial_wall = one_after_another(&serial).await;
    let serial_stats = serial.sandbox.stats().await.expect("stats");
    report("one listing after another", serial_wall, &serial_stats);

    let parallel = Arc::new(World::new(LISTINGS, PUSH_MS, LATENCY_MS).await);
    parallel.slow();
    let (wall, _) = all_at_once(&parallel).await;
    let first = parallel.sandbox.stats().await.expect("stats");
    report("all at once", wall, &first);
    println!(
        "  all at once against one after another (same requests, same run): {:.1}× faster",
        serial_wall.as_secs_f64() / wall.as_secs_f64()
    );
    assert_eq!(
        (
            first.store_apps,
            first.store_versions,
            first.store_packages,
            first.share_records
        ),
        (
            LISTINGS as i64,
            LISTINGS as i64,
            LISTINGS as i64,
            LISTINGS as i64
        ),
        "one app, version, package and share record per listing"
    );

    parallel.sandbox.reset_counters();
    let (again, created) = all_at_once(&parallel).await;
    let second = parallel.sandbox.stats().await.expect("stats");
    report("again, unchanged", again, &second);
    println!(
        "  created the second time: {created}; share records {} → {}, versions {} → {}, image bytes sent {}",
        first.share_records, second.share_records, first.store_versions, second.store_versions, second.image_bytes
    );
    assert_eq!(created, 0, "an unchanged push creates nothing");
    assert_eq!(
        second.image_bytes, 0,
        "an unchanged push sends no image bytes"
    );
    assert_eq!(
        (
            second.store_apps,
            second.store_versions,
            second.store_packages,
            second.share_records
        ),
        (
            first.store_apps,
            first.store_versions,
            first.store_packages,
            first.share_records
        ),
    );
}
