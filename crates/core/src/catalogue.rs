//! One catalogue for everything Rust says to a user, in each language the app
//! speaks: `messages/en.json` and `messages/zh-CN.json`. Errors carry their
//! parts as parameters and are said from here in the user's language (by rbpub,
//! or by the window, which imports the same files); so are rbpub's progress
//! lines and summaries. A third language is one more file.
//!
//! Sections: `codes` and `needs` (the service's error kinds), `texts` (every
//! other sentence, keyed `area.name`), `frames` (how parts are joined, and how
//! a server's own words are quoted). A key whose count is 1 may have a `.one`
//! form (`cli.pulled.one`), used when the `n` argument is 1.
//!
//! ```
//! use rbpub_core::catalogue::Sentence;
//! use rbpub_core::Locale;
//! let s = Sentence::new("share.noSnapshot").arg("version", "1.2.0");
//! assert!(s.say(Locale::ZhCn).contains("1.2.0"));
//! assert!(s.say(Locale::En).starts_with("The app has no snapshot 1.2.0"));
//! ```

use std::collections::{BTreeMap, HashMap};
use std::fmt::Display;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::Locale;

/// A sentence of ours, not yet in any language: a key of the catalogue's
/// `texts` and what it names. It crosses IPC as it is, so the window says it
/// in the language it shows.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Sentence {
    /// `area.name`, a key of `texts`.
    pub key: String,
    /// The values its `{placeholders}` name.
    pub args: BTreeMap<String, String>,
    /// Placeholders that are sentences themselves, said in the same language.
    pub parts: BTreeMap<String, Sentence>,
}

impl Sentence {
    /// The sentence `key` (a literal: a test finds every key the code uses in
    /// both catalogues).
    pub fn new(key: &str) -> Sentence {
        Sentence {
            key: key.to_owned(),
            args: BTreeMap::new(),
            parts: BTreeMap::new(),
        }
    }

    /// With `{name}` standing for `value`.
    pub fn arg(mut self, name: &str, value: impl Display) -> Sentence {
        self.args.insert(name.to_owned(), value.to_string());
        self
    }

    /// With `{name}` standing for another sentence, said in the same language.
    pub fn part(mut self, name: &str, sentence: Sentence) -> Sentence {
        self.parts.insert(name.to_owned(), sentence);
        self
    }

    /// Words of what refused that are not ours (a parser's, a library's, the
    /// OS's), carried as they are, on one line, where a reason of ours would be.
    pub fn their_words(words: impl Display) -> Sentence {
        let words = words.to_string().trim().replace('\n', " ");
        Sentence::new("common.theirWords").arg("words", words)
    }

    /// With `{n}` standing for `n` (and the `.one` form when there is one and `n` is 1).
    pub fn count(self, n: usize) -> Sentence {
        self.arg("n", n)
    }

    /// With `{name}` standing for `items` joined as a list in each language.
    pub fn list(self, name: &str, items: &[impl AsRef<str>]) -> Sentence {
        // Joined when said: a placeholder of its own, so each language joins its way.
        let joined = items
            .iter()
            .map(|i| i.as_ref().to_owned())
            .collect::<Vec<_>>()
            .join(LIST_MARK);
        self.arg(name, joined)
    }

    /// The sentence in `locale`, its placeholders filled. A key missing from the
    /// catalogue (a defect the catalogue test catches) is said as the key.
    pub fn say(&self, locale: Locale) -> String {
        let c = catalogue(locale);
        let one = self.args.get("n").is_some_and(|n| n == "1");
        let template = one
            .then(|| c.texts.get(&format!("{}.one", self.key)))
            .flatten()
            .or_else(|| c.texts.get(&self.key))
            .map(String::as_str)
            .unwrap_or(&self.key);
        let list = frame(locale, "list");
        fill(template, |name| match self.parts.get(name) {
            Some(part) => part.say(locale),
            None => self
                .args
                .get(name)
                .map(|v| v.replace(LIST_MARK, list))
                .unwrap_or_default(),
        })
    }
}

/// The sentences one after another (`a; b; c` in each language's way), or
/// `None` for none.
pub fn each_of(sentences: impl IntoIterator<Item = Sentence>) -> Option<Sentence> {
    joined_by("common.then", sentences)
}

/// The sentences one per line, each after the first on a line of its own
/// beginning `- `, or `None` for none.
pub fn lines(sentences: impl IntoIterator<Item = Sentence>) -> Option<Sentence> {
    joined_by("common.line", sentences)
}

/// The sentences joined two by two by the sentence `key`, whose `{first}` is
/// all before and `{then}` the next; `None` for none.
pub fn joined_by(key: &str, sentences: impl IntoIterator<Item = Sentence>) -> Option<Sentence> {
    sentences
        .into_iter()
        .reduce(|all, next| Sentence::new(key).part("first", all).part("then", next))
}

