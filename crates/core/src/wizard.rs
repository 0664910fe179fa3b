//! The store's seven publishing steps and where a listing stands in each.
//!
//! A step's status is derived from the drafts and the rule findings, never
//! stored, so it cannot drift from what the maintainer sees.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::listing::{ListingDraft, TemplateSource};
use crate::publisher::Publisher;
use crate::rules::{Finding, Level};

#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS,
)]
#[serde(rename_all = "camelCase")]
pub enum Step {
    /// 1. Register an account on the store.
    Account,
    /// 2. Complete the profile.
    Profile,
    /// 3. Connect the store to Rainbond.
    Connect,
    /// 4. Publish a running Rainbond app as an app template.
    PublishTemplate,
    /// 5. Fill in the app's information.
    #[default]
    AppInfo,
    /// 6. Manage packages (versions).
    Packages,
    /// 7. List the app.
    List,
}

impl Step {
    pub const ALL: [Step; 7] = [
        Step::Account,
        Step::Profile,
        Step::Connect,
        Step::PublishTemplate,
        Step::AppInfo,
        Step::Packages,
        Step::List,
    ];

    /// 1 to 7, as the store's guide numbers them.
    pub fn number(self) -> u8 {
        Step::ALL
            .iter()
            .position(|s| *s == self)
            .map_or(0, |i| i as u8 + 1)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Step::Account => "account",
            Step::Profile => "profile",
            Step::Connect => "connect",
            Step::PublishTemplate => "publishTemplate",
            Step::AppInfo => "appInfo",
            Step::Packages => "packages",
            Step::List => "list",
        }
    }

    pub fn parse(s: &str) -> Option<Step> {
        Step::ALL.into_iter().find(|step| step.as_str() == s)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum StepStatus {
    NotStarted,
    InProgress,
    /// The store has confirmed the step; set once pushes exist.
    Done,
    /// An error-level finding blocks the step.
    NeedsAttention,
}

/// What a step still needs before it can be completed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum WaitingOn {
    /// The step talks to the store or the console.
    NetworkConnection,
    AccountPhone,
    /// A store account (step 1) must exist first.
    StoreAccount,
    Nickname,
    Email,
    Name,
    Description,
    Logo,
    Version,
    TemplateSource,
    Package,
    /// A version must have been published as a template (step 4).
    PublishedTemplate,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StepState {
    pub step: Step,
    pub status: StepStatus,
    pub waiting_on: Vec<WaitingOn>,
    pub errors: u32,
    pub warnings: u32,
}

/// Steps 1–3 belong to the publisher: they are the same for every listing.
pub const PUBLISHER_STEPS: [Step; 3] = [Step::Account, Step::Profile, Step::Connect];
/// Steps 4–7 belong to one listing.
pub const LISTING_STEPS: [Step; 4] = [
    Step::PublishTemplate,
    Step::AppInfo,
    Step::Packages,
    Step::List,
];

/// The state of steps 1–3, from the publisher and its findings.
pub fn publisher_steps(publisher: &Publisher, findings: &[Finding]) -> Vec<StepState> {
    PUBLISHER_STEPS
        .iter()
        .map(|&step| finish(step, findings, publisher_step(step, publisher)))
        .collect()
}

/// The state of steps 4–7, from one listing and its findings.
pub fn listing_steps(draft: &ListingDraft, findings: &[Finding]) -> Vec<StepState> {
    LISTING_STEPS
        .iter()
        .map(|&step| finish(step, findings, listing_step(step, draft)))
        .collect()
}

/// The statuses of steps 4–7, which the portfolio shows without re-running the rules.
pub fn listing_progress(draft: &ListingDraft) -> Vec<StepStatus> {
    let findings = crate::rules::evaluate_draft(draft, crate::Locale::En);
    listing_steps(draft, &findings)
        .into_iter()
        .map(|s| s.status)
        .collect()
}

/// What a step waits on, and whether the maintainer has prepared anything for it.
struct Preparation {
    waiting: Vec<WaitingOn>,
    started: bool,
}

fn needs(list: &[(bool, WaitingOn)]) -> Vec<WaitingOn> {
    list.iter()
        .filter(|(cond, _)| *cond)
        .map(|(_, w)| *w)
        .collect()
}

fn publisher_step(step: Step, p: &Publisher) -> Preparation {
    let no_account = p.account_is_blank();
    match step {
        Step::Account => Preparation {
            waiting: needs(&[(p.account_phone.trim().is_empty(), WaitingOn::AccountPhone)]),
            started: !no_account,
        },
        Step::Profile => Preparation {
            waiting: needs(&[
                (no_account, WaitingOn::StoreAccount),
                (p.nickname.trim().is_empty(), WaitingOn::Nickname),
                (p.email.trim().is_empty(), WaitingOn::Email),
            ]),
            started: !p.profile_is_blank(),
        },
        _ => Preparation {
            waiting: needs(&[(no_account, WaitingOn::StoreAccount)]),
            started: false,
        },
    }
}

fn listing_step(step: Step, d: &ListingDraft) -> Preparation {
    let has_source = d
        .versions
        .iter()
        .any(|v| v.source != TemplateSource::NotChosen);
    match step {
        Step::PublishTemplate => Preparation {
            waiting: needs(&[
                (d.versions.is_empty(), WaitingOn::Version),
                (!has_source, WaitingOn::TemplateSource),
            ]),
            started: has_source,
        },
        Step::AppInfo => Preparation {
            waiting: needs(&[
                (d.listing.name.trim().is_empty(), WaitingOn::Name),
                (
                    d.listing.description.trim().is_empty(),
                    WaitingOn::Description,
                ),
                // Logos arrive with the branding-assets pipeline; until then every listing lacks one.
                (true, WaitingOn::Logo),
            ]),
            started: !d.listing.info_is_blank(),
        },
        Step::Packages => Preparation {
            waiting: needs(&[
                (d.versions.is_empty(), WaitingOn::Version),
                (d.packages.is_empty(), WaitingOn::Package),
            ]),
            started: !d.versions.is_empty() || !d.packages.is_empty(),
        },
        _ => Preparation {
            waiting: vec![WaitingOn::PublishedTemplate],
            started: false,
        },
    }
}

fn finish(step: Step, findings: &[Finding], prep: Preparation) -> StepState {
    let (errors, warnings) = findings
        .iter()
        .filter(|f| f.field.field.step() == step)
        .fold((0, 0), |(e, w), f| match f.level {
            Level::Error => (e + 1, w),
            Level::Warning => (e, w + 1),
            Level::Off => (e, w),
        });
    let mut waiting_on = prep.waiting;
    // Every step ends in a push to the store or the console.
    waiting_on.push(WaitingOn::NetworkConnection);
    // A blank step is simply not started, even though its required fields fail.
    let status = if !prep.started {
        StepStatus::NotStarted
    } else if errors > 0 {
        StepStatus::NeedsAttention
    } else {
        StepStatus::InProgress
    };
    StepState {
        step,
        status,
        waiting_on,
        errors,
        warnings,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::listing::{Listing, Package, Version};
    use crate::rules::{evaluate_draft, evaluate_publisher};
    use crate::Locale;

    fn states(p: &Publisher, l: &Listing, v: &[Version], pk: &[Package]) -> Vec<StepState> {
        let draft = ListingDraft {
            listing: l.clone(),
            versions: v.to_vec(),
            packages: pk.to_vec(),
        };
        let mut steps = publisher_steps(p, &evaluate_publisher(p, Locale::En));
        steps.extend(listing_steps(&draft, &evaluate_draft(&draft, Locale::En)));
        steps
    }

    #[test]
    fn steps_are_numbered_one_to_seven_and_round_trip_their_names() {
        assert_eq!(Step::ALL.map(Step::number), [1, 2, 3, 4, 5, 6, 7]);
        for s in Step::ALL {
            assert_eq!(Step::parse(s.as_str()), Some(s));
        }
    }

    #[test]
    fn a_new_listing_has_not_started_any_step_and_every_step_needs_the_network() {
        let s = states(&Publisher::default(), &Listing::default(), &[], &[]);
        assert!(
            s.iter().all(|s| s.status == StepStatus::NotStarted),
            "{s:?}"
        );
        assert!(s
            .iter()
            .all(|s| s.waiting_on.contains(&WaitingOn::NetworkConnection)));
        assert!(s[4].waiting_on.contains(&WaitingOn::Logo));
    }

    #[test]
    fn filled_steps_are_in_progress_and_an_error_needs_attention() {
        let p = Publisher {
            account_phone: "13800000000".into(),
            nickname: "dev".into(),
            ..Publisher::default()
        };
        let mut l = Listing {
            name: "wordpress".into(),
            ..Listing::default()
        };
        let v = [Version {
            id: "v".into(),
            version: "1.0".into(),
            ..Version::default()
        }];
        let s = states(&p, &l, &v, &[]);
        assert_eq!(s[0].status, StepStatus::InProgress);
        assert_eq!(s[1].status, StepStatus::InProgress);
        assert_eq!(
            s[1].waiting_on,
            vec![WaitingOn::Email, WaitingOn::NetworkConnection]
        );
        assert_eq!(s[4].status, StepStatus::InProgress);
        assert_eq!(s[5].status, StepStatus::InProgress);
        assert_eq!(s[5].warnings, 1, "no package installs 1.0");
        l.name = "x".repeat(65);
        let s = states(&p, &l, &v, &[]);
        assert_eq!(s[4].status, StepStatus::NeedsAttention);
        assert_eq!(s[4].errors, 1);
    }
}
