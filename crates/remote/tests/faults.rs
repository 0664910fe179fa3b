//! The clients under the sandbox's injected faults: 500s, dropped connections,
//! malformed JSON, a dead network. Repeatable calls are retried; the others
//! fail with an error that says what happened, and are never sent twice.

mod common;

use common::World;
use rbpub_remote::{data_uri, AppInfo, ErrorKind};
use rbpub_sandbox::FaultSettings;

fn info() -> AppInfo {
    AppInfo {
        name: "Gitea".into(),
        description: "Git".into(),
        introduction: "# Gitea".into(),
        logo: data_uri("image/png", b"png"),
        publish_type: "private".into(),
        tags: vec![],
    }
}

#[tokio::test]
async fn reads_are_retried_through_500s_drops_and_garbage() {
    let w = World::new().await;
    let store = w.store();
    for faults in [
        FaultSettings {
            error_rate: 0.5,
            ..Default::default()
        },
        FaultSettings {
            drop_rate: 0.5,
            ..Default::default()
        },
        FaultSettings {
            garbage_rate: 0.5,
            ..Default::default()
        },
    ] {
        w.sandbox.set_faults(faults.clone());
        let before = w.sandbox.stats().await.unwrap().requests;
        assert!(store.info().await.unwrap().can_publish(), "{faults:?}");
        assert_eq!(
            w.sandbox.stats().await.unwrap().requests - before,
            2,
            "one failure, one retry: {faults:?}"
        );
    }
    w.sandbox.set_faults(FaultSettings {
        error_rate: 1.0,
        ..Default::default()
    });
    let e = store.info().await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::Server);
    assert!(e.is_transient());
}

#[tokio::test]
async fn a_create_is_sent_once_and_fails_clearly() {
    let w = World::new().await;
    let store = w.store();

    w.sandbox.set_faults(FaultSettings {
        error_rate: 1.0,
        ..Default::default()
    });
    let e = store.create_app(&info()).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::Server);
    assert!(
        e.to_string().contains("POST /app-server/openapi/apps"),
        "{e}"
    );

    // The answer is lost after the store acted: the client must not send it again.
    w.sandbox.set_faults(FaultSettings {
        drop_rate: 1.0,
        ..Default::default()
    });
    let before = w.sandbox.stats().await.unwrap().requests;
    let e = store.create_app(&info()).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::Network, "{e}");
    assert!(e.is_transient());
    assert_eq!(
        w.sandbox.stats().await.unwrap().requests - before,
        1,
        "sent exactly once"
    );
    assert_eq!(w.sandbox.stats().await.unwrap().store_apps, 1);

    w.sandbox.set_faults(FaultSettings {
        garbage_rate: 1.0,
        ..Default::default()
    });
    let e = store.create_app(&info()).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::Malformed, "{e}");

    w.sandbox.set_faults(FaultSettings {
        offline: true,
        ..Default::default()
    });
    let e = store.create_app(&info()).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::Network, "{e}");
    assert_eq!(
        w.sandbox.stats().await.unwrap().store_apps,
        2,
        "offline: nothing reached the store"
    );
}

#[tokio::test]
async fn a_dead_server_is_a_network_error() {
    let w = World::new().await;
    let url = w.sandbox.url();
    drop(w.sandbox);
    let store = rbpub_remote::StoreClient::new(w.http.clone(), &url, "rainbond");
    let e = store.is_store().await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::Network, "{e}");
    assert!(e.detail.contains("connect"), "{e}");
}
