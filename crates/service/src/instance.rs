//! One window per data folder. A second start (a file opened from the file
//! manager while the app runs) hands the files it was given to the first over a
//! Unix socket in the data folder and exits, so the same drafts are never open
//! in two windows and the file lands in the window the user already has.
//!
//! The socket lives in the data folder, made private (0700) with the socket
//! itself 0600, and a message is taken only from a process of the same user,
//! read within a few seconds, whole or not at all, and only of absolute paths
//! to files and folders that exist. A different `RBPUB_DATA_DIR` is a
//! different instance. No session bus is needed. Elsewhere (Windows, where
//! only rbpub is built for now) every start is a window of its own.

use std::ffi::OsString;
#[cfg(unix)]
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

pub use rbpub_drafts::private_dir;

const SOCKET: &str = "instance.sock";
/// Held while an instance decides whether it is the first, so that two starts
/// at the same moment cannot both take the socket.
#[cfg(unix)]
const LOCK: &str = "instance.lock";
/// A start-up's files as one message: paths separated by NUL, which no path holds.
#[cfg(unix)]
const MAX_MESSAGE: u64 = 1024 * 1024;
/// Files one start may hand over (a file manager's selection, not a disk).
#[cfg(unix)]
const MAX_FILES: usize = 1_000;
/// How long a later start may take to send its files.
#[cfg(unix)]
const READ_WITHIN: std::time::Duration = std::time::Duration::from_secs(5);

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
    /// The socket file this instance made (device, inode): only that is removed.
    made: Option<(u64, u64)>,
}

impl Serving {
    /// Stops taking later starts' files: the window is gone (the process may
    /// take a moment longer to end), so the next start must open its own. A
    /// socket another instance has made since is left alone.
    pub fn release(&self) {
        if self.made.is_some() && file_id(&self.path) == self.made {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

/// A file's device and inode, without following a link.
fn file_id(path: &Path) -> Option<(u64, u64)> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        std::fs::symlink_metadata(path)
            .ok()
            .map(|m| (m.dev(), m.ino()))
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        None
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
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        use std::os::unix::net::{UnixListener, UnixStream};
        private_dir(data_dir)?;
        // Never through a planted link, never truncating what is there.
        let lock = std::fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(false)
            .mode(0o600)
            .custom_flags(libc_nofollow())
            .open(data_dir.join(LOCK))?;
        lock.lock()?;
        let path = data_dir.join(SOCKET);
        if let Ok(mut stream) = UnixStream::connect(&path) {
            stream.write_all(&encode(files))?;
            return Ok(Instance::Forwarded);
        }
        // Nobody answers: a window that crashed left the socket behind.
        if std::fs::symlink_metadata(&path).is_ok_and(|m| {
            use std::os::unix::fs::FileTypeExt;
            m.file_type().is_socket()
        }) {
            let _ = std::fs::remove_file(&path);
        }
        let socket = UnixListener::bind(&path)?;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600))?;
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
            made: file_id(&self.path),
            path: self.path.clone(),
        };
        #[cfg(unix)]
        std::thread::spawn(move || {
            for stream in self.socket.incoming().flatten() {
                if !same_user(&stream) {
                    continue;
                }
                // Whole or not at all: a message cut at the cap would name other paths.
                if let Some(bytes) = read_message(stream) {
                    open(decode(&bytes));
                }
            }
        });
        #[cfg(not(unix))]
        let _ = open;
        serving
    }
}

