//! A library version's Release mark, as the console's `AppVersionUDView.put`
//! writes it [console/views/center_pool/apps.py:468-497;
//! console/repositories/market_app_repo.py:182-195; docs/install-upgrade.md B1]:
//! `dev_status` is always written (missing means ""), the alias and notes only
//! when sent, only the newest row of the number changes, and the caller
//! becomes its release user only when it sets "release". The path's
//! enterprise is not compared with the caller's, and no permission is asked.

use axum::extract::{Path, State};
use axum::response::Response;
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};

use crate::console::ConsoleUser;
use crate::reply::{bean_with, now_ms, timestamp, ConsoleError};
use crate::AppState;

type Result<T, E = ConsoleError> = std::result::Result<T, E>;

#[derive(Deserialize)]
pub(crate) struct MarkBody {
    #[serde(default)]
    dev_status: Option<String>,
    #[serde(default)]
    version_alias: Option<String>,
    #[serde(default)]
    app_version_info: Option<String>,
}

pub(crate) async fn set_version(
    State(s): State<AppState>,
    user: ConsoleUser,
    Path((_eid, app_id, version)): Path<(String, String, String)>,
    Json(b): Json<MarkBody>,
) -> Result<Response> {
    let known: Option<(String,)> =
        sqlx::query_as("SELECT app_id FROM library_models WHERE app_id = ?")
            .bind(&app_id)
            .fetch_optional(&s.db)
            .await?;
    if known.is_none() {
        return Err(ConsoleError::shown(400, "app not found", "未找到该应用"));
    }
    let row: Option<(i64,)> = sqlx::query_as(
        "SELECT id FROM library_versions WHERE app_id = ? AND version = ? ORDER BY id DESC LIMIT 1",
    )
    .bind(&app_id)
    .bind(&version)
    .fetch_optional(&s.db)
    .await?;
    let Some((id,)) = row else {
        return Err(ConsoleError::shown(
            404,
            "can't get version",
            "应用下无该版本",
        ));
    };
    let dev_status = b.dev_status.unwrap_or_default();
    let releaser = (dev_status == "release").then_some(user.user_id);
    sqlx::query(
        "UPDATE library_versions SET dev_status = ?, version_alias = coalesce(?, version_alias),
                describe = coalesce(?, describe), release_user_id = coalesce(?, release_user_id),
                update_time = ?
         WHERE id = ?",
    )
    .bind(&dev_status)
    .bind(&b.version_alias)
    .bind(&b.app_version_info)
    .bind(releaser)
    .bind(now_ms())
    .bind(id)
    .execute(&s.db)
    .await?;
    Ok(bean_with(version_row(&s, id).await?, "success", "更新成功"))
}

/// The row's columns as the model's `to_dict()` gives them.
async fn version_row(s: &AppState, id: i64) -> Result<Value> {
    #[allow(clippy::type_complexity)]
    let r: (i64, String, String, String, String, String, String, Option<i64>, bool, String, i64, i64, Option<i64>, Option<i64>) =
        sqlx::query_as(
            "SELECT id, app_id, version, version_alias, describe, dev_status, scope, record_id, is_complete,
                    app_template, create_time, upgrade_time, release_user_id, update_time
             FROM library_versions WHERE id = ?",
        )
        .bind(id)
        .fetch_one(&s.db)
        .await?;
    Ok(
        json!({"ID": r.0, "app_id": r.1, "version": r.2, "version_alias": r.3, "app_version_info": r.4,
              "dev_status": r.5, "scope": r.6, "record_id": r.7, "is_complete": r.8, "app_template": r.9,
              "create_time": timestamp(r.10), "upgrade_time": timestamp(r.11), "release_user_id": r.12,
              "update_time": timestamp(r.13.unwrap_or(r.10)), "share_user": 1}),
    )
}
