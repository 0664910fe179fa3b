//! A started share taken to the end: submit (unless the record says it was),
//! each image push started once and asked after on its own URL every few
//! seconds, complete. Every call whose answer was lost is settled by reading,
//! never by sending again: a submit by the record's step, an image push's start
//! by the event list, a complete by the record.

use rbpub_core::catalogue::Sentence;
use rbpub_core::share::OmissionReason;
use std::collections::HashMap;
use std::time::{Duration, Instant};

use rbpub_core::online::{PushEvent, PushStatus, ShareRecord};
use rbpub_core::share::{EventKey, Omissions, PublishMode};
use rbpub_remote::{ErrorKind, SharePlan};

use super::plan::omissions_of;
use super::{
    give_up, reached, sleep_unless_cancelled, stale, wait_out, Cancel, Retry, Share, SharePhase,
    ShareProgress, ShareWait, Started, Watch,
};
use crate::error::{Code, Error, Params, Result};

/// How many answers that say nothing (lost, garbled, a failure of the
/// console's own) one call may get before the run stops on it.
const UNCLEAR_ANSWERS: u32 = 3;
/// How many calls in a row may go unanswered (each after the transport's own
/// retries) before the run leaves the share to the outbox: the console is out
/// of reach, and waiting here would only hide it.
const UNANSWERED_IN_A_ROW: u32 = 4;

/// The error of a publish the user gave up.
fn cancelled() -> Error {
    Error::because(Code::Cancelled, Sentence::new("share.cancelled"))
}

/// An answer that says nothing of what the server did.
fn unclear(kind: ErrorKind) -> bool {
    matches!(
        kind,
        ErrorKind::Network | ErrorKind::Server | ErrorKind::Malformed
    )
}

/// Takes a started share to the end. A failed push ends the run with
/// [`Code::PushFailed`] once the others are done, leaving the share to be
/// resumed with a [`Retry`].
pub async fn finish_share(
    share: Share<'_>,
    started: Started,
    retry: &Retry,
    watch: Watch,
    progress: &mut (dyn FnMut(&ShareProgress) + Send),
    cancel: &Cancel,
) -> Result<ShareRecord> {
    let share_id = started.record.id;
    if started.record.is_complete() {
        progress(&ShareProgress::at(SharePhase::Done, Some(share_id)));
        return Ok(started.record);
    }
    if started.record.step < 2 {
        progress(&ShareProgress::at(SharePhase::Submitting, Some(share_id)));
        submit(share, &started, watch, progress, cancel).await?;
    }
    Pushes::new(share, share_id, retry, watch)
        .run(progress, cancel)
        .await
}

/// The omissions a user has not agreed to, in words, as the error that stops
/// the publish before anything is submitted.
fn omissions_to_confirm(share_id: i64, omissions: &Omissions, unaccepted: Vec<String>) -> Error {
    let left_out = |c: &rbpub_core::share::OmittedComponent| {
        Sentence::new(match c.reason {
            OmissionReason::ThirdParty => "share.leftOutThirdParty",
            OmissionReason::NotDeployed => "share.leftOutNotDeployed",
            OmissionReason::Other => "share.leftOutOther",
        })
        .arg("component", &c.name)
    };
    let dropped = |d: &rbpub_core::share::DroppedDependency| {
        match &d.other_app {
            Some(app) => Sentence::new("share.dependencyOtherApp").arg("app", app),
            None => Sentence::new("share.dependencyLeftOut"),
        }
        .arg("component", &d.component)
        .arg("on", &d.on)
    };
    let lines: Vec<Sentence> = (omissions.components.iter().map(left_out))
        .chain(omissions.dependencies.iter().map(dropped))
        .collect();
    // One sentence naming each: `{a}; {b}` nested, said in the user's language.
    let why = rbpub_core::catalogue::each_of(lines)
        .unwrap_or_else(|| Sentence::new("share.leftOutNothing"));
    let mut e = Error::with(
        Code::OmissionsToConfirm,
        Params {
            reason: Some(why),
            items: Some(unaccepted),
            ..Params::default()
        },
    );
    e.message = format!("share {share_id}: {}", e.message);
    e
}

