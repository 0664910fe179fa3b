//! The `draw_svg` fuzz corpus replayed through the fuzz target's own grammar
//! (`fuzz/src/svg.rs`, included as it is): every input the fuzzer kept, a crash
//! it once found included, must draw or be refused with words.

#[path = "../../../fuzz/src/svg.rs"]
mod grammar;
#[path = "../../../fuzz/replay.rs"]
mod replay;

#[test]
fn every_input_in_the_draw_svg_corpus_draws_or_is_refused() {
    let inputs = replay::inputs("draw_svg");
    for input in &inputs {
        grammar::draw(&std::fs::read(input).unwrap());
    }
    assert!(inputs.len() >= 2, "the two seeds are kept");
}
