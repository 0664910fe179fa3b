//! Our approvals against OpenSSH's own `ssh-keygen` and `ssh-agent`: what we
//! sign, `ssh-keygen -Y verify` accepts; what it signs, we read; a key held by
//! the agent signs without its passphrase.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};

use common::openssh::{keygen, public_line};

use rbpub_approvals::{approve, check, judge, AllowedSigners, ApprovalState, Contents, Rule};
use rbpub_approvals::{SigningKey, NAMESPACE};
use rbpub_core::{ListingDraft, SignedApproval, Version};

fn draft() -> ListingDraft {
    ListingDraft {
        listing: rbpub_core::Listing {
            name: "WordPress".into(),
            description: "Blog".into(),
            ..Default::default()
        },
        versions: vec![Version {
            version: "1.0.0".into(),
            release_notes: "First".into(),
            ..Default::default()
        }],
        ..Default::default()
    }
}

fn no_passphrase(_: &Path) -> Option<String> {
    None
}

#[test]
fn ssh_keygen_verifies_what_we_sign_and_we_read_what_it_signs() {
    let dir = tempfile::tempdir().unwrap();
    let rita = keygen(dir.path(), "rita", "");
    let key = SigningKey::open(&rita, None, &mut no_passphrase).unwrap();
    let approval = approve(&draft(), "rita@example.com", &key).unwrap();

    let statement = dir.path().join("x.approval");
    std::fs::write(&statement, &approval.statement).unwrap();
    std::fs::write(dir.path().join("x.approval.sig"), &approval.signature).unwrap();
    let signers = dir.path().join("allowed_signers");
    std::fs::write(
        &signers,
        format!("rita@example.com {}\n", public_line(&rita)),
    )
    .unwrap();
    let verify = |namespace: &str| {
        Command::new("ssh-keygen")
            .args(["-Y", "verify", "-f"])
            .arg(&signers)
            .args(["-I", "rita@example.com", "-n", namespace, "-s"])
            .arg(dir.path().join("x.approval.sig"))
            .stdin(std::fs::File::open(&statement).unwrap())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .output()
            .unwrap()
    };
    let out = verify(NAMESPACE);
    assert!(
        out.status.success(),
        "ssh-keygen refused our signature: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout)
        .contains("Good \"rbpub-approval\" signature for rita@example.com"));
    assert!(
        !verify("git").status.success(),
        "another namespace must not verify"
    );

    // ssh-keygen's own signature of the same statement reads as sound here.
    std::fs::remove_file(dir.path().join("x.approval.sig")).unwrap();
    let signed = Command::new("ssh-keygen")
        .args(["-q", "-Y", "sign", "-n", NAMESPACE, "-f"])
        .arg(&rita)
        .arg(&statement)
        .status()
        .unwrap();
    assert!(signed.success());
    let theirs = SignedApproval {
        file: "x".into(),
        statement: approval.statement.clone(),
        signature: std::fs::read_to_string(dir.path().join("x.approval.sig")).unwrap(),
    };
    let allowed = AllowedSigners::parse(&std::fs::read_to_string(&signers).unwrap());
    let c = check(
        &theirs,
        &Contents::of(&draft()),
        Some(&allowed),
        rbpub_approvals::now(),
    );
    assert_eq!(c.state, ApprovalState::Holds, "{c:?}");
    assert_eq!(c.principals, ["rita@example.com"]);
}

