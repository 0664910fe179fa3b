//! Connecting: the store account and key (step 1), the console sign-in, team and
//! bound store (step 3), the connection check, and the outbox's controls.

use rbpub_core::online::Connection;
use rbpub_core::Sensitive;
use rbpub_remote::{ConsoleClient, StoreClient, Transport};
use rbpub_secrets::{SecretId, Secrets};

use crate::error::{Code, Error, Need, Params, Result};
use crate::views::ConnectionView;
use crate::Service;

fn setup(need: Need) -> Error {
    Error::needs(need, Params::default())
}

impl Service {
    pub(crate) fn http(&self) -> Result<&Transport> {
        self.http.as_ref().map_err(Clone::clone)
    }

    pub(crate) fn secrets(&self) -> Result<&dyn Secrets> {
        self.secrets
            .as_ref()
            .map(|s| s.as_ref())
            .map_err(Clone::clone)
    }

    fn set_online(&self, online: bool) {
        *self.online.lock().unwrap_or_else(|p| p.into_inner()) = Some(online);
    }

    /// Notes reachability from a call's outcome, and passes the outcome on.
    pub(crate) fn observe<T>(&self, result: Result<T>) -> Result<T> {
        match &result {
            Ok(_) => self.set_online(true),
            Err(e) if e.code == Code::NetworkDown => self.set_online(false),
            Err(_) => {}
        }
        result
    }

    /// After the store refused the key (directly, or through the console with
    /// 10421): the key is no longer known to work and the console's binding holds
    /// it too, so step 1 asks for a new key and step 3 binds again. Not a console
    /// sign-in: the console accepted us.
    pub(crate) async fn noting_refused_key<T>(&self, result: Result<T>) -> Result<T> {
        if result
            .as_ref()
            .is_err_and(|e| e.code == Code::StoreKeyRejected)
        {
            let drafts = self.drafts()?;
            let mut c = drafts.connection().await?;
            c.store = None;
            c.bound_store = None;
            drafts.save_connection(&c).await?;
        }
        result
    }

    pub(crate) async fn store_id(&self) -> Result<SecretId> {
        Ok(SecretId::StoreKey {
            store_url: self.drafts()?.publisher().await?.store_url,
        })
    }

    /// A store client without a key: for the health check, sign-in and registration.
    pub(crate) async fn anonymous_store(&self) -> Result<StoreClient> {
        let publisher = self.drafts()?.publisher().await?;
        Ok(StoreClient::new(
            self.http()?.clone(),
            &publisher.store_url,
            &publisher.market_domain,
        ))
    }

    /// The store key from the keyring; step 1 is needed without one.
    pub(crate) async fn store_key(&self) -> Result<Sensitive<String>> {
        self.secrets()?
            .get(&self.store_id().await?)?
            .ok_or_else(|| setup(Need::StoreKey))
    }

    /// A store client with the key from the keyring.
    pub(crate) async fn store_client(&self) -> Result<StoreClient> {
        let key = self.store_key().await?;
        Ok(self.anonymous_store().await?.with_key(key))
    }

    /// A console client with the token from the keyring.
    pub(crate) async fn console_client(&self) -> Result<(ConsoleClient, Connection)> {
        let connection = self.drafts()?.connection().await?;
        let id = SecretId::ConsoleToken {
            console_url: connection.console_url.clone(),
            user: connection.console_user.clone(),
        };
        let token = self
            .secrets()?
            .get(&id)?
            .ok_or_else(|| setup(Need::ConsoleSignIn))?;
        Ok((
            ConsoleClient::with_token(self.http()?.clone(), &connection.console_url, &token),
            connection,
        ))
    }

