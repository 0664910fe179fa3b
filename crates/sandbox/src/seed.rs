//! The demo data a fresh sandbox starts with, and how to sign in to it.

use serde::Serialize;
use sqlx::SqlitePool;

/// Everything a person or a test needs to sign in to the sandbox.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Demo {
    pub console_user: &'static str,
    pub console_password: &'static str,
    pub enterprise_id: &'static str,
    pub team: &'static str,
    pub region: &'static str,
    /// A store account that exists already, with Write access.
    pub store_phone: &'static str,
    pub store_password: &'static str,
    pub store_key: &'static str,
    /// A store key that can only read: publishing with it must fail.
    pub read_only_key: &'static str,
}

pub const DEMO: Demo = Demo {
    console_user: "demo",
    console_password: "demo-password",
    enterprise_id: "ent-sandbox-0001",
    team: "demo-team",
    region: "local",
    store_phone: "13800000000",
    store_password: "demo-password",
    store_key: "sandbox-write-key-5f1c2e",
    read_only_key: "sandbox-read-key-9a7b3d",
};

/// The running apps a fresh sandbox has: group id, name, RAM template. Halo
/// is the one that shows the share flow's edges: a plugin on a shared
/// component and one on a component never deployed (which the console leaves
/// out of the plan), and a dependency on WordPress's MySQL, outside the app.
pub const SEEDED_APPS: [(i64, &str, &str); 3] = [
    (1, "wordpress", include_str!("../seed/wordpress-ram.json")),
    (2, "gitea", include_str!("../seed/gitea-ram.json")),
    (3, "halo", include_str!("../seed/halo-ram.json")),
];

/// Seeds an empty database; a seeded one is left as it is.
pub async fn seed(db: &SqlitePool) -> Result<Demo, sqlx::Error> {
    let mut tx = crate::write(db).await?;
    let (seeded,): (i64,) = sqlx::query_as("SELECT count(*) FROM console_users")
        .fetch_one(&mut *tx)
        .await?;
    // A state file from before an app was added to the seed gets it too.
    for (group_id, name, template) in SEEDED_APPS {
        sqlx::query(
            "INSERT INTO console_apps (group_id, team_name, region_name, group_name, template) VALUES (?, ?, ?, ?, ?)
             ON CONFLICT (group_id) DO NOTHING",
        )
        .bind(group_id)
        .bind(DEMO.team)
        .bind(DEMO.region)
        .bind(name)
        .bind(template)
        .execute(&mut *tx)
        .await?;
    }
    // WordPress's backups run as a StatefulSet an operator manages, which its
    // web component links to: the topology shows it, a template never has it.
    sqlx::query(
        "INSERT INTO console_managed_workloads (group_id, name, kind, linked_from)
         VALUES (1, 'wordpress-backup', 'StatefulSet', 'e8f90a1b2c3d4e5f60718293a4b5c6d7')
         ON CONFLICT (group_id, name) DO NOTHING",
    )
    .execute(&mut *tx)
    .await?;
    if seeded > 0 {
        tx.commit().await?;
        return Ok(DEMO);
    }
    let d = &DEMO;
    sqlx::query("INSERT INTO console_users (nick_name, password, email, phone, enterprise_id) VALUES (?, ?, ?, ?, ?)")
        .bind(d.console_user)
        .bind(d.console_password)
        .bind("demo@example.org")
        .bind(d.store_phone)
        .bind(d.enterprise_id)
        .execute(&mut *tx)
        .await?;
    for (phone, nickname, key, actions) in [
        (d.store_phone, "Demo Publisher", d.store_key, r#"["Write"]"#),
        (
            "13800000001",
            "Read-only Reader",
            d.read_only_key,
            r#"["OnlyRead"]"#,
        ),
    ] {
        sqlx::query("INSERT INTO store_users (phone, password, nickname, access_key, actions) VALUES (?, ?, ?, ?, ?)")
            .bind(phone)
            .bind(d.store_password)
            .bind(nickname)
            .bind(key)
            .bind(actions)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(DEMO)
}

/// Another running app in the demo team with the template of the seeded app `like`.
pub async fn add_running_app(db: &SqlitePool, name: &str, like: &str) -> Result<i64, sqlx::Error> {
    let d = &DEMO;
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO console_apps (team_name, region_name, group_name, template)
         SELECT team_name, region_name, ?, template FROM console_apps WHERE group_name = ? AND team_name = ?
         RETURNING group_id",
    )
    .bind(name)
    .bind(like)
    .bind(d.team)
    .fetch_one(db)
    .await?;
    Ok(id)
}
