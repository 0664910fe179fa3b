//! The online use cases over the two clients, shared by the desktop app and
//! `rbpub`. Each one is safe to run again after any failure: it looks at what
//! the servers already have before it creates anything, so a retry after a lost
//! answer never makes a second template, record, version or package.

use rbpub_core::online::{
    BindableStore, BoundStore, LiveApp, LivePackage, ShareRecord, StoreInfo, StoreTemplate,
};
use rbpub_core::{Destination, Sensitive};
use rbpub_remote::{
    data_uri, valid_store_name, valid_template_name, AppInfo, ConsoleClient, NewTemplate,
    ShareVersion, StoreClient, StoreVersion,
};
pub use rbpub_remote::{NewPackage, NewSnapshot};

use crate::error::{Code, Error, Result};
pub use crate::information::{Information, Logo};
pub use crate::read_back::read_back_version;
use crate::read_back::{info_kept, read_back_package, store_kept};
pub use crate::share::{
    abandon, finish_share, give_up, publish_version, share_plan, snapshot_named, start_share,
    Cancel, PlanFinding, PlanView, Retry, Share, SharePhase, ShareProgress, ShareSource,
    ShareTarget, ShareWait, Started, UpgradeLine, UpgradeView, Watch, POLL_EVERY,
};

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

/// What the store says of the key, refused unless it can publish (step 1's check).
pub async fn publishing_key(store: &StoreClient) -> Result<StoreInfo> {
    let info = store.info().await?;
    if !info.can_publish() {
        return Err(Error::new(
            Code::NoWritePermission,
            format!(
                "this key cannot publish to {}: it has {:?}, and publishing needs Write",
                info.name, info.access_actions
            ),
        ));
    }
    Ok(info)
}

/// Binds the store at `store_url` to the console with its key (step 3): under the
/// name asked for, else one the console takes (see [`store_name_for`]).
/// The name, and the binding as the console then lists it.
pub async fn bind(
    console: &ConsoleClient,
    enterprise_id: &str,
    store_url: &str,
    key: &Sensitive<String>,
    asked_name: Option<&str>,
) -> Result<(String, Option<BoundStore>)> {
    let offered = console
        .bindable_stores(enterprise_id, store_url, key)
        .await?;
    let mut store = offered.into_iter().next().ok_or_else(|| {
        Error::new(
            Code::Rejected,
            format!("the console offers no store at {store_url}"),
        )
    })?;
    let already = console.bound_stores(enterprise_id).await?;
    store.name = store_name_for(&store, &already, asked_name)?;
    console.bind_store(enterprise_id, &store, key).await?;
    let bound = console.bound_stores(enterprise_id).await?;
    let state = bound.into_iter().find(|b| b.name == store.name);
    Ok((store.name, state))
}

/// The key's app with exactly this name, if the store has one (every page of
/// its list is read): what keeps a retried create from making a second app.
pub async fn app_named(store: &StoreClient, name: &str) -> Result<Option<LiveApp>> {
    Ok(store.apps(name).await?.into_iter().find(|a| a.name == name))
}

/// A store template found or made for a release.
#[derive(Clone, Debug)]
pub struct TemplateFound {
    /// The template.
    pub template: StoreTemplate,
    /// Made now (else found by name).
    pub created: bool,
    /// Made now with a logo the store did not get: the console drops it
    /// without a word when it cannot read the upload (a console that keeps
    /// uploads in object storage). Push it to the store directly.
    pub logo_dropped: bool,
}

