//! The desktop shell: a window and one line per command over `rbpub-service`.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use rbpub_service::instance::{self, Instance};
use rbpub_service::Service;
use tauri::{AppHandle, Emitter, Manager, WebviewUrl, WebviewWindowBuilder};

/// One line per command; formatting them keeps the shell a readable table.
#[rustfmt::skip]
mod commands;
// `COMMANDS` and `invoke_handler!`, made by build.rs from commands.rs.
include!(concat!(env!("OUT_DIR"), "/command_table.rs"));
#[cfg(test)]
mod declared_once;

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
    // First: a copy of the app started to draw an SVG draws it and exits here.
    rbpub_service::isolate_svg();
    // `--blank` shows an empty page instead of the app: the start-up benchmark's baseline.
    // OS strings: a file name that is not UTF-8 (`Exec=... %F` from a file manager) must not panic.
    let page = if std::env::args_os().any(|a| a == "--blank") {
        "blank.html"
    } else {
        "index.html"
    };
    let data_dir = rbpub_service::data_dir();
    let log = rbpub_service::trail::start_log(rbpub_service::trail::LogTo::File, &data_dir);
    if let Err(problem) = log {
        eprintln!(
            "rainbond-publisher: {}",
            problem.say(rbpub_core::Locale::En)
        );
    }
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
        .invoke_handler(invoke_handler!())
        .run(tauri::generate_context!())
        .expect("the window could not start");
}
