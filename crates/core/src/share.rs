//! The console's share flow as the app understands it, beyond one record:
//! which events a share has (components' and plugins' ids are two sequences),
//! what it proposes (the plan), what it leaves out without a word, and an
//! app's snapshots. Pure: the clients fill these in, the service decides.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// An image push's identity: components' and plugins' events have ids of
/// their own, so the same number can name one of each.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EventKey {
    /// A plugin's event, not a component's.
    pub plugin: bool,
    /// The event's id in its own table.
    #[ts(type = "number")]
    pub id: i64,
}

/// What a share publishes from: the app as it runs now, or one of its snapshots
/// (`publish_mode` of the console's plan).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum PublishMode {
    /// The app as it runs now.
    #[default]
    Runtime,
    /// A snapshot's stored components and plugins.
    Snapshot,
}

/// A plugin the share proposes, and who needs it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PlanPlugin {
    /// The plugin's id.
    pub id: String,
    /// The name people see (the alias, which its image push is named by).
    pub name: String,
    /// The plugin's category, as the console has it.
    pub category: String,
    /// Shared components that use it: while any does, it is shared (the console
    /// UI's rule).
    pub required_by: Vec<String>,
}

/// A component of the app the share leaves out.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OmittedComponent {
    /// The component's name.
    pub name: String,
    /// Why the console leaves it out, as far as the topology says.
    pub reason: OmissionReason,
}

/// Why a component is not in the plan.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum OmissionReason {
    /// A third-party component: never shared.
    ThirdParty,
    /// Never deployed: the cluster has no build of it.
    NotDeployed,
    /// Neither: a KubeBlocks component, or one whose build the cluster lost.
    Other,
}

/// A dependency the published template will not have.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DroppedDependency {
    /// The shared component that depends.
    pub component: String,
    /// The component it depends on.
    pub on: String,
    /// The app that component belongs to, when it is another app.
    pub other_app: Option<String>,
}

/// What a share leaves out silently, named before anything is submitted.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Omissions {
    /// Components of the app that will not be in the template.
    pub components: Vec<OmittedComponent>,
    /// Dependencies that will not be in the template.
    pub dependencies: Vec<DroppedDependency>,
}

impl Omissions {
    /// Nothing is left out.
    pub fn is_empty(&self) -> bool {
        self.components.is_empty() && self.dependencies.is_empty()
    }

    /// One line per omission, stable across runs: what a user's "publish
    /// anyway" is kept as, so that a new omission asks again.
    pub fn keys(&self) -> Vec<String> {
        let mut keys: Vec<String> = self
            .components
            .iter()
            .map(|c| format!("component {}", c.name))
            .chain(
                self.dependencies
                    .iter()
                    .map(|d| format!("dependency {} -> {}", d.component, d.on)),
            )
            .collect();
        keys.sort();
        keys
    }

    /// The omissions not among those accepted before.
    pub fn unaccepted(&self, accepted: &[String]) -> Vec<String> {
        self.keys()
            .into_iter()
            .filter(|k| !accepted.contains(k))
            .collect()
    }
}

/// A component as the console's topology shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TopologyComponent {
    /// The component's id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// The app it belongs to (group id).
    pub app_id: i64,
    /// That app's name.
    pub app_name: String,
    /// `third_party`, `undeploy`, `running`…
    pub status: String,
    /// `third_party` for a third-party component.
    pub source: String,
}

/// An app's components and the components they depend on, from any app.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Topology {
    /// Every component shown, by id.
    pub components: BTreeMap<String, TopologyComponent>,
    /// Who depends on whom, by id; a link may name a managed workload.
    pub depends_on: BTreeMap<String, Vec<String>>,
    /// Workloads an operator manages (Deployments, StatefulSets that are not
    /// components), by id: their name and kind. No template carries them.
    pub workloads: BTreeMap<String, (String, String)>,
}

/// A component the plan proposes: its id, name and the ids it will depend on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlannedComponent {
    /// The component's id (`service_id`).
    pub id: String,
    /// Its name (`service_cname`).
    pub name: String,
}

