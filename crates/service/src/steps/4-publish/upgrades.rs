//! What an upgrade between two versions of a template does (`rbpub
//! diff-versions`, and step 4 before a publish): templates read from exports
//! or `metadata.json` files (store versions are read by `headless::Store`).

use std::path::Path;

use rbpub_core::Template;

use crate::error::Result;
use crate::listing_files::bad_file;

/// The template of a `*-ram.tar.gz` export or a `metadata.json` file.
pub fn read_template(path: &Path) -> Result<Template> {
    rbpub_files::read_ram(path).map_err(bad_file)
}
