//! Share records as the console keeps and shows them [ServiceShareRecordView,
//! ServiceShareRecordInfoView]: every POST makes a new one; the history skips
//! runtime records still without a version *after* paging; reading a store's
//! record asks the store how it is.

use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};
use sqlx::FromRow;

use super::next_id;
use crate::console::{bound_market, ConsoleUser};
use crate::region::Region;
use crate::reply::{bean, now_ms, refusal, timestamp, ConsoleError};
use crate::AppState;

type Result<T, E = ConsoleError> = std::result::Result<T, E>;

#[derive(FromRow)]
pub(crate) struct RecordRow {
    pub(crate) id: i64,
    pub(crate) group_id: i64,
    pub(crate) team_name: String,
    /// The bound store's name; empty for a share to the console's own library.
    pub(crate) store_name: String,
    pub(crate) step: i64,
    pub(crate) status: i64,
    pub(crate) is_success: bool,
    /// `app_id`: the target template, or a snapshot's hidden template until the submit.
    pub(crate) app_model_id: String,
    /// `share_version`: the target's version, or a snapshot's until the submit.
    pub(crate) version: String,
    pub(crate) version_alias: String,
    pub(crate) describe: String,
    pub(crate) create_time: i64,
    pub(crate) update_time: i64,
    /// The template the submit built; `None` before it.
    pub(crate) template: Option<String>,
    /// `goodrain` for a store; for a local share, as sent until the submit,
    /// then the app model's own scope.
    pub(crate) scope: String,
}

impl RecordRow {
    pub(crate) fn is_complete(&self) -> bool {
        self.is_success || self.step >= 3
    }
}

pub(crate) async fn find_record(
    s: &AppState,
    team: &str,
    share_id: i64,
) -> Result<Option<RecordRow>> {
    Ok(sqlx::query_as(
        "SELECT id, group_id, team_name, store_name, step, status, is_success, app_model_id, version,
                version_alias, describe, create_time, update_time, template, scope
         FROM share_records WHERE id = ? AND team_name = ?",
    )
    .bind(share_id)
    .bind(team)
    .fetch_optional(&s.db)
    .await?)
}

/// The record a share view works on: 404 when there is none, 400 once complete
/// (every share view but the record reads answers so).
pub(crate) async fn open_record(s: &AppState, team: &str, share_id: i64) -> Result<RecordRow> {
    let r = find_record(s, team, share_id).await?.ok_or_else(|| {
        ConsoleError::shown(404, "share record not found", "分享流程不存在，请退出重试")
    })?;
    if r.is_complete() {
        return Err(ConsoleError::shown(
            400,
            "share record is complete",
            "分享流程已经完成，请重新进行分享",
        ));
    }
    Ok(r)
}

fn or_null(s: &str) -> Value {
    if s.is_empty() {
        Value::Null
    } else {
        json!(s)
    }
}

/// The record's columns (`to_dict()`), as the POST and complete answer them: the id is `ID`.
pub(crate) fn record_columns(r: &RecordRow) -> Value {
    let scope = &r.scope;
    json!({"ID": r.id, "group_share_id": format!("{:032x}", r.id), "group_id": r.group_id.to_string(),
           "team_name": r.team_name, "event_id": null, "share_version": or_null(&r.version),
           "share_version_alias": or_null(&r.version_alias), "share_app_version_info": or_null(&r.describe),
           "is_success": r.is_success, "step": r.step, "status": r.status, "app_id": or_null(&r.app_model_id),
           "scope": scope, "share_app_market_name": or_null(&r.store_name), "share_store_name": null,
           "share_app_model_name": null, "create_time": timestamp(r.create_time),
           "update_time": timestamp(r.update_time)})
}

/// A record in the history: `app_model_id` is the record's `app_id` as stored.
fn history_item(r: &RecordRow, app_name: Option<&str>) -> Value {
    json!({"app_model_id": or_null(&r.app_model_id), "app_model_name": app_name,
           "version": or_null(&r.version), "version_alias": or_null(&r.version_alias), "scope": r.scope,
           "create_time": timestamp(r.create_time), "upgrade_time": null, "step": r.step,
           "is_success": r.is_success, "status": r.status,
           "scope_target": {"store_name": or_null(&r.store_name), "store_id": or_null(&r.store_name)},
           "record_id": r.id, "app_version_info": or_null(&r.describe)})
}

/// The template's name as the history shows it: the store's, or the app's for
/// a snapshot's hidden template.
async fn model_name(s: &AppState, r: &RecordRow) -> Option<String> {
    if let Ok(app) = crate::store::app_row(s, &r.app_model_id).await {
        return Some(app.name);
    }
    hidden_name(s, r).await
}

/// The name of the library's app model the record's `app_id` names (a local
/// model, or a snapshot's hidden template): the only kind the one-record view names.
async fn hidden_name(s: &AppState, r: &RecordRow) -> Option<String> {
    crate::library::find_model(s, &r.app_model_id)
        .await
        .ok()
        .flatten()
        .map(|m| m.app_name)
}

#[derive(Deserialize)]
pub(crate) struct NewRecord {
    scope: Option<String>,
    target: Option<Target>,
    snapshot_app_id: Option<String>,
    snapshot_version: Option<String>,
}

