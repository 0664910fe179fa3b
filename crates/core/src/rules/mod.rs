//! The listing rules of `docs/listing-rules.md` that concern text, evaluated all at once.
//!
//! Every check runs on every call (a rule never stops at the first failure), and
//! findings come out in a stable order: fields in wizard order, items in the
//! order the maintainer sees them, rules in table order.

mod checks;
mod messages;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::step::Step;
pub use checks::{
    evaluate_draft, evaluate_draft_with, evaluate_export, evaluate_listing, evaluate_logo,
    evaluate_publisher, evaluate_template, looks_like_credential, share_refuses, unreachable_link,
};
pub(crate) use messages::Problem;

/// A rule of `docs/listing-rules.md` (plus the account and profile checks the app adds).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
pub enum RuleId {
    /// `name.length`
    #[serde(rename = "name.length")]
    NameLength,
    /// `name.recommended`
    #[serde(rename = "name.recommended")]
    NameRecommended,
    /// `name.charset`
    #[serde(rename = "name.charset")]
    NameCharset,
    /// `desc.length`
    #[serde(rename = "desc.length")]
    DescLength,
    /// `desc.recommended`
    #[serde(rename = "desc.recommended")]
    DescRecommended,
    /// `intro.present`
    #[serde(rename = "intro.present")]
    IntroPresent,
    /// `intro.headings`
    #[serde(rename = "intro.headings")]
    IntroHeadings,
    /// `intro.safe`
    #[serde(rename = "intro.safe")]
    IntroSafe,
    /// `text.invisible`
    #[serde(rename = "text.invisible")]
    TextInvisible,
    /// `text.placeholder`
    #[serde(rename = "text.placeholder")]
    TextPlaceholder,
    /// `logo.present`
    #[serde(rename = "logo.present")]
    LogoPresent,
    /// `logo.format`
    #[serde(rename = "logo.format")]
    LogoFormat,
    /// `logo.bytes`
    #[serde(rename = "logo.bytes")]
    LogoBytes,
    /// `logo.square`
    #[serde(rename = "logo.square")]
    LogoSquare,
    /// `logo.size`
    #[serde(rename = "logo.size")]
    LogoSize,
    /// `version.format`
    #[serde(rename = "version.format")]
    VersionFormat,
    /// `version.unique`
    #[serde(rename = "version.unique")]
    VersionUnique,
    /// `version.alias`
    #[serde(rename = "version.alias")]
    VersionAlias,
    /// `notes.length`
    #[serde(rename = "notes.length")]
    NotesLength,
    /// `package.matches`
    #[serde(rename = "package.matches")]
    PackageMatches,
    /// `tags.count`
    #[serde(rename = "tags.count")]
    TagsCount,
    /// `template.nonempty`
    #[serde(rename = "template.nonempty")]
    TemplateNonempty,
    /// `template.deps`
    #[serde(rename = "template.deps")]
    TemplateDeps,
    /// `template.credentials`: a value that looks like a credential, which
    /// every installer would get as written.
    #[serde(rename = "template.credentials")]
    TemplateCredentials,
    /// `template.singleton`: a singleton allowed more than one instance (the
    /// console refuses the share at submit).
    #[serde(rename = "template.singleton")]
    TemplateSingleton,
    /// `template.dependency`: a component others depend on has no image or no port.
    #[serde(rename = "template.dependency")]
    TemplateDependency,
    /// `template.keys`: two components with one key.
    #[serde(rename = "template.keys")]
    TemplateKeys,
    /// `export.images`: an image the template needs that its offline export lacks.
    #[serde(rename = "export.images")]
    ExportImages,
    /// `export.manifest`: an image tarball of an export whose manifest lists no image.
    #[serde(rename = "export.manifest")]
    ExportManifest,
    /// `export.probe`: components that start with the platform's probe image, which no export carries.
    #[serde(rename = "export.probe")]
    ExportProbe,
    /// `url.reachable`
    #[serde(rename = "url.reachable")]
    UrlReachable,
    /// `account.url`
    #[serde(rename = "account.url")]
    AccountUrl,
    /// `profile.email`
    #[serde(rename = "profile.email")]
    ProfileEmail,
    /// `profile.phone`
    #[serde(rename = "profile.phone")]
    ProfilePhone,
}

