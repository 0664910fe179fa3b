//! Where a publish keeps the share record it started, before it sends
//! anything else: the console makes a new record on every POST, so a run
//! stopped mid-push must find its record again instead of starting a second
//! one. One protocol, [`ShareCheckpoint`], with two sides: the window's drafts
//! (the version's destination row) and, for `rbpub`, one small JSON file in
//! the private data folder, changed under a lock (two pipelines on one
//! runner), written whole under a unique name and renamed into place. The
//! file's keys name the console without any credentials in its URL.

use rbpub_core::catalogue::Sentence;
use std::future::Future;
use std::sync::Mutex;

use rbpub_core::online::StoreTemplate;
use rbpub_core::Destination;
use rbpub_remote::StoreClient;

use crate::Service;

/// Where one version's share to one destination is kept across runs.
pub trait ShareCheckpoint: Sync {
    /// The share an earlier run started, if one was kept.
    fn kept(&self) -> impl Future<Output = Result<Option<i64>>> + Send;
    /// Keeps (or, with `None`, forgets) the share under way.
    fn keep(&self, share: Option<i64>) -> impl Future<Output = Result<()>> + Send;
    /// The version is in `template` there: nothing is left to resume.
    fn published(&self, template: &StoreTemplate) -> impl Future<Output = Result<()>> + Send;
}

/// A checkpoint held in memory: for a caller that runs one publish to its end
/// and keeps nothing across runs (benches, tests, a library user).
#[derive(Debug, Default)]
pub struct InMemory(Mutex<Option<i64>>);

impl InMemory {
    /// Starts from a share kept elsewhere.
    pub fn with(share: Option<i64>) -> Self {
        InMemory(Mutex::new(share))
    }

    fn slot(&self) -> std::sync::MutexGuard<'_, Option<i64>> {
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl ShareCheckpoint for InMemory {
    async fn kept(&self) -> Result<Option<i64>> {
        Ok(*self.slot())
    }
    async fn keep(&self, share: Option<i64>) -> Result<()> {
        *self.slot() = share;
        Ok(())
    }
    async fn published(&self, _: &StoreTemplate) -> Result<()> {
        *self.slot() = None;
        Ok(())
    }
}

/// The window's side: the version's row for the destination in the drafts.
/// A published version keeps its share id (the window names it) and is marked
/// published, which also ends an overwrite the user agreed to; a listing
/// published to a store is linked to the store's app, read back from it.
pub struct InDrafts<'a> {
    /// The window's service (its drafts).
    pub service: &'a Service,
    /// The listing.
    pub listing_id: &'a rbpub_core::ListingId,
    /// The version.
    pub version_id: &'a rbpub_core::VersionId,
    /// The destination, as the draft keys it.
    pub to: &'a Destination,
    /// The store with the publisher's key, for a store destination.
    pub store: Option<&'a StoreClient>,
}

impl ShareCheckpoint for InDrafts<'_> {
    async fn kept(&self) -> Result<Option<i64>> {
        Ok(self
            .service
            .drafts()?
            .share(self.version_id, self.to)
            .await?)
    }
    async fn keep(&self, share: Option<i64>) -> Result<()> {
        let drafts = self.service.drafts()?;
        Ok(drafts.set_share(self.version_id, self.to, share).await?)
    }
    async fn published(&self, template: &StoreTemplate) -> Result<()> {
        self.service
            .drafts()?
            .change_destination(self.version_id, self.to, |d| {
                d.published = true;
                d.overwrite = false;
            })
            .await?;
        if let Some(store) = self.store {
            self.service
                .refresh_live(store, self.listing_id, &template.id)
                .await?;
        }
        Ok(())
    }
}

/// `rbpub`'s side: one key of the checkpoint file.
pub struct InFile {
    /// The file.
    pub file: Checkpoints,
    /// Which share.
    pub key: ShareKey,
}

impl ShareCheckpoint for InFile {
    async fn kept(&self) -> Result<Option<i64>> {
        Ok(self.file.get(&self.key))
    }
    async fn keep(&self, share: Option<i64>) -> Result<()> {
        self.file.set(&self.key, share)
    }
    async fn published(&self, _: &StoreTemplate) -> Result<()> {
        self.file.set(&self.key, None)
    }
}

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::error::{Code, Error, Result};

