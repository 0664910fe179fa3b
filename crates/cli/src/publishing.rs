//! `rbpub publish`, `rbpub snapshots` and `rbpub snapshot create`: step 4 in a
//! pipeline, from the app as it runs now or from one of its snapshots.

use clap::{Args, Subcommand};
use rbpub_core::catalogue::Sentence;
use rbpub_core::online::{PushEvent, PushStatus};
use rbpub_core::Destination;
use rbpub_core::Locale;
use rbpub_service::headless::{Console, Headless};
use rbpub_service::publish::{
    publish_release, Cancel, Checkpoints, IfExists, InFile, NewRelease, NewSnapshot, Publish,
    Release, Retry, RunOptions, ShareKey, SharePhase, ShareProgress, ShareSource, ShareTarget,
    Watch,
};
use rbpub_service::{Code, Error, Result};
use serde_json::json;

use crate::outcome::Outcome;

use crate::access::{console, store};
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
    #[arg(long, conflicts_with = "to")]
    pub store_name: Option<String>,
    /// Where to publish, repeatable: `store:NAME` (a bound store), `store` (the
    /// only bound store that can take it), `team` or `enterprise` (the
    /// console's own library). Each is a publish of its own. Default: the
    /// bound store that can take a publish; with none (an offline console, none
    /// bound, the key refused) rbpub refuses, saying why, and never picks the library.
    #[arg(long, value_parser = clap::value_parser!(Destination))]
    pub to: Vec<Destination>,
    /// Publish to a library even where its app model has this version number
    /// already (the console keeps the newest, so installs get this one).
    #[arg(long)]
    pub overwrite: bool,
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
    /// Connection values to publish as `**None**`, which the console makes a
    /// random value at each install (comma-separated `COMPONENT_KEY/NAME`, as
    /// the template.credentials finding's item names them).
    #[arg(long, value_delimiter = ',', conflicts_with = "snapshot")]
    pub random_per_install: Vec<String>,
    /// Give up this version's share under way (one that can never finish, or one
    /// that publishes something else) and start a new one.
    #[arg(long)]
    pub restart: bool,
    /// Stop waiting on image pushes after this long (90s, 45m, 2h); the share is
    /// kept, and running the command again goes on with it.
    #[arg(long, default_value = "60m", value_parser = crate::duration::parse_duration)]
    pub timeout: std::time::Duration,
    /// A new version of an app already on the store's shelf is seen by
    /// installers at once: with --listing, the project's [release] rule is
    /// checked first, as `list` checks it.
    #[command(flatten)]
    pub release: crate::ReleaseArgs,
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

fn target(app: &AppArgs, to: Destination) -> ShareTarget {
    ShareTarget {
        team: app.team.clone(),
        region: app.region.clone(),
        app_id: app.app_id,
        to,
    }
}

fn describe_push(e: &PushEvent) -> Sentence {
    let state = match e.status {
        PushStatus::NotStarted if e.waiting => {
            Sentence::new("cli.pushWaitingBecause").arg("why", &e.reason)
        }
        PushStatus::NotStarted => Sentence::new("cli.pushWaiting"),
        PushStatus::Pushing => Sentence::new("cli.pushPushing"),
        PushStatus::Succeeded => Sentence::new("cli.pushPushed"),
        PushStatus::Failed if e.reason.is_empty() => Sentence::new("cli.pushFailed"),
        PushStatus::Failed => Sentence::new("cli.pushFailedBecause").arg("why", &e.reason),
    };
    let what = Sentence::new(match e.plugin {
        true => "cli.pushOfPlugin",
        false => "cli.pushOf",
    });
    what.arg("name", &e.component).part("state", state)
}

/// A publish's progress in one line: the step, each push, what it waits on.
fn describe_progress(p: &ShareProgress, locale: Locale) -> String {
    let phase = Sentence::new(match p.phase {
        SharePhase::Starting => "cli.phaseStarting",
        SharePhase::Submitting => "cli.phaseSubmitting",
        SharePhase::Pushing => "cli.phasePushing",
        SharePhase::Completing => "cli.phaseCompleting",
        SharePhase::Done => "cli.phaseDone",
        SharePhase::Cancelled => "cli.phaseCancelled",
    });
    let mut line = phase.say(locale);
    let pushes = rbpub_core::catalogue::each_of(p.pushes.iter().map(describe_push));
    if let Some(pushes) = pushes {
        line = Sentence::new("cli.phaseWith")
            .arg("phase", line)
            .part("pushes", pushes)
            .say(locale);
    }
    if !p.stalled.is_empty() {
        line += &Sentence::new("cli.stalled")
            .list("names", &p.stalled)
            .say(locale);
    }
    if let Some(w) = &p.waiting {
        line += &Sentence::new("cli.waitingBecause")
            .arg("why", &w.reason)
            .arg("seconds", w.retry_in_secs)
            .say(locale);
    }
    line
}

