//! A store listing as the maintainer drafts it: the app's text information, its
//! versions (each a template version to publish) and its packages.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::step::Step;

/// Who can see and install the app in the store.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum PublishType {
    /// Only the publisher's team sees it.
    #[default]
    Private,
    /// Everyone sees it.
    Public,
}

impl PublishType {
    /// `private` or `public`, as the store writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            PublishType::Private => "private",
            PublishType::Public => "public",
        }
    }

    /// The visibility the store's word names.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "private" => Some(PublishType::Private),
            "public" => Some(PublishType::Public),
            _ => None,
        }
    }
}

/// One app in the portfolio, with the text the store shows for it (step 5).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Listing {
    /// The listing's id (a UUID v7).
    pub id: crate::ListingId,
    /// The app name (the store template's name).
    pub name: String,
    /// The short description shown on the list tile.
    pub description: String,
    /// The introduction, in Markdown, shown on the detail page.
    pub introduction: String,
    /// Tags, as the store shows them.
    pub tags: Vec<String>,
    /// Who may see the app in the store.
    pub publish_type: PublishType,
    /// The wizard step the maintainer last had open, so a listing reopens where it was left.
    pub current_step: Step,
    /// The logo that will be pushed, as the checks see it.
    #[serde(default)]
    pub logo: Option<crate::ImageInfo>,
    /// The file the maintainer gave, before any fix: shown beside the result and
    /// kept so a fix can be undone.
    #[serde(default)]
    pub logo_original: Option<crate::ImageInfo>,
    /// The fixes that made `logo` from `logo_original`.
    #[serde(default)]
    pub logo_fixes: crate::LogoFixes,
    /// Rule levels this listing changes (over the project's and the defaults).
    #[serde(default)]
    pub rule_levels: crate::rules::RuleLevels,
    /// Opened from a bundle for review: read-only, only notes can be written.
    #[serde(default)]
    pub for_review: bool,
    /// Milliseconds since the Unix epoch.
    #[ts(type = "number")]
    pub created_at: i64,
    /// When it was last edited, milliseconds since 1970.
    #[ts(type = "number")]
    pub updated_at: i64,
}

/// One edit to a listing: the unit of autosave.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "field", content = "value", rename_all = "camelCase")]
pub enum ListingField {
    /// The app's name.
    Name(String),
    /// The short description.
    Description(String),
    /// The introduction, Markdown.
    Introduction(String),
    /// The tags, in order.
    Tags(Vec<String>),
    /// Who may see the app.
    PublishType(PublishType),
}

/// Where a version's app template will come from when it is published (step 4).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum TemplateSource {
    /// Not decided yet.
    #[default]
    NotChosen,
    /// A running app in a Rainbond console, shared through the console's share flow.
    #[serde(rename_all = "camelCase")]
    RainbondApp {
        /// The console team.
        team: String,
        /// The region (cluster) it runs in.
        region: String,
        /// The app's group id in the console.
        app: String,
        /// What of the app is shared: a snapshot or the app as it runs, which
        /// plugins, and the omissions the user agreed to.
        #[serde(default)]
        share: ShareChoice,
    },
    /// A template exported from Rainbond (`*-ram.tar.gz` or `metadata.json`).
    #[serde(rename_all = "camelCase")]
    RamFile {
        /// The file, as it was picked.
        path: String,
    },
}

/// What a version shares of its running app, as the user chose in step 4.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct ShareChoice {
    /// The snapshot (its version number) to publish; `None`: the app as it runs now.
    pub snapshot: Option<String>,
    /// The plugins (ids) to share beside those a shared component uses; `None`:
    /// every plugin. Ignored for a snapshot, which carries its own.
    pub plugins: Option<Vec<String>>,
    /// What the share leaves out that the user agreed to publish without
    /// ([`crate::share::Omissions::keys`]); a new omission asks again.
    pub accepted_omissions: Vec<String>,
    /// Connection values (`<component key>/<NAME>`) to publish as `**None**`,
    /// which the console makes a random value at each install.
    pub random_per_install: Vec<String>,
}

/// A version of the app's template, as it will be published to the store.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Version {
    /// The version's id.
    pub id: crate::VersionId,
    /// `X.Y` or `X.Y.Z`.
    pub version: String,
    /// A friendly name such as "stable".
    pub alias: String,
    /// Release notes.
    pub release_notes: String,
    /// Where the version's template comes from.
    pub source: TemplateSource,
    /// Where the version publishes, each with its own share; none chosen yet:
    /// the connected store (the library, on a console without a usable store).
    #[serde(default)]
    pub destinations: Vec<VersionDestination>,
}

/// One destination of a version and the state of its own publish.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct VersionDestination {
    /// Where to.
    pub to: crate::Destination,
    /// The console's share record of this publish, kept so a publish
    /// interrupted by a crash or a network cut resumes it instead of starting
    /// another.
    #[serde(default)]
    #[ts(type = "number | null")]
    pub share_id: Option<i64>,
    /// The version is in this library (a store's published versions are read
    /// from the store instead).
    #[serde(default)]
    pub published: bool,
    /// The user agreed to overwrite the version number the library has
    /// already (kept until that publish is done, so a resume keeps it).
    #[serde(default)]
    pub overwrite: bool,
}

