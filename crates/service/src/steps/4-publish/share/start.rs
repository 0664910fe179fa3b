//! Which record a share works on, learnt by reading, never by sending twice.

use rbpub_core::catalogue::Sentence;
use rbpub_core::online::{ShareRecord, ShareStatus};
use rbpub_core::share::{Snapshot, SnapshotMade};
use rbpub_remote::{ConsoleClient, ErrorKind, NewSnapshot, SnapshotRef};

use super::{
    give_up, snapshot_ref, wait_out, Share, SharePhase, ShareProgress, ShareTarget, Watch,
};
use crate::error::{Code, Error, Params, Result};

/// The record a share works on, and the snapshot it publishes (if any).
#[derive(Clone, Debug)]
pub struct Started {
    /// The record, as last read.
    pub record: ShareRecord,
    /// The snapshot the share publishes; `None`: the app as it runs now.
    pub snapshot: Option<SnapshotRef>,
}

/// The snapshot of the app with this version number, or why there is none.
pub async fn snapshot_named(share: Share<'_>, version: &str) -> Result<Snapshot> {
    let t = share.target;
    let snapshots = match share.console.snapshots(&t.team, &t.region, t.app_id).await {
        Ok(s) => s,
        Err(e) if e.kind == ErrorKind::Unsupported => {
            return Err(Error::because(
                Code::Unsupported,
                Sentence::new("share.noSnapshotsPublishLive"),
            ))
        }
        Err(e) => return Err(e.into()),
    };
    snapshots
        .into_iter()
        .find(|s| s.version == version)
        .ok_or_else(|| {
            Error::because(
                Code::NotFound,
                Sentence::new("share.noSnapshot").arg("version", version),
            )
        })
}

/// Makes a snapshot of the app as it runs now with an explicit number, alias
/// and notes, checked first against the columns that will publish it (the
/// console's refusal of a long value is an HTTP 500 that says nothing). A
/// lost answer is settled by reading: the snapshot with that number is the
/// call's (an explicit number is never made twice: a second POST is 400
/// 版本号已存在).
pub async fn make_snapshot(
    console: &ConsoleClient,
    t: &ShareTarget,
    new: &NewSnapshot<'_>,
) -> Result<SnapshotMade> {
    let version = new.version.trim();
    if let Some(why) = rbpub_core::rules::share_refuses(version, new.alias, new.notes) {
        return Err(Error::because(
            Code::Invalid,
            Sentence::new("share.snapshotRefused").part("why", why),
        ));
    }
    let new = NewSnapshot {
        version,
        alias: new.alias,
        notes: new.notes,
    };
    let made = console
        .create_snapshot(&t.team, &t.region, t.app_id, &new)
        .await;
    let taken = |e: &rbpub_remote::Error| {
        e.kind == ErrorKind::Validation && e.detail.contains("版本号已存在")
    };
    match made {
        Ok(made) => Ok(made),
        Err(e) if e.kind == ErrorKind::Unsupported => Err(Error::because(
            Code::Unsupported,
            Sentence::new("share.noSnapshots"),
        )),
        Err(e) if taken(&e) => Err(Error::with(
            Code::Rejected,
            Params {
                reason: Some(Sentence::new("share.snapshotExists").arg("version", version)),
                said: Some(e.detail.clone()),
                ..Params::default()
            },
        )),
        Err(e) if e.is_transient() => {
            let listed = console.snapshots(&t.team, &t.region, t.app_id).await?;
            match listed.into_iter().find(|s| s.version == version) {
                Some(snapshot) => Ok(SnapshotMade {
                    created: true,
                    snapshot,
                }),
                None => Err(e.into()),
            }
        }
        Err(e) => Err(e.into()),
    }
}

/// Whether a record publishes what this share publishes, where it does. A submitted record
/// names the version and (in the history) the template; one not submitted
/// names only a snapshot, if it is one.
fn same_share(r: &ShareRecord, share: Share<'_>, snapshot: Option<&SnapshotRef>) -> bool {
    let v = share.version;
    // Another destination's share is never this one's, whatever it publishes.
    if r.destination
        .as_ref()
        .is_some_and(|d| *d != share.target.to)
    {
        return false;
    }
    if r.step >= 2 {
        return r.version.as_deref() == Some(v.version.as_str())
            && r.template_id.as_ref().is_none_or(|t| *t == v.template_id);
    }
    match snapshot {
        Some(x) => {
            r.version.as_deref() == Some(x.version.as_str())
                && r.template_id.as_ref().is_none_or(|t| *t == x.template_id)
        }
        None => r.version.is_none(),
    }
}

