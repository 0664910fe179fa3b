//! The preview as a reviewer sees it, and the sanitiser against hostile input.

use proptest::prelude::*;
use rbpub_core::rules::evaluate_draft;
use rbpub_core::{
    Field, FieldRef, ImageFormat, ImageInfo, Listing, ListingDraft, Locale, ReviewNote, Screenshot,
    Template, Version,
};
use rbpub_preview::{data_uri, page, render_markdown, sanitise, Preview, RemoteImages, Theme};

#[path = "../../../fuzz/replay.rs"]
mod replay;

fn logo() -> ImageInfo {
    ImageInfo {
        hash: "ab".repeat(32),
        format: ImageFormat::Png,
        width: 512,
        height: 512,
        bytes: 3,
        alpha: true,
    }
}

fn render(draft: &ListingDraft, theme: Theme, locale: Locale) -> String {
    let findings = evaluate_draft(draft, locale);
    let src = |i: &ImageInfo| Some(data_uri(i, b"png"));
    page(&Preview {
        draft,
        findings: &findings,
        locale,
        theme,
        image_src: &src,
        remote_images: RemoteImages::Load,
    })
}

fn wordpress() -> ListingDraft {
    ListingDraft {
        listing: Listing {
            name: "wordpress".into(),
            description: "Blog in one click".into(),
            introduction: "# WordPress\n\nInstall <b onclick=\"steal()\">now</b>.".into(),
            tags: vec!["cms".into(), "<blog>".into()],
            logo: Some(logo()),
            ..Listing::default()
        },
        versions: vec![Version {
            version: "1.2.0".into(),
            alias: "stable".into(),
            release_notes: "Faster <start>".into(),
            ..Version::default()
        }],
        screenshots: vec![Screenshot {
            id: "s".into(),
            image: logo(),
            caption: "Home \"page\"".into(),
        }],
        template: Some(
            Template::from_metadata(include_bytes!("../../core/fixtures/ram-example.json"))
                .unwrap(),
        ),
        notes: vec![ReviewNote {
            field: FieldRef {
                field: Field::Name,
                item: None,
            },
            text: "Use the product's name".into(),
            author: "Rita".into(),
            updated_at: 1,
        }],
        ..ListingDraft::default()
    }
}

#[test]
fn the_page_shows_the_store_header_tile_introduction_versions_components_checks_and_notes() {
    let html = render(&wordpress(), Theme::Dark, Locale::En);
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("data-theme=\"dark\""));
    assert!(
        html.contains("default-src 'none'"),
        "no script can run in the page"
    );
    assert_eq!(html.matches("<h1>wordpress</h1>").count(), 1);
    assert!(html.contains("<b>wordpress</b>"), "the tile");
    assert_eq!(
        html.matches("src=\"data:image/png;base64,cG5n\"").count(),
        3,
        "logo twice, screenshot once"
    );
    assert!(
        html.contains("<span class=\"chip\">&lt;blog&gt;</span>"),
        "tags are text"
    );
    assert!(
        html.contains("<b>now</b>") && !html.contains("steal"),
        "handlers are gone: {html}"
    );
    assert!(html.contains("Faster &lt;start&gt;"));
    assert!(html.contains("stable"));
    assert!(html.contains("Components (2)"));
    assert!(
        html.contains("<td>3306</td>")
            && html.contains("MYSQL_ROOT_PASSWORD")
            && html.contains("/var/lib/mysql")
    );
    assert!(
        html.contains("<code>MYSQL_ROOT_PASSWORD</code></td><td>•••</td>")
            && !html.contains("change-me"),
        "a shipped password is named, not shown"
    );
    assert!(
        html.contains("<td>127.0.0.1</td>"),
        "other values are shown as they are"
    );
    assert!(html.contains("Depends on: MySQL"), "the dependency by name");
    assert!(html.contains("role=\"img\" aria-label=\"Dependency graph\""));
    assert!(
        html.contains("<code>package.matches</code>"),
        "every problem is listed"
    );
    assert!(html.contains("<b>Rita</b> · App name: Use the product&#39;s name"));
    assert!(html.contains("figcaption>Home &quot;page&quot;<"));
}

#[test]
fn chinese_pages_and_the_light_theme() {
    let html = render(&wordpress(), Theme::Light, Locale::ZhCn);
    assert!(html.contains("lang=\"zh-CN\" data-theme=\"light\""));
    assert!(html.contains("应用介绍") && html.contains("组件 (2)") && html.contains("依赖: MySQL"));
}

