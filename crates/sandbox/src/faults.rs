//! Faults the tests and benchmarks inject: latency, 500s, dropped connections,
//! malformed JSON, a cut network and failing image pushes. Shares are spread
//! evenly over requests (the first and every second request after it for 0.5), not drawn at random, so
//! a test that asks for them gets the same run every time.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};

use crate::AppState;

#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase", default)]
pub struct FaultSettings {
    /// Added before every request is handled.
    pub latency_ms: u64,
    /// Share of requests answered 500 without being handled.
    pub error_rate: f64,
    /// Share of requests handled whose answer is then lost (the connection drops).
    pub drop_rate: f64,
    /// Share of requests handled and answered 200 with malformed JSON.
    pub garbage_rate: f64,
    /// Every connection drops before anything is handled: the network is down.
    pub offline: bool,
    /// The next N image pushes end in `failure`.
    pub push_failures: u32,
    /// The next N starts of an image push answer HTTP 500 "数据中心分享错误" (the
    /// cluster refused to start it); the event keeps its status.
    pub push_refusals: u32,
    /// The next N image pushes never end (a stuck cluster): `start` for ever.
    pub push_hangs: u32,
    /// The next N starts of a component's push answer 409 "操作过于频繁，请稍后再试"
    /// (the cluster is rate-limiting); the event stays `not_start`.
    pub push_busy: u32,
    /// The next N starts of a component's push answer 500 "虚拟机系统盘导出未就绪，
    /// 请稍后重试" (a VM's disk export was not ready); the event stays `not_start`.
    pub disk_exports_pending: u32,
    /// The next N calls the console makes to the store fail (the store is down or
    /// refuses): reading a record, submitting and completing answer as the console
    /// does then.
    pub store_outages: u32,
    /// The next N submits or completes to a store find no connection to it: the
    /// requests error escapes the view as HTTP 500 with a traceback (inferred on
    /// docs/console-api.md, "Refusals and edges"); nothing is saved, the record stays.
    pub store_disconnects: u32,
    /// The next N components an install or an upgrade deploys never finish
    /// deploying (an image the cluster cannot pull, say): `deploying` for ever.
    pub stuck_deploys: u32,
    /// The next N app updates answer as if taken but keep the old short
    /// description (`desc`): a push that "succeeded" and shows something else.
    pub keep_description: u32,
    /// The next N listings through the API answer as listed and leave the app
    /// as it was.
    pub keep_unlisted: u32,
    /// The next N versions the console publishes into the store are stored
    /// without their release notes, and the console says the share is done.
    pub drop_version_notes: u32,
}

#[derive(Default)]
pub struct Faults {
    settings: Mutex<FaultSettings>,
    errors: AtomicU64,
    drops: AtomicU64,
    garbage: AtomicU64,
    /// Replies that were failed, dropped or garbled: what a test checks the
    /// faults were felt by, when the client shrugs them off.
    injected: AtomicU64,
}

impl Faults {
    pub fn new(settings: FaultSettings) -> Self {
        Faults {
            settings: Mutex::new(settings),
            ..Faults::default()
        }
    }

