//! What installing apps get when they upgrade from one version of a template
//! to another. Rainbond matches a new version's components to the installed
//! ones by `service_key`, then `service_share_uuid`, then the part of the uuid after `+`
//! (as the console matches them); a component rebuilt under
//! a new key is added beside the old one (goodrain/rainbond#2573, #1049), and
//! an upgrade only adds environment variables: a changed default never reaches
//! an installed app (#760). The report says so per component.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::rules::looks_like_credential;
use crate::template::{Component, Template};
use crate::Locale;

/// How a component fares in the upgrade.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum Fate {
    /// New in this version: installed apps get it.
    Added,
    /// Gone from this version.
    Removed,
    /// The same name and image under a new key: installed apps get a second copy.
    ReKeyed {
        /// The key installed apps know it by.
        old_key: String,
    },
    /// Matched; its changes are listed.
    Kept,
}

/// One change to a kept component.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum UpgradeChange {
    /// Another image.
    Image {
        /// The old one.
        from: String,
        /// The new one.
        to: String,
    },
    /// The same image built again (`deploy_version`): installed apps are rebuilt.
    Rebuilt {
        /// The build they run.
        from: String,
        /// The new one.
        to: String,
    },
    /// A variable's default changed: installed apps keep their value.
    EnvDefault {
        /// The variable.
        name: String,
        /// The old default (masked when it looks like a credential).
        from: String,
        /// The new one (masked likewise).
        to: String,
    },
    /// A new variable: installed apps get it.
    EnvAdded {
        /// The variable.
        name: String,
    },
    /// A variable gone from the template: installed apps keep it.
    EnvRemoved {
        /// The variable.
        name: String,
    },
    /// A new port.
    PortAdded {
        /// Its number.
        port: u32,
    },
    /// A port gone.
    PortRemoved {
        /// Its number.
        port: u32,
    },
    /// A new volume.
    VolumeAdded {
        /// Where it is mounted.
        path: String,
    },
    /// A volume gone.
    VolumeRemoved {
        /// Where it was mounted.
        path: String,
    },
    /// Another memory size.
    Memory {
        /// MB before.
        from: u64,
        /// MB after.
        to: u64,
    },
    /// A new dependency.
    DependencyAdded {
        /// The component depended on (its name).
        on: String,
    },
    /// A dependency gone.
    DependencyRemoved {
        /// The component no longer depended on (its name).
        on: String,
    },
}

/// One component of either version, and what the upgrade does to it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ComponentUpgrade {
    /// Its name (the new version's, where it has one).
    pub name: String,
    /// Its key in the new version (the old one's for a removed component).
    pub key: String,
    /// Added, removed, re-keyed or kept.
    pub fate: Fate,
    /// What changed against the component installed apps run (kept or re-keyed).
    pub changes: Vec<UpgradeChange>,
}

/// What an upgrade from `from` to `to` does, component by component, in the
/// new version's order, removed ones last.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct UpgradeReport {
    /// The old version's number.
    pub from: String,
    /// The new version's number.
    pub to: String,
    /// Every component that is added, removed, re-keyed or changed; unchanged
    /// ones are left out.
    pub components: Vec<ComponentUpgrade>,
}

impl UpgradeReport {
    /// Nothing an installed app would notice.
    pub fn is_empty(&self) -> bool {
        self.components.is_empty()
    }

    /// Components installed apps would get a second copy of.
    pub fn re_keyed(&self) -> impl Iterator<Item = &ComponentUpgrade> {
        self.components
            .iter()
            .filter(|c| matches!(c.fate, Fate::ReKeyed { .. }))
    }
}

/// The image without its tag or digest: a rebuilt component keeps its repository.
fn repository(image: &str) -> &str {
    let image = image.split('@').next().unwrap_or(image);
    match image.rsplit_once(':') {
        Some((repo, tag)) if !tag.contains('/') => repo,
        _ => image,
    }
}

