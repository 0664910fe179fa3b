//! The closed set of error kinds, what a setup error needs first, and the
//! parameters an error's sentence names.

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
    /// The console cannot reach the store now (it said so); nothing changed,
    /// and the publish goes on when it can.
    StoreUnavailable,
    /// The share under way can never finish (an image push left by an earlier
    /// submit): starting the version again gives it up and makes a new one.
    ShareStale,
    /// The share under way publishes something else than the draft says now
    /// (another version number, template or snapshot): start the version
    /// again, or set the draft back; `version` names the share's.
    ShareDiffers,
    /// The share leaves out components or dependencies of the app without a
    /// word; `detail` names them. Publishing anyway needs the user's yes.
    OmissionsToConfirm,
    /// The console did not take the snapshot for this share (it publishes the
    /// app as it runs instead); the share was given up.
    SnapshotNotTaken,
    /// This console has no such feature: it is older (snapshots came later).
    Unsupported,
    /// The library's app model has this version number already (published by
    /// someone else, or from another draft): publishing again overwrites it,
    /// which needs the user's yes; `version` names it, `detail` its status.
    VersionExists,
    /// The store answered a push and shows something else when read back;
    /// `detail` lists each field ("the store kept X, you sent Y").
    StoreKept,
    /// An export's folder holds another listing's files: writing there would
    /// overwrite them, which needs the user's yes; `detail` names it.
    FolderTaken,
    /// Checked here before anything was sent: the console or store would
    /// refuse it (or answer a bare 500); `detail` names the field and the fix.
    Invalid,
    /// The project's `[release]` rule is not met: too few approvals count;
    /// `items` says why, one line per approval that does not.
    NotApproved,
    /// The signing key cannot be used (missing, garbled, a wrong passphrase,
    /// not in ssh-agent); `detail` says which and the fix.
    SigningKey,
}

impl Code {
    /// Worth trying again without changing anything.
    pub fn is_transient(self) -> bool {
        matches!(
            self,
            Code::NetworkDown | Code::ServerError | Code::MalformedReply | Code::StoreUnavailable
        )
    }
}

/// What must be done first, for [`Code::NeedsSetup`]: each has a sentence in
/// both languages in the catalogue (`crates/core/messages/*.json`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum Need {
    /// A store access key (step 1).
    StoreKey,
    /// A console sign-in (step 3).
    ConsoleSignIn,
    /// A team and region chosen (step 3).
    TeamRegion,
    /// The store bound to the console (step 3).
    StoreBound,
    /// The app's name (step 5).
    AppName,
    /// The running app a version publishes (step 4); `version` names it.
    RunningApp,
    /// The version a package sells, published (step 4); `package` and `version` name them.
    VersionPublished,
    /// A version published, so that the store has the app (step 4).
    PublishFirst,
    /// The app in the store (steps 4 and 5).
    AppInStore,
    /// A logo to fix (step 5).
    Logo,
    /// A logo that passes its error-level rules (step 5); `detail` lists them.
    LogoRules,
}

/// What an error's sentence names. Only what the error has is sent.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Params {
    /// What must be done first, for a setup error.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub need: Option<Need>,
    /// A component of the app's template (a push that failed or hangs).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub component: Option<String>,
    /// The version the error is about.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub version: Option<String>,
    /// What the error lists, one line each (the omissions to confirm).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub items: Option<Vec<String>>,
    /// The package the error is about.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub package: Option<String>,
    /// Why, in our words: a sentence of the catalogue with what it names.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub reason: Option<rbpub_core::catalogue::Sentence>,
    /// The words of whatever refused on this machine (the OS, a file's parser),
    /// shown as they came: they name the file and say why.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub detail: Option<String>,
    /// The server's own words (the console's `msg_show`, the store's `msg`),
    /// shown as a quotation marked as the server's.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub said: Option<String>,
    /// What to do about it, said last (rbpub's flags: `--restart`…).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub fix: Option<rbpub_core::catalogue::Sentence>,
}
