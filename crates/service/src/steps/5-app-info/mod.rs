//! Step 5: the app's information (name, texts, tags, logo and screenshots):
//! checked and fixed here, pushed to the store (only what differs), read back.

pub(crate) mod assets;
pub(crate) mod information;
pub(crate) mod push_information;
pub(crate) mod read_back;

use crate::error::{Code, Result};
use crate::publish::{self};
use crate::views::ListingView;
use crate::Service;
use rbpub_core::online::OutboxAction;
use rbpub_core::ListingId;
use rbpub_core::Locale;

impl Service {
    /// Step 5: pushes the app's information (only what differs from the store's).
    #[tracing::instrument(skip_all)]
    pub async fn push_information(
        &self,
        listing_id: &ListingId,
        locale: Locale,
    ) -> Result<ListingView> {
        let action = OutboxAction::PushInformation {
            listing_id: listing_id.into(),
        };
        self.push_then_view(action, listing_id, locale).await
    }

    pub(crate) async fn run_push_information(&self, listing_id: &ListingId) -> Result<()> {
        let store = self.store_client().await?;
        let draft = self.drafts()?.listing(listing_id).await?;
        let info = self.information_with_logo(&draft).await?;
        let app_id = self.ensure_app(&store, &draft).await?;
        let known = draft.live.as_ref().and_then(|l| l.logo_hash.as_deref());
        let pushed = publish::push_information(&store, &app_id, &info, known).await;
        if let Err(e) = pushed {
            // What the store kept is what the window shows next to the error.
            if e.code == Code::StoreKept {
                self.refresh_live_with_logo(&store, listing_id, &app_id, None)
                    .await?;
            }
            return Err(e);
        }
        let pushed = info.logo.as_ref().map(|l| l.hash.clone());
        self.refresh_live_with_logo(&store, listing_id, &app_id, pushed)
            .await?;
        Ok(())
    }
}
