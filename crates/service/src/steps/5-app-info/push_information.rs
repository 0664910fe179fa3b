//! Step 5: the app's information (name, texts, logo) pushed to the store,
//! only what differs from the store's copy, and read back. Also what a
//! publish does when the console made the store's app without its logo.

use rbpub_remote::{data_uri, AppInfo, StoreClient};

use crate::error::Result;
use crate::information::Information;
use crate::read_back::{info_kept, store_kept};
use rbpub_core::online::LiveApp;

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
