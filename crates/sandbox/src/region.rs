//! The region a view of the console's region kind needs [console/views/base.py,
//! RegionTenantHeaderView]: every share view, reads included.

use axum::extract::{FromRequestParts, Query};
use axum::http::request::Parts;
use serde::Deserialize;

use crate::reply::ConsoleError;
use crate::AppState;

type Result<T, E = ConsoleError> = std::result::Result<T, E>;

/// The region every view of the region kind needs: `?region_name=` or the
/// `X-Region-Name` header; without it the console answers 400 [RegionTenantHeaderView].
pub struct Region(pub String);

impl FromRequestParts<AppState> for Region {
    type Rejection = ConsoleError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self> {
        let from_query = Query::<RegionParam>::try_from_uri(&parts.uri)
            .ok()
            .and_then(|q| q.0.region_name);
        let from_header = || {
            parts
                .headers
                .get("x-region-name")
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        let region = from_query
            .or_else(from_header)
            .filter(|r| !r.is_empty())
            .ok_or_else(|| ConsoleError::new(400, "region_name not found !"))?;
        let (known,): (i64,) =
            sqlx::query_as("SELECT count(*) FROM console_apps WHERE region_name = ?")
                .bind(&region)
                .fetch_one(&state.db)
                .await?;
        if known == 0 {
            return Err(ConsoleError::shown(
                404,
                "region not found",
                "数据中心不存在",
            ));
        }
        Ok(Region(region))
    }
}

#[derive(Deserialize)]
struct RegionParam {
    region_name: Option<String>,
}
