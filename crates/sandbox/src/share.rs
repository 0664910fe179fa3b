//! The console's share flow (scope `goodrain`): record → info → image-push
//! events → complete, or give up. Image pushes advance with the clock.

use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};
use sqlx::FromRow;

use crate::console::{app_model, bound_market, publishing_account, ConsoleUser, RegionQuery};
use crate::reply::{bean, list, now_ms, timestamp, ConsoleError};
use crate::AppState;

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

#[derive(FromRow)]
struct RecordRow {
    id: i64,
    group_id: i64,
    team_name: String,
    region_name: String,
    store_name: String,
    step: i64,
    status: i64,
    is_success: bool,
    app_model_id: String,
    version: String,
    version_alias: String,
    describe: String,
    services: String,
    create_time: i64,
    update_time: i64,
}

fn record_json(r: &RecordRow) -> Value {
    json!({"ID": r.id, "group_id": r.group_id, "team_name": r.team_name, "region_name": r.region_name,
           "share_app_market_name": r.store_name, "app_id": r.app_model_id, "share_version": r.version,
           "share_version_alias": r.version_alias, "share_app_version_info": r.describe,
           "step": r.step, "status": r.status, "is_success": r.is_success, "scope": "goodrain",
           "create_time": timestamp(r.create_time), "update_time": timestamp(r.update_time)})
}

async fn record_row(s: &AppState, team: &str, share_id: i64) -> Result<RecordRow> {
    sqlx::query_as("SELECT * FROM share_records WHERE id = ? AND team_name = ?")
        .bind(share_id)
        .bind(team)
        .fetch_optional(&s.db)
        .await?
        .ok_or_else(|| ConsoleError::new(404, format!("share record {share_id} not found")))
}

/// A record still being published; finished, cancelled and deleted ones refuse changes.
fn check_open(r: &RecordRow) -> Result<()> {
    match r.status {
        0 => Ok(()),
        1 => Err(ConsoleError::new(
            400,
            format!("share record {} is already published", r.id),
        )),
        _ => Err(ConsoleError::new(
            400,
            format!("share record {} was cancelled", r.id),
        )),
    }
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

async fn shared_apps(
    State(s): State<AppState>,
    user: ConsoleUser,
    Path((team, group_id)): Path<(String, i64)>,
    Query(q): Query<SharedAppsQuery>,
) -> Result<Response> {
    app_template(&s, &team, group_id).await?;
    if q.scope.as_deref() != Some("goodrain") {
        return Err(ConsoleError::new(
            400,
            "scope: only goodrain (a store) is offered here",
        ));
    }
    let market_name = q
        .market_id
        .ok_or_else(|| ConsoleError::new(400, "market_id is required"))?;
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
        items.push(app_model(&s, app).await?);
    }
    let total = items.len();
    Ok(list(items, json!({"total": total})))
}

#[derive(Deserialize)]
struct NewRecord {
    scope: String,
    target: Target,
}

#[derive(Deserialize)]
struct Target {
    store_id: String,
}

async fn start_record(
    State(s): State<AppState>,
    user: ConsoleUser,
    Path((team, group_id)): Path<(String, i64)>,
    Query(q): Query<RegionQuery>,
    Json(body): Json<NewRecord>,
) -> Result<Response> {
    let region = q
        .region_name
        .ok_or_else(|| ConsoleError::new(400, "region_name is required"))?;
    app_template(&s, &team, group_id).await?;
    if body.scope != "goodrain" {
        return Err(ConsoleError::new(
            400,
            "scope: only goodrain (a store) is offered here",
        ));
    }
    bound_market(&s, &user.enterprise_id, &body.target.store_id).await?;
    let mut tx = crate::write(&s.db).await?;
    // Like the console: an unfinished share of this app is returned, not doubled.
    let open: Option<RecordRow> =
        sqlx::query_as("SELECT * FROM share_records WHERE group_id = ? AND team_name = ? AND status = 0 ORDER BY id DESC")
            .bind(group_id)
            .bind(&team)
            .fetch_optional(&mut *tx)
            .await?;
    let id = match open {
        Some(r) => r.id,
        None => {
            let now = now_ms();
            sqlx::query(
                "INSERT INTO share_records (group_id, team_name, region_name, store_name, create_time, update_time)
                 VALUES (?, ?, ?, ?, ?, ?)",
            )
            .bind(group_id)
            .bind(&team)
            .bind(&region)
            .bind(&body.target.store_id)
            .bind(now)
            .bind(now)
            .execute(&mut *tx)
            .await?
            .last_insert_rowid()
        }
    };
    tx.commit().await?;
    Ok(bean(record_json(&record_row(&s, &team, id).await?)))
}

#[derive(Deserialize)]
struct Page {
    page: Option<usize>,
    page_size: Option<usize>,
}

