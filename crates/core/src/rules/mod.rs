//! The listing rules of `listing-rules.md` that concern text, evaluated all at once.
//!
//! Every check runs on every call (a rule never stops at the first failure), and
//! findings come out in a stable order: fields in wizard order, items in the
//! order the maintainer sees them, rules in table order.

mod checks;
mod messages;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::wizard::Step;
pub use checks::{evaluate_draft, evaluate_listing, evaluate_logo, evaluate_publisher};
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
            _ => Level::Error,
        }
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
    Logo,
    Version,
    VersionAlias,
    ReleaseNotes,
    /// The listing's packages as a whole.
    Packages,
    PackageName,
    PackageVersion,
    PackageDescription,
}

impl Field {
    /// The wizard step where the field is edited.
    pub fn step(self) -> Step {
        use Field::*;
        match self {
            StoreUrl | MarketDomain | AccountPhone => Step::Account,
            Nickname | Phone | Email | Bio => Step::Profile,
            Name | Description | Introduction | Tags | Logo => Step::AppInfo,
            Version | VersionAlias | ReleaseNotes | Packages | PackageName | PackageVersion
            | PackageDescription => Step::Packages,
        }
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