/// The store template for a listing: the one with its name, or a new one. Looking
/// first is what keeps a retried create from making a second template.
pub async fn ensure_template(
    console: &ConsoleClient,
    enterprise: &str,
    store_name: &str,
    info: &Information,
) -> Result<TemplateFound> {
    let existing = console.templates(enterprise, store_name).await?;
    if let Some(t) = existing.into_iter().find(|t| t.name == info.name.trim()) {
        return Ok(TemplateFound {
            template: t,
            created: false,
            logo_dropped: false,
        });
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
    let (created, kept_logo) = console
        .create_template(enterprise, store_name, &template)
        .await?;
    Ok(TemplateFound {
        template: created,
        created: true,
        logo_dropped: !logo.is_empty() && kept_logo.is_empty(),
    })
}

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

/// What [`publish_release`] did.
#[derive(Clone, Debug)]
pub struct Release {
    /// The store template or library model released to (for a library: its
    /// id and name, and its complete versions).
    pub template: StoreTemplate,
    /// Whether the template was created by this release.
    pub template_created: bool,
    /// The template was made with a logo the store did not get (see
    /// [`TemplateFound::logo_dropped`]): the logo must go to the store directly.
    pub logo_dropped: bool,
    /// The share that published the version; `None` when the template had it already.
    pub record: Option<ShareRecord>,
}

/// How a publish run resumes and waits.
#[derive(Clone, Debug, Default)]
pub struct RunOptions {
    /// The share an earlier run of this version started, if it kept one.
    pub resume: Option<i64>,
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

/// A version number the library's app model has already: the console takes
/// it again (another row, which installs then take), so it is overwritten
/// only when the user agreed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum IfExists {
    /// Leave it: the release is "there already" (rbpub run again).
    #[default]
    Keep,
    /// Stop with [`Code::VersionExists`] for the user to decide (the window).
    Ask,
    /// Publish it again (`--overwrite`, or the window's confirmed dialog).
    Overwrite,
}

/// The store template or library model a release goes to, found or made:
/// `(template, made now, logo dropped by the console)`.
pub async fn release_target(
    console: &ConsoleClient,
    enterprise: &str,
    target: &ShareTarget,
    info: &Information,
) -> Result<(StoreTemplate, bool, bool)> {
    Ok(match &target.to {
        Destination::Store { name } => {
            let found = ensure_template(console, enterprise, name, info).await?;
            (found.template, found.created, found.logo_dropped)
        }
        Destination::Library { scope } => {
            let found =
                crate::library::ensure_model(console, enterprise, &target.team, *scope, info)
                    .await?;
            (model_as_template(&found.model), found.created, false)
        }
    })
}

/// Whether the release is there already, so nothing is to be sent. A
/// library takes a version number again (another row, which installs take):
/// that is done only when the user agreed, and an overwrite under way (its
/// share kept) goes on; [`IfExists::Ask`] stops with [`Code::VersionExists`].
pub fn release_exists(
    template: &StoreTemplate,
    target: &ShareTarget,
    release: &NewRelease,
    run: &RunOptions,
) -> Result<bool> {
    let library = matches!(target.to, Destination::Library { .. });
    if !template.versions.contains(&release.version) || (library && run.resume.is_some()) {
        return Ok(false);
    }
    match (library, run.if_exists) {
        (true, IfExists::Overwrite) => Ok(false),
        (true, IfExists::Ask) => Err(Error {
            params: Box::new(crate::error::Params {
                version: Some(release.version.clone()),
                ..Default::default()
            }),
            ..Error::new(
                Code::VersionExists,
                format!(
                    "the {} library's {} has {} already: publishing overwrites it",
                    target.to, template.name, release.version
                ),
            )
        }),
        _ => Ok(true),
    }
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
    let (template, template_created, logo_dropped) =
        release_target(console, enterprise, target, info).await?;
    if release_exists(&template, target, release, run)? {
        return Ok(Release {
            template,
            template_created,
            logo_dropped,
            record: None,
        });
    }
    let version = ShareVersion {
        template_id: template.id.clone(),
        version: release.version.clone(),
        alias: release.alias.clone(),
        release_notes: release.release_notes.clone(),
        to: target.to.clone(),
    };
    let share = Share {
        console,
        target,
        version: &version,
        source: &run.source,
    };
    let resume = if run.restart {
        abandon(share, run.resume).await?;
        None
    } else {
        run.resume
    };
    let record = publish_version(
        share, resume, &run.retry, run.watch, on_record, progress, cancel,
    )
    .await?;
    Ok(Release {
        template,
        template_created,
        logo_dropped,
        record: Some(record),
    })
}

/// A library model as the release names it: its id, name and complete versions.
fn model_as_template(m: &rbpub_core::AppModel) -> StoreTemplate {
    StoreTemplate {
        id: m.id.clone(),
        name: m.name.clone(),
        versions: m
            .versions
            .iter()
            .filter(|v| v.complete)
            .map(|v| v.version.clone())
            .collect(),
    }
}

/// What a push of the app's information did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InfoPush {
    /// The app as the store has it after the push.
    pub live: LiveApp,
    /// False when the store had it all already: nothing was sent.
    pub changed: bool,
    /// Whether the logo was sent.
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
        // The store has the logo as sent, or as it was pulled from it.
        Some(logo) => match store.download(&live.logo_url).await {
            Ok(current) => current == logo.bytes || rbpub_assets::hash(&current) == logo.hash,
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
    store.update_app(app_id, &body).await?;
    // Read back: a store that answered yes and kept something else is said, by field.
    let live = store.app(app_id).await?;
    let kept = info_kept(&body, &live);
    if !kept.is_empty() {
        return Err(store_kept(kept));
    }
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
        store.update_package(app_id, &p.id, package).await?;
        return Ok((read_back_package(store, app_id, package).await?, false));
    }
    store.create_package(app_id, package).await?;
    Ok((read_back_package(store, app_id, package).await?, true))
}

