//! Where a version is published: a store bound to the console, or the
//! console's own library (its app models, in a team's or the enterprise's
//! scope), which every installation has, offline ones included
//! (docs/console-api.md, "Publishing to the console's own library").

use crate::catalogue::Sentence;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Who sees an app model of the console's library.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum LibraryScope {
    /// The team that made it.
    Team,
    /// Every team of the enterprise.
    Enterprise,
}

impl LibraryScope {
    /// The console's word for it (`scope` in its bodies and queries).
    pub fn as_str(self) -> &'static str {
        match self {
            LibraryScope::Team => "team",
            LibraryScope::Enterprise => "enterprise",
        }
    }

    /// The console's word read back; `None` for any other scope.
    pub fn from_console(word: &str) -> Option<Self> {
        match word {
            "team" => Some(LibraryScope::Team),
            "enterprise" => Some(LibraryScope::Enterprise),
            _ => None,
        }
    }
}

impl FromStr for LibraryScope {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        LibraryScope::from_console(s.trim())
            .ok_or_else(|| format!("{s:?} is no library scope: use team or enterprise"))
    }
}

/// Where one publish of a version goes. The console has no multi-target share:
/// each destination is a publish of its own (template or model, record, pushes).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Destination {
    /// A store bound to the console, by the name it is bound by; in the
    /// window, an empty name is the store this publisher connected in step 3.
    Store {
        /// The bound name (`market_name`); empty: the connected store.
        #[serde(default)]
        name: String,
    },
    /// The console's own library.
    Library {
        /// Team or enterprise.
        scope: LibraryScope,
    },
}

impl Default for Destination {
    /// What every publish was before there were destinations.
    fn default() -> Self {
        Destination::Store {
            name: String::new(),
        }
    }
}

impl Destination {
    /// The team's library.
    pub const TEAM: Destination = Destination::Library {
        scope: LibraryScope::Team,
    };
    /// The enterprise's library.
    pub const ENTERPRISE: Destination = Destination::Library {
        scope: LibraryScope::Enterprise,
    };

    /// The store this publisher connected in step 3 (the window's store).
    pub fn is_connected_store(&self) -> bool {
        matches!(self, Destination::Store { name } if name.is_empty())
    }

    /// The share record's `scope`: `goodrain` for a store.
    pub fn scope_word(&self) -> &'static str {
        match self {
            Destination::Store { .. } => "goodrain",
            Destination::Library { scope } => scope.as_str(),
        }
    }

    /// The bound store's name, for a store.
    pub fn store_name(&self) -> Option<&str> {
        match self {
            Destination::Store { name } => Some(name),
            Destination::Library { .. } => None,
        }
    }

    /// The library's scope, for a library.
    pub fn library_scope(&self) -> Option<LibraryScope> {
        match self {
            Destination::Store { .. } => None,
            Destination::Library { scope } => Some(*scope),
        }
    }
}

impl fmt::Display for Destination {
    /// As `rbpub publish --to` takes it: `store:NAME` (`store` alone for the
    /// connected one), `team` or `enterprise`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Destination::Store { name } if name.is_empty() => f.write_str("store"),
            Destination::Store { name } => write!(f, "store:{name}"),
            Destination::Library { scope } => f.write_str(scope.as_str()),
        }
    }
}

impl FromStr for Destination {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim() {
            "team" => Ok(Destination::TEAM),
            "enterprise" => Ok(Destination::ENTERPRISE),
            "store" => Ok(Destination::default()),
            other => match other.strip_prefix("store:") {
                Some(name) if !name.trim().is_empty() => Ok(Destination::Store {
                    name: name.trim().to_owned(),
                }),
                _ => Err(format!(
                    "{other:?} is no destination: use store:NAME (a store bound to the console), team or enterprise"
                )),
            },
        }
    }
}

/// One version of an app model, as the console lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ModelVersion {
    /// The version number.
    pub version: String,
    /// Its display name.
    pub alias: String,
    /// `release`, `beta`… or empty; the console's page asks before
    /// overwriting a version whose status is set.
    pub dev_status: String,
    /// Its share completed (an unfinished one is a share under way).
    pub complete: bool,
}

/// An app model in the console's library.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AppModel {
    /// The console's id (32 hex digits).
    pub id: String,
    /// Its name.
    pub name: String,
    /// Team or enterprise; `None` for a scope this app does not publish to.
    pub scope: Option<LibraryScope>,
    /// The team that made it.
    pub team: String,
    /// Its versions, as listed.
    pub versions: Vec<ModelVersion>,
    /// One of the console's hidden snapshot templates ("App version template
    /// for app N", not inheritable): never a target.
    pub hidden: bool,
}

