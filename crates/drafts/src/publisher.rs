//! The publisher's profile and store address: one row, edited field by field.

use rbpub_core::publisher::{DEFAULT_MARKET_DOMAIN, DEFAULT_STORE_URL};
use rbpub_core::{Publisher, PublisherField};
use sqlx::FromRow;

use crate::error::Result;
use crate::{now_ms, Drafts};

#[derive(FromRow)]
struct PublisherRow {
    store_url: String,
    market_domain: String,
    account_phone: String,
    nickname: String,
    phone: String,
    email: String,
    bio: String,
}

impl Drafts {
    pub(crate) async fn ensure_publisher(&self) -> Result<()> {
        let mut tx = self.write().await?;
        sqlx::query("INSERT OR IGNORE INTO publisher (id, store_url, market_domain, updated_at) VALUES (1, ?, ?, ?)")
            .bind(DEFAULT_STORE_URL)
            .bind(DEFAULT_MARKET_DOMAIN)
            .bind(now_ms())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn publisher(&self) -> Result<Publisher> {
        let r: PublisherRow = sqlx::query_as(
            "SELECT store_url, market_domain, account_phone, nickname, phone, email, bio FROM publisher WHERE id = 1",
        )
        .fetch_one(&self.pool)
        .await?;
        Ok(Publisher {
            store_url: r.store_url,
            market_domain: r.market_domain,
            account_phone: r.account_phone,
            nickname: r.nickname,
            phone: r.phone,
            email: r.email,
            bio: r.bio,
        })
    }

    pub async fn set_publisher_field(&self, field: PublisherField) -> Result<Publisher> {
        let (column, value) = match field {
            PublisherField::StoreUrl(v) => ("store_url", v),
            PublisherField::MarketDomain(v) => ("market_domain", v),
            PublisherField::AccountPhone(v) => ("account_phone", v),
            PublisherField::Nickname(v) => ("nickname", v),
            PublisherField::Phone(v) => ("phone", v),
            PublisherField::Email(v) => ("email", v),
            PublisherField::Bio(v) => ("bio", v),
        };
        let mut tx = self.write().await?;
        sqlx::query(&format!(
            "UPDATE publisher SET {column} = ?, updated_at = ? WHERE id = 1"
        ))
        .bind(value)
        .bind(now_ms())
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        self.publisher().await
    }
}
