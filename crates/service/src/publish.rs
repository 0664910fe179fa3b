//! The online use cases over the two clients, shared by the desktop app and
//! `rbpub`. Each one is safe to run again after any failure: it looks at what
//! the servers already have before it creates anything, so a retry after a lost
//! answer never makes a second template, record, version or package.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use rbpub_core::online::{
    LiveApp, LivePackage, PushEvent, PushStatus, ShareRecord, ShareStatus, StoreTemplate,
};
use rbpub_remote::{
    data_uri, AppInfo, ConsoleClient, ErrorKind, NewPackage, NewTemplate, ShareVersion, StoreClient,
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
}

impl ShareProgress {
    fn at(phase: SharePhase, share_id: Option<i64>) -> Self {
        ShareProgress {
            phase,
            share_id,
            pushes: Vec::new(),
        }
    }
}

/// How often image pushes are polled.
pub const POLL_EVERY: Duration = Duration::from_millis(400);
/// A failed image push is started again this many times before the publish fails.
const PUSH_RETRIES: u32 = 2;

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
/// console's share flow. `resume` is a share this version started before (kept by
/// the caller through `on_record`); the console also hands back an unfinished
/// share of the app, so a lost checkpoint does not start a second one either.
pub async fn publish_version(
    console: &ConsoleClient,
    target: &ShareTarget,
    version: &ShareVersion,
    resume: Option<i64>,
    on_record: &mut (dyn FnMut(i64) + Send),
    progress: &mut (dyn FnMut(&ShareProgress) + Send),
    cancel: &Cancel,
) -> Result<ShareRecord> {
    progress(&ShareProgress::at(SharePhase::Starting, resume));
    let record = start_share(console, target, resume).await?;
    on_record(record.id);
    finish_share(console, target, version, record, progress, cancel).await
}

/// The share to work on: the one `resume` names if it can still go on, else the
/// app's unfinished one or a new one. Callers keep its id before going further.
pub async fn start_share(
    console: &ConsoleClient,
    target: &ShareTarget,
    resume: Option<i64>,
) -> Result<ShareRecord> {
    if let Some(id) = resume {
        let record = console
            .share_record(&target.team, target.app_id, id)
            .await?;
        if !matches!(record.status, ShareStatus::Cancelled | ShareStatus::Deleted) {
            return Ok(record);
        }
    }
    let (team, region) = (&target.team, &target.region);
    Ok(console
        .start_share(team, region, target.app_id, &target.store_name)
        .await?)
}

/// Takes a started share to the end: submit, push every image, complete.
pub async fn finish_share(
    console: &ConsoleClient,
    target: &ShareTarget,
    version: &ShareVersion,
    record: ShareRecord,
    progress: &mut (dyn FnMut(&ShareProgress) + Send),
    cancel: &Cancel,
) -> Result<ShareRecord> {
    let (team, region) = (target.team.as_str(), target.region.as_str());
    if record.status == ShareStatus::Published {
        progress(&ShareProgress::at(SharePhase::Done, Some(record.id)));
        return Ok(record);
    }
    let share_id = record.id;
    let give_up = || async move {
        console.give_up(team, region, share_id).await?;
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

    let mut restarts = 0;
    loop {
        if cancel.is_cancelled() {
            progress(&ShareProgress::at(SharePhase::Cancelled, Some(share_id)));
            return give_up().await;
        }
        let mut pushes = console.push_events(team, region, share_id).await?;
        for event in pushes.iter_mut() {
            let failed = event.status == PushStatus::Failed;
            if failed && restarts >= PUSH_RETRIES {
                return Err(Error::new(
                    Code::ServerError,
                    format!(
                        "the image of {} could not be pushed ({} tries); publish again to retry",
                        event.component,
                        restarts + 1
                    ),
                ));
            }
            if event.status == PushStatus::NotStarted || failed {
                restarts += u32::from(failed);
                *event = console.start_push(team, region, share_id, event).await?;
            }
        }
        let all_done = pushes.iter().all(|e| e.status == PushStatus::Succeeded);
        progress(&ShareProgress {
            phase: SharePhase::Pushing,
            share_id: Some(share_id),
            pushes: pushes.clone(),
        });
        if all_done {
            progress(&ShareProgress {
                phase: SharePhase::Completing,
                share_id: Some(share_id),
                pushes: pushes.clone(),
            });
            match console.complete_share(team, region, share_id).await {
                Ok(done) => {
                    progress(&ShareProgress {
                        phase: SharePhase::Done,
                        share_id: Some(share_id),
                        pushes,
                    });
                    return Ok(done);
                }
                Err(e) if e.kind == ErrorKind::NotReady => {}
                Err(e) => return Err(e.into()),
            }
        }
        tokio::time::sleep(POLL_EVERY).await;
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

/// A running app released as a version of the listing's store template: the
/// template found by name or created with `info`, then the version through the
/// share flow unless the template has it already. `rbpub publish` in one call.
pub async fn publish_release(
    console: &ConsoleClient,
    enterprise: &str,
    target: &ShareTarget,
    info: &Information,
    release: &NewRelease,
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
        console,
        target,
        &version,
        None,
        &mut |_| {},
        progress,
        cancel,
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
    let same_text = live.name == info.name.trim()
        && live.description == info.description
        && live.introduction == info.introduction
        && live.tags == info.tags
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
