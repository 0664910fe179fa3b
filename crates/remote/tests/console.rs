//! The console client against the sandbox's console: sign-in, teams, stores,
//! templates, the logo upload, and the whole share flow.

mod common;

use std::time::Duration;

use common::World;
use rbpub_core::online::{PushStatus, ShareStatus};
use rbpub_core::Sensitive;
use rbpub_remote::{ConsoleClient, ErrorKind, NewPackage, NewTemplate, ShareVersion};

#[tokio::test]
async fn sign_in_teams_and_apps() {
    let w = World::new().await;
    let mut console = ConsoleClient::new(w.http.clone(), &w.sandbox.url());
    let e = console
        .login("demo", &Sensitive::new("hunter2-not-it".into()))
        .await
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::ConsoleLoginFailed);
    assert!(
        !e.to_string().contains("hunter2"),
        "the password leaked: {e}"
    );
    let unsigned = console.account().await.unwrap_err();
    assert_eq!(unsigned.kind, ErrorKind::ConsoleSignedOut);

    let console = w.console().await;
    let me = console.account().await.unwrap();
    assert_eq!(me.user, "demo");
    assert_eq!(me.teams[0].name, "demo-team");
    assert_eq!(me.teams[0].regions, ["local"]);
    let apps = console.running_apps("demo-team", "local").await.unwrap();
    let names: Vec<_> = apps.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names, ["wordpress", "gitea", "halo"]);
    let e = console.running_apps("no-team", "local").await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::NotFound);
}

#[tokio::test]
async fn bind_the_store_and_see_its_permissions() {
    let w = World::new().await;
    let console = w.console().await;
    let eid = w.sandbox.demo.enterprise_id;
    assert!(console.bound_stores(eid).await.unwrap().is_empty());

    let bad_key = Sensitive::new("sk-bad-key-123".to_owned());
    let e = console
        .bindable_stores(eid, &w.sandbox.url(), &bad_key)
        .await
        .unwrap_err();
    // HTTP 401 with code 10421 is the store refusing the key, not a lapsed sign-in.
    assert_eq!(e.kind, ErrorKind::StoreKeyRejected, "{e}");
    assert!(
        !e.to_string().contains("sk-bad-key-123"),
        "the key leaked: {e}"
    );

    let stores = console
        .bindable_stores(eid, &w.sandbox.url(), &w.key())
        .await
        .unwrap();
    assert_eq!(stores[0].name, "SandboxStore");
    console.bind_store(eid, &stores[0], &w.key()).await.unwrap();
    console.bind_store(eid, &stores[0], &w.key()).await.unwrap();
    let bound = console.bound_stores(eid).await.unwrap();
    assert_eq!(bound.len(), 1, "binding twice binds once");
    assert!(bound[0].can_publish());

    // Rebinding with a read-only key changes only the key: the store can no longer take a publish.
    let reader = Sensitive::new(w.sandbox.demo.read_only_key.to_owned());
    console.bind_store(eid, &stores[0], &reader).await.unwrap();
    let bound = console.bound_stores(eid).await.unwrap();
    assert!(bound[0].usable && !bound[0].can_publish(), "{bound:?}");
}

async fn pushed(console: &ConsoleClient, share_id: i64) -> Vec<PushStatus> {
    let events = console
        .push_events("demo-team", "local", share_id)
        .await
        .unwrap();
    events.iter().map(|e| e.status).collect()
}

