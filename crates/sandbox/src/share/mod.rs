//! The console's share flow (scope `goodrain`) as its views behave
//! [console/views/service_share.py]: record → info → image-push events →
//! complete, or give up. Nothing here is idempotent: every POST of a record makes
//! a new one, every POST of an event pushes again, a second complete answers 400,
//! and giving up deletes the record. Event statuses are stored; only reading one
//! event asks "the cluster" (the clock) how its push is going.

use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::console::{app_model, bound_market, publishing_account, ConsoleUser};
use crate::region::Region;
use crate::reply::{bean, list, now_ms, refusal, timestamp, ConsoleError};
use crate::AppState;
use events::{event, event_rows, events, start_event};
use record::{find_record, open_record, RecordRow};

mod events;
mod record;

type Result<T, E = ConsoleError> = std::result::Result<T, E>;

pub fn routes() -> Router<AppState> {
    let group = "/console/teams/{team}/groups/{group_id}";
    let share = "/console/teams/{team}/share/{share_id}";
    Router::new()
        .route(&format!("{group}/shared/apps"), get(shared_apps))
        .route(
            &format!("{group}/share/record"),
            get(records).post(start_record),
        )
        .route(
            &format!("{group}/share/record/{{record_id}}"),
            get(record).put(set_record_status).delete(delete_record),
        )
        .route(&format!("{share}/info"), get(info).post(submit_info))
        .route(&format!("{share}/events"), get(events))
        .route(
            &format!("{share}/events/{{event_id}}"),
            get(event).post(start_event),
        )
        .route(
            &format!("{share}/events/{{event_id}}/plugin"),
            get(event).post(start_event),
        )
        .route(&format!("{share}/complete"), post(complete))
        .route(&format!("{share}/giveup"), axum::routing::delete(give_up))
}

fn or_null(s: &str) -> Value {
    if s.is_empty() {
        Value::Null
    } else {
        json!(s)
    }
}

/// The record's columns (`to_dict()`), as the POST and complete answer them: the id is `ID`.
fn record_columns(r: &RecordRow) -> Value {
    json!({"ID": r.id, "group_share_id": format!("{:032x}", r.id), "group_id": r.group_id.to_string(),
           "team_name": r.team_name, "event_id": null, "share_version": or_null(&r.version),
           "share_version_alias": or_null(&r.version_alias), "share_app_version_info": or_null(&r.describe),
           "is_success": r.is_success, "step": r.step, "status": r.status, "app_id": or_null(&r.app_model_id),
           "scope": "goodrain", "share_app_market_name": r.store_name, "share_store_name": null,
           "share_app_model_name": null, "create_time": timestamp(r.create_time),
           "update_time": timestamp(r.update_time)})
}

/// A record as the record views read it: the id is `record_id` [ServiceShareRecordInfoView].
fn record_view(r: &RecordRow, app_name: Option<&str>) -> Value {
    json!({"app_model_id": or_null(&r.app_model_id), "app_model_name": app_name,
           "version": or_null(&r.version), "version_alias": or_null(&r.version_alias), "scope": "goodrain",
           "create_time": timestamp(r.create_time), "upgrade_time": null, "step": r.step,
           "is_success": r.is_success, "status": r.status,
           "scope_target": {"store_name": r.store_name, "store_id": r.store_name, "store_version": "1.0"},
           "record_id": r.id, "app_version_info": or_null(&r.describe)})
}

async fn app_name(s: &AppState, r: &RecordRow) -> Option<String> {
    crate::store::app_row(s, &r.app_model_id)
        .await
        .ok()
        .map(|a| a.name)
}

/// The next id of a table, never one handed out before (deleted rows included).
async fn next_id(tx: &mut sqlx::Transaction<'static, sqlx::Sqlite>, table: &str) -> Result<i64> {
    let (id,): (i64,) =
        sqlx::query_as("UPDATE id_sequences SET last = last + 1 WHERE name = ? RETURNING last")
            .bind(table)
            .fetch_one(&mut **tx)
            .await?;
    Ok(id)
}

async fn team_has_app(s: &AppState, team: &str, group_id: i64) -> Result<bool> {
    let (n,): (i64,) =
        sqlx::query_as("SELECT count(*) FROM console_apps WHERE group_id = ? AND team_name = ?")
            .bind(group_id)
            .bind(team)
            .fetch_one(&s.db)
            .await?;
    Ok(n > 0)
}

