//! Each subcommand: read the secrets, call the shared use cases, describe the result.

use std::path::PathBuf;

use clap::Args;
use rbpub_core::online::PushStatus;
use rbpub_core::{Locale, Sensitive};
use rbpub_remote::{ConsoleClient, NewPackage, StoreClient, Transport};
use rbpub_secrets::{OsKeyring, SecretId, Secrets};
use rbpub_service::publish::{
    self, Cancel, Information, Logo, NewRelease, Release, Retry, RunOptions, ShareProgress,
    ShareTarget, Watch,
};
use rbpub_service::{Code, Error, Result};
use serde_json::{json, Value};

use crate::checkpoint::{Checkpoints, ShareKey};
use crate::{AppRef, Cli, Command, ConsoleArgs, StoreArgs};

pub const STORE_KEY_ENV: &str = "RBPUB_STORE_KEY";
pub const CONSOLE_PASSWORD_ENV: &str = "RBPUB_CONSOLE_PASSWORD";
pub const STORE_PASSWORD_ENV: &str = "RBPUB_STORE_PASSWORD";

#[derive(Args)]
pub struct PublishArgs {
    #[command(flatten)]
    pub console: ConsoleArgs,
    #[arg(long)]
    pub team: String,
    #[arg(long)]
    pub region: String,
    /// The running app's id in the console (its group id).
    #[arg(long)]
    pub app_id: i64,
    /// The bound store's name in the console; defaults to the only one that can take a publish.
    #[arg(long)]
    pub store_name: Option<String>,
    #[command(flatten)]
    pub info: TemplateArgs,
    #[arg(long)]
    pub version: String,
    #[arg(long, default_value = "")]
    pub alias: String,
    /// Release notes.
    #[arg(long, default_value = "")]
    pub notes: String,
    /// Stop waiting on image pushes after this long (90s, 45m, 2h); the share is
    /// kept, and running the command again goes on with it.
    #[arg(long, default_value = "60m", value_parser = crate::checkpoint::parse_duration)]
    pub timeout: std::time::Duration,
}

/// The template's information: used when the template is created.
#[derive(Args)]
pub struct TemplateArgs {
    /// The store template's name; created when the store has none by this name.
    #[arg(long = "template")]
    pub name: String,
    #[arg(long, default_value = "")]
    pub description: String,
    /// A Markdown file with the introduction.
    #[arg(long)]
    pub introduction: Option<PathBuf>,
    #[arg(long = "tag")]
    pub tags: Vec<String>,
    /// A PNG, JPEG or GIF logo, at most 2 MB.
    #[arg(long)]
    pub logo: Option<PathBuf>,
}

#[derive(Args)]
pub struct InfoArgs {
    #[command(flatten)]
    pub store: StoreArgs,
    /// The store app's id; without it, the app named by --template.
    #[arg(long)]
    pub app_id: Option<String>,
    #[command(flatten)]
    pub info: TemplateArgs,
    #[arg(long, default_value = "private", value_parser = ["private", "public"])]
    pub publish_type: String,
}

impl AppRef {
    pub(crate) async fn id(&self, client: &StoreClient) -> Result<String> {
        app_id_of(client, self.app_id.as_deref(), self.template.as_deref()).await
    }
}

/// The id given, else the id of the key's app with that name (every page of the
/// store's list is read, as `publish` does before it creates one).
pub(crate) async fn app_id_of(
    client: &StoreClient,
    app_id: Option<&str>,
    name: Option<&str>,
) -> Result<String> {
    if let Some(id) = app_id {
        return Ok(id.to_owned());
    }
    let name = name.unwrap_or_default().trim();
    client
        .apps(name)
        .await?
        .into_iter()
        .find(|a| a.name == name)
        .map(|a| a.id)
        .ok_or_else(|| {
            Error::new(
                Code::NotFound,
                format!("the store has no app named “{name}” for this key: publish it first, or give --app-id"),
            )
        })
}

fn setup(message: impl Into<String>) -> Error {
    Error::new(Code::NeedsSetup, message)
}

fn env_secret(name: &str) -> Option<Sensitive<String>> {
    std::env::var(name)
        .ok()
        .filter(|v| !v.is_empty())
        .map(Sensitive::new)
}

/// Where the store key came from, for a message about a refused key (never the key).
fn key_source(store: &StoreArgs) -> String {
    if env_secret(STORE_KEY_ENV).is_some() {
        format!("the store key in {STORE_KEY_ENV}")
    } else {
        format!("the store key for {} in the keyring", store.store)
    }
}