impl Version {
    /// The share kept for a destination's publish, if any.
    pub fn share_for(&self, to: &crate::Destination) -> Option<i64> {
        self.destinations
            .iter()
            .find(|d| d.to == *to)
            .and_then(|d| d.share_id)
    }
}

/// One field of a version, as the UI saves it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "field", content = "value", rename_all = "camelCase")]
pub enum VersionField {
    /// The version number.
    Version(String),
    /// The display name.
    Alias(String),
    /// Release notes.
    ReleaseNotes(String),
    /// Where the template comes from.
    Source(TemplateSource),
    /// Where it publishes (what each had under way is kept).
    Destinations(Vec<crate::Destination>),
}

/// What a store user installs: a free package named after the version it installs.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Package {
    /// The package's id.
    pub id: crate::PackageId,
    /// The package's name.
    pub name: String,
    /// The version (of this listing) the package installs.
    pub version: String,
    /// What the package offers.
    pub description: String,
}

/// One field of a package, as the UI saves it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "field", content = "value", rename_all = "camelCase")]
pub enum PackageField {
    /// The name.
    Name(String),
    /// The version it installs.
    Version(String),
    /// The description.
    Description(String),
}

/// A listing with its versions and packages, as it is opened and saved.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ListingDraft {
    /// The app's own fields.
    pub listing: Listing,
    /// Its versions, in order.
    pub versions: Vec<Version>,
    /// Its packages, in order.
    pub packages: Vec<Package>,
    /// Its screenshots, in order.
    #[serde(default)]
    pub screenshots: Vec<crate::Screenshot>,
    /// The app as the store last showed it; none before the first push.
    #[serde(default)]
    pub live: Option<crate::online::LiveListing>,
    /// The app template the latest version packages, when it was imported from
    /// an exported RAM template: what the preview's component list shows.
    #[serde(default)]
    pub template: Option<crate::template::Template>,
    /// What reviewers wrote, per field.
    #[serde(default)]
    pub notes: Vec<crate::review::ReviewNote>,
}

impl ListingDraft {
    /// Published means the store lists the version for this listing's app.
    pub fn is_published(&self, version: &Version) -> bool {
        self.live
            .as_ref()
            .is_some_and(|l| l.app.versions.iter().any(|v| v == version.version.trim()))
    }

    /// The version is published somewhere: in the store, or in a library it
    /// was published to.
    pub fn is_published_anywhere(&self, version: &Version) -> bool {
        self.is_published(version) || version.destinations.iter().any(|d| d.published)
    }

    /// The store has this listing's information exactly as drafted, logo included.
    pub fn info_is_live(&self) -> bool {
        self.live.as_ref().is_some_and(|l| {
            let (a, d) = (&l.app, &self.listing);
            let logo = d.logo.as_ref().map(|i| &i.hash);
            logo.is_none_or(|h| l.logo_hash.as_ref() == Some(h))
                && a.name == d.name.trim()
                && a.description == d.description
                && a.introduction == d.introduction
                // Tags are not compared: after creation they change only on the
                // store's page, never through a push.
                && a.publish_type == d.publish_type.as_str()
        })
    }

    /// Every drafted package exists in the store.
    pub fn packages_are_live(&self) -> bool {
        !self.packages.is_empty()
            && self.live.as_ref().is_some_and(|l| {
                self.packages.iter().all(|p| {
                    l.packages
                        .iter()
                        .any(|lp| lp.name == p.name.trim() && lp.version == p.version.trim())
                })
            })
    }
}

impl Listing {
    /// Sets one field.
    pub fn apply(&mut self, field: ListingField) {
        match field {
            ListingField::Name(v) => self.name = v,
            ListingField::Description(v) => self.description = v,
            ListingField::Introduction(v) => self.introduction = v,
            ListingField::Tags(v) => self.tags = v,
            ListingField::PublishType(v) => self.publish_type = v,
        }
    }

    /// True when the maintainer has written nothing of step 5 yet.
    pub fn info_is_blank(&self) -> bool {
        self.name.trim().is_empty()
            && self.description.trim().is_empty()
            && self.introduction.trim().is_empty()
            && self.tags.is_empty()
            && self.logo.is_none()
    }
}

/// The number a new version gets: one patch release after the latest valid one,
/// or `1.0.0` for the first.
pub fn next_version(versions: &[Version]) -> String {
    versions
        .iter()
        .rev()
        .map(|v| v.version.trim())
        .find(|v| crate::text::is_version_format(v))
        .and_then(|latest| {
            let mut parts: Vec<u64> = latest
                .split('.')
                .map(|p| p.parse().ok())
                .collect::<Option<_>>()?;
            let last = parts.last_mut()?;
            *last = last.checked_add(1)?;
            Some(
                parts
                    .iter()
                    .map(u64::to_string)
                    .collect::<Vec<_>>()
                    .join("."),
            )
        })
        .unwrap_or_else(|| "1.0.0".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> Version {
        Version {
            version: s.into(),
            ..Version::default()
        }
    }

    #[test]
    fn next_version_bumps_the_latest_valid_one() {
        assert_eq!(next_version(&[]), "1.0.0");
        assert_eq!(next_version(&[v("1.0.0"), v("1.2.9")]), "1.2.10");
        assert_eq!(next_version(&[v("2.1"), v("not a version")]), "2.2");
        assert_eq!(next_version(&[v("99999999999999999999.1")]), "1.0.0");
    }
}
