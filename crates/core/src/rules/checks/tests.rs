//! Each rule's check, passing and failing.

use super::*;
use crate::image::ImageFormat;
use crate::rules::Level;

fn listing(name: &str, desc: &str, intro: &str, tags: &[&str]) -> Listing {
    Listing {
        id: "l1".into(),
        name: name.into(),
        description: desc.into(),
        introduction: intro.into(),
        tags: tags.iter().map(|t| t.to_string()).collect(),
        logo: Some(logo(ImageFormat::Png, 256, 256, 30_000)),
        ..Listing::default()
    }
}

fn logo(format: ImageFormat, width: u32, height: u32, bytes: u64) -> ImageInfo {
    ImageInfo {
        hash: "0f".repeat(32),
        format,
        width,
        height,
        bytes,
        alpha: false,
    }
}

fn good() -> Listing {
    listing(
        "wordpress",
        "Blog in one click",
        "# WordPress\n\nInstall and go.",
        &["cms"],
    )
}

fn version(id: &str, v: &str) -> Version {
    Version {
        id: id.into(),
        version: v.into(),
        ..Version::default()
    }
}

fn package(id: &str, name: &str, v: &str) -> Package {
    Package {
        id: id.into(),
        name: name.into(),
        version: v.into(),
        description: String::new(),
    }
}

fn rules_of(findings: &[Finding]) -> Vec<RuleId> {
    findings.iter().map(|f| f.rule).collect()
}

#[test]
fn a_good_listing_has_no_findings() {
    let versions = [version("v1", "1.0.0")];
    let packages = [package("p1", "1.0.0", "1.0.0")];
    assert_eq!(
        evaluate_listing(&good(), &versions, &packages, Locale::En),
        vec![]
    );
}

#[test]
fn too_long_name_is_an_error_that_names_the_field_and_the_limit() {
    let l = listing(&"a".repeat(65), "", "# A", &["x"]);
    let f = evaluate_listing(&l, &[], &[], Locale::En);
    assert_eq!(f[0].rule, RuleId::NameLength);
    assert_eq!(f[0].level, Level::Error);
    assert_eq!(f[0].field.field, Field::Name);
    assert_eq!(
        f[0].message,
        "App name is 65 characters; the limit is 64. Shorten it."
    );
}

#[test]
fn name_over_32_is_only_a_warning() {
    let f = evaluate_listing(
        &listing(&"a".repeat(33), "", "# A", &["x"]),
        &[],
        &[],
        Locale::En,
    );
    assert_eq!(rules_of(&f), vec![RuleId::NameRecommended]);
    assert_eq!(f[0].level, Level::Warning);
}

#[test]
fn name_length_counts_characters_not_bytes() {
    // 32 CJK characters are 96 bytes but within the recommended length.
    let f = evaluate_listing(
        &listing(&"博".repeat(32), "", "# A", &["x"]),
        &[],
        &[],
        Locale::En,
    );
    assert_eq!(f, vec![]);
}

#[test]
fn all_failures_are_reported_at_once_in_a_stable_order() {
    let l = listing("my app", &"d".repeat(401), "", &[]);
    let versions = [
        version("v1", "1"),
        version("v2", "1.0"),
        version("v3", "1.0"),
    ];
    let f = evaluate_listing(&l, &versions, &[], Locale::En);
    assert_eq!(
        rules_of(&f),
        vec![
            RuleId::NameCharset,
            RuleId::DescLength,
            RuleId::IntroPresent,
            RuleId::TagsCount,
            RuleId::VersionFormat,
            RuleId::VersionUnique,
            RuleId::PackageMatches,
        ]
    );
    assert_eq!(
        f,
        evaluate_listing(&l, &versions, &[], Locale::En),
        "same input, same order"
    );
}

#[test]
fn pasted_bidi_override_is_flagged_with_a_fix_not_stripped() {
    let l = listing("evil\u{202E}gpj", "a\u{200B}b", "# A", &["x"]);
    let f = evaluate_listing(&l, &[], &[], Locale::En);
    assert_eq!(
        rules_of(&f),
        vec![RuleId::TextInvisible, RuleId::TextInvisible]
    );
    assert_eq!(f[0].field.field, Field::Name);
    assert_eq!(f[0].fix, Some(Fix::StripInvisible));
    assert_eq!(
        f[0].message,
        "App name contains an invisible text-direction character U+202E at character 5; remove it."
    );
    assert_eq!(f[1].field.field, Field::Description);
    assert_eq!(l.name, "evil\u{202E}gpj", "the rule never edits the text");
}

