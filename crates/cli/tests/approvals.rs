//! A release two people sign: `rbpub approve`, `rbpub approvals` and
//! `rbpub list --listing DIR --key KEY` under a project's `[release]` rule,
//! against the sandbox's store, with keys made by OpenSSH's own ssh-keygen.

mod common;
#[path = "../../approvals/tests/common/openssh.rs"]
mod openssh;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::online::{rbpub, sandbox, Run};
use openssh::{keygen, public_line as public};
use rbpub_sandbox::Sandbox;

/// A listing folder of the sandbox's seeded app, as a maintainer keeps it in git.
fn listing(dir: &Path) -> PathBuf {
    let folder = dir.join("apps/catalog-app-001");
    std::fs::create_dir_all(folder.join("versions")).unwrap();
    std::fs::write(
        folder.join("listing.toml"),
        "schema = 1\nname = \"catalog-app-001\"\ndescription = \"A catalog app\"\ntags = [\"catalog\"]\n\n\
         [[versions]]\nversion = \"1.0.0\"\nnotes = \"versions/1.0.0.md\"\n",
    )
    .unwrap();
    std::fs::write(
        folder.join("introduction.md"),
        "# Catalog app\n\nOne click.\n",
    )
    .unwrap();
    std::fs::write(folder.join("versions/1.0.0.md"), "First release.\n").unwrap();
    folder
}

async fn run(dir: &Path, sb: &Sandbox, args: &[&str]) -> Run {
    rbpub(dir, sb, sb.demo.store_key, args).await
}

fn listed(r: &Run) -> Option<bool> {
    r.json["app"]["listed"].as_bool()
}

#[tokio::test]
async fn a_listing_needs_an_allowed_second_signer_for_its_content_as_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let keys = dir.path().join("keys");
    std::fs::create_dir(&keys).unwrap();
    let (lee, rita, eve) = (
        keygen(&keys, "lee", ""),
        keygen(&keys, "rita", "correct horse"),
        keygen(&keys, "eve", ""),
    );
    let folder = listing(dir.path());
    std::fs::write(
        dir.path().join("apps/allowed_signers"),
        format!(
            "lee@example.com {}\nrita@example.com {}\n",
            public(&lee),
            public(&rita)
        ),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("apps/rbpub.toml"),
        "[release]\nrequire_approvals = 1\nallowed_signers = \"allowed_signers\"\n",
    )
    .unwrap();
    let sb = sandbox(&dir).await;
    sb.seed_store_apps(1).await.unwrap();
    let (f, lee_key, rita_key, eve_key) = (
        folder.to_str().unwrap(),
        lee.to_str().unwrap(),
        rita.to_str().unwrap(),
        eve.to_str().unwrap(),
    );
    let app = ["--template", "catalog-app-001"];
    let r = run(dir.path(), &sb, &[&["unlist"][..], &app].concat()).await;
    assert_eq!((r.code, listed(&r)), (0, Some(false)), "{}", r.stderr);
    // The store lists an app with a package (docs/store-api.md).
    let package = [&["package", "--version", "1.0.0"][..], &app].concat();
    assert_eq!(run(dir.path(), &sb, &package).await.code, 0);
    let without_key = ["list", "--template", "catalog-app-001", "--listing", f];
    let as_lee = [&without_key[..], &["--key", lee_key]].concat();

    let r = run(dir.path(), &sb, &["approvals", f]).await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.json["summary"]
            .as_str()
            .unwrap()
            .starts_with("catalog-app-001 has no approvals yet"),
        "{}",
        r.json
    );

    // The rule asks for the lister's key, so that their own approval is not counted.
    let r = run(dir.path(), &sb, &without_key).await;
    assert_eq!(r.code, 7, "{}", r.stderr);
    assert!(
        r.stderr.contains("give your key with --key KEY"),
        "{}",
        r.stderr
    );

    // No approval: refused, nothing sent to the store.
    let r = run(dir.path(), &sb, &as_lee).await;
    assert_eq!(r.code, 14, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("1 approval is needed from allowed signers"),
        "{}",
        r.stderr
    );
    assert_eq!(r.json["error"]["code"], "notApproved");

    // Only the lister's own: refused.
    let r = run(dir.path(), &sb, &["approve", f, "--key", lee_key]).await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.json["summary"]
            .as_str()
            .unwrap()
            .starts_with(&format!("approved {f} as lee@example.com (SHA256:")),
        "{}",
        r.json
    );
    let r = run(dir.path(), &sb, &as_lee).await;
    assert_eq!(r.code, 14, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("lee@example.com's approval does not count: it is the lister's own"),
        "{}",
        r.stderr
    );

    // A signer the file does not name: refused, naming the key.
    let r = run(
        dir.path(),
        &sb,
        &["approve", f, "--key", eve_key, "--as", "eve@example.com"],
    )
    .await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = run(dir.path(), &sb, &as_lee).await;
    assert_eq!(r.code, 14, "{}", r.stderr);
    assert!(
        r.stderr.contains("“eve@example.com” (SHA256:"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("is not in"), "{}", r.stderr);

    // An encrypted key without its passphrase, then with it (RBPUB_SIGNING_KEY).
    let r = run(dir.path(), &sb, &["approve", f, "--key", rita_key]).await;
    assert_eq!(r.code, 7, "{}", r.stderr);
    assert!(
        r.stderr.contains("it has a passphrase and none was given"),
        "{}",
        r.stderr
    );
    let mut approve = common::online::command(
        dir.path(),
        &sb,
        sb.demo.store_key,
        &["approve", f, "--key", rita_key],
    );
    let out = approve
        .env("RBPUB_SIGNING_KEY", "correct horse")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stem = serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()["approval"]
        ["file"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(stem.starts_with("rita-example.com-"), "{stem}");

    // ssh-keygen accepts what was written into the folder.
    let approval = folder.join(format!("approvals/{stem}.approval"));
    let verified = Command::new("ssh-keygen")
        .args(["-Y", "verify", "-f"])
        .arg(dir.path().join("apps/allowed_signers"))
        .args(["-I", "rita@example.com", "-n", "rbpub-approval", "-s"])
        .arg(approval.with_extension("approval.sig"))
        .stdin(std::fs::File::open(&approval).unwrap())
        .output()
        .unwrap();
    assert!(
        verified.status.success(),
        "{}",
        String::from_utf8_lossy(&verified.stderr)
    );

    // An allowed second signer: listed.
    let r = run(dir.path(), &sb, &as_lee).await;
    assert_eq!((r.code, listed(&r)), (0, Some(true)), "{}", r.stderr);
    assert!(
        r.json["summary"]
            .as_str()
            .unwrap()
            .ends_with("(approved by rita@example.com)"),
        "{}",
        r.json
    );
    let r = run(dir.path(), &sb, &[&["unlist"][..], &app].concat()).await;
    assert_eq!(r.code, 0);

    // Reviewers' notes are not content; the release notes are.
    std::fs::write(
        folder.join("notes.toml"),
        "[[notes]]\nfield = { field = \"name\" }\ntext = \"fine\"\n",
    )
    .unwrap();
    let r = run(dir.path(), &sb, &["approvals", f]).await;
    assert!(
        r.json["summary"]
            .as_str()
            .unwrap()
            .contains("rita@example.com on "),
        "{}",
        r.json
    );
    assert!(
        r.json["summary"].as_str().unwrap().contains(": holds"),
        "{}",
        r.json
    );
    std::fs::write(
        folder.join("versions/1.0.0.md"),
        "First release, and a fix.\n",
    )
    .unwrap();
    let r = run(dir.path(), &sb, &as_lee).await;
    assert_eq!(r.code, 14, "{}", r.stderr);
    assert!(
        r.stderr.contains("rita@example.com's approval of ")
            && r.stderr
                .contains("is voided by a change since: version 1.0.0 changed"),
        "{}",
        r.stderr
    );
    let r = run(dir.path(), &sb, &[&["status"][..], &app].concat()).await;
    assert_eq!(
        r.json["app"]["listed"], false,
        "a refusal sends nothing: {}",
        r.json
    );

    // Approved again, then the signature tampered with: refused with a message, not a crash.
    let mut again = common::online::command(
        dir.path(),
        &sb,
        sb.demo.store_key,
        &["approve", f, "--key", rita_key],
    );
    assert!(again
        .env("RBPUB_SIGNING_KEY", "correct horse")
        .output()
        .unwrap()
        .status
        .success());
    let sig = approval.with_extension("approval.sig");
    let text = std::fs::read_to_string(&sig).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    let last = lines.len() - 3;
    lines[last] = lines[last].chars().rev().collect();
    std::fs::write(&sig, lines.join("\n")).unwrap();
    let r = run(dir.path(), &sb, &as_lee).await;
    assert_eq!(r.code, 14, "{}", r.stderr);
    assert!(
        r.stderr
            .contains(&format!("approvals/{stem}.approval is refused: ")),
        "{}",
        r.stderr
    );
    let r = run(dir.path(), &sb, &["approvals", f]).await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.json["summary"].as_str().unwrap().contains("refused: "),
        "{}",
        r.json
    );
}

