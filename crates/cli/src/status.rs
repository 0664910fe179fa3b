//! `rbpub status`: the store key's state, an app as the store shows it, and
//! with `--watch` a wait until the store lists the app (a pipeline's last step
//! after a listing that the store's staff may have to approve).

use rbpub_core::catalogue::Sentence;
use std::time::{Duration, Instant};

use clap::Args;
use rbpub_core::online::LiveApp;
use rbpub_core::Locale;
use rbpub_service::headless::{Headless, Store};
use rbpub_service::{Error, Result};
use serde_json::json;

use crate::outcome::{Outcome, Status};

use crate::access::store;
use crate::StoreArgs;

#[derive(Args)]
pub struct StatusArgs {
    #[command(flatten)]
    pub store: StoreArgs,
    #[arg(long)]
    pub app_id: Option<String>,
    /// Or the app's name on the store.
    #[arg(long = "template", conflicts_with = "app_id")]
    pub template: Option<String>,
    /// Wait until the store lists the app (and has --version), reading it
    /// again every 10 seconds; exit 12 when --timeout passes first.
    #[arg(long)]
    pub watch: bool,
    /// With --watch: the version the listed app must have too.
    #[arg(long, requires = "watch")]
    pub version: Option<String>,
    /// With --watch: how long to wait, in seconds.
    #[arg(long, default_value_t = 600, requires = "watch")]
    pub timeout: u64,
    /// Also where the template stands in the console's library (`team`,
    /// `enterprise`, repeatable): its app model and complete versions.
    /// Needs --template, --team and the console (--console, --user).
    #[arg(long = "library", requires_all = ["template", "team"])]
    pub library: Vec<rbpub_core::LibraryScope>,
    /// The console team whose library (and team models) to read.
    #[arg(long)]
    pub team: Option<String>,
    #[arg(long, env = rbpub_core::env::CONSOLE_URL)]
    pub console: Option<String>,
    #[arg(long, env = rbpub_core::env::CONSOLE_USER)]
    pub user: Option<String>,
}

/// How often a watch reads the app: the store is not asked more than a person
/// refreshing its page would (`RBPUB_POLL_MS` shortens it for tests).
fn watch_every() -> Duration {
    std::env::var(rbpub_service::POLL_ENV)
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .map(Duration::from_millis)
        .unwrap_or(Duration::from_secs(10))
}

pub async fn status(remote: &Headless, args: StatusArgs, locale: Locale) -> Result<Outcome> {
    if args.watch && args.app_id.is_none() && args.template.is_none() {
        return Err(crate::access::setup(Sentence::new("cli.watchNeedsApp")));
    }
    let store = store(remote, &args.store)?;
    // --watch --timeout bounds the whole command, every read in it included:
    // a store that stops answering does not keep a pipeline minutes past it.
    let deadline = args
        .watch
        .then(|| Instant::now() + Duration::from_secs(args.timeout));
    let info = within(deadline, args.timeout, store.info()).await?;
    let app_id = match (&args.app_id, &args.template) {
        (None, None) => None,
        (id, name) => Some(
            within(
                deadline,
                args.timeout,
                store.app_id(id.as_deref(), name.as_deref()),
            )
            .await?,
        ),
    };
    let mut waited = None;
    let app = match &app_id {
        None => None,
        Some(id) if args.watch => {
            let (app, listed) = watch(
                &store,
                id,
                args.version.as_deref(),
                deadline,
                args.timeout,
                locale,
            )
            .await?;
            waited = Some(listed);
            Some(app)
        }
        Some(id) => Some(store.app(id).await?),
    };
    let key = Sentence::new(match info.can_publish() {
        true => "cli.keyCanPublish",
        false => "cli.keyCannotPublish",
    });
    let mut summary = key.arg("store", &info.name).say(locale);
    let mut template_findings = Vec::new();
    if let Some(app) = &app {
        let state = Sentence::new(match app.listed {
            true => "cli.appListed",
            false => "cli.appNotListed",
        });
        let line = state
            .arg("name", &app.name)
            .arg("id", &app.id)
            .arg("versions", format!("{:?}", app.versions));
        summary += &format!("\n{}", line.say(locale));
        if waited == Some(false) {
            let still = Sentence::new("cli.stillAfter")
                .part("what", awaited(args.version.as_deref()))
                .arg("seconds", args.timeout);
            summary += &format!("\n{}", still.say(locale));
        }
        // What installers of the newest version receive, by the template rules.
        let versions = app.versions.iter().map(String::as_str);
        if let Some(newest) = rbpub_core::upgrade::newest_version(versions, "") {
            let template = store.version_template(&app.id, newest).await?;
            template_findings = rbpub_core::rules::evaluate_template(&template, locale);
            for f in &template_findings {
                let level = crate::lang::level_label(f.level, locale);
                summary += &format!("\n  {newest}: {level} {} {}", f.rule.as_str(), f.message);
            }
        }
    }
    let mut models = Vec::new();
    if !args.library.is_empty() {
        let console = crate::ConsoleArgs {
            console: args.console.unwrap_or_default(),
            user: args.user.unwrap_or_default(),
        };
        let name = args.template.as_deref().unwrap_or_default();
        let team = args.team.as_deref().unwrap_or_default();
        let (lines, found) =
            crate::library::library_status(remote, &console, team, name, &args.library, locale)
                .await?;
        summary += &lines;
        models = found;
    }
    let outcome = Outcome::new(
        json!({"store": info, "app": app, "templateFindings": template_findings,
              "library": models, "listed": waited, "notListedYet": waited == Some(false)}),
    )
    .shown(summary);
    Ok(match waited {
        Some(false) => outcome.with_status(Status::NotListedYet),
        _ => outcome,
    })
}

