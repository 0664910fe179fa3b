//! SVGs built from the fuzz bytes by a grammar of patterns, filters, layered
//! groups and `<use>` copies (`rbpub_fuzz::svg`), checked and drawn as a logo
//! is. Errors are fine; a panic, a hang or memory past the budget is a bug:
//! every cost resvg has must be counted before it draws.

#![no_main]

use libfuzzer_sys::fuzz_target;
use rbpub_assets::{decode, Limits};

fuzz_target!(|data: &[u8]| {
    let svg = rbpub_fuzz::svg::svg_from(data);
    let _ = decode(svg.as_bytes(), Some("svg"), &Limits::default());
});
