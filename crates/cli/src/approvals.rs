//! `rbpub approve` and `rbpub approvals`, and the signing key `list --key` and
//! `publish --key` are given: approvals of a listing folder bound to its content.

use crate::outcome::Outcome;
use rbpub_core::catalogue::Sentence;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use clap::Args;
use rbpub_service::approvals::{
    approve_path, open_signing_key, path_approvals, release_gate as release_gate_of,
    requires_approvals, some_changes, ApprovalState, CheckedApproval, Key,
};
use rbpub_service::{Code, Error, Result};
use serde_json::json;

use crate::terminal::shown;
use crate::ReleaseArgs;

/// The passphrase of a `--key` file, for runs without a terminal.
pub const SIGNING_KEY_ENV: &str = rbpub_core::env::SIGNING_KEY;

#[derive(Args)]
pub struct ApproveArgs {
    /// The listing folder or .rbpub bundle, approved as it is now.
    pub listing: PathBuf,
    #[command(flatten)]
    pub key: KeyArgs,
    /// The name to sign as. Default: the name rbpub.toml's allowed-signers file
    /// gives the key, else the key's comment.
    #[arg(long = "as", value_name = "NAME")]
    pub signer: Option<String>,
}

#[derive(Args)]
pub struct KeyArgs {
    /// Your OpenSSH key: the private key file (its passphrase asked for, or from
    /// RBPUB_SIGNING_KEY), or the public key file of a key ssh-agent holds.
    #[arg(long, value_name = "KEY")]
    pub key: PathBuf,
}

#[derive(Args)]
pub struct ApprovalsArgs {
    /// The listing folder or .rbpub bundle.
    pub listing: PathBuf,
}

impl KeyArgs {
    /// The key opened: from ssh-agent when it holds it, else the file, asking
    /// for its passphrase on the terminal when RBPUB_SIGNING_KEY is not set.
    pub(crate) fn open(&self) -> Result<Key> {
        open_key(&self.key)
    }
}

pub(crate) fn open_key(path: &Path) -> Result<Key> {
    let mut passphrase = |key: &Path| {
        if let Ok(words) = std::env::var(SIGNING_KEY_ENV) {
            return Some(words);
        }
        if !std::io::stdin().is_terminal() {
            return None;
        }
        rpassword::prompt_password(format!("Passphrase for {}: ", key.display())).ok()
    };
    open_signing_key(path, &mut passphrase)
}

/// The project's release rule for `--listing`, checked before anything is
/// sent: the people whose approvals count, or none when the project asks for
/// none; [`Code::NotApproved`] (exit 14) naming each reason otherwise.
pub(crate) async fn release_gate(args: &ReleaseArgs) -> Result<Option<Vec<String>>> {
    let Some(listing) = &args.listing else {
        return Ok(None);
    };
    if !requires_approvals(listing)? {
        return Ok(None);
    }
    let Some(key) = &args.key else {
        return Err(Error::because(
            Code::NeedsSetup,
            Sentence::new("cli.giveKey").arg("listing", listing.display()),
        ));
    };
    let key = open_key(key)?;
    Ok(release_gate_of(listing, &key).await?.map(|v| v.counted))
}

pub async fn approve(args: ApproveArgs) -> Result<Outcome> {
    let key = args.key.open()?;
    let check = approve_path(&args.listing, args.signer.as_deref(), key).await?;
    let said = Sentence::new("cli.approved")
        .arg("listing", args.listing.display())
        .arg("signer", shown(&check.signer))
        .arg("fingerprint", &check.fingerprint)
        .arg("file", &check.file);
    Ok(Outcome::new(json!({"approval": check})).said(said))
}

pub async fn approvals(args: ApprovalsArgs) -> Result<Outcome> {
    let report = path_approvals(&args.listing).await?;
    let lines: Vec<Sentence> = report.approvals.iter().map(describe).collect();
    let mut outcome = Outcome::new(json!({"approvals": report}));
    if lines.is_empty() {
        outcome = outcome.said(
            Sentence::new("cli.noApprovals")
                .arg("name", shown(&report.listing))
                .arg("listing", args.listing.display()),
        );
    }
    for line in lines {
        outcome = outcome.said(line);
    }
    if report.required > 0 {
        let holding = report
            .approvals
            .iter()
            .filter(|a| a.state == ApprovalState::Holds)
            .count();
        outcome = outcome.said(
            Sentence::new("cli.approvalsRequired")
                .count(report.required)
                .arg("holding", holding),
        );
    }
    Ok(outcome)
}

/// One approval in a line: who, when, and whether it holds.
fn describe(a: &CheckedApproval) -> Sentence {
    let state = match &a.state {
        ApprovalState::Holds => Sentence::new("cli.approvalHolds"),
        ApprovalState::Voided { changes } => {
            Sentence::new("cli.approvalVoided").part("changes", some_changes(changes))
        }
        ApprovalState::NotAllowed => Sentence::new("cli.approvalNotAllowed"),
        ApprovalState::ByLister => Sentence::new("cli.approvalByLister"),
        ApprovalState::Repeated => Sentence::new("cli.approvalRepeated"),
        ApprovalState::Invalid { why } => {
            Sentence::new("cli.approvalRefused").part("why", why.clone())
        }
    };
    let said = match a.approved.is_empty() {
        true => Sentence::new("cli.approval"),
        false => Sentence::new("cli.approvalOn").arg("when", &a.approved),
    };
    said.arg("who", shown(&a.who())).part("state", state)
}
