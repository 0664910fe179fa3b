//! Local drafts in SQLite: the portfolio of listings, their versions and
//! packages, and the publisher. Every write is one transaction; secrets are
//! never stored here.

mod approvals;
mod assets;
mod error;
mod import;
mod listings;
mod load;
mod online;
mod open;
mod parts;
mod publisher;
mod review;
mod rows;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use sqlx::{Sqlite, SqlitePool, Transaction};

pub use approvals::SIGNING_KEY;
pub use assets::{Collected, NewAsset};
pub use error::{Error, Result};
pub use import::{ImportedDraft, ImportedImage};
pub use listings::PortfolioRow;
pub use open::{private_dir, DB_FILE};
pub use review::Part;

/// The drafts database of one data folder.
#[derive(Clone)]
pub struct Drafts {
    pool: SqlitePool,
    path: PathBuf,
    backup: Option<PathBuf>,
}

impl Drafts {
    /// Opens (creating if needed) `drafts.db` in `dir` and brings its schema up to date.
    pub async fn open(dir: &Path) -> Result<Drafts> {
        let opened = open::open(dir).await?;
        let drafts = Drafts {
            pool: opened.pool,
            path: opened.path,
            backup: opened.backup,
        };
        drafts.ensure_publisher().await?;
        Ok(drafts)
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The copy taken before this open migrated an older database.
    pub fn backup(&self) -> Option<&Path> {
        self.backup.as_deref()
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }

    /// A write transaction that takes SQLite's write lock up front, so a
    /// read-then-write never fails with a stale snapshot when another app
    /// instance writes to the same file.
    async fn write(&self) -> Result<Transaction<'static, Sqlite>> {
        Ok(self.pool.begin_with("BEGIN IMMEDIATE").await?)
    }
}

/// Milliseconds since the epoch, strictly increasing within the process, so two
/// edits in one millisecond still sort in the order they were made.
pub(crate) fn now_ms() -> i64 {
    static LAST: AtomicI64 = AtomicI64::new(0);
    let wall = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64);
    let prev = LAST.fetch_max(wall, Ordering::Relaxed);
    if prev >= wall {
        LAST.fetch_add(1, Ordering::Relaxed) + 1
    } else {
        wall
    }
}

/// Time-ordered ids, so rows sort by creation and never collide across instances.
pub(crate) fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}
