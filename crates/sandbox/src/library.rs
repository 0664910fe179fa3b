//! The console's own library as its enterprise views behave
//! [console/views/center_pool/apps.py CenterAppCLView, CenterAppView, TagCLView;
//! console/repositories/market_app_repo.py get_rainbond_ceneter_app_by]:
//! app models made without an id in the reply, listed by scope and team with
//! the hidden snapshot templates among them, tags by id, version rows written
//! by local shares (a number can repeat: the newest row wins), and the
//! one-store view that tells an offline console (cloud stores disabled).

use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};
use sqlx::FromRow;

use crate::console::{bound_market, store_account, ConsoleUser};
use crate::reply::{bean, bean_with, list, now_ms, timestamp, ConsoleError};
use crate::AppState;

type Result<T, E = ConsoleError> = std::result::Result<T, E>;

pub fn routes() -> Router<AppState> {
    let eid = "/console/enterprise/{eid}";
    Router::new()
        .route(&format!("{eid}/app-models"), get(models).post(create_model))
        .route(&format!("{eid}/app-models/tag"), get(tags).post(create_tag))
        .route(&format!("{eid}/app-model/{{app_id}}"), get(one_model))
        .route(
            &format!("{eid}/app-model/{{app_id}}/version/{{version}}"),
            axum::routing::put(crate::release_mark::set_version),
        )
        .route(&format!("{eid}/cloud/markets/{{market}}"), get(one_market))
}

#[derive(FromRow)]
pub(crate) struct ModelRow {
    pub(crate) app_id: String,
    enterprise_id: String,
    pub(crate) app_name: String,
    pub(crate) scope: String,
    create_team: Option<String>,
    describe: String,
    pic: Option<String>,
    details: Option<String>,
    dev_status: Option<String>,
    source: String,
    is_ingerit: bool,
    is_version: bool,
    create_time: i64,
    update_time: i64,
}

#[derive(FromRow)]
struct VersionRow {
    id: i64,
    app_id: String,
    version: String,
    version_alias: String,
    describe: String,
    dev_status: String,
    scope: String,
    record_id: Option<i64>,
    is_complete: bool,
    app_template: String,
    create_time: i64,
    upgrade_time: i64,
    release_user_id: Option<i64>,
}

fn columns(m: &ModelRow) -> Value {
    json!({"ID": 0, "app_id": m.app_id, "app_name": m.app_name, "create_user": 1, "create_team": m.create_team,
           "pic": m.pic, "source": m.source, "dev_status": m.dev_status, "scope": m.scope,
           "describe": m.describe, "is_ingerit": m.is_ingerit, "details": m.details,
           "enterprise_id": m.enterprise_id, "install_number": 0, "is_official": false,
           "is_version": m.is_version, "create_time": timestamp(m.create_time),
           "update_time": timestamp(m.update_time), "arch": ["amd64"]})
}

/// One entry per version number, the newest row of it winning, highest number first.
fn versions_info(rows: &[VersionRow], app_id: &str, complete_only: bool) -> Vec<Value> {
    let mut by_number: Vec<&VersionRow> = Vec::new();
    for r in rows
        .iter()
        .filter(|r| r.app_id == app_id && (!complete_only || r.is_complete))
    {
        match by_number.iter_mut().find(|v| v.version == r.version) {
            Some(kept) if kept.id < r.id => *kept = r,
            Some(_) => {}
            None => by_number.push(r),
        }
    }
    by_number.sort_by_key(|v| std::cmp::Reverse(number(&v.version)));
    by_number
        .into_iter()
        .map(|v| {
            json!({"is_complete": v.is_complete, "version": v.version, "version_alias": v.version_alias,
                   "dev_status": v.dev_status, "arch": "amd64", "cpu": 0, "memory": 0})
        })
        .collect()
}

/// A version number's parts, to order numbers as numbers.
fn number(v: &str) -> Vec<u64> {
    v.split('.').map(|p| p.parse().unwrap_or(0)).collect()
}

#[derive(Deserialize)]
struct ModelsQuery {
    scope: Option<String>,
    app_name: Option<String>,
    is_complete: Option<String>,
    tenant_name: Option<String>,
    page: Option<usize>,
    page_size: Option<usize>,
}

