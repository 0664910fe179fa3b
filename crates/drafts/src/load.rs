//! Reading a whole listing on a connection, and refreshing what the portfolio
//! caches of it after an edit: every write path ends here.

use rbpub_core::wizard::listing_progress;
use rbpub_core::ListingId;
use rbpub_core::{Field, FieldRef, ListingDraft, ReviewNote, Screenshot};
use sqlx::SqliteConnection;

use crate::error::{Error, Result};
use crate::now_ms;
use crate::rows::{AssetRow, ListingRow, PackageRow, VersionRow, LISTING_COLUMNS};

/// A listing with its versions and packages, read on `conn`.
pub(crate) async fn load(conn: &mut SqliteConnection, id: &ListingId) -> Result<ListingDraft> {
    let row: Option<ListingRow> = sqlx::query_as(&format!(
        "SELECT {LISTING_COLUMNS} FROM listings WHERE id = ?"
    ))
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?;
    let mut row = row.ok_or_else(|| Error::ListingNotFound(id.clone()))?;
    let (logo, logo_original) = (row.logo.clone(), row.logo_original.clone());
    let template = row.template.take();
    let mut listing = row.into_listing()?;
    let images: Vec<AssetRow> = sqlx::query_as(
        "SELECT 'logo' AS owner, '' AS caption, a.* FROM assets a WHERE a.hash = ?1
         UNION ALL SELECT 'original', '', a.* FROM assets a WHERE a.hash = ?2
         UNION ALL SELECT * FROM (SELECT s.id, s.caption, a.* FROM screenshots s JOIN assets a ON a.hash = s.asset
                                  WHERE s.listing_id = ?3 ORDER BY s.position, s.id)",
    )
    .bind(logo)
    .bind(logo_original)
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    let mut screenshots = Vec::new();
    for image in images {
        match image.owner.as_str() {
            "logo" => listing.logo = Some(image.info()),
            "original" => listing.logo_original = Some(image.info()),
            _ => screenshots.push(Screenshot {
                image: image.info(),
                id: image.owner,
                caption: image.caption,
            }),
        }
    }
    let versions: Vec<VersionRow> = sqlx::query_as(
        "SELECT id, version, alias, release_notes, source, destinations FROM versions WHERE listing_id = ? ORDER BY position, id",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    let packages: Vec<PackageRow> = sqlx::query_as(
        "SELECT id, name, version, description FROM packages WHERE listing_id = ? ORDER BY position, id",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    let live: Option<(String,)> =
        sqlx::query_as("SELECT live FROM live_listings WHERE listing_id = ?")
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?;
    Ok(ListingDraft {
        listing,
        versions: versions
            .into_iter()
            .map(VersionRow::into_version)
            .collect::<Result<_>>()?,
        packages: packages.into_iter().map(Into::into).collect(),
        screenshots,
        live: live
            .map(|(json,)| serde_json::from_str(&json))
            .transpose()?,
        template: template
            .map(|json| serde_json::from_str(&json))
            .transpose()?,
        notes: notes(conn, id).await?,
    })
}

/// After an edit inside `conn`'s transaction: marks the listing as edited now and
/// recomputes its cached progress, returning the listing as saved.
pub(crate) async fn refresh(conn: &mut SqliteConnection, id: &ListingId) -> Result<ListingDraft> {
    let mut draft = load(conn, id).await?;
    let now = now_ms();
    let progress = serde_json::to_string(&listing_progress(&draft))?;
    sqlx::query(
        "UPDATE listings SET progress = ?1, version_count = ?2, updated_at = ?3 WHERE id = ?4",
    )
    .bind(progress)
    .bind(draft.versions.len() as i64)
    .bind(now)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    draft.listing.updated_at = now;
    Ok(draft)
}

/// The listing's review notes, oldest first.
async fn notes(conn: &mut SqliteConnection, listing_id: &ListingId) -> Result<Vec<ReviewNote>> {
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
