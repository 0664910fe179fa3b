//! The checks themselves: one function per rule over a listing or the publisher.

use crate::catalogue::Sentence;
use std::collections::HashSet;

use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};

use super::messages::{sentence, subject};
use super::{Field, FieldRef, Finding, Fix, Problem, RuleId, RuleLevels};
use crate::image::{ImageInfo, LOGO_MAX_BYTES, LOGO_MAX_SIDE, LOGO_MIN_SIDE, LOGO_STORE_SIDE};
use crate::listing::{Listing, ListingDraft, Package, Version};
use crate::locale::Locale;
use crate::publisher::Publisher;
use crate::text;

const NAME_MAX: usize = 64;
const NAME_RECOMMENDED: usize = 32;
const DESC_MAX: usize = 400;
const DESC_RECOMMENDED: usize = 60;
const VERSION_MAX: usize = 15;
const ALIAS_MAX: usize = 64;
const NOTES_MAX: usize = 255;
const TAGS_MAX: usize = 5;
const TAG_MAX: usize = 16;

/// Collects findings in the order checks run, rendering each message once.
struct Findings {
    locale: Locale,
    out: Vec<Finding>,
}

impl Findings {
    fn push(
        &mut self,
        rule: RuleId,
        field: Field,
        item: Option<&str>,
        owner: Option<&str>,
        problem: Problem,
    ) {
        let level = rule.default_level();
        let fix = match problem {
            Problem::Invisible { .. } => Some(Fix::StripInvisible),
            Problem::LogoFormat(_) | Problem::LogoBytes { .. } => Some(Fix::ConvertLogo),
            Problem::LogoNotSquare { .. } => Some(Fix::PadSquare),
            Problem::LogoTooSmall { .. } | Problem::LogoTooLarge { .. } => Some(Fix::ResizeLogo),
            Problem::TemplateSharedConnection { .. } => Some(Fix::RandomPerInstall),
            _ => None,
        };
        let message = sentence(&problem, subject(field, owner)).say(self.locale);
        self.out.push(Finding {
            rule,
            level,
            field: FieldRef {
                field,
                item: item.map(str::to_string),
            },
            message,
            fix,
        });
    }

    /// `text.invisible` and `text.placeholder`, which every text field shares.
    fn common_text(&mut self, field: Field, item: Option<&str>, owner: Option<&str>, value: &str) {
        let multiline = field.is_multiline();
        if let Some((pos, c, kind)) = text::first_invisible(value, multiline) {
            let count = text::count_invisible(value, multiline);
            self.push(
                RuleId::TextInvisible,
                field,
                item,
                owner,
                Problem::Invisible {
                    pos,
                    c,
                    kind,
                    count,
                },
            );
        }
        if let Some(p) = text::find_placeholder(value) {
            self.push(
                RuleId::TextPlaceholder,
                field,
                item,
                owner,
                Problem::Placeholder(p),
            );
        }
    }

    fn max_len(
        &mut self,
        rule: RuleId,
        field: Field,
        item: Option<&str>,
        owner: Option<&str>,
        value: &str,
        max: usize,
    ) {
        let len = text::char_len(value);
        if len > max {
            self.push(rule, field, item, owner, Problem::TooLong { len, max });
        }
    }
}

/// Every rule of a draft — the listing, its versions, its packages and its
/// template — at the levels the listing sets.
pub fn evaluate_draft(draft: &ListingDraft, locale: Locale) -> Vec<Finding> {
    evaluate_draft_with(draft, &RuleLevels::default(), locale)
}

/// Like [`evaluate_draft`], with a project file's levels under the listing's own.
pub fn evaluate_draft_with(
    draft: &ListingDraft,
    project: &RuleLevels,
    locale: Locale,
) -> Vec<Finding> {
    let mut findings = evaluate_listing(&draft.listing, &draft.versions, &draft.packages, locale);
    if let Some(template) = &draft.template {
        findings.extend(evaluate_template(template, locale));
    }
    project.under(&draft.listing.rule_levels).apply(findings)
}

