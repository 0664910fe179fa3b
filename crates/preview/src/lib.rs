//! A listing rendered as the Rainbond store shows it — the app's detail page and
//! its tile in the app list — with every problem the checks found and the
//! reviewers' notes beside it. One self-contained HTML document: inline styles,
//! no script (its Content-Security-Policy forbids any), images by the caller's
//! URLs or inlined as data URIs.

mod components;
mod escape;
mod markdown;
mod page;
mod raw_html;

pub use markdown::{render_markdown, render_markdown_with, sanitise, RemoteImages};
pub use page::{data_uri, page, Preview, Theme};
