//! The console's replies as docs/console-api.md writes them, and a client pointed
//! at a stand-in server that answers them in order: shared by the contract tests.

use std::time::Duration;

use rbpub_core::online::{PushEvent, PushStatus};
use rbpub_core::Sensitive;
use rbpub_remote::{ConsoleClient, ShareVersion, Transport};
use serde_json::{json, Value};

use super::stand_in::StandInServer;

pub const TEAM: &str = "demo-team";
pub const REGION: &str = "rainbond";

/// The console's envelope around one object.
pub fn bean(bean: Value) -> (u16, Value) {
    (
        200,
        json!({"code": 200, "msg": "success", "msg_show": null, "data": {"bean": bean, "list": []}}),
    )
}

/// The console's envelope around a list, with extras beside it in `data`.
pub fn list(items: Value, extras: Value) -> (u16, Value) {
    let mut data = json!({"bean": {}, "list": items});
    for (k, v) in extras.as_object().cloned().unwrap_or_default() {
        data[k] = v;
    }
    (
        200,
        json!({"code": 200, "msg": "success", "msg_show": "获取成功", "data": data}),
    )
}

/// An error as the console's views and `ServiceHandleException` write it.
pub fn refusal(status: u16, code: u32, msg: &str, msg_show: &str) -> (u16, Value) {
    (
        status,
        json!({"code": code, "msg": msg, "msg_show": msg_show, "data": {"bean": {}, "list": []}}),
    )
}

pub async fn console(replies: Vec<(u16, Value)>) -> (StandInServer, ConsoleClient) {
    let server = StandInServer::start(replies).await;
    let http = Transport::new()
        .unwrap()
        .with_backoff(Duration::from_millis(5));
    let client = ConsoleClient::with_token(http, &server.url, &Sensitive::new("tok-1".into()));
    (server, client)
}

pub fn event(id: i64, name: &str) -> PushEvent {
    PushEvent {
        id,
        component: name.into(),
        plugin: false,
        status: PushStatus::NotStarted,
        reason: String::new(),
        elapsed_ms: None,
        waiting: false,
    }
}

pub fn version() -> ShareVersion {
    ShareVersion {
        template_id: "a1b2c3".into(),
        version: "1.0.0".into(),
        alias: "stable".into(),
        release_notes: "First".into(),
        to: rbpub_core::Destination::Store {
            name: "RainbondMarket".into(),
        },
    }
}
