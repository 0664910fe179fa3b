//! `rbpub lint`, `preview`, `import`, `export` and `diff` as a pipeline runs
//! them: the real binary on real folders, offline.

use std::path::Path;

mod common;

fn rbpub(data: &Path, args: &[&str]) -> (i32, serde_json::Value, String) {
    common::rbpub_json(Some(data), args)
}

#[test]
fn lint_fails_a_pipeline_on_an_error_and_passes_once_it_is_fixed() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let apps = dir.path().join("apps");
    common::listing(
        &apps.join("wordpress"),
        "wordpress",
        "# WordPress\n\n<img src=x onerror=alert(1)>\n",
    );
    common::listing(&apps.join("redis"), "redis", "# Redis\n\nFast.\n");
    let apps_arg = apps.to_str().unwrap();

    let (code, json, _) = rbpub(&data, &["lint", apps_arg, "--format", "json"]);
    assert_eq!(code, 10, "an error-level problem fails the job");
    let report = &json["report"];
    assert_eq!(report["errors"], 1);
    assert_eq!(report["listings"].as_array().unwrap().len(), 2);
    let wp = &report["listings"][1];
    assert_eq!(wp["name"], "wordpress");
    assert_eq!(wp["findings"][0]["rule"], "intro.safe");
    assert_eq!(wp["findings"][0]["field"]["field"], "introduction");

    std::fs::write(
        apps.join("wordpress/introduction.md"),
        "# WordPress\n\nInstall it.\n",
    )
    .unwrap();
    let (code, json, _) = rbpub(&data, &["lint", apps_arg]);
    assert_eq!(code, 0, "{json}");
    assert!(
        json["summary"]
            .as_str()
            .unwrap()
            .ends_with("2 listings: 0 errors, 0 warnings"),
        "{json}"
    );

    // A project file can turn a warning into an error for every listing under it.
    std::fs::write(
        dir.path().join("rbpub.toml"),
        "[rules]\n\"name.recommended\" = \"error\"\n\"desc.recommended\" = \"off\"\n",
    )
    .unwrap();
    std::fs::write(
        apps.join("redis/listing.toml"),
        std::fs::read_to_string(apps.join("redis/listing.toml"))
            .unwrap()
            .replace("\"redis\"", "\"redis-with-a-name-longer-than-thirty-two\""),
    )
    .unwrap();
    let (code, json, _) = rbpub(&data, &["lint", apps_arg]);
    assert_eq!(code, 10, "{json}");
    assert!(
        json["summary"]
            .as_str()
            .unwrap()
            .contains("error   name.recommended"),
        "{json}"
    );

    // An unreadable listing fails too, and says why.
    std::fs::write(apps.join("redis/listing.toml"), "schema = 9\n").unwrap();
    let (code, json, _) = rbpub(&data, &["lint", apps_arg]);
    assert_eq!(code, 10);
    assert!(
        json["summary"]
            .as_str()
            .unwrap()
            .contains("cannot be read: listing.toml is schema 9"),
        "{json}"
    );
}

