//! The window's rehearsal (step 4): a published version rehearsed from where
//! it was published, and what a stopped rehearsal left offered for deleting,
//! never among the running apps to publish from.

mod common;

use rbpub_core::{Destination, Locale, VersionField};
use rbpub_service::rehearse::Outcome;

#[tokio::test(flavor = "multi_thread")]
async fn a_published_version_is_rehearsed_and_leftovers_are_offered_apart() {
    let (sb, service, _dir) = common::setup().await;
    common::ready_to_publish(&sb, &service).await;
    let listing = common::new_listing(&service, "Gitea").await;
    let version = common::gitea_version(&service, &listing).await;
    let en = Locale::En;

    // Not published yet: nothing to rehearse.
    let e = service
        .rehearse(&listing, &version, None, &mut |_| {})
        .await
        .unwrap_err();
    assert_eq!(e.code, rbpub_service::Code::NeedsSetup, "{e:?}");

    service
        .save_version_field(
            &version,
            VersionField::Destinations(vec![Destination::TEAM]),
            en,
        )
        .await
        .unwrap();
    let request = rbpub_service::PublishTo {
        to: Destination::TEAM,
        retry: vec![],
        overwrite: false,
    };
    service
        .publish_version(&listing, &version, request, en, &mut |_| {})
        .await
        .unwrap();
    let mut steps = Vec::new();
    let report = service
        .rehearse(&listing, &version, None, &mut |s| steps.push(s.clone()))
        .await
        .unwrap();
    assert!(
        report
            .components
            .iter()
            .all(|c| c.outcome == Outcome::Installed),
        "{report:?}"
    );
    assert!(report.cleaned && !report.has_problems());
    assert!(matches!(
        steps.first(),
        Some(rbpub_service::rehearse::RehearsalStep::Making { .. })
    ));

    // A scratch app left by a rehearsal stopped half-way.
    let console = common::bound_console(&sb).await;
    console
        .create_app(
            "demo-team",
            "local",
            "rehearsal-gitea-0000beef",
            "rehearsal-gitea-0000beef",
        )
        .await
        .unwrap();
    let apps = service.running_apps().await.unwrap();
    assert!(
        apps.iter().all(|a| !a.name.starts_with("rehearsal-")),
        "{apps:?}"
    );
    assert_eq!(
        service.rehearsal_leftovers().await.unwrap(),
        ["rehearsal-gitea-0000beef"]
    );
    assert_eq!(
        service.clean_rehearsals().await.unwrap(),
        ["rehearsal-gitea-0000beef"]
    );
    assert!(service.rehearsal_leftovers().await.unwrap().is_empty());
    assert_eq!(
        service.running_apps().await.unwrap().len(),
        apps.len(),
        "nothing else touched"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_last_rehearsal_is_kept_with_the_listing_across_a_restart() {
    let (sb, service, dir) = common::setup().await;
    common::ready_to_publish(&sb, &service).await;
    let listing = common::new_listing(&service, "Gitea").await;
    let version = common::gitea_version(&service, &listing).await;
    let en = Locale::En;
    service
        .save_version_field(
            &version,
            VersionField::Destinations(vec![Destination::TEAM]),
            en,
        )
        .await
        .unwrap();
    let request = rbpub_service::PublishTo {
        to: Destination::TEAM,
        retry: vec![],
        overwrite: false,
    };
    service
        .publish_version(&listing, &version, request, en, &mut |_| {})
        .await
        .unwrap();
    assert!(service
        .open_listing(&listing, en)
        .await
        .unwrap()
        .rehearsals
        .is_empty());
    let report = service
        .rehearse(&listing, &version, None, &mut |_| {})
        .await
        .unwrap();
    drop(service);
    let service = rbpub_service::Service::open(&dir.path().join("data")).await;
    let view = service.open_listing(&listing, en).await.unwrap();
    assert_eq!(view.rehearsals.len(), 1);
    assert_eq!(view.rehearsals[0].version_id, version);
    assert_eq!(
        view.rehearsals[0].report, report,
        "as found, for reviewers beside the preview"
    );
}
