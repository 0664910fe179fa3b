//! The online use cases over the two clients (step 4 itself is [`crate::release`]), shared by the desktop app and
//! `rbpub`. Each one is safe to run again after any failure: it looks at what
//! the servers already have before it creates anything, so a retry after a lost
//! answer never makes a second template, record, version or package.

use rbpub_core::catalogue::Sentence;
use rbpub_core::online::{BindableStore, BoundStore, LiveApp, LivePackage, StoreInfo};
use rbpub_core::Sensitive;
use rbpub_remote::{valid_store_name, ConsoleClient, StoreClient};
pub use rbpub_remote::{NewPackage, NewSnapshot};

use crate::error::{Code, Error, Result};
pub use crate::information::{Information, Logo};
pub use crate::push_information::{push_information, InfoPush};
pub use crate::read_back::read_back_version;
use crate::read_back::{read_back_package, store_kept};
pub use crate::release::{
    choose_destinations, ensure_template, existing_target, publish_release, release_exists,
    release_target, start_again, Checkpoints, IfExists, InDrafts, InFile, InMemory, NewRelease,
    Publish, Release, RunOptions, ShareCheckpoint, ShareKey, TemplateFound,
};
pub use crate::share::{
    abandon, finish_share, give_up, make_snapshot, publish_version, share_plan, snapshot_named,
    start_share, Cancel, PlanFinding, PlanGate, PlanView, Retry, Share, SharePhase, ShareProgress,
    ShareSource, ShareTarget, ShareWait, Started, UpgradeLine, UpgradeView, Watch, POLL_EVERY,
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
            return Err(Error::because(
                Code::Rejected,
                Sentence::new("connect.storeName").arg("name", name),
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
        return Err(Error::because(
            Code::NoWritePermission,
            Sentence::new("connect.keyCannotPublish")
                .arg("store", &info.name)
                .list("actions", &info.access_actions),
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
        Error::because(
            Code::Rejected,
            Sentence::new("connect.noStoreAt").arg("url", rbpub_remote::shown_url(store_url)),
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
        return Err(store_kept(vec![Sentence::new(if listed {
            "readBack.stillUnlisted"
        } else {
            "readBack.stillListed"
        })]));
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
