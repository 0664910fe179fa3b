//! The console's share flow, to a bound store (scope `goodrain`) or to the
//! console's own library (scope `team`/`enterprise`): record, plan, submit,
//! image pushes, complete, give up. Nothing here is safe to send twice (docs/console-api.md,
//! "What is safe to send twice"): the POSTs are never retried by the transport,
//! and callers learn where a share stands by reading it.

use std::time::Duration;

use rbpub_core::online::{PushEvent, ShareRecord};
use rbpub_core::share::{PlanPlugin, PlannedComponent, PublishMode};
use rbpub_core::Destination;
use reqwest::Method;
use serde_json::{json, Value};

use crate::console::ConsoleClient;
use crate::error::{ErrorKind, Result};
use crate::http::{seg, Request};
use crate::wire;

/// Records asked for per page of the history: the console honours it as sent.
const RECORD_PAGE_SIZE: usize = 50;
/// A bound on paging, so a console that counts wrongly cannot loop us.
const MAX_RECORD_PAGES: usize = 200;
/// The console works inside an image push's start for up to about 60 s (a VM's
/// disk export); the call is given longer than the transport's usual limit.
const START_PUSH_TIMEOUT: Duration = Duration::from_secs(120);
/// A complete to a store: inside that one call the console uploads the whole
/// template to the store (share_services.py:1527-1545, publish_app_to_public_market),
/// which for a large template takes far longer than an ordinary call's 30 s.
const COMPLETE_TIMEOUT: Duration = Duration::from_secs(10 * 60);

/// The version a share publishes, and where to.
#[derive(Clone, Debug)]
pub struct ShareVersion {
    /// The store template's id (`appKeyID`), or the library's app model id.
    pub template_id: String,
    pub version: String,
    pub alias: String,
    pub release_notes: String,
    /// A bound store (by its name in the console) or the library.
    pub to: Destination,
}

/// A snapshot a share publishes instead of the app as it runs now: its hidden
/// template and its version number.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SnapshotRef {
    pub template_id: String,
    pub version: String,
}

/// What a share will publish, as the console proposed it; sent back on submit
/// (a runtime share; a snapshot's plan is the snapshot's and is not sent).
#[derive(Clone, Debug, Default)]
pub struct SharePlan {
    pub mode: PublishMode,
    pub services: Vec<Value>,
    pub plugins: Vec<Value>,
    pub k8s_resources: Vec<Value>,
}

fn text<'a>(v: &'a Value, key: &str) -> &'a str {
    v.get(key).and_then(Value::as_str).unwrap_or_default()
}

impl SharePlan {
    pub fn component_names(&self) -> Vec<String> {
        self.services
            .iter()
            .map(|s| text(s, "service_cname").to_owned())
            .collect()
    }

    /// The components proposed, by id and name.
    pub fn planned(&self) -> Vec<PlannedComponent> {
        self.services
            .iter()
            .map(|s| PlannedComponent {
                id: text(s, "service_id").to_owned(),
                name: text(s, "service_cname").to_owned(),
            })
            .collect()
    }

    /// The plugins proposed, each with the shared components that use it.
    pub fn plugins(&self) -> Vec<PlanPlugin> {
        self.plugins
            .iter()
            .map(|p| {
                let id = text(p, "plugin_id").to_owned();
                let required_by = self
                    .services
                    .iter()
                    .filter(|s| {
                        s["service_related_plugin_config"]
                            .as_array()
                            .into_iter()
                            .flatten()
                            .any(|r| text(r, "plugin_id") == id)
                    })
                    .map(|s| text(s, "service_cname").to_owned())
                    .collect();
                let name = match text(p, "plugin_alias") {
                    "" => text(p, "plugin_name"),
                    alias => alias,
                };
                PlanPlugin {
                    name: name.to_owned(),
                    category: text(p, "category").to_owned(),
                    id,
                    required_by,
                }
            })
            .collect()
    }

