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

/// A store app as `rbpub pull` reads it: fields, five versions with notes, linked.
fn pulled_app(i: usize, intro: &str) -> rbpub_service::pull::PulledApp {
    use rbpub_core::online::{LiveApp, LiveListing};
    use rbpub_core::{Listing, ListingDraft, Version};
    let name = format!("app-{i}");
    let versions: Vec<Version> = (0..VERSIONS_PER_LISTING)
        .map(|k| Version {
            version: format!("1.{k}.0"),
            release_notes: "Fixes".into(),
            ..Version::default()
        })
        .collect();
    let app = LiveApp {
        id: format!("store-app-{i}"),
        name: name.clone(),
        versions: versions.iter().map(|v| v.version.clone()).collect(),
        ..LiveApp::default()
    };
    rbpub_service::pull::PulledApp {
        draft: ListingDraft {
            listing: Listing {
                name,
                description: format!("Short description of app {i}"),
                introduction: intro.to_owned(),
                tags: vec!["cms".into(), "web".into()],
                ..Listing::default()
            },
            versions,
            live: Some(LiveListing {
                app,
                ..LiveListing::default()
            }),
            ..ListingDraft::default()
        },
        logo: None,
        logo_problem: None,
    }
}

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
    let by_field = seed_start.elapsed();
    println!(
        "seeded {LISTINGS} listings and {} versions field by field in {by_field:.1?}",
        LISTINGS * VERSIONS_PER_LISTING,
    );
    // The same, as a pull of a whole store writes them: one transaction.
    let bulk_dir = tempfile::tempdir().expect("temp dir");
    let bulk = Service::open(bulk_dir.path()).await;
    bulk.startup().expect("drafts open");
    let pulled: Vec<_> = (0..LISTINGS).map(|i| pulled_app(i, &intro)).collect();
    let bulk_start = Instant::now();
    let outcomes = bulk.import_pulled_all(pulled).await.unwrap();
    let in_bulk = bulk_start.elapsed();
    assert_eq!(outcomes.len(), LISTINGS);
    assert_eq!(bulk.portfolio("").await.unwrap().len(), LISTINGS);
    println!(
        "imported {LISTINGS} listings and {} versions at once in {in_bulk:.1?}: {:.3}x the field-by-field seeding",
        LISTINGS * VERSIONS_PER_LISTING,
        in_bulk.as_secs_f64() / by_field.as_secs_f64()
    );
    assert_eq!(service.portfolio("").await.unwrap().len(), LISTINGS);

    // The same as listing folders: `rbpub import` of all of them at once
    // (a batch per transaction) against one import per folder.
    let folders = tempfile::tempdir().expect("temp dir");
    let mut paths = Vec::with_capacity(LISTINGS);
    for i in 0..LISTINGS {
        let folder = folders.path().join(format!("app-{i}"));
        rbpub_service::pull::write_pulled(&folder, pulled_app(i, &intro), false)
            .await
            .unwrap();
        paths.push(folder);
    }
    let one_dir = tempfile::tempdir().expect("temp dir");
    let one_by_one = Service::open(one_dir.path()).await;
    one_by_one.startup().expect("drafts open");
    let start = Instant::now();
    for path in &paths {
        one_by_one
            .import_listing(path, false, Locale::En)
            .await
            .unwrap();
    }
    let each = start.elapsed();
    let many_dir = tempfile::tempdir().expect("temp dir");
    let many = Service::open(many_dir.path()).await;
    many.startup().expect("drafts open");
    let start = Instant::now();
    let done = many.import_listings(&paths, false).await.unwrap();
    let at_once = start.elapsed();
    assert_eq!((done.imported.len(), done.failed.len()), (LISTINGS, 0));
    println!(
        "imported {LISTINGS} listing folders one by one in {each:.1?}, all at once in {at_once:.1?}: {:.3}x",
        at_once.as_secs_f64() / each.as_secs_f64()
    );

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
