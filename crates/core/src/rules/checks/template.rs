//! The RAM template's rules and the link check's finding: what installers of
//! a template will receive (credentials shipped to all of them, singletons
//! the console refuses, dependencies with nothing to run or reach, keys an
//! upgrade cannot tell apart).

use std::collections::{BTreeMap, HashSet};

use super::credentials::looks_like_credential;
use super::{Findings, Problem};
use crate::locale::Locale;
use crate::rules::{Field, Finding, Level, RuleId};
use crate::template::{Component, Template};

/// The `template.*` rules.
pub fn evaluate_template(template: &Template, locale: Locale) -> Vec<Finding> {
    let mut f = Findings {
        locale,
        out: Vec::new(),
    };
    if template.components.is_empty() && template.k8s_resources.is_empty() {
        f.push(
            RuleId::TemplateNonempty,
            Field::Template,
            None,
            None,
            Problem::TemplateEmpty,
        );
    }
    let keys: HashSet<&str> = template.components.iter().map(|c| c.key.as_str()).collect();
    for c in &template.components {
        for dep in c.depends_on.iter().filter(|d| !keys.contains(d.as_str())) {
            let name = c.label();
            let problem = Problem::TemplateDangling {
                component: name.to_string(),
                key: dep.clone(),
            };
            f.push(
                RuleId::TemplateDeps,
                Field::Template,
                Some(&c.key),
                None,
                problem,
            );
        }
    }
    credentials(template, &mut f);
    singletons(template, &mut f);
    dependencies(template, &mut f);
    reused_keys(template, &mut f);
    f.out
}

/// `template.credentials`: rainbond-console copies env values into every
/// install as written; only a connection value of `**None**` becomes a random
/// one per install (market_app_service.py, the outer-env branch).
fn credentials(t: &Template, f: &mut Findings) {
    for c in &t.components {
        for e in c
            .env
            .iter()
            .filter(|e| looks_like_credential(&e.name, &e.value))
        {
            let (component, name) = (c.label().to_string(), e.name.clone());
            // A connection value's item is where its fix goes: `<key>/<NAME>`.
            let (item, problem) = if e.connection {
                let item = format!("{}/{}", c.key, e.name);
                (item, Problem::TemplateSharedConnection { component, name })
            } else {
                (
                    c.key.clone(),
                    Problem::TemplateSharedEnv { component, name },
                )
            };
            f.push(
                RuleId::TemplateCredentials,
                Field::Template,
                Some(&item),
                None,
                problem,
            );
        }
    }
}

/// `template.singleton`: the console's submit refuses a singleton
/// (`state_singleton`, `stateless_singleton`) with `max_node` over 1.
fn singletons(t: &Template, f: &mut Findings) {
    let singleton = |d: &str| d == "state_singleton" || d == "stateless_singleton";
    for c in t
        .components
        .iter()
        .filter(|c| singleton(&c.deploy) && c.max_instances > 1)
    {
        let problem = Problem::TemplateSingleton {
            component: c.label().to_string(),
            max: c.max_instances,
        };
        f.push(
            RuleId::TemplateSingleton,
            Field::Template,
            Some(&c.key),
            None,
            problem,
        );
    }
}

/// `template.dependency`: a component others depend on must run something
/// they can reach.
fn dependencies(t: &Template, f: &mut Findings) {
    let mut dependants: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for c in &t.components {
        for dep in &c.depends_on {
            dependants
                .entry(dep.as_str())
                .or_default()
                .push(c.label().to_string());
        }
    }
    for c in &t.components {
        let Some(users) = dependants.get(c.key.as_str()) else {
            continue;
        };
        let (component, dependants) = (c.label().to_string(), some_of(users.iter()));
        let problem = if c.image.trim().is_empty() {
            Problem::TemplateDependencyNoImage {
                component,
                dependants,
            }
        } else if c.ports.is_empty() {
            Problem::TemplateDependencyNoPort {
                component,
                dependants,
            }
        } else {
            continue;
        };
        f.push(
            RuleId::TemplateDependency,
            Field::Template,
            Some(&c.key),
            None,
            problem,
        );
    }
}

/// `template.keys`: each component's `service_share_uuid` and `service_key`
/// are its own; an upgrade matches components by them.
fn reused_keys(t: &Template, f: &mut Findings) {
    let mut by_key: BTreeMap<&str, Vec<&Component>> = BTreeMap::new();
    for c in &t.components {
        by_key.entry(c.key.as_str()).or_default().push(c);
        if !c.service_key.is_empty() && c.service_key != c.key {
            by_key.entry(c.service_key.as_str()).or_default().push(c);
        }
    }
    for (key, owners) in by_key.iter().filter(|(k, o)| !k.is_empty() && o.len() > 1) {
        let components = some_of(owners.iter().map(|c| format!("“{}”", c.label())));
        let problem = Problem::TemplateKeyReused {
            key: (*key).to_owned(),
            components,
        };
        f.push(
            RuleId::TemplateKeys,
            Field::Template,
            Some(&owners[1].key),
            None,
            problem,
        );
    }
}

/// Names in a finding: the first few and how many more, so that a template
/// whose thousands of components all name one key makes findings of a line
/// each, not of thousands of names each (found by cargo fuzz).
fn some_of<S: AsRef<str>>(names: impl ExactSizeIterator<Item = S>) -> String {
    const SHOWN: usize = 5;
    let total = names.len();
    let mut out = names
        .take(SHOWN)
        .map(|n| n.as_ref().to_owned())
        .collect::<Vec<_>>()
        .join(", ");
    if total > SHOWN {
        out.push_str(&format!(", … (+{})", total - SHOWN));
    }
    out
}

