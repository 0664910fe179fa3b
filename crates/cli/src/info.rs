//! A template's information from flags and files: the name, description,
//! introduction (a Markdown file), tags and logo (a PNG, JPEG or GIF file),
//! for `rbpub publish` and `rbpub push-info`.

use rbpub_core::catalogue::Sentence;
use std::path::PathBuf;

use clap::Args;
use rbpub_service::publish::{Information, Logo};
use rbpub_service::{Code, Error, Result};

/// The template's information: used when the template is created.
#[derive(Args)]
pub struct TemplateArgs {
    /// The store template's name; created when the store has none by this name.
    #[arg(long = "template")]
    pub name: String,
    #[arg(long, default_value = "")]
    pub description: String,
    /// A Markdown file with the introduction.
    #[arg(long)]
    pub introduction: Option<PathBuf>,
    #[arg(long = "tag")]
    pub tags: Vec<String>,
    /// A PNG, JPEG or GIF logo, at most 2 MB.
    #[arg(long)]
    pub logo: Option<PathBuf>,
}

fn read_file(path: &PathBuf, what: &str, limit: u64) -> Result<Vec<u8>> {
    let unreadable = |e: std::io::Error| {
        let why = Sentence::new("cli.cannotRead")
            .arg("flag", what)
            .arg("path", path.display());
        Error::because_of(Code::NeedsSetup, why, e)
    };
    let meta = std::fs::metadata(path).map_err(unreadable)?;
    if meta.len() > limit {
        return Err(Error::because(
            Code::Rejected,
            Sentence::new("cli.fileTooLarge")
                .arg("flag", what)
                .arg("path", path.display())
                .arg("most", limit),
        ));
    }
    std::fs::read(path).map_err(unreadable)
}

pub fn information(args: &TemplateArgs, publish_type: &str) -> Result<Information> {
    let introduction = match &args.introduction {
        Some(path) => {
            String::from_utf8(read_file(path, "--introduction", 1 << 20)?).map_err(|_| {
                Error::because(
                    Code::Rejected,
                    Sentence::new("cli.notUtf8").arg("path", path.display()),
                )
            })?
        }
        None => String::new(),
    };
    let logo = match &args.logo {
        Some(path) => {
            let given =
                Logo::sniff(read_file(path, "--logo", 2 * 1024 * 1024)?).ok_or_else(|| {
                    Error::because(
                        Code::Rejected,
                        Sentence::new("cli.notALogo").arg("path", path.display()),
                    )
                })?;
            // Only the pixels go: a photo's EXIF (place, camera, owner) stays here.
            Some(Logo::for_store(&given.bytes).map_err(|e| {
                let why = Sentence::new("cli.logoFile").arg("path", path.display());
                Error::because_of(Code::BadImage, why, e)
            })?)
        }
        None => None,
    };
    Ok(Information {
        name: args.name.clone(),
        description: args.description.clone(),
        introduction,
        tags: args.tags.clone(),
        publish_type: publish_type.to_owned(),
        logo,
    })
}
