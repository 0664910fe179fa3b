//! The share flow's calls against the replies `docs/console-api.md`
//! (revised 2026-12-03) describes, written out here: the record and its
//! history's paging, the plan and its modes, components' and plugins' events,
//! the console's refusals and edges, snapshots and the topology. A later change
//! of the sandbox cannot carry the client away from the real console.

#[path = "contract/replies.rs"]
#[allow(dead_code)]
mod replies;
#[path = "contract/stand_in.rs"]
mod stand_in;

use rbpub_core::online::{PushEvent, PushStatus, ShareStatus};
use rbpub_core::share::{OmissionReason, PublishMode};
use rbpub_remote::{ErrorKind, NewSnapshot, SnapshotRef};
use replies::{bean, console, event, refusal, version, REGION, TEAM};
use serde_json::{json, Value};

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
        .start_share(TEAM, REGION, 7, &store("RainbondMarket"), None)
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
        .start_share(TEAM, REGION, 7, &store("RainbondMarket"), None)
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
        .start_share(TEAM, REGION, 99, &store("RainbondMarket"), None)
        .await
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::NotFound);
    assert!(e.detail.contains("当前组已删除"), "{e}");
}

#[tokio::test]
async fn a_record_reads_as_record_id_or_as_gone() {
    // A store's template is not a local app model: the view names none.
    let view = json!({"app_model_id": null, "app_model_name": null, "version": "1.0.0",
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
        (Some("1.0.0"), None)
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
    assert_eq!(
        (sent.query("page"), sent.query("page_size")),
        (Some("1"), Some("50"))
    );
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
        .submit_share(TEAM, REGION, 31, &version(), Some(&plan))
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
            {"ID": 5, "record_id": 31, "region_share_id": null, "team_id": "t", "team_name": "demo-team",
             "plugin_id": "p1", "plugin_name": "mesh", "event_id": null, "event_status": "not_start",
             "create_time": "2026-11-29 10:00:00", "update_time": "2026-11-29 10:00:00", "type": "plugin"}],
            "is_compelte": false})),
        refusal(404, 404, "not exist", "分享事件不存在"),
    ])
    .await;
    let events = client.push_events(TEAM, REGION, 31).await.unwrap();
    assert_eq!(events[0].status, PushStatus::Pushing);
    assert!(events[1].plugin && events[1].status == PushStatus::NotStarted);
    assert_eq!(
        events[1].component, "mesh",
        "a plugin is named by plugin_name"
    );
    assert_ne!(events[0].key(), events[1].key(), "the same id, two events");
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
        json!({"ID": 6, "record_id": 31, "region_share_id": "rs", "team_id": "t", "team_name": "demo-team",
               "plugin_id": "p1", "plugin_name": "mesh", "event_id": "ev", "event_status": status,
               "create_time": "2026-11-29 10:00:00", "update_time": "2026-11-29 10:00:05"})
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
    assert_eq!(started.component, "mesh");
    let polled = client.push_event(TEAM, REGION, 31, &plugin).await.unwrap();
    assert_eq!(polled.status, PushStatus::Succeeded);
    let e = client
        .start_push(TEAM, REGION, 31, &event(5, "Gitea"))
        .await
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::PushRefused);
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

/// A page of the history as the console writes it: `total` less what this page skipped.
fn history_page(records: Value, total: usize) -> (u16, Value) {
    (
        200,
        json!({"code": 200, "msg": "success", "msg_show": "获取成功",
               "data": {"bean": {"total": total}, "list": records}}),
    )
}

fn history_item(id: i64, version: &str, status: i64) -> Value {
    json!({"app_model_id": "k-42", "app_model_name": "Gitea", "version": version, "version_alias": "",
           "scope": "goodrain", "create_time": "2026-11-29 10:00:00", "upgrade_time": null, "step": 2,
           "is_success": false, "status": status, "scope_target": {"store_name": "R", "store_id": "RainbondMarket"},
           "record_id": id, "app_version_info": ""})
}

