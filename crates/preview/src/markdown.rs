//! The introduction as the store's page shows it: CommonMark rendered by
//! pulldown-cmark, then sanitised by ammonia so that nothing executable survives
//! — no script, no event handler, no `javascript:` or `data:` link.

use std::cell::Cell;
use std::sync::LazyLock;

use crate::raw_html::RawHtml;
use pulldown_cmark::{html, Event, Options, Parser, Tag, TagEnd};

/// Containers nested deeper than this are flattened (their text is kept): the
/// store shows nothing useful at depth 32, and a hostile 100,000-deep list must
/// not cost a deep HTML tree.
const MAX_DEPTH: usize = rbpub_core::budget::MARKDOWN_DEPTH;

/// Elements the Markdown itself may make (paragraphs, cells, emphasis…): each
/// costs the sanitiser a few hundred bytes, so 8 MB of `|x|` rows or `*a*`
/// would take gigabytes.
const MAX_ELEMENTS: usize = rbpub_core::budget::MARKDOWN_ELEMENTS;

/// Whether the page may load images from the network.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum RemoteImages {
    /// Loaded where they are (the window's own preview).
    #[default]
    Load,
    /// Nothing is loaded from the network: an image is shown as its alt text and
    /// address (an exported page, opened by a reviewer in any browser, must not
    /// tell a tracking pixel's owner who read it).
    Placeholder,
}

/// The class the placeholder of a remote image carries; the only class an
/// introduction keeps (a class could dress text up as the preview's own parts).
const REMOTE_IMAGE: &str = "remote-image";

fn sanitiser(images: RemoteImages) -> ammonia::Builder<'static> {
    let mut b = ammonia::Builder::default();
    // The default allow-list, minus anything that can load or run something
    // else; http(s) and mailto links only, opened without a referrer.
    b.url_schemes(["http", "https", "mailto"].into_iter().collect())
        .link_rel(Some("noopener noreferrer nofollow"))
        .rm_tags(["map", "area"])
        .add_allowed_classes("span", [REMOTE_IMAGE])
        .add_tag_attributes("input", ["type", "checked", "disabled"])
        .add_tags(["input"]);
    if images == RemoteImages::Placeholder {
        // An <img> written as HTML keeps its alt text and loses its address.
        b.attribute_filter(|element, attribute, value| match (element, attribute) {
            ("img", "src" | "srcset") => None,
            _ => Some(value.into()),
        });
    }
    b
}

static LOADING: LazyLock<ammonia::Builder<'static>> =
    LazyLock::new(|| sanitiser(RemoteImages::Load));
static OFFLINE: LazyLock<ammonia::Builder<'static>> =
    LazyLock::new(|| sanitiser(RemoteImages::Placeholder));

/// Markdown to sanitised HTML, remote images loaded.
pub fn render_markdown(markdown: &str) -> String {
    render_markdown_with(markdown, RemoteImages::Load)
}

