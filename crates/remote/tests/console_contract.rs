//! The console client against the replies `docs/console-api.md` (revised
//! 2026-11-29) describes, written out here, one test per call: a later change
//! of the sandbox cannot carry the client away from the real console.

#[path = "contract/replies.rs"]
#[allow(dead_code)]
mod replies;
#[path = "contract/stand_in.rs"]
mod stand_in;

use rbpub_core::online::BindableStore;
use rbpub_core::Sensitive;
use rbpub_remote::{ConsoleClient, ErrorKind, NewTemplate, Transport};
use replies::{bean, console, list, refusal, REGION, TEAM};
use serde_json::json;
use stand_in::StandInServer;

#[tokio::test]
async fn login_is_form_encoded_and_answers_a_token() {
    let server = StandInServer::start(vec![bean(json!({"token": "jwt-xyz"}))]).await;
    let mut client = ConsoleClient::new(Transport::new().unwrap(), &server.url);
    let token = client
        .login("demo", &Sensitive::new("pw".into()))
        .await
        .unwrap();
    assert_eq!(token.expose(), "jwt-xyz");
    let sent = server.one();
    assert_eq!(
        (sent.method.as_str(), sent.path.as_str()),
        ("POST", "/console/users/login")
    );
    assert!(sent
        .content_type
        .starts_with("application/x-www-form-urlencoded"));
    assert_eq!(sent.text(), "nick_name=demo&password=pw");
}

#[tokio::test]
async fn user_details_name_the_user_user_name() {
    let (server, client) = console(vec![bean(json!({
        "user_id": 1, "user_name": "demo", "real_name": "Demo", "email": "d@example.org", "phone": "",
        "enterprise_id": "eid-1", "is_enterprise_admin": true,
        "teams": [{"team_id": "t1", "team_name": "demo-team", "team_alias": "Demo",
                   "region": [{"team_region_name": "rainbond", "team_region_alias": "Rainbond"}]}]
    }))])
    .await;
    let me = client.account().await.unwrap();
    assert_eq!(
        (me.user.as_str(), me.enterprise_id.as_str()),
        ("demo", "eid-1")
    );
    assert_eq!(me.teams[0].regions, ["rainbond"]);
    let sent = server.one();
    assert_eq!(sent.path, "/console/users/details");
    assert_eq!(sent.authorization, "GRJWT tok-1");
}

#[tokio::test]
async fn a_lapsed_sign_in_is_not_a_refused_store_key() {
    let (_s, client) = console(vec![
        refusal(401, 401, "token expired", "登录已过期"),
        refusal(401, 10421, "no store auth token", "缺少云应用市场token"),
        refusal(
            403,
            10407,
            "no store permissions",
            "没有云应用商店操作权限,去认证",
        ),
    ])
    .await;
    let e = client.account().await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::ConsoleSignedOut);
    let e = client
        .bindable_stores(
            "eid-1",
            "https://hub.grapps.cn",
            &Sensitive::new("k".into()),
        )
        .await
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::StoreKeyRejected, "{e}");
    assert!(e.detail.contains("缺少云应用市场token"));
    let e = client.bound_stores("eid-1").await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::NoWritePermission);
}

#[tokio::test]
async fn running_apps_need_the_region() {
    let (server, client) = console(vec![list(
        json!([{"group_id": 7, "group_name": "gitea"}]),
        json!({"total": 1}),
    )])
    .await;
    let apps = client.running_apps(TEAM, REGION).await.unwrap();
    assert_eq!((apps[0].id, apps[0].name.as_str()), (7, "gitea"));
    let sent = server.one();
    assert_eq!(sent.path, "/console/teams/demo-team/groups");
    assert_eq!(sent.query("region_name"), Some(REGION));
}

#[tokio::test]
async fn bound_stores_tell_whether_they_take_a_publish() {
    let (server, client) = console(vec![list(
        json!([{"ID": 1, "name": "RainbondMarket", "url": "https://hub.grapps.cn", "domain": "rainbond",
                "type": "rainstore", "enterprise_id": "eid-1", "access_key": "k", "description": "",
                "alias": "Rainbond", "status": 1, "access_actions": ["Write"], "version": "1"}]),
        json!({}),
    )])
    .await;
    let stores = client.bound_stores("eid-1").await.unwrap();
    assert!(stores[0].can_publish());
    let sent = server.one();
    assert_eq!(sent.path, "/console/enterprise/eid-1/cloud/markets");
    assert_eq!(
        (sent.query("extend"), sent.query("for_publish")),
        (Some("true"), Some("true"))
    );
}

#[tokio::test]
async fn binding_sends_the_market_upsert() {
    let (server, client) = console(vec![
        list(
            json!([{"name": "好雨应用商店", "url": "https://hub.grapps.cn", "domain": "rainbond", "logo": "", "desc": ""}]),
            json!({}),
        ),
        bean(json!({})),
    ])
    .await;
    let key = Sensitive::new("key-1".to_owned());
    let offered = client
        .bindable_stores("eid-1", "https://hub.grapps.cn", &key)
        .await
        .unwrap();
    assert_eq!(offered[0].name, "好雨应用商店");
    let store = BindableStore {
        name: "a0123456789abcdef".into(),
        ..offered[0].clone()
    };
    client.bind_store("eid-1", &store, &key).await.unwrap();
    let seen = server.seen();
    assert_eq!(seen[0].query("market_url"), Some("https://hub.grapps.cn"));
    assert_eq!(seen[1].path, "/console/enterprise/eid-1/cloud/bind-markets");
    assert_eq!(
        seen[1].json(),
        json!({"markets": [{"name": "a0123456789abcdef", "url": "https://hub.grapps.cn", "domain": "rainbond",
                            "access_key": "key-1", "type": "rainstore"}]})
    );
}