const FILE: &str = "rbpub-shares.json";
/// Held while the checkpoints are read and written again.
const LOCK: &str = "rbpub-shares.lock";
/// More than any number of checkpoints a runner keeps; past it the file is not ours.
const MAX_BYTES: u64 = 4 * 1024 * 1024;

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
        let console = without_secrets(console);
        let key = format!("{console} {team} {app_id} {template} {version}");
        match to {
            rbpub_core::Destination::Store { .. } => ShareKey(key),
            library => ShareKey(format!("{key} to:{library}")),
        }
    }
}

/// `rbpub`'s checkpoint file in a folder: a share id per [`ShareKey`].
pub struct Checkpoints {
    path: PathBuf,
}

impl Checkpoints {
    /// The file in `folder` (made private when first written).
    pub fn in_folder(folder: &Path) -> Self {
        Checkpoints {
            path: folder.join(FILE),
        }
    }

    fn read(&self) -> BTreeMap<String, i64> {
        use std::io::Read;
        // A missing or damaged file only costs a look at the console's history.
        let mut bytes = Vec::new();
        let read = std::fs::File::open(&self.path)
            .and_then(|f| f.take(MAX_BYTES + 1).read_to_end(&mut bytes));
        if read.is_err() || bytes.len() as u64 > MAX_BYTES {
            return BTreeMap::new();
        }
        serde_json::from_slice(&bytes).unwrap_or_default()
    }

    /// The share kept for `key`; a missing or damaged file keeps none.
    pub fn get(&self, key: &ShareKey) -> Option<i64> {
        self.read().get(&key.0).copied()
    }

    /// Keeps (or, with `None`, forgets) the share of `key`.
    pub fn set(&self, key: &ShareKey, share: Option<i64>) -> Result<()> {
        let fail = |e: std::io::Error| {
            Error::because_of(
                Code::DataFolder,
                Sentence::new("publish.checkpoint").arg("path", self.path.display()),
                e,
            )
        };
        let dir = self
            .path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        crate::instance::private_dir(dir).map_err(fail)?;
        let lock = std::fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(false)
            .open(dir.join(LOCK))
            .map_err(fail)?;
        lock.lock().map_err(fail)?;
        // Read under the lock: another run may have kept its own since this one started.
        let mut all = self.read();
        match share {
            Some(id) => all.insert(key.0.clone(), id),
            None => all.remove(&key.0),
        };
        let text = serde_json::to_vec_pretty(&all).unwrap_or_default();
        let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(fail)?;
        std::io::Write::write_all(&mut tmp, &text).map_err(fail)?;
        tmp.persist(&self.path).map_err(|e| fail(e.error))?;
        Ok(())
    }
}

/// A console's address as a key: no user or password written into it, no
/// query or fragment, no trailing `/` (so older checkpoints still match).
fn without_secrets(url: &str) -> String {
    let url = url.trim();
    let url = url.split(['?', '#']).next().unwrap_or_default();
    let (scheme, rest) = url.split_once("://").unwrap_or(("", url));
    let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let host = authority
        .rsplit_once('@')
        .map_or(authority, |(_, host)| host);
    let joined = if scheme.is_empty() {
        format!("{host}{path}")
    } else {
        format!("{scheme}://{host}{path}")
    };
    joined.trim_end_matches('/').to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_checkpoint_survives_and_is_forgotten() {
        let dir = tempfile::tempdir().unwrap();
        let c = Checkpoints::in_folder(dir.path());
        let store = rbpub_core::Destination::Store { name: "S".into() };
        let key = ShareKey::new("http://c/", "team", 2, "Gitea", "1.0.0", &store);
        // A store's key is the one an older rbpub kept.
        assert_eq!(key.0, "http://c team 2 Gitea 1.0.0");
        assert_eq!(c.get(&key), None);
        // A password written into the console's address never reaches the file.
        let secret = ShareKey::new(
            "http://demo:pa55@c/?token=t",
            "team",
            2,
            "Gitea",
            "1.0.0",
            &store,
        );
        assert_eq!(secret.0, key.0);
        c.set(&secret, Some(7)).unwrap();
        let text = std::fs::read_to_string(dir.path().join(FILE)).unwrap();
        assert!(!text.contains("pa55") && !text.contains("token"), "{text}");
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
