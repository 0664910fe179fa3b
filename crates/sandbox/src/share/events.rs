//! A share's image-push events as the console keeps them: statuses stored in
//! its database, refreshed only when one event is read (the list never asks the
//! cluster), and pushed again on every POST [ServiceShareEventList,
//! ServiceShareEventPost, ServicePluginShareEventPost]. Components' events and
//! plugins' events are two tables with two id sequences: the same id can name
//! one of each, and each route looks only in its own table.

use axum::extract::{Path, State};
use axum::response::Response;
use serde_json::{json, Value};
use sqlx::FromRow;

use super::record::open_record;
use crate::console::ConsoleUser;
use crate::region::Region;
use crate::reply::{now_ms, timestamp, ConsoleError};
use crate::AppState;

type Result<T, E = ConsoleError> = std::result::Result<T, E>;

/// Which table an event lives in.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Service,
    Plugin,
}

impl Kind {
    fn table(self) -> &'static str {
        match self {
            Kind::Service => "share_events",
            Kind::Plugin => "plugin_share_events",
        }
    }

    fn name(self) -> &'static str {
        match self {
            Kind::Service => "service",
            Kind::Plugin => "plugin",
        }
    }
}

#[derive(FromRow)]
pub(crate) struct EventRow {
    id: i64,
    share_id: i64,
    /// `service_id` or `plugin_id`.
    owner_id: String,
    /// `service_name` or `plugin_name` (the plugin's alias).
    owner_name: String,
    started_ms: Option<i64>,
    fails: bool,
    hangs: bool,
    pub(crate) event_status: String,
}

/// The event's columns (`to_dict()`): no `type`, which only the list adds. A
/// plugin event has no `service_*` fields.
fn event_columns(team: &str, kind: Kind, e: &EventRow) -> Value {
    let region_share_id = e.started_ms.map(|ms| format!("rs-{}-{ms}", e.id));
    let event_id = e.started_ms.map(|ms| format!("ev-{}-{ms}", e.id));
    let (created, updated) = (timestamp(e.started_ms.unwrap_or(0)), timestamp(now_ms()));
    match kind {
        Kind::Service => {
            json!({"ID": e.id, "record_id": e.share_id, "region_share_id": region_share_id,
            "team_name": team, "service_key": e.owner_id, "service_id": e.owner_id,
            "service_alias": format!("gr{}", &e.owner_id.get(..6).unwrap_or(&e.owner_id)),
            "service_name": e.owner_name, "team_id": "sandbox-team", "event_id": event_id,
            "event_status": e.event_status, "create_time": created, "update_time": updated})
        }
        Kind::Plugin => {
            json!({"ID": e.id, "record_id": e.share_id, "region_share_id": region_share_id,
            "team_id": "sandbox-team", "team_name": team, "plugin_id": e.owner_id,
            "plugin_name": e.owner_name, "event_id": event_id, "event_status": e.event_status,
            "create_time": created, "update_time": updated})
        }
    }
}

async fn rows_of(s: &AppState, kind: Kind, share_id: i64) -> Result<Vec<EventRow>> {
    let owner = match kind {
        Kind::Service => "service_id AS owner_id, service_name AS owner_name",
        Kind::Plugin => "plugin_id AS owner_id, plugin_name AS owner_name",
    };
    let sql = format!(
        "SELECT id, share_id, {owner}, started_ms, fails, hangs, event_status FROM {} WHERE share_id = ? ORDER BY id",
        kind.table()
    );
    Ok(sqlx::query_as(&sql).bind(share_id).fetch_all(&s.db).await?)
}

/// Every event of a share, components' first, as the list and complete see them.
pub(crate) async fn event_rows(s: &AppState, share_id: i64) -> Result<Vec<EventRow>> {
    let mut rows = rows_of(s, Kind::Service, share_id).await?;
    rows.extend(rows_of(s, Kind::Plugin, share_id).await?);
    Ok(rows)
}

