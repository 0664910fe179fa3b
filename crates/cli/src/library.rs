//! Where a template stands in the console's library (`rbpub status --library`).

use rbpub_core::catalogue::Sentence;
use rbpub_service::headless::Headless;
use rbpub_service::Result;
use serde_json::{json, Value};

use crate::access::console;

/// `rbpub status --library`: the template's app model in each scope of the
/// console's library, with its complete versions, one line each.
pub async fn library_status(
    remote: &Headless,
    args: &crate::ConsoleArgs,
    team: &str,
    name: &str,
    scopes: &[rbpub_core::LibraryScope],
    locale: rbpub_core::Locale,
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
                let said = Sentence::new("cli.libraryModel")
                    .arg("scope", scope.as_str())
                    .arg("name", &m.name)
                    .arg("id", &m.id)
                    .arg("versions", format!("{versions:?}"));
                format!("\n{}", said.say(locale))
            }
            None => {
                let said = Sentence::new("cli.noLibraryModel")
                    .arg("scope", scope.as_str())
                    .arg("name", name);
                format!("\n{}", said.say(locale))
            }
        };
        found.push(json!({"scope": scope, "model": model}));
    }
    Ok((lines, found))
}
