//! Any bytes as a `.rbpub` bundle, read whole as import and preview read it.
//! Errors are fine; a panic, a hang or memory past the budget is a bug.

#![no_main]

use libfuzzer_sys::fuzz_target;
use rbpub_files::Depth;

fuzz_target!(|data: &[u8]| {
    // The reader takes a path, as `rbpub` and the window give it one.
    let path = rbpub_fuzz::scratch_file("listing.rbpub", data);
    let _ = rbpub_files::read(&path, Depth::Full);
});
