//! The desktop shell: a window and one line per command over `rbpub-service`.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use rbpub_core::{Field, ListingField, Locale, PackageField, PublisherField, Step, VersionField};
use rbpub_service::{Error, ListingSummary, ListingView, PublisherView, Service, Startup};
use tauri::{Manager, State, WebviewUrl, WebviewWindowBuilder};

/// One line per command; formatting them keeps the shell a readable table.
#[rustfmt::skip]
mod commands {
    use super::*;

    type S<'a> = State<'a, Service>;
    type R<T> = Result<T, Error>;

    #[tauri::command]
    pub fn startup(s: S<'_>) -> R<Startup> { s.startup() }
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

    /// Called by the page once it is interactive. With `RBPUB_STARTUP_PROBE` set, the
    /// start-up benchmark (benches/startup.py) reads this line to stop its clock.
    #[tauri::command]
    pub fn app_ready() { if std::env::var_os("RBPUB_STARTUP_PROBE").is_some() { println!("rbpub-ready") } }
}

use commands::*;

fn main() {
    // `--blank` shows an empty page instead of the app: the start-up benchmark's baseline.
    let page = if std::env::args().any(|a| a == "--blank") {
        "blank.html"
    } else {
        "index.html"
    };
    tauri::Builder::default()
        .setup(move |app| {
            let service = tauri::async_runtime::block_on(Service::open(&rbpub_service::data_dir()));
            app.manage(service);
            WebviewWindowBuilder::new(app, "main", WebviewUrl::App(page.into()))
                .title("Rainbond Publisher")
                .inner_size(1180.0, 780.0)
                .min_inner_size(820.0, 560.0)
                .build()?;
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            startup,
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
        ])
        .run(tauri::generate_context!())
        .expect("the window could not start");
}
