//! The servers' JSON as it is on the wire: snake_case for the console,
//! camelCase for the store. Only the fields the app reads are named; the rest
//! is ignored. Conversions to the core's types are at the bottom.

use rbpub_core::online::{
    BindableStore, BoundStore, Capability, ConsoleAccount, LiveApp, LivePackage, PushEvent,
    PushStatus, RunningApp, ShareRecord, ShareStatus, StoreInfo, StoreProfile, StoreTemplate, Team,
};
use rbpub_core::{Destination, LibraryScope};
use serde::Deserialize;
use serde_json::Value;

mod app_versions;
mod library;
pub use app_versions::{SnapshotVersion, Topology};
pub use library::{LibraryModel, LibraryTag, LibraryVersionMark, LibraryVersionRow, OneMarket};

// ---- the console ----

/// `{code, msg, msg_show, data: {bean, list, ...}}`. A reply with a list
/// carries an empty `bean: {}` beside it (and the other way round), so both are
/// read loosely and typed by the caller.
///
/// `code` is read too: some refusals come with HTTP 200 and another code.
#[derive(Deserialize)]
pub struct Envelope {
    pub code: Option<i64>,
    pub msg: Option<String>,
    pub msg_show: Option<String>,
    pub data: EnvelopeData,
}

#[derive(Deserialize)]
pub struct EnvelopeData {
    #[serde(default)]
    pub bean: Value,
    /// Nearly always an array; the one-store view puts one object here
    /// (`general_message(200, …, list=market)` with a dict, service_share.py:751-756).
    #[serde(default)]
    pub list: Value,
    /// Paged lists put the count beside the list (or, for share records, in the bean).
    pub total: Option<i64>,
}

impl EnvelopeData {
    /// `data.list` as the array a list view sends (missing or `null`: empty);
    /// `None` when it is something else.
    pub fn items(&mut self) -> Option<Vec<Value>> {
        match self.list.take() {
            Value::Array(items) => Some(items),
            Value::Null => Some(Vec::new()),
            _ => None,
        }
    }
}

/// An error in the envelope; `msg_show` is for people, `code` may be the
/// console's own (10421: the store refused the key).
#[derive(Deserialize)]
pub struct ConsoleErrorBody {
    pub code: Option<i64>,
    pub msg: Option<String>,
    pub msg_show: Option<String>,
}

#[derive(Deserialize)]
pub struct LoginBean {
    pub token: String,
}

#[derive(Deserialize)]
pub struct UserDetails {
    /// The login name (the console fills it from its `nick_name` column).
    pub user_name: String,
    pub enterprise_id: String,
    #[serde(default)]
    pub teams: Vec<WireTeam>,
}

#[derive(Deserialize)]
pub struct WireTeam {
    pub team_name: String,
    #[serde(default)]
    pub team_alias: String,
    #[serde(default)]
    pub region: Vec<WireRegion>,
}

#[derive(Deserialize)]
pub struct WireRegion {
    pub team_region_name: String,
}

#[derive(Deserialize)]
pub struct Group {
    pub group_id: i64,
    pub group_name: String,
}

#[derive(Deserialize)]
pub struct Market {
    pub name: String,
    pub url: String,
    #[serde(default)]
    pub domain: String,
    #[serde(default)]
    pub status: i64,
    #[serde(default)]
    pub access_actions: Vec<String>,
}

#[derive(Deserialize)]
pub struct Bindable {
    pub name: String,
    pub url: String,
    #[serde(default)]
    pub domain: String,
}

/// A template in an `app-models` list.
#[derive(Deserialize)]
pub struct AppModel {
    pub app_id: String,
    pub app_name: String,
    #[serde(default)]
    pub versions: Vec<AppModelVersion>,
}

#[derive(Deserialize)]
pub struct AppModelVersion {
    pub app_version: String,
}

