//! The ids of the drafts' parts, each its own type: a version's id cannot be
//! passed where a listing's is asked for. On the wire, in files and in the
//! database they are the strings they wrap (the drafts make them, UUID v7;
//! serde writes a newtype as what it wraps); in TypeScript, `string`.
//!
//! ```
//! use rbpub_core::{ListingId, VersionId};
//! fn open(listing: &ListingId) -> &str { listing.as_str() }
//! let listing = ListingId::from("0190c2a4-5a5b-7c3d-8e9f-0a1b2c3d4e5f");
//! assert_eq!(open(&listing), "0190c2a4-5a5b-7c3d-8e9f-0a1b2c3d4e5f");
//! ```
//!
//! A version's id where a listing's is asked for is a compile error:
//!
//! ```compile_fail
//! use rbpub_core::{ListingId, VersionId};
//! fn open(listing: &ListingId) -> &str { listing.as_str() }
//! open(&VersionId::from("0190c2a4-0000-7000-8000-000000000000"));
//! ```

use std::fmt;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

macro_rules! id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(
            Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS,
        )]
        #[ts(type = "string")]
        #[cfg_attr(feature = "sqlx", derive(sqlx::Type), sqlx(transparent))]
        pub struct $name(String);

        impl $name {
            /// The id as the database and the wire have it.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<String> for $name {
            fn from(id: String) -> $name {
                $name(id)
            }
        }

        impl From<&$name> for $name {
            fn from(id: &$name) -> $name {
                id.clone()
            }
        }

        impl From<&str> for $name {
            fn from(id: &str) -> $name {
                $name(id.to_owned())
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        impl PartialEq<String> for $name {
            fn eq(&self, other: &String) -> bool {
                self.0 == *other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.0 == *other
            }
        }
    };
}

id!(
    /// A listing's id: one app of the portfolio.
    ListingId
);
id!(
    /// A version's id, within its listing.
    VersionId
);
id!(
    /// A package's id, within its listing.
    PackageId
);
