//! What can go wrong with the drafts database, and what to do about it.

use rbpub_core::catalogue::Sentence;
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
    ListingNotFound(rbpub_core::ListingId),

    #[error("No version with id {0}; it may have been deleted.")]
    VersionNotFound(rbpub_core::VersionId),

    #[error("No package with id {0}; it may have been deleted.")]
    PackageNotFound(rbpub_core::PackageId),

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

impl Error {
    /// Why, in the catalogue's words, and the words of what refused (SQLite's,
    /// the OS's) when there are any.
    pub fn sentence(&self) -> (Sentence, Option<String>) {
        let s = Sentence::new;
        match self {
            Error::Corrupt { path, detail } => (
                s("database.corrupt").arg("path", path.display()),
                Some(detail.clone()),
            ),
            Error::TooNew { path, found, known } => (
                s("database.tooNew")
                    .arg("path", path.display())
                    .arg("found", found)
                    .arg("known", known),
                None,
            ),
            Error::Folder { path, source } => (
                s("database.folder")
                    .arg("path", path.display())
                    .arg("variable", rbpub_core::env::DATA_DIR),
                Some(source.to_string()),
            ),
            Error::ListingNotFound(id) => (s("database.noListing").arg("id", id), None),
            Error::VersionNotFound(id) => (s("database.noVersion").arg("id", id), None),
            Error::PackageNotFound(id) => (s("database.noPackage").arg("id", id), None),
            Error::ScreenshotNotFound(id) => (s("database.noScreenshot").arg("id", id), None),
            Error::AssetMissing { path, source } => (
                s("database.imageMissing").arg("path", path.display()),
                Some(source.to_string()),
            ),
            Error::Migrate(e) => (s("database.migrate"), Some(e.to_string())),
            Error::Sql(e) => (s("database.sql"), Some(e.to_string())),
            Error::Stored(e) => (s("database.stored"), Some(e.to_string())),
        }
    }
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
