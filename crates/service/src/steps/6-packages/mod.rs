//! Step 6: the packages store users install, pushed for published versions
//! only, or confirmed by hand on a store without the account extension.

use crate::error::{Error, Need, Params, Result};
use crate::publish::{self};
use crate::views::ListingView;
use crate::Service;
use rbpub_core::online::{LiveListing, LivePackage, OutboxAction};
use rbpub_core::ListingId;
use rbpub_core::Locale;
use rbpub_remote::NewPackage;

impl Service {
    /// Step 6: creates the store's package for every drafted package.
    #[tracing::instrument(skip_all)]
    pub async fn push_packages(
        &self,
        listing_id: &ListingId,
        locale: Locale,
    ) -> Result<ListingView> {
        let action = OutboxAction::PushPackages {
            listing_id: listing_id.into(),
        };
        self.push_then_view(action, listing_id, locale).await
    }

    pub(crate) async fn run_push_packages(&self, listing_id: &ListingId) -> Result<()> {
        let store = self.store_client().await?;
        let draft = self.drafts()?.listing(listing_id).await?;
        let live = draft
            .live
            .as_ref()
            .ok_or_else(|| Error::needs(Need::PublishFirst, Params::default()))?;
        for p in &draft.packages {
            if !live.app.versions.iter().any(|v| v == p.version.trim()) {
                return Err(version_not_published(&p.name, &p.version));
            }
            let package = NewPackage {
                name: p.name.trim().into(),
                version: p.version.trim().into(),
                description: p.description.clone(),
            };
            publish::ensure_package(&store, &live.app.id, &package).await?;
        }
        self.refresh_live(&store, listing_id, &live.app.id).await?;
        Ok(())
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
                return Err(version_not_published(name, version));
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
}

/// A package whose version the store does not have yet (steps 4 and 6).
pub(crate) fn version_not_published(package: &str, version: &str) -> Error {
    let params = Params {
        package: Some(package.to_owned()),
        version: Some(version.to_owned()),
        ..Params::default()
    };
    Error::needs(Need::VersionPublished, params)
}

pub(crate) fn needs_publish() -> Error {
    Error::needs(Need::PublishFirst, Params::default())
}
