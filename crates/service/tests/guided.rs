//! A store without the account extension: the app guides steps 1, 2, 6 and 7
//! through the store's own pages, and tells what the store can confirm itself.

mod common;

use common::{connect_console, gitea_version, new_listing, secret, setup_offering};
use rbpub_core::Destination;
use rbpub_core::{ListingField, Locale, PackageField, PublisherField, StepStatus};
use rbpub_service::Code;

#[tokio::test(flavor = "multi_thread")]
async fn without_the_extension_the_steps_are_done_on_the_store_pages() {
    let (sb, service, _dir) = setup_offering(&[]).await;
    let en = Locale::En;

    // 1. No account API: registering says so; the pasted key is checked with /info.
    let e = service
        .store_register("13912345678", secret("a-long-password"), "246810", "Ada")
        .await
        .unwrap_err();
    assert_eq!(e.code, Code::NotFound, "{e:?}");
    let c = service
        .store_use_key(secret(sb.demo.store_key))
        .await
        .unwrap();
    assert!(c.store.as_ref().unwrap().capabilities.is_empty());

    // 2. The profile, entered on the store's page and confirmed here.
    for f in [
        PublisherField::Nickname("Ada".into()),
        PublisherField::Email("ada@example.org".into()),
    ] {
        service.save_publisher_field(f, en).await.unwrap();
    }
    assert_ne!(
        service.publisher(en).await.unwrap().steps[1].status,
        StepStatus::Done
    );
    service.confirm_profile().await.unwrap();
    assert_eq!(
        service.publisher(en).await.unwrap().steps[1].status,
        StepStatus::Done
    );

    // 3 and 4 use the console and the store's public API, as with the extension.
    connect_console(&sb, &service).await;
    let listing = new_listing(&service, "Gitea").await;
    service
        .save_listing_field(
            &listing,
            ListingField::Description("Git with a cup of tea".into()),
            en,
        )
        .await
        .unwrap();
    let version = gitea_version(&service, &listing).await;
    let view = service
        .publish_version(&listing, &version, to_store(), en, &mut |_| {})
        .await
        .unwrap();
    assert_eq!(
        view.steps[3].status,
        StepStatus::Done,
        "published without the packages API"
    );
    let live = view.draft.live.clone().unwrap();

    // 6. A package can only be confirmed for a published version.
    let package = service
        .add_package(&listing, en)
        .await
        .unwrap()
        .draft
        .packages[0]
        .id
        .clone();
    service
        .save_package_field(&package, PackageField::Version("2.0.0".into()), en)
        .await
        .unwrap();
    let e = service.confirm_packages(&listing, en).await.unwrap_err();
    assert!(
        e.code == Code::NeedsSetup && e.message.contains("2.0.0"),
        "{e:?}"
    );
    service
        .save_package_field(&package, PackageField::Version("1.0.0".into()), en)
        .await
        .unwrap();
    // The publisher adds it on the store's page (the form the page posts).
    let http = store_page_form(
        &format!("{}/apps/{}/packages", sb.url(), live.app.id),
        &[("name", "1.0.0"), ("version", "1.0.0")],
    )
    .await;
    assert_eq!(http, 200, "the store page takes the package");
    let view = service.confirm_packages(&listing, en).await.unwrap();
    assert_eq!(view.steps[5].status, StepStatus::Done);

    // 7. The store says whether the app is listed: not until it is listed on its page.
    let view = service.check_listed(&listing, en).await.unwrap();
    assert_ne!(view.steps[6].status, StepStatus::Done);
    assert_eq!(
        view.steps[5].status,
        StepStatus::Done,
        "a check keeps the confirmed packages"
    );
    store_page_form(
        &format!("{}/apps/{}/shelf", sb.url(), live.app.id),
        &[("listed", "true")],
    )
    .await;
    let view = service.check_listed(&listing, en).await.unwrap();
    assert_eq!(view.steps[6].status, StepStatus::Done);
    assert!(view.draft.live.unwrap().app.listed);
    assert_eq!(sb.stats().await.unwrap().store_packages, 1);
}

/// Posts a form as the store page's browser would; answers the final status
/// (after the page's redirect back to itself).
async fn store_page_form(url: &str, fields: &[(&str, &str)]) -> u16 {
    let reply = reqwest::Client::new()
        .post(url)
        .form(fields)
        .send()
        .await
        .unwrap();
    reply.status().as_u16()
}

/// A publish to the connected store, as the window's Publish asks for it.
fn to_store() -> rbpub_service::PublishTo {
    rbpub_service::PublishTo {
        to: Destination::default(),
        retry: vec![],
        overwrite: false,
    }
}
