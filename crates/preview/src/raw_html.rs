//! How deep the raw HTML inside an introduction would nest once parsed, so that
//! pieces past the budget are shown as text instead of reaching the sanitiser.
//!
//! An HTML parser pays for each element and each paragraph by how many elements
//! are open around it: 2,000 unclosed `<div>` followed by 8 MB of paragraphs
//! took a minute, 8 MB of `<div>` hours. The count here never underestimates:
//! an end tag closes an element only when it names the innermost one still open,
//! so whatever a browser would leave open (mismatched, misnested or implied
//! ends) stays counted.

use rbpub_core::budget::{MARKDOWN_HTML_DEPTH, MARKDOWN_HTML_TAGS};

/// Elements that never hold content, so never stay open.
const VOID: [&str; 14] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// The raw HTML let through so far: its open elements and tags seen.
#[derive(Default)]
pub(crate) struct RawHtml {
    open: Vec<String>,
    tags: usize,
}

impl RawHtml {
    /// Takes `piece` into the count and says yes when it stays within the
    /// budget; a piece that would exceed it is left out of the count (the
    /// caller shows it as text).
    pub(crate) fn admit(&mut self, piece: &str) -> bool {
        // Worked out beside the stack, not on a copy of it: once the budget is
        // reached every later piece is refused, and each would copy it.
        let mut kept = self.open.len();
        let mut opened: Vec<String> = Vec::new();
        let mut tags = self.tags;
        for tag in tags_of(piece) {
            tags += 1;
            match tag {
                Tag::Start(name) => opened.push(name),
                Tag::End(name) => {
                    if opened.last() == Some(&name) {
                        opened.pop();
                    } else if opened.is_empty() && kept > 0 && self.open[kept - 1] == name {
                        kept -= 1;
                    }
                }
            }
            if kept + opened.len() > MARKDOWN_HTML_DEPTH || tags > MARKDOWN_HTML_TAGS {
                return false;
            }
        }
        self.open.truncate(kept);
        self.open.extend(opened);
        self.tags = tags;
        true
    }
}

enum Tag {
    Start(String),
    End(String),
}

/// Start tags that open an element (not void, not self-closed) and end tags,
/// lower-cased, in order. A tag cut off by the piece's end counts as open.
fn tags_of(piece: &str) -> impl Iterator<Item = Tag> + '_ {
    let bytes = piece.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        while let Some(offset) = bytes[at..].iter().position(|&b| b == b'<') {
            let start = at + offset + 1;
            at = start;
            let (closing, name_at) = match bytes.get(start) {
                Some(b'/') => (true, start + 1),
                _ => (false, start),
            };
            let name_len = bytes[name_at..]
                .iter()
                .take_while(|b| b.is_ascii_alphanumeric() || **b == b'-')
                .count();
            if name_len == 0 || !bytes[name_at].is_ascii_alphabetic() {
                continue;
            }
            let name = piece[name_at..name_at + name_len].to_ascii_lowercase();
            let end = bytes[name_at..]
                .iter()
                .position(|&b| b == b'>')
                .map(|e| name_at + e);
            at = end.map_or(bytes.len(), |e| e + 1);
            if closing {
                return Some(Tag::End(name));
            }
            let self_closed = end.is_some_and(|e| bytes[e - 1] == b'/');
            if self_closed || VOID.contains(&name.as_str()) {
                continue;
            }
            return Some(Tag::Start(name));
        }
        None
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn depth_after(pieces: &[&str]) -> usize {
        let mut raw = RawHtml::default();
        for piece in pieces {
            assert!(raw.admit(piece), "{piece}");
        }
        raw.open.len()
    }

    #[test]
    fn closed_void_and_self_closed_elements_leave_nothing_open() {
        assert_eq!(
            depth_after(&[
                "<DIV class=\"a\">",
                "<p>x</p>",
                "<br><img src=x/><x-y/>",
                "</div>"
            ]),
            0
        );
        assert_eq!(depth_after(&["<table><tr><td>a</td></tr></table>"]), 0);
    }

    #[test]
    fn what_a_browser_would_leave_open_stays_counted() {
        // `</b>` does not close the `<div>` a browser keeps open inside it.
        assert_eq!(depth_after(&["<b><div></b>"]), 2);
        assert_eq!(depth_after(&["<p>a<p>b"]), 2);
        assert_eq!(depth_after(&["<div", "</span>"]), 1);
        assert_eq!(depth_after(&["< div> <3 </ >"]), 0);
    }

    #[test]
    fn a_piece_past_the_depth_is_refused_and_not_counted() {
        let mut raw = RawHtml::default();
        assert!(raw.admit(&"<div>".repeat(MARKDOWN_HTML_DEPTH)));
        assert!(!raw.admit("<span>"));
        assert!(raw.admit("</div>"));
        assert!(raw.admit("<span>"));
    }
}
