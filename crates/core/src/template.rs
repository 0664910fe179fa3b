//! A Rainbond app template (RAM) as the preview and the `template.*` rules see it:
//! the components with their ports, environment, volumes and dependencies.
//!
//! Read from the `metadata.json` of an exported template (`*-ram.tar.gz`). The
//! wire shape is described in `rainbond-api.md`; only what the preview shows is
//! kept, and every field may be missing (old exports leave many out).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A template's `metadata.json` larger than this is refused before parsing.
pub const METADATA_MAX_BYTES: usize = crate::budget::TEMPLATE_BYTES as usize;

/// An app template exported from Rainbond (`metadata.json` of a `*-ram.tar.gz`),
/// read for what a listing needs.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct Template {
    /// `group_key`: the template's id in Rainbond.
    pub key: String,
    /// `group_name`.
    pub name: String,
    /// `group_version`: the version the export was made from.
    pub version: String,
    /// `template_version`: `v2`, or `v3` when a component is a VM.
    pub format: String,
    /// The app's components.
    pub components: Vec<Component>,
    /// The kinds and names of the template's Kubernetes resources (`k8s_resources`).
    pub k8s_resources: Vec<String>,
    /// The plugins' names.
    pub plugins: Vec<String>,
    /// The plugins' images, which an offline export must carry as well.
    pub plugin_images: Vec<PluginImage>,
}

/// A plugin's image (`plugins[]`): what an offline export saves in `plugin-images.tar`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct PluginImage {
    /// The plugin's name (`plugin_alias`, else `plugin_key`).
    pub name: String,
    /// `share_image`: the image the share pushed, which an import loads and tags.
    pub image: String,
    /// `category` is `init-plugin`: it runs as an init container before the component.
    pub init: bool,
}

/// One component (`apps[]` entry).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct Component {
    /// `service_share_uuid`, what other components' dependencies point at.
    pub key: String,
    /// `service_cname`: the name people see.
    pub name: String,
    /// The image it runs.
    pub image: String,
    /// `share_image`: the image the share pushed, which an offline export saves
    /// and an import tags (empty for components with no image of their own).
    pub share_image: String,
    /// The component's version.
    pub version: String,
    /// `service_key`: the component's identity across versions of the template
    /// (an upgrade matches components by it after `service_share_uuid`).
    pub service_key: String,
    /// `extend_method`: `stateless_multiple`, `state_singleton`…
    pub deploy: String,
    /// `extend_method_map.max_node`: the most instances an installer may run; 0 when unset.
    pub max_instances: u32,
    /// Memory, in MB.
    #[ts(type = "number")]
    pub memory_mb: u64,
    /// The ports it listens on.
    pub ports: Vec<Port>,
    /// `service_env_map_list` and `service_connect_info_map_list` (the latter
    /// marked `connection`: what dependants receive).
    pub env: Vec<EnvVar>,
    /// Its volumes.
    pub volumes: Vec<Volume>,
    /// `dep_service_map_list[].dep_service_key`.
    pub depends_on: Vec<String>,
}

/// A port a component listens on.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct Port {
    /// The port number.
    pub port: u32,
    /// `http`, `tcp`, `udp`…
    pub protocol: String,
    /// The name other components reach it by.
    pub alias: String,
    /// Reachable by other components.
    pub inner: bool,
    /// Reachable from outside the app.
    pub outer: bool,
}

/// An environment variable of a component.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct EnvVar {
    /// The variable's name.
    pub name: String,
    /// Its value.
    pub value: String,
    /// The label the template gives it.
    pub label: String,
    /// The installer may change it.
    pub changeable: bool,
    /// A connection variable: given to the components that depend on this one.
    pub connection: bool,
}

/// A volume of a component.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct Volume {
    /// The volume's name.
    pub name: String,
    /// Where it is mounted.
    pub path: String,
    /// Its kind (`share-file`, `local`…).
    pub kind: String,
    /// GiB; 0 when unset.
    #[ts(type = "number")]
    pub capacity: u64,
}

