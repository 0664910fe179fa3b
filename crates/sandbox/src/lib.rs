//! A local Rainbond console and Rainbond app store on one loopback port, speaking
//! the wire formats of `docs/console-api.md` and `docs/store-api.md`, with
//! its state in its own SQLite file. `make run` and the tests point the app at it.

mod catalog;
mod components;
mod console;
mod faults;
mod installs;
mod library;
mod region;
mod release_mark;
mod reply;
mod running;
mod seed;
mod share;
mod snapshots;
mod store;
mod topology;
mod upgrades;

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use serde::Serialize;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions};
use sqlx::SqlitePool;
use tokio::sync::oneshot;

pub use faults::FaultSettings;
pub use seed::{Demo, SEEDED_APPS};

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot open the sandbox database {path}: {source}")]
    Database { path: String, source: sqlx::Error },
    #[error("cannot migrate the sandbox database: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("the sandbox database failed: {0}")]
    Query(#[from] sqlx::Error),
    #[error("cannot listen on {addr}: {source}")]
    Listen {
        addr: SocketAddr,
        source: std::io::Error,
    },
}

/// How the sandbox behaves, besides its faults.
#[derive(Clone, Debug)]
pub struct Settings {
    /// The store's market domain; requests must name it in `marketDomain`.
    pub market_domain: String,
    /// How long one component's image push takes.
    pub push_ms: u64,
    /// The SMS code registration expects.
    pub sms_code: String,
    /// The account extension's parts the store offers (`account`, `packages`,
    /// `shelf`); without one its endpoints answer 404 and the app guides the user.
    pub capabilities: Vec<String>,
    /// The most items one page of a list holds, whatever page size is asked for:
    /// small, so clients that stop at the first page are caught.
    pub page_size_cap: usize,
    /// The console keeps uploads in object storage: an upload answers the
    /// bucket's URL, and a template made through the console loses its logo.
    pub object_storage_uploads: bool,
    /// The console's cloud stores are disabled (`DISABLE_CLOUD_MARKET`): an
    /// offline console, where every bound store reads status 0 and only the
    /// console's own library takes a publish.
    pub cloud_disabled: bool,
    pub faults: FaultSettings,
}

/// Everything the account extension has.
pub const ALL_CAPABILITIES: [&str; 3] = ["account", "packages", "shelf"];

impl Default for Settings {
    fn default() -> Self {
        Settings {
            market_domain: "rainbond".into(),
            push_ms: 3_000,
            sms_code: "246810".into(),
            capabilities: ALL_CAPABILITIES.map(String::from).to_vec(),
            page_size_cap: 10,
            object_storage_uploads: false,
            cloud_disabled: false,
            faults: FaultSettings::default(),
        }
    }
}

#[derive(Clone)]
pub(crate) struct AppState {
    db: SqlitePool,
    settings: Arc<Settings>,
    faults: Arc<faults::Faults>,
    stats: Arc<Counters>,
    /// The sandbox's own address, for the URLs it hands out.
    base_url: Arc<str>,
}

#[derive(Default)]
struct Counters {
    requests: AtomicU64,
    image_bytes: AtomicU64,
    server_errors: AtomicU64,
    in_flight: AtomicU64,
    peak_in_flight: AtomicU64,
    /// Image pushes the console asked the cluster for, by component name.
    pushes: std::sync::Mutex<BTreeMap<String, u64>>,
    /// What was asked and answered, oldest first, at most [`LOG_LIMIT`] lines.
    log: std::sync::Mutex<std::collections::VecDeque<LogLine>>,
}

/// The most lines the request log keeps.
const LOG_LIMIT: usize = 100_000;

/// One request in the sandbox's log: what a test or a benchmark counts calls by.
#[derive(Debug, Serialize, serde::Deserialize, PartialEq, Eq, Clone)]
#[serde(rename_all = "camelCase")]
pub struct LogLine {
    pub method: String,
    /// The path, without the query.
    pub path: String,
    /// The status answered (a reply the faults cut off logs the handler's status).
    pub status: u16,
    /// Milliseconds since 1970.
    pub at_ms: i64,
}

/// Counts one image push of a component: what "each image pushed once" is checked by.
pub(crate) fn count_push(state: &AppState, component: &str) {
    let mut pushes = state.stats.pushes.lock().unwrap_or_else(|p| p.into_inner());
    *pushes.entry(component.to_owned()).or_default() += 1;
}

