//! The Rainbond console: `Authorization: GRJWT <token>`, form-encoded login,
//! replies in the `{code, msg, msg_show, data: {bean, list}}` envelope.

use rbpub_core::online::{BindableStore, BoundStore, ConsoleAccount, RunningApp, StoreTemplate};
use rbpub_core::Sensitive;
use reqwest::Method;
use serde::de::DeserializeOwned;
use serde_json::{json, Value};

use crate::error::{Error, ErrorKind, Result};
use crate::http::{seg, server_text, Body, Request, Transport};
use crate::wire;

/// Cheap to clone: clones share the transport (and its per-host limit).
#[derive(Clone)]
pub struct ConsoleClient {
    http: Transport,
    base: String,
    /// `GRJWT <token>`
    auth: Option<Sensitive<String>>,
}

/// A new store template, created through the console.
#[derive(Clone, Debug)]
pub struct NewTemplate<'a> {
    pub name: &'a str,
    pub description: &'a str,
    /// A path from [`ConsoleClient::upload_logo`], or empty.
    pub logo: &'a str,
    pub tags: &'a [String],
    pub introduction: &'a str,
}

/// The console's code for "the store refused the key I hold for it".
const STORE_KEY_REFUSED: i64 = 10421;

/// What a console status and body code mean. A 401 is a lapsed sign-in unless
/// the body says the *store* refused the key (10421); a 403 is the store's or
/// the console's "not allowed".
fn kind_of(status: u16, code: Option<i64>) -> ErrorKind {
    match (status, code) {
        (_, Some(STORE_KEY_REFUSED)) => ErrorKind::StoreKeyRejected,
        (401, _) => ErrorKind::ConsoleSignedOut,
        (403, _) => ErrorKind::NoWritePermission,
        // HTTP 200 with `code: 202`: the team has no such app (or it was deleted).
        (202 | 404, _) => ErrorKind::NotFound,
        (415, _) => ErrorKind::NotReady,
        (500.., _) => ErrorKind::Server,
        _ => ErrorKind::Validation,
    }
}

/// `msg_show` for people, else `msg`, else what came.
fn reason(msg: Option<String>, msg_show: Option<String>) -> Option<String> {
    msg_show
        .filter(|m| !m.is_empty())
        .or(msg.filter(|m| !m.is_empty()))
}

/// The console's own words that say more than its status: documented
/// answers a client acts on differently (docs/console-api.md, "Refusals and edges").
fn kind_by_words(status: u16, words: &str) -> Option<ErrorKind> {
    match status {
        409 => Some(ErrorKind::Busy),
        400 if words.contains("应用商店状态异常")
            || words.contains("请求失败，请检查网络和配置") =>
        {
            Some(ErrorKind::StoreUnavailable)
        }
        400 if words.contains("插件不存在无需发布") => Some(ErrorKind::StaleShare),
        400 if words.contains("应用已存在") || words.contains("标签已存在") => {
            Some(ErrorKind::Exists)
        }
        500 if words.contains("虚拟机系统盘导出未就绪") => Some(ErrorKind::Busy),
        500 if words.contains("数据中心分享错误") || words.contains("插件分享事件同步发生错误") => {
            Some(ErrorKind::PushRefused)
        }
        _ => None,
    }
}

fn console_error(status: u16, body: &[u8], call: &str) -> Error {
    let parsed = serde_json::from_slice::<wire::ConsoleErrorBody>(body).ok();
    let code = parsed.as_ref().and_then(|b| b.code);
    // A 404 outside the console's envelope is Django's own: no such view.
    if status == 404 && code.is_none() {
        return Error::server(
            ErrorKind::Unsupported,
            call,
            format!("HTTP 404: {}", server_text(body)),
        );
    }
    let detail = parsed
        .and_then(|b| reason(b.msg, b.msg_show))
        .unwrap_or_else(|| format!("HTTP {status}: {}", server_text(body)));
    let kind = kind_by_words(status, &detail).unwrap_or_else(|| kind_of(status, code));
    Error::server(kind, call, detail)
}

