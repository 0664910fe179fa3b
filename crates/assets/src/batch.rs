//! Pixel memory shared by images decoded at once: a batch of screenshots runs
//! on every core, and without a shared budget each core may hold the largest
//! picture allowed.

use std::io::Cursor;
use std::sync::{Condvar, Mutex};

use crate::decode::peek;
use crate::limits::Limits;

/// Bytes of decoded pixels that may be held at once, handed out before a
/// decode starts and returned when it ends.
pub struct PixelBudget {
    total: u64,
    state: Mutex<Held>,
    freed: Condvar,
}

#[derive(Default)]
struct Held {
    now: u64,
    peak: u64,
}

impl PixelBudget {
    pub fn new(total: u64) -> Self {
        Self {
            total,
            state: Mutex::new(Held::default()),
            freed: Condvar::new(),
        }
    }

    /// Waits until `bytes` are free and holds them until the guard drops. A
    /// request above the whole budget waits for everything and runs alone.
    pub fn hold(&self, bytes: u64) -> Reserved<'_> {
        let bytes = bytes.min(self.total);
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        while state.now + bytes > self.total {
            state = self.freed.wait(state).unwrap_or_else(|e| e.into_inner());
        }
        state.now += bytes;
        state.peak = state.peak.max(state.now);
        Reserved {
            budget: self,
            bytes,
        }
    }

    /// The most ever held at once.
    pub fn peak(&self) -> u64 {
        self.state.lock().unwrap_or_else(|e| e.into_inner()).peak
    }
}

/// Bytes held from a [`PixelBudget`], given back on drop.
pub struct Reserved<'a> {
    budget: &'a PixelBudget,
    bytes: u64,
}

impl Drop for Reserved<'_> {
    fn drop(&mut self) {
        let mut state = self.budget.state.lock().unwrap_or_else(|e| e.into_inner());
        state.now -= self.bytes;
        self.budget.freed.notify_all();
    }
}

/// What decoding `bytes` will hold, read from the header; the most an image may
/// take when the header does not say (SVG, damaged files).
pub fn pixel_cost(bytes: &[u8], limits: &Limits) -> u64 {
    let dimensions = peek(bytes).map(|(_, w, h, _)| (w, h)).or_else(|| {
        image::ImageReader::new(Cursor::new(bytes))
            .with_guessed_format()
            .ok()?
            .into_dimensions()
            .ok()
    });
    dimensions.map_or(limits.max_alloc, |(w, h)| {
        (u64::from(w) * u64::from(h) * 4).min(limits.max_alloc)
    })
}
