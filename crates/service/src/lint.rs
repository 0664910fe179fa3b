//! `rbpub lint`: every listing (or RAM export) under a path checked by the
//! rules, with the nearest `rbpub.toml`'s levels, and the links checked online.

use std::path::Path;

use rayon::prelude::*;
use rbpub_core::budget;
use rbpub_core::offline::ExportReport;
use rbpub_core::rules::{evaluate_draft_with, evaluate_export, evaluate_template};
use rbpub_core::{Finding, Level, Locale, RuleId, RuleLevels};
use rbpub_files::Depth;
use serde::Serialize;
use ts_rs::TS;

use crate::error::Result;
use crate::listing_files::bad_file;

/// One listing's lint: where it is, what it is called, and every finding.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LintedListing {
    /// The listing's folder or file, as found.
    pub path: String,
    /// The app's name, when the listing could be read.
    pub name: String,
    /// Every finding, errors first.
    pub findings: Vec<Finding>,
    /// The listing could not be read; the message names the file and why.
    pub error: Option<String>,
    /// A RAM export's images: each component's and plugin's with its size.
    pub export: Option<ExportReport>,
    /// With checksums asked for, a `sha256sum -c` list of the export.
    #[serde(skip)]
    pub checksums: Vec<String>,
    /// The introduction's web links, for `url.reachable`.
    #[serde(skip)]
    pub links: Vec<String>,
    /// `url.reachable`'s level for this listing.
    #[serde(skip)]
    pub link_level: Level,
}

/// `rbpub lint`: every listing under a path.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LintReport {
    /// Each listing found, in path order.
    pub listings: Vec<LintedListing>,
    /// Error-level findings over all listings.
    pub errors: usize,
    /// Warning-level findings over all listings.
    pub warnings: usize,
    /// Listings that could not be read.
    pub unreadable: usize,
}

impl LintReport {
    /// Sets the totals from the listings' findings.
    fn count(&mut self) {
        let count = |level: Level| {
            self.listings
                .iter()
                .flat_map(|l| &l.findings)
                .filter(|f| f.level == level)
                .count()
        };
        (self.errors, self.warnings) = (count(Level::Error), count(Level::Warning));
        self.unreadable = self.listings.iter().filter(|l| l.error.is_some()).count();
    }

    /// An error-level finding or an unreadable listing fails a pipeline.
    pub fn failed(&self) -> bool {
        self.errors > 0 || self.unreadable > 0
    }
}

/// What `rbpub lint` does besides the rules.
#[derive(Clone, Copy, Debug, Default)]
pub struct LintOptions {
    /// Collect every introduction's links for [`check_links`], not only
    /// where `url.reachable` is on.
    pub all_links: bool,
    /// Hash every RAM export and its entries (a `sha256sum -c` list).
    pub checksums: bool,
}

/// Lints every listing at or under `path` (folders with `listing.toml`,
/// `.rbpub` bundles, RAM exports by the template's rules and, read whole,
/// by what an offline install needs), on every core, with the nearest
/// `rbpub.toml`'s levels.
pub fn lint_path(path: &Path, locale: Locale, options: LintOptions) -> Result<LintReport> {
    let listings = rbpub_files::find_listings(path).map_err(bad_file)?;
    let project = rbpub_files::project_levels(path).map_err(bad_file)?;
    let lint = || -> Vec<LintedListing> {
        listings
            .par_iter()
            .map(|p| lint_one(p, &project, locale, options))
            .collect()
    };
    // One budget for the whole run: only as many listings at once as their
    // whole budgets fit in it, whatever the number of cores.
    let linted = match rayon::ThreadPoolBuilder::new()
        .num_threads(listings_at_once())
        .build()
    {
        Ok(pool) => pool.install(lint),
        Err(_) => listings
            .iter()
            .map(|p| lint_one(p, &project, locale, options))
            .collect(),
    };
    let mut report = LintReport {
        listings: linted,
        errors: 0,
        warnings: 0,
        unreadable: 0,
    };
    report.count();
    Ok(report)
}

