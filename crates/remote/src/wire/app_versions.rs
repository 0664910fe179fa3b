//! The console's application views beside the share flow, as they are on
//! the wire: an app's snapshots (`app-versions`) and its topology.

use serde::Deserialize;

/// A snapshot in `app-versions` (the list, or a create's bean with `created`).
#[derive(Deserialize)]
pub struct SnapshotVersion {
    pub version_id: i64,
    pub version: String,
    #[serde(default)]
    pub version_alias: String,
    #[serde(default)]
    pub app_version_info: String,
    #[serde(default)]
    pub create_time: Option<String>,
    pub app_model_id: String,
    #[serde(default)]
    pub diff_summary: Option<DiffSummary>,
    /// Only a create's answer has it: false when nothing changed.
    #[serde(default)]
    pub created: Option<bool>,
}

#[derive(Deserialize, Default)]
pub struct DiffSummary {
    #[serde(default)]
    pub added_components: Vec<String>,
    #[serde(default)]
    pub removed_components: Vec<String>,
    #[serde(default)]
    pub updated_components: Vec<String>,
}

/// The app's topology: components by id, and who depends on whom.
#[derive(Deserialize)]
pub struct Topology {
    #[serde(default)]
    pub json_data: std::collections::BTreeMap<String, TopologyNode>,
    #[serde(default)]
    pub json_svg: std::collections::BTreeMap<String, Vec<Option<String>>>,
}

#[derive(Deserialize)]
pub struct TopologyNode {
    #[serde(default)]
    pub service_id: String,
    #[serde(default)]
    pub service_cname: String,
    #[serde(default)]
    pub service_source: String,
    #[serde(default)]
    pub app_id: Option<i64>,
    #[serde(default)]
    pub app_name: String,
    #[serde(default)]
    pub cur_status: String,
    /// Present only on resources an operator manages (Deployment,
    /// StatefulSet), which are not the app's components.
    #[serde(default)]
    pub kind: Option<String>,
}

impl From<SnapshotVersion> for rbpub_core::share::Snapshot {
    fn from(w: SnapshotVersion) -> Self {
        let diff = w.diff_summary.unwrap_or_default();
        rbpub_core::share::Snapshot {
            id: w.version_id,
            version: w.version,
            alias: w.version_alias,
            notes: w.app_version_info,
            template_id: w.app_model_id,
            created: w.create_time.unwrap_or_default(),
            changes: rbpub_core::share::SnapshotChanges {
                added: diff.added_components,
                removed: diff.removed_components,
                updated: diff.updated_components,
            },
        }
    }
}

impl From<Topology> for rbpub_core::share::Topology {
    fn from(w: Topology) -> Self {
        let (managed, components): (Vec<_>, Vec<_>) =
            w.json_data.into_iter().partition(|(_, n)| n.kind.is_some());
        let workloads = managed
            .into_iter()
            .map(|(id, n)| {
                let name = match n.service_cname.is_empty() {
                    true => id.clone(),
                    false => n.service_cname,
                };
                (id, (name, n.kind.unwrap_or_default()))
            })
            .collect();
        let components = components
            .into_iter()
            .map(|(id, n)| {
                let c = rbpub_core::share::TopologyComponent {
                    id: if n.service_id.is_empty() {
                        id.clone()
                    } else {
                        n.service_id
                    },
                    name: n.service_cname,
                    app_id: n.app_id.unwrap_or_default(),
                    app_name: n.app_name,
                    status: n.cur_status,
                    source: n.service_source,
                };
                (id, c)
            })
            .collect();
        let depends_on = w
            .json_svg
            .into_iter()
            .map(|(id, deps)| (id, deps.into_iter().flatten().collect()))
            .collect();
        rbpub_core::share::Topology {
            components,
            depends_on,
            workloads,
        }
    }
}
