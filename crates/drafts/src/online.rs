//! What the servers confirmed (the connection, the live listings, share
//! records) and the outbox of pushes waiting for the network.

use rbpub_core::online::{Connection, LiveListing, OutboxAction, OutboxItem};
use rbpub_core::{Destination, ListingDraft, VersionDestination};
use rbpub_core::{ListingId, VersionId};
use sqlx::FromRow;

use crate::error::{Error, Result};
use crate::load::refresh;
use crate::{now_ms, Drafts};

#[derive(FromRow)]
struct OutboxRow {
    id: i64,
    action: String,
    listing_name: Option<String>,
    attempts: i64,
    last_error: String,
    failed: bool,
    created_at: i64,
}

impl Drafts {
    pub async fn connection(&self) -> Result<Connection> {
        let (state,): (String,) = sqlx::query_as("SELECT state FROM connection WHERE id = 1")
            .fetch_one(&self.pool)
            .await?;
        Ok(serde_json::from_str(&state)?)
    }

    pub async fn save_connection(&self, connection: &Connection) -> Result<()> {
        let mut tx = self.write().await?;
        sqlx::query("UPDATE connection SET state = ?, updated_at = ? WHERE id = 1")
            .bind(serde_json::to_string(connection)?)
            .bind(now_ms())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The listing linked to the store's app `app_id`, if any.
    pub async fn listing_of_app(&self, app_id: &str) -> Result<Option<ListingId>> {
        Ok(
            sqlx::query_scalar("SELECT listing_id FROM live_listings WHERE app_id = ? LIMIT 1")
                .bind(app_id)
                .fetch_optional(&self.pool)
                .await?,
        )
    }

    /// Keeps what the store now shows for a listing, and the step statuses it implies.
    pub async fn set_live(
        &self,
        listing_id: &ListingId,
        live: &LiveListing,
    ) -> Result<ListingDraft> {
        let mut tx = self.write().await?;
        sqlx::query(
            "INSERT INTO live_listings (listing_id, app_id, live, updated_at) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (listing_id) DO UPDATE SET app_id = ?2, live = ?3, updated_at = ?4",
        )
        .bind(listing_id)
        .bind(&live.app.id)
        .bind(serde_json::to_string(live)?)
        .bind(now_ms())
        .execute(&mut *tx)
        .await?;
        let draft = refresh(&mut tx, listing_id).await?;
        tx.commit().await?;
        Ok(draft)
    }

    /// Checkpoints the console's share record of a version's publish to one
    /// destination (none: start afresh); the destination is chosen with it.
    pub async fn set_share(
        &self,
        version_id: &VersionId,
        to: &Destination,
        share_id: Option<i64>,
    ) -> Result<()> {
        self.change_destination(version_id, to, |d| d.share_id = share_id)
            .await
    }

    /// Keeps a version's last rehearsal (its report as JSON), replacing the one before.
    pub async fn save_rehearsal(&self, version_id: &VersionId, report: &str) -> Result<()> {
        let mut tx = self.write().await?;
        sqlx::query(
            "INSERT INTO rehearsals (version_id, report, at) VALUES (?, ?, ?)
             ON CONFLICT (version_id) DO UPDATE SET report = excluded.report, at = excluded.at",
        )
        .bind(version_id)
        .bind(report)
        .bind(now_ms())
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The last rehearsal of each version of a listing that has one: (version id, report JSON).
    pub async fn rehearsals(&self, listing_id: &ListingId) -> Result<Vec<(VersionId, String)>> {
        Ok(sqlx::query_as(
            "SELECT r.version_id, r.report FROM rehearsals r JOIN versions v ON v.id = r.version_id
             WHERE v.listing_id = ? ORDER BY r.at",
        )
        .bind(listing_id)
        .fetch_all(&self.pool)
        .await?)
    }

    /// The share a version's publish to `to` keeps, if any.
    pub async fn share(&self, version_id: &VersionId, to: &Destination) -> Result<Option<i64>> {
        let mut tx = self.pool.begin().await?;
        let (_, list) = destinations_of(&mut tx, version_id).await?;
        tx.commit().await?;
        Ok(list
            .into_iter()
            .find(|d| d.to == *to)
            .and_then(|d| d.share_id))
    }

    /// Where a version publishes: those kept keep their publish's state.
    pub async fn choose_destinations(
        &self,
        version_id: &VersionId,
        chosen: Vec<Destination>,
    ) -> Result<ListingDraft> {
        let mut tx = self.write().await?;
        let (listing_id, mut list) = destinations_of(&mut tx, version_id).await?;
        list.retain(|d| chosen.contains(&d.to));
        for to in chosen {
            if !list.iter().any(|d| d.to == to) {
                list.push(VersionDestination {
                    to,
                    share_id: None,
                    published: false,
                    overwrite: false,
                });
            }
        }
        save_destinations(&mut tx, version_id, &list).await?;
        let draft = refresh(&mut tx, &listing_id).await?;
        tx.commit().await?;
        Ok(draft)
    }

    /// Changes the state of a version's publish to one destination (which
    /// is chosen with it).
    pub async fn change_destination(
        &self,
        version_id: &VersionId,
        to: &Destination,
        change: impl FnOnce(&mut VersionDestination),
    ) -> Result<()> {
        let mut tx = self.write().await?;
        let (_, mut list) = destinations_of(&mut tx, version_id).await?;
        let at = match list.iter().position(|d| d.to == *to) {
            Some(at) => at,
            None => {
                list.push(VersionDestination {
                    to: to.clone(),
                    share_id: None,
                    published: false,
                    overwrite: false,
                });
                list.len() - 1
            }
        };
        change(&mut list[at]);
        save_destinations(&mut tx, version_id, &list).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Adds a push to the outbox; one already waiting is kept in its place (and
    /// a failed one is tried again).
    pub async fn enqueue(&self, action: &OutboxAction) -> Result<()> {
        let mut tx = self.write().await?;
        sqlx::query(
            "INSERT INTO outbox (listing_id, action, created_at) VALUES (?, ?, ?)
             ON CONFLICT (action) DO UPDATE SET failed = 0",
        )
        .bind(action.listing_id())
        .bind(serde_json::to_string(action)?)
        .bind(now_ms())
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Every waiting push, oldest first, with the listing it belongs to.
    pub async fn outbox(&self) -> Result<Vec<OutboxItem>> {
        let rows: Vec<OutboxRow> = sqlx::query_as(
            "SELECT o.id, o.action, l.name AS listing_name, o.attempts, o.last_error, o.failed, o.created_at
             FROM outbox o LEFT JOIN listings l ON l.id = o.listing_id ORDER BY o.id",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|r| {
                Ok(OutboxItem {
                    id: r.id,
                    action: serde_json::from_str(&r.action)?,
                    listing_name: r.listing_name,
                    attempts: r.attempts as u32,
                    last_error: r.last_error,
                    failed: r.failed,
                    created_at: r.created_at,
                })
            })
            .collect()
    }

    /// A push went through: it leaves the outbox.
    pub async fn outbox_done(&self, id: i64) -> Result<()> {
        self.outbox_write("DELETE FROM outbox WHERE id = ?", id)
            .await
    }

    /// A push failed; `refused` when the server said no (it then waits for the user).
    pub async fn outbox_failed(&self, id: i64, error: &str, refused: bool) -> Result<()> {
        let mut tx = self.write().await?;
        sqlx::query(
            "UPDATE outbox SET attempts = attempts + 1, last_error = ?, failed = ? WHERE id = ?",
        )
        .bind(error)
        .bind(refused)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn outbox_retry(&self, id: i64) -> Result<()> {
        self.outbox_write("UPDATE outbox SET failed = 0 WHERE id = ?", id)
            .await
    }

    pub async fn outbox_discard(&self, id: i64) -> Result<()> {
        self.outbox_done(id).await
    }

    async fn outbox_write(&self, sql: &str, id: i64) -> Result<()> {
        let mut tx = self.write().await?;
        sqlx::query(sql).bind(id).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(())
    }
}

async fn destinations_of(
    tx: &mut sqlx::Transaction<'static, sqlx::Sqlite>,
    version_id: &VersionId,
) -> Result<(ListingId, Vec<VersionDestination>)> {
    let row: Option<(ListingId, String)> =
        sqlx::query_as("SELECT listing_id, destinations FROM versions WHERE id = ?")
            .bind(version_id)
            .fetch_optional(&mut **tx)
            .await?;
    let (listing_id, list) = row.ok_or_else(|| Error::VersionNotFound(version_id.clone()))?;
    Ok((listing_id, serde_json::from_str(&list)?))
}

async fn save_destinations(
    tx: &mut sqlx::Transaction<'static, sqlx::Sqlite>,
    version_id: &VersionId,
    list: &[VersionDestination],
) -> Result<()> {
    sqlx::query("UPDATE versions SET destinations = ? WHERE id = ?")
        .bind(serde_json::to_string(list)?)
        .bind(version_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}
