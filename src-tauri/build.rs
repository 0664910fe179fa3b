/// Every command the UI may call. Each gets its own permission, and the
/// capability in `capabilities/main.json` grants exactly these to the main window.
const COMMANDS: &[&str] = &[
    "startup",
    "app_ready",
    "portfolio",
    "create_listing",
    "duplicate_listing",
    "delete_listing",
    "open_listing",
    "save_listing_field",
    "set_current_step",
    "add_version",
    "save_version_field",
    "delete_version",
    "add_package",
    "save_package_field",
    "delete_package",
    "publisher",
    "save_publisher_field",
    "strip_invisible",
    "connection",
    "check_connection",
    "store_sign_in",
    "store_register",
    "store_use_key",
    "store_sign_out",
    "push_profile",
    "console_sign_in",
    "console_choose",
    "console_sign_out",
    "bind_store",
    "running_apps",
    "publish_version",
    "cancel_publish",
    "push_information",
    "push_packages",
    "set_listed",
    "outbox_retry",
    "outbox_discard",
    "store_apps",
    "link_store_app",
    "confirm_profile",
    "confirm_packages",
    "check_listed",
];

fn main() {
    let manifest = tauri_build::AppManifest::new().commands(COMMANDS);
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest))
        .expect("tauri build script");
}
