//! What a push will change in the store: the local draft against the last known
//! live listing, field by field. Shown before every push, by the app and by `rbpub diff`.

use serde::{Deserialize, Serialize};
use similar::{ChangeTag, TextDiff};
use ts_rs::TS;

use crate::listing::{ListingDraft, ListingField, PublishType};
use crate::online::LiveListing;
use crate::rules::Field;

/// The parts of a listing a push sends, side by side for comparing.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Snapshot {
    /// The app's name.
    pub name: String,
    /// The short description.
    pub description: String,
    /// The introduction, Markdown.
    pub introduction: String,
    /// The tags.
    pub tags: Vec<String>,
    /// `private` or `public`.
    pub publish_type: String,
    /// The logo's hash; `Some("")` when the store has a logo whose hash is unknown.
    pub logo: Option<String>,
    /// The version numbers, in order.
    pub versions: Vec<String>,
    /// `(name, version, description)`.
    pub packages: Vec<(String, String, String)>,
}

impl Snapshot {
    /// What the draft would send, trimmed the way a push trims it.
    pub fn of_draft(draft: &ListingDraft) -> Snapshot {
        let l = &draft.listing;
        Snapshot {
            name: l.name.trim().to_string(),
            description: l.description.clone(),
            introduction: l.introduction.clone(),
            tags: l.tags.clone(),
            publish_type: l.publish_type.as_str().to_string(),
            logo: l.logo.as_ref().map(|i| i.hash.clone()),
            versions: draft
                .versions
                .iter()
                .map(|v| v.version.trim().to_string())
                .filter(|v| !v.is_empty())
                .collect(),
            packages: draft
                .packages
                .iter()
                .map(|p| {
                    let (n, v) = (p.name.trim(), p.version.trim());
                    (n.to_string(), v.to_string(), p.description.clone())
                })
                .collect(),
        }
    }

    /// The app as the store has it.
    pub fn of_live(live: &LiveListing) -> Snapshot {
        let a = &live.app;
        let logo = match (&live.logo_hash, a.logo_url.is_empty()) {
            (Some(h), _) => Some(h.clone()),
            (None, false) => Some(String::new()),
            (None, true) => None,
        };
        Snapshot {
            name: a.name.clone(),
            description: a.description.clone(),
            introduction: a.introduction.clone(),
            tags: a.tags.clone(),
            publish_type: a.publish_type.clone(),
            logo,
            versions: a.versions.clone(),
            packages: live
                .packages
                .iter()
                .map(|p| (p.name.clone(), p.version.clone(), p.description.clone()))
                .collect(),
        }
    }
}

/// What happened to a field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum ChangeKind {
    /// New in the listing.
    Added,
    /// In both, different.
    Changed,
    /// Gone from the listing.
    Removed,
}

/// A line of a text diff: in both, only after, or only before.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum LineTag {
    /// In both.
    Same,
    /// Only after the push.
    Added,
    /// Only before it.
    Removed,
    /// Unchanged lines left out between two changed parts.
    Gap,
}

/// One line of a text field's diff.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DiffLine {
    /// In both, added or removed.
    pub tag: LineTag,
    /// The line.
    pub text: String,
}

/// One field that a push changes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Change {
    /// The field changed.
    pub field: Field,
    /// Which version or package, by its number or name.
    pub item: Option<String>,
    /// Added, changed or removed.
    pub kind: ChangeKind,
    /// The value before, as text.
    pub before: String,
    /// The value after, as text.
    pub after: String,
    /// For text over several lines: the changed lines with two lines of context.
    pub lines: Vec<DiffLine>,
    /// A push cannot send it: it is changed on the store's own page (tags of an
    /// app that exists, which the store's update model leaves out).
    #[serde(default)]
    pub on_store_page: bool,
    /// The store's value can be taken into the draft instead (see
    /// [`store_value`]): the user chooses, field by field, after a pull.
    #[serde(default)]
    pub can_take_store: bool,
}

/// Every change a push would make, field by field.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ListingDiff {
    /// The store has no app for this listing yet: everything is new.
    pub first_push: bool,
    /// The changes, in the listing's field order.
    pub changes: Vec<Change>,
}

impl ListingDiff {
    /// Nothing would change.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }
}

