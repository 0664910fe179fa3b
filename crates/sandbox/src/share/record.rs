//! A share record as the console keeps it, and the lookup every share view starts with.

use sqlx::FromRow;

use crate::reply::ConsoleError;
use crate::AppState;

type Result<T, E = ConsoleError> = std::result::Result<T, E>;

#[derive(FromRow)]
pub(crate) struct RecordRow {
    pub(crate) id: i64,
    pub(crate) group_id: i64,
    pub(crate) team_name: String,
    pub(crate) store_name: String,
    pub(crate) step: i64,
    pub(crate) status: i64,
    pub(crate) is_success: bool,
    pub(crate) app_model_id: String,
    pub(crate) version: String,
    pub(crate) version_alias: String,
    pub(crate) describe: String,
    pub(crate) services: String,
    pub(crate) create_time: i64,
    pub(crate) update_time: i64,
}

impl RecordRow {
    pub(crate) fn is_complete(&self) -> bool {
        self.is_success || self.step >= 3
    }
}

pub(crate) async fn find_record(
    s: &AppState,
    team: &str,
    share_id: i64,
) -> Result<Option<RecordRow>> {
    Ok(
        sqlx::query_as("SELECT * FROM share_records WHERE id = ? AND team_name = ?")
            .bind(share_id)
            .bind(team)
            .fetch_optional(&s.db)
            .await?,
    )
}

/// The record a share view works on: 404 when there is none, 400 once complete
/// (every share view but the record reads answers so).
pub(crate) async fn open_record(s: &AppState, team: &str, share_id: i64) -> Result<RecordRow> {
    let r = find_record(s, team, share_id).await?.ok_or_else(|| {
        ConsoleError::shown(404, "share record not found", "分享流程不存在，请退出重试")
    })?;
    if r.is_complete() {
        return Err(ConsoleError::shown(
            400,
            "share record is complete",
            "分享流程已经完成，请重新进行分享",
        ));
    }
    Ok(r)
}
