//! One component of an app, as the console's component views show it
//! (docs/install-upgrade.md, A3): its variables (paged by 10), ports,
//! volumes, dependencies (paged by 25) and status, which answers 404 once the
//! component is gone. A plainly deleted app's components are still found:
//! they are still in the cluster.

use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use serde::Deserialize;
use serde_json::{json, Value};

use crate::console::ConsoleUser;
use crate::installs::status_of;
use crate::reply::{bean, list, ConsoleError};
use crate::AppState;

type Result<T, E = ConsoleError> = std::result::Result<T, E>;

pub fn routes() -> Router<AppState> {
    let apps = "/console/teams/{team}/apps/{alias}";
    Router::new()
        .route(&format!("{apps}/envs"), get(envs))
        .route(&format!("{apps}/status"), get(component_status))
        .route(&format!("{apps}/ports"), get(ports))
        .route(&format!("{apps}/volumes"), get(volumes))
        .route(&format!("{apps}/dependency"), get(dependencies))
}

/// 404 组件不存在: no such component.
fn no_component() -> ConsoleError {
    ConsoleError::shown(404, "service not found", "组件不存在")
}

/// A component of any of the team's apps (deleted ones' included: their
/// components are still in the cluster), by alias.
async fn component(s: &AppState, team: &str, alias: &str) -> Result<Option<Value>> {
    let rows: Vec<(String,)> =
        sqlx::query_as("SELECT template FROM console_apps WHERE team_name = ?")
            .bind(team)
            .fetch_all(&s.db)
            .await?;
    Ok(rows.into_iter().find_map(|(t,)| {
        let t: Value = serde_json::from_str(&t).ok()?;
        t["apps"]
            .as_array()?
            .iter()
            .find(|c| c["service_alias"] == alias)
            .cloned()
    }))
}

#[derive(Deserialize)]
struct EnvQuery {
    env_type: Option<String>,
    page: Option<usize>,
    page_size: Option<usize>,
}

/// `GET apps/{alias}/envs`: inner or outer (connection) variables, paged by 10.
async fn envs(
    State(s): State<AppState>,
    _user: ConsoleUser,
    Path((team, alias)): Path<(String, String)>,
    Query(q): Query<EnvQuery>,
) -> Result<Response> {
    let list_name = match q.env_type.as_deref() {
        Some("inner") => "service_env_map_list",
        Some("outer") => "service_connect_info_map_list",
        _ => return Err(ConsoleError::shown(400, "param error", "参数异常")),
    };
    let c = component(&s, &team, &alias)
        .await?
        .ok_or_else(no_component)?;
    let all: Vec<Value> = c[list_name]
        .as_array()
        .into_iter()
        .flatten()
        .enumerate()
        .map(|(i, e)| {
            json!({"ID": i + 1, "tenant_id": team, "service_id": c["service_id"], "container_port": 0,
                   "name": e["name"], "attr_name": e["attr_name"], "attr_value": e["attr_value"],
                   "is_change": e["is_change"], "scope": if list_name == "service_env_map_list" { "inner" } else { "outer" }})
        })
        .collect();
    let (page, size) = (q.page.unwrap_or(1).max(1), q.page_size.unwrap_or(10).max(1));
    let items: Vec<Value> = all
        .iter()
        .skip((page - 1) * size)
        .take(size)
        .cloned()
        .collect();
    Ok(crate::reply::bean_and_list(
        json!({"total": all.len()}),
        items,
    ))
}

/// `GET apps/{alias}/status`: 404 once the component is gone.
async fn component_status(
    State(s): State<AppState>,
    _user: ConsoleUser,
    Path((team, alias)): Path<(String, String)>,
) -> Result<Response> {
    let c = component(&s, &team, &alias)
        .await?
        .ok_or_else(no_component)?;
    let status = status_of(&s, &c);
    Ok(bean(json!({"check_uuid": "", "status": status,
                   "status_cn": if status == "running" { "运行中" } else { "部署中" }})))
}

/// `GET apps/{alias}/ports`: the port columns.
async fn ports(
    State(s): State<AppState>,
    _user: ConsoleUser,
    Path((team, alias)): Path<(String, String)>,
) -> Result<Response> {
    let c = component(&s, &team, &alias)
        .await?
        .ok_or_else(no_component)?;
    let items = c["port_map_list"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|p| {
            json!({"service_id": c["service_id"], "container_port": p["container_port"],
                   "protocol": p["protocol"], "port_alias": p["port_alias"],
                   "is_inner_service": p["is_inner_service"], "is_outer_service": p["is_outer_service"],
                   "k8s_service_name": c["service_alias"], "environment": [], "bind_domains": []})
        })
        .collect();
    Ok(list(items, json!({})))
}

/// `GET apps/{alias}/volumes`: the volumes, each with its dependants (none here).
async fn volumes(
    State(s): State<AppState>,
    _user: ConsoleUser,
    Path((team, alias)): Path<(String, String)>,
) -> Result<Response> {
    let c = component(&s, &team, &alias)
        .await?
        .ok_or_else(no_component)?;
    let items = c["service_volume_map_list"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|v| {
            json!({"service_id": c["service_id"], "volume_name": v["volume_name"],
                   "volume_path": v["volume_path"], "volume_type": v["volume_type"], "dep_services": []})
        })
        .collect();
    Ok(list(items, json!({})))
}

#[derive(Deserialize)]
struct PageQuery {
    page: Option<usize>,
    page_size: Option<usize>,
}

/// `GET apps/{alias}/dependency`: the components it depends on in its app, 25 a page.
async fn dependencies(
    State(s): State<AppState>,
    _user: ConsoleUser,
    Path((team, alias)): Path<(String, String)>,
    Query(q): Query<PageQuery>,
) -> Result<Response> {
    let rows: Vec<(i64, String, String)> = sqlx::query_as(
        "SELECT group_id, group_name, template FROM console_apps WHERE team_name = ?",
    )
    .bind(&team)
    .fetch_all(&s.db)
    .await?;
    for (group_id, group_name, t) in rows {
        let t: Value = serde_json::from_str(&t).unwrap_or_default();
        let apps = t["apps"].as_array().cloned().unwrap_or_default();
        let Some(c) = apps.iter().find(|c| c["service_alias"] == alias.as_str()) else {
            continue;
        };
        let all: Vec<Value> = c["dep_service_map_list"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|d| {
                apps.iter()
                    .find(|o| o["service_share_uuid"] == d["dep_service_key"])
            })
            .map(|o| {
                json!({"service_cname": o["service_cname"], "service_id": o["service_id"],
                       "service_type": "application", "service_alias": o["service_alias"],
                       "group_name": group_name, "group_id": group_id, "ports_list": []})
            })
            .collect();
        let (page, size) = (q.page.unwrap_or(1).max(1), q.page_size.unwrap_or(25).max(1));
        let items = all
            .iter()
            .skip((page - 1) * size)
            .take(size)
            .cloned()
            .collect();
        return Ok(list(items, json!({"total": all.len()})));
    }
    Err(no_component())
}