/// What pushing the draft changes, against its last known live listing.
pub fn diff_draft(draft: &ListingDraft) -> ListingDiff {
    let after = Snapshot::of_draft(draft);
    let Some(live) = &draft.live else {
        return diff(&Snapshot::default(), &after, true);
    };
    let mut diff = diff(&Snapshot::of_live(live), &after, false);
    for c in diff.changes.iter_mut().filter(|c| c.item.is_none()) {
        c.can_take_store = store_value(live, c.field).is_some();
    }
    diff
}

/// The store's value of `field` as an edit of the draft, to take the store's
/// side of a difference; none for what is not one value of the app (the logo,
/// versions, packages) or a value the draft cannot hold.
pub fn store_value(live: &LiveListing, field: Field) -> Option<ListingField> {
    let a = &live.app;
    Some(match field {
        Field::Name => ListingField::Name(a.name.clone()),
        Field::Description => ListingField::Description(a.description.clone()),
        Field::Introduction => ListingField::Introduction(a.introduction.clone()),
        Field::Tags => ListingField::Tags(a.tags.clone()),
        Field::PublishType => ListingField::PublishType(PublishType::parse(&a.publish_type)?),
        _ => return None,
    })
}

/// Field by field, in the order the wizard shows them.
pub fn diff(before: &Snapshot, after: &Snapshot, first_push: bool) -> ListingDiff {
    let mut changes = Vec::new();
    let mut text = |field: Field, b: &str, a: &str| {
        if b != a {
            changes.push(text_change(field, None, b, a));
        }
    };
    text(Field::Name, &before.name, &after.name);
    text(Field::Description, &before.description, &after.description);
    text(
        Field::Introduction,
        &before.introduction,
        &after.introduction,
    );
    text(
        Field::PublishType,
        &before.publish_type,
        &after.publish_type,
    );
    if before.tags != after.tags {
        changes.push(Change {
            on_store_page: !first_push,
            ..text_change(
                Field::Tags,
                None,
                &before.tags.join(", "),
                &after.tags.join(", "),
            )
        });
    }
    if before.logo != after.logo && after.logo.is_some() {
        let kind = if before.logo.is_none() {
            ChangeKind::Added
        } else {
            ChangeKind::Changed
        };
        changes.push(Change {
            field: Field::Logo,
            item: None,
            kind,
            before: short_hash(before.logo.as_deref()),
            after: short_hash(after.logo.as_deref()),
            lines: Vec::new(),
            on_store_page: false,
            can_take_store: false,
        });
    }
    for v in after
        .versions
        .iter()
        .filter(|v| !before.versions.contains(v))
    {
        changes.push(Change {
            field: Field::Version,
            item: Some(v.clone()),
            kind: ChangeKind::Added,
            before: String::new(),
            after: v.clone(),
            lines: Vec::new(),
            on_store_page: false,
            can_take_store: false,
        });
    }
    for (name, version, description) in &after.packages {
        let live = before
            .packages
            .iter()
            .find(|(n, v, _)| n == name && v == version);
        let after_text = format!("{name} → {version}");
        match live {
            None => changes.push(Change {
                field: Field::Packages,
                item: Some(name.clone()),
                kind: ChangeKind::Added,
                before: String::new(),
                after: after_text,
                lines: Vec::new(),
                on_store_page: false,
                can_take_store: false,
            }),
            Some((_, _, d)) if d != description => {
                changes.push(text_change(
                    Field::PackageDescription,
                    Some(name),
                    d,
                    description,
                ));
            }
            Some(_) => {}
        }
    }
    ListingDiff {
        first_push,
        changes,
    }
}

fn text_change(field: Field, item: Option<&str>, before: &str, after: &str) -> Change {
    let kind = match (before.is_empty(), after.is_empty()) {
        (true, _) => ChangeKind::Added,
        (false, true) => ChangeKind::Removed,
        (false, false) => ChangeKind::Changed,
    };
    let lines = if before.contains('\n') || after.contains('\n') {
        line_diff(before, after)
    } else {
        Vec::new()
    };
    Change {
        field,
        item: item.map(str::to_string),
        kind,
        before: before.to_string(),
        after: after.to_string(),
        lines,
        on_store_page: false,
        can_take_store: false,
    }
}