/// Reads the plan, checks it is what the share publishes, and submits it once.
async fn submit(
    share: Share<'_>,
    started: &Started,
    watch: Watch,
    progress: &mut (dyn FnMut(&ShareProgress) + Send),
    cancel: &Cancel,
) -> Result<()> {
    let (console, t) = (share.console, share.target);
    let share_id = started.record.id;
    let plan = console.share_plan(&t.team, &t.region, share_id).await?;
    let sent: Option<SharePlan> = match (&started.snapshot, plan.mode) {
        (Some(_), PublishMode::Snapshot) => None,
        (Some(x), PublishMode::Runtime) => {
            // The console never checks a snapshot reference: a wrong one is a
            // runtime share of the app as it is now, which is not what was asked.
            give_up(console, t, share_id).await?;
            return Err(Error::because(
                Code::SnapshotNotTaken,
                Sentence::new("share.snapshotNotTaken").arg("version", &x.version),
            ));
        }
        (None, _) => {
            let plan = plan
                .with_plugins(share.source.plugins.as_deref())
                .with_random_per_install(&share.source.random_per_install);
            if !share.source.accept_any_omission {
                let omissions = omissions_of(share, &plan).await?;
                let unaccepted = omissions.unaccepted(&share.source.accepted_omissions);
                if !unaccepted.is_empty() {
                    return Err(omissions_to_confirm(share_id, &omissions, unaccepted));
                }
            }
            Some(plan)
        }
    };
    let mut report = |waiting| {
        progress(&ShareProgress {
            waiting,
            ..ShareProgress::at(SharePhase::Submitting, Some(share_id))
        })
    };
    for attempt in 1.. {
        if cancel.is_cancelled() {
            give_up(console, t, share_id).await?;
            return Err(cancelled());
        }
        let answer = wait_out(watch, &mut report, Some(cancel), || {
            console.submit_share(&t.team, &t.region, share_id, share.version, sent.as_ref())
        })
        .await;
        match answer {
            Ok(()) => return Ok(()),
            // A second submit would add plugin events and a version row again
            // (and take a snapshot's record as a runtime one): read instead.
            Err(e) if unclear(e.kind) => {
                if reached(share, share_id, 2).await?.is_some() {
                    return Ok(());
                }
                if attempt >= UNCLEAR_ANSWERS {
                    return Err(e.into());
                }
                tokio::time::sleep(watch.poll_every.min(Duration::from_secs(1))).await;
            }
            Err(e) => return Err(e.into()),
        }
    }
    unreachable!("the loop returns")
}

/// What this run knows of one push beyond what the console stores.
#[derive(Default)]
struct Local {
    /// The cluster refused to start it (the stored status did not change):
    /// shown as failed with these words until it is retried.
    refused: Option<String>,
    /// Busy: not started again before this.
    busy_until: Option<Instant>,
    busy_tries: u32,
    busy_reason: String,
    /// Unclear answers to its start, in a row.
    unclear: u32,
    /// When it was last asked after.
    last_poll: Option<Instant>,
    /// Had failed when the run began: what a [`Retry`] starts again (a push that
    /// fails during the run ends it, and the next run retries it).
    failed_before: bool,
    /// Started again once already in this run (a retry).
    restarted: bool,
    started: Option<Instant>,
    finished: Option<Duration>,
}

/// The image pushes of one share, and what the run knows of them.
struct Pushes<'a, 'r> {
    share: Share<'a>,
    share_id: i64,
    retry: &'r Retry,
    watch: Watch,
    events: Vec<PushEvent>,
    local: HashMap<EventKey, Local>,
    /// The event list must be read again (a start's answer was lost, a 415).
    relist: bool,
    /// The store is down as the console sees it, while completing.
    waiting: Option<ShareWait>,
    complete_unclear: u32,
    /// Calls in a row that got no usable answer.
    unanswered: u32,
    last: Vec<(EventKey, PushStatus)>,
    last_change: Instant,
    began: Instant,
}

impl<'a, 'r> Pushes<'a, 'r> {
    fn new(share: Share<'a>, share_id: i64, retry: &'r Retry, watch: Watch) -> Self {
        Pushes {
            share,
            share_id,
            retry,
            watch,
            events: Vec::new(),
            local: HashMap::new(),
            relist: true,
            waiting: None,
            complete_unclear: 0,
            unanswered: 0,
            last: Vec::new(),
            last_change: Instant::now(),
            began: Instant::now(),
        }
    }

