//! Upgrading an install through upgrade records, as the console does it
//! (docs/install-upgrade.md, A4–A7, read 2026-12-07): a record is made at
//! status 1 and upgraded once; components are matched by `service_key`, then
//! `service_share_uuid`, then the part after `+`, within the install only; a
//! template component that matches none is **added**; an upgrade never removes
//! a component and only adds variables (an added `**None**` gets the
//! component id's first 8 characters); only the one-record view asks the
//! cluster how the upgrade went, the history never refreshes.

use std::collections::HashSet;

use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::console::ConsoleUser;
use crate::installs::{installed, open_record, version_template, versions_above};
use crate::region::Region;
use crate::reply::{bean, bean_with, list, now_ms, timestamp, ConsoleError};
use crate::AppState;

type Result<T, E = ConsoleError> = std::result::Result<T, E>;

pub fn routes() -> Router<AppState> {
    let app = "/console/teams/{team}/groups/{app}";
    Router::new()
        .route(
            &format!("{app}/upgrade-records"),
            post(start_record).get(history),
        )
        .route(
            &format!("{app}/upgrade-records/{{record}}"),
            get(one_record),
        )
        .route(
            &format!("{app}/upgrade-records/{{record}}/upgrade"),
            post(upgrade),
        )
        .route(&format!("{app}/last-upgrade-record"), get(last_record))
        .route(&format!("{app}/upgrade-info"), get(upgrade_info))
        .route(&format!("{app}/upgrade-versions"), get(upgrade_versions))
}

#[derive(sqlx::FromRow)]
struct Install {
    id: i64,
    group_key: String,
    group_version: String,
    source: String,
}

fn no_group() -> ConsoleError {
    ConsoleError {
        code: 20904,
        ..ConsoleError::shown(
            404,
            "service group not found",
            "无法找到组件与应用市场应用的从属关系",
        )
    }
}

async fn install_of(s: &AppState, app: i64, group: Option<&str>) -> Result<Install> {
    let group: i64 = group.and_then(|g| g.parse().ok()).ok_or_else(no_group)?;
    sqlx::query_as(
        "SELECT id, group_key, group_version, source FROM console_upgrade_groups WHERE id = ? AND group_id = ?",
    )
    .bind(group)
    .bind(app)
    .fetch_optional(&s.db)
    .await?
    .ok_or_else(no_group)
}

#[derive(sqlx::FromRow)]
struct Record {
    id: i64,
    group_id: i64,
    upgrade_group_id: i64,
    group_key: String,
    version: String,
    old_version: String,
    status: i64,
    record_type: String,
    service_records: String,
    started_ms: Option<i64>,
    create_time: i64,
    update_time: i64,
}

fn columns(r: &Record, with_services: bool) -> Value {
    let finished = !matches!(r.status, 1 | 2 | 4);
    let mut v = json!({"ID": r.id, "group_id": r.group_id, "group_key": r.group_key, "version": r.version,
        "old_version": r.old_version, "status": r.status, "upgrade_group_id": r.upgrade_group_id,
        "record_type": r.record_type, "parent_id": 0, "snapshot_id": null, "is_from_cloud": false,
        "market_name": "", "create_time": timestamp(r.create_time), "update_time": timestamp(r.update_time),
        "is_finished": finished,
        "can_rollback": r.record_type == "upgrade" && matches!(r.status, 3 | 5 | 6 | 7 | 10)});
    if with_services {
        v["service_record"] = serde_json::from_str(&r.service_records).unwrap_or(json!([]));
    }
    v
}

async fn record(s: &AppState, app: i64, id: i64) -> Result<Record> {
    sqlx::query_as("SELECT * FROM console_upgrade_records WHERE id = ? AND group_id = ?")
        .bind(id)
        .bind(app)
        .fetch_optional(&s.db)
        .await?
        .ok_or_else(|| ConsoleError {
            code: 20900,
            ..ConsoleError::shown(404, "upgrade record not found", "找不到升级记录")
        })
}

#[derive(Deserialize)]
struct NewRecord {
    upgrade_group_id: Option<Value>,
}

/// `POST upgrade-records`: a record at status 1, unless the install's newest is unfinished.
async fn start_record(
    State(s): State<AppState>,
    _user: ConsoleUser,
    _region: Region,
    Path((_team, app)): Path<(String, i64)>,
    Json(body): Json<NewRecord>,
) -> Result<Response> {
    let group = match body.upgrade_group_id {
        Some(Value::String(g)) => g,
        Some(Value::Number(n)) => n.to_string(),
        _ => {
            return Err(ConsoleError::shown(
                400,
                "the filed 'upgrade_group_id' is required",
                "the filed 'upgrade_group_id' is required",
            ))
        }
    };
    let install = install_of(&s, app, Some(&group)).await?;
    if open_record(&s, install.id).await?.is_some() {
        return Err(ConsoleError {
            code: 20905,
            ..ConsoleError::shown(400, "unfinished record", "上一个任务未完成")
        });
    }
    let now = now_ms();
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO console_upgrade_records (group_id, upgrade_group_id, group_key, old_version, status, create_time, update_time)
         VALUES (?, ?, ?, ?, 1, ?, ?) RETURNING id",
    )
    .bind(app)
    .bind(install.id)
    .bind(&install.group_key)
    .bind(&install.group_version)
    .bind(now)
    .bind(now)
    .fetch_one(&s.db)
    .await?;
    Ok(bean(columns(&record(&s, app, id).await?, false)))
}

