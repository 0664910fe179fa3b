//! What a share will publish, shown before it is submitted: the components,
//! the plugins (with who needs them), the image count, and what the console
//! leaves out without a word (rainbond-api.md, "Refusals and edges": components
//! missing from `share_service_list`, dependencies gone).

use rbpub_core::rules::evaluate_template;
use rbpub_core::share::{Omissions, PlanPlugin, PublishMode};
use rbpub_core::{Finding, Locale, Template};
use rbpub_remote::{ErrorKind, SharePlan};
use serde::Serialize;
use ts_rs::TS;

use super::{Share, Started};
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
    /// `template.*` rules: credentials shipped, singletons refused, …); a
    /// snapshot's plan is the snapshot's.
    pub findings: Vec<Finding>,
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
        Err(e) if e.kind == ErrorKind::Unsupported => Ok(Omissions::default()),
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
    let all_plugins = plan.plugins();
    let plan = match plan.mode {
        PublishMode::Runtime => plan
            .with_plugins(plugins)
            .with_random_per_install(&share.source.random_per_install),
        PublishMode::Snapshot => plan,
    };
    let submitted = started.record.step >= 2;
    let omissions = if plan.mode == PublishMode::Runtime && !submitted {
        omissions_of(share, &plan).await?
    } else {
        Omissions::default()
    };
    // A plan the console writes in another shape is judged on what could be read.
    let findings = Template::from_share_list(&plan.services)
        .map(|t| evaluate_template(&t, locale))
        .unwrap_or_default();
    Ok(PlanView {
        findings,
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
