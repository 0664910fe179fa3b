//! Publishing to the console's own library against the sandbox, as rbpub and
//! the window do it through `publish_release`: the model made once (its
//! create answers no id), a version published once per destination with its
//! own record and pushes, "already there" unless the user overwrites, and an
//! offline console that offers only the library.

mod common;

use common::{bound_console, quick_watch, start_sandbox};
use rbpub_core::{Destination, LibraryScope, NoStore};
use rbpub_sandbox::Settings;
use rbpub_service::publish::{
    self, Cancel, IfExists, Information, NewRelease, RunOptions, ShareTarget,
};

fn info(name: &str) -> Information {
    Information {
        name: name.into(),
        description: "Git with a cup of tea".into(),
        introduction: "# Gitea".into(),
        tags: vec!["git".into(), "devops".into()],
        publish_type: "private".into(),
        logo: None,
    }
}

fn target(to: Destination) -> ShareTarget {
    ShareTarget {
        team: "demo-team".into(),
        region: "local".into(),
        app_id: 2,
        to,
    }
}

fn release(version: &str) -> NewRelease {
    NewRelease {
        version: version.into(),
        alias: "stable".into(),
        release_notes: "First".into(),
    }
}

async fn publish_to(
    console: &rbpub_remote::ConsoleClient,
    eid: &str,
    to: Destination,
    version: &str,
    overwrite: bool,
) -> publish::Release {
    let run = RunOptions {
        watch: quick_watch(),
        if_exists: if overwrite {
            IfExists::Overwrite
        } else {
            IfExists::Keep
        },
        ..RunOptions::default()
    };
    let (target, info, release) = (target(to), info("Gitea"), release(version));
    let request = publish::Publish {
        console,
        enterprise: eid,
        target: &target,
        info: &info,
        release: &release,
        run: &run,
        store_app: None,
        store: None,
    };
    publish::publish_release(
        request,
        &publish::InMemory::default(),
        &mut |_| {},
        &Cancel::default(),
    )
    .await
    .unwrap()
}