/// What the sandbox has seen and holds, for tests and benchmarks.
#[derive(Debug, Serialize, serde::Deserialize, PartialEq, Eq, Clone, Default)]
#[serde(rename_all = "camelCase")]
pub struct Stats {
    pub requests: u64,
    /// Bytes of images received (logos as data URIs and uploads), decoded.
    pub image_bytes: u64,
    /// The most requests that were being answered at one time (latency included).
    #[serde(default)]
    pub peak_in_flight: u64,
    pub share_records: i64,
    /// Share records completed (`status = 1`): the versions the console published.
    #[serde(default)]
    pub published_records: i64,
    pub store_apps: i64,
    pub store_versions: i64,
    pub store_packages: i64,
    /// Image pushes started, by component (or plugin) name: every POST on an
    /// event that the cluster took, including the second of a retried one.
    #[serde(default)]
    pub image_pushes: BTreeMap<String, u64>,
    /// Replies with a 5xx status the sandbox's own views answered (injected
    /// faults are not counted): a client that asks for what does not exist.
    #[serde(default)]
    pub server_errors: u64,
    /// Replies the faults failed, dropped or garbled.
    #[serde(default)]
    pub faults_injected: u64,
    /// App models in the console's library (its hidden snapshot templates left out).
    #[serde(default)]
    pub library_models: i64,
    /// Complete version rows of the library's models (a number published
    /// again is a second row, as the console keeps it).
    #[serde(default)]
    pub library_versions: i64,
    /// The console's apps (deleted ones left out).
    #[serde(default)]
    pub apps: i64,
    /// Components in the cluster: those of every app, and those a plain
    /// `DELETE groups/{app}` left behind.
    #[serde(default)]
    pub components: i64,
}

/// A running sandbox. Dropping it stops the server.
pub struct Sandbox {
    pub addr: SocketAddr,
    pub demo: Demo,
    state: AppState,
    _stop: oneshot::Sender<()>,
}

impl Sandbox {
    /// Opens (or creates and seeds) the state file and serves on `addr` (port 0 picks one).
    pub async fn start(
        db_path: &Path,
        addr: SocketAddr,
        settings: Settings,
    ) -> Result<Sandbox, Error> {
        let options = SqliteConnectOptions::new()
            .filename(db_path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .busy_timeout(std::time::Duration::from_secs(5));
        let db = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options)
            .await
            .map_err(|source| Error::Database {
                path: db_path.display().to_string(),
                source,
            })?;
        sqlx::migrate!().run(&db).await?;
        let demo = seed::seed(&db).await?;

        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|source| Error::Listen { addr, source })?;
        let addr = listener
            .local_addr()
            .map_err(|source| Error::Listen { addr, source })?;
        let state = AppState {
            db,
            faults: Arc::new(faults::Faults::new(settings.faults.clone())),
            settings: Arc::new(settings),
            stats: Arc::default(),
            base_url: format!("http://{addr}").into(),
        };
        let app = router(state.clone());
        let (stop, stopped) = oneshot::channel::<()>();
        tokio::spawn(async move {
            let _ = axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    let _ = stopped.await;
                })
                .await;
        });
        Ok(Sandbox {
            addr,
            demo,
            state,
            _stop: stop,
        })
    }

    /// Makes the demo store account own `n` apps with versions, templates
    /// and logos (`--store-apps`); answers how many were made now.
    pub async fn seed_store_apps(&self, n: usize) -> Result<usize, Error> {
        Ok(catalog::seed_catalog(&self.state, self.demo.store_phone, n).await?)
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Changes the injected faults (also `PUT /__sandbox/faults`).
    pub fn set_faults(&self, faults: FaultSettings) {
        self.state.faults.set(faults);
    }

    /// Adds a running app to the demo team, sharing the template of `like` (an app
    /// the sandbox was seeded with, such as `gitea`); answers its group id.
    pub async fn add_running_app(&self, name: &str, like: &str) -> Result<i64, Error> {
        seed::add_running_app(&self.state.db, name, like)
            .await
            .map_err(Error::from)
    }

    /// Changes a running app, as its team would in the console (a component
    /// added, an image upgraded): `change` edits its RAM template.
    pub async fn change_running_app(
        &self,
        group_id: i64,
        change: impl FnOnce(&mut serde_json::Value),
    ) -> Result<(), Error> {
        let (text,): (String,) =
            sqlx::query_as("SELECT template FROM console_apps WHERE group_id = ?")
                .bind(group_id)
                .fetch_one(&self.state.db)
                .await?;
        let mut template: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
        change(&mut template);
        sqlx::query("UPDATE console_apps SET template = ? WHERE group_id = ?")
            .bind(template.to_string())
            .bind(group_id)
            .execute(&self.state.db)
            .await?;
        Ok(())
    }

    /// Share records of an app as others left them: `Some(version)` submitted
    /// (step 2) and never finished, `None` started and walked away from (step
    /// 1, as the console's own page leaves one each time it is opened). Newer
    /// than every record before them, in the order given.
    pub async fn add_share_records(
        &self,
        group_id: i64,
        versions: &[Option<&str>],
    ) -> Result<(), Error> {
        Ok(share::add_records(&self.state, group_id, versions).await?)
    }

    /// Forgets the request counts and the peak, so one run can be measured alone.
    pub fn reset_counters(&self) {
        let c = &self.state.stats;
        for n in [
            &c.requests,
            &c.image_bytes,
            &c.peak_in_flight,
            &c.server_errors,
        ] {
            n.store(0, Ordering::SeqCst);
        }
        c.pushes.lock().unwrap_or_else(|p| p.into_inner()).clear();
        c.log.lock().unwrap_or_else(|p| p.into_inner()).clear();
    }

    /// The requests answered since the start (or the last reset), oldest first
    /// (also `GET /__sandbox/log`).
    pub fn log(&self) -> Vec<LogLine> {
        read_log(&self.state)
    }

    /// What the sandbox has seen and holds (also `GET /__sandbox/stats`).
    pub async fn stats(&self) -> Result<Stats, Error> {
        Ok(read_stats(&self.state).await?)
    }
}

