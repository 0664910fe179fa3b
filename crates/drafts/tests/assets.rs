//! Images stored once by content hash, on real files: shared between listings,
//! collected when nothing refers to them, reordered and captioned.

use rbpub_core::{ImageInfo, LogoFixes, SquareBy};
use rbpub_drafts::{Collected, Drafts, NewAsset};

mod common;

use common::image_info as image;

fn files_under(dir: &std::path::Path) -> usize {
    let Ok(shards) = std::fs::read_dir(dir) else {
        return 0;
    };
    shards
        .flatten()
        .map(|s| std::fs::read_dir(s.path()).unwrap().count())
        .sum()
}

#[tokio::test]
async fn the_same_logo_in_ten_listings_is_one_file_and_the_last_delete_removes_it() {
    let dir = tempfile::tempdir().unwrap();
    let drafts = Drafts::open(dir.path()).await.unwrap();
    let bytes = b"\x89PNG pretend logo".to_vec();
    let info = image(&bytes);
    let mut ids = Vec::new();
    for i in 0..10 {
        let id = drafts
            .create_listing(&format!("app{i}"))
            .await
            .unwrap()
            .listing
            .id;
        let logo = NewAsset {
            bytes: &bytes,
            info: &info,
        };
        let draft = drafts.set_logo(&id, Some(logo)).await.unwrap();
        assert_eq!(draft.listing.logo.as_ref(), Some(&info));
        ids.push(id);
    }
    let assets = drafts.assets_dir();
    assert_eq!(files_under(&assets), 1, "stored once");
    assert_eq!(drafts.asset_bytes(&info).await.unwrap(), bytes);

    for id in &ids[..9] {
        drafts.delete_listing(id).await.unwrap();
        assert_eq!(files_under(&assets), 1, "still used by another listing");
    }
    drafts.delete_listing(&ids[9]).await.unwrap();
    assert_eq!(files_under(&assets), 0, "no orphan left behind");
}

#[tokio::test]
async fn a_fixed_logo_keeps_its_original_and_a_replaced_one_is_collected() {
    let dir = tempfile::tempdir().unwrap();
    let drafts = Drafts::open(dir.path()).await.unwrap();
    let id = drafts.create_listing("gitea").await.unwrap().listing.id;
    let (original, fixed, other) = (b"original".to_vec(), b"fixed".to_vec(), b"other".to_vec());
    let (oi, fi, xi) = (image(&original), image(&fixed), image(&other));

    let as_given = NewAsset {
        bytes: &original,
        info: &oi,
    };
    drafts.set_logo(&id, Some(as_given)).await.unwrap();
    let fixes = LogoFixes {
        square: Some(SquareBy::Pad),
        ..LogoFixes::default()
    };
    let made = NewAsset {
        bytes: &fixed,
        info: &fi,
    };
    let draft = drafts.set_fixed_logo(&id, made, &fixes).await.unwrap();
    assert_eq!(draft.listing.logo_fixes, fixes);
    assert_eq!(draft.listing.logo.as_ref(), Some(&fi));
    assert_eq!(
        draft.listing.logo_original.as_ref(),
        Some(&oi),
        "the original stays for undo"
    );
    assert_eq!(files_under(&drafts.assets_dir()), 2);

    // A new file replaces both; the old ones go.
    let x = NewAsset {
        bytes: &other,
        info: &xi,
    };
    let replaced = drafts.set_logo(&id, Some(x)).await.unwrap();
    assert_eq!(
        replaced.listing.logo_fixes,
        LogoFixes::default(),
        "a new file starts unfixed"
    );
    assert_eq!(files_under(&drafts.assets_dir()), 1);
    let cleared = drafts.set_logo(&id, None).await.unwrap();
    assert_eq!(cleared.listing.logo, None);
    assert_eq!(files_under(&drafts.assets_dir()), 0);
}