/// A refused key named: which key, and how to give a new one.
fn about_the_key(e: Error, store: &StoreArgs) -> Error {
    if e.code != Code::StoreKeyRejected {
        return e;
    }
    Error::new(
        Code::StoreKeyRejected,
        format!(
            "{} was refused by the store ({}); set a new key in {STORE_KEY_ENV} or run `rbpub store-login`",
            key_source(store),
            e.message
        ),
    )
}

pub(crate) fn store_key(store: &StoreArgs) -> Result<Sensitive<String>> {
    if let Some(key) = env_secret(STORE_KEY_ENV) {
        return Ok(key);
    }
    let id = SecretId::StoreKey {
        store_url: store.store.clone(),
    };
    OsKeyring::open()?.get(&id)?.ok_or_else(|| {
        setup(format!(
            "no store access key: set {STORE_KEY_ENV} or run `rbpub store-login`"
        ))
    })
}

pub(crate) fn store_client(
    http: &Transport,
    store: &StoreArgs,
    key: Sensitive<String>,
) -> StoreClient {
    StoreClient::new(http.clone(), &store.store, &store.market_domain).with_key(key)
}

async fn console_client(http: &Transport, args: &ConsoleArgs) -> Result<ConsoleClient> {
    if let Some(password) = env_secret(CONSOLE_PASSWORD_ENV) {
        let mut console = ConsoleClient::new(http.clone(), &args.console);
        console.login(&args.user, &password).await?;
        return Ok(console);
    }
    let id = SecretId::ConsoleToken {
        console_url: args.console.clone(),
        user: args.user.clone(),
    };
    match OsKeyring::open()?.get(&id)? {
        Some(token) => Ok(ConsoleClient::with_token(
            http.clone(),
            &args.console,
            &token,
        )),
        None => Err(setup(format!(
            "not signed in to the console: set {CONSOLE_PASSWORD_ENV} or run `rbpub console-login`"
        ))),
    }
}

fn read_file(path: &PathBuf, what: &str, limit: u64) -> Result<Vec<u8>> {
    let meta =
        std::fs::metadata(path).map_err(|e| setup(format!("{what} {}: {e}", path.display())))?;
    if meta.len() > limit {
        return Err(Error::new(
            Code::Rejected,
            format!("{what} {}: larger than {limit} bytes", path.display()),
        ));
    }
    std::fs::read(path).map_err(|e| setup(format!("{what} {}: {e}", path.display())))
}

fn information(args: &TemplateArgs, publish_type: &str) -> Result<Information> {
    let introduction = match &args.introduction {
        Some(path) => {
            String::from_utf8(read_file(path, "introduction", 1 << 20)?).map_err(|_| {
                Error::new(
                    Code::Rejected,
                    format!("introduction {}: not UTF-8 text", path.display()),
                )
            })?
        }
        None => String::new(),
    };
    let logo =
        match &args.logo {
            Some(path) => {
                let given =
                    Logo::sniff(read_file(path, "logo", 2 * 1024 * 1024)?).ok_or_else(|| {
                        Error::new(
                            Code::Rejected,
                            format!("logo {}: not a PNG, JPEG or GIF image", path.display()),
                        )
                    })?;
                // Only the pixels go: a photo's EXIF (place, camera, owner) stays here.
                Some(Logo::for_store(&given.bytes).map_err(|e| {
                    Error::new(Code::BadImage, format!("logo {}: {e}", path.display()))
                })?)
            }
            None => None,
        };
    Ok(Information {
        name: args.name.clone(),
        description: args.description.clone(),
        introduction,
        tags: args.tags.clone(),
        publish_type: publish_type.to_owned(),
        logo,
    })
}

fn describe_progress(p: &ShareProgress) -> String {
    let pushes: Vec<String> = p
        .pushes
        .iter()
        .map(|e| {
            let mark = match e.status {
                PushStatus::NotStarted => "waiting".to_owned(),
                PushStatus::Pushing => "pushing".to_owned(),
                PushStatus::Succeeded => "pushed".to_owned(),
                PushStatus::Failed if e.reason.is_empty() => "FAILED".to_owned(),
                PushStatus::Failed => format!("FAILED: {}", e.reason),
            };
            format!("{} {mark}", e.component)
        })
        .collect();
    let stalled = if p.stalled.is_empty() {
        String::new()
    } else {
        format!(
            " (no change for a while; still waiting on {})",
            p.stalled.join(", ")
        )
    };
    format!(
        "{:?}{}{}{stalled}",
        p.phase,
        if pushes.is_empty() { "" } else { ": " },
        pushes.join(", ")
    )
}

