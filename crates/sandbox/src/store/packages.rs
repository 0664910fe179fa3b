//! An app's packages (the store's free offers, one per version): the API's and
//! the store page's way in.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};
use sqlx::FromRow;

use crate::reply::StoreError;
use crate::AppState;

use super::apps::{app_row, owned_app, versions_of};
use super::user::StoreUser;

type Result<T, E = StoreError> = std::result::Result<T, E>;

#[derive(Deserialize)]
pub(crate) struct PackageBody {
    name: String,
    version: String,
    #[serde(rename = "type", default = "free")]
    kind: String,
    #[serde(default)]
    description: String,
}

fn free() -> String {
    "free".into()
}

#[derive(FromRow)]
pub(crate) struct PackageRow {
    package_id: String,
    app_key_id: String,
    name: String,
    version: String,
    #[sqlx(rename = "type")]
    kind: String,
    description: String,
}

fn package_json(p: &PackageRow) -> Value {
    json!({"packageID": p.package_id, "appKeyID": p.app_key_id, "name": p.name, "version": p.version,
           "type": p.kind, "description": p.description})
}

async fn check_package(s: &AppState, app_id: &str, body: &PackageBody) -> Result<()> {
    if body.name.trim().is_empty() {
        return Err(StoreError::new(400, "name: a package needs a name"));
    }
    if body.kind != "free" {
        return Err(StoreError::new(400, "type: only free packages are offered"));
    }
    if !versions_of(s, app_id)
        .await?
        .iter()
        .any(|v| v.version == body.version)
    {
        return Err(StoreError::new(
            400,
            format!(
                "version: {} is not a published version of this app",
                body.version
            ),
        ));
    }
    Ok(())
}

pub(super) async fn list_packages(
    State(s): State<AppState>,
    _user: StoreUser,
    Path(app_id): Path<String>,
) -> Result<Json<Value>> {
    app_row(&s, &app_id).await?;
    let rows: Vec<PackageRow> =
        sqlx::query_as("SELECT * FROM store_packages WHERE app_key_id = ? ORDER BY rowid")
            .bind(&app_id)
            .fetch_all(&s.db)
            .await?;
    Ok(Json(
        json!({"packages": rows.iter().map(package_json).collect::<Vec<_>>()}),
    ))
}

pub(super) async fn create_package(
    State(s): State<AppState>,
    user: StoreUser,
    Path(app_id): Path<String>,
    Json(body): Json<PackageBody>,
) -> Result<Json<Value>> {
    user.require_write()?;
    owned_app(&s, &user, &app_id).await?;
    Ok(Json(package_json(&add_package(&s, app_id, body).await?)))
}

/// Checks and stores a package: the API's and the store's own page's way in.
pub(crate) async fn add_package(
    s: &AppState,
    app_id: String,
    body: PackageBody,
) -> Result<PackageRow> {
    check_package(s, &app_id, &body).await?;
    let row = PackageRow {
        package_id: uuid::Uuid::now_v7().simple().to_string(),
        app_key_id: app_id,
        name: body.name.trim().to_owned(),
        version: body.version,
        kind: body.kind,
        description: body.description,
    };
    sqlx::query("INSERT INTO store_packages (package_id, app_key_id, name, version, type, description) VALUES (?, ?, ?, ?, ?, ?)")
        .bind(&row.package_id)
        .bind(&row.app_key_id)
        .bind(&row.name)
        .bind(&row.version)
        .bind(&row.kind)
        .bind(&row.description)
        .execute(&s.db)
        .await?;
    Ok(row)
}

pub(super) async fn update_package(
    State(s): State<AppState>,
    user: StoreUser,
    Path((app_id, package_id)): Path<(String, String)>,
    Json(body): Json<PackageBody>,
) -> Result<Json<Value>> {
    user.require_write()?;
    owned_app(&s, &user, &app_id).await?;
    check_package(&s, &app_id, &body).await?;
    let done = sqlx::query("UPDATE store_packages SET name = ?, version = ?, description = ? WHERE package_id = ? AND app_key_id = ?")
        .bind(body.name.trim())
        .bind(&body.version)
        .bind(&body.description)
        .bind(&package_id)
        .bind(&app_id)
        .execute(&s.db)
        .await?;
    if done.rows_affected() == 0 {
        return Err(StoreError::new(
            404,
            format!("package {package_id} not found"),
        ));
    }
    let row = PackageRow {
        package_id,
        app_key_id: app_id,
        name: body.name.trim().into(),
        version: body.version,
        kind: body.kind,
        description: body.description,
    };
    Ok(Json(package_json(&row)))
}

pub(super) async fn delete_package(
    State(s): State<AppState>,
    user: StoreUser,
    Path((app_id, package_id)): Path<(String, String)>,
) -> Result<StatusCode> {
    user.require_write()?;
    owned_app(&s, &user, &app_id).await?;
    sqlx::query("DELETE FROM store_packages WHERE package_id = ? AND app_key_id = ?")
        .bind(&package_id)
        .bind(&app_id)
        .execute(&s.db)
        .await?;
    // Deleting what is already gone succeeds: DELETE is idempotent.
    Ok(StatusCode::NO_CONTENT)
}
