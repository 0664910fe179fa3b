//! What a command-line tool owes its shell and its packages: completion scripts
//! (clap_complete) and manual pages (clap_mangen), both made from the one
//! definition of the commands, so they never fall behind it.

use std::path::Path;

use clap::CommandFactory;
use rbpub_service::{Code, Error, Result};
use serde_json::{json, Value};

use crate::Cli;

/// `rbpub completions SHELL`: the script on stdout, nothing else. Written whole,
/// so a reader that stops early (`| head`) ends it quietly.
pub fn completions(shell: clap_complete::Shell) -> Result<Value> {
    use std::io::Write;
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "rbpub", &mut script);
    let _ = std::io::stdout().write_all(&script);
    Ok(json!({}))
}

/// `rbpub man --dir DIR`: `rbpub.1` and `rbpub-<command>.1` for each command, hidden ones left out.
pub fn manual(dir: &Path) -> Result<Value> {
    let unwritable = |e: std::io::Error| {
        Error::new(
            Code::BadFile,
            format!("{}: the manual cannot be written ({e})", dir.display()),
        )
    };
    std::fs::create_dir_all(dir).map_err(unwritable)?;
    clap_mangen::generate_to(Cli::command(), dir).map_err(unwritable)?;
    Ok(json!({"summary": format!("{}: manual pages written", dir.display())}))
}