#[test]
fn an_empty_listing_says_what_is_missing_instead_of_breaking() {
    let html = render(&ListingDraft::default(), Theme::Auto, Locale::En);
    assert!(html.contains("(no name yet)"));
    assert!(html.contains("no logo"));
    assert!(html.contains("No introduction yet."));
    assert!(html.contains("No version yet."));
    assert!(html.contains("<code>logo.present</code>"));
}

#[test]
fn a_five_megabyte_introduction_and_ten_thousand_components_render() {
    let mut d = wordpress();
    d.listing.introduction = "# Big\n\n".to_string()
        + &"Some *text* <i>here</i> and [a link](https://x.org).\n\n".repeat(100_000);
    assert!(d.listing.introduction.len() > 5_000_000);
    let t = d.template.as_mut().unwrap();
    let first = t.components[0].clone();
    t.components = (0..10_000)
        .map(|i| rbpub_core::template::Component {
            key: format!("k{i}"),
            name: format!("c{i}"),
            depends_on: if i > 0 {
                vec![format!("k{}", i - 1)]
            } else {
                vec![]
            },
            ..first.clone()
        })
        .collect();
    let html = render(&d, Theme::Auto, Locale::En);
    assert!(html.contains("9800 more components are not shown."));
    assert_eq!(html.matches("<details class=\"component\">").count(), 200);
    assert!(html.len() < 40_000_000);
}

/// The tags of an HTML text, each as its name and attributes (values
/// entity-decoded), read the way a browser tokenises them: quoted values may
/// hold `>` and spaces; text between tags is skipped.
fn tags(html: &str) -> Vec<(String, Vec<(String, String)>)> {
    let chars: Vec<char> = html.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] != '<' {
            i += 1;
            continue;
        }
        i += 1;
        let mut name = String::new();
        while i < chars.len() && !chars[i].is_whitespace() && chars[i] != '>' && chars[i] != '/' {
            name.push(chars[i].to_ascii_lowercase());
            i += 1;
        }
        let mut attrs = Vec::new();
        while i < chars.len() && chars[i] != '>' {
            if chars[i].is_whitespace() || chars[i] == '/' {
                i += 1;
                continue;
            }
            let mut attr = String::new();
            while i < chars.len()
                && !chars[i].is_whitespace()
                && !matches!(chars[i], '=' | '>' | '/')
            {
                attr.push(chars[i].to_ascii_lowercase());
                i += 1;
            }
            let mut value = String::new();
            if chars.get(i) == Some(&'=') {
                i += 1;
                match chars.get(i) {
                    Some(&q) if q == '"' || q == '\'' => {
                        i += 1;
                        while i < chars.len() && chars[i] != q {
                            value.push(chars[i]);
                            i += 1;
                        }
                        i += 1;
                    }
                    _ => {
                        while i < chars.len() && !chars[i].is_whitespace() && chars[i] != '>' {
                            value.push(chars[i]);
                            i += 1;
                        }
                    }
                }
            }
            if attr.is_empty() {
                i += 1;
            } else {
                attrs.push((attr, decode(&value)));
            }
        }
        out.push((name, attrs));
        i += 1;
    }
    out
}

