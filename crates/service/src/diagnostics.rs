//! Diagnostics for a bug report: what a maintainer needs to follow a problem
//! at a user's site — versions, the OS, the data folder, which store and
//! console (addresses without secrets), the connection's state, the outbox,
//! the `RBPUB_*` variables set, and the last lines of the log — and nothing
//! secret: no key, password or token is ever read into it (the keyring is only
//! asked whether it holds them), secret variables are masked, URLs lose their
//! userinfo and query. The window's *Copy diagnostics* and `rbpub diagnostics`
//! are this one use case.

use rbpub_core::env::VARIABLES;
use serde::Serialize;
use ts_rs::TS;

use crate::{trail, Service};

/// How many of the log's last lines a report carries.
const LOG_LINES: usize = 60;

/// A report for a bug report, plain data; [`Diagnostics::text`] writes it out.
#[derive(Clone, Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Diagnostics {
    /// This build's version.
    pub version: String,
    /// The OS and the processor (`linux x86_64`).
    pub platform: String,
    /// The data folder: drafts, images, the log.
    pub data_dir: String,
    /// The window's log file.
    pub log_file: String,
    /// The store's address, without userinfo or query.
    pub store_url: String,
    /// A store key is in the keyring (its value is never read here).
    pub store_key_in_keyring: bool,
    /// The store's name and the key's permissions, as last asked.
    pub store: Option<String>,
    /// The console's address, without userinfo or query.
    pub console_url: String,
    /// The console user, and whether a sign-in is in the keyring.
    pub console_user: String,
    /// A console sign-in is in the keyring.
    pub console_signed_in: bool,
    /// The team and region chosen, `team / region`.
    pub team_region: String,
    /// The store the console has bound, as it last said.
    pub bound_store: Option<String>,
    /// The last check: reachable, unreachable, or not checked yet.
    pub online: Option<bool>,
    /// One line per push waiting or refused, oldest first.
    pub outbox: Vec<String>,
    /// Why something could not be read (the drafts, the keyring).
    pub problems: Vec<String>,
    /// The `RBPUB_*` variables set, `NAME=value`, a secret's value as •••.
    pub environment: Vec<String>,
    /// The last lines of the log.
    pub log_tail: Vec<String>,
    /// All of it as text for an issue ([`Diagnostics::text`]).
    pub text: String,
}

impl Service {
    /// The diagnostics report; never fails: what cannot be read is named in `problems`.
    #[tracing::instrument(skip_all)]
    pub async fn diagnostics(&self) -> Diagnostics {
        let mut problems = Vec::new();
        let view = match self.connection_view().await {
            Ok(view) => Some(view),
            Err(e) => {
                problems.push(format!("connection: {}", e.message));
                None
            }
        };
        let mut d = Diagnostics {
            version: env!("CARGO_PKG_VERSION").to_owned(),
            platform: format!("{} {}", std::env::consts::OS, std::env::consts::ARCH),
            data_dir: self.data_dir.display().to_string(),
            log_file: trail::log_path(&self.data_dir).display().to_string(),
            store_url: String::new(),
            store_key_in_keyring: false,
            store: None,
            console_url: String::new(),
            console_user: String::new(),
            console_signed_in: false,
            team_region: String::new(),
            bound_store: None,
            online: None,
            outbox: Vec::new(),
            problems: Vec::new(),
            environment: environment(),
            log_tail: trail::last_lines(&self.data_dir, LOG_LINES),
            text: String::new(),
        };
        if let Some(v) = view {
            d.store_url = rbpub_remote::shown_url(&v.store_url);
            d.store_key_in_keyring = v.has_store_key;
            d.store = v
                .store
                .map(|s| format!("{} ({})", s.name, s.access_actions.join(", ")));
            d.console_url = rbpub_remote::shown_url(&v.console_url);
            d.console_user = v.console_user;
            d.console_signed_in = v.console_signed_in;
            d.team_region = format!("{} / {}", v.team, v.region);
            d.bound_store = v.bound_store.map(|b| {
                format!(
                    "{} at {} ({}; usable: {})",
                    b.name,
                    rbpub_remote::shown_url(&b.url),
                    b.access_actions.join(", "),
                    b.usable
                )
            });
            d.online = v.online;
            d.outbox = v
                .outbox
                .iter()
                .map(|i| {
                    format!(
                        "{:?} ({}), tried {} times{}{}",
                        i.action,
                        i.listing_name.as_deref().unwrap_or("-"),
                        i.attempts,
                        if i.failed { ", refused" } else { "" },
                        match i.last_error.is_empty() {
                            true => String::new(),
                            false => format!(": {}", english(&i.last_error)),
                        }
                    )
                })
                .collect();
            if let Some(problem) = v.keyring_problem {
                problems.push(format!("keyring: {problem}"));
            }
        }
        d.problems = problems;
        d.text = d.text();
        d
    }
}

/// The `RBPUB_*` variables set now, a secret's value masked.
fn environment() -> Vec<String> {
    VARIABLES
        .iter()
        .filter_map(|v| {
            let value = std::env::var_os(v.name)?;
            let shown = match v.secret {
                true => "•••".to_owned(),
                false => value.to_string_lossy().into_owned(),
            };
            Some(format!("{}={shown}", v.name))
        })
        .collect()
}

impl Diagnostics {
    /// The report as text for an issue: fixed English labels, so that any
    /// maintainer reads it whatever the user's language.
    fn text(&self) -> String {
        let yes = |b: bool| if b { "yes" } else { "no" };
        let or_none = |s: &Option<String>| s.clone().unwrap_or_else(|| "-".to_owned());
        let list = |items: &[String]| match items.is_empty() {
            true => "  (none)\n".to_owned(),
            false => items.iter().map(|i| format!("  {i}\n")).collect(),
        };
        format!(
            "Rainbond Publisher {}\n\
             platform: {}\n\
             data folder: {}\n\
             log file: {}\n\
             store: {} (key in keyring: {}; {})\n\
             console: {} as {} (signed in: {}; team / region: {}; bound store: {})\n\
             online: {}\n\
             outbox:\n{}\
             problems:\n{}\
             environment:\n{}\
             log (last {} lines):\n{}",
            self.version,
            self.platform,
            self.data_dir,
            self.log_file,
            or_dash(&self.store_url),
            yes(self.store_key_in_keyring),
            or_none(&self.store),
            or_dash(&self.console_url),
            or_dash(&self.console_user),
            yes(self.console_signed_in),
            self.team_region,
            or_none(&self.bound_store),
            match self.online {
                Some(true) => "reachable",
                Some(false) => "unreachable",
                None => "not checked",
            },
            list(&self.outbox),
            list(&self.problems),
            list(&self.environment),
            self.log_tail.len(),
            list(&self.log_tail),
        )
    }
}

fn or_dash(s: &str) -> &str {
    if s.is_empty() {
        "-"
    } else {
        s
    }
}

/// An outbox reason (the error as JSON) in English; an older plain one as it is.
fn english(reason: &str) -> String {
    serde_json::from_str::<serde_json::Value>(reason)
        .ok()
        .and_then(|v| v["message"].as_str().map(str::to_owned))
        .unwrap_or_else(|| reason.to_owned())
}
