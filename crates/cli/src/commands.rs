//! Each subcommand: read the secrets, call the shared use cases, describe the result.

use clap::Args;
use rbpub_core::catalogue::Sentence;
use rbpub_core::Locale;
use rbpub_service::headless::Headless;
use rbpub_service::publish::NewPackage;
use rbpub_service::Result;
use serde_json::json;

use crate::outcome::Outcome;

use crate::access::{about_the_key, console, env_secret, store, store_key};
use crate::access::{CONSOLE_PASSWORD_ENV, STORE_PASSWORD_ENV};
use crate::info::{information, TemplateArgs};
use crate::{AppRef, Cli, Command, StoreArgs};

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

pub async fn run(cli: Cli, locale: Locale) -> Result<Outcome> {
    let remote = Headless::new()?;
    match cli.command {
        Command::Completions { shell } => crate::manual::completions(shell),
        Command::Man { dir } => crate::manual::manual(&dir),
        Command::Diagnostics => {
            let report = crate::listings::open_service().await.diagnostics().await;
            Ok(Outcome::new(json!({"diagnostics": report})).shown(report.text))
        }
        Command::Assets(command) => crate::assets::run(command, locale).await,
        Command::Approve(args) => crate::approvals::approve(args).await,
        Command::Approvals(args) => crate::approvals::approvals(args).await,
        Command::Lint(args) => crate::listings::lint(args, locale, &remote).await,
        Command::Preview(args) => crate::listings::preview(args, locale),
        Command::Export(args) => crate::listings::export(args).await,
        Command::Import(args) => crate::listings::import(args, locale).await,
        Command::Pull(args) => crate::pull::pull(&remote, args, locale).await,
        Command::Diff(args) => crate::listings::diff(args, &remote, locale).await,
        Command::DiffVersions(args) => crate::listings::diff_versions(args, locale, &remote).await,
        Command::Verify(args) => {
            let info = store(&remote, &args)?.publishing_key().await?;
            Ok(Outcome::new(json!({"store": info}))
                .said(Sentence::new("cli.keyCanPublish").arg("store", &info.name)))
        }
        Command::StoreLogin { store, phone } => {
            let password =
                env_secret(STORE_PASSWORD_ENV).ok_or_else(|| needs_variable(STORE_PASSWORD_ENV))?;
            let profile = remote
                .store_sign_in(&store.address(), &phone, &password)
                .await?;
            Ok(Outcome::new(json!({"profile": profile}))
                .said(Sentence::new("cli.storeSignedIn").arg("name", &profile.nickname)))
        }
        Command::ConsoleLogin(args) => {
            let password = env_secret(CONSOLE_PASSWORD_ENV)
                .ok_or_else(|| needs_variable(CONSOLE_PASSWORD_ENV))?;
            let account = remote.console_sign_in(&args.address(), &password).await?;
            Ok(Outcome::new(json!({"account": account}))
                .said(Sentence::new("cli.consoleSignedIn").arg("user", &account.user)))
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
            let said = match can {
                true => Sentence::new("cli.boundCanPublish"),
                false => Sentence::new("cli.boundCannotPublish"),
            };
            Ok(Outcome::new(json!({"store": state})).said(said.arg("store", &name)))
        }
        Command::Publish(args) => crate::publishing::publish(&remote, *args, locale).await,
        Command::Rehearse(args) => crate::rehearse::rehearse(&remote, *args, locale).await,
        Command::Snapshots(args) => crate::publishing::snapshots(&remote, args, locale).await,
        Command::Snapshot(command) => crate::publishing::snapshot(&remote, command).await,
        Command::PushInfo(args) => {
            let store = store(&remote, &args.store)?;
            let info = information(&args.info, &args.publish_type)?;
            let app_id = store
                .app_id(args.app_id.as_deref(), Some(&args.info.name))
                .await?;
            let pushed = store.push_information(&app_id, &info).await?;
            let said = Sentence::new(match pushed.changed {
                true => "cli.infoPushed",
                false => "cli.nothingSent",
            });
            Ok(Outcome::new(
                json!({"changed": pushed.changed, "logoSent": pushed.logo_sent, "app": pushed.live}),
            )
            .said(said))
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
            let said = Sentence::new(match created {
                true => "cli.packageCreated",
                false => "cli.packageThere",
            });
            Ok(Outcome::new(json!({"created": created, "package": live}))
                .said(said.arg("package", &live.name)))
        }
        Command::List {
            store,
            app,
            release,
        } => {
            let gate = crate::approvals::release_gate(&release).await?;
            let mut listed = shelf(&remote, &store, &app, true).await?;
            if let Some(counted) = gate {
                let name = listed.json["app"]["name"].as_str().unwrap_or_default();
                let said = Sentence::new("cli.listedApprovedBy")
                    .arg("app", name)
                    .list("signers", &counted);
                listed.lines.clear();
                listed = listed.said(said);
                listed.json["approvedBy"] = json!(counted);
            }
            Ok(listed)
        }
        Command::Unlist { store, app } => shelf(&remote, &store, &app, false).await,
        Command::Status(args) => crate::status::status(&remote, args, locale).await,
    }
}

async fn shelf(remote: &Headless, args: &StoreArgs, app: &AppRef, listed: bool) -> Result<Outcome> {
    let store = store(remote, args)?;
    let app_id = app.id(&store).await?;
    let live = store.set_listed(&app_id, listed).await?;
    let said = Sentence::new(match live.listed {
        true => "cli.isListed",
        false => "cli.isNotListed",
    });
    Ok(Outcome::new(json!({"app": live})).said(said.arg("app", &live.name)))
}

/// A secret rbpub reads only from the environment is not set.
fn needs_variable(name: &str) -> rbpub_service::Error {
    crate::access::setup(Sentence::new("cli.setVariable").arg("name", name))
}
