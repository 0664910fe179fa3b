//! The use cases through the service API, on real SQLite files.

use rbpub_core::{
    Field, ListingField, Locale, PublisherField, RuleId, Step, StepStatus, WaitingOn,
};
use rbpub_service::{Code, Service};

#[tokio::test]
async fn a_too_long_name_comes_back_as_a_rule_message_in_the_users_language() {
    let dir = tempfile::tempdir().unwrap();
    let service = Service::open(dir.path()).await;
    let view = service
        .create_listing("  wordpress  ", Locale::En)
        .await
        .unwrap();
    assert_eq!(
        view.draft.listing.name, "wordpress",
        "the name is trimmed on creation"
    );
    assert_eq!(view.steps.len(), 7);
    let id = view.draft.listing.id;

    let view = service
        .save_listing_field(&id, ListingField::Name("w".repeat(70)), Locale::ZhCn)
        .await
        .unwrap();
    let finding = view
        .findings
        .iter()
        .find(|f| f.field.field == Field::Name)
        .expect("a name finding");
    assert_eq!(finding.rule, RuleId::NameLength);
    assert_eq!(
        finding.message,
        "应用名称有 70 个字符，上限为 64 个，请缩短。"
    );
    assert_eq!(view.steps[4].status, StepStatus::NeedsAttention);

    let summary = service.portfolio("").await.unwrap();
    assert_eq!(summary.len(), 1);
    assert_eq!(summary[0].steps.len(), 7);
    assert_eq!(summary[0].steps[4], StepStatus::NeedsAttention);
}

#[tokio::test]
async fn the_publisher_is_shared_by_every_listing() {
    let dir = tempfile::tempdir().unwrap();
    let service = Service::open(dir.path()).await;
    let a = service
        .create_listing("a", Locale::En)
        .await
        .unwrap()
        .draft
        .listing
        .id;
    let view = service
        .save_publisher_field(
            PublisherField::AccountPhone("13800000000".into()),
            Locale::En,
        )
        .await
        .unwrap();
    assert_eq!(view.steps[0].status, StepStatus::InProgress);
    assert_eq!(view.steps[0].waiting_on, vec![WaitingOn::NetworkConnection]);
    let listing = service.open_listing(&a, Locale::En).await.unwrap();
    assert_eq!(listing.steps[0].status, StepStatus::InProgress);
    assert_eq!(
        service.portfolio("").await.unwrap()[0].steps[0],
        StepStatus::InProgress
    );
}

#[tokio::test]
async fn missing_things_are_not_found_errors_with_a_code() {
    let dir = tempfile::tempdir().unwrap();
    let service = Service::open(dir.path()).await;
    let err = service
        .open_listing(&"no-such-id".into(), Locale::En)
        .await
        .unwrap_err();
    assert_eq!(err.code, Code::NotFound);
    assert!(err.message.contains("no-such-id"), "{}", err.message);
    let err = service
        .set_current_step(&"no-such-id".into(), Step::Packages)
        .await
        .unwrap_err();
    assert_eq!(err.code, Code::NotFound);
    let json = serde_json::to_value(&err).unwrap();
    assert_eq!(json["code"], "notFound");
    assert!(json["message"].as_str().unwrap().contains("no-such-id"));
}

#[tokio::test]
async fn a_corrupt_database_keeps_the_app_up_and_explains_itself_on_every_call() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join(rbpub_drafts::DB_FILE);
    std::fs::write(&db, vec![0xA5u8; 4096]).unwrap();
    let service = Service::open(dir.path()).await;
    let err = service.startup().unwrap_err();
    assert_eq!(err.code, Code::DatabaseCorrupt);
    assert!(
        err.message.contains(&db.display().to_string()),
        "{}",
        err.message
    );
    assert_eq!(
        service.portfolio("").await.unwrap_err().code,
        Code::DatabaseCorrupt
    );
    assert!(
        std::fs::read(&db).unwrap() == vec![0xA5u8; 4096],
        "the file was modified"
    );
}

#[tokio::test]
async fn the_invisible_character_fix_keeps_line_breaks_where_the_field_takes_them() {
    let dir = tempfile::tempdir().unwrap();
    let service = Service::open(dir.path()).await;
    assert_eq!(
        service.strip_invisible("Word\u{202E}Press\n", Field::Name),
        "WordPress"
    );
    assert_eq!(
        service.strip_invisible("# A\u{200B}\nbody", Field::Introduction),
        "# A\nbody"
    );
}