async fn app_template(s: &AppState, team: &str, group_id: i64) -> Result<Value> {
    let row: Option<(String,)> =
        sqlx::query_as("SELECT template FROM console_apps WHERE group_id = ? AND team_name = ?")
            .bind(group_id)
            .bind(team)
            .fetch_optional(&s.db)
            .await?;
    let (template,) = row.ok_or_else(|| {
        ConsoleError::new(404, format!("app {group_id} not found in team {team}"))
    })?;
    serde_json::from_str(&template)
        .map_err(|e| ConsoleError::new(500, format!("seeded template: {e}")))
}

#[derive(Deserialize)]
struct SharedAppsQuery {
    scope: Option<String>,
    market_id: Option<String>,
}

/// Every template of the store (not paged), versions as `version` [ServiceGroupSharedApps].
async fn shared_apps(
    State(s): State<AppState>,
    user: ConsoleUser,
    _region: Region,
    Path((team, group_id)): Path<(String, i64)>,
    Query(q): Query<SharedAppsQuery>,
) -> Result<Response> {
    app_template(&s, &team, group_id).await?;
    if q.scope.as_deref() != Some("goodrain") {
        return Ok(list(vec![], json!({})));
    }
    let market_name = q
        .market_id
        .ok_or_else(|| ConsoleError::new(404, "market not found"))?;
    let market = bound_market(&s, &user.enterprise_id, &market_name).await?;
    let owner = publishing_account(&s, &market).await?;
    let apps: Vec<crate::store::AppRow> = sqlx::query_as(
        "SELECT * FROM store_apps WHERE owner_id = ? ORDER BY create_time, app_key_id",
    )
    .bind(owner)
    .fetch_all(&s.db)
    .await?;
    let mut items = Vec::new();
    for app in &apps {
        let model = app_model(&s, app).await?;
        let versions: Vec<Value> = model["versions"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|v| json!({"version": v["app_version"], "describe": v["desc"], "version_alias": v["app_version_alias"]}))
            .collect();
        items.push(
            json!({"app_name": app.name, "app_id": app.app_key_id, "versions": versions,
                          "pic": model["logo"], "app_describe": app.desc, "dev_status": "",
                          "scope": format!("goodrain:{}", app.publish_type)}),
        );
    }
    Ok(list(items, json!({})))
}

#[derive(Deserialize)]
struct NewRecord {
    scope: Option<String>,
    target: Option<Target>,
}

#[derive(Deserialize)]
struct Target {
    store_id: Option<String>,
}

