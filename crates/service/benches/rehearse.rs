//! One rehearsal (install Gitea 1.0.0, upgrade to 1.1.0, delete) against the
//! sandbox with 50 ms added to every request and deploys taking 2 s: the wall
//! time, the requests it made, and how that time splits between round trips
//! to the console and waiting on the console's deploys (the polls' pauses).
//!
//! Run: `cargo bench -p rbpub-service --bench rehearse`

use std::net::{Ipv4Addr, SocketAddr};
use std::time::{Duration, Instant};

use rbpub_core::{Destination, LibraryScope, Sensitive};
use rbpub_remote::{ConsoleClient, Transport};
use rbpub_sandbox::{FaultSettings, Sandbox, Settings};
use rbpub_service::publish::{
    self, Cancel, Information, NewRelease, RunOptions, ShareTarget, Watch,
};
use rbpub_service::rehearse::{rehearse, Rehearsal, RehearsalSource};

const LATENCY_MS: u64 = 50;
const DEPLOY_MS: u64 = 2_000;
const POLL: Duration = Duration::from_secs(3);

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(run());
}

async fn run() {
    let dir = tempfile::tempdir().expect("temp dir");
    let settings = Settings {
        push_ms: DEPLOY_MS,
        ..Settings::default()
    };
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, 0));
    let sb = Sandbox::start(&dir.path().join("s.db"), addr, settings)
        .await
        .expect("sandbox");
    let mut console = ConsoleClient::new(Transport::new().expect("http"), &sb.url());
    console
        .login("demo", &Sensitive::new(sb.demo.console_password.to_owned()))
        .await
        .expect("sign-in");
    let eid = sb.demo.enterprise_id;
    // Two versions of Gitea in the team's library, the second with a new image.
    let target = ShareTarget {
        team: "demo-team".into(),
        region: "local".into(),
        app_id: 2,
        to: Destination::TEAM,
    };
    let info = Information {
        name: "Gitea".into(),
        description: "Git".into(),
        introduction: String::new(),
        tags: vec![],
        publish_type: "private".into(),
        logo: None,
    };
    for version in ["1.0.0", "1.1.0"] {
        if version == "1.1.0" {
            sb.change_running_app(2, |t| {
                for app in t["apps"].as_array_mut().expect("apps") {
                    if app["service_cname"] == "Gitea" {
                        app["image"] = "gitea/gitea:1.23".into();
                    }
                }
            })
            .await
            .expect("changed");
        }
        let release = NewRelease {
            version: version.into(),
            alias: String::new(),
            release_notes: String::new(),
        };
        let run = RunOptions {
            watch: Watch {
                poll_every: Duration::from_millis(200),
                ..Watch::default()
            },
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
        publish::publish_release(
            request,
            &publish::InMemory::default(),
            &mut |_| {},
            &Cancel::default(),
        )
        .await
        .expect("published");
    }

    sb.set_faults(FaultSettings {
        latency_ms: LATENCY_MS,
        ..FaultSettings::default()
    });
    // One round trip as the rehearsal makes them, to split the wall time.
    let probe = Instant::now();
    console
        .app_components("demo-team", "local", 2)
        .await
        .expect("probe");
    let round_trip = probe.elapsed();
    let before = sb.stats().await.expect("stats").requests;
    let rehearsal = Rehearsal {
        console: &console,
        enterprise: eid,
        team: "demo-team",
        region: "local",
        template: "Gitea",
        version: "1.1.0",
        from: None,
        source: RehearsalSource::Library(LibraryScope::Team),
        timeout: Duration::from_secs(600),
        poll_every: POLL,
    };
    let began = Instant::now();
    let report = rehearse(&rehearsal, &mut |_| {}).await.expect("rehearsed");
    let wall = began.elapsed();
    let requests = sb.stats().await.expect("stats").requests - before;
    let in_requests = round_trip * u32::try_from(requests).unwrap_or(u32::MAX);
    let waiting = wall.saturating_sub(in_requests);
    println!(
        "rehearsal of Gitea 1.0.0 -> 1.1.0, {LATENCY_MS} ms added per request, deploys {DEPLOY_MS} ms, polled every {} s",
        POLL.as_secs()
    );
    println!("  wall time      {:>8.2} s", wall.as_secs_f64());
    println!(
        "  requests       {requests:>8}  (one round trip {:.0} ms)",
        round_trip.as_secs_f64() * 1000.0
    );
    println!(
        "  round trips    {:>8.2} s  ({:.0}% of the wall time)",
        in_requests.as_secs_f64(),
        100.0 * in_requests.as_secs_f64() / wall.as_secs_f64()
    );
    println!(
        "  waiting on deploys and upgrades {:>5.2} s  ({:.0}%)",
        waiting.as_secs_f64(),
        100.0 * waiting.as_secs_f64() / wall.as_secs_f64()
    );
    println!(
        "  problems: {:?}; cleaned: {}",
        report.problems, report.cleaned
    );
}