/// The report between two versions of a template. Linear in the components,
/// their variables, ports, volumes and dependencies.
pub fn upgrade(from: &Template, to: &Template) -> UpgradeReport {
    let by_uuid: BTreeMap<&str, usize> = from
        .components
        .iter()
        .enumerate()
        .filter(|(_, c)| !c.key.is_empty())
        .map(|(i, c)| (c.key.as_str(), i))
        .collect();
    let by_service_key: BTreeMap<&str, usize> = from
        .components
        .iter()
        .enumerate()
        .filter(|(_, c)| !c.service_key.is_empty())
        .map(|(i, c)| (c.service_key.as_str(), i))
        .collect();
    // The console's third rule: both uuids `x+y` with the same `y` (the
    // source component's id), whatever `x` became.
    let suffix = |uuid: &str| match uuid.split('+').collect::<Vec<_>>()[..] {
        [_, id] => Some(id.to_owned()),
        _ => None,
    };
    let by_suffix: BTreeMap<String, usize> = from
        .components
        .iter()
        .enumerate()
        .filter_map(|(i, c)| Some((suffix(&c.key)?, i)))
        .collect();
    let mut taken = vec![false; from.components.len()];
    let mut matched: Vec<Option<usize>> = Vec::with_capacity(to.components.len());
    // In the console's order (is_same_component, console/services/market_app/
    // utils.py:135-153): service_key, then service_share_uuid, then the part
    // of service_share_uuid after `+`.
    for c in &to.components {
        let found = by_service_key
            .get(c.service_key.as_str())
            .filter(|_| !c.service_key.is_empty())
            .or_else(|| by_uuid.get(c.key.as_str()))
            .copied()
            .or_else(|| suffix(&c.key).and_then(|id| by_suffix.get(&id).copied()))
            .filter(|&i| !taken[i]);
        if let Some(i) = found {
            taken[i] = true;
        }
        matched.push(found);
    }
    // Unmatched old components by (name, repository): what a rebuilt one looks like.
    let mut by_look: BTreeMap<(&str, &str), Vec<usize>> = BTreeMap::new();
    for (i, c) in from
        .components
        .iter()
        .enumerate()
        .filter(|(i, _)| !taken[*i])
    {
        by_look
            .entry((c.label(), repository(&c.image)))
            .or_default()
            .push(i);
    }
    let old_names: BTreeMap<&str, &str> = from
        .components
        .iter()
        .map(|c| (c.key.as_str(), c.label()))
        .collect();
    let new_names: BTreeMap<&str, &str> = to
        .components
        .iter()
        .map(|c| (c.key.as_str(), c.label()))
        .collect();
    let mut components = Vec::new();
    for (c, found) in to.components.iter().zip(&matched) {
        let (fate, changes) = match found {
            Some(i) => {
                let changes = changes(&from.components[*i], c, &old_names, &new_names);
                if changes.is_empty() {
                    continue;
                }
                (Fate::Kept, changes)
            }
            None => match by_look
                .get_mut(&(c.label(), repository(&c.image)))
                .and_then(Vec::pop)
            {
                Some(i) => {
                    taken[i] = true;
                    let old = &from.components[i];
                    let changes = changes(old, c, &old_names, &new_names);
                    let old_key = old.key.clone();
                    (Fate::ReKeyed { old_key }, changes)
                }
                None => (Fate::Added, Vec::new()),
            },
        };
        components.push(ComponentUpgrade {
            name: c.label().to_owned(),
            key: c.key.clone(),
            fate,
            changes,
        });
    }
    for (_, c) in from
        .components
        .iter()
        .enumerate()
        .filter(|(i, _)| !taken[*i])
    {
        components.push(ComponentUpgrade {
            name: c.label().to_owned(),
            key: c.key.clone(),
            fate: Fate::Removed,
            changes: Vec::new(),
        });
    }
    UpgradeReport {
        from: from.version.clone(),
        to: to.version.clone(),
        components,
    }
}

