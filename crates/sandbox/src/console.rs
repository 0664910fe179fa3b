//! The console: sign-in, who am I, teams and apps, stores bound to the
//! enterprise, templates in a store, and the logo upload.

use axum::extract::{FromRequestParts, Multipart, Path, Query, State};
use axum::http::header;
use axum::http::request::Parts;
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Form, Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::reply::{bean, list, ConsoleError};
use crate::store::{app_detail, insert_app, AppBody};
use crate::AppState;

type Result<T, E = ConsoleError> = std::result::Result<T, E>;

const UPLOAD_MAX_BYTES: usize = 2 * 1024 * 1024;

pub fn routes() -> Router<AppState> {
    let eid = "/console/enterprise/{eid}/cloud";
    Router::new()
        .route("/console/users/login", post(login))
        .route("/console/users/details", get(details))
        .route("/console/teams/{team}/groups", get(groups))
        .route(&format!("{eid}/markets"), get(markets))
        .route(&format!("{eid}/bindable-markets"), get(bindable_markets))
        .route(&format!("{eid}/bind-markets"), post(bind_markets))
        .route(
            &format!("{eid}/markets/{{market}}/app-models"),
            get(app_models).post(create_app_model),
        )
        .route(
            &format!("{eid}/markets/{{market}}/app-models/{{app_id}}/versions"),
            get(app_model_versions),
        )
        .route(
            &format!("{eid}/markets/{{market}}/app-models/{{app_id}}/versions/{{version}}"),
            get(app_model_version),
        )
        .route("/console/files/upload", post(upload))
}

/// The signed-in console user, from `Authorization: GRJWT <token>`.
pub struct ConsoleUser {
    pub user_id: i64,
    pub enterprise_id: String,
}

impl FromRequestParts<AppState> for ConsoleUser {
    type Rejection = ConsoleError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self> {
        let auth = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        let token = auth
            .strip_prefix("GRJWT ")
            .ok_or_else(|| ConsoleError::new(401, "not signed in"))?;
        let row: Option<(i64, String)> = sqlx::query_as(
            "SELECT u.user_id, u.enterprise_id FROM console_tokens t JOIN console_users u USING (user_id) WHERE t.token = ?",
        )
        .bind(token)
        .fetch_optional(&state.db)
        .await?;
        let (user_id, enterprise_id) =
            row.ok_or_else(|| ConsoleError::new(401, "the sign-in has expired; sign in again"))?;
        Ok(ConsoleUser {
            user_id,
            enterprise_id,
        })
    }
}

impl ConsoleUser {
    pub fn check_enterprise(&self, eid: &str) -> Result<()> {
        if eid == self.enterprise_id {
            Ok(())
        } else {
            Err(ConsoleError::new(
                403,
                format!("enterprise {eid} is not yours"),
            ))
        }
    }

    pub async fn check_team(&self, s: &AppState, team: &str) -> Result<()> {
        let (known,): (i64,) =
            sqlx::query_as("SELECT count(*) FROM console_apps WHERE team_name = ?")
                .bind(team)
                .fetch_one(&s.db)
                .await?;
        if known == 0 {
            return Err(ConsoleError::new(404, format!("team {team} not found")));
        }
        Ok(())
    }
}

#[derive(Deserialize)]
struct LoginForm {
    nick_name: String,
    password: String,
}

async fn login(State(s): State<AppState>, Form(form): Form<LoginForm>) -> Result<Response> {
    let row: Option<(i64, String)> =
        sqlx::query_as("SELECT user_id, password FROM console_users WHERE nick_name = ?")
            .bind(&form.nick_name)
            .fetch_optional(&s.db)
            .await?;
    let user_id = match row {
        Some((id, password)) if password == form.password => id,
        _ => {
            return Err(ConsoleError::new(
                400,
                "the user name or the password is wrong",
            ))
        }
    };
    let token = format!("sandbox.{}", uuid::Uuid::now_v7().simple());
    sqlx::query("INSERT INTO console_tokens (token, user_id) VALUES (?, ?)")
        .bind(&token)
        .bind(user_id)
        .execute(&s.db)
        .await?;
    Ok(bean(json!({"token": token})))
}