    /// Notes a call that got no usable answer; the error once too many in a row did.
    fn unanswered(&mut self, e: rbpub_remote::Error) -> Result<()> {
        self.unanswered += 1;
        if self.unanswered >= UNANSWERED_IN_A_ROW {
            return Err(e.into());
        }
        Ok(())
    }

    fn report(&self, phase: SharePhase) -> ShareProgress {
        ShareProgress {
            phase,
            share_id: Some(self.share_id),
            pushes: self.events.clone(),
            stalled: self.stalled(),
            waiting: self.waiting.clone(),
        }
    }

    async fn run(
        mut self,
        progress: &mut (dyn FnMut(&ShareProgress) + Send),
        cancel: &Cancel,
    ) -> Result<ShareRecord> {
        let (console, t) = (self.share.console, self.share.target);
        loop {
            if cancel.is_cancelled() {
                progress(&ShareProgress::at(
                    SharePhase::Cancelled,
                    Some(self.share_id),
                ));
                give_up(console, t, self.share_id).await?;
                return Err(cancelled());
            }
            if self.relist {
                if let Some(done) = self.read_events().await? {
                    return Ok(done);
                }
            }
            // Until the stored statuses are read again, what is shown may be
            // stale: a push whose start went unanswered may have started.
            if !self.relist {
                if let Some(done) = self.move_pushes().await? {
                    return Ok(done);
                }
            }
            self.observe();
            progress(&self.report(SharePhase::Pushing));
            let open = self
                .events
                .iter()
                .any(|e| matches!(e.status, PushStatus::NotStarted | PushStatus::Pushing));
            let failed: Vec<&str> = self
                .events
                .iter()
                .filter(|e| e.status == PushStatus::Failed)
                .map(|e| e.component.as_str())
                .collect();
            if !open && !failed.is_empty() {
                let mut e = Error::with(
                    Code::PushFailed,
                    Params {
                        component: Some(failed.join(", ")),
                        said: self.failure_reasons(),
                        ..Params::default()
                    },
                );
                e.message = format!("share {}: {}", self.share_id, e.message);
                return Err(e);
            }
            if !open && !self.relist {
                progress(&self.report(SharePhase::Completing));
                if let Some(done) = self.complete(progress, cancel).await? {
                    progress(&self.report(SharePhase::Done));
                    return Ok(done);
                }
            }
            if let Some(limit) = self.watch.timeout {
                if self.began.elapsed() >= limit {
                    return Err(self.timed_out(limit));
                }
            }
            let tick = self.watch.poll_every.min(Duration::from_millis(500));
            sleep_unless_cancelled(tick, Some(cancel)).await;
        }
    }

    /// Reads the stored statuses; `Some` when the record turned out complete.
    async fn read_events(&mut self) -> Result<Option<ShareRecord>> {
        let (console, t) = (self.share.console, self.share.target);
        match console.push_events(&t.team, &t.region, self.share_id).await {
            Ok(events) => {
                if self.local.is_empty() {
                    for e in events.iter().filter(|e| e.status == PushStatus::Failed) {
                        self.local.entry(e.key()).or_default().failed_before = true;
                    }
                }
                self.events = events;
                self.relist = false;
                self.unanswered = 0;
                Ok(None)
            }
            // 400 once the record is complete: a complete whose answer was lost.
            Err(e) if e.kind == ErrorKind::Validation => {
                self.completed_already(e.into()).await.map(Some)
            }
            // Asked again on the next round.
            Err(e) if e.is_transient() => self.unanswered(e).map(|()| None),
            Err(e) => Err(e.into()),
        }
    }