/// A variable's value as a report may show it: `•••` where it looks like a credential.
pub fn masked(name: &str, value: &str) -> String {
    if looks_like_credential(name, value) {
        "•••".to_owned()
    } else {
        value.to_owned()
    }
}

fn changes(
    old: &Component,
    new: &Component,
    old_names: &BTreeMap<&str, &str>,
    new_names: &BTreeMap<&str, &str>,
) -> Vec<UpgradeChange> {
    let mut out = Vec::new();
    if old.image != new.image {
        out.push(UpgradeChange::Image {
            from: old.image.clone(),
            to: new.image.clone(),
        });
    } else if old.build != new.build && !old.build.is_empty() && !new.build.is_empty() {
        // The console rebuilds a component whose deploy_version changed
        // (docs/install-upgrade.md A6), even with the image unchanged.
        out.push(UpgradeChange::Rebuilt {
            from: old.build.clone(),
            to: new.build.clone(),
        });
    }
    let old_env: BTreeMap<&str, &str> = old
        .env
        .iter()
        .map(|e| (e.name.as_str(), e.value.as_str()))
        .collect();
    let new_env: BTreeMap<&str, &str> = new
        .env
        .iter()
        .map(|e| (e.name.as_str(), e.value.as_str()))
        .collect();
    for (name, value) in &new_env {
        match old_env.get(name) {
            Some(was) if was != value => out.push(UpgradeChange::EnvDefault {
                name: (*name).to_owned(),
                from: masked(name, was),
                to: masked(name, value),
            }),
            Some(_) => {}
            None => out.push(UpgradeChange::EnvAdded {
                name: (*name).to_owned(),
            }),
        }
    }
    for name in old_env.keys().filter(|n| !new_env.contains_key(*n)) {
        out.push(UpgradeChange::EnvRemoved {
            name: (*name).to_owned(),
        });
    }
    let old_ports: BTreeSet<u32> = old.ports.iter().map(|p| p.port).collect();
    let new_ports: BTreeSet<u32> = new.ports.iter().map(|p| p.port).collect();
    out.extend(
        new_ports
            .difference(&old_ports)
            .map(|&port| UpgradeChange::PortAdded { port }),
    );
    out.extend(
        old_ports
            .difference(&new_ports)
            .map(|&port| UpgradeChange::PortRemoved { port }),
    );
    let old_volumes: BTreeSet<&str> = old.volumes.iter().map(|v| v.path.as_str()).collect();
    let new_volumes: BTreeSet<&str> = new.volumes.iter().map(|v| v.path.as_str()).collect();
    out.extend(
        new_volumes
            .difference(&old_volumes)
            .map(|p| UpgradeChange::VolumeAdded {
                path: (*p).to_owned(),
            }),
    );
    out.extend(
        old_volumes
            .difference(&new_volumes)
            .map(|p| UpgradeChange::VolumeRemoved {
                path: (*p).to_owned(),
            }),
    );
    if old.memory_mb != new.memory_mb {
        out.push(UpgradeChange::Memory {
            from: old.memory_mb,
            to: new.memory_mb,
        });
    }
    // Dependencies by the name of what they point at: keys change with a rebuild.
    let name_in =
        |names: &BTreeMap<&str, &str>, key: &str| names.get(key).copied().unwrap_or(key).to_owned();
    let old_deps: BTreeSet<String> = old
        .depends_on
        .iter()
        .map(|k| name_in(old_names, k))
        .collect();
    let new_deps: BTreeSet<String> = new
        .depends_on
        .iter()
        .map(|k| name_in(new_names, k))
        .collect();
    out.extend(
        new_deps
            .difference(&old_deps)
            .map(|on| UpgradeChange::DependencyAdded { on: on.clone() }),
    );
    out.extend(
        old_deps
            .difference(&new_deps)
            .map(|on| UpgradeChange::DependencyRemoved { on: on.clone() }),
    );
    out
}

