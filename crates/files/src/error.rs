//! What can go wrong reading or writing a listing's files.

use std::path::PathBuf;

/// What can go wrong reading or writing a listing's files. Every message names
/// the file and what to do.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{0} is not a listing: pick a folder or .rbpub bundle made by “Export”, or a *-ram.tar.gz / metadata.json to import a template")]
    NotAListing(PathBuf),
    #[error("{file} is schema {found}; this version of Rainbond Publisher reads schema {known}. Update Rainbond Publisher to open it.")]
    Schema {
        file: String,
        found: i64,
        known: i64,
    },
    #[error("{file}: {reason}")]
    Malformed { file: String, reason: String },
    #[error("{file} names “{target}”, which is outside the listing's folder; only files inside it are read")]
    OutsideFolder { file: String, target: String },
    #[error("{0} is a link; a listing's files are read without following links. Replace it with the file itself.")]
    Link(String),
    #[error("{0} is a link; an export writes only into real folders and files inside the folder chosen. Remove the link, or export to another folder.")]
    LinkInExport(String),
    #[error("{folder} holds another listing (“{name}”): exporting there would overwrite its files. Export to another folder, or write into it anyway (rbpub: --force).")]
    OtherListing { folder: String, name: String },
    #[error("{file} is {} MB; at most {} MB is read for it", .bytes.div_ceil(1024 * 1024), .max / 1024 / 1024)]
    TooLarge { file: String, bytes: u64, max: u64 },
    #[error("{file} is missing; it is named in listing.toml")]
    Missing { file: String },
    #[error("the bundle's entry “{entry}” was refused: {reason}. The bundle was not imported.")]
    Archive { entry: String, reason: String },
    #[error("{file}: {reason}")]
    Image { file: String, reason: String },
    #[error("{path}: {reason}")]
    Ram { path: PathBuf, reason: String },
}

pub type Result<T> = std::result::Result<T, Error>;

pub(crate) fn io(path: impl Into<PathBuf>) -> impl FnOnce(std::io::Error) -> Error {
    let path = path.into();
    move |source| Error::Io { path, source }
}