    /// Starts what has not started (or the failures to retry) and asks after
    /// what is pushing; `Some` when the record turned out complete.
    async fn move_pushes(&mut self) -> Result<Option<ShareRecord>> {
        let (console, t) = (self.share.console, self.share.target);
        let (watch, retry, share_id) = (self.watch, self.retry, self.share_id);
        for i in 0..self.events.len() {
            let now = Instant::now();
            let key = self.events[i].key();
            let local = self.local.entry(key).or_default();
            let event = &mut self.events[i];
            if event.status == PushStatus::NotStarted {
                if let Some(words) = &local.refused {
                    event.status = PushStatus::Failed;
                    event.reason = words.clone();
                }
            }
            let restart = event.status == PushStatus::Failed
                && local.failed_before
                && retry.covers(key)
                && !local.restarted;
            let start =
                (event.status == PushStatus::NotStarted && local.refused.is_none()) || restart;
            if start {
                if local.busy_until.is_some_and(|at| now < at) {
                    event.waiting = true;
                    event.reason = local.busy_reason.clone();
                    continue;
                }
                if restart {
                    local.restarted = true;
                    local.refused = None;
                    local.started = None;
                    local.finished = None;
                }
                match console
                    .start_push(&t.team, &t.region, share_id, event)
                    .await
                {
                    Ok(started) => {
                        // A leftover plugin event whose plugin is no longer shared:
                        // the console answers as if it started, and nothing moves.
                        if event.plugin && started.status == PushStatus::NotStarted {
                            return Err(stale(
                                share_id,
                                Sentence::new("share.pluginNeverStarts")
                                    .arg("plugin", &event.component),
                            ));
                        }
                        (local.busy_until, local.unclear) = (None, 0);
                        local.last_poll = Some(now);
                        *event = started;
                        self.unanswered = 0;
                    }
                    Err(e) => match e.kind {
                        ErrorKind::Busy => {
                            local.busy_until = Some(now + watch.backoff(local.busy_tries));
                            local.busy_tries += 1;
                            local.busy_reason = e.detail.clone();
                            event.waiting = true;
                            event.reason = e.detail;
                        }
                        ErrorKind::PushRefused => {
                            local.refused = Some(e.detail.clone());
                            event.status = PushStatus::Failed;
                            event.reason = e.detail;
                        }
                        ErrorKind::StaleShare => {
                            let mut stale =
                                stale(share_id, Sentence::new("share.consoleSaysStale"));
                            stale.params.said = Some(e.detail);
                            return Err(stale);
                        }
                        ErrorKind::NotFound => self.relist = true,
                        ErrorKind::Validation => {
                            return self.completed_already(e.into()).await.map(Some)
                        }
                        kind if unclear(kind) => {
                            // Started or not, the stored status will say.
                            self.relist = true;
                            local.unclear += 1;
                            if local.unclear >= UNCLEAR_ANSWERS {
                                local.refused = Some(e.detail.clone());
                                event.status = PushStatus::Failed;
                                event.reason = e.detail.clone();
                            }
                            self.unanswered(e)?;
                        }
                        _ => return Err(e.into()),
                    },
                }
            } else if event.status == PushStatus::Pushing
                && local
                    .last_poll
                    .is_none_or(|at| now - at >= watch.poll_every)
            {
                local.last_poll = Some(now);
                match console
                    .push_event(&t.team, &t.region, share_id, event)
                    .await
                {
                    Ok(answered) => {
                        *event = answered;
                        self.unanswered = 0;
                    }
                    Err(e) if e.kind == ErrorKind::NotFound => self.relist = true,
                    Err(e) if e.kind == ErrorKind::Validation => {
                        return self.completed_already(e.into()).await.map(Some)
                    }
                    // Asked again next time.
                    Err(e) if e.is_transient() => self.unanswered(e)?,
                    Err(e) => return Err(e.into()),
                }
            }
        }
        Ok(None)
    }

