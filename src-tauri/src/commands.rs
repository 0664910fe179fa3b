//! The IPC commands, one line each over `rbpub-service`. This file is their only
//! declaration: build.rs reads the names from it for the handler list and the
//! permissions, and a test holds `capabilities/main.json` and `ui/src/lib/api.ts` to it.

use rbpub_core::{ListingId, PackageId, VersionId};
use rbpub_core::diff::ListingDiff;
use rbpub_core::online::{LiveApp, RunningApp};
use rbpub_core::{
    Destination, Field, Level, ListingField, Locale, PackageField, PublisherField, ReviewNote, RuleId,
    Sensitive, Step, VersionField,
};
use rbpub_service::pull::{PullOutcome, PullProgress};
use rbpub_service::approvals::ListingApprovals;
use rbpub_service::library::LibraryMark;
use rbpub_service::rehearse::{RehearsalReport, RehearsalStep};
use rbpub_service::{
    ConnectionView, Diagnostics, Error, ExportAs, ImageAdded, KitImport, ListingSummary, ListingView, LogoFix,
    PlanView, PublishTo, PublisherView, Service, ShareProgress, SnapshotList, SnapshotOutcome, Startup,
};
use tauri::ipc::Channel;
use tauri::State;

type S<'a> = State<'a, Service>;
type R<T> = Result<T, Error>;

