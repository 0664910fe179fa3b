//! `rbpub lint`, `preview`, `export`, `import` and `diff`: listings as files,
//! checked and shown for pipelines — the same rules and the same page as the window.

use std::path::PathBuf;

use clap::{Args, ValueEnum};
use rbpub_core::diff::{ChangeKind, LineTag, ListingDiff};
use rbpub_core::offline::ExportReport;
use rbpub_core::Locale;
use rbpub_service::headless::Headless;
use rbpub_service::{
    data_dir, diff_paths, diff_with_live, export_name, lint_path, preview_path, Code, Error,
    ExportAs, LintOptions, LintReport, Result, Service, Theme,
};
use serde_json::{json, Value};

use crate::lang::{count, text};
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
) -> Result<Value> {
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
    lines.push(crate::lang::text(
        locale,
        &format!(
            "{} → {}: {added} added, {removed} removed, {changed} changed, {second_copies} would be a second copy",
            report.from, report.to
        ),
        &format!(
            "{} → {}：新增 {added} 个，删除 {removed} 个，变化 {changed} 个，{second_copies} 个会成为第二个副本",
            report.from, report.to
        ),
    ));
    Ok(json!({"summary": lines.join("\n"), "report": report}))
}

pub async fn lint(args: LintArgs, locale: Locale, remote: &Headless) -> Result<Value> {
    let path = args.path.clone();
    let options = LintOptions {
        all_links: args.check_links,
        checksums: args.checksums.is_some(),
    };
    let mut report = tokio::task::spawn_blocking(move || lint_path(&path, locale, options))
        .await
        .map_err(|e| Error::new(Code::BadFile, format!("the lint failed: {e}")))??;
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
        .map_err(|e| {
            Error::new(
                Code::BadFile,
                format!("{}: cannot be written ({e})", file.display()),
            )
        })?;
    }
    remote
        .check_links(&mut report, args.check_links, locale)
        .await;
    let summary = match args.format {
        Format::Json => serde_json::to_string_pretty(&report).unwrap_or_default(),
        Format::Text => lint_text(&report, locale),
    };
    Ok(json!({"summary": summary, "failed": report.failed(), "report": report}))
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
            let unreadable = text(locale, "cannot be read", "无法读取");
            out += &format!("{}{name}: {unreadable}: {e}\n", l.path);
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
    let (listings, errors, warnings) = (report.listings.len(), report.errors, report.warnings);
    out += &match locale {
        Locale::En => format!(
            "{}: {}, {}",
            count(listings, "listing", "listings"),
            count(errors, "error", "errors"),
            count(warnings, "warning", "warnings")
        ),
        Locale::ZhCn => format!("{listings} 个上架信息：{errors} 个错误，{warnings} 个警告"),
    };
    if report.unreadable > 0 {
        out += &match locale {
            Locale::En => format!(", {} unreadable", report.unreadable),
            Locale::ZhCn => format!("，{} 个无法读取", report.unreadable),
        };
    }
    out
}

/// An offline export's images: each with its size (or that it is missing), and the total.
fn export_sizes(export: &ExportReport, locale: Locale) -> String {
    let mut out = format!(
        "  {} {}\n",
        text(locale, "images, in all:", "镜像合计："),
        human_bytes(export.total_bytes)
    );
    let missing = text(locale, "not in the export", "不在离线包中");
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

pub fn preview(args: PreviewArgs, locale: Locale) -> Result<Value> {
    let theme = match args.theme {
        ThemeArg::Auto => Theme::Auto,
        ThemeArg::Light => Theme::Light,
        ThemeArg::Dark => Theme::Dark,
    };
    let html = preview_path(&args.path, locale, theme)?;
    std::fs::write(&args.output, &html).map_err(|e| {
        Error::new(
            Code::BadFile,
            format!("{}: cannot be written ({e})", args.output.display()),
        )
    })?;
    Ok(json!({
        "summary": format!("{}: {} KB, {}", args.output.display(), html.len().div_ceil(1024), text(locale, "open it in any browser", "可用任意浏览器打开")),
        "output": args.output.display().to_string(),
    }))
}

pub async fn open_service() -> Service {
    Service::open(&data_dir()).await
}

pub async fn export(args: ExportArgs) -> Result<Value> {
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
                e.params.detail = Some(format!(
                    "{} holds “{name}”; --force writes into it",
                    to.display()
                ));
            }
            e
        })?;
    Ok(json!({"summary": format!("{written}: exported “{name}”"), "output": written, "id": id}))
}

pub async fn import(args: ImportArgs) -> Result<Value> {
    let service = open_service().await;
    if let [path] = args.paths.as_slice() {
        let view = service
            .import_listing(path, args.review, Locale::En)
            .await?;
        let l = &view.draft.listing;
        return Ok(json!({
            "summary": format!("imported “{}” as listing {}{}", l.name, l.id, if l.for_review { " (for review)" } else { "" }),
            "id": l.id,
            "findings": view.findings,
        }));
    }
    let done = service.import_listings(&args.paths, args.review).await?;
    let mut summary = format!("imported {} listings", done.imported.len());
    if args.review {
        summary += " (for review)";
    }
    for f in &done.failed {
        summary += &format!("\nnot imported: {}: {}", f.path, f.error.message);
    }
    Ok(
        json!({"summary": summary, "imported": done.imported, "notImported": done.failed,
              "failed": !done.failed.is_empty()}),
    )
}

pub async fn diff(args: DiffArgs, remote: &Headless) -> Result<Value> {
    let changes = match (&args.against, &args.app_id) {
        (Some(against), _) => diff_paths(against, &args.path)?,
        (None, Some(app_id)) => {
            let live = crate::access::store(remote, &args.store)?
                .live_listing(app_id)
                .await?;
            diff_with_live(&args.path, &live)?
        }
        (None, None) => {
            return Err(Error::new(
                Code::NeedsSetup,
                "give --against PATH or --app-id ID",
            ))
        }
    };
    Ok(json!({"summary": diff_text(&changes), "diff": changes}))
}

fn diff_text(d: &ListingDiff) -> String {
    if d.changes.is_empty() {
        return "no changes: the push would leave the store as it is".into();
    }
    let mut out = String::new();
    for c in &d.changes {
        let field = c.field.label(Locale::En);
        let item = c
            .item
            .as_deref()
            .map(|i| format!(" “{i}”"))
            .unwrap_or_default();
        let kind = match c.kind {
            ChangeKind::Added => "added",
            ChangeKind::Changed => "changed",
            ChangeKind::Removed => "removed",
        };
        if c.lines.is_empty() {
            out += &format!("{field}{item} {kind}: {:?} → {:?}\n", c.before, c.after);
        } else {
            out += &format!("{field}{item} {kind}:\n");
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
