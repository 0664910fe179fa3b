//! Approvals of listing folders and bundles: a reviewer approves the folder as
//! it is now, anyone reads who approved what and whether it still holds, and a
//! project's `[release]` rule gates listing (rbpub `approve`, `approvals`,
//! `list --listing`, `publish --listing`). The window's approvals of a listing
//! in the drafts go through the same checks ([`crate::Service`]'s).

use rbpub_core::catalogue::Sentence;
use rbpub_core::ListingId;
use std::path::{Path, PathBuf};

use rbpub_approvals::{AllowedSigners, ApprovalCheck, Contents, Rule, SigningKey, Verdict};
use rbpub_core::SignedApproval;
use rbpub_files::Depth;
use serde::Serialize;
use ts_rs::TS;

use crate::library::LibraryMark;
use crate::listing_files::{bad_file, blocking};
use crate::{Code, Error, Result};

pub use rbpub_approvals::{
    some_changes, ApprovalCheck as CheckedApproval, ApprovalState, Change, Passphrase,
    SigningKey as Key, Verdict as ReleaseVerdict,
};

/// git's allowed-signers file: a line per key; a few KiB in practice.
const MAX_SIGNERS_FILE: u64 = 1024 * 1024;
/// Where ssh-agent listens, when it runs.
const AGENT_SOCKET_ENV: &str = "SSH_AUTH_SOCK";

/// A listing's approvals as they stand, and the project's rule when it has one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ListingApprovals {
    /// The listing's name.
    pub listing: String,
    /// Each approval, checked against the listing now (and the allowed
    /// signers, when the project names them).
    pub approvals: Vec<ApprovalCheck>,
    /// Approvals the project's `rbpub.toml` requires before listing; 0 without a rule.
    pub required: usize,
    /// The allowed-signers file, when the project names one.
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signers_file: Option<String>,
    /// Whose approvals count under the rule (for the lister, when known).
    pub counted: Vec<String>,
    /// The signing key the window remembers, by path (never the key).
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
}

/// Opens the signing key at `path`: held by ssh-agent (when `SSH_AUTH_SOCK`
/// is set), else the file, its passphrase from `passphrase` when it has one.
pub fn open_signing_key(path: &Path, passphrase: &mut dyn Passphrase) -> Result<SigningKey> {
    let agent = std::env::var_os(AGENT_SOCKET_ENV).map(PathBuf::from);
    SigningKey::open(path, agent.as_deref(), passphrase).map_err(key_error)
}

fn key_error(e: rbpub_approvals::Error) -> Error {
    let (why, detail) = e.sentence();
    Error::said(Code::SigningKey, why, detail, e.to_string())
}

/// Approves the listing folder or bundle at `path` as it is now with `key`,
/// writing the approval into it (a new approval by the same key replaces the
/// old). `signer`: the name to sign as; by default the name the project's
/// allowed-signers file gives the key, else the key's comment.
pub async fn approve_path(
    path: &Path,
    signer: Option<&str>,
    key: SigningKey,
) -> Result<ApprovalCheck> {
    let path = path.to_path_buf();
    let signer = signer.map(str::to_owned);
    blocking(move || {
        let files = rbpub_files::read(&path, Depth::Full).map_err(bad_file)?;
        let rule = project_rule(&path)?;
        let signer = match signer {
            Some(s) if !s.trim().is_empty() => s,
            _ => default_signer(rule.as_ref(), &key),
        };
        let approval = rbpub_approvals::approve(&files.draft, &signer, &key).map_err(key_error)?;
        rbpub_files::write_approval(&path, &approval).map_err(bad_file)?;
        let signers = rule.as_ref().map(|r| &r.signers);
        Ok(rbpub_approvals::check(
            &approval,
            &Contents::of(&files.draft),
            signers,
            rbpub_approvals::now(),
        ))
    })
    .await
}

/// The approvals of the listing folder or bundle at `path`, each checked.
pub async fn path_approvals(path: &Path) -> Result<ListingApprovals> {
    let path = path.to_path_buf();
    blocking(move || {
        let files = rbpub_files::read(&path, Depth::Full).map_err(bad_file)?;
        let rule = project_rule(&path)?;
        Ok(checked(&files.draft, &files.approvals, rule.as_ref(), None))
    })
    .await
}

/// The project's rule applied to the listing at `path` for the lister whose
/// key is `lister`: `Ok(None)` when the project requires no approvals, the
/// verdict when enough count, and [`Code::NotApproved`] naming each reason
/// when they do not.
pub async fn release_gate(path: &Path, lister: &SigningKey) -> Result<Option<Verdict>> {
    let path = path.to_path_buf();
    let lister = lister.public();
    blocking(move || {
        let Some(rule) = project_rule(&path)? else {
            return Ok(None);
        };
        let files = rbpub_files::read(&path, Depth::Full).map_err(bad_file)?;
        let verdict = rbpub_approvals::judge(
            &rule,
            &files.approvals,
            &Contents::of(&files.draft),
            Some(&lister),
            rbpub_approvals::now(),
        );
        if verdict.allows() {
            Ok(Some(verdict))
        } else {
            Err(not_approved(&files.draft.listing.name, &verdict))
        }
    })
    .await
}

