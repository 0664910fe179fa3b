//! Reviewers' approvals bound to a listing's exact content.
//!
//! A reviewer approves a listing by signing a **statement** (plain text: who,
//! when, and the SHA-256 of each part the store shows or installers receive)
//! with their OpenSSH key, in the SSHSIG format `ssh-keygen -Y sign` writes,
//! namespace [`NAMESPACE`]. The statement and its signature travel with the
//! listing as `approvals/<file>.approval` and `approvals/<file>.approval.sig`,
//! so git and bundles carry them, and `ssh-keygen` checks them by itself:
//!
//! ```text
//! ssh-keygen -Y verify -f allowed_signers -I rita@example.com -n rbpub-approval \
//!     -s approvals/rita-AbCd1234.approval.sig < approvals/rita-AbCd1234.approval
//! ```
//!
//! Any change to a part voids the approval and is named; reviewers' notes,
//! rule levels and draft ids are not parts. A project's rule ([`Rule`]: how
//! many approvals, who may give them, from git's allowed-signers file) is
//! applied by [`judge`], which counts only sound, current approvals by
//! allowed signers other than the lister.
//!
//! ```
//! use rbpub_approvals::{check, ApprovalState, Contents};
//! let draft = rbpub_core::ListingDraft::default();
//! let garbled = rbpub_core::SignedApproval {
//!     file: "rita".into(),
//!     statement: "rbpub approval 1\n".into(),
//!     signature: "not a signature".into(),
//! };
//! let c = check(&garbled, &Contents::of(&draft), None, 0);
//! assert!(matches!(c.state, ApprovalState::Invalid { .. }));
//! ```

mod check;
mod content;
mod key;
mod signers;
mod statement;

pub use check::{
    check, judge, some_changes, ApprovalCheck, ApprovalState, Rule, Verdict, MAX_STATEMENT,
};
pub use content::{Change, Contents, Part};
pub use key::{public_key_of, Passphrase, SigningKey};
pub use signers::AllowedSigners;
pub use statement::Statement;

use rbpub_core::{ListingDraft, SignedApproval};
use ssh_key::HashAlg;
pub use ssh_key::PublicKey;

/// The SSHSIG namespace of approvals: a signature made for git or for files
/// is never taken for an approval, nor the other way round.
pub const NAMESPACE: &str = "rbpub-approval";

/// The folder of a listing that holds its approvals.
pub const FOLDER: &str = "approvals";
/// The statement's extension; the signature's adds `.sig`.
pub const EXTENSION: &str = "approval";

/// What went wrong making or reading an approval.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The signing key cannot be used.
    #[error("the key {file} cannot be used: {}", .why.say(rbpub_core::Locale::En))]
    Key {
        /// The key's path.
        file: String,
        /// Why, naming the fix.
        why: rbpub_core::catalogue::Sentence,
    },
    /// A statement that cannot be read.
    #[error("the approval's statement cannot be read: {}", .0.say(rbpub_core::Locale::En))]
    Statement(rbpub_core::catalogue::Sentence),
}

impl Error {
    /// Why, in the catalogue's words, and the details (what ssh-key or the
    /// agent said, and the fix).
    pub fn sentence(&self) -> (rbpub_core::catalogue::Sentence, Option<String>) {
        use rbpub_core::catalogue::Sentence;
        match self {
            Error::Key { file, why } => (
                Sentence::new("approvals.key")
                    .arg("file", file)
                    .part("why", why.clone()),
                None,
            ),
            Error::Statement(why) => (
                Sentence::new("approvals.statement").part("why", why.clone()),
                None,
            ),
        }
    }
}

/// `key`'s approval of `draft` as it is now, signed by `signer` (the name
/// they go by in the allowed-signers file).
pub fn approve(
    draft: &ListingDraft,
    signer: &str,
    key: &SigningKey,
) -> Result<SignedApproval, Error> {
    let contents = Contents::of(draft);
    let statement = Statement::new(&draft.listing.name, signer, &contents).to_text();
    let signature = key.sign(statement.as_bytes())?;
    Ok(SignedApproval {
        file: file_stem(signer, &key.public()),
        statement,
        signature,
    })
}

/// One file per signer and key: `rita-example.com-AbCd1234` (the name's
/// letters and digits, then the key's fingerprint's first eight).
pub fn file_stem(signer: &str, key: &ssh_key::PublicKey) -> String {
    let name: String = signer
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '-'
            }
        })
        .take(40)
        .collect();
    let name = name.trim_matches(['-', '.']);
    let print: String = key
        .fingerprint(HashAlg::Sha256)
        .to_string()
        .trim_start_matches("SHA256:")
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .take(8)
        .collect();
    if name.is_empty() {
        print
    } else {
        format!("{name}-{print}")
    }
}

/// A key's SHA-256 fingerprint as `ssh-keygen -l` prints it (`SHA256:…`).
pub fn fingerprint(key: &PublicKey) -> String {
    key.fingerprint(HashAlg::Sha256).to_string()
}

/// Seconds since the epoch, for the allowed-signers file's validity times.
pub fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}