#[derive(Deserialize)]
struct Target {
    store_id: Option<String>,
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

/// Creates a new record on every POST; an unfinished one is never handed back.
/// `snapshot_app_id` and `snapshot_version` are written as the record's `app_id`
/// and `share_version`, unchecked.
pub(crate) async fn start_record(
    State(s): State<AppState>,
    user: ConsoleUser,
    region: Region,
    Path((team, group_id)): Path<(String, i64)>,
    Json(body): Json<NewRecord>,
) -> Result<Response> {
    let store_id = if body.scope.as_deref() == Some("goodrain") {
        body.target
            .and_then(|t| t.store_id)
            .ok_or_else(|| ConsoleError::shown(400, "fail", "参数不全"))?
    } else {
        String::new()
    };
    if group_id == -1 {
        return Err(ConsoleError::shown(
            400,
            "group id error",
            "未分组应用不可分享",
        ));
    }
    if !team_has_app(&s, &team, group_id).await? {
        // HTTP 200 with another code in the body, as the view answers.
        return Ok(refusal(
            202,
            "group is not yours!",
            "当前组已删除或您无权限查看!",
        ));
    }
    if !store_id.is_empty() {
        bound_market(&s, &user.enterprise_id, &store_id).await?;
    }
    let now = now_ms();
    let mut tx = crate::write(&s.db).await?;
    let id = next_id(&mut tx, "share_records").await?;
    sqlx::query(
        "INSERT INTO share_records (id, group_id, team_name, region_name, store_name, app_model_id, version,
                                    create_time, update_time, scope)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(id)
    .bind(group_id)
    .bind(&team)
    .bind(&region.0)
    .bind(&store_id)
    .bind(body.snapshot_app_id.unwrap_or_default())
    .bind(body.snapshot_version.unwrap_or_default())
    .bind(now)
    .bind(now)
    .bind(body.scope.unwrap_or_default())
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
pub(crate) struct Page {
    page: Option<usize>,
    page_size: Option<usize>,
}

/// The app's records, newest first, paged as Django's `Paginator` pages them
/// (`page_size` honoured as sent); those still at status 0 with no version are
/// left out *after* paging, and `total` is all records less the ones left out of
/// this page [ServiceShareRecordView.get]. A page past the end raises `EmptyPage`.
pub(crate) async fn records(
    State(s): State<AppState>,
    _user: ConsoleUser,
    _region: Region,
    Path((team, group_id)): Path<(String, i64)>,
    Query(q): Query<Page>,
) -> Result<Response> {
    let rows: Vec<RecordRow> = sqlx::query_as(
        "SELECT id, group_id, team_name, store_name, step, status, is_success, app_model_id, version,
                version_alias, describe, create_time, update_time, template, scope
         FROM share_records WHERE group_id = ? AND team_name = ? AND status IN (0, 1, 2)
         ORDER BY create_time DESC, id DESC",
    )
    .bind(group_id)
    .bind(&team)
    .fetch_all(&s.db)
    .await?;
    let page = q.page.unwrap_or(1);
    let page_size = q.page_size.unwrap_or(10).max(1);
    // An empty first page is allowed; any other page must hold a record.
    let pages = rows.len().div_ceil(page_size).max(1);
    if page < 1 || page > pages {
        return Err(ConsoleError::traceback(
            "That page contains no results",
            "django.core.paginator.EmptyPage: That page contains no results",
        ));
    }
    let on_page = rows.iter().skip((page - 1) * page_size).take(page_size);
    let mut items = Vec::new();
    let mut skipped = 0;
    for r in on_page {
        if r.status == 0 && r.version.is_empty() {
            skipped += 1;
            continue;
        }
        items.push(history_item(r, model_name(&s, r).await.as_deref()));
    }
    let total = rows.len() - skipped;
    Ok(crate::reply::bean_and_list(json!({"total": total}), items))
}

/// One record, or `bean: {}` when there is none. A store's record asks the
/// store first: a store that is down is 400 "应用商店状态异常". Only a local app
/// model (here: a snapshot's hidden template) is named; a store template's id
/// is not, and `version` is the version row's, once there is one.
pub(crate) async fn record(
    State(s): State<AppState>,
    user: ConsoleUser,
    _region: Region,
    Path((team, group_id, record_id)): Path<(String, i64, i64)>,
) -> Result<Response> {
    let found = find_record(&s, &team, record_id)
        .await?
        .filter(|r| r.group_id == group_id);
    let Some(r) = found else {
        return Ok(bean(json!({})));
    };
    if !r.store_name.is_empty() {
        bound_market(&s, &user.enterprise_id, &r.store_name)
            .await
            .map_err(|_| ConsoleError::shown(404, "market not found", "应用商店不存在"))?;
        if s.faults.take_store_outage() {
            return Err(ConsoleError::shown(
                400,
                "market status abnormal",
                "应用商店状态异常",
            ));
        }
    }
    let hidden = hidden_name(&s, &r).await;
    let local_id = hidden
        .as_ref()
        .map(|_| json!(r.app_model_id))
        .unwrap_or(Value::Null);
    let store_name = if r.store_name.is_empty() {
        Value::Null
    } else {
        json!(r.store_name)
    };
    Ok(bean(
        json!({"app_model_id": local_id, "app_model_name": hidden,
        "version": or_null(&r.version), "version_alias": or_null(&r.version_alias),
        "scope": r.scope,
        "create_time": timestamp(r.create_time), "upgrade_time": null, "step": r.step,
        "is_success": r.is_success, "status": r.status,
        "scope_target": {"store_name": store_name, "store_id": or_null(&r.store_name), "store_version": "1.0"},
        "record_id": r.id}),
    ))
}

#[derive(Deserialize)]
pub(crate) struct StatusBody {
    status: i64,
}

pub(crate) async fn set_record_status(
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

pub(crate) async fn delete_record(
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
