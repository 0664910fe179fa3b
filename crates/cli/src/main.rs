//! `rbpub`: the store's online steps without a window, for CI pipelines. The
//! same use cases as the desktop app (`rbpub_service`, its only dependency besides
//! `rbpub_core`), the same checks.
//!
//! Secrets come from `RBPUB_STORE_KEY` / `RBPUB_CONSOLE_PASSWORD` (and
//! `RBPUB_STORE_PASSWORD` for `store login`) or from the OS keyring; never from flags,
//! which other users of the machine can read.

mod access;
mod approvals;
mod assets;
mod commands;
mod duration;
mod help;
mod info;
mod lang;
mod library;
mod listings;
mod manual;
mod outcome;
mod publishing;
mod pull;
mod rehearse;
mod status;
mod terminal;

use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use rbpub_service::Code;

#[derive(Parser)]
#[command(
    name = "rbpub",
    version,
    about = "Publish apps to the Rainbond app store from a pipeline"
)]
pub struct Cli {
    /// Print the result as JSON on stdout (progress stays on stderr).
    #[arg(long, global = true)]
    pub json: bool,
    /// The language of the messages; defaults to the system's (LC_ALL, LC_MESSAGES, LANG).
    #[arg(long, global = true, value_enum)]
    pub lang: Option<lang::Lang>,
    /// What rbpub does, on stderr: -v each request (method, path, status,
    /// milliseconds) and retry, -vv everything. RBPUB_LOG sets it finer
    /// (info, debug, trace, or per crate: rbpub_remote=debug).
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Args, Clone)]
pub struct StoreArgs {
    /// The store's base URL.
    #[arg(long, env = rbpub_core::env::STORE_URL, default_value = "https://hub.grapps.cn")]
    pub store: String,
    /// The store's market domain (`marketDomain`).
    #[arg(long, env = rbpub_core::env::MARKET_DOMAIN, default_value = "rainbond")]
    pub market_domain: String,
}

#[derive(Args, Clone)]
pub struct ConsoleArgs {
    /// The Rainbond console's base URL.
    #[arg(long, env = rbpub_core::env::CONSOLE_URL)]
    pub console: String,
    /// The console user name.
    #[arg(long, env = rbpub_core::env::CONSOLE_USER)]
    pub user: String,
}

/// The listing folder a listing or a publish to a listed app is for, and the
/// lister's key: the project's `[release]` rule needs approvals by others.
#[derive(Args, Clone)]
pub struct ReleaseArgs {
    /// The listing folder or bundle being listed: its project's rbpub.toml
    /// [release] rule (require_approvals, allowed_signers) must be met.
    #[arg(long, value_name = "DIR")]
    pub listing: Option<std::path::PathBuf>,
    /// The lister's OpenSSH key (its approvals do not count), as for `approve`.
    #[arg(long, value_name = "KEY", requires = "listing")]
    pub key: Option<std::path::PathBuf>,
}

/// Which app of the store: by its id, or by its name as `publish` finds it.
#[derive(Args, Clone)]
#[group(required = true, multiple = false)]
pub struct AppRef {
    /// The store app's id (`rbpub publish` prints it).
    #[arg(long)]
    pub app_id: Option<String>,
    /// Or the app's name on the store (the template's name given to `publish`).
    #[arg(long = "template")]
    pub template: Option<String>,
}

