//! Where a listing stands in each of the store's seven steps (see [`Step`]).
//!
//! A step's status is derived from the drafts and the rule findings, never
//! stored, so it cannot drift from what the maintainer sees.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::listing::{ListingDraft, TemplateSource};
use crate::online::Connection;
use crate::publisher::Publisher;
use crate::rules::{Finding, Level};
use crate::step::Step;

/// Where a listing stands in a step.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum StepStatus {
    /// Nothing done yet.
    NotStarted,
    /// Something done; more to do.
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
    /// The account's phone.
    AccountPhone,
    /// A store account (step 1) must exist first.
    StoreAccount,
    /// A nickname.
    Nickname,
    /// An e-mail.
    Email,
    /// An app name.
    Name,
    /// A short description.
    Description,
    /// A logo.
    Logo,
    /// A version.
    Version,
    /// Where the template comes from.
    TemplateSource,
    /// A package.
    Package,
    /// A version must have been published as a template (step 4).
    PublishedTemplate,
}

/// A step, where it stands, and what it waits on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StepState {
    /// The step.
    pub step: Step,
    /// Where it stands.
    pub status: StepStatus,
    /// What it still needs.
    pub waiting_on: Vec<WaitingOn>,
    /// Error-level findings in its fields.
    pub errors: u32,
    /// Warning-level findings in its fields.
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

/// The state of steps 1–3, from the publisher, its findings and what the
/// servers confirmed.
pub fn publisher_steps(
    publisher: &Publisher,
    findings: &[Finding],
    connection: &Connection,
) -> Vec<StepState> {
    PUBLISHER_STEPS
        .iter()
        .map(|&step| finish(step, findings, publisher_step(step, publisher, connection)))
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
    /// The store or the console has confirmed the step.
    done: bool,
}

fn needs(list: &[(bool, WaitingOn)]) -> Vec<WaitingOn> {
    list.iter()
        .filter(|(cond, _)| *cond)
        .map(|(_, w)| *w)
        .collect()
}

fn publisher_step(step: Step, p: &Publisher, c: &Connection) -> Preparation {
    let has_key = c.store_ready();
    let no_account = p.account_is_blank() && !has_key;
    match step {
        Step::Account => Preparation {
            waiting: needs(&[(no_account, WaitingOn::AccountPhone)]),
            started: !no_account,
            done: has_key,
        },
        Step::Profile => Preparation {
            waiting: needs(&[
                (!has_key, WaitingOn::StoreAccount),
                (p.nickname.trim().is_empty(), WaitingOn::Nickname),
                (p.email.trim().is_empty(), WaitingOn::Email),
            ]),
            started: !p.profile_is_blank(),
            // The store keeps its account phone in the profile; what is pushed is the rest.
            done: has_key
                && c.pushed_profile.as_ref().is_some_and(|pushed| {
                    let mine = p.profile();
                    (&pushed.nickname, &pushed.email, &pushed.bio)
                        == (&mine.nickname, &mine.email, &mine.bio)
                }),
        },
        _ => Preparation {
            waiting: needs(&[(!has_key, WaitingOn::StoreAccount)]),
            started: !c.console_url.is_empty() || c.bound_store.is_some(),
            done: has_key && c.console_ready(),
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
            done: d.versions.iter().any(|v| d.is_published_anywhere(v)),
        },
        Step::AppInfo => Preparation {
            waiting: needs(&[
                (d.listing.name.trim().is_empty(), WaitingOn::Name),
                (
                    d.listing.description.trim().is_empty(),
                    WaitingOn::Description,
                ),
                (d.listing.logo.is_none(), WaitingOn::Logo),
            ]),
            started: !d.listing.info_is_blank(),
            done: d.info_is_live(),
        },
        Step::Packages => Preparation {
            waiting: needs(&[
                (d.versions.is_empty(), WaitingOn::Version),
                (d.packages.is_empty(), WaitingOn::Package),
            ]),
            started: !d.versions.is_empty() || !d.packages.is_empty(),
            done: d.packages_are_live(),
        },
        _ => Preparation {
            waiting: needs(&[(
                !d.versions.iter().any(|v| d.is_published(v)),
                WaitingOn::PublishedTemplate,
            )]),
            started: d.live.is_some(),
            done: d.live.as_ref().is_some_and(|l| l.app.listed),
        },
    }
}