async fn records(
    State(s): State<AppState>,
    _user: ConsoleUser,
    Path((team, group_id)): Path<(String, i64)>,
    Query(q): Query<Page>,
) -> Result<Response> {
    let rows: Vec<RecordRow> =
        sqlx::query_as("SELECT * FROM share_records WHERE group_id = ? AND team_name = ? AND status != 3 ORDER BY id DESC")
            .bind(group_id)
            .bind(&team)
            .fetch_all(&s.db)
            .await?;
    let (page, page_size) = (q.page.unwrap_or(1).max(1), q.page_size.unwrap_or(10).max(1));
    let items = rows
        .iter()
        .skip((page - 1) * page_size)
        .take(page_size)
        .map(record_json)
        .collect();
    Ok(list(
        items,
        json!({"total": rows.len(), "page": page, "page_size": page_size}),
    ))
}

async fn record(
    State(s): State<AppState>,
    _user: ConsoleUser,
    Path((team, _group_id, record_id)): Path<(String, i64, i64)>,
) -> Result<Response> {
    Ok(bean(record_json(&record_row(&s, &team, record_id).await?)))
}

#[derive(Deserialize)]
struct StatusBody {
    status: i64,
}

async fn set_record_status(
    State(s): State<AppState>,
    _user: ConsoleUser,
    Path((team, _group_id, record_id)): Path<(String, i64, i64)>,
    Json(body): Json<StatusBody>,
) -> Result<Response> {
    record_row(&s, &team, record_id).await?;
    sqlx::query("UPDATE share_records SET status = ?, update_time = ? WHERE id = ?")
        .bind(body.status)
        .bind(now_ms())
        .bind(record_id)
        .execute(&s.db)
        .await?;
    Ok(bean(record_json(&record_row(&s, &team, record_id).await?)))
}

async fn delete_record(
    State(s): State<AppState>,
    user: ConsoleUser,
    Path((team, group_id, record_id)): Path<(String, i64, i64)>,
) -> Result<Response> {
    set_record_status(
        State(s),
        user,
        Path((team, group_id, record_id)),
        Json(StatusBody { status: 3 }),
    )
    .await
}

async fn info(
    State(s): State<AppState>,
    _user: ConsoleUser,
    Path((team, share_id)): Path<(String, i64)>,
) -> Result<Response> {
    let r = record_row(&s, &team, share_id).await?;
    let template = app_template(&s, &team, r.group_id).await?;
    Ok(bean(
        json!({"publish_mode": "runtime", "share_service_list": template["apps"],
                   "share_plugin_list": template["plugins"], "share_k8s_resources": template["k8s_resources"]}),
    ))
}

#[derive(Deserialize)]
struct SubmitBody {
    app_version_info: VersionInfo,
    #[serde(default)]
    share_service_list: Vec<Value>,
}

#[derive(Deserialize)]
struct VersionInfo {
    app_model_id: String,
    version: String,
    #[serde(default)]
    version_alias: String,
    #[serde(default)]
    describe: String,
}