#[tokio::test]
async fn the_history_is_paged_by_its_per_page_total_and_never_past_the_end() {
    // 120 records in pages of 50; each page skips some unfinished ones, so each
    // page is short and its `total` is 120 less what it skipped.
    let page = |first: i64, shown: usize, skipped: usize| {
        let items: Vec<Value> = (0..shown as i64)
            .map(|i| history_item(first + i, "1.0.0", 0))
            .collect();
        history_page(Value::Array(items), 120 - skipped)
    };
    let (server, client) = console(vec![page(1, 47, 3), page(51, 49, 1), page(101, 18, 2)]).await;
    let records = client.share_records(TEAM, REGION, 7).await.unwrap();
    assert_eq!(records.len(), 47 + 49 + 18);
    let pages: Vec<_> = server
        .seen()
        .iter()
        .map(|s| s.query("page").unwrap().to_owned())
        .collect();
    assert_eq!(
        pages,
        ["1", "2", "3"],
        "a fourth page would be the console's 500"
    );
}

#[tokio::test]
async fn a_plan_says_its_mode_and_who_needs_each_plugin() {
    let (_s, client) = console(vec![bean(json!({"publish_mode": "runtime",
        "share_service_list": [
            {"service_id": "s1", "service_cname": "Halo", "service_key": "s1",
             "service_related_plugin_config": [{"service_id": "s1", "plugin_id": "p-log", "build_version": "1"}]},
            {"service_id": "s2", "service_cname": "Redis", "service_key": "s2", "service_related_plugin_config": []}],
        "share_plugin_list": [
            {"ID": 1, "plugin_id": "p-log", "plugin_name": "gr-log", "plugin_alias": "Log Collector",
             "category": "analyst-plugin:perf", "build_version": "1", "origin_share_id": "new_create",
             "username": "", "password": ""},
            {"ID": 2, "plugin_id": "p-exp", "plugin_name": "gr-exporter", "plugin_alias": "Search Exporter",
             "category": "analyst-plugin:perf", "build_version": "2", "origin_share_id": "new_create",
             "username": "", "password": ""}],
        "share_k8s_resources": []}))])
    .await;
    let plan = client.share_plan(TEAM, REGION, 31).await.unwrap();
    assert_eq!(plan.mode, PublishMode::Runtime);
    let plugins = plan.plugins();
    assert_eq!(plugins[0].required_by, ["Halo"]);
    assert!(plugins[1].required_by.is_empty());
    assert_eq!(plan.image_count(), 4);
    // Choosing none keeps the one a shared component uses.
    let none = plan.clone().with_plugins(Some(&[]));
    assert_eq!(
        none.plugins()
            .iter()
            .map(|p| p.name.as_str())
            .collect::<Vec<_>>(),
        ["Log Collector"]
    );
    assert_eq!(none.image_count(), 3);
    // Chosen by name or id: kept as the console gave it.
    let chosen = plan
        .clone()
        .with_plugins(Some(&["Search Exporter".to_owned()]));
    assert_eq!(chosen.plugins.len(), 2);
    assert_eq!(chosen.plugins[1]["origin_share_id"], "new_create");
}

#[tokio::test]
async fn a_snapshot_record_and_submit_carry_only_what_the_page_says() {
    let x = SnapshotRef {
        template_id: "hidden-7".into(),
        version: "1.2.0".into(),
    };
    let (server, client) = console(vec![
        bean(json!({"ID": 40, "group_share_id": "0f3d", "group_id": "7", "team_name": "demo-team",
                    "event_id": null, "share_version": "1.2.0", "share_version_alias": null,
                    "share_app_version_info": null, "is_success": false, "step": 1, "status": 0,
                    "app_id": "hidden-7", "scope": "goodrain", "share_app_market_name": "RainbondMarket"})),
        bean(json!({"publish_mode": "snapshot", "share_service_list": [{"service_cname": "Halo"}],
                    "share_plugin_list": [{"plugin_id": "p-log", "plugin_alias": "Log Collector",
                                           "plugin_key": "p-log", "config_groups": []}],
                    "share_k8s_resources": []})),
        bean(json!({"ID": 40, "step": 2, "status": 0})),
    ])
    .await;
    let record = client
        .start_share(TEAM, REGION, 7, &store("RainbondMarket"), Some(&x))
        .await
        .unwrap();
    assert_eq!(
        (record.version.as_deref(), record.template_id.as_deref()),
        (Some("1.2.0"), Some("hidden-7"))
    );
    let plan = client.share_plan(TEAM, REGION, 40).await.unwrap();
    assert_eq!(plan.mode, PublishMode::Snapshot);
    client
        .submit_share(TEAM, REGION, 40, &version(), None)
        .await
        .unwrap();
    let seen = server.seen();
    assert_eq!(
        seen[0].json(),
        json!({"scope": "goodrain", "target": {"store_id": "RainbondMarket"},
               "snapshot_app_id": "hidden-7", "snapshot_version": "1.2.0"}),
        "no snapshot_mode"
    );
    let body = seen[2].json();
    assert_eq!(
        body["app_version_info"]["app_model_id"], "a1b2c3",
        "the target, not the hidden template"
    );
    assert_eq!(body["app_version_info"]["template_type"], "RAM");
    for list in [
        "share_service_list",
        "share_plugin_list",
        "share_k8s_resources",
    ] {
        assert!(body.get(list).is_none(), "{list} left out: {body}");
    }
}

