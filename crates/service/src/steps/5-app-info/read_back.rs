//! Reading the store again after a push: a store that answered yes and shows
//! something else is said, field by field ("the store kept X, you sent Y"),
//! never taken as done.

use rbpub_core::online::{LiveApp, LivePackage};
use rbpub_remote::{AppInfo, NewPackage, StoreClient, StoreVersion};

use crate::error::{Code, Error, Params, Result};
use rbpub_core::catalogue::Sentence;

/// "`what`: the store kept “X”, you sent “Y”" (the sentence `key`), when the
/// two differ beyond surrounding whitespace.
fn differs(key: &str, kept: &str, sent: &str) -> Option<Sentence> {
    let (kept, sent) = (kept.trim(), sent.trim());
    (kept != sent).then(|| Sentence::new(key).arg("kept", kept).arg("sent", sent))
}

/// [`Code::StoreKept`] naming each field the store shows otherwise.
pub(crate) fn store_kept(kept: Vec<Sentence>) -> Error {
    Error::with(
        Code::StoreKept,
        Params {
            reason: rbpub_core::catalogue::each_of(kept),
            ..Params::default()
        },
    )
}

/// The app's information the store shows otherwise than `sent`.
pub(crate) fn info_kept(sent: &AppInfo, live: &LiveApp) -> Vec<Sentence> {
    let mut kept: Vec<Sentence> = [
        ("readBack.name", &sent.name, &live.name),
        ("readBack.description", &sent.description, &live.description),
        (
            "readBack.introduction",
            &sent.introduction,
            &live.introduction,
        ),
        (
            "readBack.visibility",
            &sent.publish_type,
            &live.publish_type,
        ),
    ]
    .into_iter()
    .filter_map(|(key, sent, live)| differs(key, live, sent))
    .collect();
    if !sent.logo.is_empty() && live.logo_url.is_empty() {
        kept.push(Sentence::new("readBack.noLogo"));
    }
    kept
}

/// The package as the store lists it after a push, or what it kept otherwise.
pub(crate) async fn read_back_package(
    store: &StoreClient,
    app_id: &str,
    sent: &NewPackage,
) -> Result<LivePackage> {
    let listed = store.packages(app_id).await?;
    let found = listed
        .into_iter()
        .find(|p| p.name == sent.name && p.version == sent.version);
    let kept = package_kept(sent, found.as_ref());
    match found {
        Some(p) if kept.is_empty() => Ok(p),
        _ => Err(store_kept(kept)),
    }
}

/// What the store shows otherwise than the package `sent`.
fn package_kept(sent: &NewPackage, found: Option<&LivePackage>) -> Vec<Sentence> {
    let named = |s: Sentence| s.arg("package", &sent.name).arg("version", &sent.version);
    match found {
        None => vec![named(Sentence::new("readBack.noPackage"))],
        Some(p) => differs(
            "readBack.packageDescription",
            &p.description,
            &sent.description,
        )
        .map(named)
        .into_iter()
        .collect(),
    }
}

/// After a version is published to the store through the console: the store
/// lists it, with the alias and release notes that were sent (the console
/// passes both on as `version_alias` and `description`).
pub async fn read_back_version(
    store: &StoreClient,
    app_id: &str,
    sent: &StoreVersion,
) -> Result<()> {
    let listed = store.versions(app_id).await?;
    let kept = version_kept(sent, listed.iter().find(|v| v.version == sent.version));
    if kept.is_empty() {
        Ok(())
    } else {
        Err(store_kept(kept))
    }
}

/// What the store shows otherwise than the version `sent`.
fn version_kept(sent: &StoreVersion, found: Option<&StoreVersion>) -> Vec<Sentence> {
    let Some(v) = found else {
        return vec![Sentence::new("readBack.noVersion").arg("version", &sent.version)];
    };
    [
        ("readBack.versionAlias", &v.alias, &sent.alias),
        ("readBack.versionNotes", &v.notes, &sent.notes),
    ]
    .into_iter()
    .filter_map(|(key, kept, sent)| differs(key, kept, sent))
    .map(|s| s.arg("version", &sent.version))
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rbpub_core::Locale;

    fn said(kept: Vec<Sentence>) -> Vec<String> {
        kept.iter().map(|s| s.say(Locale::En)).collect()
    }

    #[test]
    fn a_package_the_store_lists_otherwise_is_named_with_both_values() {
        let sent = NewPackage {
            name: "Basic".into(),
            version: "1.0.0".into(),
            description: "Small teams".into(),
        };
        let found = LivePackage {
            id: "p1".into(),
            name: "Basic".into(),
            version: "1.0.0".into(),
            description: "Old words".into(),
        };
        assert_eq!(
            said(package_kept(&sent, Some(&found))),
            ["package Basic (1.0.0) description: the store kept “Old words”, you sent “Small teams”"]
        );
        assert_eq!(
            said(package_kept(&sent, None)),
            ["package Basic (1.0.0): the store lists none, you sent one"]
        );
        let same = LivePackage {
            description: " Small teams\n".into(),
            ..found
        };
        assert!(package_kept(&sent, Some(&same)).is_empty());
    }

    #[test]
    fn a_version_the_store_lists_otherwise_is_named_by_field() {
        let sent = StoreVersion {
            version: "1.2.0".into(),
            alias: "Spring".into(),
            notes: "Faster start".into(),
        };
        let listed = StoreVersion {
            version: "1.2.0".into(),
            alias: "Spring ".into(),
            notes: String::new(),
        };
        assert_eq!(
            said(version_kept(&sent, Some(&listed))),
            ["version 1.2.0 release notes: the store kept “”, you sent “Faster start”"]
        );
        assert_eq!(
            said(version_kept(&sent, None)),
            ["version 1.2.0: the store lists none, the console said it was published"]
        );
        let same = StoreVersion {
            notes: "Faster start".into(),
            ..listed
        };
        assert!(version_kept(&sent, Some(&same)).is_empty());
    }
}