pub async fn run(cli: Cli, locale: Locale) -> Result<Value> {
    let http = Transport::new()?;
    match cli.command {
        Command::Completions { shell } => crate::manual::completions(shell),
        Command::Man { dir } => crate::manual::manual(&dir),
        Command::Assets(command) => crate::assets::run(command, locale).await,
        Command::Lint(args) => crate::listings::lint(args, locale, &http).await,
        Command::Preview(args) => crate::listings::preview(args, locale),
        Command::Export(args) => crate::listings::export(args).await,
        Command::Import(args) => crate::listings::import(args).await,
        Command::Diff(args) => crate::listings::diff(args, &http).await,
        Command::Verify(store) => {
            let info = store_client(&http, &store, store_key(&store)?)
                .info()
                .await?;
            if !info.can_publish() {
                return Err(Error::new(
                    Code::NoWritePermission,
                    format!(
                        "the key works but cannot publish: status usable={}, permissions {:?}",
                        info.usable, info.access_actions
                    ),
                ));
            }
            Ok(json!({"summary": format!("{}: the key can publish", info.name), "store": info}))
        }
        Command::StoreLogin { store, phone } => {
            let password = env_secret(STORE_PASSWORD_ENV)
                .ok_or_else(|| setup(format!("set {STORE_PASSWORD_ENV}")))?;
            let client = StoreClient::new(http.clone(), &store.store, &store.market_domain);
            let (key, profile) = client.login(&phone, &password).await?;
            OsKeyring::open()?.set(
                &SecretId::StoreKey {
                    store_url: store.store.clone(),
                },
                &key,
            )?;
            Ok(
                json!({"summary": format!("signed in as {}; the key is in the keyring", profile.nickname), "profile": profile}),
            )
        }
        Command::ConsoleLogin(args) => {
            let password = env_secret(CONSOLE_PASSWORD_ENV)
                .ok_or_else(|| setup(format!("set {CONSOLE_PASSWORD_ENV}")))?;
            let mut console = ConsoleClient::new(http.clone(), &args.console);
            let token = console.login(&args.user, &password).await?;
            let id = SecretId::ConsoleToken {
                console_url: args.console.clone(),
                user: args.user.clone(),
            };
            OsKeyring::open()?.set(&id, &token)?;
            let account = console.account().await?;
            Ok(
                json!({"summary": format!("signed in to the console as {}", account.user), "account": account}),
            )
        }
        Command::Bind {
            console,
            store,
            store_name,
        } => {
            let key = store_key(&store)?;
            let console = console_client(&http, &console).await?;
            let account = console.account().await?;
            let offered = console
                .bindable_stores(&account.enterprise_id, &store.store, &key)
                .await
                .map_err(|e| about_the_key(e.into(), &store))?;
            let mut target = offered
                .into_iter()
                .next()
                .ok_or_else(|| setup("the console offers no store at that URL"))?;
            let already = console.bound_stores(&account.enterprise_id).await?;
            target.name = publish::store_name_for(&target, &already, store_name.as_deref())?;
            console
                .bind_store(&account.enterprise_id, &target, &key)
                .await?;
            let bound = console.bound_stores(&account.enterprise_id).await?;
            let state = bound.into_iter().find(|b| b.name == target.name);
            let can = state.as_ref().is_some_and(|b| b.can_publish());
            Ok(
                json!({"summary": format!("bound {} to the console{}", target.name, if can { "; it can take a publish" } else { " but it cannot take a publish" }),
                      "store": state}),
            )
        }
        Command::Publish(args) => publish(&http, args).await,
        Command::PushInfo(args) => {
            let store = store_client(&http, &args.store, store_key(&args.store)?);
            let info = information(&args.info, &args.publish_type)?;
            let app_id = app_id_of(&store, args.app_id.as_deref(), Some(&args.info.name)).await?;
            let pushed = publish::push_information(&store, &app_id, &info, None).await?;
            let summary = if pushed.changed {
                "pushed the app's information"
            } else {
                "the store has it already; nothing sent"
            };
            Ok(
                json!({"summary": summary, "changed": pushed.changed, "logoSent": pushed.logo_sent, "app": pushed.live}),
            )
        }
        Command::Package {
            store,
            app,
            version,
            name,
            description,
        } => {
            let client = store_client(&http, &store, store_key(&store)?);
            let app_id = app.id(&client).await?;
            let package = NewPackage {
                name: name.unwrap_or_else(|| version.clone()),
                version,
                description,
            };
            let (live, created) = publish::ensure_package(&client, &app_id, &package).await?;
            let summary = format!(
                "package {} {}",
                live.name,
                if created {
                    "created"
                } else {
                    "is there already"
                }
            );
            Ok(json!({"summary": summary, "created": created, "package": live}))
        }
        Command::List { store, app } => shelf(&http, &store, &app, true).await,
        Command::Unlist { store, app } => shelf(&http, &store, &app, false).await,
        Command::Status {
            store,
            app_id,
            template,
        } => {
            let client = store_client(&http, &store, store_key(&store)?);
            let info = client.info().await?;
            let app = match (&app_id, &template) {
                (None, None) => None,
                (id, name) => {
                    let id = app_id_of(&client, id.as_deref(), name.as_deref()).await?;
                    Some(client.app(&id).await?)
                }
            };
            let mut summary = format!(
                "{}: {}",
                info.name,
                if info.can_publish() {
                    "the key can publish"
                } else {
                    "the key cannot publish"
                }
            );
            if let Some(app) = &app {
                summary += &format!(
                    "\n{} ({}): versions {:?}, {}",
                    app.name,
                    app.id,
                    app.versions,
                    if app.listed { "listed" } else { "not listed" }
                );
            }
            Ok(json!({"summary": summary, "store": info, "app": app}))
        }
    }
}

