//! The Rainbond console: `Authorization: GRJWT <token>`, form-encoded login,
//! replies in the `{code, msg, msg_show, data: {bean, list}}` envelope.

use rbpub_core::online::{
    BindableStore, BoundStore, ConsoleAccount, PushEvent, RunningApp, ShareRecord, StoreTemplate,
};
use rbpub_core::Sensitive;
use reqwest::Method;
use serde::de::DeserializeOwned;
use serde_json::{json, Value};

use crate::error::{Error, ErrorKind, Result};
use crate::http::{server_text, Body, Request, Transport};
use crate::wire;

/// Cheap to clone: clones share the transport (and its per-host limit).
#[derive(Clone)]
pub struct ConsoleClient {
    http: Transport,
    base: String,
    /// `GRJWT <token>`
    auth: Option<Sensitive<String>>,
}

/// The version a share publishes, and where to.
#[derive(Clone, Debug)]
pub struct ShareVersion {
    /// The store template's id (`appKeyID`).
    pub template_id: String,
    pub version: String,
    pub alias: String,
    pub release_notes: String,
    /// The bound store's name in the console.
    pub store_name: String,
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

/// What a share will publish, as the console proposed it; sent back on submit.
#[derive(Clone, Debug, Default)]
pub struct SharePlan {
    pub services: Vec<Value>,
    pub plugins: Vec<Value>,
    pub k8s_resources: Vec<Value>,
}

impl SharePlan {
    pub fn component_names(&self) -> Vec<String> {
        self.services
            .iter()
            .filter_map(|s| s["service_cname"].as_str().map(str::to_owned))
            .collect()
    }
}

fn console_error(status: u16, body: &[u8], call: &str) -> Error {
    let kind = match status {
        401 => ErrorKind::ConsoleSignedOut,
        403 => ErrorKind::NoWritePermission,
        404 => ErrorKind::NotFound,
        415 => ErrorKind::NotReady,
        500.. => ErrorKind::Server,
        _ => ErrorKind::Validation,
    };
    let detail = serde_json::from_slice::<wire::ConsoleErrorBody>(body)
        .ok()
        .and_then(|b| b.msg_show.filter(|m| !m.is_empty()).or(b.msg))
        .unwrap_or_else(|| format!("HTTP {status}: {}", server_text(body)));
    Error::new(kind, call, detail)
}

fn login_error(status: u16, body: &[u8], call: &str) -> Error {
    let mut e = console_error(status, body, call);
    if matches!(status, 400 | 401 | 403) {
        e.kind = ErrorKind::ConsoleLoginFailed;
    }
    e
}

fn typed<T: DeserializeOwned>(call: &str, part: &str, value: Value) -> Result<T> {
    serde_json::from_value(value)
        .map_err(|e| Error::new(ErrorKind::Malformed, call, format!("{part}: {e}")))
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

    fn request(&self, method: Method, path: impl Into<String>) -> Request<'_> {
        let req = Request::new(method, &self.base, path);
        match &self.auth {
            Some(auth) => req.auth(auth.expose()),
            None => req,
        }
    }

    async fn bean<T: DeserializeOwned>(&self, req: Request<'_>) -> Result<T> {
        let reply: wire::Envelope = self.http.call(&req, console_error).await?;
        typed(&req.name(), "data.bean", reply.data.bean)
    }

