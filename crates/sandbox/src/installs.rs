//! Apps made, library and store versions installed into them, what an install
//! made, and deleting apps, as the console's views do them
//! (docs/install-upgrade.md, A1–A3 and A8, read 2026-12-07): the install
//! answers no ids; a second install makes a second upgrade group; the newest
//! row of a version installs, complete or not; `**None**` values resolve per
//! install; `DELETE groups/{app}` leaves the components behind and only
//! `.../handle` removes them. A component deploys in the time an image push
//! takes (`Settings::push_ms`).

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::console::ConsoleUser;
use crate::region::Region;
use crate::reply::{bean_with, list, now_ms, refusal, timestamp, ConsoleError};
use crate::AppState;

type Result<T, E = ConsoleError> = std::result::Result<T, E>;

pub fn routes() -> Router<AppState> {
    let team = "/console/teams/{team}";
    Router::new()
        .route(&format!("{team}/groups"), post(create_group))
        .route(&format!("{team}/groups/{{app}}/handle"), delete(delete_all))
        .route(&format!("{team}/groups/{{app}}"), delete(delete_app_only))
        .route(
            &format!("{team}/apps/market_create/preflight"),
            post(preflight),
        )
        .route(&format!("{team}/apps/market_create"), post(install))
        .route(
            &format!("{team}/groups/{{app}}/apps"),
            get(installed_models),
        )
        .route(
            &format!("{team}/groups/{{app}}/apps/{{ug}}/components"),
            get(group_components),
        )
        .route(&format!("{team}/service/group"), get(components))
}

// ---- the scratch app --------------------------------------------------------

#[derive(Deserialize)]
pub(crate) struct NewApp {
    #[serde(default)]
    app_name: String,
    #[serde(default)]
    k8s_app: String,
    #[serde(default)]
    note: String,
}

fn k8s_name_ok(name: &str) -> bool {
    let b = name.as_bytes();
    !b.is_empty()
        && b[0].is_ascii_lowercase()
        && b.iter()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-')
        && b.last()
            .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
}

fn app_name_ok(name: &str) -> bool {
    name.chars()
        .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

/// `POST groups`: an app of the team, checked as [group.py:38-119,
/// group_service.py:53-134] does: the English name first, then the name.
async fn create_app(s: &AppState, team: &str, region: &str, body: NewApp) -> Result<Response> {
    if !k8s_name_ok(&body.k8s_app) {
        return Err(ConsoleError {
            code: 21100,
            ..ConsoleError::shown(
                400,
                "invalid k8s app name",
                "应用英文名称只能由小写字母、数字或“-”组成，并且必须以字母开始、以数字或字母结尾",
            )
        });
    }
    if body.app_name.chars().count() > 128 {
        return Err(ConsoleError::shown(
            400,
            "app name too long",
            "应用名称最多支持128个字符",
        ));
    }
    if body.app_name.is_empty() || !app_name_ok(&body.app_name) {
        return Err(ConsoleError::shown(
            400,
            "invalid app name",
            "应用名称只支持中英文, 数字, 下划线, 中划线和点",
        ));
    }
    let mut tx = crate::write(&s.db).await?;
    let (named, k8s): (i64, i64) = sqlx::query_as(
        "SELECT count(CASE WHEN group_name = ? THEN 1 END), count(CASE WHEN k8s_app = ? THEN 1 END)
         FROM console_apps WHERE team_name = ? AND region_name = ? AND deleted = 0",
    )
    .bind(&body.app_name)
    .bind(&body.k8s_app)
    .bind(team)
    .bind(region)
    .fetch_one(&mut *tx)
    .await?;
    if k8s > 0 {
        return Err(ConsoleError {
            code: 21003,
            ..ConsoleError::shown(400, "k8s app exists", "应用英文名已存在")
        });
    }
    if named > 0 {
        return Err(ConsoleError::shown(
            400,
            "app name exists",
            "应用名称已存在",
        ));
    }
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO console_apps (team_name, region_name, group_name, template, k8s_app, note)
         VALUES (?, ?, ?, '{\"apps\": []}', ?, ?) RETURNING group_id",
    )
    .bind(team)
    .bind(region)
    .bind(&body.app_name)
    .bind(&body.k8s_app)
    .bind(&body.note)
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(bean_with(
        json!({"ID": id, "group_id": id, "app_id": id, "app_name": body.app_name, "group_name": body.app_name,
               "tenant_id": team, "region_name": region, "k8s_app": body.k8s_app, "note": body.note,
               "app_type": "rainbond", "create_time": timestamp(now_ms())}),
        "success",
        "创建成功",
    ))
}

