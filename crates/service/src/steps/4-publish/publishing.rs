//! Step 4 in the window: the running apps, the app's snapshots, what a
//! version's share will publish (its plan, shown before the submit), and
//! publishing a version through the outbox: resumed, retried, cancelled, or
//! started again when the share under way can never finish.

use rbpub_core::catalogue::Sentence;
use rbpub_core::online::{OutboxAction, RunningApp};
use rbpub_core::share::{EventKey, Snapshot, SnapshotMade};
use rbpub_core::{
    Destination, ListingDraft, Locale, ShareChoice, TemplateSource, Version, VersionField,
};
use rbpub_core::{ListingId, VersionId};
use rbpub_remote::{ConsoleClient, ErrorKind, NewSnapshot, ShareVersion};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Code, Error, Need, Params, Result};
use crate::publish::{self, Cancel, PlanView, Retry, Share, ShareSource, ShareTarget, UpgradeView};
use crate::pushes::Progress;
use crate::views::ListingView;
use crate::Service;

/// An app's snapshots as step 4 offers them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SnapshotList {
    /// The console has snapshots at all (an older one has no such views: then
    /// only the app as it runs can be published).
    pub available: bool,
    /// Newest first.
    pub snapshots: Vec<Snapshot>,
}

/// One publish of a version the window asks for.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PublishTo {
    /// Where to.
    pub to: Destination,
    /// The failed pushes to start again (the window's *Retry* on one), and only those.
    #[serde(default)]
    pub retry: Vec<EventKey>,
    /// The user agreed to overwrite the version number a library has already.
    #[serde(default)]
    pub overwrite: bool,
}

/// What making a snapshot did, and the listing with it chosen for the version.
#[derive(Clone, Debug, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SnapshotOutcome {
    /// The snapshot made, or (nothing changed) the newest one.
    pub made: SnapshotMade,
    /// The listing, the version now publishing that snapshot.
    pub view: ListingView,
}

fn running_app_needed(version: &str) -> Error {
    let version = Some(version.to_owned());
    Error::needs(
        Need::RunningApp,
        Params {
            version,
            ..Params::default()
        },
    )
}

/// The version's running app and what of it is shared.
fn running_app(version: &Version) -> Result<(ShareTarget, ShareChoice)> {
    let TemplateSource::RainbondApp {
        team,
        region,
        app,
        share,
    } = &version.source
    else {
        return Err(running_app_needed(&version.version));
    };
    let app_id: i64 = app
        .parse()
        .map_err(|_| running_app_needed(&version.version))?;
    let target = ShareTarget {
        team: team.clone(),
        region: region.clone(),
        app_id,
        to: Destination::default(),
    };
    Ok((target, share.clone()))
}

fn source_of(choice: &ShareChoice) -> ShareSource {
    ShareSource {
        snapshot: choice.snapshot.clone(),
        plugins: choice.plugins.clone(),
        accepted_omissions: choice.accepted_omissions.clone(),
        accept_any_omission: false,
        random_per_install: choice.random_per_install.clone(),
    }
}

/// Everything one version's share to one destination needs.
struct Context {
    draft: ListingDraft,
    version: Version,
    /// Where the share publishes, as the draft keys it (the connected store
    /// is `store`).
    to: Destination,
    console: ConsoleClient,
    /// The console user's enterprise (its library's and its stores' owner).
    enterprise: String,
    target: ShareTarget,
    choice: ShareChoice,
    /// The version as the share sends it; its template is the listing's store
    /// app as far as known (a publish makes sure of it first).
    share_version: ShareVersion,
    source: ShareSource,
}

impl Context {
    fn share(&self) -> Share<'_> {
        Share {
            console: &self.console,
            target: &self.target,
            version: &self.share_version,
            source: &self.source,
        }
    }
}

