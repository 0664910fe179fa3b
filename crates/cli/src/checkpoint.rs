//! Where `rbpub publish` keeps the share record it started, before it sends
//! anything else: the console makes a new record on every POST, so a run killed
//! mid-push must find its record again instead of starting a second one. One
//! small JSON file in the data folder, written whole and renamed into place.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rbpub_service::{Code, Error, Result};

const FILE: &str = "rbpub-shares.json";

/// Which share a publish is: the console, team, running app, template and version.
pub struct ShareKey(pub String);

impl ShareKey {
    /// A store's key is as it always was (checkpoints kept by an older rbpub
    /// resume); a library's names the library.
    pub fn new(
        console: &str,
        team: &str,
        app_id: i64,
        template: &str,
        version: &str,
        to: &rbpub_core::Destination,
    ) -> Self {
        let console = console.trim_end_matches('/');
        let key = format!("{console} {team} {app_id} {template} {version}");
        match to {
            rbpub_core::Destination::Store { .. } => ShareKey(key),
            library => ShareKey(format!("{key} to:{library}")),
        }
    }
}

pub struct Checkpoints {
    path: PathBuf,
}

impl Checkpoints {
    pub fn in_folder(folder: &Path) -> Self {
        Checkpoints {
            path: folder.join(FILE),
        }
    }

    fn read(&self) -> BTreeMap<String, i64> {
        // A missing or damaged file only costs a look at the console's history.
        std::fs::read(&self.path)
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default()
    }

    pub fn get(&self, key: &ShareKey) -> Option<i64> {
        self.read().get(&key.0).copied()
    }

    /// Keeps (or, with `None`, forgets) the share of `key`.
    pub fn set(&self, key: &ShareKey, share: Option<i64>) -> Result<()> {
        let mut all = self.read();
        match share {
            Some(id) => all.insert(key.0.clone(), id),
            None => all.remove(&key.0),
        };
        let fail = |e: std::io::Error| {
            Error::new(
                Code::DataFolder,
                format!(
                    "cannot keep the publish's checkpoint in {}: {e}",
                    self.path.display()
                ),
            )
        };
        if let Some(dir) = self.path.parent() {
            std::fs::create_dir_all(dir).map_err(fail)?;
        }
        let text = serde_json::to_vec_pretty(&all).unwrap_or_default();
        let tmp = self.path.with_extension("json.tmp");
        std::fs::write(&tmp, text).map_err(fail)?;
        std::fs::rename(&tmp, &self.path).map_err(fail)
    }
}

/// `90s`, `45m`, `2h` or a number of seconds.
pub fn parse_duration(text: &str) -> std::result::Result<std::time::Duration, String> {
    let text = text.trim();
    let (number, unit) = match text.find(|c: char| !c.is_ascii_digit()) {
        Some(i) => text.split_at(i),
        None => (text, "s"),
    };
    let n: u64 = number
        .parse()
        .map_err(|_| format!("{text:?}: a number with s, m or h, such as 90s, 45m or 2h"))?;
    let seconds = match unit {
        "s" => n,
        "m" => n * 60,
        "h" => n * 3600,
        _ => return Err(format!("{text:?}: the unit is s, m or h")),
    };
    Ok(std::time::Duration::from_secs(seconds))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_as_people_write_them() {
        assert_eq!(parse_duration("90s").unwrap().as_secs(), 90);
        assert_eq!(parse_duration("45m").unwrap().as_secs(), 2700);
        assert_eq!(parse_duration("2h").unwrap().as_secs(), 7200);
        assert_eq!(parse_duration("30").unwrap().as_secs(), 30);
        assert!(parse_duration("ten minutes").is_err());
        assert!(parse_duration("5d").is_err());
    }

    #[test]
    fn a_checkpoint_survives_and_is_forgotten() {
        let dir = tempfile::tempdir().unwrap();
        let c = Checkpoints::in_folder(dir.path());
        let store = rbpub_core::Destination::Store { name: "S".into() };
        let key = ShareKey::new("http://c/", "team", 2, "Gitea", "1.0.0", &store);
        // A store's key is the one an older rbpub kept.
        assert_eq!(key.0, "http://c team 2 Gitea 1.0.0");
        assert_eq!(c.get(&key), None);
        c.set(&key, Some(7)).unwrap();
        assert_eq!(Checkpoints::in_folder(dir.path()).get(&key), Some(7));
        // Another destination of the same version has its own.
        let team = ShareKey::new(
            "http://c/",
            "team",
            2,
            "Gitea",
            "1.0.0",
            &rbpub_core::Destination::TEAM,
        );
        assert_eq!(c.get(&team), None);
        c.set(&key, None).unwrap();
        assert_eq!(c.get(&key), None);
    }
}
