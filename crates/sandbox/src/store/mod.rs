//! The store: its public OpenAPI and this project's account extension, one
//! file per resource; this one routes them and answers the store-wide calls.

mod account;
mod apps;
mod packages;
mod shelf;
mod user;
mod web;

use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use serde_json::{json, Value};

use crate::reply::{timestamp, StoreError};
use crate::AppState;

pub use apps::{app_detail, app_row, insert_app, upsert_version, valid_version, AppBody, AppRow};
use apps::{
    apphub_info, create_app, create_version, get_app, get_version, list_apps, list_versions,
    update_app,
};
use packages::{create_package, delete_package, list_packages, update_package};
use shelf::set_shelf;
use user::StoreUser;

type Result<T, E = StoreError> = std::result::Result<T, E>;

/// The public API, plus the parts of the account extension `capabilities` names;
/// the rest answer 404, as on a store without them.
pub fn routes(capabilities: &[String]) -> Router<AppState> {
    let offers = |c: &str| capabilities.iter().any(|o| o == c);
    let mut api = Router::new()
        .route("/healthz", get(healthz))
        .route("/info", get(info))
        .route("/bindablemarkets", get(bindable_markets))
        .route("/organizations", get(organizations))
        .route("/apps", get(list_apps).post(create_app))
        .route("/apps/{app_id}", get(get_app).put(update_app))
        .route("/apps/{app_id}/apphubinfo", get(apphub_info))
        .route(
            "/apps/{app_id}/versions",
            get(list_versions).post(create_version),
        )
        .route("/apps/{app_id}/versions/{version}", get(get_version));
    if offers("packages") {
        api = api
            .route(
                "/apps/{app_id}/packages",
                get(list_packages).post(create_package),
            )
            .route(
                "/apps/{app_id}/packages/{package_id}",
                put(update_package).delete(delete_package),
            );
    }
    if offers("shelf") {
        api = api.route("/apps/{app_id}/shelf", put(set_shelf));
    }
    if offers("account") {
        api = api
            .route("/account/register", post(account::register))
            .route("/account/login", post(account::login))
            .route(
                "/account/profile",
                get(account::profile).put(account::update_profile),
            );
    }
    Router::new()
        .nest("/app-server/openapi", api)
        .route("/media/{id}", get(media))
        .merge(web::routes())
}

async fn healthz() -> Json<Value> {
    Json(json!({"isRainstore": true, "status": "ok"}))
}

async fn info(State(s): State<AppState>, user: StoreUser) -> Json<Value> {
    Json(json!({
        "name": "Rainbond Sandbox Store", "description": "A local store for trying out publishing",
        "status": 1, "createTime": timestamp(0), "accessActions": user.actions, "version": "sandbox-1",
        "capabilities": s.settings.capabilities, "domain": s.settings.market_domain,
    }))
}

async fn bindable_markets(State(s): State<AppState>, _user: StoreUser) -> Json<Value> {
    Json(
        json!([{"name": "SandboxStore", "domain": s.settings.market_domain, "url": &*s.base_url,
                 "logo": "", "desc": "The sandbox's store"}]),
    )
}

async fn organizations(_user: StoreUser) -> Json<Value> {
    Json(
        json!([{"orgID": "org-sandbox", "name": "Sandbox", "desc": "", "eid": crate::seed::DEMO.enterprise_id}]),
    )
}

async fn media(State(s): State<AppState>, Path(id): Path<String>) -> Result<Response> {
    let row: Option<(String, Vec<u8>)> =
        sqlx::query_as("SELECT mime, bytes FROM images WHERE id = ?")
            .bind(&id)
            .fetch_optional(&s.db)
            .await?;
    let (mime, bytes) = row.ok_or_else(|| StoreError::new(404, "no such image"))?;
    Ok(([(header::CONTENT_TYPE, mime)], bytes).into_response())
}
