//! The trail: what the app and rbpub log, and where. The crates log through
//! `tracing` (each request with its time, each share step and decision, each
//! outbox decision); this starts the one subscriber of a process — rbpub's on
//! stderr, the window's in a file of the data folder, rotated at 1 MiB with three
//! old files kept, so the log never holds more than 4 MiB.
//!
//! `RBPUB_LOG` ([`rbpub_core::env::LOG`]) chooses what is logged in both.
//! Nothing secret is logged: requests are named by method and path, never their
//! query, headers or bodies, and the service's spans skip every argument.

use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use rbpub_core::catalogue::Sentence;
use tracing_subscriber::EnvFilter;

/// The window's log file, in the data folder's `logs/`.
const LOG_FILE: &str = "rainbond-publisher.log";
/// The size at which the log file is rotated.
const ROTATE_AT: usize = 1024 * 1024;
/// Rotated files kept (`.1` … `.3`) beside the current one.
const KEPT_FILES: usize = 3;
/// What the window logs when `RBPUB_LOG` is not set: each request and decision.
const WINDOW_DEFAULT: &str = "info,rbpub_remote=debug";

/// Where the window writes its log for a data folder.
pub fn log_path(data_dir: &Path) -> PathBuf {
    data_dir.join("logs").join(LOG_FILE)
}

/// Where rbpub logs to.
#[derive(Clone, Copy, Debug)]
pub enum LogTo {
    /// stderr, by `-v` count; colours when it is a terminal.
    Terminal {
        /// 0 warnings, 1 requests and decisions, 2 everything.
        verbose: u8,
    },
    /// The window's log file.
    File,
}

/// Starts the process's log. `Err` says why `RBPUB_LOG` was not used (it is not a
/// filter) or why the file cannot be written; the log then goes on as it can.
pub fn start_log(to: LogTo, data_dir: &Path) -> Result<(), Sentence> {
    use std::io::IsTerminal;
    let default = match to {
        LogTo::Terminal { verbose: 0 } => "warn",
        LogTo::Terminal { verbose: 1 } => "info,rbpub_remote=debug",
        LogTo::Terminal { .. } => "debug",
        LogTo::File => WINDOW_DEFAULT,
    };
    let (filter, mut problem) = filter_from_env(default);
    let builder = tracing_subscriber::fmt().with_env_filter(filter);
    match to {
        LogTo::Terminal { .. } => {
            let _ = builder
                .with_writer(std::io::stderr)
                .with_ansi(std::io::stderr().is_terminal())
                .try_init();
        }
        LogTo::File => match log_file(data_dir) {
            Ok(file) => {
                let _ = builder
                    .with_writer(std::sync::Mutex::new(file))
                    .with_ansi(false)
                    .try_init();
            }
            Err(e) => problem = Some(e),
        },
    }
    tracing::info!(
        version = env!("CARGO_PKG_VERSION"),
        os = std::env::consts::OS,
        arch = std::env::consts::ARCH,
        "started"
    );
    problem.map_or(Ok(()), Err)
}

/// `RBPUB_LOG`'s filter, else `default`; a value that is no filter is said.
fn filter_from_env(default: &str) -> (EnvFilter, Option<Sentence>) {
    let asked = std::env::var(rbpub_core::env::LOG)
        .ok()
        .filter(|v| !v.trim().is_empty());
    match asked {
        None => (EnvFilter::new(default), None),
        Some(asked) => match EnvFilter::try_new(&asked) {
            Ok(filter) => (filter, None),
            Err(e) => (
                EnvFilter::new(default),
                Some(
                    Sentence::new("trail.notAFilter")
                        .arg("variable", rbpub_core::env::LOG)
                        .arg("value", asked)
                        .arg("detail", e),
                ),
            ),
        },
    }
}

/// The rotating file, readable by its owner only.
fn log_file(
    data_dir: &Path,
) -> Result<file_rotate::FileRotate<file_rotate::suffix::AppendCount>, Sentence> {
    let path = log_path(data_dir);
    let dir = path.parent().unwrap_or(data_dir);
    std::fs::create_dir_all(dir).map_err(|e| {
        Sentence::new("trail.cannotWrite")
            .arg("dir", dir.display())
            .arg("detail", e)
    })?;
    let mut options = std::fs::OpenOptions::new();
    options.read(true).create(true).append(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    Ok(file_rotate::FileRotate::new(
        path,
        file_rotate::suffix::AppendCount::new(KEPT_FILES),
        file_rotate::ContentLimit::BytesSurpassed(ROTATE_AT),
        file_rotate::compression::Compression::None,
        Some(options),
    ))
}

/// The last `lines` lines of the window's log (at most its last 64 KiB), for
/// diagnostics; empty when there is no log yet.
pub fn last_lines(data_dir: &Path, lines: usize) -> Vec<String> {
    const TAIL: u64 = 64 * 1024;
    let Ok(mut file) = std::fs::File::open(log_path(data_dir)) else {
        return Vec::new();
    };
    let len = file.metadata().map(|m| m.len()).unwrap_or(0);
    let from = len.saturating_sub(TAIL);
    let mut tail = Vec::new();
    if file.seek(SeekFrom::Start(from)).is_err() || file.take(TAIL).read_to_end(&mut tail).is_err()
    {
        return Vec::new();
    }
    let text = String::from_utf8_lossy(&tail);
    let mut all: Vec<&str> = text.lines().collect();
    if from > 0 && !all.is_empty() {
        all.remove(0); // cut mid-line
    }
    let skip = all.len().saturating_sub(lines);
    all[skip..].iter().map(|l| (*l).to_owned()).collect()
}
