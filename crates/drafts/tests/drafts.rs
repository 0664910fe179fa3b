//! The drafts database on real SQLite files in temporary folders.

use rbpub_core::{
    ListingField, PackageField, PublishType, PublisherField, Step, StepStatus, TemplateSource,
    VersionField,
};
use rbpub_drafts::{Drafts, Error, DB_FILE};

fn folder() -> tempfile::TempDir {
    tempfile::tempdir().expect("temp dir")
}

#[tokio::test]
async fn a_listing_is_found_as_it_was_after_reopening() {
    let dir = folder();
    let drafts = Drafts::open(dir.path()).await.unwrap();
    let created = drafts.create_listing("wordpress").await.unwrap();
    let id = created.listing.id.clone();
    drafts
        .set_listing_field(&id, ListingField::Description("Blog in one click".into()))
        .await
        .unwrap();
    drafts
        .set_listing_field(&id, ListingField::Tags(vec!["cms".into(), "博客".into()]))
        .await
        .unwrap();
    drafts
        .set_listing_field(&id, ListingField::PublishType(PublishType::Public))
        .await
        .unwrap();
    let v = drafts.add_version(&id).await.unwrap().versions[0]
        .id
        .clone();
    let source = TemplateSource::RainbondApp {
        team: "dev".into(),
        region: "rainbond".into(),
        app: "wp".into(),
        share: Default::default(),
    };
    drafts
        .set_version_field(&v, VersionField::Source(source.clone()))
        .await
        .unwrap();
    drafts
        .set_version_field(&v, VersionField::ReleaseNotes("First".into()))
        .await
        .unwrap();
    drafts.add_package(&id).await.unwrap();
    drafts.set_current_step(&id, Step::Packages).await.unwrap();
    drafts
        .set_publisher_field(PublisherField::Nickname("dev".into()))
        .await
        .unwrap();
    drafts.close().await;

    let reopened = Drafts::open(dir.path()).await.unwrap();
    let d = reopened.listing(&id).await.unwrap();
    assert_eq!(d.listing.name, "wordpress");
    assert_eq!(d.listing.description, "Blog in one click");
    assert_eq!(d.listing.tags, vec!["cms", "博客"]);
    assert_eq!(d.listing.publish_type, PublishType::Public);
    assert_eq!(d.listing.current_step, Step::Packages);
    assert_eq!(d.versions.len(), 1);
    assert_eq!(d.versions[0].version, "1.0.0");
    assert_eq!(d.versions[0].source, source);
    assert_eq!(d.versions[0].release_notes, "First");
    assert_eq!(
        (d.packages[0].name.as_str(), d.packages[0].version.as_str()),
        ("1.0.0", "1.0.0")
    );
    assert_eq!(reopened.publisher().await.unwrap().nickname, "dev");
}

#[tokio::test]
async fn the_portfolio_lists_newest_edits_first_with_progress_and_finds_by_text() {
    let dir = folder();
    let drafts = Drafts::open(dir.path()).await.unwrap();
    let a = drafts.create_listing("alpha").await.unwrap().listing.id;
    let b = drafts.create_listing("beta").await.unwrap().listing.id;
    drafts
        .set_listing_field(&a, ListingField::Description("100% offline".into()))
        .await
        .unwrap();
    drafts.add_version(&b).await.unwrap();
    drafts
        .set_listing_field(&a, ListingField::Name("x".repeat(65)))
        .await
        .unwrap();

    let all = drafts.portfolio("").await.unwrap();
    assert_eq!(
        all.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(),
        vec![a.as_str(), b.as_str()]
    );
    assert_eq!(
        all[0].progress[1],
        StepStatus::NeedsAttention,
        "step 5 of a listing whose name is too long"
    );
    assert_eq!(all[1].version_count, 1);
    assert_eq!(
        all[1].progress[2],
        StepStatus::InProgress,
        "step 6 of a listing with a version"
    );

    assert_eq!(
        drafts.portfolio("BETA").await.unwrap().len(),
        1,
        "case-insensitive"
    );
    assert_eq!(drafts.portfolio("100%").await.unwrap().len(), 1);
    assert_eq!(
        drafts.portfolio("0%o").await.unwrap().len(),
        0,
        "% is matched literally"
    );
    assert_eq!(drafts.portfolio("nothing like it").await.unwrap(), vec![]);
}