/// Every text rule of a listing, its versions and its packages.
pub fn evaluate_listing(
    listing: &Listing,
    versions: &[Version],
    packages: &[Package],
    locale: Locale,
) -> Vec<Finding> {
    let mut f = Findings {
        locale,
        out: Vec::new(),
    };
    check_name(&mut f, &listing.name);
    check_description(&mut f, &listing.description);
    check_introduction(&mut f, &listing.introduction);
    check_tags(&mut f, &listing.tags);
    check_logo(&mut f, listing.logo.as_ref());
    check_versions(&mut f, versions);
    check_packages(&mut f, versions, packages);
    f.out
}

/// The `logo.*` rules alone, as `rbpub assets check` runs them on a file.
pub fn evaluate_logo(logo: Option<&ImageInfo>, locale: Locale) -> Vec<Finding> {
    let mut f = Findings {
        locale,
        out: Vec::new(),
    };
    check_logo(&mut f, logo);
    f.out
}

fn check_logo(f: &mut Findings, logo: Option<&ImageInfo>) {
    let Some(logo) = logo else {
        f.push(
            RuleId::LogoPresent,
            Field::Logo,
            None,
            None,
            Problem::LogoMissing,
        );
        return;
    };
    if !logo.format.is_store_format() {
        f.push(
            RuleId::LogoFormat,
            Field::Logo,
            None,
            None,
            Problem::LogoFormat(logo.format),
        );
    }
    if logo.bytes > LOGO_MAX_BYTES {
        let problem = Problem::LogoBytes {
            bytes: logo.bytes,
            max: LOGO_MAX_BYTES,
        };
        f.push(RuleId::LogoBytes, Field::Logo, None, None, problem);
    }
    let (width, height) = (logo.width, logo.height);
    if !logo.is_square() {
        let problem = Problem::LogoNotSquare { width, height };
        f.push(RuleId::LogoSquare, Field::Logo, None, None, problem);
    }
    if width.min(height) < LOGO_MIN_SIDE {
        let min = LOGO_MIN_SIDE;
        let problem = Problem::LogoTooSmall { width, height, min };
        f.push(RuleId::LogoSize, Field::Logo, None, None, problem);
    } else if width.max(height) > LOGO_MAX_SIDE {
        let side = LOGO_STORE_SIDE;
        let problem = Problem::LogoTooLarge {
            width,
            height,
            side,
        };
        f.push(RuleId::LogoSize, Field::Logo, None, None, problem);
    }
}

fn check_name(f: &mut Findings, name: &str) {
    let len = text::char_len(name);
    if len == 0 {
        f.push(
            RuleId::NameLength,
            Field::Name,
            None,
            None,
            Problem::Required,
        );
    } else if len > NAME_MAX {
        f.push(
            RuleId::NameLength,
            Field::Name,
            None,
            None,
            Problem::TooLong { len, max: NAME_MAX },
        );
    } else if len > NAME_RECOMMENDED {
        let problem = Problem::LongerThanRecommended {
            len,
            max: NAME_RECOMMENDED,
        };
        f.push(RuleId::NameRecommended, Field::Name, None, None, problem);
    }
    // Invisible characters get their own, more precise, message below.
    if text::first_invisible(name, false).is_none() {
        let problem = match text::name_charset_problem(name) {
            Some(text::NameProblem::Char(pos, c)) => Some(Problem::NameChar { pos, c }),
            Some(text::NameProblem::Start(c)) => Some(Problem::NameStart(c)),
            Some(text::NameProblem::End(c)) => Some(Problem::NameEnd(c)),
            None => None,
        };
        if let Some(p) = problem {
            f.push(RuleId::NameCharset, Field::Name, None, None, p);
        }
    }
    f.common_text(Field::Name, None, None, name);
}

fn check_description(f: &mut Findings, desc: &str) {
    let len = text::char_len(desc);
    if len > DESC_MAX {
        f.push(
            RuleId::DescLength,
            Field::Description,
            None,
            None,
            Problem::TooLong { len, max: DESC_MAX },
        );
    } else if len > DESC_RECOMMENDED {
        let problem = Problem::LongerThanRecommended {
            len,
            max: DESC_RECOMMENDED,
        };
        f.push(
            RuleId::DescRecommended,
            Field::Description,
            None,
            None,
            problem,
        );
    }
    f.common_text(Field::Description, None, None, desc);
}

