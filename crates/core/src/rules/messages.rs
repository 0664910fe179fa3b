//! Every rule message, in English and Simplified Chinese. Kept in one place so a
//! translator reads them together and a message never drifts from its twin.

use super::Field;
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
        reason: String,
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

pub(crate) fn field_label(field: Field, locale: Locale) -> &'static str {
    use Field::*;
    let (en, zh) = match field {
        StoreUrl => ("Store address", "应用商店地址"),
        MarketDomain => ("Store domain", "商店域名"),
        AccountPhone => ("Account phone", "账号手机号"),
        Nickname => ("Nickname", "昵称"),
        Phone => ("Phone", "手机号"),
        Email => ("E-mail", "邮箱"),
        Bio => ("Bio", "简介"),
        Name => ("App name", "应用名称"),
        Description => ("Short description", "应用简述"),
        Introduction => ("Introduction", "应用介绍"),
        Tags => ("Tags", "标签"),
        PublishType => ("Visibility", "发布范围"),
        Logo => ("Logo", "应用 Logo"),
        Version => ("Version", "版本号"),
        VersionAlias => ("Version alias", "版本别名"),
        ReleaseNotes => ("Release notes", "版本说明"),
        Packages => ("Packages", "套餐"),
        PackageName => ("Package name", "套餐名称"),
        PackageVersion => ("Package version", "套餐版本"),
        PackageDescription => ("Package description", "套餐说明"),
        Template => ("Template", "应用模板"),
    };
    locale.pick(en, zh)
}

/// The field as a message names it: "Release notes of 1.2.0" where the item matters.
pub(crate) fn subject(field: Field, owner: Option<&str>, locale: Locale) -> String {
    let label = field_label(field, locale);
    match (owner.filter(|o| !o.trim().is_empty()), locale) {
        (Some(o), Locale::En) => format!("{label} of “{}”", o.trim()),
        (Some(o), Locale::ZhCn) => format!("“{}”的{label}", o.trim()),
        (None, _) => label.to_string(),
    }
}

