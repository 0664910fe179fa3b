//! Approvals of listing folders and bundles: a reviewer approves the folder as
//! it is now, anyone reads who approved what and whether it still holds, and a
//! project's `[release]` rule gates listing (rbpub `approve`, `approvals`,
//! `list --listing`, `publish --listing`). The window's approvals of a listing
//! in the drafts go through the same checks ([`crate::Service`]'s).

use std::path::{Path, PathBuf};

use rbpub_approvals::{AllowedSigners, ApprovalCheck, Contents, Rule, SigningKey, Verdict};
use rbpub_core::SignedApproval;
use rbpub_files::Depth;
use serde::Serialize;
use ts_rs::TS;

use crate::listing_files::{bad_file, blocking};
use crate::{Code, Error, Result};

pub use rbpub_approvals::{
    ApprovalCheck as CheckedApproval, ApprovalState, Change, Passphrase, SigningKey as Key,
    Verdict as ReleaseVerdict,
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
}

/// Opens the signing key at `path`: held by ssh-agent (when `SSH_AUTH_SOCK`
/// is set), else the file, its passphrase from `passphrase` when it has one.
pub fn open_signing_key(path: &Path, passphrase: &mut dyn Passphrase) -> Result<SigningKey> {
    let agent = std::env::var_os(AGENT_SOCKET_ENV).map(PathBuf::from);
    SigningKey::open(path, agent.as_deref(), passphrase).map_err(key_error)
}

fn key_error(e: rbpub_approvals::Error) -> Error {
    Error::new(Code::SigningKey, e.to_string())
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
        Ok(checked(&files.draft, &files.approvals, rule.as_ref()))
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
            &lister,
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
    let reasons = verdict.reasons();
    let mut e = Error::new(
        Code::NotApproved,
        format!(
            "{} is not approved for listing: {}",
            rbpub_core::text::shown_controls(listing),
            reasons.join("; ")
        ),
    );
    // The rule's sentence on the first line, then one line per approval.
    e.params.detail = Some(reasons.join("\n- "));
    e.params.items = Some(reasons);
    e
}

/// Every approval of `draft` checked, with the project's rule.
pub(crate) fn checked(
    draft: &rbpub_core::ListingDraft,
    approvals: &[SignedApproval],
    rule: Option<&Rule>,
) -> ListingApprovals {
    let contents = Contents::of(draft);
    let now = rbpub_approvals::now();
    ListingApprovals {
        listing: draft.listing.name.clone(),
        approvals: approvals
            .iter()
            .map(|a| rbpub_approvals::check(a, &contents, rule.map(|r| &r.signers), now))
            .collect(),
        required: rule.map_or(0, |r| r.required),
        signers_file: rule.map(|r| r.signers_file.clone()),
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
            Error::new(
                Code::BadFile,
                format!(
                    "{shown} (allowed_signers in {}): {e}",
                    release.project_file.display()
                ),
            )
        })?
        .ok_or_else(|| {
            Error::new(
                Code::BadFile,
                format!("{shown} is larger than {MAX_SIGNERS_FILE} bytes; an allowed-signers file is a line per key"),
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
