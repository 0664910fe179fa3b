//! The template's components as the store's install page lists them: ports,
//! environment, volumes, and the dependency graph drawn as layers.

use std::fmt::Write;

use rbpub_core::template::{Component, Template};
use rbpub_core::Locale;

/// Components by key: a dependency is looked up once, not by a scan.
type ByKey<'a> = std::collections::HashMap<&'a str, &'a Component>;

use crate::escape::esc;

/// More components than this are counted, not drawn: a 10,000-component
/// template still gives a page a browser opens.
const SHOWN: usize = 200;

pub(crate) fn components(out: &mut String, template: &Template, locale: Locale) {
    let t = |key: &'static str| rbpub_core::catalogue::plain(locale, key);
    let _ = write!(
        out,
        "<section id=\"components\"><h2 class=\"part\">{} ({})</h2>",
        t("preview.components"),
        template.components.len()
    );
    if template.components.is_empty() {
        let _ = write!(
            out,
            "<p class=\"muted\">{}</p>",
            t("preview.theTemplateHasNoComponent")
        );
    }
    graph(out, template, locale);
    let by_key: ByKey<'_> = template
        .components
        .iter()
        .rev() // the first of a key wins, as a scan would find it
        .map(|c| (c.key.as_str(), c))
        .collect();
    for c in template.components.iter().take(SHOWN) {
        component(out, &by_key, c, locale);
    }
    if template.components.len() > SHOWN {
        let more = template.components.len() - SHOWN;
        let _ = match locale {
            Locale::ZhCn => write!(out, "<p class=\"muted\">另有 {more} 个组件未显示。</p>"),
            Locale::En => write!(
                out,
                "<p class=\"muted\">{more} more components are not shown.</p>"
            ),
        };
    }
    for (title, list) in [
        (t("preview.kubernetesResources"), &template.k8s_resources),
        (t("preview.plugins"), &template.plugins),
    ] {
        if !list.is_empty() {
            let items: String = list
                .iter()
                .take(SHOWN)
                .map(|r| format!("<span class=\"chip\">{}</span>", esc(r)))
                .collect();
            let _ = write!(out, "<h2 class=\"part\">{title}</h2><p>{items}</p>");
        }
    }
    out.push_str("</section>");
}

/// Layers left to right: what depends on nothing first, then what depends on those.
fn graph(out: &mut String, template: &Template, locale: Locale) {
    if !template.components.iter().any(|c| !c.depends_on.is_empty()) {
        return;
    }
    let layers = template.layers();
    let _ = write!(
        out,
        "<div class=\"layers\" role=\"img\" aria-label=\"{}\">",
        rbpub_core::catalogue::plain(locale, "preview.dependencyGraph")
    );
    for (i, layer) in layers.iter().enumerate().take(12) {
        if i > 0 {
            out.push_str("<span class=\"arrow\" aria-hidden=\"true\">←</span>");
        }
        out.push_str("<div class=\"layer\">");
        for &c in layer.iter().take(20) {
            let _ = write!(
                out,
                "<span>{}</span>",
                esc(display_name(&template.components[c]))
            );
        }
        if layer.len() > 20 {
            let _ = write!(out, "<span class=\"muted\">+{}</span>", layer.len() - 20);
        }
        out.push_str("</div>");
    }
    if layers.len() > 12 {
        let _ = write!(out, "<span class=\"muted\">… +{}</span>", layers.len() - 12);
    }
    out.push_str("</div>");
}

fn component(out: &mut String, by_key: &ByKey<'_>, c: &Component, locale: Locale) {
    let t = |key: &'static str| rbpub_core::catalogue::plain(locale, key);
    let _ = write!(
        out,
        "<details class=\"component\"><summary>{}</summary><p class=\"muted\">{} · {} · {} MB</p>",
        esc(display_name(c)),
        esc(&c.image),
        esc(&c.deploy),
        c.memory_mb
    );
    if !c.depends_on.is_empty() {
        let deps: Vec<String> = c
            .depends_on
            .iter()
            .map(|k| match by_key.get(k.as_str()) {
                Some(d) => esc(display_name(d)),
                None => format!(
                    "<span class=\"error\">{} {}</span>",
                    esc(k),
                    t("preview.missing")
                ),
            })
            .collect();
        let _ = write!(
            out,
            "<p>{}: {}</p>",
            t("preview.dependsOn"),
            deps.join(", ")
        );
    }
    if !c.ports.is_empty() {
        let _ = write!(
            out,
            "<table class=\"grid\"><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>",
            t("preview.port"),
            t("preview.protocol"),
            t("preview.insideTheApp"),
            t("preview.outside")
        );
        for port in &c.ports {
            let yes = |b: bool| if b { "✓" } else { "" };
            let _ = write!(
                out,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                port.port,
                esc(&port.protocol),
                yes(port.inner),
                yes(port.outer)
            );
        }
        out.push_str("</table>");
    }
    if !c.env.is_empty() {
        let _ = write!(
            out,
            "<table class=\"grid\"><tr><th>{}</th><th>{}</th><th>{}</th></tr>",
            t("preview.variable"),
            t("preview.value"),
            t("preview.note")
        );
        for e in &c.env {
            let mut note = esc(&e.label);
            if e.connection {
                note.push_str(t("preview.givenToDependants"));
            }
            if e.changeable {
                note.push_str(t("preview.changeable"));
            }
            let _ = write!(
                out,
                "<tr><td><code>{}</code></td><td>{}</td><td>{note}</td></tr>",
                esc(&e.name),
                // A password or key shipped in the template is not shown whole
                // on a page that is mailed around and screenshotted.
                esc(&rbpub_core::upgrade::masked(&e.name, &e.value))
            );
        }
        out.push_str("</table>");
    }
    if !c.volumes.is_empty() {
        let _ = write!(
            out,
            "<table class=\"grid\"><tr><th>{}</th><th>{}</th><th>{}</th></tr>",
            t("preview.volume"),
            t("preview.path"),
            t("preview.size")
        );
        for v in &c.volumes {
            let size = if v.capacity > 0 {
                format!("{} GiB", v.capacity)
            } else {
                String::new()
            };
            let _ = write!(
                out,
                "<tr><td>{} <span class=\"muted\">{}</span></td><td><code>{}</code></td><td>{size}</td></tr>",
                esc(&v.name),
                esc(&v.kind),
                esc(&v.path)
            );
        }
        out.push_str("</table>");
    }
    out.push_str("</details>");
}

fn display_name(c: &Component) -> &str {
    if c.name.trim().is_empty() {
        &c.key
    } else {
        &c.name
    }
}
