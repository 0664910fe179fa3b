//! The store client against the replies `docs/store-api.md` describes,
//! written out here, one test per call.

#[path = "contract/stand_in.rs"]
mod stand_in;

use rbpub_core::Sensitive;
use rbpub_remote::{AppInfo, ErrorKind, NewPackage, StoreClient, Transport};
use serde_json::{json, Value};
use stand_in::StandInServer;

async fn store(replies: Vec<(u16, Value)>) -> (StandInServer, StoreClient) {
    let server = StandInServer::start(replies).await;
    let client = StoreClient::new(Transport::new().unwrap(), &server.url, "rainbond")
        .with_key(Sensitive::new("key-7".into()));
    (server, client)
}

/// AppDetailInfo, as the store's generated client names it (status a string).
fn app(id: &str, status: Value) -> Value {
    json!({"appKeyID": id, "name": "Gitea", "desc": "Git", "introduction": "# Gitea", "introductionHTML": "",
           "logo": "https://hub.grapps.cn/logo.png", "tags": ["git"], "publishType": "private", "status": status,
           "devStatus": "", "isOfficial": false, "marketID": "m", "marketName": "Rainbond",
           "marketURL": "https://hub.grapps.cn", "appDetailURL": format!("https://hub.grapps.cn/apps/{id}"),
           "installCount": 0, "downloadCount": 0, "showCount": 0, "startCount": 0,
           "createTime": "2026-11-29T10:00:00Z", "updateTime": "2026-11-29T10:00:00Z",
           "versions": [{"appKeyID": id, "appVersion": "1.0.0", "appVersionAlias": "stable", "desc": "",
                         "rainbondVersion": "v6", "deliveryMode": "ram", "enable": true, "updateVersion": 0,
                         "createTime": "", "updateTime": ""}],
           "orgID": "", "appClassificationID": ""})
}

fn info() -> AppInfo {
    AppInfo {
        name: "Gitea".into(),
        description: "Git".into(),
        introduction: "# Gitea".into(),
        logo: "data:image/png;base64,AA==".into(),
        publish_type: "private".into(),
        tags: vec!["git".into()],
    }
}

#[tokio::test]
async fn info_sends_the_raw_key_and_the_market_domain() {
    let (server, client) = store(vec![(
        200,
        json!({"name": "Rainbond", "description": "", "status": 1, "createTime": "",
               "accessActions": ["Write"], "version": "1"}),
    )])
    .await;
    let info = client.info().await.unwrap();
    assert!(info.can_publish() && info.capabilities.is_empty());
    let sent = server.one();
    assert_eq!(sent.path, "/app-server/openapi/info");
    assert_eq!(sent.authorization, "key-7");
    assert_eq!(sent.query("marketDomain"), Some("rainbond"));
}

#[tokio::test]
async fn a_refused_key_is_401() {
    let (_s, client) = store(vec![(
        401,
        json!({"code": 401, "msg": "invalid access key"}),
    )])
    .await;
    let e = client.info().await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::StoreKeyRejected);
}

#[tokio::test]
async fn apps_are_read_on_every_page_and_status_is_a_string() {
    let (server, client) = store(vec![
        (
            200,
            json!({"apps": [app("a1", json!("1"))], "page": 1, "pageSize": 1, "total": 2}),
        ),
        (
            200,
            json!({"apps": [app("a2", json!("0"))], "page": 2, "pageSize": 1, "total": 2}),
        ),
    ])
    .await;
    let apps = client.apps("Gitea").await.unwrap();
    assert_eq!(apps.len(), 2);
    assert!(apps[0].listed && !apps[1].listed);
    let seen = server.seen();
    assert_eq!(seen[0].path, "/app-server/openapi/apps");
    assert_eq!(
        (seen[0].query("query"), seen[1].query("page")),
        (Some("Gitea"), Some("2"))
    );
}

#[tokio::test]
async fn an_app_reads_with_a_numeric_or_string_status() {
    let (_s, client) = store(vec![
        (200, app("a1", json!(1))),
        (200, app("a1", json!("1"))),
    ])
    .await;
    assert!(client.app("a1").await.unwrap().listed);
    let live = client.app("a1").await.unwrap();
    assert!(live.listed);
    assert_eq!(live.versions, ["1.0.0"]);
}

#[tokio::test]
async fn tags_go_with_a_create_and_never_with_an_update() {
    let (server, client) = store(vec![
        (200, app("a1", json!("0"))),
        (200, app("a1", json!("0"))),
    ])
    .await;
    assert_eq!(client.create_app(&info()).await.unwrap().id, "a1");
    client.update_app("a1", &info()).await.unwrap();
    let seen = server.seen();
    assert_eq!(seen[0].method, "POST");
    assert_eq!(seen[0].json()["tags"], json!(["git"]));
    assert_eq!(
        (seen[1].method.as_str(), seen[1].path.as_str()),
        ("PUT", "/app-server/openapi/apps/a1")
    );
    assert_eq!(
        seen[1].json(),
        json!({"name": "Gitea", "desc": "Git", "introduction": "# Gitea", "logo": "data:image/png;base64,AA==",
               "publishType": "private"}),
        "the update model has no tags"
    );
}

