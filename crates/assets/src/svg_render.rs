//! What resvg itself allocates and loops over while drawing, counted on the
//! parsed tree before anything is drawn: a pattern's tile, a filter's region
//! and the work of its primitives, the layers that groups with opacity, masks,
//! clips or filters draw into. Each is refused past its cap with the feature
//! named, so that no SVG logo of a few hundred bytes can take gigabytes or a
//! minute to draw.

use resvg::usvg::{self, filter, Transform};

use rbpub_core::catalogue::Sentence;

use crate::error::{Error, Result};

/// A pattern's tile, a filter's region or a layer, in pixels drawn (4096²).
const MAX_PIXELS: f64 = 16_777_216.0;
/// What all filters may cost, in steps of about a nanosecond each (see
/// [`steps_per_pixel`]): about a second of drawing, so that even a build
/// several times slower (a fuzzer's, with sanitizers) stays well in budget.
const MAX_FILTER_STEPS: f64 = 1e9;
/// The pixels of every pattern tile drawn, for all the paths a pattern fills
/// or strokes: each draws its tile again.
const MAX_PATTERN_WORK: f64 = 268_435_456.0;
/// What painting shapes and compositing layers may cost, in the same steps:
/// every shape fills (and strokes) its box, every layer is blended back.
const MAX_PAINT_STEPS: f64 = 2e9;
/// Steps per pixel painted or composited (measured: 2,000 translucent
/// canvas-sized rectangles take 5 s).
const PAINT_STEPS_PER_PIXEL: f64 = 10.0;
/// Groups drawn into a layer of their own, nested: each holds a layer while
/// its children draw.
const MAX_LAYERS_DEEP: usize = 32;
/// The pixels of the layers nested groups hold at once (256 MiB of RGBA).
const MAX_LAYER_PIXELS_HELD: f64 = 67_108_864.0;
/// `feMorphology`'s radius, in pixels drawn: the work grows with its square.
const MAX_MORPHOLOGY_RADIUS: f32 = 64.0;
/// `feTurbulence`'s octaves: each is a pass over the region.
const MAX_OCTAVES: u32 = 10;
/// `feConvolveMatrix`'s kernel, in cells (its order squared).
const MAX_KERNEL_CELLS: u32 = 49;

/// Refuses a tree that would cost resvg more than the caps, drawn at `scale`
/// pixels per user unit.
pub(crate) fn check(tree: &usvg::Tree, scale: f32) -> Result<()> {
    let size = tree.size();
    let mut walk = Walk {
        scale: f64::from(scale),
        bound: resvg_bound(size.width(), size.height(), scale),
        filter_work: 0.0,
        pattern_work: 0.0,
        paint_work: 0.0,
    };
    walk.group(tree.root(), Held::default())
}

/// The layers the groups around a node hold while it draws.
#[derive(Clone, Copy, Default)]
struct Held {
    layers: usize,
    pixels: f64,
}

struct Walk {
    scale: f64,
    /// The widest and tallest layer or filter region resvg draws, in pixels:
    /// five times the canvas (resvg's `max_filter_bbox`, inside patterns and
    /// masks too).
    bound: (f64, f64),
    /// Filter work so far, in steps.
    filter_work: f64,
    pattern_work: f64,
    /// Painting and compositing so far, in steps.
    paint_work: f64,
}