pub(crate) fn render(problem: &Problem, subject: &str, locale: Locale) -> String {
    use Problem::*;
    let zh = locale == Locale::ZhCn;
    match problem {
        Required if zh => format!("{subject}不能为空，请填写。"),
        Required => format!("{subject} is required; fill it in."),
        TooLong { len, max } if zh => format!("{subject}有 {len} 个字符，上限为 {max} 个，请缩短。"),
        TooLong { len, max } => format!("{subject} is {len} characters; the limit is {max}. Shorten it."),
        LongerThanRecommended { len, max } if zh => {
            format!("{subject}有 {len} 个字符，商店建议不超过 {max} 个。")
        }
        LongerThanRecommended { len, max } => {
            format!("{subject} is {len} characters; the store recommends at most {max}.")
        }
        NameChar { pos, c } if zh => format!(
            "{subject}第 {pos} 个字符 {} 不允许；只能使用字母、数字、汉字、“_”和“-”。",
            describe_char(*c)
        ),
        NameChar { pos, c } => format!(
            "{subject} may not contain {} (character {pos}); use letters, digits, Chinese characters, “_” or “-”.",
            describe_char(*c)
        ),
        NameStart(c) if zh => format!("{subject}必须以字母、数字或汉字开头，不能以 {} 开头。", describe_char(*c)),
        NameStart(c) => format!(
            "{subject} must start with a letter, digit or Chinese character, not {}.",
            describe_char(*c)
        ),
        NameEnd(c) if zh => format!("{subject}必须以字母、数字或汉字结尾，不能以 {} 结尾。", describe_char(*c)),
        NameEnd(c) => {
            format!("{subject} must end with a letter, digit or Chinese character, not {}.", describe_char(*c))
        }
        IntroMissing if zh => format!("{subject}为空；请介绍应用以及如何安装和使用。"),
        IntroMissing => format!("{subject} is empty; describe the app and how to install and use it."),
        IntroNoHeading if zh => format!("{subject}没有标题；请用“# ”开始各个小节。"),
        IntroNoHeading => format!("{subject} has no heading; start its sections with “# ”."),
        IntroDeepHeading { level, text } if zh => {
            format!("{subject}使用了 H{level} 标题（“{text}”）；商店只显示 H1–H3，请改用“###”或更高级别。")
        }
        IntroDeepHeading { level, text } => {
            format!("{subject} uses an H{level} heading (“{text}”); the store shows only H1–H3. Use “###” or fewer.")
        }
        IntroUnsafe(what) if zh => format!("{subject}包含{}，商店页面不能执行它；请删除。", unsafe_zh(what)),
        IntroUnsafe(what) => format!("{subject} contains {what}, which must not run on the store's page; remove it."),
        Invisible { pos, c, kind, count } => {
            let code = format!("U+{:04X}", *c as u32);
            let (kind_en, kind_zh) = match kind {
                InvisibleKind::Control => ("control", "控制"),
                InvisibleKind::ZeroWidth => ("zero-width", "零宽"),
                InvisibleKind::Bidi => ("text-direction", "文字方向"),
            };
            let more = count.saturating_sub(1);
            if zh {
                let more = if more > 0 { format!("（另有 {more} 个）") } else { String::new() };
                format!("{subject}第 {pos} 个字符是不可见的{kind_zh}字符 {code}{more}；请删除。")
            } else {
                let more = if more > 0 { format!(" and {more} more") } else { String::new() };
                format!("{subject} contains an invisible {kind_en} character {code} at character {pos}{more}; remove it.")
            }
        }
        Placeholder(p) if zh => format!("{subject}包含占位文字“{p}”；请替换为正式内容。"),
        Placeholder(p) => format!("{subject} contains the placeholder “{p}”; replace it with real text."),
        VersionFormat(v) if zh => format!("{subject}“{v}”格式不对；应为 1.0 或 1.2.3 这样以点分隔的数字，最多 15 个字符。"),
        VersionFormat(v) => format!(
            "{subject} “{v}” must be numbers separated by dots, like 1.0 or 1.2.3, at most 15 characters."
        ),
        VersionDuplicate(v) if zh => format!("{subject} {v} 重复了；同一应用的版本号不能相同。"),
        VersionDuplicate(v) => format!("{subject} {v} appears more than once; each version must be unique."),
        NoMatchingPackage if zh => "没有套餐安装本应用的任何版本；请为一个版本添加套餐。".to_string(),
        NoMatchingPackage => "No package installs any of this app's versions; add a package for a version.".to_string(),
        PackageUnknownVersion(v) if zh => format!("{subject} {v} 不是本应用的版本；请选择已有的版本。"),
        PackageUnknownVersion(v) => format!("{subject} {v} is not one of this app's versions; pick one of them."),
        TagCount(n) if zh => format!("{subject}应有 1 到 5 个，现在有 {n} 个。"),
        TagCount(n) => format!("{subject}: use 1 to 5 tags; there are {n}."),
        TagTooLong { tag, len, max } if zh => format!("标签“{tag}”有 {len} 个字符，每个标签最多 {max} 个。"),
        TagTooLong { tag, len, max } => format!("Tag “{tag}” is {len} characters; a tag is at most {max}."),
        LogoMissing if zh => format!("{subject}未设置；请选择或拖入一张图片。"),
        LogoMissing => format!("{subject} is not set; choose an image or drop one here."),
        LogoFormat(f) if zh => format!("{subject}是 {} 格式，商店只接受 PNG、JPEG 或 GIF；请转换为 PNG。", f.as_str().to_uppercase()),
        LogoFormat(f) => format!("{subject} is {}; the store takes PNG, JPEG or GIF. Convert it to PNG.", f.as_str().to_uppercase()),
        LogoBytes { bytes, max } if zh => format!("{subject}有 {}，上限为 {}；请缩小或转换。", size(*bytes), size(*max)),
        LogoBytes { bytes, max } => format!("{subject} is {}; the limit is {}. Scale it down or convert it.", size(*bytes), size(*max)),
        LogoNotSquare { width, height } if zh => format!("{subject}为 {width}×{height}，不是正方形；请补边或裁剪为正方形。"),
        LogoNotSquare { width, height } => format!("{subject} is {width}×{height}, not square; pad or crop it to a square."),
        LogoTooSmall { width, height, min } if zh => format!("{subject}为 {width}×{height}，小于 {min}×{min}，在商店中会模糊；请换一张更大的图片或放大。"),
        LogoTooSmall { width, height, min } => format!("{subject} is {width}×{height}, smaller than {min}×{min}, and will look blurred in the store; use a larger image or scale it up."),
        LogoTooLarge { width, height, side } if zh => format!("{subject}为 {width}×{height}，远大于商店显示的尺寸；请缩小到 {side}×{side} 以内。"),
        LogoTooLarge { width, height, side } => format!("{subject} is {width}×{height}, far larger than the store shows it; scale it down to fit {side}×{side}."),
        TemplateEmpty if zh => format!("{subject}没有任何组件或 Kubernetes 资源；请重新从运行中的应用导出。"),
        TemplateEmpty => format!("{subject} has no component and no Kubernetes resource; export it again from a running app."),
        TemplateDangling { component, key } if zh => format!(
            "{subject}中组件“{component}”依赖的 {key} 不在模板中；请把被依赖的组件一起发布，或删除这个依赖。"
        ),
        TemplateDangling { component, key } => format!(
            "{subject}: component “{component}” depends on {key}, which is not in the template; publish that component with it or remove the dependency."
        ),
        TemplateSharedConnection { component, name } if zh => format!(
            "{subject}中组件“{component}”的连接信息 {name} 像是凭据，每个安装者都会得到同一个值；请在控制台把它的值设为 **None**，安装时会为每个应用生成随机值。"
        ),
        TemplateSharedConnection { component, name } => format!(
            "{subject}: component “{component}” gives its dependants {name}, which looks like a credential, and every installer gets this same value; set its value to **None** in the console, and each install gets a random one."
        ),
        TemplateSharedEnv { component, name } if zh => format!(
            "{subject}中组件“{component}”的环境变量 {name} 像是凭据，每个安装者都会得到同一个值；请清空它，或改为连接信息并设为 **None**，由安装者或安装时生成。"
        ),
        TemplateSharedEnv { component, name } => format!(
            "{subject}: component “{component}” ships {name}, which looks like a credential, and every installer gets this same value; empty it, or make it connection info with the value **None** so each install makes its own."
        ),
        TemplateSingleton { component, max } if zh => format!(
            "{subject}中组件“{component}”是单实例组件，却允许最多 {max} 个实例，控制台提交时会拒绝（分享应用不支持多实例）；请在控制台把它的最大实例数设为 1。"
        ),
        TemplateSingleton { component, max } => format!(
            "{subject}: component “{component}” is a singleton allowed up to {max} instances, which the console refuses at submit (分享应用不支持多实例); set its most instances to 1 in the console."
        ),
        TemplateDependencyNoImage { component, dependants } if zh => format!(
            "{subject}中组件“{component}”没有镜像，而 {dependants} 依赖它；请先构建并部署它，再发布。"
        ),
        TemplateDependencyNoImage { component, dependants } => format!(
            "{subject}: component “{component}” has no image, and {dependants} depend on it; build and deploy it before publishing."
        ),
        TemplateDependencyNoPort { component, dependants } if zh => format!(
            "{subject}中组件“{component}”没有端口，而 {dependants} 依赖它，依赖方无处连接；请在控制台为它添加对内端口。"
        ),
        TemplateDependencyNoPort { component, dependants } => format!(
            "{subject}: component “{component}” listens on no port, and {dependants} depend on it, with nothing to connect to; add an inner port to it in the console."
        ),
        TemplateKeyReused { key, components } if zh => format!(
            "{subject}中 {components} 使用同一个组件标识 {key}，升级时无法区分它们；请重新从控制台导出或发布。"
        ),
        TemplateKeyReused { key, components } => format!(
            "{subject}: {components} share the component key {key}, so an upgrade cannot tell them apart; export or publish the template again from the console."
        ),
        ExportImageMissing { component, image } if zh => format!(
            "{subject}中组件“{component}”的镜像 {image} 不在离线包中，离线安装时集群会去镜像仓库拉取它，无外网时安装失败；请在控制台确认该镜像可拉取后重新离线导出。"
        ),
        ExportImageMissing { component, image } => format!(
            "{subject}: component “{component}” runs {image}, which the offline export does not carry, so an air-gapped install would pull it from its registry and fail; make sure the console can pull it and export again."
        ),
        ExportPluginImageMissing { plugin, image, init } if zh => format!(
            "{subject}中{}“{plugin}”的镜像 {image} 不在离线包的 plugin-images.tar 中，离线安装时集群会去镜像仓库拉取它；请在控制台确认该插件已构建后重新离线导出。",
            if *init { "初始化插件" } else { "插件" }
        ),
        ExportPluginImageMissing { plugin, image, init } => format!(
            "{subject}: {} “{plugin}” runs {image}, which the offline export does not carry in plugin-images.tar, so an air-gapped install would pull it from its registry; build the plugin in the console and export again.",
            if *init { "init plugin" } else { "plugin" }
        ),
        ExportManifestEmpty { archive } if zh => format!(
            "{subject}：离线包中的 {archive} 的 manifest.json 为空（null），导入时会失败（goodrain/rainbond#1965）；请重新离线导出，若应用没有插件镜像，可从包中删除该文件。"
        ),
        ExportManifestEmpty { archive } => format!(
            "{subject}: {archive} in the export lists no image (its manifest.json is null), and importing the export fails on it (goodrain/rainbond#1965); export again, or remove the file from the archive if the app has no images of that kind."
        ),
        ExportManifestMissing { archive } if zh => format!(
            "{subject}：离线包中的 {archive} 没有 manifest.json，不是镜像包，导入时无法加载；请重新离线导出。"
        ),
        ExportManifestMissing { archive } => format!(
            "{subject}: {archive} in the export has no manifest.json, so it is not an image archive the import can load; export again."
        ),
        ExportManifestUnreadable { archive, reason } if zh => format!(
            "{subject}：离线包中 {archive} 的 manifest.json 无法读取（{reason}）；请重新离线导出。"
        ),
        ExportManifestUnreadable { archive, reason } => format!(
            "{subject}: the manifest.json of {archive} in the export cannot be read ({reason}); export again."
        ),
        ExportProbeImage { components } if zh => format!(
            "{subject}：等待所依赖组件的组件（{components}）启动时使用平台的 rbd-init-probe 镜像，任何离线包都不含该镜像；无外网的集群需在自己的镜像仓库中准备它，并在 rbd-worker 上设置 PROBE_MESH_IMAGE_NAME。"
        ),
        ExportProbeImage { components } => format!(
            "{subject}: components that wait for their dependencies ({components}) start with the platform's rbd-init-probe image, which no export carries; an air-gapped cluster needs a copy in its own registry, named by PROBE_MESH_IMAGE_NAME on rbd-worker."
        ),
        LinkUnreachable { url, reason } if zh => format!("{subject}中的链接 {url} 无法访问（{reason}）；请修正或删除。"),
        LinkUnreachable { url, reason } => format!("{subject} links to {url}, which does not answer ({reason}); fix or remove the link."),
        UrlInvalid if zh => format!("{subject}必须是 http:// 或 https:// 开头的地址，例如 https://hub.grapps.cn。"),
        UrlInvalid => format!("{subject} must be an http:// or https:// address, such as https://hub.grapps.cn."),
        EmailInvalid if zh => format!("{subject}不是有效的邮箱地址，例如 name@example.com。"),
        EmailInvalid => format!("{subject} is not an e-mail address such as name@example.com."),
        PhoneInvalid if zh => format!("{subject}只能包含数字、空格、“-”和开头的“+”，共 5–20 位数字。"),
        PhoneInvalid => format!(
            "{subject} may contain only digits, spaces, “-” and a leading “+”, with 5 to 20 digits."
        ),
    }
}

/// `text::executable_html`'s English phrases, in Chinese.
fn unsafe_zh(what: &str) -> String {
    if let Some(el) = what
        .strip_prefix("a ")
        .and_then(|w| w.strip_suffix(" element"))
    {
        format!(" {el} 元素")
    } else if let Some(name) = what
        .strip_prefix("an event handler (")
        .and_then(|w| w.strip_suffix(')'))
    {
        format!("事件处理属性 {name}")
    } else if let Some(scheme) = what
        .strip_prefix("a ")
        .and_then(|w| w.strip_suffix(" link"))
    {
        format!(" {scheme} 链接")
    } else {
        format!(" {what}")
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
