//! The two reply shapes: the console's envelope and the store's plain JSON.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

/// The console's envelope with one object in `data.bean`.
pub fn bean(bean: Value) -> Response {
    Json(json!({"code": 200, "msg": "success", "msg_show": "OK", "data": {"bean": bean, "list": []}}))
        .into_response()
}

/// The console's envelope with a collection in `data.list` and extras beside it.
pub fn list(items: Vec<Value>, extras: Value) -> Response {
    let mut data = json!({"bean": {}, "list": items});
    if let (Some(data), Value::Object(extras)) = (data.as_object_mut(), extras) {
        data.extend(extras);
    }
    Json(json!({"code": 200, "msg": "success", "msg_show": "OK", "data": data})).into_response()
}

/// An error in the console's envelope: a non-2xx status, `msg_show` for people.
#[derive(Debug)]
pub struct ConsoleError(pub StatusCode, pub String);

impl ConsoleError {
    pub fn new(status: u16, msg: impl Into<String>) -> Self {
        ConsoleError(
            StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
            msg.into(),
        )
    }
}

impl IntoResponse for ConsoleError {
    fn into_response(self) -> Response {
        let body = json!({"code": self.0.as_u16(), "msg": self.1, "msg_show": self.1,
                          "data": {"bean": {}, "list": []}});
        (self.0, Json(body)).into_response()
    }
}

impl From<sqlx::Error> for ConsoleError {
    fn from(e: sqlx::Error) -> Self {
        ConsoleError(StatusCode::INTERNAL_SERVER_ERROR, format!("database: {e}"))
    }
}

/// An error from the store: `{code, msg}` with the HTTP status.
#[derive(Debug)]
pub struct StoreError(pub StatusCode, pub String);

impl StoreError {
    pub fn new(status: u16, msg: impl Into<String>) -> Self {
        StoreError(
            StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
            msg.into(),
        )
    }
}

impl IntoResponse for StoreError {
    fn into_response(self) -> Response {
        (
            self.0,
            Json(json!({"code": self.0.as_u16(), "msg": self.1})),
        )
            .into_response()
    }
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        StoreError(StatusCode::INTERNAL_SERVER_ERROR, format!("database: {e}"))
    }
}

pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or_default()
}

/// Time as the console and the store print it.
pub fn timestamp(ms: i64) -> String {
    let secs = ms / 1000;
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

// Howard Hinnant's days-to-civil algorithm; a date crate for one format is not worth it.
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

#[cfg(test)]
mod tests {
    #[test]
    fn timestamps_read_as_dates() {
        assert_eq!(super::timestamp(0), "1970-01-01T00:00:00Z");
        assert_eq!(super::timestamp(1_795_478_400_000), "2026-11-24T00:00:00Z");
        assert_eq!(
            super::timestamp(951_782_400_000 + 3_723_000),
            "2000-02-29T01:02:03Z"
        );
    }
}
