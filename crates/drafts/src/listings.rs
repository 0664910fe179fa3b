//! The portfolio and each listing's own fields: create, duplicate, delete, edit.

use rbpub_core::ListingId;
use rbpub_core::{ListingDraft, ListingField, Step, StepStatus};

use crate::error::{Error, Result};
use crate::load::{load, refresh};
use crate::{new_id, now_ms, Drafts};

/// One line of the portfolio.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PortfolioRow {
    pub id: ListingId,
    pub name: String,
    pub description: String,
    pub updated_at: i64,
    pub version_count: i64,
    /// Statuses of wizard steps 4–7.
    pub progress: Vec<StepStatus>,
    /// The logo's hash in the asset store.
    pub logo: Option<String>,
}

impl Drafts {
    /// Every listing whose name or description contains `query` (all when empty),
    /// most recently edited first.
    pub async fn portfolio(&self, query: &str) -> Result<Vec<PortfolioRow>> {
        let pattern = format!("%{}%", escape_like(query.trim()));
        // Read from the covering index and returned as one JSON value: at a thousand
        // rows, sqlx's per-row hand-off cost more than SQLite's scan and JSON
        // building together (benches/portfolio: p50 2.9 ms as rows).
        let json: String = sqlx::query_scalar(
            "SELECT coalesce(json_group_array(
                        json_array(id, name, description, updated_at, version_count, json(progress), logo)
                        ORDER BY updated_at DESC, id DESC), '[]')
             FROM listings INDEXED BY listings_portfolio
             WHERE ?1 = '%%' OR name LIKE ?1 ESCAPE '\\' OR description LIKE ?1 ESCAPE '\\'",
        )
        .bind(&pattern)
        .fetch_one(&self.pool)
        .await?;
        type Row = (
            String,
            String,
            String,
            i64,
            i64,
            Vec<StepStatus>,
            Option<String>,
        );
        let rows: Vec<Row> = serde_json::from_str(&json)?;
        Ok(rows
            .into_iter()
            .map(
                |(id, name, description, updated_at, version_count, progress, logo)| PortfolioRow {
                    id: id.into(),
                    name,
                    description,
                    updated_at,
                    version_count,
                    progress,
                    logo,
                },
            )
            .collect())
    }

    pub async fn create_listing(&self, name: &str) -> Result<ListingDraft> {
        let mut tx = self.write().await?;
        let id = ListingId::from(new_id());
        let now = now_ms();
        sqlx::query("INSERT INTO listings (id, name, created_at, updated_at) VALUES (?, ?, ?, ?)")
            .bind(&id)
            .bind(name)
            .bind(now)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        let draft = refresh(&mut tx, &id).await?;
        tx.commit().await?;
        Ok(draft)
    }

    /// A copy of a listing with its versions and packages, named "<name>-copy".
    pub async fn duplicate_listing(&self, id: &ListingId) -> Result<ListingDraft> {
        let mut tx = self.write().await?;
        let new = ListingId::from(new_id());
        let now = now_ms();
        let copied = sqlx::query(
            "INSERT INTO listings (id, name, description, introduction, tags, publish_type, current_step, created_at, updated_at,
                                   logo, logo_original, logo_fixes, rule_levels, template)
             SELECT ?1, CASE WHEN name = '' THEN '' ELSE name || '-copy' END, description, introduction, tags,
                    publish_type, current_step, ?2, ?2, logo, logo_original, logo_fixes, rule_levels, template
             FROM listings WHERE id = ?3",
        )
        .bind(&new)
        .bind(now)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        if copied.rows_affected() == 0 {
            return Err(Error::ListingNotFound(id.clone()));
        }
        let old = load(&mut tx, id).await?;
        for (position, v) in old.versions.iter().enumerate() {
            sqlx::query(
                "INSERT INTO versions (id, listing_id, position, version, alias, release_notes, source)
                 SELECT ?, ?, ?, version, alias, release_notes, source FROM versions WHERE id = ?",
            )
            .bind(new_id())
            .bind(&new)
            .bind(position as i64)
            .bind(&v.id)
            .execute(&mut *tx)
            .await?;
        }
        for (position, p) in old.packages.iter().enumerate() {
            sqlx::query(
                "INSERT INTO packages (id, listing_id, position, name, version, description)
                 SELECT ?, ?, ?, name, version, description FROM packages WHERE id = ?",
            )
            .bind(new_id())
            .bind(&new)
            .bind(position as i64)
            .bind(&p.id)
            .execute(&mut *tx)
            .await?;
        }
        // The copy refers to the same stored images: nothing is written twice.
        for (position, shot) in old.screenshots.iter().enumerate() {
            sqlx::query(
                "INSERT INTO screenshots (id, listing_id, position, asset, caption) VALUES (?, ?, ?, ?, ?)",
            )
            .bind(new_id())
            .bind(&new)
            .bind(position as i64)
            .bind(&shot.image.hash)
            .bind(&shot.caption)
            .execute(&mut *tx)
            .await?;
        }
        let draft = refresh(&mut tx, &new).await?;
        tx.commit().await?;
        Ok(draft)
    }

    /// Deletes a listing with its versions, packages and screenshots, and the
    /// image files no other listing uses.
    pub async fn delete_listing(&self, id: &ListingId) -> Result<()> {
        let mut tx = self.write().await?;
        let deleted = sqlx::query("DELETE FROM listings WHERE id = ?")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        if deleted.rows_affected() == 0 {
            return Err(Error::ListingNotFound(id.clone()));
        }
        tx.commit().await?;
        self.collect_garbage().await?;
        Ok(())
    }

    pub async fn listing(&self, id: &ListingId) -> Result<ListingDraft> {
        let mut conn = self.pool.acquire().await?;
        load(&mut conn, id).await
    }

    /// Saves one field of a listing: the unit of autosave.
    pub async fn set_listing_field(
        &self,
        id: &ListingId,
        field: ListingField,
    ) -> Result<ListingDraft> {
        let (column, value) = match field {
            ListingField::Name(v) => ("name", v),
            ListingField::Description(v) => ("description", v),
            ListingField::Introduction(v) => ("introduction", v),
            ListingField::Tags(v) => ("tags", serde_json::to_string(&v)?),
            ListingField::PublishType(v) => ("publish_type", v.as_str().to_string()),
        };
        let mut tx = self.write().await?;
        let updated = sqlx::query(&format!("UPDATE listings SET {column} = ? WHERE id = ?"))
            .bind(value)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        if updated.rows_affected() == 0 {
            return Err(Error::ListingNotFound(id.clone()));
        }
        let draft = refresh(&mut tx, id).await?;
        tx.commit().await?;
        Ok(draft)
    }

    /// Remembers which step the maintainer has open; not an edit, so the
    /// listing keeps its place in the portfolio.
    pub async fn set_current_step(&self, id: &ListingId, step: Step) -> Result<()> {
        let mut tx = self.write().await?;
        let updated = sqlx::query("UPDATE listings SET current_step = ? WHERE id = ?")
            .bind(step.as_str())
            .bind(id)
            .execute(&mut *tx)
            .await?;
        if updated.rows_affected() == 0 {
            return Err(Error::ListingNotFound(id.clone()));
        }
        tx.commit().await?;
        self.collect_garbage().await?;
        Ok(())
    }
}

fn escape_like(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}
