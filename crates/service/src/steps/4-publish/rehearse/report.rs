//! What a rehearsal reports, as data both front ends render: per component
//! what the console did, what installers would meet, where our upgrade
//! report disagrees, and where the rehearsal is; with English words for
//! `rbpub`'s terminal (the window says each in its language).

use rbpub_core::catalogue::Sentence;
use rbpub_core::Locale;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What happened to a component.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum Outcome {
    /// Installed (no upgrade was rehearsed).
    Installed,
    /// Upgraded where it was.
    UpdatedInPlace,
    /// The upgrade did not touch it (the same in both versions).
    Unchanged,
    /// The new version does not have it: it stays as it was.
    LeftBehind,
    /// New in the new version: added.
    Added,
    /// Added beside the component of the same name: installers get a second copy.
    SecondCopy,
}

/// A component as read from the console.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ComponentState {
    /// Its id in the scratch app.
    pub id: String,
    /// The image it runs.
    pub image: String,
    /// The version it says it runs.
    pub version: String,
    /// Its status in the cluster.
    pub status: String,
    /// Its variables, inner then connection, as installers get them
    /// (`**None**` values as the install resolved them).
    pub env: Vec<(String, String)>,
    /// The ports it listens on.
    pub ports: Vec<u32>,
    /// Its volumes' paths.
    pub volumes: Vec<String>,
    /// The components it depends on.
    pub depends_on: Vec<String>,
}

/// One component's rehearsal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ComponentResult {
    /// Its name.
    pub name: String,
    /// What the console did.
    pub outcome: Outcome,
    /// As installed from A (`None` for one the upgrade added).
    pub before: Option<ComponentState>,
    /// After the upgrade to B (or the install, without an upgrade).
    pub after: ComponentState,
    /// Variables whose value B changed and installers keep.
    pub kept_values: Vec<KeptValue>,
    /// Variables the template leaves to the console (`**None**`), as it set them.
    pub generated: Vec<Generated>,
    /// It was not running when the time ran out.
    pub not_running: bool,
}

/// A variable whose value the new version changed and installers keep.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct KeptValue {
    /// Its name.
    pub name: String,
    /// What installers keep.
    pub kept: String,
    /// What the new version says.
    pub new: String,
}

/// A variable the template gives as `**None**`, as the console set it for installers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Generated {
    /// Its name.
    pub name: String,
    /// How many characters the console made.
    #[ts(type = "number")]
    pub length: usize,
    /// Made by an upgrade that added it: the console takes the first 8
    /// characters of the component's id, the same for every installer's
    /// upgrade of that component, not a random value.
    pub from_component_id: bool,
}

/// What installers would meet.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum Problem {
    /// The upgrade added a second copy of this component beside the installed one.
    SecondCopy {
        /// The component.
        component: String,
    },
    /// This component was not running when the time ran out.
    NotRunning {
        /// The component.
        component: String,
        /// Its status then.
        status: String,
    },
    /// The upgrade had not ended in time.
    UpgradeNotEnded {
        /// How long it was given, in seconds.
        #[ts(type = "number")]
        seconds: u64,
    },
    /// The upgrade ended in another status than upgraded (3).
    UpgradeFailed {
        /// The record's status.
        #[ts(type = "number")]
        status: i64,
    },
    /// The scratch app's components were not all deleted.
    NotCleaned,
}

/// Where the console did otherwise than our upgrade report said: our bug.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Disagreement {
    /// The component.
    pub component: String,
    /// What the console did.
    pub console: Outcome,
    /// What our report said (`None`: nothing, as for a component with no change).
    pub predicted: Option<String>,
}

