//! A Rainbond app template (RAM) as the preview and the `template.*` rules see it:
//! the components with their ports, environment, volumes and dependencies.
//!
//! Read from the `metadata.json` of an exported template (`*-ram.tar.gz`). The
//! wire shape is described in `docs/console-api.md`; only what the preview shows is
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
    /// `deploy_version`: the build installed apps run. A new build of the same
    /// image is a rebuild an upgrade sends them.
    pub build: String,
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

impl TemplateError {
    /// Why, in the catalogue's words (the JSON parser's own words inside).
    pub fn sentence(&self) -> crate::catalogue::Sentence {
        use crate::catalogue::Sentence;
        match self {
            TemplateError::TooLarge(mb) => Sentence::new("metadataJson.tooLarge").arg("mb", mb),
            TemplateError::Malformed {
                line,
                column,
                reason,
            } => Sentence::new("metadataJson.malformed")
                .arg("line", line)
                .arg("column", column)
                .arg("detail", reason),
            TemplateError::NotATemplate => Sentence::new("metadataJson.notATemplate"),
        }
    }
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
        let raw: wire::Metadata = wire::counted(|| serde_json::from_slice(bytes)).map_err(|e| {
            TemplateError::Malformed {
                line: e.line(),
                column: e.column(),
                reason: e
                    .to_string()
                    .split(" at line")
                    .next()
                    .unwrap_or("")
                    .to_string(),
            }
        })?;
        raw.into_template().ok_or(TemplateError::NotATemplate)
    }

    /// A template in this app's own JSON form (a listing's `template.json`),
    /// read with the same counts as `metadata.json`.
    pub fn from_json(bytes: &[u8]) -> serde_json::Result<Template> {
        wire::counted(|| serde_json::from_slice::<wire::OwnForm>(bytes)).map(Template::from)
    }

    /// The template a share will make, from the console's share plan
    /// (`share_service_list`: its items are the template's `apps[]`, which the
    /// console builds from them); plugins and k8s resources are not judged here.
    pub fn from_share_list(services: &[serde_json::Value]) -> Result<Template, TemplateError> {
        let metadata = serde_json::json!({ "apps": services });
        let raw: wire::Metadata =
            wire::counted(|| serde_json::from_value(metadata)).map_err(|e| {
                TemplateError::Malformed {
                    line: 0,
                    column: 0,
                    reason: e.to_string(),
                }
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

mod wire;

#[cfg(test)]
mod tests {
    use super::*;

    const EXAMPLE: &str = include_str!("../fixtures/ram-example.json");

    #[test]
    fn a_template_of_millions_of_entries_is_refused_by_count_not_by_memory() {
        // 10,001 empty components: a few KB compressed.
        let many = format!("{{\"apps\":[{}{{}}]}}", "{},".repeat(10_000));
        let e = Template::from_metadata(many.as_bytes()).unwrap_err();
        assert!(e.to_string().contains("at most 10000 components"), "{e}");
        let fine = format!("{{\"apps\":[{}{{}}]}}", "{},".repeat(9_999));
        assert_eq!(
            Template::from_metadata(fine.as_bytes())
                .unwrap()
                .components
                .len(),
            10_000
        );
        // 300,000 variables spread over few components: the entries of all lists count together.
        let envs = format!("[{}{{}}]", "{},".repeat(99_999));
        let app = format!("{{\"service_env_map_list\":{envs}}}");
        let spread = format!("{{\"apps\":[{app},{app},{app}]}}");
        let e = Template::from_metadata(spread.as_bytes()).unwrap_err();
        assert!(
            e.to_string().contains("200000 entries in all its lists"),
            "{e}"
        );
        // The budget is the template's: the next one starts afresh.
        let two = format!("{{\"apps\":[{app}]}}");
        assert_eq!(
            Template::from_metadata(two.as_bytes()).unwrap().components[0]
                .env
                .len(),
            100_000
        );
        // A value written as a long list is skipped, not built.
        let odd = format!("{{\"apps\":[{{\"service_env_map_list\":[{{\"attr_name\":\"A\",\"attr_value\":[{}0]}}]}}]}}", "0,".repeat(100_000));
        let t = Template::from_metadata(odd.as_bytes()).unwrap();
        assert_eq!(
            (
                t.components[0].env[0].name.as_str(),
                t.components[0].env[0].value.as_str()
            ),
            ("A", "")
        );
        // A listing's template.json is counted the same way, and reads back what was written.
        let example = Template::from_metadata(EXAMPLE.as_bytes()).unwrap();
        let own = serde_json::to_vec(&example).unwrap();
        assert_eq!(Template::from_json(&own).unwrap(), example);
        let own_many = format!("{{\"components\":[{}{{}}]}}", "{},".repeat(10_000));
        assert!(Template::from_json(own_many.as_bytes()).is_err());
    }

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
