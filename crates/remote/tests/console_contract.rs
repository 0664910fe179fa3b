//! The console client against the replies `shared/design/rainbond-api.md` (revised
//! 2026-11-29) describes, written out here, one test per call: a later change
//! of the sandbox cannot carry the client away from the real console.

#[path = "contract/stand_in.rs"]
mod stand_in;

use std::time::Duration;

use rbpub_core::online::{BindableStore, PushEvent, PushStatus, ShareStatus};
use rbpub_core::Sensitive;
use rbpub_remote::{ConsoleClient, ErrorKind, NewTemplate, ShareVersion, Transport};
use serde_json::{json, Value};
use stand_in::StandInServer;

const TEAM: &str = "demo-team";
const REGION: &str = "rainbond";

/// The console's envelope around one object.
fn bean(bean: Value) -> (u16, Value) {
    (
        200,
        json!({"code": 200, "msg": "success", "msg_show": null, "data": {"bean": bean, "list": []}}),
    )
}

/// The console's envelope around a list, with extras beside it in `data`.
fn list(items: Value, extras: Value) -> (u16, Value) {
    let mut data = json!({"bean": {}, "list": items});
    for (k, v) in extras.as_object().cloned().unwrap_or_default() {
        data[k] = v;
    }
    (
        200,
        json!({"code": 200, "msg": "success", "msg_show": "获取成功", "data": data}),
    )
}

/// An error as the console's views and `ServiceHandleException` write it.
fn refusal(status: u16, code: u32, msg: &str, msg_show: &str) -> (u16, Value) {
    (
        status,
        json!({"code": code, "msg": msg, "msg_show": msg_show, "data": {"bean": {}, "list": []}}),
    )
}

async fn console(replies: Vec<(u16, Value)>) -> (StandInServer, ConsoleClient) {
    let server = StandInServer::start(replies).await;
    let http = Transport::new()
        .unwrap()
        .with_backoff(Duration::from_millis(5));
    let client = ConsoleClient::with_token(http, &server.url, &Sensitive::new("tok-1".into()));
    (server, client)
}

fn event(id: i64, name: &str) -> PushEvent {
    PushEvent {
        id,
        component: name.into(),
        plugin: false,
        status: PushStatus::NotStarted,
        reason: String::new(),
        elapsed_ms: None,
    }
}

fn version() -> ShareVersion {
    ShareVersion {
        template_id: "a1b2c3".into(),
        version: "1.0.0".into(),
        alias: "stable".into(),
        release_notes: "First".into(),
        store_name: "RainbondMarket".into(),
    }
}

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
    let made = client
        .create_template("eid-1", "RainbondMarket", &new)
        .await
        .unwrap();
    assert_eq!((made.id.as_str(), made.name.as_str()), ("k-42", "Gitea"));
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
async fn a_record_post_is_sent_once_and_its_id_is_id() {
    let (server, client) = console(vec![bean(json!({
        "ID": 31, "group_share_id": "0f3c", "group_id": "7", "team_name": "demo-team", "event_id": null,
        "share_version": null, "share_version_alias": null, "share_app_version_info": null,
        "is_success": false, "step": 1, "status": 0, "app_id": null, "scope": "goodrain",
        "share_app_market_name": "RainbondMarket", "create_time": "2026-11-29 10:00:00"
    }))])
    .await;
    let record = client
        .start_share(TEAM, REGION, 7, "RainbondMarket")
        .await
        .unwrap();
    assert_eq!(
        (record.id, record.step, record.status),
        (31, 1, ShareStatus::Publishing)
    );
    let sent = server.one();
    assert_eq!(sent.path, "/console/teams/demo-team/groups/7/share/record");
    assert_eq!(sent.query("region_name"), Some(REGION));
    assert_eq!(
        sent.json(),
        json!({"scope": "goodrain", "target": {"store_id": "RainbondMarket"}})
    );
}

#[tokio::test]
async fn a_record_post_that_fails_is_not_sent_again() {
    let (server, client) = console(vec![(502, json!("bad gateway"))]).await;
    let e = client
        .start_share(TEAM, REGION, 7, "RainbondMarket")
        .await
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::Server);
    server.one();
}

#[tokio::test]
async fn an_app_the_team_lacks_is_refused_in_the_body() {
    let (_s, client) = console(vec![(
        200,
        json!({"code": 202, "msg": "group is not yours!", "msg_show": "当前组已删除或您无权限查看!",
               "data": {"bean": {}, "list": []}}),
    )])
    .await;
    let e = client
        .start_share(TEAM, REGION, 99, "RainbondMarket")
        .await
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::NotFound);
    assert!(e.detail.contains("当前组已删除"), "{e}");
}