pub async fn publish(remote: &Headless, args: PublishArgs, locale: Locale) -> Result<Outcome> {
    let console = console(remote, &args.app.console).await?;
    let account = console.account().await?;
    let eid = &account.enterprise_id;
    let chosen = console
        .destinations(eid, &args.to, args.store_name.as_deref())
        .await?;
    if chosen
        .iter()
        .any(|to| matches!(to, Destination::Store { .. }))
    {
        release_gate_if_listed(remote, &args).await?;
    }
    let mut outcomes = Vec::new();
    let mut first_error = None;
    let several = chosen.len() > 1;
    for to in chosen {
        let label = to.to_string();
        match publish_to(remote, &console, eid, &args, to, several, locale).await {
            Ok(outcome) => outcomes.push((label, outcome)),
            Err(e) if several => {
                let failed = Sentence::new("cli.destinationFailed")
                    .arg("to", &label)
                    .arg("why", e.localized(locale));
                eprintln!("{}", crate::terminal::shown(&failed.say(locale)));
                let json = json!({"to": label, "error": e.code});
                outcomes.push((label.clone(), Outcome::new(json).said(failed)));
                first_error.get_or_insert(Error {
                    message: format!("{label}: {}", e.message),
                    ..e
                });
            }
            Err(e) => return Err(e),
        }
    }
    if let Some(e) = first_error {
        return Err(e);
    }
    if !several {
        return Ok(outcomes.remove(0).1);
    }
    // Each destination's lines, under its name.
    let mut all = Outcome::new(json!({}));
    let mut each = Vec::new();
    for (label, outcome) in outcomes {
        let text = outcome.text(locale);
        let mut json = outcome.json;
        json["summary"] = json!(text);
        each.push(json);
        all = all.shown(format!("{label}: {text}"));
    }
    all.json = json!({"destinations": each});
    Ok(all)
}

/// Before a publish to the store of an app already on its shelf, with
/// --listing: the project's release rule, as `list` checks it. An app not on
/// the store yet, or not listed, waits for `list`; where the store cannot be
/// read (no key here), the rule is checked, as for a listed app.
async fn release_gate_if_listed(remote: &Headless, args: &PublishArgs) -> Result<()> {
    let Some(listing) = &args.release.listing else {
        return Ok(());
    };
    if !rbpub_service::approvals::requires_approvals(listing)? {
        return Ok(());
    }
    let listed = match store(remote, &args.store) {
        Ok(store) => store
            .app_named(args.info.name.trim())
            .await?
            .map(|a| a.listed),
        Err(_) => Some(true),
    };
    if listed == Some(true) {
        crate::approvals::release_gate(&args.release).await?;
    }
    Ok(())
}

