//! Character-level checks shared by the rules. Limits count Unicode scalar values
//! after trimming, as `docs/listing-rules.md` says.

/// `text` as something to print, not to obey: every control character but
/// a line break or a tab shown as an escape (`\u{1b}`). For what came from a
/// file or a server and goes to a terminal, a message or a written list.
pub fn shown_controls(text: &str) -> std::borrow::Cow<'_, str> {
    let control = |c: char| c.is_control() && c != '\n' && c != '\t';
    if !text.chars().any(control) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if control(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Length of a field as the rules count it.
pub fn char_len(s: &str) -> usize {
    s.trim().chars().count()
}

/// What kind of invisible character was found, for the message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InvisibleKind {
    /// A control character.
    Control,
    /// A zero-width character.
    ZeroWidth,
    /// A bidirectional control, which can make text read differently than it is stored.
    Bidi,
}

/// The first invisible character in `s`: its 1-based character position, the
/// character and its kind. Newlines and tabs are allowed where `multiline`.
pub fn first_invisible(s: &str, multiline: bool) -> Option<(usize, char, InvisibleKind)> {
    s.chars()
        .enumerate()
        .find_map(|(i, c)| invisible_kind(c, multiline).map(|k| (i + 1, c, k)))
}

/// How many invisible characters `s` holds.
pub fn count_invisible(s: &str, multiline: bool) -> usize {
    s.chars()
        .filter(|&c| invisible_kind(c, multiline).is_some())
        .count()
}

/// What kind of invisible character `c` is, if it is one; line breaks count only where the field is single-line.
pub fn invisible_kind(c: char, multiline: bool) -> Option<InvisibleKind> {
    match c {
        '\n' | '\t' if multiline => None,
        // A Windows line ending pasted into a multi-line field is harmless.
        '\r' if multiline => None,
        '\u{202A}'..='\u{202E}'
        | '\u{2066}'..='\u{2069}'
        | '\u{200E}'
        | '\u{200F}'
        | '\u{061C}' => Some(InvisibleKind::Bidi),
        '\u{200B}'..='\u{200D}'
        | '\u{2060}'..='\u{2064}'
        | '\u{FEFF}'
        | '\u{00AD}'
        | '\u{180E}' => Some(InvisibleKind::ZeroWidth),
        c if c.is_control() => Some(InvisibleKind::Control),
        _ => None,
    }
}

/// `s` without its invisible characters: the fix the app offers, applied only
/// when the user asks for it.
pub fn strip_invisible(s: &str, multiline: bool) -> String {
    s.chars()
        .filter(|&c| invisible_kind(c, multiline).is_none())
        .collect()
}

/// The first placeholder phrase in `s` ("lorem ipsum", "TODO", "TBD", "xxx"),
/// matched case-insensitively; the short ones only as whole words so "todos"
/// or "Foxxxy" pass.
pub fn find_placeholder(s: &str) -> Option<&'static str> {
    let lower = s.to_lowercase();
    if lower.contains("lorem ipsum") {
        return Some("lorem ipsum");
    }
    lower
        .split(|c: char| !c.is_alphanumeric())
        .find_map(|word| match word {
            "todo" => Some("TODO"),
            "tbd" => Some("TBD"),
            w if w.len() >= 3 && w.chars().all(|c| c == 'x') => Some("xxx"),
            _ => None,
        })
}

/// The characters the console accepts in a template name: ASCII letters and
/// digits and the CJK Unified Ideographs block it names (`\u4e00-\u9fa5`).
fn is_name_edge_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || ('\u{4e00}'..='\u{9fa5}').contains(&c)
}

/// Why `name` breaks the console's name rule, if it does: the first character
/// that is not allowed (with its position), or the edge that must be a letter,
/// digit or CJK character.
pub fn name_charset_problem(name: &str) -> Option<NameProblem> {
    let name = name.trim();
    if let Some((i, c)) = name
        .chars()
        .enumerate()
        .find(|&(_, c)| !(is_name_edge_char(c) || c == '_' || c == '-'))
    {
        return Some(NameProblem::Char(i + 1, c));
    }
    let first = name.chars().next()?;
    let last = name.chars().next_back()?;
    if !is_name_edge_char(first) {
        return Some(NameProblem::Start(first));
    }
    if !is_name_edge_char(last) {
        return Some(NameProblem::End(last));
    }
    None
}

/// Why a name is refused by the store's name rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameProblem {
    /// A character the rule does not allow, at this position.
    Char(usize, char),
    /// A character a name may not start with.
    Start(char),
    /// A character a name may not end with.
    End(char),
}

/// `^[0-9]+(\.[0-9]+){1,2}$`: two or three dot-separated numbers.
pub fn is_version_format(v: &str) -> bool {
    let parts: Vec<&str> = v.split('.').collect();
    (2..=3).contains(&parts.len())
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
}

