//! Halo in the sandbox (a plugin a component uses, one on a component never
//! deployed, a dependency on WordPress's MySQL), a signed-in console with the
//! store bound, and a template to publish to: what the share-flow tests start from.

use std::sync::{Arc, Mutex};

use rbpub_core::online::ShareRecord;
use rbpub_core::Sensitive;
use rbpub_remote::{ConsoleClient, ShareVersion, StoreClient, Transport};
use rbpub_sandbox::{Sandbox, Settings};
use rbpub_service::publish::{
    self, Cancel, Information, Retry, Share, ShareProgress, ShareSource, ShareTarget,
};
use rbpub_service::Error;
use serde_json::Value;

pub const HALO: i64 = 3;

pub struct World {
    pub sb: Sandbox,
    pub console: ConsoleClient,
    pub target: ShareTarget,
    pub version: ShareVersion,
    _dir: tempfile::TempDir,
}

pub async fn world() -> World {
    let dir = tempfile::tempdir().unwrap();
    let settings = Settings {
        push_ms: 300,
        ..Settings::default()
    };
    let sb = super::start_sandbox(&dir, settings).await;
    let console = super::bound_console(&sb).await;
    let eid = sb.demo.enterprise_id;
    let info = Information {
        name: "Halo".into(),
        description: "A blog".into(),
        introduction: "# Halo".into(),
        tags: vec![],
        publish_type: "private".into(),
        logo: None,
    };
    let template = publish::ensure_template(&console, eid, "SandboxStore", &info, None)
        .await
        .unwrap()
        .template;
    World {
        sb,
        console,
        target: ShareTarget {
            team: "demo-team".into(),
            region: "local".into(),
            app_id: HALO,
            to: rbpub_core::Destination::Store {
                name: "SandboxStore".into(),
            },
        },
        version: ShareVersion {
            template_id: template.id,
            version: "1.0.0".into(),
            alias: "stable".into(),
            release_notes: "First".into(),
            to: rbpub_core::Destination::Store {
                name: "SandboxStore".into(),
            },
        },
        _dir: dir,
    }
}

/// Everything the console leaves out, agreed to.
pub fn agreed() -> ShareSource {
    ShareSource {
        accept_any_omission: true,
        ..ShareSource::default()
    }
}

/// Every progress report of a run.
pub type Seen = Arc<Mutex<Vec<ShareProgress>>>;

pub async fn publish_with(
    w: &World,
    version: &ShareVersion,
    source: &ShareSource,
    resume: Option<i64>,
    seen: &Seen,
) -> Result<ShareRecord, Error> {
    let share = Share {
        console: &w.console,
        target: &w.target,
        version,
        source,
    };
    let reports = seen.clone();
    publish::publish_version(
        share,
        resume,
        &Retry::None,
        super::quick_watch(),
        &mut |_| {},
        &mut move |p: &ShareProgress| reports.lock().unwrap().push(p.clone()),
        &Cancel::default(),
    )
    .await
}

pub async fn publish(w: &World, source: &ShareSource) -> Result<ShareRecord, Error> {
    publish_with(w, &w.version, source, None, &Seen::default()).await
}

pub async fn pushes(w: &World) -> Vec<(String, u64)> {
    let stats = w.sb.stats().await.unwrap();
    stats.image_pushes.into_iter().collect()
}

pub fn once(names: &[&str]) -> Vec<(String, u64)> {
    let mut all: Vec<_> = names.iter().map(|n| (n.to_string(), 1)).collect();
    all.sort();
    all
}

/// The version's template as the store keeps it.
pub async fn stored_template(w: &World, version: &str) -> Value {
    let store = StoreClient::new(Transport::new().unwrap(), &w.sb.url(), "rainbond")
        .with_key(Sensitive::new(w.sb.demo.store_key.to_owned()));
    store
        .version_template(&w.version.template_id, version)
        .await
        .unwrap()
}

pub fn names(template: &Value, list: &str, key: &str) -> Vec<String> {
    template[list]
        .as_array()
        .into_iter()
        .flatten()
        .map(|c| c[key].as_str().unwrap_or_default().to_owned())
        .collect()
}
