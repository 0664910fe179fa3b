//! SVGs built from the fuzz bytes by a grammar of patterns, filters, layered
//! groups and `<use>` copies (`rbpub_fuzz::svg`), checked and drawn as a logo
//! is. Errors are fine; a panic, a hang or memory past the budget is a bug:
//! every cost resvg has must be counted before it draws.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    rbpub_fuzz::svg::draw(data);
});
