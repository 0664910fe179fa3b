//! What can go wrong with the drafts database, and what to do about it.

use std::path::PathBuf;

/// What can go wrong with the drafts database. Messages name the file and what to do.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(
        "The drafts database {path} is damaged or is not a Rainbond Publisher database ({detail}). \
         It has been left untouched. Restore it from a backup (files named drafts.db.backup-* beside it), \
         or move it out of the folder to start with an empty portfolio."
    )]
    Corrupt { path: PathBuf, detail: String },

    #[error(
        "The drafts database {path} was written by a newer version of Rainbond Publisher \
         (schema {found}; this version knows up to {known}). It has been left untouched. \
         Update Rainbond Publisher to open it."
    )]
    TooNew {
        path: PathBuf,
        found: i64,
        known: i64,
    },

    #[error("Cannot use the data folder {path}: {source}. Check that it exists and is writable, or set RBPUB_DATA_DIR to another folder.")]
    Folder {
        path: PathBuf,
        source: std::io::Error,
    },

    #[error("No listing with id {0}; it may have been deleted.")]
    ListingNotFound(String),

    #[error("No version with id {0}; it may have been deleted.")]
    VersionNotFound(String),

    #[error("No package with id {0}; it may have been deleted.")]
    PackageNotFound(String),

    #[error("No screenshot with id {0}; it may have been deleted.")]
    ScreenshotNotFound(String),

    #[error(
        "The image file {path} is missing from the data folder ({source}); add the image again."
    )]
    AssetMissing {
        path: PathBuf,
        source: std::io::Error,
    },

    #[error("The drafts database could not be updated: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),

    #[error("The drafts database failed: {0}")]
    Sql(#[from] sqlx::Error),

    #[error("A stored value could not be read ({0}); the database may have been edited by hand.")]
    Stored(#[from] serde_json::Error),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// True when SQLite reports the file itself as damaged (SQLITE_CORRUPT or SQLITE_NOTADB).
    pub fn is_corrupt(&self) -> bool {
        match self {
            Error::Corrupt { .. } => true,
            Error::Sql(e) => is_corrupt_sql(e),
            _ => false,
        }
    }
}

pub(crate) fn is_corrupt_sql(e: &sqlx::Error) -> bool {
    const SQLITE_CORRUPT: i64 = 11;
    const SQLITE_NOTADB: i64 = 26;
    e.as_database_error()
        .and_then(|d| d.code())
        .and_then(|c| c.parse::<i64>().ok())
        .is_some_and(|c| matches!(c & 0xff, SQLITE_CORRUPT | SQLITE_NOTADB))
}
