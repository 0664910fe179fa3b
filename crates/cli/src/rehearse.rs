//! `rbpub rehearse`: an install of a version and the upgrade to the next,
//! rehearsed on the console in a scratch app that is deleted afterwards; and
//! `--clean`, which deletes what a rehearsal stopped half-way left.

use clap::Args;
use rbpub_core::LibraryScope;
use rbpub_service::headless::Headless;
use rbpub_service::rehearse::{self, Outcome, Rehearsal, RehearsalSource};
use rbpub_service::{Code, Error, Result};
use serde_json::{json, Value};

use crate::access::console;
use crate::ConsoleArgs;

/// Installers would meet a problem: a second copy, a component not running,
/// an install or upgrade that failed.
pub const PROBLEMS: u8 = 13;

#[derive(Args)]
pub struct RehearseArgs {
    #[command(flatten)]
    pub console: ConsoleArgs,
    #[arg(long)]
    pub team: String,
    #[arg(long)]
    pub region: String,
    /// The template's name (required unless --clean).
    #[arg(long, required_unless_present = "clean")]
    pub template: Option<String>,
    /// The version installers upgrade to (required unless --clean).
    #[arg(long, required_unless_present = "clean")]
    pub version: Option<String>,
    /// The version installed first; default: the newest one below --version
    /// (none: the version is installed alone).
    #[arg(long)]
    pub from: Option<String>,
    /// Where to install from: `team` or `enterprise` (the console's library),
    /// `store` (the only bound store that can take a publish) or `store:NAME`.
    #[arg(long, default_value = "team", value_parser = parse_source)]
    pub source: SourceArg,
    /// How long an install or an upgrade may take to run (90s, 10m).
    #[arg(long, default_value = "10m", value_parser = crate::duration::parse_duration)]
    pub timeout: std::time::Duration,
    /// Delete every scratch app a rehearsal left in the team and region
    /// (apps named rehearsal-…), with their components, and nothing else.
    #[arg(long, conflicts_with_all = ["template", "version", "from"])]
    pub clean: bool,
}

#[derive(Clone, Debug)]
pub struct SourceArg(RehearsalSource);

fn parse_source(text: &str) -> std::result::Result<SourceArg, String> {
    Ok(SourceArg(match text.trim() {
        "team" => RehearsalSource::Library(LibraryScope::Team),
        "enterprise" => RehearsalSource::Library(LibraryScope::Enterprise),
        "store" => RehearsalSource::Store(String::new()),
        other => match other.strip_prefix("store:") {
            Some(name) if !name.is_empty() => RehearsalSource::Store(name.to_owned()),
            _ => return Err(format!("{other:?}: team, enterprise, store or store:NAME")),
        },
    }))
}

fn outcome_words(o: Outcome) -> &'static str {
    match o {
        Outcome::Installed => "installed",
        Outcome::UpdatedInPlace => "updated in place",
        Outcome::Unchanged => "unchanged",
        Outcome::LeftBehind => "left as it was (nothing in the new version matches it)",
        Outcome::Added => "added",
        Outcome::SecondCopy => "SECOND COPY added beside the installed one",
    }
}

pub async fn rehearse(remote: &Headless, args: RehearseArgs) -> Result<Value> {
    let console = console(remote, &args.console).await?;
    let client = console.client();
    if args.clean {
        let cleaned = rehearse::clean_scratch_apps(client, &args.team, &args.region).await?;
        let summary = match cleaned.len() {
            0 => "no scratch app of a rehearsal was left".to_owned(),
            n => format!(
                "deleted {n} scratch app(s) with their components: {}",
                cleaned.join(", ")
            ),
        };
        return Ok(json!({"summary": summary, "cleaned": cleaned}));
    }
    let account = console.account().await?;
    let (template, version) = match (&args.template, &args.version) {
        (Some(t), Some(v)) => (t.as_str(), v.as_str()),
        _ => {
            return Err(Error::new(
                Code::Invalid,
                "--template and --version are needed",
            ))
        }
    };
    let rehearsal = Rehearsal {
        console: client,
        enterprise: &account.enterprise_id,
        team: &args.team,
        region: &args.region,
        template,
        version,
        from: args.from.as_deref(),
        source: args.source.0.clone(),
        timeout: args.timeout,
        poll_every: rbpub_service::publish::Watch::from_env().poll_every,
    };
    let mut last = String::new();
    let mut progress = |step: &rehearse::RehearsalStep| {
        let line = step.to_string();
        if line != last {
            eprintln!("{}", crate::terminal::shown(&line));
            last = line;
        }
    };
    let report = rehearse::rehearse(&rehearsal, &mut progress).await?;
    let mut lines = vec![match &report.from {
        Some(a) => format!(
            "rehearsed {template}: installed {a}, upgraded to {}",
            report.to
        ),
        None => format!("rehearsed {template}: installed {}", report.to),
    }];
    for c in &report.components {
        let running = if c.not_running { ", NOT RUNNING" } else { "" };
        lines.push(format!(
            "  {}: {}{running}",
            c.name,
            outcome_words(c.outcome)
        ));
        if let Some(before) = &c.before {
            let after = &c.after;
            if before.image != after.image {
                lines.push(format!("    image {} -> {}", before.image, after.image));
            }
            if before.ports != after.ports {
                lines.push(format!("    ports {:?} -> {:?}", before.ports, after.ports));
            }
            if before.volumes != after.volumes {
                lines.push(format!(
                    "    volumes {:?} -> {:?}",
                    before.volumes, after.volumes
                ));
            }
            if before.depends_on != after.depends_on {
                lines.push(format!(
                    "    depends on {:?} -> {:?}",
                    before.depends_on, after.depends_on
                ));
            }
        }
        for kept in &c.kept_values {
            lines.push(format!("    {kept}"));
        }
        for g in &c.generated {
            lines.push(match g.from_component_id {
                true => format!("    {}: set by the upgrade to the first 8 characters of the component's id, not a random value", g.name),
                false => format!("    {}: made by the console for this install ({} characters)", g.name, g.length),
            });
        }
    }
    for p in &report.problems {
        lines.push(format!("problem: {p}"));
    }
    for d in &report.disagreements {
        lines.push(format!("disagreement: {d}"));
    }
    if report.disagreements.is_empty() && report.from.is_some() {
        lines.push("the upgrade report predicted what the console did".into());
    }
    lines.push(format!(
        "the scratch app {} was deleted",
        report.scratch_app
    ));
    Ok(json!({"summary": lines.join("\n"), "report": report, "problems": report.has_problems()}))
}