/// What a watch waits for, said as what is still missing.
fn awaited(version: Option<&str>) -> Sentence {
    match version {
        Some(v) => Sentence::new("cli.notListedWith").arg("version", v),
        None => Sentence::new("cli.notListed"),
    }
}

/// Whether `app` is what the watch waits for.
fn arrived(app: &LiveApp, version: Option<&str>) -> bool {
    app.listed && version.is_none_or(|v| app.versions.iter().any(|have| have == v))
}

/// `read`, given up when `deadline` passes first (none: as long as it takes).
async fn within<T>(
    deadline: Option<Instant>,
    timeout_secs: u64,
    read: impl std::future::Future<Output = Result<T>>,
) -> Result<T> {
    let Some(deadline) = deadline else {
        return read.await;
    };
    tokio::time::timeout_at(deadline.into(), read)
        .await
        .unwrap_or_else(|_| Err(no_answer(timeout_secs)))
}

fn no_answer(timeout_secs: u64) -> Error {
    Error::because(
        rbpub_service::Code::TimedOut,
        Sentence::new("cli.noAnswer").arg("seconds", timeout_secs),
    )
}

/// Reads the app until it is listed (with `version`) or `timeout` passes; a
/// read that fails for a moment (network, a 5xx) is said and waited out. Each
/// change of state is a line on stderr.
async fn watch(
    store: &Store,
    app_id: &str,
    version: Option<&str>,
    deadline: Option<Instant>,
    timeout_secs: u64,
    locale: Locale,
) -> Result<(LiveApp, bool)> {
    let deadline = deadline.unwrap_or_else(|| Instant::now() + Duration::from_secs(timeout_secs));
    let every = watch_every();
    let mut last_line = String::new();
    let mut last_app: Option<LiveApp> = None;
    loop {
        let read = match tokio::time::timeout_at(deadline.into(), store.app(app_id)).await {
            Ok(read) => read,
            // Out of time in the middle of a read: as when it passes between reads.
            Err(_) => {
                return match last_app {
                    Some(app) => Ok((app, false)),
                    None => Err(no_answer(timeout_secs)),
                }
            }
        };
        let line = match read {
            Ok(app) if arrived(&app, version) => return Ok((app, true)),
            Ok(app) => {
                let line = Sentence::new("cli.watchState")
                    .arg("name", &app.name)
                    .part("what", awaited(version));
                last_app = Some(app);
                line.say(locale)
            }
            Err(e) if e.code.is_transient() => Sentence::new("cli.watchUnread")
                .arg("why", e.localized(locale))
                .say(locale),
            Err(e) => return Err(e),
        };
        if line != last_line {
            let waiting = Sentence::new("cli.waiting").arg("what", &line);
            eprintln!("{}", crate::terminal::shown(&waiting.say(locale)));
            last_line = line;
        }
        if Instant::now() + every > deadline {
            return match last_app {
                Some(app) => Ok((app, false)),
                None => Err(Error::because(
                    rbpub_service::Code::TimedOut,
                    Sentence::new("cli.unreadFor")
                        .arg("seconds", timeout_secs)
                        .arg("last", &last_line),
                )),
            };
        }
        tokio::time::sleep(every).await;
    }
}
