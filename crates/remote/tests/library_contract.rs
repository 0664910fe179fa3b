//! The console's own library against the replies `docs/console-api.md`
//! ("Publishing to the console's own library", revised 2026-12-03) describes:
//! app models listed and made (no id in the reply, "exists" as `msg` only),
//! hidden snapshot templates in the list, tags, a local record and submit with
//! no store anywhere, and the one-store view that tells an offline console.

#[path = "contract/replies.rs"]
#[allow(dead_code)]
mod replies;
#[path = "contract/stand_in.rs"]
mod stand_in;

use rbpub_core::{Destination, LibraryScope};
use rbpub_remote::{ErrorKind, NewAppModel, ShareVersion, StoreState};
use replies::{bean, console, list, refusal, REGION, TEAM};
use serde_json::{json, Value};

const EID: &str = "ent-1";

/// An item of the enterprise list: the model's columns plus `versions_info`.
fn model_item(
    app_id: &str,
    name: &str,
    scope: &str,
    team: &str,
    describe: &str,
    ingerit: bool,
) -> serde_json::Value {
    json!({"ID": 4, "app_id": app_id, "app_name": name, "create_user": 1, "create_team": team,
           "pic": "/data/media/logo.png", "source": "local", "dev_status": "", "scope": scope,
           "describe": describe, "is_ingerit": ingerit, "details": "", "enterprise_id": EID,
           "install_number": 0, "is_official": false, "is_version": true,
           "create_time": "2026-12-01 10:00:00", "update_time": "2026-12-01 10:00:00", "arch": ["amd64"],
           "versions_info": [{"is_complete": true, "version": "1.0.0", "version_alias": "stable",
                              "dev_status": "release", "arch": "amd64", "cpu": 0, "memory": 512}],
           "min_memory": 512})
}

#[tokio::test]
async fn models_are_listed_by_scope_and_team_with_hidden_templates_marked() {
    let hidden = model_item(
        "f".repeat(32).as_str(),
        "Gitea",
        "team",
        TEAM,
        "App version template for app 2",
        false,
    );
    let real = model_item(
        "a".repeat(32).as_str(),
        "Gitea",
        "team",
        TEAM,
        "Git service",
        true,
    );
    let (server, client) = console(vec![list(
        json!([hidden, real]),
        json!({"total": 2, "next_page": 2}),
    )])
    .await;
    let models = client
        .app_models(EID, LibraryScope::Team, TEAM, "Gitea")
        .await
        .unwrap();
    let sent = server.one();
    assert_eq!(sent.path, "/console/enterprise/ent-1/app-models");
    assert_eq!(sent.query("scope"), Some("team"));
    assert_eq!(sent.query("tenant_name"), Some(TEAM));
    assert_eq!(sent.query("app_name"), Some("Gitea"));
    assert_eq!(sent.query("is_complete"), Some("1"));
    assert_eq!(models.len(), 2);
    assert!(models[0].hidden, "the snapshot template is marked hidden");
    let target: Vec<_> = models
        .iter()
        .filter(|m| m.is_for("Gitea", LibraryScope::Team, TEAM))
        .collect();
    assert_eq!(target.len(), 1);
    assert_eq!(target[0].id, "a".repeat(32));
    let v = target[0].complete_version("1.0.0").unwrap();
    assert_eq!(
        (v.alias.as_str(), v.dev_status.as_str()),
        ("stable", "release")
    );
}