/// The library's models: by scope (and the team for `team`, or enterprise
/// models plus the team's for an empty scope), names matched as substrings
/// in any case, newest update first, paged as asked [get_visiable_apps].
async fn models(
    State(s): State<AppState>,
    user: ConsoleUser,
    Path(eid): Path<String>,
    Query(q): Query<ModelsQuery>,
) -> Result<Response> {
    user.check_enterprise(&eid)?;
    let all: Vec<ModelRow> =
        sqlx::query_as("SELECT * FROM library_models ORDER BY update_time DESC, rowid DESC")
            .fetch_all(&s.db)
            .await?;
    let team = q.tenant_name.as_deref().filter(|t| !t.is_empty());
    let in_scope = |m: &&ModelRow| match q.scope.as_deref() {
        Some("team") => {
            m.scope == "team" && team.is_none_or(|t| m.create_team.as_deref() == Some(t))
        }
        Some("") => {
            m.scope == "enterprise"
                || (m.scope == "team" && team.is_some() && m.create_team.as_deref() == team)
        }
        Some(other) => m.scope == other,
        None => m.scope == "enterprise",
    };
    let needle = q.app_name.as_deref().unwrap_or("").to_lowercase();
    let matching: Vec<&ModelRow> = all
        .iter()
        .filter(in_scope)
        .filter(|m| m.app_name.to_lowercase().contains(&needle))
        .collect();
    let (page, size) = (q.page.unwrap_or(1).max(1), q.page_size.unwrap_or(10).max(1));
    let rows: Vec<VersionRow> = sqlx::query_as("SELECT * FROM library_versions ORDER BY id")
        .fetch_all(&s.db)
        .await?;
    let complete_only = q.is_complete.as_deref().is_some_and(|c| !c.is_empty());
    let items: Vec<Value> = matching
        .iter()
        .skip((page - 1) * size)
        .take(size)
        .map(|m| {
            let mut item = columns(m);
            item["versions_info"] = json!(versions_info(&rows, &m.app_id, complete_only));
            item["min_memory"] = json!(0);
            item
        })
        .collect();
    Ok(list(
        items,
        json!({"total": matching.len(), "next_page": page + 1}),
    ))
}

#[derive(Deserialize)]
struct NewModel {
    name: Option<String>,
    describe: Option<String>,
    pic: Option<String>,
    details: Option<String>,
    dev_status: Option<String>,
    tag_ids: Option<Vec<i64>>,
    scope: Option<String>,
    source: Option<String>,
    create_team: Option<String>,
    team_name: Option<String>,
}

/// Makes a model, checked in the view's order; the answer carries no id.
async fn create_model(
    State(s): State<AppState>,
    user: ConsoleUser,
    Path(eid): Path<String>,
    Json(b): Json<NewModel>,
) -> Result<Response> {
    user.check_enterprise(&eid)?;
    let scope = b.scope.unwrap_or_else(|| "team".into());
    let team = b.create_team.or(b.team_name);
    if scope == "team" && team.as_deref().unwrap_or("").is_empty() {
        return Err(ConsoleError::shown(400, "please select team", "请选择团队"));
    }
    if scope != "team" && scope != "enterprise" {
        return Err(ConsoleError::shown(
            400,
            "parameter error",
            "scope 参数不正确",
        ));
    }
    let name = b.name.unwrap_or_default();
    if name.is_empty() {
        return Err(ConsoleError::shown(400, "error params", "请填写应用名称"));
    }
    if !crate::console::valid_template_name(&name) {
        return Err(ConsoleError::shown(
            400,
            "error params",
            "应用名称只支持中文、字母、数字和-_组合,并且必须以中文、字母、数字开始和结束",
        ));
    }
    // The same name in this enterprise and scope (and team, for a team's):
    // hidden snapshot templates count [create_rainbond_app]. Compared as the
    // console's usual database does, without regard to case (MySQL's
    // case-insensitive collation; `app_name=Gitea` finds `gitea`).
    let (exists,): (i64,) = sqlx::query_as(
        "SELECT count(*) FROM library_models WHERE enterprise_id = ? AND lower(app_name) = lower(?)
         AND scope = ? AND (scope <> 'team' OR create_team = ?)",
    )
    .bind(&eid)
    .bind(&name)
    .bind(&scope)
    .bind(&team)
    .fetch_one(&s.db)
    .await?;
    if exists > 0 {
        return Err(ConsoleError::unshown(400, "创建失败：应用已存在"));
    }
    let describe = b
        .describe
        .unwrap_or_else(|| "This is a default description.".into());
    // Lengths are the database's: name 64, describe 400, pic 200.
    if name.chars().count() > 64
        || describe.chars().count() > 400
        || b.pic.as_deref().is_some_and(|p| p.chars().count() > 200)
    {
        return Err(ConsoleError::traceback(
            "Data too long",
            "DataError: (1406, \"Data too long for column\")",
        ));
    }
    let app_id = uuid::Uuid::now_v7().simple().to_string();
    let now = now_ms();
    let mut tx = crate::write(&s.db).await?;
    sqlx::query(
        "INSERT INTO library_models (app_id, enterprise_id, app_name, scope, create_team, describe, pic, details,
                                     dev_status, source, create_time, update_time)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(&app_id)
    .bind(&eid)
    .bind(&name)
    .bind(&scope)
    .bind(&team)
    .bind(&describe)
    .bind(&b.pic)
    .bind(&b.details)
    .bind(&b.dev_status)
    .bind(b.source.unwrap_or_else(|| "local".into()))
    .bind(now)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    // Tag ids are not checked.
    for tag in b.tag_ids.unwrap_or_default() {
        sqlx::query("INSERT OR IGNORE INTO library_model_tags (app_id, tag_id) VALUES (?, ?)")
            .bind(&app_id)
            .bind(tag)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(bean_with(json!({}), "success", ""))
}

async fn model_tags(s: &AppState, app_id: &str) -> Result<Vec<Value>> {
    let rows: Vec<(i64, String)> = sqlx::query_as(
        "SELECT t.tag_id, t.name FROM library_model_tags m JOIN library_tags t USING (tag_id) WHERE m.app_id = ?",
    )
    .bind(app_id)
    .fetch_all(&s.db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, name)| json!({"tag_id": id, "name": name}))
        .collect())
}

