//! `rbpub lint`, `preview`, `export`, `import` and `diff`: listings as files,
//! checked and shown for pipelines — the same rules and the same page as the window.

use std::path::PathBuf;

use clap::{Args, ValueEnum};
use rbpub_core::catalogue::Sentence;
use rbpub_core::diff::{ChangeKind, LineTag, ListingDiff};
use rbpub_core::offline::ExportReport;
use rbpub_core::Locale;
use rbpub_service::headless::Headless;
use rbpub_service::{
    data_dir, diff_paths, diff_with_live, export_name, lint_path, preview_path, Code, Error,
    ExportAs, LintOptions, LintReport, Result, Service, Theme,
};
use serde_json::json;

use crate::outcome::{Outcome, Status};
use crate::StoreArgs;

#[derive(Clone, Copy, ValueEnum, Default, PartialEq, Eq)]
pub enum Format {
    #[default]
    Text,
    Json,
}

#[derive(Args)]
pub struct LintArgs {
    /// A listing folder, a .rbpub bundle, a RAM export (*-ram.tar.gz,
    /// metadata.json), or a folder of them (searched below).
    pub path: PathBuf,
    /// How to print the findings (`json` as `--json` does).
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
    /// Ask every link of the introductions (`url.reachable`, a warning where it is off).
    #[arg(long)]
    pub check_links: bool,
    /// Write a `sha256sum -c` list of each RAM export and its entries to FILE,
    /// to verify a copy (`sha256sum -c --ignore-missing FILE` beside the export).
    #[arg(long, value_name = "FILE")]
    pub checksums: Option<PathBuf>,
}

#[derive(Clone, Copy, ValueEnum, Default)]
pub enum ThemeArg {
    #[default]
    Auto,
    Light,
    Dark,
}

#[derive(Args)]
pub struct PreviewArgs {
    /// A listing folder, a .rbpub bundle, or a RAM export (*-ram.tar.gz, metadata.json).
    pub path: PathBuf,
    #[arg(short, long)]
    pub output: PathBuf,
    #[arg(long, value_enum, default_value_t)]
    pub theme: ThemeArg,
}

#[derive(Args)]
pub struct ExportArgs {
    /// The listing's id or name, in the drafts of RBPUB_DATA_DIR.
    pub listing: String,
    /// Where to write; defaults to the listing's name in the current folder.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// One .rbpub file instead of a folder.
    #[arg(long)]
    pub bundle: bool,
    /// Write into the folder even where its listing.toml is another listing's
    /// (its files are overwritten).
    #[arg(long)]
    pub force: bool,
}

#[derive(Args)]
pub struct ImportArgs {
    /// Listing folders, .rbpub bundles, or RAM exports (*-ram.tar.gz,
    /// metadata.json); many at once are written in batches of at most a hundred listings or 64 MB.
    #[arg(required = true, num_args = 1..)]
    pub paths: Vec<PathBuf>,
    /// Open it read-only, for review notes.
    #[arg(long)]
    pub review: bool,
}

#[derive(Args)]
pub struct DiffArgs {
    /// The listing folder or bundle that would be pushed.
    pub path: PathBuf,
    /// Compare with another folder or bundle (say, the last one pushed).
    #[arg(long, conflicts_with = "app_id")]
    pub against: Option<PathBuf>,
    /// Compare with the app as the store shows it now.
    #[arg(long, required_unless_present = "against")]
    pub app_id: Option<String>,
    #[command(flatten)]
    pub store: StoreArgs,
}

#[derive(Args)]
pub struct DiffVersionsArgs {
    /// The version installed apps run: a `*-ram.tar.gz` export, a
    /// metadata.json, or (with --app-id or --template) a version on the store.
    pub from: String,
    /// The version they would upgrade to, likewise.
    pub to: String,
    /// The store app whose versions FROM and TO may name.
    #[arg(long, conflicts_with = "template")]
    pub app_id: Option<String>,
    /// Or the app's name on the store.
    #[arg(long)]
    pub template: Option<String>,
    #[command(flatten)]
    pub store: crate::StoreArgs,
}

/// A side of `diff-versions`: a file when there is one, else a store version.
async fn template_of(
    side: &str,
    args: &DiffVersionsArgs,
    remote: &Headless,
) -> Result<rbpub_core::Template> {
    let path = std::path::Path::new(side);
    if path.exists() || (args.app_id.is_none() && args.template.is_none()) {
        return rbpub_service::upgrades::read_template(path);
    }
    let store = crate::access::store(remote, &args.store)?;
    let app_id = store
        .app_id(args.app_id.as_deref(), args.template.as_deref())
        .await?;
    store.version_template(&app_id, side).await
}

