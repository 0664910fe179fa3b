//! The store: the public OpenAPI under `/app-server/openapi/` with the raw
//! access key in `Authorization`, `marketDomain` on every market call, camelCase
//! JSON; and the account extension where `/info` lists it.

use base64::Engine;
use rbpub_core::catalogue::Sentence;
use rbpub_core::online::{LiveApp, LivePackage, StoreInfo, StoreProfile};
use rbpub_core::{budget, Sensitive};
use reqwest::Method;
use serde_json::{json, Value};

use crate::error::{Error, ErrorKind, Result};
use crate::http::{seg, server_text, Request, Transport};
use crate::wire;

/// A version as the store lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoreVersion {
    /// The version number.
    pub version: String,
    /// Its display name (`appVersionAlias`).
    pub alias: String,
    /// Its release notes (`desc`).
    pub notes: String,
}

const API: &str = "/app-server/openapi";

pub struct StoreClient {
    http: Transport,
    base: String,
    market_domain: String,
    key: Option<Sensitive<String>>,
}

/// An app's information as pushed in step 5.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AppInfo {
    pub name: String,
    pub description: String,
    pub introduction: String,
    /// A data URI for a new logo, the store's URL to keep the current one, or empty.
    pub logo: String,
    pub publish_type: String,
    pub tags: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewPackage {
    pub name: String,
    pub version: String,
    pub description: String,
}

/// `data:<mime>;base64,...`, the way the store takes a logo.
pub fn data_uri(mime: &str, bytes: &[u8]) -> String {
    format!(
        "data:{mime};base64,{}",
        base64::engine::general_purpose::STANDARD.encode(bytes)
    )
}

fn store_error(status: u16, body: &[u8], call: &str) -> Error {
    let kind = match status {
        401 => ErrorKind::StoreKeyRejected,
        403 => ErrorKind::NoWritePermission,
        404 => ErrorKind::NotFound,
        500.. => ErrorKind::Server,
        _ => ErrorKind::Validation,
    };
    let detail = serde_json::from_slice::<wire::StoreErrorBody>(body)
        .ok()
        .and_then(|b| b.msg.or(b.message))
        .unwrap_or_else(|| format!("HTTP {status}: {}", server_text(body)));
    Error::server(kind, call, detail)
}

fn login_error(status: u16, body: &[u8], call: &str) -> Error {
    let mut e = store_error(status, body, call);
    if status == 401 {
        e.kind = ErrorKind::StoreLoginFailed;
    }
    e
}

impl StoreClient {
    pub fn new(http: Transport, base: &str, market_domain: &str) -> StoreClient {
        StoreClient {
            http,
            base: base.trim_end_matches('/').to_owned(),
            market_domain: market_domain.to_owned(),
            key: None,
        }
    }

    pub fn with_key(mut self, key: Sensitive<String>) -> StoreClient {
        self.key = Some(key);
        self
    }

    pub fn base(&self) -> &str {
        &self.base
    }