/// The part of a `service_share_uuid` after `+`, when it has that form.
fn after_plus(uuid: &str) -> Option<&str> {
    match uuid.split('+').collect::<Vec<_>>()[..] {
        [_, id] => Some(id),
        _ => None,
    }
}

/// Whether an installed component is the template's [utils.py:135-153].
fn same_component(installed: &Value, tmpl: &Value) -> bool {
    let text = |v: &Value, k: &str| v[k].as_str().unwrap_or_default().to_owned();
    if text(installed, "service_key") == text(tmpl, "service_key") {
        return true;
    }
    let (a, b) = (
        text(installed, "service_share_uuid"),
        text(tmpl, "service_share_uuid"),
    );
    if a == b {
        return true;
    }
    matches!((after_plus(&a), after_plus(&b)), (Some(x), Some(y)) if x == y)
}

/// Each installed component of the install and the template component it
/// matches, and the template components that match none.
fn matched<'a>(
    apps: &'a [Value],
    group: i64,
    tmpls: &'a [Value],
) -> (Vec<(usize, &'a Value)>, Vec<&'a Value>) {
    let mut taken = HashSet::new();
    let mut pairs = Vec::new();
    for (i, c) in apps.iter().enumerate() {
        if c["tenant_service_group_id"] != json!(group) {
            continue;
        }
        if let Some((j, t)) = tmpls
            .iter()
            .enumerate()
            .find(|(j, t)| !taken.contains(j) && same_component(c, t))
        {
            taken.insert(j);
            pairs.push((i, t));
        }
    }
    let added = tmpls
        .iter()
        .enumerate()
        .filter(|(j, _)| !taken.contains(j))
        .map(|(_, t)| t)
        .collect();
    (pairs, added)
}

/// The variables of `tmpl` that `c` lacks, by name.
fn new_envs(c: &Value, tmpl: &Value, list: &str) -> Vec<Value> {
    let have: HashSet<&str> = c[list]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|e| e["attr_name"].as_str())
        .collect();
    tmpl[list]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|e| !have.contains(e["attr_name"].as_str().unwrap_or_default()))
        .cloned()
        .collect()
}

fn changes(c: &Value, tmpl: &Value) -> bool {
    c["deploy_version"] != tmpl["deploy_version"]
        || c["image"] != tmpl["image"]
        || !new_envs(c, tmpl, "service_env_map_list").is_empty()
        || !new_envs(c, tmpl, "service_connect_info_map_list").is_empty()
}

#[derive(Deserialize)]
struct InfoQuery {
    upgrade_group_id: Option<String>,
    version: Option<String>,
}

/// `GET upgrade-info`: what B would change, per installed component, and the
/// components B would add. Writes nothing.
async fn upgrade_info(
    State(s): State<AppState>,
    _user: ConsoleUser,
    _region: Region,
    Path((team, app)): Path<(String, i64)>,
    Query(q): Query<InfoQuery>,
) -> Result<Response> {
    let install = install_of(&s, app, q.upgrade_group_id.as_deref()).await?;
    let version = q.version.unwrap_or_default();
    let b = version_template(&s, &install.group_key, &version, install.source == "local")
        .await
        .map_err(|_| ConsoleError::shown(404, "template not found", "找不到应用模板"))?;
    let app_t = crate::running::app_template(&s, &team, app).await?;
    let apps = app_t["apps"].as_array().cloned().unwrap_or_default();
    let tmpls = b.template["apps"].as_array().cloned().unwrap_or_default();
    let (pairs, added) = matched(&apps, install.id, &tmpls);
    let mut items = Vec::new();
    for (i, c) in apps.iter().enumerate() {
        if c["tenant_service_group_id"] != json!(install.id) {
            continue;
        }
        let tmpl = pairs.iter().find(|(k, _)| *k == i).map(|(_, t)| *t);
        let mut info = json!({});
        if let Some(t) = tmpl {
            if c["deploy_version"] != t["deploy_version"] {
                info["deploy_version"] =
                    json!({"old": c["deploy_version"], "new": t["deploy_version"]});
            }
            let envs = new_envs(c, t, "service_env_map_list");
            if !envs.is_empty() {
                info["envs"] = json!({"add": envs});
            }
            let connect = new_envs(c, t, "service_connect_info_map_list");
            if !connect.is_empty() {
                info["connect_infos"] = json!({"add": connect});
            }
        }
        items.push(
            json!({"service": {"service_id": c["service_id"], "service_cname": c["service_cname"],
            "service_key": c["service_key"], "type": "upgrade", "current_version": c["version"],
            "can_upgrade": true, "have_change": tmpl.is_some_and(|t| changes(c, t))},
            "upgrade_info": info}),
        );
    }
    for t in added {
        items.push(json!({"service": {"service_id": "", "service_cname": t["service_cname"],
            "service_key": t["service_key"], "type": "add", "can_upgrade": true}, "upgrade_info": t}));
    }
    Ok(crate::reply::bean_and_list(
        json!({"upgrade_info": {}}),
        items,
    ))
}

