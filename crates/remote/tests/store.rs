//! The store client against the sandbox's store, endpoint by endpoint.

mod common;

use common::World;
use rbpub_core::online::Capability;
use rbpub_core::Sensitive;
use rbpub_remote::{data_uri, AppInfo, ErrorKind, NewPackage, StoreClient};

fn app_info(name: &str) -> AppInfo {
    AppInfo {
        name: name.into(),
        description: "A self-hosted Git service".into(),
        introduction: "# Gitea\n\nInstall and go.".into(),
        logo: data_uri("image/png", b"\x89PNG\r\n\x1a\n fake but small"),
        publish_type: "private".into(),
        tags: vec!["git".into()],
    }
}

#[tokio::test]
async fn info_tells_a_writing_key_from_a_reading_one_and_a_wrong_one() {
    let w = World::new().await;
    assert!(w.store().is_store().await.unwrap());

    let info = w.store().info().await.unwrap();
    assert!(info.can_publish());
    assert!(info.offers(Capability::Account) && info.offers(Capability::Shelf));

    let reader = StoreClient::new(w.http.clone(), &w.sandbox.url(), "rainbond")
        .with_key(Sensitive::new(w.sandbox.demo.read_only_key.to_owned()));
    let info = reader.info().await.unwrap();
    assert!(info.usable && !info.can_publish(), "{info:?}");
    let refused = reader.create_app(&app_info("Nope")).await.unwrap_err();
    assert_eq!(refused.kind, ErrorKind::NoWritePermission, "{refused}");

    let wrong = StoreClient::new(w.http.clone(), &w.sandbox.url(), "rainbond")
        .with_key(Sensitive::new("sk-this-is-not-a-key".to_owned()));
    let e = wrong.info().await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::StoreKeyRejected);
    assert!(
        !e.to_string().contains("sk-this-is-not-a-key"),
        "the key leaked: {e}"
    );
    assert!(
        e.to_string().contains("GET /app-server/openapi/info"),
        "{e}"
    );

    let other_market =
        StoreClient::new(w.http.clone(), &w.sandbox.url(), "elsewhere").with_key(w.key());
    assert_eq!(
        other_market.info().await.unwrap_err().kind,
        ErrorKind::NotFound
    );
}

#[tokio::test]
async fn register_sign_in_and_edit_the_profile() {
    let w = World::new().await;
    let store = StoreClient::new(w.http.clone(), &w.sandbox.url(), "rainbond");
    let password = Sensitive::new("a-long-password".to_owned());

    let e = store
        .register("13911112222", &password, "000000", "Ada")
        .await
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::Validation);
    assert!(e.detail.contains("smsCode"), "{e}");

    let (key, profile) = store
        .register("13911112222", &password, "246810", "Ada")
        .await
        .unwrap();
    assert_eq!(profile.nickname, "Ada");
    let again = store
        .register("13911112222", &password, "246810", "Ada")
        .await
        .unwrap_err();
    assert!(again.detail.contains("sign in instead"), "{again}");

    let (same_key, _) = store.login("13911112222", &password).await.unwrap();
    assert_eq!(same_key.expose(), key.expose());
    let bad = store
        .login("13911112222", &Sensitive::new("wrong".to_owned()))
        .await
        .unwrap_err();
    assert_eq!(bad.kind, ErrorKind::StoreLoginFailed);

    let me = StoreClient::new(w.http.clone(), &w.sandbox.url(), "rainbond").with_key(key);
    assert!(me.info().await.unwrap().can_publish());
    let mut p = me.profile().await.unwrap();
    p.email = "not-an-address".into();
    let e = me.update_profile(&p).await.unwrap_err();
    assert!(
        e.kind == ErrorKind::Validation && e.detail.starts_with("email"),
        "{e}"
    );
    p.email = "ada@example.org".into();
    p.bio = "Maintains Gitea packages".into();
    let saved = me.update_profile(&p).await.unwrap();
    assert_eq!(me.profile().await.unwrap(), saved);
    assert_eq!(saved.bio, "Maintains Gitea packages");
}

#[tokio::test]
async fn apps_packages_and_the_shelf() {
    let w = World::new().await;
    let store = w.store();
    let app = store.create_app(&app_info("Gitea")).await.unwrap();
    assert!(
        app.logo_url.starts_with(&w.sandbox.url()),
        "{}",
        app.logo_url
    );
    assert!(!app.listed);

    // Keeping the logo: send back the URL the store gave; nothing new is uploaded.
    let before = w.sandbox.stats().await.unwrap().image_bytes;
    let info = AppInfo {
        description: "Git with a cup of tea".into(),
        logo: app.logo_url.clone(),
        ..app_info("Gitea")
    };
    let updated = store.update_app(&app.id, &info).await.unwrap();
    assert_eq!(updated.description, "Git with a cup of tea");
    assert_eq!(updated.logo_url, app.logo_url);
    assert_eq!(w.sandbox.stats().await.unwrap().image_bytes, before);
    assert_eq!(store.apps("git").await.unwrap().len(), 1);
    assert_eq!(store.app(&app.id).await.unwrap(), updated);

    let e = store
        .update_app(
            &app.id,
            &AppInfo {
                name: String::new(),
                ..info.clone()
            },
        )
        .await
        .unwrap_err();
    assert!(
        e.kind == ErrorKind::Validation && e.detail.starts_with("name"),
        "{e}"
    );
    let e = store.app("no-such-app").await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::NotFound);

    // A package needs a published version; listing needs a package.
    let e = store.set_listed(&app.id, true).await.unwrap_err();
    assert!(e.detail.contains("package"), "{e}");
    let pkg = NewPackage {
        name: "1.0.0".into(),
        version: "1.0.0".into(),
        description: "first".into(),
    };
    let e = store.create_package(&app.id, &pkg).await.unwrap_err();
    assert!(e.detail.starts_with("version"), "{e}");
}

#[tokio::test]
async fn a_store_on_the_internet_cannot_make_this_machine_fetch_from_its_own_network() {
    // Nothing listens at either address: the refusal comes before any connection.
    let store = rbpub_remote::StoreClient::new(
        rbpub_remote::Transport::new().unwrap(),
        "http://203.0.113.5",
        "rainbond",
    );
    for url in [
        "http://127.0.0.1:9/logo.png",
        "http://169.254.169.254/latest/meta-data/",
    ] {
        let e = store.download(url).await.unwrap_err();
        assert_eq!(e.kind, rbpub_remote::ErrorKind::Validation, "{e}");
        assert!(
            e.detail
                .contains("an address of this machine or its private network"),
            "{e}"
        );
    }
}