impl Service {
    /// The version of a listing, its running app and the console, and where
    /// the publish goes: the bound store that takes it, or the library.
    /// `to: None`: where the version's plan and snapshots are read for, the
    /// first destination it publishes to, else the connected store, else (an
    /// offline console, or none bound) the team's library.
    async fn context(
        &self,
        listing_id: &ListingId,
        version_id: &VersionId,
        to: Option<&Destination>,
    ) -> Result<Context> {
        let draft = self.drafts()?.listing(listing_id).await?;
        let version = draft
            .versions
            .iter()
            .find(|v| v.id == *version_id)
            .ok_or_else(|| {
                Error::because(Code::NotFound, Sentence::new("listings.versionDeleted"))
            })?
            .clone();
        let (mut target, choice) = running_app(&version)?;
        let (console, c) = self.console_client().await?;
        let to = match to.or(version.destinations.first().map(|d| &d.to)) {
            Some(to) => to.clone(),
            None if c.bound_store.as_ref().is_some_and(|b| b.can_publish()) => {
                Destination::default()
            }
            None => Destination::TEAM,
        };
        target.to = match &to {
            Destination::Store { name } if name.is_empty() => {
                let bound = c
                    .bound_store
                    .filter(|b| b.can_publish())
                    .ok_or_else(|| Error::needs(Need::StoreBound, Params::default()))?;
                Destination::Store { name: bound.name }
            }
            other => other.clone(),
        };
        let template_id = match &to {
            Destination::Store { .. } => draft.live.as_ref().map(|l| l.app.id.clone()),
            Destination::Library { .. } => None,
        };
        let share_version = ShareVersion {
            template_id: template_id.unwrap_or_default(),
            version: version.version.trim().to_owned(),
            alias: version.alias.clone(),
            release_notes: version.release_notes.clone(),
            to: target.to.clone(),
        };
        Ok(Context {
            source: source_of(&choice),
            to,
            enterprise: c.enterprise_id,
            draft,
            version,
            console,
            target,
            choice,
            share_version,
        })
    }

    /// Names the template the version's share goes to as far as it exists
    /// (the store app the listing is linked to, or the library's model), as
    /// the publish does: a submitted record names it, and a plan or a give-up
    /// that compared records with no template would take the share for
    /// another's.
    async fn name_template(&self, cx: &mut Context) -> Result<()> {
        if !cx.share_version.template_id.is_empty() {
            return Ok(());
        }
        let known = cx.draft.live.as_ref().map(|l| l.app.id.clone());
        let name = cx.draft.listing.name.trim().to_owned();
        let found = publish::existing_target(
            &cx.console,
            &cx.enterprise,
            &cx.target,
            &name,
            known.as_deref(),
        )
        .await;
        if let Some(t) = self.observe(found)? {
            cx.share_version.template_id = t.id;
        }
        Ok(())
    }

    /// Step 4: the running apps of the chosen team and region (a rehearsal's
    /// scratch apps are not offered: see [`Service::rehearsal_leftovers`]).
    #[tracing::instrument(skip_all)]
    pub async fn running_apps(&self) -> Result<Vec<RunningApp>> {
        let mut apps = self.team_apps().await?;
        apps.retain(|a| !a.name.starts_with(crate::rehearse::SCRATCH_PREFIX));
        Ok(apps)
    }

    async fn team_apps(&self) -> Result<Vec<RunningApp>> {
        let (console, c) = self.console_client().await?;
        if c.team.is_empty() {
            return Err(Error::needs(Need::TeamRegion, Params::default()));
        }
        self.observe(
            console
                .running_apps(&c.team, &c.region)
                .await
                .map_err(Error::from),
        )
    }

    /// Step 4: the scratch apps a stopped rehearsal left in the team and region.
    #[tracing::instrument(skip_all)]
    pub async fn rehearsal_leftovers(&self) -> Result<Vec<String>> {
        let apps = self.team_apps().await?;
        Ok(apps
            .into_iter()
            .filter(|a| a.name.starts_with(crate::rehearse::SCRATCH_PREFIX))
            .map(|a| a.name)
            .collect())
    }

    /// Step 4: deletes what stopped rehearsals left, components and all; their names.
    pub async fn clean_rehearsals(&self) -> Result<Vec<String>> {
        let (console, c) = self.console_client().await?;
        let cleaned = crate::rehearse::clean_scratch_apps(&console, &c.team, &c.region).await;
        self.observe(cleaned)
    }