async fn details(State(s): State<AppState>, user: ConsoleUser) -> Result<Response> {
    let (nick_name, email, phone): (String, String, String) =
        sqlx::query_as("SELECT nick_name, email, phone FROM console_users WHERE user_id = ?")
            .bind(user.user_id)
            .fetch_one(&s.db)
            .await?;
    let teams: Vec<(String, String)> = sqlx::query_as(
        "SELECT DISTINCT team_name, region_name FROM console_apps ORDER BY team_name",
    )
    .fetch_all(&s.db)
    .await?;
    let teams: Vec<Value> = teams
        .iter()
        .map(|(team, region)| {
            json!({"team_name": team, "team_alias": "Demo team", "role_name_list": ["admin"],
                   "region": [{"team_region_name": region, "team_region_alias": "Local region", "region_status": "1"}]})
        })
        .collect();
    Ok(bean(
        // The key is `user_name`, filled from the user's `nick_name` column [UserDetailsView].
        json!({"user_id": user.user_id, "user_name": nick_name, "real_name": nick_name, "email": email, "phone": phone,
                   "enterprise_id": user.enterprise_id, "is_enterprise_admin": true, "teams": teams}),
    ))
}

#[derive(Deserialize)]
pub struct RegionQuery {
    pub region_name: Option<String>,
}

async fn groups(
    State(s): State<AppState>,
    user: ConsoleUser,
    Path(team): Path<String>,
    Query(q): Query<RegionQuery>,
) -> Result<Response> {
    user.check_team(&s, &team).await?;
    let region = q
        .region_name
        .ok_or_else(|| ConsoleError::new(400, "region_name is required"))?;
    let apps: Vec<(i64, String)> = sqlx::query_as(
        "SELECT group_id, group_name FROM console_apps WHERE team_name = ? AND region_name = ? AND deleted = 0 ORDER BY group_id",
    )
    .bind(&team)
    .bind(&region)
    .fetch_all(&s.db)
    .await?;
    let items: Vec<Value> = apps
        .iter()
        .map(|(id, name)| {
            json!({"group_id": id, "group_name": name, "team_name": team, "region_name": region,
                                 "status": "running", "service_num": 0})
        })
        .collect();
    let total = items.len();
    Ok(list(items, json!({"total": total})))
}

/// A store bound to the enterprise, and what the store says of its key.
pub struct Market {
    pub url: String,
    pub access_key: String,
}

pub async fn bound_market(s: &AppState, eid: &str, name: &str) -> Result<Market> {
    let row: Option<(String, String, String)> = sqlx::query_as(
        "SELECT name, url, access_key FROM console_markets WHERE enterprise_id = ? AND name = ?",
    )
    .bind(eid)
    .bind(name)
    .fetch_optional(&s.db)
    .await?;
    let (_, url, access_key) =
        row.ok_or_else(|| ConsoleError::new(404, format!("store {name} is not bound")))?;
    Ok(Market { url, access_key })
}

/// The store account behind a key, with its permissions, if this sandbox's store knows it.
pub async fn store_account(
    s: &AppState,
    url: &str,
    key: &str,
) -> Result<Option<(i64, Vec<String>)>> {
    if url.trim_end_matches('/') != &*s.base_url {
        return Ok(None);
    }
    let row: Option<(i64, String)> =
        sqlx::query_as("SELECT id, actions FROM store_users WHERE access_key = ?")
            .bind(key)
            .fetch_optional(&s.db)
            .await?;
    Ok(row.map(|(id, actions)| (id, serde_json::from_str(&actions).unwrap_or_default())))
}

/// The store account a bound store publishes as; the store must accept the key and allow Write.
pub async fn publishing_account(s: &AppState, market: &Market) -> Result<i64> {
    match store_account(s, &market.url, &market.access_key).await? {
        Some((id, actions)) if actions.iter().any(|a| a == "Write") => Ok(id),
        // The console passes the store's 401 and 403 on [console/utils/restful_client.py].
        Some(_) => Err(ConsoleError::store_no_permission()),
        None => Err(ConsoleError::store_key_refused()),
    }
}

