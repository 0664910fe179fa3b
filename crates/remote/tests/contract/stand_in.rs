//! A stand-in server for the contract tests: it answers each call with the next
//! reply a test wrote out from the design pages (never from the sandbox), and
//! keeps each request so the test can check the path, query, headers and body
//! the client sent. A stand-in because the real console and store cannot run here.
#![allow(dead_code)] // each contract file uses a part

use std::collections::VecDeque;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Router;
use serde_json::Value;

/// One request as the server saw it.
#[derive(Clone, Debug)]
pub struct Seen {
    pub method: String,
    pub path: String,
    /// The query's pairs, decoded, in order.
    pub query: Vec<(String, String)>,
    pub authorization: String,
    pub content_type: String,
    pub body: Vec<u8>,
}

impl Seen {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or(Value::Null)
    }

    pub fn query(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

#[derive(Default)]
struct Script {
    replies: VecDeque<(u16, Value)>,
    seen: Vec<Seen>,
}

pub struct StandInServer {
    pub url: String,
    script: Arc<Mutex<Script>>,
}

impl StandInServer {
    /// Serves `replies` in order, one per request; past the end it answers 599.
    pub async fn start(replies: Vec<(u16, Value)>) -> StandInServer {
        let script = Arc::new(Mutex::new(Script {
            replies: replies.into(),
            seen: Vec::new(),
        }));
        let app = Router::new().fallback(answer).with_state(script.clone());
        let listener = tokio::net::TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, 0)))
            .await
            .expect("a loopback port");
        let url = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        StandInServer { url, script }
    }

    /// Every request so far.
    pub fn seen(&self) -> Vec<Seen> {
        self.script.lock().unwrap().seen.clone()
    }

    /// The only request so far (a call that must be sent exactly once).
    pub fn one(&self) -> Seen {
        let seen = self.seen();
        assert_eq!(seen.len(), 1, "sent once: {seen:#?}");
        seen[0].clone()
    }
}

async fn answer(
    State(script): State<Arc<Mutex<Script>>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    let query = uri
        .query()
        .map(|q| {
            axum::extract::Query::<Vec<(String, String)>>::try_from_uri(&uri)
                .map(|q| q.0)
                .unwrap_or_else(|_| vec![(q.to_owned(), String::new())])
        })
        .unwrap_or_default();
    let mut script = script.lock().unwrap();
    script.seen.push(Seen {
        method: method.to_string(),
        path: uri.path().to_owned(),
        query,
        authorization: header("authorization"),
        content_type: header("content-type"),
        body: body.to_vec(),
    });
    let (status, reply) = script
        .replies
        .pop_front()
        .unwrap_or((599, Value::String("no more replies scripted".into())));
    // A redirect is scripted as `{"__location": URL}`.
    let location = reply
        .get("__location")
        .and_then(Value::as_str)
        .map(str::to_owned);
    let mut response = (
        StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
        axum::Json(reply),
    )
        .into_response();
    if let Some(to) = location.and_then(|l| l.parse().ok()) {
        response.headers_mut().insert("location", to);
    }
    response
}
