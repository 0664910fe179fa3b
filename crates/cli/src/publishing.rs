//! `rbpub publish`, `rbpub snapshots` and `rbpub snapshot create`: step 4 in a
//! pipeline, from the app as it runs now or from one of its snapshots.

use clap::{Args, Subcommand};
use rbpub_core::online::{PushEvent, PushStatus};
use rbpub_service::headless::{Console, Headless};
use rbpub_service::publish::{
    Cancel, NewRelease, NewSnapshot, Release, Retry, RunOptions, ShareProgress, ShareSource,
    ShareTarget, Watch,
};
use rbpub_service::{Code, Error, Result};
use serde_json::{json, Value};

use crate::access::{console, setup, store};
use crate::checkpoint::{Checkpoints, ShareKey};
use crate::info::{information, TemplateArgs};
use crate::{ConsoleArgs, StoreArgs};

/// The running app: in which team and region, by its id.
#[derive(Args)]
pub struct AppArgs {
    #[command(flatten)]
    pub console: ConsoleArgs,
    #[arg(long)]
    pub team: String,
    #[arg(long)]
    pub region: String,
    /// The running app's id in the console (its group id).
    #[arg(long)]
    pub app_id: i64,
}

#[derive(Args)]
pub struct PublishArgs {
    #[command(flatten)]
    pub app: AppArgs,
    /// Where the logo goes when the console drops it (a console that keeps
    /// uploads in object storage): pushed to the store directly, with the key.
    #[command(flatten)]
    pub store: StoreArgs,
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
    /// Publish this snapshot of the app (its version number, as `rbpub snapshots`
    /// lists them) instead of the app as it runs now.
    #[arg(long)]
    pub snapshot: Option<String>,
    /// The plugins to share, by id or name, comma-separated, or `none`; those a
    /// shared component uses are shared whatever is given. Default: every plugin.
    /// A snapshot carries its own.
    #[arg(long, value_delimiter = ',', conflicts_with = "snapshot")]
    pub plugins: Option<Vec<String>>,
    /// Publish even though the share leaves out components of the app or
    /// dependencies (without it they are named, and rbpub exits 11).
    #[arg(long)]
    pub accept_omissions: bool,
    /// Give up this version's share under way (one that can never finish, or one
    /// that publishes something else) and start a new one.
    #[arg(long)]
    pub restart: bool,
    /// Stop waiting on image pushes after this long (90s, 45m, 2h); the share is
    /// kept, and running the command again goes on with it.
    #[arg(long, default_value = "60m", value_parser = crate::checkpoint::parse_duration)]
    pub timeout: std::time::Duration,
}

#[derive(Subcommand)]
pub enum SnapshotCommand {
    /// Make a snapshot of the app as it runs now (nothing is made when no
    /// component changed since the newest one: that one is named).
    Create {
        #[command(flatten)]
        app: AppArgs,
        /// The snapshot's version number, as 1.2.0.
        #[arg(long)]
        version: String,
        #[arg(long, default_value = "")]
        alias: String,
        #[arg(long, default_value = "")]
        notes: String,
    },
}

fn target(app: &AppArgs, store_name: String) -> ShareTarget {
    ShareTarget {
        team: app.team.clone(),
        region: app.region.clone(),
        app_id: app.app_id,
        store_name,
    }
}

fn describe_push(e: &PushEvent) -> String {
    let mark = match e.status {
        PushStatus::NotStarted if e.waiting => format!("waiting ({})", e.reason),
        PushStatus::NotStarted => "waiting".to_owned(),
        PushStatus::Pushing => "pushing".to_owned(),
        PushStatus::Succeeded => "pushed".to_owned(),
        PushStatus::Failed if e.reason.is_empty() => "FAILED".to_owned(),
        PushStatus::Failed => format!("FAILED: {}", e.reason),
    };
    let what = if e.plugin { "plugin " } else { "" };
    format!("{what}{} {mark}", e.component)
}

fn describe_progress(p: &ShareProgress) -> String {
    let pushes: Vec<String> = p.pushes.iter().map(describe_push).collect();
    let stalled = if p.stalled.is_empty() {
        String::new()
    } else {
        format!(
            " (no change for a while; still waiting on {})",
            p.stalled.join(", ")
        )
    };
    let waiting = match &p.waiting {
        Some(w) => format!(
            " (waiting: {}; trying again in {} s)",
            w.reason, w.retry_in_secs
        ),
        None => String::new(),
    };
    format!(
        "{:?}{}{}{stalled}{waiting}",
        p.phase,
        if pushes.is_empty() { "" } else { ": " },
        pushes.join(", ")
    )
}