#[derive(Deserialize)]
struct Paging {
    page: Option<usize>,
    page_size: Option<usize>,
}

/// One model with its version rows, one per number, complete or not.
async fn one_model(
    State(s): State<AppState>,
    user: ConsoleUser,
    Path((eid, app_id)): Path<(String, String)>,
    Query(q): Query<Paging>,
) -> Result<Response> {
    user.check_enterprise(&eid)?;
    let m = find_model(&s, &app_id)
        .await?
        .ok_or_else(|| ConsoleError::shown(400, "app not found", "未找到该应用"))?;
    let rows: Vec<VersionRow> =
        sqlx::query_as("SELECT * FROM library_versions WHERE app_id = ? ORDER BY id")
            .bind(&app_id)
            .fetch_all(&s.db)
            .await?;
    let numbers = versions_info(&rows, &app_id, false);
    let (page, size) = (q.page.unwrap_or(1).max(1), q.page_size.unwrap_or(10).max(1));
    if page > 1 && (page - 1) * size >= numbers.len() {
        return Err(ConsoleError::traceback(
            "That page contains no results",
            "django.core.paginator.EmptyPage: That page contains no results",
        ));
    }
    let versions: Vec<Value> = numbers
        .iter()
        .skip((page - 1) * size)
        .take(size)
        .filter_map(|n| {
            let row = rows.iter().rev().find(|r| r.version == n["version"])?;
            Some(json!({"ID": row.id, "app_id": row.app_id, "version": row.version,
                "version_alias": row.version_alias, "app_version_info": row.describe,
                "dev_status": row.dev_status, "scope": row.scope, "record_id": row.record_id,
                "is_complete": row.is_complete, "app_template": row.app_template,
                "create_time": timestamp(row.create_time), "upgrade_time": timestamp(row.upgrade_time),
                "share_user": 1, "share_user_id": 1, "release_user_id": row.release_user_id}))
        })
        .collect();
    // The releasing user's nick name; the model reads Release when any row does
    // [market_app_service.py get_rainbond_app_and_versions].
    let mut versions = versions;
    for v in &mut versions {
        let name: Option<(String,)> =
            sqlx::query_as("SELECT nick_name FROM console_users WHERE user_id = ?")
                .bind(v["release_user_id"].as_i64())
                .fetch_optional(&s.db)
                .await?;
        v["release_user"] = json!(name.map(|n| n.0).unwrap_or_default());
    }
    let mut model = columns(&m);
    model["tags"] = json!(model_tags(&s, &app_id).await?);
    model["dev_status"] = json!(if rows.iter().any(|r| r.dev_status == "release") {
        "release"
    } else {
        ""
    });
    Ok(crate::reply::bean_and_list(model, versions))
}

async fn tags(
    State(s): State<AppState>,
    user: ConsoleUser,
    Path(eid): Path<String>,
) -> Result<Response> {
    user.check_enterprise(&eid)?;
    let rows: Vec<(i64, String)> = sqlx::query_as(
        "SELECT tag_id, name FROM library_tags WHERE enterprise_id = ? ORDER BY tag_id",
    )
    .bind(&eid)
    .fetch_all(&s.db)
    .await?;
    let items = rows
        .into_iter()
        .map(|(id, name)| json!({"name": name, "tag_id": id}))
        .collect();
    Ok(list(items, json!({})))
}