/// One destination's whole publish, through step 4's one driver: its own
/// template or model, record, checkpoint (the file) and pushes.
async fn publish_to(
    remote: &Headless,
    console: &Console,
    eid: &str,
    args: &PublishArgs,
    to: Destination,
    several: bool,
    locale: Locale,
) -> Result<Outcome> {
    let info = information(&args.info, "private")?;
    let target = target(&args.app, to);
    let release = NewRelease {
        version: args.version.clone(),
        alias: args.alias.clone(),
        release_notes: args.notes.clone(),
    };
    let checkpoint = InFile {
        file: Checkpoints::in_folder(&rbpub_service::data_dir()),
        key: ShareKey::new(
            &args.app.console.console,
            &target.team,
            target.app_id,
            &args.info.name,
            &args.version,
            &target.to,
        ),
    };
    let run = RunOptions {
        // Run again after a failed push: the failed pushes are started again.
        retry: Retry::All,
        watch: Watch {
            timeout: Some(args.timeout),
            ..Watch::from_env()
        },
        source: ShareSource {
            snapshot: args.snapshot.clone(),
            plugins: args.plugins.clone().map(|p| {
                p.into_iter()
                    .filter(|name| !name.is_empty() && name != "none")
                    .collect()
            }),
            accepted_omissions: Vec::new(),
            accept_any_omission: args.accept_omissions,
            random_per_install: args.random_per_install.clone(),
        },
        restart: args.restart,
        if_exists: if args.overwrite {
            IfExists::Overwrite
        } else {
            IfExists::Keep
        },
    };
    let cancel = Cancel::default();
    let on_ctrl_c = cancel.clone();
    let ctrl_c = tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            let line = Sentence::new("cli.cancelling").say(locale);
            eprintln!("rbpub: {line}");
            on_ctrl_c.cancel();
        }
    });
    let mut last = String::new();
    let prefix = if several {
        format!("{}: ", target.to)
    } else {
        String::new()
    };
    let mut progress = |p: &ShareProgress| {
        let line = describe_progress(p, locale);
        if line != last {
            eprintln!("{prefix}{}", crate::terminal::shown(&line));
            last = line;
        }
    };
    // The store with the key, where one is given: the version is read back
    // from it, and a logo the console dropped goes to it directly.
    let store = store(remote, &args.store).ok();
    let request = Publish {
        console: console.client(),
        enterprise: eid,
        target: &target,
        info: &info,
        release: &release,
        run: &run,
        store_app: None,
        store: store.as_ref().map(|s| s.client()),
    };
    let result = publish_release(request, &checkpoint, &mut progress, &cancel).await;
    ctrl_c.abort();
    let where_to = target.to.to_string();
    let Release {
        template,
        template_created,
        logo_dropped,
        logo_pushed,
        record,
        read_back,
    } = result.map_err(|e| match e.code {
        Code::StoreKeyRejected => e.fixed_by(Sentence::new("cli.bindAgain").arg("to", &where_to)),
        Code::ShareStale | Code::ShareDiffers => e.fixed_by(Sentence::new("cli.runWithRestart")),
        Code::OmissionsToConfirm => e.fixed_by(Sentence::new("cli.runAcceptingOmissions")),
        _ => e,
    })?;
    let on_store = matches!(target.to, Destination::Store { .. });
    let said = match (&record, &args.snapshot, on_store) {
        (Some(r), Some(v), true) => Sentence::new("cli.publishedSnapshotStore")
            .arg("snapshot", v)
            .arg("share", r.id),
        (Some(r), Some(v), false) => Sentence::new("cli.publishedSnapshotLibrary")
            .arg("snapshot", v)
            .arg("share", r.id),
        (Some(r), None, true) => Sentence::new("cli.publishedStore").arg("share", r.id),
        (Some(r), None, false) => Sentence::new("cli.publishedLibrary").arg("share", r.id),
        (None, _, true) => Sentence::new("cli.alreadyOnStore"),
        (None, _, false) => Sentence::new("cli.alreadyInLibrary"),
    };
    let mut outcome = Outcome::new(
        json!({"to": target.to.to_string(), "template": template, "templateCreated": template_created,
              "logoDropped": logo_dropped, "logoPushed": logo_pushed, "record": record, "readBack": read_back}),
    )
    .said(
        said.arg("name", &template.name)
            .arg("version", &args.version)
            .arg("id", &template.id),
    );
    // The console made the template without the logo it was given (it keeps
    // uploads in object storage): pushed to the store directly, or said how.
    if logo_pushed {
        outcome = outcome.said(Sentence::new("cli.logoPushedDirectly"));
    } else if logo_dropped {
        outcome = outcome.said(Sentence::new("cli.logoDropped"));
    }
    if read_back {
        outcome = outcome.said(Sentence::new("cli.readBack").arg("version", &args.version));
    }
    Ok(outcome)
}

/// `rbpub snapshots`: the app's snapshots, newest first.
pub async fn snapshots(remote: &Headless, app: AppArgs, locale: Locale) -> Result<Outcome> {
    let console = console(remote, &app.console).await?;
    let Some(snapshots) = console
        .snapshots(&app.team, &app.region, app.app_id)
        .await?
    else {
        return Ok(Outcome::new(json!({"available": false, "snapshots": []}))
            .said(Sentence::new("share.noSnapshotsPublishLive")));
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
                Sentence::new("cli.noComponentChanged").say(locale)
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
    let outcome = Outcome::new(json!({"available": true, "snapshots": snapshots}));
    Ok(match lines.is_empty() {
        true => outcome.said(Sentence::new("cli.noSnapshotsYet")),
        false => outcome.shown(lines.join("\n")),
    })
}

/// `rbpub snapshot create`.
pub async fn snapshot(remote: &Headless, command: SnapshotCommand) -> Result<Outcome> {
    let SnapshotCommand::Create {
        app,
        version,
        alias,
        notes,
    } = command;
    let console = console(remote, &app.console).await?;
    let made = console
        .create_snapshot(
            &target(&app, Destination::default()),
            &NewSnapshot {
                version: &version,
                alias: &alias,
                notes: &notes,
            },
        )
        .await?;
    let said = Sentence::new(match made.created {
        true => "cli.snapshotMade",
        false => "cli.snapshotUnchanged",
    });
    Ok(
        Outcome::new(json!({"created": made.created, "snapshot": made.snapshot}))
            .said(said.arg("version", &made.snapshot.version)),
    )
}