/// The `url.reachable` finding for a link that did not answer, as a checker
/// with network access reports it, at the level the listing's rules give it.
pub fn unreachable_link(url: &str, reason: &str, level: Level, locale: Locale) -> Finding {
    let mut f = Findings {
        locale,
        out: Vec::new(),
    };
    let problem = Problem::LinkUnreachable {
        url: url.to_string(),
        reason: reason.to_string(),
    };
    f.push(
        RuleId::UrlReachable,
        Field::Introduction,
        None,
        None,
        problem,
    );
    let mut finding = f.out.remove(0);
    finding.level = level;
    finding
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::template::{EnvVar, Port};

    fn component(key: &str, name: &str) -> Component {
        Component {
            key: key.into(),
            service_key: key.split('+').next().unwrap_or(key).into(),
            name: name.into(),
            image: format!("goodrain.me/{name}:1").to_lowercase(),
            deploy: "stateless_multiple".into(),
            ports: vec![Port {
                port: 80,
                inner: true,
                ..Port::default()
            }],
            ..Component::default()
        }
    }

    fn env(name: &str, value: &str, connection: bool) -> EnvVar {
        EnvVar {
            name: name.into(),
            value: value.into(),
            connection,
            ..EnvVar::default()
        }
    }

    /// Each case of "Know what installers will receive", once.
    fn hurtful() -> Template {
        let mut db = component("db+1", "MySQL");
        db.deploy = "state_singleton".into();
        db.max_instances = 3;
        db.env = vec![
            env("MYSQL_ROOT_PASSWORD", "rainbond123", false),
            env("ALLOW_EMPTY_PASSWORD", "yes", false),
            env("MYSQL_PORT", "3306", false),
            env("MYSQL_PASSWORD", "shared-by-all", true),
            env("MYSQL_HOST", "127.0.0.1", true),
            env("DB_PASS", "**None**", true),
        ];
        let mut web = component("web+2", "Gitea");
        web.depends_on = vec!["db+1".into(), "cache+3".into(), "files+4".into()];
        web.env = vec![env(
            "GITEA_API_TOKEN",
            "ghp_0123456789abcdefghijklmnopqrstuvwx",
            false,
        )];
        let mut cache = component("cache+3", "Redis");
        cache.image = String::new();
        let mut files = component("files+4", "Files");
        files.ports.clear();
        // Deleted and rebuilt under the old key: an upgrade cannot tell them apart.
        let mut again = component("web+5", "Gitea-2");
        again.service_key = "web".into();
        Template {
            components: vec![db, web, cache, files, again],
            ..Template::default()
        }
    }

    #[test]
    fn each_way_a_template_hurts_installers_is_found_once() {
        let found = evaluate_template(&hurtful(), Locale::En);
        let got: Vec<(RuleId, Option<&str>)> = found
            .iter()
            .map(|f| (f.rule, f.field.item.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                (RuleId::TemplateCredentials, Some("db+1")),
                (RuleId::TemplateCredentials, Some("db+1/MYSQL_PASSWORD")),
                (RuleId::TemplateCredentials, Some("web+2")),
                (RuleId::TemplateSingleton, Some("db+1")),
                (RuleId::TemplateDependency, Some("cache+3")),
                (RuleId::TemplateDependency, Some("files+4")),
                (RuleId::TemplateKeys, Some("web+5")),
            ]
        );
        let text: Vec<&str> = found.iter().map(|f| f.message.as_str()).collect();
        assert!(
            text[0].contains("“MySQL” ships MYSQL_ROOT_PASSWORD")
                && text[0].contains("every installer gets this same value"),
            "{}",
            text[0]
        );
        assert!(
            text[1].contains("gives its dependants MYSQL_PASSWORD") && text[1].contains("**None**"),
            "{}",
            text[1]
        );
        assert!(
            text[3].contains("up to 3 instances") && text[3].contains("分享应用不支持多实例"),
            "{}",
            text[3]
        );
        assert!(
            text[4].contains("“Redis” has no image") && text[4].contains("Gitea"),
            "{}",
            text[4]
        );
        assert!(
            text[5].contains("“Files” listens on no port"),
            "{}",
            text[5]
        );
        assert!(
            text[6].contains("“Gitea”, “Gitea-2” share the component key web"),
            "{}",
            text[6]
        );
        let levels: Vec<Level> = found.iter().map(|f| f.level).collect();
        assert_eq!(
            levels,
            [
                Level::Warning,
                Level::Warning,
                Level::Warning,
                Level::Error,
                Level::Warning,
                Level::Warning,
                Level::Error
            ]
        );
        let zh = evaluate_template(&hurtful(), Locale::ZhCn);
        assert!(
            zh[1].message.contains("连接信息 MYSQL_PASSWORD") && zh[1].message.contains("**None**"),
            "{}",
            zh[1].message
        );
        assert!(zh[3].message.contains("单实例组件"), "{}", zh[3].message);
    }

    #[test]
    fn the_example_template_ships_only_its_default_password() {
        let t =
            Template::from_metadata(include_bytes!("../../../fixtures/ram-example.json")).unwrap();
        let found: Vec<(RuleId, String)> = evaluate_template(&t, Locale::En)
            .into_iter()
            .map(|f| (f.rule, f.message))
            .collect();
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, RuleId::TemplateCredentials);
        assert!(found[0].1.contains("MYSQL_ROOT_PASSWORD"), "{}", found[0].1);
    }
}
