//! Reads the IPC commands from their one declaration, `src/commands.rs`, and
//! makes from it the permission of each (`allow-<name>`, granted to the main
//! window by `capabilities/main.json`) and the shell's handler list.

use std::fmt::Write as _;

const DECLARATIONS: &str = "src/commands.rs";

/// The name of each `#[tauri::command]` function, in the order written.
fn command_names(source: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut after_attribute = false;
    for line in source.lines().map(str::trim) {
        if line == "#[tauri::command]" {
            after_attribute = true;
            continue;
        }
        // A doc comment may stand between the attribute and the function.
        if line.starts_with("///") {
            continue;
        }
        if after_attribute {
            let signature = line
                .strip_prefix("pub async fn ")
                .or_else(|| line.strip_prefix("pub fn "))
                .unwrap_or_else(|| panic!("{DECLARATIONS}: `#[tauri::command]` must be followed by `pub fn` or `pub async fn`, found: {line}"));
            let name: String = signature
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            names.push(name);
        }
        after_attribute = false;
    }
    assert!(!names.is_empty(), "{DECLARATIONS}: no commands found");
    names
}

fn main() {
    println!("cargo:rerun-if-changed={DECLARATIONS}");
    let source = std::fs::read_to_string(DECLARATIONS).expect("src/commands.rs");
    let names = command_names(&source);

    let mut table =
        String::from("/// Every IPC command, in the order `src/commands.rs` declares them.\n");
    table += "#[cfg(test)]\nconst COMMANDS: &[&str] = &[\n";
    for name in &names {
        let _ = writeln!(table, "    {name:?},");
    }
    table += "];\n\n/// The handler for every command of `src/commands.rs`.\nmacro_rules! invoke_handler {\n    () => {\n        tauri::generate_handler![\n";
    for name in &names {
        let _ = writeln!(table, "            commands::{name},");
    }
    table += "        ]\n    };\n}\n";
    let out = std::path::PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR"));
    std::fs::write(out.join("command_table.rs"), table).expect("writing command_table.rs");

    // The manifest keeps the list for the whole build script: leaked once, on purpose.
    let names: Vec<&'static str> = names.into_iter().map(|n| &*n.leak()).collect();
    let manifest = tauri_build::AppManifest::new().commands(names.leak());
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest))
        .expect("tauri build script");
}