fn check_introduction(f: &mut Findings, intro: &str) {
    if intro.trim().is_empty() {
        f.push(
            RuleId::IntroPresent,
            Field::Introduction,
            None,
            None,
            Problem::IntroMissing,
        );
        return;
    }
    let mut headings = 0usize;
    let mut deep: Option<(usize, String)> = None;
    let mut in_deep = false;
    let mut unsafe_part: Option<String> = None;
    for event in Parser::new(intro) {
        if unsafe_part.is_none() {
            unsafe_part = match &event {
                Event::Html(html) | Event::InlineHtml(html) => text::executable_html(html),
                Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                    text::executable_url(dest_url)
                }
                _ => None,
            };
        }
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                headings += 1;
                in_deep = deep.is_none() && level > HeadingLevel::H3;
                if in_deep {
                    deep = Some((level as usize, String::new()));
                }
            }
            Event::Text(t) | Event::Code(t) if in_deep => {
                if let Some((_, text)) = deep.as_mut() {
                    text.push_str(&t);
                }
            }
            Event::End(TagEnd::Heading(_)) => in_deep = false,
            _ => {}
        }
    }
    if headings == 0 {
        f.push(
            RuleId::IntroPresent,
            Field::Introduction,
            None,
            None,
            Problem::IntroNoHeading,
        );
    }
    if let Some((level, text)) = deep {
        let text: String = text.chars().take(40).collect();
        f.push(
            RuleId::IntroHeadings,
            Field::Introduction,
            None,
            None,
            Problem::IntroDeepHeading { level, text },
        );
    }
    if let Some(part) = unsafe_part {
        f.push(
            RuleId::IntroSafe,
            Field::Introduction,
            None,
            None,
            Problem::IntroUnsafe(part),
        );
    }
    f.common_text(Field::Introduction, None, None, intro);
}

fn check_tags(f: &mut Findings, tags: &[String]) {
    if tags.is_empty() || tags.len() > TAGS_MAX {
        f.push(
            RuleId::TagsCount,
            Field::Tags,
            None,
            None,
            Problem::TagCount(tags.len()),
        );
    }
    for tag in tags {
        let len = text::char_len(tag);
        if len > TAG_MAX {
            let problem = Problem::TagTooLong {
                tag: tag.trim().to_string(),
                len,
                max: TAG_MAX,
            };
            f.push(RuleId::TagsCount, Field::Tags, None, None, problem);
        }
        f.common_text(Field::Tags, None, Some(tag), tag);
    }
}

/// What of a version a share cannot carry: the console's columns hold a
/// number of at most 15 characters, an alias of 64 and notes of 255, and a
/// longer value is its HTTP 500 (a traceback), not a refusal. `None`: it fits.
pub fn share_refuses(number: &str, alias: &str, notes: &str) -> Option<Sentence> {
    let number = number.trim();
    if !text::is_version_format(number) || number.chars().count() > VERSION_MAX {
        return Some(
            Sentence::new("share.versionFormat")
                .arg("version", number)
                .arg("most", VERSION_MAX),
        );
    }
    if alias.chars().count() > ALIAS_MAX {
        return Some(Sentence::new("share.aliasLength").arg("most", ALIAS_MAX));
    }
    if notes.chars().count() > NOTES_MAX {
        return Some(Sentence::new("share.notesLength").arg("most", NOTES_MAX));
    }
    None
}

fn check_versions(f: &mut Findings, versions: &[Version]) {
    let mut seen = HashSet::new();
    for v in versions {
        let (id, owner) = (Some(v.id.as_str()), Some(v.version.as_str()));
        let number = v.version.trim();
        if number.is_empty() {
            f.push(
                RuleId::VersionFormat,
                Field::Version,
                id,
                None,
                Problem::Required,
            );
        } else if !text::is_version_format(number) || number.chars().count() > VERSION_MAX {
            f.push(
                RuleId::VersionFormat,
                Field::Version,
                id,
                None,
                Problem::VersionFormat(number.to_string()),
            );
        } else if !seen.insert(number) {
            f.push(
                RuleId::VersionUnique,
                Field::Version,
                id,
                None,
                Problem::VersionDuplicate(number.to_string()),
            );
        }
        f.max_len(
            RuleId::VersionAlias,
            Field::VersionAlias,
            id,
            owner,
            &v.alias,
            ALIAS_MAX,
        );
        f.common_text(Field::VersionAlias, id, owner, &v.alias);
        f.max_len(
            RuleId::NotesLength,
            Field::ReleaseNotes,
            id,
            owner,
            &v.release_notes,
            NOTES_MAX,
        );
        f.common_text(Field::ReleaseNotes, id, owner, &v.release_notes);
    }
}

