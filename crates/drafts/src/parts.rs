//! The parts of a listing: its versions and packages.

use rbpub_core::listing::next_version;
use rbpub_core::{ListingDraft, PackageField, VersionField};
use rbpub_core::{ListingId, PackageId, VersionId};

use crate::error::{Error, Result};
use crate::load::{load, refresh};
use crate::{new_id, Drafts};

impl Drafts {
    /// Adds a version, numbered after the latest one.
    pub async fn add_version(&self, listing_id: &ListingId) -> Result<ListingDraft> {
        let mut tx = self.write().await?;
        let current = load(&mut tx, listing_id).await?;
        sqlx::query(
            "INSERT INTO versions (id, listing_id, position, version)
             VALUES (?1, ?2, (SELECT coalesce(max(position), -1) + 1 FROM versions WHERE listing_id = ?2), ?3)",
        )
        .bind(new_id())
        .bind(listing_id)
        .bind(next_version(&current.versions))
        .execute(&mut *tx)
        .await?;
        let draft = refresh(&mut tx, listing_id).await?;
        tx.commit().await?;
        Ok(draft)
    }

    pub async fn set_version_field(
        &self,
        version_id: &VersionId,
        field: VersionField,
    ) -> Result<ListingDraft> {
        let (column, value) = match field {
            VersionField::Version(v) => ("version", v),
            VersionField::Alias(v) => ("alias", v),
            VersionField::ReleaseNotes(v) => ("release_notes", v),
            VersionField::Source(v) => ("source", serde_json::to_string(&v)?),
            VersionField::Destinations(chosen) => {
                return self.choose_destinations(version_id, chosen).await
            }
        };
        let sql = format!("UPDATE versions SET {column} = ?1 WHERE id = ?2 RETURNING listing_id");
        self.change_part(&sql, Some(value), version_id, || {
            Error::VersionNotFound(version_id.clone())
        })
        .await
    }

    pub async fn delete_version(&self, version_id: &VersionId) -> Result<ListingDraft> {
        let sql = "DELETE FROM versions WHERE id = ?1 RETURNING listing_id";
        self.change_part(sql, None, version_id, || {
            Error::VersionNotFound(version_id.clone())
        })
        .await
    }

    /// Adds a free package for the latest version, named after it, as the store's guide asks.
    pub async fn add_package(&self, listing_id: &ListingId) -> Result<ListingDraft> {
        let mut tx = self.write().await?;
        let current = load(&mut tx, listing_id).await?;
        let version = current
            .versions
            .last()
            .map(|v| v.version.trim().to_string())
            .unwrap_or_default();
        sqlx::query(
            "INSERT INTO packages (id, listing_id, position, name, version)
             VALUES (?1, ?2, (SELECT coalesce(max(position), -1) + 1 FROM packages WHERE listing_id = ?2), ?3, ?4)",
        )
        .bind(new_id())
        .bind(listing_id)
        .bind(&version)
        .bind(&version)
        .execute(&mut *tx)
        .await?;
        let draft = refresh(&mut tx, listing_id).await?;
        tx.commit().await?;
        Ok(draft)
    }

    pub async fn set_package_field(
        &self,
        package_id: &PackageId,
        field: PackageField,
    ) -> Result<ListingDraft> {
        let (column, value) = match field {
            PackageField::Name(v) => ("name", v),
            PackageField::Version(v) => ("version", v),
            PackageField::Description(v) => ("description", v),
        };
        let sql = format!("UPDATE packages SET {column} = ?1 WHERE id = ?2 RETURNING listing_id");
        self.change_part(&sql, Some(value), package_id, || {
            Error::PackageNotFound(package_id.clone())
        })
        .await
    }

    pub async fn delete_package(&self, package_id: &PackageId) -> Result<ListingDraft> {
        let sql = "DELETE FROM packages WHERE id = ?1 RETURNING listing_id";
        self.change_part(sql, None, package_id, || {
            Error::PackageNotFound(package_id.clone())
        })
        .await
    }

    /// Runs `sql`, an UPDATE (binding `value`) or DELETE of one version or package
    /// that returns its listing's id, then refreshes that listing, in one transaction.
    async fn change_part(
        &self,
        sql: &str,
        value: Option<String>,
        id: &impl AsRef<str>,
        missing: impl FnOnce() -> Error,
    ) -> Result<ListingDraft> {
        let mut tx = self.write().await?;
        let mut query = sqlx::query_scalar::<_, ListingId>(sql);
        if let Some(value) = value {
            query = query.bind(value);
        }
        let listing_id = query
            .bind(id.as_ref())
            .fetch_optional(&mut *tx)
            .await?
            .ok_or_else(missing)?;
        let draft = refresh(&mut tx, &listing_id).await?;
        tx.commit().await?;
        Ok(draft)
    }
}
