//! Drawing an untrusted SVG where a runaway cannot take the app down: in a
//! child process of the same program, with a memory limit and a time limit.
//! The checks before drawing (`svg_budget`, `svg_render`) refuse what they can
//! name; this is the floor under whatever they miss.
//!
//! A program opts in by calling [`isolate_svg`] first thing in `main`. Where
//! none did (library tests, fuzz targets, benchmarks), SVGs are drawn in the
//! calling process, behind the same checks.

use std::ffi::{OsStr, OsString};
use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::{Command, ExitStatus, Stdio};
use std::sync::{mpsc, OnceLock};
use std::time::Duration;

use image::RgbaImage;
use rbpub_core::budget::{SVG_DRAW_BYTES, SVG_DRAW_SECONDS};
use rbpub_core::catalogue::Sentence;
use rbpub_core::image::LOGO_STORE_SIDE;

use crate::error::{Error, Result};
use crate::limits::Limits;

/// The first argument that makes the program draw one SVG and exit.
const FLAG: &str = "--rbpub-draw-svg";
/// What the child says on stderr, at most: the reason it stopped.
const STDERR_BYTES: u64 = 4096;
/// The largest reply: a drawing at the store's size, or an error's words.
const REPLY_BYTES: u64 = 9 + (LOGO_STORE_SIDE as u64 + 1) * (LOGO_STORE_SIDE as u64 + 1) * 4;

static PROGRAM: OnceLock<PathBuf> = OnceLock::new();

/// How an SVG is drawn in this process (checks included).
pub(crate) type Draw = fn(&[u8], &Limits) -> Result<RgbaImage>;

/// In a child this program started to draw an SVG: draws it with `draw`,
/// answers on stdout and exits. Otherwise records that SVGs this process
/// decodes are drawn in such a child.
pub(crate) fn serve_or_opt_in(draw: Draw) {
    let mut args = std::env::args_os().skip(1);
    if args.next().as_deref() == Some(OsStr::new(FLAG)) {
        std::process::exit(serve(args.collect(), draw));
    }
    if let Ok(exe) = std::env::current_exe() {
        let _ = PROGRAM.set(exe);
    }
}

/// The SVG's pixels drawn in a child, or `None` where the program did not opt in.
pub(crate) fn draw_isolated(bytes: &[u8], limits: &Limits) -> Option<Result<RgbaImage>> {
    PROGRAM
        .get()
        .map(|program| draw_in_child(program, bytes, limits))
}

/// The limits a drawing runs within: the budget's, or lower (or higher) where
/// `RBPUB_SVG_MEMORY_MB` / `RBPUB_SVG_SECONDS` say so.
fn draw_limits() -> (u64, Duration) {
    let env = |name: &str| std::env::var(name).ok()?.trim().parse::<f64>().ok();
    let memory =
        env(rbpub_core::env::SVG_MEMORY_MB).map_or(SVG_DRAW_BYTES, |mb| (mb * 1048576.0) as u64);
    let seconds = env(rbpub_core::env::SVG_SECONDS)
        .and_then(|s| Duration::try_from_secs_f64(s).ok())
        .unwrap_or(Duration::from_secs(SVG_DRAW_SECONDS));
    (memory, seconds)
}

fn draw_in_child(program: &PathBuf, bytes: &[u8], limits: &Limits) -> Result<RgbaImage> {
    let (memory, seconds) = draw_limits();
    let mut child = Command::new(program)
        .arg(FLAG)
        .args([
            limits.max_bytes.to_string(),
            limits.max_side.to_string(),
            limits.max_alloc.to_string(),
            memory.to_string(),
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| Error::BadSvg(Sentence::new("svg.childDidNotStart").arg("detail", e)))?;
    let (mut stdin, stdout, stderr) = (
        child.stdin.take().expect("piped"),
        child.stdout.take().expect("piped"),
        child.stderr.take().expect("piped"),
    );
    let (replied, reply) = mpsc::channel();
    std::thread::scope(|scope| {
        // A child that stops early closes its end: the write fails, the reply says why.
        scope.spawn(move || {
            let _ = stdin.write_all(bytes);
        });
        let said = scope.spawn(move || read_bounded(stderr, STDERR_BYTES));
        std::thread::spawn(move || {
            let _ = replied.send(read_bounded(stdout, REPLY_BYTES));
        });
        let answer = match reply.recv_timeout(seconds) {
            Ok(answer) => answer,
            Err(_) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(Error::UnsafeSvg(
                    Sentence::new("svg.tookTooLong").arg("seconds", seconds.as_secs_f64()),
                ));
            }
        };
        if answer.len() as u64 == REPLY_BYTES {
            // More than any answer: the child may be blocked writing the rest.
            let _ = child.kill();
        }
        let status = child.wait()?;
        let said = said.join().unwrap_or_default();
        match parse_reply(&answer) {
            Some(result) if status.success() => result,
            _ => Err(stopped(status, &said, memory)),
        }
    })
}

