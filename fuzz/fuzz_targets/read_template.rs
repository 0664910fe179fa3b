//! Templates built from the fuzz bytes with the fuzzer's counts of components
//! and list entries (`rbpub_fuzz::template`), read as import reads them, then
//! checked and previewed. A template read must hold no more than the caps;
//! a panic, a hang or memory past the budget is a bug.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    rbpub_fuzz::template::read_and_preview(data);
});
