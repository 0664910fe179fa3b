//! The console's own library (team and enterprise app models) and whether its
//! cloud stores are usable at all: an offline console publishes only there
//! (docs/console-api.md, "Publishing to the console's own library").

use rbpub_core::{AppModel, LibraryScope};
use reqwest::Method;
use serde_json::{json, Value};

use crate::console::ConsoleClient;
use crate::error::{ErrorKind, Result};
use crate::http::seg;
use crate::wire;

/// A library version's Release mark as the console recorded it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReleaseMark {
    /// The version number.
    pub version: String,
    /// Marked Release.
    pub release: bool,
    /// The console user who last set it (kept when it is cleared).
    pub release_user_id: Option<i64>,
}

/// A version of an app model with its template (`app_template`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ModelTemplate {
    pub version: String,
    /// The share that made it completed.
    pub complete: bool,
    /// The RAM template as JSON text; empty before the share completes.
    pub template: String,
}

/// An app model to make in the library.
#[derive(Clone, Debug)]
pub struct NewAppModel<'a> {
    pub name: &'a str,
    pub describe: &'a str,
    /// The introduction (Markdown): the console's `details`.
    pub details: &'a str,
    /// The upload's `file_url`, or empty.
    pub pic: &'a str,
    /// Enterprise tag ids.
    pub tag_ids: &'a [i64],
    pub scope: LibraryScope,
    /// The team that makes it (a team model's owner).
    pub team: &'a str,
}

/// What the console says of one bound store.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StoreState {
    /// `status: 1`: it takes publishes (the key's actions permitting).
    Usable,
    /// `status: 0`: the console's cloud stores are turned off (an offline console).
    Offline,
}

impl ConsoleClient {
    /// The library's models of `scope` whose name contains `name` (the console
    /// matches substrings, any case): a team's models made by `team`, or every
    /// enterprise model. Every page is read. Versions are the complete ones
    /// (`is_complete=1`, as the console's page asks: without it a share under
    /// way hides the complete row of its number). Hidden snapshot templates are
    /// in the console's list and here too, marked [`AppModel::hidden`].
    pub async fn app_models(
        &self,
        enterprise: &str,
        scope: LibraryScope,
        team: &str,
        name: &str,
    ) -> Result<Vec<AppModel>> {
        let path = format!(
            "/console/enterprise/{enterprise}/app-models",
            enterprise = seg(enterprise)
        );
        let models: Vec<wire::LibraryModel> = self
            .all_pages(|| {
                self.request(Method::GET, path.clone())
                    .query("scope", scope.as_str())
                    .query("tenant_name", team)
                    .query("app_name", name)
                    .query("is_complete", "1")
            })
            .await?;
        Ok(models.into_iter().map(Into::into).collect())
    }

    /// The model's version rows on the console's first page (one per number,
    /// highest first, complete or not), each with its template as kept.
    pub async fn app_model_versions(
        &self,
        enterprise: &str,
        app_id: &str,
    ) -> Result<Vec<ModelTemplate>> {
        let path = format!(
            "/console/enterprise/{enterprise}/app-model/{app_id}",
            enterprise = seg(enterprise),
            app_id = seg(app_id)
        );
        let req = self
            .request(Method::GET, path)
            .query("page", 1)
            .query("page_size", 20);
        let rows: Vec<wire::LibraryVersionRow> = self.list(req).await?;
        Ok(rows
            .into_iter()
            .map(|r| ModelTemplate {
                version: r.version,
                complete: r.is_complete,
                template: r.app_template.unwrap_or_default(),
            })
            .collect())
    }