fn read_bounded(from: impl Read, max: u64) -> Vec<u8> {
    let mut out = Vec::new();
    let _ = from.take(max).read_to_end(&mut out);
    out
}

/// Why a child stopped without an answer, from its status and its last words.
fn stopped(status: ExitStatus, said: &[u8], memory: u64) -> Error {
    let said = String::from_utf8_lossy(said);
    if said.contains("memory allocation") || said.contains("out of memory") {
        return Error::UnsafeSvg(Sentence::new("svg.needsMemory").arg("mb", memory / 1024 / 1024));
    }
    if said.contains("stack overflow") {
        return Error::UnsafeSvg(Sentence::new("svg.nestsTooDeepToDraw"));
    }
    let last = said.lines().rev().map(str::trim).find(|l| !l.is_empty());
    Error::BadSvg(match last {
        Some(last) => Sentence::new("svg.childStopped")
            .arg("status", status)
            .arg("last", last),
        None => Sentence::new("svg.childStoppedSilent").arg("status", status),
    })
}

/// The child's side: limits from the arguments, the SVG from stdin, the answer on stdout.
fn serve(args: Vec<OsString>, draw: Draw) -> i32 {
    let numbers: Vec<u64> = args
        .iter()
        .filter_map(|a| a.to_str()?.parse().ok())
        .collect();
    let [max_bytes, max_side, max_alloc, memory] = numbers[..] else {
        eprintln!("{FLAG} takes four numbers");
        return 2;
    };
    limit_memory(memory);
    let limits = Limits {
        max_bytes,
        max_side: u32::try_from(max_side).unwrap_or(u32::MAX),
        max_alloc,
    };
    let mut bytes = Vec::new();
    let read = std::io::stdin()
        .lock()
        .take(rbpub_core::budget::SVG_BYTES + 1)
        .read_to_end(&mut bytes);
    let result = match read {
        Ok(_) => draw(&bytes, &limits),
        Err(e) => Err(Error::Io(e)),
    };
    let mut out = std::io::stdout().lock();
    match out
        .write_all(&encode_reply(&result))
        .and_then(|()| out.flush())
    {
        Ok(()) => 0,
        Err(_) => 1,
    }
}

/// Allocations past `bytes` fail in this process (heap and private mappings:
/// what drawing allocates), so a runaway ends here and not in the machine's swap.
fn limit_memory(bytes: u64) {
    #[cfg(unix)]
    {
        use rustix::process::{setrlimit, Resource, Rlimit};
        let limit = Rlimit {
            current: Some(bytes),
            maximum: Some(bytes),
        };
        if let Err(e) = setrlimit(Resource::Data, limit) {
            eprintln!("no memory limit: {e}");
        }
    }
    #[cfg(not(unix))]
    let _ = bytes;
}

// The reply: `P` width height RGBA; `L` or `M` and an error's numbers; `U` or
// `B` and an SVG's refusal, its sentence in JSON. Little-endian numbers.

fn encode_reply(result: &Result<RgbaImage>) -> Vec<u8> {
    let mut out = Vec::new();
    match result {
        Ok(pixels) => {
            out.push(b'P');
            out.extend(pixels.width().to_le_bytes());
            out.extend(pixels.height().to_le_bytes());
            out.extend_from_slice(pixels.as_raw());
        }
        Err(Error::TooLarge {
            width,
            height,
            max,
            max_megapixels,
        }) => {
            out.push(b'L');
            for n in [
                u64::from(*width),
                u64::from(*height),
                u64::from(*max),
                *max_megapixels,
            ] {
                out.extend(n.to_le_bytes());
            }
        }
        Err(Error::TooManyBytes { bytes, max }) => {
            out.push(b'M');
            out.extend(bytes.to_le_bytes());
            out.extend(max.to_le_bytes());
        }
        Err(Error::UnsafeSvg(why)) => {
            out.push(b'U');
            out.extend(serde_json::to_vec(why).unwrap_or_default());
        }
        Err(Error::BadSvg(why)) => {
            out.push(b'B');
            out.extend(serde_json::to_vec(why).unwrap_or_default());
        }
        Err(other) => {
            // Another error of the checks (reading stdin): its English words, as the parser's would be.
            let why = Sentence::new("svg.parser").arg("words", other);
            out.push(b'B');
            out.extend(serde_json::to_vec(&why).unwrap_or_default());
        }
    }
    out
}

