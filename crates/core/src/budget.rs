//! The memory and time budget of every reader of untrusted input, in one place:
//! what a file, an archive, a text or a server's reply may cost before it is
//! refused. The readers (assets, files, preview, remote) take their limits from
//! here, and the README's "Limits" section lists them. Together they keep any
//! single input under 1 GB of resident memory and 30 s of work.

const KIB: u64 = 1024;
const MIB: u64 = 1024 * KIB;

/// An image file (logo, screenshot, kit entry) before it is decoded.
pub const IMAGE_FILE_BYTES: u64 = 64 * MIB;
/// Either side of a decoded image, in pixels.
pub const IMAGE_SIDE: u32 = 16_384;
/// Decoded pixels of one image (a 100-megapixel RGBA picture), counting every
/// raster embedded in an SVG, once per place it is drawn.
pub const IMAGE_PIXEL_BYTES: u64 = 400 * MIB;
/// Pixel memory of all the images one batch decodes at once (screenshots on
/// every core): a decode waits until the ones before it free enough.
pub const BATCH_PIXEL_BYTES: u64 = 400 * MIB;
/// The side of a canvas a picture is padded onto to make it square; a wider
/// picture is scaled down first (a 16384×1 strip is not padded to 1 GiB).
pub const PADDED_SIDE: u32 = 4_096;
/// An SVG's text.
pub const SVG_BYTES: u64 = 8 * MIB;
/// Elements an SVG draws, counting every `<use>` of a group as its contents.
pub const SVG_DRAWN_ELEMENTS: u64 = 100_000;
/// How deep an SVG's elements and references may nest.
pub const SVG_DEPTH: usize = 256;
/// Memory the process drawing an SVG may take (its data, heap and mappings);
/// past it the drawing stops and the SVG is refused.
pub const SVG_DRAW_BYTES: u64 = 1024 * MIB;
/// Seconds an SVG may take to draw before its process is killed: 25, so that
/// reading, checking and answering stay inside the 30 s budget.
pub const SVG_DRAW_SECONDS: u64 = 25;

/// A listing's text files (`listing.toml`'s introduction, release notes).
pub const LISTING_TEXT_BYTES: u64 = 8 * MIB;
/// A listing's texts together: its introduction and every version's release
/// notes (a notes file named by many versions counts each time). Far past any
/// real listing, and what the drafts can write in seconds.
pub const LISTING_TEXTS_BYTES: u64 = 64 * MIB;
/// A listing's image files inside a folder or bundle.
pub const LISTING_IMAGE_BYTES: u64 = 32 * MIB;
/// Everything read for one listing folder or bundle, a file counted each
/// time the listing names it.
pub const LISTING_TOTAL_BYTES: u64 = 512 * MIB;
/// What `rbpub lint` may hold of listings' files at once, however many it
/// reads and however many cores it has: listings are read side by side only
/// as far as their whole budgets fit in it (two at once).
pub const LINT_BYTES: u64 = 1024 * MIB;
/// A template's `metadata.json`, wherever it comes from.
pub const TEMPLATE_BYTES: u64 = 64 * MIB;

/// Components one template may hold (real ones hold tens).
pub const TEMPLATE_COMPONENTS: usize = 10_000;
/// Entries of every list in one template together (ports, variables,
/// volumes, dependencies, plugins, resources): what its parsed form may hold,
/// whatever the text's size (`{}` is three bytes).
pub const TEMPLATE_ENTRIES: usize = 200_000;

/// Entries a `.rbpub` bundle may list.
pub const BUNDLE_ENTRIES: usize = 2_000;
/// Everything read from one bundle, inflated.
pub const BUNDLE_INFLATED_BYTES: u64 = 512 * MIB;
/// Inflated over packed size above which any archive entry is a zip bomb.
pub const ARCHIVE_RATIO: u64 = 200;
/// Files a brand kit may hold, and all of them together, inflated.
pub const KIT_FILES: usize = 200;
/// What a brand kit's files may inflate to, all together.
pub const KIT_INFLATED_BYTES: u64 = 256 * MIB;

/// Decompressed bytes of a RAM export scanned for its `metadata.json`, whatever
/// the file's size (image layers may come first).
pub const RAM_SCANNED_BYTES: u64 = 4 * 1024 * MIB;
/// One tar header's extension: a GNU long name or a PAX record.
pub const RAM_HEADER_BYTES: u64 = 64 * KIB;
/// Tar entries looked at before giving up on finding `metadata.json`.
pub const RAM_ENTRIES: usize = 100_000;

/// An image tarball's `manifest.json` in a RAM export (a few KB per image).
pub const EXPORT_MANIFEST_BYTES: u64 = 16 * MIB;
/// All the image tarballs' manifests of one export together.
pub const EXPORT_MANIFESTS_BYTES: u64 = 64 * MIB;
/// Images the manifests of one export list together (an app has a handful of
/// components, a platform export a few hundred).
pub const EXPORT_IMAGES: usize = 10_000;
/// Names the manifests of one export give together: each image's `RepoTags`
/// and `Layers` (tens per image).
pub const EXPORT_IMAGE_NAMES: usize = 200_000;
/// Entry names of one export kept for its report and checksum list together
/// (a name is tens of bytes; 100,000 entries of 160).
pub const EXPORT_NAME_BYTES: u64 = 16 * MIB;

/// Markdown containers (lists, quotes) nested deeper are flattened.
pub const MARKDOWN_DEPTH: usize = 32;
/// Elements (paragraphs, table cells, emphasis…) one Markdown text may make;
/// the rest of the text is shown as written.
pub const MARKDOWN_ELEMENTS: usize = 100_000;
/// Elements raw HTML in a Markdown text may leave open around what follows;
/// past them, raw HTML is shown as text. An HTML parser spends time on each
/// element and paragraph in proportion to how many are open around it, so
/// nesting, not bytes, is what costs.
pub const MARKDOWN_HTML_DEPTH: usize = 64;
/// Raw HTML tags one Markdown text may carry in all.
pub const MARKDOWN_HTML_TAGS: usize = 100_000;

/// Objects and lists one reply from the store or the console may hold (a page
/// of items, a template sent as an object): parsed, each costs far more than
/// its bytes.
pub const REPLY_CONTAINERS: usize = 500_000;
/// Apps one listing of the store's apps may hold, across all its pages.
pub const STORE_LIST_APPS: usize = 10_000;
/// What one listing of the store's apps keeps of their texts (names,
/// descriptions, addresses, tags), across all its pages; introductions are
/// not kept from a list (an app is read whole by itself).
pub const STORE_LIST_BYTES: u64 = 64 * MIB;
/// Versions, and packages, one app pulled from the store may have.
pub const APP_VERSIONS: usize = 2_000;

/// What one listing of the store's apps may read of their texts across all
/// its pages, introductions included (then dropped): a store whose every
/// page is megabytes stops here, not after gigabytes.
pub const STORE_LIST_READ_BYTES: u64 = 256 * MIB;

/// Tags one app may carry as read; more are read past, not held.
pub const APP_TAGS: usize = 64;

/// A reply from the store or the console (a template's metadata and then some).
pub const REPLY_BYTES: u64 = TEMPLATE_BYTES + MIB;
