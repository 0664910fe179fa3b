//! The language of rbpub's messages: `--lang`, else the environment's locale
//! (`LC_ALL`, `LC_MESSAGES`, `LANG`, in POSIX's order), as the window follows the system's.

use clap::ValueEnum;
use rbpub_core::catalogue::Sentence;
use rbpub_core::{Level, Locale};

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum Lang {
    En,
    #[value(name = "zh-CN")]
    ZhCn,
}

impl Lang {
    pub fn locale(self) -> Locale {
        match self {
            Lang::En => Locale::En,
            Lang::ZhCn => Locale::ZhCn,
        }
    }
}

/// The flag's language, else the first locale variable that is set: Chinese for `zh*`.
pub fn choose(flag: Option<Lang>) -> Locale {
    if let Some(lang) = flag {
        return lang.locale();
    }
    let value = ["LC_ALL", "LC_MESSAGES", "LANG"]
        .into_iter()
        .find_map(|name| std::env::var(name).ok().filter(|v| !v.is_empty()));
    from_posix(value.as_deref().unwrap_or(""))
}

/// `zh_CN.UTF-8`, `zh_TW`, `zh` → Chinese; anything else, `C` and `POSIX` included → English.
fn from_posix(value: &str) -> Locale {
    if value.to_ascii_lowercase().starts_with("zh") {
        Locale::ZhCn
    } else {
        Locale::En
    }
}

/// A finding's level as the text output shows it, padded to one width.
pub fn level_label(level: Level, locale: Locale) -> String {
    Sentence::new(match level == Level::Error {
        true => "cli.levelError",
        false => "cli.levelWarning",
    })
    .say(locale)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chinese_locale_chooses_chinese_and_the_rest_english() {
        assert_eq!(from_posix("zh_CN.UTF-8"), Locale::ZhCn);
        assert_eq!(from_posix("zh_TW"), Locale::ZhCn);
        for other in ["en_US.UTF-8", "C", "POSIX", "", "de_DE"] {
            assert_eq!(from_posix(other), Locale::En, "{other}");
        }
        assert_eq!(choose(Some(Lang::ZhCn)), Locale::ZhCn);
    }
}
