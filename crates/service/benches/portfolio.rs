//! The drafts API, measured: with 1,000 listings and 5,000 versions in the
//! database, through the service API — list the portfolio, open one listing,
//! save one field. Reports p50 and p99 (criterion reports means; the goal is
//! stated in percentiles, so this harness records every sample).
//!
//! Run: `cargo bench -p rbpub-service --bench portfolio`

use std::time::{Duration, Instant};

use rbpub_core::{ListingField, Locale, VersionField};
use rbpub_service::Service;

const LISTINGS: usize = 1_000;
const VERSIONS_PER_LISTING: usize = 5;
const SAMPLES: usize = 2_000;

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(run());
}

async fn run() {
    let dir = tempfile::tempdir().expect("temp dir");
    let service = Service::open(dir.path()).await;
    service.startup().expect("drafts open");

    let seed_start = Instant::now();
    let intro =
        "# Overview\n\nA realistic introduction with **Markdown**.\n\n## Install\n\nOne click.\n"
            .repeat(8);
    let mut ids = Vec::with_capacity(LISTINGS);
    for i in 0..LISTINGS {
        let id = service
            .create_listing(&format!("app-{i}"), Locale::En)
            .await
            .unwrap()
            .draft
            .listing
            .id;
        let set = |f| service.save_listing_field(&id, f, Locale::En);
        set(ListingField::Description(format!(
            "Short description of app {i}"
        )))
        .await
        .unwrap();
        set(ListingField::Introduction(intro.clone()))
            .await
            .unwrap();
        set(ListingField::Tags(vec!["cms".into(), "web".into()]))
            .await
            .unwrap();
        for _ in 0..VERSIONS_PER_LISTING {
            let view = service.add_version(&id, Locale::En).await.unwrap();
            let v = view.draft.versions.last().unwrap().id.clone();
            service
                .save_version_field(&v, VersionField::ReleaseNotes("Fixes".into()), Locale::En)
                .await
                .unwrap();
        }
        ids.push(id);
    }
    println!(
        "seeded {LISTINGS} listings and {} versions in {:.1?}",
        LISTINGS * VERSIONS_PER_LISTING,
        seed_start.elapsed()
    );
    assert_eq!(service.portfolio("").await.unwrap().len(), LISTINGS);

    // A fixed-step walk over the listings: deterministic, and not just the cached first row.
    let pick = |n: usize| &ids[(n * 7919) % ids.len()];
    let (service, pick) = (&service, &pick);

    let portfolio = measure(|_| async { service.portfolio("").await.unwrap() }).await;
    let open =
        measure(|n| async move { service.open_listing(pick(n), Locale::En).await.unwrap() }).await;
    let save = measure(|n| async move {
        let field = ListingField::Description(format!("Edited description {n}"));
        service
            .save_listing_field(pick(n), field, Locale::En)
            .await
            .unwrap()
    })
    .await;
    let search = measure(|_| async { service.portfolio("app-99").await.unwrap() }).await;

    println!(
        "{:<24} {:>10} {:>10} {:>10}",
        "operation", "p50", "p99", "max"
    );
    report("list portfolio (1000)", &portfolio);
    report("search portfolio", &search);
    report("open one listing", &open);
    report("save one field", &save);
}

async fn measure<F, Fut, T>(mut op: F) -> Vec<Duration>
where
    F: FnMut(usize) -> Fut,
    Fut: std::future::Future<Output = T>,
{
    for n in 0..SAMPLES / 10 {
        std::hint::black_box(op(n).await);
    }
    let mut samples = Vec::with_capacity(SAMPLES);
    for n in 0..SAMPLES {
        let start = Instant::now();
        std::hint::black_box(op(n).await);
        samples.push(start.elapsed());
    }
    samples.sort();
    samples
}

fn report(name: &str, sorted: &[Duration]) {
    let at = |q: f64| sorted[((sorted.len() as f64 * q) as usize).min(sorted.len() - 1)];
    let ms = |d: Duration| format!("{:.3} ms", d.as_secs_f64() * 1e3);
    println!(
        "{name:<24} {:>10} {:>10} {:>10}",
        ms(at(0.50)),
        ms(at(0.99)),
        ms(*sorted.last().unwrap())
    );
}
