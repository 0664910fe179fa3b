//! Each subcommand: read the secrets, call the shared use cases, describe the result.

use std::path::PathBuf;

use clap::Args;
use rbpub_core::online::PushStatus;
use rbpub_core::Locale;
use rbpub_service::headless::Headless;
use rbpub_service::publish::{
    Cancel, Information, Logo, NewPackage, NewRelease, Release, Retry, RunOptions, ShareProgress,
    ShareTarget, Watch,
};
use rbpub_service::{Code, Error, Result};
use serde_json::{json, Value};

use crate::access::{about_the_key, console, env_secret, setup, store, store_key};
use crate::access::{CONSOLE_PASSWORD_ENV, STORE_PASSWORD_ENV};
use crate::checkpoint::{Checkpoints, ShareKey};
use crate::{AppRef, Cli, Command, ConsoleArgs, StoreArgs};

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
    let remote = Headless::new()?;
    match cli.command {
        Command::Completions { shell } => crate::manual::completions(shell),
        Command::Man { dir } => crate::manual::manual(&dir),
        Command::Assets(command) => crate::assets::run(command, locale).await,
        Command::Lint(args) => crate::listings::lint(args, locale, &remote).await,
        Command::Preview(args) => crate::listings::preview(args, locale),
        Command::Export(args) => crate::listings::export(args).await,
        Command::Import(args) => crate::listings::import(args).await,
        Command::Diff(args) => crate::listings::diff(args, &remote).await,
        Command::Verify(args) => {
            let info = store(&remote, &args)?.publishing_key().await?;
            Ok(json!({"summary": format!("{}: the key can publish", info.name), "store": info}))
        }
        Command::StoreLogin { store, phone } => {
            let password = env_secret(STORE_PASSWORD_ENV)
                .ok_or_else(|| setup(format!("set {STORE_PASSWORD_ENV}")))?;
            let profile = remote
                .store_sign_in(&store.address(), &phone, &password)
                .await?;
            Ok(
                json!({"summary": format!("signed in as {}; the key is in the keyring", profile.nickname), "profile": profile}),
            )
        }
        Command::ConsoleLogin(args) => {
            let password = env_secret(CONSOLE_PASSWORD_ENV)
                .ok_or_else(|| setup(format!("set {CONSOLE_PASSWORD_ENV}")))?;
            let account = remote.console_sign_in(&args.address(), &password).await?;
            Ok(
                json!({"summary": format!("signed in to the console as {}", account.user), "account": account}),
            )
        }
        Command::Bind {
            console: console_args,
            store,
            store_name,
        } => {
            let key = store_key(&remote, &store)?;
            let console = console(&remote, &console_args).await?;
            let account = console.account().await?;
            let (name, state) = console
                .bind(
                    &account.enterprise_id,
                    &store.store,
                    &key,
                    store_name.as_deref(),
                )
                .await
                .map_err(|e| about_the_key(e, &store))?;
            let can = state.as_ref().is_some_and(|b| b.can_publish());
            Ok(
                json!({"summary": format!("bound {name} to the console{}", if can { "; it can take a publish" } else { " but it cannot take a publish" }),
                      "store": state}),
            )
        }
        Command::Publish(args) => publish(&remote, args).await,
        Command::PushInfo(args) => {
            let store = store(&remote, &args.store)?;
            let info = information(&args.info, &args.publish_type)?;
            let app_id = store
                .app_id(args.app_id.as_deref(), Some(&args.info.name))
                .await?;
            let pushed = store.push_information(&app_id, &info).await?;
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
            store: store_args,
            app,
            version,
            name,
            description,
        } => {
            let store = store(&remote, &store_args)?;
            let app_id = app.id(&store).await?;
            let package = NewPackage {
                name: name.unwrap_or_else(|| version.clone()),
                version,
                description,
            };
            let (live, created) = store.ensure_package(&app_id, &package).await?;
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
        Command::List { store, app } => shelf(&remote, &store, &app, true).await,
        Command::Unlist { store, app } => shelf(&remote, &store, &app, false).await,
        Command::Status {
            store: store_args,
            app_id,
            template,
        } => {
            let store = store(&remote, &store_args)?;
            let info = store.info().await?;
            let app = match (&app_id, &template) {
                (None, None) => None,
                (id, name) => {
                    let id = store.app_id(id.as_deref(), name.as_deref()).await?;
                    Some(store.app(&id).await?)
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

async fn shelf(remote: &Headless, args: &StoreArgs, app: &AppRef, listed: bool) -> Result<Value> {
    let store = store(remote, args)?;
    let app_id = app.id(&store).await?;
    let live = store.set_listed(&app_id, listed).await?;
    Ok(
        json!({"summary": format!("{} is {}", live.name, if live.listed { "listed" } else { "not listed" }), "app": live}),
    )
}

async fn publish(remote: &Headless, args: PublishArgs) -> Result<Value> {
    let console = console(remote, &args.console).await?;
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
    let result = console
        .publish_release(
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