#[derive(Deserialize)]
struct NewTag {
    name: Option<String>,
}

/// Makes a tag; the name is unique across every enterprise, at most 32 characters.
async fn create_tag(
    State(s): State<AppState>,
    user: ConsoleUser,
    Path(eid): Path<String>,
    Json(b): Json<NewTag>,
) -> Result<Response> {
    user.check_enterprise(&eid)?;
    let name = b.name.unwrap_or_default();
    // Case-insensitive, as on the console's usual database (MySQL).
    let (here,): (i64,) = sqlx::query_as(
        "SELECT count(*) FROM library_tags WHERE enterprise_id = ? AND lower(name) = lower(?)",
    )
    .bind(&eid)
    .bind(&name)
    .fetch_one(&s.db)
    .await?;
    if here > 0 {
        return Err(ConsoleError::shown(400, "tag exists", "标签已存在"));
    }
    let made = sqlx::query("INSERT INTO library_tags (enterprise_id, name) VALUES (?, ?)")
        .bind(&eid)
        .bind(&name)
        .execute(&s.db)
        .await;
    if made.is_err() || name.is_empty() || name.chars().count() > 32 {
        return Err(ConsoleError::shown(400, "create failed", "创建失败"));
    }
    Ok(bean(json!({})))
}

/// One bound store, in `data.list`: `status` 0 when the console's cloud
/// stores are disabled, 400 应用商店状态异常 when the store is down.
async fn one_market(
    State(s): State<AppState>,
    user: ConsoleUser,
    Path((eid, name)): Path<(String, String)>,
) -> Result<Response> {
    user.check_enterprise(&eid)?;
    let market = bound_market(&s, &eid, &name)
        .await
        .map_err(|_| ConsoleError::shown(404, "market not found", "应用商店不存在"))?;
    if s.settings.cloud_disabled {
        let item = json!({"name": name, "url": market.url, "status": 0, "access_actions": [],
                          "alias": name, "description": null, "version": "1.0"});
        return Ok(one_object(item));
    }
    if s.faults.take_store_outage() {
        return Err(ConsoleError::shown(
            400,
            "market status abnormal",
            "应用商店状态异常",
        ));
    }
    let Some((_, actions)) = store_account(&s, &market.url, &market.access_key).await? else {
        return Err(ConsoleError::shown(
            400,
            "market status abnormal",
            "应用商店状态异常",
        ));
    };
    let item = json!({"name": name, "url": market.url, "status": 1, "access_actions": actions,
                      "alias": name, "description": "", "version": "sandbox-1"});
    Ok(one_object(item))
}

/// The one-store view's reply: the store object itself in `data.list`, not an
/// array, and no `msg_show` (`general_message(200, "success", None,
/// list=market)` with a dict; service_share.py:751-756, app.py:1366-1410).
fn one_object(market: Value) -> Response {
    Json(json!({"code": 200, "msg": "success", "msg_show": null,
                "data": {"bean": {}, "list": market}}))
    .into_response()
}

pub(crate) async fn find_model(s: &AppState, app_id: &str) -> Result<Option<ModelRow>> {
    Ok(
        sqlx::query_as("SELECT * FROM library_models WHERE app_id = ?")
            .bind(app_id)
            .fetch_optional(&s.db)
            .await?,
    )
}

/// The hidden template a snapshot makes, as the library lists it: a team
/// model of the app's team named after the app, not inheritable.
pub(crate) async fn add_hidden_model(
    s: &AppState,
    app_id: &str,
    group_id: i64,
) -> std::result::Result<(), sqlx::Error> {
    let (team, name): (String, String) =
        sqlx::query_as("SELECT team_name, group_name FROM console_apps WHERE group_id = ?")
            .bind(group_id)
            .fetch_one(&s.db)
            .await?;
    let (eid,): (String,) = sqlx::query_as("SELECT enterprise_id FROM console_users LIMIT 1")
        .fetch_one(&s.db)
        .await?;
    let now = now_ms();
    sqlx::query(
        "INSERT OR IGNORE INTO library_models (app_id, enterprise_id, app_name, scope, create_team, describe,
                                               is_ingerit, create_time, update_time)
         VALUES (?, ?, ?, 'team', ?, ?, 0, ?, ?)",
    )
    .bind(app_id)
    .bind(eid)
    .bind(name)
    .bind(team)
    .bind(format!("App version template for app {group_id}"))
    .bind(now)
    .bind(now)
    .execute(&s.db)
    .await?;
    Ok(())
}