/// Creates a new record on every POST; an unfinished one is never handed back.
async fn start_record(
    State(s): State<AppState>,
    user: ConsoleUser,
    _region: Region,
    Path((team, group_id)): Path<(String, i64)>,
    Json(body): Json<NewRecord>,
) -> Result<Response> {
    let store_id = body
        .target
        .and_then(|t| t.store_id)
        .filter(|_| body.scope.as_deref() == Some("goodrain"))
        .ok_or_else(|| ConsoleError::shown(400, "fail", "参数不全"))?;
    if !team_has_app(&s, &team, group_id).await? {
        // HTTP 200 with another code in the body, as the view answers.
        return Ok(refusal(
            202,
            "group is not yours!",
            "当前组已删除或您无权限查看!",
        ));
    }
    bound_market(&s, &user.enterprise_id, &store_id).await?;
    let now = now_ms();
    let mut tx = crate::write(&s.db).await?;
    let id = next_id(&mut tx, "share_records").await?;
    sqlx::query(
        "INSERT INTO share_records (id, group_id, team_name, region_name, store_name, create_time, update_time)
         VALUES (?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(id)
    .bind(group_id)
    .bind(&team)
    .bind(&_region.0)
    .bind(&store_id)
    .bind(now)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    let r = find_record(&s, &team, id).await?.expect("just written");
    Ok(crate::reply::bean_with(
        record_columns(&r),
        "create success",
        "创建成功",
    ))
}

#[derive(Deserialize)]
struct Page {
    page: Option<usize>,
    page_size: Option<usize>,
}

/// The app's records, newest first; those still at status 0 with no version are left out.
async fn records(
    State(s): State<AppState>,
    _user: ConsoleUser,
    _region: Region,
    Path((team, group_id)): Path<(String, i64)>,
    Query(q): Query<Page>,
) -> Result<Response> {
    let rows: Vec<RecordRow> = sqlx::query_as(
        "SELECT * FROM share_records WHERE group_id = ? AND team_name = ? AND status IN (0, 1, 2)
         ORDER BY create_time DESC, id DESC",
    )
    .bind(group_id)
    .bind(&team)
    .fetch_all(&s.db)
    .await?;
    let page = q.page.unwrap_or(1).max(1);
    let page_size = q.page_size.unwrap_or(10).clamp(1, s.settings.page_size_cap);
    let on_page: Vec<&RecordRow> = rows
        .iter()
        .skip((page - 1) * page_size)
        .take(page_size)
        .collect();
    let mut items = Vec::new();
    let mut skipped = 0;
    for r in on_page {
        if r.status == 0 && r.version.is_empty() {
            skipped += 1;
            continue;
        }
        items.push(record_view(r, app_name(&s, r).await.as_deref()));
    }
    let total = rows.len() - skipped;
    Ok(crate::reply::bean_and_list(json!({"total": total}), items))
}

/// One record, or `bean: {}` when there is none.
async fn record(
    State(s): State<AppState>,
    _user: ConsoleUser,
    _region: Region,
    Path((team, group_id, record_id)): Path<(String, i64, i64)>,
) -> Result<Response> {
    let found = find_record(&s, &team, record_id)
        .await?
        .filter(|r| r.group_id == group_id);
    Ok(match found {
        Some(r) => bean(record_view(&r, app_name(&s, &r).await.as_deref())),
        None => bean(json!({})),
    })
}

#[derive(Deserialize)]
struct StatusBody {
    status: i64,
}

async fn set_record_status(
    State(s): State<AppState>,
    _user: ConsoleUser,
    _region: Region,
    Path((team, group_id, record_id)): Path<(String, i64, i64)>,
    Json(body): Json<StatusBody>,
) -> Result<Response> {
    sqlx::query(
        "UPDATE share_records SET status = ?, update_time = ? WHERE id = ? AND group_id = ? AND team_name = ?",
    )
    .bind(body.status)
    .bind(now_ms())
    .bind(record_id)
    .bind(group_id)
    .bind(&team)
    .execute(&s.db)
    .await?;
    Ok(match find_record(&s, &team, record_id).await? {
        Some(r) => bean(record_columns(&r)),
        None => bean(json!({})),
    })
}

async fn delete_record(
    State(s): State<AppState>,
    user: ConsoleUser,
    region: Region,
    Path((team, group_id, record_id)): Path<(String, i64, i64)>,
) -> Result<Response> {
    set_record_status(
        State(s),
        user,
        region,
        Path((team, group_id, record_id)),
        Json(StatusBody { status: 3 }),
    )
    .await?;
    Ok(bean(json!({})))
}

async fn info(
    State(s): State<AppState>,
    _user: ConsoleUser,
    _region: Region,
    Path((team, share_id)): Path<(String, i64)>,
) -> Result<Response> {
    let r = open_record(&s, &team, share_id).await?;
    let template = app_template(&s, &team, r.group_id).await?;
    Ok(bean(
        json!({"publish_mode": "runtime", "share_service_list": template["apps"],
                   "share_plugin_list": template["plugins"], "share_k8s_resources": template["k8s_resources"]}),
    ))
}

#[derive(Deserialize)]
struct SubmitBody {
    app_version_info: Option<VersionInfo>,
    #[serde(default)]
    share_service_list: Vec<Value>,
    #[serde(default)]
    share_k8s_resources: Vec<Value>,
}

#[derive(Deserialize)]
struct VersionInfo {
    #[serde(default)]
    app_model_id: String,
    version: String,
    #[serde(default)]
    version_alias: String,
    #[serde(default)]
    describe: String,
}

/// Saves the version and (re)makes the service events: a second submit replaces
/// the first one's service events, as the console does.
async fn submit_info(
    State(s): State<AppState>,
    user: ConsoleUser,
    _region: Region,
    Path((team, share_id)): Path<(String, i64)>,
    Json(body): Json<SubmitBody>,
) -> Result<Response> {
    let r = open_record(&s, &team, share_id).await?;
    let v = body.app_version_info.as_ref().ok_or_else(|| {
        ConsoleError::shown(400, "share info can not be empty", "分享应用信息不能为空")
    })?;
    if body.share_service_list.is_empty() && body.share_k8s_resources.is_empty() {
        return Err(ConsoleError::shown(
            400,
            "share info can not be empty",
            "应用基本信息不能为空",
        ));
    }
    if v.app_model_id.is_empty() {
        return Err(ConsoleError::shown(
            400,
            "share app model id can not be empty",
            "分享应用信息不全",
        ));
    }
    if !crate::store::valid_version(&v.version) || v.version.len() > 15 {
        return Err(ConsoleError::new(
            400,
            "version: digits and dots like 1.0.0, at most 15 characters",
        ));
    }
    if v.version_alias.chars().count() > 64 {
        return Err(ConsoleError::new(
            400,
            "version_alias: at most 64 characters",
        ));
    }
    if v.describe.chars().count() > 255 {
        return Err(ConsoleError::new(400, "describe: at most 255 characters"));
    }
    let market = bound_market(&s, &user.enterprise_id, &r.store_name).await?;
    let owner = publishing_account(&s, &market).await?;
    let app = crate::store::app_row(&s, &v.app_model_id)
        .await
        .map_err(ConsoleError::from)?;
    if app.owner_id != owner {
        return Err(ConsoleError::store_no_permission());
    }
    let mut tx = crate::write(&s.db).await?;
    sqlx::query(
        "UPDATE share_records SET step = 2, app_model_id = ?, version = ?, version_alias = ?, describe = ?,
         services = ?, update_time = ? WHERE id = ?",
    )
    .bind(&v.app_model_id)
    .bind(&v.version)
    .bind(&v.version_alias)
    .bind(&v.describe)
    .bind(Value::Array(body.share_service_list.clone()).to_string())
    .bind(now_ms())
    .bind(share_id)
    .execute(&mut *tx)
    .await?;
    sqlx::query("DELETE FROM share_events WHERE share_id = ? AND type = 'service'")
        .bind(share_id)
        .execute(&mut *tx)
        .await?;
    for service in &body.share_service_list {
        let id = next_id(&mut tx, "share_events").await?;
        sqlx::query(
            "INSERT INTO share_events (id, share_id, service_id, service_name) VALUES (?, ?, ?, ?)",
        )
        .bind(id)
        .bind(share_id)
        .bind(service["service_id"].as_str().unwrap_or_default())
        .bind(service["service_cname"].as_str().unwrap_or_default())
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    let r = find_record(&s, &team, share_id)
        .await?
        .expect("just written");
    Ok(bean(record_columns(&r)))
}

/// Publishes the version once every stored event is `success`; 415 before, 400 after.
async fn complete(
    State(s): State<AppState>,
    user: ConsoleUser,
    _region: Region,
    Path((team, share_id)): Path<(String, i64)>,
) -> Result<Response> {
    let r = open_record(&s, &team, share_id).await?;
    let rows = event_rows(&s, share_id).await?;
    if r.step < 2 || rows.iter().any(|e| e.event_status != "success") {
        return Err(ConsoleError::shown(
            415,
            "share complete can not do",
            "组件或插件同步未全部完成",
        ));
    }
    let market = bound_market(&s, &user.enterprise_id, &r.store_name).await?;
    publishing_account(&s, &market).await?;
    let app = crate::store::app_row(&s, &r.app_model_id)
        .await
        .map_err(ConsoleError::from)?;
    let mut template = app_template(&s, &team, r.group_id).await?;
    template["group_key"] = json!(r.app_model_id);
    template["group_name"] = json!(app.name);
    template["group_version"] = json!(r.version);
    template["apps"] = serde_json::from_str(&r.services).unwrap_or_default();
    crate::store::upsert_version(
        &s,
        &r.app_model_id,
        &r.version,
        &r.version_alias,
        &r.describe,
        &template,
    )
    .await
    .map_err(ConsoleError::from)?;
    sqlx::query("UPDATE share_records SET step = 3, status = 1, is_success = 1, update_time = ? WHERE id = ?")
        .bind(now_ms())
        .bind(share_id)
        .execute(&s.db)
        .await?;
    let r = find_record(&s, &team, share_id)
        .await?
        .expect("just written");
    Ok(crate::reply::bean_with(
        record_columns(&r),
        "share complete",
        "应用分享完成",
    ))
}

/// Deletes the record and its events [ServiceShareDeleteView].
async fn give_up(
    State(s): State<AppState>,
    _user: ConsoleUser,
    _region: Region,
    Path((team, share_id)): Path<(String, i64)>,
) -> Result<Response> {
    let r = find_record(&s, &team, share_id).await?.ok_or_else(|| {
        ConsoleError::shown(404, "share record not found", "分享流程不存在，不能放弃")
    })?;
    if r.is_complete() {
        return Err(ConsoleError::shown(
            400,
            "share record is complete",
            "分享流程已经完成，无法放弃",
        ));
    }
    let mut tx = crate::write(&s.db).await?;
    sqlx::query("DELETE FROM share_events WHERE share_id = ?")
        .bind(share_id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM share_records WHERE id = ?")
        .bind(share_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(crate::reply::bean_with(
        json!({}),
        "delete success",
        "放弃成功",
    ))
}