/// Listings read side by side: each may take its whole budget
/// (`LISTING_TOTAL_BYTES`), and together they stay within `LINT_BYTES`.
fn listings_at_once() -> usize {
    let fit = budget::LINT_BYTES / budget::LISTING_TOTAL_BYTES;
    usize::try_from(fit)
        .unwrap_or(1)
        .clamp(1, rayon::current_num_threads().max(1))
}

fn lint_one(
    path: &Path,
    project: &RuleLevels,
    locale: Locale,
    options: LintOptions,
) -> LintedListing {
    let shown = path.display().to_string();
    if rbpub_files::is_ram(path) {
        return lint_ram(path, shown, project, locale, options.checksums);
    }
    match rbpub_files::read(path, Depth::Lint) {
        Ok(files) => {
            let l = &files.draft.listing;
            let link_level = project.under(&l.rule_levels).level(RuleId::UrlReachable);
            let links = if options.all_links || link_level != Level::Off {
                rbpub_core::text::web_links(&l.introduction)
            } else {
                Vec::new()
            };
            LintedListing {
                path: shown,
                name: l.name.clone(),
                findings: evaluate_draft_with(&files.draft, project, locale),
                error: None,
                export: None,
                checksums: Vec::new(),
                links,
                link_level,
            }
        }
        Err(e) => LintedListing {
            path: shown,
            name: String::new(),
            findings: Vec::new(),
            error: Some(crate::listing_files::bad_file(e).why(locale)),
            export: None,
            checksums: Vec::new(),
            links: Vec::new(),
            link_level: Level::Off,
        },
    }
}

/// A RAM export checked by the template's rules (a listing's other fields are
/// not in it) and, read whole, by what an offline install needs of its
/// images; with the project's levels. A bare `metadata.json` has no images.
fn lint_ram(
    path: &Path,
    shown: String,
    project: &RuleLevels,
    locale: Locale,
    checksums: bool,
) -> LintedListing {
    let read = if path.extension().is_some_and(|e| e == "json") {
        rbpub_files::read_ram(path).map(|template| (template, None, Vec::new()))
    } else {
        rbpub_files::read_export(path, checksums).map(|r| {
            let report = ExportReport::new(&r.template, &r.contents);
            (r.template, Some((r.contents, report)), r.checksums)
        })
    };
    let mut linted = LintedListing {
        path: shown,
        name: String::new(),
        findings: Vec::new(),
        error: None,
        export: None,
        checksums: Vec::new(),
        links: Vec::new(),
        link_level: Level::Off,
    };
    match read {
        Ok((template, export, checksums)) => {
            let mut findings = evaluate_template(&template, locale);
            if let Some((contents, report)) = export {
                findings.extend(evaluate_export(&template, &contents, locale));
                linted.export = Some(report);
            }
            linted.findings = project.apply(findings);
            linted.findings.sort_by_key(|f| f.level != Level::Error);
            linted.name = template.name;
            linted.checksums = checksums;
        }
        Err(e) => linted.error = Some(crate::listing_files::bad_file(e).why(locale)),
    }
    linted
}

/// `url.reachable`: asks every link of the listings where the rule is on (or
/// everywhere, as a warning, with `force`), each URL once, eight at a time.
pub(crate) async fn check_links(
    report: &mut LintReport,
    http: &rbpub_remote::Transport,
    force: bool,
    locale: Locale,
) {
    use futures_util::stream::{self, StreamExt};
    use std::collections::HashMap;
    let level = |l: &LintedListing| match l.link_level {
        Level::Off if force => Level::Warning,
        other => other,
    };
    let mut urls: Vec<&str> = report
        .listings
        .iter()
        .filter(|l| level(l) != Level::Off)
        .flat_map(|l| l.links.iter().map(String::as_str))
        .collect();
    urls.sort_unstable();
    urls.dedup();
    let answers: HashMap<String, Result<(), String>> = stream::iter(urls)
        .map(|url| async move { (url.to_string(), http.check_link(url).await) })
        .buffer_unordered(8)
        .collect()
        .await;
    for l in &mut report.listings {
        let level = level(l);
        if level == Level::Off {
            continue;
        }
        for url in &l.links {
            if let Some(Err(reason)) = answers.get(url) {
                let finding = rbpub_core::rules::unreachable_link(url, reason, level, locale);
                l.findings.push(finding);
            }
        }
    }
    report.count();
}
