//! The reviewer's (or lister's) OpenSSH key: a private key file, asked for its
//! passphrase when it has one, or a key held by `ssh-agent` (named by its
//! private or public key file). The key is read where it is, never copied.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Duration;

use ssh_key::{HashAlg, LineEnding, PrivateKey, PublicKey, SshSig};

use crate::{Error, NAMESPACE};

/// A key file is a few KiB; more is not a key.
const MAX_KEY_FILE: u64 = 64 * 1024;
/// How long ssh-agent may take over one answer (it may ask the user to
/// confirm, as `ssh-add -c` keys do).
const AGENT_WAIT: Duration = Duration::from_secs(60);

/// Where the passphrase of an encrypted key file comes from, asked only when
/// the file is encrypted and ssh-agent does not hold the key.
pub trait Passphrase {
    /// The passphrase for `key`, or none to give up.
    fn ask(&mut self, key: &Path) -> Option<String>;
}

impl<F: FnMut(&Path) -> Option<String>> Passphrase for F {
    fn ask(&mut self, key: &Path) -> Option<String> {
        self(key)
    }
}

/// A key that can sign.
pub struct SigningKey {
    path: PathBuf,
    how: How,
}

enum How {
    File(Box<PrivateKey>),
    Agent { socket: PathBuf, public: PublicKey },
}

impl SigningKey {
    /// Opens the key at `path`. With `agent_socket` (ssh-agent's, from
    /// `SSH_AUTH_SOCK`), a key the agent holds is signed with there, without a
    /// passphrase; a public key file then names which.
    pub fn open(
        path: &Path,
        agent_socket: Option<&Path>,
        passphrase: &mut dyn Passphrase,
    ) -> Result<SigningKey, Error> {
        let file = path.display().to_string();
        let key_error = |why: String| Error::Key {
            file: file.clone(),
            why,
        };
        let text = read_key_file(path).map_err(&key_error)?;
        let private = PrivateKey::from_openssh(&text);
        let public = public_of(&text, private.as_ref().ok()).map_err(&key_error)?;
        let in_agent = agent_socket.and_then(|socket| {
            agent_holds(socket, &public)
                .ok()
                .filter(|held| *held)
                .map(|_| socket.to_path_buf())
        });
        let how = match (private, in_agent) {
            (_, Some(socket)) => How::Agent { socket, public },
            (Err(_), None) => {
                return Err(key_error(format!(
                    "it is a public key and {} does not hold its private key: `ssh-add` it, or give the private key file",
                    if agent_socket.is_some() { "ssh-agent" } else { "no ssh-agent is running (SSH_AUTH_SOCK is not set), so nothing" }
                )))
            }
            (Ok(key), None) if key.is_encrypted() => {
                let Some(words) = passphrase.ask(path) else {
                    return Err(key_error(
                        "it has a passphrase and none was given: set RBPUB_SIGNING_KEY, type it when asked, or `ssh-add` the key".into(),
                    ));
                };
                let open = key
                    .decrypt(words.as_bytes())
                    .map_err(|_| key_error("the passphrase is wrong".into()))?;
                How::File(Box::new(open))
            }
            (Ok(key), None) => How::File(Box::new(key)),
        };
        Ok(SigningKey {
            path: path.to_path_buf(),
            how,
        })
    }

    /// The key's public half.
    pub fn public(&self) -> PublicKey {
        match &self.how {
            How::File(k) => k.public_key().clone(),
            How::Agent { public, .. } => public.clone(),
        }
    }