/// The store's record of a template just created, as the console's store client
/// serialises it: the id is `app_key_id`.
#[derive(Deserialize)]
pub struct CreatedAppModel {
    pub app_key_id: String,
    pub name: String,
    /// The logo the store kept: empty when the console sent none, which it
    /// does without a word when it cannot read the upload it was given (a
    /// console keeping uploads in object storage).
    #[serde(default)]
    pub logo: String,
}

/// A template in `shared/apps` (not paged): versions there are `version`.
#[derive(Deserialize)]
pub struct SharedApp {
    pub app_id: String,
    pub app_name: String,
    #[serde(default)]
    pub versions: Vec<SharedAppVersion>,
}

#[derive(Deserialize)]
pub struct SharedAppVersion {
    pub version: String,
}

#[derive(Deserialize)]
pub struct FileBean {
    pub file_url: String,
}

/// A record's columns, as the POST and the complete answer them.
#[derive(Deserialize)]
pub struct RecordColumns {
    #[serde(rename = "ID")]
    pub id: i64,
    pub step: i64,
    pub status: i64,
    /// The target template, or a snapshot's hidden template before the submit.
    #[serde(default)]
    pub app_id: Option<String>,
    #[serde(default)]
    pub share_version: Option<String>,
    #[serde(default)]
    pub scope: Option<String>,
    /// The bound store's name; null for the console's library.
    #[serde(default)]
    pub share_app_market_name: Option<String>,
}

/// A record as the record views read it: the id is `record_id`.
#[derive(Deserialize)]
pub struct RecordView {
    pub record_id: i64,
    pub step: i64,
    pub status: i64,
    #[serde(default)]
    pub is_success: bool,
    pub version: Option<String>,
    pub app_model_id: Option<String>,
    #[serde(default)]
    pub scope: Option<String>,
    #[serde(default)]
    pub scope_target: Option<ScopeTarget>,
}

/// A record's store, as its views show it: nulls for the console's library.
#[derive(Deserialize)]
pub struct ScopeTarget {
    #[serde(default)]
    pub store_id: Option<String>,
}

/// Where a record publishes to, from its `scope` and store; `None` when the
/// reply does not say.
fn destination(scope: Option<&str>, store: Option<String>) -> Option<Destination> {
    match scope? {
        "goodrain" => Some(Destination::Store {
            name: store.unwrap_or_default(),
        }),
        word => LibraryScope::from_console(word).map(|scope| Destination::Library { scope }),
    }
}

/// What a share will publish; passed back on submit, so kept whole.
#[derive(Deserialize)]
pub struct ShareInfo {
    /// `runtime` or `snapshot`.
    #[serde(default)]
    pub publish_mode: String,
    #[serde(default)]
    pub share_service_list: Vec<Value>,
    #[serde(default)]
    pub share_plugin_list: Vec<Value>,
    #[serde(default)]
    pub share_k8s_resources: Vec<Value>,
}

#[derive(Deserialize)]
pub struct Events {
    pub event_list: Vec<Event>,
}

/// An event in the list (with `type`) or alone (the POST and one-event GET,
/// without). A plugin's event names the plugin's alias in `plugin_name` and has
/// no `service_*` fields.
#[derive(Deserialize)]
pub struct Event {
    #[serde(rename = "ID")]
    pub id: i64,
    #[serde(default)]
    pub service_name: String,
    #[serde(default)]
    pub plugin_name: String,
    pub event_status: String,
    #[serde(rename = "type", default)]
    pub kind: String,
}