/// How a character is shown in a message: printable ones quoted, the rest as a code point.
pub fn describe_char(c: char) -> String {
    if invisible_kind(c, false).is_some() || c.is_whitespace() {
        format!("U+{:04X}", c as u32)
    } else {
        format!("“{c}” (U+{:04X})", c as u32)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_count_characters_after_trimming() {
        assert_eq!(char_len("  中文名  "), 3);
        assert_eq!(char_len("é"), 1);
    }

    #[test]
    fn bidi_override_and_zero_width_are_found_with_their_position() {
        assert_eq!(
            first_invisible("abc\u{202E}def", false),
            Some((4, '\u{202E}', InvisibleKind::Bidi))
        );
        assert_eq!(
            first_invisible("a\u{200B}", false),
            Some((2, '\u{200B}', InvisibleKind::ZeroWidth))
        );
        assert_eq!(
            first_invisible("line\u{7}", true),
            Some((5, '\u{7}', InvisibleKind::Control))
        );
    }

    #[test]
    fn newlines_are_invisible_only_in_single_line_fields() {
        assert_eq!(first_invisible("a\nb", true), None);
        assert_eq!(
            first_invisible("a\nb", false).map(|f| f.2),
            Some(InvisibleKind::Control)
        );
    }

    #[test]
    fn strip_removes_only_invisible_characters() {
        assert_eq!(
            strip_invisible("Wo\u{200B}rd\u{202E}Press\n", false),
            "WordPress"
        );
        assert_eq!(strip_invisible("# A\n\tb", true), "# A\n\tb");
    }

    #[test]
    fn placeholders_match_whole_words_only() {
        assert_eq!(find_placeholder("Lorem Ipsum dolor"), Some("lorem ipsum"));
        assert_eq!(find_placeholder("fix this, todo."), Some("TODO"));
        assert_eq!(find_placeholder("price: TBD"), Some("TBD"));
        assert_eq!(find_placeholder("XXXX"), Some("xxx"));
        assert_eq!(find_placeholder("todos and foxxx"), None);
    }

    #[test]
    fn name_charset_follows_the_console_rule() {
        assert_eq!(name_charset_problem("word-press_2"), None);
        assert_eq!(name_charset_problem("博客系统"), None);
        assert_eq!(name_charset_problem("a"), None);
        assert_eq!(
            name_charset_problem("my app"),
            Some(NameProblem::Char(3, ' '))
        );
        assert_eq!(name_charset_problem("-app"), Some(NameProblem::Start('-')));
        assert_eq!(name_charset_problem("app_"), Some(NameProblem::End('_')));
    }

    #[test]
    fn version_format_takes_two_or_three_numbers() {
        for ok in ["1.0", "1.2.3", "10.20.30"] {
            assert!(is_version_format(ok), "{ok}");
        }
        for bad in ["1", "1.2.3.4", "v1.0", "1..2", "1.0-beta", "", "1.a"] {
            assert!(!is_version_format(bad), "{bad}");
        }
    }
}

/// What in a piece of raw HTML would run in a browser: a script-like element or
/// an event-handler attribute, named for the message.
pub fn executable_html(html: &str) -> Option<String> {
    let lower = html.to_ascii_lowercase();
    for element in [
        "script", "iframe", "object", "embed", "frame", "frameset", "applet", "meta", "base",
        "form",
    ] {
        let open = format!("<{element}");
        if let Some(at) = lower.find(&open) {
            let next = lower[at + open.len()..].chars().next();
            if next.is_none_or(|c| c.is_ascii_whitespace() || c == '>' || c == '/') {
                return Some(format!("a <{element}> element"));
            }
        }
    }
    // An attribute named on… inside a tag: `<img src=x onerror=…>`.
    let bytes = lower.as_bytes();
    let mut in_tag = false;
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'<' => in_tag = true,
            b'>' => in_tag = false,
            b'o' if in_tag
                && i > 0
                && (bytes[i - 1].is_ascii_whitespace() || bytes[i - 1] == b'/') =>
            {
                let rest = &lower[i..];
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric())
                    .collect();
                let after = rest[name.len()..].trim_start();
                if name.len() > 2 && name.starts_with("on") && after.starts_with('=') {
                    return Some(format!("an event handler ({name})"));
                }
            }
            _ => {}
        }
        // Attributes start at ASCII bytes; a byte inside a multi-byte character is no boundary.
        if in_tag && b.is_ascii() {
            if let Some(found) = executable_url_in_attribute(&lower[i..]) {
                return Some(found);
            }
        }
    }
    None
}

/// `href=` or `src=` attribute values that would run script.
fn executable_url_in_attribute(rest: &str) -> Option<String> {
    for attr in ["href=", "src=", "action=", "formaction=", "xlink:href="] {
        if let Some(value) = rest.strip_prefix(attr) {
            let value = value.trim_start_matches(['"', '\'', ' ']);
            return executable_url(value);
        }
    }
    None
}

/// A link target that runs script when followed: `javascript:`, `vbscript:` or an
/// HTML `data:` URL, however it is spaced or cased.
pub fn executable_url(url: &str) -> Option<String> {
    let squeezed: String = url
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_control())
        .take(32)
        .collect::<String>()
        .to_ascii_lowercase();
    [
        "javascript:",
        "vbscript:",
        "data:text/html",
        "data:image/svg",
    ]
    .into_iter()
    .find(|scheme| squeezed.starts_with(scheme))
    .map(|scheme| format!("a {} link", scheme.trim_end_matches(':')))
}

/// The web links of a Markdown text (links and images), each once, in order:
/// what the `url.reachable` check asks for.
pub fn web_links(markdown: &str) -> Vec<String> {
    use pulldown_cmark::{Event, Parser, Tag};
    let mut out: Vec<String> = Vec::new();
    for event in Parser::new(markdown) {
        if let Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) = event {
            let url = dest_url.trim();
            let web = url.starts_with("http://") || url.starts_with("https://");
            if web && !out.iter().any(|u| u == url) {
                out.push(url.to_string());
            }
        }
    }
    out
}

#[cfg(test)]
mod link_tests {
    #[test]
    fn web_links_are_links_and_images_once_each_and_never_code() {
        let md = "[a](https://a.org) ![b](http://b.org/x.png) [a again](https://a.org)\n\n\
                  `[c](https://c.org)` [mail](mailto:x@y.org) [rel](./docs) <https://d.org>";
        assert_eq!(
            super::web_links(md),
            ["https://a.org", "http://b.org/x.png", "https://d.org"]
        );
    }
}