/// Why a `metadata.json` could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TemplateError {
    /// Too large to read.
    #[error("metadata.json is {0} MB; a template's metadata.json may be at most 64 MB")]
    TooLarge(usize),
    /// Not JSON.
    #[error("metadata.json is not valid JSON at line {line}, column {column}: {reason}")]
    Malformed {
        /// The line of the first error.
        line: usize,
        /// The column.
        column: usize,
        /// What the parser said.
        reason: String,
    },
    /// JSON, but not a template.
    #[error("metadata.json has no `apps` list; is it a Rainbond template export?")]
    NotATemplate,
}

impl Component {
    /// The name people see, or the key of a component without one.
    pub fn label(&self) -> &str {
        if self.name.is_empty() {
            &self.key
        } else {
            &self.name
        }
    }
}

impl Template {
    /// Reads an exported template's `metadata.json`.
    pub fn from_metadata(bytes: &[u8]) -> Result<Template, TemplateError> {
        if bytes.len() > METADATA_MAX_BYTES {
            return Err(TemplateError::TooLarge(bytes.len().div_ceil(1024 * 1024)));
        }
        let raw: wire::Metadata =
            serde_json::from_slice(bytes).map_err(|e| TemplateError::Malformed {
                line: e.line(),
                column: e.column(),
                reason: e
                    .to_string()
                    .split(" at line")
                    .next()
                    .unwrap_or("")
                    .to_string(),
            })?;
        raw.into_template().ok_or(TemplateError::NotATemplate)
    }

    /// The template a share will make, from the console's share plan
    /// (`share_service_list`: its items are the template's `apps[]`, which the
    /// console builds from them); plugins and k8s resources are not judged here.
    pub fn from_share_list(services: &[serde_json::Value]) -> Result<Template, TemplateError> {
        let metadata = serde_json::json!({ "apps": services });
        let raw: wire::Metadata =
            serde_json::from_value(metadata).map_err(|e| TemplateError::Malformed {
                line: 0,
                column: 0,
                reason: e.to_string(),
            })?;
        raw.into_template().ok_or(TemplateError::NotATemplate)
    }

    /// The component a dependency key points at.
    pub fn component(&self, key: &str) -> Option<&Component> {
        self.components.iter().find(|c| c.key == key)
    }

    /// Components grouped by how deep they sit in the dependency graph: first
    /// those that depend on nothing in the template, then those that depend only
    /// on the first group, and so on. Components in a cycle, or depending on a
    /// missing key, come last. Indexes into `components`.
    pub fn layers(&self) -> Vec<Vec<usize>> {
        use std::collections::{HashMap, VecDeque};
        let n = self.components.len();
        let index: HashMap<&str, usize> = self
            .components
            .iter()
            .enumerate()
            .map(|(i, c)| (c.key.as_str(), i))
            .collect();
        // Kahn's algorithm: linear in components and edges, so 10,000 components are instant.
        let mut waiting = vec![0usize; n];
        let mut dependants: Vec<Vec<usize>> = vec![Vec::new(); n];
        let mut dangling = vec![false; n];
        for (i, c) in self.components.iter().enumerate() {
            for dep in &c.depends_on {
                match index.get(dep.as_str()) {
                    Some(&j) => {
                        waiting[i] += 1;
                        dependants[j].push(i);
                    }
                    None => dangling[i] = true,
                }
            }
        }
        let mut depth: Vec<Option<usize>> = vec![None; n];
        let mut ready: VecDeque<usize> = (0..n)
            .filter(|&i| waiting[i] == 0 && !dangling[i])
            .collect();
        for &i in &ready {
            depth[i] = Some(0);
        }
        while let Some(j) = ready.pop_front() {
            let d = depth[j].unwrap_or(0);
            for &i in &dependants[j] {
                depth[i] = Some(depth[i].map_or(d + 1, |x: usize| x.max(d + 1)));
                waiting[i] -= 1;
                if waiting[i] == 0 && !dangling[i] {
                    ready.push_back(i);
                }
            }
        }
        let placed = |i: usize| waiting[i] == 0 && !dangling[i];
        let deepest = (0..n)
            .filter(|&i| placed(i))
            .filter_map(|i| depth[i])
            .max()
            .map_or(0, |d| d + 1);
        let mut layers = vec![Vec::new(); deepest];
        let mut stuck = Vec::new();
        for (i, d) in depth.iter().enumerate() {
            match d.filter(|_| placed(i)) {
                Some(d) => layers[d].push(i),
                None => stuck.push(i),
            }
        }
        if !stuck.is_empty() {
            layers.push(stuck);
        }
        layers
    }
}

