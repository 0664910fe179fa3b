//! The preview's speed: one preview page of a realistic listing (goal: under 20 ms).
//! `cargo bench -p rbpub-preview`.

use criterion::{criterion_group, criterion_main, Criterion};
use rbpub_core::rules::evaluate_draft;
use rbpub_core::{
    ImageFormat, ImageInfo, Listing, ListingDraft, Locale, Package, Template, Version,
};
use rbpub_preview::{data_uri, page, render_markdown, Preview, RemoteImages, Theme};

fn listing() -> (ListingDraft, Vec<u8>) {
    let section = "## Install\n\nRun **one command** and open [the site](https://example.org).\n\n\
                   | Setting | Default |\n|---|---|\n| port | 80 |\n\n- fast\n- small\n  - nested\n\n```sh\nrbd install\n```\n\n";
    let logo_bytes = vec![0x5a; 60 * 1024];
    let logo = ImageInfo {
        hash: "ab".repeat(32),
        format: ImageFormat::Png,
        width: 512,
        height: 512,
        bytes: logo_bytes.len() as u64,
        alpha: true,
    };
    let template =
        Template::from_metadata(include_bytes!("../../core/fixtures/ram-example.json")).unwrap();
    let draft = ListingDraft {
        listing: Listing {
            name: "wordpress".into(),
            description: "Blog and website builder in one click".into(),
            introduction: format!("# WordPress\n\n{}", section.repeat(60)),
            tags: vec!["cms".into(), "blog".into(), "php".into()],
            logo: Some(logo),
            ..Listing::default()
        },
        versions: (0..5)
            .map(|i| Version {
                version: format!("1.{i}.0"),
                release_notes: "Fixes and a faster start.".into(),
                ..Version::default()
            })
            .collect(),
        packages: vec![Package {
            name: "Free".into(),
            version: "1.4.0".into(),
            ..Package::default()
        }],
        template: Some(template),
        ..ListingDraft::default()
    };
    (draft, logo_bytes)
}

fn bench(c: &mut Criterion) {
    let (draft, logo) = listing();
    let findings = evaluate_draft(&draft, Locale::En);
    println!("introduction: {} bytes", draft.listing.introduction.len());
    c.bench_function(
        "preview page (detail, tile, 10 KB intro, 2 components, inlined logo)",
        |b| {
            b.iter(|| {
                let src = |i: &ImageInfo| Some(data_uri(i, &logo));
                page(&Preview {
                    draft: &draft,
                    findings: &findings,
                    locale: Locale::En,
                    theme: Theme::Auto,
                    image_src: &src,
                    remote_images: RemoteImages::Load,
                })
            })
        },
    );
    c.bench_function("markdown only (same introduction)", |b| {
        b.iter(|| render_markdown(&draft.listing.introduction))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
