//! Step 4 against the console's documented answers for the edges the sandbox
//! has no fault for, each written out from docs/console-api.md and the console's
//! views (never from the sandbox), answered in order by the remote crate's
//! stand-in server: plugin pushes the event list never shows, a topology the
//! user may not see, a snapshot whose answer was lost or whose text is too long.

#[path = "../../remote/tests/contract/replies.rs"]
#[allow(dead_code)]
mod replies;
#[path = "../../remote/tests/contract/stand_in.rs"]
mod stand_in;

use std::time::Duration;

use rbpub_core::online::{ShareRecord, ShareStatus};
use rbpub_core::{Destination, Locale};
use rbpub_remote::{NewSnapshot, ShareVersion};
use rbpub_service::publish::{
    self, Cancel, Retry, Share, ShareSource, ShareTarget, Started, Watch,
};
use rbpub_service::Code;
use replies::{bean, console, list, refusal, REGION, TEAM};
use serde_json::json;

fn target() -> ShareTarget {
    ShareTarget {
        team: TEAM.into(),
        region: REGION.into(),
        app_id: 7,
        to: Destination::Store {
            name: "RainbondMarket".into(),
        },
    }
}

fn version() -> ShareVersion {
    ShareVersion {
        template_id: "tpl-1".into(),
        version: "1.0.0".into(),
        alias: "stable".into(),
        release_notes: "First".into(),
        to: target().to,
    }
}

fn quick() -> Watch {
    Watch {
        poll_every: Duration::from_millis(20),
        busy_backoff: Duration::from_millis(20),
        timeout: Some(Duration::from_secs(20)),
        ..Watch::default()
    }
}

/// A record of this share, submitted (step 2), as the one-record view writes it.
fn submitted_record() -> (u16, serde_json::Value) {
    bean(
        json!({"record_id": 9, "app_model_id": "tpl-1", "app_model_name": "Gitea", "version": "1.0.0",
                "version_alias": "stable", "step": 2, "is_success": false, "status": 0,
                "scope": "goodrain", "scope_target": {"store_id": "RainbondMarket", "store_name": "好雨"},
                "create_time": "2026-12-07 10:00:00", "app_version_info": "First"}),
    )
}

#[tokio::test]
async fn plugin_pushes_the_event_list_never_shows_end_the_share_instead_of_looping() {
    // The event list answers 404 when no *component* event exists, whatever the
    // plugin table holds (service_share.py:465-468), and complete counts both
    // tables (591-606): 415 for as long as the plugin pushes are not done.
    let (server, client) = console(vec![
        submitted_record(),
        refusal(404, 404, "not exist", "分享事件不存在"),
        refusal(
            415,
            415,
            "share complete can not do",
            "组件或插件同步未全部完成",
        ),
    ])
    .await;
    let (t, v, source) = (target(), version(), ShareSource::default());
    let share = Share {
        console: &client,
        target: &t,
        version: &v,
        source: &source,
    };
    let e = publish::publish_version(
        share,
        Some(9),
        &Retry::None,
        quick(),
        &mut |_| {},
        &mut |_| {},
        &Cancel::default(),
    )
    .await
    .unwrap_err();
    assert_eq!(e.code, Code::ShareStale, "{e}");
    assert!(e.message.contains("never shows"), "{e}");
    let seen: Vec<String> = server
        .seen()
        .iter()
        .map(|s| format!("{} {}", s.method, s.path))
        .collect();
    assert_eq!(
        seen,
        [
            "GET /console/teams/demo-team/groups/7/share/record/9",
            "GET /console/teams/demo-team/share/9/events",
            "POST /console/teams/demo-team/share/9/complete",
        ],
        "asked once each, no loop on 415"
    );
}

#[tokio::test]
async fn a_topology_the_user_may_not_see_does_not_block_the_plan() {
    let (server, client) = console(vec![
        bean(json!({"publish_mode": "runtime",
                    "share_service_list": [{"service_id": "s1", "service_cname": "Gitea", "service_key": "s1",
                                            "service_share_uuid": "s1+s1"}],
                    "share_plugin_list": [], "share_k8s_resources": []})),
        refusal(403, 403, "no permission", "您无权限执行此操作"),
    ])
    .await;
    let (t, v, source) = (target(), version(), ShareSource::default());
    let share = Share {
        console: &client,
        target: &t,
        version: &v,
        source: &source,
    };
    let started = Started {
        record: ShareRecord {
            id: 31,
            step: 1,
            status: ShareStatus::Publishing,
            version: None,
            template_id: None,
            destination: None,
        },
        snapshot: None,
    };
    let plan = publish::share_plan(share, &started, None, Locale::En)
        .await
        .expect("a 403 on the topology leaves the plan readable");
    assert_eq!(plan.components, ["Gitea"]);
    assert!(plan.omission_keys.is_empty());
    assert_eq!(
        server.seen()[1].path,
        "/console/teams/demo-team/regions/rainbond/topological"
    );
}

#[tokio::test]
async fn a_snapshot_whose_answer_was_lost_is_found_by_its_number() {
    let snapshot = json!({"version_id": 12, "version": "1.2.0", "version_alias": "spring",
        "app_version_info": "notes", "create_time": "2026-12-07 10:00:00", "update_time": "2026-12-07 10:00:00",
        "group_id": 7, "app_model_id": "hidden-7", "template_type": "application_version", "arch": "amd64",
        "diff_summary": {"has_changes": true, "added_count": 0, "removed_count": 0, "updated_count": 1,
                         "added_components": [], "removed_components": [], "updated_components": ["Halo"]},
        "can_rollback": false, "rollback_disabled_reason": ""});
    let (server, client) = console(vec![
        // The POST made it, and its answer was lost on the way (a gateway's 502).
        (502, json!("Bad Gateway")),
        list(json!([snapshot]), json!({"bean": {"has_template": true}})),
    ])
    .await;
    let new = NewSnapshot {
        version: "1.2.0",
        alias: "spring",
        notes: "notes",
    };
    let made = publish::make_snapshot(&client, &target(), &new)
        .await
        .unwrap();
    assert_eq!(made.snapshot.version, "1.2.0");
    assert!(made.created);
    let seen = server.seen();
    assert_eq!(seen.len(), 2, "the POST is never sent again");
    assert_eq!(seen[1].method, "GET");
}

#[tokio::test]
async fn a_snapshot_too_long_for_the_consoles_columns_is_refused_before_sending() {
    let (server, client) = console(vec![]).await;
    let alias = "a".repeat(65);
    for new in [
        NewSnapshot {
            version: "1.2.345678901234",
            alias: "",
            notes: "",
        },
        NewSnapshot {
            version: "1.2.0",
            alias: &alias,
            notes: "",
        },
        NewSnapshot {
            version: "1.2.0",
            alias: "",
            notes: &"n".repeat(256),
        },
    ] {
        let e = publish::make_snapshot(&client, &target(), &new)
            .await
            .unwrap_err();
        assert_eq!(e.code, Code::Invalid, "{e}");
        assert!(e.message.contains(": snapshot: "), "{e}");
        let why = e.params.reason.as_ref().expect("a reason");
        assert_eq!(why.key, "share.snapshotRefused");
    }
    assert!(server.seen().is_empty(), "nothing was sent");
}
