//! Step 7: the app on the store's shelf (or off it), after the project's
//! release rule: approvals by others than the lister (`approvals`).

pub mod approvals;

use crate::error::{Error, Need, Params, Result};
use crate::publish::{self, Retry};
use crate::views::ListingView;
use crate::Service;
use rbpub_core::online::{Capability, OutboxAction};
use rbpub_core::ListingId;
use rbpub_core::{Destination, Locale};

impl Service {
    /// Step 7: lists or unlists the app.
    #[tracing::instrument(skip_all)]
    pub async fn set_listed(
        &self,
        listing_id: &ListingId,
        listed: bool,
        locale: Locale,
    ) -> Result<ListingView> {
        if listed {
            self.release_gate_for(listing_id).await?;
        }
        let action = OutboxAction::SetListed {
            listing_id: listing_id.into(),
            listed,
        };
        self.push_then_view(action, listing_id, locale).await
    }

    pub(crate) async fn run_set_listed(&self, listing_id: &ListingId, listed: bool) -> Result<()> {
        let store = self.store_client().await?;
        let draft = self.drafts()?.listing(listing_id).await?;
        let live = draft
            .live
            .as_ref()
            .ok_or_else(|| Error::needs(Need::AppInStore, Params::default()))?;
        publish::set_listed(&store, &live.app.id, listed).await?;
        self.refresh_live(&store, listing_id, &live.app.id).await?;
        Ok(())
    }

    /// Publishes everything a listing has ready: information, unpublished
    /// versions, packages. What the store has already is not sent again.
    #[tracing::instrument(skip_all)]
    pub async fn publish_listing(
        &self,
        listing_id: &ListingId,
        locale: Locale,
    ) -> Result<ListingView> {
        self.push(
            OutboxAction::PushInformation {
                listing_id: listing_id.into(),
            },
            &Retry::None,
            &mut |_| {},
        )
        .await?;
        let draft = self.drafts()?.listing(listing_id).await?;
        for v in &draft.versions {
            if !draft.is_published(v) {
                let action = OutboxAction::PublishVersion {
                    listing_id: listing_id.into(),
                    version_id: v.id.clone(),
                    to: Destination::default(),
                };
                self.push(action, &Retry::None, &mut |_| {}).await?;
            }
        }
        // A store without the packages extension has them made on its own page (step 6).
        let store = self.drafts()?.connection().await?.store;
        let offers_packages = store.is_none_or(|s| s.offers(Capability::Packages));
        if !draft.packages.is_empty() && offers_packages {
            self.push(
                OutboxAction::PushPackages {
                    listing_id: listing_id.into(),
                },
                &Retry::None,
                &mut |_| {},
            )
            .await?;
        }
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
        let app_id = draft
            .live
            .ok_or_else(crate::steps::packages::needs_publish)?
            .app
            .id;
        let store = self.store_client().await?;
        self.observe(self.refresh_live(&store, listing_id, &app_id).await)?;
        self.open_listing(listing_id, locale).await
    }
}
