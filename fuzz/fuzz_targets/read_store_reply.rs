//! Any bytes as each reply of the store that `rbpub pull` reads (the list of
//! apps, an app, its versions, its packages), into what the client keeps.
//! Errors are fine; a panic, a hang or memory past the budget is a bug.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = rbpub_remote::read_store_reply(data);
});