#[tokio::test]
async fn a_record_reads_as_record_id_or_as_gone() {
    let view = json!({"app_model_id": "k-42", "app_model_name": "Gitea", "version": "1.0.0",
                      "version_alias": "stable", "scope": "goodrain", "create_time": "2026-11-29 10:00:00",
                      "upgrade_time": null, "step": 2, "is_success": false, "status": 0,
                      "scope_target": {"store_name": "Rainbond", "store_id": "RainbondMarket", "store_version": "1.0"},
                      "record_id": 31});
    let (server, client) = console(vec![
        bean(view),
        (200, json!({"code": 200, "msg": "success", "msg_show": null, "data": {"bean": {}, "list": []}})),
    ])
    .await;
    let record = client
        .share_record(TEAM, REGION, 7, 31)
        .await
        .unwrap()
        .expect("a record");
    assert_eq!((record.id, record.step), (31, 2));
    assert_eq!(
        (record.version.as_deref(), record.template_id.as_deref()),
        (Some("1.0.0"), Some("k-42"))
    );
    assert_eq!(
        client.share_record(TEAM, REGION, 7, 32).await.unwrap(),
        None
    );
    let seen = server.seen();
    assert_eq!(
        seen[0].path,
        "/console/teams/demo-team/groups/7/share/record/31"
    );
    assert_eq!(seen[0].query("region_name"), Some(REGION));
}

#[tokio::test]
async fn the_record_history_counts_in_the_bean() {
    let (server, client) = console(vec![(
        200,
        json!({"code": 200, "msg": "success", "msg_show": "获取成功", "data": {"bean": {"total": 1}, "list": [
            {"app_model_id": "k-42", "app_model_name": "Gitea", "version": "1.0.0", "version_alias": "",
             "scope": "goodrain", "create_time": "2026-11-29 10:00:00", "upgrade_time": null, "step": 3,
             "is_success": true, "status": 1, "scope_target": {"store_name": "R", "store_id": "RainbondMarket"},
             "record_id": 30, "app_version_info": ""}]}}),
    )])
    .await;
    let records = client.share_records(TEAM, REGION, 7).await.unwrap();
    assert_eq!(records.len(), 1);
    assert!(records[0].is_complete());
    let sent = server.one();
    assert_eq!(sent.query("region_name"), Some(REGION));
}

#[tokio::test]
async fn the_plan_is_read_and_submitted_once() {
    let (server, client) = console(vec![
        bean(json!({"publish_mode": "runtime",
                    "share_service_list": [{"service_cname": "Gitea", "service_key": "gk"}],
                    "share_plugin_list": [], "share_k8s_resources": []})),
        (500, json!({"code": 500, "msg": "system error", "msg_show": "系统异常", "data": {"bean": {}, "list": []}})),
    ])
    .await;
    let plan = client.share_plan(TEAM, REGION, 31).await.unwrap();
    assert_eq!(plan.component_names(), ["Gitea"]);
    let e = client
        .submit_share(TEAM, REGION, 31, &version(), &plan)
        .await
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::Server);
    let seen = server.seen();
    assert_eq!(
        seen.len(),
        2,
        "a submit is not sent again on a 500: {seen:#?}"
    );
    assert_eq!(seen[1].path, "/console/teams/demo-team/share/31/info");
    assert_eq!(
        (
            seen[1].query("use_force"),
            seen[1].query("is_plugin"),
            seen[1].query("region_name")
        ),
        (Some("true"), Some("false"), Some(REGION))
    );
    let body = seen[1].json();
    assert_eq!(body["app_version_info"]["app_model_id"], "a1b2c3");
    assert_eq!(body["app_version_info"]["template_type"], "RAM");
    assert_eq!(body["share_service_list"][0]["service_key"], "gk");
}

#[tokio::test]
async fn events_are_listed_as_stored_or_missing() {
    let (server, client) = console(vec![
        bean(json!({"event_list": [
            {"ID": 5, "record_id": 31, "service_name": "Gitea", "service_id": "s1", "event_status": "start", "type": "service"},
            {"ID": 6, "record_id": 31, "service_name": "mesh", "event_status": "not_start", "type": "plugin"}],
            "is_compelte": false})),
        refusal(404, 404, "not exist", "分享事件不存在"),
    ])
    .await;
    let events = client.push_events(TEAM, REGION, 31).await.unwrap();
    assert_eq!(events[0].status, PushStatus::Pushing);
    assert!(events[1].plugin && events[1].status == PushStatus::NotStarted);
    assert!(
        client
            .push_events(TEAM, REGION, 31)
            .await
            .unwrap()
            .is_empty(),
        "404: no events"
    );
    assert_eq!(
        server.seen()[0].path,
        "/console/teams/demo-team/share/31/events"
    );
}

