//! A running app as the sandbox holds it, what a share of it proposes and
//! what a share's submit makes of the lists sent back, as the console's share service does
//! [console/services/share_services.py: query_share_service_info,
//! get_group_services_used_plugins, create_share_info]. A seeded app is a RAM
//! template whose components may be third-party (`service_source`), KubeBlocks
//! (`extend_method`) or never deployed (`deploy_version` empty): the plan
//! leaves those out without a word, and every dependency on a component the
//! plan does not hold.

use std::collections::HashSet;

use serde_json::{json, Map, Value};

use crate::reply::ConsoleError;
use crate::AppState;

type Result<T, E = ConsoleError> = std::result::Result<T, E>;

/// The components and plugins a submit's template makes events for: (id, name) each.
pub(crate) struct EventOwners {
    pub(crate) services: Vec<(String, String)>,
    pub(crate) plugins: Vec<(String, String)>,
}

/// The running app: a RAM template of the team's app.
pub(crate) async fn app_template(s: &AppState, team: &str, group_id: i64) -> Result<Value> {
    let row: Option<(String,)> = sqlx::query_as(
        "SELECT template FROM console_apps WHERE group_id = ? AND team_name = ? AND deleted = 0",
    )
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

fn str_of<'a>(v: &'a Value, key: &str) -> &'a str {
    v.get(key).and_then(Value::as_str).unwrap_or_default()
}

fn array_of<'a>(v: &'a Value, key: &str) -> &'a [Value] {
    v.get(key)
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default()
}

/// Whether the console shares this component at all.
fn shareable(component: &Value) -> bool {
    str_of(component, "service_source") != "third_party"
        && str_of(component, "extend_method") != "kubeblocks_component"
        && !str_of(component, "deploy_version").is_empty()
}

fn singleton(component: &Value) -> bool {
    matches!(
        str_of(component, "extend_method"),
        "state_singleton" | "stateless_singleton"
    )
}

/// Keeps the dependencies on components in `kept` (by `service_share_uuid`).
fn keep_dependencies(component: &mut Value, kept: &HashSet<String>) {
    let deps: Vec<Value> = array_of(component, "dep_service_map_list")
        .iter()
        .filter(|d| kept.contains(str_of(d, "dep_service_key")))
        .cloned()
        .collect();
    component["dep_service_map_list"] = Value::Array(deps);
}

/// The components a share of the app proposes: the shareable ones, each with
/// `need_share` and its cluster, and only the dependencies among them.
pub(crate) fn plan_services(app: &Value, region: &str) -> Vec<Value> {
    let mut services: Vec<Value> = array_of(app, "apps")
        .iter()
        .filter(|c| shareable(c))
        .cloned()
        .collect();
    let kept: HashSet<String> = services
        .iter()
        .map(|c| str_of(c, "service_share_uuid").to_owned())
        .collect();
    for c in &mut services {
        c["need_share"] = json!(true);
        c["service_region"] = json!(region);
        keep_dependencies(c, &kept);
    }
    services
}

/// One entry per plugin attached to any component of the app (shared or not),
/// as the plugin's columns plus `build_version`.
pub(crate) fn plan_plugins(app: &Value) -> Vec<Value> {
    let used: HashSet<&str> = array_of(app, "apps")
        .iter()
        .flat_map(|c| array_of(c, "service_related_plugin_config"))
        .map(|r| str_of(r, "plugin_id"))
        .collect();
    array_of(app, "plugins")
        .iter()
        .filter(|p| used.contains(str_of(p, "plugin_id")))
        .cloned()
        .collect()
}

/// The plugins as a template carries them: `plugin_key` derived from
/// `origin_share_id`, `config_groups` added. A plugin item missing what the
/// console reads is its KeyError: HTTP 500 with the traceback.
fn template_plugins(sent: &[Value]) -> Result<Vec<Value>> {
    sent.iter()
        .map(|p| {
            for key in [
                "plugin_id",
                "plugin_alias",
                "build_version",
                "origin_share_id",
            ] {
                if p.get(key).is_none() {
                    return Err(ConsoleError::lost_in_none_bean(&format!(
                        "KeyError: '{key}'"
                    )));
                }
            }
            let mut p = p.clone();
            let key = match str_of(&p, "origin_share_id") {
                "new_create" => str_of(&p, "plugin_id").to_owned(),
                origin => origin.to_owned(),
            };
            p["plugin_key"] = json!(key);
            p["config_groups"] = json!([]);
            Ok(p)
        })
        .collect()
}

/// The plugins as a snapshot stores them: keyed already (plan items carry every key).
pub(crate) fn snapshot_plugins(plan: &[Value]) -> Vec<Value> {
    template_plugins(plan).unwrap_or_default()
}

/// What a runtime submit keeps of the lists sent: the template's `apps` and
/// `plugins` (`None`: the template has no plugins at all). Refused as the
/// console refuses: a singleton sent with more than one instance.
pub(crate) struct Submitted {
    pub(crate) apps: Vec<Value>,
    pub(crate) plugins: Option<Vec<Value>>,
}