/// The statuses as stored: the list never asks the cluster. With no service
/// event the answer is 404 whatever the plugin table holds: the view looks
/// at the service events first and stops there [ServiceShareEventList.get,
/// service_share.py:465-468].
pub(crate) async fn events(
    State(s): State<AppState>,
    _user: ConsoleUser,
    _region: Region,
    Path((team, share_id)): Path<(String, i64)>,
) -> Result<Response> {
    open_record(&s, &team, share_id).await?;
    let mut list = Vec::new();
    let mut complete = true;
    for kind in [Kind::Service, Kind::Plugin] {
        let rows = rows_of(&s, kind, share_id).await?;
        if kind == Kind::Service && rows.is_empty() {
            return Err(ConsoleError::shown(404, "not exist", "分享事件不存在"));
        }
        for e in rows {
            complete &= e.event_status == "success";
            let mut v = event_columns(&team, kind, &e);
            v["type"] = json!(kind.name());
            list.push(v);
        }
    }
    let mut reply = json!({"event_list": list});
    if !complete {
        reply["is_compelte"] = json!(false);
    }
    Ok(crate::reply::bean_with(reply, "query success", "获取成功"))
}

/// The event, where it stands among all the share's events (for how long its
/// push takes), and how many there are.
async fn one_event(
    s: &AppState,
    team: &str,
    kind: Kind,
    share_id: i64,
    event_id: i64,
) -> Result<(usize, usize, EventRow)> {
    open_record(s, team, share_id).await?;
    let services = rows_of(s, Kind::Service, share_id).await?;
    let plugins = rows_of(s, Kind::Plugin, share_id).await?;
    let count = services.len() + plugins.len();
    let (offset, mut rows) = match kind {
        Kind::Service => (0, services),
        Kind::Plugin => (services.len(), plugins),
    };
    let at = rows
        .iter()
        .position(|e| e.id == event_id)
        .ok_or_else(|| ConsoleError::shown(404, "not exist", "分享事件不存在"))?;
    Ok((offset + at, count, rows.swap_remove(at)))
}

/// What the cluster says of a started push: components take different times,
/// the last the longest, as real pushes do.
fn cluster_status(s: &AppState, e: &EventRow, position: usize, count: usize) -> &'static str {
    let Some(started) = e.started_ms else {
        return "not_start";
    };
    let takes = s.settings.push_ms as i64 * (3 + position as i64) / (2 + count as i64);
    match (now_ms() - started >= takes && !e.hangs, e.fails) {
        (false, _) => "start",
        (true, false) => "success",
        (true, true) => "failure",
    }
}

/// Reading one event asks the cluster and stores its answer; a `success` is
/// answered as stored [ServiceShareEventPost.get, ServicePluginShareEventPost.get].
async fn read_event(
    s: AppState,
    team: String,
    kind: Kind,
    share_id: i64,
    event_id: i64,
) -> Result<Response> {
    let (position, count, mut e) = one_event(&s, &team, kind, share_id, event_id).await?;
    if e.event_status != "success" && e.started_ms.is_some() {
        e.event_status = cluster_status(&s, &e, position, count).to_owned();
        sqlx::query(&format!(
            "UPDATE {} SET event_status = ? WHERE id = ?",
            kind.table()
        ))
        .bind(&e.event_status)
        .bind(e.id)
        .execute(&s.db)
        .await?;
    }
    Ok(crate::reply::bean_with(
        event_columns(&team, kind, &e),
        "get sync share event result",
        "查询成功",
    ))
}

pub(crate) async fn event(
    State(s): State<AppState>,
    _user: ConsoleUser,
    _region: Region,
    Path((team, share_id, event_id)): Path<(String, i64, i64)>,
) -> Result<Response> {
    read_event(s, team, Kind::Service, share_id, event_id).await
}

pub(crate) async fn plugin_event(
    State(s): State<AppState>,
    _user: ConsoleUser,
    _region: Region,
    Path((team, share_id, event_id)): Path<(String, i64, i64)>,
) -> Result<Response> {
    read_event(s, team, Kind::Plugin, share_id, event_id).await
}

