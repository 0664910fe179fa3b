//! The guided steps, for a store without this project's account extension
//! (`capabilities` in `/info`): the publisher does the step on the store's own
//! pages with the values the app prepared, and the app records it — or, where
//! the store's public API can tell, asks the store.

use rbpub_core::online::{LiveListing, LivePackage};
use rbpub_core::ListingId;
use rbpub_core::Locale;

use crate::error::{Error, Need, Params, Result};
use crate::views::{ConnectionView, ListingView};
use crate::Service;

fn needs_publish() -> Error {
    Error::needs(Need::PublishFirst, Params::default())
}

impl Service {
    /// Step 2 by hand: the publisher entered the profile on the store's page.
    #[tracing::instrument(skip_all)]
    pub async fn confirm_profile(&self) -> Result<ConnectionView> {
        let drafts = self.drafts()?;
        let mut c = drafts.connection().await?;
        c.pushed_profile = Some(drafts.publisher().await?.profile());
        drafts.save_connection(&c).await?;
        self.connection_view().await
    }

    /// Step 6 by hand: the publisher created the drafted packages on the store's
    /// page. Only packages of published versions can exist there.
    pub async fn confirm_packages(
        &self,
        listing_id: &ListingId,
        locale: Locale,
    ) -> Result<ListingView> {
        let drafts = self.drafts()?;
        let draft = drafts.listing(listing_id).await?;
        let LiveListing {
            app,
            mut packages,
            logo_hash,
        } = draft.live.clone().ok_or_else(needs_publish)?;
        for p in &draft.packages {
            let (name, version) = (p.name.trim(), p.version.trim());
            if !app.versions.iter().any(|v| v == version) {
                return Err(crate::pushes::version_not_published(name, version));
            }
            if !packages
                .iter()
                .any(|lp| lp.name == name && lp.version == version)
            {
                packages.push(LivePackage {
                    id: String::new(),
                    name: name.to_owned(),
                    version: version.to_owned(),
                    description: p.description.clone(),
                });
            }
        }
        drafts
            .set_live(
                listing_id,
                &LiveListing {
                    app,
                    packages,
                    logo_hash,
                },
            )
            .await?;
        self.open_listing(listing_id, locale).await
    }

    /// Step 7 by hand: the store's public API says whether the app is listed, so
    /// the app asks it rather than take the publisher's word.
    #[tracing::instrument(skip_all)]
    pub async fn check_listed(
        &self,
        listing_id: &ListingId,
        locale: Locale,
    ) -> Result<ListingView> {
        let draft = self.drafts()?.listing(listing_id).await?;
        let app_id = draft.live.ok_or_else(needs_publish)?.app.id;
        let store = self.store_client().await?;
        self.observe(self.refresh_live(&store, listing_id, &app_id).await)?;
        self.open_listing(listing_id, locale).await
    }
}
