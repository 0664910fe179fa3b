//! SVGs written from fuzz bytes by a small grammar of what makes resvg
//! allocate or loop: patterns (tile sizes and transforms), filters (every
//! primitive, with radii, octaves, kernels and regions), groups that draw into
//! layers (opacity, masks, clips, filters, nested), and `<use>` copies. Raw
//! bytes would almost never parse as SVG; this reaches the renderer each run.

use std::fmt::Write;

use arbitrary::{Result, Unstructured};

/// Values that sit on the caps' edges or far past them, and ordinary ones.
const NUMBERS: [&str; 16] = [
    "0", "1", "2.5", "8", "10", "64", "100", "780", "800", "4096", "60000", "1e9", "-5", "0.001",
    "65", "7",
];
const PRIMITIVES: [&str; 17] = [
    "feGaussianBlur",
    "feMorphology",
    "feTurbulence",
    "feConvolveMatrix",
    "feOffset",
    "feFlood",
    "feBlend",
    "feComposite",
    "feTile",
    "feImage",
    "feDisplacementMap",
    "feColorMatrix",
    "feComponentTransfer",
    "feDiffuseLighting",
    "feSpecularLighting",
    "feMerge",
    "feDropShadow",
];
/// Patterns, filters, masks and clips are numbered up to this; references may
/// name one that is not there.
const IDS: usize = 4;
/// References to elements name one of the first this many (`e0`, `e1`, …).
const ELEMENT_REFS: usize = 12;

thread_local! {
    /// The next element's id: unique within a document, as the checks require
    /// (an id given twice is refused before anything else).
    static NEXT_ID: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// One run: an SVG written from `data`, checked and drawn as a logo is.
/// Errors are fine; what is drawn is the store's size.
pub fn draw(data: &[u8]) {
    let svg = svg_from(data);
    if let Ok(drawn) = rbpub_assets::decode(
        svg.as_bytes(),
        Some("svg"),
        &rbpub_assets::Limits::default(),
    ) {
        assert!(drawn.pixels.width().max(drawn.pixels.height()) <= 512);
    }
}

fn svg_from(data: &[u8]) -> String {
    let mut u = Unstructured::new(data);
    let mut out = String::new();
    NEXT_ID.set(0);
    // Running out of bytes ends the document early; what was written is closed.
    let _ = write_svg(&mut u, &mut out);
    out.push_str("</svg>");
    out
}

fn number(u: &mut Unstructured) -> Result<String> {
    Ok(if u.ratio(3, 4)? {
        u.choose(&NUMBERS)?.to_string()
    } else {
        u.int_in_range(0u32..=100_000)?.to_string()
    })
}

fn write_svg(u: &mut Unstructured, out: &mut String) -> Result<()> {
    let (w, h) = (number(u)?, number(u)?);
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}">"#
    );
    out.push_str("<defs>");
    for i in 0..u.int_in_range(0..=IDS)? {
        pattern(u, out, i)?;
    }
    for i in 0..u.int_in_range(0..=IDS)? {
        filter(u, out, i)?;
    }
    for i in 0..u.int_in_range(0..=2)? {
        let tag = if u.ratio(1, 2)? { "mask" } else { "clipPath" };
        let _ = write!(out, r#"<{tag} id="{}{i}">"#, &tag[..1]);
        element(u, out, 2)?;
        let _ = write!(out, "</{tag}>");
    }
    out.push_str("</defs>");
    for _ in 0..u.int_in_range(1..=8)? {
        element(u, out, 6)?;
    }
    Ok(())
}