/// `None` for a reply that is not one `encode_reply` makes.
fn parse_reply(reply: &[u8]) -> Option<Result<RgbaImage>> {
    let (&tag, rest) = reply.split_first()?;
    let numbers = |n: usize| -> Option<Vec<u64>> {
        (rest.len() == n * 8).then(|| {
            rest.chunks_exact(8)
                .map(|c| u64::from_le_bytes(c.try_into().expect("8 bytes")))
                .collect()
        })
    };
    let sentence = || serde_json::from_slice::<Sentence>(rest).ok();
    Some(match tag {
        b'P' => {
            let width = u32::from_le_bytes(rest.get(..4)?.try_into().ok()?);
            let height = u32::from_le_bytes(rest.get(4..8)?.try_into().ok()?);
            Ok(RgbaImage::from_raw(width, height, rest[8..].to_vec())?)
        }
        b'L' => {
            let n = numbers(4)?;
            Err(Error::TooLarge {
                width: u32::try_from(n[0]).ok()?,
                height: u32::try_from(n[1]).ok()?,
                max: u32::try_from(n[2]).ok()?,
                max_megapixels: n[3],
            })
        }
        b'M' => {
            let n = numbers(2)?;
            Err(Error::TooManyBytes {
                bytes: n[0],
                max: n[1],
            })
        }
        b'U' => Err(Error::UnsafeSvg(sentence()?)),
        b'B' => Err(Error::BadSvg(sentence()?)),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same(a: &Result<RgbaImage>, b: &Result<RgbaImage>) -> bool {
        match (a, b) {
            (Ok(a), Ok(b)) => a == b,
            (Err(a), Err(b)) => {
                let zh = |e: &Error| e.sentence().0.say(rbpub_core::Locale::ZhCn);
                a.to_string() == b.to_string() && zh(a) == zh(b)
            }
            _ => false,
        }
    }

    #[test]
    fn every_answer_a_child_gives_reads_back_as_it_was() {
        let answers: Vec<Result<RgbaImage>> = vec![
            Ok(RgbaImage::from_pixel(3, 2, image::Rgba([1, 2, 3, 4]))),
            Err(Error::TooLarge {
                width: 9,
                height: 8,
                max: 7,
                max_megapixels: 6,
            }),
            Err(Error::TooManyBytes { bytes: 10, max: 5 }),
            Err(Error::UnsafeSvg(Sentence::new("svg.script"))),
            Err(Error::BadSvg(
                Sentence::new("svg.parser").arg("words", "unexpected end"),
            )),
            Err(Error::UnsafeSvg(
                Sentence::new("svg.morphology")
                    .part("what", Sentence::new("svg.filter").arg("id", "f"))
                    .arg("radius", 900)
                    .arg("max", 64),
            )),
        ];
        for answer in &answers {
            let read = parse_reply(&encode_reply(answer)).expect("a reply");
            assert!(
                same(answer, &read),
                "{:?} read as {:?}",
                answer.as_ref().err(),
                read.err()
            );
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_child_that_stops_is_explained_by_its_last_words() {
        use std::os::unix::process::ExitStatusExt;
        let aborted = ExitStatus::from_raw(6);
        let said = |words: &str| stopped(aborted, words.as_bytes(), 100 * 1024 * 1024).to_string();
        assert_eq!(
            said("memory allocation of 131072 bytes failed\n"),
            "the SVG is refused: drawing it needs more than the 100 MB the app gives a drawing; export it without it, or as PNG"
        );
        assert_eq!(
            said("\nthread 'main' has overflowed its stack\nfatal runtime error: stack overflow, aborting\n"),
            "the SVG is refused: its elements and references nest too deep to draw; export it without it, or as PNG"
        );
        assert!(
            said("").starts_with("the SVG cannot be drawn (the process that draws it stopped (")
        );
        let in_chinese = stopped(aborted, b"memory allocation failed", 100 * 1024 * 1024)
            .sentence()
            .0
            .say(rbpub_core::Locale::ZhCn);
        assert_eq!(
            in_chinese,
            "该 SVG 被拒绝：绘制它所需的内存超过本应用为一次绘制提供的 100 MB；请去掉相关内容后导出，或导出为 PNG"
        );
    }

    #[test]
    fn a_reply_that_is_not_one_is_not_taken_for_a_drawing() {
        assert!(parse_reply(b"").is_none());
        assert!(parse_reply(b"Pxx").is_none());
        // Pixels that do not fill the size they claim.
        let mut short = vec![b'P'];
        short.extend(100u32.to_le_bytes());
        short.extend(100u32.to_le_bytes());
        short.extend([0; 12]);
        assert!(parse_reply(&short).is_none());
        assert!(parse_reply(b"L\x01").is_none());
        assert!(parse_reply(b"U\xff\xfe").is_none());
        assert!(parse_reply(b"Z").is_none());
    }
}
