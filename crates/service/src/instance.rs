//! One window per data folder. A second start (a file opened from the file
//! manager while the app runs) hands the files it was given to the first over a
//! Unix socket in the data folder and exits, so the same drafts are never open
//! in two windows and the file lands in the window the user already has.
//!
//! The socket lives in the data folder, so only its owner can reach it, and a
//! different `RBPUB_DATA_DIR` is a different instance. No session bus is needed.

use std::ffi::OsString;
use std::fs::File;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

const SOCKET: &str = "instance.sock";
/// Held while an instance decides whether it is the first, so that two starts
/// at the same moment cannot both take the socket.
const LOCK: &str = "instance.lock";
/// A start-up's files as one message: paths separated by NUL, which no path holds.
const MAX_MESSAGE: u64 = 1024 * 1024;

/// What a start-up found.
pub enum Instance {
    /// No other window has this data folder: this one serves the socket.
    First(Listener),
    /// Another window had it and was given the files: this process should exit.
    Forwarded,
}

/// The first instance's end of the socket; [`Listener::serve`] hands over what later starts send.
pub struct Listener {
    #[cfg(unix)]
    socket: std::os::unix::net::UnixListener,
    path: PathBuf,
}

/// A socket being served, until [`Serving::release`].
pub struct Serving {
    path: PathBuf,
}

impl Serving {
    /// Stops taking later starts' files: the window is gone (the process may
    /// take a moment longer to end), so the next start must open its own.
    pub fn release(&self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// The files and folders among a start's arguments (flags left out), made
/// absolute from `cwd`, the folder the start was made in; ones that do not exist
/// are left out, as a file manager never passes those.
pub fn files_in_args(args: impl IntoIterator<Item = OsString>, cwd: &Path) -> Vec<PathBuf> {
    args.into_iter()
        .filter(|a| !a.to_string_lossy().starts_with('-'))
        .map(|a| cwd.join(a))
        .filter(|p| p.exists())
        .collect()
}

/// Becomes the first instance for `data_dir`, or gives `files` to the one that is.
pub fn claim(data_dir: &Path, files: &[PathBuf]) -> std::io::Result<Instance> {
    #[cfg(unix)]
    {
        use std::os::unix::net::{UnixListener, UnixStream};
        std::fs::create_dir_all(data_dir)?;
        let lock = File::create(data_dir.join(LOCK))?;
        lock.lock()?;
        let path = data_dir.join(SOCKET);
        if let Ok(mut stream) = UnixStream::connect(&path) {
            stream.write_all(&encode(files))?;
            return Ok(Instance::Forwarded);
        }
        // Nobody answers: a window that crashed left the socket behind.
        let _ = std::fs::remove_file(&path);
        let socket = UnixListener::bind(&path)?;
        Ok(Instance::First(Listener { socket, path }))
    }
    #[cfg(not(unix))]
    {
        let _ = files;
        let path = data_dir.join(SOCKET);
        Ok(Instance::First(Listener { path }))
    }
}

impl Listener {
    /// Calls `open` with each later start's files (none: the user started the app
    /// again, and the window should come forward), on a thread of its own.
    pub fn serve(self, open: impl Fn(Vec<PathBuf>) + Send + 'static) -> Serving {
        let serving = Serving {
            path: self.path.clone(),
        };
        #[cfg(unix)]
        std::thread::spawn(move || {
            for stream in self.socket.incoming().flatten() {
                let mut bytes = Vec::new();
                if stream.take(MAX_MESSAGE).read_to_end(&mut bytes).is_ok() {
                    open(decode(&bytes));
                }
            }
        });
        #[cfg(not(unix))]
        let _ = open;
        serving
    }
}

#[cfg(unix)]
fn encode(files: &[PathBuf]) -> Vec<u8> {
    use std::os::unix::ffi::OsStrExt;
    files
        .iter()
        .map(|f| f.as_os_str().as_bytes())
        .collect::<Vec<_>>()
        .join(&0u8)
}

#[cfg(unix)]
fn decode(bytes: &[u8]) -> Vec<PathBuf> {
    use std::os::unix::ffi::OsStrExt;
    bytes
        .split(|b| *b == 0)
        .filter(|p| !p.is_empty())
        .map(|p| PathBuf::from(std::ffi::OsStr::from_bytes(p)))
        .collect()
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::sync::mpsc;
    use std::time::Duration;

    #[test]
    fn a_second_start_hands_its_files_to_the_first_and_a_crashed_one_is_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        let bundle = dir.path().join("word press 中文.rbpub");
        std::fs::write(&bundle, b"zip").unwrap();

        let Instance::First(listener) = claim(&data, &[]).unwrap() else {
            panic!("the first start is the first instance");
        };
        let (sent, received) = mpsc::channel();
        let serving = listener.serve(move |files| sent.send(files).unwrap());

        let files = files_in_args(
            ["--blank", "word press 中文.rbpub", "missing.rbpub"].map(OsString::from),
            dir.path(),
        );
        assert_eq!(
            files,
            vec![bundle.clone()],
            "flags and missing files are left out"
        );
        assert!(matches!(claim(&data, &files).unwrap(), Instance::Forwarded));
        let got = received.recv_timeout(Duration::from_secs(5)).unwrap();
        assert_eq!(
            got,
            vec![bundle],
            "the first window gets the file, by its whole path"
        );

        // Once the window is gone, the next start is the first again.
        serving.release();
        assert!(matches!(claim(&data, &[]).unwrap(), Instance::First(_)));

        // Another data folder is another instance.
        assert!(matches!(
            claim(&dir.path().join("other"), &[]).unwrap(),
            Instance::First(_)
        ));
    }

    #[test]
    fn a_socket_left_by_a_crash_does_not_stop_the_next_start() {
        let dir = tempfile::tempdir().unwrap();
        // A socket file with nobody listening, as a killed window leaves it.
        drop(std::os::unix::net::UnixListener::bind(dir.path().join(SOCKET)).unwrap());
        assert!(matches!(
            claim(dir.path(), &[]).unwrap(),
            Instance::First(_)
        ));
    }
}
