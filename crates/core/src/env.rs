//! Every `RBPUB_*` environment variable the app, rbpub and the build read, in
//! one place with what it does. Code names a variable through these constants;
//! `rbpub diagnostics` lists the ones set (secret values masked), and
//! `scripts/check-house` fails when a `RBPUB_` name appears anywhere but here.
//!
//! ```
//! use rbpub_core::env;
//! let key = env::VARIABLES.iter().find(|v| v.name == env::STORE_KEY).unwrap();
//! assert!(key.secret);
//! ```

/// One environment variable: its name, whether its value is a secret, and what it does.
#[derive(Clone, Copy, Debug)]
pub struct Variable {
    /// `RBPUB_…`.
    pub name: &'static str,
    /// Its value is a key or password: never printed, logged or written.
    pub secret: bool,
    /// Who reads it and what for.
    pub about: &'static str,
}

/// The data folder (drafts, images, the log); else the platform's app-data folder.
pub const DATA_DIR: &str = "RBPUB_DATA_DIR";
/// The store a new publisher starts with; rbpub's `--store`.
pub const STORE_URL: &str = "RBPUB_STORE_URL";
/// The store's market domain; rbpub's `--market-domain`.
pub const MARKET_DOMAIN: &str = "RBPUB_MARKET_DOMAIN";
/// The console suggested in step 3; rbpub's `--console`.
pub const CONSOLE_URL: &str = "RBPUB_CONSOLE_URL";
/// rbpub's `--user` for the console.
pub const CONSOLE_USER: &str = "RBPUB_CONSOLE_USER";
/// The store access key for rbpub (else the keyring's).
pub const STORE_KEY: &str = "RBPUB_STORE_KEY";
/// The console password for `rbpub console-login`.
pub const CONSOLE_PASSWORD: &str = "RBPUB_CONSOLE_PASSWORD";
/// The store account's password for `rbpub store login`.
pub const STORE_PASSWORD: &str = "RBPUB_STORE_PASSWORD";
/// The passphrase of the key `rbpub approve` and `list --listing` sign with.
pub const SIGNING_KEY: &str = "RBPUB_SIGNING_KEY";
/// The log's filter: `info`, `debug`, `trace`, or per crate (`rbpub_remote=debug`).
pub const LOG: &str = "RBPUB_LOG";
/// Seconds without an image push moving before a push is said to seem stuck.
pub const STALL_AFTER_SECS: &str = "RBPUB_STALL_AFTER_SECS";
/// Milliseconds between two asks about image pushes.
pub const POLL_MS: &str = "RBPUB_POLL_MS";
/// Milliseconds of the first wait after a busy cluster or a store that is down.
pub const BUSY_BACKOFF_MS: &str = "RBPUB_BUSY_BACKOFF_MS";
/// Megabytes an SVG's drawing may use (its own process).
pub const SVG_MEMORY_MB: &str = "RBPUB_SVG_MEMORY_MB";
/// Seconds an SVG's drawing may take.
pub const SVG_SECONDS: &str = "RBPUB_SVG_SECONDS";
/// Set by the tests: the window prints `rbpub-ready` once its page is up.
pub const STARTUP_PROBE: &str = "RBPUB_STARTUP_PROBE";
/// `make run`'s sandbox port (scripts/run-with-sandbox).
pub const SANDBOX_PORT: &str = "RBPUB_SANDBOX_PORT";
/// `make run`'s extra sandbox flags (scripts/run-with-sandbox).
pub const SANDBOX_ARGS: &str = "RBPUB_SANDBOX_ARGS";
/// The real-window tests' app binary (tests/e2e/driver.mjs).
pub const APP: &str = "RBPUB_APP";
/// Set by scripts/with-keyring inside the D-Bus session it starts.
pub const IN_KEYRING_SESSION: &str = "RBPUB_IN_KEYRING_SESSION";

/// Every variable, in the order the user meets them.
pub const VARIABLES: &[Variable] = &[
    Variable {
        name: STORE_URL,
        secret: false,
        about: "The store a new publisher starts with, and rbpub's --store (https://hub.grapps.cn unless set).",
    },
    Variable {
        name: MARKET_DOMAIN,
        secret: false,
        about: "rbpub's --market-domain: the store's market domain (rainbond unless set).",
    },
    Variable {
        name: CONSOLE_URL,
        secret: false,
        about: "The console step 3 suggests, and rbpub's --console.",
    },
    Variable {
        name: CONSOLE_USER,
        secret: false,
        about: "rbpub's --user: the console user name.",
    },
    Variable {
        name: STORE_KEY,
        secret: true,
        about: "The store access key rbpub uses instead of the keyring's.",
    },
    Variable {
        name: CONSOLE_PASSWORD,
        secret: true,
        about: "The console password rbpub console-login signs in with.",
    },
    Variable {
        name: STORE_PASSWORD,
        secret: true,
        about: "The store account's password rbpub store login signs in with.",
    },
    Variable {
        name: SIGNING_KEY,
        secret: true,
        about: "The passphrase of the SSH key rbpub approve and list --listing sign with.",
    },
    Variable {
        name: DATA_DIR,
        secret: false,
        about: "The data folder: drafts, images, the window's log (else the platform's app-data folder).",
    },
    Variable {
        name: LOG,
        secret: false,
        about: "What is logged: info, debug, trace, or per crate (rbpub_remote=debug). rbpub logs to stderr, the window to its log file.",
    },
    Variable {
        name: STALL_AFTER_SECS,
        secret: false,
        about: "Seconds without any image push moving before a push is said to seem stuck (300 unless set).",
    },
    Variable {
        name: POLL_MS,
        secret: false,
        about: "Milliseconds between two asks about image pushes (3000 unless set).",
    },
    Variable {
        name: BUSY_BACKOFF_MS,
        secret: false,
        about: "Milliseconds of the first wait after a busy cluster or a store that is down (10000 unless set, doubling).",
    },
    Variable {
        name: SVG_MEMORY_MB,
        secret: false,
        about: "Megabytes an SVG's drawing may use, in a process of its own.",
    },
    Variable {
        name: SVG_SECONDS,
        secret: false,
        about: "Seconds an SVG's drawing may take.",
    },
    Variable {
        name: STARTUP_PROBE,
        secret: false,
        about: "Tests only: the window prints rbpub-ready once its page is up.",
    },
    Variable {
        name: SANDBOX_PORT,
        secret: false,
        about: "make run: the sandbox's port (7420 unless set).",
    },
    Variable {
        name: SANDBOX_ARGS,
        secret: false,
        about: "make run: flags for the sandbox, such as --cloud-disabled or --capabilities none.",
    },
    Variable {
        name: APP,
        secret: false,
        about: "Tests only: the app binary the real-window tests start (target/debug/rainbond-publisher unless set).",
    },
    Variable {
        name: IN_KEYRING_SESSION,
        secret: false,
        about: "Set by scripts/with-keyring inside the D-Bus session it starts with a keyring.",
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_variable_is_listed_once_and_said() {
        let mut names: Vec<_> = VARIABLES.iter().map(|v| v.name).collect();
        names.sort_unstable();
        let all = names.len();
        names.dedup();
        assert_eq!(names.len(), all, "a variable listed twice");
        assert!(VARIABLES
            .iter()
            .all(|v| v.name.starts_with("RBPUB_") && !v.about.is_empty()));
    }
}