fn settings() -> Settings {
    Settings {
        push_ms: 300,
        ..Settings::default()
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_version_goes_to_the_store_and_both_libraries_each_on_its_own() {
    let dir = tempfile::tempdir().unwrap();
    let sb = start_sandbox(&dir, settings()).await;
    let console = bound_console(&sb).await;
    let eid = sb.demo.enterprise_id;

    let store = publish_to(
        &console,
        eid,
        Destination::Store {
            name: "SandboxStore".into(),
        },
        "1.0.0",
        false,
    )
    .await;
    let team = publish_to(&console, eid, Destination::TEAM, "1.0.0", false).await;
    let enterprise = publish_to(&console, eid, Destination::ENTERPRISE, "1.0.0", false).await;
    let ids = [&store, &team, &enterprise].map(|r| r.record.as_ref().expect("published now").id);
    assert!(
        ids[0] != ids[1] && ids[1] != ids[2],
        "a record per destination: {ids:?}"
    );
    assert!(team.template_created && enterprise.template_created);
    assert_ne!(
        team.template.id, enterprise.template.id,
        "a model per scope"
    );

    let stats = sb.stats().await.unwrap();
    assert_eq!(
        (
            stats.store_versions,
            stats.library_models,
            stats.library_versions
        ),
        (1, 2, 2)
    );
    assert_eq!(stats.published_records, 3);
    // Gitea's three components, each pushed once per destination.
    assert!(
        stats.image_pushes.values().all(|&n| n == 3),
        "{:?}",
        stats.image_pushes
    );

    // The library's model and its tags are what the listing says.
    let models = console
        .app_models(eid, LibraryScope::Team, "demo-team", "Gitea")
        .await
        .unwrap();
    let model = models
        .iter()
        .find(|m| m.is_for("Gitea", LibraryScope::Team, "demo-team"))
        .unwrap();
    assert_eq!(model.id, team.template.id);
    assert!(
        model.complete_version("1.0.0").is_some(),
        "the version is complete in the model"
    );
    let tags = console.app_tags(eid).await.unwrap();
    assert_eq!(
        tags.iter().map(|(_, n)| n.as_str()).collect::<Vec<_>>(),
        ["git", "devops"]
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_version_in_the_library_is_published_again_only_when_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let sb = start_sandbox(&dir, settings()).await;
    let console = bound_console(&sb).await;
    let eid = sb.demo.enterprise_id;
    publish_to(&console, eid, Destination::TEAM, "1.0.0", false).await;

    let again = publish_to(&console, eid, Destination::TEAM, "1.0.0", false).await;
    assert!(again.record.is_none(), "there already: nothing sent");
    assert!(
        !again.template_created,
        "the model is found by name, not made twice"
    );
    assert_eq!(sb.stats().await.unwrap().library_versions, 1);

    let overwritten = publish_to(&console, eid, Destination::TEAM, "1.0.0", true).await;
    assert!(overwritten.record.is_some());
    let stats = sb.stats().await.unwrap();
    assert_eq!(
        (stats.library_models, stats.library_versions),
        (1, 2),
        "another row, as the console keeps it"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn an_app_with_a_snapshot_publishes_to_a_model_of_its_name_not_to_the_hidden_template() {
    let dir = tempfile::tempdir().unwrap();
    let sb = start_sandbox(&dir, settings()).await;
    let console = bound_console(&sb).await;
    let eid = sb.demo.enterprise_id;
    // A snapshot makes the app's hidden template, a team model named "gitea".
    console
        .create_snapshot(
            "demo-team",
            "local",
            2,
            &publish::NewSnapshot {
                version: "0.9.0",
                alias: "",
                notes: "",
            },
        )
        .await
        .unwrap();
    let listed = console
        .app_models(eid, LibraryScope::Team, "demo-team", "gitea")
        .await
        .unwrap();
    assert!(
        listed.iter().any(|m| m.hidden),
        "the hidden template is in the console's list"
    );
    // To the enterprise's library the name is free: a real model is made.
    let enterprise = publish_to(&console, eid, Destination::ENTERPRISE, "1.0.0", false).await;
    assert!(enterprise.template_created);
    assert!(listed.iter().all(|m| m.id != enterprise.template.id));
}

#[tokio::test(flavor = "multi_thread")]
async fn an_offline_console_offers_the_library_and_says_why_not_the_store() {
    let dir = tempfile::tempdir().unwrap();
    let sb = start_sandbox(
        &dir,
        Settings {
            cloud_disabled: true,
            ..settings()
        },
    )
    .await;
    let console = bound_console(&sb).await;
    let eid = sb.demo.enterprise_id;
    let offered = rbpub_service::library::offered(&console, eid)
        .await
        .unwrap();
    assert!(offered.stores.is_empty());
    assert_eq!(offered.no_store, Some(NoStore::Offline));
    assert!(offered
        .why_no_store()
        .unwrap()
        .say(rbpub_core::Locale::En)
        .contains("offline"));
    let team = publish_to(&console, eid, Destination::TEAM, "1.0.0", false).await;
    assert!(team.record.is_some_and(|r| r.is_complete()));
    assert_eq!(sb.stats().await.unwrap().library_versions, 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn listings_made_at_once_with_the_same_new_tags_each_get_their_model() {
    let dir = tempfile::tempdir().unwrap();
    let sb = start_sandbox(&dir, settings()).await;
    let console = bound_console(&sb).await;
    let eid = sb.demo.enterprise_id;
    // Both create "git" and "devops" at the same moment: one of each create
    // is refused by the console's unique name (400 创建失败), and the list says.
    let made = futures_util::future::join_all((0..4).map(|n| {
        let console = &console;
        async move {
            rbpub_service::library::ensure_model(
                console,
                eid,
                "demo-team",
                LibraryScope::Team,
                &info(&format!("App-{n}")),
            )
            .await
        }
    }))
    .await;
    for m in made {
        assert!(m.unwrap().created);
    }
    let tags = console.app_tags(eid).await.unwrap();
    assert_eq!(tags.len(), 2, "{tags:?}");
    assert_eq!(sb.stats().await.unwrap().library_models, 4);
}

/// The window's publish of a listing's version to `to`.
async fn window_publish(
    service: &rbpub_service::Service,
    listing: &rbpub_core::ListingId,
    version: &rbpub_core::VersionId,
    to: Destination,
    overwrite: bool,
) -> Result<rbpub_service::ListingView, rbpub_service::Error> {
    let request = rbpub_service::PublishTo {
        to,
        retry: vec![],
        overwrite,
    };
    service
        .publish_version(
            listing,
            version,
            request,
            rbpub_core::Locale::En,
            &mut |_| {},
        )
        .await
}

#[tokio::test(flavor = "multi_thread")]
async fn the_window_asks_before_overwriting_a_version_the_library_has_and_keeps_each_destination_apart(
) {
    let (sb, service, _dir) = common::setup().await;
    common::ready_to_publish(&sb, &service).await;
    let listing = common::new_listing(&service, "Gitea").await;
    let version = common::gitea_version(&service, &listing).await;
    // Someone published Gitea 1.0.0 to the team's library already (the console's page, say).
    let console = bound_console(&sb).await;
    publish_to(
        &console,
        sb.demo.enterprise_id,
        Destination::TEAM,
        "1.0.0",
        false,
    )
    .await;

    let e = window_publish(&service, &listing, &version, Destination::TEAM, false)
        .await
        .unwrap_err();
    assert_eq!(e.code, rbpub_service::Code::VersionExists, "{e:?}");
    assert!(e
        .localized(rbpub_core::Locale::En)
        .contains("1.0.0 is in this library already"));
    let c = service.connection_view().await.unwrap();
    assert!(
        c.outbox.is_empty(),
        "the question is the user's, not a push waiting: {:?}",
        c.outbox
    );

    let view = window_publish(&service, &listing, &version, Destination::TEAM, true)
        .await
        .unwrap();
    let v = &view.draft.versions[0];
    let team = v
        .destinations
        .iter()
        .find(|d| d.to == Destination::TEAM)
        .unwrap();
    assert!(team.published && !team.overwrite && team.share_id.is_some());
    assert_eq!(
        sb.stats().await.unwrap().library_versions,
        2,
        "overwritten: another row"
    );

    // The store is a publish of its own: its own record, its own checkpoint.
    let view = window_publish(&service, &listing, &version, Destination::default(), false)
        .await
        .unwrap();
    let v = &view.draft.versions[0];
    assert!(view.draft.is_published(v));
    assert_ne!(
        v.share_for(&Destination::default()),
        v.share_for(&Destination::TEAM)
    );
    // Published there now: asking again sends nothing.
    let before = sb.stats().await.unwrap();
    window_publish(&service, &listing, &version, Destination::TEAM, false)
        .await
        .unwrap();
    let after = sb.stats().await.unwrap();
    assert_eq!(
        (after.share_records, after.library_versions),
        (before.share_records, before.library_versions)
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_plan_shown_before_a_publish_says_what_installers_will_receive() {
    let (sb, service, _dir) = common::setup().await;
    common::ready_to_publish(&sb, &service).await;
    let listing = common::new_listing(&service, "Gitea").await;
    let version = common::gitea_version(&service, &listing).await;
    let plan = service
        .share_plan(&listing, &version, rbpub_core::Locale::En)
        .await
        .unwrap();
    // The sandbox's gitea ships PostgreSQL's default password to every installer.
    let credentials: Vec<_> = plan
        .findings
        .iter()
        .filter(|f| f.finding.rule == rbpub_core::RuleId::TemplateCredentials)
        .collect();
    assert_eq!(credentials.len(), 1, "{:?}", plan.findings);
    let message = &credentials[0].finding.message;
    assert!(
        message.contains("“PostgreSQL” ships POSTGRES_PASSWORD"),
        "{message}"
    );
    // Linked to where it is changed: the component's environment tab in the console.
    let page = credentials[0].console_url.as_deref().unwrap_or_default();
    assert!(
        page.starts_with(&format!("{}/#/team/demo-team/region/", sb.url()))
            && page.contains("/overview?type=components&componentID=")
            && page.ends_with("&tab=environmentConfiguration"),
        "{page}"
    );
    let zh = service
        .share_plan(&listing, &version, rbpub_core::Locale::ZhCn)
        .await
        .unwrap();
    let message = &zh.findings[0].finding.message;
    assert!(message.contains("像是凭据"), "{message}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_shared_connection_password_is_published_as_random_per_install_when_asked() {
    let (sb, service, _dir) = common::setup().await;
    common::ready_to_publish(&sb, &service).await;
    // The team gives PostgreSQL's dependants its password as connection info.
    sb.change_running_app(2, |t| {
        for app in t["apps"].as_array_mut().unwrap() {
            if app["service_cname"] == "PostgreSQL" {
                app["service_connect_info_map_list"]
                    .as_array_mut()
                    .unwrap()
                    .push(serde_json::json!({"name": "password", "attr_name": "DB_PASSWORD", "attr_value": "gitea-shared", "is_change": true}));
            }
        }
    })
    .await
    .unwrap();
    let listing = common::new_listing(&service, "Gitea").await;
    let version = common::gitea_version(&service, &listing).await;
    let en = rbpub_core::Locale::En;
    let plan = service.share_plan(&listing, &version, en).await.unwrap();
    let fix = plan
        .findings
        .iter()
        .find(|f| f.finding.fix == Some(rbpub_core::Fix::RandomPerInstall))
        .expect("the connection password offers its fix");
    let item = fix.finding.field.item.clone().unwrap();
    assert!(item.ends_with("/DB_PASSWORD"), "{item}");

    // The user takes the fix: the plan shown no longer has it, the store gets **None**.
    let view = service.open_listing(&listing, en).await.unwrap();
    let rbpub_core::TemplateSource::RainbondApp {
        team,
        region,
        app,
        mut share,
    } = view.draft.versions[0].source.clone()
    else {
        panic!("gitea's version publishes a running app");
    };
    share.random_per_install = vec![item.clone()];
    let source = rbpub_core::TemplateSource::RainbondApp {
        team,
        region,
        app,
        share,
    };
    service
        .save_version_field(&version, rbpub_core::VersionField::Source(source), en)
        .await
        .unwrap();
    let plan = service.share_plan(&listing, &version, en).await.unwrap();
    assert!(
        plan.findings
            .iter()
            .all(|f| f.finding.field.item.as_deref() != Some(item.as_str())),
        "{:?}",
        plan.findings
    );
    let view = window_publish(&service, &listing, &version, Destination::default(), false)
        .await
        .unwrap();
    let app_id = view.draft.live.unwrap().app.id;
    let store = rbpub_remote::StoreClient::new(
        rbpub_remote::Transport::new().unwrap(),
        &sb.url(),
        "rainbond",
    )
    .with_key(common::secret(sb.demo.store_key));
    let template = store.version_template(&app_id, "1.0.0").await.unwrap();
    let postgres = template["apps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["service_cname"] == "PostgreSQL")
        .unwrap();
    let sent: Vec<(&str, &str)> = postgres["service_connect_info_map_list"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["attr_name"].as_str().unwrap(),
                e["attr_value"].as_str().unwrap(),
            )
        })
        .collect();
    assert!(sent.contains(&("DB_PASSWORD", "**None**")), "{sent:?}");
    assert!(
        sent.contains(&("DB_HOST", "127.0.0.1")),
        "the rest as it was: {sent:?}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_plan_of_a_next_version_says_what_installed_apps_get_from_the_newest_in_the_store() {
    next_version_against_the_newest(Destination::default()).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_plan_of_a_next_version_says_what_installed_apps_get_from_the_newest_in_the_library() {
    next_version_against_the_newest(Destination::TEAM).await;
}

/// Publishes Gitea 1.0.0 to `to`, changes the running app, and reads the
/// plan of the next version, which goes to `to` as well.
async fn next_version_against_the_newest(to: Destination) {
    let (sb, service, _dir) = common::setup().await;
    common::ready_to_publish(&sb, &service).await;
    let listing = common::new_listing(&service, "Gitea").await;
    let version = common::gitea_version(&service, &listing).await;
    let en = rbpub_core::Locale::En;
    let only_to = rbpub_core::VersionField::Destinations(vec![to.clone()]);
    service
        .save_version_field(&version, only_to.clone(), en)
        .await
        .unwrap();
    let first = service.share_plan(&listing, &version, en).await.unwrap();
    assert_eq!(
        first.upgrade, None,
        "nothing is installed before a first version"
    );
    window_publish(&service, &listing, &version, to.clone(), false)
        .await
        .unwrap();

    // In the console: Redis deleted and rebuilt (a new key), a default changed.
    sb.change_running_app(2, |t| {
        for app in t["apps"].as_array_mut().unwrap() {
            if app["service_cname"] == "Redis" {
                app["service_key"] = "rebuilt".into();
                app["service_share_uuid"] = "rebuilt+1".into();
            }
            if app["service_cname"] == "PostgreSQL" {
                app["service_env_map_list"][0]["attr_value"] = "another-default".into();
            }
        }
    })
    .await
    .unwrap();
    let next = service
        .add_version(&listing, en)
        .await
        .unwrap()
        .draft
        .versions[1]
        .id
        .clone();
    let source = service
        .open_listing(&listing, en)
        .await
        .unwrap()
        .draft
        .versions[0]
        .source
        .clone();
    service
        .save_version_field(&next, rbpub_core::VersionField::Source(source), en)
        .await
        .unwrap();
    service
        .save_version_field(&next, only_to, en)
        .await
        .unwrap();
    let plan = service.share_plan(&listing, &next, en).await.unwrap();
    let upgrade = plan.upgrade.expect("the destination has 1.0.0");
    assert_eq!((upgrade.from.as_str(), upgrade.second_copies), ("1.0.0", 1));
    let text: Vec<&str> = upgrade.lines.iter().map(|l| l.text.as_str()).collect();
    assert!(
        text.iter()
            .any(|l| l.contains("“Redis” has a new key") && l.contains("second copy")),
        "{text:?}"
    );
    assert!(text.iter().any(|l| l.contains("POSTGRES_PASSWORD") && l.contains("will not reach installed apps")), "{text:?}");
}

/// The listing's information with a logo, as a new model would get it.
fn with_logo(name: &str) -> Information {
    let png = include_bytes!("../../sandbox/seed/logo-256.png").to_vec();
    Information {
        logo: Some(publish::Logo::sniff(png).expect("a PNG")),
        ..info(name)
    }
}

/// What the sandbox was sent that makes something: logo uploads and tags.
fn made_anything(sb: &rbpub_sandbox::Sandbox) -> Vec<String> {
    sb.log()
        .into_iter()
        .filter(|l| l.method == "POST")
        .filter(|l| l.path == "/console/files/upload" || l.path.ends_with("/app-models/tag"))
        .map(|l| l.path)
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn names_are_compared_as_the_console_does_and_refused_before_anything_is_made() {
    let dir = tempfile::tempdir().unwrap();
    let sb = start_sandbox(&dir, settings()).await;
    let console = bound_console(&sb).await;
    let eid = sb.demo.enterprise_id;
    publish_to(&console, eid, Destination::TEAM, "1.0.0", false).await;
    let uploads_before = made_anything(&sb).len();

    // "gitea" beside "Gitea": the console's database ignores case (MySQL), so
    // its create would answer 应用已存在. Named as such, not blamed on a hidden template.
    let e = rbpub_service::library::ensure_model(
        &console,
        eid,
        "demo-team",
        LibraryScope::Team,
        &with_logo("gitea"),
    )
    .await
    .unwrap_err();
    assert_eq!(e.code, rbpub_service::Code::Invalid, "{e}");
    assert!(
        e.message.contains("“Gitea”")
            && e.message.contains("ignores case")
            && !e.message.contains("hidden"),
        "{e}"
    );

    // An app with a snapshot has a hidden template of its name ("halo"): found
    // from the list, before the logo is uploaded or a tag is made.
    console
        .create_snapshot(
            "demo-team",
            "local",
            3,
            &publish::NewSnapshot {
                version: "0.9.0",
                alias: "",
                notes: "",
            },
        )
        .await
        .unwrap();
    let e = rbpub_service::library::ensure_model(
        &console,
        eid,
        "demo-team",
        LibraryScope::Team,
        &with_logo("Halo"),
    )
    .await
    .unwrap_err();
    assert!(e.message.contains("hidden template"), "{e}");
    assert_eq!(
        made_anything(&sb).len(),
        uploads_before,
        "no logo uploaded, no tag made"
    );

    // An enterprise model another team made is that team's app: not taken without a word.
    let other = rbpub_remote::NewAppModel {
        name: "Forgejo",
        describe: "",
        details: "",
        pic: "",
        tag_ids: &[],
        scope: LibraryScope::Enterprise,
        team: "other-team",
    };
    console.create_app_model(eid, &other).await.unwrap();
    let e = rbpub_service::library::ensure_model(
        &console,
        eid,
        "demo-team",
        LibraryScope::Enterprise,
        &info("Forgejo"),
    )
    .await
    .unwrap_err();
    assert!(e.message.contains("other-team"), "{e}");
    assert_eq!(sb.stats().await.unwrap().library_models, 2, "nothing made");

    // A tag the enterprise has in another case is the same tag to the console: reused.
    let made = rbpub_service::library::ensure_model(
        &console,
        eid,
        "demo-team",
        LibraryScope::Team,
        &Information {
            tags: vec!["Git".into()],
            ..info("Codeberg")
        },
    )
    .await
    .unwrap();
    assert!(made.created);
    let tags = console.app_tags(eid).await.unwrap();
    assert_eq!(
        tags.iter().map(|(_, n)| n.as_str()).collect::<Vec<_>>(),
        ["git", "devops"]
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_library_publish_cut_off_mid_push_is_planned_and_resumed_after_a_restart_pushing_nothing_twice(
) {
    let (sb, service, dir) = common::setup().await;
    common::ready_to_publish(&sb, &service).await;
    let listing = common::new_listing(&service, "Gitea").await;
    let version = common::gitea_version(&service, &listing).await;
    let en = rbpub_core::Locale::En;
    // The network goes once the image pushes have started.
    let request = rbpub_service::PublishTo {
        to: Destination::TEAM,
        retry: vec![],
        overwrite: false,
    };
    let cut = sb.clone();
    let mut cut_off = false;
    let e = service
        .publish_version(&listing, &version, request, en, &mut |p| {
            let started = p
                .pushes
                .iter()
                .any(|e| e.status == rbpub_core::online::PushStatus::Pushing);
            if started && !cut_off {
                cut_off = true;
                cut.set_faults(rbpub_sandbox::FaultSettings {
                    offline: true,
                    ..Default::default()
                });
            }
        })
        .await
        .unwrap_err();
    assert_eq!(e.code, rbpub_service::Code::NetworkDown, "{e:?}");
    drop(service);

    // The app starts again, and the network is back.
    sb.set_faults(rbpub_sandbox::FaultSettings::default());
    let service = rbpub_service::Service::open(&dir.path().join("data"))
        .await
        .with_watch(quick_watch());
    // The plan of the submitted share names the library's model, as the
    // record does: no false "share differs" blocks *Publish*.
    let plan = service.share_plan(&listing, &version, en).await.unwrap();
    assert!(plan.submitted, "{plan:?}");
    let view = window_publish(&service, &listing, &version, Destination::TEAM, false)
        .await
        .unwrap();
    let team = view.draft.versions[0]
        .destinations
        .iter()
        .find(|d| d.to == Destination::TEAM)
        .unwrap();
    assert!(team.published);
    let stats = sb.stats().await.unwrap();
    assert_eq!(stats.share_records, 1, "the same share, resumed");
    assert_eq!(stats.library_versions, 1);
    assert!(
        stats.image_pushes.values().all(|&n| n == 1),
        "no image pushed twice: {:?}",
        stats.image_pushes
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_version_being_published_again_is_not_taken_for_missing_by_the_upgrade_report() {
    let (sb, service, _dir) = common::setup().await;
    common::ready_to_publish(&sb, &service).await;
    let console = bound_console(&sb).await;
    let eid = sb.demo.enterprise_id;
    publish_to(&console, eid, Destination::TEAM, "0.9.0", false).await;
    publish_to(&console, eid, Destination::TEAM, "1.0.0", false).await;
    // Someone publishes 1.0.0 again, and its push hangs: an overwrite in flight,
    // whose unfinished row is the one the console's one-model view shows for 1.0.0.
    sb.set_faults(rbpub_sandbox::FaultSettings {
        push_hangs: 10,
        ..Default::default()
    });
    let run = RunOptions {
        watch: publish::Watch {
            timeout: Some(std::time::Duration::from_secs(1)),
            ..quick_watch()
        },
        if_exists: IfExists::Overwrite,
        ..RunOptions::default()
    };
    let (t, i, r) = (target(Destination::TEAM), info("Gitea"), release("1.0.0"));
    let request = publish::Publish {
        console: &console,
        enterprise: eid,
        target: &t,
        info: &i,
        release: &r,
        run: &run,
        store_app: None,
        store: None,
    };
    let e = publish::publish_release(
        request,
        &publish::InMemory::default(),
        &mut |_| {},
        &Cancel::default(),
    )
    .await
    .unwrap_err();
    assert_eq!(e.code, rbpub_service::Code::TimedOut, "{e}");

    // The window plans 1.1.0 for the team's library: installers have 1.0.0,
    // whose template cannot be read while it is overwritten. No report
    // against 0.9.0, which nobody would upgrade from.
    let en = rbpub_core::Locale::En;
    let listing = common::new_listing(&service, "Gitea").await;
    let version = common::gitea_version(&service, &listing).await;
    for field in [
        rbpub_core::VersionField::Version("1.1.0".into()),
        rbpub_core::VersionField::Destinations(vec![Destination::TEAM]),
    ] {
        service
            .save_version_field(&version, field, en)
            .await
            .unwrap();
    }
    let plan = service.share_plan(&listing, &version, en).await.unwrap();
    assert_eq!(
        plan.upgrade.as_ref().map(|u| u.from.as_str()),
        None,
        "{:?}",
        plan.upgrade
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_window_on_an_offline_console_says_why_and_ticks_nothing_for_the_user() {
    let (sb, service, _dir) = common::setup_with(Settings {
        cloud_disabled: true,
        ..settings()
    })
    .await;
    common::ready_to_publish(&sb, &service).await;
    let c = service.check_connection().await.unwrap();
    // The one-store view's object is read: the reason shows, not an error hidden.
    assert_eq!(
        c.offered.as_ref().and_then(|o| o.no_store),
        Some(NoStore::Offline)
    );
    assert!(!c.store_usable);
    let listing = common::new_listing(&service, "Gitea").await;
    let version = common::gitea_version(&service, &listing).await;
    let en = rbpub_core::Locale::En;
    let view = service.open_listing(&listing, en).await.unwrap();
    let p = &view.publishing[0];
    assert_eq!(p.version_id, version);
    assert!(
        p.destinations.is_empty(),
        "nothing chosen for the user: {p:?}"
    );
    assert_eq!(p.no_store, Some(NoStore::Offline));
    assert_eq!(
        p.offered
            .iter()
            .map(|o| (o.to.to_string(), o.usable))
            .collect::<Vec<_>>(),
        [
            ("store".into(), false),
            ("team".into(), true),
            ("enterprise".into(), true)
        ]
    );
    // Ticked, the team's library is where it goes, and then it is done.
    let view = service
        .save_version_field(
            &version,
            rbpub_core::VersionField::Destinations(vec![Destination::TEAM]),
            en,
        )
        .await
        .unwrap();
    assert_eq!(view.publishing[0].destinations[0].to, Destination::TEAM);
    let view = window_publish(&service, &listing, &version, Destination::TEAM, false)
        .await
        .unwrap();
    assert!(view.publishing[0].done && !view.publishing[0].resumable);
    // Online, no step says it waits on a network connection.
    assert!(view.steps.iter().all(|s| !s
        .waiting_on
        .contains(&rbpub_core::WaitingOn::NetworkConnection)));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_release_mark_is_recorded_read_back_and_lost_when_the_version_is_published_again() {
    let dir = tempfile::tempdir().unwrap();
    let sb = start_sandbox(&dir, settings()).await;
    let console = bound_console(&sb).await;
    let eid = sb.demo.enterprise_id;
    publish_to(&console, eid, Destination::TEAM, "1.0.0", false).await;
    let numbers = ["1.0.0".to_string(), "2.0.0".to_string()];
    let marks =
        || rbpub_service::library::release_marks(&console, eid, "demo-team", "Gitea", &numbers);

    let before = marks().await.unwrap();
    assert_eq!(
        before.len(),
        1,
        "only the version the library holds: {before:?}"
    );
    assert_eq!(
        (
            before[0].scope,
            before[0].version.as_str(),
            before[0].release
        ),
        (LibraryScope::Team, "1.0.0", false)
    );
    let recorded = rbpub_service::library::set_release_mark(&console, eid, &before[0], true)
        .await
        .unwrap();
    assert!(recorded, "the console records the mark");
    assert!(marks().await.unwrap()[0].release, "read back as Release");

    // A second share of the same number is a new row, and Release is gone (B1).
    publish_to(&console, eid, Destination::TEAM, "1.0.0", true).await;
    assert!(
        !marks().await.unwrap()[0].release,
        "a re-publish clears the mark"
    );

    // An unknown version of a known model: the console's 404, said as it is.
    let mut gone = before[0].clone();
    gone.version = "9.9.9".into();
    let e = rbpub_service::library::set_release_mark(&console, eid, &gone, true)
        .await
        .unwrap_err();
    assert!(e.message.contains("应用下无该版本"), "{}", e.message);
}
