//! Step 4's state of each version, decided here and only rendered by the
//! window: where the version publishes (what the user ticked, else the bound
//! store when it can take a publish, never anything else), how far each
//! destination has got, and which destinations can be ticked.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::listing::{ListingDraft, Version};
use crate::online::Connection;
use crate::{Destination, LibraryScope, NoStore};

/// One destination of a version.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DestinationState {
    /// Where to.
    pub to: Destination,
    /// The version is there: the store lists it, or the library's publish finished.
    pub published: bool,
    /// A share of this publish is under way: *Publish* resumes it.
    pub resumable: bool,
}

/// A destination step 4 offers to tick.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OfferedDestination {
    /// Where to.
    pub to: Destination,
    /// It can take a publish now (the store: bound, with Write, cloud stores enabled).
    pub usable: bool,
}

/// A version's publish as step 4 shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct VersionPublishing {
    /// The version.
    pub version_id: crate::VersionId,
    /// Where it publishes, in order: the destinations ticked, else the bound
    /// store when it can take a publish; empty when nothing is ticked and no
    /// store can (then [`VersionPublishing::no_store`] says why).
    pub destinations: Vec<DestinationState>,
    /// What can be ticked.
    pub offered: Vec<OfferedDestination>,
    /// Why no store can take the publish, where none can.
    pub no_store: Option<NoStore>,
    /// Published to every destination (false with none).
    pub done: bool,
    /// Some destination has a share under way.
    pub resumable: bool,
    /// The store lists this version (whether or not it is ticked).
    pub on_store: bool,
}

/// The bound store can take a publish now: bound with Write, and the
/// console's cloud stores not disabled.
pub fn store_usable(connection: &Connection) -> bool {
    connection
        .bound_store
        .as_ref()
        .is_some_and(|b| b.can_publish())
        && connection
            .offered
            .as_ref()
            .is_none_or(|o| o.no_store.is_none())
}

/// Why no store can take a publish, where none can.
fn no_store(connection: &Connection) -> Option<NoStore> {
    if store_usable(connection) {
        return None;
    }
    let said = connection.offered.as_ref().and_then(|o| o.no_store);
    Some(said.unwrap_or(match connection.bound_store {
        None => NoStore::NoneBound,
        Some(_) => NoStore::NoneUsable,
    }))
}

/// Step 4's state of `version` of `draft`, with the console as `connection` knows it.
pub fn version_publishing(
    draft: &ListingDraft,
    version: &Version,
    connection: &Connection,
) -> VersionPublishing {
    let usable = store_usable(connection);
    let chosen: Vec<Destination> = match version.destinations.as_slice() {
        [] if usable => vec![Destination::default()],
        [] => Vec::new(),
        ticked => ticked.iter().map(|d| d.to.clone()).collect(),
    };
    let destinations: Vec<DestinationState> = chosen
        .into_iter()
        .map(|to| {
            let kept = version.destinations.iter().find(|d| d.to == to);
            let published = match &to {
                Destination::Store { .. } => draft.is_published(version),
                Destination::Library { .. } => kept.is_some_and(|d| d.published),
            };
            DestinationState {
                resumable: !published && kept.is_some_and(|d| d.share_id.is_some()),
                published,
                to,
            }
        })
        .collect();
    let mut offered = Vec::new();
    if connection.bound_store.is_some() {
        offered.push(OfferedDestination {
            to: Destination::default(),
            usable,
        });
    }
    for scope in [LibraryScope::Team, LibraryScope::Enterprise] {
        offered.push(OfferedDestination {
            to: Destination::Library { scope },
            usable: true,
        });
    }
    VersionPublishing {
        version_id: version.id.clone(),
        done: !destinations.is_empty() && destinations.iter().all(|d| d.published),
        resumable: destinations.iter().any(|d| d.resumable),
        destinations,
        offered,
        no_store: no_store(connection),
        on_store: draft.is_published(version),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::listing::VersionDestination;
    use crate::online::BoundStore;
    use crate::Offered;

    fn connection(bound: Option<bool>, no_store: Option<NoStore>) -> Connection {
        Connection {
            bound_store: bound.map(|usable| BoundStore {
                name: "Hub".into(),
                url: "https://hub".into(),
                domain: "rainbond".into(),
                usable,
                access_actions: vec!["Write".into()],
            }),
            offered: Some(Offered {
                stores: Vec::new(),
                no_store,
                library: vec![LibraryScope::Team, LibraryScope::Enterprise],
            }),
            ..Connection::default()
        }
    }

    fn version(destinations: Vec<VersionDestination>) -> Version {
        Version {
            id: "v".into(),
            version: "1.0.0".into(),
            destinations,
            ..Version::default()
        }
    }

    fn ticked(to: Destination, share_id: Option<i64>, published: bool) -> VersionDestination {
        VersionDestination {
            to,
            share_id,
            published,
            overwrite: false,
        }
    }

    #[test]
    fn nothing_ticked_publishes_to_the_usable_store_and_never_to_the_library_in_its_place() {
        let draft = ListingDraft::default();
        let online = version_publishing(&draft, &version(vec![]), &connection(Some(true), None));
        assert_eq!(online.destinations.len(), 1);
        assert_eq!(online.destinations[0].to, Destination::default());
        assert_eq!(online.no_store, None);

        // An offline console: nothing is chosen for the user; the reason is said.
        let offline = connection(Some(true), Some(NoStore::Offline));
        let p = version_publishing(&draft, &version(vec![]), &offline);
        assert!(p.destinations.is_empty() && !p.done);
        assert_eq!(p.no_store, Some(NoStore::Offline));
        assert_eq!(
            p.offered.iter().map(|o| o.usable).collect::<Vec<_>>(),
            [false, true, true],
            "the store is offered, not usable"
        );
        let none = version_publishing(&draft, &version(vec![]), &connection(None, None));
        assert_eq!(none.no_store, Some(NoStore::NoneBound));
        assert_eq!(
            none.offered.len(),
            2,
            "only the library without a bound store"
        );
    }

    #[test]
    fn each_destination_says_whether_it_is_done_or_resumable() {
        let draft = ListingDraft::default();
        let v = version(vec![
            ticked(Destination::TEAM, Some(4), false),
            ticked(Destination::ENTERPRISE, Some(5), true),
        ]);
        let p = version_publishing(&draft, &v, &connection(Some(false), None));
        let states: Vec<(bool, bool)> = p
            .destinations
            .iter()
            .map(|d| (d.published, d.resumable))
            .collect();
        assert_eq!(states, [(false, true), (true, false)]);
        assert!(p.resumable && !p.done);
    }
}