/// Whether the project at or above `path` requires approvals before listing.
pub fn requires_approvals(path: &Path) -> Result<bool> {
    Ok(rbpub_files::project_release(path)
        .map_err(bad_file)?
        .is_some_and(|r| r.require_approvals > 0))
}

/// The refusal: the rule's sentence, then one line per approval that does not count.
pub(crate) fn not_approved(listing: &str, verdict: &Verdict) -> Error {
    let reasons = rbpub_core::catalogue::lines(verdict.sentences());
    let mut e = Error::because(Code::NotApproved, reasons.unwrap_or_default());
    // One line per reason, in English, for programs that list them.
    e.params.items = Some(verdict.reasons());
    e.message = format!(
        "{}: {}",
        rbpub_core::text::shown_controls(listing),
        e.message
    );
    e
}

/// Every approval of `draft` checked, with the project's rule applied for
/// `lister` when there is one.
pub(crate) fn checked(
    draft: &rbpub_core::ListingDraft,
    approvals: &[SignedApproval],
    rule: Option<&Rule>,
    lister: Option<&rbpub_approvals::PublicKey>,
) -> ListingApprovals {
    let contents = Contents::of(draft);
    let now = rbpub_approvals::now();
    let (approvals, counted) = match rule {
        Some(rule) => {
            let verdict = rbpub_approvals::judge(rule, approvals, &contents, lister, now);
            (verdict.approvals, verdict.counted)
        }
        None => (
            approvals
                .iter()
                .map(|a| rbpub_approvals::check(a, &contents, None, now))
                .collect(),
            Vec::new(),
        ),
    };
    ListingApprovals {
        listing: draft.listing.name.clone(),
        approvals,
        required: rule.map_or(0, |r| r.required),
        signers_file: rule.map(|r| r.signers_file.clone()),
        counted,
        key: None,
    }
}

/// The `[release]` rule of the project at or above `path`, its allowed
/// signers read (bounded); none when the project names no signers.
pub(crate) fn project_rule(path: &Path) -> Result<Option<Rule>> {
    let Some(release) = rbpub_files::project_release(path).map_err(bad_file)? else {
        return Ok(None);
    };
    let Some(file) = release.allowed_signers else {
        return Ok(None);
    };
    let shown = file.display().to_string();
    let bytes = rbpub_files::read_regular(&file, MAX_SIGNERS_FILE)
        .map_err(|e| {
            Error::because_of(
                Code::BadFile,
                Sentence::new("approvals.signersFile")
                    .arg("file", &shown)
                    .arg("project", release.project_file.display()),
                e,
            )
        })?
        .ok_or_else(|| {
            Error::because(
                Code::BadFile,
                Sentence::new("approvals.signersTooLarge")
                    .arg("file", &shown)
                    .arg("most", MAX_SIGNERS_FILE),
            )
        })?;
    Ok(Some(Rule {
        required: release.require_approvals,
        signers: AllowedSigners::parse(&String::from_utf8_lossy(&bytes)),
        signers_file: shown,
    }))
}

/// The name to sign as: the allowed-signers file's for the key, else the
/// key's comment, else its fingerprint.
fn default_signer(rule: Option<&Rule>, key: &SigningKey) -> String {
    let public = key.public();
    rule.and_then(|r| {
        r.signers
            .principals_of(public.key_data(), rbpub_approvals::now())
            .into_iter()
            .next()
    })
    .or_else(|| Some(public.comment().trim().to_owned()).filter(|c| !c.is_empty()))
    .unwrap_or_else(|| rbpub_approvals::fingerprint(&public))
}

impl crate::Service {
    /// The approvals of listing `id` kept in the drafts, each checked against
    /// the listing now, with the rule of the project it was imported from and
    /// the remembered key as the lister's.
    #[tracing::instrument(skip_all)]
    pub async fn listing_approvals(&self, id: &ListingId) -> Result<ListingApprovals> {
        let drafts = self.drafts()?;
        let files = self.listing_as_files(id).await?;
        let approvals = drafts.approvals(id).await?;
        let rule = match drafts.imported_from(id).await? {
            Some(from) if Path::new(&from).exists() => project_rule(Path::new(&from))?,
            _ => None,
        };
        let key = drafts.setting(rbpub_drafts::SIGNING_KEY).await?;
        // A listing opened for review is not listed from here: the reviewer's
        // own key is a signer's, not a lister's.
        let lister = key
            .as_deref()
            .filter(|_| !files.draft.listing.for_review)
            .and_then(|k| rbpub_approvals::public_key_of(Path::new(k)).ok());
        let mut out = checked(&files.draft, &approvals, rule.as_ref(), lister.as_ref());
        out.key = key;
        Ok(out)
    }