    /// Sets (`release`) or clears a library version's Release mark
    /// (docs/install-upgrade.md B1). `dev_status` is always sent: the view
    /// writes it whatever the body says, so a PUT without it clears the mark;
    /// the alias and notes are not sent, so they are kept. Only the newest row
    /// of the number changes. Answers what the console recorded.
    pub async fn set_release_mark(
        &self,
        enterprise: &str,
        app_id: &str,
        version: &str,
        release: bool,
    ) -> Result<ReleaseMark> {
        let path = format!(
            "/console/enterprise/{enterprise}/app-model/{app_id}/version/{version}",
            enterprise = seg(enterprise),
            app_id = seg(app_id),
            version = seg(version)
        );
        let body = json!({"dev_status": if release { "release" } else { "" }});
        let row: wire::LibraryVersionMark = self
            .bean(self.request(Method::PUT, path).json(body))
            .await?;
        Ok(ReleaseMark {
            version: row.version,
            release: row.dev_status == "release",
            release_user_id: row.release_user_id,
        })
    }

    /// Makes an app model. The console answers without an id (find it with
    /// [`ConsoleClient::app_models`]); `Ok(false)` when one of that name was
    /// there already in that scope (and team): nothing was made.
    pub async fn create_app_model(&self, enterprise: &str, m: &NewAppModel<'_>) -> Result<bool> {
        let body = json!({
            "name": m.name, "describe": m.describe, "pic": m.pic, "details": m.details,
            "dev_status": "", "tag_ids": m.tag_ids, "scope": m.scope.as_str(), "create_team": m.team,
        });
        let req = self
            .request(
                Method::POST,
                format!(
                    "/console/enterprise/{enterprise}/app-models",
                    enterprise = seg(enterprise)
                ),
            )
            .json(body);
        match self.envelope(&req).await {
            Ok(_) => Ok(true),
            Err(e) if e.kind == ErrorKind::Exists => Ok(false),
            Err(e) => Err(e),
        }
    }

    /// The enterprise's tags: `(tag_id, name)`.
    pub async fn app_tags(&self, enterprise: &str) -> Result<Vec<(i64, String)>> {
        let req = self.request(Method::GET, Self::tags_path(enterprise));
        Ok(self
            .list::<wire::LibraryTag>(req)
            .await?
            .into_iter()
            .map(|t| (t.tag_id, t.name))
            .collect())
    }

    /// Makes a tag (the answer has no id: list again); `Ok(false)` when the
    /// enterprise has it already.
    pub async fn create_app_tag(&self, enterprise: &str, name: &str) -> Result<bool> {
        let req = self
            .request(Method::POST, Self::tags_path(enterprise))
            .json(json!({ "name": name }));
        match self.envelope(&req).await {
            Ok(_) => Ok(true),
            Err(e) if e.kind == ErrorKind::Exists => Ok(false),
            Err(e) => Err(e),
        }
    }

    fn tags_path(enterprise: &str) -> String {
        format!(
            "/console/enterprise/{enterprise}/app-models/tag",
            enterprise = seg(enterprise)
        )
    }

    /// One bound store as the console sees it: this view is how a client tells
    /// an offline console (`status: 0`) from a store that is down (400
    /// 应用商店状态异常, [`ErrorKind::StoreUnavailable`]). The store object
    /// comes in `data.list`.
    pub async fn store_state(&self, enterprise: &str, store_name: &str) -> Result<StoreState> {
        let req = self
            .request(
                Method::GET,
                format!(
                    "/console/enterprise/{enterprise}/cloud/markets/{name}",
                    enterprise = seg(enterprise),
                    name = seg(store_name)
                ),
            )
            .query("extend", "true");
        let reply = self.envelope(&req).await?;
        // The view writes the store object itself into `data.list`; a console
        // that wraps it in an array, or puts it in `bean`, is read alike.
        let one = match (reply.data.list, reply.data.bean) {
            (Value::Object(o), _) if !o.is_empty() => Value::Object(o),
            (Value::Array(mut items), _) if !items.is_empty() => items.swap_remove(0),
            (_, Value::Object(o)) if !o.is_empty() => Value::Object(o),
            _ => {
                return Err(crate::Error::new(
                    ErrorKind::Malformed,
                    &req.name(),
                    "the store view answered no store",
                ))
            }
        };
        let market: wire::OneMarket = crate::console::typed(&req.name(), "data.list", one)?;
        Ok(match market.status {
            1 => StoreState::Usable,
            _ => StoreState::Offline,
        })
    }
}