pub(crate) fn runtime_submit(
    app: &Value,
    services: &[Value],
    plugins: &[Value],
) -> Result<Submitted> {
    for s in services {
        let max = s["extend_method_map"]["max_node"].as_i64().unwrap_or(1);
        if singleton(s) && max > 1 {
            return Err(ConsoleError::shown(
                400,
                "share app not support multi instance",
                "分享应用不支持多实例",
            ));
        }
    }
    let plugins = if plugins.is_empty() {
        None
    } else {
        Some(template_plugins(plugins)?)
    };
    // Every component is dropped when the first item names no cluster; one whose
    // cluster has no delivered build is dropped alone.
    let undelivered: HashSet<&str> = array_of(app, "apps")
        .iter()
        .filter(|c| str_of(c, "deploy_version").is_empty())
        .map(|c| str_of(c, "service_id"))
        .collect();
    let first_has_region = services
        .first()
        .is_some_and(|s| !str_of(s, "service_region").is_empty());
    let mut apps: Vec<Value> = services
        .iter()
        .filter(|s| first_has_region && !undelivered.contains(str_of(s, "service_id")))
        .cloned()
        .collect();
    let kept: HashSet<String> = apps
        .iter()
        .map(|c| str_of(c, "service_share_uuid").to_owned())
        .collect();
    let keys: Map<String, Value> = plugins
        .iter()
        .flatten()
        .map(|p| (str_of(p, "plugin_id").to_owned(), p["plugin_key"].clone()))
        .collect();
    for c in &mut apps {
        keep_dependencies(c, &kept);
        c.as_object_mut().map(|o| o.remove("need_share"));
        let configs: Vec<Value> = array_of(c, "service_related_plugin_config")
            .iter()
            .map(|r| {
                let mut r = r.clone();
                r["plugin_key"] = keys
                    .get(str_of(&r, "plugin_id"))
                    .cloned()
                    .unwrap_or(Value::Null);
                r
            })
            .collect();
        c["service_related_plugin_config"] = Value::Array(configs);
    }
    Ok(Submitted { apps, plugins })
}

/// The template a submit builds for the target; `apps` and `plugins` as kept,
/// the rest from the running app.
pub(crate) fn template(
    app: &Value,
    group_key: &str,
    group_name: &str,
    version: &str,
    submitted: Submitted,
    k8s_resources: &[Value],
) -> Value {
    let mut t = json!({
        "template_version": "v2", "group_key": group_key, "group_name": group_name,
        "group_version": version, "group_dev_status": "", "governance_mode": app["governance_mode"],
        "annotations": {}, "apps": submitted.apps, "k8s_resources": k8s_resources,
        "app_config_groups": app.get("app_config_groups").cloned().unwrap_or(json!([])),
        "ingress_http_routes": app.get("ingress_http_routes").cloned().unwrap_or(json!([])),
    });
    if let Some(plugins) = submitted.plugins {
        t["plugins"] = Value::Array(plugins);
    }
    t
}

/// A snapshot's template published to a target: a copy with the target's key,
/// name and version, and the app's governance mode as it is now.
pub(crate) fn from_snapshot(
    snapshot: &Value,
    app: &Value,
    group_key: &str,
    group_name: &str,
    version: &str,
) -> Value {
    let mut t = snapshot.clone();
    t["group_key"] = json!(group_key);
    t["group_name"] = json!(group_name);
    t["group_version"] = json!(version);
    t["governance_mode"] = app["governance_mode"].clone();
    t
}

/// The events a template's submit makes: (id, name) of each component and plugin.
pub(crate) fn event_owners(template: &Value) -> EventOwners {
    let services = array_of(template, "apps")
        .iter()
        .map(|c| {
            (
                str_of(c, "service_id").to_owned(),
                str_of(c, "service_cname").to_owned(),
            )
        })
        .collect();
    let plugins = array_of(template, "plugins")
        .iter()
        .map(|p| {
            (
                str_of(p, "plugin_id").to_owned(),
                str_of(p, "plugin_alias").to_owned(),
            )
        })
        .collect();
    EventOwners { services, plugins }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn halo() -> Value {
        serde_json::from_str(include_str!("../seed/halo-ram.json")).unwrap()
    }

    #[test]
    fn the_plan_leaves_out_what_the_console_leaves_out() {
        let plan = plan_services(&halo(), "local");
        let names: Vec<&str> = plan.iter().map(|c| str_of(c, "service_cname")).collect();
        assert_eq!(names, ["Halo", "Redis"], "Meilisearch was never deployed");
        let halo_deps = array_of(&plan[0], "dep_service_map_list");
        assert_eq!(
            halo_deps.len(),
            1,
            "only the dependency on Redis stays: {halo_deps:?}"
        );
        let plugins = plan_plugins(&halo());
        let plugins: Vec<&str> = plugins.iter().map(|p| str_of(p, "plugin_alias")).collect();
        assert_eq!(plugins, ["Log Collector", "Search Exporter"]);
    }

    #[test]
    fn a_submit_keys_plugins_and_refuses_a_scaled_singleton() {
        let app = halo();
        let plan = plan_services(&app, "local");
        let plugins = plan_plugins(&app);
        let kept = runtime_submit(&app, &plan, &plugins[..1]).unwrap();
        let keys = kept.plugins.unwrap();
        assert_eq!(keys[0]["plugin_key"], keys[0]["plugin_id"]);
        assert_eq!(
            kept.apps[0]["service_related_plugin_config"][0]["plugin_key"],
            keys[0]["plugin_key"]
        );
        let mut scaled = plan.clone();
        scaled[1]["extend_method_map"]["max_node"] = json!(3);
        let e = runtime_submit(&app, &scaled, &[]).err().unwrap();
        assert_eq!(e.msg_show, "分享应用不支持多实例");
        let none = runtime_submit(&app, &plan, &[]).unwrap();
        assert!(
            none.plugins.is_none(),
            "no plugins sent: the template has none"
        );
    }
}