/// `POST /console/teams/{team}/groups`, routed beside the list.
async fn create_group(
    State(s): State<AppState>,
    user: ConsoleUser,
    region: Region,
    Path(team): Path<String>,
    Json(body): Json<NewApp>,
) -> Result<Response> {
    user.check_team(&s, &team).await?;
    create_app(&s, &team, &region.0, body).await
}

/// 404 应用不存在: no such app in the team.
fn no_app() -> ConsoleError {
    ConsoleError::shown(404, "app not found", "应用不存在")
}

/// An app of the team that is not deleted: its name and template.
async fn app_of(s: &AppState, team: &str, app: i64) -> Result<Option<(String, Value)>> {
    let row: Option<(String, String)> = sqlx::query_as(
        "SELECT group_name, template FROM console_apps WHERE group_id = ? AND team_name = ? AND deleted = 0",
    )
    .bind(app)
    .bind(team)
    .fetch_optional(&s.db)
    .await?;
    Ok(row.map(|(name, t)| {
        (
            name,
            serde_json::from_str(&t).unwrap_or(json!({"apps": []})),
        )
    }))
}

async fn save_template(s: &AppState, app: i64, template: &Value) -> Result<()> {
    sqlx::query("UPDATE console_apps SET template = ? WHERE group_id = ?")
        .bind(template.to_string())
        .bind(app)
        .execute(&s.db)
        .await?;
    Ok(())
}

// ---- installing -------------------------------------------------------------

#[derive(Deserialize)]
struct InstallBody {
    group_id: Option<i64>,
    app_id: Option<String>,
    app_version: Option<String>,
    #[serde(default)]
    install_from_cloud: Value,
    #[serde(default)]
    market_name: String,
}

/// A template to install, with the model's name.
pub(crate) struct Source {
    pub(crate) template: Value,
    pub(crate) name: String,
}

/// The newest row of `version`, complete or not [market_app_repo.py:135-141];
/// for a store, its version as the store has it.
pub(crate) async fn version_template(
    s: &AppState,
    model: &str,
    version: &str,
    local: bool,
) -> Result<Source> {
    if local {
        let name: Option<(String,)> =
            sqlx::query_as("SELECT app_name FROM library_models WHERE app_id = ?")
                .bind(model)
                .fetch_optional(&s.db)
                .await?;
        let (name,) =
            name.ok_or_else(|| ConsoleError::shown(400, "app not found", "未找到该应用"))?;
        let row: Option<(String,)> = sqlx::query_as(
            "SELECT app_template FROM library_versions WHERE app_id = ? AND version = ? ORDER BY id DESC LIMIT 1",
        )
        .bind(model)
        .bind(version)
        .fetch_optional(&s.db)
        .await?;
        let (template,) = row.ok_or_else(|| {
            ConsoleError::shown(404, "version not found", "应用市场应用版本不存在")
        })?;
        return Ok(Source {
            template: serde_json::from_str(&template).unwrap_or_default(),
            name,
        });
    }
    let app = crate::store::app_row(s, model)
        .await
        .map_err(|_| ConsoleError::shown(404, "market app not found", "应用市场应用不存在"))?;
    let row: Option<(String,)> =
        sqlx::query_as("SELECT template FROM store_versions WHERE app_key_id = ? AND version = ?")
            .bind(model)
            .bind(version)
            .fetch_optional(&s.db)
            .await?;
    // Any store error on the version read is reported as a missing version.
    let (template,) = row.ok_or_else(|| {
        ConsoleError::shown(
            404,
            "market app version not found",
            "应用市场应用版本不存在",
        )
    })?;
    Ok(Source {
        template: serde_json::from_str(&template).unwrap_or_default(),
        name: app.name,
    })
}

fn hex(n: usize) -> String {
    uuid::Uuid::new_v4().simple().to_string()[..n].to_owned()
}

