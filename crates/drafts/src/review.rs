//! What review keeps with a listing: reviewers' notes, rule levels, the
//! imported RAM template, and whether it was opened for review.

use rbpub_core::ListingId;
use rbpub_core::{Field, ListingDraft, ReviewNote, RuleLevels, Template};
use sqlx::SqliteConnection;

use crate::error::{Error, Result};
use crate::load::refresh;
use crate::{now_ms, Drafts};

/// A part of a listing edited by its own id.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    Version,
    Package,
    Screenshot,
}

impl Drafts {
    /// Whether the listing was opened for review (read-only but for notes).
    pub async fn is_for_review(&self, listing_id: &ListingId) -> Result<bool> {
        let found: Option<bool> =
            sqlx::query_scalar("SELECT for_review FROM listings WHERE id = ?")
                .bind(listing_id)
                .fetch_optional(&self.pool)
                .await?;
        found.ok_or_else(|| Error::ListingNotFound(listing_id.clone()))
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
    pub async fn set_note(
        &self,
        listing_id: &ListingId,
        note: &ReviewNote,
    ) -> Result<ListingDraft> {
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
        listing_id: &ListingId,
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
        listing_id: &ListingId,
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
        listing_id: &ListingId,
        template: Option<&Template>,
    ) -> Result<ListingDraft> {
        let json = template.map(serde_json::to_string).transpose()?;
        self.set_column(listing_id, "template", json).await
    }

    async fn set_column(
        &self,
        listing_id: &ListingId,
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
            return Err(Error::ListingNotFound(listing_id.clone()));
        }
        let draft = refresh(&mut tx, listing_id).await?;
        tx.commit().await?;
        Ok(draft)
    }
}

async fn exists(conn: &mut SqliteConnection, listing_id: &ListingId) -> Result<()> {
    let found: Option<i64> = sqlx::query_scalar("SELECT 1 FROM listings WHERE id = ?")
        .bind(listing_id)
        .fetch_optional(&mut *conn)
        .await?;
    found
        .map(|_| ())
        .ok_or_else(|| Error::ListingNotFound(listing_id.clone()))
}

pub(crate) async fn write_note(
    conn: &mut SqliteConnection,
    listing_id: &ListingId,
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

fn field_name(field: Field) -> Result<String> {
    Ok(match serde_json::to_value(field)? {
        serde_json::Value::String(s) => s,
        other => other.to_string(),
    })
}