/// Marks the push started (the cluster took it) and counts it.
async fn started(s: &AppState, team: &str, kind: Kind, mut e: EventRow) -> Result<Response> {
    let at = now_ms();
    let (fails, hangs) = (s.faults.take_push_failure(), s.faults.take_push_hang());
    sqlx::query(&format!(
        "UPDATE {} SET started_ms = ?, fails = ?, hangs = ?, event_status = 'start' WHERE id = ?",
        kind.table()
    ))
    .bind(at)
    .bind(fails)
    .bind(hangs)
    .bind(e.id)
    .execute(&s.db)
    .await?;
    crate::count_push(s, &e.owner_name);
    (e.started_ms, e.event_status) = (Some(at), "start".to_owned());
    let shown = match kind {
        Kind::Service => "分享完成",
        Kind::Plugin => "分享成功",
    };
    Ok(crate::reply::bean_with(
        event_columns(team, kind, &e),
        "sync share event",
        shown,
    ))
}

/// Asks the cluster to push the component's images, whatever the event's status:
/// a second POST pushes again [share_services.sync_event]. A busy cluster
/// answers 409 and a VM whose disk export is not ready 500; either way the
/// event stays `not_start`.
pub(crate) async fn start_event(
    State(s): State<AppState>,
    _user: ConsoleUser,
    _region: Region,
    Path((team, share_id, event_id)): Path<(String, i64, i64)>,
) -> Result<Response> {
    let (_, _, e) = one_event(&s, &team, Kind::Service, share_id, event_id).await?;
    if s.faults.take_push_busy() {
        return Err(ConsoleError::shown(
            409,
            "too frequent",
            "操作过于频繁，请稍后再试",
        ));
    }
    if s.faults.take_disk_export_pending() {
        return Err(ConsoleError::shown(
            500,
            "vm disk export not ready",
            "虚拟机系统盘导出未就绪，请稍后重试",
        ));
    }
    if s.faults.take_push_refusal() {
        return Err(ConsoleError::shown(500, "share failed", "数据中心分享错误"));
    }
    started(&s, &team, Kind::Service, e).await
}

/// Asks the cluster to push a plugin's image [share_services.sync_service_plugin_event]:
/// the plugin is looked up in the newest version row's template. No row: 400;
/// a row with no plugins at all: 400 "插件不存在无需发布"; a row without this
/// plugin (an event left by an earlier submit): 200 and nothing happens. Any
/// cluster failure, a busy one too, is 500 "插件分享事件同步发生错误".
pub(crate) async fn start_plugin_event(
    State(s): State<AppState>,
    _user: ConsoleUser,
    _region: Region,
    Path((team, share_id, event_id)): Path<(String, i64, i64)>,
) -> Result<Response> {
    let r = open_record(&s, &team, share_id).await?;
    let (_, _, e) = one_event(&s, &team, Kind::Plugin, share_id, event_id).await?;
    let template: Value = match r.template.as_deref() {
        Some(t) => serde_json::from_str(t).unwrap_or_default(),
        None => {
            return Err(ConsoleError::shown(
                400,
                "share app not found",
                "分享的应用不存在",
            ))
        }
    };
    let Some(plugins) = template.get("plugins").and_then(Value::as_array) else {
        return Err(ConsoleError::shown(
            400,
            "sync share event",
            "插件不存在无需发布",
        ));
    };
    if !plugins
        .iter()
        .any(|p| p["plugin_id"] == e.owner_id.as_str())
    {
        return Ok(crate::reply::bean_with(
            event_columns(&team, Kind::Plugin, &e),
            "sync share event",
            "分享成功",
        ));
    }
    if s.faults.take_push_refusal() {
        return Err(ConsoleError::shown(
            500,
            "share failed",
            "插件分享事件同步发生错误",
        ));
    }
    started(&s, &team, Kind::Plugin, e).await
}
