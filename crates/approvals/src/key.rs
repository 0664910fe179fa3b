//! The reviewer's (or lister's) OpenSSH key: a private key file, asked for its
//! passphrase when it has one, or a key held by `ssh-agent` (named by its
//! private or public key file). The key is read where it is, never copied.

use rbpub_core::catalogue::Sentence;
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
        let key_error = |why: Sentence| Error::Key {
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
                return Err(key_error(Sentence::new(match agent_socket {
                    Some(_) => "approvals.keyPublicNotHeld",
                    None => "approvals.keyPublicNoAgent",
                })))
            }
            (Ok(key), None) if key.is_encrypted() => {
                let Some(words) = passphrase.ask(path) else {
                    return Err(key_error(Sentence::new("approvals.keyNoPassphrase")));
                };
                let open = key
                    .decrypt(words.as_bytes())
                    .map_err(|_| key_error(Sentence::new("approvals.keyWrongPassphrase")))?;
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
        let failed = |why: Sentence| Error::Key {
            file: self.path.display().to_string(),
            why,
        };
        let sig = match &self.how {
            How::File(key) => SshSig::sign(key.as_ref(), NAMESPACE, HashAlg::Sha512, message)
                .map_err(|e| {
                    failed(Sentence::new("approvals.keySigningFailed").arg("detail", e))
                })?,
            How::Agent { socket, public } => {
                let data = SshSig::signed_data(NAMESPACE, HashAlg::Sha512, message)
                    .map_err(|e| failed(Sentence::their_words(e)))?;
                let signature = agent(socket)
                    .and_then(|mut a| {
                        a.sign(public, &data)
                            .map_err(|e| Sentence::new("approvals.keyAgentNoSign").arg("detail", e))
                    })
                    .map_err(&failed)?;
                SshSig::new(
                    public.key_data().clone(),
                    NAMESPACE,
                    HashAlg::Sha512,
                    signature,
                )
                .map_err(|e| failed(Sentence::their_words(e)))?
            }
        };
        sig.to_pem(LineEnding::LF)
            .map_err(|e| failed(Sentence::their_words(e)))
    }
}

/// The key file's text, bounded; a FIFO or device is refused.
fn read_key_file(path: &Path) -> Result<String, Sentence> {
    let file = std::fs::File::open(path).map_err(Sentence::their_words)?;
    let meta = file.metadata().map_err(Sentence::their_words)?;
    if !meta.is_file() {
        return Err(Sentence::new("approvals.keyNotFile"));
    }
    let mut bytes = Vec::new();
    file.take(MAX_KEY_FILE + 1)
        .read_to_end(&mut bytes)
        .map_err(Sentence::their_words)?;
    if bytes.len() as u64 > MAX_KEY_FILE {
        return Err(Sentence::new("approvals.keyTooLarge").arg("max", MAX_KEY_FILE));
    }
    String::from_utf8(bytes).map_err(|_| Sentence::new("approvals.keyNotText"))
}

fn agent_holds(socket: &Path, public: &PublicKey) -> Result<bool, Sentence> {
    let identities = agent(socket)?
        .list_all_identities()
        .map_err(Sentence::their_words)?;
    Ok(identities.iter().any(|i| match i {
        ssh_agent_client_rs::Identity::PublicKey(k) => k.key_data() == public.key_data(),
        ssh_agent_client_rs::Identity::Certificate(_) => false,
    }))
}

/// A connection to ssh-agent whose every read and write is bounded in time.
#[cfg(unix)]
fn agent(socket: &Path) -> Result<ssh_agent_client_rs::Client, Sentence> {
    let stream =
        std::os::unix::net::UnixStream::connect(socket).map_err(|e| unreachable(socket, e))?;
    stream
        .set_read_timeout(Some(AGENT_WAIT))
        .and_then(|_| stream.set_write_timeout(Some(AGENT_WAIT)))
        .map_err(Sentence::their_words)?;
    Ok(ssh_agent_client_rs::Client::with_read_write(Box::new(
        stream,
    )))
}

#[cfg(not(unix))]
fn agent(socket: &Path) -> Result<ssh_agent_client_rs::Client, Sentence> {
    let _ = AGENT_WAIT;
    ssh_agent_client_rs::Client::connect(socket).map_err(|e| unreachable(socket, e))
}

fn unreachable(socket: &Path, e: impl std::fmt::Display) -> Sentence {
    Sentence::new("approvals.keyAgentUnreachable")
        .arg("socket", socket.display())
        .arg("detail", e)
}

/// The public half of the key at `path`, without its passphrase: an OpenSSH
/// private key file keeps its public key in the clear, and a `.pub` file is
/// one. For naming the lister, who signs nothing.
pub fn public_key_of(path: &Path) -> Result<PublicKey, Error> {
    let key_error = |why: Sentence| Error::Key {
        file: path.display().to_string(),
        why,
    };
    let text = read_key_file(path).map_err(&key_error)?;
    public_of(&text, PrivateKey::from_openssh(&text).ok().as_ref()).map_err(key_error)
}

/// The public half of a key file's text: the private key's, else the text
/// read as a public key.
fn public_of(text: &str, private: Option<&PrivateKey>) -> Result<PublicKey, Sentence> {
    match private {
        Some(k) => Ok(k.public_key().clone()),
        None => PublicKey::from_openssh(text.trim())
            .map_err(|_| Sentence::new("approvals.keyNotOpenSsh")),
    }
}
