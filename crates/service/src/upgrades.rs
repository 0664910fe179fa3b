//! What an upgrade between two versions of a template does (`rbpub
//! diff-versions`, and step 4 before a publish): the templates read from
//! exports or `metadata.json` files, the report from the core.

use std::path::Path;

use rbpub_core::upgrade::{upgrade, UpgradeReport};

use crate::error::Result;
use crate::listing_files::bad_file;

/// The report of an upgrade from the template at `from` to the one at `to`
/// (`*-ram.tar.gz` exports or `metadata.json` files).
pub fn upgrade_between_files(from: &Path, to: &Path) -> Result<UpgradeReport> {
    let old = rbpub_files::read_ram(from).map_err(bad_file)?;
    let new = rbpub_files::read_ram(to).map_err(bad_file)?;
    Ok(upgrade(&old, &new))
}
