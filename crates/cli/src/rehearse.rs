//! `rbpub rehearse`: an install of a version and the upgrade to the next,
//! rehearsed on the console in a scratch app that is deleted afterwards; and
//! `--clean`, which deletes what a rehearsal stopped half-way left.

use clap::Args;
use rbpub_core::catalogue::Sentence;
use rbpub_core::LibraryScope;
use rbpub_core::Locale;
use rbpub_service::headless::Headless;
use rbpub_service::rehearse::{self, Outcome as ComponentOutcome, Rehearsal, RehearsalSource};
use rbpub_service::{Code, Error, Result};
use serde_json::json;

use crate::outcome::{Outcome, Status};

use crate::access::console;
use crate::ConsoleArgs;

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

fn outcome_words(o: ComponentOutcome) -> Sentence {
    Sentence::new(match o {
        ComponentOutcome::Installed => "cli.componentInstalled",
        ComponentOutcome::UpdatedInPlace => "cli.componentUpdated",
        ComponentOutcome::Unchanged => "cli.componentUnchanged",
        ComponentOutcome::LeftBehind => "cli.componentLeftBehind",
        ComponentOutcome::Added => "cli.componentAdded",
        ComponentOutcome::SecondCopy => "cli.componentSecondCopy",
    })
}

pub async fn rehearse(remote: &Headless, args: RehearseArgs, locale: Locale) -> Result<Outcome> {
    let console = console(remote, &args.console).await?;
    let client = console.client();
    if args.clean {
        let cleaned = rehearse::clean_scratch_apps(client, &args.team, &args.region).await?;
        let said = match cleaned.len() {
            0 => Sentence::new("cli.noScratchApps"),
            n => Sentence::new("cli.scratchAppsDeleted")
                .count(n)
                .list("apps", &cleaned),
        };
        return Ok(Outcome::new(json!({"cleaned": cleaned})).said(said));
    }
    let account = console.account().await?;
    let (template, version) = match (&args.template, &args.version) {
        (Some(t), Some(v)) => (t.as_str(), v.as_str()),
        _ => {
            return Err(Error::because(
                Code::Invalid,
                Sentence::new("cli.templateAndVersion"),
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
        let line = step.sentence().say(locale);
        if line != last {
            eprintln!("{}", crate::terminal::shown(&line));
            last = line;
        }
    };
    let report = rehearse::rehearse(&rehearsal, &mut progress).await?;
    let say = |s: Sentence| s.say(locale);
    let mut lines = vec![say(match &report.from {
        Some(a) => Sentence::new("cli.rehearsedUpgrade")
            .arg("template", template)
            .arg("from", a)
            .arg("to", &report.to),
        None => Sentence::new("cli.rehearsedInstall")
            .arg("template", template)
            .arg("to", &report.to),
    })];
    for c in &report.components {
        let line = Sentence::new(match c.not_running {
            true => "cli.componentNotRunning",
            false => "cli.component",
        });
        lines.push(say(line
            .arg("name", &c.name)
            .part("outcome", outcome_words(c.outcome))));
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
            lines.push(format!("    {}", say(kept.sentence())));
        }
        for g in &c.generated {
            let line = match g.from_component_id {
                true => Sentence::new("cli.generatedFromId"),
                false => Sentence::new("cli.generated").arg("length", g.length),
            };
            lines.push(say(line.arg("name", &g.name)));
        }
    }
    for p in &report.problems {
        lines.push(say(Sentence::new("cli.problem").part("what", p.sentence())));
    }
    for d in &report.disagreements {
        lines.push(say(
            Sentence::new("cli.disagreement").part("what", d.sentence())
        ));
    }
    if report.disagreements.is_empty() && report.from.is_some() {
        lines.push(say(Sentence::new("cli.predicted")));
    }
    lines.push(say(
        Sentence::new("cli.scratchDeleted").arg("app", &report.scratch_app)
    ));
    let problems = report.has_problems();
    let outcome =
        Outcome::new(json!({"report": report, "problems": problems})).shown(lines.join("\n"));
    Ok(match problems {
        true => outcome.with_status(Status::Problems),
        false => outcome,
    })
}
