//! Step 4, written once: one version of a listing, from a running app (or one
//! of its snapshots), published to one destination — a store bound to the
//! console, or the console's own library. The window's *Publish* (through the
//! outbox, [`crate::Service::publish_version`]) and `rbpub publish` both call
//! [`publish_release`]; they differ only in where the share under way is kept
//! ([`ShareCheckpoint`]: the drafts, or `rbpub`'s checkpoint file) and in how
//! they show progress.
//!
//! ```no_run
//! # async fn demo(console: &rbpub_remote::ConsoleClient, target: &rbpub_service::publish::ShareTarget,
//! #               info: &rbpub_service::publish::Information) -> rbpub_service::Result<()> {
//! use rbpub_service::publish::{publish_release, Cancel, InMemory, NewRelease, Publish, RunOptions};
//! let release = NewRelease { version: "1.0.0".into(), alias: "".into(), release_notes: "".into() };
//! let done = publish_release(
//!     Publish { console, enterprise: "eid", target, info, release: &release,
//!               run: &RunOptions::default(), store_app: None, store: None },
//!     &InMemory::default(), &mut |p| println!("{:?}", p.phase), &Cancel::default(),
//! ).await?;
//! println!("{} {}", done.template.name, done.record.is_some());
//! # Ok(()) }
//! ```

mod checkpoint;
mod destinations;
mod target;

use rbpub_core::online::{ShareRecord, StoreTemplate};
use rbpub_core::Destination;
use rbpub_remote::{ConsoleClient, ShareVersion, StoreClient, StoreVersion};

use crate::error::{Code, Error, Result};
use crate::information::Information;
use crate::share::{
    abandon, finish_share, start_share, Cancel, Retry, Share, SharePhase, ShareProgress,
    ShareSource, ShareTarget, Watch,
};

pub use checkpoint::{Checkpoints, InDrafts, InFile, InMemory, ShareCheckpoint, ShareKey};
pub use destinations::choose_destinations;
pub use target::{
    ensure_template, existing_target, release_exists, release_target, IfExists, TemplateFound,
};

/// A version to release: what the share record and the template will carry.
#[derive(Clone, Debug)]
pub struct NewRelease {
    /// The version number, as `1.2.0`.
    pub version: String,
    /// The version's display name.
    pub alias: String,
    /// Release notes.
    pub release_notes: String,
}

impl NewRelease {
    /// The version as the store should list it once published.
    pub fn as_listed(&self) -> StoreVersion {
        StoreVersion {
            version: self.version.clone(),
            alias: self.alias.clone(),
            notes: self.release_notes.clone(),
        }
    }
}

impl From<&ShareVersion> for NewRelease {
    fn from(v: &ShareVersion) -> Self {
        NewRelease {
            version: v.version.clone(),
            alias: v.alias.clone(),
            release_notes: v.release_notes.clone(),
        }
    }
}

/// How a publish runs: what it retries, how it waits, what it shares.
#[derive(Clone, Debug, Default)]
pub struct RunOptions {
    /// Which failed image pushes to start again.
    pub retry: Retry,
    /// How the image pushes are waited on.
    pub watch: Watch,
    /// What of the app is shared.
    pub source: ShareSource,
    /// Give up the shares of this version under way (kept or in the app's
    /// history) and start a new one: "start the version again".
    pub restart: bool,
    /// What to do when a library's model has this version number already.
    pub if_exists: IfExists,
}

/// One publish of a version to one destination.
#[derive(Clone, Copy)]
pub struct Publish<'a> {
    /// The console, signed in.
    pub console: &'a ConsoleClient,
    /// The console user's enterprise (its library's and its stores' owner).
    pub enterprise: &'a str,
    /// The running app, and where it goes.
    pub target: &'a ShareTarget,
    /// The listing's name, texts, tags and logo: what a new template or model gets.
    pub info: &'a Information,
    /// The version.
    pub release: &'a NewRelease,
    /// How it runs.
    pub run: &'a RunOptions,
    /// The store app the listing is linked to already, if any.
    pub store_app: Option<&'a str>,
    /// The store with the publisher's key, when there is one: the version is
    /// read back from it, and a logo the console dropped goes to it directly.
    pub store: Option<&'a StoreClient>,
}

