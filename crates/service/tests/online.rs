//! The seven steps through the service, as the desktop app drives them: real
//! SQLite drafts, the real OS keyring (run under scripts/with-keyring), the
//! sandbox on loopback. And the network pulled in the middle.

mod common;

use rbpub_core::Destination;
use std::sync::{Arc, Mutex};

use common::{gitea_version, new_listing, ready_to_publish, secret, setup};
use rbpub_core::online::{OutboxAction, PushStatus};
use rbpub_core::{ListingField, Locale, PackageField, PublisherField, StepStatus, VersionField};
use rbpub_sandbox::FaultSettings;
use rbpub_service::{Code, Service, SharePhase, ShareProgress};

#[tokio::test(flavor = "multi_thread")]
async fn a_new_publisher_goes_through_all_seven_steps() {
    let (sb, service, dir) = setup().await;
    let en = Locale::En;

    // 1. Register (the sandbox offers the account extension); a wrong SMS code says so.
    let e = service
        .store_register("13912345678", secret("a-long-password"), "111111", "Ada")
        .await
        .unwrap_err();
    assert!(
        e.code == Code::Rejected && e.message.contains("smsCode"),
        "{e:?}"
    );
    let c = service
        .store_register("13912345678", secret("a-long-password"), "246810", "Ada")
        .await
        .unwrap();
    assert!(c.has_store_key && c.store.as_ref().unwrap().can_publish());
    let e = service
        .store_use_key(secret(sb.demo.read_only_key))
        .await
        .unwrap_err();
    assert_eq!(
        e.code,
        Code::NoWritePermission,
        "a read-only key is refused and not kept"
    );
    assert_eq!(
        service.publisher(en).await.unwrap().steps[0].status,
        StepStatus::Done
    );

    // 2. The profile.
    for f in [
        PublisherField::Nickname("Ada".into()),
        PublisherField::Email("ada@example.org".into()),
        PublisherField::Bio("Packages Gitea".into()),
    ] {
        service.save_publisher_field(f, en).await.unwrap();
    }
    service.push_profile().await.unwrap();
    assert_eq!(
        service.publisher(en).await.unwrap().steps[1].status,
        StepStatus::Done
    );

    // 3. The console, its team, and the store bound to it.
    let e = service
        .console_sign_in(&sb.url(), "demo", secret("not-the-password"))
        .await
        .unwrap_err();
    assert_eq!(e.code, Code::ConsoleLoginFailed);
    let c = service
        .console_sign_in(&sb.url(), "demo", secret(sb.demo.console_password))
        .await
        .unwrap();
    assert!(c.console_signed_in);
    assert_eq!(
        (c.team.as_str(), c.region.as_str()),
        ("demo-team", "local"),
        "one team, one region: chosen"
    );
    let c = service.bind_store().await.unwrap();
    assert!(c.bound_store.as_ref().unwrap().can_publish());
    assert_eq!(
        service.publisher(en).await.unwrap().steps[2].status,
        StepStatus::Done
    );

    // 4. A running app, published as version 1.0.0 of a new template.
    let listing = new_listing(&service, "Gitea").await;
    service
        .save_listing_field(
            &listing,
            ListingField::Description("Git with a cup of tea".into()),
            en,
        )
        .await
        .unwrap();
    service
        .save_listing_field(
            &listing,
            ListingField::Introduction("# Gitea\n\n## Install\n".into()),
            en,
        )
        .await
        .unwrap();
    service
        .save_listing_field(&listing, ListingField::Tags(vec!["git".into()]), en)
        .await
        .unwrap();
    let version = gitea_version(&service, &listing).await;
    let seen = Arc::new(Mutex::new(Vec::<ShareProgress>::new()));
    let log = seen.clone();
    let view = service
        .publish_version(&listing, &version, to_store(), en, &mut move |p| {
            log.lock().unwrap().push(p.clone())
        })
        .await
        .unwrap();
    assert_eq!(view.steps[3].status, StepStatus::Done);
    let seen = seen.lock().unwrap().clone();
    assert_eq!(seen.last().unwrap().phase, SharePhase::Done);
    let components: Vec<_> = seen
        .last()
        .unwrap()
        .pushes
        .iter()
        .map(|p| (p.component.as_str(), p.status))
        .collect();
    assert_eq!(
        components,
        [
            ("PostgreSQL", PushStatus::Succeeded),
            ("Redis", PushStatus::Succeeded),
            ("Gitea", PushStatus::Succeeded)
        ]
    );
    assert!(
        seen.iter()
            .any(|p| p.pushes.iter().any(|e| e.status == PushStatus::Pushing)),
        "progress while pushing"
    );

    // 5. The information, with a square PNG logo, is live: the app's information step is done.
    let logo = dir.path().join("logo.png");
    image::RgbaImage::from_pixel(256, 256, image::Rgba([0, 120, 200, 255]))
        .save(&logo)
        .unwrap();
    service
        .set_logo_from_file(&listing, &logo, en)
        .await
        .unwrap();
    let view = service.push_information(&listing, en).await.unwrap();
    assert_eq!(view.steps[4].status, StepStatus::Done);
    assert_eq!(
        view.draft.live.as_ref().unwrap().app.description,
        "Git with a cup of tea"
    );

    // 6. A package for the version.
    let view = service.add_package(&listing, en).await.unwrap();
    let package = view.draft.packages[0].id.clone();
    service
        .save_package_field(&package, PackageField::Version("1.0.0".into()), en)
        .await
        .unwrap();
    let view = service.push_packages(&listing, en).await.unwrap();
    assert_eq!(view.steps[5].status, StepStatus::Done);

    // 7. Listed. A store that answers "listed" and does not list is read back and named.
    sb.set_faults(FaultSettings {
        keep_unlisted: 1,
        ..FaultSettings::default()
    });
    let e = service.set_listed(&listing, true, en).await.unwrap_err();
    assert_eq!(e.code, rbpub_service::Code::StoreKept, "{}", e.message);
    assert_eq!(
        e.params.reason.as_ref().map(|r| r.say(en)).as_deref(),
        Some("listing: the store shows the app as not listed, you asked to list it")
    );
    let view = service.set_listed(&listing, true, en).await.unwrap();
    assert_eq!(view.steps[6].status, StepStatus::Done);
    let row = service.portfolio("").await.unwrap().remove(0);
    assert_eq!(
        row.steps,
        [StepStatus::Done; 7],
        "the portfolio shows all seven done"
    );

    // Everything again: nothing new in the store.
    let before = sb.stats().await.unwrap();
    service.publish_listing(&listing, en).await.unwrap();
    let after = sb.stats().await.unwrap();
    assert_eq!(
        (
            after.store_apps,
            after.store_versions,
            after.store_packages,
            after.share_records
        ),
        (
            before.store_apps,
            before.store_versions,
            before.store_packages,
            before.share_records
        )
    );
    assert_eq!(after.image_bytes, before.image_bytes);
}

