//! Templates built from the fuzz bytes with the fuzzer's counts of components
//! and list entries (`rbpub_fuzz::template`), read as import reads them, then
//! checked and previewed. A template read must hold no more than the caps;
//! a panic, a hang or memory past the budget is a bug.

#![no_main]

use libfuzzer_sys::arbitrary::Unstructured;
use libfuzzer_sys::fuzz_target;
use rbpub_core::budget::{TEMPLATE_COMPONENTS, TEMPLATE_ENTRIES};
use rbpub_core::{ListingDraft, Locale, Template};
use rbpub_preview::{page, Preview, RemoteImages, Theme};

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let read = if u.ratio(1, 2).unwrap_or(true) {
        Template::from_metadata(rbpub_fuzz::template::metadata_from(&mut u).as_bytes()).ok()
    } else {
        Template::from_json(rbpub_fuzz::template::own_form_from(&mut u).as_bytes()).ok()
    };
    let Some(template) = read else { return };
    assert!(template.components.len() <= TEMPLATE_COMPONENTS);
    let entries: usize = template
        .components
        .iter()
        .map(|c| c.ports.len() + c.env.len() + c.volumes.len() + c.depends_on.len())
        .sum::<usize>()
        + template.k8s_resources.len()
        + template.plugins.len()
        + template.plugin_images.len();
    assert!(entries <= TEMPLATE_ENTRIES, "{entries} entries read");
    let mut draft = ListingDraft::default();
    draft.template = Some(template);
    let findings = rbpub_core::rules::evaluate_draft(&draft, Locale::En);
    let _ = page(&Preview {
        draft: &draft,
        findings: &findings,
        locale: Locale::En,
        theme: Theme::Auto,
        image_src: &|_| None,
        remote_images: RemoteImages::Placeholder,
    });
});
