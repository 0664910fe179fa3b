//! Every `rbpub` example of the README, run as written (trycmd reads the
//! README's `console` blocks) against a sandbox console and store, in a folder
//! holding the files the examples name, so a documented command cannot break
//! without this test saying so.

use std::net::{Ipv4Addr, SocketAddr};
use std::path::Path;

use rbpub_sandbox::{Sandbox, Settings};

mod common;

/// The files the README's examples name, as a user would have them.
fn example_files(dir: &Path) {
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(
        dir.join("intro.md"),
        "# Gitea\n\n## Install\n\nOne click.\n",
    )
    .unwrap();
    image::RgbImage::from_pixel(256, 256, image::Rgb([20, 120, 200]))
        .save(dir.join("logo.png"))
        .unwrap();
    common::wide_webp(&dir.join("wide-logo.webp"));
    common::listing(
        &dir.join("apps/wordpress"),
        "wordpress",
        "# WordPress\n\n## Install\n\nOne click.\n",
    );
    common::listing(&dir.join("apps/redis"), "redis", "# Redis\n\nFast.\n");
    common::listing(
        &dir.join("last-pushed/wordpress"),
        "wordpress",
        "# WordPress\n\nOld words.\n",
    );
    common::ram_export(&dir.join("wordpress-1.2.0-ram.tar.gz"), common::RAM_EXAMPLE);
    // A project whose listings need a second person's approval: two keys made
    // by OpenSSH's ssh-keygen, and git's allowed-signers file naming both.
    common::listing(
        &dir.join("release/gitea"),
        "Gitea",
        "# Gitea\n\nGit with a cup of tea.\n",
    );
    std::fs::create_dir_all(dir.join("keys")).unwrap();
    let mut signers = String::new();
    for who in ["lee", "rita"] {
        let key = dir.join("keys").join(who);
        let made = std::process::Command::new("ssh-keygen")
            .args(["-q", "-t", "ed25519", "-N", "", "-C", who, "-f"])
            .arg(&key)
            .status()
            .expect("ssh-keygen runs (openssh-client)");
        assert!(made.success());
        let public = std::fs::read_to_string(key.with_extension("pub")).unwrap();
        signers += &format!("{who}@example.com {public}");
    }
    std::fs::write(dir.join("release/allowed_signers"), signers).unwrap();
    std::fs::write(
        dir.join("release/rbpub.toml"),
        "[release]\nrequire_approvals = 1\nallowed_signers = \"allowed_signers\"\n",
    )
    .unwrap();
    // The next version: a new default the installed apps will not get, and
    // WordPress deleted and rebuilt in the console (a new key).
    let mut next: serde_json::Value = serde_json::from_slice(common::RAM_EXAMPLE).unwrap();
    next["group_version"] = "1.3.0".into();
    next["apps"][0]["memory"] = 1024.into();
    next["apps"][0]["service_env_map_list"][0]["attr_value"] = "still-shared".into();
    next["apps"][1]["service_key"] = "0a1b2c3d4e5f60718293a4b5c6d7e8f9".into();
    next["apps"][1]["service_share_uuid"] =
        "0a1b2c3d4e5f60718293a4b5c6d7e8f9+0a1b2c3d4e5f60718293a4b5c6d7e8f9".into();
    // Exported offline without WordPress's image (it could not be pulled).
    let mysql = next["apps"][0]["share_image"].as_str().unwrap().to_string();
    common::offline_export(
        &dir.join("wordpress-1.3.0-ram.tar.gz"),
        &serde_json::to_vec(&next).unwrap(),
        &[(
            "component-images.tar",
            common::image_tarball(&[(&mysql, 3 * 1024 * 1024)], None),
        )],
    );
}

#[test]
fn the_readme_examples_run_as_written() {
    let dir = tempfile::tempdir().unwrap();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let sandbox = runtime.block_on(async {
        let settings = Settings {
            push_ms: 200,
            ..Settings::default()
        };
        let at = SocketAddr::from((Ipv4Addr::LOCALHOST, 0));
        Sandbox::start(&dir.path().join("sandbox.db"), at, settings)
            .await
            .unwrap()
    });
    // trycmd runs the examples in `README.in/` beside the README it reads.
    let readme = include_str!("../../../README.md");
    std::fs::write(dir.path().join("README.md"), readme).unwrap();
    example_files(&dir.path().join("README.in"));

    let demo = &sandbox.demo;
    let url = format!("http://{}", sandbox.addr);
    let data = dir.path().join("data");
    trycmd::TestCases::new()
        .register_bin(
            "rbpub",
            Path::new(env!("CARGO_BIN_EXE_rbpub")).to_path_buf(),
        )
        .env("RBPUB_STORE_URL", &url)
        .env("RBPUB_CONSOLE_URL", &url)
        .env("RBPUB_CONSOLE_USER", demo.console_user)
        .env("RBPUB_CONSOLE_PASSWORD", demo.console_password)
        .env("RBPUB_STORE_KEY", demo.store_key)
        .env("RBPUB_DATA_DIR", data.display().to_string())
        .env("RBPUB_POLL_MS", "100")
        .env("LANG", "C.UTF-8")
        .case(dir.path().join("README.md"))
        .run();
    drop(sandbox);
}