    /// The connection as last known, without touching the network.
    #[tracing::instrument(skip_all)]
    pub async fn connection_view(&self) -> Result<ConnectionView> {
        let drafts = self.drafts()?;
        let publisher = drafts.publisher().await?;
        let c = drafts.connection().await?;
        let (has_store_key, console_signed_in, keyring_problem) = match self.secrets() {
            Ok(secrets) => {
                let key = secrets
                    .get(&SecretId::StoreKey {
                        store_url: publisher.store_url.clone(),
                    })?
                    .is_some();
                let token = SecretId::ConsoleToken {
                    console_url: c.console_url.clone(),
                    user: c.console_user.clone(),
                };
                (
                    key,
                    !c.console_url.is_empty() && secrets.get(&token)?.is_some(),
                    None,
                )
            }
            Err(e) => (false, false, Some(e.message)),
        };
        let online = *self.online.lock().unwrap_or_else(|p| p.into_inner());
        let outbox = drafts.outbox().await?;
        let store_usable = rbpub_core::publishing::store_usable(&c);
        let console_url = if c.console_url.is_empty() {
            std::env::var(crate::CONSOLE_URL_ENV).unwrap_or_default()
        } else {
            c.console_url
        };
        let cleartext = [&publisher.store_url, &console_url]
            .into_iter()
            .filter(|u| rbpub_remote::cleartext_warning(u).is_some())
            .map(|u| rbpub_remote::shown_url(u))
            .collect();
        Ok(ConnectionView {
            store_url: publisher.store_url,
            market_domain: publisher.market_domain,
            has_store_key,
            store: c.store,
            console_url,
            console_user: c.console_user,
            console_signed_in,
            teams: c.teams,
            team: c.team,
            region: c.region,
            store_usable,
            bound_store: c.bound_store,
            offered: c.offered,
            online,
            outbox,
            keyring_problem,
            cleartext,
        })
    }

    /// Asks the store whether it is reachable (and what it says of the key), then
    /// pushes whatever waits in the outbox.
    #[tracing::instrument(skip_all)]
    pub async fn check_connection(&self) -> Result<ConnectionView> {
        let probe = self.anonymous_store().await?;
        let reachable = self
            .observe(probe.is_store().await.map_err(Error::from))
            .is_ok();
        if reachable {
            if let Ok(store) = self.store_client().await {
                if let Ok(info) = store.info().await {
                    let drafts = self.drafts()?;
                    let mut c = drafts.connection().await?;
                    c.store = Some(info);
                    drafts.save_connection(&c).await?;
                }
            }
            // A push that fails here stays in the outbox with its reason.
            let _ = self.flush_outbox().await;
        }
        if let Ok((console, mut c)) = self.console_client().await {
            if self.note_offered(&console, &mut c).await {
                self.drafts()?.save_connection(&c).await?;
            }
        }
        self.connection_view().await
    }

    /// Keeps where the console can publish now with the connection; `false`
    /// when it could not be asked (the last word stays) or nothing changed.
    pub(crate) async fn note_offered(&self, console: &ConsoleClient, c: &mut Connection) -> bool {
        if c.enterprise_id.is_empty() {
            return false;
        }
        match crate::library::offered(console, &c.enterprise_id).await {
            Ok(offered) if c.offered.as_ref() != Some(&offered) => {
                c.offered = Some(offered);
                true
            }
            _ => false,
        }
    }

    /// The user asks again for a refused push: a publish whose image pushes
    /// failed starts every failed one again.
    #[tracing::instrument(skip_all)]
    pub async fn outbox_retry(&self, id: i64) -> Result<ConnectionView> {
        let drafts = self.drafts()?;
        drafts.outbox_retry(id).await?;
        let item = drafts.outbox().await?.into_iter().find(|i| i.id == id);
        if let Some(item) = item {
            // The outcome stays with the item in the outbox, for the badge to show.
            let _ = self.push_with_retry(item.action).await;
        }
        let _ = self.flush_outbox().await;
        self.connection_view().await
    }

    /// Drops a waiting push from the outbox without sending it.
    pub async fn outbox_discard(&self, id: i64) -> Result<ConnectionView> {
        self.drafts()?.outbox_discard(id).await?;
        self.connection_view().await
    }
}
