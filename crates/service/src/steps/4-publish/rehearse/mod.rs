//! Rehearsing an install and an upgrade on the console, before installers do
//! (docs/install-upgrade.md): a scratch app named for what it is, version
//! A installed and waited on until it runs, each component read, the upgrade
//! to B through an upgrade record, read again, the scratch app deleted with its
//! components and checked gone. The report says per component what the
//! console did (updated in place, a second copy beside the old one, left
//! unchanged, added, not running), what installers get, and whether our
//! upgrade report predicted it; a disagreement is ours to fix.

use crate::Params;
use rbpub_core::catalogue::Sentence;
use std::time::{Duration, Instant};

use rbpub_core::template::Component;
use rbpub_core::upgrade::{self, Fate};
use rbpub_core::{LibraryScope, Template};
use rbpub_remote::{AppComponent, ConsoleClient, ErrorKind, Install, InstallFrom};

use crate::error::{Code, Error, Result};

mod report;
pub use report::{
    ComponentResult, ComponentState, Disagreement, Generated, KeptValue, Outcome, Problem,
    RehearsalReport, RehearsalStep,
};

/// The prefix of every scratch app a rehearsal makes: what `--clean` looks for.
pub const SCRATCH_PREFIX: &str = "rehearsal-";

/// Where the rehearsal installs from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RehearsalSource {
    /// The console's library, in this scope.
    Library(LibraryScope),
    /// A bound store, by its name in the console (empty: the only one that can take a publish).
    Store(String),
}

/// One rehearsal asked for.
pub struct Rehearsal<'a> {
    /// The console, signed in.
    pub console: &'a ConsoleClient,
    /// The console user's enterprise.
    pub enterprise: &'a str,
    /// The team and region to rehearse in.
    pub team: &'a str,
    /// The region (cluster).
    pub region: &'a str,
    /// The template's name.
    pub template: &'a str,
    /// The version installers upgrade to.
    pub version: &'a str,
    /// The version installed first; `None`: the newest one below `version`, if any.
    pub from: Option<&'a str>,
    /// Where from.
    pub source: RehearsalSource,
    /// How long installs and upgrades may take to run.
    pub timeout: Duration,
    /// How often the console is asked.
    pub poll_every: Duration,
}

/// The model and its complete versions, with their templates where the console gives them.
struct Model {
    from: InstallFrom,
    name: String,
    versions: Vec<String>,
    templates: Vec<(String, String)>,
}

async fn model(r: &Rehearsal<'_>) -> Result<Model> {
    let (c, name) = (r.console, r.template.trim());
    match &r.source {
        RehearsalSource::Library(scope) => {
            let found = crate::library::find_model(c, r.enterprise, *scope, r.team, name)
                .await?
                .ok_or_else(|| {
                    Error::because(
                        Code::NotFound,
                        Sentence::new(match scope {
                            LibraryScope::Team => "rehearse.noTeamModel",
                            LibraryScope::Enterprise => "rehearse.noEnterpriseModel",
                        })
                        .arg("name", name)
                        .arg("team", r.team),
                    )
                })?;
            let rows = c.app_model_versions(r.enterprise, &found.id).await?;
            Ok(Model {
                from: InstallFrom::Library {
                    model: found.id.clone(),
                },
                name: found.name.clone(),
                versions: found
                    .versions
                    .iter()
                    .filter(|v| v.complete)
                    .map(|v| v.version.clone())
                    .collect(),
                templates: rows
                    .into_iter()
                    .filter(|row| row.complete)
                    .map(|row| (row.version, row.template))
                    .collect(),
            })
        }
        RehearsalSource::Store(asked) => {
            // `store` alone: the only bound store that can take a publish, as publish chooses it.
            let store = match asked.as_str() {
                "" => {
                    let only = [rbpub_core::Destination::default()];
                    match crate::release::choose_destinations(c, r.enterprise, &only, None)
                        .await?
                        .pop()
                    {
                        Some(rbpub_core::Destination::Store { name }) => name,
                        _ => String::new(),
                    }
                }
                named => named.to_owned(),
            };
            let store = &store;
            let all = c.templates(r.enterprise, store).await?;
            let t = all.into_iter().find(|t| t.name == name).ok_or_else(|| {
                Error::because(
                    Code::NotFound,
                    Sentence::new("rehearse.noStoreApp")
                        .arg("store", store)
                        .arg("name", name),
                )
            })?;
            Ok(Model {
                from: InstallFrom::Store {
                    store: store.clone(),
                    app: t.id.clone(),
                },
                name: t.name,
                versions: t.versions,
                templates: Vec::new(),
            })
        }
    }
}

