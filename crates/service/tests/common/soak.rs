//! The fault soak, shared by its test (a few listings) and its benchmark (50):
//! listings published through the service, as the window publishes them (every
//! push through the outbox), to a sandbox that fails, drops and garbles a share
//! of its replies at once; then the same with the faults off. Whatever the
//! faults did, each listing must end published and listed exactly once.

use std::net::{Ipv4Addr, SocketAddr};
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use rbpub_core::{
    ListingField, Locale, PackageField, PublisherField, Sensitive, StepStatus, TemplateSource,
    VersionField,
};
use rbpub_sandbox::{FaultSettings, Sandbox, Settings, Stats};
use rbpub_service::Service;
use tokio::task::JoinSet;

const EN: Locale = Locale::En;

/// How a soak is run.
pub struct Soak {
    pub listings: usize,
    /// Rounds of publishing everything while the faults are on.
    pub faulty_rounds: usize,
    pub faults: FaultSettings,
}

/// What a soak did and left behind.
#[derive(Debug)]
pub struct SoakReport {
    pub faulty: Duration,
    /// Rounds with the faults off until every listing was done.
    pub clean_rounds: usize,
    pub clean: Duration,
    /// Publishes (and listings) that failed while the faults were on.
    pub failed_attempts: usize,
    /// Listings already done when the faults went off.
    pub done_under_faults: usize,
    /// Listings listed with steps 3 to 7 done, at the end.
    pub done: usize,
    pub outbox_left: usize,
    pub stats: Stats,
}

/// Publishing 20% errors, 20% dropped replies and 20% garbage at once.
pub fn hostile() -> FaultSettings {
    FaultSettings {
        error_rate: 0.2,
        drop_rate: 0.2,
        garbage_rate: 0.2,
        ..FaultSettings::default()
    }
}

/// A fifth of the replies failing, of all kinds together: errors, dropped
/// replies and garbage, a third each.
pub fn mixed() -> FaultSettings {
    FaultSettings {
        error_rate: 0.2 / 3.0,
        drop_rate: 0.2 / 3.0,
        garbage_rate: 0.2 / 3.0,
        ..FaultSettings::default()
    }
}

/// Runs a soak on a fresh sandbox and service of its own.
pub async fn run(soak: &Soak) -> SoakReport {
    let dir = tempfile::tempdir().expect("temp dir");
    let settings = Settings {
        push_ms: 300,
        ..Settings::default()
    };
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, 0));
    let sb = Sandbox::start(&dir.path().join("sandbox.db"), addr, settings)
        .await
        .expect("sandbox starts");
    let service = Arc::new(Service::open(&dir.path().join("data")).await.with_watch(
        rbpub_service::publish::Watch {
            poll_every: Duration::from_millis(100),
            busy_backoff: Duration::from_millis(200),
            ..Default::default()
        },
    ));
    service
        .save_publisher_field(PublisherField::StoreUrl(sb.url()), EN)
        .await
        .expect("store address");
    service
        .store_use_key(Sensitive::new(sb.demo.store_key.to_owned()))
        .await
        .expect("store key");
    let password = Sensitive::new(sb.demo.console_password.to_owned());
    service
        .console_sign_in(&sb.url(), sb.demo.console_user, password)
        .await
        .expect("console sign-in");
    service.bind_store().await.expect("store bound");
    let logo = dir.path().join("logo.png");
    image::RgbaImage::from_pixel(256, 256, image::Rgba([0, 120, 200, 255]))
        .save(&logo)
        .expect("logo written");
    let mut listings = Vec::with_capacity(soak.listings);
    for n in 0..soak.listings {
        listings.push(prepare(&sb, &service, n, &logo).await);
    }

    sb.set_faults(soak.faults.clone());
    let start = Instant::now();
    let mut failed_attempts = 0;
    for _ in 0..soak.faulty_rounds {
        failed_attempts += round(&service, &listings).await;
    }
    let faulty = start.elapsed();
    let done_under_faults = count_done(&service, &listings).await;

    sb.set_faults(FaultSettings::default());
    let start = Instant::now();
    let mut clean_rounds = 0;
    while count_done(&service, &listings).await < listings.len() && clean_rounds < 5 {
        round(&service, &listings).await;
        clean_rounds += 1;
    }
    let _ = service.flush_outbox().await;
    let clean = start.elapsed();

    SoakReport {
        faulty,
        clean_rounds,
        clean,
        failed_attempts,
        done_under_faults,
        done: count_done(&service, &listings).await,
        outbox_left: service
            .connection_view()
            .await
            .expect("connection")
            .outbox
            .len(),
        stats: sb.stats().await.expect("stats"),
    }
}

/// A listing with its own running app, everything filled in (a logo too), one version and
/// one package; answers its id.
async fn prepare(sb: &Sandbox, service: &Service, n: usize, logo: &Path) -> rbpub_core::ListingId {
    let app = sb
        .add_running_app(&format!("soak-{n:02}"), "gitea")
        .await
        .expect("running app");
    let view = service
        .create_listing(&format!("Soak-App-{n:02}"), EN)
        .await
        .expect("listing");
    let id = view.draft.listing.id;
    for field in [
        ListingField::Description("A self-hosted Git service".into()),
        ListingField::Introduction("# Soak App\n\n## Install\n\nOne click.\n".into()),
        ListingField::Tags(vec!["git".into()]),
    ] {
        service
            .save_listing_field(&id, field, EN)
            .await
            .expect("field");
    }
    service
        .set_logo_from_file(&id, logo, EN)
        .await
        .expect("logo");
    let view = service.add_version(&id, EN).await.expect("version");
    let version = view.draft.versions[0].id.clone();
    let source = TemplateSource::RainbondApp {
        team: sb.demo.team.into(),
        region: sb.demo.region.into(),
        app: app.to_string(),
        share: Default::default(),
    };
    service
        .save_version_field(&version, VersionField::Source(source), EN)
        .await
        .expect("source");
    let view = service.add_package(&id, EN).await.expect("package");
    let published = view.draft.versions[0].version.clone();
    service
        .save_package_field(
            &view.draft.packages[0].id,
            PackageField::Version(published),
            EN,
        )
        .await
        .expect("package version");
    id
}

/// Every listing published and listed at once, as many clicks of *Publish*
/// would; then what waits in the outbox is sent. Answers how many failed.
async fn round(service: &Arc<Service>, listings: &[rbpub_core::ListingId]) -> usize {
    let mut tasks = JoinSet::new();
    for id in listings {
        let (service, id) = (service.clone(), id.clone());
        tasks.spawn(async move {
            let published = service.publish_listing(&id, EN).await;
            let listed = match published {
                Ok(_) => service.set_listed(&id, true, EN).await.map(|_| ()),
                Err(e) => Err(e),
            };
            usize::from(listed.is_err())
        });
    }
    let mut failed = 0;
    while let Some(done) = tasks.join_next().await {
        failed += done.expect("a publish panicked");
    }
    let _ = service.flush_outbox().await;
    failed
}

async fn count_done(service: &Service, listings: &[rbpub_core::ListingId]) -> usize {
    let mut done = 0;
    for id in listings {
        let view = service.open_listing(id, EN).await.expect("listing opens");
        let listed = view.draft.live.as_ref().is_some_and(|l| l.app.listed);
        // Steps 3 to 7: the account's own steps (1, 2) are not the listing's.
        if listed && view.steps[2..].iter().all(|s| s.status == StepStatus::Done) {
            done += 1;
        }
    }
    done
}
