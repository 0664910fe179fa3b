//! `rbpub assets check` and `rbpub assets fix`: the logo checks and fixes of
//! step 5, on files, for pipelines.

use std::path::PathBuf;

use clap::{Subcommand, ValueEnum};
use rbpub_core::{Fix, Level, Locale};
use rbpub_service::{check_image_file, fix_image_file, Code, Error, LogoFix, Result};
use serde_json::{json, Value};

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

pub async fn run(command: AssetsCommand, locale: Locale) -> Result<Value> {
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
                Error::new(
                    Code::BadImage,
                    format!("{}: cannot be written ({e})", output.display()),
                )
            })?;
            let i = &fixed.info;
            Ok(json!({
                "summary": format!("{}: {} {}×{}, {} bytes", output.display(), i.format.as_str().to_uppercase(), i.width, i.height, i.bytes),
                "output": output.display().to_string(),
                "image": i,
            }))
        }
    }
}

/// Every file is checked, readable or not; the text lists each problem under
/// its file, the JSON carries everything.
async fn check(files: Vec<PathBuf>, locale: Locale) -> Result<Value> {
    let mut lines = Vec::new();
    let mut results = Vec::new();
    let mut failed = false;
    for path in files {
        match check_image_file(&path, locale).await {
            Ok(c) => {
                let i = &c.inspection.info;
                lines.push(format!(
                    "{}: {} {}×{}, {} bytes, {}",
                    c.file,
                    i.format.as_str().to_uppercase(),
                    i.width,
                    i.height,
                    i.bytes,
                    c.inspection.color
                ));
                lines.extend(c.notes.iter().map(|n| format!("  note     {n}")));
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
                lines.push(e.message.clone());
                results.push(json!({"file": path.display().to_string(), "error": {"code": e.code, "message": e.message}}));
            }
        }
    }
    Ok(json!({"summary": lines.join("\n"), "files": results, "failed": failed}))
}
