//! The preview page of a draft with its findings, as the window shows it.

use rbpub_core::{ListingDraft, Locale};
use rbpub_preview::{page, Preview, RemoteImages, Theme};

pub fn preview_page(draft: &ListingDraft) -> String {
    let findings = rbpub_core::rules::evaluate_draft(draft, Locale::En);
    page(&Preview {
        draft,
        findings: &findings,
        locale: Locale::En,
        theme: Theme::Auto,
        image_src: &|_| None,
        remote_images: RemoteImages::Placeholder,
    })
}