async fn markets(
    State(s): State<AppState>,
    user: ConsoleUser,
    Path(eid): Path<String>,
) -> Result<Response> {
    user.check_enterprise(&eid)?;
    let rows: Vec<(String, String, String, String, String)> = sqlx::query_as(
        "SELECT name, url, domain, access_key, type FROM console_markets WHERE enterprise_id = ? ORDER BY name",
    )
    .bind(&eid)
    .fetch_all(&s.db)
    .await?;
    let mut items = Vec::new();
    for (i, (name, url, domain, access_key, kind)) in rows.into_iter().enumerate() {
        // Cloud stores disabled: every store reads status 0 with no actions.
        if s.settings.cloud_disabled {
            items.push(json!({"ID": i + 1, "name": name, "url": url, "domain": domain, "type": kind,
                              "enterprise_id": eid, "access_key": access_key, "description": null, "alias": name,
                              "status": 0, "access_actions": [], "version": "1.0"}));
            continue;
        }
        let account = store_account(&s, &url, &access_key).await?;
        let (status, actions) = account.map(|(_, a)| (1, a)).unwrap_or((0, Vec::new()));
        items.push(json!({"ID": i + 1, "name": name, "url": url, "domain": domain, "type": kind,
                          "enterprise_id": eid, "access_key": access_key, "description": "", "alias": name,
                          "status": status, "access_actions": actions, "version": "sandbox-1"}));
    }
    let total = items.len();
    Ok(list(items, json!({"total": total})))
}

#[derive(Deserialize)]
struct BindableQuery {
    market_url: String,
    access_key: String,
}

async fn bindable_markets(
    State(s): State<AppState>,
    user: ConsoleUser,
    Path(eid): Path<String>,
    Query(q): Query<BindableQuery>,
) -> Result<Response> {
    user.check_enterprise(&eid)?;
    if q.market_url.trim_end_matches('/') != &*s.base_url {
        return Err(ConsoleError::new(
            400,
            format!("cannot reach a store at {}", q.market_url),
        ));
    }
    if store_account(&s, &q.market_url, &q.access_key)
        .await?
        .is_none()
    {
        return Err(ConsoleError::store_key_refused());
    }
    let item = json!({"name": "SandboxStore", "url": &*s.base_url, "domain": s.settings.market_domain,
                      "logo": "", "desc": "The sandbox's store"});
    Ok(list(vec![item], json!({"total": 1})))
}

#[derive(Deserialize)]
struct BindBody {
    markets: Vec<BindMarket>,
}

#[derive(Deserialize)]
struct BindMarket {
    name: String,
    url: String,
    domain: String,
    access_key: String,
    #[serde(rename = "type", default)]
    kind: String,
}

/// The console's template name rule [console/utils/validation.py, validate_name]:
/// `^[a-z0-9A-Z\u4e00-\u9fa5]([a-zA-Z0-9_\-\u4e00-\u9fa5]*[a-z0-9A-Z\u4e00-\u9fa5])?$`.
pub(crate) fn valid_template_name(name: &str) -> bool {
    let ends = |c: char| c.is_ascii_alphanumeric() || ('\u{4e00}'..='\u{9fa5}').contains(&c);
    let chars: Vec<char> = name.chars().collect();
    match chars.as_slice() {
        [] => false,
        [one] => ends(*one),
        [first, middle @ .., last] => {
            ends(*first) && ends(*last) && middle.iter().all(|&c| ends(c) || c == '_' || c == '-')
        }
    }
}