    pub fn get(&self) -> FaultSettings {
        self.settings
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    pub fn set(&self, settings: FaultSettings) {
        *self.settings.lock().unwrap_or_else(|p| p.into_inner()) = settings;
        for c in [&self.errors, &self.drops, &self.garbage] {
            c.store(0, Ordering::Relaxed);
        }
    }

    /// Uses up one of a countdown fault: whether it applies to this push.
    fn take(&self, which: fn(&mut FaultSettings) -> &mut u32) -> bool {
        let mut s = self.settings.lock().unwrap_or_else(|p| p.into_inner());
        let n = which(&mut s);
        let applies = *n > 0;
        *n = n.saturating_sub(1);
        applies
    }

    /// Whether the next app update keeps the old short description.
    pub fn take_keep_description(&self) -> bool {
        self.take(|s| &mut s.keep_description)
    }

    /// Whether the next listing answers yes and changes nothing.
    pub fn take_keep_unlisted(&self) -> bool {
        self.take(|s| &mut s.keep_unlisted)
    }

    /// Whether the next version published into the store loses its notes.
    pub fn take_drop_version_notes(&self) -> bool {
        self.take(|s| &mut s.drop_version_notes)
    }

    /// How many replies were failed, dropped or garbled so far.
    pub fn injected(&self) -> u64 {
        self.injected.load(Ordering::Relaxed)
    }

    /// Whether the next image push should fail.
    pub fn take_push_failure(&self) -> bool {
        self.take(|s| &mut s.push_failures)
    }

    /// Whether the cluster refuses to start the next push.
    pub fn take_push_refusal(&self) -> bool {
        self.take(|s| &mut s.push_refusals)
    }

    /// Whether the next push never ends.
    pub fn take_push_hang(&self) -> bool {
        self.take(|s| &mut s.push_hangs)
    }

    /// Whether the cluster rate-limits the next start of a component's push.
    pub fn take_push_busy(&self) -> bool {
        self.take(|s| &mut s.push_busy)
    }

    /// Whether the next start of a component's push finds its disk export not ready.
    pub fn take_disk_export_pending(&self) -> bool {
        self.take(|s| &mut s.disk_exports_pending)
    }

    /// Whether the console's next call to the store fails.
    pub fn take_store_outage(&self) -> bool {
        self.take(|s| &mut s.store_outages)
    }

    /// Whether the next component deployed never finishes.
    pub fn take_stuck_deploy(&self) -> bool {
        self.take(|s| &mut s.stuck_deploys)
    }

    /// Whether the console's next submit or complete finds no connection to the store.
    pub fn take_store_disconnect(&self) -> bool {
        self.take(|s| &mut s.store_disconnects)
    }
}

/// True for an evenly spread `rate` share of calls, starting with the first.
fn hit(counter: &AtomicU64, rate: f64) -> bool {
    if rate <= 0.0 {
        return false;
    }
    let n = counter.fetch_add(1, Ordering::Relaxed) as f64;
    ((n + 1.0) * rate).ceil() > (n * rate).ceil()
}

/// A response whose body fails: the client sees the connection drop.
fn dropped() -> Response {
    let failing = futures_util::stream::once(async {
        Err::<Vec<u8>, _>(std::io::Error::new(
            std::io::ErrorKind::ConnectionReset,
            "sandbox: dropped",
        ))
    });
    Response::new(Body::from_stream(failing))
}

pub async fn inject(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if req.uri().path().starts_with("/__sandbox") {
        return next.run(req).await;
    }
    let f = state.faults.get();
    if f.latency_ms > 0 {
        tokio::time::sleep(Duration::from_millis(f.latency_ms)).await;
    }
    if f.offline {
        return dropped();
    }
    let injected = || state.faults.injected.fetch_add(1, Ordering::Relaxed);
    if hit(&state.faults.errors, f.error_rate) {
        injected();
        let body = serde_json::json!({"code": 500, "msg": "sandbox: injected server error",
            "msg_show": "The server had a problem (injected by the sandbox)", "data": {"bean": {}, "list": []}});
        return (StatusCode::INTERNAL_SERVER_ERROR, Json(body)).into_response();
    }
    let response = next.run(req).await;
    if hit(&state.faults.drops, f.drop_rate) {
        injected();
        return dropped();
    }
    if hit(&state.faults.garbage, f.garbage_rate) {
        injected();
        return (
            StatusCode::OK,
            [("content-type", "application/json")],
            r#"{"code": 200, "data": {"bean": "#,
        )
            .into_response();
    }
    response
}

pub async fn get(State(state): State<AppState>) -> Json<FaultSettings> {
    Json(state.faults.get())
}

pub async fn put(
    State(state): State<AppState>,
    Json(settings): Json<FaultSettings>,
) -> Json<FaultSettings> {
    state.faults.set(settings.clone());
    Json(settings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_are_spread_evenly() {
        let c = AtomicU64::new(0);
        let hits: Vec<bool> = (0..6).map(|_| hit(&c, 0.5)).collect();
        assert_eq!(hits, [true, false, true, false, true, false]);
        let c = AtomicU64::new(0);
        assert_eq!((0..100).filter(|_| hit(&c, 0.1)).count(), 10);
        assert!(!(0..100).any(|_| hit(&c, 0.0)));
    }
}
