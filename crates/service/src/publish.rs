//! The online use cases over the two clients, shared by the desktop app and
//! `rbpub`. Each one is safe to run again after any failure: it looks at what
//! the servers already have before it creates anything, so a retry after a lost
//! answer never makes a second template, record, version or package.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rbpub_core::online::{
    BindableStore, BoundStore, LiveApp, LivePackage, PushEvent, PushStatus, ShareRecord,
    ShareStatus, StoreTemplate,
};
use rbpub_remote::{
    data_uri, valid_store_name, valid_template_name, AppInfo, ConsoleClient, ErrorKind, NewPackage,
    NewTemplate, ShareVersion, StoreClient,
};
use serde::Serialize;
use ts_rs::TS;

use crate::error::{Code, Error, Result};

/// Set from anywhere to stop a running publish at its next step.
#[derive(Clone, Default)]
pub struct Cancel(Arc<AtomicBool>);

impl Cancel {
    pub fn cancel(&self) {
        self.0.store(true, Ordering::SeqCst);
    }

    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }
}

/// Where a running app is shared from, and to which bound store.
#[derive(Clone, Debug)]
pub struct ShareTarget {
    pub team: String,
    pub region: String,
    pub app_id: i64,
    pub store_name: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum SharePhase {
    Starting,
    Submitting,
    Pushing,
    Completing,
    Done,
    Cancelled,
}

/// A publish's progress, sent to the UI as it changes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ShareProgress {
    pub phase: SharePhase,
    #[ts(type = "number | null")]
    pub share_id: Option<i64>,
    /// One entry per component (and plugin) image.
    pub pushes: Vec<PushEvent>,
    /// Components still pushing when no push has changed for [`Watch::stall_after`]:
    /// the cluster may be stuck on them.
    pub stalled: Vec<String>,
}

impl ShareProgress {
    fn at(phase: SharePhase, share_id: Option<i64>) -> Self {
        ShareProgress {
            phase,
            share_id,
            pushes: Vec::new(),
            stalled: Vec::new(),
        }
    }
}

/// How often image pushes are polled.
pub const POLL_EVERY: Duration = Duration::from_millis(400);

/// Which failed image pushes a run starts again. Starting a push is the one
/// call the console repeats on purpose (it pushes the images again), so a run
/// does it only where the caller asked: the window's *Retry* on one component,
/// `rbpub publish` run again on all of them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Retry {
    /// Failed pushes stay failed; the run ends naming them.
    #[default]
    None,
    /// Every failed push is started once more.
    All,
    /// These events (by id) are started once more.
    Events(Vec<i64>),
}

impl Retry {
    fn covers(&self, event: i64) -> bool {
        match self {
            Retry::None => false,
            Retry::All => true,
            Retry::Events(ids) => ids.contains(&event),
        }
    }
}

/// How long a publish waits on pushes that do not move.
#[derive(Clone, Copy, Debug)]
pub struct Watch {
    /// No push has changed for this long: the progress names the stalled ones.
    pub stall_after: Duration,
    /// Give up waiting (the share stays resumable) after this long; `None` waits for ever.
    pub timeout: Option<Duration>,
}

impl Default for Watch {
    fn default() -> Self {
        Watch {
            stall_after: Duration::from_secs(5 * 60),
            timeout: None,
        }
    }
}

/// A logo ready to send: PNG, JPEG or GIF bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Logo {
    pub mime: &'static str,
    pub bytes: Vec<u8>,
    /// Content hash, to know the store has it without downloading its copy.
    pub hash: String,
}

impl Logo {
    /// Knows the format by its first bytes, not by a file name.
    pub fn sniff(bytes: Vec<u8>) -> Option<Logo> {
        let mime = if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            "image/png"
        } else if bytes.starts_with(b"\xff\xd8\xff") {
            "image/jpeg"
        } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
            "image/gif"
        } else {
            return None;
        };
        let hash = rbpub_assets::hash(&bytes);
        Some(Logo { mime, bytes, hash })
    }

    fn extension(&self) -> &'static str {
        match self.mime {
            "image/jpeg" => "jpg",
            "image/gif" => "gif",
            _ => "png",
        }
    }
}

/// The app's information as step 5 pushes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Information {
    pub name: String,
    pub description: String,
    pub introduction: String,
    pub tags: Vec<String>,
    pub publish_type: String,
    pub logo: Option<Logo>,
}