#[tauri::command]
pub fn startup(s: S<'_>) -> R<Startup> { s.startup() }
#[tauri::command]
pub fn opened_files(s: S<'_>) -> Vec<String> { s.take_opened_files() }
#[tauri::command]
pub async fn portfolio(s: S<'_>, query: String) -> R<Vec<ListingSummary>> { s.portfolio(&query).await }
#[tauri::command]
pub async fn create_listing(s: S<'_>, name: String, locale: Locale) -> R<ListingView> { s.create_listing(&name, locale).await }
#[tauri::command]
pub async fn duplicate_listing(s: S<'_>, id: ListingId, locale: Locale) -> R<ListingView> { s.duplicate_listing(&id, locale).await }
#[tauri::command]
pub async fn delete_listing(s: S<'_>, id: ListingId) -> R<()> { s.delete_listing(&id).await }
#[tauri::command]
pub async fn open_listing(s: S<'_>, id: ListingId, locale: Locale) -> R<ListingView> { s.open_listing(&id, locale).await }
#[tauri::command]
pub async fn save_listing_field(s: S<'_>, id: ListingId, field: ListingField, locale: Locale) -> R<ListingView> { s.save_listing_field(&id, field, locale).await }
#[tauri::command]
pub async fn set_current_step(s: S<'_>, id: ListingId, step: Step) -> R<()> { s.set_current_step(&id, step).await }
#[tauri::command]
pub async fn add_version(s: S<'_>, listing_id: ListingId, locale: Locale) -> R<ListingView> { s.add_version(&listing_id, locale).await }
#[tauri::command]
pub async fn save_version_field(s: S<'_>, id: VersionId, field: VersionField, locale: Locale) -> R<ListingView> { s.save_version_field(&id, field, locale).await }
#[tauri::command]
pub async fn delete_version(s: S<'_>, id: VersionId, locale: Locale) -> R<ListingView> { s.delete_version(&id, locale).await }
#[tauri::command]
pub async fn add_package(s: S<'_>, listing_id: ListingId, locale: Locale) -> R<ListingView> { s.add_package(&listing_id, locale).await }
#[tauri::command]
pub async fn save_package_field(s: S<'_>, id: PackageId, field: PackageField, locale: Locale) -> R<ListingView> { s.save_package_field(&id, field, locale).await }
#[tauri::command]
pub async fn delete_package(s: S<'_>, id: PackageId, locale: Locale) -> R<ListingView> { s.delete_package(&id, locale).await }
#[tauri::command]
pub async fn publisher(s: S<'_>, locale: Locale) -> R<PublisherView> { s.publisher(locale).await }
#[tauri::command]
pub async fn save_publisher_field(s: S<'_>, field: PublisherField, locale: Locale) -> R<PublisherView> { s.save_publisher_field(field, locale).await }
#[tauri::command]
pub fn strip_invisible(s: S<'_>, text: String, field: Field) -> String { s.strip_invisible(&text, field) }

#[tauri::command]
pub async fn connection(s: S<'_>) -> R<ConnectionView> { s.connection_view().await }
#[tauri::command]
pub async fn check_connection(s: S<'_>) -> R<ConnectionView> { s.check_connection().await }
#[tauri::command]
pub async fn store_sign_in(s: S<'_>, phone: String, password: String) -> R<ConnectionView> { s.store_sign_in(&phone, Sensitive::new(password)).await }
#[tauri::command]
pub async fn store_register(s: S<'_>, phone: String, password: String, sms_code: String, nickname: String) -> R<ConnectionView> { s.store_register(&phone, Sensitive::new(password), &sms_code, &nickname).await }
#[tauri::command]
pub async fn store_use_key(s: S<'_>, key: String) -> R<ConnectionView> { s.store_use_key(Sensitive::new(key)).await }
#[tauri::command]
pub async fn store_sign_out(s: S<'_>) -> R<ConnectionView> { s.store_sign_out().await }
#[tauri::command]
pub async fn push_profile(s: S<'_>) -> R<ConnectionView> { s.push_profile().await }
#[tauri::command]
pub async fn console_sign_in(s: S<'_>, url: String, user: String, password: String) -> R<ConnectionView> { s.console_sign_in(&url, &user, Sensitive::new(password)).await }
#[tauri::command]
pub async fn console_choose(s: S<'_>, team: String, region: String) -> R<ConnectionView> { s.console_choose(&team, &region).await }
#[tauri::command]
pub async fn console_sign_out(s: S<'_>) -> R<ConnectionView> { s.console_sign_out().await }
#[tauri::command]
pub async fn bind_store(s: S<'_>) -> R<ConnectionView> { s.bind_store().await }
#[tauri::command]
pub async fn running_apps(s: S<'_>) -> R<Vec<RunningApp>> { s.running_apps().await }
#[tauri::command]
pub async fn publish_version(s: S<'_>, listing_id: ListingId, version_id: VersionId, request: PublishTo, locale: Locale, on_progress: Channel<ShareProgress>) -> R<ListingView> { s.publish_version(&listing_id, &version_id, request, locale, &mut |p| { let _ = on_progress.send(p.clone()); }).await }
#[tauri::command]
pub async fn restart_publish(s: S<'_>, listing_id: ListingId, version_id: VersionId, to: Destination, locale: Locale, on_progress: Channel<ShareProgress>) -> R<ListingView> { s.restart_publish(&listing_id, &version_id, to, locale, &mut |p| { let _ = on_progress.send(p.clone()); }).await }
#[tauri::command]
pub async fn rehearsal_leftovers(s: S<'_>) -> R<Vec<String>> { s.rehearsal_leftovers().await }
#[tauri::command]
pub async fn clean_rehearsals(s: S<'_>) -> R<Vec<String>> { s.clean_rehearsals().await }
#[tauri::command]
pub async fn rehearse(s: S<'_>, listing_id: ListingId, version_id: VersionId, from: Option<String>, on_progress: Channel<RehearsalStep>) -> R<RehearsalReport> { s.rehearse(&listing_id, &version_id, from, &mut |p| { let _ = on_progress.send(p.clone()); }).await }
#[tauri::command]
pub async fn share_plan(s: S<'_>, listing_id: ListingId, version_id: VersionId, locale: Locale) -> R<PlanView> { s.share_plan(&listing_id, &version_id, locale).await }
#[tauri::command]
pub async fn snapshots(s: S<'_>, listing_id: ListingId, version_id: VersionId) -> R<SnapshotList> { s.snapshots(&listing_id, &version_id).await }
#[tauri::command]
pub async fn create_snapshot(s: S<'_>, listing_id: ListingId, version_id: VersionId, locale: Locale) -> R<SnapshotOutcome> { s.create_snapshot(&listing_id, &version_id, locale).await }
#[tauri::command]
pub fn cancel_publish(s: S<'_>, version_id: VersionId) { s.cancel_publish(&version_id) }
#[tauri::command]
pub async fn push_information(s: S<'_>, listing_id: ListingId, locale: Locale) -> R<ListingView> { s.push_information(&listing_id, locale).await }
#[tauri::command]
pub async fn push_packages(s: S<'_>, listing_id: ListingId, locale: Locale) -> R<ListingView> { s.push_packages(&listing_id, locale).await }
#[tauri::command]
pub async fn set_listed(s: S<'_>, listing_id: ListingId, listed: bool, locale: Locale) -> R<ListingView> { s.set_listed(&listing_id, listed, locale).await }
#[tauri::command]
pub async fn store_apps(s: S<'_>) -> R<Vec<LiveApp>> { s.store_apps().await }
#[tauri::command]
pub async fn pull_from_store(s: S<'_>, app_ids: Vec<String>, on_progress: Channel<PullProgress>) -> R<Vec<PullOutcome>> { s.pull_from_store(&app_ids, &mut |p| { let _ = on_progress.send(p.clone()); }).await }
#[tauri::command]
pub async fn take_store_value(s: S<'_>, listing_id: ListingId, field: Field, locale: Locale) -> R<ListingView> { s.take_store_value(&listing_id, field, locale).await }
#[tauri::command]
pub async fn link_store_app(s: S<'_>, listing_id: ListingId, app_id: String, locale: Locale) -> R<ListingView> { s.link_store_app(&listing_id, &app_id, locale).await }
#[tauri::command]
pub async fn confirm_profile(s: S<'_>) -> R<ConnectionView> { s.confirm_profile().await }
#[tauri::command]
pub async fn confirm_packages(s: S<'_>, listing_id: ListingId, locale: Locale) -> R<ListingView> { s.confirm_packages(&listing_id, locale).await }
#[tauri::command]
pub async fn check_listed(s: S<'_>, listing_id: ListingId, locale: Locale) -> R<ListingView> { s.check_listed(&listing_id, locale).await }
#[tauri::command]
pub async fn outbox_retry(s: S<'_>, id: i64) -> R<ConnectionView> { s.outbox_retry(id).await }
#[tauri::command]
pub async fn outbox_discard(s: S<'_>, id: i64) -> R<ConnectionView> { s.outbox_discard(id).await }

#[tauri::command]
pub async fn set_logo_from_file(s: S<'_>, listing_id: ListingId, path: String, locale: Locale) -> R<ImageAdded> { s.set_logo_from_file(&listing_id, path.as_ref(), locale).await }
#[tauri::command]
pub async fn fix_logo(s: S<'_>, listing_id: ListingId, fix: LogoFix, locale: Locale) -> R<ListingView> { s.fix_logo(&listing_id, &fix, locale).await }
#[tauri::command]
pub async fn revert_logo(s: S<'_>, listing_id: ListingId, locale: Locale) -> R<ListingView> { s.revert_logo(&listing_id, locale).await }
#[tauri::command]
pub async fn remove_logo(s: S<'_>, listing_id: ListingId, locale: Locale) -> R<ListingView> { s.remove_logo(&listing_id, locale).await }
#[tauri::command]
pub async fn add_screenshots(s: S<'_>, listing_id: ListingId, paths: Vec<String>, locale: Locale) -> R<ImageAdded> { s.add_screenshots(&listing_id, &paths, locale).await }
#[tauri::command]
pub async fn caption_screenshot(s: S<'_>, id: String, caption: String, locale: Locale) -> R<ListingView> { s.caption_screenshot(&id, &caption, locale).await }
#[tauri::command]
pub async fn move_screenshot(s: S<'_>, id: String, position: u32, locale: Locale) -> R<ListingView> { s.move_screenshot(&id, position, locale).await }
#[tauri::command]
pub async fn delete_screenshot(s: S<'_>, id: String, locale: Locale) -> R<ListingView> { s.delete_screenshot(&id, locale).await }
#[tauri::command]
pub async fn import_brand_kit(s: S<'_>, listing_id: ListingId, path: String, locale: Locale) -> R<KitImport> { s.import_brand_kit(&listing_id, path.as_ref(), locale).await }
#[tauri::command]
pub async fn preview_listing(s: S<'_>, id: ListingId, locale: Locale, dark: bool, image_base: String) -> R<String> { s.preview_listing(&id, locale, dark, &image_base).await }
#[tauri::command]
pub async fn listing_diff(s: S<'_>, id: ListingId) -> R<ListingDiff> { s.listing_diff(&id).await }
#[tauri::command]
pub async fn set_note(s: S<'_>, id: ListingId, note: ReviewNote, locale: Locale) -> R<ListingView> { s.set_note(&id, &note, locale).await }
#[tauri::command]
pub async fn set_rule_level(s: S<'_>, id: ListingId, rule: RuleId, level: Option<Level>, locale: Locale) -> R<ListingView> { s.set_rule_level(&id, rule, level, locale).await }
#[tauri::command]
pub async fn export_listing(s: S<'_>, id: ListingId, path: String, kind: ExportAs, force: bool) -> R<String> { s.export_listing(&id, path.as_ref(), kind, force).await }
#[tauri::command]
pub async fn import_listing(s: S<'_>, path: String, for_review: bool, locale: Locale) -> R<ListingView> { s.import_listing(path.as_ref(), for_review, locale).await }
#[tauri::command]
pub async fn import_notes(s: S<'_>, id: ListingId, path: String, locale: Locale) -> R<ListingView> { s.import_notes(&id, path.as_ref(), locale).await }
#[tauri::command]
pub async fn listing_approvals(s: S<'_>, id: ListingId) -> R<ListingApprovals> { s.listing_approvals(&id).await }
#[tauri::command]
pub async fn approve_listing(s: S<'_>, id: ListingId, key: String, passphrase: Option<String>, signer: Option<String>) -> R<ListingApprovals> { s.approve_listing(&id, &key, passphrase.filter(|p| !p.is_empty()).map(Sensitive::new), signer.as_deref()).await }
#[tauri::command]
pub async fn remember_signing_key(s: S<'_>, id: ListingId, key: String) -> R<ListingApprovals> { s.remember_signing_key(&id, &key).await }
#[tauri::command]
pub async fn release_marks(s: S<'_>, id: ListingId) -> R<Vec<LibraryMark>> { s.release_marks(&id).await }
#[tauri::command]
pub async fn set_release_marks(s: S<'_>, id: ListingId, release: bool) -> R<Vec<LibraryMark>> { s.set_release_marks(&id, release).await }
#[tauri::command]
pub async fn diagnostics(s: S<'_>) -> R<Diagnostics> { Ok(s.diagnostics().await) }
#[tauri::command]
pub async fn import_template(s: S<'_>, id: ListingId, path: String, locale: Locale) -> R<ListingView> { s.import_template(&id, path.as_ref(), locale).await }

/// Called by the page once it is interactive. With `RBPUB_STARTUP_PROBE` set, the
/// start-up benchmark (benches/startup.py) reads this line to stop its clock.
#[tauri::command]
pub fn app_ready() { if std::env::var_os(rbpub_core::env::STARTUP_PROBE).is_some() { println!("rbpub-ready") } }