#[tokio::test]
async fn screenshots_keep_their_order_captions_and_survive_a_restart_and_a_copy() {
    let dir = tempfile::tempdir().unwrap();
    let drafts = Drafts::open(dir.path()).await.unwrap();
    let id = drafts.create_listing("gitea").await.unwrap().listing.id;
    let shots: Vec<Vec<u8>> = (0..3).map(|i| format!("shot {i}").into_bytes()).collect();
    let infos: Vec<ImageInfo> = shots.iter().map(|b| image(b)).collect();
    let new: Vec<NewAsset> = shots
        .iter()
        .zip(&infos)
        .map(|(bytes, info)| NewAsset { bytes, info })
        .collect();
    let draft = drafts.add_screenshots(&id, &new).await.unwrap();
    let order = |d: &rbpub_core::ListingDraft| {
        d.screenshots
            .iter()
            .map(|s| s.image.hash.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        order(&draft),
        [
            infos[0].hash.clone(),
            infos[1].hash.clone(),
            infos[2].hash.clone()
        ]
    );

    let last = draft.screenshots[2].id.clone();
    let draft = drafts.move_screenshot(&last, 0).await.unwrap();
    assert_eq!(draft.screenshots[0].id, last);
    let draft = drafts
        .set_screenshot_caption(&last, "The dashboard")
        .await
        .unwrap();
    drafts.close().await;

    let drafts = Drafts::open(dir.path()).await.unwrap();
    let reopened = drafts.listing(&id).await.unwrap();
    assert_eq!(reopened.screenshots, draft.screenshots);
    assert_eq!(reopened.screenshots[0].caption, "The dashboard");

    let copy = drafts.duplicate_listing(&id).await.unwrap();
    assert_eq!(order(&copy), order(&reopened));
    assert_eq!(
        files_under(&drafts.assets_dir()),
        3,
        "the copy shares the files"
    );

    drafts.delete_listing(&id).await.unwrap();
    assert_eq!(
        files_under(&drafts.assets_dir()),
        3,
        "the copy still uses them"
    );
    let middle = copy.screenshots[1].id.clone();
    let after = drafts.delete_screenshot(&middle).await.unwrap();
    assert_eq!(after.screenshots.len(), 2);
    assert_eq!(files_under(&drafts.assets_dir()), 2);
    let err = drafts.delete_screenshot(&middle).await.unwrap_err();
    assert_eq!(
        err.to_string(),
        format!("No screenshot with id {middle}; it may have been deleted.")
    );
}

#[tokio::test]
async fn files_left_by_a_crash_before_commit_are_swept() {
    let dir = tempfile::tempdir().unwrap();
    let drafts = Drafts::open(dir.path()).await.unwrap();
    let stray = drafts.assets_dir().join("ab");
    std::fs::create_dir_all(&stray).unwrap();
    std::fs::write(stray.join("ab12"), b"half written").unwrap();
    std::fs::write(stray.join(".tmpXYZ"), b"temp").unwrap();
    let collected = drafts.collect_garbage().await.unwrap();
    assert_eq!(collected, Collected { rows: 0, files: 2 });
    assert_eq!(files_under(&drafts.assets_dir()), 0);
}

#[tokio::test]
async fn a_missing_file_is_named_with_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let drafts = Drafts::open(dir.path()).await.unwrap();
    let id = drafts.create_listing("gitea").await.unwrap().listing.id;
    let bytes = b"logo".to_vec();
    let info = image(&bytes);
    let logo = NewAsset {
        bytes: &bytes,
        info: &info,
    };
    drafts.set_logo(&id, Some(logo)).await.unwrap();
    std::fs::remove_file(drafts.asset_file(&info)).unwrap();
    let err = drafts.asset_bytes(&info).await.unwrap_err();
    assert!(err.to_string().ends_with("add the image again."), "{err}");
    assert!(err.to_string().contains(&info.hash), "{err}");
}
