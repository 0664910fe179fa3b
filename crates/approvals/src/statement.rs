//! The statement a reviewer signs: plain text, one fact a line, so that it
//! reads well in a git diff and `ssh-keygen -Y verify` checks it as it is.
//!
//! ```text
//! rbpub approval 1
//! listing: WordPress
//! signer: rita@example.com
//! approved: 2026-12-07T08:00:00Z
//! content: 5be0…
//! part: 3a7b… fields
//! part: 9c1d… version 1.0.0
//! ```

use crate::content::{digest_of, one_line, Contents, Part};
use crate::Error;
use rbpub_core::catalogue::Sentence;

/// The first line of every statement this version writes and reads.
const HEADER: &str = "rbpub approval 1";

/// A statement, as written or as read back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Statement {
    /// The listing's name when approved (shown, not checked: the parts are).
    pub listing: String,
    /// Who the reviewer said they are (the allowed-signers file decides who they are).
    pub signer: String,
    /// When, as RFC 3339.
    pub approved: String,
    /// The parts approved, with their digests.
    pub parts: Vec<Part>,
}

impl Statement {
    /// A statement approving `contents` now.
    pub fn new(listing: &str, signer: &str, contents: &Contents) -> Statement {
        Statement {
            listing: one_line(listing.trim()),
            signer: one_line(signer.trim()),
            approved: humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string(),
            parts: contents.parts().to_vec(),
        }
    }

    /// The text that is signed.
    pub fn to_text(&self) -> String {
        let mut out = format!(
            "{HEADER}\nlisting: {}\nsigner: {}\napproved: {}\ncontent: {}\n",
            self.listing,
            self.signer,
            self.approved,
            digest_of(&self.parts)
        );
        for p in &self.parts {
            out.push_str(&format!("part: {} {}\n", p.digest, p.name));
        }
        out
    }

    /// Reads a statement back. The caller bounds its size; a line this
    /// version does not know, a digest that is not one, or a `content:` that
    /// does not match the parts is refused.
    pub fn parse(text: &str) -> Result<Statement, Error> {
        let bad = Error::Statement;
        let mut lines = text.lines();
        if lines.next() != Some(HEADER) {
            return Err(bad(
                Sentence::new("approvals.statementHeader").arg("header", HEADER)
            ));
        }
        let mut s = Statement {
            listing: String::new(),
            signer: String::new(),
            approved: String::new(),
            parts: Vec::new(),
        };
        let mut content = None;
        for (i, line) in lines.enumerate() {
            let (key, value) = line
                .split_once(": ")
                .ok_or_else(|| bad(Sentence::new("approvals.statementLine").arg("line", i + 2)))?;
            match key {
                "listing" => s.listing = value.into(),
                "signer" => s.signer = value.into(),
                "approved" => s.approved = value.into(),
                "content" => content = Some(value.to_string()),
                "part" => {
                    let (digest, name) = value
                        .split_once(' ')
                        .filter(|(d, n)| is_digest(d) && !n.is_empty())
                        .ok_or_else(|| {
                            bad(Sentence::new("approvals.statementPart").arg("line", i + 2))
                        })?;
                    s.parts.push(Part {
                        name: name.into(),
                        digest: digest.into(),
                    });
                }
                other => {
                    return Err(bad(Sentence::new("approvals.statementUnknown")
                        .arg("line", i + 2)
                        .arg("key", one_line(other))))
                }
            }
        }
        if content.as_deref() != Some(digest_of(&s.parts).as_str()) {
            return Err(bad(Sentence::new("approvals.statementDigest")));
        }
        Ok(s)
    }
}

fn is_digest(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_statement_reads_back_as_written_and_refuses_edits() {
        let draft = rbpub_core::ListingDraft {
            listing: rbpub_core::Listing {
                name: "Word\nPress".into(),
                ..Default::default()
            },
            ..Default::default()
        };
        let s = Statement::new("Word\nPress", "rita", &Contents::of(&draft));
        let text = s.to_text();
        assert!(text.contains("listing: Word\\u{a}Press\n"), "{text}");
        assert_eq!(Statement::parse(&text).unwrap(), s);

        let dropped = text.replace(&format!("part: {} introduction\n", s.parts[1].digest), "");
        assert!(
            matches!(Statement::parse(&dropped), Err(Error::Statement(why)) if why.key == "approvals.statementDigest")
        );
        assert!(Statement::parse("hello").is_err());
        assert!(Statement::parse(&text.replace("signer:", "signed:")).is_err());
    }
}
