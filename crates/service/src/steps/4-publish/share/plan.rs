//! What a share will publish, shown before it is submitted: the components,
//! the plugins (with who needs them), the image count, and what the console
//! leaves out without a word (docs/console-api.md, "Refusals and edges": components
//! missing from `share_service_list`, dependencies gone).

use rbpub_core::rules::evaluate_template;
use rbpub_core::share::{Omissions, PlanPlugin, PublishMode};
use rbpub_core::template::Component;
use rbpub_core::{Finding, Level, Locale, RuleId, Template};
use rbpub_remote::{ErrorKind, SharePlan};
use serde::Serialize;
use ts_rs::TS;

use super::{Share, ShareTarget, Started};
use crate::error::Result;

/// What a share will publish, as step 4 and `rbpub publish` show it first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PlanView {
    /// The share record the plan was read from.
    #[ts(type = "number")]
    pub share_id: i64,
    /// From the app as it runs now, or from a snapshot.
    pub mode: PublishMode,
    /// The record is submitted already: the plan can no longer change.
    pub submitted: bool,
    /// The components shared.
    pub components: Vec<String>,
    /// The plugins the app has, each with the shared components that use it.
    pub plugins: Vec<PlanPlugin>,
    /// Image pushes the share will make: components and the plugins shared.
    pub images: u32,
    /// What the console leaves out of the template (runtime shares only).
    pub omissions: Omissions,
    /// The keys of the omissions, to agree to them ([`Omissions::keys`]).
    pub omission_keys: Vec<String>,
    /// What the template the share makes would do to installers (the
    /// `template.*` rules: credentials shipped, singletons refused, …), each
    /// with where to change it; a snapshot's plan is the snapshot's.
    pub findings: Vec<PlanFinding>,
    /// What installed apps get when they upgrade from the newest version
    /// published to this template: the version and a line per component and
    /// per change, in the window's language; `None` before a first version.
    pub upgrade: Option<UpgradeView>,
    /// What stands between this plan and its publish.
    pub gate: PlanGate,
    /// The template the share makes, as read from the plan (for the upgrade).
    #[serde(skip)]
    #[ts(skip)]
    pub made: Option<Template>,
}

/// What stands between a reviewed plan and its publish: an error blocks it,
/// warnings (and components installed apps would get a second copy of) ask
/// for one confirmation, which holds while they stay the same.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PlanGate {
    /// Findings of level error: the publish is blocked.
    pub errors: u32,
    /// Findings of level warning, and components an upgrade would copy.
    pub warnings: u32,
    /// What a confirmation agrees to, the same in every language: the rule
    /// and item of each warning, and the upgrade's second copies.
    pub signature: String,
}

impl PlanGate {
    /// The gate of `findings` and `upgrade`.
    pub fn of(findings: &[PlanFinding], upgrade: Option<&UpgradeView>) -> PlanGate {
        let count = |level| findings.iter().filter(|f| f.finding.level == level).count();
        let mut warned: Vec<String> = findings
            .iter()
            .filter(|f| f.finding.level == Level::Warning)
            .map(|f| {
                format!(
                    "{}:{}",
                    f.finding.rule.as_str(),
                    f.finding.field.item.as_deref().unwrap_or_default()
                )
            })
            .collect();
        let copies = upgrade.map_or(0, |u| u.second_copies);
        if let Some(u) = upgrade.filter(|_| copies > 0) {
            warned.push(format!("upgrade:{}:{copies}", u.from));
        }
        warned.sort();
        let small = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        PlanGate {
            errors: small(count(Level::Error)),
            warnings: small(count(Level::Warning)).saturating_add(copies),
            signature: warned.join("|"),
        }
    }
}

/// A finding of the plan and the console page where it is changed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PlanFinding {
    /// The finding.
    pub finding: Finding,
    /// The component's page in the console, on the tab that changes it
    /// (rainbond-ui's route `apps/{id}/overview?type=components&componentID=
    /// {service_alias}&tab=…`); `None` where no component is at fault.
    pub console_url: Option<String>,
}