/// Markdown to sanitised HTML.
pub fn render_markdown_with(markdown: &str, images: RemoteImages) -> String {
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    options.insert(Options::ENABLE_TASKLISTS);
    let mut depth = 0usize;
    let mut dropped: Vec<bool> = Vec::new();
    let mut placeholders: Vec<String> = Vec::new();
    let mut raw_html = RawHtml::default();
    // Past the element budget the rest of the text is shown as it was written.
    let cut = Cell::new(None);
    let mut elements = 0usize;
    let within_budget = Parser::new_ext(markdown, options)
        .into_offset_iter()
        .map_while(|(event, at)| {
            if matches!(event, Event::Start(_)) {
                elements += 1;
                if elements > MAX_ELEMENTS {
                    cut.set(Some(at.start));
                    return None;
                }
            }
            Some(event)
        });
    // Lazy: `cut` is known only once the events above have run out.
    let rest = std::iter::once(()).flat_map(|()| match cut.get() {
        Some(at) => vec![
            Event::Start(Tag::Paragraph),
            Event::Text(markdown[at..].into()),
            Event::End(TagEnd::Paragraph),
        ],
        None => vec![],
    });
    let events = within_budget.chain(rest).flat_map(|event| match event {
        Event::Start(tag) if is_container(&tag) => {
            depth += 1;
            let drop = depth > MAX_DEPTH;
            dropped.push(drop);
            if drop {
                vec![]
            } else {
                vec![Event::Start(tag)]
            }
        }
        Event::End(end) if is_container_end(&end) => {
            depth = depth.saturating_sub(1);
            if dropped.pop().unwrap_or(false) {
                vec![]
            } else {
                vec![Event::End(end)]
            }
        }
        Event::Start(Tag::Image { dest_url, .. }) if images == RemoteImages::Placeholder => {
            placeholders.push(dest_url.to_string());
            vec![Event::Html(
                format!("<span class=\"{REMOTE_IMAGE}\">").into(),
            )]
        }
        Event::End(TagEnd::Image) if images == RemoteImages::Placeholder => {
            let url = placeholders.pop().unwrap_or_default();
            vec![
                Event::Text(format!(" [{url}]").into()),
                Event::Html("</span>".into()),
            ]
        }
        // Past the budget, raw HTML is shown as the text it is (see raw_html).
        Event::Html(raw) | Event::InlineHtml(raw) => {
            if !raw_html.admit(&raw) {
                vec![Event::Text(raw)]
            } else {
                vec![Event::Html(raw)]
            }
        }
        other => vec![other],
    });
    let mut raw = String::with_capacity(markdown.len() + markdown.len() / 4);
    html::push_html(&mut raw, events);
    sanitise_with(&raw, images)
}

/// Any HTML to the allow-listed subset.
pub fn sanitise(html: &str) -> String {
    sanitise_with(html, RemoteImages::Load)
}

fn sanitise_with(html: &str, images: RemoteImages) -> String {
    match images {
        RemoteImages::Load => LOADING.clean(html).to_string(),
        RemoteImages::Placeholder => OFFLINE.clean(html).to_string(),
    }
}

fn is_container(tag: &Tag) -> bool {
    matches!(tag, Tag::BlockQuote(_) | Tag::List(_) | Tag::Item)
}

fn is_container_end(end: &TagEnd) -> bool {
    matches!(end, TagEnd::BlockQuote(_) | TagEnd::List(_) | TagEnd::Item)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_markdown_renders_as_the_store_shows_it() {
        let html = render_markdown(
            "# WordPress\n\n**Bold** [site](https://wordpress.org)\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] done\n\n```sh\nls\n```\n",
        );
        assert!(html.contains("<h1>WordPress</h1>"), "{html}");
        assert!(html.contains("<strong>Bold</strong>"));
        assert!(
            html.contains(
                r#"<a href="https://wordpress.org" rel="noopener noreferrer nofollow">site</a>"#
            ),
            "{html}"
        );
        assert!(html.contains("<table>"));
        assert!(html.contains("checked"), "{html}");
        assert!(html.contains("<code>ls"), "{html}");
    }

    #[test]
    fn hostile_markdown_loses_everything_that_could_run() {
        let html = render_markdown(concat!(
            "<script>alert(1)</script>\n\n",
            "<img src=x onerror=alert(2)>\n\n",
            "[a](javascript:alert(3)) [b](JaVaScRiPt:alert(4)) [c](data:text/html,<script>alert(5)</script>)\n\n",
            "<iframe src=https://evil></iframe><object data=x></object><embed src=x>\n\n",
            "<a href=\"&#106;avascript:alert(6)\">d</a> <svg onload=alert(7)></svg>\n\n",
            "<style>body{display:none}</style><form action=https://evil><input name=q></form>\n",
            "<div style=\"background:url(javascript:alert(8))\">e</div>",
        ));
        let lower = html.to_lowercase();
        for bad in [
            "<script",
            "onerror",
            "javascript:",
            "data:",
            "<iframe",
            "<object",
            "<embed",
            "onload",
            "<style",
            "<form",
            "style=",
        ] {
            assert!(!lower.contains(bad), "{bad} survived in {html}");
        }
        assert!(
            html.contains(">a</a>") && html.contains(">d</a>"),
            "link text stays: {html}"
        );
    }

    #[test]
    fn a_hundred_thousand_nested_lists_render_flat_beyond_depth_32() {
        let deep: String = (0..100_000)
            .map(|i| format!("{}- x\n", "  ".repeat(i % 2000)))
            .collect();
        let html = render_markdown(&deep);
        assert!(html.matches("<ul>").count() <= 32 * 100_000 / 2000 + 1);
        let quotes = ">".repeat(100_000) + " deep";
        let html = render_markdown(&quotes);
        assert_eq!(html.matches("<blockquote>").count(), MAX_DEPTH);
        assert!(html.contains("deep"));
    }
}

