//! What an approval covers: each part of a listing that the store shows or
//! installers receive, by the SHA-256 of its content. Reviewers' notes, rule
//! levels, the review flag and draft ids are not parts: changing them voids nothing.

use std::collections::{HashMap, HashSet};

use rbpub_core::ListingDraft;
use serde::Serialize;
use sha2::{Digest, Sha256};
use ts_rs::TS;

/// One part of a listing and the digest of its content (lower-case hex).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Part {
    /// What the part is, as people read it: `fields`, `introduction`, `logo`,
    /// `screenshot 2`, `version 1.2.0`, `package Free (1.2.0)`, `template`.
    pub name: String,
    /// SHA-256 of the part's content.
    pub digest: String,
}

/// The parts of a listing as it is now, in a fixed order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Contents {
    parts: Vec<Part>,
}

/// How a part differs from what was approved.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "kind", content = "part", rename_all = "camelCase")]
#[ts(rename = "ApprovalChange")]
pub enum Change {
    /// The part is there in both, with other content.
    Changed(String),
    /// The part is new since the approval.
    Added(String),
    /// The part was there when approved and is gone.
    Removed(String),
}

impl Change {
    /// The change in words; the part keeps the name the statement gives it.
    pub fn sentence(&self) -> rbpub_core::catalogue::Sentence {
        use rbpub_core::catalogue::Sentence;
        let (key, part) = match self {
            Change::Changed(part) => ("approvals.partChanged", part),
            Change::Added(part) => ("approvals.partAdded", part),
            Change::Removed(part) => ("approvals.partRemoved", part),
        };
        Sentence::new(key).arg("part", part)
    }
}

/// In English, for logs and tests.
impl std::fmt::Display for Change {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.sentence().say(rbpub_core::Locale::En))
    }
}

impl Contents {
    /// The parts of `draft`. Images are taken by their hash (`ImageInfo::hash`,
    /// the SHA-256 of their bytes), which a full read of a folder or bundle
    /// and the drafts both fill in.
    pub fn of(draft: &ListingDraft) -> Contents {
        let l = &draft.listing;
        let mut parts = Vec::new();
        // Names given so far, and how many parts each base name has: two
        // versions of one number are two parts (`version 1.0.0 #2`), not one
        // hidden by the other, found in one lookup however many there are.
        let mut taken: HashSet<String> = HashSet::new();
        let mut seen: HashMap<String, usize> = HashMap::new();
        let mut push = |name: String, content: serde_json::Value| {
            let bytes = serde_json::to_vec(&content).unwrap_or_default();
            let base = one_line(&name);
            let count = seen.entry(base.clone()).or_insert(0);
            let mut name = base.clone();
            while !taken.insert(name.clone()) {
                *count += 1;
                name = format!("{base} #{}", *count + 1);
            }
            parts.push(Part {
                name,
                digest: hex(&Sha256::digest(&bytes)),
            });
        };
        push(
            "fields".into(),
            serde_json::json!([l.name, l.description, l.tags, l.publish_type.as_str()]),
        );
        push("introduction".into(), serde_json::json!([l.introduction]));
        if let Some(logo) = &l.logo {
            push("logo".into(), serde_json::json!([logo.hash]));
        }
        for (i, shot) in draft.screenshots.iter().enumerate() {
            push(
                format!("screenshot {}", i + 1),
                serde_json::json!([shot.image.hash, shot.caption]),
            );
        }
        for v in &draft.versions {
            push(
                format!("version {}", v.version.trim()),
                serde_json::json!([v.version, v.alias, v.release_notes]),
            );
        }
        for p in &draft.packages {
            push(
                format!("package {} ({})", p.name.trim(), p.version.trim()),
                serde_json::json!([p.name, p.version, p.description]),
            );
        }
        if let Some(template) = &draft.template {
            push(
                "template".into(),
                serde_json::to_value(template).unwrap_or_default(),
            );
        }
        Contents { parts }
    }

    /// The parts, in order.
    pub fn parts(&self) -> &[Part] {
        &self.parts
    }

    /// One digest of every part: what `content:` in a statement says.
    pub fn digest(&self) -> String {
        digest_of(&self.parts)
    }

