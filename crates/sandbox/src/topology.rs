//! An app's topology as the console's app page draws it [console/views/
//! services_toplogical.py, TopologicalGraphView; console/services/
//! topological_services.py, get_group_topological_graph]: every component of
//! the app and every component one of them depends on, whichever app that is
//! in (`json_data`), and who depends on whom (`json_svg`). The one view that
//! names the components a share leaves out and the dependencies it drops.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use serde::Deserialize;
use serde_json::{json, Map, Value};

use crate::console::ConsoleUser;
use crate::reply::{refusal, ConsoleError};
use crate::AppState;

type Result<T, E = ConsoleError> = std::result::Result<T, E>;

pub fn routes() -> Router<AppState> {
    Router::new().route(
        "/console/teams/{team}/regions/{region}/topological",
        get(topology),
    )
}

#[derive(Deserialize)]
struct TopologyQuery {
    group_id: Option<String>,
}

/// A stable 128-bit id for a workload's name (the console's make_uuid3 is
/// an MD5 name-based uuid; any stable id serves here).
fn name_hash(name: &str) -> u128 {
    // FNV-1a, 128 bits.
    let mut h: u128 = 0x6c62272e07bb014262b821756295c58d;
    for b in name.bytes() {
        h ^= u128::from(b);
        h = h.wrapping_mul(0x0000000001000000000000000000013B);
    }
    h
}

/// A component as `json_data` shows it.
fn node(c: &Value, app_id: i64, app_name: &str) -> Value {
    let source = c["service_source"].as_str().unwrap_or_default();
    let (status, status_cn) = if source == "third_party" {
        ("third_party", "第三方组件")
    } else if c["deploy_version"].as_str().unwrap_or_default().is_empty() {
        ("undeploy", "未部署")
    } else {
        ("running", "运行中")
    };
    let outer = c["port_map_list"]
        .as_array()
        .into_iter()
        .flatten()
        .any(|p| p["is_outer_service"] == json!(true));
    json!({"service_id": c["service_id"], "service_cname": c["service_cname"],
           "service_alias": c["service_alias"], "service_source": source,
           "component_memory": c["memory"], "node_num": 1, "app_id": app_id, "app_type": "rainbond",
           "app_name": app_name, "app_status": "RUNNING", "cur_status": status, "status_cn": status_cn,
           "is_internet": outer})
}

async fn topology(
    State(s): State<AppState>,
    _user: ConsoleUser,
    Path((team, _region)): Path<(String, String)>,
    Query(q): Query<TopologyQuery>,
) -> Result<Response> {
    let group_id: i64 = match q.group_id.as_deref().map(str::parse) {
        Some(Ok(id)) => id,
        _ => {
            return Err(ConsoleError::shown(
                400,
                "group_id is missing or not digit!",
                "group_id缺失或非数字",
            ))
        }
    };
    let apps: Vec<(i64, String, String)> = sqlx::query_as(
        "SELECT group_id, group_name, template FROM console_apps WHERE team_name = ?",
    )
    .bind(&team)
    .fetch_all(&s.db)
    .await?;
    if !apps.iter().any(|(id, _, _)| *id == group_id) {
        return Ok(refusal(
            202,
            "group is not yours!",
            "当前组已删除或您无权限查看!",
        ));
    }
    // Every component of the team, by share uuid: where a dependency points.
    let mut by_uuid: HashMap<String, (i64, String, Value)> = HashMap::new();
    for (id, name, template) in &apps {
        let t: Value = serde_json::from_str(template).unwrap_or_default();
        for c in t["apps"].as_array().into_iter().flatten() {
            let uuid = c["service_share_uuid"]
                .as_str()
                .unwrap_or_default()
                .to_owned();
            by_uuid.insert(uuid, (*id, name.clone(), c.clone()));
        }
    }
    let mut data = Map::new();
    let mut svg = Map::new();
    for (app_id, app_name, c) in by_uuid.values().filter(|(id, _, _)| *id == group_id) {
        let id = c["service_id"].as_str().unwrap_or_default().to_owned();
        data.insert(id.clone(), node(c, *app_id, app_name));
        let mut deps = Vec::new();
        for d in c["dep_service_map_list"].as_array().into_iter().flatten() {
            if let Some((dep_app, dep_name, dep)) =
                by_uuid.get(d["dep_service_key"].as_str().unwrap_or_default())
            {
                let dep_id = dep["service_id"].as_str().unwrap_or_default().to_owned();
                data.insert(dep_id.clone(), node(dep, *dep_app, dep_name));
                deps.push(json!(dep_id));
            }
        }
        svg.insert(id, Value::Array(deps));
    }
    // Workloads an operator manages: nodes of their own, with `kind`, an id
    // made from the name (make_uuid3), and the links components have to them.
    let managed: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT name, kind, linked_from FROM console_managed_workloads WHERE group_id = ? ORDER BY name",
    )
    .bind(group_id)
    .fetch_all(&s.db)
    .await?;
    for (name, kind, linked_from) in managed {
        let id = format!("{:032x}", name_hash(&name));
        data.insert(
            id.clone(),
            json!({"service_id": id, "service_cname": name, "service_alias": name,
                   "component_memory": 0, "component_cpu": 0, "component_disk": 0, "runtime": "",
                   "readyReplicas": 1, "cur_status": "operator", "kind": kind, "pod": []}),
        );
        if let Some(Value::Array(links)) = svg.get_mut(&linked_from) {
            links.push(json!(id));
        }
    }
    Ok(crate::reply::bean_with(
        json!({"json_data": data, "json_svg": svg}),
        "Obtain topology success.",
        "获取拓扑图成功",
    ))
}
