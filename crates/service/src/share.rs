//! The console's share flow, run so that nothing is sent twice: the record is
//! learnt by reading (rainbond-api.md, "What is safe to send twice"), each image
//! push is started once and polled on its own URL, a failed push is named with
//! the console's words and started again only when asked, and a push that stops
//! moving is reported and, with a time limit, given up waiting on.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rbpub_core::online::{PushEvent, PushStatus, ShareRecord, ShareStatus};
use rbpub_remote::{ConsoleClient, ErrorKind, ShareVersion};
use serde::Serialize;
use ts_rs::TS;

use crate::error::{Code, Error, Result};

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

/// Where a running app is shared from, and to which bound store.
#[derive(Clone, Debug)]
pub struct ShareTarget {
    /// The console team the app runs in.
    pub team: String,
    /// The region (cluster) the app runs in.
    pub region: String,
    /// The running app's group id.
    pub app_id: i64,
    /// The bound store's name in the console.
    pub store_name: String,
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

/// A publish's progress, sent to the UI as it changes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ShareProgress {
    /// The step the publish is at.
    pub phase: SharePhase,
    /// The share record, once there is one.
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
            let failed: Vec<&str> = pushes
                .iter()
                .filter(|e| e.status == PushStatus::Failed)
                .map(|e| e.component.as_str())
                .collect();
            return Err(Error::new(
                Code::PushFailed,
                format!(
                    "share {share_id}: the image push failed for {}. Retry to push only what failed; what was pushed is kept",
                    failures(&pushes)
                ),
            )
            .about_components(&failed));
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
                let still = pushing(&pushes);
                return Err(Error::new(
                    Code::TimedOut,
                    format!(
                        "share {share_id}: no end after {}s; still pushing: {}. The share is kept: run the publish again to go on waiting",
                        limit.as_secs(),
                        still.join(", ")
                    ),
                )
                .about_components(&still.iter().map(String::as_str).collect::<Vec<_>>()));
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
