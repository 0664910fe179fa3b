//! Who calls the store: the access key's user and what it may do.

use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;

use crate::reply::StoreError;
use crate::AppState;

type Result<T, E = StoreError> = std::result::Result<T, E>;

/// The caller, known by the raw access key in `Authorization`. Also checks
/// `marketDomain` where the store needs it, so every handler gets it right.
pub struct StoreUser {
    pub id: i64,
    pub(super) actions: Vec<String>,
}

impl StoreUser {
    pub fn require_write(&self) -> Result<()> {
        if self.actions.iter().any(|a| a == "Write") {
            Ok(())
        } else {
            Err(StoreError::new(
                403,
                "this access key cannot publish: it has no Write permission",
            ))
        }
    }
}

impl FromRequestParts<AppState> for StoreUser {
    type Rejection = StoreError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self> {
        let path = parts.uri.path();
        let needs_domain = path.ends_with("/info") || path.contains("/openapi/apps");
        let domain = parts.uri.query().and_then(|q| {
            q.split('&')
                .find_map(|kv| kv.strip_prefix("marketDomain="))
                .map(str::to_owned)
        });
        match domain {
            Some(d) if d != state.settings.market_domain => {
                return Err(StoreError::new(404, format!("market {d} not found")))
            }
            None if needs_domain => return Err(StoreError::new(400, "marketDomain is required")),
            _ => {}
        }
        let key = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        if key.is_empty() {
            return Err(StoreError::new(401, "an access key is required"));
        }
        let row: Option<(i64, String)> =
            sqlx::query_as("SELECT id, actions FROM store_users WHERE access_key = ?")
                .bind(key)
                .fetch_optional(&state.db)
                .await?;
        let (id, actions) =
            row.ok_or_else(|| StoreError::new(401, "the access key is not valid"))?;
        Ok(StoreUser {
            id,
            actions: serde_json::from_str(&actions).unwrap_or_default(),
        })
    }
}
