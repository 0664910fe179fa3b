//! Where `rbpub publish` goes (a bound store, the console's library, or what
//! an offline console leaves), and where a template stands in the library
//! (`rbpub status --library`).

use rbpub_core::Destination;
use rbpub_service::headless::{Console, Headless};
use rbpub_service::{Code, Error, Result};
use serde_json::{json, Value};

use crate::access::{console, setup};

/// The bound store to publish to: the one named, else the only one that can take it.
async fn store_to_publish(console: &Console, eid: &str, asked: Option<&str>) -> Result<String> {
    let bound = console.bound_stores(eid).await?;
    let store = match asked {
        Some(name) => bound.into_iter().find(|b| b.name == name).ok_or_else(|| {
            setup(format!(
                "no store named {name} is bound to the console; run `rbpub bind`"
            ))
        })?,
        None => {
            let mut usable: Vec<_> = bound.into_iter().filter(|b| b.can_publish()).collect();
            match usable.len() {
                1 => usable.remove(0),
                0 => return Err(setup("no bound store can take a publish; run `rbpub bind`")),
                _ => {
                    return Err(setup(
                        "several bound stores can take a publish; choose one with --store-name",
                    ))
                }
            }
        }
    };
    if !store.can_publish() {
        return Err(Error::new(
            Code::NoWritePermission,
            format!(
                "store {} cannot take a publish (no Write permission)",
                store.name
            ),
        ));
    }
    Ok(store.name)
}

/// Where to publish: the destinations asked for (`--to`; a store by name, or the
/// only usable one), else the bound store, else (an offline console, or none
/// bound) the team's library, with the reason.
pub(crate) async fn destinations(
    console: &Console,
    eid: &str,
    asked: &[Destination],
    store_name: Option<&str>,
) -> Result<(Vec<Destination>, Option<String>)> {
    if asked.is_empty() {
        if store_name.is_some() {
            let name = store_to_publish(console, eid, store_name).await?;
            return Ok((vec![Destination::Store { name }], None));
        }
        let offered = console.offered(eid).await?;
        if offered.stores.len() > 1 {
            return Err(setup(
                "several bound stores can take a publish; choose one with --to store:NAME",
            ));
        }
        return Ok(match offered.store() {
            Some(name) => (
                vec![Destination::Store {
                    name: name.to_owned(),
                }],
                None,
            ),
            None => (vec![Destination::TEAM], offered.why_no_store()),
        });
    }
    let mut chosen = Vec::new();
    for to in asked {
        let to =
            match to {
                Destination::Store { name } if name.is_empty() => {
                    let offered = console.offered(eid).await?;
                    match (offered.store(), offered.why_no_store()) {
                    (Some(only), _) => Destination::Store { name: only.to_owned() },
                    (None, Some(why)) => return Err(setup(format!(
                        "{why}: publish to the console's library with --to team or --to enterprise"
                    ))),
                    (None, None) => return Err(setup(
                        "several bound stores can take a publish; choose one with --to store:NAME",
                    )),
                }
                }
                Destination::Store { name } => Destination::Store {
                    name: store_to_publish(console, eid, Some(name)).await?,
                },
                library => library.clone(),
            };
        if !chosen.contains(&to) {
            chosen.push(to);
        }
    }
    Ok((chosen, None))
}

/// `rbpub status --library`: the template's app model in each scope of the
/// console's library, with its complete versions, one line each.
pub async fn library_status(
    remote: &Headless,
    args: &crate::ConsoleArgs,
    team: &str,
    name: &str,
    scopes: &[rbpub_core::LibraryScope],
) -> Result<(String, Vec<Value>)> {
    let console = console(remote, args).await?;
    let eid = console.account().await?.enterprise_id;
    let (mut lines, mut found) = (String::new(), Vec::new());
    for &scope in scopes {
        let model = console.library_model(&eid, scope, team, name).await?;
        lines += &match &model {
            Some(m) => {
                let versions: Vec<&str> = m
                    .versions
                    .iter()
                    .filter(|v| v.complete)
                    .map(|v| v.version.as_str())
                    .collect();
                format!(
                    "\n{}: {} ({}): versions {versions:?}",
                    scope.as_str(),
                    m.name,
                    m.id
                )
            }
            None => format!("\n{}: no app model named {name}", scope.as_str()),
        };
        found.push(json!({"scope": scope, "model": model}));
    }
    Ok((lines, found))
}
