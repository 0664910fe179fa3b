//! Installing a version into an app, upgrading it and deleting the app,
//! through the console's views (docs/install-upgrade.md, A1–A8, read
//! 2026-12-07). The install answers no ids: what it made is read from the
//! app's installs and components. Only the one-record view of an upgrade asks
//! the cluster how it went. `delete_app_and_components` is the one delete that
//! removes the components too.

use reqwest::Method;
use serde::Deserialize;
use serde_json::{json, Value};

use crate::console::ConsoleClient;
use crate::error::{Error, ErrorKind, Result};
use crate::http::seg;

/// Where an install reads its template: the console's library or a bound store.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InstallFrom {
    /// A library model (team or enterprise), by its id.
    Library { model: String },
    /// A bound store's app, by the store's name and the app's id.
    Store { store: String, app: String },
}

/// One install of a model into an app (an upgrade group).
#[derive(Clone, Debug, Deserialize)]
pub struct Install {
    /// Its id (the console writes it as a string).
    #[serde(deserialize_with = "id_from_text")]
    pub upgrade_group_id: i64,
    /// The model installed.
    #[serde(default)]
    pub group_key: String,
    /// The version it runs.
    #[serde(default)]
    pub current_version: String,
    /// The versions it can upgrade to, in no order.
    #[serde(default)]
    pub upgrade_versions: Vec<String>,
}

fn id_from_text<'de, D: serde::Deserializer<'de>>(d: D) -> std::result::Result<i64, D::Error> {
    match Value::deserialize(d)? {
        Value::Number(n) => n
            .as_i64()
            .ok_or_else(|| serde::de::Error::custom("not an id")),
        Value::String(s) => s.parse().map_err(serde::de::Error::custom),
        _ => Err(serde::de::Error::custom("not an id")),
    }
}

/// A component of an app, with its state as the cluster reports it.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
pub struct AppComponent {
    pub service_id: String,
    pub service_alias: String,
    pub service_cname: String,
    /// `complete` once saved.
    #[serde(default)]
    pub create_status: String,
    /// `running`, `deploying`, `abnormal`, `undeploy`, `closed`, …
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub version: String,
}

/// A component of one install, with its columns.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
pub struct InstalledComponent {
    pub service_id: String,
    pub service_alias: String,
    pub service_cname: String,
    #[serde(default)]
    pub service_key: String,
    #[serde(default)]
    pub image: String,
    #[serde(default)]
    pub version: String,
    #[serde(default)]
    pub deploy_version: String,
}

/// What `upgrade-info` says of one component: one the install has, or one B adds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UpgradeItem {
    /// Empty for a component B would add.
    pub service_id: String,
    pub service_cname: String,
    pub service_key: String,
    /// B adds it beside the install's components.
    pub added: bool,
    /// It changes (an existing component).
    pub changes: bool,
}

/// An upgrade record as the console answers it.
#[derive(Clone, Debug, Deserialize)]
pub struct UpgradeRecord {
    #[serde(rename = "ID")]
    pub id: i64,
    /// 1 not upgraded, 2 upgrading, 3 upgraded, 6 partly, 8 failed, 10 deploy failed, …
    pub status: i64,
    #[serde(default)]
    pub version: String,
    #[serde(default)]
    pub is_finished: bool,
    #[serde(default)]
    pub service_record: Vec<Value>,
}