/// `**None**` values as an install resolves them: 8 random hex each, and one
/// 32-hex value per `**None:group**` shared across the install's components
/// [new_components.py:115-123, 320-368].
pub(crate) fn resolve_values(component: &mut Value, groups: &mut HashMap<String, String>) {
    for list in ["service_env_map_list", "service_connect_info_map_list"] {
        for env in component[list].as_array_mut().into_iter().flatten() {
            let value = env["attr_value"].as_str().unwrap_or_default().to_owned();
            if value == "**None**" {
                env["attr_value"] = json!(hex(8));
            } else if let Some(group) = value
                .strip_prefix("**None:")
                .and_then(|g| g.strip_suffix("**"))
            {
                let shared = groups.entry(group.to_owned()).or_insert_with(|| hex(32));
                env["attr_value"] = json!(shared.clone());
            }
        }
    }
}

/// A component of `template` installed into an upgrade group: a new id and
/// alias; the template's keys, image and settings; deploying from now.
pub(crate) fn installed(s: &AppState, template: &Value, group: i64, version: &str) -> Value {
    let mut c = template.clone();
    let id = uuid::Uuid::new_v4().simple().to_string();
    c["service_alias"] = json!(format!("gr{}", &id[..6]));
    c["service_id"] = json!(id);
    c["tenant_service_group_id"] = json!(group);
    c["create_status"] = json!("complete");
    c["service_source"] = json!("market");
    c["version"] = json!(version);
    c["deployed_ms"] = json!(now_ms());
    if s.faults.take_stuck_deploy() {
        c["stuck"] = json!(true);
    }
    c
}

fn true_value(v: &Value) -> bool {
    // The view tests the value with a plain `if`: the string "false" is true.
    match v {
        Value::Bool(b) => *b,
        Value::Null => false,
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
        Value::String(text) => !text.is_empty(),
        _ => true,
    }
}

/// What an install would need; the sandbox's cluster has room for anything.
async fn preflight(
    State(s): State<AppState>,
    _user: ConsoleUser,
    _region: Region,
    Path(_team): Path<String>,
    Json(body): Json<InstallBody>,
) -> Result<Response> {
    let local = !true_value(&body.install_from_cloud);
    let model = body.app_id.unwrap_or_default();
    let version = body.app_version.unwrap_or_default();
    let source = version_template(&s, &model, &version, local).await?;
    let count = source.template["apps"].as_array().map_or(0, Vec::len);
    Ok(bean_with(
        json!({"status": "pass", "mode": "block", "should_block": false, "duration_ms": 3,
               "summary": "", "requirements": {"component_count": count, "cpu": 0, "memory": 0,
               "arch": ["amd64"], "images": []},
               "checks": [{"name": "resource_capacity", "status": "pass", "message": "", "reason": "", "details": {}},
                          {"name": "architecture", "status": "pass", "message": "", "reason": "", "details": {}}]}),
        "success",
        "检测完成",
    ))
}

