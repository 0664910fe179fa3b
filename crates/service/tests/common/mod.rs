//! A fresh sandbox (quick image pushes) and a service with its own drafts,
//! pointed at the sandbox's store.
#![allow(dead_code)] // each test file uses a part

pub mod halo;
pub mod soak;

use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;

use rbpub_core::{Locale, PublisherField, Sensitive, TemplateSource, VersionField};
use rbpub_sandbox::{Sandbox, Settings, ALL_CAPABILITIES};
use rbpub_service::Service;

/// A store with the whole account extension.
pub async fn setup() -> (Arc<Sandbox>, Service, tempfile::TempDir) {
    setup_offering(&ALL_CAPABILITIES).await
}

/// A store offering only these parts of the account extension.
pub async fn setup_offering(capabilities: &[&str]) -> (Arc<Sandbox>, Service, tempfile::TempDir) {
    setup_with(Settings {
        push_ms: 400,
        capabilities: capabilities.iter().map(|c| c.to_string()).collect(),
        ..Settings::default()
    })
    .await
}

/// A sandbox of these settings and a service pointed at its store.
pub async fn setup_with(settings: Settings) -> (Arc<Sandbox>, Service, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let sb = start_sandbox(&dir, settings).await;
    let service = Service::open(&dir.path().join("data"))
        .await
        .with_watch(quick_watch());
    service
        .save_publisher_field(PublisherField::StoreUrl(sb.url()), Locale::En)
        .await
        .unwrap();
    (Arc::new(sb), service, dir)
}

/// A sandbox of these settings, its state in `dir`, on a free loopback port.
pub async fn start_sandbox(dir: &tempfile::TempDir, settings: Settings) -> Sandbox {
    Sandbox::start(
        &dir.path().join("sandbox.db"),
        SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
        settings,
    )
    .await
    .unwrap()
}

/// Pushes asked after as often as the sandbox's quick pushes deserve.
pub fn quick_watch() -> rbpub_service::publish::Watch {
    rbpub_service::publish::Watch {
        poll_every: std::time::Duration::from_millis(100),
        busy_backoff: std::time::Duration::from_millis(200),
        ..Default::default()
    }
}

/// The sandbox's console signed in to as the demo user, with its store bound.
pub async fn bound_console(sb: &Sandbox) -> rbpub_remote::ConsoleClient {
    let http = rbpub_remote::Transport::new()
        .unwrap()
        .with_backoff(std::time::Duration::from_millis(5));
    let mut console = rbpub_remote::ConsoleClient::new(http, &sb.url());
    console
        .login("demo", &secret(sb.demo.console_password))
        .await
        .unwrap();
    let key = secret(sb.demo.store_key);
    let eid = sb.demo.enterprise_id;
    let offered = console.bindable_stores(eid, &sb.url(), &key).await.unwrap();
    console.bind_store(eid, &offered[0], &key).await.unwrap();
    console
}

pub fn secret(s: &str) -> Sensitive<String> {
    Sensitive::new(s.to_owned())
}

/// Adds a version to the listing made from the running app `gitea` (picked from
/// the console's list, as the window does); answers the version's id.
pub async fn gitea_version(
    service: &Service,
    listing: &rbpub_core::ListingId,
) -> rbpub_core::VersionId {
    let en = Locale::En;
    let apps = service.running_apps().await.unwrap();
    let gitea = apps.iter().find(|a| a.name == "gitea").unwrap();
    let view = service.add_version(listing, en).await.unwrap();
    let version = view.draft.versions[0].id.clone();
    let source = TemplateSource::RainbondApp {
        team: "demo-team".into(),
        region: "local".into(),
        app: gitea.id.to_string(),
        share: Default::default(),
    };
    service
        .save_version_field(&version, VersionField::Source(source), en)
        .await
        .unwrap();
    version
}

/// Signed in to the sandbox's console as the demo user, with its store bound.
pub async fn connect_console(sb: &Sandbox, service: &Service) {
    service
        .console_sign_in(&sb.url(), "demo", secret(sb.demo.console_password))
        .await
        .unwrap();
    service.bind_store().await.unwrap();
}

/// The demo store key kept, and the console connected: ready to publish.
pub async fn ready_to_publish(sb: &Sandbox, service: &Service) {
    service
        .store_use_key(secret(sb.demo.store_key))
        .await
        .unwrap();
    connect_console(sb, service).await;
}

/// A new listing's id.
pub async fn new_listing(service: &Service, name: &str) -> rbpub_core::ListingId {
    let view = service.create_listing(name, Locale::En).await.unwrap();
    view.draft.listing.id
}
