//! The fault soak: 50 listings published through the service (every
//! push through the outbox, as the window does) to a sandbox that answers 20%
//! of requests with an error, drops 20% of its replies and garbles 20%, for
//! three rounds; then with the faults off until every listing is done. Reports
//! what the faults cost and checks what they must not change: one published
//! share record, one version, one store app and one package per listing, all
//! listed, nothing left in the outbox.
//!
//! Run: `scripts/with-keyring cargo bench -p rbpub-service --bench soak`

#[path = "../tests/common/soak.rs"]
mod soak;

use soak::Soak;

const LISTINGS: usize = 50;

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    for (name, faults) in [
        ("each kind at 20%", soak::hostile()),
        ("20% of replies, all kinds", soak::mixed()),
    ] {
        println!("== {name} ==");
        let r = runtime.block_on(soak::run(&Soak {
            listings: LISTINGS,
            faulty_rounds: 3,
            faults,
        }));
        report(&r);
    }
}

fn report(r: &soak::SoakReport) {
    let s = &r.stats;
    println!(
        "faults on:  3 rounds in {:>6.1} s, {} publishes failed, {}/{LISTINGS} listings done",
        r.faulty.as_secs_f64(),
        r.failed_attempts,
        r.done_under_faults
    );
    println!(
        "faults off: {} round(s) in {:>6.1} s, {}/{LISTINGS} listings done, {} left in the outbox",
        r.clean_rounds,
        r.clean.as_secs_f64(),
        r.done,
        r.outbox_left
    );
    let pushes: u64 = s.image_pushes.values().sum();
    let expected = 3 * LISTINGS as u64;
    println!(
        "sandbox: {} requests; share records {} ({} published, {} left unfinished by lost replies); store apps {}, versions {}, packages {}; image pushes {pushes} ({} more than one per image)",
        s.requests,
        s.share_records,
        s.published_records,
        s.share_records - s.published_records,
        s.store_apps,
        s.store_versions,
        s.store_packages,
        pushes.saturating_sub(expected)
    );
    let n = LISTINGS as i64;
    let ok = r.done == LISTINGS
        && r.outbox_left == 0
        && (
            s.published_records,
            s.store_versions,
            s.store_apps,
            s.store_packages,
        ) == (n, n, n, n);
    assert!(ok, "the soak left something wrong: {r:#?}");
}
