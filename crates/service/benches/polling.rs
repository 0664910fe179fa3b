//! Requests per image push while it is under way: each ask after one push is a
//! call from the console to the cluster. The same publish (Gitea, three
//! images, each push taking 15 s in the sandbox) run twice in one sandbox:
//! asked after every 0.4 s (how the app asked before) and at the default
//! (every 3 s; the console's own page asks every 5 s). Counted from the
//! sandbox's request log.
//!
//! Run: `cargo bench -p rbpub-service --bench polling`

use std::net::{Ipv4Addr, SocketAddr};
use std::time::{Duration, Instant};

use rbpub_core::Sensitive;
use rbpub_remote::{ConsoleClient, ShareVersion, Transport};
use rbpub_sandbox::{Sandbox, Settings};
use rbpub_service::publish::{
    self, Cancel, Information, Retry, Share, ShareSource, ShareTarget, Watch,
};

const PUSH_MS: u64 = 15_000;

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
        push_ms: PUSH_MS,
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
    let key = Sensitive::new(sb.demo.store_key.to_owned());
    let eid = sb.demo.enterprise_id;
    let offered = console
        .bindable_stores(eid, &sb.url(), &key)
        .await
        .expect("offered");
    console
        .bind_store(eid, &offered[0], &key)
        .await
        .expect("bound");
    let before = Watch {
        poll_every: Duration::from_millis(400),
        ..Watch::default()
    };
    let mut per_push = Vec::new();
    for (name, watch) in [
        ("every 0.4 s (before)", before),
        ("default (after)", Watch::default()),
    ] {
        let app = sb
            .add_running_app(&format!("gitea-{}", per_push.len()), "gitea")
            .await
            .expect("app");
        let info = Information {
            name: format!("Gitea-{}", per_push.len()),
            description: "Git".into(),
            introduction: "# Gitea".into(),
            tags: vec![],
            publish_type: "private".into(),
            logo: None,
        };
        let template = publish::ensure_template(&console, eid, "SandboxStore", &info, None)
            .await
            .expect("template")
            .template;
        let version = ShareVersion {
            template_id: template.id,
            version: "1.0.0".into(),
            alias: String::new(),
            release_notes: String::new(),
            to: rbpub_core::Destination::Store {
                name: "SandboxStore".into(),
            },
        };
        let target = ShareTarget {
            team: "demo-team".into(),
            region: "local".into(),
            app_id: app,
            to: rbpub_core::Destination::Store {
                name: "SandboxStore".into(),
            },
        };
        let source = ShareSource::default();
        let share = Share {
            console: &console,
            target: &target,
            version: &version,
            source: &source,
        };
        sb.reset_counters();
        let began = Instant::now();
        publish::publish_version(
            share,
            None,
            &Retry::None,
            watch,
            &mut |_| {},
            &mut |_| {},
            &Cancel::default(),
        )
        .await
        .expect("published");
        let took = began.elapsed();
        let asks = sb
            .log()
            .into_iter()
            .filter(|l| l.method == "GET" && l.path.contains("/events/"))
            .count();
        let pushes: u64 = sb.stats().await.expect("stats").image_pushes.values().sum();
        let ratio = asks as f64 / pushes as f64;
        println!(
            "{name:>22}: {asks} asks for {pushes} pushes = {ratio:.1} per push; publish took {:.1} s",
            took.as_secs_f64()
        );
        per_push.push(ratio);
    }
    println!(
        "requests per image push while waiting, after / before: {:.2}",
        per_push[1] / per_push[0]
    );
}