/// A component's fate in words.
pub fn describe_fate(c: &ComponentUpgrade, locale: Locale) -> String {
    let zh = locale == Locale::ZhCn;
    let n = &c.name;
    match (&c.fate, zh) {
        (Fate::Added, false) => format!("“{n}” is new: installed apps get it"),
        (Fate::Added, true) => format!("“{n}” 是新组件：已安装的应用会得到它"),
        (Fate::Removed, false) => format!("“{n}” is gone from this version"),
        (Fate::Removed, true) => format!("“{n}” 在这个版本中已删除"),
        (Fate::ReKeyed { old_key }, false) => format!(
            "“{n}” has a new key ({} instead of {old_key}): installed apps will get a second copy beside the old one; publish it from the component installed apps know",
            c.key
        ),
        (Fate::ReKeyed { old_key }, true) => format!(
            "“{n}” 的组件标识变了（{}，原为 {old_key}）：已安装的应用升级后会多出一个副本，与旧的并存；请从已安装应用对应的原组件发布",
            c.key
        ),
        (Fate::Kept, false) => format!("“{n}” changes"),
        (Fate::Kept, true) => format!("“{n}” 有变化"),
    }
}

/// One change in words, saying what reaches installed apps.
pub fn describe_change(change: &UpgradeChange, locale: Locale) -> String {
    let zh = locale == Locale::ZhCn;
    match (change, zh) {
        (UpgradeChange::Image { from, to }, false) => format!("image {from} → {to}"),
        (UpgradeChange::Image { from, to }, true) => format!("镜像 {from} → {to}"),
        (UpgradeChange::Rebuilt { from, to }, false) => {
            format!("built again ({from} → {to}): installed apps are rebuilt")
        }
        (UpgradeChange::Rebuilt { from, to }, true) => {
            format!("重新构建（{from} → {to}）：已安装的应用会重新构建")
        }
        (UpgradeChange::EnvDefault { name, from, to }, false) => {
            format!("{name}: default {from:?} → {to:?}, which will not reach installed apps (an upgrade only adds variables)")
        }
        (UpgradeChange::EnvDefault { name, from, to }, true) => {
            format!("{name}：默认值 {from:?} → {to:?}，不会更新到已安装的应用（升级只会新增变量）")
        }
        (UpgradeChange::EnvAdded { name }, false) => {
            format!("{name}: new variable, installed apps get it")
        }
        (UpgradeChange::EnvAdded { name }, true) => format!("{name}：新变量，已安装的应用会得到它"),
        (UpgradeChange::EnvRemoved { name }, false) => {
            format!("{name}: gone from the template, installed apps keep it")
        }
        (UpgradeChange::EnvRemoved { name }, true) => {
            format!("{name}：已从模板删除，已安装的应用仍保留它")
        }
        (UpgradeChange::PortAdded { port }, false) => format!("port {port} added"),
        (UpgradeChange::PortAdded { port }, true) => format!("新增端口 {port}"),
        (UpgradeChange::PortRemoved { port }, false) => format!("port {port} removed"),
        (UpgradeChange::PortRemoved { port }, true) => format!("删除端口 {port}"),
        (UpgradeChange::VolumeAdded { path }, false) => format!("volume {path} added"),
        (UpgradeChange::VolumeAdded { path }, true) => format!("新增存储 {path}"),
        (UpgradeChange::VolumeRemoved { path }, false) => format!("volume {path} removed"),
        (UpgradeChange::VolumeRemoved { path }, true) => format!("删除存储 {path}"),
        (UpgradeChange::Memory { from, to }, false) => format!("memory {from} MB → {to} MB"),
        (UpgradeChange::Memory { from, to }, true) => format!("内存 {from} MB → {to} MB"),
        (UpgradeChange::DependencyAdded { on }, false) => format!("now depends on “{on}”"),
        (UpgradeChange::DependencyAdded { on }, true) => format!("新增依赖 “{on}”"),
        (UpgradeChange::DependencyRemoved { on }, false) => format!("no longer depends on “{on}”"),
        (UpgradeChange::DependencyRemoved { on }, true) => format!("不再依赖 “{on}”"),
    }
}