/// Lists or unlists an app; nothing is sent when it already is.
pub async fn set_listed(store: &StoreClient, app_id: &str, listed: bool) -> Result<LiveApp> {
    let live = store.app(app_id).await?;
    if live.listed == listed {
        return Ok(live);
    }
    store.set_listed(app_id, listed).await?;
    // Read back: the answer saying so is not the store showing it.
    let live = store.app(app_id).await?;
    if live.listed != listed {
        let (shown, asked) = if listed {
            ("not listed", "to list it")
        } else {
            ("listed", "to unlist it")
        };
        return Err(store_kept(vec![format!(
            "listing: the store shows the app as {shown}, you asked {asked}"
        )]));
    }
    Ok(live)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn offered(name: &str) -> BindableStore {
        BindableStore {
            name: name.into(),
            url: "https://hub.grapps.cn/".into(),
            domain: "rainbond".into(),
        }
    }

    #[test]
    fn a_bound_store_name_passes_the_consoles_rule() {
        assert_eq!(
            store_name_for(&offered("RainbondMarket"), &[], None).unwrap(),
            "RainbondMarket"
        );
        // The store's own name fails the rule: one is made, the same each time.
        let made = store_name_for(&offered("好雨 应用商店"), &[], None).unwrap();
        assert!(
            valid_store_name(&made) && made.len() == 17 && made.starts_with('a'),
            "{made}"
        );
        assert_eq!(
            store_name_for(&offered("好雨 应用商店"), &[], None).unwrap(),
            made
        );
        // Bound before under a name of the user's: that name is kept.
        let bound = BoundStore {
            name: "hub".into(),
            url: "https://hub.grapps.cn".into(),
            domain: "rainbond".into(),
            usable: true,
            access_actions: vec![],
        };
        assert_eq!(
            store_name_for(&offered("好雨"), &[bound], None).unwrap(),
            "hub"
        );
        assert_eq!(
            store_name_for(&offered("x"), &[], Some("my_store")).unwrap(),
            "my_store"
        );
        let e = store_name_for(&offered("x"), &[], Some("9lives")).unwrap_err();
        assert_eq!(e.code, Code::Rejected);
        assert!(e.message.contains("start with a letter"), "{e}");
    }
}
