//! What went wrong talking to the store or the console, in the terms the callers act on.

use std::fmt;

use rbpub_core::catalogue::Sentence;
use rbpub_core::Locale;

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
    /// The cluster cannot take it now: the console's 409 "操作过于频繁" on an
    /// image push, or a VM's disk export not ready yet. Nothing was started;
    /// the same call later is the way on.
    Busy,
    /// The console could not reach the store, or the store reported itself
    /// down: 400 "应用商店状态异常" on reading a record, 400 "请求失败，请检查
    /// 网络和配置" on a submit or complete. Nothing changed; try again later.
    StoreUnavailable,
    /// The share can never finish as it is: a plugin's image push left by an
    /// earlier submit (400 "插件不存在无需发布"). Give it up and start again.
    StaleShare,
    /// The cluster refused to start an image push (500 "数据中心分享错误", or
    /// "插件分享事件同步发生错误" for a plugin): the event keeps its status, and
    /// starting it again is the console's retry.
    PushRefused,
    /// The console has no such view: it is older than what was asked (a bare
    /// 404, not the console's envelope).
    Unsupported,
    /// What was to be made is there already (400 "创建失败：应用已存在" for an
    /// app model, "标签已存在" for a tag): find it by listing.
    Exists,
}

/// An error of a call. The text names the call (method and path, never the
/// query, which can carry an access key) and the server's reason; no secret
/// ever appears in it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    pub kind: ErrorKind,
    /// e.g. `GET /app-server/openapi/info`
    pub call: String,
    /// The server's words, or what failed (in English when it is ours: for logs).
    pub detail: String,
    /// `detail` is the server's own words (`msg_show`, the store's `msg`): the
    /// user sees it quoted, as the server's.
    pub from_server: bool,
    /// Why, in the catalogue's words, when it is ours to say (boxed: most
    /// calls succeed, and a `Result` carries its error inline).
    pub reason: Option<Box<Sentence>>,
}

impl Error {
    /// What failed in technical words (a parser's, HTTP's), shown as they are.
    pub(crate) fn new(kind: ErrorKind, call: &str, detail: impl Into<String>) -> Error {
        Error {
            kind,
            call: call.to_owned(),
            detail: detail.into(),
            from_server: false,
            reason: None,
        }
    }

    /// The server's own words.
    pub(crate) fn server(kind: ErrorKind, call: &str, words: impl Into<String>) -> Error {
        Error {
            from_server: true,
            ..Error::new(kind, call, words)
        }
    }

    /// Ours to say, from the catalogue.
    pub(crate) fn ours(kind: ErrorKind, call: &str, why: Sentence) -> Error {
        Error {
            detail: why.say(Locale::En),
            reason: Some(Box::new(why)),
            ..Error::new(kind, call, "")
        }
    }

    /// Worth asking again at once (a safe call is, a few times): the answer
    /// was lost or the server failed. A busy cluster or a store that is down is
    /// waited on by the caller instead, for longer.
    pub(crate) fn is_retried_at_once(&self) -> bool {
        matches!(
            self.kind,
            ErrorKind::Network | ErrorKind::Server | ErrorKind::Malformed
        )
    }

    /// Worth trying again later: the outbox keeps the change.
    pub fn is_transient(&self) -> bool {
        matches!(
            self.kind,
            ErrorKind::Network
                | ErrorKind::Server
                | ErrorKind::Malformed
                | ErrorKind::Busy
                | ErrorKind::StoreUnavailable
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
            ErrorKind::Busy => "the cluster is busy; try again shortly",
            ErrorKind::StoreUnavailable => "the console cannot reach the store now",
            ErrorKind::StaleShare => "this share can never finish; start the version again",
            ErrorKind::PushRefused => "the cluster refused to push the image",
            ErrorKind::Unsupported => "this console has no such feature (it is older)",
            ErrorKind::Exists => "it exists already",
        };
        write!(f, "{what}: {} ({})", self.detail, self.call)
    }
}

impl std::error::Error for Error {}

pub type Result<T, E = Error> = std::result::Result<T, E>;