/// A scratch app's name: what it is for, the template and a few random digits.
fn scratch_name(template: &str) -> String {
    let slug: String = template
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect::<String>()
        .split('-')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    let slug: String = slug.chars().take(32).collect();
    let slug = if slug.is_empty() {
        "app".to_owned()
    } else {
        slug
    };
    let random = &rbpub_assets::hash(format!("{template} {:?}", Instant::now()).as_bytes())[..8];
    format!("{SCRATCH_PREFIX}{}-{random}", slug.trim_end_matches('-'))
}

fn number(v: &str) -> Vec<u64> {
    v.split('.')
        .map(|p| p.trim().parse().unwrap_or(0))
        .collect()
}

/// Rehearses the install of A and the upgrade to B; see the module's docs.
/// `progress` hears each step in words.
pub async fn rehearse(
    r: &Rehearsal<'_>,
    progress: &mut (dyn FnMut(&RehearsalStep) + Send),
) -> Result<RehearsalReport> {
    let model = model(r).await?;
    let b = r.version.trim();
    // Refused before anything is made.
    let known = |v: &str| model.versions.iter().any(|x| x == v);
    if !known(b) {
        return Err(Error::because(
            Code::NotFound,
            Sentence::new("rehearse.noVersion")
                .arg("model", &model.name)
                .arg("version", b)
                .list("versions", &model.versions),
        ));
    }
    let a = match r.from.map(str::trim) {
        Some(a) if !known(a) => {
            return Err(Error::because(
                Code::NotFound,
                Sentence::new("rehearse.noFirstVersion")
                    .arg("model", &model.name)
                    .arg("version", a)
                    .list("versions", &model.versions),
            ))
        }
        Some(a) => Some(a.to_owned()),
        None => model
            .versions
            .iter()
            .filter(|v| number(v) < number(b))
            .max_by_key(|v| number(v))
            .cloned(),
    }
    .filter(|a| a != b);
    let name = scratch_name(&model.name);
    progress(&RehearsalStep::Making { app: name.clone() });
    let app = r.console.create_app(r.team, r.region, &name, &name).await?;
    let run = Run { r, app, progress };
    let outcome = run_in(run, &model, a.as_deref(), b).await;
    progress(&RehearsalStep::Cleaning);
    // Always: the scratch app goes, with its components.
    let cleaned = clean(r.console, r.team, r.region, app).await;
    let mut report = outcome?;
    report.scratch_app = name;
    report.cleaned = cleaned?;
    if !report.cleaned {
        report.problems.push(Problem::NotCleaned);
    }
    Ok(report)
}

struct Run<'a, 'p> {
    r: &'a Rehearsal<'a>,
    app: i64,
    progress: &'p mut (dyn FnMut(&RehearsalStep) + Send),
}

impl Run<'_, '_> {
    /// Waits until every component runs; the ones that do not when time runs out.
    async fn wait_running(&mut self, install: bool) -> Result<Vec<AppComponent>> {
        let began = Instant::now();
        loop {
            let all = self
                .r
                .console
                .app_components(self.r.team, self.r.region, self.app)
                .await?;
            let running = all
                .iter()
                .filter(|c| c.create_status == "complete" && c.status == "running")
                .count();
            let abnormal = all.iter().any(|c| c.status == "abnormal");
            let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
            (self.progress)(&RehearsalStep::Waiting {
                install,
                running: count(running),
                total: count(all.len()),
            });
            if running == all.len() || abnormal || began.elapsed() >= self.r.timeout {
                return Ok(all);
            }
            tokio::time::sleep(self.r.poll_every).await;
        }
    }