#[tokio::test]
async fn templates_are_read_on_every_page_with_app_version() {
    let model = |id: &str, name: &str| {
        json!({"app_id": id, "app_name": name, "logo": "", "describe": "", "tags": [],
               "versions": [{"app_key_id": id, "app_version": "1.0.0", "app_version_alias": "stable",
                             "desc": "", "arch": "amd64", "is_plugin": false}]})
    };
    let (server, client) = console(vec![
        list(
            json!([model("a1", "One"), model("a2", "Two")]),
            json!({"page": 1, "page_size": 2, "total": 3}),
        ),
        list(
            json!([model("a3", "Three")]),
            json!({"page": 2, "page_size": 2, "total": 3}),
        ),
    ])
    .await;
    let all = client.templates("eid-1", "RainbondMarket").await.unwrap();
    let names: Vec<_> = all.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["One", "Two", "Three"]);
    assert_eq!(all[2].versions, ["1.0.0"]);
    let seen = server.seen();
    assert_eq!(seen.len(), 2);
    assert_eq!(
        seen[0].path,
        "/console/enterprise/eid-1/cloud/markets/RainbondMarket/app-models"
    );
    assert_eq!(
        (seen[0].query("page"), seen[1].query("page")),
        (Some("1"), Some("2"))
    );
}

#[tokio::test]
async fn a_created_template_is_known_by_app_key_id() {
    let (server, client) = console(vec![bean(json!({
        "app_key_id": "k-42", "name": "Gitea", "desc": "Git", "logo": "data:image/png;base64,AA==",
        "introduction": "# Gitea", "publish_type": "private", "tags": ["git"], "status": "0", "versions": []
    }))])
    .await;
    let tags = ["git".to_owned()];
    let new = NewTemplate {
        name: "Gitea",
        description: "Git",
        logo: "/media/uploads/logo.png",
        tags: &tags,
        introduction: "# Gitea",
    };
    let (made, logo) = client
        .create_template("eid-1", "RainbondMarket", &new)
        .await
        .unwrap();
    assert_eq!((made.id.as_str(), made.name.as_str()), ("k-42", "Gitea"));
    assert_eq!(
        logo, "data:image/png;base64,AA==",
        "the logo the store kept"
    );
    let sent = server.one();
    assert_eq!(
        sent.json(),
        json!({"name": "Gitea", "desc": "Git", "logo": "/media/uploads/logo.png", "publish_type": "private",
               "tags": ["git"], "introduction": "# Gitea"})
    );
}

#[tokio::test]
async fn a_logo_is_uploaded_as_the_file_field() {
    let (server, client) = console(vec![bean(json!({"file_url": "/media/uploads/ab.png"}))]).await;
    let url = client
        .upload_logo("logo.png", "image/png", b"\x89PNG".to_vec())
        .await
        .unwrap();
    assert_eq!(url, "/media/uploads/ab.png");
    let sent = server.one();
    assert_eq!(sent.path, "/console/files/upload");
    assert!(sent.content_type.starts_with("multipart/form-data"));
    assert!(sent.text().contains("name=\"file\"; filename=\"logo.png\""));
}

#[tokio::test]
async fn shared_apps_list_versions_as_version() {
    let (server, client) = console(vec![(
        200,
        json!({"code": 200, "msg": "get shared apps list complete", "msg_show": null,
               "data": {"bean": {}, "list": [{"app_name": "Gitea", "app_id": "k-42",
                        "versions": [{"version": "1.0.0", "describe": "", "version_alias": ""}],
                        "pic": "", "app_describe": "", "dev_status": "", "scope": "goodrain:private"}]}}),
    )])
    .await;
    let found = client
        .shareable_templates(TEAM, REGION, 7, "RainbondMarket")
        .await
        .unwrap();
    assert_eq!(
        (found[0].id.as_str(), found[0].versions.as_slice()),
        ("k-42", &["1.0.0".to_owned()][..])
    );
    let sent = server.one();
    assert_eq!(sent.path, "/console/teams/demo-team/groups/7/shared/apps");
    assert_eq!(
        (
            sent.query("scope"),
            sent.query("market_id"),
            sent.query("region_name")
        ),
        (Some("goodrain"), Some("RainbondMarket"), Some(REGION))
    );
}

#[tokio::test]
async fn names_stay_one_path_segment() {
    let (server, client) = console(vec![list(json!([]), json!({"total": 0}))]).await;
    client.running_apps("team/x y?z", REGION).await.unwrap();
    assert_eq!(server.one().path, "/console/teams/team%2Fx%20y%3Fz/groups");
}
