//! The listing rules of `listing-rules.md` that concern text, evaluated all at once.
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
    evaluate_draft, evaluate_draft_with, evaluate_listing, evaluate_logo, evaluate_publisher,
    evaluate_template, unreachable_link,
};
pub(crate) use messages::Problem;

/// A rule of `listing-rules.md` (plus the account and profile checks the app adds).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
pub enum RuleId {
    #[serde(rename = "name.length")]
    NameLength,
    #[serde(rename = "name.recommended")]
    NameRecommended,
    #[serde(rename = "name.charset")]
    NameCharset,
    #[serde(rename = "desc.length")]
    DescLength,
    #[serde(rename = "desc.recommended")]
    DescRecommended,
    #[serde(rename = "intro.present")]
    IntroPresent,
    #[serde(rename = "intro.headings")]
    IntroHeadings,
    #[serde(rename = "intro.safe")]
    IntroSafe,
    #[serde(rename = "text.invisible")]
    TextInvisible,
    #[serde(rename = "text.placeholder")]
    TextPlaceholder,
    #[serde(rename = "logo.present")]
    LogoPresent,
    #[serde(rename = "logo.format")]
    LogoFormat,
    #[serde(rename = "logo.bytes")]
    LogoBytes,
    #[serde(rename = "logo.square")]
    LogoSquare,
    #[serde(rename = "logo.size")]
    LogoSize,
    #[serde(rename = "version.format")]
    VersionFormat,
    #[serde(rename = "version.unique")]
    VersionUnique,
    #[serde(rename = "version.alias")]
    VersionAlias,
    #[serde(rename = "notes.length")]
    NotesLength,
    #[serde(rename = "package.matches")]
    PackageMatches,
    #[serde(rename = "tags.count")]
    TagsCount,
    #[serde(rename = "template.nonempty")]
    TemplateNonempty,
    #[serde(rename = "template.deps")]
    TemplateDeps,
    #[serde(rename = "url.reachable")]
    UrlReachable,
    #[serde(rename = "account.url")]
    AccountUrl,
    #[serde(rename = "profile.email")]
    ProfileEmail,
    #[serde(rename = "profile.phone")]
    ProfilePhone,
}

impl RuleId {
    /// The level a rule has unless a listing or project file changes it.
    pub fn default_level(self) -> Level {
        use RuleId::*;
        match self {
            NameRecommended | DescRecommended | IntroPresent | IntroHeadings | TextPlaceholder
            | PackageMatches | TagsCount | LogoSquare | LogoSize => Level::Warning,
            UrlReachable => Level::Off,
            _ => Level::Error,
        }
    }

    /// The id as `listing-rules.md` and project files write it.
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
    Error,
    Warning,
    Off,
}

/// Every field a finding can point at; the UI places the message next to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum Field {
    StoreUrl,
    MarketDomain,
    AccountPhone,
    Nickname,
    Phone,
    Email,
    Bio,
    Name,
    Description,
    Introduction,
    Tags,
    /// Who can see the app in the store (`publish_type`).
    PublishType,
    Logo,
    Version,
    VersionAlias,
    ReleaseNotes,
    /// The listing's packages as a whole.
    Packages,
    PackageName,
    PackageVersion,
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
    pub field: Field,
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
}

/// One rule failure: which rule, how serious, which field, and what to do.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Finding {
    pub rule: RuleId,
    pub level: Level,
    pub field: FieldRef,
    /// Names the field and the fix, in the requested locale.
    pub message: String,
    pub fix: Option<Fix>,
}