#[derive(Deserialize)]
struct UpgradeBody {
    version: Option<String>,
}

/// `POST .../upgrade`: B saved into the install at once, a rolling update or
/// build sent for what changed, a component record for each.
async fn upgrade(
    State(s): State<AppState>,
    _user: ConsoleUser,
    _region: Region,
    Path((team, app, id)): Path<(String, i64, i64)>,
    Json(body): Json<UpgradeBody>,
) -> Result<Response> {
    let r = record(&s, app, id).await?;
    if r.status != 1 {
        return Err(ConsoleError {
            code: 20908,
            ..ConsoleError::shown(400, "record not upgradable", "只能升级未升级的升级记录")
        });
    }
    let install = install_of(&s, app, Some(&r.upgrade_group_id.to_string())).await?;
    let version = body.version.unwrap_or_default();
    // No check that B is among the versions offered.
    let b = version_template(&s, &install.group_key, &version, install.source == "local")
        .await
        .map_err(|_| ConsoleError::shown(404, "template not found", "找不到应用模板"))?;
    let mut app_t = crate::running::app_template(&s, &team, app).await?;
    let apps = app_t["apps"].as_array().cloned().unwrap_or_default();
    let tmpls = b.template["apps"].as_array().cloned().unwrap_or_default();
    let (pairs, added) = matched(&apps, install.id, &tmpls);
    let now = now_ms();
    let mut updated = apps.clone();
    let mut service_records = Vec::new();
    for (i, c) in apps.iter().enumerate() {
        if c["tenant_service_group_id"] != json!(install.id) {
            continue;
        }
        let u = &mut updated[i];
        // A component missing from B stays as it is; its version still becomes B.
        u["version"] = json!(version);
        let Some((_, t)) = pairs.iter().find(|(k, _)| *k == i) else {
            continue;
        };
        let changed = changes(c, t);
        for list in ["service_env_map_list", "service_connect_info_map_list"] {
            let mut envs = c[list].as_array().cloned().unwrap_or_default();
            for mut e in new_envs(c, t, list) {
                // An added **None** gets the component id's first 8 characters.
                if e["attr_value"]
                    .as_str()
                    .is_some_and(|v| v.starts_with("**None"))
                {
                    let id = c["service_id"].as_str().unwrap_or_default();
                    e["attr_value"] = json!(id.get(..8).unwrap_or(id));
                }
                envs.push(e);
            }
            u[list] = Value::Array(envs);
        }
        for key in [
            "service_key",
            "service_share_uuid",
            "image",
            "deploy_version",
            "share_image",
        ] {
            u[key] = t[key].clone();
        }
        if changed {
            u["deployed_ms"] = json!(now);
            if s.faults.take_stuck_deploy() {
                u["stuck"] = json!(true);
            }
        }
        service_records.push(json!({"service_id": c["service_id"], "service_cname": c["service_cname"],
            "service_key": t["service_key"], "upgrade_type": "upgrade", "status": if changed { 2 } else { 3 },
            "event_id": if changed { json!(uuid::Uuid::new_v4().simple().to_string()) } else { json!(null) },
            "update": "", "app_upgrade_record": id}));
    }
    let mut shared = std::collections::HashMap::new();
    for t in added {
        let mut made = installed(&s, t, install.id, &version);
        crate::installs::resolve_values(&mut made, &mut shared);
        service_records.push(json!({"service_id": made["service_id"], "service_cname": made["service_cname"],
            "service_key": made["service_key"], "upgrade_type": "upgrade", "status": 2,
            "event_id": uuid::Uuid::new_v4().simple().to_string(), "update": "", "app_upgrade_record": id}));
        updated.push(made);
    }
    app_t["apps"] = Value::Array(updated);
    let mut tx = crate::write(&s.db).await?;
    sqlx::query("UPDATE console_apps SET template = ? WHERE group_id = ?")
        .bind(app_t.to_string())
        .bind(app)
        .execute(&mut *tx)
        .await?;
    sqlx::query("UPDATE console_upgrade_groups SET group_version = ? WHERE id = ?")
        .bind(&version)
        .bind(install.id)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "UPDATE console_upgrade_records SET status = 2, version = ?, service_records = ?, started_ms = ?, update_time = ? WHERE id = ?",
    )
    .bind(&version)
    .bind(Value::Array(service_records).to_string())
    .bind(now)
    .bind(now)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(bean_with(
        columns(&record(&s, app, id).await?, true),
        "success",
        "升级成功",
    ))
}