/// The name a store is bound to the console by. The console takes only letters,
/// digits and `_`, starting with a letter; a store's own name may be anything
/// (Chinese, spaces). So: the name asked for (checked), else the store's own
/// name where it passes, else the name this store (by URL and domain) is bound
/// by already, else `a` and 16 hex digits, as the console's page makes one, but
/// from the URL and domain so that binding again finds the same name.
pub fn store_name_for(
    offered: &BindableStore,
    bound: &[BoundStore],
    asked: Option<&str>,
) -> Result<String> {
    if let Some(name) = asked.map(str::trim) {
        if !valid_store_name(name) {
            return Err(Error::new(
                Code::Rejected,
                format!("store name {name:?}: use letters, digits and _, start with a letter, at most 64 characters"),
            ));
        }
        return Ok(name.to_owned());
    }
    if valid_store_name(&offered.name) {
        return Ok(offered.name.clone());
    }
    let same = |b: &&BoundStore| {
        b.url.trim_end_matches('/') == offered.url.trim_end_matches('/')
            && b.domain == offered.domain
    };
    if let Some(b) = bound.iter().find(same) {
        return Ok(b.name.clone());
    }
    let seed = format!("{} {}", offered.url.trim_end_matches('/'), offered.domain);
    Ok(format!("a{}", &rbpub_assets::hash(seed.as_bytes())[..16]))
}

/// The store template for a listing: the one with its name, or a new one. Looking
/// first is what keeps a retried create from making a second template.
pub async fn ensure_template(
    console: &ConsoleClient,
    enterprise: &str,
    store_name: &str,
    info: &Information,
) -> Result<(StoreTemplate, bool)> {
    let existing = console.templates(enterprise, store_name).await?;
    if let Some(t) = existing.into_iter().find(|t| t.name == info.name.trim()) {
        return Ok((t, false));
    }
    if !valid_template_name(info.name.trim()) {
        return Err(Error::new(
            Code::Rejected,
            format!(
                "template name {:?}: the console takes Chinese, letters, digits, - and _, starting and ending with a letter, digit or Chinese character",
                info.name.trim()
            ),
        ));
    }
    let logo = match &info.logo {
        Some(logo) => {
            let file = format!("logo.{}", logo.extension());
            console
                .upload_logo(&file, logo.mime, logo.bytes.clone())
                .await?
        }
        None => String::new(),
    };
    let template = NewTemplate {
        name: info.name.trim(),
        description: &info.description,
        logo: &logo,
        tags: &info.tags,
        introduction: &info.introduction,
    };
    let created = console
        .create_template(enterprise, store_name, &template)
        .await?;
    Ok((created, true))
}

/// Publishes a running app as a version of a store template through the
/// console's share flow. `resume` is a share this version started before;
/// `on_record` is told a new share's id before anything else is sent, so a crash
/// from then on resumes it instead of starting a second one.
#[allow(clippy::too_many_arguments)]
pub async fn publish_version(
    console: &ConsoleClient,
    target: &ShareTarget,
    version: &ShareVersion,
    resume: Option<i64>,
    retry: &Retry,
    watch: Watch,
    on_record: &mut (dyn FnMut(i64) + Send),
    progress: &mut (dyn FnMut(&ShareProgress) + Send),
    cancel: &Cancel,
) -> Result<ShareRecord> {
    progress(&ShareProgress::at(SharePhase::Starting, resume));
    let record = start_share(console, target, version, resume, on_record).await?;
    finish_share(
        console, target, version, record, retry, watch, progress, cancel,
    )
    .await
}

/// The share to work on, learnt by reading, never by sending twice: the one
/// `resume` names while the console still has it (`bean: {}` means it was given
/// up), else an unfinished record of this version in the app's history, else a
/// new record, whose id `on_record` keeps before anything else happens.
pub async fn start_share(
    console: &ConsoleClient,
    target: &ShareTarget,
    version: &ShareVersion,
    resume: Option<i64>,
    on_record: &mut (dyn FnMut(i64) + Send),
) -> Result<ShareRecord> {
    let (team, region) = (&target.team, &target.region);
    if let Some(id) = resume {
        let found = console
            .share_record(team, region, target.app_id, id)
            .await?;
        if let Some(record) = found.filter(|r| !r.status.is_abandoned()) {
            return Ok(record);
        }
    }
    // The history lists a record once its version was submitted: one left by a
    // run whose checkpoint was lost is taken up again.
    let unfinished = console
        .share_records(team, region, target.app_id)
        .await?
        .into_iter()
        .find(|r| {
            r.status == ShareStatus::Publishing
                && r.version.as_deref() == Some(version.version.as_str())
                && r.template_id.as_deref() == Some(version.template_id.as_str())
        });
    if let Some(record) = unfinished {
        on_record(record.id);
        return Ok(record);
    }
    let record = console
        .start_share(team, region, target.app_id, &target.store_name)
        .await?;
    on_record(record.id);
    Ok(record)
}

