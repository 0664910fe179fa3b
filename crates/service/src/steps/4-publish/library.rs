//! The console's own library as a destination: the app model a listing
//! publishes to, found or made so that a retry never makes a second, and
//! whether the console can reach its cloud stores at all.

use crate::Params;
use rbpub_core::catalogue::Sentence;
use rbpub_core::{AppModel, LibraryScope, NoStore, Offered};
use rbpub_remote::{valid_template_name, ConsoleClient, ErrorKind, NewAppModel, StoreState};

use crate::error::{Code, Error, Result};
use crate::information::Information;

/// The most the console's model columns hold (a longer value is a 500).
const NAME_MAX: usize = 64;
const DESCRIBE_MAX: usize = 400;

/// An app model found or made for a release.
#[derive(Clone, Debug)]
pub struct ModelFound {
    /// The model.
    pub model: AppModel,
    /// Made now (else found by name).
    pub created: bool,
}

/// The listing's model in `scope`: its exact name, the team's for a team
/// model, never a hidden snapshot template.
pub async fn find_model(
    console: &ConsoleClient,
    enterprise: &str,
    scope: LibraryScope,
    team: &str,
    name: &str,
) -> Result<Option<AppModel>> {
    let listed = console.app_models(enterprise, scope, team, name).await?;
    Ok(listed.into_iter().find(|m| m.is_for(name, scope, team)))
}

/// The scope's words, for messages.
fn library_of(scope: LibraryScope) -> Sentence {
    Sentence::new(match scope {
        LibraryScope::Team => "library.team",
        LibraryScope::Enterprise => "library.enterprise",
    })
}

/// Why the listing cannot have a model of its own in `scope`, read from the
/// console's list (its name filter ignores case) before anything is sent: the
/// console's database compares names without regard to case (MySQL, its
/// usual one), a hidden snapshot template holds a team's name, and an
/// enterprise model made by another team is that team's app. A console on a
/// case-sensitive database (SQLite) lists the same, so the decision is ours.
fn name_taken(
    listed: &[AppModel],
    name: &str,
    scope: LibraryScope,
    team: &str,
) -> Option<Sentence> {
    let same = |m: &&AppModel| m.name.to_lowercase() == name.to_lowercase();
    let in_reach = |m: &&AppModel| {
        m.scope == Some(scope) && (scope == LibraryScope::Enterprise || m.team == team)
    };
    let clash = listed.iter().filter(same).filter(in_reach);
    for m in clash {
        let library = library_of(scope);
        if m.hidden {
            return Some(
                Sentence::new("library.hiddenTemplate")
                    .part("library", library)
                    .arg("model", &m.name),
            );
        }
        if m.name != name {
            return Some(
                Sentence::new("library.otherCase")
                    .part("library", library)
                    .arg("model", &m.name)
                    .arg("name", name),
            );
        }
        if scope == LibraryScope::Enterprise && m.team != team {
            return Some(
                Sentence::new("library.otherTeam")
                    .part("library", library)
                    .arg("model", &m.name)
                    .arg("other", &m.team)
                    .arg("team", team),
            );
        }
    }
    None
}

/// The enterprise's ids of these tags, made where missing (the console
/// answers a made tag without its id: the list is read again).
async fn tag_ids(console: &ConsoleClient, enterprise: &str, names: &[String]) -> Result<Vec<i64>> {
    if names.is_empty() {
        return Ok(Vec::new());
    }
    // The console's database compares tag names without regard to case
    // (MySQL): "Git" is taken for "git". The exact name first, then any case.
    let id_of = |known: &[(i64, String)], n: &str| {
        known
            .iter()
            .find(|(_, k)| k == n)
            .or_else(|| {
                known
                    .iter()
                    .find(|(_, k)| k.to_lowercase() == n.to_lowercase())
            })
            .map(|(id, _)| *id)
    };
    let mut known = console.app_tags(enterprise).await?;
    let missing: Vec<&String> = names
        .iter()
        .filter(|n| id_of(&known, n).is_none())
        .collect();
    if missing.is_empty() {
        return Ok(names.iter().filter_map(|n| id_of(&known, n)).collect());
    }
    // Another publish may make the same tag at the same moment: the console
    // then answers 400 创建失败 (its unique name refused), and the list says.
    let mut refused = None;
    for name in &missing {
        match console.create_app_tag(enterprise, name).await {
            Ok(_) => {}
            Err(e) if e.kind == ErrorKind::Validation => refused = Some(e),
            Err(e) => return Err(e.into()),
        }
    }
    known = console.app_tags(enterprise).await?;
    names
        .iter()
        .map(|n| match id_of(&known, n) {
            Some(id) => Ok(id),
            None => Err(Error::with(
                Code::Rejected,
                Params {
                    reason: Some(Sentence::new("library.tagRefused").arg("tag", n)),
                    said: refused.as_ref().map(|e| e.detail.clone()),
                    ..Params::default()
                },
            )),
        })
        .collect()
}