fn router(state: AppState) -> Router {
    Router::new()
        .merge(console::routes())
        .merge(share::routes())
        .merge(snapshots::routes())
        .merge(library::routes())
        .merge(topology::routes())
        .merge(installs::routes())
        .merge(components::routes())
        .merge(upgrades::routes())
        .merge(store::routes(&state.settings.capabilities))
        .route("/__sandbox/faults", get(faults::get).put(faults::put))
        .route("/__sandbox/stats", get(stats))
        .route("/__sandbox/log", get(log))
        .route(
            "/__sandbox/apps/{group_id}/rebuild/{component}",
            axum::routing::post(rebuild_component),
        )
        // Inside the faults: the log and the 5xx count are of what the views answered.
        .layer(axum::middleware::from_fn_with_state(state.clone(), record))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            faults::inject,
        ))
        .layer(axum::middleware::from_fn_with_state(state.clone(), count))
        .with_state(state)
}

async fn count(
    State(state): State<AppState>,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    if req.uri().path().starts_with("/__sandbox") {
        return next.run(req).await;
    }
    let c = &state.stats;
    c.requests.fetch_add(1, Ordering::Relaxed);
    let now = c.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
    c.peak_in_flight.fetch_max(now, Ordering::SeqCst);
    let response = next.run(req).await;
    c.in_flight.fetch_sub(1, Ordering::SeqCst);
    response
}

/// `POST /__sandbox/apps/{group_id}/rebuild/{component}`: the team deleted the
/// component (by name) and made it again in the console: a new id, so a new
/// `service_key` and `service_share_uuid` in the next version published.
async fn rebuild_component(
    State(state): State<AppState>,
    axum::extract::Path((group_id, component)): axum::extract::Path<(i64, String)>,
) -> axum::http::StatusCode {
    let row: Option<(String,)> =
        sqlx::query_as("SELECT template FROM console_apps WHERE group_id = ?")
            .bind(group_id)
            .fetch_optional(&state.db)
            .await
            .ok()
            .flatten();
    let Some((text,)) = row else {
        return axum::http::StatusCode::NOT_FOUND;
    };
    let mut template: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
    let id = uuid::Uuid::new_v4().simple().to_string();
    let mut old = None;
    for c in template["apps"].as_array_mut().into_iter().flatten() {
        if c["service_cname"] == component.as_str() {
            old = c["service_share_uuid"].as_str().map(str::to_owned);
            c["service_id"] = id.clone().into();
            c["service_key"] = id.clone().into();
            c["service_share_uuid"] = format!("{id}+{id}").into();
        }
    }
    let Some(old) = old else {
        return axum::http::StatusCode::NOT_FOUND;
    };
    // Its dependants are pointed at it again, as the team would.
    for c in template["apps"].as_array_mut().into_iter().flatten() {
        for d in c["dep_service_map_list"]
            .as_array_mut()
            .into_iter()
            .flatten()
        {
            if d["dep_service_key"] == old.as_str() {
                d["dep_service_key"] = format!("{id}+{id}").into();
            }
        }
    }
    let saved = sqlx::query("UPDATE console_apps SET template = ? WHERE group_id = ?")
        .bind(template.to_string())
        .bind(group_id)
        .execute(&state.db)
        .await;
    match saved {
        Ok(_) => axum::http::StatusCode::NO_CONTENT,
        Err(_) => axum::http::StatusCode::INTERNAL_SERVER_ERROR,
    }
}

