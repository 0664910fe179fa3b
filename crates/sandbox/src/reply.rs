//! The two reply shapes: the console's envelope and the store's plain JSON.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

/// The console's envelope with one object in `data.bean`.
pub fn bean(bean: Value) -> Response {
    Json(json!({"code": 200, "msg": "success", "msg_show": null, "data": {"bean": bean, "list": []}}))
        .into_response()
}

/// The console's envelope with one object and the view's own words.
pub fn bean_with(bean: Value, msg: &str, msg_show: &str) -> Response {
    Json(json!({"code": 200, "msg": msg, "msg_show": msg_show, "data": {"bean": bean, "list": []}}))
        .into_response()
}

/// The console's envelope with both an object (such as `{total}`) and a collection.
pub fn bean_and_list(bean: Value, items: Vec<Value>) -> Response {
    Json(json!({"code": 200, "msg": "success", "msg_show": "获取成功", "data": {"bean": bean, "list": items}}))
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

/// An error in the console's envelope: a non-2xx status, `msg_show` for people,
/// and the console's own error code in `code` (the HTTP status unless it has one,
/// such as 10421 for a store key the store refused).
#[derive(Debug)]
pub struct ConsoleError {
    pub status: StatusCode,
    pub code: u32,
    pub msg: String,
    pub msg_show: String,
}

impl ConsoleError {
    pub fn new(status: u16, msg: impl Into<String>) -> Self {
        let msg = msg.into();
        ConsoleError {
            status: StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
            code: u32::from(status),
            msg_show: msg.clone(),
            msg,
        }
    }

    /// `msg` for programs and `msg_show` for people, as the console's views write them.
    pub fn shown(status: u16, msg: &str, msg_show: &str) -> Self {
        ConsoleError {
            msg_show: msg_show.into(),
            ..ConsoleError::new(status, msg)
        }
    }

    /// An exception the view did not catch: HTTP 500 with the console's code
    /// 10401 and the traceback in `msg_show`.
    pub fn traceback(msg: &str, last_line: &str) -> Self {
        ConsoleError {
            code: 10401,
            ..ConsoleError::shown(
                500,
                msg,
                &format!("Traceback (most recent call last):\n  ...\n{last_line}"),
            )
        }
    }

    /// A refusal inside the service that the share view loses by writing into
    /// a `None` bean: HTTP 500 with its own `TypeError`, `last_line` the cause.
    pub fn lost_in_none_bean(last_line: &str) -> Self {
        ConsoleError::traceback(
            "'NoneType' object does not support item assignment",
            last_line,
        )
    }

    /// A refusal written with `msg` only: `msg_show` is null (the UI shows `msg`).
    pub fn unshown(status: u16, msg: &str) -> Self {
        ConsoleError {
            msg_show: String::new(),
            ..ConsoleError::new(status, msg)
        }
    }

    /// The store refused the key the console holds [console/utils/restful_client.py].
    pub fn store_key_refused() -> Self {
        ConsoleError {
            code: 10421,
            ..ConsoleError::shown(401, "no store auth token", "缺少云应用市场token")
        }
    }

    /// The store answered 403 to the console (`StoreNoPermissionsError`).
    pub fn store_no_permission() -> Self {
        ConsoleError {
            code: 10407,
            ..ConsoleError::shown(403, "no store permissions", "没有云应用商店操作权限,去认证")
        }
    }
}

impl IntoResponse for ConsoleError {
    fn into_response(self) -> Response {
        let shown = if self.msg_show.is_empty() {
            Value::Null
        } else {
            json!(self.msg_show)
        };
        let body = json!({"code": self.code, "msg": self.msg, "msg_show": shown,
                          "data": {"bean": {}, "list": []}});
        (self.status, Json(body)).into_response()
    }
}

impl From<sqlx::Error> for ConsoleError {
    fn from(e: sqlx::Error) -> Self {
        ConsoleError::new(500, format!("database: {e}"))
    }
}

/// The console passes the store's refusals on with their status.
impl From<StoreError> for ConsoleError {
    fn from(e: StoreError) -> Self {
        ConsoleError::new(e.0.as_u16(), e.1)
    }
}

/// A refusal the console answers with HTTP 200 and another `code` in the body
/// (`bean: {}`), such as 202 for an app the team does not have.
pub fn refusal(code: u16, msg: &str, msg_show: &str) -> Response {
    Json(json!({"code": code, "msg": msg, "msg_show": msg_show, "data": {"bean": {}, "list": []}}))
        .into_response()
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