/// One message, whole, within [`READ_WITHIN`] in all (not per read: a peer
/// sending a byte every few seconds does not hold the window's listener),
/// and at most [`MAX_MESSAGE`] bytes; none otherwise.
#[cfg(unix)]
fn read_message(mut stream: std::os::unix::net::UnixStream) -> Option<Vec<u8>> {
    let deadline = std::time::Instant::now() + READ_WITHIN;
    let mut bytes = Vec::new();
    let mut chunk = [0u8; 8192];
    loop {
        let left = deadline.checked_duration_since(std::time::Instant::now())?;
        stream
            .set_read_timeout(Some(left.max(std::time::Duration::from_millis(1))))
            .ok()?;
        match stream.read(&mut chunk).ok()? {
            0 => return Some(bytes),
            n if (bytes.len() + n) as u64 > MAX_MESSAGE => return None,
            n => bytes.extend_from_slice(&chunk[..n]),
        }
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

/// The paths of a message that are absolute and name a file or a folder that
/// exists (a link is judged by what it names), at most [`MAX_FILES`].
#[cfg(unix)]
fn decode(bytes: &[u8]) -> Vec<PathBuf> {
    use std::os::unix::ffi::OsStrExt;
    bytes
        .split(|b| *b == 0)
        .filter(|p| !p.is_empty())
        .map(|p| PathBuf::from(std::ffi::OsStr::from_bytes(p)))
        .filter(|p| p.is_absolute())
        .filter(|p| std::fs::metadata(p).is_ok_and(|m| m.is_file() || m.is_dir()))
        .take(MAX_FILES)
        .collect()
}

/// `O_NOFOLLOW`, for the lock file.
#[cfg(unix)]
fn libc_nofollow() -> i32 {
    #[cfg(target_os = "linux")]
    {
        rustix::fs::OFlags::NOFOLLOW.bits() as i32
    }
    #[cfg(not(target_os = "linux"))]
    {
        0
    }
}

/// Whether the process at the other end runs as this user.
#[cfg(unix)]
fn same_user(stream: &std::os::unix::net::UnixStream) -> bool {
    #[cfg(target_os = "linux")]
    {
        rustix::net::sockopt::socket_peercred(stream)
            .is_ok_and(|peer| peer.uid == rustix::process::getuid())
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = stream;
        true
    }
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
    fn the_folder_and_socket_are_private_and_a_message_is_taken_whole_or_not_at_all() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        std::fs::create_dir(&data).unwrap();
        std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o755)).unwrap();
        // A lock planted as a link to someone's file: refused, the file untouched.
        let precious = dir.path().join("precious.txt");
        std::fs::write(&precious, b"keep me").unwrap();
        std::os::unix::fs::symlink(&precious, data.join(LOCK)).unwrap();
        assert!(claim(&data, &[]).is_err());
        assert_eq!(std::fs::read(&precious).unwrap(), b"keep me");
        std::fs::remove_file(data.join(LOCK)).unwrap();

        let Instance::First(listener) = claim(&data, &[]).unwrap() else {
            panic!("first");
        };
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(
            mode(&data),
            0o700,
            "the data folder is narrowed to its owner"
        );
        assert_eq!(mode(&data.join(SOCKET)), 0o600);
        let (sent, received) = mpsc::channel();
        let serving = listener.serve(move |files| sent.send(files).unwrap());
        let send = |bytes: &[u8]| {
            let mut s = std::os::unix::net::UnixStream::connect(data.join(SOCKET)).unwrap();
            s.write_all(bytes).unwrap();
        };
        // Relative, missing and device paths are left out; an existing file stays.
        let file = dir.path().join("a.rbpub");
        std::fs::write(&file, b"zip").unwrap();
        let message = [
            b"a.rbpub".as_slice(),
            b"/nope/x.rbpub",
            b"/dev/null",
            file.as_os_str().as_encoded_bytes(),
        ]
        .join(&0u8);
        send(&message);
        let got = received.recv_timeout(Duration::from_secs(5)).unwrap();
        assert_eq!(got, vec![file.clone()]);
        // Past the cap: nothing at all, not the first megabyte's paths.
        let mut long = file.as_os_str().as_encoded_bytes().to_vec();
        long.push(0);
        long.resize(MAX_MESSAGE as usize + 10, b'x');
        send(&long);
        send(file.as_os_str().as_encoded_bytes());
        let got = received.recv_timeout(Duration::from_secs(5)).unwrap();
        assert_eq!(
            got,
            vec![file.clone()],
            "the cut message was dropped, the next one taken"
        );

        // A peer dribbling a byte a second is cut off at five seconds in all,
        // and the next start is served.
        let dribbler = {
            let socket = data.join(SOCKET);
            std::thread::spawn(move || {
                let mut s = std::os::unix::net::UnixStream::connect(socket).unwrap();
                for _ in 0..9 {
                    if s.write_all(b"/").is_err() {
                        return true;
                    }
                    std::thread::sleep(Duration::from_secs(1));
                }
                false
            })
        };
        std::thread::sleep(Duration::from_millis(200));
        send(file.as_os_str().as_encoded_bytes());
        let got = received.recv_timeout(Duration::from_secs(8)).unwrap();
        assert_eq!(
            got,
            vec![file.clone()],
            "served after the dribbler was cut off"
        );
        assert!(
            dribbler.join().unwrap(),
            "the dribbler was cut off before its ninth byte"
        );

        // A socket another instance made since is not removed by this one.
        std::fs::remove_file(data.join(SOCKET)).unwrap();
        let _other = std::os::unix::net::UnixListener::bind(data.join(SOCKET)).unwrap();
        serving.release();
        assert!(data.join(SOCKET).exists());
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
