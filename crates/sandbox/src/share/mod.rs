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
use crate::reply::{bean, list, now_ms, ConsoleError};
use crate::running::{self as plan, app_template};
use crate::AppState;
use events::{event, event_rows, events, plugin_event, start_event, start_plugin_event};
use record::{
    delete_record, find_record, open_record, record, record_columns, records, set_record_status,
    start_record, RecordRow,
};

mod events;
mod record;

type Result<T, E = ConsoleError> = std::result::Result<T, E>;

/// The service's refusal the view loses into a `None` bean, as it says.
const NONE_BEAN: &str = "TypeError: 'NoneType' object does not support item assignment";

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
            get(plugin_event).post(start_plugin_event),
        )
        .route(&format!("{share}/complete"), post(complete))
        .route(&format!("{share}/giveup"), axum::routing::delete(give_up))
}

/// The next id of a table, never one handed out before (deleted rows included).
pub(crate) async fn next_id(
    tx: &mut sqlx::Transaction<'static, sqlx::Sqlite>,
    table: &str,
) -> std::result::Result<i64, sqlx::Error> {
    let (id,): (i64,) =
        sqlx::query_as("UPDATE id_sequences SET last = last + 1 WHERE name = ? RETURNING last")
            .bind(table)
            .fetch_one(&mut **tx)
            .await?;
    Ok(id)
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
        // Any other scope is the local branch: the team's library, unpaged.
        return crate::library::local_shared_apps(&s, &team, group_id).await;
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

/// Records of an app left by others (see [`crate::Sandbox::add_share_records`]).
pub(crate) async fn add_records(
    s: &AppState,
    group_id: i64,
    versions: &[Option<&str>],
) -> std::result::Result<(), sqlx::Error> {
    let (team, region): (String, String) =
        sqlx::query_as("SELECT team_name, region_name FROM console_apps WHERE group_id = ?")
            .bind(group_id)
            .fetch_one(&s.db)
            .await?;
    let store: Option<(String,)> = sqlx::query_as("SELECT name FROM console_markets LIMIT 1")
        .fetch_optional(&s.db)
        .await?;
    let store = store.map(|(n,)| n).unwrap_or_default();
    let mut tx = crate::write(&s.db).await?;
    for (n, version) in versions.iter().enumerate() {
        let id = next_id(&mut tx, "share_records").await?;
        // A millisecond apart, so the history's order is the order given.
        let at = now_ms() + n as i64;
        sqlx::query(
            "INSERT INTO share_records (id, group_id, team_name, region_name, store_name, step, version,
                                        app_model_id, template, create_time, update_time)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(id)
        .bind(group_id)
        .bind(&team)
        .bind(&region)
        .bind(&store)
        .bind(if version.is_some() { 2 } else { 1 })
        .bind(version.unwrap_or_default())
        .bind(if version.is_some() { "left-by-someone" } else { "" })
        .bind(version.map(|_| "{}"))
        .bind(at)
        .bind(at)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// The snapshot a record names until its submit, if any: then the plan is the
/// snapshot's (`publish_mode` "snapshot"); the console never checks the reference.
async fn record_snapshot(
    s: &AppState,
    r: &RecordRow,
) -> Result<Option<crate::snapshots::SnapshotRow>> {
    if r.step >= 2 || r.app_model_id.is_empty() {
        return Ok(None);
    }
    crate::snapshots::named(s, &r.app_model_id, &r.version).await
}

/// What the share proposes: the snapshot's stored lists, or the app as it runs now.
async fn info(
    State(s): State<AppState>,
    _user: ConsoleUser,
    region: Region,
    Path((team, share_id)): Path<(String, i64)>,
) -> Result<Response> {
    let r = open_record(&s, &team, share_id).await?;
    if let Some(snapshot) = record_snapshot(&s, &r).await? {
        let t: Value = serde_json::from_str(&snapshot.template).unwrap_or_default();
        return Ok(bean(
            json!({"publish_mode": "snapshot", "share_service_list": t["apps"],
            "share_plugin_list": t["plugins"], "share_k8s_resources": t["k8s_resources"]}),
        ));
    }
    let app = app_template(&s, &team, r.group_id).await?;
    Ok(bean(json!({"publish_mode": "runtime",
        "share_service_list": plan::plan_services(&app, &region.0),
        "share_plugin_list": plan::plan_plugins(&app),
        "share_k8s_resources": app["k8s_resources"]})))
}

#[derive(Deserialize)]
struct SubmitBody {
    app_version_info: Option<VersionInfo>,
    share_service_list: Option<Vec<Value>>,
    share_plugin_list: Option<Vec<Value>>,
    share_k8s_resources: Option<Vec<Value>>,
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
    #[serde(default)]
    template_type: String,
    scope_target: Option<ScopeTarget>,
}

#[derive(Deserialize)]
struct ScopeTarget {
    store_id: Option<String>,
}

/// A console call to the store that failed: the store was down or refused.
fn store_unreachable() -> ConsoleError {
    ConsoleError::shown(400, "request failed", "请求失败，请检查网络和配置")
}

/// No connection to the store at all: the requests error is not caught by
/// the store client, so the view answers its traceback.
fn store_disconnected() -> ConsoleError {
    ConsoleError::traceback(
        "ConnectionError",
        "requests.exceptions.ConnectionError: HTTPSConnectionPool: Max retries exceeded",
    )
}

/// Saves the version (the template it will be) and makes its events: the
/// components' events replace the last submit's, the plugins' are added beside
/// them [share_services.create_share_info]. A record that still names a
/// snapshot publishes the snapshot and ignores the lists.
async fn submit_info(
    State(s): State<AppState>,
    user: ConsoleUser,
    region: Region,
    Path((team, share_id)): Path<(String, i64)>,
    Json(body): Json<SubmitBody>,
) -> Result<Response> {
    let r = open_record(&s, &team, share_id).await?;
    let v = body.app_version_info.as_ref().ok_or_else(|| {
        ConsoleError::shown(400, "share info can not be empty", "分享应用信息不能为空")
    })?;
    let snapshot = record_snapshot(&s, &r).await?;
    let (services, plugins, k8s) = (
        body.share_service_list.unwrap_or_default(),
        body.share_plugin_list.unwrap_or_default(),
        body.share_k8s_resources.unwrap_or_default(),
    );
    if snapshot.is_none() && services.is_empty() && k8s.is_empty() {
        return Err(ConsoleError::shown(
            400,
            "share info can not be empty",
            "应用基本信息不能为空",
        ));
    }
    if v.template_type == "application_version" || v.app_model_id.is_empty() {
        // The service's refusal is lost: the view writes into a `None` bean.
        return Err(ConsoleError::lost_in_none_bean(NONE_BEAN));
    }
    if !crate::store::valid_version(&v.version) {
        return Err(ConsoleError::new(
            400,
            "version: digits and dots like 1.0.0",
        ));
    }
    if v.version.len() > 15
        || v.version_alias.chars().count() > 64
        || v.describe.chars().count() > 255
    {
        // The database refuses a long value (MySQL in strict mode) and the view
        // loses the refusal the same way.
        return Err(ConsoleError::lost_in_none_bean(
            "DataError: (1406, \"Data too long for column\")",
        ));
    }
    let store_name = v
        .scope_target
        .as_ref()
        .and_then(|t| t.store_id.clone())
        .filter(|id| !id.is_empty())
        .unwrap_or_else(|| r.store_name.clone());
    if store_name.is_empty() {
        let lists = (services, plugins, k8s);
        return submit_local(&s, &team, &region.0, &r, v, snapshot, &lists).await;
    }
    if s.settings.cloud_disabled {
        // The service's 400 "参数错误" is lost into the view's `None` bean.
        return Err(ConsoleError::lost_in_none_bean(NONE_BEAN));
    }
    let market = bound_market(&s, &user.enterprise_id, &store_name).await?;
    let owner = publishing_account(&s, &market).await?;
    // The submit reads the template from the store, and hub credentials once per
    // component and plugin.
    if s.faults.take_store_outage() {
        return Err(store_unreachable());
    }
    if s.faults.take_store_disconnect() {
        return Err(store_disconnected());
    }
    let store_app = crate::store::app_row(&s, &v.app_model_id)
        .await
        .map_err(|_| ConsoleError::shown(404, "resource not found", "资源不存在"))?;
    if store_app.owner_id != owner {
        return Err(ConsoleError::store_no_permission());
    }
    let lists = (services, plugins, k8s);
    let template =
        submitted_template(&s, &team, &r, v, snapshot.as_ref(), &lists, &store_app.name).await?;
    let mut tx = crate::write(&s.db).await?;
    save_submit(&mut tx, &r, v, &store_name, "goodrain", &template).await?;
    make_events(&mut tx, share_id, &template).await?;
    tx.commit().await?;
    let r = find_record(&s, &team, share_id)
        .await?
        .expect("just written");
    Ok(bean(record_columns(&r)))
}

/// A submit to the console's library: no store anywhere; the version row is
/// written with the model's scope, which the record takes.
async fn submit_local(
    s: &AppState,
    team: &str,
    region: &str,
    r: &RecordRow,
    v: &VersionInfo,
    snapshot: Option<crate::snapshots::SnapshotRow>,
    lists: &Lists,
) -> Result<Response> {
    let Some(model) = crate::library::find_model(s, &v.app_model_id).await? else {
        // The service's 400 "本地应用模型不存在" is lost into a `None` bean.
        return Err(ConsoleError::lost_in_none_bean(NONE_BEAN));
    };
    let template =
        submitted_template(s, team, r, v, snapshot.as_ref(), lists, &model.app_name).await?;
    let mut tx = crate::write(&s.db).await?;
    let version = (
        v.version.as_str(),
        v.version_alias.as_str(),
        v.describe.as_str(),
    );
    crate::library::submit_local(&mut tx, r.id, &model, version, &template, region).await?;
    save_submit(&mut tx, r, v, "", &model.scope, &template).await?;
    make_events(&mut tx, r.id, &template).await?;
    tx.commit().await?;
    let r = find_record(s, team, r.id).await?.expect("just written");
    Ok(bean(record_columns(&r)))
}

/// A submit's `share_service_list`, `share_plugin_list` and `share_k8s_resources`.
type Lists = (Vec<Value>, Vec<Value>, Vec<Value>);

/// The template a submit makes under `name` (the store's template's, or the
/// library model's): a snapshot's, whose lists the console takes from the
/// snapshot, or the app as it runs with the lists sent.
async fn submitted_template(
    s: &AppState,
    team: &str,
    r: &RecordRow,
    v: &VersionInfo,
    snapshot: Option<&crate::snapshots::SnapshotRow>,
    (services, plugins, k8s): &Lists,
    name: &str,
) -> Result<Value> {
    let app = app_template(s, team, r.group_id).await?;
    Ok(match snapshot {
        Some(snapshot) => plan::from_snapshot(
            &serde_json::from_str(&snapshot.template).unwrap_or_default(),
            &app,
            &v.app_model_id,
            name,
            &v.version,
        ),
        None => {
            let kept = plan::runtime_submit(&app, services, plugins)?;
            plan::template(&app, &v.app_model_id, name, &v.version, kept, k8s)
        }
    })
}

/// The record at step 2 with the version it publishes, where, and the template.
async fn save_submit(
    tx: &mut sqlx::Transaction<'static, sqlx::Sqlite>,
    r: &RecordRow,
    v: &VersionInfo,
    store_name: &str,
    scope: &str,
    template: &Value,
) -> Result<()> {
    sqlx::query(
        "UPDATE share_records SET step = 2, store_name = ?, app_model_id = ?, version = ?, version_alias = ?,
         describe = ?, template = ?, scope = ?, update_time = ? WHERE id = ?",
    )
    .bind(store_name)
    .bind(&v.app_model_id)
    .bind(&v.version)
    .bind(&v.version_alias)
    .bind(&v.describe)
    .bind(template.to_string())
    .bind(scope)
    .bind(now_ms())
    .bind(r.id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The components' events replace the last submit's; the plugins' are added
/// beside them [share_services.create_share_info].
async fn make_events(
    tx: &mut sqlx::Transaction<'static, sqlx::Sqlite>,
    share_id: i64,
    template: &Value,
) -> Result<()> {
    let owners = plan::event_owners(template);
    sqlx::query("DELETE FROM share_events WHERE share_id = ?")
        .bind(share_id)
        .execute(&mut **tx)
        .await?;
    for (service_id, name) in &owners.services {
        let id = next_id(tx, "share_events").await?;
        sqlx::query(
            "INSERT INTO share_events (id, share_id, service_id, service_name) VALUES (?, ?, ?, ?)",
        )
        .bind(id)
        .bind(share_id)
        .bind(service_id)
        .bind(name)
        .execute(&mut **tx)
        .await?;
    }
    for (plugin_id, alias) in &owners.plugins {
        let id = next_id(tx, "plugin_share_events").await?;
        sqlx::query(
            "INSERT INTO plugin_share_events (id, share_id, plugin_id, plugin_name) VALUES (?, ?, ?, ?)",
        )
        .bind(id)
        .bind(share_id)
        .bind(plugin_id)
        .bind(alias)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// Publishes the version once every stored event, plugins' included, is
/// `success`: 415 before, 400 after. The store is called first; when it fails
/// the record stays at step 2.
async fn complete(
    State(s): State<AppState>,
    user: ConsoleUser,
    _region: Region,
    Path((team, share_id)): Path<(String, i64)>,
) -> Result<Response> {
    let r = open_record(&s, &team, share_id).await?;
    let Some(template) = r.template.as_deref() else {
        // Step 1 has no version row: the console's AttributeError.
        return Err(ConsoleError::traceback(
            "'NoneType' object has no attribute 'app_template'",
            "AttributeError: 'NoneType' object has no attribute 'app_template'",
        ));
    };
    let rows = event_rows(&s, share_id).await?;
    if rows.iter().any(|e| e.event_status != "success") {
        return Err(ConsoleError::shown(
            415,
            "share complete can not do",
            "组件或插件同步未全部完成",
        ));
    }
    if r.store_name.is_empty() {
        // The library's complete makes no store call.
        crate::library::complete_local(&s, share_id, &r.app_model_id).await?;
    } else {
        complete_in_store(&s, &user, &r, template).await?;
    }
    sqlx::query("UPDATE share_records SET step = 3, status = 1, is_success = 1, update_time = ? WHERE id = ?")
        .bind(now_ms())
        .bind(share_id)
        .execute(&s.db)
        .await?;
    let r = find_record(&s, &team, share_id)
        .await?
        .expect("just written");
    let mut reply = record_columns(&r);
    reply["app_market_url"] = Value::Null;
    Ok(crate::reply::bean_with(
        reply,
        "share complete",
        "应用分享完成",
    ))
}

/// The store's half of a complete: the version goes to the store first.
async fn complete_in_store(
    s: &AppState,
    user: &ConsoleUser,
    r: &RecordRow,
    template: &str,
) -> Result<()> {
    let market = bound_market(s, &user.enterprise_id, &r.store_name).await?;
    publishing_account(s, &market).await?;
    if s.faults.take_store_outage() {
        return Err(store_unreachable());
    }
    if s.faults.take_store_disconnect() {
        return Err(store_disconnected());
    }
    let template: Value = serde_json::from_str(template).unwrap_or_default();
    let notes = match s.faults.take_drop_version_notes() {
        true => "",
        false => r.describe.as_str(),
    };
    crate::store::upsert_version(
        s,
        &r.app_model_id,
        &r.version,
        &r.version_alias,
        notes,
        &template,
    )
    .await
    .map_err(ConsoleError::from)?;
    Ok(())
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
    if r.store_name.is_empty() && !r.app_model_id.is_empty() {
        crate::library::give_up_local(&mut tx, &r.app_model_id).await?;
    }
    for table in ["share_events", "plugin_share_events"] {
        sqlx::query(&format!("DELETE FROM {table} WHERE share_id = ?"))
            .bind(share_id)
            .execute(&mut *tx)
            .await?;
    }
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