/// The bound store to publish to: the one named, else the only one that can take it.
async fn store_to_publish(console: &Console, eid: &str, asked: Option<&str>) -> Result<String> {
    let bound = console.bound_stores(eid).await?;
    let store = match asked {
        Some(name) => bound.into_iter().find(|b| b.name == name).ok_or_else(|| {
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
    Ok(store.name)
}

pub async fn publish(remote: &Headless, args: PublishArgs) -> Result<Value> {
    let console = console(remote, &args.app.console).await?;
    let account = console.account().await?;
    let eid = &account.enterprise_id;
    let store_name = store_to_publish(&console, eid, args.store_name.as_deref()).await?;
    let info = information(&args.info, "private")?;
    let target = target(&args.app, store_name);
    let release = NewRelease {
        version: args.version.clone(),
        alias: args.alias,
        release_notes: args.notes,
    };
    let checkpoints = Checkpoints::in_folder(&rbpub_service::data_dir());
    let key = ShareKey::new(
        &args.app.console.console,
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
            ..Watch::from_env()
        },
        source: ShareSource {
            snapshot: args.snapshot.clone(),
            plugins: args.plugins.map(|p| {
                p.into_iter()
                    .filter(|name| !name.is_empty() && name != "none")
                    .collect()
            }),
            accepted_omissions: Vec::new(),
            accept_any_omission: args.accept_omissions,
        },
        restart: args.restart,
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
    let ended = matches!(
        result.as_ref().map_err(|e| e.code),
        Ok(_) | Err(Code::Cancelled | Code::SnapshotNotTaken)
    );
    if ended {
        checkpoints.set(&key, None)?;
    }
    let store_name = target.store_name.clone();
    let Release {
        template,
        template_created,
        logo_dropped,
        record,
    } = result.map_err(|e| match e.code {
        Code::StoreKeyRejected => Error::new(
            e.code,
            format!("the store refused the key the console holds for {store_name} ({}); bind it again with a new key: `rbpub bind`", e.message),
        ),
        Code::ShareStale | Code::ShareDiffers => Error {
            message: format!("{} Run again with --restart to do so.", e.message),
            ..e
        },
        Code::OmissionsToConfirm => Error {
            message: format!("{} Run again with --accept-omissions to publish anyway.", e.message),
            ..e
        },
        _ => e,
    })?;
    let from = match &args.snapshot {
        Some(v) => format!(" from snapshot {v}"),
        None => String::new(),
    };
    let mut summary = match &record {
        Some(r) => format!(
            "published {} {}{from} (share {}); the store's app id is {}",
            template.name, args.version, r.id, template.id
        ),
        None => format!(
            "{} {} is published already; nothing sent (the store's app id is {})",
            template.name, args.version, template.id
        ),
    };
    // The console made the template without the logo it was given: the logo
    // goes to the store directly, or the user is told how.
    let logo_pushed = if logo_dropped {
        match store(remote, &args.store) {
            Ok(store) => {
                store.push_information(&template.id, &info).await?;
                summary += "\nthe console dropped the logo (it keeps uploads in object storage); it was pushed to the store directly";
                true
            }
            Err(_) => {
                summary += "\nwarning: the console dropped the logo (it keeps uploads in object storage); push it with `rbpub push-info --logo` and a store key";
                false
            }
        }
    } else {
        false
    };
    Ok(
        json!({"summary": summary, "template": template, "templateCreated": template_created,
              "logoDropped": logo_dropped, "logoPushed": logo_pushed, "record": record}),
    )
}

/// `rbpub snapshots`: the app's snapshots, newest first.
pub async fn snapshots(remote: &Headless, app: AppArgs) -> Result<Value> {
    let console = console(remote, &app.console).await?;
    let Some(snapshots) = console
        .snapshots(&app.team, &app.region, app.app_id)
        .await?
    else {
        return Ok(json!({
            "summary": "this console has no snapshots (it is older than them): publish the app as it runs now",
            "available": false, "snapshots": []}));
    };
    let lines: Vec<String> = snapshots
        .iter()
        .map(|s| {
            let alias = if s.alias.is_empty() {
                String::new()
            } else {
                format!(" ({})", s.alias)
            };
            let c = &s.changes;
            let changes = if c.is_empty() {
                "no component changed".to_owned()
            } else {
                format!(
                    "+{} −{} ~{}",
                    c.added.len(),
                    c.removed.len(),
                    c.updated.len()
                )
            };
            format!("{}{alias}  {}  {changes}", s.version, s.created)
        })
        .collect();
    let summary = if lines.is_empty() {
        "no snapshots yet: make one with `rbpub snapshot create`".to_owned()
    } else {
        lines.join("\n")
    };
    Ok(json!({"summary": summary, "available": true, "snapshots": snapshots}))
}

/// `rbpub snapshot create`.
pub async fn snapshot(remote: &Headless, command: SnapshotCommand) -> Result<Value> {
    let SnapshotCommand::Create {
        app,
        version,
        alias,
        notes,
    } = command;
    let console = console(remote, &app.console).await?;
    let made = console
        .create_snapshot(
            &target(&app, String::new()),
            &NewSnapshot {
                version: &version,
                alias: &alias,
                notes: &notes,
            },
        )
        .await?;
    let summary = if made.created {
        format!("made snapshot {}", made.snapshot.version)
    } else {
        format!(
            "nothing changed since snapshot {}: no new snapshot was made (当前没有新的变更，无需创建快照)",
            made.snapshot.version
        )
    };
    Ok(json!({"summary": summary, "created": made.created, "snapshot": made.snapshot}))
}
