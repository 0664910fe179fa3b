//! Step 4: a running app published as a version of a template, to the bound
//! store or the console's own library. One driver for every destination and
//! both front ends (`release`), the console's share flow it walks (`share`),
//! the window's use cases around it (`publishing`), the library's app models
//! (`library`), what installers will receive (`upgrades`, `rehearse`) and the
//! store template chosen (`templates`).

pub mod library;
pub(crate) mod publishing;
pub mod rehearse;
pub(crate) mod release;
pub(crate) mod share;
mod templates;
pub mod upgrades;
