//! The console's library as its enterprise views write it
//! (docs/console-api.md, "Publishing to the console's own library").

use rbpub_core::library::is_hidden_template_description;
use rbpub_core::{AppModel, LibraryScope, ModelVersion};
use serde::Deserialize;

/// An item of `GET /console/enterprise/{eid}/app-models`: the model's columns
/// plus `versions_info`.
#[derive(Deserialize)]
pub struct LibraryModel {
    pub app_id: String,
    pub app_name: String,
    #[serde(default)]
    pub scope: String,
    #[serde(default)]
    pub create_team: Option<String>,
    #[serde(default)]
    pub describe: Option<String>,
    /// False for the console's hidden snapshot templates (and for models made
    /// so); absent in older replies.
    #[serde(default = "inheritable")]
    pub is_ingerit: bool,
    #[serde(default)]
    pub versions_info: Option<Vec<LibraryVersion>>,
}

/// A row of `GET /console/enterprise/{eid}/app-model/{app_id}`'s list: one
/// version number, with its template as the console keeps it.
#[derive(Deserialize)]
pub struct LibraryVersionRow {
    pub version: String,
    #[serde(default)]
    pub is_complete: bool,
    /// The RAM template as JSON text; empty before the share completes.
    #[serde(default)]
    pub app_template: Option<String>,
}

/// The version row a Release-mark PUT answers (`bean`, the row's columns).
#[derive(Deserialize)]
pub struct LibraryVersionMark {
    pub version: String,
    #[serde(default)]
    pub dev_status: String,
    #[serde(default)]
    pub release_user_id: Option<i64>,
}

fn inheritable() -> bool {
    true
}

#[derive(Deserialize)]
pub struct LibraryVersion {
    pub version: String,
    #[serde(default)]
    pub version_alias: Option<String>,
    #[serde(default)]
    pub dev_status: Option<String>,
    /// A boolean column; some databases give 0/1.
    #[serde(default)]
    pub is_complete: serde_json::Value,
}

/// A tag of `GET /console/enterprise/{eid}/app-models/tag`.
#[derive(Deserialize)]
pub struct LibraryTag {
    pub tag_id: i64,
    pub name: String,
}

/// One store of `GET /console/enterprise/{eid}/cloud/markets/{name}?extend=true`.
#[derive(Deserialize)]
pub struct OneMarket {
    #[serde(default)]
    pub status: i64,
}

impl From<LibraryModel> for AppModel {
    fn from(w: LibraryModel) -> Self {
        let describe = w.describe.unwrap_or_default();
        AppModel {
            hidden: !w.is_ingerit && is_hidden_template_description(&describe),
            id: w.app_id,
            name: w.app_name,
            scope: LibraryScope::from_console(&w.scope),
            team: w.create_team.unwrap_or_default(),
            versions: w
                .versions_info
                .unwrap_or_default()
                .into_iter()
                .map(|v| ModelVersion {
                    complete: v.is_complete.as_bool().unwrap_or(false)
                        || v.is_complete.as_i64() == Some(1),
                    version: v.version,
                    alias: v.version_alias.unwrap_or_default(),
                    dev_status: v.dev_status.unwrap_or_default(),
                })
                .collect(),
        }
    }
}