#[tokio::test]
async fn duplicate_copies_versions_and_packages_and_delete_removes_them() {
    let dir = folder();
    let drafts = Drafts::open(dir.path()).await.unwrap();
    let id = drafts.create_listing("wordpress").await.unwrap().listing.id;
    drafts.add_version(&id).await.unwrap();
    let pkg = drafts.add_package(&id).await.unwrap().packages[0]
        .id
        .clone();
    drafts
        .set_package_field(&pkg, PackageField::Description("Free".into()))
        .await
        .unwrap();

    let copy = drafts.duplicate_listing(&id).await.unwrap();
    assert_eq!(copy.listing.name, "wordpress-copy");
    assert_ne!(copy.listing.id, id);
    assert_eq!(copy.versions.len(), 1);
    assert_eq!(copy.packages[0].description, "Free");
    assert_ne!(copy.packages[0].id, pkg);

    drafts.delete_listing(&id).await.unwrap();
    assert!(matches!(
        drafts.listing(&id).await,
        Err(Error::ListingNotFound(_))
    ));
    assert!(matches!(
        drafts
            .set_package_field(&pkg, PackageField::Name("x".into()))
            .await,
        Err(Error::PackageNotFound(_))
    ));
    assert_eq!(
        drafts
            .listing(&copy.listing.id)
            .await
            .unwrap()
            .packages
            .len(),
        1,
        "the copy is untouched"
    );
    assert!(matches!(
        drafts.delete_listing(&id).await,
        Err(Error::ListingNotFound(_))
    ));
}

#[tokio::test]
async fn a_corrupt_file_is_reported_with_its_path_and_left_untouched() {
    let dir = folder();
    let path = dir.path().join(DB_FILE);
    let garbage: Vec<u8> = (0..8192u32).map(|i| (i * 7 % 251) as u8).collect();
    std::fs::write(&path, &garbage).unwrap();
    let err = Drafts::open(dir.path()).await.err().expect("must refuse");
    assert!(matches!(err, Error::Corrupt { .. }), "{err:?}");
    assert!(err.is_corrupt());
    let msg = err.to_string();
    assert!(msg.contains(&path.display().to_string()), "{msg}");
    assert!(msg.contains("left untouched"), "{msg}");
    assert!(
        std::fs::read(&path).unwrap() == garbage,
        "the file was modified"
    );
}

#[tokio::test]
async fn another_programs_database_is_refused_and_left_untouched() {
    let dir = folder();
    let path = dir.path().join(DB_FILE);
    {
        use sqlx::Connection;
        let url = format!("sqlite://{}?mode=rwc", path.display());
        let mut c = sqlx::SqliteConnection::connect(&url).await.unwrap();
        sqlx::query("CREATE TABLE notes (body TEXT)")
            .execute(&mut c)
            .await
            .unwrap();
        c.close().await.unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    let err = Drafts::open(dir.path()).await.err().expect("must refuse");
    assert!(err.to_string().contains("notes"), "{err}");
    assert!(
        std::fs::read(&path).unwrap() == before,
        "the file was modified"
    );
}

#[tokio::test]
async fn a_database_from_a_newer_app_is_refused_and_left_untouched() {
    let dir = folder();
    let drafts = Drafts::open(dir.path()).await.unwrap();
    drafts.create_listing("kept").await.unwrap();
    drafts.close().await;
    {
        use sqlx::Connection;
        let url = format!("sqlite://{}", dir.path().join(DB_FILE).display());
        let mut c = sqlx::SqliteConnection::connect(&url).await.unwrap();
        sqlx::query(
            "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time)
             VALUES (9999, 'from the future', 1, x'00', 0)",
        )
        .execute(&mut c)
        .await
        .unwrap();
        sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
            .execute(&mut c)
            .await
            .unwrap();
        c.close().await.unwrap();
    }
    let before = std::fs::read(dir.path().join(DB_FILE)).unwrap();
    let err = Drafts::open(dir.path()).await.err().expect("must refuse");
    assert!(matches!(err, Error::TooNew { found: 9999, .. }), "{err:?}");
    assert!(err.to_string().contains("newer version"), "{err}");
    assert!(
        std::fs::read(dir.path().join(DB_FILE)).unwrap() == before,
        "the file was modified"
    );
}

#[tokio::test]
async fn two_instances_on_one_folder_write_at_once_without_losing_or_corrupting_anything() {
    let dir = folder();
    let (first, second) = tokio::join!(Drafts::open(dir.path()), Drafts::open(dir.path()));
    let (first, second) = (first.unwrap(), second.unwrap());
    let id = first.create_listing("shared").await.unwrap().listing.id;
    let writer = |drafts: Drafts, prefix: &'static str| {
        let id = id.clone();
        tokio::spawn(async move {
            for i in 0..40 {
                let created = drafts
                    .create_listing(&format!("{prefix}{i}"))
                    .await
                    .unwrap();
                drafts.add_version(&created.listing.id).await.unwrap();
                drafts.add_version(&id).await.unwrap();
            }
        })
    };
    let (a, b) = tokio::join!(writer(first.clone(), "a"), writer(second.clone(), "b"));
    a.unwrap();
    b.unwrap();
    assert_eq!(first.portfolio("").await.unwrap().len(), 81);
    assert_eq!(second.listing(&id).await.unwrap().versions.len(), 80);
    let check: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(&first_pool(&first))
        .await
        .unwrap();
    assert_eq!(check, "ok");
}

/// A separate connection to the same file, as a third party would see it.
fn first_pool(d: &Drafts) -> sqlx::SqlitePool {
    sqlx::SqlitePool::connect_lazy(&format!("sqlite://{}", d.path().display())).unwrap()
}

