//! The `read_template` fuzz corpus replayed through the fuzz target's own
//! grammar (`fuzz/src/template.rs`, included as it is): every template it
//! writes is read within the caps, checked and previewed, or refused.

#[path = "../../../fuzz/src/template.rs"]
mod grammar;
#[path = "../../../fuzz/src/page.rs"]
mod page;
#[path = "../../../fuzz/replay.rs"]
mod replay;

#[test]
fn every_input_in_the_read_template_corpus_is_read_within_the_caps() {
    for input in replay::inputs("read_template") {
        grammar::read_and_preview(&std::fs::read(input).unwrap());
    }
}
