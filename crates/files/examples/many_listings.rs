//! Writes N realistic listing folders for `benches/lint.py`: a 512² PNG logo,
//! a 5 KB introduction, three versions with notes, two packages, the design's
//! RAM template, and a problem in every tenth listing.
//!
//! `cargo run --release -p rbpub-files --example many_listings -- DIR [N]`

use std::path::PathBuf;

use rbpub_core::{ImageFormat, ImageInfo, Listing, ListingDraft, Package, Template, Version};
use rbpub_files::{write_folder, ListingFiles};

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().expect("usage: many_listings DIR [N]"));
    let n: usize = args
        .next()
        .map_or(1000, |s| s.parse().expect("N is a number"));
    let img = image::RgbaImage::from_fn(512, 512, |x, y| {
        image::Rgba([(x / 2) as u8, (y / 2) as u8, 120, 255])
    });
    let mut png = std::io::Cursor::new(Vec::new());
    img.write_to(&mut png, image::ImageFormat::Png).unwrap();
    let png = png.into_inner();
    let template =
        Template::from_metadata(include_bytes!("../../core/fixtures/ram-example.json")).unwrap();
    let section = "## Install\n\nRun **one command** and open [the site](https://example.org).\n\n\
                   | Setting | Default |\n|---|---|\n| port | 80 |\n\n- fast\n- small\n\n";
    for i in 0..n {
        let name = if i % 10 == 0 {
            format!("app {i}!")
        } else {
            format!("app-{i}")
        };
        let files = ListingFiles {
            draft: ListingDraft {
                listing: Listing {
                    id: format!("listing-{i}").into(),
                    name,
                    description: "A self-hosted service in one click".into(),
                    introduction: format!("# App {i}\n\n{}", section.repeat(40)),
                    tags: vec!["devops".into(), "git".into()],
                    logo: Some(ImageInfo {
                        hash: rbpub_assets::hash(&png),
                        format: ImageFormat::Png,
                        width: 512,
                        height: 512,
                        bytes: png.len() as u64,
                        alpha: true,
                    }),
                    ..Listing::default()
                },
                versions: (0..3)
                    .map(|v| Version {
                        version: format!("1.{v}.0"),
                        release_notes: format!("Release 1.{v}.0: fixes and a faster start."),
                        ..Version::default()
                    })
                    .collect(),
                packages: vec![
                    Package {
                        name: "Free".into(),
                        version: "1.2.0".into(),
                        ..Package::default()
                    },
                    Package {
                        name: "Team".into(),
                        version: "1.1.0".into(),
                        ..Package::default()
                    },
                ],
                template: Some(template.clone()),
                ..ListingDraft::default()
            },
            logo: Some(png.clone()),
            screenshots: vec![],
            approvals: vec![],
        };
        write_folder(&dir.join(format!("app-{i:04}")), &files, false).unwrap();
    }
    println!("{n} listings in {}", dir.display());
}