/// Separates the items of a list argument until it is said.
const LIST_MARK: &str = "\u{1f}";

#[derive(Deserialize)]
struct Catalogue {
    frames: HashMap<String, String>,
    codes: HashMap<String, String>,
    needs: HashMap<String, String>,
    texts: HashMap<String, String>,
    /// rbpub's help, keyed by where it is shown (`rbpub publish --template`).
    help: HashMap<String, String>,
}

fn catalogue(locale: Locale) -> &'static Catalogue {
    static EN: OnceLock<Catalogue> = OnceLock::new();
    static ZH: OnceLock<Catalogue> = OnceLock::new();
    let (cell, text) = match locale {
        Locale::En => (&EN, include_str!("../messages/en.json")),
        Locale::ZhCn => (&ZH, include_str!("../messages/zh-CN.json")),
    };
    cell.get_or_init(|| serde_json::from_str(text).expect("the catalogue is valid JSON"))
}

/// How parts are joined in `locale`: `withDetail`, `said`, `list`.
pub fn frame(locale: Locale, name: &str) -> &'static str {
    catalogue(locale)
        .frames
        .get(name)
        .map_or("{sentence}: {detail}", String::as_str)
}

/// A sentence without parts, as the catalogue holds it (a name, a label);
/// the key itself when the catalogue lacks it.
pub fn plain(locale: Locale, key: &'static str) -> &'static str {
    catalogue(locale).texts.get(key).map_or(key, String::as_str)
}

/// rbpub's help text shown at `key` (`rbpub publish`, `rbpub publish
/// --template`), in `locale`.
pub fn help(locale: Locale, key: &str) -> Option<&'static str> {
    catalogue(locale).help.get(key).map(String::as_str)
}

/// The sentence for an error code (`storeKeyRejected`).
pub fn code_text(locale: Locale, code: &str) -> Option<&'static str> {
    catalogue(locale).codes.get(code).map(String::as_str)
}

/// The sentence for what must be done first (`storeKey`).
pub fn need_text(locale: Locale, need: &str) -> Option<&'static str> {
    catalogue(locale).needs.get(need).map(String::as_str)
}

/// Replaces each `{name}` with `value(name)`.
pub fn fill(template: &str, mut value: impl FnMut(&str) -> String) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else {
            break;
        };
        out += &rest[..start];
        out += &value(&rest[start + 1..start + len]);
        rest = &rest[start + len + 1..];
    }
    out + rest
}

/// `text` followed by the server's own words, quoted and marked as the server's.
pub fn with_server_words(locale: Locale, text: &str, said: &str) -> String {
    fill(frame(locale, "said"), |name| match name {
        "text" => text.to_owned(),
        _ => said.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sections(c: &Catalogue) -> [(&str, &HashMap<String, String>); 5] {
        [
            ("frames", &c.frames),
            ("codes", &c.codes),
            ("needs", &c.needs),
            ("texts", &c.texts),
            ("help", &c.help),
        ]
    }

    /// The `{placeholders}` of a sentence, sorted.
    fn placeholders(s: &str) -> Vec<String> {
        let mut names = Vec::new();
        let _ = fill(s, |name| {
            names.push(name.to_owned());
            String::new()
        });
        names.sort();
        names.dedup();
        names
    }

    #[test]
    fn both_languages_say_every_key_with_the_same_placeholders() {
        let (en, zh) = (catalogue(Locale::En), catalogue(Locale::ZhCn));
        for ((name, en), (_, zh)) in sections(en).into_iter().zip(sections(zh)) {
            let mut keys: Vec<_> = en.keys().chain(zh.keys()).collect();
            keys.sort();
            keys.dedup();
            for key in keys {
                let (Some(e), Some(z)) = (en.get(key), zh.get(key)) else {
                    panic!("{name}.{key} is in one language only");
                };
                assert!(
                    !e.trim().is_empty() && !z.trim().is_empty(),
                    "{name}.{key} is empty"
                );
                assert_eq!(
                    placeholders(e),
                    placeholders(z),
                    "{name}.{key} names other parts in each language"
                );
            }
        }
    }

    #[test]
    fn a_sentence_is_said_in_each_language_with_its_parts() {
        let s = Sentence::new("share.noSnapshot").arg("version", "1.2.0");
        assert!(s.say(Locale::En).contains("1.2.0"));
        assert!(s.say(Locale::ZhCn).contains("1.2.0"));
        assert_ne!(s.say(Locale::En), s.say(Locale::ZhCn));
        let quoted = with_server_words(Locale::ZhCn, "商店拒绝了访问密钥", "access key invalid");
        assert_eq!(
            quoted,
            "商店拒绝了访问密钥（服务器原话：“access key invalid”）"
        );
    }
}