    /// What differs between `approved` (the parts a statement lists) and now,
    /// in the order of the parts now, then the removed ones.
    pub fn changes_since(&self, approved: &[Part]) -> Vec<Change> {
        let then: HashMap<&str, &str> = approved
            .iter()
            .map(|a| (a.name.as_str(), a.digest.as_str()))
            .collect();
        let now: HashSet<&str> = self.parts.iter().map(|p| p.name.as_str()).collect();
        let mut changes: Vec<Change> = Vec::new();
        for part in &self.parts {
            match then.get(part.name.as_str()) {
                Some(digest) if *digest == part.digest => {}
                Some(_) => changes.push(Change::Changed(part.name.clone())),
                None => changes.push(Change::Added(part.name.clone())),
            }
        }
        for a in approved {
            if !now.contains(a.name.as_str()) {
                changes.push(Change::Removed(a.name.clone()));
            }
        }
        changes
    }
}

/// The digest of a list of parts: SHA-256 of their statement lines.
pub(crate) fn digest_of(parts: &[Part]) -> String {
    let mut hasher = Sha256::new();
    for p in parts {
        hasher.update(format!("{} {}\n", p.digest, p.name));
    }
    hex(&hasher.finalize())
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// `text` on one line, with every control character (line breaks too) shown
/// as an escape: a part's name is a line of the statement.
pub(crate) fn one_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use rbpub_core::{Listing, Version};

    fn draft() -> ListingDraft {
        ListingDraft {
            listing: Listing {
                name: "WordPress".into(),
                introduction: "# Hi".into(),
                ..Listing::default()
            },
            versions: vec![Version {
                version: "1.0.0".into(),
                release_notes: "first".into(),
                ..Version::default()
            }],
            ..ListingDraft::default()
        }
    }

    #[test]
    fn a_change_names_its_part_and_notes_change_nothing() {
        let before = Contents::of(&draft());
        let mut d = draft();
        d.notes.push(rbpub_core::ReviewNote {
            field: rbpub_core::FieldRef {
                field: rbpub_core::Field::Name,
                item: None,
            },
            text: "shorter?".into(),
            author: "rita".into(),
            updated_at: 1,
        });
        d.listing.for_review = true;
        d.listing.id = "another-draft".into();
        assert_eq!(Contents::of(&d), before);
        d.versions[0].release_notes = "first, fixed".into();
        d.versions.push(Version {
            version: "1.1.0".into(),
            ..Version::default()
        });
        assert_eq!(
            Contents::of(&d).changes_since(before.parts()),
            [
                Change::Changed("version 1.0.0".into()),
                Change::Added("version 1.1.0".into())
            ]
        );
        assert_ne!(Contents::of(&d).digest(), before.digest());
    }

    #[test]
    fn duplicate_numbers_and_line_breaks_stay_apart() {
        let mut d = draft();
        d.versions.push(Version {
            version: "1.0.0\npart: forged".into(),
            ..Version::default()
        });
        d.versions.push(Version {
            version: "1.0.0".into(),
            ..Version::default()
        });
        let names: Vec<_> = Contents::of(&d)
            .parts()
            .iter()
            .map(|p| p.name.clone())
            .collect();
        assert_eq!(
            names,
            [
                "fields",
                "introduction",
                "version 1.0.0",
                "version 1.0.0\\u{a}part: forged",
                "version 1.0.0 #2"
            ]
        );
    }

    #[test]
    fn thirty_thousand_copies_of_one_version_are_each_a_part() {
        let mut d = draft();
        d.versions = (0..30_000)
            .map(|i| Version {
                version: "1.0.0".into(),
                release_notes: format!("{i}"),
                ..Version::default()
            })
            .collect();
        let contents = Contents::of(&d);
        assert_eq!(contents.parts().len(), 30_002);
        assert_eq!(contents.parts()[30_001].name, "version 1.0.0 #30000");
        let mut changed = d.clone();
        changed.versions.pop();
        let changes = Contents::of(&changed).changes_since(contents.parts());
        assert_eq!(changes, [Change::Removed("version 1.0.0 #30000".into())]);
    }
}