// ---- the store ----

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Info {
    #[serde(default)]
    pub name: String,
    pub status: i64,
    #[serde(default)]
    pub access_actions: Vec<String>,
    /// This project's account extension; absent on stores without it.
    #[serde(default)]
    pub capabilities: Vec<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountReply {
    pub access_key: String,
    pub user: Profile,
}

#[derive(Deserialize)]
pub struct Profile {
    #[serde(default)]
    pub nickname: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub bio: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AppDetail {
    #[serde(rename = "appKeyID")]
    pub app_key_id: String,
    pub name: String,
    #[serde(default)]
    pub desc: String,
    #[serde(default)]
    pub introduction: String,
    #[serde(default)]
    pub logo: String,
    #[serde(default, deserialize_with = "some_tags")]
    pub tags: Vec<Value>,
    #[serde(default)]
    pub publish_type: String,
    /// A string in the store's generated client; numbers are read alike.
    #[serde(default, deserialize_with = "loose_int")]
    pub status: i64,
    #[serde(rename = "appDetailURL", default)]
    pub app_detail_url: String,
    #[serde(default)]
    pub versions: Vec<VersionBase>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AppList {
    pub apps: Vec<AppDetail>,
    #[serde(default)]
    pub total: i64,
}

/// An app's tags, at most [`budget::APP_TAGS`] of them held; the rest (a reply
/// of millions of numbers) read past without being kept. `null` is none.
fn some_tags<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<Value>, D::Error> {
    struct Tags;
    impl<'de> serde::de::Visitor<'de> for Tags {
        type Value = Vec<Value>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a list of tags")
        }
        fn visit_none<E>(self) -> Result<Self::Value, E> {
            Ok(Vec::new())
        }
        fn visit_unit<E>(self) -> Result<Self::Value, E> {
            Ok(Vec::new())
        }
        fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_seq(self)
        }
        fn visit_seq<A: serde::de::SeqAccess<'de>>(
            self,
            mut seq: A,
        ) -> Result<Self::Value, A::Error> {
            let mut out = Vec::new();
            while out.len() < rbpub_core::budget::APP_TAGS {
                match seq.next_element::<Value>()? {
                    Some(v) => out.push(v),
                    None => return Ok(out),
                }
            }
            while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
            Ok(out)
        }
    }
    d.deserialize_option(Tags)
}

/// `1`, `"1"`, `null` and the like as an integer (0 when absent or not a number).
fn loose_int<'de, D: serde::Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::Number(n) => n.as_i64().unwrap_or_default(),
        Value::String(s) => s.trim().parse().unwrap_or_default(),
        Value::Bool(b) => i64::from(b),
        _ => 0,
    })
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VersionBase {
    pub app_version: String,
    #[serde(default)]
    pub app_version_alias: Option<String>,
    /// The release notes.
    #[serde(default)]
    pub desc: Option<String>,
}

/// `GET /apps/{appID}/versions`.
#[derive(Deserialize)]
pub struct VersionList {
    #[serde(default)]
    pub versions: Vec<VersionBase>,
}

