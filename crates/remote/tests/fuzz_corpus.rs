//! Every input kept in `fuzz/corpus/read_store_reply` read as the fuzz target
//! reads it (each store reply `rbpub pull` reads): the seeds are replies as the
//! store writes them, and whatever else lands there (an input that once
//! crashed the reader) must now read or be refused, never panic.

#[path = "../../../fuzz/replay.rs"]
mod replay;

#[test]
fn every_store_reply_in_the_fuzz_corpus_reads_within_its_limits() {
    for input in replay::inputs("read_store_reply") {
        let bytes = std::fs::read(&input).unwrap();
        let kept = rbpub_remote::read_store_reply(&bytes);
        let name = input.file_name().unwrap().to_string_lossy().into_owned();
        if name.starts_with("seed") {
            assert!(kept > 0, "seed {name} reads as nothing");
        }
        if name == "tags-by-the-hundred-thousand.json" {
            // Numbers are not tags the client keeps, and at most 64 are held anyway.
            assert!(kept <= 64, "{name}: {kept}");
        }
    }
}
