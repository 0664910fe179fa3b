//! What rbpub writes to the terminal is text, not commands: anything that came
//! from a file or a server (a store's name, a URL, an export's entry name)
//! may hold control bytes, and an ESC or OSC sequence would clear the screen,
//! set the window's title or hide what follows. Those are shown escaped.

use std::borrow::Cow;

/// `text` with every control character but a line break or a tab shown as
/// an escape (`\u{1b}`), so that a terminal prints it instead of obeying it.
pub fn shown(text: &str) -> Cow<'_, str> {
    rbpub_core::text::shown_controls(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_reach_the_terminal_as_text() {
        // Clear the screen, set the window title, a C1 CSI, a carriage return.
        let hostile = "Store\u{1b}[2J\u{1b}]0;owned\u{7}\u{9b}31m\rX";
        let out = shown(hostile);
        assert!(!out.chars().any(|c| c.is_control()), "{out:?}");
        assert_eq!(out, "Store\\u{1b}[2J\\u{1b}]0;owned\\u{7}\\u{9b}31m\\u{d}X");
        // Lines and tabs stay; plain text is not copied.
        assert!(matches!(
            shown("a\tb\nc 应用"),
            Cow::Borrowed("a\tb\nc 应用")
        ));
    }
}