    /// The plan sharing only the plugins chosen (ids or names; `None`: all)
    /// and every plugin a shared component uses, items kept as the console gave
    /// them.
    pub fn with_plugins(mut self, chosen: Option<&[String]>) -> SharePlan {
        let Some(chosen) = chosen else { return self };
        let keep: Vec<bool> = self
            .plugins()
            .iter()
            .map(|p| !p.required_by.is_empty() || chosen.iter().any(|c| *c == p.id || *c == p.name))
            .collect();
        let mut keep = keep.into_iter();
        self.plugins.retain(|_| keep.next().unwrap_or(true));
        self
    }

    /// The plan with these connection values (`<service_share_uuid>/<attr_name>`)
    /// set to `**None**`, which the console turns into a random value at each
    /// install; everything else as the console gave it.
    pub fn with_random_per_install(mut self, chosen: &[String]) -> SharePlan {
        if chosen.is_empty() {
            return self;
        }
        for service in &mut self.services {
            let key = text(service, "service_share_uuid").to_owned();
            let Some(list) = service
                .get_mut("service_connect_info_map_list")
                .and_then(Value::as_array_mut)
            else {
                continue;
            };
            for env in list {
                let address = format!("{key}/{}", text(env, "attr_name"));
                if chosen.contains(&address) {
                    env["attr_value"] = json!("**None**");
                }
            }
        }
        self
    }

    /// How many image pushes the plan makes: one per component and per plugin.
    pub fn image_count(&self) -> usize {
        self.services.len() + self.plugins.len()
    }
}

impl ConsoleClient {
    /// Starts a new share record: of the app as it runs now, or of `snapshot`.
    /// Every POST makes another record: callers keep the id before anything
    /// else and never send this again for the same share. A library's record
    /// names its scope and no target (a target takes the store's path).
    pub async fn start_share(
        &self,
        team: &str,
        region: &str,
        app_id: i64,
        to: &Destination,
        snapshot: Option<&SnapshotRef>,
    ) -> Result<ShareRecord> {
        let mut body = match to {
            Destination::Store { name } => {
                json!({"scope": "goodrain", "target": {"store_id": name}})
            }
            Destination::Library { scope } => json!({"scope": scope.as_str()}),
        };
        if let Some(x) = snapshot {
            // Never `snapshot_mode`: that asks for the snapshot-making page's record.
            body["snapshot_app_id"] = json!(x.template_id);
            body["snapshot_version"] = json!(x.version);
        }
        let req = self
            .request(
                Method::POST,
                format!(
                    "/console/teams/{team}/groups/{app_id}/share/record",
                    team = seg(team)
                ),
            )
            .query("region_name", region)
            .json(body);
        Ok(self.bean::<wire::RecordColumns>(req).await?.into())
    }

    /// One record; `None` when the console has none (given up, or never made).
    pub async fn share_record(
        &self,
        team: &str,
        region: &str,
        app_id: i64,
        share_id: i64,
    ) -> Result<Option<ShareRecord>> {
        let req = self
            .request(
                Method::GET,
                format!(
                    "/console/teams/{team}/groups/{app_id}/share/record/{share_id}",
                    team = seg(team)
                ),
            )
            .query("region_name", region);
        Ok(self
            .maybe_bean::<wire::RecordView>(req)
            .await?
            .map(Into::into))
    }

    /// The app's records, newest first, across all pages. Records still at step 1
    /// of a runtime share (no version yet) are not listed by the console, and its
    /// `total` is counted per page (all records less those skipped on that page),
    /// so a page comes back short without being the last: the next page is asked
    /// for only while `(page − 1) · page_size + len(list) < total`, which holds
    /// exactly while one exists. A page past the end is HTTP 500 (`EmptyPage`).
    pub async fn share_records(
        &self,
        team: &str,
        region: &str,
        app_id: i64,
    ) -> Result<Vec<ShareRecord>> {
        let path = format!(
            "/console/teams/{team}/groups/{app_id}/share/record",
            team = seg(team)
        );
        let mut records = Vec::new();
        for page in 1..=MAX_RECORD_PAGES {
            let req = self
                .request(Method::GET, path.clone())
                .query("region_name", region)
                .query("page", page)
                .query("page_size", RECORD_PAGE_SIZE);
            let mut reply = self.envelope(&req).await?;
            let total = reply
                .data
                .bean
                .get("total")
                .and_then(Value::as_u64)
                .or(reply.data.total.and_then(|t| u64::try_from(t).ok()));
            let list = crate::console::list_items(&req.name(), &mut reply)?;
            let got = list.len();
            let mut views: Vec<wire::RecordView> =
                crate::console::typed(&req.name(), "data.list", Value::Array(list))?;
            records.append(&mut views);
            let before = ((page - 1) * RECORD_PAGE_SIZE + got) as u64;
            // Without a count, only a full page says there may be more.
            let more = match total {
                Some(total) => before < total,
                None => got == RECORD_PAGE_SIZE,
            };
            if !more {
                break;
            }
        }
        Ok(records.into_iter().map(Into::into).collect())
    }

