//! What a command-line tool owes its shell and its packages: completion scripts
//! (clap_complete) and manual pages (clap_mangen), both made from the one
//! definition of the commands, so they never fall behind it.

use std::path::Path;

use clap::CommandFactory;
use rbpub_core::catalogue::Sentence;
use rbpub_service::{Code, Error, Result};
use serde_json::json;

use crate::outcome::Outcome;
use crate::Cli;

/// `rbpub completions SHELL`: the script on stdout, nothing else. Written whole,
/// so a reader that stops early (`| head`) ends it quietly.
pub fn completions(shell: clap_complete::Shell) -> Result<Outcome> {
    use std::io::Write;
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "rbpub", &mut script);
    let _ = std::io::stdout().write_all(&script);
    Ok(Outcome::new(json!({})))
}

/// `rbpub man --dir DIR`: `rbpub.1` and `rbpub-<command>.1` for each command, hidden ones left out.
pub fn manual(dir: &Path) -> Result<Outcome> {
    let unwritable = |e: std::io::Error| {
        let why = Sentence::new("cli.manualUnwritable").arg("dir", dir.display());
        Error::because_of(Code::BadFile, why, e)
    };
    std::fs::create_dir_all(dir).map_err(unwritable)?;
    clap_mangen::generate_to(Cli::command(), dir).map_err(unwritable)?;
    Ok(Outcome::new(json!({})).said(Sentence::new("cli.manualWritten").arg("dir", dir.display())))
}
