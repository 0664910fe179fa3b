//! Step 3: the store connected to Rainbond: signed in to the console, a team
//! and region chosen, the store bound with the key of step 1.

use crate::error::{Code, Error, Result};
use crate::views::ConnectionView;
use crate::Service;
use rbpub_core::catalogue::Sentence;
use rbpub_core::online::Connection;
use rbpub_core::Sensitive;
use rbpub_remote::ConsoleClient;
use rbpub_secrets::SecretId;

impl Service {
    /// Step 3: sign in to a console; its teams come with it.
    #[tracing::instrument(skip_all)]
    pub async fn console_sign_in(
        &self,
        url: &str,
        user: &str,
        password: Sensitive<String>,
    ) -> Result<ConnectionView> {
        let url = url.trim().trim_end_matches('/');
        if !(url.starts_with("http://") || url.starts_with("https://")) {
            return Err(Error::because(
                Code::Rejected,
                Sentence::new("connect.consoleUrl"),
            ));
        }
        let mut console = ConsoleClient::new(self.http()?.clone(), url);
        let token = self.observe(
            console
                .login(user.trim(), &password)
                .await
                .map_err(Error::from),
        )?;
        let account = console.account().await?;
        let id = SecretId::ConsoleToken {
            console_url: url.to_owned(),
            user: user.trim().to_owned(),
        };
        self.secrets()?.set(&id, &token)?;
        let drafts = self.drafts()?;
        let mut c = drafts.connection().await?;
        if c.console_url != url || c.console_user != user.trim() {
            c.bound_store = None;
        }
        c.console_url = url.to_owned();
        c.console_user = user.trim().to_owned();
        c.enterprise_id = account.enterprise_id;
        // One team with one region needs no choosing.
        if let [team] = account.teams.as_slice() {
            if let [region] = team.regions.as_slice() {
                c.team = team.name.clone();
                c.region = region.clone();
            }
        }
        c.teams = account.teams;
        self.note_offered(&console, &mut c).await;
        drafts.save_connection(&c).await?;
        self.connection_view().await
    }

    /// Chooses the team and region to publish from.
    #[tracing::instrument(skip_all)]
    pub async fn console_choose(&self, team: &str, region: &str) -> Result<ConnectionView> {
        let drafts = self.drafts()?;
        let mut c = drafts.connection().await?;
        if !c
            .teams
            .iter()
            .any(|t| t.name == team && t.regions.iter().any(|r| r == region))
        {
            return Err(Error::because(
                Code::Rejected,
                Sentence::new("connect.noRegion")
                    .arg("team", team)
                    .arg("region", region),
            ));
        }
        c.team = team.to_owned();
        c.region = region.to_owned();
        drafts.save_connection(&c).await?;
        self.connection_view().await
    }

    /// Step 3: binds the publisher's store to the console with the store key.
    #[tracing::instrument(skip_all)]
    pub async fn bind_store(&self) -> Result<ConnectionView> {
        let (console, mut c) = self.console_client().await?;
        let publisher = self.drafts()?.publisher().await?;
        let key = self.store_key().await?;
        let bound = self.observe(
            crate::publish::bind(&console, &c.enterprise_id, &publisher.store_url, &key, None)
                .await,
        );
        (_, c.bound_store) = self.noting_refused_key(bound).await?;
        // An offline console binds, and its store reads status 0: what it
        // offers says why no store takes a publish.
        self.note_offered(&console, &mut c).await;
        self.drafts()?.save_connection(&c).await?;
        self.connection_view().await
    }

    /// Forgets the console token and the console's choices; the store key stays.
    #[tracing::instrument(skip_all)]
    pub async fn console_sign_out(&self) -> Result<ConnectionView> {
        let drafts = self.drafts()?;
        let c = drafts.connection().await?;
        self.secrets()?.delete(&SecretId::ConsoleToken {
            console_url: c.console_url.clone(),
            user: c.console_user.clone(),
        })?;
        drafts
            .save_connection(&Connection {
                store: c.store,
                pushed_profile: c.pushed_profile,
                ..Connection::default()
            })
            .await?;
        self.connection_view().await
    }
}
