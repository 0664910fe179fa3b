//! Step 4's choice of store template: a new one named after the listing (made on
//! the first publish), or one the store account has already.

use rbpub_core::catalogue::Sentence;
use rbpub_core::online::LiveApp;
use rbpub_core::ListingId;
use rbpub_core::Locale;

use crate::error::{Code, Error, Result};
use crate::views::ListingView;
use crate::Service;

impl Service {
    /// The apps (templates) the store account has.
    #[tracing::instrument(skip_all)]
    pub async fn store_apps(&self) -> Result<Vec<LiveApp>> {
        let store = self.store_client().await?;
        self.observe(store.apps("").await.map_err(Error::from))
    }

    /// Publishes this listing's versions to an app the store has already: it
    /// becomes the listing's live app. Only before the listing has one.
    pub async fn link_store_app(
        &self,
        listing_id: &ListingId,
        app_id: &str,
        locale: Locale,
    ) -> Result<ListingView> {
        let draft = self.drafts()?.listing(listing_id).await?;
        if let Some(live) = draft.live.filter(|l| l.app.id != app_id) {
            return Err(Error::because(
                Code::Rejected,
                Sentence::new("listings.otherStoreApp").arg("app", &live.app.name),
            ));
        }
        let store = self.store_client().await?;
        self.observe(self.refresh_live(&store, listing_id, app_id).await)?;
        self.open_listing(listing_id, locale).await
    }
}
