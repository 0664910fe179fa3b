//! Images stored once by content hash: files under `assets/` in the data folder,
//! described by rows of the `assets` table that listings and screenshots refer to.
//!
//! Every file is written, and every unreferenced file removed, while holding
//! SQLite's write lock: a collection can never delete a file another write is
//! about to refer to, in this process or another one on the same folder.

use rbpub_core::ListingId;
use std::io::Write;
use std::path::{Path, PathBuf};

use rbpub_core::{ImageInfo, ListingDraft, LogoFixes};
use sqlx::SqliteConnection;

use crate::error::{Error, Result};
use crate::load::refresh;
use crate::rows::AssetRow;
use crate::{new_id, now_ms, Drafts};

/// An image to store: its bytes and what they are.
#[derive(Clone, Copy, Debug)]
pub struct NewAsset<'a> {
    pub bytes: &'a [u8],
    pub info: &'a ImageInfo,
}

/// What a collection removed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Collected {
    pub rows: u64,
    pub files: u64,
}

impl Drafts {
    /// The folder that holds the asset files.
    pub fn assets_dir(&self) -> PathBuf {
        self.path.with_file_name("assets")
    }

    fn asset_path(&self, hash: &str) -> PathBuf {
        asset_path(&self.assets_dir(), hash)
    }

    /// A stored asset's bytes (the caller checks them against the hash).
    pub async fn asset_bytes(&self, info: &ImageInfo) -> Result<Vec<u8>> {
        let path = self.asset_path(&info.hash);
        tokio::fs::read(&path)
            .await
            .map_err(|source| Error::AssetMissing { path, source })
    }

    /// A stored asset's row, by hash.
    pub async fn asset(&self, hash: &str) -> Result<Option<ImageInfo>> {
        let row: Option<AssetRow> =
            sqlx::query_as("SELECT '' AS owner, '' AS caption, * FROM assets WHERE hash = ?")
                .bind(hash)
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.map(|r| r.info()))
    }

    /// Where an asset's file is, for a caller that reports it damaged.
    pub fn asset_file(&self, info: &ImageInfo) -> PathBuf {
        self.asset_path(&info.hash)
    }

    /// Sets a new logo as given (it is its own original, with no fixes), or
    /// clears it; then drops files nothing refers to any more.
    pub async fn set_logo(
        &self,
        listing_id: &ListingId,
        logo: Option<NewAsset<'_>>,
    ) -> Result<ListingDraft> {
        let mut tx = self.write().await?;
        if let Some(asset) = &logo {
            put(&mut tx, &self.assets_dir(), asset).await?;
        }
        let hash = logo.map(|a| a.info.hash.as_str());
        let updated = sqlx::query(
            "UPDATE listings SET logo = ?1, logo_original = ?1, logo_fixes = '{}' WHERE id = ?2",
        )
        .bind(hash)
        .bind(listing_id)
        .execute(&mut *tx)
        .await?;
        self.finish_logo(tx, listing_id, updated.rows_affected())
            .await
    }

    /// Sets the logo made from the original with `fixes`; the original stays.
    pub async fn set_fixed_logo(
        &self,
        listing_id: &ListingId,
        logo: NewAsset<'_>,
        fixes: &LogoFixes,
    ) -> Result<ListingDraft> {
        let mut tx = self.write().await?;
        put(&mut tx, &self.assets_dir(), &logo).await?;
        let updated = sqlx::query("UPDATE listings SET logo = ?, logo_fixes = ? WHERE id = ?")
            .bind(&logo.info.hash)
            .bind(serde_json::to_string(fixes)?)
            .bind(listing_id)
            .execute(&mut *tx)
            .await?;
        self.finish_logo(tx, listing_id, updated.rows_affected())
            .await
    }

    async fn finish_logo(
        &self,
        mut tx: sqlx::Transaction<'static, sqlx::Sqlite>,
        listing_id: &ListingId,
        updated: u64,
    ) -> Result<ListingDraft> {
        if updated == 0 {
            return Err(Error::ListingNotFound(listing_id.clone()));
        }
        let draft = refresh(&mut tx, listing_id).await?;
        tx.commit().await?;
        self.collect_garbage().await?;
        Ok(draft)
    }

    /// Appends screenshots to the listing's gallery, in the order given.
    pub async fn add_screenshots(
        &self,
        listing_id: &ListingId,
        shots: &[NewAsset<'_>],
    ) -> Result<ListingDraft> {
        let mut tx = self.write().await?;
        let dir = self.assets_dir();
        let next: i64 = sqlx::query_scalar(
            "SELECT coalesce(max(position) + 1, 0) FROM screenshots WHERE listing_id = ?",
        )
        .bind(listing_id)
        .fetch_one(&mut *tx)
        .await?;
        for (i, shot) in shots.iter().enumerate() {
            put(&mut tx, &dir, shot).await?;
            sqlx::query(
                "INSERT INTO screenshots (id, listing_id, position, asset) VALUES (?, ?, ?, ?)",
            )
            .bind(new_id())
            .bind(listing_id)
            .bind(next + i as i64)
            .bind(&shot.info.hash)
            .execute(&mut *tx)
            .await
            .map_err(|e| not_found_on_fk(e, listing_id))?;
        }
        let draft = refresh(&mut tx, listing_id).await?;
        tx.commit().await?;
        Ok(draft)
    }

    pub async fn set_screenshot_caption(
        &self,
        shot_id: &str,
        caption: &str,
    ) -> Result<ListingDraft> {
        let mut tx = self.write().await?;
        let listing_id = screenshot_listing(&mut tx, shot_id).await?;
        sqlx::query("UPDATE screenshots SET caption = ? WHERE id = ?")
            .bind(caption)
            .bind(shot_id)
            .execute(&mut *tx)
            .await?;
        let draft = refresh(&mut tx, &listing_id).await?;
        tx.commit().await?;
        Ok(draft)
    }

    /// Moves a screenshot to `position` (0 is first; past the end is last).
    pub async fn move_screenshot(&self, shot_id: &str, position: usize) -> Result<ListingDraft> {
        let mut tx = self.write().await?;
        let listing_id = screenshot_listing(&mut tx, shot_id).await?;
        let mut ids: Vec<String> = sqlx::query_scalar(
            "SELECT id FROM screenshots WHERE listing_id = ? ORDER BY position, id",
        )
        .bind(&listing_id)
        .fetch_all(&mut *tx)
        .await?;
        ids.retain(|id| id != shot_id);
        ids.insert(position.min(ids.len()), shot_id.to_string());
        for (i, id) in ids.iter().enumerate() {
            sqlx::query("UPDATE screenshots SET position = ? WHERE id = ?")
                .bind(i as i64)
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        let draft = refresh(&mut tx, &listing_id).await?;
        tx.commit().await?;
        Ok(draft)
    }

    pub async fn delete_screenshot(&self, shot_id: &str) -> Result<ListingDraft> {
        let mut tx = self.write().await?;
        let listing_id = screenshot_listing(&mut tx, shot_id).await?;
        sqlx::query("DELETE FROM screenshots WHERE id = ?")
            .bind(shot_id)
            .execute(&mut *tx)
            .await?;
        let draft = refresh(&mut tx, &listing_id).await?;
        tx.commit().await?;
        self.collect_garbage().await?;
        Ok(draft)
    }

    /// Removes assets no listing or screenshot refers to, and files with no row
    /// (left by a crash between writing a file and committing its row).
    pub async fn collect_garbage(&self) -> Result<Collected> {
        let mut tx = self.write().await?;
        let gone: Vec<String> = sqlx::query_scalar(
            "DELETE FROM assets WHERE hash NOT IN (
                 SELECT logo FROM listings WHERE logo IS NOT NULL
                 UNION SELECT logo_original FROM listings WHERE logo_original IS NOT NULL
                 UNION SELECT asset FROM screenshots)
             RETURNING hash",
        )
        .fetch_all(&mut *tx)
        .await?;
        let known: std::collections::HashSet<String> =
            sqlx::query_scalar("SELECT hash FROM assets")
                .fetch_all(&mut *tx)
                .await?
                .into_iter()
                .collect();
        let dir = self.assets_dir();
        let mut files = 0;
        for path in stored_files(&dir)? {
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if !known.contains(name) && std::fs::remove_file(&path).is_ok() {
                files += 1;
            }
        }
        tx.commit().await?;
        Ok(Collected {
            rows: gone.len() as u64,
            files,
        })
    }
}