#[derive(Subcommand)]
pub enum Command {
    /// Check the store access key: usable, with Write permission.
    Verify(StoreArgs),
    /// Sign in to the store's account (password from RBPUB_STORE_PASSWORD) and keep its key in the keyring.
    StoreLogin {
        #[command(flatten)]
        store: StoreArgs,
        /// The phone number the store account signs in with.
        #[arg(long)]
        phone: String,
    },
    /// Sign in to the console (password from RBPUB_CONSOLE_PASSWORD) and keep the token in the keyring.
    ConsoleLogin(ConsoleArgs),
    /// Bind the store to the console with the store key.
    Bind {
        #[command(flatten)]
        console: ConsoleArgs,
        #[command(flatten)]
        store: StoreArgs,
        /// The name the console knows the store by (letters, digits and _,
        /// starting with a letter). Defaults to the store's own name where the
        /// console accepts it, else to the name it was bound by before, else to
        /// one made as the console's page makes it.
        #[arg(long)]
        store_name: Option<String>,
    },
    /// Publish a running app (or one of its snapshots) as a version of a store template (the console's share flow).
    Publish(Box<publishing::PublishArgs>),
    /// List the snapshots of a running app, newest first.
    Snapshots(publishing::AppArgs),
    /// Make a snapshot of a running app.
    #[command(subcommand)]
    Snapshot(publishing::SnapshotCommand),
    /// Rehearse an install of a version and the upgrade to the next on the
    /// console, in a scratch app deleted afterwards (exit 13: installers would
    /// meet a problem, such as a second copy of a component).
    Rehearse(Box<rehearse::RehearseArgs>),
    /// Push the app's information (name, description, introduction, tags, logo).
    PushInfo(commands::InfoArgs),
    /// Create (or update) the free package for a published version.
    Package {
        #[command(flatten)]
        store: StoreArgs,
        #[command(flatten)]
        app: AppRef,
        /// The published version the package installs.
        #[arg(long)]
        version: String,
        /// The package's name; defaults to the version.
        #[arg(long)]
        name: Option<String>,
        /// What the package says it is.
        #[arg(long, default_value = "")]
        description: String,
    },
    /// Put the app on the store's shelf. With --listing, the listing folder's
    /// project rule (rbpub.toml's [release]) is checked first: exit 14 when
    /// its approvals do not count.
    List {
        #[command(flatten)]
        store: StoreArgs,
        #[command(flatten)]
        app: AppRef,
        #[command(flatten)]
        release: ReleaseArgs,
    },
    /// Take the app off the store's shelf.
    Unlist {
        #[command(flatten)]
        store: StoreArgs,
        #[command(flatten)]
        app: AppRef,
    },
    /// Approve a listing folder or bundle as it is now, signed with your SSH
    /// key; the approval is written into it and any later change voids it.
    Approve(approvals::ApproveArgs),
    /// Who approved a listing folder or bundle, and whether each approval still holds.
    Approvals(approvals::ApprovalsArgs),
    /// Check listing folders, bundles and template exports against every rule. Exits 10 on an error-level problem.
    Lint(listings::LintArgs),
    /// Render a listing as the store will show it: one HTML file, readable offline.
    Preview(listings::PreviewArgs),
    /// Write a listing from the drafts as a folder (for git) or a .rbpub bundle.
    Export(listings::ExportArgs),
    /// Bring apps already on the store into the drafts (or listing folders with
    /// --to): fields, logo, versions with their notes, packages, templates.
    Pull(pull::PullArgs),
    /// Create a listing in the drafts from a folder, a bundle or a RAM template export.
    Import(listings::ImportArgs),
    /// Show what a push of a listing folder would change, field by field.
    Diff(listings::DiffArgs),
    /// Show what installed apps get when they upgrade from one version of a
    /// template to another (two exports or metadata.json files).
    DiffVersions(listings::DiffVersionsArgs),
    /// Check and fix logos and screenshots offline, with step 5's rules.
    #[command(subcommand)]
    Assets(assets::AssetsCommand),
    /// Show the store key's state and, with --app-id or --template, the app as
    /// the store shows it; with --watch, wait until the store lists it.
    Status(status::StatusArgs),
    /// Print what a bug report needs: versions, the OS, the data folder, the
    /// store and console (addresses without secrets), the connection, the
    /// outbox, the RBPUB_* variables set (secrets masked), the log's last lines.
    Diagnostics,
    /// Print a completion script: `rbpub completions bash > /etc/bash_completion.d/rbpub`.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Write the manual pages (rbpub.1 and one per command) into a folder; the packages ship them.
    #[command(hide = true)]
    Man {
        #[arg(long, default_value = ".")]
        dir: std::path::PathBuf,
    },
}

/// `rbpub publish`: the share leaves out parts of the app; `--accept-omissions` goes on.
const OMISSIONS: u8 = 11;
/// `rbpub list --listing` (and `publish --listing` to a listed app): the
/// project's `[release]` rule is not met.
const NOT_APPROVED: u8 = 14;

