//! An app's snapshots, as the console keeps them: version rows of a hidden
//! per-app template [console/views/app_version.py; console/services/
//! app_version_service.py: create_snapshot, _serialize_version,
//! _summarize_diff, _next_version]. A share record that names a snapshot
//! (`snapshot_app_id`, `snapshot_version`) publishes it instead of the app as
//! it runs now.

use std::collections::{BTreeMap, HashSet};

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};
use sqlx::FromRow;

use crate::console::ConsoleUser;
use crate::region::Region;
use crate::reply::{bean_with, now_ms, ConsoleError};
use crate::running::{app_template, plan_plugins, plan_services, snapshot_plugins};
use crate::AppState;

type Result<T, E = ConsoleError> = std::result::Result<T, E>;

pub fn routes() -> Router<AppState> {
    let versions = "/console/teams/{team}/groups/{group_id}/app-versions";
    Router::new()
        .route(versions, get(list).post(create))
        .route(&format!("{versions}/overview"), get(overview))
        .route(
            &format!("{versions}/{{version_id}}"),
            get(detail).delete(delete),
        )
}

#[derive(FromRow)]
pub(crate) struct SnapshotRow {
    id: i64,
    group_id: i64,
    pub(crate) app_model_id: String,
    pub(crate) version: String,
    version_alias: String,
    app_version_info: String,
    pub(crate) template: String,
    diff_summary: String,
    create_time: i64,
}

/// The snapshot a share record names, if it is one: what makes the record's
/// `publish_mode` "snapshot".
pub(crate) async fn named(
    s: &AppState,
    app_model_id: &str,
    version: &str,
) -> Result<Option<SnapshotRow>> {
    Ok(
        sqlx::query_as("SELECT * FROM snapshots WHERE app_model_id = ? AND version = ?")
            .bind(app_model_id)
            .bind(version)
            .fetch_optional(&s.db)
            .await?,
    )
}

fn time(ms: i64) -> String {
    // The console prints `%Y-%m-%d %H:%M:%S`.
    crate::reply::timestamp(ms)
        .replace('T', " ")
        .trim_end_matches('Z')
        .to_owned()
}

fn serialize(r: &SnapshotRow) -> Value {
    json!({"version_id": r.id, "version": r.version, "version_alias": r.version_alias,
           "app_version_info": r.app_version_info, "create_time": time(r.create_time),
           "update_time": time(r.create_time), "group_id": r.group_id, "app_model_id": r.app_model_id,
           "template_type": "application_version", "arch": "amd64",
           "diff_summary": serde_json::from_str::<Value>(&r.diff_summary).unwrap_or_default(),
           "can_rollback": true, "rollback_disabled_reason": ""})
}

/// The app's snapshots, newest first.
async fn rows(s: &AppState, group_id: i64) -> Result<Vec<SnapshotRow>> {
    Ok(sqlx::query_as(
        "SELECT * FROM snapshots WHERE group_id = ? ORDER BY create_time DESC, id DESC",
    )
    .bind(group_id)
    .fetch_all(&s.db)
    .await?)
}

/// The running app, or 404 "应用不存在" when it is not this team's.
async fn app(s: &AppState, team: &str, group_id: i64) -> Result<Value> {
    app_template(s, team, group_id)
        .await
        .map_err(|_| ConsoleError::shown(404, "app not found", "应用不存在"))
}

/// Components by name, as the console compares two templates.
fn components(template: &Value) -> BTreeMap<String, Value> {
    template["apps"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|c| {
            (
                c["service_cname"].as_str().unwrap_or_default().to_owned(),
                c.clone(),
            )
        })
        .collect()
}

fn summarize(current: &Value, previous: &Value) -> Value {
    let (now, before) = (components(current), components(previous));
    let added: Vec<&String> = now.keys().filter(|n| !before.contains_key(*n)).collect();
    let removed: Vec<&String> = before.keys().filter(|n| !now.contains_key(*n)).collect();
    let updated: Vec<&String> = now
        .iter()
        .filter(|(n, c)| before.get(*n).is_some_and(|b| b != *c))
        .map(|(n, _)| n)
        .collect();
    json!({"has_changes": !(added.is_empty() && removed.is_empty() && updated.is_empty()),
           "added_count": added.len(), "removed_count": removed.len(), "updated_count": updated.len(),
           "added_components": added, "removed_components": removed, "updated_components": updated})
}

fn next_version(latest: Option<&str>) -> String {
    let parts: Vec<u64> = latest
        .unwrap_or_default()
        .split('.')
        .map(|p| p.parse().ok())
        .collect::<Option<_>>()
        .filter(|p: &Vec<u64>| p.len() == 3)
        .unwrap_or_else(|| vec![1, 0, 0]);
    format!("{}.{}.{}", parts[0], parts[1], parts[2] + 1)
}

async fn list(
    State(s): State<AppState>,
    _user: ConsoleUser,
    _region: Region,
    Path((team, group_id)): Path<(String, i64)>,
) -> Result<Response> {
    app(&s, &team, group_id).await?;
    let items: Vec<Value> = rows(&s, group_id).await?.iter().map(serialize).collect();
    let has_template = !items.is_empty();
    Ok(Json(json!({"code": 200, "msg": "success", "msg_show": null,
                   "data": {"bean": {"has_template": has_template}, "list": items}}))
    .into_response())
}

