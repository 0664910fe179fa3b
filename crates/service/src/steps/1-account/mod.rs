//! Step 1: an account on the store. The key comes from signing in or
//! registering through the store's account extension, or is pasted; it is
//! checked (usable, with Write) and kept in the OS keyring, never in a file.

use crate::error::{Code, Error, Result};
use crate::views::ConnectionView;
use crate::Service;
use rbpub_core::catalogue::Sentence;
use rbpub_core::Sensitive;

impl Service {
    /// Keeps a key after `/info` confirms it can publish.
    async fn keep_store_key(&self, key: Sensitive<String>) -> Result<ConnectionView> {
        let client = self.anonymous_store().await?.with_key(key.clone());
        let info = self.observe(crate::publish::publishing_key(&client).await)?;
        self.secrets()?.set(&self.store_id().await?, &key)?;
        let drafts = self.drafts()?;
        let mut c = drafts.connection().await?;
        c.store = Some(info);
        drafts.save_connection(&c).await?;
        self.connection_view().await
    }

    /// Step 1, where the store has accounts: sign in and keep the issued key.
    #[tracing::instrument(skip_all)]
    pub async fn store_sign_in(
        &self,
        phone: &str,
        password: Sensitive<String>,
    ) -> Result<ConnectionView> {
        let client = self.anonymous_store().await?;
        let (key, _) = self.observe(
            client
                .login(phone.trim(), &password)
                .await
                .map_err(Error::from),
        )?;
        self.keep_account_key(phone, key).await
    }

    /// The account's phone noted for the profile, and its key kept.
    async fn keep_account_key(
        &self,
        phone: &str,
        key: Sensitive<String>,
    ) -> Result<ConnectionView> {
        self.drafts()?
            .set_publisher_field(rbpub_core::PublisherField::AccountPhone(
                phone.trim().to_owned(),
            ))
            .await?;
        self.keep_store_key(key).await
    }

    /// Step 1, where the store has accounts: register with the SMS code.
    #[tracing::instrument(skip_all)]
    pub async fn store_register(
        &self,
        phone: &str,
        password: Sensitive<String>,
        sms_code: &str,
        nickname: &str,
    ) -> Result<ConnectionView> {
        let client = self.anonymous_store().await?;
        let registered = client
            .register(phone.trim(), &password, sms_code.trim(), nickname.trim())
            .await;
        let (key, _) = self.observe(registered.map_err(Error::from))?;
        self.keep_account_key(phone, key).await
    }

    /// Step 1 anywhere: a key the store issued, pasted by the user.
    #[tracing::instrument(skip_all)]
    pub async fn store_use_key(&self, key: Sensitive<String>) -> Result<ConnectionView> {
        let key = Sensitive::new(key.expose().trim().to_owned());
        if key.expose().is_empty() {
            return Err(Error::because(
                Code::Rejected,
                Sentence::new("connect.pasteKey"),
            ));
        }
        self.keep_store_key(key).await
    }

    /// Forgets the store key (from the keyring) and what the store said of it.
    pub async fn store_sign_out(&self) -> Result<ConnectionView> {
        self.secrets()?.delete(&self.store_id().await?)?;
        let drafts = self.drafts()?;
        let mut c = drafts.connection().await?;
        c.store = None;
        c.pushed_profile = None;
        drafts.save_connection(&c).await?;
        self.connection_view().await
    }
}