/// Exit codes, one per kind of failure a pipeline may want to tell apart.
fn exit_code(code: Code) -> u8 {
    match code {
        Code::StoreKeyRejected
        | Code::StoreLoginFailed
        | Code::ConsoleLoginFailed
        | Code::ConsoleSignedOut => 3,
        Code::NoWritePermission => 4,
        Code::Rejected | Code::NotFound => 5,
        Code::NetworkDown
        | Code::ServerError
        | Code::MalformedReply
        | Code::StoreUnavailable
        | Code::PushFailed
        | Code::TimedOut => 6,
        Code::ShareStale
        | Code::ShareDiffers
        | Code::SnapshotNotTaken
        | Code::Unsupported
        | Code::VersionExists
        | Code::StoreKept
        | Code::FolderTaken
        | Code::Invalid => 5,
        Code::OmissionsToConfirm => OMISSIONS,
        Code::NotApproved => NOT_APPROVED,
        Code::SigningKey => 7,
        Code::KeyringUnavailable | Code::NeedsSetup => 7,
        Code::Cancelled => 8,
        Code::BadImage | Code::BadFile => 9,
        Code::ReadOnly => 5,
        Code::DatabaseCorrupt | Code::DatabaseTooNew | Code::DataFolder | Code::Database => 1,
    }
}

impl Command {
    /// The store and console addresses the command talks to.
    fn addresses(&self) -> Vec<&str> {
        match self {
            Command::Verify(store)
            | Command::StoreLogin { store, .. }
            | Command::Package { store, .. }
            | Command::List { store, .. }
            | Command::Unlist { store, .. } => vec![store.store.as_str()],
            Command::PushInfo(args) => vec![args.store.store.as_str()],
            Command::Status(args) => vec![args.store.store.as_str()],
            Command::ConsoleLogin(console) => vec![console.console.as_str()],
            Command::Bind { console, store, .. } => {
                vec![store.store.as_str(), console.console.as_str()]
            }
            Command::Publish(args) => vec![args.app.console.console.as_str()],
            Command::Rehearse(args) => vec![args.console.console.as_str()],
            Command::Snapshots(app)
            | Command::Snapshot(publishing::SnapshotCommand::Create { app, .. }) => {
                vec![app.console.console.as_str()]
            }
            _ => Vec::new(),
        }
    }
}

/// A warning for each address that would carry a key or password in clear.
fn cleartext_warnings(command: &Command) -> Vec<rbpub_core::catalogue::Sentence> {
    command
        .addresses()
        .into_iter()
        .filter_map(rbpub_service::cleartext_warning)
        .collect()
}

fn main() -> ExitCode {
    // First: a copy of rbpub started to draw an SVG draws it and exits here.
    rbpub_service::isolate_svg();
    run()
}

#[tokio::main]
async fn run() -> ExitCode {
    // The language first: the help and a mistyped command line are said in it.
    let locale = help::locale_asked(std::env::args_os());
    let cli = help::parse(locale);
    // No key, password or token is ever logged: requests are named by method
    // and path, never their query or headers.
    let to = rbpub_service::trail::LogTo::Terminal {
        verbose: cli.verbose,
    };
    let json = cli.json;
    let log = rbpub_service::trail::start_log(to, &rbpub_service::data_dir());
    for warning in log
        .err()
        .into_iter()
        .chain(cleartext_warnings(&cli.command))
    {
        let said = rbpub_core::catalogue::Sentence::new("cli.warning").part("warning", warning);
        eprintln!("{}", terminal::shown(&said.say(locale)));
    }
    match commands::run(cli, locale).await {
        Ok(outcome) => {
            let text = outcome.text(locale);
            if json {
                let mut value = outcome.json;
                if let Some(map) = value.as_object_mut() {
                    map.insert("summary".into(), serde_json::Value::String(text));
                }
                println!("{value}");
            } else if !text.is_empty() {
                println!("{}", terminal::shown(&text));
            }
            ExitCode::from(outcome.status.code())
        }
        Err(e) => {
            if json {
                println!("{}", serde_json::json!({ "error": e }));
            }
            eprintln!("rbpub: {}", terminal::shown(&e.localized(locale)));
            ExitCode::from(exit_code(e.code))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_http_to_another_machine_is_warned_of() {
        let parse = |args: &[&str]| Cli::try_parse_from(args).expect("parses").command;
        let bind = parse(&[
            "rbpub",
            "bind",
            "--store",
            "http://store.example.org",
            "--console",
            "http://127.0.0.1:7070",
            "--user",
            "demo",
        ]);
        let warnings = cleartext_warnings(&bind);
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0]
            .say(rbpub_core::Locale::En)
            .starts_with("http://store.example.org is plain http://"));
        let verify = parse(&["rbpub", "verify", "--store", "https://hub.grapps.cn"]);
        assert!(cleartext_warnings(&verify).is_empty());
        let lint = parse(&["rbpub", "lint", "apps"]);
        assert!(cleartext_warnings(&lint).is_empty());
    }
}
