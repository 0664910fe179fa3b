//! The store's apps and their versions: list, create, read, update.

use axum::extract::{Path, Query, State};
use axum::Json;
use base64::Engine;
use serde::Deserialize;
use serde_json::{json, Value};
use sqlx::FromRow;

use crate::reply::{now_ms, timestamp, StoreError};
use crate::AppState;

use super::user::StoreUser;

type Result<T, E = StoreError> = std::result::Result<T, E>;

const LOGO_MAX_BYTES: usize = 2 * 1024 * 1024;

#[derive(FromRow)]
pub struct AppRow {
    pub app_key_id: String,
    pub owner_id: i64,
    pub name: String,
    pub desc: String,
    pub introduction: String,
    pub logo: String,
    pub publish_type: String,
    pub tags: String,
    pub listed: bool,
    pub create_time: i64,
    pub update_time: i64,
}

pub async fn app_row(s: &AppState, app_id: &str) -> Result<AppRow> {
    sqlx::query_as("SELECT * FROM store_apps WHERE app_key_id = ?")
        .bind(app_id)
        .fetch_optional(&s.db)
        .await?
        .ok_or_else(|| StoreError::new(404, format!("app {app_id} not found")))
}

pub(super) async fn owned_app(s: &AppState, user: &StoreUser, app_id: &str) -> Result<AppRow> {
    let app = app_row(s, app_id).await?;
    if app.owner_id != user.id {
        return Err(StoreError::new(
            403,
            format!("app {app_id} belongs to another publisher"),
        ));
    }
    Ok(app)
}

#[derive(FromRow)]
pub(super) struct VersionRow {
    pub(super) app_key_id: String,
    pub(super) version: String,
    pub(super) version_alias: String,
    pub(super) description: String,
    pub(super) template: String,
    pub(super) create_time: i64,
    pub(super) update_time: i64,
}

fn version_base(v: &VersionRow) -> Value {
    json!({"appKeyID": v.app_key_id, "appVersion": v.version, "appVersionAlias": v.version_alias,
           "desc": v.description, "rainbondVersion": "v6", "deliveryMode": "ram", "enable": true,
           "updateVersion": 0, "createTime": timestamp(v.create_time), "updateTime": timestamp(v.update_time)})
}

pub(super) async fn versions_of(s: &AppState, app_id: &str) -> Result<Vec<VersionRow>> {
    Ok(sqlx::query_as(
        "SELECT * FROM store_versions WHERE app_key_id = ? ORDER BY create_time, version",
    )
    .bind(app_id)
    .fetch_all(&s.db)
    .await?)
}

pub async fn app_detail(s: &AppState, app: &AppRow) -> Result<Value> {
    let versions: Vec<Value> = versions_of(s, &app.app_key_id)
        .await?
        .iter()
        .map(version_base)
        .collect();
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new(&app.introduction));
    let logo = if app.logo.is_empty() {
        String::new()
    } else {
        format!("{}{}", s.base_url, app.logo)
    };
    Ok(json!({
        "appKeyID": app.app_key_id, "name": app.name, "desc": app.desc, "introduction": app.introduction,
        "introductionHTML": html, "logo": logo,
        "tags": serde_json::from_str::<Value>(&app.tags).unwrap_or(json!([])),
        "publishType": app.publish_type, "status": i32::from(app.listed).to_string(), "devStatus": "", "isOfficial": false,
        "marketID": s.settings.market_domain, "marketName": "SandboxStore", "marketURL": &*s.base_url,
        "appDetailURL": format!("{}/apps/{}", s.base_url, app.app_key_id),
        "installCount": 0, "downloadCount": 0, "showCount": 0, "startCount": 0,
        "createTime": timestamp(app.create_time), "updateTime": timestamp(app.update_time),
        "versions": versions, "orgID": "org-sandbox", "appClassificationID": "",
    }))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct AppsQuery {
    #[serde(default)]
    query: String,
    #[serde(default)]
    query_all: bool,
    page: Option<i64>,
    page_size: Option<i64>,
}