    /// Each component of the install, with its variables and status.
    async fn read(
        &mut self,
        install: &Install,
        statuses: &[AppComponent],
    ) -> Result<Vec<(String, ComponentState)>> {
        let (c, t, rg) = (self.r.console, self.r.team, self.r.region);
        let mut out = Vec::new();
        for comp in c.install_components(t, rg, self.app, install).await? {
            let mut env = c
                .component_envs(t, rg, &comp.service_alias, "inner")
                .await?;
            env.extend(
                c.component_envs(t, rg, &comp.service_alias, "outer")
                    .await?,
            );
            let status = statuses
                .iter()
                .find(|s| s.service_id == comp.service_id)
                .map(|s| s.status.clone())
                .unwrap_or_default();
            let alias = &comp.service_alias;
            let ports = c.component_ports(t, rg, alias).await?;
            let volumes = c.component_volumes(t, rg, alias).await?;
            let depends_on = c.component_dependencies(t, rg, alias).await?;
            out.push((
                comp.service_cname.clone(),
                ComponentState {
                    id: comp.service_id,
                    image: comp.image,
                    version: comp.version,
                    status,
                    env,
                    ports,
                    volumes,
                    depends_on,
                },
            ));
        }
        Ok(out)
    }

    async fn the_install(&mut self) -> Result<Install> {
        let installs = self
            .r
            .console
            .installs(self.r.team, self.r.region, self.app)
            .await?;
        installs
            .into_iter()
            .next()
            .ok_or_else(|| Error::because(Code::ServerError, Sentence::new("rehearse.noInstall")))
    }
}

async fn run_in(
    mut run: Run<'_, '_>,
    model: &Model,
    a: Option<&str>,
    b: &str,
) -> Result<RehearsalReport> {
    let (c, t, rg, app) = (run.r.console, run.r.team, run.r.region, run.app);
    let first = a.unwrap_or(b);
    let (verdict, summary) = c.install_preflight(t, rg, app, &model.from, first).await?;
    if verdict == "block" {
        return Err(Error::with(
            Code::Rejected,
            Params {
                reason: Some(Sentence::new("rehearse.wouldNotInstall").arg("version", first)),
                said: Some(summary),
                ..Params::default()
            },
        ));
    }
    (run.progress)(&RehearsalStep::Installing {
        version: first.to_owned(),
    });
    c.install(t, rg, app, &model.from, first).await?;
    let install = run.the_install().await?;
    let statuses = run.wait_running(true).await?;
    let before = run.read(&install, &statuses).await?;
    let mut report = RehearsalReport {
        scratch_app: String::new(),
        from: a.map(str::to_owned),
        to: b.to_owned(),
        components: Vec::new(),
        problems: Vec::new(),
        disagreements: Vec::new(),
        cleaned: false,
    };
    let Some(a) = a else {
        let a_template = template_of(model, b).flatten();
        report.components = before
            .into_iter()
            .map(|(name, state)| {
                let generated = component_of(a_template.as_ref(), &name)
                    .map(|c| generated(c, None, &state))
                    .unwrap_or_default();
                result(name, Outcome::Installed, None, state, Vec::new(), generated)
            })
            .collect();
        finish(&mut report, None);
        return Ok(report);
    };
    (run.progress)(&RehearsalStep::Upgrading {
        version: b.to_owned(),
    });
    let record = c
        .start_upgrade_record(t, rg, app, install.upgrade_group_id)
        .await?;
    let planned = c
        .upgrade_info(t, rg, app, install.upgrade_group_id, b)
        .await?;
    let mut done = c.upgrade(t, rg, app, record.id, b).await?;
    let began = Instant::now();
    while !done.is_finished && began.elapsed() < run.r.timeout {
        tokio::time::sleep(run.r.poll_every).await;
        done = c.upgrade_record(t, rg, app, record.id).await?;
    }
    if !done.is_finished {
        report.problems.push(Problem::UpgradeNotEnded {
            seconds: run.r.timeout.as_secs(),
        });
    } else if done.status != 3 {
        report.problems.push(Problem::UpgradeFailed {
            status: done.status,
        });
    }
    let statuses = run.wait_running(false).await?;
    let after = run.read(&install, &statuses).await?;
    // Read once for every component: `Some(None)` is a template the console
    // gave that cannot be read (it names no component).
    let b_template = template_of(model, b);
    let changed = |id: &str| planned.iter().any(|p| p.service_id == id && p.changes);
    // Names the upgrade added a component of: the installed one of that name stays behind it.
    let copied: Vec<String> = after
        .iter()
        .filter(|(n, s)| {
            !before.iter().any(|(_, o)| o.id == s.id) && before.iter().any(|(o, _)| o == n)
        })
        .map(|(n, _)| n.clone())
        .collect();
    for (name, state) in after {
        let old = before
            .iter()
            .find(|(_, s)| s.id == state.id)
            .map(|(_, s)| s);
        let outcome = match old {
            None if copied.contains(&name) => Outcome::SecondCopy,
            None => Outcome::Added,
            Some(_) if copied.contains(&name) => Outcome::LeftBehind,
            Some(s) if s.image != state.image || changed(&s.id) => Outcome::UpdatedInPlace,
            Some(_)
                if b_template
                    .as_ref()
                    .is_some_and(|t| component_of(t.as_ref(), &name).is_none()) =>
            {
                Outcome::LeftBehind
            }
            Some(_) => Outcome::Unchanged,
        };
        let in_b = component_of(b_template.as_ref().and_then(Option::as_ref), &name);
        let kept = in_b.map(|c| kept_values(c, &state)).unwrap_or_default();
        let generated = in_b.map(|c| generated(c, old, &state)).unwrap_or_default();
        report
            .components
            .push(result(name, outcome, old.cloned(), state, kept, generated));
    }
    let predicted = predicted(model, a, b);
    finish(&mut report, predicted.as_ref());
    Ok(report)
}