/// Installs a version into an app: a new upgrade group and all its
/// components, answered with no ids [market_app_service.py:124-229].
async fn install(
    State(s): State<AppState>,
    _user: ConsoleUser,
    _region: Region,
    Path(team): Path<String>,
    Json(body): Json<InstallBody>,
) -> Result<Response> {
    let app = body.group_id.unwrap_or_default();
    let (_, mut template) = app_of(&s, &team, app).await?.ok_or_else(no_app)?;
    let local = !true_value(&body.install_from_cloud);
    let model = body.app_id.unwrap_or_default();
    let version = body.app_version.unwrap_or_default();
    let source = version_template(&s, &model, &version, local).await?;
    let (group,): (i64,) = sqlx::query_as(
        "INSERT INTO console_upgrade_groups (group_id, group_key, group_name, group_version, source, market_name, create_time)
         VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(app)
    .bind(&model)
    .bind(&source.name)
    .bind(&version)
    .bind(if local { "local" } else { "market" })
    .bind(if local { "" } else { body.market_name.as_str() })
    .bind(now_ms())
    .fetch_one(&s.db)
    .await?;
    let mut shared = HashMap::new();
    let apps = template["apps"].as_array_mut();
    let apps = match apps {
        Some(a) => a,
        None => {
            template["apps"] = json!([]);
            template["apps"].as_array_mut().expect("just made")
        }
    };
    for c in source.template["apps"].as_array().into_iter().flatten() {
        let mut made = installed(&s, c, group, &version);
        resolve_values(&mut made, &mut shared);
        apps.push(made);
    }
    save_template(&s, app, &template).await?;
    Ok(bean_with(json!({}), "success", "创建成功"))
}

// ---- reading what an install made ---------------------------------------------

fn number(v: &str) -> Vec<u64> {
    v.split('.').map(|p| p.parse().unwrap_or(0)).collect()
}

/// The stored versions of a model above `current`, incomplete rows included.
pub(crate) async fn versions_above(
    s: &AppState,
    model: &str,
    current: &str,
    local: bool,
) -> Result<Vec<String>> {
    let rows: Vec<(String,)> = if local {
        sqlx::query_as("SELECT DISTINCT version FROM library_versions WHERE app_id = ?")
            .bind(model)
            .fetch_all(&s.db)
            .await?
    } else {
        sqlx::query_as("SELECT version FROM store_versions WHERE app_key_id = ?")
            .bind(model)
            .fetch_all(&s.db)
            .await?
    };
    let mut above: Vec<String> = rows
        .into_iter()
        .map(|(v,)| v)
        .filter(|v| number(v) > number(current))
        .collect();
    above.sort_by_key(|v| number(v));
    Ok(above)
}

/// The install's newest record while it is not finished: (id, status).
pub(crate) async fn open_record(s: &AppState, group: i64) -> Result<Option<(i64, i64)>> {
    let newest: Option<(i64, i64)> = sqlx::query_as(
        "SELECT id, status FROM console_upgrade_records WHERE upgrade_group_id = ? ORDER BY id DESC LIMIT 1",
    )
    .bind(group)
    .fetch_optional(&s.db)
    .await?;
    Ok(newest.filter(|(_, status)| matches!(status, 1 | 2 | 4)))
}

#[derive(Deserialize)]
struct GroupQuery {
    group_id: Option<String>,
}

/// A component's status as the cluster reports it: deploying until its
/// deploy has taken an image push's time, then running (unless it is stuck).
pub(crate) fn status_of(s: &AppState, c: &Value) -> &'static str {
    if c["stuck"] == json!(true) {
        return "deploying";
    }
    let since = c["deployed_ms"].as_i64().unwrap_or(0);
    if now_ms() - since < i64::try_from(s.settings.push_ms).unwrap_or(i64::MAX) {
        "deploying"
    } else {
        "running"
    }
}

/// `GET service/group`: the app's components with their status; another
/// team's app is HTTP 200 with `code: 202`.
async fn components(
    State(s): State<AppState>,
    _user: ConsoleUser,
    Path(team): Path<String>,
    Query(q): Query<GroupQuery>,
) -> Result<Response> {
    let app = q.group_id.and_then(|g| g.parse().ok()).unwrap_or(0);
    let Some((name, template)) = app_of(&s, &team, app).await? else {
        return Ok(refusal(
            202,
            "group is not yours!",
            "当前组已删除或您无权限查看！",
        ));
    };
    let items: Vec<Value> = template["apps"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|c| {
            let status = status_of(&s, c);
            json!({"service_id": c["service_id"], "service_alias": c["service_alias"],
                   "create_status": c.get("create_status").cloned().unwrap_or(json!("complete")),
                   "service_cname": c["service_cname"], "service_type": "application",
                   "deploy_version": c["deploy_version"], "version": c["version"],
                   "update_time": timestamp(c["deployed_ms"].as_i64().unwrap_or(0)),
                   "min_memory": c["memory"], "group_name": name, "k8s_service_name": c["service_alias"],
                   "service_source": c["service_source"], "status": status,
                   "status_cn": if status == "running" { "运行中" } else { "部署中" }})
        })
        .collect();
    let total = items.len();
    Ok(list(items, json!({"total": total})))
}

