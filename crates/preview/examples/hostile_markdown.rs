//! Times one hostile Markdown shape through the preview: `cargo run --release -p
//! rbpub-preview --example hostile_markdown -- SHAPE BYTES` (e.g. `divs 8388608`).
//! The figures behind the Markdown limits in `rbpub_core::budget`; run it under
//! `/usr/bin/time -f "%e s %M KB"` for memory too.
use std::time::Instant;
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let n: usize = args[1].parse().unwrap();
    let md = match args[0].as_str() {
        "divs" => "<div>".repeat(n / 5),
        "divs_lines" => "<div>\n".repeat(n / 6),
        "brackets" => "[".repeat(n),
        "stars" => "*a".repeat(n / 2),
        "quotes" => "> ".repeat(n / 2),
        "lists" => "- ".repeat(n / 2),
        "backticks" => "`".repeat(n),
        "links" => "[a](".repeat(n / 4),
        "table" => format!("|a|\n|-|\n{}", "|x|\n".repeat(n / 4)),
        "lt" => "<a ".repeat(n / 3),
        "spans" => "x<span>".repeat(n / 7),
        "emph" => "*_".repeat(n / 2),
        "bi" => "x<b><i>".repeat(n / 7),
        "tables" => "<table>".repeat(n / 7),
        "divs_then_paragraphs" => "<div>\n".repeat(2000) + "\n" + &"a\n\n".repeat(n / 3),
        "divs_then_ends" => "<div>\n".repeat(2000) + "\n" + &"a</p>\n".repeat(n / 6),
        "fmt" => "x<b>".repeat(n / 4),
        "bdiv" => "<b><div></b>\n".repeat(n / 13),
        "bdiv_inline" => "x<b><div></b>".repeat(n / 13),
        "mixed_then_paragraphs" => "<div>\n".repeat(64) + "\n" + &"a\n\n".repeat(n / 3),
        other => panic!("unknown shape {other}"),
    };
    let t = Instant::now();
    let out = rbpub_preview::render_markdown(&md);
    println!("{}: {:?} out {} bytes", args[0], t.elapsed(), out.len());
}