/// Changed lines with two lines of context around each group.
fn line_diff(before: &str, after: &str) -> Vec<DiffLine> {
    let diff = TextDiff::from_lines(before, after);
    let mut out = Vec::new();
    for (i, group) in diff.grouped_ops(2).iter().enumerate() {
        if i > 0 {
            out.push(DiffLine {
                tag: LineTag::Gap,
                text: String::new(),
            });
        }
        for op in group {
            for change in diff.iter_changes(op) {
                let tag = match change.tag() {
                    ChangeTag::Equal => LineTag::Same,
                    ChangeTag::Insert => LineTag::Added,
                    ChangeTag::Delete => LineTag::Removed,
                };
                let text = change.value().trim_end_matches(['\n', '\r']).to_string();
                out.push(DiffLine { tag, text });
            }
        }
    }
    out
}

fn short_hash(hash: Option<&str>) -> String {
    match hash {
        None => String::new(),
        Some("") => "the store's current logo".to_string(),
        Some(h) => h.chars().take(12).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::listing::{Listing, Package, PublishType, Version};
    use crate::online::{LiveApp, LivePackage};

    fn draft() -> ListingDraft {
        ListingDraft {
            listing: Listing {
                name: "wordpress ".into(),
                description: "Blog".into(),
                introduction: "# WordPress\n\nOne.\nTwo.\nThree.\nFour.\nFive.\n".into(),
                tags: vec!["cms".into()],
                publish_type: PublishType::Public,
                ..Listing::default()
            },
            versions: vec![Version {
                version: "1.0.0".into(),
                ..Version::default()
            }],
            packages: vec![Package {
                name: "Free".into(),
                version: "1.0.0".into(),
                description: "All of it".into(),
                ..Package::default()
            }],
            ..ListingDraft::default()
        }
    }

    #[test]
    fn before_the_first_push_everything_is_added() {
        let d = diff_draft(&draft());
        assert!(d.first_push);
        let fields: Vec<_> = d.changes.iter().map(|c| (c.field, c.kind)).collect();
        assert_eq!(
            fields,
            [
                (Field::Name, ChangeKind::Added),
                (Field::Description, ChangeKind::Added),
                (Field::Introduction, ChangeKind::Added),
                (Field::PublishType, ChangeKind::Added),
                (Field::Tags, ChangeKind::Added),
                (Field::Version, ChangeKind::Added),
                (Field::Packages, ChangeKind::Added),
            ]
        );
        assert_eq!(
            d.changes[0].after, "wordpress",
            "trimmed as the push sends it"
        );
    }

    #[test]
    fn against_the_live_listing_only_what_differs_shows_with_changed_lines() {
        let mut d = draft();
        d.live = Some(LiveListing {
            app: LiveApp {
                name: "wordpress".into(),
                description: "Blog".into(),
                introduction: "# WordPress\n\nOne.\nTwo.\nThree.\nFour.\nFive.\n".into(),
                tags: vec!["cms".into()],
                publish_type: "public".into(),
                versions: vec!["1.0.0".into()],
                ..LiveApp::default()
            },
            packages: vec![LivePackage {
                id: "p".into(),
                name: "Free".into(),
                version: "1.0.0".into(),
                description: "All of it".into(),
            }],
            logo_hash: None,
        });
        assert!(diff_draft(&d).is_empty(), "{:?}", diff_draft(&d));

        d.listing.introduction = "# WordPress\n\nOne.\nTwo.\nThree!\nFour.\nFive.\n".into();
        d.listing.tags.push("blog".into());
        d.packages[0].description = "Everything".into();
        let changes = diff_draft(&d).changes;
        let fields: Vec<_> = changes.iter().map(|c| c.field).collect();
        assert_eq!(
            fields,
            [Field::Introduction, Field::Tags, Field::PackageDescription]
        );
        let lines: Vec<_> = changes[0]
            .lines
            .iter()
            .map(|l| (l.tag, l.text.as_str()))
            .collect();
        assert_eq!(
            lines,
            [
                (LineTag::Same, "One."),
                (LineTag::Same, "Two."),
                (LineTag::Removed, "Three."),
                (LineTag::Added, "Three!"),
                (LineTag::Same, "Four."),
                (LineTag::Same, "Five."),
            ]
        );
        assert_eq!(changes[1].after, "cms, blog");
        assert_eq!(changes[2].item.as_deref(), Some("Free"));
        // The app's own fields offer the store's value; a package's does not.
        let offered: Vec<_> = changes.iter().map(|c| c.can_take_store).collect();
        assert_eq!(offered, [true, true, false]);
        let live = d.live.as_ref().unwrap();
        assert_eq!(
            store_value(live, Field::Tags),
            Some(ListingField::Tags(vec!["cms".into()]))
        );
        assert_eq!(store_value(live, Field::PackageDescription), None);
    }
}