#[tokio::test]
async fn an_older_database_is_backed_up_before_it_is_migrated() {
    let dir = folder();
    let drafts = Drafts::open(dir.path()).await.unwrap();
    let id = drafts.create_listing("kept").await.unwrap().listing.id;
    drafts.add_version(&id).await.unwrap();
    drafts.close().await;
    // Turn it back into a database written by the first release (schema 1).
    {
        use sqlx::Connection;
        let url = format!("sqlite://{}", dir.path().join(DB_FILE).display());
        let mut c = sqlx::SqliteConnection::connect(&url).await.unwrap();
        for sql in [
            "DELETE FROM _sqlx_migrations WHERE version = 9",
            "DROP TABLE approvals",
            "DROP TABLE settings",
            "ALTER TABLE listings DROP COLUMN imported_from",
            "DELETE FROM _sqlx_migrations WHERE version = 8",
            "DROP TABLE rehearsals",
            "DELETE FROM _sqlx_migrations WHERE version = 7",
            "ALTER TABLE versions DROP COLUMN destinations",
            "DELETE FROM _sqlx_migrations WHERE version = 6",
            "DROP INDEX listings_portfolio",
            "CREATE INDEX listings_portfolio ON listings (updated_at DESC, id DESC, name, description, progress, version_count)",
            "DELETE FROM _sqlx_migrations WHERE version = 5",
            "DROP TABLE review_notes",
            "ALTER TABLE listings DROP COLUMN rule_levels",
            "ALTER TABLE listings DROP COLUMN for_review",
            "ALTER TABLE listings DROP COLUMN template",
            "DELETE FROM _sqlx_migrations WHERE version = 4",
            "DROP TABLE screenshots",
            "ALTER TABLE listings DROP COLUMN logo",
            "ALTER TABLE listings DROP COLUMN logo_original",
            "ALTER TABLE listings DROP COLUMN logo_fixes",
            "DROP TABLE assets",
            "DELETE FROM _sqlx_migrations WHERE version = 3",
            "DROP TABLE outbox",
            "DROP TABLE live_listings",
            "DROP TABLE connection",
            "ALTER TABLE versions DROP COLUMN share_id",
            "DELETE FROM _sqlx_migrations WHERE version = 2",
            "DROP INDEX listings_portfolio",
            "ALTER TABLE listings DROP COLUMN version_count",
            "CREATE INDEX listings_by_update ON listings (updated_at DESC)",
        ] {
            sqlx::query(sql).execute(&mut c).await.unwrap();
        }
        c.close().await.unwrap();
    }

    // An earlier start left a backup under the old fixed name, and one that failed
    // half-way (a full disk) left a partial one: neither may block this start.
    let earlier = dir.path().join("drafts.db.backup-schema-1");
    let partial = dir
        .path()
        .join("drafts.db.backup-schema-1-1700000000000.partial");
    std::fs::write(&earlier, b"an earlier backup").unwrap();
    std::fs::write(&partial, b"half a backup").unwrap();

    let migrated = Drafts::open(dir.path()).await.unwrap();
    let backup = migrated.backup().expect("a backup was taken").to_path_buf();
    let name = backup.file_name().unwrap().to_string_lossy().into_owned();
    assert!(
        name.starts_with("drafts.db.backup-schema-1-") && !name.ends_with(".partial"),
        "{name}"
    );
    assert!(!partial.exists(), "the half-written backup is cleaned up");
    assert_eq!(
        std::fs::read(&earlier).unwrap(),
        b"an earlier backup",
        "left as it was"
    );
    assert_eq!(
        migrated.portfolio("").await.unwrap()[0].version_count,
        1,
        "counts are filled in by the migration"
    );
    // The backup is the schema-1 database as it was, listing included.
    use sqlx::Connection;
    let mut b = sqlx::SqliteConnection::connect(&format!("sqlite://{}?mode=ro", backup.display()))
        .await
        .unwrap();
    let schema: i64 = sqlx::query_scalar("SELECT max(version) FROM _sqlx_migrations")
        .fetch_one(&mut b)
        .await
        .unwrap();
    let name: String = sqlx::query_scalar("SELECT name FROM listings WHERE id = ?")
        .bind(&id)
        .fetch_one(&mut b)
        .await
        .unwrap();
    assert_eq!((schema, name.as_str()), (1, "kept"));
}

#[cfg(target_os = "linux")]
#[tokio::test]
async fn a_data_folder_of_another_user_is_refused_by_name() {
    let dir = folder();
    let data = dir.path().join("data");
    std::fs::create_dir(&data).unwrap();
    // Only root can give a folder away; elsewhere there is nothing to check.
    if std::os::unix::fs::chown(&data, Some(65534), Some(65534)).is_err() {
        return;
    }
    let e = Drafts::open(&data).await.err().expect("refused");
    let message = e.to_string();
    assert!(
        message.contains("belongs to another user (uid 65534")
            && message.contains("RBPUB_DATA_DIR"),
        "{message}"
    );
    assert!(!data.join(DB_FILE).exists(), "nothing was written into it");
}
