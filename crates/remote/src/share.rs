//! The console's share flow (scope `goodrain`): record, plan, submit, image
//! pushes, complete, give up. Nothing here is safe to send twice (rainbond-api.md,
//! "What is safe to send twice"): the POSTs are never retried by the transport,
//! and callers learn where a share stands by reading it.

use rbpub_core::online::{PushEvent, ShareRecord};
use reqwest::Method;
use serde_json::{json, Value};

use crate::console::ConsoleClient;
use crate::error::{ErrorKind, Result};
use crate::http::seg;
use crate::wire;

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
impl ConsoleClient {
    /// Starts a new share record. Every POST makes another record: callers keep
    /// the id before anything else and never send this again for the same share.
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
                format!(
                    "/console/teams/{team}/groups/{app_id}/share/record",
                    team = seg(team)
                ),
            )
            .query("region_name", region)
            .json(json!({"scope": "goodrain", "target": {"store_id": store_name}}));
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
    /// (no version yet) are not listed by the console.
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
        let records: Vec<wire::RecordView> = self
            .all_pages(|| {
                self.request(Method::GET, path.clone())
                    .query("region_name", region)
            })
            .await?;
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
        // Not repeated on a lost answer: a second submit adds the plugin events
        // and a version row again. Callers read the record's step instead.
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

    /// The event as the console answered, keeping what only the list says (plugin).
    fn answered(event: &PushEvent, reply: wire::Event) -> PushEvent {
        PushEvent {
            plugin: event.plugin,
            component: if reply.service_name.is_empty() {
                event.component.clone()
            } else {
                reply.service_name.clone()
            },
            ..reply.into()
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
        self.on_event(Method::POST, team, region, share_id, event)
            .await
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
        self.on_event(Method::GET, team, region, share_id, event)
            .await
    }

    async fn on_event(
        &self,
        method: Method,
        team: &str,
        region: &str,
        share_id: i64,
        event: &PushEvent,
    ) -> Result<PushEvent> {
        let req = self
            .request(method, Self::event_path(team, share_id, event))
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
        let req = self
            .request(
                Method::POST,
                format!(
                    "/console/teams/{team}/share/{share_id}/complete",
                    team = seg(team)
                ),
            )
            .query("is_plugin", "false")
            .query("region_name", region);
        Ok(self.bean::<wire::RecordColumns>(req).await?.into())
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