fn valid_store_name(name: &str) -> bool {
    name.len() <= 64
        && name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

async fn bind_markets(
    State(s): State<AppState>,
    user: ConsoleUser,
    Path(eid): Path<String>,
    Json(body): Json<BindBody>,
) -> Result<Response> {
    user.check_enterprise(&eid)?;
    for m in &body.markets {
        if !valid_store_name(&m.name) {
            return Err(ConsoleError::new(400, format!("name: {:?} must start with a letter and use letters, digits and _ (at most 64)", m.name)));
        }
        if m.access_key.is_empty() || m.access_key.len() > 255 {
            return Err(ConsoleError::new(400, "access_key: 1 to 255 characters"));
        }
    }
    let mut tx = crate::write(&s.db).await?;
    for m in &body.markets {
        sqlx::query(
            "INSERT INTO console_markets (enterprise_id, name, url, domain, access_key, type) VALUES (?, ?, ?, ?, ?, ?)
             ON CONFLICT (enterprise_id, name) DO UPDATE SET access_key = excluded.access_key",
        )
        .bind(&eid)
        .bind(&m.name)
        .bind(m.url.trim_end_matches('/'))
        .bind(&m.domain)
        .bind(&m.access_key)
        .bind(if m.kind.is_empty() { "rainstore" } else { &m.kind })
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(bean(json!({})))
}

async fn owned_templates(s: &AppState, owner: i64) -> Result<Vec<crate::store::AppRow>> {
    Ok(sqlx::query_as(
        "SELECT * FROM store_apps WHERE owner_id = ? ORDER BY create_time, app_key_id",
    )
    .bind(owner)
    .fetch_all(&s.db)
    .await?)
}

/// A template as the console lists it, with its versions from the store:
/// `app_version`, not `version` [console/services/app.py].
pub async fn app_model(s: &AppState, app: &crate::store::AppRow) -> Result<Value> {
    let detail = app_detail(s, app).await.map_err(ConsoleError::from)?;
    Ok(
        json!({"app_id": app.app_key_id, "app_name": app.name, "describe": app.desc, "logo": detail["logo"],
              "publish_type": app.publish_type, "tags": detail["tags"], "introduction": app.introduction,
              "dev_status": "", "market_name": "SandboxStore", "versions": model_versions(&detail)}),
    )
}

fn model_versions(detail: &Value) -> Vec<Value> {
    detail["versions"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|v| json!({"app_key_id": v["appKeyID"], "app_version": v["appVersion"],
                        "app_version_alias": v["appVersionAlias"], "desc": v["desc"], "arch": "amd64",
                        "is_plugin": false, "rainbond_version": v["rainbondVersion"]}))
        .collect()
}

#[derive(Deserialize)]
struct ModelsQuery {
    page: Option<usize>,
    page_size: Option<usize>,
    #[serde(default)]
    query: String,
}

async fn app_models(
    State(s): State<AppState>,
    user: ConsoleUser,
    Path((eid, market)): Path<(String, String)>,
    Query(q): Query<ModelsQuery>,
) -> Result<Response> {
    user.check_enterprise(&eid)?;
    let market = bound_market(&s, &eid, &market).await?;
    // Cloud stores disabled: an empty list, and no store call.
    if s.settings.cloud_disabled {
        return Ok(list(vec![], json!({"total": 0})));
    }
    let owner = publishing_account(&s, &market).await?;
    let page = q.page.unwrap_or(1).max(1);
    let page_size = q.page_size.unwrap_or(10).clamp(1, s.settings.page_size_cap);
    let all = owned_templates(&s, owner).await?;
    let matching: Vec<_> = all
        .iter()
        .filter(|a| a.name.to_lowercase().contains(&q.query.to_lowercase()))
        .collect();
    let mut items = Vec::new();
    for app in matching.iter().skip((page - 1) * page_size).take(page_size) {
        items.push(app_model(&s, app).await?);
    }
    Ok(list(
        items,
        json!({"total": matching.len(), "page": page, "page_size": page_size}),
    ))
}

#[derive(Deserialize)]
struct NewModel {
    name: String,
    #[serde(default)]
    desc: String,
    #[serde(default)]
    logo: String,
    #[serde(default)]
    publish_type: String,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    introduction: String,
}

async fn create_app_model(
    State(s): State<AppState>,
    user: ConsoleUser,
    Path((eid, market)): Path<(String, String)>,
    Json(body): Json<NewModel>,
) -> Result<Response> {
    user.check_enterprise(&eid)?;
    if !valid_template_name(&body.name) {
        return Err(ConsoleError::shown(
            400,
            "error params",
            "应用名称只支持中文、字母、数字和-_组合,并且必须以中文、字母、数字开始和结束",
        ));
    }
    let market = bound_market(&s, &eid, &market).await?;
    let owner = publishing_account(&s, &market).await?;
    // The console hands its uploaded file to the store; here both share one
    // image table. A logo it cannot open (not under its media path, as an
    // object storage URL) becomes no logo, without an error [AppMarketAppModelLView.post].
    let logo = match body.logo.strip_prefix(&*s.base_url).unwrap_or(&body.logo) {
        path if path.starts_with("/media/") => format!("{}{path}", s.base_url),
        _ => String::new(),
    };
    let app = AppBody {
        name: body.name,
        desc: body.desc,
        introduction: body.introduction,
        logo,
        publish_type: if body.publish_type.is_empty() {
            "private".into()
        } else {
            body.publish_type
        },
        tags: Some(body.tags),
    };
    let row = insert_app(&s, owner, &app)
        .await
        .map_err(ConsoleError::from)?;
    // The store's record as the console's store client serialises it: snake_case,
    // the id in `app_key_id` [AppMarketAppModelLView.post].
    let detail = app_detail(&s, &row).await.map_err(ConsoleError::from)?;
    Ok(bean(
        json!({"app_key_id": row.app_key_id, "name": row.name, "desc": row.desc, "logo": detail["logo"],
               "introduction": row.introduction, "publish_type": row.publish_type, "tags": detail["tags"],
               "status": detail["status"], "dev_status": "", "versions": model_versions(&detail),
               "create_time": detail["createTime"], "update_time": detail["updateTime"]}),
    ))
}

async fn app_model_versions(
    State(s): State<AppState>,
    user: ConsoleUser,
    Path((eid, market, app_id)): Path<(String, String, String)>,
) -> Result<Response> {
    user.check_enterprise(&eid)?;
    bound_market(&s, &eid, &market).await?;
    let app = crate::store::app_row(&s, &app_id)
        .await
        .map_err(ConsoleError::from)?;
    let model = app_model(&s, &app).await?;
    let versions = model["versions"].as_array().cloned().unwrap_or_default();
    let total = versions.len();
    Ok(list(versions, json!({"total": total})))
}

async fn app_model_version(
    State(s): State<AppState>,
    user: ConsoleUser,
    Path((eid, market, app_id, version)): Path<(String, String, String, String)>,
) -> Result<Response> {
    user.check_enterprise(&eid)?;
    bound_market(&s, &eid, &market).await?;
    let app = crate::store::app_row(&s, &app_id)
        .await
        .map_err(ConsoleError::from)?;
    let model = app_model(&s, &app).await?;
    let found = model["versions"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|v| v["app_version"] == version.as_str());
    found
        .map(|v| bean(v.clone()))
        .ok_or_else(|| ConsoleError::new(404, format!("version {version} not found")))
}

async fn upload(
    State(s): State<AppState>,
    _user: ConsoleUser,
    mut form: Multipart,
) -> Result<Response> {
    while let Some(field) = form
        .next_field()
        .await
        .map_err(|e| ConsoleError::new(400, format!("file: {e}")))?
    {
        if field.name() != Some("file") {
            continue;
        }
        let name = field.file_name().unwrap_or_default().to_lowercase();
        let mime = match name.rsplit_once('.').map(|(_, ext)| ext) {
            Some("png") => "image/png",
            Some("jpg" | "jpeg") => "image/jpeg",
            Some("gif") => "image/gif",
            _ => {
                return Err(ConsoleError::new(
                    400,
                    "file: only .jpg, .jpeg, .png and .gif are accepted",
                ))
            }
        };
        let bytes = field
            .bytes()
            .await
            .map_err(|e| ConsoleError::new(400, format!("file: {e}")))?;
        if bytes.len() > UPLOAD_MAX_BYTES {
            return Err(ConsoleError::new(400, "file: at most 2 MB"));
        }
        let path = crate::save_image(&s, mime, &bytes).await?;
        // A console that keeps uploads in object storage answers the bucket's
        // URL, which its own template create cannot open [file_upload_service.py].
        let file_url = if s.settings.object_storage_uploads {
            let ext = name.rsplit_once('.').map(|(_, e)| e).unwrap_or("png");
            format!(
                "https://oss.example.invalid/console/file/{}.{ext}",
                path.trim_start_matches("/media/")
            )
        } else {
            path
        };
        return Ok(bean(json!({"file_url": file_url, "file_name": name})));
    }
    Err(ConsoleError::new(400, "file: no file in the upload"))
}
