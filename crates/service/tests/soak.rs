//! The fault soak on a few listings (the benchmark `soak` runs 50): published
//! while the sandbox fails, drops and garbles a fifth of its replies each, then
//! with the faults off, every listing ends published and listed once.

mod common;

use common::soak::{self, Soak};

#[tokio::test(flavor = "multi_thread")]
async fn listings_published_through_errors_drops_and_garbage_end_published_once() {
    let listings = 4;
    let report = soak::run(&Soak {
        listings,
        faulty_rounds: 3,
        faults: soak::hostile(),
    })
    .await;
    let n = listings as i64;
    assert_eq!(report.done, listings, "{report:#?}");
    assert_eq!(
        report.outbox_left, 0,
        "nothing waits in the outbox: {report:#?}"
    );
    let s = &report.stats;
    assert_eq!(
        (
            s.published_records,
            s.store_versions,
            s.store_apps,
            s.store_packages
        ),
        (n, n, n, n),
        "one published record, version, store app and package each: {report:#?}"
    );
    assert!(s.faults_injected > 20, "the faults were felt: {report:#?}");
    assert_eq!(
        s.image_pushes.values().sum::<u64>(),
        3 * listings as u64,
        "each image pushed once: {report:#?}"
    );
}