/// What one run knows of the pushes beyond their status: when it saw each
/// start, why one failed, and when anything last changed.
struct PushWatch {
    started: HashMap<i64, Instant>,
    finished: HashMap<i64, Duration>,
    reasons: HashMap<i64, String>,
    restarted: HashSet<i64>,
    last: Vec<(i64, PushStatus)>,
    last_change: Instant,
    began: Instant,
}

impl PushWatch {
    fn new() -> Self {
        PushWatch {
            started: HashMap::new(),
            finished: HashMap::new(),
            reasons: HashMap::new(),
            restarted: HashSet::new(),
            last: Vec::new(),
            last_change: Instant::now(),
            began: Instant::now(),
        }
    }

    /// Notes the new statuses, and fills in each push's elapsed time and reason.
    fn observe(&mut self, pushes: &mut [PushEvent]) {
        let now = Instant::now();
        let statuses: Vec<_> = pushes.iter().map(|e| (e.id, e.status)).collect();
        if statuses != self.last {
            self.last = statuses;
            self.last_change = now;
        }
        for e in pushes.iter_mut() {
            match e.status {
                PushStatus::Pushing => {
                    self.started.entry(e.id).or_insert(now);
                    self.finished.remove(&e.id);
                }
                PushStatus::Succeeded | PushStatus::Failed => {
                    if let Some(at) = self.started.get(&e.id) {
                        self.finished.entry(e.id).or_insert(now - *at);
                    }
                }
                PushStatus::NotStarted => {}
            }
            e.elapsed_ms = self
                .finished
                .get(&e.id)
                .copied()
                .or_else(|| self.started.get(&e.id).map(|at| now - *at))
                .map(|d| d.as_millis() as u64);
            if e.status == PushStatus::Failed {
                e.reason = self.reasons.get(&e.id).cloned().unwrap_or_default();
            }
        }
    }

    fn stalled(&self, pushes: &[PushEvent], watch: &Watch) -> Vec<String> {
        if self.last_change.elapsed() < watch.stall_after {
            return Vec::new();
        }
        pushing(pushes)
    }
}

fn pushing(pushes: &[PushEvent]) -> Vec<String> {
    pushes
        .iter()
        .filter(|e| matches!(e.status, PushStatus::Pushing | PushStatus::NotStarted))
        .map(|e| e.component.clone())
        .collect()
}