impl Walk {
    fn group(&mut self, g: &usvg::Group, held: Held) -> Result<()> {
        let inner = if g.should_isolate() {
            if held.layers + 1 > MAX_LAYERS_DEEP {
                return Err(refused(
                    Sentence::new("svg.layersDeep").arg("max", MAX_LAYERS_DEEP),
                ));
            }
            let bbox = g.abs_layer_bounding_box();
            let layer = self.pixels(
                || Sentence::new("svg.aLayer"),
                self.clipped(bbox.width(), bbox.height()),
            )?;
            self.paint(layer)?;
            let pixels = held.pixels + layer;
            if pixels > MAX_LAYER_PIXELS_HELD {
                return Err(refused(
                    Sentence::new("svg.layersHeld")
                        .arg("millions", whole(pixels / 1e6))
                        .arg("max", whole(MAX_LAYER_PIXELS_HELD / 1e6)),
                ));
            }
            Held {
                layers: held.layers + 1,
                pixels,
            }
        } else {
            held
        };
        for f in g.filters() {
            self.filter(f, g.abs_transform())?;
        }
        if let Some(clip) = g.clip_path() {
            self.group(clip.root(), inner)?;
        }
        if let Some(mask) = g.mask() {
            self.group(mask.root(), inner)?;
        }
        for child in g.children() {
            match child {
                usvg::Node::Group(inner_group) => self.group(inner_group, inner)?,
                usvg::Node::Path(path) => {
                    // Painted into the canvas, or into a layer of up to five canvases.
                    let bbox = path.abs_stroke_bounding_box();
                    let (w, h) = self.clipped(bbox.width(), bbox.height());
                    let (w, h) = if inner.layers == 0 {
                        (w.min(self.bound.0 / 5.0), h.min(self.bound.1 / 5.0))
                    } else {
                        (w, h)
                    };
                    self.paint(self.pixels(|| Sentence::new("svg.aShape"), (w, h))?)?;
                    let paints = path
                        .fill()
                        .map(|f| f.paint())
                        .into_iter()
                        .chain(path.stroke().map(|s| s.paint()));
                    for paint in paints {
                        if let usvg::Paint::Pattern(p) = paint {
                            self.pattern(p, path.abs_transform(), inner)?;
                        }
                    }
                }
                usvg::Node::Text(text) => self.group(text.flattened(), inner)?,
                usvg::Node::Image(_) => {}
            }
        }
        Ok(())
    }

    /// A pattern's tile is drawn into a pixmap of its own, at the scale it shows.
    fn pattern(&mut self, p: &usvg::Pattern, at: Transform, held: Held) -> Result<()> {
        let ts = at.pre_concat(p.transform());
        let (sx, sy) = ts.get_scale();
        let r = p.rect();
        let (w, h) = (r.width() * sx, r.height() * sy);
        let tile = (f64::from(w) * self.scale, f64::from(h) * self.scale);
        self.pattern_work +=
            self.pixels(|| Sentence::new("svg.patternTile").arg("id", p.id()), tile)?;
        if self.pattern_work > MAX_PATTERN_WORK {
            return Err(refused(
                Sentence::new("svg.patternWork")
                    .arg("millions", whole(self.pattern_work / 1e6))
                    .arg("max", whole(MAX_PATTERN_WORK / 1e6)),
            ));
        }
        self.group(p.root(), held)
    }

    fn filter(&mut self, f: &filter::Filter, at: Transform) -> Result<()> {
        let (sx, sy) = at.get_scale();
        let r = f.rect();
        let name = Sentence::new("svg.filter").arg("id", f.id());
        let region = self.pixels(
            || Sentence::new("svg.filterRegion").part("filter", name.clone()),
            self.clipped(r.width() * sx, r.height() * sy),
        )?;
        let scale = self.scale as f32 * sx.max(sy);
        for p in f.primitives() {
            match p.kind() {
                filter::Kind::Morphology(m) => {
                    let radius = m.radius_x().get().max(m.radius_y().get()) * scale;
                    if radius > MAX_MORPHOLOGY_RADIUS {
                        return Err(refused(
                            Sentence::new("svg.morphology")
                                .part("what", name)
                                .arg("radius", whole(f64::from(radius)))
                                .arg("max", MAX_MORPHOLOGY_RADIUS),
                        ));
                    }
                }
                filter::Kind::Turbulence(t) if t.num_octaves() > MAX_OCTAVES => {
                    return Err(refused(
                        Sentence::new("svg.turbulence")
                            .part("what", name)
                            .arg("octaves", t.num_octaves())
                            .arg("max", MAX_OCTAVES),
                    ));
                }
                filter::Kind::ConvolveMatrix(c)
                    if c.matrix().columns() * c.matrix().rows() > MAX_KERNEL_CELLS =>
                {
                    return Err(refused(
                        Sentence::new("svg.convolve")
                            .part("what", name)
                            .arg("columns", c.matrix().columns())
                            .arg("rows", c.matrix().rows()),
                    ));
                }
                filter::Kind::Image(image) => self.group(image.root(), Held::default())?,
                _ => {}
            }
            self.filter_work += region * steps_per_pixel(p.kind(), scale);
        }
        if self.filter_work > MAX_FILTER_STEPS {
            return Err(refused(
                Sentence::new("svg.filterWork")
                    .arg("seconds", whole(self.filter_work / 1e9))
                    .arg("max", whole(MAX_FILTER_STEPS / 1e9)),
            ));
        }
        Ok(())
    }