pub(super) async fn list_apps(
    State(s): State<AppState>,
    user: StoreUser,
    Query(q): Query<AppsQuery>,
) -> Result<Json<Value>> {
    let (page, page_size) = (q.page.unwrap_or(1).max(1), q.page_size.unwrap_or(10));
    let apps: Vec<AppRow> = sqlx::query_as(
        "SELECT * FROM store_apps WHERE (owner_id = ? OR (? AND listed)) AND instr(lower(name), lower(?)) > 0
         ORDER BY create_time, app_key_id",
    )
    .bind(user.id)
    .bind(q.query_all)
    .bind(&q.query)
    .fetch_all(&s.db)
    .await?;
    let total = apps.len();
    // -1 is every app; any other size is capped, as a real store caps its pages.
    let (skip, take) = if page_size < 0 {
        (0, total)
    } else {
        let size = (page_size.max(1) as usize).min(s.settings.page_size_cap);
        ((page as usize - 1) * size, size)
    };
    let shown: Vec<&AppRow> = apps.iter().skip(skip).take(take).collect();
    let page_size = if page_size < 0 {
        page_size
    } else {
        take as i64
    };
    let mut out = Vec::new();
    for app in shown {
        out.push(app_detail(&s, app).await?);
    }
    Ok(Json(
        json!({"apps": out, "page": page, "pageSize": page_size, "total": total}),
    ))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AppBody {
    pub name: String,
    #[serde(default)]
    pub desc: String,
    #[serde(default)]
    pub introduction: String,
    #[serde(default)]
    pub logo: String,
    #[serde(default = "private")]
    pub publish_type: String,
    pub tags: Option<Vec<String>>,
}

fn private() -> String {
    "private".into()
}

fn validate_app(body: &AppBody) -> Result<()> {
    let name = body.name.trim();
    if name.is_empty() || name.chars().count() > 64 {
        return Err(StoreError::new(400, "name: 1 to 64 characters"));
    }
    if body.desc.chars().count() > 400 {
        return Err(StoreError::new(400, "desc: at most 400 characters"));
    }
    if !matches!(body.publish_type.as_str(), "private" | "public") {
        return Err(StoreError::new(400, "publishType: private or public"));
    }
    Ok(())
}

/// A logo as written: a data URI is stored and becomes a URL; a URL the store
/// handed out stays as it is.
pub async fn store_logo(s: &AppState, logo: &str, current: &str) -> Result<String> {
    if logo.is_empty() {
        return Ok(String::new());
    }
    let Some(rest) = logo.strip_prefix("data:") else {
        return Ok(logo
            .strip_prefix(&*s.base_url)
            .unwrap_or(current)
            .to_owned());
    };
    let (mime, data) = rest
        .split_once(";base64,")
        .ok_or_else(|| StoreError::new(400, "logo: not a base64 data URI"))?;
    if !matches!(mime, "image/png" | "image/jpeg" | "image/gif") {
        return Err(StoreError::new(
            400,
            format!("logo: {mime} is not accepted; use PNG, JPEG or GIF"),
        ));
    }
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(data)
        .map_err(|_| StoreError::new(400, "logo: the base64 data is damaged"))?;
    if bytes.len() > LOGO_MAX_BYTES {
        return Err(StoreError::new(400, "logo: at most 2 MB"));
    }
    Ok(crate::save_image(s, mime, &bytes).await?)
}

pub async fn insert_app(s: &AppState, owner_id: i64, body: &AppBody) -> Result<AppRow> {
    validate_app(body)?;
    let logo = store_logo(s, &body.logo, "").await?;
    let id = uuid::Uuid::now_v7().simple().to_string();
    let now = now_ms();
    sqlx::query(
        "INSERT INTO store_apps (app_key_id, owner_id, name, \"desc\", introduction, logo, publish_type, tags, create_time, update_time)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(&id)
    .bind(owner_id)
    .bind(body.name.trim())
    .bind(&body.desc)
    .bind(&body.introduction)
    .bind(&logo)
    .bind(&body.publish_type)
    .bind(serde_json::to_string(&body.tags.clone().unwrap_or_default()).unwrap_or_default())
    .bind(now)
    .bind(now)
    .execute(&s.db)
    .await?;
    app_row(s, &id).await
}

pub(super) async fn create_app(
    State(s): State<AppState>,
    user: StoreUser,
    Json(body): Json<AppBody>,
) -> Result<Json<Value>> {
    user.require_write()?;
    let app = insert_app(&s, user.id, &body).await?;
    Ok(Json(app_detail(&s, &app).await?))
}

pub(super) async fn get_app(
    State(s): State<AppState>,
    _user: StoreUser,
    Path(app_id): Path<String>,
) -> Result<Json<Value>> {
    let app = app_row(&s, &app_id).await?;
    Ok(Json(app_detail(&s, &app).await?))
}

pub(super) async fn update_app(
    State(s): State<AppState>,
    user: StoreUser,
    Path(app_id): Path<String>,
    Json(body): Json<AppBody>,
) -> Result<Json<Value>> {
    user.require_write()?;
    let app = owned_app(&s, &user, &app_id).await?;
    validate_app(&body)?;
    let logo = store_logo(&s, &body.logo, &app.logo).await?;
    let desc = if s.faults.take_keep_description() {
        &app.desc
    } else {
        &body.desc
    };
    // The store's update model has no tags: a `tags` field is dropped without an error.
    sqlx::query(
        "UPDATE store_apps SET name = ?, \"desc\" = ?, introduction = ?, logo = ?, publish_type = ?, update_time = ?
         WHERE app_key_id = ?",
    )
    .bind(body.name.trim())
    .bind(desc)
    .bind(&body.introduction)
    .bind(&logo)
    .bind(&body.publish_type)
    .bind(now_ms())
    .bind(&app_id)
    .execute(&s.db)
    .await?;
    Ok(Json(app_detail(&s, &app_row(&s, &app_id).await?).await?))
}

pub(super) async fn apphub_info(
    State(s): State<AppState>,
    user: StoreUser,
    Path(app_id): Path<String>,
) -> Result<Json<Value>> {
    owned_app(&s, &user, &app_id).await?;
    let host = s.base_url.trim_start_matches("http://");
    Ok(Json(
        json!({"hubURL": host, "hubUser": "sandbox", "hubPassword": "sandbox-hub-password",
                   "namespace": format!("sandbox/{app_id}"), "isTrust": true}),
    ))
}

pub(super) async fn list_versions(
    State(s): State<AppState>,
    _user: StoreUser,
    Path(app_id): Path<String>,
) -> Result<Json<Value>> {
    app_row(&s, &app_id).await?;
    let versions: Vec<Value> = versions_of(&s, &app_id)
        .await?
        .iter()
        .map(version_base)
        .collect();
    Ok(Json(json!({"versions": versions})))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct VersionBody {
    version: String,
    #[serde(default)]
    version_alias: String,
    #[serde(default)]
    description: String,
    template: Value,
}

pub fn valid_version(v: &str) -> bool {
    let parts: Vec<&str> = v.split('.').collect();
    v.len() <= 32
        && (2..=3).contains(&parts.len())
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
}

/// Writes a version; an existing one is replaced (the console's `use_force`).
pub async fn upsert_version(
    s: &AppState,
    app_id: &str,
    version: &str,
    alias: &str,
    description: &str,
    template: &Value,
) -> Result<()> {
    let now = now_ms();
    sqlx::query(
        "INSERT INTO store_versions (app_key_id, version, version_alias, description, template, create_time, update_time)
         VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (app_key_id, version) DO UPDATE SET
           version_alias = excluded.version_alias, description = excluded.description,
           template = excluded.template, update_time = excluded.update_time",
    )
    .bind(app_id)
    .bind(version)
    .bind(alias)
    .bind(description)
    .bind(template.to_string())
    .bind(now)
    .bind(now)
    .execute(&s.db)
    .await?;
    Ok(())
}

pub(super) async fn create_version(
    State(s): State<AppState>,
    user: StoreUser,
    Path(app_id): Path<String>,
    Json(body): Json<VersionBody>,
) -> Result<Json<Value>> {
    user.require_write()?;
    owned_app(&s, &user, &app_id).await?;
    if !valid_version(&body.version) {
        return Err(StoreError::new(400, "version: X.Y.Z (or X.Y), digits only"));
    }
    if body.version_alias.chars().count() > 64 || body.description.chars().count() > 255 {
        return Err(StoreError::new(
            400,
            "versionAlias: at most 64 characters; description: at most 255",
        ));
    }
    if versions_of(&s, &app_id)
        .await?
        .iter()
        .any(|v| v.version == body.version)
    {
        return Err(StoreError::new(
            400,
            format!("version {} already exists", body.version),
        ));
    }
    upsert_version(
        &s,
        &app_id,
        &body.version,
        &body.version_alias,
        &body.description,
        &body.template,
    )
    .await?;
    let v = versions_of(&s, &app_id)
        .await?
        .into_iter()
        .find(|v| v.version == body.version);
    Ok(Json(v.as_ref().map(version_base).unwrap_or_default()))
}

pub(super) async fn get_version(
    State(s): State<AppState>,
    _user: StoreUser,
    Path((app_id, version)): Path<(String, String)>,
) -> Result<Json<Value>> {
    let app = app_row(&s, &app_id).await?;
    let v = versions_of(&s, &app_id)
        .await?
        .into_iter()
        .find(|v| v.version == version)
        .ok_or_else(|| StoreError::new(404, format!("version {version} not found")))?;
    // The template goes back as a JSON string: the store's real asymmetry.
    Ok(Json(json!({
        "appKeyID": v.app_key_id, "appName": app.name, "marketID": s.settings.market_domain,
        "version": v.version, "versionAlias": v.version_alias, "description": v.description,
        "rainbondVersion": "v6", "template": v.template, "templateType": "RAM", "deliveryMode": "ram",
        "enable": true, "updateVersion": 0, "createTime": timestamp(v.create_time), "updateTime": timestamp(v.update_time),
    })))
}