/// The failed pushes in words: each component and the console's reason.
fn failures(pushes: &[PushEvent]) -> String {
    pushes
        .iter()
        .filter(|e| e.status == PushStatus::Failed)
        .map(|e| {
            if e.reason.is_empty() {
                format!("{} (the cluster reported the push failed)", e.component)
            } else {
                format!("{} ({})", e.component, e.reason)
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Takes a started share to the end: submit (unless the record says it was),
/// start each image push that has not started, poll each push on its own URL,
/// complete. A failed push ends the run with [`Code::PushFailed`] once the
/// others are done, leaving the share to be resumed with a [`Retry`].
#[allow(clippy::too_many_arguments)]
pub async fn finish_share(
    console: &ConsoleClient,
    target: &ShareTarget,
    version: &ShareVersion,
    record: ShareRecord,
    retry: &Retry,
    watch: Watch,
    progress: &mut (dyn FnMut(&ShareProgress) + Send),
    cancel: &Cancel,
) -> Result<ShareRecord> {
    let (team, region) = (target.team.as_str(), target.region.as_str());
    let share_id = record.id;
    if record.is_complete() {
        progress(&ShareProgress::at(SharePhase::Done, Some(share_id)));
        return Ok(record);
    }
    let give_up = || async move {
        match console.give_up(team, region, share_id).await {
            Ok(()) => {}
            // Gone already: an earlier give-up went through.
            Err(e) if e.kind == ErrorKind::NotFound => {}
            Err(e) => return Err(e.into()),
        }
        Err::<ShareRecord, _>(Error::new(
            Code::Cancelled,
            "the publish was cancelled; the console's share was given up",
        ))
    };

    if record.step < 2 {
        progress(&ShareProgress::at(SharePhase::Submitting, Some(share_id)));
        let plan = console.share_plan(team, region, share_id).await?;
        if cancel.is_cancelled() {
            return give_up().await;
        }
        console
            .submit_share(team, region, share_id, version, &plan)
            .await?;
    }

    let mut seen = PushWatch::new();
    let mut pushes = match console.push_events(team, region, share_id).await {
        Ok(pushes) => pushes,
        // 400 once the record is complete: a complete whose answer was lost.
        Err(e) if e.kind == ErrorKind::Validation => {
            return completed_already(console, target, share_id, e.into()).await
        }
        Err(e) => return Err(e.into()),
    };
    loop {
        if cancel.is_cancelled() {
            progress(&ShareProgress::at(SharePhase::Cancelled, Some(share_id)));
            return give_up().await;
        }
        for event in pushes.iter_mut() {
            let restart = event.status == PushStatus::Failed
                && retry.covers(event.id)
                && seen.restarted.insert(event.id);
            if event.status == PushStatus::NotStarted || restart {
                seen.reasons.remove(&event.id);
                seen.started.remove(&event.id);
                match console.start_push(team, region, share_id, event).await {
                    Ok(started) => *event = started,
                    // The cluster refused to start it; the event keeps its stored
                    // status, and the console's words say why.
                    Err(e) if e.kind == ErrorKind::Server => {
                        seen.reasons.insert(event.id, e.detail.clone());
                        event.status = PushStatus::Failed;
                    }
                    Err(e) => return Err(e.into()),
                }
            } else if event.status == PushStatus::Pushing {
                *event = console.push_event(team, region, share_id, event).await?;
            }
        }
        seen.observe(&mut pushes);
        let stalled = seen.stalled(&pushes, &watch);
        let report = |phase| ShareProgress {
            phase,
            share_id: Some(share_id),
            pushes: pushes.clone(),
            stalled: stalled.clone(),
        };
        progress(&report(SharePhase::Pushing));
        let settled = pushes
            .iter()
            .all(|e| matches!(e.status, PushStatus::Succeeded | PushStatus::Failed));
        if settled && pushes.iter().any(|e| e.status == PushStatus::Failed) {
            return Err(Error::new(
                Code::PushFailed,
                format!(
                    "share {share_id}: the image push failed for {}; retry it (run the publish again) to push only what failed",
                    failures(&pushes)
                ),
            ));
        }
        if settled {
            progress(&report(SharePhase::Completing));
            match console.complete_share(team, region, share_id).await {
                Ok(done) => {
                    progress(&report(SharePhase::Done));
                    return Ok(done);
                }
                Err(e) if e.kind == ErrorKind::NotReady => {}
                Err(e) if e.kind == ErrorKind::Validation => {
                    return completed_already(console, target, share_id, e.into()).await
                }
                Err(e) => return Err(e.into()),
            }
        }
        if let Some(limit) = watch.timeout {
            if seen.began.elapsed() >= limit {
                return Err(Error::new(
                    Code::TimedOut,
                    format!(
                        "share {share_id}: no end after {}s; still pushing: {}. The share is kept: run the publish again to go on waiting",
                        limit.as_secs(),
                        pushing(&pushes).join(", ")
                    ),
                ));
            }
        }
        tokio::time::sleep(POLL_EVERY).await;
    }
}

/// After a 400 "share record is complete": done if the record says so.
async fn completed_already(
    console: &ConsoleClient,
    target: &ShareTarget,
    share_id: i64,
    refused: Error,
) -> Result<ShareRecord> {
    let record = console
        .share_record(&target.team, &target.region, target.app_id, share_id)
        .await?;
    match record {
        Some(r) if r.is_complete() => Ok(r),
        _ => Err(refused),
    }
}

/// A version to release: what the share record and the template will carry.
#[derive(Clone, Debug)]
pub struct NewRelease {
    pub version: String,
    pub alias: String,
    pub release_notes: String,
}

/// What [`publish_release`] did.
#[derive(Clone, Debug)]
pub struct Release {
    pub template: StoreTemplate,
    pub template_created: bool,
    /// The share that published the version; `None` when the template had it already.
    pub record: Option<ShareRecord>,
}

/// How a publish run resumes and waits.
#[derive(Clone, Debug, Default)]
pub struct RunOptions {
    /// The share an earlier run of this version started, if it kept one.
    pub resume: Option<i64>,
    pub retry: Retry,
    pub watch: Watch,
}

/// A running app released as a version of the listing's store template: the
/// template found by name (on any page) or created with `info` (its tags are
/// set then, the only time they can be), then the version through the share
/// flow unless the template has it already. `rbpub publish` in one call.
#[allow(clippy::too_many_arguments)]
pub async fn publish_release(
    console: &ConsoleClient,
    enterprise: &str,
    target: &ShareTarget,
    info: &Information,
    release: &NewRelease,
    run: &RunOptions,
    on_record: &mut (dyn FnMut(i64) + Send),
    progress: &mut (dyn FnMut(&ShareProgress) + Send),
    cancel: &Cancel,
) -> Result<Release> {
    let (template, template_created) =
        ensure_template(console, enterprise, &target.store_name, info).await?;
    if template.versions.contains(&release.version) {
        return Ok(Release {
            template,
            template_created,
            record: None,
        });
    }
    let version = ShareVersion {
        template_id: template.id.clone(),
        version: release.version.clone(),
        alias: release.alias.clone(),
        release_notes: release.release_notes.clone(),
        store_name: target.store_name.clone(),
    };
    let record = publish_version(
        console, target, &version, run.resume, &run.retry, run.watch, on_record, progress, cancel,
    )
    .await?;
    Ok(Release {
        template,
        template_created,
        record: Some(record),
    })
}

/// What a push of the app's information did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InfoPush {
    pub live: LiveApp,
    /// False when the store had it all already: nothing was sent.
    pub changed: bool,
    pub logo_sent: bool,
}

/// Pushes the app's information, sending only what differs from the store's
/// copy; the logo goes only when it differs from the store's logo. `pushed_logo`
/// is the hash of the logo last pushed, when known: then the store's copy is
/// not downloaded to compare.
pub async fn push_information(
    store: &StoreClient,
    app_id: &str,
    info: &Information,
    pushed_logo: Option<&str>,
) -> Result<InfoPush> {
    let live = store.app(app_id).await?;
    // Tags are left out: the store's update model has none, so they change only
    // on the store's page (comparing them would never settle).
    let same_text = live.name == info.name.trim()
        && live.description == info.description
        && live.introduction == info.introduction
        && live.publish_type == info.publish_type;
    let same_logo = match &info.logo {
        None => true,
        Some(logo) if live.logo_url.is_empty() => logo.bytes.is_empty(),
        Some(logo) if pushed_logo == Some(logo.hash.as_str()) => true,
        Some(logo) => match store.download(&live.logo_url).await {
            Ok(current) => current == logo.bytes,
            Err(_) => false,
        },
    };
    if same_text && same_logo {
        return Ok(InfoPush {
            live,
            changed: false,
            logo_sent: false,
        });
    }
    let logo = match &info.logo {
        Some(logo) if !same_logo => data_uri(logo.mime, &logo.bytes),
        _ => live.logo_url.clone(),
    };
    let body = AppInfo {
        name: info.name.trim().to_owned(),
        description: info.description.clone(),
        introduction: info.introduction.clone(),
        logo,
        publish_type: info.publish_type.clone(),
        tags: info.tags.clone(),
    };
    let live = store.update_app(app_id, &body).await?;
    Ok(InfoPush {
        live,
        changed: true,
        logo_sent: !same_logo,
    })
}

/// The package for a version: the store's one with the same name and version,
/// or a new one.
pub async fn ensure_package(
    store: &StoreClient,
    app_id: &str,
    package: &NewPackage,
) -> Result<(LivePackage, bool)> {
    let existing = store.packages(app_id).await?;
    if let Some(p) = existing
        .into_iter()
        .find(|p| p.name == package.name && p.version == package.version)
    {
        if p.description == package.description {
            return Ok((p, false));
        }
        return Ok((store.update_package(app_id, &p.id, package).await?, false));
    }
    Ok((store.create_package(app_id, package).await?, true))
}

/// Lists or unlists an app; nothing is sent when it already is.
pub async fn set_listed(store: &StoreClient, app_id: &str, listed: bool) -> Result<LiveApp> {
    let live = store.app(app_id).await?;
    if live.listed == listed {
        return Ok(live);
    }
    Ok(store.set_listed(app_id, listed).await?)
}