/// The console tab where a finding of `rule` on `component` is mended.
fn console_tab(rule: RuleId, component: Option<&Component>) -> &'static str {
    match rule {
        RuleId::TemplateCredentials => "environmentConfiguration",
        RuleId::TemplateSingleton => "expansion",
        RuleId::TemplateDeps => "relation",
        // A dependency with an image has no port (template.dependency).
        RuleId::TemplateDependency if component.is_some_and(|c| !c.image.trim().is_empty()) => {
            "port"
        }
        _ => "overview",
    }
}

/// Each finding with the console page of the component it names (by the
/// plan's `service_share_uuid` → `service_alias`).
fn with_console_pages(
    findings: Vec<Finding>,
    made: &Template,
    services: &[serde_json::Value],
    console: &str,
    t: &ShareTarget,
) -> Vec<PlanFinding> {
    let alias_of = |key: &str| {
        services
            .iter()
            .find(|s| s["service_share_uuid"] == key || s["service_key"] == key)
            .and_then(|s| s["service_alias"].as_str())
            .filter(|a| !a.is_empty())
            .map(str::to_owned)
    };
    findings
        .into_iter()
        .map(|finding| {
            let key = finding.field.item.as_deref().map(|i| i.split('/').next().unwrap_or(i));
            let console_url = key.and_then(alias_of).map(|alias| {
                format!(
                    "{console}/#/team/{team}/region/{region}/apps/{app}/overview?type=components&componentID={alias}&tab={tab}",
                    team = t.team,
                    region = t.region,
                    app = t.app_id,
                    tab = console_tab(finding.rule, key.and_then(|k| made.component(k))),
                )
            });
            PlanFinding { finding, console_url }
        })
        .collect()
}

/// An upgrade report as step 4 shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct UpgradeView {
    /// The version installed apps run (the newest published).
    pub from: String,
    /// Components installed apps would get a second copy of.
    pub second_copies: u32,
    /// One line per component, then one per change (indented by the window).
    pub lines: Vec<UpgradeLine>,
}

/// A line of the upgrade view.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct UpgradeLine {
    /// A component's fate (else a change of the component above).
    pub component: bool,
    /// A component rebuilt under a new key: installed apps get a second copy.
    pub warn: bool,
    /// The words.
    pub text: String,
}

impl UpgradeView {
    /// The report in `locale`'s words.
    pub fn new(from: &str, report: &rbpub_core::upgrade::UpgradeReport, locale: Locale) -> Self {
        use rbpub_core::upgrade::{describe_change, describe_fate, Fate};
        let mut lines = Vec::new();
        for c in &report.components {
            lines.push(UpgradeLine {
                component: true,
                warn: matches!(c.fate, Fate::ReKeyed { .. }),
                text: describe_fate(c, locale),
            });
            lines.extend(c.changes.iter().map(|ch| UpgradeLine {
                component: false,
                warn: false,
                text: describe_change(ch, locale),
            }));
        }
        UpgradeView {
            from: from.to_owned(),
            second_copies: u32::try_from(report.re_keyed().count()).unwrap_or(u32::MAX),
            lines,
        }
    }
}

/// What the share leaves out: the app's components missing from the plan, and
/// the plan's dependencies on components it does not hold. The topology view
/// shows both; a console without it says nothing, and nothing is named.
pub(super) async fn omissions_of(share: Share<'_>, plan: &SharePlan) -> Result<Omissions> {
    let t = share.target;
    match share
        .console
        .app_topology(&t.team, &t.region, t.app_id)
        .await
    {
        Ok(topology) => Ok(rbpub_core::share::omissions(
            t.app_id,
            &plan.planned(),
            &topology,
        )),
        // A console without the view, or a user it does not show the
        // topology to (403): nothing can be named, and the publish goes on as
        // the console's own page does, which never looks.
        Err(e)
            if matches!(
                e.kind,
                ErrorKind::Unsupported | ErrorKind::NoWritePermission
            ) =>
        {
            Ok(Omissions::default())
        }
        Err(e) => Err(e.into()),
    }
}