/// `rbpub diff-versions`: what an upgrade does, component by component.
pub async fn diff_versions(
    args: DiffVersionsArgs,
    locale: Locale,
    remote: &Headless,
) -> Result<Outcome> {
    use rbpub_core::upgrade::{describe_change, describe_fate, upgrade, Fate};
    let old = template_of(&args.from, &args, remote).await?;
    let new = template_of(&args.to, &args, remote).await?;
    let report = upgrade(&old, &new);
    let mut lines = Vec::new();
    for c in &report.components {
        lines.push(describe_fate(c, locale));
        lines.extend(
            c.changes
                .iter()
                .map(|ch| format!("  {}", describe_change(ch, locale))),
        );
    }
    let second_copies = report.re_keyed().count();
    let count =
        |fate: fn(&Fate) -> bool| report.components.iter().filter(|c| fate(&c.fate)).count();
    let added = count(|f| matches!(f, Fate::Added));
    let removed = count(|f| matches!(f, Fate::Removed));
    let changed = count(|f| matches!(f, Fate::Kept));
    lines.push(
        Sentence::new("cli.upgradeCounts")
            .arg("from", &report.from)
            .arg("to", &report.to)
            .arg("added", added)
            .arg("removed", removed)
            .arg("changed", changed)
            .arg("copies", second_copies)
            .say(locale),
    );
    Ok(Outcome::new(json!({"report": report})).shown(lines.join("\n")))
}

pub async fn lint(args: LintArgs, locale: Locale, remote: &Headless) -> Result<Outcome> {
    let path = args.path.clone();
    let options = LintOptions {
        all_links: args.check_links,
        checksums: args.checksums.is_some(),
    };
    let mut report = tokio::task::spawn_blocking(move || lint_path(&path, locale, options))
        .await
        .map_err(|e| Error::new(Code::BadFile, e.to_string()))??;
    if let Some(file) = &args.checksums {
        let lines: Vec<&str> = report
            .listings
            .iter()
            .flat_map(|l| l.checksums.iter().map(String::as_str))
            .collect();
        std::fs::write(
            file,
            lines.iter().map(|l| format!("{l}\n")).collect::<String>(),
        )
        .map_err(|e| unwritable(file, e))?;
    }
    remote
        .check_links(&mut report, args.check_links, locale)
        .await;
    let summary = match args.format {
        Format::Json => serde_json::to_string_pretty(&report).unwrap_or_default(),
        Format::Text => lint_text(&report, locale),
    };
    let failed = report.failed();
    let outcome = Outcome::new(json!({"failed": failed, "report": report})).shown(summary);
    Ok(match failed {
        true => outcome.with_status(Status::ChecksFailed),
        false => outcome,
    })
}

/// `path` cannot be written; `e`: the OS's words.
fn unwritable(path: &std::path::Path, e: std::io::Error) -> Error {
    let why = Sentence::new("cli.cannotWrite").arg("path", path.display());
    Error::because_of(Code::BadFile, why, e)
}

fn lint_text(report: &LintReport, locale: Locale) -> String {
    let mut out = String::new();
    for l in &report.listings {
        let name = if l.name.is_empty() {
            String::new()
        } else {
            format!(" ({})", l.name)
        };
        if let Some(e) = &l.error {
            let unreadable = Sentence::new("cli.lintUnreadable")
                .arg("path", format!("{}{name}", l.path))
                .arg("why", e);
            out += &unreadable.say(locale);
            out += "\n";
            continue;
        }
        let images = l.export.as_ref().filter(|e| e.carries_images);
        if l.findings.is_empty() && images.is_none() {
            continue;
        }
        out += &format!("{}{name}\n", l.path);
        for f in &l.findings {
            let level = crate::lang::level_label(f.level, locale);
            out += &format!("  {level} {:<18} {}\n", f.rule.as_str(), f.message);
        }
        if let Some(export) = images {
            out += &export_sizes(export, locale);
        }
    }
    let counted = |key: &str, n: usize| Sentence::new(key).count(n).say(locale);
    let totals = Sentence::new("cli.lintTotals")
        .arg("listings", counted("cli.listings", report.listings.len()))
        .arg("errors", counted("cli.errors", report.errors))
        .arg("warnings", counted("cli.warnings", report.warnings));
    out += &totals.say(locale);
    if report.unreadable > 0 {
        out += &counted("cli.unreadable", report.unreadable);
    }
    out
}

/// An offline export's images: each with its size (or that it is missing), and the total.
fn export_sizes(export: &ExportReport, locale: Locale) -> String {
    let mut out = Sentence::new("cli.imagesInAll")
        .arg("size", human_bytes(export.total_bytes))
        .say(locale);
    out += "\n";
    let missing = Sentence::new("cli.notInExport").say(locale);
    let rows = export.components.iter().chain(&export.plugins);
    for i in rows.filter(|i| !i.image.is_empty()) {
        let size = i.bytes.map_or_else(|| missing.clone(), human_bytes);
        out += &format!("    {:<20} {:>17}  {}\n", i.name, size, i.image);
    }
    out
}

