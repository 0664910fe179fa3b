//! What the fuzz targets share: a scratch file per process for readers that
//! take a path, and the check that rendered HTML runs nothing.

use std::path::PathBuf;

use rbpub_core::text::executable_url;

/// `data` written to `name` in this process's scratch folder (under the
/// system's temporary folder); the same file is reused every run.
pub fn scratch_file(name: &str, data: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("rbpub-fuzz-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("scratch folder");
    let path = dir.join(name);
    std::fs::write(&path, data).expect("scratch file");
    path
}

/// Panics when serialised HTML carries something a browser would run.
pub fn assert_inert(html: &str) {
    if let Some(what) = runnable(html) {
        panic!("{what} survived sanitising: {html}");
    }
}

/// Elements that run or load something whatever their attributes.
const RUNNING: [&str; 9] = [
    "script", "iframe", "object", "embed", "frame", "frameset", "applet", "base", "form",
];
const URL_ATTRIBUTES: [&str; 6] = [
    "href",
    "src",
    "srcset",
    "action",
    "formaction",
    "xlink:href",
];

/// The first runnable part of serialised HTML: a running element, an event
/// handler, or a script URL. Quote-aware, so text inside an attribute's value
/// (a link title reading `onclick=…`) is not mistaken for an attribute.
fn runnable(html: &str) -> Option<String> {
    let lower = html.to_ascii_lowercase();
    let b = lower.as_bytes();
    let mut i = 0;
    while let Some(off) = lower[i..].find('<') {
        i += off + 1;
        let name_len = lower[i..]
            .find(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/')
            .unwrap_or(lower.len() - i);
        let name = &lower[i..i + name_len];
        if RUNNING.contains(&name) {
            return Some(format!("a <{name}> element"));
        }
        let mut j = i + name_len;
        loop {
            while j < b.len() && (b[j].is_ascii_whitespace() || b[j] == b'/') {
                j += 1;
            }
            if j >= b.len() || b[j] == b'>' {
                break;
            }
            let start = j;
            while j < b.len() && !(b[j].is_ascii_whitespace() || matches!(b[j], b'=' | b'>' | b'/'))
            {
                j += 1;
            }
            let attribute = &lower[start..j];
            let mut value = "";
            if j < b.len() && b[j] == b'=' {
                j += 1;
                let (from, to) = match b.get(j) {
                    Some(&q @ (b'"' | b'\'')) => {
                        let end = lower[j + 1..]
                            .find(q as char)
                            .map_or(b.len(), |e| j + 1 + e);
                        (j + 1, end)
                    }
                    _ => {
                        let end = lower[j..]
                            .find(|c: char| c.is_ascii_whitespace() || c == '>')
                            .map_or(b.len(), |e| j + e);
                        (j, end)
                    }
                };
                value = &lower[from..to];
                j = (to + 1).min(b.len());
            }
            if attribute.len() > 2 && attribute.starts_with("on") {
                return Some(format!("an event handler ({attribute})"));
            }
            if URL_ATTRIBUTES.contains(&attribute) {
                if let Some(found) = executable_url(value) {
                    return Some(found);
                }
            }
        }
        i = j.min(lower.len());
        if name == "style" {
            i = lower[i..]
                .find("</style")
                .map_or(lower.len(), |e| i + e + 1);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::runnable;

    #[test]
    fn runnable_parts_are_found_and_quoted_text_is_not() {
        assert!(runnable(r#"<p><img src="x" onerror="alert(1)"></p>"#).is_some());
        assert!(runnable(r#"<a href=" JavaScript:alert(1)">x</a>"#).is_some());
        assert!(runnable("<script>alert(1)</script>").is_some());
        assert!(runnable(r#"<a href="https://x" title="t onclick=1">x</a>"#).is_none());
        assert!(runnable("<p>&lt;script&gt; and javascript: as text</p>").is_none());
        assert!(runnable("<style>a>b{}</style><p>ok</p>").is_none());
    }
}

pub mod page;
pub mod svg;
pub mod template;
