//! `rbpub assets check` and `rbpub assets fix`: the logo checks and fixes of
//! step 5, on files, for pipelines.

use crate::outcome::{Outcome, Status};
use rbpub_core::catalogue::Sentence;
use std::path::PathBuf;

use clap::{Subcommand, ValueEnum};
use rbpub_core::{Fix, Level, Locale};
use rbpub_service::{check_image_file, fix_image_file, Code, Error, LogoFix, Result};
use serde_json::json;

#[derive(Subcommand)]
pub enum AssetsCommand {
    /// Check image files against the store's logo rules. Exits 10 when any has an error.
    Check {
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Write a fixed copy of a logo: square, store-sized, PNG (or JPEG under 2 MB).
    Fix {
        file: PathBuf,
        #[arg(short, long)]
        output: PathBuf,
        /// Which fix; `all` applies every one.
        #[arg(long, value_enum, default_value_t = FixArg::All)]
        fix: FixArg,
        /// Padding and flattening colour as #rrggbb; padding is transparent without it.
        #[arg(long)]
        background: Option<String>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
pub enum FixArg {
    All,
    Pad,
    Crop,
    Resize,
    Convert,
}

pub async fn run(command: AssetsCommand, locale: Locale) -> Result<Outcome> {
    match command {
        AssetsCommand::Check { files } => check(files, locale).await,
        AssetsCommand::Fix {
            file,
            output,
            fix,
            background,
        } => {
            let fix = LogoFix {
                fix: match fix {
                    FixArg::All => None,
                    FixArg::Pad => Some(Fix::PadSquare),
                    FixArg::Crop => Some(Fix::CropSquare),
                    FixArg::Resize => Some(Fix::ResizeLogo),
                    FixArg::Convert => Some(Fix::ConvertLogo),
                },
                background,
            };
            let fixed = fix_image_file(&file, &fix).await?;
            std::fs::write(&output, &fixed.bytes).map_err(|e| {
                Error::because_of(
                    Code::BadImage,
                    Sentence::new("cli.cannotWrite").arg("path", output.display()),
                    e,
                )
            })?;
            let i = &fixed.info;
            Ok(Outcome::new(json!({
                "output": output.display().to_string(),
                "image": i,
            }))
            .said(image_line(&output.display().to_string(), i, None)))
        }
    }
}

/// Every file is checked, readable or not; the text lists each problem under
/// its file, the JSON carries everything.
async fn check(files: Vec<PathBuf>, locale: Locale) -> Result<Outcome> {
    let mut lines = Vec::new();
    let mut results = Vec::new();
    let mut failed = false;
    for path in files {
        match check_image_file(&path, locale).await {
            Ok(c) => {
                let i = &c.inspection.info;
                lines.push(image_line(&c.file, i, Some(&c.inspection.color)).say(locale));
                lines.extend(
                    c.notes
                        .iter()
                        .map(|n| Sentence::new("cli.imageNote").arg("note", n).say(locale)),
                );
                for f in &c.findings {
                    let level = crate::lang::level_label(f.level, locale);
                    let rule = serde_json::to_value(f.rule).unwrap_or_default();
                    lines.push(format!(
                        "  {level}  {}  {}",
                        rule.as_str().unwrap_or(""),
                        f.message
                    ));
                }
                failed |= c.findings.iter().any(|f| f.level == Level::Error);
                results.push(json!({"file": c.file, "inspection": c.inspection, "notes": c.notes, "findings": c.findings}));
            }
            Err(e) => {
                failed = true;
                lines.push(e.localized(locale));
                results.push(json!({"file": path.display().to_string(), "error": {"code": e.code, "message": e.message}}));
            }
        }
    }
    let outcome = Outcome::new(json!({"files": results, "failed": failed})).shown(lines.join("\n"));
    Ok(match failed {
        true => outcome.with_status(Status::ChecksFailed),
        false => outcome,
    })
}

/// `FILE: PNG 512×512, 20480 bytes[, colour]`.
fn image_line(file: &str, i: &rbpub_core::ImageInfo, color: Option<&str>) -> Sentence {
    let said = match color {
        Some(color) => Sentence::new("cli.imageWithColor").arg("color", color),
        None => Sentence::new("cli.image"),
    };
    said.arg("file", file)
        .arg("format", i.format.as_str().to_uppercase())
        .arg("width", i.width)
        .arg("height", i.height)
        .arg("bytes", i.bytes)
}
