//! What the servers confirmed and the outbox, on real SQLite files.

use rbpub_core::online::{Connection, LiveApp, LiveListing, OutboxAction, StoreInfo};
use rbpub_core::{ImageFormat, ImageInfo, ListingField, StepStatus};
use rbpub_drafts::{Drafts, NewAsset};

#[tokio::test]
async fn the_outbox_keeps_pushes_in_order_once_each_across_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let drafts = Drafts::open(dir.path()).await.unwrap();
    let a = drafts.create_listing("gitea").await.unwrap().listing.id;
    let b = drafts.create_listing("wordpress").await.unwrap().listing.id;

    let info_a = OutboxAction::PushInformation {
        listing_id: a.clone(),
    };
    drafts.enqueue(&OutboxAction::PushProfile).await.unwrap();
    drafts.enqueue(&info_a).await.unwrap();
    drafts
        .enqueue(&OutboxAction::SetListed {
            listing_id: b.clone(),
            listed: true,
        })
        .await
        .unwrap();
    drafts.enqueue(&info_a).await.unwrap();
    drafts.close().await;

    let drafts = Drafts::open(dir.path()).await.unwrap();
    let items = drafts.outbox().await.unwrap();
    let actions: Vec<_> = items.iter().map(|i| i.action.clone()).collect();
    assert_eq!(
        actions,
        [
            OutboxAction::PushProfile,
            info_a.clone(),
            OutboxAction::SetListed {
                listing_id: b.clone(),
                listed: true
            }
        ],
        "in order, and the same push waits once"
    );
    assert_eq!(items[1].listing_name.as_deref(), Some("gitea"));

    drafts
        .outbox_failed(items[1].id, "no connection", false)
        .await
        .unwrap();
    drafts
        .outbox_failed(items[2].id, "listed: an app needs a package", true)
        .await
        .unwrap();
    let items = drafts.outbox().await.unwrap();
    assert_eq!((items[1].attempts, items[1].failed), (1, false));
    assert_eq!(
        (items[2].failed, items[2].last_error.as_str()),
        (true, "listed: an app needs a package")
    );
    drafts.outbox_retry(items[2].id).await.unwrap();
    assert!(!drafts.outbox().await.unwrap()[2].failed);

    drafts.outbox_done(items[0].id).await.unwrap();
    drafts.delete_listing(&b).await.unwrap();
    let left: Vec<_> = drafts
        .outbox()
        .await
        .unwrap()
        .into_iter()
        .map(|i| i.action)
        .collect();
    assert_eq!(left, [info_a], "a deleted listing's pushes go with it");
}

#[tokio::test]
async fn the_live_listing_and_the_connection_are_kept_and_finish_steps() {
    let dir = tempfile::tempdir().unwrap();
    let drafts = Drafts::open(dir.path()).await.unwrap();
    let id = drafts.create_listing("Gitea").await.unwrap().listing.id;
    drafts
        .set_listing_field(&id, ListingField::Description("Git".into()))
        .await
        .unwrap();
    // A square PNG logo, as the assets pipeline stores it (the store requires one).
    let logo = ImageInfo {
        hash: "9f".repeat(32),
        format: ImageFormat::Png,
        width: 256,
        height: 256,
        bytes: 4,
        alpha: false,
    };
    let asset = NewAsset {
        bytes: b"logo",
        info: &logo,
    };
    drafts.set_logo(&id, Some(asset)).await.unwrap();

    let live = LiveListing {
        app: LiveApp {
            id: "app-1".into(),
            name: "Gitea".into(),
            description: "Git".into(),
            publish_type: "private".into(),
            ..LiveApp::default()
        },
        packages: vec![],
        logo_hash: Some(logo.hash.clone()),
    };
    let draft = drafts.set_live(&id, &live).await.unwrap();
    assert_eq!(draft.live.as_ref(), Some(&live));
    let row = drafts.portfolio("").await.unwrap().remove(0);
    assert_eq!(
        row.progress[1],
        StepStatus::Done,
        "step 5 is done when the store has the information"
    );
    let draft = drafts
        .set_listing_field(&id, ListingField::Description("Git, edited".into()))
        .await
        .unwrap();
    assert_eq!(
        draft.live.as_ref(),
        Some(&live),
        "the live copy stays until the next push"
    );
    assert_eq!(
        drafts.portfolio("").await.unwrap()[0].progress[1],
        StepStatus::InProgress
    );

    let version = drafts.add_version(&id).await.unwrap().versions[0]
        .id
        .clone();
    let store = rbpub_core::Destination::default();
    drafts.set_share(&version, &store, Some(42)).await.unwrap();
    drafts
        .set_share(&version, &rbpub_core::Destination::TEAM, Some(43))
        .await
        .unwrap();
    let connection = Connection {
        store: Some(StoreInfo {
            name: "s".into(),
            usable: true,
            access_actions: vec!["Write".into()],
            capabilities: vec![],
        }),
        console_url: "http://127.0.0.1:7420".into(),
        team: "demo-team".into(),
        ..Connection::default()
    };
    drafts.save_connection(&connection).await.unwrap();
    drafts.close().await;

    let drafts = Drafts::open(dir.path()).await.unwrap();
    assert_eq!(drafts.connection().await.unwrap(), connection);
    let draft = drafts.listing(&id).await.unwrap();
    let v = &draft.versions[0];
    assert_eq!(v.share_for(&store), Some(42));
    assert_eq!(
        v.share_for(&rbpub_core::Destination::TEAM),
        Some(43),
        "each destination its own"
    );
    let copy = drafts.duplicate_listing(&id).await.unwrap();
    assert_eq!(
        (copy.live, copy.versions[0].destinations.len()),
        (None, 0),
        "a copy is not published"
    );
}
