//! What an offline export carries and what its template needs of it.
//!
//! Rainbond's offline export (goodrain/rainbond-oam `pkg/export`, `ram.go` and
//! `util.go`) writes one folder `<app>-<version>-ram/` holding `metadata.json`,
//! `component-images.tar` (one `docker save` / containerd export of every
//! component's `share_image`) and, when the app has plugins,
//! `plugin-images.tar`; then `tar -czf`. The import (`pkg/localimport`) loads
//! every `.tar` in that folder (and one level below, for exports before 5.3;
//! one whose name holds "plugin" only when the template has plugins), then tags
//! every component's and plugin's `share_image`: an image the archives lack
//! makes the cluster pull it from its registry, which an air-gapped one cannot.
//! `rbpub_files::read_export` fills [`ExportContents`] from the archive as a
//! stream; [`ExportReport`] is what `rbpub lint` shows of it.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::template::Template;

/// The image tarballs of an export, as read.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExportContents {
    /// Every `.tar` the import would load, in archive order.
    pub archives: Vec<ImageArchive>,
}

/// One image tarball of an export.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImageArchive {
    /// Its path in the export (`wordpress-1.2.0-ram/component-images.tar`).
    pub path: String,
    /// Its size.
    pub bytes: u64,
    /// What its `manifest.json` says it holds.
    pub manifest: ImageManifest,
}

/// An image tarball's `manifest.json` (the `docker load` index, which a
/// containerd export writes too).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImageManifest {
    /// The images it lists.
    Listed(Vec<ArchivedImage>),
    /// `null` or `[]`: an export of no images, which the import refuses
    /// (goodrain/rainbond#1965).
    Empty,
    /// The tarball has no `manifest.json`.
    Missing,
    /// It is there but is not a list of images; why.
    Unreadable(crate::catalogue::Sentence),
}

/// One image in a tarball.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArchivedImage {
    /// Its `RepoTags` (and the containerd index's names), as written.
    pub names: Vec<String>,
    /// Its config and layers' sizes (a layer shared with another image counts in both).
    pub bytes: u64,
}

impl ExportContents {
    /// Whether the export carries images at all (an online export carries none).
    pub fn carries_images(&self) -> bool {
        !self.archives.is_empty()
    }

    /// The images of the tarballs the import loads, by the name each answers
    /// to: one lookup per component, however many images the export lists
    /// (comparing every component with every image does not end).
    pub fn index<'a>(&'a self, template: &'a Template) -> ImageIndex<'a> {
        let mut by_name = HashMap::new();
        let listed = self
            .loaded(template)
            .filter_map(|a| match &a.manifest {
                ImageManifest::Listed(images) => Some(images),
                _ => None,
            })
            .flatten();
        for image in listed {
            for n in &image.names {
                // The first image answering to a name is the one found.
                by_name.entry(normalized(n)).or_insert(image);
            }
        }
        ImageIndex(by_name)
    }

    /// The image in one of the tarballs the import loads that answers to `name`.
    pub fn find<'a>(&'a self, name: &str, template: &'a Template) -> Option<&'a ArchivedImage> {
        self.index(template).get(name)
    }

    /// The tarballs the import loads: one named for plugins only when the
    /// template has plugins (`localimport.Import`).
    pub fn loaded<'a>(&'a self, template: &'a Template) -> impl Iterator<Item = &'a ImageArchive> {
        let plugins = !template.plugin_images.is_empty();
        self.archives
            .iter()
            .filter(move |a| plugins || !a.path.contains("plugin"))
    }
}

/// An export's images by the names they answer to ([`ExportContents::index`]).
pub struct ImageIndex<'a>(HashMap<String, &'a ArchivedImage>);

impl<'a> ImageIndex<'a> {
    /// The image that answers to `name`, as Docker resolves references.
    pub fn get(&self, name: &str) -> Option<&'a ArchivedImage> {
        self.0.get(&normalized(name)).copied()
    }
}

/// An image reference as Docker resolves it: `nginx` is
/// `docker.io/library/nginx:latest`, and a `RepoTags` entry is written short.
pub fn normalized(name: &str) -> String {
    let name = name.trim();
    let name = name.strip_prefix("docker.io/").unwrap_or(name);
    let name = name.strip_prefix("library/").unwrap_or(name);
    let last = name.rsplit('/').next().unwrap_or(name);
    if name.contains('@') || last.contains(':') {
        name.to_string()
    } else {
        format!("{name}:latest")
    }
}