    /// Step 4: publishes a version to one destination, reporting each image
    /// push as it goes. A share under way is resumed; see [`PublishTo`].
    #[tracing::instrument(skip_all)]
    pub async fn publish_version(
        &self,
        listing_id: &ListingId,
        version_id: &VersionId,
        request: PublishTo,
        locale: Locale,
        progress: Progress<'_>,
    ) -> Result<ListingView> {
        let PublishTo {
            to,
            retry,
            overwrite,
        } = request;
        if overwrite {
            self.drafts()?
                .change_destination(version_id, &to, |d| d.overwrite = true)
                .await?;
        }
        let action = OutboxAction::PublishVersion {
            listing_id: listing_id.into(),
            version_id: version_id.into(),
            to,
        };
        self.push(action, &Retry::Events(retry), progress).await?;
        self.open_listing(listing_id, locale).await
    }

    /// Step 4: gives the version's share to `to` up (it can never finish, or
    /// it publishes something else than the version says now) and publishes
    /// the version there again from a new one.
    #[tracing::instrument(skip_all)]
    pub async fn restart_publish(
        &self,
        listing_id: &ListingId,
        version_id: &VersionId,
        to: Destination,
        locale: Locale,
        progress: Progress<'_>,
    ) -> Result<ListingView> {
        let mut cx = self.context(listing_id, version_id, Some(&to)).await?;
        // The template the share went to, for the history's records of it.
        self.name_template(&mut cx).await?;
        let checkpoint = publish::InDrafts {
            service: self,
            listing_id,
            version_id,
            to: &to,
            store: None,
        };
        let given_up = publish::start_again(cx.share(), &checkpoint).await;
        self.observe(given_up)?;
        let request = PublishTo {
            to,
            retry: Vec::new(),
            overwrite: false,
        };
        self.publish_version(listing_id, version_id, request, locale, progress)
            .await
    }

    /// Stops a publish under way; the console's share is given up.
    pub fn cancel_publish(&self, version_id: &VersionId) {
        if let Some(cancel) = self
            .publishes
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(version_id)
        {
            cancel.cancel();
        }
    }

    /// Step 4: what the version's share will publish, before anything is
    /// submitted: components, plugins and who needs them, images, and what
    /// the console leaves out. Reading it needs a share record, as the
    /// console's own page does: the version keeps it, and the publish goes on
    /// with it.
    #[tracing::instrument(skip_all)]
    pub async fn share_plan(
        &self,
        listing_id: &ListingId,
        version_id: &VersionId,
        locale: Locale,
    ) -> Result<PlanView> {
        let mut cx = self.context(listing_id, version_id, None).await?;
        self.name_template(&mut cx).await?;
        let share = cx.share();
        let drafts = self.drafts()?;
        let kept = cx.version.share_for(&cx.to);
        let started = publish::start_share(share, kept, self.watch, &mut |_| {}, &mut |_| {}).await;
        let started = self.observe(started)?;
        if kept != Some(started.record.id) {
            drafts
                .set_share(version_id, &cx.to, Some(started.record.id))
                .await?;
        }
        let plan = publish::share_plan(share, &started, cx.choice.plugins.as_deref(), locale).await;
        let mut plan = self.observe(plan)?;
        plan.upgrade = self.upgrade_view(&cx, &plan, locale).await;
        plan.gate = publish::PlanGate::of(&plan.findings, plan.upgrade.as_ref());
        Ok(plan)
    }