/// What [`publish_release`] did.
#[derive(Clone, Debug)]
pub struct Release {
    /// The store template or library model released to (for a library: its
    /// id and name, and its complete versions).
    pub template: StoreTemplate,
    /// Whether the template was created by this release.
    pub template_created: bool,
    /// The console made the template without its logo (see
    /// [`TemplateFound::logo_dropped`]).
    pub logo_dropped: bool,
    /// That logo was then pushed to the store directly.
    pub logo_pushed: bool,
    /// The share that published the version; `None` when the template had it already.
    pub record: Option<ShareRecord>,
    /// The store lists the version with the alias and notes sent (read back).
    pub read_back: bool,
}

/// "Start the version again": gives up its shares under way (the one kept and
/// those of the app's history that a publish would take up again) and forgets
/// the kept one, so the next publish makes a new share.
pub async fn start_again(share: Share<'_>, checkpoint: &impl ShareCheckpoint) -> Result<()> {
    let kept = checkpoint.kept().await?;
    abandon(share, kept).await?;
    if kept.is_some() {
        checkpoint.keep(None).await?;
    }
    Ok(())
}

/// Publishes a version to one destination, from "this version, from this
/// source, to there" to "published": the template or model found or made, the
/// version left alone when it is there already (see [`IfExists`]), the share
/// kept in `checkpoint` before anything else is sent and resumed from it, the
/// images pushed, the share completed, the logo the console dropped pushed to
/// the store, and the version read back from the store.
pub async fn publish_release(
    p: Publish<'_>,
    checkpoint: &impl ShareCheckpoint,
    progress: &mut (dyn FnMut(&ShareProgress) + Send),
    cancel: &Cancel,
) -> Result<Release> {
    let release = p.release;
    // Checked before a template is made: the console's refusal of a long
    // value is an HTTP 500 that says nothing.
    if let Some(why) =
        rbpub_core::rules::share_refuses(&release.version, &release.alias, &release.release_notes)
    {
        return Err(Error::because(Code::Invalid, why));
    }
    let kept = checkpoint.kept().await?;
    let (template, template_created, logo_dropped) =
        release_target(p.console, p.enterprise, p.target, p.info, p.store_app).await?;
    let done = |record, logo_pushed, read_back| Release {
        template: template.clone(),
        template_created,
        logo_dropped,
        logo_pushed,
        record,
        read_back,
    };
    if release_exists(&template, p.target, release, p.run, kept.is_some())? {
        checkpoint.published(&template).await?;
        return Ok(done(None, false, false));
    }
    let version = ShareVersion {
        template_id: template.id.clone(),
        version: release.version.clone(),
        alias: release.alias.clone(),
        release_notes: release.release_notes.clone(),
        to: p.target.to.clone(),
    };
    let share = Share {
        console: p.console,
        target: p.target,
        version: &version,
        source: &p.run.source,
    };
    let resume = if p.run.restart {
        start_again(share, checkpoint).await?;
        None
    } else {
        kept
    };
    let watch = p.run.watch;
    let mut progress = crate::share::with_trail(progress);
    progress(&ShareProgress {
        phase: SharePhase::Starting,
        share_id: resume,
        pushes: Vec::new(),
        stalled: Vec::new(),
        waiting: None,
    });
    let started = start_share(share, resume, watch, &mut |_| {}, &mut progress).await?;
    // Kept before anything else is sent: a crash from here on resumes this share.
    if resume != Some(started.record.id) {
        checkpoint.keep(Some(started.record.id)).await?;
    }
    let finished = finish_share(share, started, &p.run.retry, watch, &mut progress, cancel).await;
    if let Err(e) = &finished {
        tracing::warn!(code = ?e.code, reason = %e.message, "share stopped");
    }
    let record = match finished {
        // Given up: nothing is left to resume.
        Err(e) if matches!(e.code, Code::Cancelled | Code::SnapshotNotTaken) => {
            checkpoint.keep(None).await?;
            return Err(e);
        }
        other => other?,
    };
    checkpoint.published(&template).await?;
    let on_store = matches!(p.target.to, Destination::Store { .. });
    let logo_pushed = match p.store {
        Some(store) if logo_dropped && on_store => {
            crate::push_information::push_information(store, &template.id, p.info, None).await?;
            true
        }
        _ => false,
    };
    // The console said yes; the store shows it as sent (or says by field what it kept).
    let read_back = match p.store {
        Some(store) if on_store => {
            match crate::read_back::read_back_version(store, &template.id, &release.as_listed())
                .await
            {
                // This key's store has no such app: the console published to another.
                Err(e) if e.code == Code::NotFound => false,
                other => other.map(|()| true)?,
            }
        }
        _ => false,
    };
    Ok(done(Some(record), logo_pushed, read_back))
}