/// A version's template as the console keeps it, read: none when the console
/// gave none, `Some(None)` when what it gave cannot be read.
fn template_of(model: &Model, version: &str) -> Option<Option<Template>> {
    let (_, text) = model.templates.iter().find(|(v, _)| v == version)?;
    Some(Template::from_metadata(text.as_bytes()).ok())
}

/// The template's component of this name.
fn component_of<'t>(template: Option<&'t Template>, name: &str) -> Option<&'t Component> {
    template?.components.iter().find(|c| c.name == name)
}

/// The template's `**None**` variables of this component as the console set
/// them; one an upgrade added (absent `before`) came from the component's id.
fn generated(
    c: &Component,
    before: Option<&ComponentState>,
    state: &ComponentState,
) -> Vec<Generated> {
    c.env
        .iter()
        .filter(|e| e.value.starts_with("**None"))
        .filter_map(|e| {
            let (_, value) = state.env.iter().find(|(n, _)| *n == e.name)?;
            let added = before.is_some_and(|b| !b.env.iter().any(|(n, _)| *n == e.name));
            Some(Generated {
                name: e.name.clone(),
                length: value.chars().count(),
                from_component_id: added && state.id.starts_with(value.as_str()),
            })
        })
        .collect()
}

/// Variables B gives another value than installers keep after the upgrade.
fn kept_values(c: &Component, state: &ComponentState) -> Vec<KeptValue> {
    c.env
        .iter()
        .filter(|e| !e.value.starts_with("**None"))
        .filter_map(|e| {
            let have = state.env.iter().find(|(n, _)| *n == e.name)?;
            (have.1 != e.value).then(|| KeptValue {
                name: e.name.clone(),
                kept: have.1.clone(),
                new: e.value.clone(),
            })
        })
        .collect()
}

