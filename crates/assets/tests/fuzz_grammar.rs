//! The `draw_svg` fuzz corpus replayed through the fuzz target's own grammar
//! (`fuzz/src/svg.rs`, included as it is): every input the fuzzer kept, a crash
//! it once found included, must draw or be refused with words.

#[path = "../../../fuzz/src/svg.rs"]
mod grammar;

#[test]
fn every_input_in_the_draw_svg_corpus_draws_or_is_refused() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/corpus/draw_svg");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        grammar::draw(&std::fs::read(entry.unwrap().path()).unwrap());
        seen += 1;
    }
    assert!(seen >= 2, "{} holds the seeds", dir.display());
}
