//! The upgrade report's speed: two 500-component versions of a template (each
//! component with variables, ports, volumes and a dependency; a tenth changed,
//! some added, removed and rebuilt). Measured beside reading the same two
//! `metadata.json` files, the work every caller has already done, as the
//! baseline in the same run. `cargo bench -p rbpub-core --bench upgrade`.

use criterion::{criterion_group, criterion_main, Criterion};
use rbpub_core::upgrade::upgrade;
use rbpub_core::Template;
use serde_json::{json, Value};

const COMPONENTS: usize = 500;

fn app(i: usize, version: u32) -> Value {
    let env: Vec<Value> = (0..20)
        .map(|e| json!({"name": format!("v{e}"), "attr_name": format!("VAR_{e}"), "attr_value": format!("value-{e}-{}", if i.is_multiple_of(10) { version } else { 1 }), "is_change": true}))
        .collect();
    json!({
        "service_key": format!("key{i}"), "service_share_uuid": format!("key{i}+id{i}"),
        "service_cname": format!("component-{i}"), "image": format!("goodrain.me/app-{i}:{}", if i % 10 == 1 { version } else { 1 }),
        "extend_method": "stateless_multiple", "memory": 512,
        "port_map_list": [{"container_port": 8000 + (i % 100), "protocol": "http", "is_inner_service": true}],
        "service_env_map_list": env,
        "service_connect_info_map_list": [{"name": "host", "attr_name": "HOST", "attr_value": "127.0.0.1"}],
        "service_volume_map_list": [{"volume_name": "data", "volume_path": format!("/data/{i}"), "volume_type": "share-file"}],
        "dep_service_map_list": if i > 0 { json!([{"dep_service_key": format!("key{}+id{}", i - 1, i - 1)}]) } else { json!([]) },
    })
}

fn metadata(version: u32) -> Vec<u8> {
    let mut apps: Vec<Value> = (0..COMPONENTS).map(|i| app(i, version)).collect();
    if version > 1 {
        // Five removed, five added, five rebuilt under a new key.
        apps.drain(COMPONENTS - 5..);
        apps.extend((0..5).map(|i| app(COMPONENTS + i, version)));
        for a in apps.iter_mut().skip(100).take(5) {
            a["service_key"] = json!(format!("{}-rebuilt", a["service_key"].as_str().unwrap()));
            a["service_share_uuid"] = json!(format!(
                "{}-rebuilt",
                a["service_share_uuid"].as_str().unwrap()
            ));
        }
    }
    serde_json::to_vec(&json!({"group_key": "g", "group_name": "big", "group_version": format!("1.{version}"), "apps": apps}))
        .unwrap()
}

fn bench(c: &mut Criterion) {
    let (old_bytes, new_bytes) = (metadata(1), metadata(2));
    let old = Template::from_metadata(&old_bytes).unwrap();
    let new = Template::from_metadata(&new_bytes).unwrap();
    let report = upgrade(&old, &new);
    assert_eq!(
        report.re_keyed().count(),
        5,
        "five rebuilt components found"
    );
    let mut group = c.benchmark_group("upgrade of 500 components");
    group.bench_function("read both metadata.json (baseline)", |b| {
        b.iter(|| {
            let a = Template::from_metadata(&old_bytes).unwrap();
            let b = Template::from_metadata(&new_bytes).unwrap();
            (a.components.len(), b.components.len())
        })
    });
    group.bench_function("the upgrade report", |b| {
        b.iter(|| upgrade(&old, &new).components.len())
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