#[tokio::test]
async fn a_version_template_comes_as_a_json_string() {
    let (server, client) = store(vec![(
        200,
        json!({"appKeyID": "a1", "appName": "Gitea", "version": "1.0.0",
               "template": "{\"group_key\": \"a1\", \"apps\": []}", "templateType": "RAM"}),
    )])
    .await;
    let ram = client.version_template("a1", "1.0.0").await.unwrap();
    assert_eq!(ram["group_key"], "a1");
    let sent = server.one();
    assert_eq!(sent.path, "/app-server/openapi/apps/a1/versions/1.0.0");
    assert_eq!(sent.query("getTemplate"), Some("true"));
}

#[tokio::test]
async fn packages_use_the_account_extension() {
    let (server, client) = store(vec![
        (200, json!({"packages": []})),
        (200, json!({"packageID": "p1", "name": "1.0.0", "version": "1.0.0", "type": "free", "description": ""})),
    ])
    .await;
    assert!(client.packages("a1").await.unwrap().is_empty());
    let package = NewPackage {
        name: "1.0.0".into(),
        version: "1.0.0".into(),
        description: String::new(),
    };
    assert_eq!(
        client.create_package("a1", &package).await.unwrap().id,
        "p1"
    );
    let seen = server.seen();
    assert_eq!(seen[1].json()["type"], "free");
}

#[tokio::test]
async fn names_stay_one_path_segment() {
    let (server, client) = store(vec![(200, app("a1", json!("0")))]).await;
    client.app("a/b c").await.unwrap();
    assert_eq!(server.one().path, "/app-server/openapi/apps/a%2Fb%20c");
}

#[tokio::test]
async fn a_reply_past_the_cap_is_refused_once() {
    let pad = "x".repeat(rbpub_remote::MAX_REPLY_BYTES);
    let (server, client) = store(vec![(200, json!({"apps": [], "total": 0, "pad": pad}))]).await;
    let e = client.apps("").await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::TooLarge, "{e}");
    assert!(e.to_string().contains("MiB"), "{e}");
    server.one();
}

#[tokio::test]
async fn a_redirect_is_not_followed_and_names_where_it_points_without_its_query() {
    let elsewhere = StandInServer::start(vec![(200, json!({"apps": [], "total": 0}))]).await;
    let to = format!("{}/steal?key=key-7", elsewhere.url);
    let (server, client) = store(vec![(307, json!({"__location": to}))]).await;
    let e = client.update_app("a1", &info()).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::Validation, "{e}");
    let said = e.to_string();
    assert!(
        said.contains(&format!("redirects to {}/steal", elsewhere.url)),
        "{said}"
    );
    assert!(!said.contains("key-7"), "{said}");
    server.one();
    assert!(
        elsewhere.seen().is_empty(),
        "nothing was sent where it pointed"
    );
}

#[tokio::test]
async fn a_name_of_dots_is_never_asked_for() {
    let (server, client) = store(vec![]).await;
    for dots in ["..", "."] {
        let e = client.app(dots).await.unwrap_err();
        assert_eq!(e.kind, ErrorKind::Validation, "{e}");
    }
    assert!(server.seen().is_empty());
}

#[tokio::test]
async fn a_page_of_a_million_empty_items_is_refused_by_count() {
    // 2 MB of `{},`: under the byte cap, gigabytes once parsed into apps.
    let items = vec![json!({}); 1_000_000];
    let (server, client) = store(vec![(200, json!({"apps": items, "total": 1}))]).await;
    let e = client.apps("").await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::TooLarge, "{e}");
    assert!(
        e.to_string().contains("objects and lists in one reply"),
        "{e}"
    );
    server.one();
}

#[tokio::test]
async fn a_store_that_never_says_last_page_stops_at_the_lists_limit() {
    // Fifty apps a page and a total that never comes: 10,000 apps are read, not more.
    let page = |p: usize| {
        let apps: Vec<Value> = (0..50)
            .map(|i| app(&format!("a{p}-{i}"), json!("1")))
            .collect();
        (200, json!({"apps": apps, "total": 1_000_000_000}))
    };
    let (server, client) = store((0..205).map(page).collect()).await;
    let e = client.apps("").await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::TooLarge, "{e}");
    assert!(e.to_string().contains("passes 10000 apps"), "{e}");
    assert_eq!(
        server.seen().len(),
        201,
        "one page past the limit, then it stops"
    );
}

#[tokio::test]
async fn an_app_of_a_million_tags_keeps_sixty_four() {
    let mut one = app("a1", json!("1"));
    one["tags"] = json!(vec!["t"; 1_000_000]);
    let (_server, client) = store(vec![(200, json!({"apps": [one], "total": 1}))]).await;
    let apps = client.apps("").await.unwrap();
    assert_eq!(apps[0].tags.len(), 64);
    assert!(
        apps[0].introduction.is_empty(),
        "a list keeps no introduction"
    );
}