    /// Completes; `None` while it must wait (a 415 from a list that was stale,
    /// an answer that said nothing).
    async fn complete(
        &mut self,
        progress: &mut (dyn FnMut(&ShareProgress) + Send),
        cancel: &Cancel,
    ) -> Result<Option<ShareRecord>> {
        let (console, t) = (self.share.console, self.share.target);
        let share_id = self.share_id;
        let events = self.events.clone();
        let mut report = |waiting: Option<ShareWait>| {
            progress(&ShareProgress {
                phase: SharePhase::Completing,
                share_id: Some(share_id),
                pushes: events.clone(),
                stalled: Vec::new(),
                waiting,
            })
        };
        // A bare 500 is the console failing to reach the store while it
        // uploads the template (docs/console-api.md, "Refusals and edges"): an
        // outage to wait out like 请求失败, not a refusal. Sending complete
        // again is safe: a share that did complete answers 400, read below.
        let answer = wait_out(self.watch, &mut report, Some(cancel), || async {
            console
                .complete_share(&t.team, &t.region, share_id)
                .await
                .map_err(|e| match e.kind {
                    ErrorKind::Server => rbpub_remote::Error {
                        kind: ErrorKind::StoreUnavailable,
                        detail: "the console could not complete the share (HTTP 500): the store may be out of its reach".to_owned(),
                        ..e
                    },
                    _ => e,
                })
        })
        .await;
        match answer {
            Ok(done) => Ok(Some(done)),
            // The list answered "no events" (404), yet some push is not done:
            // the console lists events only when a component has one
            // (service_share.py:465-468), so this share's plugin pushes can
            // never be seen, started or finished.
            Err(e) if e.kind == ErrorKind::NotReady && self.events.is_empty() => {
                Err(stale(share_id, Sentence::new("share.hiddenPluginPushes")))
            }
            // Some event, perhaps one this run never saw, is not done: read them again.
            Err(e) if e.kind == ErrorKind::NotReady => {
                self.relist = true;
                Ok(None)
            }
            Err(e) if e.kind == ErrorKind::Validation => {
                self.completed_already(e.into()).await.map(Some)
            }
            Err(e) if unclear(e.kind) || e.kind == ErrorKind::StoreUnavailable => {
                if let Some(done) = reached(self.share, share_id, 3)
                    .await?
                    .filter(ShareRecord::is_complete)
                {
                    return Ok(Some(done));
                }
                self.complete_unclear += 1;
                if e.kind == ErrorKind::StoreUnavailable || self.complete_unclear >= UNCLEAR_ANSWERS
                {
                    return Err(e.into());
                }
                Ok(None)
            }
            Err(e) => Err(e.into()),
        }
    }

    /// After a 400 "share record is complete": done if the record says so.
    async fn completed_already(&self, refused: Error) -> Result<ShareRecord> {
        match reached(self.share, self.share_id, 3).await? {
            Some(r) if r.is_complete() => Ok(r),
            _ => Err(refused),
        }
    }

    /// Notes the new statuses, and fills in each push's elapsed time.
    fn observe(&mut self) {
        let now = Instant::now();
        let statuses: Vec<_> = self.events.iter().map(|e| (e.key(), e.status)).collect();
        if statuses != self.last {
            self.last = statuses;
            self.last_change = now;
        }
        for e in &mut self.events {
            let local = self.local.entry(e.key()).or_default();
            match e.status {
                PushStatus::Pushing => {
                    local.started.get_or_insert(now);
                    local.finished = None;
                }
                PushStatus::Succeeded | PushStatus::Failed => {
                    if let (Some(at), None) = (local.started, local.finished) {
                        local.finished = Some(now - at);
                    }
                }
                PushStatus::NotStarted => {}
            }
            e.elapsed_ms = local
                .finished
                .or_else(|| local.started.map(|at| now - at))
                .map(|d| d.as_millis() as u64);
            if e.status != PushStatus::NotStarted {
                e.waiting = false;
            }
        }
    }

    fn stalled(&self) -> Vec<String> {
        if self.last_change.elapsed() < self.watch.stall_after {
            return Vec::new();
        }
        self.pushing()
    }

    fn pushing(&self) -> Vec<String> {
        self.events
            .iter()
            .filter(|e| matches!(e.status, PushStatus::Pushing | PushStatus::NotStarted))
            .map(|e| e.component.clone())
            .collect()
    }

    /// The console's words for the failed pushes, each after its component
    /// (`Redis: 数据中心分享错误`), when it gave any.
    fn failure_reasons(&self) -> Option<String> {
        let said: Vec<String> = self
            .events
            .iter()
            .filter(|e| e.status == PushStatus::Failed && !e.reason.is_empty())
            .map(|e| format!("{}: {}", e.component, e.reason))
            .collect();
        (!said.is_empty()).then(|| said.join("; "))
    }

    fn timed_out(&self, limit: Duration) -> Error {
        let still = self.pushing();
        let mut e = Error::with(
            Code::TimedOut,
            Params {
                component: Some(still.join(", ")),
                reason: Some(Sentence::new("share.noEndAfter").arg("seconds", limit.as_secs())),
                ..Params::default()
            },
        );
        e.message = format!("share {}: {}", self.share_id, e.message);
        e
    }
}
