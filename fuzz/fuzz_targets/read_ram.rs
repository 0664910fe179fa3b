//! Any bytes as a RAM export (`*-ram.tar.gz`), its template read as import reads it.
//! Errors are fine; a panic, a hang or memory past the budget is a bug.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let path = rbpub_fuzz::scratch_file("app-1.0-ram.tar.gz", data);
    let _ = rbpub_files::read_ram(&path);
});