#[cfg(test)]
mod budget {
    use super::*;

    #[test]
    fn raw_html_past_its_budget_is_shown_as_text_not_parsed() {
        // 8 MB of nested <div> took hours in the sanitiser's parser; 2,000 open
        // ones before 8 MB of paragraphs, a minute.
        let hostile = "<div>\n".repeat(8 * 1024 * 1024 / 6);
        let html = render_markdown(&hostile);
        let kept = rbpub_core::budget::MARKDOWN_HTML_DEPTH;
        assert_eq!(html.matches("<div>").count(), kept, "{}", &html[..200]);
        assert!(html.contains("&lt;div&gt;"), "the rest reads as text");
        // An introduction within the budget keeps its HTML.
        let ordinary = "<details><summary>More</summary>\n\nText\n\n</details>\n";
        assert!(render_markdown(ordinary).contains("<details>"));
        let table = "<table>".to_owned() + &"<tr><td>x</td></tr>".repeat(300) + "</table>";
        assert_eq!(render_markdown(&table).matches("<td>").count(), 300);
    }

    #[test]
    fn markdown_past_its_element_budget_is_shown_as_written() {
        // 8 MB of table rows made 2 million cells and took 1.6 GB.
        let hostile = "|a|\n|-|\n".to_owned() + &"|x|\n".repeat(2 * 1024 * 1024);
        let html = render_markdown(&hostile);
        let cells = html.matches("<td>").count();
        assert!(
            cells < MAX_ELEMENTS && cells > MAX_ELEMENTS / 3,
            "{cells} cells"
        );
        assert!(html.contains("|x|\n|x|\n|x|"), "the rest is shown as text");
        let written = "Some *text* here.\n\n".repeat(1000);
        assert_eq!(render_markdown(&written).matches("<em>").count(), 1000);
    }
}

#[cfg(test)]
mod privacy {
    use super::*;

    #[test]
    fn an_offline_page_loads_no_image_from_the_network() {
        let md = "![pixel](https://tracker.example/p.gif?who=reviewer) and <img src=\"http://t.example/x.png\" alt=\"x\">";
        let html = render_markdown_with(md, RemoteImages::Placeholder);
        assert!(!html.contains("<img src"), "{html}");
        assert!(!html.contains("src="), "{html}");
        assert!(
            html.contains("<span class=\"remote-image\">pixel [https://tracker.example/p.gif?who=reviewer]</span>"),
            "{html}"
        );
        // The window's own preview still shows them.
        let loading = render_markdown(md);
        assert!(
            loading.contains("src=\"https://tracker.example/p.gif?who=reviewer\""),
            "{loading}"
        );
    }

    #[test]
    fn an_introduction_keeps_no_class_of_its_own() {
        let md = "<code class=\"note\">Reviewer: approved</code> <span class=\"note remote-image\">x</span>\n\n```sh\nls\n```";
        let html = render_markdown(md);
        assert!(!html.contains("note"), "{html}");
        assert!(!html.contains("language-"), "{html}");
    }
}
