//! What can go wrong reading or writing a listing's files.

use std::path::PathBuf;

use rbpub_core::catalogue::Sentence;

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
    #[error("{file}: {}", .reason.say(rbpub_core::Locale::En))]
    Malformed { file: String, reason: Sentence },
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
    #[error("the bundle's entry “{entry}” was refused: {}. The bundle was not imported.", .reason.say(rbpub_core::Locale::En))]
    Archive { entry: String, reason: Sentence },
    #[error("{file}: {}", .reason.say(rbpub_core::Locale::En))]
    Image { file: String, reason: Sentence },
    #[error("{}: {}", .path.display(), .reason.say(rbpub_core::Locale::En))]
    Ram { path: PathBuf, reason: Sentence },
}

impl Error {
    /// Why, in the catalogue's words, and the words of what refused (the OS's,
    /// a parser's) when there are any.
    pub fn sentence(&self) -> (Sentence, Option<String>) {
        let s = Sentence::new;
        match self {
            Error::Io { path, source } => (
                s("files.io").arg("path", path.display()),
                Some(source.to_string()),
            ),
            Error::NotAListing(path) => (s("files.notAListing").arg("path", path.display()), None),
            Error::Schema { file, found, known } => (
                s("files.schema")
                    .arg("file", file)
                    .arg("found", found)
                    .arg("known", known),
                None,
            ),
            Error::Malformed { file, reason } => (
                s("files.malformed")
                    .arg("file", file)
                    .part("why", reason.clone()),
                None,
            ),
            Error::OutsideFolder { file, target } => (
                s("files.outsideFolder")
                    .arg("file", file)
                    .arg("target", target),
                None,
            ),
            Error::Link(file) => (s("files.link").arg("file", file), None),
            Error::LinkInExport(file) => (s("files.linkInExport").arg("file", file), None),
            Error::OtherListing { folder, name } => (
                s("files.otherListing")
                    .arg("folder", folder)
                    .arg("name", name),
                None,
            ),
            Error::TooLarge { file, bytes, max } => (
                s("files.tooLarge")
                    .arg("file", file)
                    .arg("mb", bytes.div_ceil(1024 * 1024))
                    .arg("max", max / 1024 / 1024),
                None,
            ),
            Error::Missing { file } => (s("files.missing").arg("file", file), None),
            Error::Archive { entry, reason } => (
                s("files.archive")
                    .arg("entry", entry)
                    .part("why", reason.clone()),
                None,
            ),
            Error::Image { file, reason } => (
                s("files.image")
                    .arg("file", file)
                    .part("why", reason.clone()),
                None,
            ),
            Error::Ram { path, reason } => (
                s("files.ram")
                    .arg("path", path.display())
                    .part("why", reason.clone()),
                None,
            ),
        }
    }
}

pub type Result<T> = std::result::Result<T, Error>;

pub(crate) fn io(path: impl Into<PathBuf>) -> impl FnOnce(std::io::Error) -> Error {
    let path = path.into();
    move |source| Error::Io { path, source }
}