#[tokio::test]
async fn publish_an_app_as_a_version_then_package_and_list_it() {
    let w = World::new().await;
    let console = w.bound_console().await;
    let eid = w.sandbox.demo.enterprise_id;

    let logo = console
        .upload_logo(
            "gitea.png",
            "image/png",
            b"\x89PNG\r\n\x1a\n small".to_vec(),
        )
        .await
        .unwrap();
    let e = console
        .upload_logo("gitea.svg", "image/svg+xml", b"<svg/>".to_vec())
        .await
        .unwrap_err();
    assert!(e.detail.starts_with("file"), "{e}");
    let tags = ["git".to_owned()];
    let new = NewTemplate {
        name: "Gitea",
        description: "Git service",
        logo: &logo,
        tags: &tags,
        introduction: "# Gitea",
    };
    let (template, kept_logo) = console
        .create_template(eid, "SandboxStore", &new)
        .await
        .unwrap();
    assert!(!kept_logo.is_empty(), "the store kept the uploaded logo");
    assert_eq!(
        console.templates(eid, "SandboxStore").await.unwrap(),
        std::slice::from_ref(&template)
    );
    assert_eq!(
        console
            .shareable_templates("demo-team", "local", 2, "SandboxStore")
            .await
            .unwrap(),
        std::slice::from_ref(&template)
    );

    let record = console
        .start_share("demo-team", "local", 2, &store("SandboxStore"), None)
        .await
        .unwrap();
    assert_eq!((record.step, record.status), (1, ShareStatus::Publishing));
    let second = console
        .start_share("demo-team", "local", 2, &store("SandboxStore"), None)
        .await
        .unwrap();
    assert_ne!(second.id, record.id, "every POST makes a new record");
    console
        .give_up("demo-team", "local", second.id)
        .await
        .unwrap();

    let plan = console
        .share_plan("demo-team", "local", record.id)
        .await
        .unwrap();
    assert_eq!(plan.component_names(), ["PostgreSQL", "Redis", "Gitea"]);
    let version = ShareVersion {
        template_id: template.id.clone(),
        version: "1.0.0".into(),
        alias: "stable".into(),
        release_notes: "First release".into(),
        to: rbpub_core::Destination::Store {
            name: "SandboxStore".into(),
        },
    };
    let bad = ShareVersion {
        version: "1.0 beta".into(),
        ..version.clone()
    };
    let e = console
        .submit_share("demo-team", "local", record.id, &bad, Some(&plan))
        .await
        .unwrap_err();
    assert!(
        e.kind == ErrorKind::Validation && e.detail.starts_with("version"),
        "{e}"
    );
    console
        .submit_share("demo-team", "local", record.id, &version, Some(&plan))
        .await
        .unwrap();
    let read = console
        .share_record("demo-team", "local", 2, record.id)
        .await
        .unwrap()
        .expect("the record");
    assert_eq!((read.step, read.version.as_deref()), (2, Some("1.0.0")));
    assert_eq!(
        read.template_id, None,
        "a store's template is not a local app model: the one-record view names none"
    );

    assert_eq!(
        pushed(&console, record.id).await,
        [PushStatus::NotStarted; 3]
    );
    let e = console
        .complete_share("demo-team", "local", record.id)
        .await
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::NotReady);
    let events = console
        .push_events("demo-team", "local", record.id)
        .await
        .unwrap();
    for event in &events {
        let started = console
            .start_push("demo-team", "local", record.id, event)
            .await
            .unwrap();
        assert_eq!(started.status, PushStatus::Pushing);
        assert_eq!(started.component, event.component);
    }
    // The list never asks the cluster: long after the pushes ended it still says "pushing".
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(pushed(&console, record.id).await, [PushStatus::Pushing; 3]);
    for event in &events {
        let mut status = PushStatus::Pushing;
        for _ in 0..100 {
            status = console
                .push_event("demo-team", "local", record.id, event)
                .await
                .unwrap()
                .status;
            if status != PushStatus::Pushing {
                break;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        assert_eq!(status, PushStatus::Succeeded, "{}", event.component);
    }
    assert_eq!(
        pushed(&console, record.id).await,
        [PushStatus::Succeeded; 3]
    );
    let pushes = w.sandbox.stats().await.unwrap().image_pushes;
    assert!(pushes.values().all(|&n| n == 1), "{pushes:?}");
    let done = console
        .complete_share("demo-team", "local", record.id)
        .await
        .unwrap();
    assert_eq!((done.step, done.status), (3, ShareStatus::Published));
    let twice = console
        .complete_share("demo-team", "local", record.id)
        .await
        .unwrap_err();
    assert_eq!(
        twice.kind,
        ErrorKind::Validation,
        "completing twice is refused: {twice}"
    );
    let read = console
        .share_record("demo-team", "local", 2, record.id)
        .await
        .unwrap()
        .expect("the record");
    assert!(read.is_complete(), "{read:?}");
    let history = console
        .share_records("demo-team", "local", 2)
        .await
        .unwrap();
    let ids: Vec<_> = history.iter().map(|r| (r.id, r.step)).collect();
    assert_eq!(ids, [(read.id, 3)], "the given-up record is gone");
    assert_eq!(
        history[0].template_id.as_deref(),
        Some(template.id.as_str()),
        "the history names the store's template"
    );

    // The store now has the version, with the three components in its template.
    let store = w.store();
    let app = store.app(&template.id).await.unwrap();
    assert_eq!(app.versions, ["1.0.0"]);
    let ram = store.version_template(&template.id, "1.0.0").await.unwrap();
    assert_eq!(ram["group_key"], template.id.as_str());
    assert_eq!(ram["apps"].as_array().map(Vec::len), Some(3));

    let pkg = NewPackage {
        name: "1.0.0".into(),
        version: "1.0.0".into(),
        description: "First".into(),
    };
    let created = store.create_package(&template.id, &pkg).await.unwrap();
    let renamed = NewPackage {
        description: "The first release".into(),
        ..pkg
    };
    let updated = store
        .update_package(&template.id, &created.id, &renamed)
        .await
        .unwrap();
    assert_eq!(store.packages(&template.id).await.unwrap(), [updated]);
    let listed = store.set_listed(&template.id, true).await.unwrap();
    assert!(listed.listed);
    assert!(!store.set_listed(&template.id, false).await.unwrap().listed);
    store
        .delete_package(&template.id, &created.id)
        .await
        .unwrap();
    store
        .delete_package(&template.id, &created.id)
        .await
        .unwrap();
    assert!(store.packages(&template.id).await.unwrap().is_empty());
}

#[tokio::test]
async fn a_share_given_up_is_gone() {
    let w = World::new().await;
    let console = w.bound_console().await;
    let record = console
        .start_share("demo-team", "local", 1, &store("SandboxStore"), None)
        .await
        .unwrap();
    console
        .give_up("demo-team", "local", record.id)
        .await
        .unwrap();
    let r = console
        .share_record("demo-team", "local", 1, record.id)
        .await
        .unwrap();
    assert_eq!(r, None, "a given-up record reads as bean: {{}}");
    let e = console
        .complete_share("demo-team", "local", record.id)
        .await
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::NotFound, "{e}");
    let e = console
        .give_up("demo-team", "local", record.id)
        .await
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::NotFound, "{e}");
}

