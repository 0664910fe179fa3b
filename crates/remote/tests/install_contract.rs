//! Installing, upgrading and deleting, against the replies
//! `docs/install-upgrade.md` (read 2026-12-07) describes,
//! written out here: what the install sends (JSON booleans, never `dry_run`),
//! an install's id as the string the console writes, a component gone as 404,
//! and the delete that removes components (`/handle`).

#[path = "contract/replies.rs"]
#[allow(dead_code)]
mod replies;
#[path = "contract/stand_in.rs"]
mod stand_in;

use rbpub_remote::InstallFrom;
use replies::{bean, console, list, refusal, REGION, TEAM};
use serde_json::json;

#[tokio::test]
async fn an_install_sends_json_booleans_and_no_dry_run_and_answers_no_ids() {
    let (server, client) = console(vec![(
        200,
        json!({"code": 200, "msg": "success", "msg_show": "创建成功", "data": {"bean": {}, "list": []}}),
    )])
    .await;
    let from = InstallFrom::Library {
        model: "a".repeat(32),
    };
    client
        .install(TEAM, REGION, 41, &from, "1.0.0")
        .await
        .unwrap();
    let sent = server.one();
    assert_eq!(sent.method, "POST");
    assert_eq!(sent.path, "/console/teams/demo-team/apps/market_create");
    assert_eq!(sent.query("region_name"), Some(REGION));
    let body = sent.json();
    assert_eq!(
        body["install_from_cloud"],
        json!(false),
        "a JSON boolean, not \"false\""
    );
    assert_eq!(body["group_id"], 41);
    assert_eq!(body["app_version"], "1.0.0");
    assert!(
        body.get("dry_run").is_none(),
        "dry_run installs into another app"
    );
}

#[tokio::test]
async fn an_apps_installs_are_read_with_their_id_written_as_text() {
    let item = json!({"group_key": "m1", "upgrade_group_id": "17", "group_name": "Gitea", "app_model_name": "Gitea",
        "app_model_id": "m1", "share_user": 1, "share_team": "demo-team", "tenant_service_group_id": "m1",
        "pic": "", "source": "local", "market_name": "", "describe": "", "enterprise_id": "e", "is_official": false,
        "details": "", "current_version": "1.0.0", "can_upgrade": true, "upgrade_versions": ["1.1.0"],
        "not_upgrade_record_id": null, "not_upgrade_record_status": null, "is_gray_release": false});
    let (_s, client) = console(vec![list(json!([item]), json!({}))]).await;
    let installs = client.installs(TEAM, REGION, 41).await.unwrap();
    assert_eq!(installs[0].upgrade_group_id, 17);
    assert_eq!(installs[0].upgrade_versions, ["1.1.0"]);
}

#[tokio::test]
async fn a_component_gone_reads_as_none_and_the_delete_takes_the_components() {
    let (server, client) = console(vec![
        refusal(404, 404, "service not found", "组件不存在"),
        bean(json!({"check_uuid": "", "status": "running", "status_cn": "运行中"})),
        (200, json!({"code": 200, "msg": "success", "msg_show": "删除成功", "data": {"bean": {}, "list": []}})),
    ])
    .await;
    assert_eq!(
        client
            .component_status(TEAM, REGION, "gr12ab34")
            .await
            .unwrap(),
        None
    );
    assert_eq!(
        client
            .component_status(TEAM, REGION, "gr56cd78")
            .await
            .unwrap()
            .as_deref(),
        Some("running")
    );
    client
        .delete_app_and_components(TEAM, REGION, 41)
        .await
        .unwrap();
    let sent = server.seen();
    assert_eq!(sent[2].method, "DELETE");
    assert_eq!(
        sent[2].path, "/console/teams/demo-team/groups/41/handle",
        "not the plain delete, which leaves the components"
    );
}

#[tokio::test]
async fn another_teams_app_answers_200_with_code_202() {
    let (_s, client) = console(vec![(
        200,
        json!({"code": 202, "msg": "group is not yours!", "msg_show": "当前组已删除或您无权限查看！", "data": {"bean": {}, "list": []}}),
    )])
    .await;
    let e = client.app_components(TEAM, REGION, 99).await.unwrap_err();
    assert_eq!(e.kind, rbpub_remote::ErrorKind::NotFound);
}
