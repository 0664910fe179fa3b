//! Step 2: the publisher's profile, pushed to the store through the outbox,
//! or confirmed by hand on a store without the account extension (guided).

use crate::error::Result;
use crate::publish::Retry;
use crate::views::ConnectionView;
use crate::Service;
use rbpub_core::online::OutboxAction;

impl Service {
    /// Step 2: pushes the profile.
    #[tracing::instrument(skip_all)]
    pub async fn push_profile(&self) -> Result<ConnectionView> {
        self.push(OutboxAction::PushProfile, &Retry::None, &mut |_| {})
            .await?;
        self.connection_view().await
    }

    pub(crate) async fn run_push_profile(&self) -> Result<()> {
        let store = self.store_client().await?;
        let drafts = self.drafts()?;
        let profile = drafts.publisher().await?.profile();
        let confirmed = store.update_profile(&profile).await?;
        let mut c = drafts.connection().await?;
        c.pushed_profile = Some(confirmed);
        drafts.save_connection(&c).await?;
        Ok(())
    }

    /// Step 2 by hand: the publisher entered the profile on the store's page.
    #[tracing::instrument(skip_all)]
    pub async fn confirm_profile(&self) -> Result<ConnectionView> {
        let drafts = self.drafts()?;
        let mut c = drafts.connection().await?;
        c.pushed_profile = Some(drafts.publisher().await?.profile());
        drafts.save_connection(&c).await?;
        self.connection_view().await
    }
}
