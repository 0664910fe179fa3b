//! `listing.toml` and `notes.toml`: the listing's fields in a form people edit
//! by hand and read in a git diff. Long text lives in its own Markdown files.

use std::collections::BTreeMap;

use rbpub_core::{Level, PublishType, ReviewNote, RuleId};
use serde::{Deserialize, Serialize};

/// The schema this version writes and reads.
pub const SCHEMA: i64 = 1;

#[derive(Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(crate) struct Manifest {
    pub schema: i64,
    #[serde(default)]
    pub id: rbpub_core::ListingId,
    pub name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub publish_type: PublishType,
    /// Opened for review: read-only but for notes.
    #[serde(default, skip_serializing_if = "is_false")]
    pub review: bool,
    #[serde(default = "introduction_file")]
    pub introduction: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logo: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template: Option<String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub rules: BTreeMap<RuleId, Level>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub versions: Vec<ManifestVersion>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub packages: Vec<ManifestPackage>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub screenshots: Vec<ManifestScreenshot>,
}

fn introduction_file() -> String {
    "introduction.md".into()
}

fn is_false(b: &bool) -> bool {
    !*b
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ManifestVersion {
    pub version: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub alias: String,
    /// The release notes' Markdown file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ManifestPackage {
    pub name: String,
    pub version: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ManifestScreenshot {
    pub file: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub caption: String,
}

/// `notes.toml`: the reviewers' notes.
#[derive(Serialize, Deserialize, Default)]
pub(crate) struct NotesFile {
    #[serde(default)]
    pub notes: Vec<ReviewNote>,
}

/// `rbpub.toml`, a project's settings for every listing under it.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(crate) struct ProjectFile {
    #[serde(default)]
    pub rules: BTreeMap<RuleId, Level>,
    #[serde(default)]
    pub release: Option<ReleaseSection>,
}

/// `[release]`: what listing a project's apps needs.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(crate) struct ReleaseSection {
    /// Approvals by allowed signers other than the lister.
    #[serde(default)]
    pub require_approvals: usize,
    /// git's allowed-signers file, relative to `rbpub.toml`'s folder.
    pub allowed_signers: Option<String>,
}

/// The schema number, read before the rest so a newer file gets the right message.
pub(crate) fn schema_of(text: &str) -> Option<i64> {
    #[derive(Deserialize)]
    struct Head {
        schema: Option<i64>,
    }
    toml::from_str::<Head>(text).ok().and_then(|h| h.schema)
}