impl ConsoleClient {
    /// A call to one of the team's views in `region` (every view here needs the region).
    fn in_region(
        &self,
        method: Method,
        team: &str,
        region: &str,
        rest: &str,
    ) -> crate::http::Request<'_> {
        let path = format!("/console/teams/{team}{rest}", team = seg(team));
        self.request(method, path).query("region_name", region)
    }

    /// Makes an app of the team (`k8s_app` its Kubernetes name); its id.
    pub async fn create_app(
        &self,
        team: &str,
        region: &str,
        name: &str,
        k8s_app: &str,
    ) -> Result<i64> {
        let req = self
            .in_region(Method::POST, team, region, "/groups")
            .json(json!({"app_name": name, "k8s_app": k8s_app, "note": "made by rbpub rehearse"}));
        let bean: Value = self.bean(req).await?;
        bean["group_id"].as_i64().ok_or_else(|| {
            Error::new(
                ErrorKind::Malformed,
                "POST groups",
                "data.bean: no group_id",
            )
        })
    }

    fn install_body(app: i64, from: &InstallFrom, version: &str) -> Value {
        // JSON booleans: the console tests `install_from_cloud` with a plain
        // `if`, so "false" would be the store. Never `dry_run`: it installs
        // into the console's first app, whoever's it is.
        match from {
            InstallFrom::Library { model } => json!({"group_id": app, "app_id": model,
                "app_version": version, "install_from_cloud": false, "is_deploy": true}),
            InstallFrom::Store { store, app: model } => json!({"group_id": app, "app_id": model,
                "app_version": version, "install_from_cloud": true, "market_name": store, "is_deploy": true}),
        }
    }

    /// What installing `version` would need: `pass`, `warning` or `block`, and
    /// the summary in the console's words.
    pub async fn install_preflight(
        &self,
        team: &str,
        region: &str,
        app: i64,
        from: &InstallFrom,
        version: &str,
    ) -> Result<(String, String)> {
        let req = self
            .in_region(Method::POST, team, region, "/apps/market_create/preflight")
            .json(Self::install_body(app, from, version));
        let bean: Value = self.bean(req).await?;
        Ok((
            bean["status"].as_str().unwrap_or_default().to_owned(),
            bean["summary"].as_str().unwrap_or_default().to_owned(),
        ))
    }

    /// Installs `version` into `app`. The answer has no ids: read
    /// [`ConsoleClient::installs`]. Never sent twice: a second POST installs
    /// everything again.
    pub async fn install(
        &self,
        team: &str,
        region: &str,
        app: i64,
        from: &InstallFrom,
        version: &str,
    ) -> Result<()> {
        let req = self
            .in_region(Method::POST, team, region, "/apps/market_create")
            .json(Self::install_body(app, from, version));
        self.envelope(&req).await.map(drop)
    }

    /// The installs in an app, one per upgrade group.
    pub async fn installs(&self, team: &str, region: &str, app: i64) -> Result<Vec<Install>> {
        let req = self.in_region(Method::GET, team, region, &format!("/groups/{app}/apps"));
        self.list(req).await
    }

    /// Every component of an app with its status (all at once: `page_size=-1`).
    pub async fn app_components(
        &self,
        team: &str,
        region: &str,
        app: i64,
    ) -> Result<Vec<AppComponent>> {
        let req = self
            .in_region(Method::GET, team, region, "/service/group")
            .query("group_id", app)
            .query("page", 1)
            .query("page_size", -1);
        self.list(req).await
    }

    /// The components of one install, with their image and keys.
    pub async fn install_components(
        &self,
        team: &str,
        region: &str,
        app: i64,
        install: &Install,
    ) -> Result<Vec<InstalledComponent>> {
        let path = format!("/groups/{app}/apps/{}/components", install.upgrade_group_id);
        let req = self
            .in_region(Method::GET, team, region, &path)
            .query("app_model_key", &install.group_key);
        self.list(req).await
    }

    /// A component's variables, `inner` or `outer` (connection), every page.
    pub async fn component_envs(
        &self,
        team: &str,
        region: &str,
        alias: &str,
        env_type: &str,
    ) -> Result<Vec<(String, String)>> {
        const PAGE: usize = 50;
        let mut all = Vec::new();
        for page in 1..=200 {
            let req = self
                .in_region(
                    Method::GET,
                    team,
                    region,
                    &format!("/apps/{}/envs", seg(alias)),
                )
                .query("env_type", env_type)
                .query("page", page)
                .query("page_size", PAGE);
            let mut reply = self.envelope(&req).await?;
            let total = reply.data.bean["total"].as_u64().unwrap_or(0) as usize;
            let items = crate::console::list_items(&req.name(), &mut reply)?;
            let got = items.len();
            all.extend(items.into_iter().map(|e| {
                (
                    e["attr_name"].as_str().unwrap_or_default().to_owned(),
                    e["attr_value"].as_str().unwrap_or_default().to_owned(),
                )
            }));
            if got == 0 || all.len() >= total {
                break;
            }
        }
        Ok(all)
    }

    /// A component's ports (container port numbers).
    pub async fn component_ports(&self, team: &str, region: &str, alias: &str) -> Result<Vec<u32>> {
        let path = format!("/apps/{}/ports", seg(alias));
        let req = self.in_region(Method::GET, team, region, &path);
        let items: Vec<Value> = self.list(req).await?;
        Ok(items
            .iter()
            .filter_map(|p| p["container_port"].as_u64())
            .filter_map(|n| u32::try_from(n).ok())
            .collect())
    }

    /// A component's volumes (their paths).
    pub async fn component_volumes(
        &self,
        team: &str,
        region: &str,
        alias: &str,
    ) -> Result<Vec<String>> {
        let path = format!("/apps/{}/volumes", seg(alias));
        let req = self.in_region(Method::GET, team, region, &path);
        let items: Vec<Value> = self.list(req).await?;
        Ok(items
            .iter()
            .filter_map(|v| v["volume_path"].as_str().map(str::to_owned))
            .collect())
    }

    /// The components a component depends on (their names), every page.
    pub async fn component_dependencies(
        &self,
        team: &str,
        region: &str,
        alias: &str,
    ) -> Result<Vec<String>> {
        let path = format!("/apps/{}/dependency", seg(alias));
        let items: Vec<Value> = self
            .all_pages(|| self.in_region(Method::GET, team, region, &path))
            .await?;
        Ok(items
            .iter()
            .filter_map(|d| d["service_cname"].as_str().map(str::to_owned))
            .collect())
    }

    /// A component's status; `None` once it is gone (404).
    pub async fn component_status(
        &self,
        team: &str,
        region: &str,
        alias: &str,
    ) -> Result<Option<String>> {
        let req = self.in_region(
            Method::GET,
            team,
            region,
            &format!("/apps/{}/status", seg(alias)),
        );
        match self.bean::<Value>(req).await {
            Ok(bean) => Ok(Some(bean["status"].as_str().unwrap_or_default().to_owned())),
            Err(e) if e.kind == ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Starts an upgrade record for an install (status 1).
    pub async fn start_upgrade_record(
        &self,
        team: &str,
        region: &str,
        app: i64,
        install: i64,
    ) -> Result<UpgradeRecord> {
        let req = self
            .in_region(
                Method::POST,
                team,
                region,
                &format!("/groups/{app}/upgrade-records"),
            )
            .json(json!({"upgrade_group_id": install}));
        self.bean(req).await
    }

    /// What upgrading the install to `version` would change, component by component.
    pub async fn upgrade_info(
        &self,
        team: &str,
        region: &str,
        app: i64,
        install: i64,
        version: &str,
    ) -> Result<Vec<UpgradeItem>> {
        let req = self
            .in_region(
                Method::GET,
                team,
                region,
                &format!("/groups/{app}/upgrade-info"),
            )
            .query("upgrade_group_id", install)
            .query("version", version);
        let items: Vec<Value> = self.list(req).await?;
        Ok(items
            .iter()
            .map(|i| {
                let s = &i["service"];
                let text = |k: &str| s[k].as_str().unwrap_or_default().to_owned();
                UpgradeItem {
                    service_id: text("service_id"),
                    service_cname: text("service_cname"),
                    service_key: text("service_key"),
                    added: s["type"] == "add",
                    changes: s["have_change"] == json!(true),
                }
            })
            .collect())
    }

    /// Upgrades the record's install to `version`, every component.
    pub async fn upgrade(
        &self,
        team: &str,
        region: &str,
        app: i64,
        record: i64,
        version: &str,
    ) -> Result<UpgradeRecord> {
        let path = format!("/groups/{app}/upgrade-records/{record}/upgrade");
        let req = self
            .in_region(Method::POST, team, region, &path)
            .json(json!({"version": version}));
        self.bean(req).await
    }

    /// One upgrade record, asking the cluster how it goes (the history never does).
    pub async fn upgrade_record(
        &self,
        team: &str,
        region: &str,
        app: i64,
        record: i64,
    ) -> Result<UpgradeRecord> {
        let req = self.in_region(
            Method::GET,
            team,
            region,
            &format!("/groups/{app}/upgrade-records/{record}"),
        );
        self.bean(req).await
    }

    /// Deletes the app with every component it has (`.../handle`; a plain
    /// `DELETE groups/{app}` would leave the components running).
    pub async fn delete_app_and_components(
        &self,
        team: &str,
        region: &str,
        app: i64,
    ) -> Result<()> {
        let req = self.in_region(
            Method::DELETE,
            team,
            region,
            &format!("/groups/{app}/handle"),
        );
        self.envelope(&req).await.map(drop)
    }
}
