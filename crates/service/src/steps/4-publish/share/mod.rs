//! The console's share flow, run so that nothing is sent twice: the record is
//! learnt by reading (docs/console-api.md, "What is safe to send twice"), each image
//! push is started once and polled on its own URL every few seconds, a failed
//! push is named with the console's words and started again only when asked,
//! a busy cluster or a store that is down is waited on, and a push that stops
//! moving is reported and, with a time limit, given up waiting on. A share
//! publishes the app as it runs now or one of its snapshots.

mod plan;
mod pushes;
mod start;

use rbpub_core::catalogue::Sentence;
use std::future::Future;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rbpub_core::online::{PushEvent, ShareRecord};
use rbpub_core::share::EventKey;
use rbpub_remote::{ConsoleClient, ErrorKind, ShareVersion, SnapshotRef};
use serde::Serialize;
use ts_rs::TS;

use crate::error::{Code, Error, Result};
pub use plan::{share_plan, PlanFinding, PlanGate, PlanView, UpgradeLine, UpgradeView};
pub use pushes::finish_share;
pub use start::{abandon, make_snapshot, snapshot_named, start_share, Started};

/// Set from anywhere to stop a running publish at its next step.
#[derive(Clone, Default)]
pub struct Cancel(Arc<AtomicBool>);

impl Cancel {
    /// Asks the publish to give the share up at its next step.
    pub fn cancel(&self) {
        self.0.store(true, Ordering::SeqCst);
    }

    /// Whether the publish was asked to give up.
    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }
}

/// Where a running app is shared from, and where to: a bound store (by its
/// name in the console) or the console's own library.
#[derive(Clone, Debug)]
pub struct ShareTarget {
    /// The console team the app runs in.
    pub team: String,
    /// The region (cluster) the app runs in.
    pub region: String,
    /// The running app's group id.
    pub app_id: i64,
    /// Where the share publishes.
    pub to: rbpub_core::Destination,
}

/// What of the running app a share publishes.
#[derive(Clone, Debug, Default)]
pub struct ShareSource {
    /// A snapshot's version number; `None`: the app as it runs now.
    pub snapshot: Option<String>,
    /// The plugins (ids or names) to share beside those a shared component
    /// uses; `None`: every plugin. A snapshot carries its own.
    pub plugins: Option<Vec<String>>,
    /// The omissions ([`rbpub_core::share::Omissions::keys`]) the user agreed to.
    pub accepted_omissions: Vec<String>,
    /// Publish whatever the share leaves out (`rbpub publish --accept-omissions`).
    pub accept_any_omission: bool,
    /// Connection values (`<component key>/<NAME>`) sent as `**None**`: a
    /// random value at each install instead of the one every installer shares.
    pub random_per_install: Vec<String>,
}

/// One share: the console, where from, what version, what of the app.
#[derive(Clone, Copy)]
pub struct Share<'a> {
    /// The console, signed in.
    pub console: &'a ConsoleClient,
    /// The app and the store.
    pub target: &'a ShareTarget,
    /// The version and template.
    pub version: &'a ShareVersion,
    /// The snapshot or the running app, plugins, omissions agreed to.
    pub source: &'a ShareSource,
}

/// Where a publish is: the share flow's steps, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum SharePhase {
    /// Finding or starting the share record.
    Starting,
    /// Sending the template's information.
    Submitting,
    /// Pushing the component images.
    Pushing,
    /// Completing the share.
    Completing,
    /// The version is in the store.
    Done,
    /// The share was given up.
    Cancelled,
}

/// What a publish waits on that is not an image push.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ShareWait {
    /// The console's words for why (often Chinese, such as 应用商店状态异常).
    pub reason: String,
    /// When the next try is, in seconds from this report.
    #[ts(type = "number")]
    pub retry_in_secs: u64,
}

/// A publish's progress, sent to the UI as it changes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ShareProgress {
    /// The step the publish is at.
    pub phase: SharePhase,
    /// The share record, once there is one.
    #[ts(type = "number | null")]
    pub share_id: Option<i64>,
    /// One entry per component and per plugin image.
    pub pushes: Vec<PushEvent>,
    /// Components and plugins still pushing when no push has changed for
    /// [`Watch::stall_after`]: the cluster may be stuck on them.
    pub stalled: Vec<String>,
    /// The store is down as the console sees it: the publish waits and tries again.
    pub waiting: Option<ShareWait>,
}

