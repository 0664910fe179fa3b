//! Whole listings read from files (a folder, a bundle), stored as new listings.

use rbpub_core::ListingId;
use std::path::Path;

use rbpub_core::ListingDraft;
use sqlx::{Sqlite, Transaction};

use crate::assets::{put, NewAsset};
use crate::error::Result;
use crate::load::refresh;
use crate::review::write_note;
use crate::{new_id, now_ms, Drafts};

/// An image read from a listing's files, ready to store.
#[derive(Clone, Debug)]
pub struct ImportedImage {
    pub bytes: Vec<u8>,
    pub info: rbpub_core::ImageInfo,
    pub caption: String,
}

/// A listing read from a folder or bundle: the draft (its ids are ignored
/// except the listing's, kept when free) with the image bytes it refers to.
#[derive(Clone, Debug, Default)]
pub struct ImportedDraft {
    pub draft: ListingDraft,
    pub logo: Option<ImportedImage>,
    pub screenshots: Vec<ImportedImage>,
    /// Reviewers' approvals that came with it.
    pub approvals: Vec<rbpub_core::SignedApproval>,
    /// The folder or bundle it was read from (its project's rule is read there).
    pub imported_from: Option<String>,
}

impl Drafts {
    /// Stores a listing read from files as a new listing, all at once: a
    /// failure leaves nothing behind. Keeps the listing's id unless one here has
    /// it, so notes made on the copy can find their way back.
    pub async fn import_draft(&self, imported: &ImportedDraft) -> Result<ListingDraft> {
        let mut tx = self.write().await?;
        let id = insert(&mut tx, &self.assets_dir(), imported).await?;
        let draft = refresh(&mut tx, &id).await?;
        tx.commit().await?;
        Ok(draft)
    }

    /// Stores many listings at once, in one transaction (one disk sync for all:
    /// a pull of a whole store, a bulk import); answers their ids in order.
    pub async fn import_drafts(&self, imported: &[ImportedDraft]) -> Result<Vec<ListingId>> {
        let mut tx = self.write().await?;
        let dir = self.assets_dir();
        let mut ids = Vec::with_capacity(imported.len());
        for one in imported {
            ids.push(insert(&mut tx, &dir, one).await?);
        }
        tx.commit().await?;
        Ok(ids)
    }
}

/// Inserts one listing read from files (its live app too, for a pull) in `tx`.
async fn insert(
    tx: &mut Transaction<'static, Sqlite>,
    dir: &Path,
    imported: &ImportedDraft,
) -> Result<ListingId> {
    let d = &imported.draft;
    let l = &d.listing;
    let taken: Option<i64> = sqlx::query_scalar("SELECT 1 FROM listings WHERE id = ?")
        .bind(&l.id)
        .fetch_optional(&mut **tx)
        .await?;
    let id = if l.id.as_str().trim().is_empty() || taken.is_some() {
        new_id().into()
    } else {
        l.id.clone()
    };
    let logo = match &imported.logo {
        Some(image) => {
            put(
                tx,
                dir,
                &NewAsset {
                    bytes: &image.bytes,
                    info: &image.info,
                },
            )
            .await?;
            Some(image.info.hash.clone())
        }
        None => None,
    };
    let now = now_ms();
    sqlx::query(
        "INSERT INTO listings (id, name, description, introduction, tags, publish_type, created_at, updated_at,
                               logo, logo_original, rule_levels, for_review, template, imported_from)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8, ?8, ?9, ?10, ?11, ?12)",
    )
    .bind(&id)
    .bind(&l.name)
    .bind(&l.description)
    .bind(&l.introduction)
    .bind(serde_json::to_string(&l.tags)?)
    .bind(l.publish_type.as_str())
    .bind(now)
    .bind(logo)
    .bind(serde_json::to_string(&l.rule_levels)?)
    .bind(l.for_review)
    .bind(d.template.as_ref().map(serde_json::to_string).transpose()?)
    .bind(&imported.imported_from)
    .execute(&mut **tx)
    .await?;
    crate::approvals::write_approvals(tx, &id, &imported.approvals).await?;
    for (position, v) in d.versions.iter().enumerate() {
        sqlx::query(
            "INSERT INTO versions (id, listing_id, position, version, alias, release_notes, source)
             VALUES (?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(new_id())
        .bind(&id)
        .bind(position as i64)
        .bind(&v.version)
        .bind(&v.alias)
        .bind(&v.release_notes)
        .bind(serde_json::to_string(&v.source)?)
        .execute(&mut **tx)
        .await?;
    }
    for (position, p) in d.packages.iter().enumerate() {
        sqlx::query(
            "INSERT INTO packages (id, listing_id, position, name, version, description) VALUES (?, ?, ?, ?, ?, ?)",
        )
        .bind(new_id())
        .bind(&id)
        .bind(position as i64)
        .bind(&p.name)
        .bind(&p.version)
        .bind(&p.description)
        .execute(&mut **tx)
        .await?;
    }
    for (position, shot) in imported.screenshots.iter().enumerate() {
        put(
            tx,
            dir,
            &NewAsset {
                bytes: &shot.bytes,
                info: &shot.info,
            },
        )
        .await?;
        sqlx::query(
            "INSERT INTO screenshots (id, listing_id, position, asset, caption) VALUES (?, ?, ?, ?, ?)",
        )
        .bind(new_id())
        .bind(&id)
        .bind(position as i64)
        .bind(&shot.info.hash)
        .bind(&shot.caption)
        .execute(&mut **tx)
        .await?;
    }
    for note in &d.notes {
        write_note(tx, &id, note).await?;
    }
    if let Some(live) = &d.live {
        sqlx::query(
            "INSERT INTO live_listings (listing_id, app_id, live, updated_at) VALUES (?, ?, ?, ?)",
        )
        .bind(&id)
        .bind(&live.app.id)
        .bind(serde_json::to_string(live)?)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    }
    Ok(id)
}
