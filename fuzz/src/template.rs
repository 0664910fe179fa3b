//! Templates written from fuzz bytes: `metadata.json` (the console's export
//! shape) and `template.json` (a listing's own), with counts of components and
//! of entries in their lists chosen by the fuzzer, up to past the caps, and
//! values of every JSON type where a field expects one.

use std::fmt::Write;

use arbitrary::{Result, Unstructured};
use rbpub_core::budget::{TEMPLATE_COMPONENTS, TEMPLATE_ENTRIES};
use rbpub_core::{ListingDraft, Template};

/// One run: a template written from `data`, read as import reads it; what is
/// read holds no more than the caps, and is checked and previewed.
pub fn read_and_preview(data: &[u8]) {
    let mut u = Unstructured::new(data);
    let export = u.ratio(1, 2).unwrap_or(true);
    let read = if export {
        Template::from_metadata(metadata_from(&mut u).as_bytes()).ok()
    } else {
        Template::from_json(own_form_from(&mut u).as_bytes()).ok()
    };
    let Some(template) = read else { return };
    // An export's plugin is one entry, read into both a name and an image.
    let plugin_images = if export {
        0
    } else {
        template.plugin_images.len()
    };
    assert!(template.components.len() <= TEMPLATE_COMPONENTS);
    let entries: usize = template
        .components
        .iter()
        .map(|c| c.ports.len() + c.env.len() + c.volumes.len() + c.depends_on.len())
        .sum::<usize>()
        + template.k8s_resources.len()
        + template.plugins.len()
        + plugin_images;
    assert!(entries <= TEMPLATE_ENTRIES, "{entries} entries read");
    let draft = ListingDraft {
        template: Some(template),
        ..ListingDraft::default()
    };
    super::page::preview_page(&draft);
}

/// `metadata.json`'s list fields per component, and the fields of their entries.
const EXPORT_LISTS: [(&str, &[&str]); 5] = [
    (
        "port_map_list",
        &[
            "container_port",
            "protocol",
            "port_alias",
            "is_inner_service",
        ],
    ),
    (
        "service_env_map_list",
        &["name", "attr_name", "attr_value", "is_change"],
    ),
    (
        "service_connect_info_map_list",
        &["attr_name", "attr_value"],
    ),
    (
        "service_volume_map_list",
        &["volume_name", "volume_path", "volume_capacity"],
    ),
    ("dep_service_map_list", &["dep_service_key"]),
];
const EXPORT_FIELDS: [&str; 6] = [
    "service_key",
    "service_cname",
    "share_image",
    "memory",
    "extend_method_map",
    "version",
];
/// `template.json`'s list fields per component.
const OWN_LISTS: [(&str, &[&str]); 4] = [
    ("ports", &["port", "protocol", "alias", "inner"]),
    ("env", &["name", "value", "label"]),
    ("volumes", &["name", "path", "capacity"]),
    ("dependsOn", &[]),
];
const OWN_FIELDS: [&str; 5] = ["key", "name", "image", "maxInstances", "memoryMb"];

/// Counts that stay small, sit on the caps, or go past them.
fn count(u: &mut Unstructured) -> Result<usize> {
    Ok(match u.int_in_range(0..=9)? {
        0 => 10_001,
        1 => 70_000,
        2 => u.int_in_range(0..=60_000)?,
        _ => u.int_in_range(0..=8)?,
    })
}

fn value(u: &mut Unstructured, out: &mut String, depth: u32) -> Result<()> {
    match u.int_in_range(0..=6)? {
        0 => out.push_str("null"),
        1 => out.push_str(if u.arbitrary()? { "true" } else { "false" }),
        2 => {
            let _ = write!(out, "{}", u.arbitrary::<i64>()?);
        }
        3 => {
            let _ = write!(out, "{:?}", u.arbitrary::<String>()?);
        }
        4 if depth > 0 => {
            out.push('[');
            for i in 0..count(u)?.min(50_000) {
                if i > 0 {
                    out.push(',');
                }
                value(u, out, depth - 1)?;
            }
            out.push(']');
        }
        5 if depth > 0 => {
            out.push_str("{\"a\":");
            value(u, out, depth - 1)?;
            out.push('}');
        }
        _ => out.push_str("\"x\""),
    }
    Ok(())
}

/// An object with some of `fields`, each given a value of any type.
fn object(u: &mut Unstructured, out: &mut String, fields: &[&str]) -> Result<()> {
    out.push('{');
    some_fields(u, out, fields, 2, &mut true)?;
    out.push('}');
    Ok(())
}

/// Some of `fields` written as an object's members, each given a value of
/// any type nested up to `depth`; `first` says no member was written yet.
fn some_fields(
    u: &mut Unstructured,
    out: &mut String,
    fields: &[&str],
    depth: u32,
    first: &mut bool,
) -> Result<()> {
    for field in fields {
        if u.ratio(1, 2)? {
            continue;
        }
        if !*first {
            out.push(',');
        }
        *first = false;
        let _ = write!(out, "{field:?}:");
        value(u, out, depth)?;
    }
    Ok(())
}

/// A list of `n` entries: the first few written out, the rest `{}` (what a
/// compressed export of millions of empty entries reads as).
fn list(u: &mut Unstructured, out: &mut String, fields: &[&str]) -> Result<()> {
    // A few megabytes reach every cap; more only slows each run.
    let n = if out.len() > 3_000_000 { 0 } else { count(u)? };
    out.push('[');
    for i in 0..n {
        if i > 0 {
            out.push(',');
        }
        if i < 4 && !fields.is_empty() {
            object(u, out, fields)?;
        } else if fields.is_empty() {
            out.push_str("\"k\"");
        } else {
            out.push_str("{}");
        }
    }
    out.push(']');
    Ok(())
}

fn components(
    u: &mut Unstructured,
    out: &mut String,
    fields: &[&str],
    lists: &[(&str, &[&str])],
) -> Result<()> {
    let n = count(u)?;
    out.push('[');
    for i in 0..n {
        if i > 0 {
            out.push(',');
        }
        if i >= 8 {
            out.push_str("{}");
            continue;
        }
        out.push('{');
        let mut first = true;
        some_fields(u, out, fields, 1, &mut first)?;
        for (name, entry_fields) in lists {
            if u.ratio(1, 3)? {
                continue;
            }
            if !first {
                out.push(',');
            }
            first = false;
            let _ = write!(out, "{name:?}:");
            list(u, out, entry_fields)?;
        }
        out.push('}');
    }
    out.push(']');
    Ok(())
}

/// `metadata.json` as Rainbond exports it (or, where the bytes run out, cut short).
fn metadata_from(u: &mut Unstructured) -> String {
    let mut out = String::from(r#"{"group_key":"k","group_name":"n","apps":"#);
    let _ = components(u, &mut out, &EXPORT_FIELDS, &EXPORT_LISTS);
    out.push_str(r#","plugins":"#);
    let _ = list(u, &mut out, &["plugin_alias", "share_image"]);
    out.push('}');
    out
}

/// A listing's `template.json`.
fn own_form_from(u: &mut Unstructured) -> String {
    let mut out = String::from(r#"{"key":"k","components":"#);
    let _ = components(u, &mut out, &OWN_FIELDS, &OWN_LISTS);
    out.push_str(r#","k8sResources":"#);
    let _ = list(u, &mut out, &[]);
    out.push('}');
    out
}
