//! The `export.*` rules: what an offline export must carry for an air-gapped
//! install (see `crate::offline` for how Rainbond writes and reads one).

use super::{Findings, Problem};
use crate::locale::Locale;
use crate::offline::{ExportContents, ImageManifest};
use crate::rules::{Field, Finding, RuleId};
use crate::template::Template;

/// The `export.*` rules; nothing for an export that carries no images (an
/// online export, whose installers pull from the registries).
pub fn evaluate_export(
    template: &Template,
    contents: &ExportContents,
    locale: Locale,
) -> Vec<Finding> {
    let mut f = Findings {
        locale,
        out: Vec::new(),
    };
    if !contents.carries_images() {
        return f.out;
    }
    for a in contents.loaded(template) {
        let archive = a.path.rsplit('/').next().unwrap_or(&a.path).to_string();
        let problem = match &a.manifest {
            ImageManifest::Listed(images) if !images.is_empty() => continue,
            ImageManifest::Listed(_) | ImageManifest::Empty => {
                Problem::ExportManifestEmpty { archive }
            }
            ImageManifest::Missing => Problem::ExportManifestMissing { archive },
            ImageManifest::Unreadable(reason) => Problem::ExportManifestUnreadable {
                archive,
                reason: reason.clone(),
            },
        };
        f.push(
            RuleId::ExportManifest,
            Field::Template,
            Some(&a.path),
            None,
            problem,
        );
    }
    let index = contents.index(template);
    for c in &template.components {
        let image = c.share_image.trim();
        if image.is_empty() || index.get(image).is_some() {
            continue;
        }
        let component = c.label().to_string();
        let problem = Problem::ExportImageMissing {
            component,
            image: image.to_string(),
        };
        f.push(
            RuleId::ExportImages,
            Field::Template,
            Some(&c.key),
            None,
            problem,
        );
    }
    for p in &template.plugin_images {
        let image = p.image.trim();
        if image.is_empty() || index.get(image).is_some() {
            continue;
        }
        let problem = Problem::ExportPluginImageMissing {
            plugin: p.name.clone(),
            image: image.to_string(),
            init: p.init,
        };
        f.push(
            RuleId::ExportImages,
            Field::Template,
            Some(&p.name),
            None,
            problem,
        );
    }
    // worker/appm/conversion/plugin.go: a component started after others it
    // depends on gets an init container of the platform's rbd-init-probe image.
    let keys: Vec<&str> = template.components.iter().map(|c| c.key.as_str()).collect();
    let waiting: Vec<String> = template
        .components
        .iter()
        .filter(|c| c.depends_on.iter().any(|d| keys.contains(&d.as_str())))
        .map(|c| format!("“{}”", c.label()))
        .collect();
    if !waiting.is_empty() {
        let components = waiting.join(crate::catalogue::frame(locale, "list"));
        f.push(
            RuleId::ExportProbe,
            Field::Template,
            None,
            None,
            Problem::ExportProbeImage { components },
        );
    }
    f.out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::offline::{ArchivedImage, ImageArchive};
    use crate::template::{Component, PluginImage};

    fn template(plugins: bool) -> Template {
        let c = |key: &str, image: &str, deps: &[&str]| Component {
            key: key.into(),
            name: key.to_uppercase(),
            share_image: image.into(),
            depends_on: deps.iter().map(|d| d.to_string()).collect(),
            ..Component::default()
        };
        Template {
            components: vec![
                c("db", "docker.io/library/mysql:8", &[]),
                c("web", "web", &["db"]),
            ],
            plugin_images: if plugins {
                vec![PluginImage {
                    name: "init".into(),
                    image: "init:1".into(),
                    init: true,
                }]
            } else {
                Vec::new()
            },
            ..Template::default()
        }
    }

    fn archive(path: &str, names: &[&str]) -> ImageArchive {
        ImageArchive {
            path: path.into(),
            bytes: 10,
            manifest: if names.is_empty() {
                ImageManifest::Empty
            } else {
                ImageManifest::Listed(
                    names
                        .iter()
                        .map(|n| ArchivedImage {
                            names: vec![n.to_string()],
                            bytes: 5,
                        })
                        .collect(),
                )
            },
        }
    }

    fn rules(found: &[Finding]) -> Vec<(RuleId, Option<&str>)> {
        found
            .iter()
            .map(|f| (f.rule, f.field.item.as_deref()))
            .collect()
    }

    #[test]
    fn an_export_without_images_is_an_online_one_and_is_not_checked() {
        let found = evaluate_export(&template(true), &ExportContents::default(), Locale::En);
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn names_match_as_docker_resolves_them_and_an_unloaded_plugin_tarball_is_no_problem() {
        // `mysql:8` is `docker.io/library/mysql:8`, `web` is `web:latest`; the
        // import skips plugin-images.tar when the template has no plugins.
        let contents = ExportContents {
            archives: vec![
                archive("a/component-images.tar", &["mysql:8", "web:latest"]),
                archive("a/plugin-images.tar", &[]),
            ],
        };
        let found = evaluate_export(&template(false), &contents, Locale::En);
        assert_eq!(rules(&found), [(RuleId::ExportProbe, None)]);
    }

    #[test]
    fn each_gap_is_named_in_chinese_too() {
        let contents = ExportContents {
            archives: vec![
                archive("a/component-images.tar", &["mysql:8"]),
                archive("a/plugin-images.tar", &[]),
            ],
        };
        let found = evaluate_export(&template(true), &contents, Locale::ZhCn);
        assert_eq!(
            rules(&found),
            [
                (RuleId::ExportManifest, Some("a/plugin-images.tar")),
                (RuleId::ExportImages, Some("web")),
                (RuleId::ExportImages, Some("init")),
                (RuleId::ExportProbe, None),
            ]
        );
        let text: Vec<&str> = found.iter().map(|f| f.message.as_str()).collect();
        assert!(
            text[0].contains("plugin-images.tar 的 manifest.json 为空"),
            "{}",
            text[0]
        );
        assert!(
            text[1].contains("组件“WEB”的镜像 web 不在离线包中"),
            "{}",
            text[1]
        );
        assert!(text[2].contains("初始化插件“init”"), "{}", text[2]);
        assert!(
            text[3].contains("（“WEB”）") && text[3].contains("PROBE_MESH_IMAGE_NAME"),
            "{}",
            text[3]
        );
    }
}