#[tokio::test(flavor = "multi_thread")]
async fn offline_changes_wait_in_the_outbox_and_a_cut_publish_finishes_once() {
    let (sb, service, _dir) = setup().await;
    let en = Locale::En;
    ready_to_publish(&sb, &service).await;
    let listing = new_listing(&service, "Gitea").await;
    let version = gitea_version(&service, &listing).await;

    // The network goes as soon as the images start pushing.
    let cut = sb.clone();
    let e = service
        .publish_version(&listing, &version, to_store(), en, &mut move |p| {
            if p.phase == SharePhase::Pushing {
                cut.set_faults(FaultSettings {
                    offline: true,
                    ..Default::default()
                });
            }
        })
        .await
        .unwrap_err();
    assert_eq!(e.code, Code::NetworkDown, "{e:?}");
    assert!(e.message.contains("outbox"), "{}", e.message);

    // Offline edits: they wait too, in order.
    service
        .save_listing_field(
            &listing,
            ListingField::Description("Edited offline".into()),
            en,
        )
        .await
        .unwrap();
    let e = service.push_information(&listing, en).await.unwrap_err();
    assert_eq!(e.code, Code::NetworkDown);
    let c = service.check_connection().await.unwrap();
    assert_eq!(c.online, Some(false));
    let waiting: Vec<_> = c.outbox.iter().map(|i| i.action.clone()).collect();
    assert_eq!(
        waiting,
        [
            OutboxAction::PublishVersion {
                listing_id: listing.clone(),
                version_id: version.clone(),
                to: rbpub_core::Destination::default(),
            },
            OutboxAction::PushInformation {
                listing_id: listing.clone()
            },
        ]
    );
    assert!(c
        .outbox
        .iter()
        .all(|i| !i.failed && !i.last_error.is_empty()));

    // The app restarts while offline, and the network comes back.
    drop(service);
    let service = Service::open(&_dir.path().join("data")).await;
    sb.set_faults(FaultSettings::default());
    let c = service.check_connection().await.unwrap();
    assert_eq!(c.online, Some(true));
    assert!(c.outbox.is_empty(), "everything was pushed: {:?}", c.outbox);
    let stats = sb.stats().await.unwrap();
    assert_eq!(
        (stats.share_records, stats.store_versions, stats.store_apps),
        (1, 1, 1),
        "exactly one record, one version, one app"
    );
    let view = service.open_listing(&listing, en).await.unwrap();
    assert_eq!(
        view.draft.live.as_ref().unwrap().app.description,
        "Edited offline"
    );
    assert_eq!(view.steps[3].status, StepStatus::Done);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_refused_push_is_kept_with_the_servers_reason() {
    let (sb, service, _dir) = setup().await;
    let en = Locale::En;
    service
        .store_use_key(secret(sb.demo.store_key))
        .await
        .unwrap();
    let listing = new_listing(&service, "Gitea").await;
    service.push_information(&listing, en).await.unwrap();
    let e = service.set_listed(&listing, true, en).await.unwrap_err();
    assert_eq!(e.code, Code::Rejected);
    assert!(e.message.contains("package"), "{}", e.message);
    let c = service.connection_view().await.unwrap();
    assert_eq!(c.outbox.len(), 1);
    assert!(c.outbox[0].failed && c.outbox[0].last_error.contains("package"));
    let c = service.outbox_discard(c.outbox[0].id).await.unwrap();
    assert!(c.outbox.is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_listing_can_publish_to_a_template_the_store_has_already() {
    let (sb, service, _dir) = setup().await;
    let en = Locale::En;
    ready_to_publish(&sb, &service).await;
    let first = new_listing(&service, "Gitea").await;
    let version = gitea_version(&service, &first).await;
    let view = service
        .publish_version(&first, &version, to_store(), en, &mut |_| {})
        .await
        .unwrap();
    let app = view.draft.live.unwrap().app;

    // A second listing (say, on another computer) picks the store's app, and its
    // version goes there: no second app.
    let second = new_listing(&service, "Gitea next").await;
    let offered = service.store_apps().await.unwrap();
    assert_eq!(
        offered.iter().map(|a| a.id.as_str()).collect::<Vec<_>>(),
        [app.id.as_str()]
    );
    let view = service.link_store_app(&second, &app.id, en).await.unwrap();
    assert_eq!(view.draft.live.as_ref().unwrap().app.versions, ["1.0.0"]);
    let version = gitea_version(&service, &second).await;
    service
        .save_version_field(&version, VersionField::Version("1.1.0".into()), en)
        .await
        .unwrap();
    let view = service
        .publish_version(&second, &version, to_store(), en, &mut |_| {})
        .await
        .unwrap();
    assert_eq!(view.draft.live.unwrap().app.versions, ["1.0.0", "1.1.0"]);
    assert_eq!(sb.stats().await.unwrap().store_apps, 1);

    // Once a listing is an app in the store, it stays that app.
    let e = service
        .link_store_app(&second, "another-app", en)
        .await
        .unwrap_err();
    assert_eq!(e.code, Code::Rejected, "{e:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_version_the_store_keeps_otherwise_is_read_back_and_named() {
    let (sb, service, _dir) = setup().await;
    let en = Locale::En;
    ready_to_publish(&sb, &service).await;
    let listing = new_listing(&service, "Gitea").await;
    let version = gitea_version(&service, &listing).await;
    for field in [
        VersionField::Alias("Spring".into()),
        VersionField::ReleaseNotes("Faster start".into()),
    ] {
        service
            .save_version_field(&version, field, en)
            .await
            .unwrap();
    }
    // The console completes the share; the store drops the release notes.
    sb.set_faults(FaultSettings {
        drop_version_notes: 1,
        ..FaultSettings::default()
    });
    let e = service
        .publish_version(&listing, &version, to_store(), en, &mut |_| {})
        .await
        .unwrap_err();
    assert_eq!(e.code, Code::StoreKept, "{e:?}");
    assert_eq!(
        e.params.reason.as_ref().map(|r| r.say(en)).as_deref(),
        Some("version 1.0.0 release notes: the store kept “”, you sent “Faster start”")
    );
    // Published all the same: the version is on the store, and the draft keeps its notes.
    let view = service.open_listing(&listing, en).await.unwrap();
    assert_eq!(view.draft.live.unwrap().app.versions, ["1.0.0"]);
    assert_eq!(view.draft.versions[0].release_notes, "Faster start");
    assert_eq!(sb.stats().await.unwrap().store_versions, 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_store_key_refused_through_the_console_asks_for_a_new_key_not_a_sign_in() {
    use rbpub_secrets::{OsKeyring, SecretId, Secrets};
    let (sb, service, _dir) = setup().await;
    let en = Locale::En;
    ready_to_publish(&sb, &service).await;
    assert_eq!(
        service.publisher(en).await.unwrap().steps[0].status,
        StepStatus::Done
    );
    // The store revokes the key after it was verified: the keyring still has it.
    OsKeyring::open()
        .unwrap()
        .set(
            &SecretId::StoreKey {
                store_url: sb.url(),
            },
            &secret("sk-revoked-on-the-store"),
        )
        .unwrap();
    let e = service.bind_store().await.unwrap_err();
    assert_eq!(e.code, Code::StoreKeyRejected, "{e:?}");
    let c = service.connection_view().await.unwrap();
    assert!(c.console_signed_in, "the console sign-in is kept");
    assert!(c.store.is_none() && c.bound_store.is_none(), "{c:?}");
    let steps = service.publisher(en).await.unwrap().steps;
    assert_ne!(
        steps[0].status,
        StepStatus::Done,
        "step 1 asks for a new key"
    );
    assert_ne!(steps[2].status, StepStatus::Done, "step 3 binds again");

    // A new key in step 1, a new binding in step 3: ready again.
    service
        .store_use_key(secret(sb.demo.store_key))
        .await
        .unwrap();
    let c = service.bind_store().await.unwrap();
    assert!(c.bound_store.unwrap().can_publish());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_plain_http_store_on_another_machine_is_named() {
    let (sb, service, _dir) = setup().await;
    let c = service.connection_view().await.unwrap();
    assert!(c.cleartext.is_empty(), "the sandbox is on loopback: {c:?}");
    assert!(sb.url().starts_with("http://127.0.0.1"));
    service
        .save_publisher_field(
            PublisherField::StoreUrl("http://store.example.org/".into()),
            Locale::En,
        )
        .await
        .unwrap();
    let c = service.connection_view().await.unwrap();
    assert_eq!(c.cleartext, ["http://store.example.org"]);
}

#[tokio::test(flavor = "multi_thread")]
async fn two_instances_on_one_folder_create_the_store_app_once() {
    let (sb, first, dir) = setup().await;
    let en = Locale::En;
    ready_to_publish(&sb, &first).await;
    let listing = new_listing(&first, "Gitea").await;
    first
        .save_listing_field(&listing, ListingField::Description("Git".into()), en)
        .await
        .unwrap();
    // A second app on the same data folder (as a second process would be).
    let second = Service::open(&dir.path().join("data")).await;
    // Latency keeps both pushes at the server at once, as over a real network.
    sb.set_faults(FaultSettings {
        latency_ms: 150,
        ..Default::default()
    });
    let (a, b) = tokio::join!(
        first.push_information(&listing, en),
        second.push_information(&listing, en)
    );
    a.unwrap();
    b.unwrap();
    assert_eq!(
        sb.stats().await.unwrap().store_apps,
        1,
        "one store app, not one per instance"
    );
}

/// A square JPEG photo whose EXIF carries where it was taken.
fn photo_with_exif(side: u32) -> Vec<u8> {
    let pixels = image::RgbImage::from_fn(side, side, |x, y| image::Rgb([x as u8, y as u8, 90]));
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 90)
        .encode_image(&pixels)
        .unwrap();
    // APP1: "Exif", an empty big-endian TIFF directory, and the secret after it.
    let mut exif = b"Exif\0\0MM\0*\0\0\0\x08\0\0\0\0\0\0".to_vec();
    exif.extend_from_slice(b"GPS 48.8584N 2.2945E; camera owner Ada");
    let len = (exif.len() + 2) as u16;
    let mut out = jpeg[..2].to_vec();
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(&exif);
    out.extend_from_slice(&jpeg[2..]);
    out
}

#[tokio::test(flavor = "multi_thread")]
async fn a_logos_exif_never_reaches_the_store() {
    let (sb, service, dir) = setup().await;
    let en = Locale::En;
    ready_to_publish(&sb, &service).await;
    let listing = new_listing(&service, "Gitea").await;
    service
        .save_listing_field(&listing, ListingField::Description("Git".into()), en)
        .await
        .unwrap();
    let photo = dir.path().join("photo.jpg");
    std::fs::write(&photo, photo_with_exif(256)).unwrap();
    service
        .set_logo_from_file(&listing, &photo, en)
        .await
        .unwrap();
    let view = service.push_information(&listing, en).await.unwrap();
    let live = view.draft.live.expect("pushed");
    let store = rbpub_remote::StoreClient::new(
        rbpub_remote::Transport::new().unwrap(),
        &sb.url(),
        "rainbond",
    );
    let sent = store.download(&live.app.logo_url).await.unwrap();
    let has = |needle: &[u8]| sent.windows(needle.len()).any(|w| w == needle);
    assert!(
        !has(b"48.8584N") && !has(b"Exif"),
        "the photo's EXIF went public"
    );
    assert!(image::load_from_memory(&sent).is_ok(), "still a picture");
    // Known as sent: pushed again, no image bytes travel.
    let before = sb.stats().await.unwrap().image_bytes;
    service.push_information(&listing, en).await.unwrap();
    assert_eq!(sb.stats().await.unwrap().image_bytes, before);
}

/// A publish to the connected store, as the window's Publish asks for it.
fn to_store() -> rbpub_service::PublishTo {
    rbpub_service::PublishTo {
        to: Destination::default(),
        retry: vec![],
        overwrite: false,
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_push_the_store_answers_but_keeps_otherwise_is_named_by_field() {
    let (sb, service, _dir) = setup().await;
    let en = Locale::En;
    ready_to_publish(&sb, &service).await;
    let listing = new_listing(&service, "Gitea").await;
    service
        .save_listing_field(&listing, ListingField::Description("Git".into()), en)
        .await
        .unwrap();
    service.push_information(&listing, en).await.unwrap();

    // The store answers the next update as taken, and keeps the old description.
    service
        .save_listing_field(
            &listing,
            ListingField::Description("Git, self-hosted".into()),
            en,
        )
        .await
        .unwrap();
    sb.set_faults(FaultSettings {
        keep_description: 1,
        ..FaultSettings::default()
    });
    let e = service.push_information(&listing, en).await.unwrap_err();
    assert_eq!(e.code, rbpub_service::Code::StoreKept, "{}", e.message);
    let why = e
        .params
        .reason
        .as_ref()
        .map(|r| r.say(en))
        .unwrap_or_default();
    assert_eq!(
        why,
        "short description: the store kept “Git”, you sent “Git, self-hosted”"
    );
    // The window shows what the store has; the draft keeps what the user wrote.
    let view = service.open_listing(&listing, en).await.unwrap();
    assert_eq!(view.draft.live.as_ref().unwrap().app.description, "Git");
    assert_eq!(view.draft.listing.description, "Git, self-hosted");

    // Pushed again (the store takes it now): nothing is said.
    service.push_information(&listing, en).await.unwrap();
}
