//! The `metadata.json` shape, lenient: a field of the wrong type is an error
//! with its position, a missing one takes its default.

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
    apps: Option<Capped<App, { crate::budget::TEMPLATE_COMPONENTS }>>,
    #[serde(default)]
    k8s_resources: Capped<K8sResource>,
    #[serde(default)]
    plugins: Capped<Plugin>,
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
    deploy_version: String,
    extend_method: String,
    extend_method_map: Option<ExtendMap>,
    memory: u64,
    port_map_list: Capped<PortMap>,
    service_env_map_list: Capped<EnvMap>,
    service_connect_info_map_list: Capped<EnvMap>,
    service_volume_map_list: Capped<VolumeMap>,
    dep_service_map_list: Capped<DepMap>,
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

/// A list read with a count: at most `N` entries, and every entry of every
/// list in the template drawn from one budget ([`ENTRIES`]), so that a few
/// kilobytes of `{},{},…` compressed cannot become gigabytes parsed.
pub struct Capped<T, const N: usize = { usize::MAX }>(pub Vec<T>);

impl<T, const N: usize> Default for Capped<T, N> {
    fn default() -> Self {
        Capped(Vec::new())
    }
}

thread_local! {
    /// Entries the template being read may still hold.
    static ENTRIES: std::cell::Cell<usize> = const { std::cell::Cell::new(usize::MAX) };
}

/// Reads with a fresh entry budget, restored after (templates are read on one thread).
pub fn counted<T>(read: impl FnOnce() -> T) -> T {
    let before = ENTRIES.replace(crate::budget::TEMPLATE_ENTRIES);
    let out = read();
    ENTRIES.set(before);
    out
}

impl<'de, T: Deserialize<'de>, const N: usize> Deserialize<'de> for Capped<T, N> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Seq<T, const N: usize>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>, const N: usize> serde::de::Visitor<'de> for Seq<T, N> {
            type Value = Capped<T, N>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a list")
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Self::Value, A::Error> {
                use serde::de::Error;
                let mut out = Vec::new();
                while let Some(entry) = seq.next_element()? {
                    if out.len() == N {
                        return Err(A::Error::custom(format!(
                            "more than {N} entries in one list: a template holds at most {N} components"
                        )));
                    }
                    let left = ENTRIES.get();
                    if left == 0 {
                        return Err(A::Error::custom(format!(
                            "more than {} entries in all its lists: a template holds at most that many ports, variables, volumes and dependencies together",
                            crate::budget::TEMPLATE_ENTRIES
                        )));
                    }
                    ENTRIES.set(left - 1);
                    out.push(entry);
                }
                Ok(Capped(out))
            }
        }
        d.deserialize_seq(Seq::<T, N>(std::marker::PhantomData))
    }
}

/// [`super::Template`]'s own JSON form with every list counted: what a
/// listing's `template.json` is read as.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
pub struct OwnForm {
    key: String,
    name: String,
    version: String,
    format: String,
    components: Capped<OwnComponent, { crate::budget::TEMPLATE_COMPONENTS }>,
    k8s_resources: Capped<String>,
    plugins: Capped<String>,
    plugin_images: Capped<super::PluginImage>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct OwnComponent {
    key: String,
    service_key: String,
    name: String,
    image: String,
    share_image: String,
    version: String,
    build: String,
    deploy: String,
    max_instances: u32,
    memory_mb: u64,
    ports: Capped<super::Port>,
    env: Capped<super::EnvVar>,
    volumes: Capped<super::Volume>,
    depends_on: Capped<String>,
}

impl From<OwnForm> for super::Template {
    fn from(t: OwnForm) -> Self {
        super::Template {
            key: t.key,
            name: t.name,
            version: t.version,
            format: t.format,
            components: t
                .components
                .0
                .into_iter()
                .map(|c| super::Component {
                    key: c.key,
                    service_key: c.service_key,
                    name: c.name,
                    image: c.image,
                    share_image: c.share_image,
                    version: c.version,
                    build: c.build,
                    deploy: c.deploy,
                    max_instances: c.max_instances,
                    memory_mb: c.memory_mb,
                    ports: c.ports.0,
                    env: c.env.0,
                    volumes: c.volumes.0,
                    depends_on: c.depends_on.0,
                })
                .collect(),
            k8s_resources: t.k8s_resources.0,
            plugins: t.plugins.0,
            plugin_images: t.plugin_images.0,
        }
    }
}

/// A count written as a number or a string; anything else (or out of range) is 0.
fn any_count<'de, D: serde::Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
    Ok(any_scalar(d)?.trim().parse().unwrap_or(0))
}

/// Exports write some values as numbers (`"attr_value": 3306`). A list or
/// an object there is skipped, not built: it would cost memory for nothing.
fn any_scalar<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    struct Scalar;
    impl<'de> serde::de::Visitor<'de> for Scalar {
        type Value = String;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a value")
        }
        fn visit_str<E>(self, v: &str) -> Result<String, E> {
            Ok(v.to_owned())
        }
        fn visit_string<E>(self, v: String) -> Result<String, E> {
            Ok(v)
        }
        fn visit_bool<E>(self, v: bool) -> Result<String, E> {
            Ok(v.to_string())
        }
        fn visit_i64<E>(self, v: i64) -> Result<String, E> {
            Ok(v.to_string())
        }
        fn visit_u64<E>(self, v: u64) -> Result<String, E> {
            Ok(v.to_string())
        }
        fn visit_f64<E>(self, v: f64) -> Result<String, E> {
            Ok(serde_json::Number::from_f64(v).map_or_else(String::new, |n| n.to_string()))
        }
        fn visit_unit<E>(self) -> Result<String, E> {
            Ok(String::new())
        }
        fn visit_none<E>(self) -> Result<String, E> {
            Ok(String::new())
        }
        fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<String, A::Error> {
            while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
            Ok(String::new())
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<String, A::Error> {
            while map
                .next_entry::<serde::de::IgnoredAny, serde::de::IgnoredAny>()?
                .is_some()
            {}
            Ok(String::new())
        }
    }
    d.deserialize_any(Scalar)
}

impl Metadata {
    pub fn into_template(self) -> Option<super::Template> {
        use super::*;
        let apps = self.apps?.0;
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
                    build: a.deploy_version,
                    deploy: a.extend_method,
                    max_instances: a.extend_method_map.map_or(0, |m| m.max_node),
                    memory_mb: a.memory,
                    ports: a
                        .port_map_list
                        .0
                        .into_iter()
                        .map(|p| Port {
                            port: p.container_port,
                            protocol: p.protocol,
                            alias: p.port_alias,
                            inner: p.is_inner_service,
                            outer: p.is_outer_service,
                        })
                        .collect(),
                    env: env(a.service_env_map_list.0, false)
                        .chain(env(a.service_connect_info_map_list.0, true))
                        .collect(),
                    volumes: a
                        .service_volume_map_list
                        .0
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
                        .0
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
                .0
                .into_iter()
                .map(|r| format!("{} {}", r.kind, r.name).trim().to_string())
                .collect(),
            plugins: self.plugins.0.iter().map(Plugin::name).collect(),
            plugin_images: self
                .plugins
                .0
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
