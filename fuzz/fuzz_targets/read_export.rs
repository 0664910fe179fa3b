//! Any bytes as a whole RAM export, read as `rbpub lint --checksums` reads it:
//! its template, every image tarball's manifest, a checksum per entry.
//! Errors are fine; a panic, a hang or memory past the budget is a bug.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let path = rbpub_fuzz::scratch_file("app-1.0-ram.tar.gz", data);
    let _ = rbpub_files::read_export(&path, true);
});
