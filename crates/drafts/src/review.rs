//! What issue 5 keeps with a listing: reviewers' notes, rule levels, the
//! imported RAM template, and whole listings imported from files.

use rbpub_core::{Field, FieldRef, ListingDraft, ReviewNote, RuleLevels, Template};
use sqlx::SqliteConnection;

use crate::assets::{put, NewAsset};
use crate::error::{Error, Result};
use crate::listings::refresh;
use crate::{new_id, now_ms, Drafts};

/// A part of a listing edited by its own id.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    Version,
    Package,
    Screenshot,
}

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
}

impl Drafts {
    /// Whether the listing was opened for review (read-only but for notes).
    pub async fn is_for_review(&self, listing_id: &str) -> Result<bool> {
        let found: Option<bool> =
            sqlx::query_scalar("SELECT for_review FROM listings WHERE id = ?")
                .bind(listing_id)
                .fetch_optional(&self.pool)
                .await?;
        found.ok_or_else(|| Error::ListingNotFound(listing_id.to_string()))
    }

    /// Whether the listing that owns this version, package or screenshot was
    /// opened for review; `false` when there is no such part (the edit will say so).
    pub async fn part_is_for_review(&self, part: Part, id: &str) -> Result<bool> {
        let table = match part {
            Part::Version => "versions",
            Part::Package => "packages",
            Part::Screenshot => "screenshots",
        };
        let found: Option<bool> = sqlx::query_scalar(&format!(
            "SELECT l.for_review FROM listings l JOIN {table} p ON p.listing_id = l.id WHERE p.id = ?"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        Ok(found.unwrap_or(false))
    }

    /// Sets (or, with empty text, removes) the note on one field.
    pub async fn set_note(&self, listing_id: &str, note: &ReviewNote) -> Result<ListingDraft> {
        let mut tx = self.write().await?;
        exists(&mut tx, listing_id).await?;
        write_note(&mut tx, listing_id, note).await?;
        let draft = refresh(&mut tx, listing_id).await?;
        tx.commit().await?;
        Ok(draft)
    }

    /// Replaces every note of the listing (after a merge with imported ones).
    pub async fn replace_notes(
        &self,
        listing_id: &str,
        notes: &[ReviewNote],
    ) -> Result<ListingDraft> {
        let mut tx = self.write().await?;
        exists(&mut tx, listing_id).await?;
        sqlx::query("DELETE FROM review_notes WHERE listing_id = ?")
            .bind(listing_id)
            .execute(&mut *tx)
            .await?;
        for note in notes {
            write_note(&mut tx, listing_id, note).await?;
        }
        let draft = refresh(&mut tx, listing_id).await?;
        tx.commit().await?;
        Ok(draft)
    }

    pub async fn set_rule_levels(
        &self,
        listing_id: &str,
        levels: &RuleLevels,
    ) -> Result<ListingDraft> {
        self.set_column(
            listing_id,
            "rule_levels",
            Some(serde_json::to_string(levels)?),
        )
        .await
    }

    pub async fn set_template(
        &self,
        listing_id: &str,
        template: Option<&Template>,
    ) -> Result<ListingDraft> {
        let json = template.map(serde_json::to_string).transpose()?;
        self.set_column(listing_id, "template", json).await
    }

    async fn set_column(
        &self,
        listing_id: &str,
        column: &str,
        value: Option<String>,
    ) -> Result<ListingDraft> {
        let mut tx = self.write().await?;
        let updated = sqlx::query(&format!("UPDATE listings SET {column} = ? WHERE id = ?"))
            .bind(value)
            .bind(listing_id)
            .execute(&mut *tx)
            .await?;
        if updated.rows_affected() == 0 {
            return Err(Error::ListingNotFound(listing_id.to_string()));
        }
        let draft = refresh(&mut tx, listing_id).await?;
        tx.commit().await?;
        Ok(draft)
    }

    /// Stores a listing read from files as a new listing, all at once: a
    /// failure leaves nothing behind. Keeps the listing's id unless one here has
    /// it, so notes made on the copy can find their way back.
    pub async fn import_draft(&self, imported: &ImportedDraft) -> Result<ListingDraft> {
        let mut tx = self.write().await?;
        let d = &imported.draft;
        let l = &d.listing;
        let taken: Option<i64> = sqlx::query_scalar("SELECT 1 FROM listings WHERE id = ?")
            .bind(&l.id)
            .fetch_optional(&mut *tx)
            .await?;
        let id = if l.id.trim().is_empty() || taken.is_some() {
            new_id()
        } else {
            l.id.clone()
        };
        let dir = self.assets_dir();
        let logo = match &imported.logo {
            Some(image) => {
                put(
                    &mut tx,
                    &dir,
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
                                   logo, logo_original, rule_levels, for_review, template)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8, ?8, ?9, ?10, ?11)",
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
        .execute(&mut *tx)
        .await?;
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
            .execute(&mut *tx)
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
            .execute(&mut *tx)
            .await?;
        }
        for (position, shot) in imported.screenshots.iter().enumerate() {
            put(
                &mut tx,
                &dir,
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
            .execute(&mut *tx)
            .await?;
        }
        for note in &d.notes {
            write_note(&mut tx, &id, note).await?;
        }
        let draft = refresh(&mut tx, &id).await?;
        tx.commit().await?;
        Ok(draft)
    }
}

async fn exists(conn: &mut SqliteConnection, listing_id: &str) -> Result<()> {
    let found: Option<i64> = sqlx::query_scalar("SELECT 1 FROM listings WHERE id = ?")
        .bind(listing_id)
        .fetch_optional(&mut *conn)
        .await?;
    found
        .map(|_| ())
        .ok_or_else(|| Error::ListingNotFound(listing_id.to_string()))
}

async fn write_note(
    conn: &mut SqliteConnection,
    listing_id: &str,
    note: &ReviewNote,
) -> Result<()> {
    let field = field_name(note.field.field)?;
    let item = note.field.item.as_deref().unwrap_or("");
    if note.text.trim().is_empty() {
        sqlx::query("DELETE FROM review_notes WHERE listing_id = ? AND field = ? AND item = ?")
            .bind(listing_id)
            .bind(&field)
            .bind(item)
            .execute(&mut *conn)
            .await?;
        return Ok(());
    }
    let at = if note.updated_at > 0 {
        note.updated_at
    } else {
        now_ms()
    };
    sqlx::query(
        "INSERT INTO review_notes (listing_id, field, item, text, author, updated_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (listing_id, field, item) DO UPDATE SET text = excluded.text, author = excluded.author,
                                                             updated_at = excluded.updated_at",
    )
    .bind(listing_id)
    .bind(&field)
    .bind(item)
    .bind(&note.text)
    .bind(&note.author)
    .bind(at)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub(crate) async fn notes(
    conn: &mut SqliteConnection,
    listing_id: &str,
) -> Result<Vec<ReviewNote>> {
    let rows: Vec<(String, String, String, String, i64)> = sqlx::query_as(
        "SELECT field, item, text, author, updated_at FROM review_notes WHERE listing_id = ? ORDER BY rowid",
    )
    .bind(listing_id)
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows
        .into_iter()
        // A field this version does not know (a newer app's) is skipped, not an error.
        .filter_map(|(field, item, text, author, updated_at)| {
            let field: Field = serde_json::from_value(serde_json::Value::String(field)).ok()?;
            Some(ReviewNote {
                field: FieldRef {
                    field,
                    item: (!item.is_empty()).then_some(item),
                },
                text,
                author,
                updated_at,
            })
        })
        .collect())
}

fn field_name(field: Field) -> Result<String> {
    Ok(match serde_json::to_value(field)? {
        serde_json::Value::String(s) => s,
        other => other.to_string(),
    })
}
