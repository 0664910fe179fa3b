//! What a rule found, as a sentence of the catalogue (crates/core/messages): the
//! facts each problem names, and the field it is about.

use super::Field;
use crate::catalogue::Sentence;
use crate::image::ImageFormat;
use crate::locale::Locale;
use crate::text::{describe_char, InvisibleKind};

/// What went wrong, with the facts a message needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Problem {
    Required,
    TooLong {
        len: usize,
        max: usize,
    },
    LongerThanRecommended {
        len: usize,
        max: usize,
    },
    NameChar {
        pos: usize,
        c: char,
    },
    NameStart(char),
    NameEnd(char),
    IntroMissing,
    IntroNoHeading,
    IntroDeepHeading {
        level: usize,
        text: String,
    },
    /// What would run if the store rendered it: `<script>`, an `onclick` handler…
    IntroUnsafe(String),
    Invisible {
        pos: usize,
        c: char,
        kind: InvisibleKind,
        count: usize,
    },
    Placeholder(&'static str),
    VersionFormat(String),
    VersionDuplicate(String),
    NoMatchingPackage,
    PackageUnknownVersion(String),
    TagCount(usize),
    TagTooLong {
        tag: String,
        len: usize,
        max: usize,
    },
    LogoMissing,
    LogoFormat(ImageFormat),
    LogoBytes {
        bytes: u64,
        max: u64,
    },
    LogoNotSquare {
        width: u32,
        height: u32,
    },
    LogoTooSmall {
        width: u32,
        height: u32,
        min: u32,
    },
    LogoTooLarge {
        width: u32,
        height: u32,
        side: u32,
    },
    TemplateEmpty,
    /// A component depends on a key no component of the template has.
    TemplateDangling {
        component: String,
        key: String,
    },
    /// A connection value (what dependants receive) that looks like a credential.
    TemplateSharedConnection {
        component: String,
        name: String,
    },
    /// A plain env value that looks like a credential.
    TemplateSharedEnv {
        component: String,
        name: String,
    },
    /// A singleton allowed more than one instance.
    TemplateSingleton {
        component: String,
        max: u32,
    },
    /// A component others depend on runs no image.
    TemplateDependencyNoImage {
        component: String,
        dependants: String,
    },
    /// A component others depend on listens on no port.
    TemplateDependencyNoPort {
        component: String,
        dependants: String,
    },
    /// Two components share one key.
    TemplateKeyReused {
        key: String,
        components: String,
    },
    /// A component's image that the offline export does not carry.
    ExportImageMissing {
        component: String,
        image: String,
    },
    /// A plugin's image that the offline export does not carry.
    ExportPluginImageMissing {
        plugin: String,
        image: String,
        init: bool,
    },
    /// An image tarball whose manifest is `null` or `[]`.
    ExportManifestEmpty {
        archive: String,
    },
    /// An image tarball with no `manifest.json`.
    ExportManifestMissing {
        archive: String,
    },
    /// An image tarball whose `manifest.json` cannot be read.
    ExportManifestUnreadable {
        archive: String,
        reason: Sentence,
    },
    /// Components that start with the platform's rbd-init-probe image.
    ExportProbeImage {
        components: String,
    },
    /// A link in the introduction did not answer 200 after redirects.
    LinkUnreachable {
        url: String,
        reason: String,
    },
    UrlInvalid,
    EmailInvalid,
    PhoneInvalid,
}

/// A field's name as messages and the window say it.
pub(crate) fn field_label(field: Field, locale: Locale) -> &'static str {
    crate::catalogue::plain(locale, field_key(field))
}

fn field_sentence(field: Field) -> Sentence {
    Sentence::new(field_key(field))
}

fn field_key(field: Field) -> &'static str {
    use Field::*;
    match field {
        StoreUrl => "field.storeUrl",
        MarketDomain => "field.marketDomain",
        AccountPhone => "field.accountPhone",
        Nickname => "field.nickname",
        Phone => "field.phone",
        Email => "field.email",
        Bio => "field.bio",
        Name => "field.name",
        Description => "field.description",
        Introduction => "field.introduction",
        Tags => "field.tags",
        PublishType => "field.publishType",
        Logo => "field.logo",
        Version => "field.version",
        VersionAlias => "field.versionAlias",
        ReleaseNotes => "field.releaseNotes",
        Packages => "field.packages",
        PackageName => "field.packageName",
        PackageVersion => "field.packageVersion",
        PackageDescription => "field.packageDescription",
        Template => "field.template",
    }
}

/// The field as a message names it: "Release notes of “1.2.0”" where the item matters.
pub(crate) fn subject(field: Field, owner: Option<&str>) -> Sentence {
    let label = field_sentence(field);
    match owner.map(str::trim).filter(|o| !o.is_empty()) {
        Some(o) => Sentence::new("rules.subjectOf")
            .part("label", label)
            .arg("owner", o),
        None => label,
    }
}

