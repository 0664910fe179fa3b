//! `rbpub-sandbox`: a local Rainbond console and store for trying the app out
//! and for its tests. `make run` starts it and points the app at it.

use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use rbpub_sandbox::{FaultSettings, Sandbox, Settings, ALL_CAPABILITIES, SEEDED_APPS};

#[derive(Parser)]
#[command(
    version,
    about = "A local Rainbond console and app store that speak the real wire formats"
)]
struct Args {
    /// Loopback port to listen on (0 picks a free one).
    #[arg(long, default_value_t = 7420)]
    port: u16,
    /// The sandbox's state file (created and seeded when missing).
    #[arg(long, default_value = "target/sandbox/sandbox.db")]
    db: PathBuf,
    /// How long one component's image push takes, in milliseconds.
    #[arg(long, default_value_t = 3000)]
    push_ms: u64,
    /// The store's market domain.
    #[arg(long, default_value = "rainbond")]
    market_domain: String,
    /// The account extension's parts the store offers, comma-separated; `none`
    /// for a store with only the public API (sign-up, profile, packages and
    /// listing then happen on the store's own pages).
    #[arg(long, value_delimiter = ',', default_value = "account,packages,shelf",
          value_parser = ["account", "packages", "shelf", "none"])]
    capabilities: Vec<String>,
    /// The console keeps uploads in object storage (templates made through it
    /// lose their logo, as on such a real console).
    #[arg(long)]
    object_storage: bool,
    /// The console runs with its cloud stores disabled (an offline console):
    /// every bound store reads status 0; only its own library takes a publish.
    #[arg(long)]
    cloud_disabled: bool,
    /// Apps the demo store account owns already (with versions, templates
    /// and logos), for pulling many: made once, kept in the state file.
    #[arg(long, default_value_t = 0)]
    store_apps: usize,
    /// Milliseconds added to every request.
    #[arg(long, default_value_t = 0)]
    latency_ms: u64,
    /// Share of requests answered with a 500 (0 to 1).
    #[arg(long, default_value_t = 0.0)]
    error_rate: f64,
    /// Share of requests handled whose answer is lost in a dropped connection (0 to 1).
    #[arg(long, default_value_t = 0.0)]
    drop_rate: f64,
    /// Share of requests answered with malformed JSON (0 to 1).
    #[arg(long, default_value_t = 0.0)]
    garbage_rate: f64,
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    if let Some(dir) = args.db.parent().filter(|d| !d.as_os_str().is_empty()) {
        if let Err(e) = std::fs::create_dir_all(dir) {
            eprintln!("rbpub-sandbox: cannot create {}: {e}", dir.display());
            return ExitCode::FAILURE;
        }
    }
    let settings = Settings {
        market_domain: args.market_domain,
        push_ms: args.push_ms,
        object_storage_uploads: args.object_storage,
        cloud_disabled: args.cloud_disabled,
        capabilities: args
            .capabilities
            .into_iter()
            .filter(|c| ALL_CAPABILITIES.contains(&c.as_str()))
            .collect(),
        faults: FaultSettings {
            latency_ms: args.latency_ms,
            error_rate: args.error_rate,
            drop_rate: args.drop_rate,
            garbage_rate: args.garbage_rate,
            ..FaultSettings::default()
        },
        ..Settings::default()
    };
    let (sms_code, domain) = (settings.sms_code.clone(), settings.market_domain.clone());
    let capabilities = settings.capabilities.clone();
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, args.port));
    let sandbox = match Sandbox::start(&args.db, addr, settings).await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("rbpub-sandbox: {e}");
            return ExitCode::FAILURE;
        }
    };
    if args.store_apps > 0 {
        if let Err(e) = sandbox.seed_store_apps(args.store_apps).await {
            eprintln!("rbpub-sandbox: seeding the store's apps: {e}");
            return ExitCode::FAILURE;
        }
    }
    let d = &sandbox.demo;
    println!("rbpub-sandbox listening on {}", sandbox.url());
    println!("  state file:        {}", args.db.display());
    println!(
        "  console:           {}  user {}  password {}",
        sandbox.url(),
        d.console_user,
        d.console_password
    );
    println!("  console team:      {} (region {})", d.team, d.region);
    let apps: Vec<String> = SEEDED_APPS
        .iter()
        .map(|(id, name, _)| format!("{name} (app id {id})"))
        .collect();
    println!("  running apps:      {}", apps.join(", "));
    println!(
        "  store:             {}  market domain {domain}",
        sandbox.url()
    );
    println!(
        "  store account:     phone {}  password {}  access key {}",
        d.store_phone, d.store_password, d.store_key
    );
    println!("  register new:      any phone 1xxxxxxxxxx, SMS code {sms_code}");
    println!(
        "  account extension: {}",
        if capabilities.is_empty() {
            "none (the app guides each step)".to_owned()
        } else {
            capabilities.join(", ")
        }
    );
    println!("  read-only key:     {}", d.read_only_key);
    println!(
        "  faults:            GET/PUT {}/__sandbox/faults",
        sandbox.url()
    );
    let _ = tokio::signal::ctrl_c().await;
    ExitCode::SUCCESS
}