#[tokio::test]
async fn a_new_version_of_a_listed_app_waits_for_the_approvals_and_a_new_app_does_not() {
    let dir = tempfile::tempdir().unwrap();
    let lee = keygen(dir.path(), "lee", "");
    let folder = listing(dir.path());
    std::fs::write(
        dir.path().join("apps/allowed_signers"),
        format!("lee@example.com {}\n", public(&lee)),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("apps/rbpub.toml"),
        "[release]\nrequire_approvals = 1\nallowed_signers = \"allowed_signers\"\n",
    )
    .unwrap();
    let sb = common::online::bound(&dir, 50).await;
    let gate = [
        "--listing",
        folder.to_str().unwrap(),
        "--key",
        lee.to_str().unwrap(),
    ];
    // Gitea is not on the store yet: its first version is not seen by anyone until `list`.
    let first = [&common::online::PUBLISH[..], &gate].concat();
    let r = run(dir.path(), &sb, &first).await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = run(dir.path(), &sb, &["list", "--template", "Gitea"]).await;
    assert_eq!(r.code, 5, "no package yet: {}", r.stderr);
    let package = ["package", "--template", "Gitea", "--version", "1.0.0"];
    assert_eq!(run(dir.path(), &sb, &package).await.code, 0);
    let r = run(dir.path(), &sb, &["list", "--template", "Gitea"]).await;
    assert_eq!((r.code, listed(&r)), (0, Some(true)), "{}", r.stderr);

    // Listed now: version 1.1.0 would reach installers at once, so the rule holds it back.
    let records = sb.stats().await.unwrap().share_records;
    let second: Vec<&str> = first
        .iter()
        .map(|a| if *a == "1.0.0" { "1.1.0" } else { a })
        .collect();
    let r = run(dir.path(), &sb, &second).await;
    assert_eq!(r.code, 14, "{}", r.stderr);
    assert!(r.stderr.contains("1 approval is needed"), "{}", r.stderr);
    assert_eq!(
        sb.stats().await.unwrap().share_records,
        records,
        "nothing was shared"
    );
}