    pub async fn share_plan(&self, team: &str, region: &str, share_id: i64) -> Result<SharePlan> {
        let req = self
            .request(
                Method::GET,
                format!(
                    "/console/teams/{team}/share/{share_id}/info",
                    team = seg(team)
                ),
            )
            .query("region_name", region);
        let info: wire::ShareInfo = self.bean(req).await?;
        let mode = match info.publish_mode.as_str() {
            "snapshot" => PublishMode::Snapshot,
            _ => PublishMode::Runtime,
        };
        Ok(SharePlan {
            mode,
            services: info.share_service_list,
            plugins: info.share_plugin_list,
            k8s_resources: info.share_k8s_resources,
        })
    }

    /// Submits the version: with the plan's lists for a runtime share, with the
    /// version alone for a snapshot's (`plan: None`), whose lists the console
    /// takes from the snapshot. Never sent twice: a second submit adds the
    /// plugin events and a version row again, and a snapshot's record is a
    /// runtime one after its submit. Callers read the record's step instead.
    /// To the library: no store anywhere in the body, or the console takes the
    /// store's path.
    pub async fn submit_share(
        &self,
        team: &str,
        region: &str,
        share_id: i64,
        version: &ShareVersion,
        plan: Option<&SharePlan>,
    ) -> Result<()> {
        let mut info = json!({
            "app_model_id": version.template_id, "version": version.version,
            "version_alias": version.alias, "describe": version.release_notes, "template_type": "RAM",
        });
        if let Destination::Store { name } = &version.to {
            info["scope"] = json!("goodrain");
            info["market_id"] = json!(name);
            info["scope_target"] = json!({"store_id": name, "store_name": name});
            info["is_plugin"] = json!(false);
        }
        let mut body = json!({ "app_version_info": info });
        if let Some(plan) = plan {
            body["share_service_list"] = json!(plan.services);
            body["share_plugin_list"] = json!(plan.plugins);
            body["share_k8s_resources"] = json!(plan.k8s_resources);
        }
        let req = self
            .request(
                Method::POST,
                format!(
                    "/console/teams/{team}/share/{share_id}/info",
                    team = seg(team)
                ),
            )
            .query("use_force", "true")
            .query("is_plugin", "false")
            .query("region_name", region)
            .json(body);
        self.envelope(&req).await.map(drop)
    }

    /// The events with the statuses the console stored (the list never asks the
    /// cluster); empty when the record has none (a template of only k8s resources).
    pub async fn push_events(
        &self,
        team: &str,
        region: &str,
        share_id: i64,
    ) -> Result<Vec<PushEvent>> {
        let req = self
            .request(
                Method::GET,
                format!(
                    "/console/teams/{team}/share/{share_id}/events",
                    team = seg(team)
                ),
            )
            .query("region_name", region);
        match self.bean::<wire::Events>(req).await {
            Ok(events) => Ok(events.event_list.into_iter().map(Into::into).collect()),
            Err(e) if e.kind == ErrorKind::NotFound => Ok(Vec::new()),
            Err(e) => Err(e),
        }
    }

    /// The event as the console answered, keeping what only the list says
    /// (that it is a plugin's) and its name where the reply has none.
    fn answered(event: &PushEvent, reply: wire::Event) -> PushEvent {
        let answered: PushEvent = reply.into();
        PushEvent {
            plugin: event.plugin,
            component: if answered.component.is_empty() {
                event.component.clone()
            } else {
                answered.component
            },
            ..answered
        }
    }