#[tokio::test]
async fn the_consoles_refusals_are_told_apart() {
    let (_s, client) = console(vec![
        refusal(400, 400, "market status abnormal", "应用商店状态异常"),
        refusal(404, 404, "market not found", "应用商店不存在"),
        refusal(409, 409, "too frequent", "操作过于频繁，请稍后再试"),
        refusal(
            500,
            500,
            "vm disk export not ready",
            "虚拟机系统盘导出未就绪，请稍后重试",
        ),
        refusal(400, 400, "sync share event", "插件不存在无需发布"),
        refusal(400, 400, "request failed", "请求失败，请检查网络和配置"),
        refusal(
            500,
            10401,
            "'NoneType' object has no attribute 'app_template'",
            "Traceback (most recent call last):\n  ...\nAttributeError",
        ),
    ])
    .await;
    let e = client.share_record(TEAM, REGION, 7, 31).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::StoreUnavailable, "{e}");
    assert!(e.is_transient());
    let e = client.share_record(TEAM, REGION, 7, 31).await.unwrap_err();
    assert_eq!(
        e.kind,
        ErrorKind::NotFound,
        "the store is no longer bound: {e}"
    );
    let e = client
        .start_push(TEAM, REGION, 31, &event(5, "Halo"))
        .await
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::Busy, "{e}");
    let e = client
        .start_push(TEAM, REGION, 31, &event(5, "Halo"))
        .await
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::Busy, "a VM's disk export: {e}");
    let plugin = PushEvent {
        plugin: true,
        ..event(5, "Log Collector")
    };
    let e = client
        .start_push(TEAM, REGION, 31, &plugin)
        .await
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::StaleShare, "{e}");
    let e = client.complete_share(TEAM, REGION, 31).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::StoreUnavailable, "{e}");
    let e = client.complete_share(TEAM, REGION, 31).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::Server, "{e}");
}