#[test]
fn control_characters_in_a_single_line_field_are_flagged_but_newlines_in_the_introduction_are_not()
{
    let l = listing("app", "line\nbreak", "# A\n\nbody\ttext", &["x"]);
    let f = evaluate_listing(&l, &[], &[], Locale::En);
    assert_eq!(rules_of(&f), vec![RuleId::TextInvisible]);
    assert_eq!(f[0].field.field, Field::Description);
}

#[test]
fn placeholders_are_warnings_on_any_text_field() {
    let mut l = good();
    l.introduction = "# Usage\n\nTODO".into();
    let versions = [Version {
        release_notes: "lorem ipsum".into(),
        ..version("v1", "1.0")
    }];
    let packages = [package("p1", "Basic", "1.0")];
    let f = evaluate_listing(&l, &versions, &packages, Locale::En);
    assert_eq!(
        rules_of(&f),
        vec![RuleId::TextPlaceholder, RuleId::TextPlaceholder]
    );
    assert!(f.iter().all(|x| x.level == Level::Warning));
    assert_eq!(
        f[1].field,
        FieldRef {
            field: Field::ReleaseNotes,
            item: Some("v1".into())
        }
    );
    assert_eq!(
        f[1].message,
        "Release notes of “1.0” contains the placeholder “lorem ipsum”; replace it with real text."
    );
}

#[test]
fn introduction_needs_a_heading_and_only_h1_to_h3() {
    let mut l = good();
    l.introduction = "Just text".into();
    assert_eq!(
        rules_of(&evaluate_listing(&l, &[], &[], Locale::En)),
        vec![RuleId::IntroPresent]
    );
    l.introduction = "# Top\n\n#### Deep one\n".into();
    let f = evaluate_listing(&l, &[], &[], Locale::En);
    assert_eq!(rules_of(&f), vec![RuleId::IntroHeadings]);
    assert!(f[0].message.contains("H4"), "{}", f[0].message);
    assert!(f[0].message.contains("Deep one"), "{}", f[0].message);
    // A heading inside a code block is not a heading; a setext heading is.
    l.introduction = "```\n# not a heading\n```\n\nTitle\n=====\n".into();
    assert_eq!(evaluate_listing(&l, &[], &[], Locale::En), vec![]);
}

#[test]
fn version_rules_follow_the_console() {
    let versions = [
        Version {
            alias: "a".repeat(65),
            release_notes: "n".repeat(256),
            ..version("v1", "1.0.0")
        },
        version("v2", "1.0.0.0"),
        version("v3", "1234567890.12345"),
        version("v4", ""),
    ];
    let f = evaluate_listing(
        &good(),
        &versions,
        &[package("p", "x", "1.0.0")],
        Locale::En,
    );
    assert_eq!(
        rules_of(&f),
        vec![
            RuleId::VersionAlias,
            RuleId::NotesLength,
            RuleId::VersionFormat,
            RuleId::VersionFormat,
            RuleId::VersionFormat
        ]
    );
    assert_eq!(f[4].message, "Version is required; fill it in.");
}

#[test]
fn packages_must_install_a_version_of_the_listing() {
    let versions = [version("v1", "1.0")];
    let f = evaluate_listing(
        &good(),
        &versions,
        &[package("p1", "Basic", "2.0")],
        Locale::En,
    );
    assert_eq!(
        rules_of(&f),
        vec![RuleId::PackageMatches, RuleId::PackageMatches]
    );
    assert_eq!(f[0].field.field, Field::Packages);
    assert_eq!(
        f[1].field,
        FieldRef {
            field: Field::PackageVersion,
            item: Some("p1".into())
        }
    );
}

#[test]
fn tags_count_and_length() {
    let l = listing("app", "", "# A", &["a", "b", "c", "d", "e", "f"]);
    assert_eq!(
        rules_of(&evaluate_listing(&l, &[], &[], Locale::En)),
        vec![RuleId::TagsCount]
    );
    let l = listing("app", "", "# A", &["a-tag-that-is-far-too-long"]);
    let f = evaluate_listing(&l, &[], &[], Locale::En);
    assert_eq!(
        f[0].message,
        "Tag “a-tag-that-is-far-too-long” is 26 characters; a tag is at most 16."
    );
}

