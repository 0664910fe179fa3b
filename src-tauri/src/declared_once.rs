//! The IPC commands are declared once, in `commands.rs` (build.rs makes the
//! handler list and permissions from it): the window's capability grants exactly
//! their permissions, and `ui/src/lib/api.ts` calls exactly them.

use std::collections::BTreeSet;

use super::COMMANDS;

fn read(path: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn declared(name: impl Fn(&str) -> String) -> BTreeSet<String> {
    COMMANDS.iter().map(|c| name(c)).collect()
}

/// Fails naming what `found` lacks and what it has beyond `declared`.
fn assert_same(found: &BTreeSet<String>, declared: &BTreeSet<String>, file: &str, what: &str) {
    let missing: Vec<_> = declared.difference(found).collect();
    let extra: Vec<_> = found.difference(declared).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "{file} must {what} each command of src/commands.rs, and no other: missing {missing:?}, not declared {extra:?}"
    );
}

#[test]
fn the_capability_grants_every_command_and_no_other() {
    let capability: serde_json::Value = serde_json::from_str(&read("capabilities/main.json"))
        .expect("capabilities/main.json is JSON");
    // The app's own permissions; plugins' ("dialog:allow-open") have a prefix.
    let granted: BTreeSet<String> = capability["permissions"]
        .as_array()
        .expect("a permissions list")
        .iter()
        .filter_map(|p| p.as_str())
        .filter(|p| !p.contains(':'))
        .map(str::to_owned)
        .collect();
    assert_same(
        &granted,
        &declared(|c| format!("allow-{}", c.replace('_', "-"))),
        "capabilities/main.json",
        "grant `allow-<command>` for",
    );
}

/// The command name of each `call<T>("name", …)` in api.ts.
fn called(api: &str) -> BTreeSet<String> {
    api.match_indices("call<")
        .filter_map(|(at, _)| {
            let rest = &api[at..];
            let open = rest.find("(\"")?;
            // `call<T>(cmd: string …)` is the definition, not a call.
            if rest[..open].contains('(') {
                return None;
            }
            let name = &rest[open + 2..];
            Some(name[..name.find('"')?].to_owned())
        })
        .collect()
}

#[test]
fn the_ui_calls_every_command_and_no_other() {
    let api = read("../ui/src/lib/api.ts");
    assert_same(
        &called(&api),
        &declared(str::to_owned),
        "ui/src/lib/api.ts",
        "call",
    );
}

#[test]
fn api_calls_are_read_as_written() {
    let sample = r#"async function call<T>(cmd: string) {}
        a: () => call<string[]>("opened_files"),
        b: (id: string) => call<ListingView>("open_listing", { id }),"#;
    assert_eq!(
        called(sample),
        BTreeSet::from(["opened_files".to_owned(), "open_listing".to_owned()])
    );
}
