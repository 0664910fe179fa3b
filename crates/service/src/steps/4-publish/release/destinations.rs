//! Where a version is published: the destinations asked for, each checked
//! against what the console offers now. Nothing is ever chosen for the user:
//! without a choice the bound store is taken only when it can take the
//! publish, and otherwise the answer names what the console offers (its
//! library) and why no store can.

use rbpub_core::catalogue::Sentence;
use rbpub_core::{Destination, Offered};
use rbpub_remote::ConsoleClient;

use crate::error::{Code, Error, Result};

fn setup(why: Sentence) -> Error {
    Error::because(Code::NeedsSetup, why)
}

/// What to say when no store can take the publish: why, and the library.
fn library_instead(why: Sentence) -> Error {
    setup(Sentence::new("publish.libraryInstead").part("why", why))
}

/// The bound store named `name`, when it can take a publish.
async fn named_store(console: &ConsoleClient, enterprise: &str, name: &str) -> Result<String> {
    let bound = console.bound_stores(enterprise).await?;
    let store = bound
        .into_iter()
        .find(|b| b.name == name)
        .ok_or_else(|| setup(Sentence::new("publish.noSuchStore").arg("store", name)))?;
    if !store.can_publish() {
        return Err(Error::because(
            Code::NoWritePermission,
            Sentence::new("publish.storeCannotTake").arg("store", &store.name),
        ));
    }
    Ok(store.name)
}

/// The one store that can take a publish, given what the console offers.
fn only_store(offered: &Offered) -> Result<Destination> {
    match (offered.store(), offered.why_no_store()) {
        (Some(only), _) => Ok(Destination::Store {
            name: only.to_owned(),
        }),
        (None, Some(why)) => Err(library_instead(why)),
        (None, None) => Err(setup(Sentence::new("publish.severalStores"))),
    }
}

/// The destinations to publish to: those asked for (`store` the only usable
/// bound store, `store:NAME` a bound store by name, `team` and `enterprise`
/// the library), each once, in the order given. Nothing asked: `store_name`'s
/// store, else the only bound store that can take a publish; with none, an
/// error naming why and the library (never the library in its place).
pub async fn choose_destinations(
    console: &ConsoleClient,
    enterprise: &str,
    asked: &[Destination],
    store_name: Option<&str>,
) -> Result<Vec<Destination>> {
    if asked.is_empty() {
        if let Some(name) = store_name {
            let name = named_store(console, enterprise, name).await?;
            return Ok(vec![Destination::Store { name }]);
        }
        let offered = crate::library::offered(console, enterprise).await?;
        return Ok(vec![only_store(&offered)?]);
    }
    let mut chosen = Vec::new();
    for to in asked {
        let to = match to {
            Destination::Store { name } if name.is_empty() => {
                only_store(&crate::library::offered(console, enterprise).await?)?
            }
            Destination::Store { name } => Destination::Store {
                name: named_store(console, enterprise, name).await?,
            },
            library => library.clone(),
        };
        if !chosen.contains(&to) {
            chosen.push(to);
        }
    }
    Ok(chosen)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rbpub_core::{LibraryScope, NoStore};

    fn offered(stores: &[&str], no_store: Option<NoStore>) -> Offered {
        Offered {
            stores: stores.iter().map(|s| s.to_string()).collect(),
            no_store,
            library: vec![LibraryScope::Team, LibraryScope::Enterprise],
        }
    }

    #[test]
    fn without_a_usable_store_the_library_is_named_not_taken() {
        let e = only_store(&offered(&[], Some(NoStore::Offline))).unwrap_err();
        assert_eq!(e.code, Code::NeedsSetup);
        assert!(
            e.message.contains("cloud stores are disabled")
                && e.message.contains("--to team or --to enterprise")
                && e.message.contains("nothing was published"),
            "{e}"
        );
        let e = only_store(&offered(&[], Some(NoStore::NoneBound))).unwrap_err();
        assert!(e.message.contains("no store is bound"), "{e}");
        assert_eq!(
            only_store(&offered(&["Hub"], None)).unwrap(),
            Destination::Store { name: "Hub".into() }
        );
        let e = only_store(&offered(&["A", "B"], None)).unwrap_err();
        assert!(e.message.contains("--to store:NAME"), "{e}");
    }
}