fn decode(value: &str) -> String {
    let mut out = String::new();
    let mut rest = value;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest.find(';').unwrap_or(0);
        let entity = &rest[1..end.max(1)];
        let c = match entity {
            "amp" => Some('&'),
            "quot" => Some('"'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "colon" => Some(':'),
            e if e.starts_with("#x") || e.starts_with("#X") => u32::from_str_radix(&e[2..], 16)
                .ok()
                .and_then(char::from_u32),
            e if e.starts_with('#') => e[1..].parse().ok().and_then(char::from_u32),
            _ => None,
        };
        match (c, end) {
            (Some(c), e) if e > 0 => {
                out.push(c);
                rest = &rest[e + 1..];
            }
            _ => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// What must never be in sanitised output: an element that runs or loads
/// something, an event handler or style attribute, or a URL that runs script.
fn executable(html: &str) -> Option<String> {
    const ELEMENTS: [&str; 13] = [
        "script", "iframe", "object", "embed", "frame", "frameset", "style", "link", "meta",
        "base", "form", "svg", "math",
    ];
    for (name, attrs) in tags(html) {
        if ELEMENTS.contains(&name.as_str()) {
            return Some(format!("a <{name}> element"));
        }
        for (attr, value) in attrs {
            if (attr.starts_with("on") && attr.len() > 2)
                || ["style", "srcdoc", "formaction"].contains(&attr.as_str())
            {
                return Some(format!("a {attr} attribute on <{name}>"));
            }
            let squeezed: String = value
                .chars()
                .filter(|c| !c.is_whitespace() && !c.is_control())
                .collect::<String>()
                .to_ascii_lowercase();
            if ["javascript:", "vbscript:", "data:"]
                .iter()
                .any(|s| squeezed.starts_with(s))
            {
                return Some(format!("{attr}=\"{value}\" on <{name}>"));
            }
        }
    }
    None
}

fn hostile_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("<script>alert(1)</script>".to_string()),
        Just("<SCRIPT SRC=//x></SCRIPT>".to_string()),
        Just("<scr<script>ipt>".to_string()),
        Just("<img src=x onerror=alert(1)>".to_string()),
        Just("<a href=\"java&#x09;script:alert(1)\">x</a>".to_string()),
        Just("[x](javascript:alert(1))".to_string()),
        Just("[x](  JAVASCRIPT:alert(1) )".to_string()),
        Just("![x](data:image/svg+xml,<svg onload=alert(1)>)".to_string()),
        Just("<svg><script>alert(1)</script></svg>".to_string()),
        Just("<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>".to_string()),
        Just("<iframe srcdoc=\"<script>x</script>\"></iframe>".to_string()),
        Just("<div style=\"x:expression(alert(1))\" onmouseover='x'>".to_string()),
        Just("<a href='vbscript:msgbox(1)'>v</a>".to_string()),
        Just("<!-- <script> -->".to_string()),
        Just("<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">".to_string()),
        Just("<form><button formaction=javascript:alert(1)>b</button></form>".to_string()),
        Just("<base href=javascript:/>".to_string()),
        Just("<meta http-equiv=refresh content=\"0;url=javascript:alert(1)\">".to_string()),
        Just("<link rel=stylesheet href=x>".to_string()),
        Just("`<script>`".to_string()),
        Just("\n\n".to_string()),
        Just("> ".to_string()),
        Just("- ".to_string()),
        Just("# ".to_string()),
        Just("<".to_string()),
        Just("\"".to_string()),
        Just("'".to_string()),
        Just(" on".to_string()),
        Just("error=".to_string()),
        "[a-z<>=\"' /:;&#()\\[\\]!\\-\\n]{0,12}",
        "\\PC{0,6}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig {
        // PROPTEST_CASES raises it for a longer hunt.
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(2000),
        ..ProptestConfig::default()
    })]

    #[test]
    fn no_rendered_introduction_ever_contains_an_executable_construct(
        pieces in proptest::collection::vec(hostile_piece(), 1..12)
    ) {
        let markdown: String = pieces.concat();
        let html = render_markdown(&markdown);
        prop_assert!(executable(&html).is_none(), "{:?} in {html}\nfrom {markdown:?}", executable(&html));
    }

    #[test]
    fn sanitising_raw_html_never_leaves_an_executable_construct(
        pieces in proptest::collection::vec(hostile_piece(), 1..12)
    ) {
        let html = sanitise(&pieces.concat());
        prop_assert!(executable(&html).is_none(), "{:?} in {html}", executable(&html));
    }
}

#[test]
fn the_checker_itself_catches_what_it_looks_for() {
    assert!(executable("<p><SCRIPT>").is_some());
    assert!(executable("<img src=x onerror=y>").is_some());
    assert!(executable("<a href=\"JavaScript:x\">").is_some());
    assert!(executable("<a href=\"&#106;ava\tscript&colon;x\">").is_some());
    assert!(executable("<img src='data:image/svg+xml,x'>").is_some());
    assert!(
        executable("<code>&lt;a href=\"javascript:x\"&gt;</code>").is_none(),
        "escaped text is text"
    );
    assert!(executable("<p>the word onerror= in text is fine: outside a tag</p>").is_none());
    assert!(executable("<p title=\"x onerror=y\">quoted values are text</p>").is_none());
    assert!(executable("<p>javascript: is a word here</p>").is_none());
    // Found by the property test in CI: a quoted href inside code text is text.
    let md = "`<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>`<script>`";
    assert_eq!(executable(&render_markdown(md)), None);
}

#[test]
fn every_text_in_the_fuzz_corpus_renders_without_anything_runnable() {
    // `fuzz/corpus/markdown_preview`: the seed, and any input that once crashed
    // the Markdown-to-preview path or let something runnable through.
    for input in replay::inputs("markdown_preview") {
        let text = String::from_utf8_lossy(&std::fs::read(input).unwrap()).into_owned();
        assert_eq!(executable(&render_markdown(&text)), None);
        let mut draft = wordpress();
        draft.listing.introduction = text;
        let page = render(&draft, Theme::Auto, Locale::En);
        assert!(page.contains("<h1>wordpress</h1>"));
    }
}