/// Writes the file unless it is there already, and its row.
pub(crate) async fn put(
    conn: &mut SqliteConnection,
    dir: &Path,
    asset: &NewAsset<'_>,
) -> Result<()> {
    let info = asset.info;
    let path = asset_path(dir, &info.hash);
    if !path.exists() {
        write_atomically(&path, asset.bytes).map_err(|source| Error::Folder {
            path: path.clone(),
            source,
        })?;
    }
    sqlx::query(
        "INSERT OR IGNORE INTO assets (hash, format, width, height, bytes, alpha, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(&info.hash)
    .bind(info.format.as_str())
    .bind(info.width)
    .bind(info.height)
    .bind(info.bytes as i64)
    .bind(info.alpha)
    .bind(now_ms())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Written beside its final name, synced, then renamed: a crash leaves the old
/// state or the new one, never half a file under an asset's name.
fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().expect("asset paths have a parent");
    std::fs::create_dir_all(dir)?;
    let mut file = tempfile::NamedTempFile::new_in(dir)?;
    file.write_all(bytes)?;
    file.as_file().sync_all()?;
    file.persist(path).map_err(|e| e.error)?;
    Ok(())
}

fn asset_path(dir: &Path, hash: &str) -> PathBuf {
    let shard = hash.get(..2).unwrap_or("00");
    dir.join(shard).join(hash)
}

/// Every file under the asset folder, temporary ones included.
fn stored_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let Ok(shards) = std::fs::read_dir(dir) else {
        return Ok(out);
    };
    for shard in shards.flatten() {
        if let Ok(files) = std::fs::read_dir(shard.path()) {
            out.extend(files.flatten().map(|f| f.path()).filter(|p| p.is_file()));
        }
    }
    Ok(out)
}

async fn screenshot_listing(conn: &mut SqliteConnection, shot_id: &str) -> Result<ListingId> {
    sqlx::query_scalar("SELECT listing_id FROM screenshots WHERE id = ?")
        .bind(shot_id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or_else(|| Error::ScreenshotNotFound(shot_id.to_string()))
}

fn not_found_on_fk(e: sqlx::Error, listing_id: &ListingId) -> Error {
    match e.as_database_error().map(|d| d.is_foreign_key_violation()) {
        Some(true) => Error::ListingNotFound(listing_id.clone()),
        _ => Error::Sql(e),
    }
}
