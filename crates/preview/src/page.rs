//! The preview document: the store's detail page and list tile for a listing,
//! then the checks and the reviewers' notes.

use std::fmt::Write;

use base64::Engine;
use rbpub_core::{Field, Finding, ImageInfo, Level, ListingDraft, Locale, ReviewNote};

use crate::components::components;
use crate::escape::esc;
use crate::markdown::{render_markdown_with, RemoteImages};

const STYLE: &str = include_str!("style.css");

/// `auto` follows the viewer's system setting.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Theme {
    #[default]
    Auto,
    Light,
    Dark,
}

impl Theme {
    pub fn parse(s: &str) -> Option<Theme> {
        match s {
            "auto" => Some(Theme::Auto),
            "light" => Some(Theme::Light),
            "dark" => Some(Theme::Dark),
            _ => None,
        }
    }

    fn as_str(self) -> &'static str {
        match self {
            Theme::Auto => "auto",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }
}

/// What to render, and how images are referred to.
pub struct Preview<'a> {
    pub draft: &'a ListingDraft,
    /// The checks' findings, shown after the store's page.
    pub findings: &'a [Finding],
    pub locale: Locale,
    pub theme: Theme,
    /// The `src` for a stored image (a data URI, or a URL the viewer can load);
    /// `None` shows the image as missing.
    pub image_src: &'a dyn Fn(&ImageInfo) -> Option<String>,
    /// Whether images the introduction points at are loaded; a page that leaves
    /// the app (`rbpub preview`) loads nothing from the network.
    pub remote_images: RemoteImages,
}

/// An image's bytes as a `data:` URI, for a page that must read offline.
pub fn data_uri(info: &ImageInfo, bytes: &[u8]) -> String {
    let b64 = base64::engine::general_purpose::STANDARD.encode(bytes);
    format!("data:{};base64,{b64}", info.format.mime())
}

/// The whole preview as one HTML document.
pub fn page(p: &Preview) -> String {
    let d = p.draft;
    let l = &d.listing;
    let t = |key: &'static str| rbpub_core::catalogue::plain(p.locale, key);
    let mut out = String::with_capacity(16 * 1024 + l.introduction.len() * 2);
    let name = esc(fallback(l.name.trim(), t("preview.noNameYet")));
    let lang = t("preview.htmlLang");
    let img_src = match p.remote_images {
        RemoteImages::Load => "data: https: http: rbimage:",
        RemoteImages::Placeholder => "data:",
    };
    let _ = write!(
        out,
        "<!DOCTYPE html><html lang=\"{lang}\" data-theme=\"{}\"><head><meta charset=\"utf-8\">\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src {img_src}; style-src 'unsafe-inline'\">\
         <meta name=\"viewport\" content=\"width=device-width\"><title>{name} — {}</title><style>{STYLE}</style></head><body><main>",
        p.theme.as_str(),
        t("preview.storePreview"),
    );
    let logo = l.logo.as_ref().and_then(|i| (p.image_src)(i));
    let logo_html = |class: &str| match &logo {
        Some(src) => format!("<img class=\"{class}\" src=\"{}\" alt=\"\">", esc(src)),
        None => format!(
            "<div class=\"{class} nologo\">{}</div>",
            t("preview.noLogo")
        ),
    };
    let tags: String = l
        .tags
        .iter()
        .map(|tag| format!("<span class=\"chip\">{}</span>", esc(tag)))
        .collect();

    // The detail page's header, as the store lays it out.
    let _ = write!(
        out,
        "<section id=\"detail\" aria-label=\"{}\"><div class=\"head\">{}<div><h1>{name}</h1><p class=\"desc\">{}</p>{tags}</div>\
         <span class=\"install\">{}</span></div>{}</section>",
        t("preview.appDetailPage"),
        logo_html("logo"),
        esc(&l.description),
        t("preview.install"),
        notes_for(&d.notes, &[Field::Name, Field::Description, Field::Tags, Field::Logo], p.locale),
    );

    // The tile in the app list, at the size the list shows it.
    let _ = write!(
        out,
        "<section aria-label=\"{0}\"><h2 class=\"part\">{0}</h2><div class=\"tiles\"><div class=\"tile\">{1}<div><b>{name}</b><p>{2}</p></div></div></div></section>",
        t("preview.inTheAppList"),
        logo_html("logo"),
        esc(&l.description),
    );

    let _ = write!(
        out,
        "<section id=\"introduction\"><h2 class=\"part\">{}</h2><div class=\"intro\">{}</div>{}</section>",
        t("preview.introduction"),
        if l.introduction.trim().is_empty() {
            format!("<p class=\"muted\">{}</p>", t("preview.noIntroductionYet"))
        } else {
            render_markdown_with(&l.introduction, p.remote_images)
        },
        notes_for(&d.notes, &[Field::Introduction], p.locale),
    );

    if !d.screenshots.is_empty() {
        let _ = write!(
            out,
            "<section><h2 class=\"part\">{}</h2><div class=\"shots\">",
            t("preview.screenshots")
        );
        for shot in &d.screenshots {
            if let Some(src) = (p.image_src)(&shot.image) {
                let _ = write!(
                    out,
                    "<figure><img src=\"{}\" alt=\"{1}\"><figcaption>{1}</figcaption></figure>",
                    esc(&src),
                    esc(&shot.caption)
                );
            }
        }
        out.push_str("</div></section>");
    }

    versions(&mut out, p);
    if let Some(template) = &d.template {
        components(&mut out, template, p.locale);
    }
    checks(&mut out, p);
    out.push_str("</main></body></html>");
    out
}