impl AppModel {
    /// The model is the one a listing of this name publishes to in `scope`
    /// from `team`: same name and scope, made by the team (an enterprise
    /// model of another team is that team's app), and never a hidden
    /// snapshot template.
    pub fn is_for(&self, name: &str, scope: LibraryScope, team: &str) -> bool {
        !self.hidden && self.name == name && self.scope == Some(scope) && self.team == team
    }

    /// The complete version with this number, if any.
    pub fn complete_version(&self, version: &str) -> Option<&ModelVersion> {
        self.versions
            .iter()
            .find(|v| v.complete && v.version == version)
    }
}

/// Why a console offers no store to publish to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum NoStore {
    /// The console's cloud stores are disabled (an offline console: every
    /// bound store reads status 0).
    Offline,
    /// No store is bound to the console.
    NoneBound,
    /// Stores are bound, but none can take a publish now (no Write, or down).
    NoneUsable,
}

impl NoStore {
    /// The reason, to be said in the user's language.
    pub fn sentence(self) -> Sentence {
        Sentence::new(match self {
            NoStore::Offline => "library.offline",
            NoStore::NoneBound => "library.noneBound",
            NoStore::NoneUsable => "library.noneUsable",
        })
    }
}

/// Where a console can publish now: what step 3 shows and step 4 offers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Offered {
    /// The bound stores that take a publish, by name.
    pub stores: Vec<String>,
    /// Why no store is offered, when none is.
    pub no_store: Option<NoStore>,
    /// The console's library scopes (both, always: every console has them).
    pub library: Vec<LibraryScope>,
}

impl Offered {
    /// The one store a publish goes to without being told: the only one.
    pub fn store(&self) -> Option<&str> {
        match self.stores.as_slice() {
            [one] => Some(one),
            _ => None,
        }
    }

    /// Why no store is offered.
    pub fn why_no_store(&self) -> Option<Sentence> {
        self.no_store.map(NoStore::sentence)
    }
}

/// The description the console gives its hidden snapshot templates.
pub fn is_hidden_template_description(describe: &str) -> bool {
    describe.starts_with("App version template for app ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn destinations_read_as_rbpub_writes_them() {
        for (text, d) in [
            ("team", Destination::TEAM),
            ("enterprise", Destination::ENTERPRISE),
            ("store", Destination::default()),
            (
                "store:RainbondMarket",
                Destination::Store {
                    name: "RainbondMarket".into(),
                },
            ),
        ] {
            assert_eq!(text.parse::<Destination>().unwrap(), d);
            assert_eq!(d.to_string(), text);
        }
        let e = "library".parse::<Destination>().unwrap_err();
        assert!(
            e.contains("store:NAME") && e.contains("team or enterprise"),
            "{e}"
        );
        assert!("store:".parse::<Destination>().is_err());
    }

    #[test]
    fn a_model_is_the_target_only_by_exact_name_scope_and_team() {
        let model = |name: &str, scope, team: &str, hidden| AppModel {
            id: "a".repeat(32),
            name: name.into(),
            scope,
            team: team.into(),
            versions: vec![],
            hidden,
        };
        let team = Some(LibraryScope::Team);
        assert!(model("Gitea", team, "dev", false).is_for("Gitea", LibraryScope::Team, "dev"));
        assert!(!model("Gitea", team, "ops", false).is_for("Gitea", LibraryScope::Team, "dev"));
        assert!(!model("gitea", team, "dev", false).is_for("Gitea", LibraryScope::Team, "dev"));
        assert!(!model("Gitea", team, "dev", true).is_for("Gitea", LibraryScope::Team, "dev"));
        assert!(!model("Gitea", team, "dev", false).is_for(
            "Gitea",
            LibraryScope::Enterprise,
            "dev"
        ));
        // An enterprise model another team made is that team's app.
        let enterprise = Some(LibraryScope::Enterprise);
        assert!(!model("Gitea", enterprise, "ops", false).is_for(
            "Gitea",
            LibraryScope::Enterprise,
            "dev"
        ));
        assert!(model("Gitea", enterprise, "dev", false).is_for(
            "Gitea",
            LibraryScope::Enterprise,
            "dev"
        ));
    }
}