/// The `metadata.json` shape, lenient: a field of the wrong type is an error
/// with its position, a missing one takes its default.
mod wire {
    use serde::Deserialize;

    #[derive(Deserialize)]
    pub struct Metadata {
        #[serde(default)]
        group_key: String,
        #[serde(default)]
        group_name: String,
        #[serde(default)]
        group_version: String,
        #[serde(default)]
        template_version: String,
        apps: Option<Vec<App>>,
        #[serde(default)]
        k8s_resources: Vec<K8sResource>,
        #[serde(default)]
        plugins: Vec<Plugin>,
    }

    #[derive(Deserialize, Default)]
    #[serde(default)]
    struct App {
        service_key: String,
        service_share_uuid: String,
        service_cname: String,
        image: String,
        share_image: String,
        version: String,
        extend_method: String,
        extend_method_map: Option<ExtendMap>,
        memory: u64,
        port_map_list: Vec<PortMap>,
        service_env_map_list: Vec<EnvMap>,
        service_connect_info_map_list: Vec<EnvMap>,
        service_volume_map_list: Vec<VolumeMap>,
        dep_service_map_list: Vec<DepMap>,
    }

    #[derive(Deserialize, Default)]
    #[serde(default)]
    struct ExtendMap {
        #[serde(deserialize_with = "any_count")]
        max_node: u32,
    }

    #[derive(Deserialize, Default)]
    #[serde(default)]
    struct PortMap {
        container_port: u32,
        protocol: String,
        port_alias: String,
        is_inner_service: bool,
        is_outer_service: bool,
    }

    #[derive(Deserialize, Default)]
    #[serde(default)]
    struct EnvMap {
        name: String,
        attr_name: String,
        #[serde(deserialize_with = "any_scalar")]
        attr_value: String,
        is_change: bool,
    }

    #[derive(Deserialize, Default)]
    #[serde(default)]
    struct VolumeMap {
        volume_name: String,
        volume_path: String,
        volume_type: String,
        volume_capacity: u64,
    }

    #[derive(Deserialize, Default)]
    #[serde(default)]
    struct DepMap {
        dep_service_key: String,
    }

    #[derive(Deserialize, Default)]
    #[serde(default)]
    struct K8sResource {
        name: String,
        kind: String,
    }

    #[derive(Deserialize, Default)]
    #[serde(default)]
    struct Plugin {
        plugin_alias: String,
        plugin_key: String,
        share_image: String,
        category: String,
    }

    impl Plugin {
        fn name(&self) -> String {
            if self.plugin_alias.is_empty() {
                self.plugin_key.clone()
            } else {
                self.plugin_alias.clone()
            }
        }
    }