#[test]
fn messages_come_in_simplified_chinese() {
    let f = evaluate_listing(
        &listing(&"a".repeat(65), "", "# A", &["x"]),
        &[],
        &[],
        Locale::ZhCn,
    );
    assert_eq!(f[0].message, "应用名称有 65 个字符，上限为 64 个，请缩短。");
}

#[test]
fn publisher_checks_url_phone_and_email() {
    let mut p = Publisher::default();
    assert_eq!(evaluate_publisher(&p, Locale::En), vec![]);
    p.store_url = "hub.grapps.cn".into();
    p.account_phone = "call me".into();
    p.email = "someone@".into();
    p.bio = "TBD".into();
    let f = evaluate_publisher(&p, Locale::En);
    assert_eq!(
        rules_of(&f),
        vec![
            RuleId::AccountUrl,
            RuleId::ProfilePhone,
            RuleId::ProfileEmail,
            RuleId::TextPlaceholder
        ]
    );
    p.store_url = "http://127.0.0.1:8080".into();
    p.account_phone = "+86 138-0000-0000".into();
    p.email = "dev@example.com".into();
    p.bio = "Maintainer".into();
    assert_eq!(evaluate_publisher(&p, Locale::En), vec![]);
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Whatever is pasted, evaluation never panics, and any invisible
        /// character in the name is reported.
        #[test]
        fn any_text_is_evaluated_without_panic(name in any::<String>(), intro in any::<String>()) {
            let l = listing(&name, &name, &intro, &[&name]);
            let f = evaluate_listing(&l, &[], &[], Locale::En);
            if text::first_invisible(&name, false).is_some() {
                prop_assert!(f.iter().any(|x| x.rule == RuleId::TextInvisible && x.field.field == Field::Name));
            }
        }

        /// HTML-ish introductions, multi-byte characters inside tags included,
        /// never panic the intro.safe scan.
        #[test]
        fn html_like_introductions_are_scanned_without_panic(html in "[<>a-zA-Z =\"'/:图ü\\-]{0,80}") {
            let l = listing("wordpress", "Blog", &format!("# A\n\n{html}"), &["cms"]);
            evaluate_listing(&l, &[], &[], Locale::En);
        }
    }
}

#[test]
fn logo_rules_name_the_problem_and_the_fix() {
    let missing = evaluate_logo(None, Locale::En);
    assert_eq!(rules_of(&missing), [RuleId::LogoPresent]);
    assert_eq!(missing[0].level, Level::Error);

    // A 3 MB rectangular WebP: every logo rule but presence fails, each with its fix.
    let webp = logo(ImageFormat::Webp, 2400, 1600, 3 * 1024 * 1024);
    let f = evaluate_logo(Some(&webp), Locale::En);
    assert_eq!(
        rules_of(&f),
        [
            RuleId::LogoFormat,
            RuleId::LogoBytes,
            RuleId::LogoSquare,
            RuleId::LogoSize
        ]
    );
    let fixes: Vec<_> = f.iter().map(|f| f.fix).collect();
    assert_eq!(
        fixes,
        [
            Some(Fix::ConvertLogo),
            Some(Fix::ConvertLogo),
            Some(Fix::PadSquare),
            Some(Fix::ResizeLogo)
        ]
    );
    let levels: Vec<_> = f.iter().map(|f| f.level).collect();
    assert_eq!(
        levels,
        [Level::Error, Level::Error, Level::Warning, Level::Warning]
    );
    assert_eq!(
        f[0].message,
        "Logo is WEBP; the store takes PNG, JPEG or GIF. Convert it to PNG."
    );
    assert_eq!(
        f[1].message,
        "Logo is 3.0 MB; the limit is 2.0 MB. Scale it down or convert it."
    );
    assert_eq!(
        f[2].message,
        "Logo is 2400×1600, not square; pad or crop it to a square."
    );

    let small = evaluate_logo(Some(&logo(ImageFormat::Gif, 64, 64, 900)), Locale::ZhCn);
    assert_eq!(rules_of(&small), [RuleId::LogoSize]);
    assert!(small[0].message.contains("64×64"), "{}", small[0].message);

    // Exactly at the limits passes.
    let edge = logo(ImageFormat::Jpeg, 100, 100, LOGO_MAX_BYTES);
    assert_eq!(evaluate_logo(Some(&edge), Locale::En), vec![]);
}