#[tokio::test]
async fn an_event_is_started_once_and_polled_on_its_own_url() {
    // The POST's and the one-event GET's replies are the event's columns, without `type`.
    let columns = |status: &str| {
        json!({"ID": 6, "record_id": 31, "region_share_id": "rs", "team_name": "demo-team", "service_key": "k",
               "service_id": "s", "service_alias": "gr1", "service_name": "mesh", "team_id": "t",
               "event_id": "ev", "event_status": status})
    };
    let (server, client) = console(vec![
        bean(columns("start")),
        bean(columns("success")),
        refusal(500, 500, "share failed", "数据中心分享错误"),
    ])
    .await;
    let plugin = PushEvent {
        plugin: true,
        ..event(6, "mesh")
    };
    let started = client.start_push(TEAM, REGION, 31, &plugin).await.unwrap();
    assert_eq!(started.status, PushStatus::Pushing);
    assert!(started.plugin, "the list's type is kept");
    let polled = client.push_event(TEAM, REGION, 31, &plugin).await.unwrap();
    assert_eq!(polled.status, PushStatus::Succeeded);
    let e = client
        .start_push(TEAM, REGION, 31, &event(5, "Gitea"))
        .await
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::Server);
    assert_eq!(e.detail, "数据中心分享错误");
    let seen = server.seen();
    assert_eq!(seen.len(), 3, "a refused start is not sent again");
    assert_eq!(
        (seen[0].method.as_str(), seen[0].path.as_str()),
        ("POST", "/console/teams/demo-team/share/31/events/6/plugin")
    );
    assert_eq!(
        (seen[1].method.as_str(), seen[1].path.as_str()),
        ("GET", "/console/teams/demo-team/share/31/events/6/plugin")
    );
    assert_eq!(seen[2].path, "/console/teams/demo-team/share/31/events/5");
    assert!(seen.iter().all(|s| s.query("region_name") == Some(REGION)));
}

#[tokio::test]
async fn complete_answers_415_before_and_400_after() {
    let (server, client) = console(vec![
        refusal(415, 415, "share complete can not do", "组件或插件同步未全部完成"),
        (200, json!({"code": 200, "msg": "share complete", "msg_show": "应用分享完成",
                     "data": {"bean": {"ID": 31, "step": 3, "status": 1, "is_success": true}, "list": [],
                              "app_market_url": "https://hub.grapps.cn/apps/k-42"}})),
        refusal(400, 400, "share record is complete", "分享流程已经完成，请重新进行分享"),
    ])
    .await;
    let e = client.complete_share(TEAM, REGION, 31).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::NotReady);
    let done = client.complete_share(TEAM, REGION, 31).await.unwrap();
    assert!(done.is_complete());
    let e = client.complete_share(TEAM, REGION, 31).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::Validation);
    let seen = server.seen();
    assert_eq!(seen.len(), 3);
    assert_eq!(seen[0].query("is_plugin"), Some("false"));
}

#[tokio::test]
async fn giving_up_deletes_and_a_second_time_is_404() {
    let (server, client) = console(vec![
        (200, json!({"code": 200, "msg": "delete success", "msg_show": "放弃成功", "data": {"bean": {}, "list": []}})),
        refusal(404, 404, "share record not found", "分享流程不存在，不能放弃"),
    ])
    .await;
    client.give_up(TEAM, REGION, 31).await.unwrap();
    let e = client.give_up(TEAM, REGION, 31).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::NotFound);
    let seen = server.seen();
    assert_eq!(
        (seen[0].method.as_str(), seen[0].path.as_str()),
        ("DELETE", "/console/teams/demo-team/share/31/giveup")
    );
}

#[tokio::test]
async fn names_stay_one_path_segment() {
    let (server, client) = console(vec![list(json!([]), json!({"total": 0}))]).await;
    client.running_apps("team/x y?z", REGION).await.unwrap();
    assert_eq!(server.one().path, "/console/teams/team%2Fx%20y%3Fz/groups");
}
