//! Reviewers' notes: one per field (and item), travelling with the listing in
//! its files and bundles so a maintainer can import them back.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::rules::FieldRef;

/// A reviewer's note on one field (or one item of it).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReviewNote {
    /// The field, and the item where the field has several.
    pub field: FieldRef,
    /// The note.
    pub text: String,
    /// Who wrote it, as they signed it; may be empty.
    #[serde(default)]
    pub author: String,
    /// Milliseconds since the Unix epoch.
    #[ts(type = "number")]
    #[serde(default)]
    pub updated_at: i64,
}

/// A reviewer's signed approval of a listing's content, as it travels in a
/// listing folder (`approvals/<file>.approval` and `.approval.sig`), a bundle
/// and the drafts. What it means is `rbpub-approvals`' to say; here it is text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SignedApproval {
    /// The file stem both files share, one per signing key (a new approval by
    /// the same key replaces the old).
    pub file: String,
    /// The statement that was signed, byte for byte: who, when, and the digest
    /// of each part of the listing.
    pub statement: String,
    /// The SSH signature of the statement (`-----BEGIN SSH SIGNATURE-----`).
    pub signature: String,
}

/// Notes from `incoming` merged into `current`: one note per field, the newer
/// wins, an incoming empty note removes the field's note. Order: `current`'s,
/// then new fields in `incoming`'s order.
pub fn merge_notes(current: &[ReviewNote], incoming: &[ReviewNote]) -> Vec<ReviewNote> {
    let mut out: Vec<ReviewNote> = current.to_vec();
    for note in incoming {
        match out.iter_mut().find(|n| n.field == note.field) {
            Some(n) if note.updated_at >= n.updated_at => *n = note.clone(),
            Some(_) => {}
            None => out.push(note.clone()),
        }
    }
    out.retain(|n| !n.text.trim().is_empty());
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Field;

    fn note(field: Field, text: &str, at: i64) -> ReviewNote {
        ReviewNote {
            field: FieldRef { field, item: None },
            text: text.into(),
            author: "rita".into(),
            updated_at: at,
        }
    }

    #[test]
    fn newer_notes_win_and_empty_ones_clear_the_field() {
        let current = [
            note(Field::Name, "shorter?", 1),
            note(Field::Tags, "add db", 5),
        ];
        let incoming = [
            note(Field::Name, "use the product name", 2),
            note(Field::Tags, "old", 4),
            note(Field::Logo, "", 9),
            note(Field::Introduction, "add install steps", 3),
        ];
        let merged = merge_notes(&current, &incoming);
        let texts: Vec<_> = merged.iter().map(|n| n.text.as_str()).collect();
        assert_eq!(
            texts,
            ["use the product name", "add db", "add install steps"]
        );
        let cleared = merge_notes(&merged, &[note(Field::Tags, " ", 6)]);
        assert_eq!(cleared.len(), 2);
    }
}
