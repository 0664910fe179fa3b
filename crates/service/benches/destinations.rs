//! Publishing to several destinations, measured: 20 listings, each released to
//! the sandbox's store and to the console's team library (each destination a
//! whole publish of its own: template or app model, record, image pushes), with
//! 50 ms of latency added to every request. All at once through the one
//! transport, against the serial sum of the requests' latencies (what the same
//! requests would take one after another), as a ratio; then every release is
//! asked again and nothing may be sent twice.
//!
//! Run: `cargo bench -p rbpub-service --bench destinations`

#[path = "common/world.rs"]
#[allow(dead_code)] // the store's client is the publish bench's
mod world;

use std::sync::Arc;
use std::time::{Duration, Instant};

use rbpub_core::Destination;
use rbpub_service::publish::{self, Cancel};
use tokio::task::JoinSet;
use world::World;

const LISTINGS: usize = 20;
const LATENCY_MS: u64 = 50;
const PUSH_MS: u64 = 300;

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(run());
}

/// One listing's release to one destination; whether a record was made.
async fn release(w: Arc<World>, n: usize, to: Destination) -> bool {
    let info = world::information(n);
    let target = w.target(n, Some(to));
    let version = world::release("1.0.0");
    let request = publish::Publish {
        console: &w.console,
        enterprise: &w.enterprise,
        target: &target,
        info: &info,
        release: &version,
        run: &publish::RunOptions::default(),
        store_app: None,
        store: None,
    };
    let checkpoint = publish::InMemory::default();
    let done = publish::publish_release(request, &checkpoint, &mut |_| {}, &Cancel::default())
        .await
        .expect("released");
    done.record.is_some()
}

/// Every listing to both destinations at once; the records made.
async fn all_at_once(w: &Arc<World>) -> (Duration, usize) {
    let start = Instant::now();
    let mut tasks = JoinSet::new();
    for n in 0..LISTINGS {
        let store = Destination::Store {
            name: w.store_name.clone(),
        };
        tasks.spawn(release(w.clone(), n, store));
        tasks.spawn(release(w.clone(), n, Destination::TEAM));
    }
    let mut made = 0;
    while let Some(done) = tasks.join_next().await {
        made += usize::from(done.expect("a release panicked"));
    }
    (start.elapsed(), made)
}

async fn run() {
    println!("{LISTINGS} listings to the store and the team library, {LATENCY_MS} ms added to every request, image pushes {PUSH_MS} ms each");
    let w = Arc::new(World::new(LISTINGS, PUSH_MS, LATENCY_MS).await);
    w.slow();
    let (wall, made) = all_at_once(&w).await;
    let s = w.sandbox.stats().await.expect("stats");
    let serial = Duration::from_millis(s.requests * LATENCY_MS);
    println!(
        "all at once: wall {:.2} s, {} requests, their latencies one after another {:.2} s: {:.1}× faster (peak in flight {})",
        wall.as_secs_f64(),
        s.requests,
        serial.as_secs_f64(),
        serial.as_secs_f64() / wall.as_secs_f64(),
        s.peak_in_flight
    );
    let n = LISTINGS as i64;
    assert_eq!(made, 2 * LISTINGS, "a record per listing and destination");
    assert_eq!(
        (
            s.share_records,
            s.store_versions,
            s.library_models,
            s.library_versions
        ),
        (2 * n, n, n, n),
        "one record per destination; a version in the store and in the library per listing"
    );
    assert!(
        s.image_pushes.values().all(|&p| p == 2 * LISTINGS as u64),
        "each image pushed once per destination: {:?}",
        s.image_pushes
    );

    w.sandbox.reset_counters();
    let again = Instant::now();
    let (_, made) = all_at_once(&w).await;
    let s = w.sandbox.stats().await.expect("stats");
    println!(
        "asked again: {:.2} s, {} requests, nothing sent twice",
        again.elapsed().as_secs_f64(),
        s.requests
    );
    assert_eq!(made, 0, "every release is there already");
    assert_eq!(s.share_records, 2 * n);
    assert!(s.image_pushes.is_empty(), "{:?}", s.image_pushes);
}
