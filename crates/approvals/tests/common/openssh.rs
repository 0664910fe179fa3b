//! Keys made by OpenSSH's own `ssh-keygen`, for the tests that check our
//! approvals against it (this crate's, and rbpub's through `#[path]`).

use std::path::{Path, PathBuf};
use std::process::Command;

/// A new ed25519 key `dir/name` (and `name.pub`), commented `name`.
pub fn keygen(dir: &Path, name: &str, passphrase: &str) -> PathBuf {
    let path = dir.join(name);
    let ok = Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-C", name, "-N", passphrase, "-f"])
        .arg(&path)
        .status()
        .expect("ssh-keygen runs (openssh-client)")
        .success();
    assert!(ok);
    path
}

/// The key's public line, as an allowed-signers file takes it.
pub fn public_line(key: &Path) -> String {
    std::fs::read_to_string(key.with_extension("pub"))
        .unwrap()
        .trim()
        .to_string()
}