#[tokio::test]
async fn snapshots_are_listed_made_and_missing_on_an_older_console() {
    let item = |id: i64, version: &str| {
        json!({"version_id": id, "version": version, "version_alias": "spring", "app_version_info": "notes",
               "create_time": "2026-12-01 09:00:00", "update_time": "2026-12-01 09:00:00", "group_id": 7,
               "app_model_id": "hidden-7", "template_type": "application_version", "arch": "amd64",
               "diff_summary": {"has_changes": true, "added_count": 1, "removed_count": 0, "updated_count": 1,
                                "added_components": ["Redis"], "removed_components": [],
                                "updated_components": ["Halo"]},
               "can_rollback": true, "rollback_disabled_reason": ""})
    };
    let mut same = item(3, "1.1.0");
    same["created"] = json!(false);
    same["change_summary"] = json!({"has_changes": false});
    let mut made = item(4, "1.2.0");
    made["created"] = json!(true);
    let (server, client) = console(vec![
        (
            200,
            json!({"code": 200, "msg": "success", "msg_show": null,
                     "data": {"bean": {"has_template": true}, "list": [item(3, "1.1.0")]}}),
        ),
        (
            200,
            json!({"code": 200, "msg": "success", "msg_show": "当前没有新的变更，无需创建快照",
                     "data": {"bean": same, "list": []}}),
        ),
        (
            200,
            json!({"code": 200, "msg": "success", "msg_show": "创建快照成功",
                     "data": {"bean": made, "list": []}}),
        ),
        refusal(400, 400, "snapshot version exists", "版本号已存在"),
        (404, json!("Not Found")),
    ])
    .await;
    let listed = client.snapshots(TEAM, REGION, 7).await.unwrap();
    assert_eq!(
        (listed[0].version.as_str(), listed[0].template_id.as_str()),
        ("1.1.0", "hidden-7")
    );
    assert_eq!(listed[0].changes.updated, ["Halo"]);
    let new = NewSnapshot {
        version: "1.2.0",
        alias: "",
        notes: "",
    };
    let nothing = client.create_snapshot(TEAM, REGION, 7, &new).await.unwrap();
    assert!(!nothing.created);
    assert_eq!(nothing.snapshot.version, "1.1.0");
    let made = client.create_snapshot(TEAM, REGION, 7, &new).await.unwrap();
    assert!(made.created);
    let e = client
        .create_snapshot(TEAM, REGION, 7, &new)
        .await
        .unwrap_err();
    assert_eq!(
        (e.kind, e.detail.as_str()),
        (ErrorKind::Validation, "版本号已存在")
    );
    let e = client.snapshots(TEAM, REGION, 7).await.unwrap_err();
    assert_eq!(
        e.kind,
        ErrorKind::Unsupported,
        "Django's bare 404: no such view"
    );
    let seen = server.seen();
    assert_eq!(
        seen[0].path,
        "/console/teams/demo-team/groups/7/app-versions"
    );
    assert_eq!(seen[1].method, "POST");
    assert_eq!(
        seen[1].json()["version"],
        "1.2.0",
        "always an explicit version"
    );
}

#[tokio::test]
async fn the_topology_names_components_and_dependencies_outside_the_plan() {
    let (server, client) = console(vec![bean(json!({
        "json_data": {
            "h": {"service_id": "h", "service_cname": "Halo", "service_alias": "gr1", "service_source": "docker_image",
                  "app_id": 3, "app_name": "halo", "cur_status": "running"},
            "m": {"service_id": "m", "service_cname": "Meilisearch", "service_alias": "gr2",
                  "service_source": "docker_image", "app_id": 3, "app_name": "halo", "cur_status": "undeploy"},
            "t": {"service_id": "t", "service_cname": "SMTP", "service_alias": "gr3", "service_source": "third_party",
                  "app_id": 3, "app_name": "halo", "cur_status": "third_party"},
            "db": {"service_id": "db", "service_cname": "MySQL", "service_alias": "gr4",
                   "service_source": "docker_image", "app_id": 1, "app_name": "wordpress", "cur_status": "running"},
            "op": {"service_id": "op", "service_cname": "operator-thing", "service_alias": "operator-thing",
                   "cur_status": "operator", "kind": "Deployment"}},
        "json_svg": {"h": ["db", "m", null], "m": [], "t": [], "db": []}}))])
    .await;
    let topology = client.app_topology(TEAM, REGION, 3).await.unwrap();
    let planned = [rbpub_core::share::PlannedComponent {
        id: "h".into(),
        name: "Halo".into(),
    }];
    let o = rbpub_core::share::omissions(3, &planned, &topology);
    let reasons: Vec<_> = o
        .components
        .iter()
        .map(|c| (c.name.as_str(), c.reason))
        .collect();
    assert_eq!(
        reasons,
        [
            ("Meilisearch", OmissionReason::NotDeployed),
            ("SMTP", OmissionReason::ThirdParty)
        ]
    );
    assert_eq!(o.dependencies.len(), 2);
    assert_eq!(o.dependencies[0].other_app.as_deref(), Some("wordpress"));
    let sent = server.one();
    assert_eq!(
        sent.path,
        "/console/teams/demo-team/regions/rainbond/topological"
    );
    assert_eq!(sent.query("group_id"), Some("3"));
}

fn store(name: &str) -> rbpub_core::Destination {
    rbpub_core::Destination::Store { name: name.into() }
}