fn versions(out: &mut String, p: &Preview) {
    let d = p.draft;
    let t = |key: &'static str| rbpub_core::catalogue::plain(p.locale, key);
    let _ = write!(
        out,
        "<section id=\"versions\"><h2 class=\"part\">{}</h2>",
        t("preview.versions")
    );
    if d.versions.is_empty() {
        let _ = write!(out, "<p class=\"muted\">{}</p>", t("preview.noVersionYet"));
    }
    for v in d.versions.iter().rev() {
        let _ = write!(
            out,
            "<div><b>{}</b> <span class=\"muted\">{}</span><p class=\"notes-text\">{}</p></div>",
            esc(v.version.trim()),
            esc(&v.alias),
            esc(&v.release_notes)
        );
    }
    if !d.packages.is_empty() {
        let _ = write!(
            out,
            "<h2 class=\"part\">{}</h2><table class=\"grid\"><tr><th>{}</th><th>{}</th><th>{}</th></tr>",
            t("preview.packages"),
            t("preview.name"),
            t("preview.installsVersion"),
            t("preview.description"),
        );
        for pk in &d.packages {
            let _ = write!(
                out,
                "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(&pk.name),
                esc(&pk.version),
                esc(&pk.description)
            );
        }
        out.push_str("</table>");
    }
    out.push_str(&notes_for(
        &d.notes,
        &[
            Field::Version,
            Field::VersionAlias,
            Field::ReleaseNotes,
            Field::Packages,
        ],
        p.locale,
    ));
    out.push_str("</section>");
}

fn checks(out: &mut String, p: &Preview) {
    let t = |key: &'static str| rbpub_core::catalogue::plain(p.locale, key);
    let errors = p
        .findings
        .iter()
        .filter(|f| f.level == Level::Error)
        .count();
    let warnings = p
        .findings
        .iter()
        .filter(|f| f.level == Level::Warning)
        .count();
    let _ = write!(
        out,
        "<section id=\"checks\" class=\"checks\"><h2 class=\"part\">{}</h2><p>{}</p><ul>",
        t("preview.checks"),
        match p.locale {
            Locale::ZhCn => format!("{errors} 个错误，{warnings} 个警告"),
            Locale::En => format!("{errors} errors, {warnings} warnings"),
        }
    );
    for f in p.findings {
        let (class, word) = match f.level {
            Level::Error => ("error", t("preview.error")),
            _ => ("warning", t("preview.warning")),
        };
        let _ = write!(
            out,
            "<li><span class=\"level {class}\">{word}</span><code>{}</code> {}</li>",
            f.rule.as_str(),
            esc(&f.message)
        );
    }
    out.push_str("</ul></section>");
}

fn notes_for(notes: &[ReviewNote], fields: &[Field], locale: Locale) -> String {
    let mut out = String::new();
    for n in notes.iter().filter(|n| fields.contains(&n.field.field)) {
        let who = if n.author.trim().is_empty() {
            rbpub_core::catalogue::plain(locale, "preview.reviewer").to_string()
        } else {
            esc(n.author.trim())
        };
        let _ = write!(
            out,
            "<p class=\"note\"><b>{who}</b> · {}: {}</p>",
            esc(n.field.field.label(locale)),
            esc(&n.text)
        );
    }
    out
}

fn fallback<'a>(s: &'a str, otherwise: &'a str) -> &'a str {
    if s.is_empty() {
        otherwise
    } else {
        s
    }
}
