//! Any text as a listing's introduction, through the checks and the preview
//! page in both image modes. A panic, a hang, or script that survives the
//! sanitiser is a bug.

#![no_main]

use libfuzzer_sys::fuzz_target;
use rbpub_core::{ListingDraft, Locale};
use rbpub_preview::{page, render_markdown, Preview, RemoteImages, Theme};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let html = render_markdown(&text);
    rbpub_fuzz::assert_inert(&html);
    let mut draft = ListingDraft::default();
    draft.listing.introduction = text.into_owned();
    let findings = rbpub_core::rules::evaluate_draft(&draft, Locale::En);
    let page = page(&Preview {
        draft: &draft,
        findings: &findings,
        locale: Locale::En,
        theme: Theme::Auto,
        image_src: &|_| None,
        remote_images: RemoteImages::Placeholder,
    });
    rbpub_fuzz::assert_inert(&page);
});