/// The listing's app model in the library's `scope`: the one of its exact
/// name (and team, for a team's model), else a new one with the listing's
/// information, logo and tags. Looking first, and again after the create
/// (whose answer has no id), is what keeps a retry from making a second.
pub async fn ensure_model(
    console: &ConsoleClient,
    enterprise: &str,
    team: &str,
    scope: LibraryScope,
    info: &Information,
) -> Result<ModelFound> {
    let name = info.name.trim();
    let listed = console.app_models(enterprise, scope, team, name).await?;
    if let Some(model) = listed.iter().find(|m| m.is_for(name, scope, team)) {
        return Ok(ModelFound {
            model: model.clone(),
            created: false,
        });
    }
    // Refused before the logo is uploaded or a tag is made.
    if let Some(why) = name_taken(&listed, name, scope, team) {
        return Err(Error::because(Code::Invalid, why));
    }
    if !valid_template_name(name) || name.chars().count() > NAME_MAX {
        return Err(Error::because(
            Code::Invalid,
            Sentence::new("library.appName")
                .arg("name", name)
                .arg("most", NAME_MAX),
        ));
    }
    if info.description.chars().count() > DESCRIBE_MAX {
        return Err(Error::because(
            Code::Invalid,
            Sentence::new("library.descriptionLength").arg("most", DESCRIBE_MAX),
        ));
    }
    let pic = info.upload_logo(console).await?;
    let tag_ids = tag_ids(console, enterprise, &info.tags).await?;
    let model = NewAppModel {
        name,
        describe: &info.description,
        details: &info.introduction,
        pic: &pic,
        tag_ids: &tag_ids,
        scope,
        team,
    };
    let created = console.create_app_model(enterprise, &model).await?;
    let listed = console.app_models(enterprise, scope, team, name).await?;
    match listed.iter().find(|m| m.is_for(name, scope, team)) {
        Some(model) => Ok(ModelFound {
            model: model.clone(),
            created,
        }),
        // "Exists" and yet not ours: made meanwhile under another case or by another team.
        None => Err(Error::because(
            Code::Rejected,
            name_taken(&listed, name, scope, team).unwrap_or_else(|| {
                Sentence::new("library.existsUnlisted")
                    .part("library", library_of(scope))
                    .arg("name", name)
            }),
        )),
    }
}

/// Whether the console can publish to its cloud stores: `false` on an
/// offline console (its stores read status 0 in the one-store view). A store
/// that is down answers `StoreUnavailable`, not offline.
pub async fn cloud_enabled(
    console: &ConsoleClient,
    enterprise: &str,
    store_name: &str,
) -> Result<bool> {
    Ok(console.store_state(enterprise, store_name).await? == StoreState::Usable)
}

/// Where the console can publish now: its usable bound stores, and its
/// library always. With none usable, the one-store view of a bound store says
/// whether the console is offline (status 0) or the store is down.
pub async fn offered(console: &ConsoleClient, enterprise: &str) -> Result<Offered> {
    let bound = console.bound_stores(enterprise).await?;
    let stores: Vec<String> = bound
        .iter()
        .filter(|b| b.can_publish())
        .map(|b| b.name.clone())
        .collect();
    let no_store = match (stores.is_empty(), bound.first()) {
        (false, _) => None,
        (true, None) => Some(NoStore::NoneBound),
        (true, Some(first)) => match console.store_state(enterprise, &first.name).await {
            Ok(StoreState::Offline) => Some(NoStore::Offline),
            Ok(StoreState::Usable) => Some(NoStore::NoneUsable),
            Err(e) if e.kind == ErrorKind::StoreUnavailable || e.kind == ErrorKind::NotFound => {
                Some(NoStore::NoneUsable)
            }
            Err(e) => return Err(e.into()),
        },
    };
    Ok(Offered {
        stores,
        no_store,
        library: vec![LibraryScope::Team, LibraryScope::Enterprise],
    })
}

/// A version of the listing in one of the console's libraries, and its
/// Release mark (docs/install-upgrade.md B1: a label the console records
/// with who set it; it gates nothing, and a re-publish of the number clears it).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct LibraryMark {
    /// Whose library.
    pub scope: LibraryScope,
    /// The app model's id.
    pub model_id: String,
    /// The version number.
    pub version: String,
    /// Marked Release now.
    pub release: bool,
}

/// The versions named in `versions` that the listing's models (exact name,
/// the team's for a team model) hold complete, in both libraries, with their marks.
pub async fn release_marks(
    console: &ConsoleClient,
    enterprise: &str,
    team: &str,
    name: &str,
    versions: &[String],
) -> Result<Vec<LibraryMark>> {
    let mut out = Vec::new();
    for scope in [LibraryScope::Team, LibraryScope::Enterprise] {
        let Some(model) = find_model(console, enterprise, scope, team, name).await? else {
            continue;
        };
        for v in model.versions.iter().filter(|v| v.complete) {
            if versions.iter().any(|n| n.trim() == v.version) {
                out.push(LibraryMark {
                    scope,
                    model_id: model.id.clone(),
                    version: v.version.clone(),
                    release: v.dev_status == "release",
                });
            }
        }
    }
    Ok(out)
}

/// Sets or clears one version's mark, `dev_status` sent explicitly (a PUT
/// without it clears the mark), and answers whether the console recorded it.
pub async fn set_release_mark(
    console: &ConsoleClient,
    enterprise: &str,
    mark: &LibraryMark,
    release: bool,
) -> Result<bool> {
    let recorded = console
        .set_release_mark(enterprise, &mark.model_id, &mark.version, release)
        .await?;
    Ok(recorded.release == release)
}