#[test]
fn executable_html_and_links_in_the_introduction_are_errors_named_by_what_they_are() {
    let cases = [
        ("# A\n\n<script>alert(1)</script>", "a <script> element"),
        ("# A\n\n<IFRAME src=x></iframe>", "a <iframe> element"),
        (
            "# A\n\nhi <img src=x onerror=alert(1)>",
            "an event handler (onerror)",
        ),
        (
            "# A\n\n<a href=\"x\" onClick = \"go()\">x</a>",
            "an event handler (onclick)",
        ),
        ("# A\n\n[click](javascript:alert(1))", "a javascript link"),
        ("# A\n\n[click](JaVa%20script:x)", ""),
        (
            "# A\n\n<a href=\" javascript:alert(1)\">x</a>",
            "a javascript link",
        ),
        (
            "# A\n\n![x](data:text/html;base64,PHNjcmlwdD4=)",
            "a data:text/html link",
        ),
    ];
    for (intro, what) in cases {
        let l = listing("wordpress", "Blog", intro, &["cms"]);
        let f = evaluate_listing(&l, &[], &[], Locale::En);
        let safe: Vec<_> = f.iter().filter(|f| f.rule == RuleId::IntroSafe).collect();
        if what.is_empty() {
            assert!(safe.is_empty(), "{intro}: {safe:?}");
            continue;
        }
        assert_eq!(safe.len(), 1, "{intro}");
        assert_eq!(safe[0].level, Level::Error);
        assert_eq!(
            safe[0].message,
            format!(
                "Introduction contains {what}, which must not run on the store's page; remove it."
            )
        );
    }
    // Ordinary HTML (any script of text inside a tag) and words that only look alike pass.
    let fine = "# A\n\n<img alt=\"图片 ünïcode\" src=\"https://x/图.png\"> <b>bold</b> <img src=\"https://x/y.png\" alt=\"online\"> scripted onboarding [docs](https://example.com)";
    let l = listing("wordpress", "Blog", fine, &["cms"]);
    assert!(evaluate_listing(&l, &[], &[], Locale::En)
        .iter()
        .all(|f| f.rule != RuleId::IntroSafe));
}

#[test]
fn levels_from_the_listing_override_the_project_which_override_the_defaults() {
    let mut l = listing(
        "a-name-that-is-longer-than-thirty-two-chars",
        "TODO",
        "# A\n",
        &["x"],
    );
    let draft = |l: &Listing| ListingDraft {
        listing: l.clone(),
        ..ListingDraft::default()
    };
    let levels = |pairs: &[(RuleId, Level)]| RuleLevels(pairs.iter().copied().collect());
    let all = evaluate_draft(&draft(&l), Locale::En);
    assert_eq!(
        rules_of(&all),
        [RuleId::NameRecommended, RuleId::TextPlaceholder]
    );

    let project = levels(&[
        (RuleId::NameRecommended, Level::Error),
        (RuleId::TextPlaceholder, Level::Off),
    ]);
    let found = evaluate_draft_with(&draft(&l), &project, Locale::En);
    assert_eq!(rules_of(&found), [RuleId::NameRecommended]);
    assert_eq!(found[0].level, Level::Error, "the project raised it");

    l.rule_levels = levels(&[
        (RuleId::NameRecommended, Level::Off),
        (RuleId::TextPlaceholder, Level::Warning),
    ]);
    let found = evaluate_draft_with(&draft(&l), &project, Locale::En);
    assert_eq!(
        rules_of(&found),
        [RuleId::TextPlaceholder],
        "the listing wins"
    );
    assert_eq!(found[0].level, Level::Warning);
}