fn pattern(u: &mut Unstructured, out: &mut String, i: usize) -> Result<()> {
    let units = if u.ratio(1, 2)? {
        "userSpaceOnUse"
    } else {
        "objectBoundingBox"
    };
    let _ = write!(
        out,
        r#"<pattern id="p{i}" width="{}" height="{}" patternUnits="{units}""#,
        number(u)?,
        number(u)?
    );
    if u.ratio(1, 3)? {
        let _ = write!(out, r#" patternTransform="scale({})""#, number(u)?);
    }
    out.push('>');
    element(u, out, 2)?;
    out.push_str("</pattern>");
    Ok(())
}

fn filter(u: &mut Unstructured, out: &mut String, i: usize) -> Result<()> {
    let _ = write!(out, r#"<filter id="f{i}""#);
    if u.ratio(1, 2)? {
        let _ = write!(
            out,
            r#" filterUnits="userSpaceOnUse" x="{}" y="{}" width="{}" height="{}""#,
            number(u)?,
            number(u)?,
            number(u)?,
            number(u)?
        );
    }
    out.push('>');
    for _ in 0..u.int_in_range(1..=6)? {
        let name = *u.choose(&PRIMITIVES)?;
        let n = number(u)?;
        let attributes = match name {
            "feGaussianBlur" | "feDropShadow" => format!(r#"stdDeviation="{n}""#),
            "feMorphology" => format!(r#"operator="dilate" radius="{n}""#),
            "feTurbulence" => format!(r#"baseFrequency="0.05" numOctaves="{n}""#),
            "feConvolveMatrix" => {
                let order = u.int_in_range(1u32..=12)?;
                let kernel = vec!["1"; (order * order) as usize].join(" ");
                format!(r#"order="{order}" kernelMatrix="{kernel}""#)
            }
            "feOffset" => format!(r#"dx="{n}" dy="{n}""#),
            "feDisplacementMap" => format!(r#"in2="SourceGraphic" scale="{n}""#),
            "feImage" => format!(r##"href="#e{}""##, u.int_in_range(0..=ELEMENT_REFS)?),
            "feDiffuseLighting" | "feSpecularLighting" => format!(r#"surfaceScale="{n}""#),
            _ => String::new(),
        };
        let children = match name {
            "feDiffuseLighting" | "feSpecularLighting" => {
                r#"<feDistantLight azimuth="45" elevation="30"/>"#
            }
            "feMerge" => r#"<feMergeNode/><feMergeNode in="SourceGraphic"/>"#,
            _ => "",
        };
        let _ = write!(out, "<{name} {attributes}>{children}</{name}>");
    }
    out.push_str("</filter>");
    Ok(())
}

fn element(u: &mut Unstructured, out: &mut String, depth: u32) -> Result<()> {
    let id = NEXT_ID.get();
    NEXT_ID.set(id + 1);
    match u.int_in_range(0..=4)? {
        0 | 1 if depth > 0 => {
            let _ = write!(out, r#"<g id="e{id}""#);
            if u.ratio(1, 2)? {
                out.push_str(r#" opacity="0.5""#);
            }
            for (chance, attribute, prefix) in
                [(3, "filter", "f"), (5, "mask", "m"), (5, "clip-path", "c")]
            {
                if u.ratio(1, chance)? {
                    let _ = write!(
                        out,
                        r#" {attribute}="url(#{prefix}{})""#,
                        u.int_in_range(0..=IDS)?
                    );
                }
            }
            out.push('>');
            for _ in 0..u.int_in_range(1..=3)? {
                element(u, out, depth - 1)?;
            }
            out.push_str("</g>");
        }
        2 => {
            let _ = write!(
                out,
                r##"<use href="#e{}" x="{}"/>"##,
                u.int_in_range(0..=ELEMENT_REFS)?,
                number(u)?
            );
        }
        _ => {
            let fill = if u.ratio(1, 2)? {
                format!("url(#p{})", u.int_in_range(0..=IDS)?)
            } else {
                "#c33".into()
            };
            let _ = write!(
                out,
                r#"<rect id="e{id}" width="{}" height="{}" fill="{fill}"/>"#,
                number(u)?,
                number(u)?
            );
        }
    }
    Ok(())
}