    /// A count written as a number or a string; anything else (or out of range) is 0.
    fn any_count<'de, D: serde::Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
        Ok(match serde_json::Value::deserialize(d)? {
            serde_json::Value::Number(n) => {
                n.as_u64().and_then(|n| u32::try_from(n).ok()).unwrap_or(0)
            }
            serde_json::Value::String(s) => s.trim().parse().unwrap_or(0),
            _ => 0,
        })
    }

    /// Exports write some values as numbers (`"attr_value": 3306`).
    fn any_scalar<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
        Ok(match serde_json::Value::deserialize(d)? {
            serde_json::Value::String(s) => s,
            serde_json::Value::Null => String::new(),
            other => other.to_string(),
        })
    }

    impl Metadata {
        pub fn into_template(self) -> Option<super::Template> {
            use super::*;
            let apps = self.apps?;
            let components = apps
                .into_iter()
                .map(|a| {
                    let env = |list: Vec<EnvMap>, connection: bool| {
                        list.into_iter().map(move |e| EnvVar {
                            name: e.attr_name,
                            value: e.attr_value,
                            label: e.name,
                            changeable: e.is_change,
                            connection,
                        })
                    };
                    Component {
                        key: if a.service_share_uuid.is_empty() {
                            a.service_key.clone()
                        } else {
                            a.service_share_uuid
                        },
                        service_key: a.service_key,
                        name: a.service_cname,
                        image: a.image,
                        share_image: a.share_image,
                        version: a.version,
                        deploy: a.extend_method,
                        max_instances: a.extend_method_map.map_or(0, |m| m.max_node),
                        memory_mb: a.memory,
                        ports: a
                            .port_map_list
                            .into_iter()
                            .map(|p| Port {
                                port: p.container_port,
                                protocol: p.protocol,
                                alias: p.port_alias,
                                inner: p.is_inner_service,
                                outer: p.is_outer_service,
                            })
                            .collect(),
                        env: env(a.service_env_map_list, false)
                            .chain(env(a.service_connect_info_map_list, true))
                            .collect(),
                        volumes: a
                            .service_volume_map_list
                            .into_iter()
                            .map(|v| Volume {
                                name: v.volume_name,
                                path: v.volume_path,
                                kind: v.volume_type,
                                capacity: v.volume_capacity,
                            })
                            .collect(),
                        depends_on: a
                            .dep_service_map_list
                            .into_iter()
                            .map(|d| d.dep_service_key)
                            .collect(),
                    }
                })
                .collect();
            Some(Template {
                key: self.group_key,
                name: self.group_name,
                version: self.group_version,
                format: self.template_version,
                components,
                k8s_resources: self
                    .k8s_resources
                    .into_iter()
                    .map(|r| format!("{} {}", r.kind, r.name).trim().to_string())
                    .collect(),
                plugins: self.plugins.iter().map(Plugin::name).collect(),
                plugin_images: self
                    .plugins
                    .into_iter()
                    .map(|p| PluginImage {
                        name: p.name(),
                        init: p.category == "init-plugin",
                        image: p.share_image,
                    })
                    .collect(),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const EXAMPLE: &str = include_str!("../fixtures/ram-example.json");

    #[test]
    fn the_design_example_reads_as_two_components_with_a_dependency() {
        let t = Template::from_metadata(EXAMPLE.as_bytes()).unwrap();
        assert_eq!(
            (t.name.as_str(), t.version.as_str()),
            ("wordpress", "1.2.0")
        );
        let names: Vec<_> = t.components.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["MySQL", "WordPress"]);
        let wp = &t.components[1];
        assert_eq!(wp.ports[0].port, 80);
        assert!(wp.ports[0].outer);
        assert_eq!(t.component(&wp.depends_on[0]).unwrap().name, "MySQL");
        let mysql = &t.components[0];
        assert!(mysql
            .env
            .iter()
            .any(|e| e.name == "MYSQL_HOST" && e.connection));
        assert_eq!(mysql.volumes[0].path, "/var/lib/mysql");
        assert_eq!(t.layers(), vec![vec![0], vec![1]]);
    }

    #[test]
    fn bad_metadata_names_the_problem_and_its_place() {
        let err = Template::from_metadata(b"{\"apps\": [").unwrap_err();
        assert!(
            matches!(err, TemplateError::Malformed { line: 1, .. }),
            "{err}"
        );
        let err = Template::from_metadata(b"{\"apps\": 7}").unwrap_err();
        assert!(err.to_string().contains("line 1"), "{err}");
        assert_eq!(
            Template::from_metadata(b"{\"group_name\": \"x\"}"),
            Err(TemplateError::NotATemplate)
        );
        assert!(Template::from_metadata(b"[]")
            .unwrap_err()
            .to_string()
            .contains("not valid JSON"));
    }

    #[test]
    fn cycles_and_dangling_keys_end_in_the_last_layer() {
        let c = |key: &str, deps: &[&str]| Component {
            key: key.into(),
            depends_on: deps.iter().map(|d| d.to_string()).collect(),
            ..Component::default()
        };
        let t = Template {
            components: vec![
                c("a", &["b"]),
                c("b", &["a"]),
                c("c", &[]),
                c("d", &["gone"]),
            ],
            ..Template::default()
        };
        assert_eq!(t.layers(), vec![vec![2], vec![0, 1, 3]]);
    }
}