impl RuleId {
    /// The level a rule has unless a listing or project file changes it.
    pub fn default_level(self) -> Level {
        use RuleId::*;
        match self {
            NameRecommended | DescRecommended | IntroPresent | IntroHeadings | TextPlaceholder
            | PackageMatches | TagsCount | LogoSquare | LogoSize | TemplateCredentials
            | TemplateDependency | ExportProbe => Level::Warning,
            UrlReachable => Level::Off,
            _ => Level::Error,
        }
    }

    /// The id as `docs/listing-rules.md` and project files write it.
    pub fn as_str(self) -> &'static str {
        use RuleId::*;
        match self {
            NameLength => "name.length",
            NameRecommended => "name.recommended",
            NameCharset => "name.charset",
            DescLength => "desc.length",
            DescRecommended => "desc.recommended",
            IntroPresent => "intro.present",
            IntroHeadings => "intro.headings",
            IntroSafe => "intro.safe",
            TextInvisible => "text.invisible",
            TextPlaceholder => "text.placeholder",
            LogoPresent => "logo.present",
            LogoFormat => "logo.format",
            LogoBytes => "logo.bytes",
            LogoSquare => "logo.square",
            LogoSize => "logo.size",
            VersionFormat => "version.format",
            VersionUnique => "version.unique",
            VersionAlias => "version.alias",
            NotesLength => "notes.length",
            PackageMatches => "package.matches",
            TagsCount => "tags.count",
            TemplateNonempty => "template.nonempty",
            TemplateDeps => "template.deps",
            TemplateCredentials => "template.credentials",
            TemplateSingleton => "template.singleton",
            TemplateDependency => "template.dependency",
            TemplateKeys => "template.keys",
            ExportImages => "export.images",
            ExportManifest => "export.manifest",
            ExportProbe => "export.probe",
            UrlReachable => "url.reachable",
            AccountUrl => "account.url",
            ProfileEmail => "profile.email",
            ProfilePhone => "profile.phone",
        }
    }
}

/// Rule levels a listing or a project file sets, over the defaults.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RuleLevels(#[ts(type = "Partial<Record<RuleId, Level>>")] pub BTreeMap<RuleId, Level>);

impl RuleLevels {
    /// The rule's level here: set, or its default.
    pub fn level(&self, rule: RuleId) -> Level {
        self.0
            .get(&rule)
            .copied()
            .unwrap_or_else(|| rule.default_level())
    }

    /// These levels, with `over`'s taking precedence (a listing's over its project's).
    pub fn under(&self, over: &RuleLevels) -> RuleLevels {
        let mut merged = self.clone();
        merged.0.extend(over.0.iter().map(|(r, l)| (*r, *l)));
        merged
    }

    /// Gives each finding its level here and drops those turned off; the order stays.
    pub fn apply(&self, findings: Vec<Finding>) -> Vec<Finding> {
        if self.0.is_empty() {
            return findings;
        }
        findings
            .into_iter()
            .filter_map(|mut f| {
                f.level = self.level(f.rule);
                (f.level != Level::Off).then_some(f)
            })
            .collect()
    }
}

/// `error` blocks a push, `warning` is shown, `off` is not reported.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Blocks the push.
    Error,
    /// Shown; the push may go on.
    Warning,
    /// Not checked.
    Off,
}

