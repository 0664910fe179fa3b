//! An app's snapshots and topology, through the console's application views
//! (docs/console-api.md, "Publishing from a snapshot"; the topology view is
//! console/views/services_toplogical.py, TopologicalGraphView). A console older
//! than snapshots has no `app-versions` view: its bare 404 is
//! [`ErrorKind::Unsupported`], not "no such app".

use rbpub_core::share::{Snapshot, SnapshotMade, Topology};
use reqwest::Method;
use serde_json::json;

use crate::console::ConsoleClient;
use crate::error::{Error, ErrorKind, Result};
use crate::http::seg;
use crate::wire;

/// A snapshot to make: its version number always explicit, so that a retry
/// after a lost answer is refused ("版本号已存在") instead of making a second one.
#[derive(Clone, Debug)]
pub struct NewSnapshot<'a> {
    pub version: &'a str,
    pub alias: &'a str,
    pub notes: &'a str,
}

impl ConsoleClient {
    fn versions_path(team: &str, app_id: i64) -> String {
        format!(
            "/console/teams/{team}/groups/{app_id}/app-versions",
            team = seg(team)
        )
    }

    /// The app's snapshots, newest first.
    pub async fn snapshots(&self, team: &str, region: &str, app_id: i64) -> Result<Vec<Snapshot>> {
        let req = self
            .request(Method::GET, Self::versions_path(team, app_id))
            .query("region_name", region);
        Ok(self
            .list::<wire::SnapshotVersion>(req)
            .await?
            .into_iter()
            .map(Into::into)
            .collect())
    }

    /// Makes a snapshot of the whole app as it runs now. The console answers
    /// `created: false` with the newest snapshot when no component changed,
    /// and 400 "版本号已存在" when the number is taken.
    pub async fn create_snapshot(
        &self,
        team: &str,
        region: &str,
        app_id: i64,
        new: &NewSnapshot<'_>,
    ) -> Result<SnapshotMade> {
        // Empty lists: the snapshot is the whole app, as `GET info` plans it.
        let body = json!({"version": new.version, "version_alias": new.alias,
                          "app_version_info": new.notes, "share_service_list": [],
                          "share_plugin_list": [], "share_k8s_resources": []});
        let req = self
            .request(Method::POST, Self::versions_path(team, app_id))
            .query("region_name", region)
            .json(body);
        let made: wire::SnapshotVersion = self.bean(req).await?;
        let created = made.created.ok_or_else(|| {
            Error::new(
                ErrorKind::Malformed,
                &format!("POST {}", Self::versions_path(team, app_id)),
                "data.bean: no `created`",
            )
        })?;
        Ok(SnapshotMade {
            created,
            snapshot: made.into(),
        })
    }

    /// The app's components and every component one of them depends on, from
    /// any app, with who depends on whom.
    pub async fn app_topology(&self, team: &str, region: &str, app_id: i64) -> Result<Topology> {
        let req = self
            .request(
                Method::GET,
                format!(
                    "/console/teams/{team}/regions/{region}/topological",
                    team = seg(team),
                    region = seg(region)
                ),
            )
            .query("group_id", app_id)
            .query("region_name", region);
        Ok(self.bean::<wire::Topology>(req).await?.into())
    }
}
