//! Any bytes through the logo path a dropped file takes: decode within limits,
//! check against the logo rules, and fix everything. Errors are fine; a panic,
//! a hang or an allocation past the limits is a bug.

#![no_main]

use libfuzzer_sys::fuzz_target;
use rbpub_assets::{check_logo, fix_logo, plan_all, Limits};
use rbpub_core::Locale;

fuzz_target!(|data: &[u8]| {
    // Small limits keep each run fast; the guard is the same code at any size.
    let limits = Limits {
        max_bytes: 1024 * 1024,
        max_side: 2048,
        max_alloc: 64 * 1024 * 1024,
    };
    if check_logo(data, Some("png"), &limits, Locale::En).is_ok() {
        let _ = fix_logo(data, None, &plan_all(Some([255, 255, 255])), &limits);
    }
});