/// The share to work on: the one `resume` names while the console still has
/// it (`bean: {}` means it was given up), else an unfinished record of this
/// share in the app's history, else a new record, whose id `on_record` keeps
/// before anything else happens.
///
/// A kept record that publishes something else than the draft says now is
/// never completed: not submitted yet, it is given up and a new one made;
/// submitted, the publish stops with [`Code::ShareDiffers`].
pub async fn start_share(
    share: Share<'_>,
    resume: Option<i64>,
    watch: Watch,
    on_record: &mut (dyn FnMut(i64) + Send),
    progress: &mut (dyn FnMut(&ShareProgress) + Send),
) -> Result<Started> {
    let (console, t) = (share.console, share.target);
    let v = share.version;
    // Checked before anything is sent: the console's refusal of a long value
    // is an HTTP 500 that says nothing.
    if let Some(why) = rbpub_core::rules::share_refuses(&v.version, &v.alias, &v.release_notes) {
        return Err(Error::because(Code::Invalid, why));
    }
    let snapshot = match &share.source.snapshot {
        Some(version) => Some(snapshot_ref(&snapshot_named(share, version).await?)),
        None => None,
    };
    if let Some(id) = resume {
        let mut report = |waiting| {
            progress(&ShareProgress {
                waiting,
                ..ShareProgress::at(SharePhase::Starting, Some(id))
            })
        };
        let found = wait_out(watch, &mut report, None, || {
            console.share_record(&t.team, &t.region, t.app_id, id)
        })
        .await?;
        if let Some(record) = found.filter(|r| !r.status.is_abandoned()) {
            if record.is_complete() || same_share(&record, share, snapshot.as_ref()) {
                tracing::info!(share = id, step = record.step, "resuming the share kept");
                return Ok(Started { record, snapshot });
            }
            if record.step >= 2 {
                tracing::warn!(
                    share = id,
                    "the share kept publishes something else; not resumed"
                );
                let was = record.version.clone().unwrap_or_default();
                return Err(Error {
                    code: Code::ShareDiffers,
                    message: format!(
                        "share {id} publishes version {was}, and this version is now {} ({}): start the version again to give that share up, or set the version back",
                        share.version.version,
                        match &snapshot {
                            Some(x) => format!("from snapshot {}", x.version),
                            None => "from the app as it runs".to_owned(),
                        }
                    ),
                    params: Box::new(Params {
                        version: Some(was),
                        ..Params::default()
                    }),
                });
            }
            // Nothing was submitted: a share of another snapshot, or of the app
            // as it runs, is simply given up.
            tracing::info!(
                share = id,
                "the share kept was not submitted and differs: given up"
            );
            give_up(console, t, id).await?;
        } else {
            tracing::info!(
                share = id,
                "the share kept is gone or given up: starting anew"
            );
        }
    }
    // The history lists a record once it has a version (a snapshot's at once):
    // one left by a run whose checkpoint was lost is taken up again.
    let unfinished = |records: Vec<ShareRecord>| {
        records.into_iter().find(|r| {
            r.status == ShareStatus::Publishing
                && r.version.is_some()
                && same_share(r, share, snapshot.as_ref())
        })
    };
    let history = console.share_records(&t.team, &t.region, t.app_id).await?;
    if let Some(record) = unfinished(history) {
        tracing::info!(
            share = record.id,
            "taking up an unfinished share of this version from the app's history"
        );
        on_record(record.id);
        return Ok(Started { record, snapshot });
    }
    let made = console
        .start_share(&t.team, &t.region, t.app_id, &t.to, snapshot.as_ref())
        .await;
    let record = match made {
        Ok(record) => record,
        // The answer was lost: a snapshot's record shows in the history at once.
        Err(e) if e.is_transient() && snapshot.is_some() => {
            let history = console.share_records(&t.team, &t.region, t.app_id).await?;
            unfinished(history).ok_or(e)?
        }
        Err(e) => return Err(e.into()),
    };
    tracing::info!(share = record.id, snapshot = ?snapshot.as_ref().map(|s| &s.version), "new share");
    on_record(record.id);
    Ok(Started { record, snapshot })
}

/// Gives up every share of this version that is not finished: the one kept
/// (`kept`) and those of the app's history that [`start_share`] would take up
/// again. What "start the version again" does before it starts.
pub async fn abandon(share: Share<'_>, kept: Option<i64>) -> Result<Vec<i64>> {
    let (console, t) = (share.console, share.target);
    let snapshot = match &share.source.snapshot {
        Some(version) => snapshot_named(share, version)
            .await
            .ok()
            .map(|s| snapshot_ref(&s)),
        None => None,
    };
    let mut given_up = Vec::new();
    if let Some(id) = kept {
        let record = console
            .share_record(&t.team, &t.region, t.app_id, id)
            .await?;
        if record.is_some_and(|r| !r.is_complete() && !r.status.is_abandoned()) {
            give_up(console, t, id).await?;
            given_up.push(id);
        }
    }
    let history = console.share_records(&t.team, &t.region, t.app_id).await?;
    for r in history {
        // Only what start_share would take up again: another template's share
        // of the same version number is someone else's publish.
        let ours = r.version.is_some() && same_share(&r, share, snapshot.as_ref());
        if r.status == ShareStatus::Publishing && ours && !given_up.contains(&r.id) {
            give_up(console, t, r.id).await?;
            given_up.push(r.id);
        }
    }
    Ok(given_up)
}
