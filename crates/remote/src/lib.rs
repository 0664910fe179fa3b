//! HTTP clients for the Rainbond console and the Rainbond app store, speaking
//! `docs/console-api.md` and `docs/store-api.md` to the letter. Wire types
//! stay in [`wire`]; callers get the core's types.

mod console;
mod error;
mod http;
mod installs;
mod library;
mod links;
mod share;
mod snapshots;
mod store;
mod wire;

pub use console::{valid_store_name, valid_template_name, ConsoleClient, NewTemplate};
pub use error::{Error, ErrorKind, Result};
pub use http::{cleartext_warning, shown_url, Transport, MAX_REPLY_BYTES};
pub use installs::{
    AppComponent, Install, InstallFrom, InstalledComponent, UpgradeItem, UpgradeRecord,
};
pub use library::{ModelTemplate, NewAppModel, ReleaseMark, StoreState};
pub use share::{SharePlan, ShareVersion, SnapshotRef};
pub use snapshots::NewSnapshot;
pub use store::{data_uri, read_store_reply, AppInfo, NewPackage, StoreClient, StoreVersion};
