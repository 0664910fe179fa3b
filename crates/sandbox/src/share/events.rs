//! A share's image-push events as the console keeps them: statuses stored in
//! its database, refreshed only when one event is read (the list never asks the
//! cluster), and pushed again on every POST [ServiceShareEventList, ServiceShareEventPost].

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

#[derive(FromRow)]
pub(crate) struct EventRow {
    id: i64,
    share_id: i64,
    service_id: String,
    service_name: String,
    #[sqlx(rename = "type")]
    kind: String,
    started_ms: Option<i64>,
    fails: bool,
    hangs: bool,
    pub(crate) event_status: String,
}

/// The event's columns (`to_dict()`): no `type`, which only the list adds.
fn event_columns(team: &str, e: &EventRow) -> Value {
    json!({"ID": e.id, "record_id": e.share_id, "region_share_id": e.started_ms.map(|ms| format!("rs-{}-{ms}", e.id)),
           "team_name": team, "service_key": e.service_id, "service_id": e.service_id,
           "service_alias": format!("gr{}", &e.service_id.get(..6).unwrap_or(&e.service_id)),
           "service_name": e.service_name, "team_id": "sandbox-team", "event_id": e.started_ms.map(|ms| format!("ev-{}-{ms}", e.id)),
           "event_status": e.event_status,
           "create_time": timestamp(e.started_ms.unwrap_or(0)), "update_time": timestamp(now_ms())})
}

pub(crate) async fn event_rows(s: &AppState, share_id: i64) -> Result<Vec<EventRow>> {
    Ok(
        sqlx::query_as("SELECT * FROM share_events WHERE share_id = ? ORDER BY id")
            .bind(share_id)
            .fetch_all(&s.db)
            .await?,
    )
}

/// The statuses as stored: the list never asks the cluster [ServiceShareEventList].
pub(crate) async fn events(
    State(s): State<AppState>,
    _user: ConsoleUser,
    _region: Region,
    Path((team, share_id)): Path<(String, i64)>,
) -> Result<Response> {
    open_record(&s, &team, share_id).await?;
    let rows = event_rows(&s, share_id).await?;
    if rows.is_empty() {
        return Err(ConsoleError::shown(404, "not exist", "分享事件不存在"));
    }
    let list: Vec<Value> = rows
        .iter()
        .map(|e| {
            let mut v = event_columns(&team, e);
            v["type"] = json!(e.kind);
            v
        })
        .collect();
    let mut reply = json!({"event_list": list});
    if rows.iter().any(|e| e.event_status != "success") {
        reply["is_compelte"] = json!(false);
    }
    Ok(crate::reply::bean_with(reply, "query success", "获取成功"))
}

async fn one_event(
    s: &AppState,
    team: &str,
    share_id: i64,
    event_id: i64,
) -> Result<(usize, usize, EventRow)> {
    open_record(s, team, share_id).await?;
    let mut rows = event_rows(s, share_id).await?;
    let count = rows.len();
    let position = rows
        .iter()
        .position(|e| e.id == event_id)
        .ok_or_else(|| ConsoleError::shown(404, "not exist", "分享事件不存在"))?;
    Ok((position, count, rows.swap_remove(position)))
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

/// Reading one event asks the cluster and stores its answer [ServiceShareEventPost.get].
pub(crate) async fn event(
    State(s): State<AppState>,
    _user: ConsoleUser,
    _region: Region,
    Path((team, share_id, event_id)): Path<(String, i64, i64)>,
) -> Result<Response> {
    let (position, count, mut e) = one_event(&s, &team, share_id, event_id).await?;
    if e.event_status != "success" && e.started_ms.is_some() {
        e.event_status = cluster_status(&s, &e, position, count).to_owned();
        sqlx::query("UPDATE share_events SET event_status = ? WHERE id = ?")
            .bind(&e.event_status)
            .bind(e.id)
            .execute(&s.db)
            .await?;
    }
    Ok(crate::reply::bean_with(
        event_columns(&team, &e),
        "get sync share event result",
        "查询成功",
    ))
}

/// Asks the cluster to push the component's images, whatever the event's status:
/// a second POST pushes again [share_services.sync_event].
pub(crate) async fn start_event(
    State(s): State<AppState>,
    _user: ConsoleUser,
    _region: Region,
    Path((team, share_id, event_id)): Path<(String, i64, i64)>,
) -> Result<Response> {
    let (_, _, mut e) = one_event(&s, &team, share_id, event_id).await?;
    if s.faults.take_push_refusal() {
        return Err(ConsoleError::shown(500, "share failed", "数据中心分享错误"));
    }
    let started = now_ms();
    let (fails, hangs) = (s.faults.take_push_failure(), s.faults.take_push_hang());
    sqlx::query(
        "UPDATE share_events SET started_ms = ?, fails = ?, hangs = ?, event_status = 'start' WHERE id = ?",
    )
    .bind(started)
    .bind(fails)
    .bind(hangs)
    .bind(event_id)
    .execute(&s.db)
    .await?;
    crate::count_push(&s, &e.service_name);
    (e.started_ms, e.event_status) = (Some(started), "start".to_owned());
    Ok(crate::reply::bean_with(
        event_columns(&team, &e),
        "sync share event",
        "分享完成",
    ))
}