    /// Where the key was read from.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Signs `message` in our namespace, as `ssh-keygen -Y sign -n NAMESPACE`
    /// does (SHA-512), armoured.
    pub fn sign(&self, message: &[u8]) -> Result<String, Error> {
        let failed = |why: String| Error::Key {
            file: self.path.display().to_string(),
            why,
        };
        let sig = match &self.how {
            How::File(key) => SshSig::sign(key.as_ref(), NAMESPACE, HashAlg::Sha512, message)
                .map_err(|e| failed(format!("signing failed: {e}")))?,
            How::Agent { socket, public } => {
                let data = SshSig::signed_data(NAMESPACE, HashAlg::Sha512, message)
                    .map_err(|e| failed(e.to_string()))?;
                let signature = agent(socket)
                    .and_then(|mut a| {
                        a.sign(public, &data)
                            .map_err(|e| format!("ssh-agent did not sign: {e}"))
                    })
                    .map_err(&failed)?;
                SshSig::new(
                    public.key_data().clone(),
                    NAMESPACE,
                    HashAlg::Sha512,
                    signature,
                )
                .map_err(|e| failed(e.to_string()))?
            }
        };
        sig.to_pem(LineEnding::LF)
            .map_err(|e| failed(e.to_string()))
    }
}

/// The key file's text, bounded; a FIFO or device is refused.
fn read_key_file(path: &Path) -> Result<String, String> {
    let file = std::fs::File::open(path).map_err(|e| e.to_string())?;
    let meta = file.metadata().map_err(|e| e.to_string())?;
    if !meta.is_file() {
        return Err("it is not a regular file".into());
    }
    let mut bytes = Vec::new();
    file.take(MAX_KEY_FILE + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| e.to_string())?;
    if bytes.len() as u64 > MAX_KEY_FILE {
        return Err(format!(
            "it is larger than {MAX_KEY_FILE} bytes; a key is a few hundred"
        ));
    }
    String::from_utf8(bytes).map_err(|_| "it is not a text key file".into())
}

fn agent_holds(socket: &Path, public: &PublicKey) -> Result<bool, String> {
    let identities = agent(socket)?
        .list_all_identities()
        .map_err(|e| e.to_string())?;
    Ok(identities.iter().any(|i| match i {
        ssh_agent_client_rs::Identity::PublicKey(k) => k.key_data() == public.key_data(),
        ssh_agent_client_rs::Identity::Certificate(_) => false,
    }))
}

/// A connection to ssh-agent whose every read and write is bounded in time.
#[cfg(unix)]
fn agent(socket: &Path) -> Result<ssh_agent_client_rs::Client, String> {
    let stream = std::os::unix::net::UnixStream::connect(socket)
        .map_err(|e| format!("ssh-agent at {} cannot be reached: {e}", socket.display()))?;
    stream
        .set_read_timeout(Some(AGENT_WAIT))
        .and_then(|_| stream.set_write_timeout(Some(AGENT_WAIT)))
        .map_err(|e| e.to_string())?;
    Ok(ssh_agent_client_rs::Client::with_read_write(Box::new(
        stream,
    )))
}

#[cfg(not(unix))]
fn agent(socket: &Path) -> Result<ssh_agent_client_rs::Client, String> {
    let _ = AGENT_WAIT;
    ssh_agent_client_rs::Client::connect(socket)
        .map_err(|e| format!("ssh-agent at {} cannot be reached: {e}", socket.display()))
}

/// The public half of the key at `path`, without its passphrase: an OpenSSH
/// private key file keeps its public key in the clear, and a `.pub` file is
/// one. For naming the lister, who signs nothing.
pub fn public_key_of(path: &Path) -> Result<PublicKey, Error> {
    let key_error = |why: String| Error::Key {
        file: path.display().to_string(),
        why,
    };
    let text = read_key_file(path).map_err(&key_error)?;
    public_of(&text, PrivateKey::from_openssh(&text).ok().as_ref()).map_err(key_error)
}

/// The public half of a key file's text: the private key's, else the text
/// read as a public key.
fn public_of(text: &str, private: Option<&PrivateKey>) -> Result<PublicKey, String> {
    match private {
        Some(k) => Ok(k.public_key().clone()),
        None => PublicKey::from_openssh(text.trim()).map_err(|_| {
            "it is neither an OpenSSH private key nor a public key (make one with `ssh-keygen -t ed25519`)".into()
        }),
    }
}