#[derive(Deserialize)]
pub struct Packages {
    pub packages: Vec<Package>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Package {
    #[serde(rename = "packageID")]
    pub package_id: String,
    pub name: String,
    pub version: String,
    #[serde(default)]
    pub description: String,
}

#[derive(Deserialize)]
pub struct StoreErrorBody {
    pub msg: Option<String>,
    pub message: Option<String>,
}

// ---- into the core's types ----

impl From<Info> for StoreInfo {
    fn from(w: Info) -> Self {
        let capabilities = w
            .capabilities
            .iter()
            .filter_map(|c| match c.as_str() {
                "account" => Some(Capability::Account),
                "packages" => Some(Capability::Packages),
                "shelf" => Some(Capability::Shelf),
                _ => None,
            })
            .collect();
        StoreInfo {
            name: w.name,
            usable: w.status == 1,
            access_actions: w.access_actions,
            capabilities,
        }
    }
}

impl From<Profile> for StoreProfile {
    fn from(w: Profile) -> Self {
        StoreProfile {
            nickname: w.nickname,
            phone: w.phone,
            email: w.email,
            bio: w.bio,
        }
    }
}

impl From<UserDetails> for ConsoleAccount {
    fn from(w: UserDetails) -> Self {
        let teams = w
            .teams
            .into_iter()
            .map(|t| Team {
                alias: if t.team_alias.is_empty() {
                    t.team_name.clone()
                } else {
                    t.team_alias
                },
                name: t.team_name,
                regions: t.region.into_iter().map(|r| r.team_region_name).collect(),
            })
            .collect();
        ConsoleAccount {
            user: w.user_name,
            enterprise_id: w.enterprise_id,
            teams,
        }
    }
}

impl From<Group> for RunningApp {
    fn from(w: Group) -> Self {
        RunningApp {
            id: w.group_id,
            name: w.group_name,
        }
    }
}

impl From<Market> for BoundStore {
    fn from(w: Market) -> Self {
        BoundStore {
            name: w.name,
            url: w.url,
            domain: w.domain,
            usable: w.status == 1,
            access_actions: w.access_actions,
        }
    }
}

impl From<AppModel> for StoreTemplate {
    fn from(w: AppModel) -> Self {
        StoreTemplate {
            id: w.app_id,
            name: w.app_name,
            versions: w.versions.into_iter().map(|v| v.app_version).collect(),
        }
    }
}

impl From<SharedApp> for StoreTemplate {
    fn from(w: SharedApp) -> Self {
        StoreTemplate {
            id: w.app_id,
            name: w.app_name,
            versions: w.versions.into_iter().map(|v| v.version).collect(),
        }
    }
}

impl From<CreatedAppModel> for StoreTemplate {
    fn from(w: CreatedAppModel) -> Self {
        StoreTemplate {
            id: w.app_key_id,
            name: w.name,
            versions: Vec::new(),
        }
    }
}

impl From<RecordColumns> for ShareRecord {
    fn from(w: RecordColumns) -> Self {
        ShareRecord {
            id: w.id,
            step: w.step.clamp(0, 3) as u8,
            status: ShareStatus::from_code(w.status),
            version: w.share_version.filter(|v| !v.is_empty()),
            template_id: w.app_id.filter(|v| !v.is_empty()),
            destination: destination(w.scope.as_deref(), w.share_app_market_name),
        }
    }
}

impl From<RecordView> for ShareRecord {
    fn from(w: RecordView) -> Self {
        let step = if w.is_success {
            3
        } else {
            w.step.clamp(0, 3) as u8
        };
        ShareRecord {
            id: w.record_id,
            step,
            status: ShareStatus::from_code(w.status),
            version: w.version.filter(|v| !v.is_empty()),
            template_id: w.app_model_id.filter(|v| !v.is_empty()),
            destination: destination(w.scope.as_deref(), w.scope_target.and_then(|t| t.store_id)),
        }
    }
}

impl From<Event> for PushEvent {
    fn from(w: Event) -> Self {
        let status = match w.event_status.as_str() {
            "success" => PushStatus::Succeeded,
            "failure" => PushStatus::Failed,
            "not_start" => PushStatus::NotStarted,
            _ => PushStatus::Pushing,
        };
        let plugin = w.kind == "plugin";
        let component = if plugin || w.service_name.is_empty() {
            w.plugin_name
        } else {
            w.service_name
        };
        PushEvent {
            id: w.id,
            component,
            plugin,
            status,
            reason: String::new(),
            elapsed_ms: None,
            waiting: false,
        }
    }
}

impl From<AppDetail> for LiveApp {
    fn from(w: AppDetail) -> Self {
        LiveApp {
            id: w.app_key_id,
            name: w.name,
            description: w.desc,
            introduction: w.introduction,
            logo_url: w.logo,
            tags: w
                .tags
                .into_iter()
                .filter_map(|t| t.as_str().map(str::to_owned))
                .collect(),
            publish_type: w.publish_type,
            listed: w.status == 1,
            versions: w.versions.into_iter().map(|v| v.app_version).collect(),
            detail_url: w.app_detail_url,
        }
    }
}

impl From<Package> for LivePackage {
    fn from(w: Package) -> Self {
        LivePackage {
            id: w.package_id,
            name: w.name,
            version: w.version,
            description: w.description,
        }
    }
}

impl From<Bindable> for BindableStore {
    fn from(w: Bindable) -> Self {
        BindableStore {
            name: w.name,
            url: w.url,
            domain: w.domain,
        }
    }
}