/// `GET groups/{app}/apps`: one entry per install, with the versions it can
/// upgrade to (every stored version above its own, unordered).
async fn installed_models(
    State(s): State<AppState>,
    _user: ConsoleUser,
    Path((team, app)): Path<(String, i64)>,
) -> Result<Response> {
    app_of(&s, &team, app).await?.ok_or_else(no_app)?;
    let groups: Vec<(i64, String, String, String, String, String)> = sqlx::query_as(
        "SELECT id, group_key, group_name, group_version, source, market_name
         FROM console_upgrade_groups WHERE group_id = ? ORDER BY id",
    )
    .bind(app)
    .fetch_all(&s.db)
    .await?;
    let mut items = Vec::new();
    for (id, key, name, version, source, market) in groups {
        let versions = versions_above(&s, &key, &version, source == "local").await?;
        let open = open_record(&s, id).await?;
        items.push(
            json!({"group_key": key, "upgrade_group_id": id.to_string(), "group_name": name,
            "app_model_name": name, "app_model_id": key, "tenant_service_group_id": key,
            "source": source, "market_name": market, "current_version": version,
            "can_upgrade": !versions.is_empty(), "upgrade_versions": versions,
            "not_upgrade_record_id": open.as_ref().map(|(id, _)| *id),
            "not_upgrade_record_status": open.as_ref().map(|(_, st)| *st),
            "is_gray_release": false}),
        );
    }
    Ok(list(items, json!({})))
}

#[derive(Deserialize)]
struct ModelKey {
    app_model_key: Option<String>,
}

/// `GET groups/{app}/apps/{ug}/components`: the components of one install,
/// with their columns.
async fn group_components(
    State(s): State<AppState>,
    _user: ConsoleUser,
    Path((team, app, group)): Path<(String, i64, i64)>,
    Query(q): Query<ModelKey>,
) -> Result<Response> {
    if q.app_model_key.as_deref().unwrap_or("").is_empty() {
        return Err(ConsoleError::shown(
            400,
            "app_model_key is required",
            "参数错误",
        ));
    }
    let (_, template) = app_of(&s, &team, app).await?.ok_or_else(no_app)?;
    let items: Vec<Value> = template["apps"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|c| c["tenant_service_group_id"] == json!(group))
        .map(|c| {
            json!({"service_id": c["service_id"], "service_alias": c["service_alias"],
                   "service_cname": c["service_cname"], "service_key": c["service_key"],
                   "image": c["image"], "version": c["version"], "deploy_version": c["deploy_version"],
                   "tenant_service_group_id": c["tenant_service_group_id"], "service_source": "market",
                   "current_version": c["version"], "upgradable_versions": []})
        })
        .collect();
    Ok(list(items, json!({})))
}

// ---- deleting -----------------------------------------------------------------

/// `DELETE groups/{app}/handle`: every component, the installs, the records
/// and the app [group_service.py:516-539].
async fn delete_all(
    State(s): State<AppState>,
    _user: ConsoleUser,
    Path((team, app)): Path<(String, i64)>,
) -> Result<Response> {
    app_of(&s, &team, app).await?.ok_or_else(no_app)?;
    let mut tx = crate::write(&s.db).await?;
    for sql in [
        "DELETE FROM console_upgrade_records WHERE group_id = ?",
        "DELETE FROM console_upgrade_groups WHERE group_id = ?",
        "DELETE FROM console_apps WHERE group_id = ?",
    ] {
        sqlx::query(sql).bind(app).execute(&mut *tx).await?;
    }
    tx.commit().await?;
    Ok(bean_with(json!({}), "success", "删除成功"))
}

/// `DELETE groups/{app}`: the app and its records go; its components stay in
/// the cluster (nothing checks for them) [group.py:189-215].
async fn delete_app_only(
    State(s): State<AppState>,
    _user: ConsoleUser,
    Path((team, app)): Path<(String, i64)>,
) -> Result<Response> {
    app_of(&s, &team, app).await?.ok_or_else(no_app)?;
    let mut tx = crate::write(&s.db).await?;
    sqlx::query("DELETE FROM console_upgrade_records WHERE group_id = ?")
        .bind(app)
        .execute(&mut *tx)
        .await?;
    sqlx::query("UPDATE console_apps SET deleted = 1 WHERE group_id = ?")
        .bind(app)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(bean_with(json!({}), "success", "删除成功"))
}