#[test]
fn preview_writes_one_page_that_reads_offline() {
    let dir = tempfile::tempdir().unwrap();
    let l = dir.path().join("wordpress");
    common::listing(
        &l,
        "wordpress",
        "# WordPress\n\n<script>alert(1)</script>\n\n**Fast**\n\n![pixel](https://tracker.example/p.gif)\n",
    );
    let out = dir.path().join("page.html");
    let (code, _, err) = rbpub(
        &dir.path().join("data"),
        &[
            "preview",
            l.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
            "--theme",
            "dark",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(
        html.contains("<img class=\"logo\" src=\"data:image/png;base64,"),
        "the logo is inlined"
    );
    assert!(html.contains("<strong>Fast</strong>") && !html.contains("<script>alert"));
    assert!(
        !html.contains("src=\"http") && !html.contains("href=\"http"),
        "nothing is fetched"
    );
    assert!(
        html.contains("img-src data:;"),
        "the page's policy loads only inlined images"
    );
    assert!(
        html.contains("pixel [https://tracker.example/p.gif]"),
        "a remote image is shown by its address"
    );
}

#[test]
fn import_then_export_and_diff_against_the_export() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let l = dir.path().join("wordpress");
    common::listing(&l, "wordpress", "# WordPress\n\nOne.\n");
    let (code, json, err) = rbpub(&data, &["import", l.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let id = json["id"].as_str().unwrap().to_string();
    let out = dir.path().join("exported");
    let (code, _, err) = rbpub(&data, &["export", "wordpress", "-o", out.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(out.join("logo.png").is_file());
    let (code, _, _) = rbpub(
        &data,
        &[
            "export",
            &id,
            "--bundle",
            "-o",
            dir.path().join("wp.rbpub").to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0);

    std::fs::write(out.join("introduction.md"), "# WordPress\n\nTwo.\n").unwrap();
    let (code, json, _) = rbpub(
        &data,
        &[
            "diff",
            out.to_str().unwrap(),
            "--against",
            l.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0);
    let summary = json["summary"].as_str().unwrap();
    assert!(
        summary.contains("Introduction changed:\n") && summary.contains("  - One.\n  + Two."),
        "{summary}"
    );
    let (code, _, err) = rbpub(&data, &["export", "nope"]);
    assert_eq!(code, 5, "{err}");
}

#[test]
fn many_listings_import_at_once_and_one_that_cannot_be_read_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let apps = dir.path().join("apps");
    let mut paths = Vec::new();
    for name in ["gitea", "halo", "wordpress"] {
        common::listing(&apps.join(name), name, "# App\n\nOne.\n");
        paths.push(apps.join(name).display().to_string());
    }
    let broken = apps.join("broken");
    std::fs::create_dir_all(&broken).unwrap();
    std::fs::write(broken.join("listing.toml"), "schema = \"one\"").unwrap();
    paths.insert(1, broken.display().to_string());
    let args: Vec<&str> = ["import"]
        .into_iter()
        .chain(paths.iter().map(String::as_str))
        .collect();
    let (code, json, err) = rbpub(&data, &args);
    assert_eq!(
        code, 10,
        "a listing that cannot be read fails the run: {err}"
    );
    let summary = json["summary"].as_str().unwrap();
    assert!(
        summary.starts_with("imported 3 listings\nnot imported: "),
        "{summary}"
    );
    assert!(summary.contains("broken"), "{summary}");
    let names: Vec<_> = json["imported"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["gitea", "halo", "wordpress"]);
    // They are drafts: each exports by name.
    let out = dir.path().join("halo-out");
    let (code, _, err) = rbpub(&data, &["export", "halo", "-o", out.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(out.join("logo.png").is_file());
    // Into another listing's folder only with --force.
    let gitea = apps.join("gitea");
    let (code, json, err) = rbpub(&data, &["export", "halo", "-o", gitea.to_str().unwrap()]);
    assert_eq!(code, 5, "{err}");
    assert_eq!(json["error"]["code"], "folderTaken", "{json}");
    assert!(
        err.contains("holds “gitea”; --force writes into it"),
        "{err}"
    );
    let (code, _, err) = rbpub(
        &data,
        &["export", "halo", "-o", gitea.to_str().unwrap(), "--force"],
    );
    assert_eq!(code, 0, "{err}");
}

/// A web server on loopback: `/ok` answers 200, `/moved` redirects to it, anything else 404.
fn web_server() -> String {
    use std::io::{BufRead, BufReader, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut line = String::new();
            reader.read_line(&mut line).unwrap_or(0);
            let path = line.split_whitespace().nth(1).unwrap_or("/").to_string();
            while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                line.clear();
            }
            let head = match path.as_str() {
                "/ok" => "200 OK\r\n".to_string(),
                "/moved" => format!("301 Moved Permanently\r\nLocation: http://{addr}/ok\r\n"),
                _ => "404 Not Found\r\n".to_string(),
            };
            let mut stream = stream;
            let _ = write!(
                stream,
                "HTTP/1.1 {head}Content-Length: 0\r\nConnection: close\r\n\r\n"
            );
        }
    });
    format!("http://{addr}")
}

#[test]
fn check_links_reports_links_that_do_not_answer_200_after_redirects() {
    let dir = tempfile::tempdir().unwrap();
    let web = web_server();
    let l = dir.path().join("app");
    common::listing(
        &l,
        "app",
        &format!(
            "# App\n\n[fine]({web}/ok) [moved]({web}/moved) [gone]({web}/gone) ![img]({web}/ok)\n"
        ),
    );
    let data = dir.path().join("data");
    let (code, json, _) = rbpub(&data, &["lint", l.to_str().unwrap()]);
    assert_eq!(
        (code, json["report"]["warnings"].as_u64()),
        (0, Some(0)),
        "url.reachable is off by default"
    );

    let (code, json, err) = rbpub(&data, &["lint", l.to_str().unwrap(), "--check-links"]);
    assert_eq!(code, 0, "a warning does not fail the job: {err}");
    let findings = json["report"]["listings"][0]["findings"]
        .as_array()
        .unwrap();
    let links: Vec<_> = findings
        .iter()
        .filter(|f| f["rule"] == "url.reachable")
        .collect();
    assert_eq!(links.len(), 1, "{findings:?}");
    assert_eq!(links[0]["level"], "warning");
    assert!(links[0]["message"]
        .as_str()
        .unwrap()
        .contains(&format!("{web}/gone, which does not answer (HTTP 404)")));

    // A listing that makes the rule an error fails the job on a dead link.
    std::fs::write(
        dir.path().join("rbpub.toml"),
        "[rules]\n\"url.reachable\" = \"error\"\n",
    )
    .unwrap();
    let (code, json, _) = rbpub(&data, &["lint", l.to_str().unwrap()]);
    assert_eq!(code, 10, "{json}");
}

#[test]
fn lint_checks_template_exports_and_paths_work_however_they_are_written() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let folder = dir.path().join("模板 exports");
    std::fs::create_dir_all(&folder).unwrap();
    common::ram_export(
        &folder.join("wordpress-1.2.0-ram.tar.gz"),
        common::RAM_EXAMPLE,
    );
    std::fs::write(folder.join("metadata.json"), common::RAM_EXAMPLE).unwrap();

    // Bare, ./ and absolute names, from the folder and from its parent (a space and
    // non-ASCII letters in the folder's name), for lint and for preview alike.
    let absolute = folder.join("wordpress-1.2.0-ram.tar.gz");
    let in_parent = "模板 exports/wordpress-1.2.0-ram.tar.gz";
    for (cwd, path) in [
        (&folder, "wordpress-1.2.0-ram.tar.gz"),
        (&folder, "./wordpress-1.2.0-ram.tar.gz"),
        (&folder, "metadata.json"),
        (&dir.path().to_path_buf(), in_parent),
        (&dir.path().to_path_buf(), absolute.to_str().unwrap()),
    ] {
        let (code, json, err) = common::rbpub_json_in(cwd, Some(&data), &["lint", path]);
        assert_eq!(code, 0, "lint {path}: {json} {err}");
        let linted = &json["report"]["listings"][0];
        assert_eq!(linted["name"], "wordpress", "lint {path}: {json}");
        assert_eq!(linted["error"], serde_json::Value::Null);
        // The example ships its database's default root password to every
        // installer and, exported with its images, WordPress waits for MySQL
        // with the platform's probe image (a bare metadata.json has no images).
        let warnings = if path.ends_with(".json") { 1 } else { 2 };
        let summary = json["summary"].as_str().unwrap();
        assert!(
            summary.contains(&format!("1 listing: 0 errors, {warnings} warning")),
            "{json}"
        );
        assert_eq!(
            linted["findings"][0]["rule"], "template.credentials",
            "{json}"
        );
        let (code, json, err) =
            common::rbpub_json_in(cwd, Some(&data), &["preview", path, "-o", "page.html"]);
        assert_eq!(code, 0, "preview {path}: {json} {err}");
        let page = std::fs::read_to_string(cwd.join("page.html")).unwrap();
        assert!(page.contains("wordpress"), "the page shows the template");
    }

    // A folder search finds the export beside listings; a broken template fails the job
    // with the template's rule, as a listing's error does.
    let mut broken: serde_json::Value = serde_json::from_slice(common::RAM_EXAMPLE).unwrap();
    broken["apps"][0]["dep_service_map_list"] =
        serde_json::json!([{"dep_service_key": "no-such-component"}]);
    common::ram_export(
        &folder.join("broken-1.0-ram.tar.gz"),
        &serde_json::to_vec(&broken).unwrap(),
    );
    common::listing(&folder.join("redis"), "redis", "# Redis\n\nFast.\n");
    let (code, json, _) = common::rbpub_json_in(dir.path(), Some(&data), &["lint", "模板 exports"]);
    assert_eq!(code, 10, "{json}");
    let listings = json["report"]["listings"].as_array().unwrap();
    assert_eq!(
        listings.len(),
        3,
        "two exports and a listing; metadata.json is not searched for: {json}"
    );
    let summary = json["summary"].as_str().unwrap();
    assert!(summary.contains("error   template.deps"), "{summary}");
    assert!(
        summary.ends_with("3 listings: 1 error, 4 warnings"),
        "{summary}"
    );
}

#[test]
fn diff_versions_names_a_rebuilt_component_and_a_default_that_will_not_reach_installed_apps() {
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("wordpress-1.2.0-ram.tar.gz");
    common::ram_export(&old, common::RAM_EXAMPLE);
    let mut next: serde_json::Value = serde_json::from_slice(common::RAM_EXAMPLE).unwrap();
    next["group_version"] = "1.3.0".into();
    next["apps"][1]["service_env_map_list"][0]["attr_value"] = "utf8mb4".into();
    next["apps"][0]["service_key"] = "rebuilt".into();
    next["apps"][0]["service_share_uuid"] = "rebuilt+1".into();
    let new = dir.path().join("metadata.json");
    std::fs::write(&new, serde_json::to_vec(&next).unwrap()).unwrap();
    let (code, json, err) = common::rbpub_json(
        None,
        &[
            "diff-versions",
            old.to_str().unwrap(),
            new.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{json} {err}");
    let components = json["report"]["components"].as_array().unwrap();
    let fates: Vec<(&str, &str)> = components
        .iter()
        .map(|c| {
            (
                c["name"].as_str().unwrap(),
                c["fate"]["kind"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        fates,
        [("MySQL", "reKeyed"), ("WordPress", "kept")],
        "{json}"
    );
    assert!(components[0]["fate"]["oldKey"].is_string(), "{json}");
    assert_eq!(components[1]["changes"][0]["kind"], "envDefault", "{json}");
    let summary = json["summary"].as_str().unwrap();
    assert!(
        summary.contains("second copy") && summary.contains("will not reach installed apps"),
        "{summary}"
    );
}

#[test]
fn lint_reads_an_offline_export_whole_and_names_what_an_air_gapped_install_would_lack() {
    let dir = tempfile::tempdir().unwrap();
    let mut metadata: serde_json::Value = serde_json::from_slice(common::RAM_EXAMPLE).unwrap();
    let mysql_image = metadata["apps"][0]["share_image"]
        .as_str()
        .unwrap()
        .to_string();
    metadata["plugins"] = serde_json::json!([{
        "plugin_alias": "wait-for-db", "plugin_key": "k1", "category": "init-plugin",
        "share_image": "hub.example.org/team/wait-for-db:1.0"
    }]);
    // WordPress's image was not saved; plugin-images.tar is the null manifest
    // of goodrain/rainbond#1965, so the init plugin's image is missing too.
    let export = dir.path().join("wordpress-1.2.0-ram.tar.gz");
    common::offline_export(
        &export,
        &serde_json::to_vec(&metadata).unwrap(),
        &[
            (
                "component-images.tar",
                common::image_tarball(&[(&mysql_image, 300_000)], None),
            ),
            (
                "plugin-images.tar",
                common::image_tarball(&[], Some("null")),
            ),
        ],
    );
    let sums = dir.path().join("wordpress-1.2.0.sha256");
    let (code, json, err) = common::rbpub_json(
        None,
        &[
            "lint",
            export.to_str().unwrap(),
            "--checksums",
            sums.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 10, "a missing image fails the job: {json} {err}");
    let linted = &json["report"]["listings"][0];
    let found: Vec<(String, String)> = linted["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let item = f["field"]["item"].as_str().unwrap_or("");
            (f["rule"].as_str().unwrap().to_string(), item.to_string())
        })
        .collect();
    let wordpress_key = metadata["apps"][1]["service_share_uuid"].as_str().unwrap();
    let mysql_key = metadata["apps"][0]["service_share_uuid"].as_str().unwrap();
    let expected = [
        ("export.manifest", "wordpress-1.2.0-ram/plugin-images.tar"),
        ("export.images", wordpress_key),
        ("export.images", "wait-for-db"),
        ("template.credentials", mysql_key),
        ("export.probe", ""),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(r, i)| (r.to_string(), i.to_string()))
        .collect();
    assert_eq!(found, expected, "{json}");
    let messages = linted["findings"].to_string();
    assert!(messages.contains("init plugin “wait-for-db”"), "{messages}");
    assert!(
        messages.contains("#1965") && messages.contains("rbd-init-probe"),
        "{messages}"
    );

    // Sizes: MySQL's config and layer, WordPress none, and the tarballs in all.
    let export_report = &linted["export"];
    assert_eq!(
        export_report["components"][0]["bytes"], 300_002,
        "{export_report}"
    );
    assert_eq!(
        export_report["components"][1]["bytes"],
        serde_json::Value::Null
    );
    let total: u64 = export_report["archives"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["bytes"].as_u64().unwrap())
        .sum();
    assert_eq!(export_report["totalBytes"], total);
    assert!(total > 300_002);

    // The checksum list verifies the export as copied, then its unpacked entries.
    let list = std::fs::read_to_string(&sums).unwrap();
    assert_eq!(
        list.lines().count(),
        4,
        "the file, two tarballs, metadata.json: {list}"
    );
    let check = |args: &[&str]| {
        std::process::Command::new("sha256sum")
            .current_dir(dir.path())
            .args(args)
            .output()
            .unwrap()
    };
    let copied = check(&["-c", "--ignore-missing", sums.to_str().unwrap()]);
    assert!(
        copied.status.success(),
        "{}",
        String::from_utf8_lossy(&copied.stdout)
    );
    let unpacked = std::process::Command::new("tar")
        .current_dir(dir.path())
        .args(["-xzf", export.to_str().unwrap()])
        .status()
        .unwrap();
    assert!(unpacked.success());
    let all = check(&["-c", sums.to_str().unwrap()]);
    assert!(
        all.status.success(),
        "{}",
        String::from_utf8_lossy(&all.stdout)
    );
    std::fs::write(dir.path().join("wordpress-1.2.0-ram/metadata.json"), b"{}").unwrap();
    assert!(
        !check(&["-c", sums.to_str().unwrap()]).status.success(),
        "a changed entry is caught"
    );
}

#[test]
fn control_bytes_from_a_folder_reach_the_terminal_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    // A folder name and a listing name that would clear the screen and set the
    // window's title if printed as they are.
    let hostile = "wp\u{1b}]0;owned\u{7}\u{1b}[2J";
    let folder = dir.path().join(hostile);
    common::listing(
        &folder,
        "wordpress",
        "# WordPress\n\n<img src=x onerror=alert(1)>\n",
    );
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_rbpub"))
        .env("RBPUB_DATA_DIR", &data)
        .args(["lint", folder.to_str().unwrap()])
        .output()
        .unwrap();
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert!(
        stdout.contains(r"wp\u{1b}]0;owned\u{7}\u{1b}[2J"),
        "{stdout}"
    );
    assert!(
        !stdout.contains('\u{1b}') && !stdout.contains('\u{7}') && !stderr.contains('\u{1b}'),
        "{stdout:?} {stderr:?}"
    );
}
