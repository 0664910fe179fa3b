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
    /// The store refused the access key: sign in again or paste a new key.
    StoreKeyRejected,
    /// The key or account may not publish (no `Write` permission).
    NoWritePermission,
    /// The store refused the phone number or password.
    StoreLoginFailed,
    /// The console refused the user name or password.
    ConsoleLoginFailed,
    /// The console sign-in expired: sign in again.
    ConsoleSignedOut,
    /// The server refused the data; the message is the server's reason.
    Rejected,
    /// The store or console cannot be reached; changes wait in the outbox.
    NetworkDown,
    /// The server failed (5xx); worth trying again later.
    ServerError,
    /// The server answered something its API does not document.
    MalformedReply,
    /// The OS keyring cannot be used.
    KeyringUnavailable,
    /// Something must be set up first (signed in, a store bound, a field filled);
    /// the message says what.
    NeedsSetup,
    /// The user cancelled the work.
    Cancelled,
    /// An image or brand kit cannot be used; the message names the file and why.
    BadImage,
    /// A listing folder, bundle or template export cannot be used; the message
    /// names the file and why.
    BadFile,
    /// The listing was opened for review: only notes can be written.
    ReadOnly,
    /// An image push of a publish failed; the message names the component and
    /// the console's reason. The share is kept: a retry pushes only what failed.
    PushFailed,
    /// A publish stopped waiting on image pushes that did not end; the share is
    /// kept and a later run goes on with it.
    TimedOut,
}

impl Code {
    /// Worth trying again without changing anything.
    pub fn is_transient(self) -> bool {
        matches!(
            self,
            Code::NetworkDown | Code::ServerError | Code::MalformedReply
        )
    }
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

impl Error {
    pub fn new(code: Code, message: impl Into<String>) -> Error {
        Error {
            code,
            message: message.into(),
        }
    }
}

impl From<rbpub_remote::Error> for Error {
    fn from(e: rbpub_remote::Error) -> Self {
        use rbpub_remote::ErrorKind as K;
        let code = match e.kind {
            K::StoreKeyRejected => Code::StoreKeyRejected,
            K::NoWritePermission => Code::NoWritePermission,
            K::StoreLoginFailed => Code::StoreLoginFailed,
            K::ConsoleLoginFailed => Code::ConsoleLoginFailed,
            K::ConsoleSignedOut => Code::ConsoleSignedOut,
            K::NotFound => Code::NotFound,
            K::Validation => Code::Rejected,
            K::NotReady | K::Server => Code::ServerError,
            K::Network => Code::NetworkDown,
            K::Malformed | K::TooLarge => Code::MalformedReply,
        };
        Error {
            code,
            message: e.to_string(),
        }
    }
}

impl From<rbpub_secrets::Error> for Error {
    fn from(e: rbpub_secrets::Error) -> Self {
        Error {
            code: Code::KeyringUnavailable,
            message: e.to_string(),
        }
    }
}

impl From<rbpub_drafts::Error> for Error {
    fn from(e: rbpub_drafts::Error) -> Self {
        use rbpub_drafts::Error as D;
        let code = match &e {
            D::ListingNotFound(_)
            | D::VersionNotFound(_)
            | D::PackageNotFound(_)
            | D::ScreenshotNotFound(_) => Code::NotFound,
            D::AssetMissing { .. } => Code::DataFolder,
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