#[derive(Deserialize)]
struct NewSnapshot {
    #[serde(default)]
    version: String,
    #[serde(default)]
    version_alias: String,
    #[serde(default)]
    app_version_info: String,
    share_service_list: Option<Vec<Value>>,
    share_plugin_list: Option<Vec<Value>>,
    share_k8s_resources: Option<Vec<Value>>,
}

/// The components a snapshot keeps: those the lists mark `need_share` (by
/// `service_key` or `service_id`), all when none or all are; of each chosen
/// item only its env and connection info are taken, the rest read live again.
fn chosen_services(plan: Vec<Value>, sent: &[Value]) -> Vec<Value> {
    let marked: Vec<&Value> = sent
        .iter()
        .filter(|c| c["need_share"] == json!(true))
        .collect();
    let wanted: HashSet<&str> = marked
        .iter()
        .flat_map(|c| [c["service_key"].as_str(), c["service_id"].as_str()])
        .flatten()
        .collect();
    let picks = |c: &Value| {
        wanted.contains(c["service_key"].as_str().unwrap_or_default())
            || wanted.contains(c["service_id"].as_str().unwrap_or_default())
    };
    if wanted.is_empty() || plan.iter().all(picks) {
        return plan;
    }
    plan.into_iter()
        .filter(|c| picks(c))
        .map(|mut c| {
            if let Some(item) = marked.iter().find(|m| m["service_id"] == c["service_id"]) {
                c["service_connect_info_map_list"] = item["service_connect_info_map_list"].clone();
                let mut env = c["service_env_map_list"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default();
                for e in item["service_env_map_list"]
                    .as_array()
                    .into_iter()
                    .flatten()
                {
                    match env.iter_mut().find(|x| x["attr_name"] == e["attr_name"]) {
                        Some(x) => *x = e.clone(),
                        None => env.push(e.clone()),
                    }
                }
                c["service_env_map_list"] = Value::Array(env);
            }
            c
        })
        .collect()
}

/// Makes a snapshot of the app as it runs now [AppVersionSnapshotListView.post].
async fn create(
    State(s): State<AppState>,
    _user: ConsoleUser,
    region: Region,
    Path((team, group_id)): Path<(String, i64)>,
    Json(body): Json<NewSnapshot>,
) -> Result<Response> {
    let running = app(&s, &team, group_id).await?;
    let hidden = hidden_template(&s, group_id).await?;
    let existing = rows(&s, group_id).await?;
    let latest = existing.first();
    let version = if body.version.is_empty() {
        next_version(latest.map(|l| l.version.as_str()))
    } else {
        body.version.clone()
    };
    if existing.iter().any(|r| r.version == version) {
        return Err(ConsoleError::shown(
            400,
            "snapshot version exists",
            "版本号已存在",
        ));
    }
    let plan = plan_services(&running, &region.0);
    let plugins = plan_plugins(&running);
    let sent_services = body.share_service_list.unwrap_or_default();
    let sent_plugins = body.share_plugin_list.unwrap_or_default();
    let any_list = !sent_services.is_empty()
        || !sent_plugins.is_empty()
        || body
            .share_k8s_resources
            .as_ref()
            .is_some_and(|k| !k.is_empty());
    let (apps, plugins, k8s) = if any_list {
        let chosen: HashSet<&str> = sent_plugins
            .iter()
            .filter_map(|p| p["plugin_id"].as_str())
            .collect();
        let plugins: Vec<Value> = plugins
            .into_iter()
            .filter(|p| {
                chosen.is_empty() || chosen.contains(p["plugin_id"].as_str().unwrap_or_default())
            })
            .collect();
        let k8s = body.share_k8s_resources.unwrap_or_else(|| {
            running["k8s_resources"]
                .as_array()
                .cloned()
                .unwrap_or_default()
        });
        (chosen_services(plan, &sent_services), plugins, k8s)
    } else {
        let k8s = running["k8s_resources"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        (plan, plugins, k8s)
    };
    let template = json!({"apps": apps, "plugins": snapshot_plugins(&plugins),
                          "k8s_resources": k8s, "governance_mode": running["governance_mode"]});
    let diff = match latest {
        Some(l) => summarize(
            &template,
            &serde_json::from_str(&l.template).unwrap_or_default(),
        ),
        None => summarize(&template, &json!({})),
    };
    if let Some(l) = latest.filter(|_| diff["has_changes"] == json!(false)) {
        let mut same = serialize(l);
        same["created"] = json!(false);
        same["change_summary"] = diff;
        return Ok(bean_with(same, "success", "当前没有新的变更，无需创建快照"));
    }
    // The version row's columns (rainbond_center_app_version: version 32,
    // version_alias 64, app_version_info 255) on a database that enforces
    // them, as MySQL in strict mode does: the insert fails and the view
    // answers its traceback [console/models/main.py].
    let too_long = version.chars().count() > 32
        || body.version_alias.chars().count() > 64
        || body.app_version_info.chars().count() > 255;
    if too_long {
        return Err(ConsoleError::traceback(
            "Data too long",
            "DataError: (1406, \"Data too long for column\")",
        ));
    }
    let mut tx = crate::write(&s.db).await?;
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO snapshots (group_id, app_model_id, version, version_alias, app_version_info, template, diff_summary, create_time)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(group_id)
    .bind(&hidden)
    .bind(&version)
    .bind(&body.version_alias)
    .bind(&body.app_version_info)
    .bind(template.to_string())
    .bind(diff.to_string())
    .bind(now_ms())
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    let made = sqlx::query_as::<_, SnapshotRow>("SELECT * FROM snapshots WHERE id = ?")
        .bind(id)
        .fetch_one(&s.db)
        .await?;
    let mut reply = serialize(&made);
    reply["created"] = json!(true);
    Ok(bean_with(reply, "success", "创建快照成功"))
}

/// The app's hidden template id, made with its first snapshot.
async fn hidden_template(s: &AppState, group_id: i64) -> Result<String> {
    let made = uuid::Uuid::now_v7().simple().to_string();
    sqlx::query("INSERT INTO hidden_templates (group_id, app_id) VALUES (?, ?) ON CONFLICT (group_id) DO NOTHING")
        .bind(group_id)
        .bind(&made)
        .execute(&s.db)
        .await?;
    let (id,): (String,) = sqlx::query_as("SELECT app_id FROM hidden_templates WHERE group_id = ?")
        .bind(group_id)
        .fetch_one(&s.db)
        .await?;
    // The console keeps it as a library model: the library's lists show it.
    crate::library::add_hidden_model(s, &id, group_id).await?;
    Ok(id)
}

/// The live app against the newest snapshot (components only); the console
/// rebuilds the live template for it, asking the cluster.
async fn overview(
    State(s): State<AppState>,
    _user: ConsoleUser,
    region: Region,
    Path((team, group_id)): Path<(String, i64)>,
) -> Result<Response> {
    let running = app(&s, &team, group_id).await?;
    let all = rows(&s, group_id).await?;
    let template_id =
        sqlx::query_as::<_, (String,)>("SELECT app_id FROM hidden_templates WHERE group_id = ?")
            .bind(group_id)
            .fetch_optional(&s.db)
            .await?
            .map(|(id,)| id);
    let live = json!({"apps": plan_services(&running, &region.0)});
    let latest = all.first();
    let change = latest
        .map(|l| {
            summarize(
                &live,
                &serde_json::from_str(&l.template).unwrap_or_default(),
            )
        })
        .unwrap_or_else(|| summarize(&live, &json!({})));
    Ok(crate::reply::bean(json!({
        "template_id": template_id, "current_version": latest.map(|l| l.version.clone()),
        "latest_snapshot_version": latest.map(|l| l.version.clone()),
        "latest_snapshot_version_id": latest.map(|l| l.id), "snapshot_count": all.len(),
        "latest_publish_time": null, "has_changes": change["has_changes"], "change_summary": change})))
}

async fn one(s: &AppState, team: &str, group_id: i64, version_id: i64) -> Result<SnapshotRow> {
    app(s, team, group_id).await?;
    sqlx::query_as("SELECT * FROM snapshots WHERE id = ? AND group_id = ?")
        .bind(version_id)
        .bind(group_id)
        .fetch_optional(&s.db)
        .await?
        .ok_or_else(|| ConsoleError::shown(404, "snapshot not found", "快照不存在"))
}

async fn detail(
    State(s): State<AppState>,
    _user: ConsoleUser,
    _region: Region,
    Path((team, group_id, version_id)): Path<(String, i64, i64)>,
) -> Result<Response> {
    let r = one(&s, &team, group_id, version_id).await?;
    let mut bean = serialize(&r);
    bean["template"] = serde_json::from_str(&r.template).unwrap_or_default();
    bean["content_hash"] = json!(format!("{:016x}", fxhash(&r.template)));
    Ok(crate::reply::bean(bean))
}

/// A stable hash of the template's text, for `content_hash`.
fn fxhash(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    })
}

async fn delete(
    State(s): State<AppState>,
    _user: ConsoleUser,
    _region: Region,
    Path((team, group_id, version_id)): Path<(String, i64, i64)>,
) -> Result<Response> {
    let r = one(&s, &team, group_id, version_id).await?;
    if rows(&s, group_id)
        .await?
        .first()
        .is_some_and(|newest| newest.id == r.id)
    {
        return Err(ConsoleError::shown(
            400,
            "current version can not delete",
            "当前版本不允许删除",
        ));
    }
    sqlx::query("DELETE FROM snapshots WHERE id = ?")
        .bind(r.id)
        .execute(&s.db)
        .await?;
    Ok(bean_with(json!({}), "success", "删除成功"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_next_version_is_the_next_patch() {
        assert_eq!(super::next_version(None), "1.0.1");
        assert_eq!(super::next_version(Some("2.3.9")), "2.3.10");
        assert_eq!(super::next_version(Some("2.3")), "1.0.1");
    }
}