/// A reply with HTTP 200 whose body `code` refuses (202 "group is not yours!").
fn refused_in_body(reply: &wire::Envelope, call: &str) -> Option<Error> {
    let code = reply
        .code
        .filter(|&c| c != 200 && (c == 202 || !(200..300).contains(&c)))?;
    let status = u16::try_from(code).unwrap_or(400);
    let detail =
        reason(reply.msg.clone(), reply.msg_show.clone()).unwrap_or_else(|| format!("code {code}"));
    Some(Error::server(kind_of(status, Some(code)), call, detail))
}

/// A bound store's name the console accepts: letters, digits and `_`, starting
/// with a letter, at most 64 characters [service_share.py, market_name_format].
pub fn valid_store_name(name: &str) -> bool {
    name.len() <= 64
        && name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// A template name the console accepts: Chinese, letters and digits at both
/// ends, `-` and `_` between [console/utils/validation.py, validate_name].
pub fn valid_template_name(name: &str) -> bool {
    let ends = |c: char| c.is_ascii_alphanumeric() || ('\u{4e00}'..='\u{9fa5}').contains(&c);
    let inner = |c: char| ends(c) || c == '_' || c == '-';
    let chars: Vec<char> = name.chars().collect();
    match chars.as_slice() {
        [] => false,
        [one] => ends(*one),
        [first, middle @ .., last] => {
            ends(*first) && ends(*last) && middle.iter().all(|&c| inner(c))
        }
    }
}

/// How many items a page of a paged list is asked for; the console may send fewer.
const PAGE_SIZE: usize = 50;
/// A bound on paging, so a server that never says "last page" cannot loop us.
const MAX_PAGES: usize = 1000;

fn login_error(status: u16, body: &[u8], call: &str) -> Error {
    let mut e = console_error(status, body, call);
    if matches!(status, 400 | 401 | 403) {
        e.kind = ErrorKind::ConsoleLoginFailed;
    }
    e
}

pub(crate) fn typed<T: DeserializeOwned>(call: &str, part: &str, value: Value) -> Result<T> {
    serde_json::from_value(value)
        .map_err(|e| Error::new(ErrorKind::Malformed, call, format!("{part}: {e}")))
}

/// `data.list` of a list view: an array, else the reply is not what the API documents.
pub(crate) fn list_items(call: &str, reply: &mut wire::Envelope) -> Result<Vec<Value>> {
    reply
        .data
        .items()
        .ok_or_else(|| Error::new(ErrorKind::Malformed, call, "data.list: not a list"))
}

impl ConsoleClient {
    pub fn new(http: Transport, base: &str) -> ConsoleClient {
        ConsoleClient {
            http,
            base: base.trim_end_matches('/').to_owned(),
            auth: None,
        }
    }

    pub fn with_token(http: Transport, base: &str, token: &Sensitive<String>) -> ConsoleClient {
        let mut client = ConsoleClient::new(http, base);
        client.auth = Some(Sensitive::new(format!("GRJWT {}", token.expose())));
        client
    }

    pub fn base(&self) -> &str {
        &self.base
    }

    pub(crate) fn request(&self, method: Method, path: impl Into<String>) -> Request<'_> {
        let req = Request::new(method, &self.base, path);
        match &self.auth {
            Some(auth) => req.auth(auth.expose()),
            None => req,
        }
    }

    /// The envelope of a call, refused when its body `code` says so.
    pub(crate) async fn envelope(&self, req: &Request<'_>) -> Result<wire::Envelope> {
        let reply: wire::Envelope = self.http.call(req, console_error).await?;
        match refused_in_body(&reply, &req.name()) {
            Some(e) => Err(e),
            None => Ok(reply),
        }
    }

    pub(crate) async fn bean<T: DeserializeOwned>(&self, req: Request<'_>) -> Result<T> {
        let reply = self.envelope(&req).await?;
        typed(&req.name(), "data.bean", reply.data.bean)
    }

    /// A single object that may be missing: `bean: {}` (or null) is `None`.
    pub(crate) async fn maybe_bean<T: DeserializeOwned>(
        &self,
        req: Request<'_>,
    ) -> Result<Option<T>> {
        let reply = self.envelope(&req).await?;
        match &reply.data.bean {
            Value::Null => Ok(None),
            Value::Object(o) if o.is_empty() => Ok(None),
            bean => typed(&req.name(), "data.bean", bean.clone()).map(Some),
        }
    }

    pub(crate) async fn list<T: DeserializeOwned>(&self, req: Request<'_>) -> Result<Vec<T>> {
        let mut reply = self.envelope(&req).await?;
        typed(
            &req.name(),
            "data.list",
            Value::Array(list_items(&req.name(), &mut reply)?),
        )
    }

    /// Every item of a paged list: pages are asked for until one comes back
    /// short or empty, or the count the console gives (`total` beside the list
    /// or in the bean) is reached.
    pub(crate) async fn all_pages<'a, T: DeserializeOwned>(
        &'a self,
        make: impl Fn() -> Request<'a>,
    ) -> Result<Vec<T>> {
        let mut items = Vec::new();
        for page in 1..=MAX_PAGES {
            let req = make().query("page", page).query("page_size", PAGE_SIZE);
            let mut reply = self.envelope(&req).await?;
            let total = reply
                .data
                .total
                .or_else(|| reply.data.bean["total"].as_i64());
            let list = list_items(&req.name(), &mut reply)?;
            let got = list.len();
            let mut typed_page: Vec<T> = typed(&req.name(), "data.list", Value::Array(list))?;
            items.append(&mut typed_page);
            let seen_all = total.is_some_and(|t| items.len() as i64 >= t);
            if got == 0 || seen_all || (total.is_none() && got < PAGE_SIZE) {
                break;
            }
        }
        Ok(items)
    }

    /// Signs in; the returned token is what later calls send.
    pub async fn login(
        &mut self,
        user: &str,
        password: &Sensitive<String>,
    ) -> Result<Sensitive<String>> {
        let form = vec![
            ("nick_name", user.to_owned()),
            ("password", password.expose().clone()),
        ];
        // A login only creates a token: safe to send again.
        let req = Request::new(Method::POST, &self.base, "/console/users/login")
            .body(Body::Form(form))
            .repeatable();
        let reply: wire::Envelope = self.http.call(&req, login_error).await?;
        let token = typed::<wire::LoginBean>(&req.name(), "data.bean", reply.data.bean)?.token;
        self.auth = Some(Sensitive::new(format!("GRJWT {token}")));
        Ok(Sensitive::new(token))
    }

    pub async fn account(&self) -> Result<ConsoleAccount> {
        let details: wire::UserDetails = self
            .bean(self.request(Method::GET, "/console/users/details"))
            .await?;
        Ok(details.into())
    }

    pub async fn running_apps(&self, team: &str, region: &str) -> Result<Vec<RunningApp>> {
        let req = self
            .request(
                Method::GET,
                format!("/console/teams/{team}/groups", team = seg(team)),
            )
            .query("region_name", region);
        Ok(self
            .list::<wire::Group>(req)
            .await?
            .into_iter()
            .map(Into::into)
            .collect())
    }

    pub async fn bound_stores(&self, enterprise: &str) -> Result<Vec<BoundStore>> {
        let req = self
            .request(
                Method::GET,
                format!(
                    "/console/enterprise/{enterprise}/cloud/markets",
                    enterprise = seg(enterprise)
                ),
            )
            .query("extend", "true")
            .query("for_publish", "true");
        Ok(self
            .list::<wire::Market>(req)
            .await?
            .into_iter()
            .map(Into::into)
            .collect())
    }

    pub async fn bindable_stores(
        &self,
        enterprise: &str,
        store_url: &str,
        key: &Sensitive<String>,
    ) -> Result<Vec<BindableStore>> {
        let req = self
            .request(
                Method::GET,
                format!(
                    "/console/enterprise/{enterprise}/cloud/bindable-markets",
                    enterprise = seg(enterprise)
                ),
            )
            .query("market_url", store_url)
            .query("access_key", key.expose());
        Ok(self
            .list::<wire::Bindable>(req)
            .await?
            .into_iter()
            .map(Into::into)
            .collect())
    }

    /// Binds a store to the console; for a name bound already only the key changes.
    pub async fn bind_store(
        &self,
        enterprise: &str,
        store: &BindableStore,
        key: &Sensitive<String>,
    ) -> Result<()> {
        let body = json!({"markets": [{"name": store.name, "url": store.url, "domain": store.domain,
                                       "access_key": key.expose(), "type": "rainstore"}]});
        // An upsert: sending it twice binds once.
        let req = self
            .request(
                Method::POST,
                format!(
                    "/console/enterprise/{enterprise}/cloud/bind-markets",
                    enterprise = seg(enterprise)
                ),
            )
            .json(body)
            .repeatable();
        self.envelope(&req).await.map(drop)
    }

    /// Every template of the store the console's key owns, across all pages.
    pub async fn templates(
        &self,
        enterprise: &str,
        store_name: &str,
    ) -> Result<Vec<StoreTemplate>> {
        let path = format!(
            "/console/enterprise/{enterprise}/cloud/markets/{store_name}/app-models",
            enterprise = seg(enterprise),
            store_name = seg(store_name)
        );
        let models: Vec<wire::AppModel> = self
            .all_pages(|| {
                self.request(Method::GET, path.clone())
                    .query("query", "")
                    .query("query_all", "false")
            })
            .await?;
        Ok(models.into_iter().map(Into::into).collect())
    }

    /// Creates a template in the store (private until it is listed); answers
    /// it and the logo the store kept (empty when the console dropped it).
    pub async fn create_template(
        &self,
        enterprise: &str,
        store_name: &str,
        t: &NewTemplate<'_>,
    ) -> Result<(StoreTemplate, String)> {
        let body = json!({"name": t.name, "desc": t.description, "logo": t.logo, "publish_type": "private",
                          "tags": t.tags, "introduction": t.introduction});
        let req = self
            .request(
                Method::POST,
                format!(
                    "/console/enterprise/{enterprise}/cloud/markets/{store_name}/app-models",
                    enterprise = seg(enterprise),
                    store_name = seg(store_name)
                ),
            )
            .json(body);
        let created: wire::CreatedAppModel = self.bean(req).await?;
        let logo = created.logo.clone();
        Ok((created.into(), logo))
    }

    pub async fn upload_logo(
        &self,
        file_name: &str,
        mime: &'static str,
        bytes: Vec<u8>,
    ) -> Result<String> {
        let body = Body::File {
            field: "file",
            file_name: file_name.to_owned(),
            mime,
            bytes,
        };
        let req = self
            .request(Method::POST, "/console/files/upload")
            .body(body);
        Ok(self.bean::<wire::FileBean>(req).await?.file_url)
    }

    /// The store templates an app can be published to (every one: not paged).
    pub async fn shareable_templates(
        &self,
        team: &str,
        region: &str,
        app_id: i64,
        store_name: &str,
    ) -> Result<Vec<StoreTemplate>> {
        let req = self
            .request(
                Method::GET,
                format!(
                    "/console/teams/{team}/groups/{app_id}/shared/apps",
                    team = seg(team)
                ),
            )
            .query("scope", "goodrain")
            .query("market_id", store_name)
            .query("region_name", region);
        Ok(self
            .list::<wire::SharedApp>(req)
            .await?
            .into_iter()
            .map(Into::into)
            .collect())
    }
}