#[test]
fn the_rule_counts_only_sound_current_approvals_by_others_in_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let (rita, sam, eve, lister) = (
        keygen(dir.path(), "rita", ""),
        keygen(dir.path(), "sam", ""),
        keygen(dir.path(), "eve", ""),
        keygen(dir.path(), "lee", ""),
    );
    let open = |k: &Path| SigningKey::open(k, None, &mut no_passphrase).unwrap();
    let rule = Rule {
        required: 1,
        signers: AllowedSigners::parse(&format!(
            "rita@example.com {}\nsam@example.com {}\nlee@example.com {}\n",
            public_line(&rita),
            public_line(&sam),
            public_line(&lister)
        )),
        signers_file: "allowed_signers".into(),
    };
    let lee = open(&lister).public();
    let now = rbpub_approvals::now();
    let verdict = |approvals: &[SignedApproval], d: &ListingDraft| {
        judge(&rule, approvals, &Contents::of(d), Some(&lee), now)
    };
    let d = draft();

    let none = verdict(&[], &d);
    assert!(!none.allows());
    assert!(
        none.reasons()[0].starts_with("1 approval is needed"),
        "{:?}",
        none.reasons()
    );

    let own = approve(&d, "lee@example.com", &open(&lister)).unwrap();
    let v = verdict(std::slice::from_ref(&own), &d);
    assert!(!v.allows());
    assert!(v.reasons()[1].contains("lister's own"), "{:?}", v.reasons());

    let stranger = approve(&d, "eve@example.com", &open(&eve)).unwrap();
    let v = verdict(&[own.clone(), stranger.clone()], &d);
    assert!(!v.allows());
    assert!(
        v.reasons()[2].contains("is not in allowed_signers"),
        "{:?}",
        v.reasons()
    );
    assert!(
        v.reasons()[2].contains("“eve@example.com” (SHA256:"),
        "{:?}",
        v.reasons()
    );

    let second = approve(&d, "rita", &open(&rita)).unwrap();
    let v = verdict(&[own.clone(), stranger, second.clone()], &d);
    assert!(v.allows(), "{:?}", v.reasons());
    assert_eq!(v.counted, ["rita@example.com"]);

    let mut changed = d.clone();
    changed.versions[0].release_notes = "First, and a fix".into();
    changed.listing.for_review = true; // not a part: changes nothing by itself
    let v = verdict(std::slice::from_ref(&second), &changed);
    assert!(!v.allows());
    assert!(
        v.reasons()[1].contains("voided by a change since: version 1.0.0 changed"),
        "{:?}",
        v.reasons()
    );

    let mut tampered = second.clone();
    tampered.statement = tampered.statement.replace("signer: rita", "signer: sam");
    let v = verdict(&[tampered], &d);
    assert!(!v.allows());
    assert!(
        v.reasons()[1].contains("one of the two was changed after signing"),
        "{:?}",
        v.reasons()
    );
    // Said to a Chinese reviewer in Chinese, every part of it.
    let zh = v.sentences()[1].say(rbpub_core::Locale::ZhCn);
    assert!(
        zh.ends_with("被拒绝：它的签名与声明不符：两者之一在签署后被修改过"),
        "{zh}"
    );
    let mut garbled = second;
    garbled.signature = garbled.signature.replace('A', "B");
    let v = verdict(&[garbled], &d);
    assert!(v.reasons()[1].contains("refused"), "{:?}", v.reasons());
}

#[test]
fn an_encrypted_key_asks_once_and_the_agent_signs_without_asking() {
    let dir = tempfile::tempdir().unwrap();
    let key = keygen(dir.path(), "sam", "correct horse");
    let mut asked = 0;
    let mut wrong = |_: &Path| {
        asked += 1;
        Some("wrong".to_string())
    };
    let e = SigningKey::open(&key, None, &mut wrong).err().unwrap();
    assert!(e.to_string().contains("the passphrase is wrong"), "{e}");
    let (why, _) = e.sentence();
    assert!(
        why.say(rbpub_core::Locale::ZhCn).ends_with("：口令不正确"),
        "{}",
        why.say(rbpub_core::Locale::ZhCn)
    );
    assert_eq!(asked, 1);
    let e = SigningKey::open(&key, None, &mut no_passphrase)
        .err()
        .unwrap();
    assert!(e.to_string().contains("RBPUB_SIGNING_KEY"), "{e}");
    let mut right = |_: &Path| Some("correct horse".to_string());
    let signed = approve(
        &draft(),
        "sam",
        &SigningKey::open(&key, None, &mut right).unwrap(),
    );
    assert!(signed.is_ok());

    // An agent holding the key: its public key file is enough, no passphrase asked.
    let socket = dir.path().join("agent.sock");
    let mut agent = Command::new("ssh-agent")
        .arg("-D")
        .arg("-a")
        .arg(&socket)
        .stdout(Stdio::null())
        .spawn()
        .expect("ssh-agent runs (openssh-client)");
    for _ in 0..100 {
        if socket.exists() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let added = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "printf '#!/bin/sh\\necho \"correct horse\"\\n' > {d}/askpass && chmod +x {d}/askpass && \
             SSH_AUTH_SOCK={s} SSH_ASKPASS={d}/askpass SSH_ASKPASS_REQUIRE=force ssh-add -q {k} </dev/null",
            d = dir.path().display(),
            s = socket.display(),
            k = key.display()
        ))
        .status()
        .unwrap();
    let public = key.with_extension("pub");
    let result = added.success().then(|| {
        let by_agent = SigningKey::open(&public, Some(&socket), &mut no_passphrase).unwrap();
        let approval = approve(&draft(), "sam", &by_agent).unwrap();
        check(&approval, &Contents::of(&draft()), None, 0).state
    });
    let without = SigningKey::open(&public, None, &mut no_passphrase).err();
    agent.kill().ok();
    agent.wait().ok();
    assert_eq!(
        result,
        Some(ApprovalState::Holds),
        "ssh-add failed or the agent's signature did not hold"
    );
    assert!(without.unwrap().to_string().contains("it is a public key"));
}