impl ShareProgress {
    fn at(phase: SharePhase, share_id: Option<i64>) -> Self {
        ShareProgress {
            phase,
            share_id,
            pushes: Vec::new(),
            stalled: Vec::new(),
            waiting: None,
        }
    }
}

/// How often one image push is asked after: each ask is a call from the
/// console to the cluster, and the console's own page asks every 5 s.
pub const POLL_EVERY: Duration = Duration::from_secs(3);

/// Which failed image pushes a run starts again. Starting a push is the one
/// call the console repeats on purpose (it pushes the images again), so a run
/// does it only where the caller asked: the window's *Retry* on one push,
/// `rbpub publish` run again on all of them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Retry {
    /// Failed pushes stay failed; the run ends naming them.
    #[default]
    None,
    /// Every failed push is started once more.
    All,
    /// These pushes are started once more.
    Events(Vec<EventKey>),
}

impl Retry {
    fn covers(&self, event: EventKey) -> bool {
        match self {
            Retry::None => false,
            Retry::All => true,
            Retry::Events(keys) => keys.contains(&event),
        }
    }
}

/// How long a publish waits on pushes that do not move, and how often it asks.
#[derive(Clone, Copy, Debug)]
pub struct Watch {
    /// No push has changed for this long: the progress names the stalled ones.
    pub stall_after: Duration,
    /// Give up waiting (the share stays resumable) after this long; `None` waits for ever.
    pub timeout: Option<Duration>,
    /// How often each push under way is asked after.
    pub poll_every: Duration,
    /// The first wait after the cluster or the store said "not now"; it
    /// doubles each time, up to six times as long.
    pub busy_backoff: Duration,
}

impl Default for Watch {
    fn default() -> Self {
        Watch {
            stall_after: Duration::from_secs(5 * 60),
            timeout: None,
            poll_every: POLL_EVERY,
            // The console's 409 asks for 10 to 30 s.
            busy_backoff: Duration::from_secs(10),
        }
    }
}

impl Watch {
    /// The default watch, with what the environment sets: [`crate::STALL_AFTER_ENV`],
    /// [`crate::POLL_ENV`] and [`crate::BUSY_BACKOFF_ENV`].
    pub fn from_env() -> Watch {
        let number = |name: &str| {
            std::env::var(name)
                .ok()
                .and_then(|v| v.trim().parse::<u64>().ok())
        };
        let default = Watch::default();
        Watch {
            stall_after: number(crate::STALL_AFTER_ENV)
                .map(Duration::from_secs)
                .unwrap_or(default.stall_after),
            timeout: None,
            poll_every: number(crate::POLL_ENV)
                .map(Duration::from_millis)
                .unwrap_or(default.poll_every),
            busy_backoff: number(crate::BUSY_BACKOFF_ENV)
                .map(Duration::from_millis)
                .unwrap_or(default.busy_backoff),
        }
    }

    /// The wait before try `n` (from 0) after "not now": doubling, capped.
    fn backoff(&self, n: u32) -> Duration {
        (self.busy_backoff * 2u32.saturating_pow(n.min(3))).min(self.busy_backoff * 6)
    }
}

/// Publishes a running app (or a snapshot of it) as a version of a store
/// template through the console's share flow. `resume` is a share this
/// version started before; `on_record` is told a new share's id before
/// anything else is sent, so a crash from then on resumes it instead of
/// starting a second one.
pub async fn publish_version(
    share: Share<'_>,
    resume: Option<i64>,
    retry: &Retry,
    watch: Watch,
    on_record: &mut (dyn FnMut(i64) + Send),
    progress: &mut (dyn FnMut(&ShareProgress) + Send),
    cancel: &Cancel,
) -> Result<ShareRecord> {
    let mut logged = with_trail(progress);
    logged(&ShareProgress::at(SharePhase::Starting, resume));
    let started = start_share(share, resume, watch, on_record, &mut logged).await?;
    let done = finish_share(share, started, retry, watch, &mut logged, cancel).await;
    if let Err(e) = &done {
        tracing::warn!(code = ?e.code, reason = %e.message, "share stopped");
    }
    done
}