/// Where a rehearsal is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(
    tag = "step",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum RehearsalStep {
    /// Making the scratch app.
    Making {
        /// Its name.
        app: String,
    },
    /// Installing a version.
    Installing {
        /// The version.
        version: String,
    },
    /// Waiting until the components run.
    Waiting {
        /// After installing (else after upgrading).
        install: bool,
        /// Running so far.
        running: u32,
        /// Of how many.
        total: u32,
    },
    /// Upgrading to a version.
    Upgrading {
        /// The version.
        version: String,
    },
    /// Deleting the scratch app.
    Cleaning,
}

/// A rehearsal's report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RehearsalReport {
    /// The scratch app, now deleted.
    pub scratch_app: String,
    /// The version installed first; `None` when B was installed alone.
    pub from: Option<String>,
    /// The version upgraded to (or installed).
    pub to: String,
    /// One entry per component, second copies and ones not running first.
    pub components: Vec<ComponentResult>,
    /// What installers would meet: second copies, components not running,
    /// an install or upgrade that failed. Empty: all went well.
    pub problems: Vec<Problem>,
    /// Where the console did otherwise than our upgrade report said.
    pub disagreements: Vec<Disagreement>,
    /// The scratch app and all its components are gone.
    pub cleaned: bool,
}

impl RehearsalReport {
    /// Installers would meet a problem (`rbpub rehearse` exits 13).
    pub fn has_problems(&self) -> bool {
        !self.problems.is_empty()
    }
}

// English words for `rbpub`'s terminal; the window says each in its language.

impl RehearsalStep {
    /// The step in words, for the user's language.
    pub fn sentence(&self) -> Sentence {
        match self {
            RehearsalStep::Making { app } => Sentence::new("rehearse.making").arg("app", app),
            RehearsalStep::Installing { version } => {
                Sentence::new("rehearse.installing").arg("version", version)
            }
            RehearsalStep::Waiting {
                install,
                running,
                total,
            } => Sentence::new(match install {
                true => "rehearse.waitingInstall",
                false => "rehearse.waitingUpgrade",
            })
            .arg("running", running)
            .arg("total", total),
            RehearsalStep::Upgrading { version } => {
                Sentence::new("rehearse.upgrading").arg("version", version)
            }
            RehearsalStep::Cleaning => Sentence::new("rehearse.cleaning"),
        }
    }
}

impl Problem {
    /// The problem in words, for the user's language.
    pub fn sentence(&self) -> Sentence {
        match self {
            Problem::SecondCopy { component } => {
                Sentence::new("rehearse.secondCopy").arg("component", component)
            }
            Problem::NotRunning { component, status } => Sentence::new("rehearse.notRunning")
                .arg("component", component)
                .arg("status", status),
            Problem::UpgradeNotEnded { seconds } => {
                Sentence::new("rehearse.upgradeNotEnded").arg("seconds", seconds)
            }
            Problem::UpgradeFailed { status } => {
                Sentence::new("rehearse.upgradeFailed").arg("status", status)
            }
            Problem::NotCleaned => Sentence::new("rehearse.notCleaned"),
        }
    }
}

impl Disagreement {
    /// The disagreement in words, for the user's language.
    pub fn sentence(&self) -> Sentence {
        let said = match &self.predicted {
            Some(predicted) => Sentence::new("rehearse.disagreement").arg("predicted", predicted),
            None => Sentence::new("rehearse.disagreementUnpredicted"),
        };
        said.arg("component", &self.component)
            .arg("console", format!("{:?}", self.console))
    }
}

impl KeptValue {
    /// The kept value in words, for the user's language.
    pub fn sentence(&self) -> Sentence {
        Sentence::new("rehearse.keptValue")
            .arg("name", &self.name)
            .arg("kept", format!("{:?}", self.kept))
            .arg("new", format!("{:?}", self.new))
    }
}

/// In English, for logs and tests; the user reads each one's `sentence()`.
macro_rules! said_in_english {
    ($($t:ty),*) => {$(
        impl std::fmt::Display for $t {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.sentence().say(Locale::En))
            }
        }
    )*};
}
said_in_english!(RehearsalStep, Problem, Disagreement, KeptValue);
