//! `rbpub pull`: an app already on the store brought into a listing folder and
//! into the drafts, as a maintainer starting from the store does.

mod common;

use common::online::{bound, command, rbpub, PUBLISH};

#[tokio::test(flavor = "multi_thread")]
async fn an_app_on_the_store_is_pulled_into_a_folder_that_diffs_clean_and_into_the_drafts_once() {
    let dir = tempfile::tempdir().unwrap();
    let sb = bound(&dir, 200).await;
    let key = sb.demo.store_key;
    let logo = dir.path().join("logo.png");
    image::RgbImage::from_pixel(256, 256, image::Rgb([20, 120, 200]))
        .save(&logo)
        .unwrap();
    let intro = dir.path().join("intro.md");
    std::fs::write(&intro, "# Gitea\n\n## Install\n\nOne click.\n").unwrap();
    // The common publish of Gitea 1.0.0 ("First release"), with its information.
    let extra = [
        "--description",
        "Git with a cup of tea",
        "--introduction",
        intro.to_str().unwrap(),
        "--tag",
        "git",
        "--logo",
        logo.to_str().unwrap(),
        "--alias",
        "stable",
    ];
    let publish = [&PUBLISH[..], &extra].concat();
    let run = rbpub(dir.path(), &sb, key, &publish).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    let app_id = run.json["template"]["id"].as_str().unwrap().to_owned();

    // Into a folder: the fields, the logo, the version with its alias and notes.
    let to = dir.path().join("listings");
    let run = rbpub(
        dir.path(),
        &sb,
        key,
        &["pull", "--template", "Gitea", "--to", to.to_str().unwrap()],
    )
    .await;
    assert_eq!(run.code, 0, "{} {}", run.json, run.stderr);
    assert!(run.stderr.contains("read 1/1: Gitea"), "{}", run.stderr);
    let folder = to.join("Gitea");
    let manifest = std::fs::read_to_string(folder.join("listing.toml")).unwrap();
    assert!(
        manifest.contains("Git with a cup of tea") && manifest.contains("\"git\""),
        "{manifest}"
    );
    assert!(
        manifest.contains("stable"),
        "the version's alias: {manifest}"
    );
    let notes = std::fs::read_to_string(folder.join("versions/1.0.0.md")).unwrap();
    assert_eq!(notes.trim(), "First release");
    let introduction = std::fs::read_to_string(folder.join("introduction.md")).unwrap();
    assert!(introduction.contains("One click."), "{introduction}");
    assert!(
        folder.join("logo.png").exists(),
        "the store's logo was fetched"
    );

    // The round trip holds: what was pulled diffs clean against the store.
    let run = rbpub(
        dir.path(),
        &sb,
        key,
        &["diff", folder.to_str().unwrap(), "--app-id", &app_id],
    )
    .await;
    assert_eq!(run.code, 0, "{} {}", run.json, run.stderr);
    let changes = run.json["diff"]["changes"].as_array().map_or(0, Vec::len);
    assert_eq!(changes, 0, "{}", run.json);

    // A second pull of the same app may write where the first did.
    let again = ["pull", "--template", "Gitea", "--to", to.to_str().unwrap()];
    let run = rbpub(dir.path(), &sb, key, &again).await;
    assert_eq!(run.code, 0, "{} {}", run.json, run.stderr);

    // The user's own listing folder of that name is not replaced without --force.
    let mine = dir.path().join("mine");
    std::fs::create_dir_all(mine.join("Gitea")).unwrap();
    let own = "schema = 1\nname = \"Gitea\"\ndescription = \"my words\"\n";
    std::fs::write(mine.join("Gitea/listing.toml"), own).unwrap();
    let into_mine = [
        "pull",
        "--template",
        "Gitea",
        "--to",
        mine.to_str().unwrap(),
    ];
    let run = rbpub(dir.path(), &sb, key, &into_mine).await;
    assert_eq!(run.code, 5, "{} {}", run.json, run.stderr);
    assert!(
        run.stderr
            .contains("holds files a pull of this app did not write")
            && run.stderr.contains("--force"),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read_to_string(mine.join("Gitea/listing.toml")).unwrap(),
        own,
        "nothing written"
    );
    let run = rbpub(
        dir.path(),
        &sb,
        key,
        &[&into_mine[..], &["--force"]].concat(),
    )
    .await;
    assert_eq!(run.code, 0, "{} {}", run.json, run.stderr);
    assert!(std::fs::read_to_string(mine.join("Gitea/listing.toml"))
        .unwrap()
        .contains("Git with a cup of tea"));

    // Into the drafts, linked to the app; a second pull keeps the listing.
    let run = rbpub(dir.path(), &sb, key, &["pull", "--all"]).await;
    assert_eq!(run.code, 0, "{} {}", run.json, run.stderr);
    assert_eq!(run.json["pulled"][0]["refreshed"], false, "{}", run.json);
    let run = rbpub(dir.path(), &sb, key, &["pull", "--app-id", &app_id]).await;
    assert_eq!(run.code, 0, "{} {}", run.json, run.stderr);
    assert_eq!(run.json["pulled"][0]["refreshed"], true, "{}", run.json);
    let summary = run.json["summary"].as_str().unwrap();
    assert!(
        summary.contains("read again, the same as your draft"),
        "{summary}"
    );
    // Changed on the store meanwhile: the next pull names the field that now differs.
    let info = [
        "push-info",
        "--app-id",
        &app_id,
        "--template",
        "Gitea",
        "--description",
        "Git, self-hosted",
        "--introduction",
        intro.to_str().unwrap(),
    ];
    let run = rbpub(dir.path(), &sb, key, &info).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = rbpub(dir.path(), &sb, key, &["pull", "--app-id", &app_id]).await;
    assert_eq!(
        run.json["pulled"][0]["differs"],
        serde_json::json!(["description"]),
        "{}",
        run.json
    );
    let summary = run.json["summary"].as_str().unwrap();
    assert!(
        summary.contains("your draft differs in: Short description"),
        "{summary}"
    );

    // Naming no app is refused before anything is asked, naming the choices.
    let out = command(dir.path(), &sb, key, &["pull"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("--app-id") && said.contains("--all"),
        "{said}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn every_app_of_a_store_that_holds_many_is_pulled_whole() {
    let dir = tempfile::tempdir().unwrap();
    let sb = bound(&dir, 200).await;
    assert_eq!(sb.seed_store_apps(12).await.unwrap(), 12);
    assert_eq!(sb.seed_store_apps(12).await.unwrap(), 0, "seeded once");
    let to = dir.path().join("catalog");
    let run = rbpub(
        dir.path(),
        &sb,
        sb.demo.store_key,
        &["pull", "--all", "--to", to.to_str().unwrap()],
    )
    .await;
    assert_eq!(run.code, 0, "{} {}", run.json, run.stderr);
    assert!(run.stderr.contains("read 12/12"), "{}", run.stderr);
    let pulled = run.json["pulled"].as_array().unwrap();
    assert_eq!(pulled.len(), 12);
    for app in pulled {
        let folder = std::path::PathBuf::from(app["folder"].as_str().unwrap());
        let manifest = std::fs::read_to_string(folder.join("listing.toml")).unwrap();
        for v in ["1.0.0", "1.1.0", "1.2.0"] {
            assert!(manifest.contains(v), "{manifest}");
        }
        assert!(folder.join("logo.png").exists(), "{}", folder.display());
        let template = std::fs::read_to_string(folder.join("template.json")).unwrap();
        assert!(
            template.contains("PostgreSQL"),
            "the newest version's components"
        );
        let notes = std::fs::read_to_string(folder.join("versions/1.2.0.md")).unwrap();
        assert_eq!(notes.trim(), "Security fixes.");
    }
}
