//! Rows as SQLite stores them, and their conversion to the domain types.

use rbpub_core::{
    ImageFormat, ImageInfo, Listing, ListingId, Package, PackageId, PublishType, Step,
    TemplateSource, Version, VersionId,
};
use sqlx::FromRow;

use crate::error::Result;

#[derive(FromRow)]
pub(crate) struct ListingRow {
    id: ListingId,
    name: String,
    description: String,
    introduction: String,
    tags: String,
    publish_type: String,
    current_step: String,
    created_at: i64,
    updated_at: i64,
    pub(crate) logo: Option<String>,
    pub(crate) logo_original: Option<String>,
    logo_fixes: String,
    rule_levels: String,
    for_review: bool,
    pub(crate) template: Option<String>,
}

impl ListingRow {
    pub(crate) fn into_listing(self) -> Result<Listing> {
        Ok(Listing {
            id: self.id,
            name: self.name,
            description: self.description,
            introduction: self.introduction,
            tags: serde_json::from_str(&self.tags)?,
            // The CHECK constraint keeps publish_type valid; an unknown step
            // (from a newer app) reopens the listing at its information.
            publish_type: PublishType::parse(&self.publish_type).unwrap_or_default(),
            current_step: Step::parse(&self.current_step).unwrap_or_default(),
            // Filled in from the assets table by the caller.
            logo: None,
            logo_original: None,
            logo_fixes: serde_json::from_str(&self.logo_fixes)?,
            // Levels for rules this version does not know (a newer app's) are dropped.
            rule_levels: serde_json::from_str(&self.rule_levels).unwrap_or_default(),
            for_review: self.for_review,
            created_at: self.created_at,
            updated_at: self.updated_at,
        })
    }
}

#[derive(FromRow)]
pub(crate) struct VersionRow {
    id: VersionId,
    version: String,
    alias: String,
    release_notes: String,
    source: String,
    destinations: String,
}

impl VersionRow {
    pub(crate) fn into_version(self) -> Result<Version> {
        let source: TemplateSource = serde_json::from_str(&self.source)?;
        Ok(Version {
            id: self.id,
            version: self.version,
            alias: self.alias,
            release_notes: self.release_notes,
            source,
            destinations: serde_json::from_str(&self.destinations)?,
        })
    }
}

#[derive(FromRow)]
pub(crate) struct PackageRow {
    id: PackageId,
    name: String,
    version: String,
    description: String,
}

impl From<PackageRow> for Package {
    fn from(r: PackageRow) -> Self {
        Package {
            id: r.id,
            name: r.name,
            version: r.version,
            description: r.description,
        }
    }
}

pub(crate) const LISTING_COLUMNS: &str =
    "id, name, description, introduction, tags, publish_type, current_step, created_at, updated_at, logo, logo_original, logo_fixes, rule_levels, for_review, template";

/// An asset row joined to what refers to it.
#[derive(FromRow)]
pub(crate) struct AssetRow {
    /// The screenshot's id, or the listing column that names the asset.
    pub(crate) owner: String,
    pub(crate) caption: String,
    hash: String,
    format: String,
    width: i64,
    height: i64,
    bytes: i64,
    alpha: bool,
}

impl AssetRow {
    pub(crate) fn info(&self) -> ImageInfo {
        ImageInfo {
            hash: self.hash.clone(),
            // The CHECK constraint keeps the format one of these.
            format: ImageFormat::parse(&self.format).unwrap_or(ImageFormat::Png),
            width: self.width as u32,
            height: self.height as u32,
            bytes: self.bytes as u64,
            alpha: self.alpha,
        }
    }
}