async fn shelf(http: &Transport, store: &StoreArgs, app: &AppRef, listed: bool) -> Result<Value> {
    let client = store_client(http, store, store_key(store)?);
    let app_id = app.id(&client).await?;
    let live = publish::set_listed(&client, &app_id, listed).await?;
    Ok(
        json!({"summary": format!("{} is {}", live.name, if live.listed { "listed" } else { "not listed" }), "app": live}),
    )
}

async fn publish(http: &Transport, args: PublishArgs) -> Result<Value> {
    let console = console_client(http, &args.console).await?;
    let account = console.account().await?;
    let eid = &account.enterprise_id;
    let bound = console.bound_stores(eid).await?;
    let store = match &args.store_name {
        Some(name) => bound.into_iter().find(|b| &b.name == name).ok_or_else(|| {
            setup(format!(
                "no store named {name} is bound to the console; run `rbpub bind`"
            ))
        })?,
        None => {
            let mut usable: Vec<_> = bound.into_iter().filter(|b| b.can_publish()).collect();
            match usable.len() {
                1 => usable.remove(0),
                0 => return Err(setup("no bound store can take a publish; run `rbpub bind`")),
                _ => {
                    return Err(setup(
                        "several bound stores can take a publish; choose one with --store-name",
                    ))
                }
            }
        }
    };
    if !store.can_publish() {
        return Err(Error::new(
            Code::NoWritePermission,
            format!(
                "store {} cannot take a publish (no Write permission)",
                store.name
            ),
        ));
    }
    let info = information(&args.info, "private")?;
    let target = ShareTarget {
        team: args.team,
        region: args.region,
        app_id: args.app_id,
        store_name: store.name,
    };
    let release = NewRelease {
        version: args.version.clone(),
        alias: args.alias,
        release_notes: args.notes,
    };
    let checkpoints = Checkpoints::in_folder(&rbpub_service::data_dir());
    let key = ShareKey::new(
        &args.console.console,
        &target.team,
        target.app_id,
        &args.info.name,
        &args.version,
    );
    let run = RunOptions {
        resume: checkpoints.get(&key),
        // Run again after a failed push: the failed pushes are started again.
        retry: Retry::All,
        watch: Watch {
            timeout: Some(args.timeout),
            ..Watch::default()
        },
    };
    let mut kept = Ok(());
    let mut on_record = |id: i64| {
        if run.resume != Some(id) {
            kept = checkpoints.set(&key, Some(id));
        }
    };
    let cancel = Cancel::default();
    let on_ctrl_c = cancel.clone();
    tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            eprintln!("rbpub: cancelling: giving up the share…");
            on_ctrl_c.cancel();
        }
    });
    let mut last = String::new();
    let mut progress = |p: &ShareProgress| {
        let line = describe_progress(p);
        if line != last {
            eprintln!("{line}");
            last = line;
        }
    };
    let result = publish::publish_release(
        &console,
        eid,
        &target,
        &info,
        &release,
        &run,
        &mut on_record,
        &mut progress,
        &cancel,
    )
    .await;
    kept?;
    // Done or given up: nothing left to resume.
    if result.is_ok() || result.as_ref().is_err_and(|e| e.code == Code::Cancelled) {
        checkpoints.set(&key, None)?;
    }
    let store_name = target.store_name.clone();
    let Release {
        template,
        template_created,
        record,
    } = result.map_err(|e| match e.code {
        Code::StoreKeyRejected => Error::new(
            e.code,
            format!("the store refused the key the console holds for {store_name} ({}); bind it again with a new key: `rbpub bind`", e.message),
        ),
        _ => e,
    })?;
    let summary = match &record {
        Some(r) => format!(
            "published {} {} (share {}); the store's app id is {}",
            template.name, args.version, r.id, template.id
        ),
        None => format!(
            "{} {} is published already; nothing sent (the store's app id is {})",
            template.name, args.version, template.id
        ),
    };
    Ok(
        json!({"summary": summary, "template": template, "templateCreated": template_created, "record": record}),
    )
}
