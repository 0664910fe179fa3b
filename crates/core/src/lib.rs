//! The domain of Rainbond Publisher: what a store listing is, which rules it must
//! pass, and where a listing stands in the store's seven publishing steps.
//!
//! Pure code: no I/O, no async runtime. Everything here is deterministic so the
//! desktop app, the CLI and the tests agree on every verdict.

#![warn(missing_docs)]

pub mod budget;
pub mod catalogue;
pub mod diff;
pub mod env;
pub mod ids;
pub mod image;
pub mod library;
pub mod listing;
pub mod locale;
pub mod offline;
pub mod online;
pub mod publisher;
pub mod publishing;
pub mod review;
pub mod rules;
pub mod sensitive;
pub mod share;
pub mod step;
pub mod template;
pub mod text;
pub mod upgrade;
pub mod wizard;

pub use ids::{ListingId, PackageId, VersionId};
pub use image::{ImageFormat, ImageInfo, ImageNote, Inspection, LogoFixes, Screenshot, SquareBy};
pub use library::{AppModel, Destination, LibraryScope, ModelVersion, NoStore, Offered};
pub use listing::{
    Listing, ListingDraft, ListingField, Package, PackageField, PublishType, ShareChoice,
    TemplateSource, Version, VersionDestination, VersionField,
};
pub use locale::Locale;
pub use publisher::{Publisher, PublisherField};
pub use publishing::{DestinationState, OfferedDestination, VersionPublishing};
pub use review::{ReviewNote, SignedApproval};
pub use rules::{Field, FieldRef, Finding, Fix, Level, RuleId, RuleLevels};
pub use sensitive::Sensitive;
pub use step::Step;
pub use template::Template;
pub use wizard::{StepState, StepStatus, WaitingOn};
