//! Reviewers' approvals kept with a listing, the folder it came from, and the
//! window's remembered settings (the signing key's path).

use rbpub_core::ListingId;
use rbpub_core::SignedApproval;
use sqlx::{Sqlite, Transaction};

use crate::error::{Error, Result};
use crate::Drafts;

/// The setting that remembers the user's signing key, by path.
pub const SIGNING_KEY: &str = "signing_key";

impl Drafts {
    /// The listing's approvals, by file name.
    pub async fn approvals(&self, listing_id: &ListingId) -> Result<Vec<SignedApproval>> {
        let rows: Vec<(String, String, String)> = sqlx::query_as(
            "SELECT file, statement, signature FROM approvals WHERE listing_id = ? ORDER BY file",
        )
        .bind(listing_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(file, statement, signature)| SignedApproval {
                file,
                statement,
                signature,
            })
            .collect())
    }

    /// Adds approvals to the listing; one of the same file replaces the old.
    pub async fn put_approvals(
        &self,
        listing_id: &ListingId,
        approvals: &[SignedApproval],
    ) -> Result<()> {
        let mut tx = self.write().await?;
        let found: Option<i64> = sqlx::query_scalar("SELECT 1 FROM listings WHERE id = ?")
            .bind(listing_id)
            .fetch_optional(&mut *tx)
            .await?;
        if found.is_none() {
            return Err(Error::ListingNotFound(listing_id.clone()));
        }
        write_approvals(&mut tx, listing_id, approvals).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The folder or bundle the listing was imported from, when it was.
    pub async fn imported_from(&self, listing_id: &ListingId) -> Result<Option<String>> {
        let found: Option<Option<String>> =
            sqlx::query_scalar("SELECT imported_from FROM listings WHERE id = ?")
                .bind(listing_id)
                .fetch_optional(&self.pool)
                .await?;
        found.ok_or_else(|| Error::ListingNotFound(listing_id.clone()))
    }

    /// A remembered setting.
    pub async fn setting(&self, name: &str) -> Result<Option<String>> {
        Ok(
            sqlx::query_scalar("SELECT value FROM settings WHERE name = ?")
                .bind(name)
                .fetch_optional(&self.pool)
                .await?,
        )
    }

    /// Remembers a setting.
    pub async fn set_setting(&self, name: &str, value: &str) -> Result<()> {
        let mut tx = self.write().await?;
        sqlx::query("INSERT INTO settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value")
            .bind(name)
            .bind(value)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }
}

pub(crate) async fn write_approvals(
    tx: &mut Transaction<'static, Sqlite>,
    listing_id: &ListingId,
    approvals: &[SignedApproval],
) -> Result<()> {
    for a in approvals {
        sqlx::query(
            "INSERT INTO approvals (listing_id, file, statement, signature) VALUES (?, ?, ?, ?)
             ON CONFLICT (listing_id, file) DO UPDATE SET statement = excluded.statement, signature = excluded.signature",
        )
        .bind(listing_id)
        .bind(&a.file)
        .bind(&a.statement)
        .bind(&a.signature)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}