    /// A call on the market: the key, and `marketDomain`.
    fn request(&self, method: Method, path: impl AsRef<str>) -> Request<'_> {
        let req = Request::new(method, &self.base, format!("{API}{}", path.as_ref()))
            .query("marketDomain", &self.market_domain);
        match &self.key {
            Some(key) => req.auth(key.expose()),
            None => req,
        }
    }

    async fn send<T: serde::de::DeserializeOwned>(&self, req: Request<'_>) -> Result<T> {
        self.http.call(&req, store_error).await
    }

    /// Whether a Rainbond store answers at this URL.
    pub async fn is_store(&self) -> Result<bool> {
        let req = Request::new(Method::GET, &self.base, format!("{API}/healthz"));
        let reply: Value = self.send(req).await?;
        Ok(reply["isRainstore"] == true)
    }

    /// The store as the key sees it: usable, permissions, extension capabilities.
    pub async fn info(&self) -> Result<StoreInfo> {
        Ok(self
            .send::<wire::Info>(self.request(Method::GET, "/info"))
            .await?
            .into())
    }

    pub async fn register(
        &self,
        phone: &str,
        password: &Sensitive<String>,
        sms_code: &str,
        nickname: &str,
    ) -> Result<(Sensitive<String>, StoreProfile)> {
        let body = json!({"phone": phone, "password": password.expose(), "smsCode": sms_code, "nickname": nickname});
        let reply: wire::AccountReply = self
            .send(self.request(Method::POST, "/account/register").json(body))
            .await?;
        Ok((Sensitive::new(reply.access_key), reply.user.into()))
    }

    pub async fn login(
        &self,
        phone: &str,
        password: &Sensitive<String>,
    ) -> Result<(Sensitive<String>, StoreProfile)> {
        let body = json!({"phone": phone, "password": password.expose()});
        let req = self
            .request(Method::POST, "/account/login")
            .json(body)
            .repeatable();
        let reply: wire::AccountReply = self.http.call(&req, login_error).await?;
        Ok((Sensitive::new(reply.access_key), reply.user.into()))
    }

    pub async fn profile(&self) -> Result<StoreProfile> {
        Ok(self
            .send::<wire::Profile>(self.request(Method::GET, "/account/profile"))
            .await?
            .into())
    }

    pub async fn update_profile(&self, p: &StoreProfile) -> Result<StoreProfile> {
        let body =
            json!({"nickname": p.nickname, "phone": p.phone, "email": p.email, "bio": p.bio});
        Ok(self
            .send::<wire::Profile>(self.request(Method::PUT, "/account/profile").json(body))
            .await?
            .into())
    }

    /// The key's own apps, every page: asked page by page (a store may cap the
    /// page size) until a page comes back short or `total` is reached.
    pub async fn apps(&self, query: &str) -> Result<Vec<LiveApp>> {
        const PAGE_SIZE: i64 = 50;
        let mut apps: Vec<LiveApp> = Vec::new();
        // Counted across every page, not per reply: a store that never says
        // "last page" stops at the limit, named.
        let (mut kept, mut read): (u64, u64) = (0, 0);
        for page in 1..=1000 {
            let req = self
                .request(Method::GET, "/apps")
                .query("query", query)
                .query("queryAll", "false")
                .query("page", page)
                .query("pageSize", PAGE_SIZE);
            let reply = self.send::<wire::AppList>(req).await?;
            let got = reply.apps.len();
            for app in reply.apps {
                let mut app = LiveApp::from(app);
                read += app.introduction.len() as u64;
                app.introduction = String::new();
                let this = (app.name.len()
                    + app.description.len()
                    + app.logo_url.len()
                    + app.detail_url.len()
                    + app.tags.iter().map(String::len).sum::<usize>()
                    + app.versions.iter().map(String::len).sum::<usize>())
                    as u64;
                kept += this;
                read += this;
                apps.push(app);
                if apps.len() > budget::STORE_LIST_APPS
                    || kept > budget::STORE_LIST_BYTES
                    || read > budget::STORE_LIST_READ_BYTES
                {
                    return Err(Error::ours(
                        ErrorKind::TooLarge,
                        "GET /apps",
                        Sentence::new("remote.storeListTooLarge")
                            .arg("apps", budget::STORE_LIST_APPS)
                            .arg("kept", budget::STORE_LIST_BYTES / 1024 / 1024)
                            .arg("read", budget::STORE_LIST_READ_BYTES / 1024 / 1024),
                    ));
                }
            }
            if got == 0 || apps.len() as i64 >= reply.total {
                break;
            }
        }
        Ok(apps)
    }

    pub async fn app(&self, app_id: &str) -> Result<LiveApp> {
        Ok(self
            .send::<wire::AppDetail>(
                self.request(Method::GET, format!("/apps/{app_id}", app_id = seg(app_id))),
            )
            .await?
            .into())
    }

    /// Tags are set here, at creation: the store's update model has none.
    pub async fn create_app(&self, info: &AppInfo) -> Result<LiveApp> {
        let body = json!({"name": info.name, "desc": info.description, "introduction": info.introduction,
                          "logo": info.logo, "publishType": info.publish_type, "tags": info.tags});
        let req = self.request(Method::POST, "/apps").json(body);
        Ok(self.send::<wire::AppDetail>(req).await?.into())
    }

    /// Updates what the store's update model has: `name, desc, introduction, logo,
    /// publishType` (tags change only on the store's page).
    pub async fn update_app(&self, app_id: &str, info: &AppInfo) -> Result<LiveApp> {
        let body = json!({"name": info.name, "desc": info.description, "introduction": info.introduction,
                          "logo": info.logo, "publishType": info.publish_type});
        let req = self
            .request(Method::PUT, format!("/apps/{app_id}", app_id = seg(app_id)))
            .json(body);
        Ok(self.send::<wire::AppDetail>(req).await?.into())
    }

    /// The app's versions as the store lists them, with alias and release notes.
    pub async fn versions(&self, app_id: &str) -> Result<Vec<StoreVersion>> {
        let req = self.request(
            Method::GET,
            format!("/apps/{app_id}/versions", app_id = seg(app_id)),
        );
        let list = self.send::<wire::VersionList>(req).await?;
        Ok(list
            .versions
            .into_iter()
            .map(|v| StoreVersion {
                version: v.app_version,
                alias: v.app_version_alias.unwrap_or_default(),
                notes: v.desc.unwrap_or_default(),
            })
            .collect())
    }

    /// A published version's RAM template as its JSON text (the store sends it
    /// as a JSON string; an object is taken as it is): passed on as bytes for
    /// the template reader, which counts what it builds, instead of a tree of
    /// values that a few MB of `[{},{},…]` would make gigabytes of.
    pub async fn version_metadata(&self, app_id: &str, version: &str) -> Result<Vec<u8>> {
        #[derive(serde::Deserialize)]
        struct Reply {
            template: Option<Box<serde_json::value::RawValue>>,
        }
        let req = self
            .request(
                Method::GET,
                format!(
                    "/apps/{app_id}/versions/{version}",
                    app_id = seg(app_id),
                    version = seg(version)
                ),
            )
            .query("getTemplate", "true");
        let name = req.name();
        let reply: Reply = self.send(req).await?;
        let raw = reply
            .template
            .map(|r| r.get().to_owned())
            .unwrap_or_default();
        if raw.starts_with('"') {
            let text: String = serde_json::from_str(&raw)
                .map_err(|e| Error::new(ErrorKind::Malformed, &name, format!("template: {e}")))?;
            Ok(text.into_bytes())
        } else {
            Ok(raw.into_bytes())
        }
    }

    /// [`StoreClient::version_metadata`] as a JSON value (for a look at fields
    /// the template reader leaves out).
    pub async fn version_template(&self, app_id: &str, version: &str) -> Result<Value> {
        let text = self.version_metadata(app_id, version).await?;
        serde_json::from_slice(&text).map_err(|e| {
            Error::new(
                ErrorKind::Malformed,
                &format!("GET /apps/{app_id}/versions/{version}"),
                format!("template: {e}"),
            )
        })
    }

    pub async fn packages(&self, app_id: &str) -> Result<Vec<LivePackage>> {
        let reply: wire::Packages = self
            .send(self.request(
                Method::GET,
                format!("/apps/{app_id}/packages", app_id = seg(app_id)),
            ))
            .await?;
        Ok(reply.packages.into_iter().map(Into::into).collect())
    }

    fn package_body(p: &NewPackage) -> Value {
        json!({"name": p.name, "version": p.version, "type": "free", "description": p.description})
    }

    pub async fn create_package(&self, app_id: &str, p: &NewPackage) -> Result<LivePackage> {
        let req = self
            .request(
                Method::POST,
                format!("/apps/{app_id}/packages", app_id = seg(app_id)),
            )
            .json(Self::package_body(p));
        Ok(self.send::<wire::Package>(req).await?.into())
    }

    pub async fn update_package(
        &self,
        app_id: &str,
        package_id: &str,
        p: &NewPackage,
    ) -> Result<LivePackage> {
        let req = self
            .request(
                Method::PUT,
                format!(
                    "/apps/{app_id}/packages/{package_id}",
                    app_id = seg(app_id),
                    package_id = seg(package_id)
                ),
            )
            .json(Self::package_body(p));
        Ok(self.send::<wire::Package>(req).await?.into())
    }

    pub async fn delete_package(&self, app_id: &str, package_id: &str) -> Result<()> {
        let req = self.request(
            Method::DELETE,
            format!(
                "/apps/{app_id}/packages/{package_id}",
                app_id = seg(app_id),
                package_id = seg(package_id)
            ),
        );
        self.send::<serde::de::IgnoredAny>(req).await.map(drop)
    }

    /// A file the store serves, such as the current logo (at most 4 MB, in
    /// the transport's 30 s). An address the store chose on this machine or
    /// its private network is fetched only when the store itself is there.
    pub async fn download(&self, url: &str) -> Result<Vec<u8>> {
        let inside =
            |u: &str| reqwest::Url::parse(u).is_ok_and(|u| crate::http::is_inside_address(&u));
        if inside(url) && !inside(&self.base) {
            let host = reqwest::Url::parse(url)
                .ok()
                .and_then(|u| u.host_str().map(str::to_owned))
                .unwrap_or_default();
            return Err(Error::ours(
                ErrorKind::Validation,
                "GET (a file the store named)",
                Sentence::new("remote.privateAddress").arg("host", host),
            ));
        }
        self.http.download(url, 4 * 1024 * 1024).await
    }

    /// Lists (puts on the shelf) or unlists the app.
    pub async fn set_listed(&self, app_id: &str, listed: bool) -> Result<LiveApp> {
        let req = self
            .request(
                Method::PUT,
                format!("/apps/{app_id}/shelf", app_id = seg(app_id)),
            )
            .json(json!({"listed": listed}));
        Ok(self.send::<wire::AppDetail>(req).await?.into())
    }
}

/// Any bytes read as each store reply `rbpub pull` reads (the list of apps,
/// an app, its versions, its packages) into what the client keeps, for the
/// `read_store_reply` fuzz target: errors are fine, a panic or memory past
/// the budget is not. Answers how many items were kept.
#[doc(hidden)]
pub fn read_store_reply(bytes: &[u8]) -> usize {
    let apps = crate::http::parse_reply::<wire::AppList>(bytes, "GET /apps")
        .map_or(0, |l| l.apps.into_iter().map(LiveApp::from).count());
    let app = crate::http::parse_reply::<wire::AppDetail>(bytes, "GET /apps/{id}")
        .map_or(0, |a| LiveApp::from(a).tags.len());
    let versions = crate::http::parse_reply::<wire::VersionList>(bytes, "GET /apps/{id}/versions")
        .map_or(0, |v| v.versions.len());
    let packages = crate::http::parse_reply::<wire::Packages>(bytes, "GET /apps/{id}/packages")
        .map_or(0, |p| p.packages.into_iter().map(LivePackage::from).count());
    apps + app + versions + packages
}