/// What the plan of app `app_id` leaves out: the app's components missing from
/// it, and each dependency of a planned component on one the plan does not hold
/// (in another app, or left out), which the template will not have.
pub fn omissions(app_id: i64, planned: &[PlannedComponent], topology: &Topology) -> Omissions {
    let in_plan: BTreeSet<&str> = planned.iter().map(|c| c.id.as_str()).collect();
    let components = topology
        .components
        .values()
        .filter(|c| c.app_id == app_id && !in_plan.contains(c.id.as_str()))
        .map(|c| OmittedComponent {
            name: c.name.clone(),
            reason: if c.source == "third_party" || c.status == "third_party" {
                OmissionReason::ThirdParty
            } else if matches!(c.status.as_str(), "undeploy" | "creating") {
                OmissionReason::NotDeployed
            } else {
                OmissionReason::Other
            },
        })
        .collect();
    let mut dependencies = Vec::new();
    for c in planned {
        for on in topology.depends_on.get(&c.id).into_iter().flatten() {
            if in_plan.contains(on.as_str()) {
                continue;
            }
            let target = topology.components.get(on);
            let on = match (target, topology.workloads.get(on)) {
                (Some(t), _) => t.name.clone(),
                (None, Some((name, kind))) => {
                    format!("{name} (a {kind} an operator manages, which no template carries)")
                }
                // Named by its id only where the console said nothing else of it.
                (None, None) => on.clone(),
            };
            dependencies.push(DroppedDependency {
                component: c.name.clone(),
                on,
                other_app: target
                    .filter(|t| t.app_id != app_id)
                    .map(|t| t.app_name.clone()),
            });
        }
    }
    Omissions {
        components,
        dependencies,
    }
}

/// What changed in a snapshot against the one before it (components only).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SnapshotChanges {
    /// Components added.
    pub added: Vec<String>,
    /// Components removed.
    pub removed: Vec<String>,
    /// Components changed.
    pub updated: Vec<String>,
}

impl SnapshotChanges {
    /// Nothing changed.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.updated.is_empty()
    }
}

/// A snapshot of a running app: a version of the app's hidden template that a
/// share can publish instead of the app as it runs now.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Snapshot {
    /// The snapshot's id (`version_id`).
    #[ts(type = "number")]
    pub id: i64,
    /// Its version number.
    pub version: String,
    /// Its display name.
    pub alias: String,
    /// Its notes.
    pub notes: String,
    /// The hidden template it belongs to (`app_model_id`): what a share names.
    pub template_id: String,
    /// When it was made, as the console prints it.
    pub created: String,
    /// What changed against the snapshot before it.
    pub changes: SnapshotChanges,
}

/// What making a snapshot did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SnapshotMade {
    /// A new snapshot was made; false: nothing changed since the newest one,
    /// which is `snapshot` ("当前没有新的变更，无需创建快照").
    pub created: bool,
    /// The snapshot made, or the newest one.
    pub snapshot: Snapshot,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn component(id: &str, name: &str, app_id: i64, status: &str) -> TopologyComponent {
        TopologyComponent {
            id: id.into(),
            name: name.into(),
            app_id,
            app_name: if app_id == 3 { "halo" } else { "wordpress" }.into(),
            status: status.into(),
            source: "docker_image".into(),
        }
    }

    #[test]
    fn the_plan_names_what_it_leaves_out() {
        let mut t = Topology::default();
        for c in [
            component("h", "Halo", 3, "running"),
            component("r", "Redis", 3, "running"),
            component("m", "Meilisearch", 3, "undeploy"),
            component("db", "MySQL", 1, "running"),
        ] {
            t.components.insert(c.id.clone(), c);
        }
        t.depends_on
            .insert("h".into(), vec!["r".into(), "db".into(), "m".into()]);
        let planned = [
            PlannedComponent {
                id: "h".into(),
                name: "Halo".into(),
            },
            PlannedComponent {
                id: "r".into(),
                name: "Redis".into(),
            },
        ];
        let o = omissions(3, &planned, &t);
        assert_eq!(
            o.components,
            [OmittedComponent {
                name: "Meilisearch".into(),
                reason: OmissionReason::NotDeployed
            }]
        );
        assert_eq!(o.dependencies.len(), 2);
        assert_eq!(o.dependencies[0].other_app.as_deref(), Some("wordpress"));
        assert_eq!(o.dependencies[1].other_app, None, "left out, same app");
        assert_eq!(
            o.keys(),
            [
                "component Meilisearch",
                "dependency Halo -> Meilisearch",
                "dependency Halo -> MySQL"
            ]
        );
        let accepted = o.keys()[..2].to_vec();
        assert_eq!(o.unaccepted(&accepted), ["dependency Halo -> MySQL"]);
        assert!(omissions(3, &planned[..0], &Topology::default()).is_empty());
    }
}