/// A problem as a sentence about `subject`.
pub(crate) fn sentence(problem: &Problem, subject: Sentence) -> Sentence {
    use Problem::*;
    let s = |key: &str| Sentence::new(key).part("subject", subject.clone());
    match problem {
        Required => s("rules.required"),
        TooLong { len, max } => s("rules.tooLong").arg("len", len).arg("max", max),
        LongerThanRecommended { len, max } => s("rules.longerThanRecommended")
            .arg("len", len)
            .arg("max", max),
        NameChar { pos, c } => s("rules.nameChar")
            .arg("pos", pos)
            .arg("char", describe_char(*c)),
        NameStart(c) => s("rules.nameStart").arg("char", describe_char(*c)),
        NameEnd(c) => s("rules.nameEnd").arg("char", describe_char(*c)),
        IntroMissing => s("rules.introMissing"),
        IntroNoHeading => s("rules.introNoHeading"),
        IntroDeepHeading { level, text } => s("rules.introDeepHeading")
            .arg("level", level)
            .arg("text", text),
        IntroUnsafe(what) => s("rules.introUnsafe").part("what", unsafe_part(what)),
        Invisible {
            pos,
            c,
            kind,
            count,
        } => {
            let more = count.saturating_sub(1);
            let said = match more {
                0 => s("rules.invisible"),
                n => s("rules.invisibleMore").arg("more", n),
            };
            said.arg("pos", pos)
                .arg("code", format!("U+{:04X}", *c as u32))
                .part(
                    "kind",
                    Sentence::new(match kind {
                        InvisibleKind::Control => "rules.kindControl",
                        InvisibleKind::ZeroWidth => "rules.kindZeroWidth",
                        InvisibleKind::Bidi => "rules.kindBidi",
                    }),
                )
        }
        Placeholder(p) => s("rules.placeholder").arg("text", p),
        VersionFormat(v) => s("rules.versionFormat").arg("version", v),
        VersionDuplicate(v) => s("rules.versionDuplicate").arg("version", v),
        NoMatchingPackage => Sentence::new("rules.noMatchingPackage"),
        PackageUnknownVersion(v) => s("rules.packageUnknownVersion").arg("version", v),
        TagCount(n) => s("rules.tagCount").arg("n", n),
        TagTooLong { tag, len, max } => Sentence::new("rules.tagTooLong")
            .arg("tag", tag)
            .arg("len", len)
            .arg("max", max),
        LogoMissing => s("rules.logoMissing"),
        LogoFormat(f) => s("rules.logoFormat").arg("format", f.as_str().to_uppercase()),
        LogoBytes { bytes, max } => s("rules.logoBytes")
            .arg("size", size(*bytes))
            .arg("limit", size(*max)),
        LogoNotSquare { width, height } => s("rules.logoNotSquare")
            .arg("width", width)
            .arg("height", height),
        LogoTooSmall { width, height, min } => s("rules.logoTooSmall")
            .arg("width", width)
            .arg("height", height)
            .arg("min", min),
        LogoTooLarge {
            width,
            height,
            side,
        } => s("rules.logoTooLarge")
            .arg("width", width)
            .arg("height", height)
            .arg("side", side),
        TemplateEmpty => s("rules.templateEmpty"),
        TemplateDangling { component, key } => s("rules.templateDangling")
            .arg("component", component)
            .arg("key", key),
        TemplateSharedConnection { component, name } => s("rules.templateSharedConnection")
            .arg("component", component)
            .arg("name", name),
        TemplateSharedEnv { component, name } => s("rules.templateSharedEnv")
            .arg("component", component)
            .arg("name", name),
        TemplateSingleton { component, max } => s("rules.templateSingleton")
            .arg("component", component)
            .arg("max", max),
        TemplateDependencyNoImage {
            component,
            dependants,
        } => s("rules.templateDependencyNoImage")
            .arg("component", component)
            .arg("dependants", dependants),
        TemplateDependencyNoPort {
            component,
            dependants,
        } => s("rules.templateDependencyNoPort")
            .arg("component", component)
            .arg("dependants", dependants),
        TemplateKeyReused { key, components } => s("rules.templateKeyReused")
            .arg("key", key)
            .arg("components", components),
        ExportImageMissing { component, image } => s("rules.exportImageMissing")
            .arg("component", component)
            .arg("image", image),
        ExportPluginImageMissing {
            plugin,
            image,
            init,
        } => s(match init {
            true => "rules.exportInitPluginImageMissing",
            false => "rules.exportPluginImageMissing",
        })
        .arg("plugin", plugin)
        .arg("image", image),
        ExportManifestEmpty { archive } => s("rules.exportManifestEmpty").arg("archive", archive),
        ExportManifestMissing { archive } => {
            s("rules.exportManifestMissing").arg("archive", archive)
        }
        ExportManifestUnreadable { archive, reason } => s("rules.exportManifestUnreadable")
            .arg("archive", archive)
            .part("reason", reason.clone()),
        ExportProbeImage { components } => {
            s("rules.exportProbeImage").arg("components", components)
        }
        LinkUnreachable { url, reason } => s("rules.linkUnreachable")
            .arg("url", url)
            .arg("reason", reason),
        UrlInvalid => s("rules.urlInvalid"),
        EmailInvalid => s("rules.emailInvalid"),
        PhoneInvalid => s("rules.phoneInvalid"),
    }
}

/// `text::executable_html`'s phrase (“a script element”, “an event handler
/// (onclick)”, “a javascript: link”) as a sentence of its parts.
fn unsafe_part(what: &str) -> Sentence {
    if let Some(el) = what
        .strip_prefix("a ")
        .and_then(|w| w.strip_suffix(" element"))
    {
        Sentence::new("rules.unsafeElement").arg("element", el)
    } else if let Some(name) = what
        .strip_prefix("an event handler (")
        .and_then(|w| w.strip_suffix(')'))
    {
        Sentence::new("rules.unsafeHandler").arg("name", name)
    } else if let Some(scheme) = what
        .strip_prefix("a ")
        .and_then(|w| w.strip_suffix(" link"))
    {
        Sentence::new("rules.unsafeLink").arg("scheme", scheme)
    } else {
        Sentence::new("rules.unsafeOther").arg("what", what)
    }
}

/// Bytes as people read them: "812 KB", "3.1 MB".
fn size(bytes: u64) -> String {
    const MB: f64 = 1024.0 * 1024.0;
    if bytes as f64 >= MB {
        format!("{:.1} MB", bytes as f64 / MB)
    } else {
        format!("{} KB", bytes.div_ceil(1024))
    }
}
