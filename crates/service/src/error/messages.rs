//! The error catalogue, `messages/en.json` and `messages/zh-CN.json`: one
//! sentence per [`Code`] and per [`Need`] in each language. The window imports
//! the same files (`ui/src/lib/errors.ts`), so `rbpub` and the window say an
//! error in the same words; this renders them for `rbpub` and for logs.

use std::collections::HashMap;
use std::sync::OnceLock;

use rbpub_core::Locale;
use serde::Deserialize;

use super::code::{Code, Params};

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Catalogue {
    with_detail: String,
    codes: HashMap<String, String>,
    needs: HashMap<String, String>,
}

fn catalogue(locale: Locale) -> &'static Catalogue {
    static EN: OnceLock<Catalogue> = OnceLock::new();
    static ZH: OnceLock<Catalogue> = OnceLock::new();
    let (cell, text) = match locale {
        Locale::En => (&EN, include_str!("../../messages/en.json")),
        Locale::ZhCn => (&ZH, include_str!("../../messages/zh-CN.json")),
    };
    cell.get_or_init(|| serde_json::from_str(text).expect("the catalogue is valid JSON"))
}

/// A value's name on the wire (`storeKeyRejected`), which keys the catalogue.
fn wire_name<T: serde::Serialize>(value: T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// The sentence for `code` (or for what it needs) with the params put in, then the detail.
pub(crate) fn render(code: Code, params: &Params, locale: Locale) -> String {
    let c = catalogue(locale);
    let sentence = params
        .need
        .and_then(|need| c.needs.get(&wire_name(need)))
        .or_else(|| c.codes.get(&wire_name(code)))
        .cloned()
        .unwrap_or_else(|| wire_name(code));
    let value = |name: &str| match name {
        "component" => params.component.clone(),
        "version" => params.version.clone(),
        "package" => params.package.clone(),
        _ => None,
    };
    let sentence = fill(&sentence, |name| value(name).unwrap_or_default());
    match &params.detail {
        Some(detail) if !detail.is_empty() => fill(&c.with_detail, |name| match name {
            "sentence" => sentence.clone(),
            _ => detail.clone(),
        }),
        _ => sentence,
    }
}

/// Replaces each `{name}` with `value(name)`.
fn fill(template: &str, value: impl Fn(&str) -> String) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::{Error, Need};

    #[test]
    fn both_languages_have_the_same_sentences() {
        let (en, zh) = (catalogue(Locale::En), catalogue(Locale::ZhCn));
        let keys = |m: &HashMap<String, String>| {
            let mut k: Vec<_> = m.keys().cloned().collect();
            k.sort();
            k
        };
        assert_eq!(keys(&en.codes), keys(&zh.codes));
        assert_eq!(keys(&en.needs), keys(&zh.needs));
        assert!(en
            .codes
            .values()
            .chain(zh.codes.values())
            .all(|s| !s.is_empty()));
    }

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
}
