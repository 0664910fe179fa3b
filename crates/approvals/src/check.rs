//! Reading approvals back: is the signature sound, is the signer allowed, does
//! the listing still hold what was approved; then the project's rule, which
//! counts only sound, current approvals by allowed signers other than the lister.

use rbpub_core::catalogue::Sentence;
use rbpub_core::SignedApproval;
use serde::Serialize;
use ssh_key::{HashAlg, PublicKey, SshSig};
use ts_rs::TS;

use crate::content::{Change, Contents};
use crate::signers::AllowedSigners;
use crate::statement::Statement;
use crate::NAMESPACE;

/// The most a statement or a signature may be (a statement of a listing with
/// hundreds of versions is tens of KiB).
pub const MAX_STATEMENT: usize = 256 * 1024;
const MAX_SIGNATURE: usize = 16 * 1024;

/// One approval as it stands now.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ApprovalCheck {
    /// The files' stem in `approvals/`.
    pub file: String,
    /// Who the statement says signed (the allowed-signers file says who did).
    pub signer: String,
    /// When, as the statement says.
    pub approved: String,
    /// The signing key's fingerprint (`SHA256:…`), when the signature could be read.
    pub fingerprint: String,
    /// The names the allowed-signers file gives the key; empty without a file
    /// or when it does not name the key.
    pub principals: Vec<String>,
    /// What the approval is worth.
    pub state: ApprovalState,
}

/// What an approval is worth, the first that applies.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum ApprovalState {
    /// Sound, and the listing is as approved.
    Holds,
    /// Sound, but what it approved has changed since.
    Voided {
        /// Each part changed, added or removed.
        changes: Vec<Change>,
    },
    /// The allowed-signers file does not name the key (for this namespace, now).
    NotAllowed,
    /// The lister's own (by key or by name): a second person must approve.
    ByLister,
    /// Another approval by the same person counted already.
    Repeated,
    /// Garbled or tampered with: the signature or the statement cannot be trusted.
    Invalid {
        /// Why, in a sentence.
        why: Sentence,
    },
}

impl ApprovalCheck {
    /// Who, for a message: the allowed-signers name, else the statement's
    /// claim and the key.
    pub fn who(&self) -> String {
        match self.principals.first() {
            Some(p) => p.clone(),
            None if self.fingerprint.is_empty() => format!("“{}”", self.signer),
            None => format!("“{}” ({})", self.signer, self.fingerprint),
        }
    }
}

/// Checks one approval against the listing now (`contents`) and, when the
/// project has one, the allowed-signers file; `now` is seconds since the epoch.
pub fn check(
    approval: &SignedApproval,
    contents: &Contents,
    signers: Option<&AllowedSigners>,
    now: u64,
) -> ApprovalCheck {
    let mut out = ApprovalCheck {
        file: approval.file.clone(),
        signer: String::new(),
        approved: String::new(),
        fingerprint: String::new(),
        principals: Vec::new(),
        state: ApprovalState::Holds,
    };
    let invalid = |key: &str| ApprovalState::Invalid {
        why: Sentence::new(key),
    };
    if approval.statement.len() > MAX_STATEMENT || approval.signature.len() > MAX_SIGNATURE {
        out.state = invalid("approvals.tooLarge");
        return out;
    }
    let sig = match SshSig::from_pem(approval.signature.trim()) {
        Ok(sig) => sig,
        Err(_) => {
            out.state = invalid("approvals.notSignature");
            return out;
        }
    };
    let key = PublicKey::from(sig.public_key().clone());
    out.fingerprint = key.fingerprint(HashAlg::Sha256).to_string();
    if sig.namespace() != NAMESPACE {
        out.state = invalid("approvals.otherNamespace");
        return out;
    }
    if key
        .verify(NAMESPACE, approval.statement.as_bytes(), &sig)
        .is_err()
    {
        out.state = invalid("approvals.signatureMismatch");
        return out;
    }
    let statement = match Statement::parse(&approval.statement) {
        Ok(s) => s,
        Err(e) => {
            out.state = ApprovalState::Invalid {
                why: e.sentence().0,
            };
            return out;
        }
    };
    out.signer = statement.signer;
    out.approved = statement.approved;
    if let Some(signers) = signers {
        out.principals = signers.principals_of(key.key_data(), now);
        if out.principals.is_empty() {
            out.state = ApprovalState::NotAllowed;
            return out;
        }
    }
    let changes = contents.changes_since(&statement.parts);
    if !changes.is_empty() {
        out.state = ApprovalState::Voided { changes };
    }
    out
}

