//! What went wrong talking to the store or the console, in the terms the callers act on.

use std::fmt;

/// What went wrong, in the terms the UI and the CLI act on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// The store refused the access key (401).
    StoreKeyRejected,
    /// The key or the account may not do this (403, or no `Write`).
    NoWritePermission,
    /// The store refused the phone number or password.
    StoreLoginFailed,
    /// The console refused the user name or password.
    ConsoleLoginFailed,
    /// The console sign-in expired (401 on a later call).
    ConsoleSignedOut,
    NotFound,
    /// The server refused the data (400); its message says why.
    Validation,
    /// The server is not done yet (the console's 415 before every image is pushed).
    NotReady,
    /// No answer: refused, timed out or cut off.
    Network,
    /// The server failed (5xx).
    Server,
    /// The server answered something that is not the documented JSON.
    Malformed,
    /// The reply is larger than the most this app reads; asking again at once
    /// would only read as much again.
    TooLarge,
}

/// An error of a call. The text names the call (method and path, never the
/// query, which can carry an access key) and the server's reason; no secret
/// ever appears in it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    pub kind: ErrorKind,
    /// e.g. `GET /app-server/openapi/info`
    pub call: String,
    /// The server's message, or what failed.
    pub detail: String,
}

impl Error {
    pub(crate) fn new(kind: ErrorKind, call: &str, detail: impl Into<String>) -> Error {
        Error {
            kind,
            call: call.to_owned(),
            detail: detail.into(),
        }
    }

    /// Worth trying again later: the outbox keeps the change.
    pub fn is_transient(&self) -> bool {
        matches!(
            self.kind,
            ErrorKind::Network | ErrorKind::Server | ErrorKind::Malformed
        )
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.kind {
            ErrorKind::StoreKeyRejected => "the store refused the access key",
            ErrorKind::NoWritePermission => "not allowed",
            ErrorKind::StoreLoginFailed => "the store refused the sign-in",
            ErrorKind::ConsoleLoginFailed => "the console refused the sign-in",
            ErrorKind::ConsoleSignedOut => "the console sign-in has expired; sign in again",
            ErrorKind::NotFound => "not found",
            ErrorKind::Validation => "the server refused the data",
            ErrorKind::NotReady => "not ready yet",
            ErrorKind::Network => "no connection",
            ErrorKind::Server => "the server failed",
            ErrorKind::Malformed => "the server's answer is not what its API documents",
            ErrorKind::TooLarge => "the server's answer is too large",
        };
        write!(f, "{what}: {} ({})", self.detail, self.call)
    }
}

impl std::error::Error for Error {}

pub type Result<T, E = Error> = std::result::Result<T, E>;