/// Every field a finding can point at; the UI places the message next to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum Field {
    /// The store's base URL.
    StoreUrl,
    /// The store's market domain.
    MarketDomain,
    /// The account's phone.
    AccountPhone,
    /// The nickname.
    Nickname,
    /// The contact phone.
    Phone,
    /// The e-mail.
    Email,
    /// The bio.
    Bio,
    /// The app's name.
    Name,
    /// The short description.
    Description,
    /// The introduction.
    Introduction,
    /// The tags.
    Tags,
    /// Who can see the app in the store (`publish_type`).
    PublishType,
    /// The logo.
    Logo,
    /// A version's number.
    Version,
    /// A version's display name.
    VersionAlias,
    /// A version's release notes.
    ReleaseNotes,
    /// The listing's packages as a whole.
    Packages,
    /// A package's name.
    PackageName,
    /// A package's version.
    PackageVersion,
    /// A package's description.
    PackageDescription,
    /// The version's RAM template; `item` is a component's key where one is at fault.
    Template,
}

impl Field {
    /// The wizard step where the field is edited.
    pub fn step(self) -> Step {
        use Field::*;
        match self {
            StoreUrl | MarketDomain | AccountPhone => Step::Account,
            Nickname | Phone | Email | Bio => Step::Profile,
            Name | Description | Introduction | Tags | PublishType | Logo => Step::AppInfo,
            Version | VersionAlias | ReleaseNotes | Packages | PackageName | PackageVersion
            | PackageDescription | Template => Step::Packages,
        }
    }

    /// The field's name as messages and the preview write it.
    pub fn label(self, locale: crate::Locale) -> &'static str {
        messages::field_label(self, locale)
    }

    /// Whether line breaks belong in the field.
    pub fn is_multiline(self) -> bool {
        matches!(
            self,
            Field::Introduction | Field::ReleaseNotes | Field::Bio | Field::PackageDescription
        )
    }
}

/// A field, and for fields of a version or package, which one (its id).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FieldRef {
    /// The field.
    pub field: Field,
    /// Which of its items (a version, a package, a tag), where it has several.
    pub item: Option<String>,
}

/// A change the app can make for the user, on request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum Fix {
    /// Remove the control, zero-width and bidi characters from the field.
    StripInvisible,
    /// Pad the logo to a square (transparent, or a chosen colour).
    PadSquare,
    /// Crop the logo to a square around its centre.
    CropSquare,
    /// Scale the logo to a size the store shows well.
    ResizeLogo,
    /// Re-encode the logo as PNG (JPEG when PNG cannot get under the byte limit).
    ConvertLogo,
    /// Publish a connection value as `**None**`: each install gets a random one
    /// (the finding's item is `<component key>/<NAME>`).
    RandomPerInstall,
}

/// One rule failure: which rule, how serious, which field, and what to do.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Finding {
    /// The rule that found it.
    pub rule: RuleId,
    /// How much it matters here.
    pub level: Level,
    /// Where it is.
    pub field: FieldRef,
    /// Names the field and the fix, in the requested locale.
    pub message: String,
    /// A fix the app can make, if any.
    pub fix: Option<Fix>,
}

#[cfg(test)]
mod documented {
    use super::RuleId;
    use ts_rs::TS;

    /// Every rule the code knows has its row in docs/listing-rules.md, and every
    /// id there is one the code knows.
    #[test]
    fn every_rule_is_in_the_listing_rules_page() {
        let page = include_str!("../../../../docs/listing-rules.md");
        // The enum's wire names, all of them, as ts-rs writes its union.
        let union = RuleId::inline(&ts_rs::Config::new());
        let known: Vec<&str> = union.split('"').skip(1).step_by(2).collect();
        assert!(known.len() > 30, "{union}");
        for id in &known {
            assert!(
                page.contains(&format!("| `{id}` |")),
                "{id} has no row in docs/listing-rules.md"
            );
        }
        for row in page.lines().filter(|l| l.starts_with("| `")) {
            let id = row.split('`').nth(1).unwrap_or_default();
            assert!(
                known.contains(&id),
                "docs/listing-rules.md lists {id}, which no rule is"
            );
        }
    }
}