    /// What installed apps get when they upgrade from the newest version the
    /// destination has of this template (the store's, or the library model's
    /// newest complete one) to what the plan makes; `None` before a first
    /// version, or when it cannot be read (the plan is shown without it).
    async fn upgrade_view(
        &self,
        cx: &Context,
        plan: &PlanView,
        locale: Locale,
    ) -> Option<UpgradeView> {
        let made = plan.made.as_ref()?;
        let this = cx.share_version.version.as_str();
        let (newest, metadata) = match &cx.to {
            Destination::Store { .. } => {
                let live = cx.draft.live.as_ref()?;
                let newest = rbpub_core::upgrade::newest_version(
                    live.app.versions.iter().map(String::as_str),
                    this,
                )?;
                let store = self.store_client().await.ok()?;
                let metadata = store.version_metadata(&live.app.id, newest).await.ok()?;
                (newest.to_owned(), metadata)
            }
            Destination::Library { scope } => {
                let name = cx.draft.listing.name.trim();
                let model = crate::library::find_model(
                    &cx.console,
                    &cx.enterprise,
                    *scope,
                    &cx.target.team,
                    name,
                )
                .await
                .ok()??;
                let rows = cx
                    .console
                    .app_model_versions(&cx.enterprise, &model.id)
                    .await
                    .ok()?;
                // The newest version installers have is the model's newest
                // complete one, as the model's list says (complete rows only).
                // The one-model view shows one row per number, the newest: while
                // that number is being published again its row is the unfinished
                // overwrite, and the template installers have cannot be read.
                // Then no report, rather than one against an older version.
                let newest = rbpub_core::upgrade::newest_version(
                    model
                        .versions
                        .iter()
                        .filter(|v| v.complete)
                        .map(|v| v.version.as_str()),
                    this,
                )?;
                let row = rows.iter().find(|r| r.version == newest)?;
                if !row.complete || row.template.is_empty() {
                    return None;
                }
                (row.version.clone(), row.template.clone().into_bytes())
            }
        };
        let installed = rbpub_core::Template::from_metadata(&metadata).ok()?;
        let report = rbpub_core::upgrade::upgrade(&installed, made);
        Some(UpgradeView::new(&newest, &report, locale))
    }

    /// Step 4: the snapshots of the version's running app, newest first.
    #[tracing::instrument(skip_all)]
    pub async fn snapshots(
        &self,
        listing_id: &ListingId,
        version_id: &VersionId,
    ) -> Result<SnapshotList> {
        let cx = self.context(listing_id, version_id, None).await?;
        let t = &cx.target;
        match cx.console.snapshots(&t.team, &t.region, t.app_id).await {
            Ok(snapshots) => Ok(SnapshotList {
                available: true,
                snapshots,
            }),
            Err(e) if e.kind == ErrorKind::Unsupported => Ok(SnapshotList {
                available: false,
                snapshots: Vec::new(),
            }),
            Err(e) => self.observe(Err(e.into())),
        }
    }

    /// Step 4: makes a snapshot of the running app with the version's number,
    /// display name and notes, and has the version publish it. When nothing
    /// changed since the newest snapshot the console makes none: that one is
    /// chosen, and the outcome says so.
    #[tracing::instrument(skip_all)]
    pub async fn create_snapshot(
        &self,
        listing_id: &ListingId,
        version_id: &VersionId,
        locale: Locale,
    ) -> Result<SnapshotOutcome> {
        let cx = self.context(listing_id, version_id, None).await?;
        let t = &cx.target;
        let new = NewSnapshot {
            version: cx.version.version.trim(),
            alias: &cx.version.alias,
            notes: &cx.version.release_notes,
        };
        let made = publish::make_snapshot(&cx.console, t, &new).await;
        let made = self.observe(made)?;
        let TemplateSource::RainbondApp {
            team,
            region,
            app,
            share,
        } = cx.version.source.clone()
        else {
            return Err(running_app_needed(&cx.version.version));
        };
        let share = ShareChoice {
            snapshot: Some(made.snapshot.version.clone()),
            ..share
        };
        let source = TemplateSource::RainbondApp {
            team,
            region,
            app,
            share,
        };
        let view = self
            .save_version_field(version_id, VersionField::Source(source), locale)
            .await?;
        Ok(SnapshotOutcome { made, view })
    }