/// The highest version number of `versions` other than `except` (the one
/// being published): what installed apps run now.
pub fn newest_version<'a>(
    versions: impl Iterator<Item = &'a str>,
    except: &str,
) -> Option<&'a str> {
    let number = |v: &str| {
        v.split('.')
            .map(|p| p.trim().parse::<u64>().unwrap_or(0))
            .collect::<Vec<_>>()
    };
    versions.filter(|v| *v != except).max_by_key(|v| number(v))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_newest_version_is_the_highest_number_but_the_one_published() {
        let versions = ["1.9.0", "1.10.0", "1.2", "2.0.0"];
        assert_eq!(
            newest_version(versions.into_iter(), "2.0.0"),
            Some("1.10.0")
        );
        assert_eq!(newest_version(versions.into_iter(), ""), Some("2.0.0"));
        assert_eq!(newest_version(["1.0.0"].into_iter(), "1.0.0"), None);
    }
    use crate::template::{EnvVar, Port, Volume};

    fn component(key: &str, name: &str, image: &str) -> Component {
        Component {
            key: key.into(),
            service_key: key.split('+').next().unwrap_or(key).into(),
            name: name.into(),
            image: image.into(),
            memory_mb: 512,
            ports: vec![Port {
                port: 80,
                ..Port::default()
            }],
            ..Component::default()
        }
    }

    fn env(name: &str, value: &str) -> EnvVar {
        EnvVar {
            name: name.into(),
            value: value.into(),
            ..EnvVar::default()
        }
    }

    fn version(v: &str, components: Vec<Component>) -> Template {
        Template {
            version: v.into(),
            components,
            ..Template::default()
        }
    }

    #[test]
    fn a_rebuilt_component_and_a_changed_default_are_named_for_what_installed_apps_get() {
        let mut db = component("db+1", "MySQL", "mysql:8.0");
        db.env = vec![
            env("MYSQL_DATABASE", "gitea"),
            env("MYSQL_ROOT_PASSWORD", "old-secret-1"),
        ];
        let web = component("web+2", "Gitea", "gitea/gitea:1.20");
        let old_cache = component("cache+3", "Redis", "redis:7");
        let gone = component("job+4", "Backup", "busybox");
        let from = version("1.0", vec![db.clone(), web.clone(), old_cache, gone]);

        let mut db2 = db.clone();
        db2.env = vec![
            env("MYSQL_DATABASE", "gitea_prod"),
            env("MYSQL_ROOT_PASSWORD", "new-secret-2"),
            env("TZ", "UTC"),
        ];
        db2.memory_mb = 1024;
        db2.volumes = vec![Volume {
            path: "/var/lib/mysql".into(),
            ..Volume::default()
        }];
        let mut web2 = web.clone();
        web2.image = "gitea/gitea:1.21".into();
        web2.ports.push(Port {
            port: 22,
            ..Port::default()
        });
        web2.depends_on = vec!["db+1".into(), "c7f3+9".into()];
        // Deleted and rebuilt: a new key, the same name and repository.
        let mut cache2 = component("c7f3+9", "Redis", "redis:7.2");
        cache2.service_key = "c7f3".into();
        // Matched by service_key though its share uuid changed.
        let mut web_moved = web2.clone();
        web_moved.key = "web+7".into();
        let fresh = component("mail+5", "Mailer", "mailhog");
        let to = version("1.1", vec![db2, web_moved, cache2, fresh]);

        let report = upgrade(&from, &to);
        let fates: Vec<(&str, &Fate)> = report
            .components
            .iter()
            .map(|c| (c.name.as_str(), &c.fate))
            .collect();
        assert_eq!(
            fates,
            [
                ("MySQL", &Fate::Kept),
                ("Gitea", &Fate::Kept),
                (
                    "Redis",
                    &Fate::ReKeyed {
                        old_key: "cache+3".into()
                    }
                ),
                ("Mailer", &Fate::Added),
                ("Backup", &Fate::Removed),
            ]
        );
        assert_eq!(
            report.components[0].changes,
            [
                UpgradeChange::EnvDefault {
                    name: "MYSQL_DATABASE".into(),
                    from: "gitea".into(),
                    to: "gitea_prod".into()
                },
                UpgradeChange::EnvDefault {
                    name: "MYSQL_ROOT_PASSWORD".into(),
                    from: "•••".into(),
                    to: "•••".into()
                },
                UpgradeChange::EnvAdded { name: "TZ".into() },
                UpgradeChange::VolumeAdded {
                    path: "/var/lib/mysql".into()
                },
                UpgradeChange::Memory {
                    from: 512,
                    to: 1024
                },
            ]
        );
        assert_eq!(
            report.components[1].changes,
            [
                UpgradeChange::Image {
                    from: "gitea/gitea:1.20".into(),
                    to: "gitea/gitea:1.21".into()
                },
                UpgradeChange::PortAdded { port: 22 },
                UpgradeChange::DependencyAdded { on: "MySQL".into() },
                UpgradeChange::DependencyAdded { on: "Redis".into() },
            ]
        );
        assert_eq!(report.re_keyed().count(), 1);
        let words = describe_fate(&report.components[2], Locale::En);
        assert!(words.contains("second copy"), "{words}");
        let words = describe_change(&report.components[0].changes[0], Locale::En);
        assert!(words.contains("will not reach installed apps"), "{words}");
        let zh = describe_change(&report.components[0].changes[0], Locale::ZhCn);
        assert!(zh.contains("不会更新到已安装的应用"), "{zh}");
    }

    #[test]
    fn the_same_template_upgrades_to_nothing() {
        let t = Template::from_metadata(include_bytes!("../fixtures/ram-example.json")).unwrap();
        assert!(upgrade(&t, &t).is_empty());
    }

    #[test]
    fn a_share_uuid_with_the_same_source_id_is_the_same_component() {
        // Published again from another app whose component came from the same
        // source: another service_key and uuid prefix, the same id after `+`.
        // The console matches them (is_same_component's third rule): kept, no second copy.
        let from = version(
            "1.0",
            vec![component("a1b2+src9", "Gitea", "gitea/gitea:1.20")],
        );
        let mut moved = component("c3d4+src9", "Gitea", "gitea/gitea:1.21");
        moved.service_key = "c3d4".into();
        let report = upgrade(&from, &version("1.1", vec![moved]));
        assert_eq!(report.components.len(), 1, "{report:?}");
        assert_eq!(report.components[0].fate, Fate::Kept, "{report:?}");
        assert_eq!(report.re_keyed().count(), 0);
        // Another id after `+` is another component: a second copy.
        let other = component("c3d4+other", "Gitea", "gitea/gitea:1.21");
        let report = upgrade(&from, &version("1.1", vec![other]));
        assert_eq!(report.re_keyed().count(), 1, "{report:?}");
    }

    #[test]
    fn the_same_image_built_again_is_a_rebuild_installed_apps_get() {
        let mut old = component("a+1", "Gitea", "gitea/gitea:1.22");
        old.build = "20261101093512".into();
        let mut new = old.clone();
        new.build = "20261201000000".into();
        let report = upgrade(
            &version("1.0", vec![old.clone()]),
            &version("1.1", vec![new]),
        );
        assert_eq!(
            report.components[0].changes,
            [UpgradeChange::Rebuilt {
                from: "20261101093512".into(),
                to: "20261201000000".into()
            }]
        );
        assert!(describe_change(&report.components[0].changes[0], Locale::En).contains("rebuilt"));
        // A template without builds (an export) says nothing of them.
        let mut unbuilt = old.clone();
        unbuilt.build = String::new();
        assert!(upgrade(&version("1.0", vec![old]), &version("1.1", vec![unbuilt])).is_empty());
    }
}
