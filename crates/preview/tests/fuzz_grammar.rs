//! The `read_template` fuzz corpus replayed through the fuzz target's own
//! grammar (`fuzz/src/template.rs`, included as it is): every template it
//! writes is read within the caps, checked and previewed, or refused.

#[path = "../../../fuzz/src/template.rs"]
mod grammar;
#[path = "../../../fuzz/src/page.rs"]
mod page;

#[test]
fn every_input_in_the_read_template_corpus_is_read_within_the_caps() {
    let dir =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/corpus/read_template");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        grammar::read_and_preview(&std::fs::read(entry.unwrap().path()).unwrap());
        seen += 1;
    }
    assert!(seen >= 1, "{} holds the seeds", dir.display());
}
