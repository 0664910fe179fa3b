use serde::Serialize;
use ts_rs::TS;

/// The closed set of error kinds the UI and the CLI switch on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum Code {
    /// The listing, version or package no longer exists.
    NotFound,
    /// The drafts file is damaged or not ours; it was left untouched.
    DatabaseCorrupt,
    /// The drafts file was written by a newer app; it was left untouched.
    DatabaseTooNew,
    /// The data folder cannot be created or written.
    DataFolder,
    /// Any other failure of the drafts database.
    Database,
}

/// The one error that crosses IPC: `{ "code": "...", "message": "..." }`.
/// The message is for people; code is for programs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS, thiserror::Error)]
#[error("{message}")]
pub struct Error {
    pub code: Code,
    pub message: String,
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl From<rbpub_drafts::Error> for Error {
    fn from(e: rbpub_drafts::Error) -> Self {
        use rbpub_drafts::Error as D;
        let code = match &e {
            D::ListingNotFound(_) | D::VersionNotFound(_) | D::PackageNotFound(_) => Code::NotFound,
            D::TooNew { .. } => Code::DatabaseTooNew,
            D::Folder { .. } => Code::DataFolder,
            e if e.is_corrupt() => Code::DatabaseCorrupt,
            _ => Code::Database,
        };
        Error {
            code,
            message: e.to_string(),
        }
    }
}