#[tokio::test]
async fn a_model_is_made_without_an_id_and_a_second_create_reads_as_exists() {
    let (server, client) = console(vec![
        bean(json!({})),
        // `msg` only: the console's UI shows `msg`.
        (400, json!({"code": 400, "msg": "创建失败：应用已存在", "msg_show": null, "data": {"bean": {}, "list": []}})),
    ])
    .await;
    let new = NewAppModel {
        name: "Gitea",
        describe: "Git service",
        details: "# Gitea",
        pic: "/data/media/logo.png",
        tag_ids: &[3, 7],
        scope: LibraryScope::Team,
        team: TEAM,
    };
    assert!(client.create_app_model(EID, &new).await.unwrap());
    assert!(
        !client.create_app_model(EID, &new).await.unwrap(),
        "exists is not a failure"
    );
    let sent = server.seen();
    assert_eq!(sent[0].path, "/console/enterprise/ent-1/app-models");
    assert_eq!(
        sent[0].json(),
        json!({"name": "Gitea", "describe": "Git service", "pic": "/data/media/logo.png", "details": "# Gitea",
               "dev_status": "", "tag_ids": [3, 7], "scope": "team", "create_team": TEAM})
    );
}

#[tokio::test]
async fn another_refusal_of_a_create_is_the_consoles_words() {
    let (_s, client) = console(vec![refusal(400, 400, "error params", "请填写应用名称")]).await;
    let new = NewAppModel {
        name: "",
        describe: "",
        details: "",
        pic: "",
        tag_ids: &[],
        scope: LibraryScope::Enterprise,
        team: TEAM,
    };
    let e = client.create_app_model(EID, &new).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::Validation);
    assert!(e.detail.contains("请填写应用名称"), "{e}");
}

#[tokio::test]
async fn tags_are_ids_and_a_made_tag_is_read_back_by_listing() {
    let (server, client) = console(vec![
        list(json!([{"name": "git", "tag_id": 3}]), json!({})),
        bean(json!({})),
        refusal(400, 400, "tag exists", "标签已存在"),
    ])
    .await;
    assert_eq!(
        client.app_tags(EID).await.unwrap(),
        vec![(3, "git".to_owned())]
    );
    assert!(client.create_app_tag(EID, "devops").await.unwrap());
    assert!(!client.create_app_tag(EID, "git").await.unwrap());
    let sent = server.seen();
    assert_eq!(sent[1].path, "/console/enterprise/ent-1/app-models/tag");
    assert_eq!(sent[1].json(), json!({"name": "devops"}));
}

#[tokio::test]
async fn a_local_record_names_its_scope_and_no_target() {
    let (server, client) = console(vec![bean(json!({
        "ID": 40, "group_share_id": "0f3c", "group_id": "7", "team_name": TEAM, "event_id": null,
        "share_version": null, "share_version_alias": null, "share_app_version_info": null,
        "is_success": false, "step": 1, "status": 0, "app_id": null, "scope": "team",
        "share_app_market_name": null, "create_time": "2026-12-01 10:00:00"
    }))])
    .await;
    let record = client
        .start_share(TEAM, REGION, 7, &Destination::TEAM, None)
        .await
        .unwrap();
    assert_eq!(record.destination, Some(Destination::TEAM));
    assert_eq!(server.one().json(), json!({"scope": "team"}));
}

#[tokio::test]
async fn a_local_submit_carries_no_store_anywhere() {
    let (server, client) = console(vec![bean(json!({}))]).await;
    let version = ShareVersion {
        template_id: "a".repeat(32),
        version: "1.0.0".into(),
        alias: "stable".into(),
        release_notes: "First".into(),
        to: Destination::ENTERPRISE,
    };
    client
        .submit_share(TEAM, REGION, 40, &version, None)
        .await
        .unwrap();
    let body = server.one().json();
    assert_eq!(
        body["app_version_info"],
        json!({"app_model_id": "a".repeat(32), "version": "1.0.0", "version_alias": "stable",
               "describe": "First", "template_type": "RAM"})
    );
    assert!(!body.to_string().contains("store_id") && !body.to_string().contains("market_id"));
}

#[tokio::test]
async fn a_local_record_reads_as_the_library_in_the_history() {
    let item = json!({"app_model_id": "a".repeat(32), "app_model_name": "Gitea", "version": "1.0.0",
        "version_alias": "stable", "scope": "enterprise", "create_time": "2026-12-01 10:00:00",
        "upgrade_time": null, "step": 2, "is_success": false, "status": 0,
        "scope_target": {"store_name": null, "store_id": null}, "record_id": 40, "app_version_info": "First"});
    let (_s, client) = console(vec![(
        200,
        json!({"code": 200, "msg": "success", "msg_show": "获取成功",
        "data": {"bean": {"total": 1}, "list": [item]}}),
    )])
    .await;
    let records = client.share_records(TEAM, REGION, 7).await.unwrap();
    assert_eq!(records[0].destination, Some(Destination::ENTERPRISE));
}