#[test]
fn level_maps_read_and_write_with_the_rule_ids_of_the_table() {
    let levels: RuleLevels =
        serde_json::from_str(r#"{"name.recommended":"off","url.reachable":"warning"}"#).unwrap();
    assert_eq!(levels.level(RuleId::NameRecommended), Level::Off);
    assert_eq!(levels.level(RuleId::UrlReachable), Level::Warning);
    assert_eq!(levels.level(RuleId::NameLength), Level::Error);
    assert_eq!(RuleId::UrlReachable.default_level(), Level::Off);
    assert!(serde_json::from_str::<RuleLevels>(r#"{"name.lenght":"off"}"#).is_err());
    for rule in [RuleId::TemplateDeps, RuleId::TagsCount, RuleId::IntroSafe] {
        let json = serde_json::to_string(&rule).unwrap();
        assert_eq!(json, format!("\"{}\"", rule.as_str()));
    }
}

#[test]
fn thousands_of_dependants_are_named_a_few_and_counted_not_listed_in_every_finding() {
    use crate::template::{Component, Template};
    // 3,000 components that share one key (the console's default) and depend
    // on it, none with an image: each finding names five and counts the rest.
    let c = |i: usize| Component {
        key: "app".into(),
        name: format!("c{i}"),
        depends_on: vec!["app".into()],
        ..Component::default()
    };
    let t = Template {
        components: (0..3000).map(c).collect(),
        ..Template::default()
    };
    let found = evaluate_template(&t, Locale::En);
    let dependency: Vec<&Finding> = found
        .iter()
        .filter(|f| f.rule == RuleId::TemplateDependency)
        .collect();
    assert_eq!(dependency.len(), 3000);
    assert!(
        dependency[0]
            .message
            .contains("c0, c1, c2, c3, c4, … (+2995)"),
        "{}",
        dependency[0].message
    );
    let longest = found.iter().map(|f| f.message.len()).max().unwrap();
    assert!(longest < 400, "a finding of {longest} bytes");
}

#[test]
fn template_rules_find_an_empty_template_and_every_dangling_dependency() {
    use crate::template::{Component, Template};
    let c = |key: &str, name: &str, deps: &[&str]| Component {
        key: key.into(),
        name: name.into(),
        image: "goodrain.me/app:1".into(),
        ports: vec![crate::template::Port {
            port: 80,
            inner: true,
            ..Default::default()
        }],
        depends_on: deps.iter().map(|d| d.to_string()).collect(),
        ..Component::default()
    };
    let empty = Template::default();
    let found = evaluate_template(&empty, Locale::En);
    assert_eq!(rules_of(&found), [RuleId::TemplateNonempty]);
    assert!(
        found[0].message.contains("no component"),
        "{}",
        found[0].message
    );

    let with_k8s = Template {
        k8s_resources: vec!["ConfigMap settings".into()],
        ..Template::default()
    };
    assert!(evaluate_template(&with_k8s, Locale::En).is_empty());

    let t = Template {
        components: vec![
            c("db+1", "MySQL", &[]),
            c("web+2", "WordPress", &["db+1", "cache+3"]),
            c("job+4", "", &["gone+5"]),
        ],
        ..Template::default()
    };
    let found = evaluate_template(&t, Locale::En);
    assert_eq!(
        rules_of(&found),
        [RuleId::TemplateDeps, RuleId::TemplateDeps]
    );
    assert_eq!(found[0].field.item.as_deref(), Some("web+2"));
    assert!(
        found[0].message.contains("“WordPress” depends on cache+3"),
        "{}",
        found[0].message
    );
    assert!(found[1].message.contains("“job+4”"), "{}", found[1].message);
    assert_eq!(found[0].level, Level::Error);
    let zh = evaluate_template(&t, Locale::ZhCn);
    assert!(zh[0].message.contains("不在模板中"), "{}", zh[0].message);

    let draft = ListingDraft {
        listing: good(),
        template: Some(t),
        ..ListingDraft::default()
    };
    assert!(rules_of(&evaluate_draft(&draft, Locale::En)).contains(&RuleId::TemplateDeps));
}

#[test]
fn ten_thousand_components_are_checked_in_one_pass() {
    use crate::template::{Component, Template};
    let components = (0..10_000)
        .map(|i| Component {
            key: format!("k{i}"),
            image: "goodrain.me/app:1".into(),
            ports: vec![crate::template::Port::default()],
            depends_on: if i > 0 {
                vec![format!("k{}", i - 1)]
            } else {
                vec![]
            },
            ..Component::default()
        })
        .collect();
    let t = Template {
        components,
        ..Template::default()
    };
    assert!(evaluate_template(&t, Locale::En).is_empty());
    assert_eq!(
        t.layers().len(),
        10_000,
        "a chain is one component per layer"
    );
}

#[test]
fn unsafe_introductions_are_named_in_chinese_too() {
    let intro = |s: &str| listing("wp", "Blog", &format!("# WP\n\n{s}\n"), &["cms"]);
    let zh = |s: &str| {
        evaluate_listing(&intro(s), &[], &[], Locale::ZhCn)
            .into_iter()
            .find(|f| f.rule == RuleId::IntroSafe)
            .unwrap()
            .message
    };
    assert_eq!(
        zh("<script>x</script>"),
        "应用介绍包含 <script> 元素，商店页面不能执行它；请删除。"
    );
    assert!(zh("<img src=x onerror=y>").contains("事件处理属性 onerror"));
    assert!(zh("[a](javascript:x)").contains(" javascript 链接"));
}
