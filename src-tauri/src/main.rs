//! The desktop shell: a window and one line per command over `rbpub-service`.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use rbpub_core::diff::ListingDiff;
use rbpub_core::online::{LiveApp, RunningApp};
use rbpub_core::{
    Field, Level, ListingField, Locale, PackageField, PublisherField, ReviewNote, RuleId,
    Sensitive, Step, VersionField,
};
use rbpub_service::instance::{self, Instance};
use rbpub_service::{
    ConnectionView, Error, ExportAs, ImageAdded, KitImport, ListingSummary, ListingView, LogoFix,
    PublisherView, Service, ShareProgress, Startup,
};
use tauri::ipc::Channel;
use tauri::{AppHandle, Emitter, Manager, State, WebviewUrl, WebviewWindowBuilder};

/// One line per command; formatting them keeps the shell a readable table.
#[rustfmt::skip]
mod commands {
    use super::*;

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
    pub async fn duplicate_listing(s: S<'_>, id: String, locale: Locale) -> R<ListingView> { s.duplicate_listing(&id, locale).await }
    #[tauri::command]
    pub async fn delete_listing(s: S<'_>, id: String) -> R<()> { s.delete_listing(&id).await }
    #[tauri::command]
    pub async fn open_listing(s: S<'_>, id: String, locale: Locale) -> R<ListingView> { s.open_listing(&id, locale).await }
    #[tauri::command]
    pub async fn save_listing_field(s: S<'_>, id: String, field: ListingField, locale: Locale) -> R<ListingView> { s.save_listing_field(&id, field, locale).await }
    #[tauri::command]
    pub async fn set_current_step(s: S<'_>, id: String, step: Step) -> R<()> { s.set_current_step(&id, step).await }
    #[tauri::command]
    pub async fn add_version(s: S<'_>, listing_id: String, locale: Locale) -> R<ListingView> { s.add_version(&listing_id, locale).await }
    #[tauri::command]
    pub async fn save_version_field(s: S<'_>, id: String, field: VersionField, locale: Locale) -> R<ListingView> { s.save_version_field(&id, field, locale).await }
    #[tauri::command]
    pub async fn delete_version(s: S<'_>, id: String, locale: Locale) -> R<ListingView> { s.delete_version(&id, locale).await }
    #[tauri::command]
    pub async fn add_package(s: S<'_>, listing_id: String, locale: Locale) -> R<ListingView> { s.add_package(&listing_id, locale).await }
    #[tauri::command]
    pub async fn save_package_field(s: S<'_>, id: String, field: PackageField, locale: Locale) -> R<ListingView> { s.save_package_field(&id, field, locale).await }
    #[tauri::command]
    pub async fn delete_package(s: S<'_>, id: String, locale: Locale) -> R<ListingView> { s.delete_package(&id, locale).await }
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
    pub async fn publish_version(s: S<'_>, listing_id: String, version_id: String, retry: Vec<i64>, locale: Locale, on_progress: Channel<ShareProgress>) -> R<ListingView> { s.publish_version(&listing_id, &version_id, retry, locale, &mut |p| { let _ = on_progress.send(p.clone()); }).await }
    #[tauri::command]
    pub fn cancel_publish(s: S<'_>, version_id: String) { s.cancel_publish(&version_id) }
    #[tauri::command]
    pub async fn push_information(s: S<'_>, listing_id: String, locale: Locale) -> R<ListingView> { s.push_information(&listing_id, locale).await }
    #[tauri::command]
    pub async fn push_packages(s: S<'_>, listing_id: String, locale: Locale) -> R<ListingView> { s.push_packages(&listing_id, locale).await }
    #[tauri::command]
    pub async fn set_listed(s: S<'_>, listing_id: String, listed: bool, locale: Locale) -> R<ListingView> { s.set_listed(&listing_id, listed, locale).await }
    #[tauri::command]
    pub async fn store_apps(s: S<'_>) -> R<Vec<LiveApp>> { s.store_apps().await }
    #[tauri::command]
    pub async fn link_store_app(s: S<'_>, listing_id: String, app_id: String, locale: Locale) -> R<ListingView> { s.link_store_app(&listing_id, &app_id, locale).await }
    #[tauri::command]
    pub async fn confirm_profile(s: S<'_>) -> R<ConnectionView> { s.confirm_profile().await }
    #[tauri::command]
    pub async fn confirm_packages(s: S<'_>, listing_id: String, locale: Locale) -> R<ListingView> { s.confirm_packages(&listing_id, locale).await }
    #[tauri::command]
    pub async fn check_listed(s: S<'_>, listing_id: String, locale: Locale) -> R<ListingView> { s.check_listed(&listing_id, locale).await }
    #[tauri::command]
    pub async fn outbox_retry(s: S<'_>, id: i64) -> R<ConnectionView> { s.outbox_retry(id).await }
    #[tauri::command]
    pub async fn outbox_discard(s: S<'_>, id: i64) -> R<ConnectionView> { s.outbox_discard(id).await }

    #[tauri::command]
    pub async fn set_logo_from_file(s: S<'_>, listing_id: String, path: String, locale: Locale) -> R<ImageAdded> { s.set_logo_from_file(&listing_id, path.as_ref(), locale).await }
    #[tauri::command]
    pub async fn fix_logo(s: S<'_>, listing_id: String, fix: LogoFix, locale: Locale) -> R<ListingView> { s.fix_logo(&listing_id, &fix, locale).await }
    #[tauri::command]
    pub async fn revert_logo(s: S<'_>, listing_id: String, locale: Locale) -> R<ListingView> { s.revert_logo(&listing_id, locale).await }
    #[tauri::command]
    pub async fn remove_logo(s: S<'_>, listing_id: String, locale: Locale) -> R<ListingView> { s.remove_logo(&listing_id, locale).await }
    #[tauri::command]
    pub async fn add_screenshots(s: S<'_>, listing_id: String, paths: Vec<String>, locale: Locale) -> R<ImageAdded> { s.add_screenshots(&listing_id, &paths, locale).await }
    #[tauri::command]
    pub async fn caption_screenshot(s: S<'_>, id: String, caption: String, locale: Locale) -> R<ListingView> { s.caption_screenshot(&id, &caption, locale).await }
    #[tauri::command]
    pub async fn move_screenshot(s: S<'_>, id: String, position: u32, locale: Locale) -> R<ListingView> { s.move_screenshot(&id, position, locale).await }
    #[tauri::command]
    pub async fn delete_screenshot(s: S<'_>, id: String, locale: Locale) -> R<ListingView> { s.delete_screenshot(&id, locale).await }
    #[tauri::command]
    pub async fn import_brand_kit(s: S<'_>, listing_id: String, path: String, locale: Locale) -> R<KitImport> { s.import_brand_kit(&listing_id, path.as_ref(), locale).await }
    #[tauri::command]
    pub async fn preview_listing(s: S<'_>, id: String, locale: Locale, dark: bool, image_base: String) -> R<String> { s.preview_listing(&id, locale, dark, &image_base).await }
    #[tauri::command]
    pub async fn listing_diff(s: S<'_>, id: String) -> R<ListingDiff> { s.listing_diff(&id).await }
    #[tauri::command]
    pub async fn set_note(s: S<'_>, id: String, note: ReviewNote, locale: Locale) -> R<ListingView> { s.set_note(&id, &note, locale).await }
    #[tauri::command]
    pub async fn set_rule_level(s: S<'_>, id: String, rule: RuleId, level: Option<Level>, locale: Locale) -> R<ListingView> { s.set_rule_level(&id, rule, level, locale).await }
    #[tauri::command]
    pub async fn export_listing(s: S<'_>, id: String, path: String, kind: ExportAs) -> R<String> { s.export_listing(&id, path.as_ref(), kind).await }
    #[tauri::command]
    pub async fn import_listing(s: S<'_>, path: String, for_review: bool, locale: Locale) -> R<ListingView> { s.import_listing(path.as_ref(), for_review, locale).await }
    #[tauri::command]
    pub async fn import_notes(s: S<'_>, id: String, path: String, locale: Locale) -> R<ListingView> { s.import_notes(&id, path.as_ref(), locale).await }
    #[tauri::command]
    pub async fn import_template(s: S<'_>, id: String, path: String, locale: Locale) -> R<ListingView> { s.import_template(&id, path.as_ref(), locale).await }

    /// Called by the page once it is interactive. With `RBPUB_STARTUP_PROBE` set, the
    /// start-up benchmark (benches/startup.py) reads this line to stop its clock.
    #[tauri::command]
    pub fn app_ready() { if std::env::var_os("RBPUB_STARTUP_PROBE").is_some() { println!("rbpub-ready") } }
}

use commands::*;

/// A later start's files reach this window: queued for the page, which is told
/// to take them, and the window comes forward.
fn open_in_window(app: &AppHandle, files: Vec<std::path::PathBuf>) {
    app.state::<Service>().files_opened(files);
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.emit("files-opened", ());
        let _ = window.unminimize();
        let _ = window.set_focus();
    }
}

fn main() {
    // `--blank` shows an empty page instead of the app: the start-up benchmark's baseline.
    let page = if std::env::args().any(|a| a == "--blank") {
        "blank.html"
    } else {
        "index.html"
    };
    let data_dir = rbpub_service::data_dir();
    let cwd = std::env::current_dir().unwrap_or_default();
    let files = instance::files_in_args(std::env::args_os().skip(1), &cwd);
    let listener = match instance::claim(&data_dir, &files) {
        Ok(Instance::Forwarded) => return,
        Ok(Instance::First(listener)) => Some(listener),
        // The app still opens; a second start would open a second window.
        Err(e) => {
            eprintln!("rainbond-publisher: cannot listen for files opened later: {e}");
            None
        }
    };
    tauri::Builder::default()
        .plugin(tauri_plugin_opener::init())
        .plugin(tauri_plugin_dialog::init())
        // Stored images by content hash (`rbimage://localhost/<sha256>`): never change, cached for good.
        .register_asynchronous_uri_scheme_protocol("rbimage", |ctx, request, responder| {
            let app = ctx.app_handle().clone();
            let hash = request.uri().path().trim_start_matches('/').to_owned();
            tauri::async_runtime::spawn(async move {
                let response = match app.state::<Service>().image(&hash).await {
                    Ok((bytes, mime)) => tauri::http::Response::builder()
                        .header("Content-Type", mime)
                        .header("Cache-Control", "max-age=31536000, immutable")
                        .body(bytes),
                    Err(e) => tauri::http::Response::builder()
                        .status(404)
                        .body(e.message.into_bytes()),
                };
                responder.respond(response.expect("a response with valid headers"));
            });
        })
        .setup(move |app| {
            let service = tauri::async_runtime::block_on(Service::open(&data_dir));
            service.files_opened(files);
            app.manage(service);
            if let Some(listener) = listener {
                let handle = app.handle().clone();
                app.manage(listener.serve(move |files| open_in_window(&handle, files)));
            }
            WebviewWindowBuilder::new(app, "main", WebviewUrl::App(page.into()))
                .title("Rainbond Publisher")
                .inner_size(1180.0, 780.0)
                .min_inner_size(820.0, 560.0)
                .build()?;
            Ok(())
        })
        // The window is gone: a start from now on opens its own, even while this process ends.
        .on_window_event(|window, event| {
            if let (tauri::WindowEvent::Destroyed, Some(serving)) =
                (event, window.try_state::<instance::Serving>())
            {
                serving.release();
            }
        })
        .invoke_handler(tauri::generate_handler![
            startup,
            opened_files,
            preview_listing,
            listing_diff,
            set_note,
            set_rule_level,
            export_listing,
            import_listing,
            import_notes,
            import_template,
            app_ready,
            portfolio,
            create_listing,
            duplicate_listing,
            delete_listing,
            open_listing,
            save_listing_field,
            set_current_step,
            add_version,
            save_version_field,
            delete_version,
            add_package,
            save_package_field,
            delete_package,
            publisher,
            save_publisher_field,
            strip_invisible,
            connection,
            check_connection,
            store_sign_in,
            store_register,
            store_use_key,
            store_sign_out,
            push_profile,
            console_sign_in,
            console_choose,
            console_sign_out,
            bind_store,
            running_apps,
            publish_version,
            cancel_publish,
            push_information,
            push_packages,
            set_listed,
            outbox_retry,
            outbox_discard,
            store_apps,
            link_store_app,
            confirm_profile,
            confirm_packages,
            check_listed,
            set_logo_from_file,
            fix_logo,
            revert_logo,
            remove_logo,
            add_screenshots,
            caption_screenshot,
            move_screenshot,
            delete_screenshot,
            import_brand_kit,
        ])
        .run(tauri::generate_context!())
        .expect("the window could not start");
}