/// `GET upgrade-records/{id}`: the one view that asks the cluster: component
/// records whose event has had an image push's time are done (3), and the
/// record ends at 3 when all are.
async fn one_record(
    State(s): State<AppState>,
    _user: ConsoleUser,
    _region: Region,
    Path((_team, app, id)): Path<(String, i64, i64)>,
) -> Result<Response> {
    let r = record(&s, app, id).await?;
    if r.status == 2 {
        let started = r.started_ms.unwrap_or(0);
        if now_ms() - started >= i64::try_from(s.settings.push_ms).unwrap_or(i64::MAX) {
            let mut services: Vec<Value> =
                serde_json::from_str(&r.service_records).unwrap_or_default();
            for sr in &mut services {
                sr["status"] = json!(3);
            }
            sqlx::query(
                "UPDATE console_upgrade_records SET status = 3, service_records = ?, update_time = ? WHERE id = ?",
            )
            .bind(Value::Array(services).to_string())
            .bind(now_ms())
            .bind(id)
            .execute(&s.db)
            .await?;
        }
    }
    Ok(bean(columns(&record(&s, app, id).await?, true)))
}

#[derive(Deserialize)]
struct Paging {
    page: Option<usize>,
    page_size: Option<usize>,
}

/// `GET upgrade-records`: the stored statuses, never asked again (the view
/// tests `record.is_finished` without calling it); status 1 left out.
async fn history(
    State(s): State<AppState>,
    _user: ConsoleUser,
    Path((_team, app)): Path<(String, i64)>,
    Query(q): Query<Paging>,
) -> Result<Response> {
    let rows: Vec<Record> = sqlx::query_as(
        "SELECT * FROM console_upgrade_records WHERE group_id = ? AND status <> 1 AND record_type = 'upgrade' ORDER BY id DESC",
    )
    .bind(app)
    .fetch_all(&s.db)
    .await?;
    let (page, size) = (q.page.unwrap_or(1).max(1), q.page_size.unwrap_or(10).max(1));
    if page > 1 && (page - 1) * size >= rows.len() {
        return Err(ConsoleError::traceback(
            "That page contains no results",
            "django.core.paginator.EmptyPage: That page contains no results",
        ));
    }
    let items = rows
        .iter()
        .skip((page - 1) * size)
        .take(size)
        .map(|r| columns(r, false))
        .collect();
    Ok(crate::reply::bean_and_list(
        json!({"total": rows.len()}),
        items,
    ))
}

#[derive(Deserialize)]
struct LastQuery {
    upgrade_group_id: Option<String>,
}

/// `GET last-upgrade-record`: the install's newest record, or `{}`.
async fn last_record(
    State(s): State<AppState>,
    _user: ConsoleUser,
    Path((_team, app)): Path<(String, i64)>,
    Query(q): Query<LastQuery>,
) -> Result<Response> {
    let install = install_of(&s, app, q.upgrade_group_id.as_deref()).await?;
    let newest: Option<Record> = sqlx::query_as(
        "SELECT * FROM console_upgrade_records WHERE upgrade_group_id = ? ORDER BY update_time DESC, id DESC LIMIT 1",
    )
    .bind(install.id)
    .fetch_optional(&s.db)
    .await?;
    Ok(bean(newest.map_or(json!({}), |r| columns(&r, false))))
}

#[derive(Deserialize)]
struct VersionsQuery {
    group_key: Option<String>,
    upgrade_group_id: Option<String>,
}

/// `GET upgrade-versions`: the versions above the install's, sorted.
async fn upgrade_versions(
    State(s): State<AppState>,
    _user: ConsoleUser,
    Path((_team, app)): Path<(String, i64)>,
    Query(q): Query<VersionsQuery>,
) -> Result<Response> {
    if q.group_key.as_deref().unwrap_or("").is_empty() {
        return Err(ConsoleError::shown(
            400,
            "group_key is a required parameter",
            "group_key is a required parameter",
        ));
    }
    let install = install_of(&s, app, q.upgrade_group_id.as_deref()).await?;
    let versions = versions_above(
        &s,
        &install.group_key,
        &install.group_version,
        install.source == "local",
    )
    .await?;
    Ok(list(
        versions.into_iter().map(Value::from).collect(),
        json!({}),
    ))
}