async fn submit_info(
    State(s): State<AppState>,
    user: ConsoleUser,
    Path((team, share_id)): Path<(String, i64)>,
    Json(body): Json<SubmitBody>,
) -> Result<Response> {
    let r = record_row(&s, &team, share_id).await?;
    check_open(&r)?;
    let v = &body.app_version_info;
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
    if body.share_service_list.is_empty() {
        return Err(ConsoleError::new(
            400,
            "share_service_list: a version needs at least one component",
        ));
    }
    let market = bound_market(&s, &user.enterprise_id, &r.store_name).await?;
    let owner = publishing_account(&s, &market).await?;
    let app = crate::store::app_row(&s, &v.app_model_id)
        .await
        .map_err(|e| ConsoleError(e.0, e.1))?;
    if app.owner_id != owner {
        return Err(ConsoleError::new(
            403,
            "app_model_id: you can only publish to a template you own",
        ));
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
    // A second submit replaces the first one's pushes, as the console does.
    sqlx::query("DELETE FROM share_events WHERE share_id = ?")
        .bind(share_id)
        .execute(&mut *tx)
        .await?;
    for service in &body.share_service_list {
        sqlx::query(
            "INSERT INTO share_events (share_id, service_id, service_name) VALUES (?, ?, ?)",
        )
        .bind(share_id)
        .bind(service["service_id"].as_str().unwrap_or_default())
        .bind(service["service_cname"].as_str().unwrap_or_default())
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(bean(record_json(&record_row(&s, &team, share_id).await?)))
}

#[derive(FromRow)]
struct EventRow {
    id: i64,
    service_id: String,
    service_name: String,
    #[sqlx(rename = "type")]
    kind: String,
    started_ms: Option<i64>,
    fails: bool,
}

fn event_status(s: &AppState, e: &EventRow, position: usize, count: usize) -> &'static str {
    let Some(started) = e.started_ms else {
        return "not_start";
    };
    // Components take different times, the last the longest, as real pushes do.
    let takes = s.settings.push_ms as i64 * (3 + position as i64) / (2 + count as i64);
    match (now_ms() - started >= takes, e.fails) {
        (false, _) => "start",
        (true, false) => "success",
        (true, true) => "failure",
    }
}

async fn event_list(s: &AppState, share_id: i64) -> Result<Vec<Value>> {
    let rows: Vec<EventRow> =
        sqlx::query_as("SELECT * FROM share_events WHERE share_id = ? ORDER BY id")
            .bind(share_id)
            .fetch_all(&s.db)
            .await?;
    Ok(rows
        .iter()
        .enumerate()
        .map(|(i, e)| {
            json!({"ID": e.id, "service_id": e.service_id, "service_name": e.service_name, "type": e.kind,
                   "event_status": event_status(s, e, i, rows.len()), "event_id": format!("share-{}", e.id)})
        })
        .collect())
}

async fn events(
    State(s): State<AppState>,
    _user: ConsoleUser,
    Path((team, share_id)): Path<(String, i64)>,
) -> Result<Response> {
    let r = record_row(&s, &team, share_id).await?;
    if r.step < 2 {
        return Err(ConsoleError::new(
            400,
            "the version's information has not been submitted yet",
        ));
    }
    let list = event_list(&s, share_id).await?;
    Ok(bean(
        json!({"event_list": list, "is_compelte": r.step >= 3}),
    ))
}

async fn one_event(s: &AppState, share_id: i64, event_id: i64) -> Result<Value> {
    event_list(s, share_id)
        .await?
        .into_iter()
        .find(|e| e["ID"] == event_id)
        .ok_or_else(|| ConsoleError::new(404, format!("event {event_id} not found")))
}

async fn event(
    State(s): State<AppState>,
    _user: ConsoleUser,
    Path((team, share_id, event_id)): Path<(String, i64, i64)>,
) -> Result<Response> {
    record_row(&s, &team, share_id).await?;
    Ok(bean(one_event(&s, share_id, event_id).await?))
}

async fn start_event(
    State(s): State<AppState>,
    _user: ConsoleUser,
    Path((team, share_id, event_id)): Path<(String, i64, i64)>,
) -> Result<Response> {
    let r = record_row(&s, &team, share_id).await?;
    check_open(&r)?;
    let current = one_event(&s, share_id, event_id).await?;
    // Starting a push under way or done changes nothing; a failed one starts again.
    if matches!(
        current["event_status"].as_str(),
        Some("not_start" | "failure")
    ) {
        sqlx::query("UPDATE share_events SET started_ms = ?, fails = ? WHERE id = ?")
            .bind(now_ms())
            .bind(s.faults.take_push_failure())
            .bind(event_id)
            .execute(&s.db)
            .await?;
    }
    Ok(bean(one_event(&s, share_id, event_id).await?))
}

async fn complete(
    State(s): State<AppState>,
    user: ConsoleUser,
    Path((team, share_id)): Path<(String, i64)>,
) -> Result<Response> {
    let r = record_row(&s, &team, share_id).await?;
    if r.status == 1 {
        // Completing twice is harmless: the first one's answer again.
        return Ok(bean(record_json(&r)));
    }
    check_open(&r)?;
    let events = event_list(&s, share_id).await?;
    if r.step < 2 || events.iter().any(|e| e["event_status"] != "success") {
        return Err(ConsoleError::new(
            415,
            "the component images have not all been pushed yet",
        ));
    }
    let market = bound_market(&s, &user.enterprise_id, &r.store_name).await?;
    publishing_account(&s, &market).await?;
    let app = crate::store::app_row(&s, &r.app_model_id)
        .await
        .map_err(|e| ConsoleError(e.0, e.1))?;
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
    .map_err(|e| ConsoleError(e.0, e.1))?;
    sqlx::query("UPDATE share_records SET step = 3, status = 1, is_success = 1, update_time = ? WHERE id = ?")
        .bind(now_ms())
        .bind(share_id)
        .execute(&s.db)
        .await?;
    Ok(bean(record_json(&record_row(&s, &team, share_id).await?)))
}

async fn give_up(
    State(s): State<AppState>,
    _user: ConsoleUser,
    Path((team, share_id)): Path<(String, i64)>,
) -> Result<Response> {
    let r = record_row(&s, &team, share_id).await?;
    if r.status == 1 {
        return Err(ConsoleError::new(
            400,
            format!("share record {share_id} is already published"),
        ));
    }
    sqlx::query("UPDATE share_records SET status = 2, update_time = ? WHERE id = ? AND status = 0")
        .bind(now_ms())
        .bind(share_id)
        .execute(&s.db)
        .await?;
    Ok(bean(record_json(&record_row(&s, &team, share_id).await?)))
}