/// Progress that leaves a trail in the log: each step once, each wait and
/// stall, the pushes at debug.
pub(crate) fn with_trail<'a>(
    progress: &'a mut (dyn FnMut(&ShareProgress) + Send),
) -> impl FnMut(&ShareProgress) + Send + 'a {
    let mut last_phase = None;
    move |p| {
        log_progress(p, &mut last_phase);
        progress(p)
    }
}

fn log_progress(p: &ShareProgress, last_phase: &mut Option<SharePhase>) {
    if *last_phase != Some(p.phase) {
        tracing::info!(share = ?p.share_id, phase = ?p.phase, "share step");
        *last_phase = Some(p.phase);
    }
    if let Some(w) = &p.waiting {
        tracing::info!(reason = %w.reason, retry_in_secs = w.retry_in_secs, "waiting: the console says not now");
    }
    if !p.stalled.is_empty() {
        tracing::warn!(stalled = ?p.stalled, "image pushes have not moved for a while");
    }
    tracing::debug!(pushes = ?p.pushes, "image pushes");
}

/// Gives a share up; one that is gone already was given up before.
pub async fn give_up(console: &ConsoleClient, target: &ShareTarget, share_id: i64) -> Result<()> {
    tracing::info!(share = share_id, "giving the share up");
    match console
        .give_up(&target.team, &target.region, share_id)
        .await
    {
        Ok(()) => Ok(()),
        Err(e) if e.kind == ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e.into()),
    }
}

/// How long a publish with no time limit waits on a store that is down before
/// it leaves the share to the outbox.
const OUTAGE_LIMIT: Duration = Duration::from_secs(15 * 60);

/// Calls `call` until its answer is not "not now" (the store down as the
/// console sees it, or a busy cluster), waiting between tries with backoff and
/// saying so through `report` (`None` once it is over). Stops waiting when the
/// watch's time limit (or [`OUTAGE_LIMIT`]) passes or the publish is
/// cancelled: the last answer is then the error.
async fn wait_out<T, Fut>(
    watch: Watch,
    report: &mut (dyn FnMut(Option<ShareWait>) + Send),
    cancel: Option<&Cancel>,
    mut call: impl FnMut() -> Fut,
) -> rbpub_remote::Result<T>
where
    Fut: Future<Output = rbpub_remote::Result<T>>,
{
    let began = Instant::now();
    let limit = watch.timeout.unwrap_or(OUTAGE_LIMIT);
    let mut tries = 0;
    loop {
        let answer = call().await;
        let not_now = matches!(
            &answer,
            Err(e) if matches!(e.kind, ErrorKind::StoreUnavailable | ErrorKind::Busy)
        );
        let stop = began.elapsed() >= limit || cancel.is_some_and(Cancel::is_cancelled);
        if !not_now || stop {
            if tries > 0 {
                report(None);
            }
            return answer;
        }
        let wait = watch.backoff(tries);
        if let Err(e) = &answer {
            report(Some(ShareWait {
                reason: e.detail.clone(),
                retry_in_secs: wait.as_secs(),
            }));
        }
        sleep_unless_cancelled(wait, cancel).await;
        tries += 1;
    }
}

/// Sleeps `wait`, or less when the publish is cancelled meanwhile.
async fn sleep_unless_cancelled(wait: Duration, cancel: Option<&Cancel>) {
    let until = Instant::now() + wait;
    while Instant::now() < until && !cancel.is_some_and(Cancel::is_cancelled) {
        let left = until.saturating_duration_since(Instant::now());
        tokio::time::sleep(left.min(Duration::from_millis(250))).await;
    }
}

/// After an answer that says nothing (lost, garbled, a failure of the console's
/// own): whether the record got past `step` anyway.
async fn reached(share: Share<'_>, share_id: i64, step: u8) -> Result<Option<ShareRecord>> {
    let t = share.target;
    let record = share
        .console
        .share_record(&t.team, &t.region, t.app_id, share_id)
        .await?;
    Ok(record.filter(|r| r.step >= step || r.is_complete()))
}

/// A snapshot this share publishes, found among the app's snapshots.
fn snapshot_ref(snapshot: &rbpub_core::share::Snapshot) -> SnapshotRef {
    SnapshotRef {
        template_id: snapshot.template_id.clone(),
        version: snapshot.version.clone(),
    }
}

/// The error of a share that cannot go on as it is.
fn stale(share_id: i64, why: Sentence) -> Error {
    let mut e = Error::because(Code::ShareStale, why);
    e.message = format!("share {share_id}: {}", e.message);
    e
}
