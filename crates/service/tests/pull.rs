//! Pulling an app the store has into the drafts, as the portfolio's *Import
//! from the store* does, then pushing and pulling again: real SQLite drafts,
//! the OS keyring, the sandbox on loopback.

mod common;

use common::{secret, setup};
use rbpub_core::{Field, ListingField, Locale};
use rbpub_sandbox::FaultSettings;
use rbpub_service::pull::PullOutcome;
use rbpub_service::Code;

/// One app pulled, as the portfolio's dialog pulls a chosen one.
async fn pull(service: &rbpub_service::Service, app_id: &str) -> PullOutcome {
    let ids = [app_id.to_owned()];
    let mut outcomes = service.pull_from_store(&ids, &mut |_| {}).await.unwrap();
    outcomes.remove(0)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_pulled_app_pushed_and_pulled_again_differs_only_where_the_user_edited() {
    let (sb, service, dir) = setup().await;
    let en = Locale::En;
    sb.seed_store_apps(3).await.unwrap();
    service
        .store_use_key(secret(sb.demo.store_key))
        .await
        .unwrap();
    let app_id = service.store_apps().await.unwrap()[1].id.clone();
    let pulled = pull(&service, &app_id).await;
    let listing = pulled.listing_id;
    let diff = service.listing_diff(&listing).await.unwrap();
    assert!(diff.is_empty(), "pulled, nothing to push: {diff:?}");

    // A JPEG logo goes to the store encoded again (as PNG, without its
    // metadata); the store's answer keeps the old short description once.
    let logo = dir.path().join("logo.jpg");
    image::RgbImage::from_pixel(256, 256, image::Rgb([200, 60, 20]))
        .save(&logo)
        .unwrap();
    service
        .set_logo_from_file(&listing, &logo, en)
        .await
        .unwrap();
    let edit = ListingField::Description("Pulled, then edited".into());
    service
        .save_listing_field(&listing, edit, en)
        .await
        .unwrap();
    sb.set_faults(FaultSettings {
        keep_description: 1,
        ..FaultSettings::default()
    });
    let e = service.push_information(&listing, en).await.unwrap_err();
    assert_eq!(e.code, Code::StoreKept, "{e:?}");
    service.push_information(&listing, en).await.unwrap();

    // Pulled again: the same as the draft, the logo included.
    let again = pull(&service, &app_id).await;
    assert!(again.refreshed);
    assert_eq!(again.differs, [], "{again:?}");

    // Edited here and not pushed: the pull keeps the edit and names the field;
    // taking the store's value ends the difference.
    let edit = ListingField::Description("Edited here, not pushed".into());
    service
        .save_listing_field(&listing, edit, en)
        .await
        .unwrap();
    let again = pull(&service, &app_id).await;
    assert_eq!(again.differs, [Field::Description]);
    let view = service.open_listing(&listing, en).await.unwrap();
    assert_eq!(view.draft.listing.description, "Edited here, not pushed");
    let view = service
        .take_store_value(&listing, Field::Description, en)
        .await
        .unwrap();
    assert_eq!(view.draft.listing.description, "Pulled, then edited");
    assert!(service.listing_diff(&listing).await.unwrap().is_empty());
    // What is not one value of the app is not taken.
    let e = service
        .take_store_value(&listing, Field::Logo, en)
        .await
        .unwrap_err();
    assert_eq!(e.code, Code::Rejected);
}