/// Reads the plan of a started share; `plugins`: the user's choice (`None`: all).
pub async fn share_plan(
    share: Share<'_>,
    started: &Started,
    plugins: Option<&[String]>,
    locale: Locale,
) -> Result<PlanView> {
    let t = share.target;
    let share_id = started.record.id;
    let plan = share
        .console
        .share_plan(&t.team, &t.region, share_id)
        .await?;
    let submitted = started.record.step >= 2;
    // After the submit the record names the target's version, so the console
    // plans the app as it runs now (docs/console-api.md, "After the submit"): a
    // submitted snapshot share is judged on nothing of today's app.
    let mut plan = plan;
    let snapshot_submitted = submitted && started.snapshot.is_some();
    if snapshot_submitted {
        plan.mode = PublishMode::Snapshot;
    }
    let all_plugins = plan.plugins();
    let plan = match plan.mode {
        PublishMode::Runtime => plan
            .with_plugins(plugins)
            .with_random_per_install(&share.source.random_per_install),
        PublishMode::Snapshot => plan,
    };
    let omissions = if plan.mode == PublishMode::Runtime && !submitted {
        omissions_of(share, &plan).await?
    } else {
        Omissions::default()
    };
    // A plan the console writes in another shape is judged on what could be read.
    let made = match snapshot_submitted {
        true => None,
        false => Template::from_share_list(&plan.services).ok(),
    };
    let findings = made
        .as_ref()
        .map(|made| {
            let found = evaluate_template(made, locale);
            with_console_pages(found, made, &plan.services, share.console.base(), t)
        })
        .unwrap_or_default();
    Ok(PlanView {
        gate: PlanGate::of(&findings, None),
        findings,
        upgrade: None,
        made,
        share_id,
        mode: plan.mode,
        submitted,
        components: plan.component_names(),
        plugins: all_plugins,
        images: u32::try_from(plan.image_count()).unwrap_or(u32::MAX),
        omission_keys: omissions.keys(),
        omissions,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rbpub_core::{Field, FieldRef};

    fn finding(level: Level, item: &str, message: &str) -> PlanFinding {
        PlanFinding {
            finding: Finding {
                rule: RuleId::TemplateCredentials,
                level,
                field: FieldRef {
                    field: Field::Template,
                    item: Some(item.into()),
                },
                message: message.into(),
                fix: None,
            },
            console_url: None,
        }
    }

    fn upgrade(copies: u32) -> UpgradeView {
        UpgradeView {
            from: "1.0.0".into(),
            second_copies: copies,
            lines: Vec::new(),
        }
    }

    #[test]
    fn errors_block_and_warnings_ask_once_in_any_language() {
        let both = [
            finding(Level::Warning, "a", "x"),
            finding(Level::Error, "b", "y"),
        ];
        let gate = PlanGate::of(&both, Some(&upgrade(1)));
        assert_eq!((gate.errors, gate.warnings), (1, 2));
        assert_eq!(gate.signature, "template.credentials:a|upgrade:1.0.0:1");
        assert_eq!(PlanGate::of(&[], None), PlanGate::default());

        let en = PlanGate::of(&[finding(Level::Warning, "a", "ships a password")], None);
        let zh = PlanGate::of(&[finding(Level::Warning, "a", "像是凭据")], None);
        assert_eq!(
            zh.signature, en.signature,
            "the same warnings in another language"
        );
        let more = PlanGate::of(
            &[
                finding(Level::Warning, "a", "x"),
                finding(Level::Warning, "b", "x"),
            ],
            None,
        );
        assert_ne!(more.signature, en.signature, "new warnings ask again");
    }
}