/// A project's rule: `[release] require_approvals` and `allowed_signers`.
#[derive(Clone, Debug)]
pub struct Rule {
    /// How many approvals by others a listing needs.
    pub required: usize,
    /// Who may approve.
    pub signers: AllowedSigners,
    /// The file they were read from, for messages.
    pub signers_file: String,
}

/// The rule applied to one listing for one lister.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Verdict {
    /// Approvals needed.
    pub required: usize,
    /// The people whose approvals count.
    pub counted: Vec<String>,
    /// Every approval, with what it is worth for this lister.
    pub approvals: Vec<ApprovalCheck>,
    /// The allowed-signers file, for messages.
    pub signers_file: String,
    /// Lines of that file that were skipped, and why.
    pub signers_problems: Vec<Sentence>,
}

impl Verdict {
    /// Enough approvals count.
    pub fn allows(&self) -> bool {
        self.counted.len() >= self.required
    }

    /// One sentence per approval that does not count, and the rule's, in English.
    pub fn reasons(&self) -> Vec<String> {
        self.sentences()
            .iter()
            .map(|s| s.say(rbpub_core::Locale::En))
            .collect()
    }

    /// The rule's sentence, then one per approval that does not count and per
    /// line of the allowed-signers file that was skipped.
    pub fn sentences(&self) -> Vec<Sentence> {
        let rule = match self.counted.is_empty() {
            true => Sentence::new("approvals.needed"),
            false => Sentence::new("approvals.neededCounted").list("counted", &self.counted),
        };
        let mut out = vec![rule
            .count(self.required)
            .arg("file", &self.signers_file)
            .arg("counting", self.counted.len())];
        for a in &self.approvals {
            let line = match &a.state {
                ApprovalState::Holds => continue,
                ApprovalState::Voided { changes } => Sentence::new("approvals.voided")
                    .arg("when", &a.approved)
                    .part("changes", some_changes(changes)),
                ApprovalState::NotAllowed => {
                    Sentence::new("approvals.notAllowed").arg("file", &self.signers_file)
                }
                ApprovalState::ByLister => Sentence::new("approvals.byLister"),
                ApprovalState::Repeated => Sentence::new("approvals.repeated").arg("file", &a.file),
                ApprovalState::Invalid { why } => Sentence::new("approvals.invalid")
                    .arg("file", &a.file)
                    .part("why", why.clone()),
            };
            out.push(line.arg("who", a.who()));
        }
        out.extend(self.signers_problems.iter().map(|p| {
            Sentence::new("approvals.signersLine")
                .arg("file", &self.signers_file)
                .part("problem", p.clone())
        }));
        out
    }
}

/// The first changes in a sentence, and how many more: a listing rewritten
/// whole does not make a message of thousands of parts.
pub fn some_changes(changes: &[Change]) -> Sentence {
    const SHOWN: usize = 12;
    let shown = changes.iter().take(SHOWN).map(Change::sentence);
    let all = rbpub_core::catalogue::joined_by("approvals.andChange", shown)
        .unwrap_or_else(|| Sentence::new("approvals.noChange"));
    match changes.len() > SHOWN {
        true => Sentence::new("approvals.andMore")
            .part("changes", all)
            .arg("more", changes.len() - SHOWN),
        false => all,
    }
}

/// Applies `rule` to the approvals of a listing whose contents are now
/// `contents`, for the lister whose key is `lister` (none: every approval by
/// an allowed signer counts, for a view before anyone lists).
pub fn judge(
    rule: &Rule,
    approvals: &[SignedApproval],
    contents: &Contents,
    lister: Option<&PublicKey>,
    now: u64,
) -> Verdict {
    let lister_names =
        lister.map_or_else(Vec::new, |k| rule.signers.principals_of(k.key_data(), now));
    let lister_print =
        lister.map_or_else(String::new, |k| k.fingerprint(HashAlg::Sha256).to_string());
    let mut counted: Vec<String> = Vec::new();
    let mut checks = Vec::new();
    for approval in approvals {
        let mut c = check(approval, contents, Some(&rule.signers), now);
        if c.state == ApprovalState::Holds {
            if c.fingerprint == lister_print
                || c.principals.iter().any(|p| lister_names.contains(p))
            {
                c.state = ApprovalState::ByLister;
            } else if c.principals.iter().any(|p| counted.contains(p)) {
                c.state = ApprovalState::Repeated;
            } else {
                counted.push(c.principals[0].clone());
            }
        }
        checks.push(c);
    }
    Verdict {
        required: rule.required,
        counted,
        approvals: checks,
        signers_file: rule.signers_file.clone(),
        signers_problems: rule.signers.problems.clone(),
    }
}