/// Bytes as people read them, in binary units: "812 KB", "1.4 GB".
fn human_bytes(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["KB", "MB", "GB", "TB"];
    let mut value = bytes as f64 / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{} KB", bytes.div_ceil(1024))
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

pub fn preview(args: PreviewArgs, locale: Locale) -> Result<Outcome> {
    let theme = match args.theme {
        ThemeArg::Auto => Theme::Auto,
        ThemeArg::Light => Theme::Light,
        ThemeArg::Dark => Theme::Dark,
    };
    let html = preview_path(&args.path, locale, theme)?;
    std::fs::write(&args.output, &html).map_err(|e| unwritable(&args.output, e))?;
    Ok(
        Outcome::new(json!({"output": args.output.display().to_string()})).said(
            Sentence::new("cli.previewWritten")
                .arg("path", args.output.display())
                .arg("kb", html.len().div_ceil(1024)),
        ),
    )
}

pub async fn open_service() -> Service {
    Service::open(&data_dir()).await
}

pub async fn export(args: ExportArgs) -> Result<Outcome> {
    let service = open_service().await;
    let id = service.find_listing(&args.listing).await?;
    let kind = if args.bundle {
        ExportAs::Bundle
    } else {
        ExportAs::Folder
    };
    let name = service
        .open_listing(&id, Locale::En)
        .await?
        .draft
        .listing
        .name;
    let to = args.output.unwrap_or_else(|| export_name(&name, kind));
    let written = service
        .export_listing(&id, &to, kind, args.force)
        .await
        .map_err(|mut e| {
            if e.code == Code::FolderTaken {
                let name = e.params.detail.take().unwrap_or_default();
                e.params.reason = Some(
                    Sentence::new("cli.folderHolds")
                        .arg("folder", to.display())
                        .arg("name", name),
                );
                e.message = e.localized(Locale::En);
            }
            e
        })?;
    Ok(Outcome::new(json!({"output": written, "id": id})).said(
        Sentence::new("cli.exported")
            .arg("path", &written)
            .arg("name", &name),
    ))
}

pub async fn import(args: ImportArgs, locale: Locale) -> Result<Outcome> {
    let service = open_service().await;
    if let [path] = args.paths.as_slice() {
        let view = service
            .import_listing(path, args.review, Locale::En)
            .await?;
        let l = &view.draft.listing;
        let said = Sentence::new(match l.for_review {
            true => "cli.importedForReview",
            false => "cli.imported",
        });
        return Ok(Outcome::new(json!({"id": l.id, "findings": view.findings}))
            .said(said.arg("name", &l.name).arg("id", &l.id)));
    }
    let done = service.import_listings(&args.paths, args.review).await?;
    let said = Sentence::new(match args.review {
        true => "cli.importedManyForReview",
        false => "cli.importedMany",
    });
    let failed = !done.failed.is_empty();
    let mut outcome = Outcome::new(
        json!({"imported": done.imported, "notImported": done.failed, "failed": failed}),
    )
    .said(said.count(done.imported.len()));
    if failed {
        outcome = outcome.with_status(Status::ChecksFailed);
    }
    for f in &done.failed {
        outcome = outcome.said(
            Sentence::new("cli.notImported")
                .arg("path", &f.path)
                .arg("why", f.error.localized(locale)),
        );
    }
    Ok(outcome)
}

pub async fn diff(args: DiffArgs, remote: &Headless, locale: Locale) -> Result<Outcome> {
    let changes = match (&args.against, &args.app_id) {
        (Some(against), _) => diff_paths(against, &args.path)?,
        (None, Some(app_id)) => {
            let live = crate::access::store(remote, &args.store)?
                .live_listing(app_id)
                .await?;
            diff_with_live(&args.path, &live)?
        }
        (None, None) => {
            return Err(Error::because(
                Code::NeedsSetup,
                Sentence::new("cli.diffNeedsSide"),
            ))
        }
    };
    let text = diff_text(&changes, locale);
    Ok(Outcome::new(json!({"diff": changes})).shown(text))
}

fn diff_text(d: &ListingDiff, locale: Locale) -> String {
    if d.changes.is_empty() {
        return Sentence::new("cli.noChanges").say(locale);
    }
    let mut out = String::new();
    for c in &d.changes {
        let field = c.field.label(locale);
        let item = c
            .item
            .as_deref()
            .map(|i| format!(" “{i}”"))
            .unwrap_or_default();
        let kind = Sentence::new(match c.kind {
            ChangeKind::Added => "cli.added",
            ChangeKind::Changed => "cli.changed",
            ChangeKind::Removed => "cli.removed",
        })
        .arg("what", format!("{field}{item}"));
        if c.lines.is_empty() {
            out += &format!("{}: {:?} → {:?}\n", kind.say(locale), c.before, c.after);
        } else {
            out += &format!("{}:\n", kind.say(locale));
            for l in &c.lines {
                let mark = match l.tag {
                    LineTag::Same => "  ",
                    LineTag::Added => "+ ",
                    LineTag::Removed => "- ",
                    LineTag::Gap => "…",
                };
                out += &format!("  {mark}{}\n", l.text);
            }
        }
    }
    out.trim_end().to_string()
}