#[tokio::test]
async fn the_one_store_view_tells_offline_from_down() {
    // The view answers `general_message(200, "success", None, list=market)`
    // with `market` a dict: `data.list` is one object (service_share.py:751-756).
    let one = |market: Value| {
        (
            200,
            json!({"code": 200, "msg": "success", "msg_show": null,
                   "data": {"bean": {}, "list": market}}),
        )
    };
    let offline = one(
        json!({"ID": 1, "name": "RainbondMarket", "url": "https://hub.grapps.cn",
        "domain": "rainbond", "type": "rainstore", "access_key": "k", "status": 0, "access_actions": [],
        "alias": "RainbondMarket", "description": null, "version": "1.0"}),
    );
    let usable = one(
        json!({"ID": 1, "name": "RainbondMarket", "url": "https://hub.grapps.cn",
        "domain": "rainbond", "type": "rainstore", "access_key": "k", "status": 1,
        "access_actions": ["Write"], "alias": "好雨", "description": "", "version": "2.0"}),
    );
    let (server, client) = console(vec![
        offline,
        usable,
        refusal(400, 400, "market status abnormal", "应用商店状态异常"),
    ])
    .await;
    assert_eq!(
        client.store_state(EID, "RainbondMarket").await.unwrap(),
        StoreState::Offline
    );
    assert_eq!(
        client.store_state(EID, "RainbondMarket").await.unwrap(),
        StoreState::Usable
    );
    let e = client.store_state(EID, "RainbondMarket").await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::StoreUnavailable);
    let sent = server.seen();
    assert_eq!(
        sent[0].path,
        "/console/enterprise/ent-1/cloud/markets/RainbondMarket"
    );
    assert_eq!(sent[0].query("extend"), Some("true"));
}

/// docs/install-upgrade.md B1: the Release mark's PUT sends `dev_status`
/// explicitly (the view writes "" when it is missing) and nothing else, so the
/// alias and notes are kept; the reply's bean is the row, read for what the
/// console recorded; an unknown version is the console's 404 in its words.
#[tokio::test]
async fn the_release_mark_is_sent_explicitly_and_read_from_the_row() {
    let row = |status: &str| {
        bean(
            json!({"ID": 12, "app_id": "m1", "version": "1.0.0", "version_alias": "stable",
                    "app_version_info": "First", "dev_status": status, "release_user_id": 1,
                    "is_complete": true, "app_template": "{}"}),
        )
    };
    let (server, client) = console(vec![
        row("release"),
        row(""),
        refusal(404, 404, "can't get version", "应用下无该版本"),
    ])
    .await;
    let set = client
        .set_release_mark(EID, "m1", "1.0.0", true)
        .await
        .unwrap();
    assert_eq!(
        (set.version.as_str(), set.release, set.release_user_id),
        ("1.0.0", true, Some(1))
    );
    let cleared = client
        .set_release_mark(EID, "m1", "1.0.0", false)
        .await
        .unwrap();
    assert!(
        !cleared.release,
        "clearing keeps the old release user: {cleared:?}"
    );
    let e = client
        .set_release_mark(EID, "m1", "9.9.9", true)
        .await
        .unwrap_err();
    assert!(e.detail.contains("应用下无该版本"), "{e}");
    let sent = server.seen();
    assert_eq!(
        (sent[0].method.as_str(), sent[0].path.as_str()),
        (
            "PUT",
            "/console/enterprise/ent-1/app-model/m1/version/1.0.0"
        )
    );
    assert_eq!(sent[0].json(), json!({"dev_status": "release"}));
    assert_eq!(sent[1].json(), json!({"dev_status": ""}));
}
