//! `rbpub pull`: apps already on the store brought into the drafts, or into
//! listing folders with `--to`, so their maintainers start from what the store
//! shows instead of retyping it.

use std::path::PathBuf;

use clap::{ArgGroup, Args};
use rbpub_core::catalogue::Sentence;
use rbpub_core::Locale;
use rbpub_service::headless::Headless;
use rbpub_service::{ExportAs, Result};
use serde_json::json;

use crate::outcome::Outcome;

use crate::access::store;
use crate::StoreArgs;

#[derive(Args)]
#[command(group(ArgGroup::new("which").required(true).args(["app_id", "template", "all"])))]
pub struct PullArgs {
    #[command(flatten)]
    pub store: StoreArgs,
    /// The store app's id.
    #[arg(long)]
    pub app_id: Option<String>,
    /// Or the app's name on the store.
    #[arg(long)]
    pub template: Option<String>,
    /// Or every app the key owns.
    #[arg(long)]
    pub all: bool,
    /// Write each app as a listing folder under DIR (named after the app),
    /// instead of into the drafts.
    #[arg(long, value_name = "DIR")]
    pub to: Option<PathBuf>,
    /// With --to: write into a folder that holds files a pull of the same app
    /// did not write (your own listing, say). Without it such a folder is
    /// left alone and the pull says so.
    #[arg(long, requires = "to")]
    pub force: bool,
}

pub async fn pull(remote: &Headless, args: PullArgs, locale: Locale) -> Result<Outcome> {
    let store = store(remote, &args.store)?;
    let ids = if args.all {
        store.own_app_ids().await?
    } else {
        vec![
            store
                .app_id(args.app_id.as_deref(), args.template.as_deref())
                .await?,
        ]
    };
    let mut progress = |done: usize, total: usize, name: &str| {
        let line = Sentence::new("cli.pullRead")
            .arg("done", done)
            .arg("total", total)
            .arg("name", name);
        eprintln!("rbpub: {}", crate::terminal::shown(&line.say(locale)))
    };
    let mut lines = Vec::new();
    let mut results = Vec::new();
    // Each batch of apps is written (or stored) before the next is read.
    let service = match &args.to {
        Some(_) => None,
        None => Some(rbpub_service::Service::open(&rbpub_service::data_dir()).await),
    };
    // Two apps of one name get two folders: `Gitea`, `Gitea-2`.
    let mut used = std::collections::HashSet::new();
    let mut batches = store.pull_batches(&ids, rbpub_service::pull::PULL_AT_ONCE);
    while let Some(pulled) = batches.next(&mut progress).await {
        let pulled = pulled?;
        match (&args.to, &service) {
            (Some(dir), _) => {
                for app in pulled {
                    let name = app.draft.listing.name.clone();
                    let base = rbpub_service::export_name(&name, ExportAs::Folder);
                    let mut folder = dir.join(&base);
                    let mut n = 1;
                    while !used.insert(folder.clone()) {
                        n += 1;
                        folder = dir.join(format!("{}-{n}", base.display()));
                    }
                    let problem = app.logo_problem.clone();
                    rbpub_service::pull::write_pulled(&folder, app, args.force).await?;
                    lines.push(
                        Sentence::new("cli.pullWritten")
                            .arg("name", &name)
                            .arg("folder", folder.display())
                            .say(locale),
                    );
                    if let Some(p) = &problem {
                        lines.push(format!("  {}", p.localized(locale)));
                    }
                    results.push(json!({"name": name, "folder": folder, "logoProblem": problem}));
                }
            }
            (None, Some(service)) => {
                for outcome in service.import_pulled_all(pulled).await? {
                    lines.push(describe_import(&outcome, locale));
                    if let Some(p) = &outcome.logo_problem {
                        lines.push(format!("  {}", p.localized(locale)));
                    }
                    results.push(serde_json::to_value(&outcome).unwrap_or_default());
                }
            }
            (None, None) => {}
        }
    }
    Ok(Outcome::new(json!({"pulled": results})).shown(lines.join("\n")))
}

/// What a pull into the drafts did with one app.
fn describe_import(outcome: &rbpub_service::pull::PullOutcome, locale: Locale) -> String {
    let said = if outcome.refreshed && !outcome.differs.is_empty() {
        let fields: Vec<&str> = outcome.differs.iter().map(|f| f.label(locale)).collect();
        Sentence::new("cli.pullDiffers").list("fields", &fields)
    } else if outcome.refreshed {
        Sentence::new("cli.pullSame")
    } else {
        Sentence::new("cli.pulled").arg("id", &outcome.listing_id)
    };
    said.arg("name", &outcome.name).say(locale)
}