#[tokio::test]
async fn refusals_in_the_body_and_the_region_are_read() {
    let w = World::new().await;
    let console = w.bound_console().await;
    // HTTP 200 with code 202: the team has no app 99.
    let e = console
        .start_share("demo-team", "local", 99, &store("SandboxStore"), None)
        .await
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::NotFound, "{e}");
    assert!(
        e.detail.contains("无权限") || e.detail.contains("not yours"),
        "{e}"
    );
    let e = console
        .start_share("demo-team", "elsewhere", 2, &store("SandboxStore"), None)
        .await
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::NotFound, "an unknown region: {e}");
}

#[tokio::test]
async fn templates_are_found_past_the_first_page() {
    let w = World::new().await;
    let console = w.bound_console().await;
    let eid = w.sandbox.demo.enterprise_id;
    for i in 0..23 {
        let name = format!("App{i:02}");
        let new = NewTemplate {
            name: &name,
            description: "",
            logo: "",
            tags: &[],
            introduction: "",
        };
        let (made, _) = console
            .create_template(eid, "SandboxStore", &new)
            .await
            .unwrap();
        assert_eq!(made.name, name);
    }
    let all = console.templates(eid, "SandboxStore").await.unwrap();
    assert_eq!(all.len(), 23, "three pages of ten");
    assert_eq!(all.last().map(|t| t.name.as_str()), Some("App22"));
    let shareable = console
        .shareable_templates("demo-team", "local", 2, "SandboxStore")
        .await
        .unwrap();
    assert_eq!(shareable.len(), 23);
}

fn store(name: &str) -> rbpub_core::Destination {
    rbpub_core::Destination::Store { name: name.into() }
}