    async fn list<T: DeserializeOwned>(&self, req: Request<'_>) -> Result<Vec<T>> {
        let reply: wire::Envelope = self.http.call(&req, console_error).await?;
        typed(&req.name(), "data.list", Value::Array(reply.data.list))
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
            .request(Method::GET, format!("/console/teams/{team}/groups"))
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
                format!("/console/enterprise/{enterprise}/cloud/markets"),
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
                format!("/console/enterprise/{enterprise}/cloud/bindable-markets"),
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
                format!("/console/enterprise/{enterprise}/cloud/bind-markets"),
            )
            .json(body)
            .repeatable();
        self.http
            .call::<wire::Envelope>(&req, console_error)
            .await
            .map(drop)
    }

    pub async fn templates(
        &self,
        enterprise: &str,
        store_name: &str,
    ) -> Result<Vec<StoreTemplate>> {
        let req = self
            .request(
                Method::GET,
                format!("/console/enterprise/{enterprise}/cloud/markets/{store_name}/app-models"),
            )
            .query("page", 1)
            .query("page_size", 100)
            .query("query", "")
            .query("query_all", "false");
        Ok(self
            .list::<wire::AppModel>(req)
            .await?
            .into_iter()
            .map(Into::into)
            .collect())
    }

    /// Creates a template in the store (private until it is listed).
    pub async fn create_template(
        &self,
        enterprise: &str,
        store_name: &str,
        t: &NewTemplate<'_>,
    ) -> Result<StoreTemplate> {
        let body = json!({"name": t.name, "desc": t.description, "logo": t.logo, "publish_type": "private",
                          "tags": t.tags, "introduction": t.introduction});
        let req = self
            .request(
                Method::POST,
                format!("/console/enterprise/{enterprise}/cloud/markets/{store_name}/app-models"),
            )
            .json(body);
        Ok(self.bean::<wire::AppModel>(req).await?.into())
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

    /// The store templates an app can be published to.
    pub async fn shareable_templates(
        &self,
        team: &str,
        app_id: i64,
        store_name: &str,
    ) -> Result<Vec<StoreTemplate>> {
        let req = self
            .request(
                Method::GET,
                format!("/console/teams/{team}/groups/{app_id}/shared/apps"),
            )
            .query("scope", "goodrain")
            .query("market_id", store_name);
        Ok(self
            .list::<wire::AppModel>(req)
            .await?
            .into_iter()
            .map(Into::into)
            .collect())
    }

    /// Starts a share of a running app, or gets the unfinished one: the console
    /// answers with the open record, so sending it again starts nothing new.
    pub async fn start_share(
        &self,
        team: &str,
        region: &str,
        app_id: i64,
        store_name: &str,
    ) -> Result<ShareRecord> {
        let req = self
            .request(
                Method::POST,
                format!("/console/teams/{team}/groups/{app_id}/share/record"),
            )
            .query("region_name", region)
            .json(json!({"scope": "goodrain", "target": {"store_id": store_name}}))
            .repeatable();
        Ok(self.bean::<wire::Record>(req).await?.into())
    }

    pub async fn share_record(
        &self,
        team: &str,
        app_id: i64,
        share_id: i64,
    ) -> Result<ShareRecord> {
        let req = self.request(
            Method::GET,
            format!("/console/teams/{team}/groups/{app_id}/share/record/{share_id}"),
        );
        Ok(self.bean::<wire::Record>(req).await?.into())
    }

    pub async fn share_records(&self, team: &str, app_id: i64) -> Result<Vec<ShareRecord>> {
        let req = self
            .request(
                Method::GET,
                format!("/console/teams/{team}/groups/{app_id}/share/record"),
            )
            .query("page", 1)
            .query("page_size", 100);
        Ok(self
            .list::<wire::Record>(req)
            .await?
            .into_iter()
            .map(Into::into)
            .collect())
    }

    pub async fn share_plan(&self, team: &str, region: &str, share_id: i64) -> Result<SharePlan> {
        let req = self
            .request(
                Method::GET,
                format!("/console/teams/{team}/share/{share_id}/info"),
            )
            .query("region_name", region);
        let info: wire::ShareInfo = self.bean(req).await?;
        Ok(SharePlan {
            services: info.share_service_list,
            plugins: info.share_plugin_list,
            k8s_resources: info.share_k8s_resources,
        })
    }

    pub async fn submit_share(
        &self,
        team: &str,
        region: &str,
        share_id: i64,
        version: &ShareVersion,
        plan: &SharePlan,
    ) -> Result<()> {
        let body = json!({
            "app_version_info": {
                "app_model_id": version.template_id, "version": version.version,
                "version_alias": version.alias, "describe": version.release_notes, "template_type": "RAM",
                "scope": "goodrain", "market_id": version.store_name,
                "scope_target": {"store_id": version.store_name, "store_name": version.store_name},
                "is_plugin": false,
            },
            "share_service_list": plan.services, "share_plugin_list": plan.plugins,
            "share_k8s_resources": plan.k8s_resources,
        });
        // Submitting again replaces the first submit: safe to repeat.
        let req = self
            .request(
                Method::POST,
                format!("/console/teams/{team}/share/{share_id}/info"),
            )
            .query("use_force", "true")
            .query("is_plugin", "false")
            .query("region_name", region)
            .json(body)
            .repeatable();
        self.http
            .call::<wire::Envelope>(&req, console_error)
            .await
            .map(drop)
    }

    pub async fn push_events(
        &self,
        team: &str,
        region: &str,
        share_id: i64,
    ) -> Result<Vec<PushEvent>> {
        let req = self
            .request(
                Method::GET,
                format!("/console/teams/{team}/share/{share_id}/events"),
            )
            .query("region_name", region);
        let events: wire::Events = self.bean(req).await?;
        Ok(events.event_list.into_iter().map(Into::into).collect())
    }

    fn event_path(team: &str, share_id: i64, event: &PushEvent) -> String {
        let plugin = if event.plugin { "/plugin" } else { "" };
        format!(
            "/console/teams/{team}/share/{share_id}/events/{}{plugin}",
            event.id
        )
    }

    /// Starts one image push; starting a push under way or done changes nothing.
    pub async fn start_push(
        &self,
        team: &str,
        region: &str,
        share_id: i64,
        event: &PushEvent,
    ) -> Result<PushEvent> {
        let req = self
            .request(Method::POST, Self::event_path(team, share_id, event))
            .query("region_name", region)
            .repeatable();
        Ok(self.bean::<wire::Event>(req).await?.into())
    }

    pub async fn push_event(
        &self,
        team: &str,
        region: &str,
        share_id: i64,
        event: &PushEvent,
    ) -> Result<PushEvent> {
        let req = self
            .request(Method::GET, Self::event_path(team, share_id, event))
            .query("region_name", region);
        Ok(self.bean::<wire::Event>(req).await?.into())
    }

    /// Finishes a share; `NotReady` while an image is still pushing. Completing
    /// twice answers the same, so it is safe to repeat.
    pub async fn complete_share(
        &self,
        team: &str,
        region: &str,
        share_id: i64,
    ) -> Result<ShareRecord> {
        let req = self
            .request(
                Method::POST,
                format!("/console/teams/{team}/share/{share_id}/complete"),
            )
            .query("is_plugin", "false")
            .query("region_name", region)
            .repeatable();
        Ok(self.bean::<wire::Record>(req).await?.into())
    }

    pub async fn give_up(&self, team: &str, region: &str, share_id: i64) -> Result<()> {
        let req = self
            .request(
                Method::DELETE,
                format!("/console/teams/{team}/share/{share_id}/giveup"),
            )
            .query("region_name", region);
        self.http
            .call::<wire::Envelope>(&req, console_error)
            .await
            .map(drop)
    }
}