/// What `rbpub lint` shows of an export's images: each component's and
/// plugin's image with its size, or none where the export lacks it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ExportReport {
    /// Whether the export carries images (an online export does not).
    pub carries_images: bool,
    /// The image tarballs, with their sizes.
    pub archives: Vec<ArchiveSize>,
    /// Each component's image, in template order.
    pub components: Vec<ImageSize>,
    /// Each plugin's image, in template order.
    pub plugins: Vec<ImageSize>,
    /// All image tarballs together: what a copy to an air-gapped site moves.
    #[ts(type = "number")]
    pub total_bytes: u64,
}

/// An image tarball and its size.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ArchiveSize {
    /// Its path in the export.
    pub path: String,
    /// Its size.
    #[ts(type = "number")]
    pub bytes: u64,
    /// How many images its manifest lists.
    pub images: usize,
}

/// A component's or plugin's image in an export.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImageSize {
    /// The component's or plugin's name.
    pub name: String,
    /// The image (`share_image`); empty for a component with none.
    pub image: String,
    /// Its size in the export; `None` where the export lacks it.
    #[ts(type = "number | null")]
    pub bytes: Option<u64>,
}

impl ExportReport {
    /// The sizes of `contents` against `template`'s images.
    pub fn new(template: &Template, contents: &ExportContents) -> ExportReport {
        let index = contents.index(template);
        let size = |name: &str, image: &str| ImageSize {
            name: name.to_string(),
            image: image.to_string(),
            bytes: (!image.trim().is_empty())
                .then(|| index.get(image).map(|i| i.bytes))
                .flatten(),
        };
        let archives: Vec<ArchiveSize> = contents
            .archives
            .iter()
            .map(|a| ArchiveSize {
                path: a.path.clone(),
                bytes: a.bytes,
                images: match &a.manifest {
                    ImageManifest::Listed(images) => images.len(),
                    _ => 0,
                },
            })
            .collect();
        ExportReport {
            carries_images: contents.carries_images(),
            total_bytes: archives.iter().map(|a| a.bytes).sum(),
            archives,
            components: template
                .components
                .iter()
                .map(|c| size(c.label(), &c.share_image))
                .collect(),
            plugins: template
                .plugin_images
                .iter()
                .map(|p| size(&p.name, &p.image))
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_compare_as_docker_resolves_them() {
        assert_eq!(normalized("nginx"), "nginx:latest");
        assert_eq!(normalized("docker.io/library/nginx:1.25"), "nginx:1.25");
        assert_eq!(
            normalized("goodrain.me/app:20261101"),
            "goodrain.me/app:20261101"
        );
        assert_eq!(
            normalized("registry:5000/team/app"),
            "registry:5000/team/app:latest"
        );
        assert_eq!(normalized("app@sha256:abc"), "app@sha256:abc");
    }

    #[test]
    fn the_report_finds_each_image_by_name_among_tens_of_thousands() {
        let mut template = Template::default();
        for i in 0..2_000 {
            template.components.push(crate::template::Component {
                key: format!("c{i}"),
                name: format!("component {i}"),
                share_image: format!("goodrain.me/app{i}:1.0"),
                ..Default::default()
            });
        }
        let images: Vec<ArchivedImage> = (0..40_000)
            .map(|i| ArchivedImage {
                names: vec![format!("goodrain.me/app{}:1.0", i * 2)],
                bytes: i,
            })
            .collect();
        let contents = ExportContents {
            archives: vec![ImageArchive {
                path: "app/images.tar".into(),
                bytes: 1,
                manifest: ImageManifest::Listed(images),
            }],
        };
        let report = ExportReport::new(&template, &contents);
        assert_eq!(
            report.components[10].bytes,
            Some(5),
            "app10 is the 6th image listed"
        );
        assert_eq!(
            report.components[11].bytes, None,
            "odd apps are not in the export"
        );
        assert_eq!(
            report
                .components
                .iter()
                .filter(|c| c.bytes.is_some())
                .count(),
            1_000
        );
    }
}