/// The steps with the network known to be there (`online` is `Some(true)`):
/// a push that waits on nothing else no longer says it needs a connection.
pub fn with_network(mut steps: Vec<StepState>, online: Option<bool>) -> Vec<StepState> {
    if online == Some(true) {
        for s in &mut steps {
            s.waiting_on.retain(|w| *w != WaitingOn::NetworkConnection);
        }
    }
    steps
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
    if !prep.done {
        waiting_on.push(WaitingOn::NetworkConnection);
    }
    // A blank step is simply not started, even though its required fields fail.
    let status = if prep.done && errors == 0 {
        waiting_on.clear();
        StepStatus::Done
    } else if !prep.started {
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
            ..ListingDraft::default()
        };
        let mut steps = publisher_steps(
            p,
            &evaluate_publisher(p, Locale::En),
            &Connection::default(),
        );
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
    fn online_no_step_waits_on_the_network() {
        let s = states(&Publisher::default(), &Listing::default(), &[], &[]);
        let known = with_network(s.clone(), Some(true));
        assert!(known
            .iter()
            .all(|s| !s.waiting_on.contains(&WaitingOn::NetworkConnection)));
        // Step 5 still waits on its logo; nothing else changed.
        assert!(known[4].waiting_on.contains(&WaitingOn::Logo));
        assert_eq!(with_network(s.clone(), Some(false)), s);
        assert_eq!(with_network(s.clone(), None), s);
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
        let s = states(&p, &l, &[], &[]);
        assert_eq!(
            s[4].status,
            StepStatus::NeedsAttention,
            "no logo blocks the push"
        );
        assert!(s[4].waiting_on.contains(&WaitingOn::Logo));
        l.logo = Some(crate::ImageInfo {
            hash: "ab".into(),
            format: crate::ImageFormat::Png,
            width: 128,
            height: 128,
            bytes: 9_000,
            alpha: false,
        });
        let v = [Version {
            id: "v".into(),
            version: "1.0".into(),
            ..Version::default()
        }];
        let s = states(&p, &l, &v, &[]);
        assert_eq!(s[0].status, StepStatus::InProgress);
        assert_eq!(s[1].status, StepStatus::InProgress);
        // A phone number typed in is not an account yet: the store must confirm one.
        assert_eq!(
            s[1].waiting_on,
            vec![
                WaitingOn::StoreAccount,
                WaitingOn::Email,
                WaitingOn::NetworkConnection
            ]
        );
        assert_eq!(s[4].status, StepStatus::InProgress);
        assert_eq!(s[5].status, StepStatus::InProgress);
        assert_eq!(s[5].warnings, 1, "no package installs 1.0");
        l.name = "x".repeat(65);
        let s = states(&p, &l, &v, &[]);
        assert_eq!(s[4].status, StepStatus::NeedsAttention);
        assert_eq!(s[4].errors, 1);
    }

    #[test]
    fn steps_are_done_when_the_servers_confirm_them() {
        use crate::online::{BoundStore, LiveApp, LiveListing, LivePackage, StoreInfo};
        let p = Publisher {
            account_phone: "13800000000".into(),
            nickname: "Ada".into(),
            email: "ada@example.org".into(),
            ..Publisher::default()
        };
        let mut c = Connection::default();
        let findings = evaluate_publisher(&p, Locale::En);
        let status = |c: &Connection| {
            publisher_steps(&p, &findings, c)
                .iter()
                .map(|s| s.status)
                .collect::<Vec<_>>()
        };
        assert!(!status(&c).contains(&StepStatus::Done));

        c.store = Some(StoreInfo {
            name: "s".into(),
            usable: true,
            access_actions: vec!["OnlyRead".into()],
            capabilities: vec![],
        });
        assert_ne!(
            status(&c)[0],
            StepStatus::Done,
            "a key that cannot write does not finish step 1"
        );
        c.store.as_mut().unwrap().access_actions = vec!["Write".into()];
        c.pushed_profile = Some(p.profile());
        c.team = "demo-team".into();
        c.bound_store = Some(BoundStore {
            name: "S".into(),
            url: "u".into(),
            domain: "d".into(),
            usable: true,
            access_actions: vec!["Write".into()],
        });
        assert_eq!(status(&c), [StepStatus::Done; 3]);
        let steps = publisher_steps(&p, &findings, &c);
        assert!(
            steps.iter().all(|s| s.waiting_on.is_empty()),
            "a done step waits on nothing"
        );

        let mut edited = p.clone();
        edited.bio = "changed since the push".into();
        assert_eq!(
            publisher_steps(&edited, &findings, &c)[1].status,
            StepStatus::InProgress
        );

        let listing = Listing {
            name: "Gitea".into(),
            description: "Git".into(),
            logo: Some(crate::ImageInfo {
                hash: "ab12".into(),
                format: crate::ImageFormat::Png,
                width: 512,
                height: 512,
                bytes: 40_000,
                alpha: true,
            }),
            ..Listing::default()
        };
        let version = Version {
            version: "1.0.0".into(),
            source: TemplateSource::RainbondApp {
                team: "t".into(),
                region: "r".into(),
                app: "2".into(),
                share: Default::default(),
            },
            ..Version::default()
        };
        let package = Package {
            name: "1.0.0".into(),
            version: "1.0.0".into(),
            ..Package::default()
        };
        let mut draft = ListingDraft {
            listing,
            versions: vec![version],
            packages: vec![package],
            ..ListingDraft::default()
        };
        let listing_status = |d: &ListingDraft| {
            listing_steps(d, &evaluate_draft(d, Locale::En))
                .iter()
                .map(|s| s.status)
                .collect::<Vec<_>>()
        };
        assert!(!listing_status(&draft).contains(&StepStatus::Done));
        draft.live = Some(LiveListing {
            app: LiveApp {
                name: "Gitea".into(),
                description: "Git".into(),
                publish_type: "private".into(),
                versions: vec!["1.0.0".into()],
                listed: true,
                ..LiveApp::default()
            },
            packages: vec![LivePackage {
                id: "p".into(),
                name: "1.0.0".into(),
                version: "1.0.0".into(),
                description: String::new(),
            }],
            logo_hash: None,
        });
        assert_eq!(
            listing_status(&draft)[1],
            StepStatus::InProgress,
            "the store has not got this logo yet"
        );
        draft.live.as_mut().unwrap().logo_hash = Some("ab12".into());
        assert_eq!(listing_status(&draft), [StepStatus::Done; 4]);
        draft.listing.description = "Edited offline".into();
        assert_eq!(
            listing_status(&draft)[1],
            StepStatus::InProgress,
            "an edit waits for the next push"
        );
    }
}
