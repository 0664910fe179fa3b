//! Any text as a listing's introduction, through the checks and the preview
//! page in both image modes. A panic, a hang, or script that survives the
//! sanitiser is a bug.

#![no_main]

use libfuzzer_sys::fuzz_target;
use rbpub_core::ListingDraft;
use rbpub_preview::render_markdown;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let html = render_markdown(&text);
    rbpub_fuzz::assert_inert(&html);
    let mut draft = ListingDraft::default();
    draft.listing.introduction = text.into_owned();
    rbpub_fuzz::assert_inert(&rbpub_fuzz::page::preview_page(&draft));
});
