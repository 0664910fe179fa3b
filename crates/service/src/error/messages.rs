//! An error said in a language: the catalogue's sentence for its code (or for
//! what it needs first) with its params, then why (a [`Sentence`] of ours), then
//! the words of what refused (a file's parser, the OS), then the server's own
//! words, quoted and marked as the server's. The catalogue is
//! `rbpub_core::catalogue` (crates/core/messages/*.json); the window imports the
//! same files (`ui/src/lib/errors.ts`) and says errors the same way.

use rbpub_core::catalogue::{self, fill};
use rbpub_core::Locale;

use super::code::{Code, Params};

/// A value's name on the wire (`storeKeyRejected`), which keys the catalogue.
fn wire_name<T: serde::Serialize>(value: T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// The error in `locale`.
pub(crate) fn render(code: Code, params: &Params, locale: Locale) -> String {
    let sentence = params
        .need
        .and_then(|need| catalogue::need_text(locale, &wire_name(need)))
        .or_else(|| catalogue::code_text(locale, &wire_name(code)))
        .map(str::to_owned)
        .unwrap_or_else(|| wire_name(code));
    let value = |name: &str| match name {
        "component" => params.component.clone(),
        "version" => params.version.clone(),
        "package" => params.package.clone(),
        _ => None,
    };
    let text = fill(&sentence, |name| value(name).unwrap_or_default());
    let why = params.reason.as_ref().map(|r| r.say(locale));
    let text = followed_by(text, why.iter().chain(params.detail.iter()), locale);
    let text = match &params.said {
        Some(said) if !said.trim().is_empty() => catalogue::with_server_words(locale, &text, said),
        _ => text,
    };
    match &params.fix {
        Some(fix) => fill(catalogue::frame(locale, "withFix"), |name| match name {
            "text" => text.clone(),
            _ => fix.say(locale),
        }),
        None => text,
    }
}

/// `text`, then each part that says something, joined as `locale` joins a
/// sentence and what it is about (`withDetail`).
pub(crate) fn followed_by<'a>(
    text: String,
    parts: impl Iterator<Item = &'a String>,
    locale: Locale,
) -> String {
    parts
        .filter(|part| !part.is_empty())
        .fold(text, |text, part| {
            fill(catalogue::frame(locale, "withDetail"), |name| match name {
                "sentence" => text.clone(),
                _ => part.clone(),
            })
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::{Error, Need};
    use rbpub_core::catalogue::Sentence;

    #[test]
    fn an_error_is_said_in_the_language_asked_with_its_params() {
        let e = Error::needs(
            Need::VersionPublished,
            Params {
                package: Some("Free".into()),
                version: Some("1.2".into()),
                ..Params::default()
            },
        );
        assert_eq!(
            e.message,
            "Package Free: version 1.2 is not published yet (step 4)"
        );
        assert_eq!(
            e.localized(Locale::ZhCn),
            "套餐 Free：版本 1.2 尚未发布（第 4 步）"
        );
        let e = Error::new(Code::BadFile, "junk.rbpub is not a listing");
        assert_eq!(
            e.localized(Locale::ZhCn),
            "无法使用该文件：junk.rbpub is not a listing",
            "the detail names the file in the words of what refused"
        );
        assert_eq!(
            e.localized(Locale::En),
            "This file cannot be used: junk.rbpub is not a listing"
        );
    }

    #[test]
    fn our_reasons_are_translated_and_the_servers_words_quoted_as_its() {
        let e = Error::with(
            Code::Rejected,
            Params {
                reason: Some(Sentence::new("share.snapshotExists").arg("version", "1.2.0")),
                said: Some("版本号已存在".into()),
                ..Params::default()
            },
        );
        assert_eq!(
            e.localized(Locale::ZhCn),
            "服务器拒绝了该请求：该应用已有快照 1.2.0：请从它发布，或用另一个版本号创建快照（服务器原话：“版本号已存在”）"
        );
        assert_eq!(
            e.message,
            "The server refused it: the app has a snapshot 1.2.0 already: publish from it, or make one with another number (the server said “版本号已存在”)"
        );
    }
}