/// `shared/apps` for a local scope: the team's local models in both scopes,
/// newest first, complete versions only, one per number; `bean` is the model
/// of this app's last successful local share by the team.
pub(crate) async fn local_shared_apps(s: &AppState, team: &str, group_id: i64) -> Result<Response> {
    let models: Vec<ModelRow> = sqlx::query_as(
        "SELECT * FROM library_models WHERE source = 'local' AND create_team = ? ORDER BY create_time DESC, rowid DESC",
    )
    .bind(team)
    .fetch_all(&s.db)
    .await?;
    let rows: Vec<VersionRow> = sqlx::query_as("SELECT * FROM library_versions ORDER BY id")
        .fetch_all(&s.db)
        .await?;
    let mut items = Vec::new();
    for m in &models {
        let versions: Vec<Value> = versions_info(&rows, &m.app_id, true)
            .into_iter()
            .map(|v| {
                let describe = rows
                    .iter()
                    .rev()
                    .find(|r| r.app_id == m.app_id && r.version == v["version"])
                    .map(|r| r.describe.clone());
                json!({"version": v["version"], "version_alias": v["version_alias"],
                       "dev_status": v["dev_status"], "describe": describe})
            })
            .collect();
        let tags = model_tags(s, &m.app_id).await?;
        items.push(
            json!({"app_name": m.app_name, "app_id": m.app_id, "pic": m.pic,
            "app_describe": m.describe, "dev_status": m.dev_status, "versions": versions,
            "scope": m.scope, "tags": if tags.is_empty() { Value::Null } else { json!(tags) }}),
        );
    }
    let last: Option<(String, String)> = sqlx::query_as(
        "SELECT app_model_id, version FROM share_records WHERE group_id = ? AND team_name = ?
         AND scope <> 'goodrain' AND is_success = 1 ORDER BY update_time DESC LIMIT 1",
    )
    .bind(group_id)
    .bind(team)
    .fetch_optional(&s.db)
    .await?;
    let bean = match last {
        Some((app_id, version)) => match models.iter().find(|m| m.app_id == app_id) {
            Some(m) => json!({"app_name": m.app_name, "app_id": m.app_id, "version": version,
                              "pic": m.pic, "app_describe": m.describe, "dev_status": m.dev_status,
                              "scope": m.scope}),
            None => json!({}),
        },
        None => json!({}),
    };
    Ok(crate::reply::bean_and_list(bean, items))
}

/// A local submit writes an incomplete version row with the model's scope
/// (which the record takes).
pub(crate) async fn submit_local(
    tx: &mut sqlx::Transaction<'static, sqlx::Sqlite>,
    record_id: i64,
    model: &ModelRow,
    version: (&str, &str, &str),
    template: &Value,
    region: &str,
) -> Result<()> {
    let now = now_ms();
    sqlx::query(
        "INSERT INTO library_versions (app_id, version, version_alias, describe, scope, record_id, app_template,
                                       region_name, create_time, upgrade_time)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(&model.app_id)
    .bind(version.0)
    .bind(version.1)
    .bind(version.2)
    .bind(&model.scope)
    .bind(record_id)
    .bind(template.to_string())
    .bind(region)
    .bind(now)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A local complete: no store call; the record's version row is complete and
/// the model has a version.
pub(crate) async fn complete_local(s: &AppState, record_id: i64, app_id: &str) -> Result<()> {
    let now = now_ms();
    let mut tx = crate::write(&s.db).await?;
    sqlx::query(
        "UPDATE library_versions SET is_complete = 1, upgrade_time = ? WHERE id =
           (SELECT max(id) FROM library_versions WHERE record_id = ?)",
    )
    .bind(now)
    .bind(record_id)
    .execute(&mut *tx)
    .await?;
    sqlx::query("UPDATE library_models SET is_version = 1, update_time = ? WHERE app_id = ?")
        .bind(now)
        .bind(app_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Giving a local share up deletes every incomplete version row of its model,
/// another share's in flight included.
pub(crate) async fn give_up_local(
    tx: &mut sqlx::Transaction<'static, sqlx::Sqlite>,
    app_id: &str,
) -> Result<()> {
    sqlx::query("DELETE FROM library_versions WHERE app_id = ? AND is_complete = 0")
        .bind(app_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}