/// Logs what a view answered; counts its 5xx.
async fn record(
    State(state): State<AppState>,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    if req.uri().path().starts_with("/__sandbox") {
        return next.run(req).await;
    }
    let (method, path) = (req.method().to_string(), req.uri().path().to_owned());
    let response = next.run(req).await;
    let status = response.status().as_u16();
    if status >= 500 {
        state.stats.server_errors.fetch_add(1, Ordering::Relaxed);
    }
    let mut log = state.stats.log.lock().unwrap_or_else(|p| p.into_inner());
    if log.len() == LOG_LIMIT {
        log.pop_front();
    }
    log.push_back(LogLine {
        method,
        path,
        status,
        at_ms: reply::now_ms(),
    });
    response
}

fn read_log(state: &AppState) -> Vec<LogLine> {
    let log = state.stats.log.lock().unwrap_or_else(|p| p.into_inner());
    log.iter().cloned().collect()
}

async fn log(State(state): State<AppState>) -> Json<Vec<LogLine>> {
    Json(read_log(&state))
}

async fn stats(State(state): State<AppState>) -> Result<Json<Stats>, reply::StoreError> {
    Ok(Json(read_stats(&state).await?))
}

async fn read_stats(state: &AppState) -> Result<Stats, sqlx::Error> {
    #[allow(clippy::type_complexity)]
    let (share_records, published_records, store_apps, store_versions, store_packages): (
        i64,
        i64,
        i64,
        i64,
        i64,
    ) = sqlx::query_as(
        "SELECT (SELECT count(*) FROM share_records),
                (SELECT count(*) FROM share_records WHERE status = 1),
                (SELECT count(*) FROM store_apps),
                (SELECT count(*) FROM store_versions), (SELECT count(*) FROM store_packages)",
    )
    .fetch_one(&state.db)
    .await?;
    let (library_models, library_versions): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT count(*) FROM library_models WHERE is_ingerit = 1),
                (SELECT count(*) FROM library_versions WHERE is_complete = 1)",
    )
    .fetch_one(&state.db)
    .await?;
    let (apps, components): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT count(*) FROM console_apps WHERE deleted = 0),
                (SELECT coalesce(sum(json_array_length(template, '$.apps')), 0) FROM console_apps)",
    )
    .fetch_one(&state.db)
    .await?;
    Ok(Stats {
        apps,
        components,
        requests: state.stats.requests.load(Ordering::Relaxed),
        image_bytes: state.stats.image_bytes.load(Ordering::Relaxed),
        peak_in_flight: state.stats.peak_in_flight.load(Ordering::SeqCst),
        server_errors: state.stats.server_errors.load(Ordering::Relaxed),
        faults_injected: state.faults.injected(),
        share_records,
        published_records,
        store_apps,
        store_versions,
        store_packages,
        library_models,
        library_versions,
        image_pushes: state
            .stats
            .pushes
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone(),
    })
}

/// Stores image bytes and returns the URL the sandbox serves them at.
pub(crate) async fn save_image(
    state: &AppState,
    mime: &str,
    bytes: &[u8],
) -> Result<String, sqlx::Error> {
    state
        .stats
        .image_bytes
        .fetch_add(bytes.len() as u64, Ordering::Relaxed);
    let id = uuid::Uuid::now_v7().simple().to_string();
    sqlx::query("INSERT INTO images (id, mime, bytes) VALUES (?, ?, ?)")
        .bind(&id)
        .bind(mime)
        .bind(bytes)
        .execute(&state.db)
        .await?;
    Ok(format!("/media/{id}"))
}

/// A write transaction that takes the write lock at once: one that reads first
/// and writes later fails with SQLITE_BUSY_SNAPSHOT (not retried by the busy
/// timeout) when another request wrote in between, as many publishes at once do.
pub(crate) async fn write(
    db: &SqlitePool,
) -> Result<sqlx::Transaction<'static, sqlx::Sqlite>, sqlx::Error> {
    db.begin_with("BEGIN IMMEDIATE").await
}