    fn event_path(team: &str, share_id: i64, event: &PushEvent) -> String {
        let plugin = if event.plugin { "/plugin" } else { "" };
        format!(
            "/console/teams/{team}/share/{share_id}/events/{}{plugin}",
            event.id,
            team = seg(team)
        )
    }

    /// Asks the cluster to push one component's images. Every POST pushes again,
    /// whatever the event's status: send it for a `not_start` event, or to retry
    /// a `failure`, and never again after a lost answer (read the event instead).
    /// A cluster that refuses answers HTTP 500 with its reason in `msg_show`.
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
            .timeout(START_PUSH_TIMEOUT);
        let reply = self.bean::<wire::Event>(req).await?;
        Ok(Self::answered(event, reply))
    }

    /// The one event, as the cluster reports it now: the only read that moves a
    /// push on (the console asks the cluster and stores the answer).
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
        let reply = self.bean::<wire::Event>(req).await?;
        Ok(Self::answered(event, reply))
    }

    /// Finishes a share; `NotReady` (415) while a stored event is not `success`.
    /// A second complete answers 400 "share record is complete": callers read
    /// the record to learn that the first one went through.
    pub async fn complete_share(
        &self,
        team: &str,
        region: &str,
        share_id: i64,
    ) -> Result<ShareRecord> {
        let req = self.complete_request(team, region, share_id);
        Ok(self.bean::<wire::RecordColumns>(req).await?.into())
    }

    fn complete_request(&self, team: &str, region: &str, share_id: i64) -> Request<'_> {
        self.request(
            Method::POST,
            format!(
                "/console/teams/{team}/share/{share_id}/complete",
                team = seg(team)
            ),
        )
        .query("is_plugin", "false")
        .query("region_name", region)
        .timeout(COMPLETE_TIMEOUT)
    }

    /// Deletes the record (and its unfinished version); 404 once it is gone.
    pub async fn give_up(&self, team: &str, region: &str, share_id: i64) -> Result<()> {
        let req = self
            .request(
                Method::DELETE,
                format!(
                    "/console/teams/{team}/share/{share_id}/giveup",
                    team = seg(team)
                ),
            )
            .query("region_name", region);
        self.envelope(&req).await.map(drop)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_complete_may_take_as_long_as_the_console_uploading_the_template() {
        let client = ConsoleClient::new(crate::Transport::new().unwrap(), "http://console");
        let req = client.complete_request("t", "r", 9);
        assert_eq!(req.timeout, Some(COMPLETE_TIMEOUT));
        assert!(
            COMPLETE_TIMEOUT >= Duration::from_secs(300),
            "far past the usual 30 s"
        );
        assert!(!req.repeatable, "never sent again by the transport");
    }

    #[test]
    fn only_the_chosen_connection_values_become_random_per_install() {
        let service = |key: &str| {
            json!({"service_share_uuid": key, "service_cname": key,
                   "service_connect_info_map_list": [
                       {"attr_name": "DB_PASSWORD", "attr_value": "shared", "is_change": true},
                       {"attr_name": "DB_HOST", "attr_value": "127.0.0.1", "is_change": true}],
                   "service_env_map_list": [{"attr_name": "DB_PASSWORD", "attr_value": "plain"}]})
        };
        let plan = SharePlan {
            services: vec![service("db+1"), service("db+2")],
            ..SharePlan::default()
        };
        let sent = plan.with_random_per_install(&["db+1/DB_PASSWORD".to_owned()]);
        let value =
            |s: usize, list: &str, i: usize| sent.services[s][list][i]["attr_value"].clone();
        assert_eq!(value(0, "service_connect_info_map_list", 0), "**None**");
        assert_eq!(value(0, "service_connect_info_map_list", 1), "127.0.0.1");
        assert_eq!(
            value(0, "service_env_map_list", 0),
            "plain",
            "plain env is not connection info"
        );
        assert_eq!(
            value(1, "service_connect_info_map_list", 0),
            "shared",
            "another component's stays"
        );
        assert_eq!(
            sent.services[0]["service_connect_info_map_list"][0]["is_change"], true,
            "the rest as given"
        );
    }
}
