//! A store that holds many apps already (`--store-apps N`), so that pulling
//! at scale is tried as it happens on the real one (80+ apps): each owned by
//! the demo account, listed, with tags, a logo and three versions whose
//! template is the seeded gitea one under the app's name. Seeded up to N once;
//! a state file that has them keeps them.

use serde_json::Value;

use crate::reply::now_ms;
use crate::AppState;

/// The logo every catalog app shows (256×256 PNG).
const LOGO: &[u8] = include_bytes!("../seed/logo-256.png");
/// The template each version carries, renamed.
const TEMPLATE: &str = include_str!("../seed/gitea-ram.json");
/// The versions each app has, with their alias and notes.
const VERSIONS: [(&str, &str, &str); 3] = [
    ("1.0.0", "first", "First release."),
    ("1.1.0", "", "Faster start-up."),
    ("1.2.0", "stable", "Security fixes."),
];

/// Makes the demo account own `n` catalog apps; answers how many were made now.
pub(crate) async fn seed_catalog(
    s: &AppState,
    owner_phone: &str,
    n: usize,
) -> Result<usize, sqlx::Error> {
    let (owner,): (i64,) = sqlx::query_as("SELECT id FROM store_users WHERE phone = ?")
        .bind(owner_phone)
        .fetch_one(&s.db)
        .await?;
    let (have,): (i64,) = sqlx::query_as(
        "SELECT count(*) FROM store_apps WHERE owner_id = ? AND name LIKE 'catalog-app-%'",
    )
    .bind(owner)
    .fetch_one(&s.db)
    .await?;
    let have = usize::try_from(have).unwrap_or(0);
    if have >= n {
        return Ok(0);
    }
    let logo = crate::save_image(s, "image/png", LOGO).await?;
    let template: Value = serde_json::from_str(TEMPLATE).unwrap_or_default();
    let mut tx = crate::write(&s.db).await?;
    for i in have + 1..=n {
        let id = uuid::Uuid::now_v7().simple().to_string();
        let name = format!("catalog-app-{i:03}");
        let now = now_ms();
        sqlx::query(
            "INSERT INTO store_apps (app_key_id, owner_id, name, \"desc\", introduction, logo, publish_type, tags, listed, create_time, update_time)
             VALUES (?, ?, ?, ?, ?, ?, 'public', ?, 1, ?, ?)",
        )
        .bind(&id)
        .bind(owner)
        .bind(&name)
        .bind(format!("{name}, already on the store"))
        .bind(format!("# {name}\n\n## Install\n\nOne click from the store.\n"))
        .bind(&logo)
        .bind(serde_json::json!(["catalog", format!("group-{}", i % 7)]).to_string())
        .bind(now)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        for (k, (version, alias, notes)) in VERSIONS.iter().enumerate() {
            let mut t = template.clone();
            t["group_key"] = id.clone().into();
            t["group_name"] = name.clone().into();
            t["group_version"] = (*version).into();
            let at = now + i64::try_from(k).unwrap_or(0);
            sqlx::query(
                "INSERT INTO store_versions (app_key_id, version, version_alias, description, template, create_time, update_time)
                 VALUES (?, ?, ?, ?, ?, ?, ?)",
            )
            .bind(&id)
            .bind(version)
            .bind(alias)
            .bind(notes)
            .bind(t.to_string())
            .bind(at)
            .bind(at)
            .execute(&mut *tx)
            .await?;
        }
    }
    tx.commit().await?;
    Ok(n - have)
}
