//! Listing and unlisting an app.

use axum::extract::{Path, State};
use axum::Json;
use serde::Deserialize;
use serde_json::Value;

use crate::reply::{now_ms, StoreError};
use crate::AppState;

use super::apps::{app_detail, app_row, owned_app};
use super::user::StoreUser;

type Result<T, E = StoreError> = std::result::Result<T, E>;

#[derive(Deserialize)]
pub(super) struct ShelfBody {
    listed: bool,
}

pub(super) async fn set_shelf(
    State(s): State<AppState>,
    user: StoreUser,
    Path(app_id): Path<String>,
    Json(body): Json<ShelfBody>,
) -> Result<Json<Value>> {
    user.require_write()?;
    owned_app(&s, &user, &app_id).await?;
    if s.faults.take_keep_unlisted() {
        let mut answer = app_detail(&s, &app_row(&s, &app_id).await?).await?;
        answer["status"] = i32::from(body.listed).to_string().into();
        return Ok(Json(answer));
    }
    put_on_shelf(&s, &app_id, body.listed).await?;
    Ok(Json(app_detail(&s, &app_row(&s, &app_id).await?).await?))
}

/// Lists or unlists an app: the API's and the store's own page's way in.
pub(crate) async fn put_on_shelf(s: &AppState, app_id: &str, listed: bool) -> Result<()> {
    if listed {
        let (packages,): (i64,) =
            sqlx::query_as("SELECT count(*) FROM store_packages WHERE app_key_id = ?")
                .bind(app_id)
                .fetch_one(&s.db)
                .await?;
        if packages == 0 {
            return Err(StoreError::new(
                400,
                "listed: an app needs at least one package before it can be listed",
            ));
        }
    }
    sqlx::query("UPDATE store_apps SET listed = ?, update_time = ? WHERE app_key_id = ?")
        .bind(listed)
        .bind(now_ms())
        .bind(app_id)
        .execute(&s.db)
        .await?;
    Ok(())
}