    /// The outbox's publish of a version to one destination (step 4): the
    /// one driver [`publish::publish_release`], with the share kept in the
    /// drafts (which link the listing to the store app it published to).
    pub(crate) async fn run_publish(
        &self,
        listing_id: &ListingId,
        version_id: &VersionId,
        to: &Destination,
        retry: &Retry,
        progress: Progress<'_>,
    ) -> Result<()> {
        let cx = self.context(listing_id, version_id, Some(to)).await?;
        let mine = cx.version.destinations.iter().find(|d| d.to == *to);
        let store = match to {
            Destination::Store { .. } => Some(self.store_client().await?),
            // Done, as the draft records it: asked again, nothing is sent.
            Destination::Library { .. } if mine.is_some_and(|d| d.published) => return Ok(()),
            Destination::Library { .. } => None,
        };
        if cx.draft.listing.name.trim().is_empty() {
            return Err(Error::needs(Need::AppName, Params::default()));
        }
        let info = match to {
            // A logo that does not pass its checks yet waits for step 5's push.
            Destination::Store { .. } => match self.information_with_logo(&cx.draft).await {
                Ok(info) => info,
                Err(_) => crate::pushes::information(&cx.draft),
            },
            Destination::Library { .. } => self.information_with_logo(&cx.draft).await?,
        };
        let run = publish::RunOptions {
            retry: retry.clone(),
            watch: self.watch,
            source: cx.source.clone(),
            restart: false,
            if_exists: match mine.is_some_and(|d| d.overwrite) {
                true => publish::IfExists::Overwrite,
                false => publish::IfExists::Ask,
            },
        };
        let release = publish::NewRelease::from(&cx.share_version);
        let store_app = cx.draft.live.as_ref().map(|l| l.app.id.as_str());
        let request = publish::Publish {
            console: &cx.console,
            enterprise: &cx.enterprise,
            target: &cx.target,
            info: &info,
            release: &release,
            run: &run,
            store_app: store_app.filter(|_| store.is_some()),
            store: store.as_ref(),
        };
        let checkpoint = publish::InDrafts {
            service: self,
            listing_id,
            version_id,
            to,
            store: store.as_ref(),
        };
        let cancel = Cancel::default();
        self.publishes
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(version_id.clone(), cancel.clone());
        let result = publish::publish_release(request, &checkpoint, progress, &cancel).await;
        self.publishes
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(version_id);
        result.map(|_| ())
    }
}

impl Service {
    /// Step 4: rehearses the install of `from` (default: the version before
    /// this one) and the
    /// upgrade to it on the console, from the first destination this version
    /// is published to (see [`crate::rehearse`]); the report.
    #[tracing::instrument(skip_all)]
    pub async fn rehearse(
        &self,
        listing_id: &ListingId,
        version_id: &VersionId,
        from: Option<String>,
        progress: &mut (dyn FnMut(&crate::rehearse::RehearsalStep) + Send),
    ) -> Result<crate::rehearse::RehearsalReport> {
        use crate::rehearse::{Rehearsal, RehearsalSource};
        let cx = self.context(listing_id, version_id, None).await?;
        let view = rbpub_core::publishing::version_publishing(
            &cx.draft,
            &cx.version,
            &self.drafts()?.connection().await?,
        );
        let to = view
            .destinations
            .iter()
            .find(|d| d.published)
            .map(|d| d.to.clone())
            .ok_or_else(|| {
                let version = Some(cx.version.version.clone());
                Error::needs(
                    Need::PublishFirst,
                    Params {
                        version,
                        ..Params::default()
                    },
                )
            })?;
        let source = match &to {
            Destination::Library { scope } => RehearsalSource::Library(*scope),
            Destination::Store { .. } => match &cx.target.to {
                Destination::Store { name } => RehearsalSource::Store(name.clone()),
                Destination::Library { scope } => RehearsalSource::Library(*scope),
            },
        };
        let rehearsal = Rehearsal {
            console: &cx.console,
            enterprise: &cx.enterprise,
            team: &cx.target.team,
            region: &cx.target.region,
            template: cx.draft.listing.name.trim(),
            version: cx.version.version.trim(),
            from: from.as_deref().filter(|f| !f.trim().is_empty()),
            source,
            timeout: std::time::Duration::from_secs(10 * 60),
            poll_every: self.watch.poll_every,
        };
        let report = self.observe(crate::rehearse::rehearse(&rehearsal, progress).await)?;
        // Kept for reviewers and for step 4 after a restart.
        let json = serde_json::to_string(&report)
            .map_err(|e| Error::new(Code::Database, e.to_string()))?;
        self.drafts()?.save_rehearsal(version_id, &json).await?;
        Ok(report)
    }
}
