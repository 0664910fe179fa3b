//! The one error of the service: [`Error`], what it is made from, and how it is
//! said in each language (its kinds in `code`, its sentences in `messages`).

mod code;
mod messages;

pub use code::{Code, Need, Params};

use rbpub_core::catalogue::Sentence;
use serde::Serialize;
use ts_rs::TS;

/// The one error that crosses IPC: `{ "code": "...", "params": {...}, "message": "..." }`.
/// Code is for programs; the window and `rbpub` say it in the user's language
/// from the catalogue with the params ([`Error::localized`]); the message is
/// the English text, for logs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS, thiserror::Error)]
#[error("{message}")]
pub struct Error {
    /// What kind of error: programs switch on it.
    pub code: Code,
    /// What the sentence names, for the catalogue. Boxed: a `Result` carries
    /// its error inline, and most calls succeed.
    pub params: Box<Params>,
    /// The English text, for logs.
    pub message: String,
}

/// The service's result: its error unless another is named.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// An error whose message is the detail: the words of what refused.
    pub fn new(code: Code, message: impl Into<String>) -> Error {
        let message = message.into();
        Error {
            code,
            params: Box::new(Params {
                detail: Some(message.clone()),
                ..Params::default()
            }),
            message,
        }
    }

    /// An error whose reason is ours to say: the catalogue's sentence for `code`,
    /// then `why`, in the user's language.
    pub fn because(code: Code, why: Sentence) -> Error {
        Error::with(
            code,
            Params {
                reason: Some(why),
                ..Params::default()
            },
        )
    }

    /// An error whose reason is ours to say, followed by the words of what
    /// refused on this machine (the OS's, a parser's).
    pub fn because_of(code: Code, why: Sentence, detail: impl std::fmt::Display) -> Error {
        Error::with(
            code,
            Params {
                reason: Some(why),
                detail: Some(detail.to_string()),
                ..Params::default()
            },
        )
    }

    /// An error of a lower crate: said in the user's language from its
    /// sentence and detail; its own English text kept for the log.
    pub fn said(code: Code, why: Sentence, detail: Option<String>, english: String) -> Error {
        Error {
            code,
            params: Box::new(Params {
                reason: Some(why),
                detail,
                ..Params::default()
            }),
            message: english,
        }
    }

    /// An error of `code` naming `params`; its message is the English text, for logs.
    pub fn with(code: Code, params: Params) -> Error {
        Error {
            code,
            message: messages::render(code, &params, rbpub_core::Locale::En),
            params: Box::new(params),
        }
    }

    /// An error the catalogue's sentence for `code` says whole.
    pub fn plain(code: Code, message: impl Into<String>) -> Error {
        Error {
            code,
            params: Box::default(),
            message: message.into(),
        }
    }

    /// The same error, ending with what to do about it.
    pub fn fixed_by(mut self, fix: Sentence) -> Error {
        self.params.fix = Some(fix);
        self.message = messages::render(self.code, &self.params, rbpub_core::Locale::En);
        self
    }

    /// The same error, naming the components it is about.
    pub fn about_components(mut self, components: &[&str]) -> Error {
        self.params.component = Some(components.join(", "));
        self
    }

    /// Something must be done first.
    pub fn needs(need: Need, params: Params) -> Error {
        let params = Params {
            need: Some(need),
            ..params
        };
        Error {
            code: Code::NeedsSetup,
            message: messages::render(Code::NeedsSetup, &params, rbpub_core::Locale::En),
            params: Box::new(params),
        }
    }

    /// This error in `locale`, as the window shows it: the catalogue's sentence
    /// for the code with the params, then the detail.
    pub fn localized(&self, locale: rbpub_core::Locale) -> String {
        messages::render(self.code, &self.params, locale)
    }

    /// Only why, in `locale`, where the kind goes without saying (a list of
    /// refused files): the reason and the detail; the whole sentence when
    /// there is no reason.
    pub fn why(&self, locale: rbpub_core::Locale) -> String {
        match &self.params.reason {
            Some(reason) => {
                messages::followed_by(reason.say(locale), self.params.detail.iter(), locale)
            }
            None => self.localized(locale),
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
            K::Validation | K::Exists => Code::Rejected,
            K::NotReady | K::Server | K::Busy | K::PushRefused => Code::ServerError,
            K::Network => Code::NetworkDown,
            K::Malformed | K::TooLarge => Code::MalformedReply,
            K::StoreUnavailable => Code::StoreUnavailable,
            K::StaleShare => Code::ShareStale,
            K::Unsupported => Code::Unsupported,
        };
        // The server's words are quoted as the server's; ours come from the
        // catalogue; a parser's are shown as they are. The call (method and
        // path) is in the English message, for the log.
        let params = Params {
            said: e.from_server.then(|| e.detail.clone()),
            detail: (!e.from_server && e.reason.is_none() && !e.detail.is_empty())
                .then(|| e.detail.clone()),
            reason: e.reason.as_deref().cloned(),
            ..Params::default()
        };
        Error {
            code,
            params: Box::new(params),
            message: e.to_string(),
        }
    }
}

impl From<rbpub_assets::Error> for Error {
    fn from(e: rbpub_assets::Error) -> Self {
        let (why, detail) = e.sentence();
        Error::said(Code::BadImage, why, detail, e.to_string())
    }
}

impl From<rbpub_secrets::Error> for Error {
    fn from(e: rbpub_secrets::Error) -> Self {
        let (why, detail) = e.sentence();
        Error::said(Code::KeyringUnavailable, why, detail, e.to_string())
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
        let (why, detail) = e.sentence();
        Error::said(code, why, detail, e.to_string())
    }
}