fn result(
    name: String,
    outcome: Outcome,
    before: Option<ComponentState>,
    after: ComponentState,
    kept_values: Vec<KeptValue>,
    generated: Vec<Generated>,
) -> ComponentResult {
    // Compared on the values as read; reported (printed, kept in the drafts)
    // with credentials masked as the upgrade report masks them.
    let mask_env = |mut s: ComponentState| {
        for (name, value) in &mut s.env {
            *value = upgrade::masked(name, value);
        }
        s
    };
    let kept_values = kept_values
        .into_iter()
        .map(|k| KeptValue {
            kept: upgrade::masked(&k.name, &k.kept),
            new: upgrade::masked(&k.name, &k.new),
            name: k.name,
        })
        .collect();
    ComponentResult {
        not_running: after.status != "running",
        name,
        outcome,
        before: before.map(mask_env),
        after: mask_env(after),
        kept_values,
        generated,
    }
}

/// Our upgrade report between the two versions' templates, where the console gives them.
fn predicted(model: &Model, a: &str, b: &str) -> Option<upgrade::UpgradeReport> {
    let read = |v: &str| template_of(model, v).flatten();
    Some(upgrade::upgrade(&read(a)?, &read(b)?))
}

/// The problems, the disagreements with our report, and the order: second
/// copies and components not running first.
fn finish(report: &mut RehearsalReport, predicted: Option<&upgrade::UpgradeReport>) {
    for c in &report.components {
        if c.outcome == Outcome::SecondCopy {
            report.problems.push(Problem::SecondCopy {
                component: c.name.clone(),
            });
        }
        if c.not_running {
            report.problems.push(Problem::NotRunning {
                component: c.name.clone(),
                status: c.after.status.clone(),
            });
        }
    }
    if let Some(p) = predicted {
        for c in &report.components {
            let said = p
                .components
                .iter()
                .find(|u| u.name == c.name)
                .map(|u| &u.fate);
            let agrees = match (c.outcome, said) {
                (Outcome::SecondCopy, Some(Fate::ReKeyed { .. })) => true,
                (Outcome::SecondCopy, _) => false,
                (Outcome::Added, Some(Fate::Added)) => true,
                (Outcome::UpdatedInPlace | Outcome::Unchanged, Some(Fate::Kept)) => true,
                // Our report lists only what changes.
                (Outcome::Unchanged, None) => true,
                (Outcome::LeftBehind, Some(Fate::Removed)) => true,
                // Its twin, the installed one, is the re-keyed component's old self.
                (Outcome::LeftBehind | Outcome::Unchanged, Some(Fate::ReKeyed { .. })) => true,
                (Outcome::Installed, _) => true,
                _ => false,
            };
            if !agrees {
                report.disagreements.push(Disagreement {
                    component: c.name.clone(),
                    console: c.outcome,
                    predicted: said.map(|f| format!("{f:?}")),
                });
            }
        }
    }
    report
        .components
        .sort_by_key(|c| (c.outcome != Outcome::SecondCopy, !c.not_running));
}

/// Deletes the scratch app with its components, then checks each is gone.
async fn clean(console: &ConsoleClient, team: &str, region: &str, app: i64) -> Result<bool> {
    let components = match console.app_components(team, region, app).await {
        Ok(c) => c,
        Err(e) if e.kind == ErrorKind::NotFound => return Ok(true),
        Err(e) => return Err(e.into()),
    };
    console.delete_app_and_components(team, region, app).await?;
    for c in &components {
        if console
            .component_status(team, region, &c.service_alias)
            .await?
            .is_some()
        {
            return Ok(false);
        }
    }
    Ok(true)
}

/// `rbpub rehearse --clean`: every scratch app of the team a rehearsal left
/// (found by its name), deleted with its components; their names.
pub async fn clean_scratch_apps(
    console: &ConsoleClient,
    team: &str,
    region: &str,
) -> Result<Vec<String>> {
    let mut cleaned = Vec::new();
    for app in console.running_apps(team, region).await? {
        if !app.name.starts_with(SCRATCH_PREFIX) {
            continue;
        }
        if !clean(console, team, region, app.id).await? {
            return Err(Error::because(
                Code::ServerError,
                Sentence::new("rehearse.leftBehind").arg("app", &app.name),
            ));
        }
        cleaned.push(app.name);
    }
    Ok(cleaned)
}