fn check_packages(f: &mut Findings, versions: &[Version], packages: &[Package]) {
    let known: HashSet<&str> = versions.iter().map(|v| v.version.trim()).collect();
    if !versions.is_empty() && !packages.iter().any(|p| known.contains(p.version.trim())) {
        f.push(
            RuleId::PackageMatches,
            Field::Packages,
            None,
            None,
            Problem::NoMatchingPackage,
        );
    }
    for p in packages {
        let (id, owner) = (Some(p.id.as_str()), Some(p.name.as_str()));
        if p.name.trim().is_empty() {
            f.push(
                RuleId::NameLength,
                Field::PackageName,
                id,
                None,
                Problem::Required,
            );
        }
        f.common_text(Field::PackageName, id, owner, &p.name);
        let version = p.version.trim();
        if !version.is_empty() && !known.contains(version) {
            let problem = Problem::PackageUnknownVersion(version.to_string());
            f.push(
                RuleId::PackageMatches,
                Field::PackageVersion,
                id,
                owner,
                problem,
            );
        }
        f.common_text(Field::PackageDescription, id, owner, &p.description);
    }
}

/// The account (step 1) and profile (step 2) checks.
pub fn evaluate_publisher(p: &Publisher, locale: Locale) -> Vec<Finding> {
    let mut f = Findings {
        locale,
        out: Vec::new(),
    };
    let url = p.store_url.trim();
    if url.is_empty() {
        f.push(
            RuleId::AccountUrl,
            Field::StoreUrl,
            None,
            None,
            Problem::Required,
        );
    } else if !is_http_url(url) {
        f.push(
            RuleId::AccountUrl,
            Field::StoreUrl,
            None,
            None,
            Problem::UrlInvalid,
        );
    }
    f.common_text(Field::StoreUrl, None, None, &p.store_url);
    f.common_text(Field::MarketDomain, None, None, &p.market_domain);
    for (field, value) in [
        (Field::AccountPhone, &p.account_phone),
        (Field::Phone, &p.phone),
    ] {
        if !value.trim().is_empty()
            && text::first_invisible(value, false).is_none()
            && !is_phone(value)
        {
            f.push(
                RuleId::ProfilePhone,
                field,
                None,
                None,
                Problem::PhoneInvalid,
            );
        }
        f.common_text(field, None, None, value);
    }
    f.common_text(Field::Nickname, None, None, &p.nickname);
    if !p.email.trim().is_empty() && !is_email(p.email.trim()) {
        f.push(
            RuleId::ProfileEmail,
            Field::Email,
            None,
            None,
            Problem::EmailInvalid,
        );
    }
    f.common_text(Field::Email, None, None, &p.email);
    f.common_text(Field::Bio, None, None, &p.bio);
    f.out
}

fn is_http_url(url: &str) -> bool {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    rest.is_some_and(|r| {
        let host = r.split(['/', '?', '#']).next().unwrap_or("");
        !host.is_empty() && !host.contains(char::is_whitespace)
    })
}

fn is_phone(s: &str) -> bool {
    let s = s.trim();
    let body = s.strip_prefix('+').unwrap_or(s);
    let digits = body.chars().filter(char::is_ascii_digit).count();
    body.chars()
        .all(|c| c.is_ascii_digit() || c == ' ' || c == '-')
        && (5..=20).contains(&digits)
}

fn is_email(s: &str) -> bool {
    match s.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !s.contains(char::is_whitespace)
        }
        None => false,
    }
}

mod credentials;
mod export;
mod template;
pub use credentials::looks_like_credential;
pub use export::evaluate_export;
pub use template::{evaluate_template, unreachable_link};

#[cfg(test)]
mod tests;