    /// Approves listing `id` as it is now with the key at `key` (remembered by
    /// path for next time, never copied); `passphrase` for a key file that has
    /// one and is not in ssh-agent. The approval is kept with the listing and
    /// travels in its exports.
    #[tracing::instrument(skip_all)]
    pub async fn approve_listing(
        &self,
        id: &ListingId,
        key: &str,
        passphrase: Option<rbpub_core::Sensitive<String>>,
        signer: Option<&str>,
    ) -> Result<ListingApprovals> {
        let drafts = self.drafts()?;
        let path = PathBuf::from(key);
        let mut given = passphrase.map(rbpub_core::Sensitive::into_inner);
        let mut ask = move |_: &Path| given.take();
        let opened = open_signing_key(&path, &mut ask)?;
        drafts.set_setting(rbpub_drafts::SIGNING_KEY, key).await?;
        let files = self.listing_as_files(id).await?;
        let rule = match drafts.imported_from(id).await? {
            Some(from) if Path::new(&from).exists() => project_rule(Path::new(&from))?,
            _ => None,
        };
        let signer = match signer {
            Some(s) if !s.trim().is_empty() => s.to_owned(),
            _ => default_signer(rule.as_ref(), &opened),
        };
        let approval = blocking(move || {
            rbpub_approvals::approve(&files.draft, &signer, &opened).map_err(key_error)
        })
        .await?;
        drafts.put_approvals(id, &[approval]).await?;
        self.listing_approvals(id).await
    }

    /// Remembers the user's signing key by path (the lister's, in step 7),
    /// once it reads as an OpenSSH key; nothing of the key is copied.
    #[tracing::instrument(skip_all)]
    pub async fn remember_signing_key(
        &self,
        id: &ListingId,
        key: &str,
    ) -> Result<ListingApprovals> {
        rbpub_approvals::public_key_of(Path::new(key)).map_err(key_error)?;
        self.drafts()?
            .set_setting(rbpub_drafts::SIGNING_KEY, key)
            .await?;
        self.listing_approvals(id).await
    }

    /// Before step 7 lists listing `id`: the rule of the project it came from,
    /// for the remembered key as the lister's. Nothing to check without a rule.
    pub(crate) async fn release_gate_for(&self, id: &ListingId) -> Result<()> {
        if self.drafts()?.imported_from(id).await?.is_none() {
            return Ok(());
        }
        let approvals = self.listing_approvals(id).await?;
        if approvals.required == 0 {
            return Ok(());
        }
        if approvals.key.is_none() {
            return Err(Error::because(
                Code::SigningKey,
                Sentence::new("approvals.chooseKey"),
            ));
        }
        if approvals.counted.len() >= approvals.required {
            return Ok(());
        }
        let verdict = Verdict {
            required: approvals.required,
            counted: approvals.counted,
            approvals: approvals.approvals,
            signers_file: approvals.signers_file.unwrap_or_default(),
            signers_problems: Vec::new(),
        };
        Err(not_approved(&approvals.listing, &verdict))
    }
}

impl crate::Service {
    /// The listing's versions in the console's libraries (by the listing's
    /// name, the connected team's), with their Release marks; none without a
    /// console sign-in.
    #[tracing::instrument(skip_all)]
    pub async fn release_marks(&self, id: &ListingId) -> Result<Vec<LibraryMark>> {
        let Ok((console, c)) = self.console_client().await else {
            return Ok(Vec::new());
        };
        let draft = self.drafts()?.listing(id).await?;
        let numbers: Vec<String> = draft.versions.iter().map(|v| v.version.clone()).collect();
        crate::library::release_marks(
            &console,
            &c.enterprise_id,
            &c.team,
            draft.listing.name.trim(),
            &numbers,
        )
        .await
    }

    /// Marks (or clears) every one of the listing's library versions as
    /// Release, each PUT sending `dev_status`; answers the marks read back.
    #[tracing::instrument(skip_all)]
    pub async fn set_release_marks(
        &self,
        id: &ListingId,
        release: bool,
    ) -> Result<Vec<LibraryMark>> {
        let (console, c) = self.console_client().await?;
        for mark in self.release_marks(id).await? {
            if mark.release != release {
                crate::library::set_release_mark(&console, &c.enterprise_id, &mark, release)
                    .await?;
            }
        }
        self.release_marks(id).await
    }
}
