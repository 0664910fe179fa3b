//! Notes, rule levels, templates and imported listings on a real SQLite file,
//! read back after the database is closed and opened again.

use rbpub_core::template::Component;
use rbpub_core::{
    Field, FieldRef, Level, Listing, ListingDraft, Package, ReviewNote, RuleId, RuleLevels,
    Template, Version,
};
use rbpub_drafts::{Drafts, ImportedDraft, ImportedImage};

mod common;

fn note(field: Field, item: Option<&str>, text: &str) -> ReviewNote {
    ReviewNote {
        field: FieldRef {
            field,
            item: item.map(str::to_string),
        },
        text: text.into(),
        author: "rita".into(),
        updated_at: 0,
    }
}

fn image(bytes: &[u8]) -> ImportedImage {
    ImportedImage {
        bytes: bytes.to_vec(),
        info: common::image_info(bytes),
        caption: "home".into(),
    }
}

#[tokio::test]
async fn notes_levels_and_template_survive_a_restart_and_notes_keep_their_order() {
    let dir = tempfile::tempdir().unwrap();
    let drafts = Drafts::open(dir.path()).await.unwrap();
    let id = drafts.create_listing("wordpress").await.unwrap().listing.id;
    drafts
        .set_note(&id, &note(Field::Name, None, "shorter"))
        .await
        .unwrap();
    drafts
        .set_note(
            &id,
            &note(Field::ReleaseNotes, Some("v1"), "say what changed"),
        )
        .await
        .unwrap();
    drafts
        .set_note(&id, &note(Field::Name, None, "use the product's name"))
        .await
        .unwrap();
    let levels = RuleLevels([(RuleId::TagsCount, Level::Off)].into_iter().collect());
    drafts.set_rule_levels(&id, &levels).await.unwrap();
    let template = Template {
        name: "wordpress".into(),
        components: vec![Component {
            key: "a+b".into(),
            name: "MySQL".into(),
            ..Component::default()
        }],
        ..Template::default()
    };
    drafts.set_template(&id, Some(&template)).await.unwrap();
    drafts.close().await;

    let drafts = Drafts::open(dir.path()).await.unwrap();
    let d = drafts.listing(&id).await.unwrap();
    let texts: Vec<_> = d.notes.iter().map(|n| n.text.as_str()).collect();
    assert_eq!(
        texts,
        ["use the product's name", "say what changed"],
        "an edit keeps the note's place"
    );
    assert_eq!(d.notes[1].field.item.as_deref(), Some("v1"));
    assert!(d.notes[0].updated_at > 0);
    assert_eq!(d.listing.rule_levels, levels);
    assert_eq!(d.template, Some(template));

    let d = drafts
        .set_note(&id, &note(Field::Name, None, "  "))
        .await
        .unwrap();
    assert_eq!(d.notes.len(), 1, "an empty note removes it");
    let copy = drafts.duplicate_listing(&id).await.unwrap();
    assert_eq!(copy.listing.rule_levels, levels);
    assert!(
        copy.notes.is_empty(),
        "notes are about the original, not a copy"
    );
    assert!(drafts
        .set_note(&"missing".into(), &note(Field::Name, None, "x"))
        .await
        .is_err());
}

#[tokio::test]
async fn an_imported_listing_keeps_its_id_once_and_its_images_and_notes() {
    let dir = tempfile::tempdir().unwrap();
    let drafts = Drafts::open(dir.path()).await.unwrap();
    let imported = ImportedDraft {
        draft: ListingDraft {
            listing: Listing {
                id: "0190aaaa-listing".into(),
                name: "wordpress".into(),
                tags: vec!["cms".into()],
                for_review: true,
                ..Listing::default()
            },
            versions: vec![Version {
                version: "1.0.0".into(),
                release_notes: "first".into(),
                ..Version::default()
            }],
            packages: vec![Package {
                name: "Free".into(),
                version: "1.0.0".into(),
                ..Package::default()
            }],
            notes: vec![note(Field::Tags, None, "add blog")],
            ..ListingDraft::default()
        },
        logo: Some(image(b"logo bytes")),
        screenshots: vec![image(b"shot one"), image(b"shot two")],
        approvals: vec![rbpub_core::SignedApproval {
            file: "rita-AbCd1234".into(),
            statement: "rbpub approval 1\n".into(),
            signature: "sig".into(),
        }],
        imported_from: Some("/home/rita/apps/wordpress".into()),
    };
    let first = drafts.import_draft(&imported).await.unwrap();
    assert_eq!(first.listing.id, "0190aaaa-listing");
    assert!(first.listing.for_review);
    assert_eq!(
        first.listing.logo.as_ref().unwrap().hash,
        imported.logo.as_ref().unwrap().info.hash
    );
    assert_eq!(first.listing.logo_original, first.listing.logo);
    assert_eq!(first.screenshots.len(), 2);
    assert_eq!(first.screenshots[0].caption, "home");
    assert_eq!(first.versions[0].release_notes, "first");
    assert_eq!(first.packages[0].name, "Free");
    assert_eq!(first.notes[0].text, "add blog");
    let bytes = drafts
        .asset_bytes(first.listing.logo.as_ref().unwrap())
        .await
        .unwrap();
    assert_eq!(bytes, b"logo bytes");
    assert_eq!(
        drafts.approvals(&first.listing.id).await.unwrap(),
        imported.approvals
    );
    assert_eq!(
        drafts
            .imported_from(&first.listing.id)
            .await
            .unwrap()
            .as_deref(),
        Some("/home/rita/apps/wordpress")
    );
    // A new approval by the same key replaces the old; settings are remembered.
    let mut again = imported.approvals[0].clone();
    again.signature = "newer".into();
    drafts
        .put_approvals(&first.listing.id, std::slice::from_ref(&again))
        .await
        .unwrap();
    assert_eq!(drafts.approvals(&first.listing.id).await.unwrap(), [again]);
    assert_eq!(
        drafts.setting(rbpub_drafts::SIGNING_KEY).await.unwrap(),
        None
    );
    drafts
        .set_setting(rbpub_drafts::SIGNING_KEY, "/home/rita/.ssh/id_ed25519")
        .await
        .unwrap();
    drafts
        .set_setting(rbpub_drafts::SIGNING_KEY, "/home/rita/.ssh/id_rsa")
        .await
        .unwrap();
    assert_eq!(
        drafts
            .setting(rbpub_drafts::SIGNING_KEY)
            .await
            .unwrap()
            .as_deref(),
        Some("/home/rita/.ssh/id_rsa")
    );

    let second = drafts.import_draft(&imported).await.unwrap();
    assert_ne!(
        second.listing.id, first.listing.id,
        "a taken id gets a new one"
    );
    assert_eq!(drafts.portfolio("").await.unwrap().len(), 2);
}