    fn paint(&mut self, pixels: f64) -> Result<()> {
        self.paint_work += pixels * PAINT_STEPS_PER_PIXEL;
        if self.paint_work > MAX_PAINT_STEPS {
            return Err(refused(
                Sentence::new("svg.paintWork")
                    .arg("seconds", whole(self.paint_work / 1e9))
                    .arg("max", whole(MAX_PAINT_STEPS / 1e9)),
            ));
        }
        Ok(())
    }

    /// A `w`×`h` user-unit area drawn at the walk's scale, cut to what resvg
    /// draws of a layer or a filter's region here.
    fn clipped(&self, w: f32, h: f32) -> (f64, f64) {
        (
            (f64::from(w) * self.scale).min(self.bound.0),
            (f64::from(h) * self.scale).min(self.bound.1),
        )
    }

    /// The pixels of a `w`×`h` pixel area, refused past [`MAX_PIXELS`].
    fn pixels(&self, what: impl FnOnce() -> Sentence, (pw, ph): (f64, f64)) -> Result<f64> {
        let px = pw.max(1.0) * ph.max(1.0);
        if !px.is_finite() || px > MAX_PIXELS {
            return Err(refused(
                Sentence::new("svg.tooManyPixels")
                    .part("what", what())
                    .arg("width", whole(pw))
                    .arg("height", whole(ph)),
            ));
        }
        Ok(px)
    }
}

/// What a primitive costs per pixel of its region, in steps of about a
/// nanosecond: measured on resvg 0.49's release build (benches/hostile.py's
/// filter cases), rounded up (morphology's cost per pixel looked at ran
/// from 0.3 to 0.75 ns, with the region's shape; it is counted as 1). Morphology looks at every pixel within its
/// radius; a small blur runs an IIR filter per channel; turbulence sums its
/// octaves of noise.
fn steps_per_pixel(kind: &filter::Kind, scale: f32) -> f64 {
    match kind {
        filter::Kind::Morphology(m) => {
            let side = |r: f32| 2.0 * f64::from((r * scale).round()) + 1.0;
            3.0 + side(m.radius_x().get()) * side(m.radius_y().get())
        }
        filter::Kind::ConvolveMatrix(c) => {
            3.0 + 2.0 * f64::from(c.matrix().columns() * c.matrix().rows())
        }
        filter::Kind::Turbulence(t) => 30.0 * f64::from(t.num_octaves().max(1)),
        filter::Kind::GaussianBlur(_) | filter::Kind::DropShadow(_) => 250.0,
        filter::Kind::DisplacementMap(_) => 50.0,
        _ => 10.0,
    }
}

/// resvg's own bound on a layer or filter region: five times the canvas.
fn resvg_bound(width: f32, height: f32, scale: f32) -> (f64, f64) {
    let side = |s: f32| (f64::from(s) * f64::from(scale)).round().max(1.0) * 5.0;
    (side(width), side(height))
}

fn refused(why: Sentence) -> Error {
    Error::UnsafeSvg(why)
}

/// A figure as the refusal says it: rounded, no decimals.
fn whole(x: f64) -> String {
    format!("{x:.0}")
}
