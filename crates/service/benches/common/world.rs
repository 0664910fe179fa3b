//! The benches' world: a sandbox with running apps, its console signed in and
//! its store bound, reached through one transport.

use std::net::{Ipv4Addr, SocketAddr};

use rbpub_core::{Destination, Sensitive};
use rbpub_remote::{ConsoleClient, StoreClient, Transport};
use rbpub_sandbox::{FaultSettings, Sandbox, Settings};
use rbpub_service::publish::{Information, Logo, NewRelease, ShareTarget};

const LOGO: &[u8] = include_bytes!("../../../../icons/128x128.png");

/// Listing `n`'s information, with a logo.
pub fn information(n: usize) -> Information {
    Information {
        name: format!("Bench-App-{n:02}"),
        description: "A self-hosted Git service".into(),
        introduction: "# Bench App\n\n## Install\n\nOne click.\n".into(),
        tags: vec!["git".into()],
        publish_type: "private".into(),
        logo: Logo::sniff(LOGO.to_vec()),
    }
}

/// The version every listing releases.
pub fn release(version: &str) -> NewRelease {
    NewRelease {
        version: version.into(),
        alias: "stable".into(),
        release_notes: "First release".into(),
    }
}

/// A sandbox with `apps` running copies of `gitea`, its console signed in
/// and its store bound.
pub struct World {
    pub sandbox: Sandbox,
    pub console: ConsoleClient,
    pub store: StoreClient,
    pub enterprise: String,
    pub store_name: String,
    pub apps: Vec<i64>,
    latency_ms: u64,
    _dir: tempfile::TempDir,
}

impl World {
    pub async fn new(listings: usize, push_ms: u64, latency_ms: u64) -> World {
        let dir = tempfile::tempdir().expect("temp dir");
        let settings = Settings {
            push_ms,
            ..Settings::default()
        };
        let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, 0));
        let sandbox = Sandbox::start(&dir.path().join("sandbox.db"), addr, settings)
            .await
            .expect("sandbox starts");
        let mut apps = Vec::with_capacity(listings);
        for n in 0..listings {
            let id = sandbox
                .add_running_app(&format!("bench-{n:02}"), "gitea")
                .await;
            apps.push(id.expect("running app added"));
        }
        let http = Transport::new().expect("transport");
        let demo = sandbox.demo.clone();
        let key = Sensitive::new(demo.store_key.to_owned());
        let mut console = ConsoleClient::new(http.clone(), &sandbox.url());
        let password = Sensitive::new(demo.console_password.to_owned());
        console
            .login(demo.console_user, &password)
            .await
            .expect("console login");
        let offered = console
            .bindable_stores(demo.enterprise_id, &sandbox.url(), &key)
            .await
            .expect("bindable stores");
        console
            .bind_store(demo.enterprise_id, &offered[0], &key)
            .await
            .expect("bind");
        let store = StoreClient::new(http, &sandbox.url(), "rainbond").with_key(key);
        World {
            store_name: offered[0].name.clone(),
            enterprise: demo.enterprise_id.to_owned(),
            sandbox,
            console,
            store,
            apps,
            latency_ms,
            _dir: dir,
        }
    }

    /// Listing `n`'s running app, published to `to` (`None`: the bound store).
    pub fn target(&self, n: usize, to: Option<Destination>) -> ShareTarget {
        ShareTarget {
            team: self.sandbox.demo.team.into(),
            region: self.sandbox.demo.region.into(),
            app_id: self.apps[n],
            to: to.unwrap_or_else(|| Destination::Store {
                name: self.store_name.clone(),
            }),
        }
    }

    /// Every request from now on takes the latency; the counts start at 0.
    pub fn slow(&self) {
        self.sandbox.set_faults(FaultSettings {
            latency_ms: self.latency_ms,
            ..FaultSettings::default()
        });
        self.sandbox.reset_counters();
    }
}
