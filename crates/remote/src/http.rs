//! The one HTTP transport both clients share: timeouts, at most
//! [`MAX_IN_FLIGHT_PER_HOST`] requests in flight to one host, and retries with
//! backoff for calls that are safe to repeat.

use rbpub_core::catalogue::Sentence;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use reqwest::{header, Method};
use serde::de::DeserializeOwned;
use tokio::sync::Semaphore;

use crate::error::{Error, ErrorKind, Result};

pub const MAX_IN_FLIGHT_PER_HOST: usize = 8;
/// The largest reply read into memory: a version's RAM template (at most
/// [`rbpub_core::template::METADATA_MAX_BYTES`]) with room for what is around it.
pub const MAX_REPLY_BYTES: usize = rbpub_core::budget::REPLY_BYTES as usize;
const ATTEMPTS: u32 = 4;
const FIRST_BACKOFF: Duration = Duration::from_millis(200);

/// Shared by every client of one app (cheap to clone), so the per-host limit
/// holds across the console and the store client when they are one host.
#[derive(Clone)]
pub struct Transport {
    /// API calls: no redirect is followed (a key, token or password body would
    /// go on to wherever the server points) and no `Referer` is sent (the
    /// store key travels in one call's query).
    client: reqwest::Client,
    /// Links and files the server hands out (a logo on a CDN): redirects
    /// followed, still without `Referer`; nothing secret is sent with them.
    fetcher: reqwest::Client,
    hosts: Arc<Mutex<HashMap<String, Arc<Semaphore>>>>,
    first_backoff: Duration,
}

pub(crate) enum Body {
    Empty,
    Json(serde_json::Value),
    Form(Vec<(&'static str, String)>),
    File {
        field: &'static str,
        file_name: String,
        mime: &'static str,
        bytes: Vec<u8>,
    },
}

pub(crate) struct Request<'a> {
    pub method: Method,
    pub base: &'a str,
    pub path: String,
    pub query: Vec<(&'static str, String)>,
    /// The `Authorization` header's value.
    pub auth: Option<&'a str>,
    pub body: Body,
    /// Safe to send again when the answer is lost: GET, PUT, DELETE, and POSTs
    /// the server documents as repeatable.
    pub repeatable: bool,
    /// How long this call may take, where the server works inside it for
    /// longer than the transport's usual limit.
    pub timeout: Option<Duration>,
}

impl<'a> Request<'a> {
    pub fn new(method: Method, base: &'a str, path: impl Into<String>) -> Self {
        let repeatable = method != Method::POST;
        Request {
            method,
            base,
            path: path.into(),
            query: Vec::new(),
            auth: None,
            body: Body::Empty,
            repeatable,
            timeout: None,
        }
    }

    pub fn timeout(mut self, limit: Duration) -> Self {
        self.timeout = Some(limit);
        self
    }

    pub fn query(mut self, name: &'static str, value: impl ToString) -> Self {
        self.query.push((name, value.to_string()));
        self
    }

    pub fn auth(mut self, value: &'a str) -> Self {
        self.auth = Some(value);
        self
    }

    pub fn json(mut self, body: serde_json::Value) -> Self {
        self.body = Body::Json(body);
        self
    }

    pub fn body(mut self, body: Body) -> Self {
        self.body = body;
        self
    }

    pub fn repeatable(mut self) -> Self {
        self.repeatable = true;
        self
    }

    /// How the call is named in errors: method and path, never the query.
    pub fn name(&self) -> String {
        format!("{} {}", self.method, self.path)
    }
}

/// Turns a non-2xx answer into an error; the console and the store differ.
pub(crate) type ErrorMapper = fn(status: u16, body: &[u8], call: &str) -> Error;

impl Transport {
    /// The client for links and downloads (see [`Transport`]).
    pub(crate) fn fetcher(&self) -> &reqwest::Client {
        &self.fetcher
    }

    pub fn new() -> Result<Transport> {
        let build = |redirects: reqwest::redirect::Policy| {
            reqwest::Client::builder()
                .user_agent(concat!("rainbond-publisher/", env!("CARGO_PKG_VERSION")))
                .connect_timeout(Duration::from_secs(5))
                .timeout(Duration::from_secs(30))
                .redirect(redirects)
                .referer(false)
                .build()
                .map_err(|e| {
                    Error::new(
                        ErrorKind::Network,
                        "setup",
                        format!("cannot set up HTTP: {e}"),
                    )
                })
        };
        Ok(Transport {
            client: build(reqwest::redirect::Policy::none())?,
            fetcher: build(reqwest::redirect::Policy::custom(stay_public))?,
            hosts: Arc::default(),
            first_backoff: FIRST_BACKOFF,
        })
    }

    /// The same transport waiting `first` before its first retry (tests shorten it).
    pub fn with_backoff(mut self, first: Duration) -> Transport {
        self.first_backoff = first;
        self
    }

    fn limiter(&self, base: &str) -> Arc<Semaphore> {
        let host = reqwest::Url::parse(base)
            .ok()
            .and_then(|u| u.host_str().map(|h| format!("{h}:{:?}", u.port())));
        let mut hosts = self.hosts.lock().unwrap_or_else(|p| p.into_inner());
        hosts
            .entry(host.unwrap_or_default())
            .or_insert_with(|| Arc::new(Semaphore::new(MAX_IN_FLIGHT_PER_HOST)))
            .clone()
    }

    pub(crate) async fn call<T: DeserializeOwned>(
        &self,
        req: &Request<'_>,
        map_error: ErrorMapper,
    ) -> Result<T> {
        let limiter = self.limiter(req.base);
        let mut backoff = self.first_backoff;
        let mut attempt = 1;
        loop {
            let result = {
                let _permit = limiter
                    .acquire()
                    .await
                    .map_err(|_| Error::new(ErrorKind::Network, &req.name(), "closed"))?;
                self.once(req, map_error).await
            };
            match result {
                Err(e) if e.is_retried_at_once() && req.repeatable && attempt < ATTEMPTS => {
                    tracing::info!(call = %req.name(), attempt, wait_ms = backoff.as_millis() as u64, kind = ?e.kind, "trying again");
                    tokio::time::sleep(backoff).await;
                    backoff *= 2;
                    attempt += 1;
                }
                other => return other,
            }
        }
    }

    /// A file the server hands out (a logo), at most `limit` bytes.
    pub(crate) async fn download(&self, url: &str, limit: usize) -> Result<Vec<u8>> {
        let name = format!(
            "GET {}",
            reqwest::Url::parse(url)
                .map(|u| u.path().to_owned())
                .unwrap_or_default()
        );
        let _permit = self
            .limiter(url)
            .acquire_owned()
            .await
            .map_err(|_| Error::new(ErrorKind::Network, &name, "closed"))?;
        let response = self
            .fetcher
            .get(url)
            .send()
            .await
            .map_err(|e| network(&name, &e))?;
        let status = response.status().as_u16();
        if !(200..300).contains(&status) {
            return Err(Error::new(
                if status == 404 {
                    ErrorKind::NotFound
                } else {
                    ErrorKind::Server
                },
                &name,
                format!("HTTP {status}"),
            ));
        }
        read_capped(response, limit, &name).await
    }

    async fn once<T: DeserializeOwned>(
        &self,
        req: &Request<'_>,
        map_error: ErrorMapper,
    ) -> Result<T> {
        let name = req.name();
        if req.path.split('/').any(|s| s == NO_SEGMENT) {
            return Err(Error::ours(
                ErrorKind::Validation,
                &name,
                Sentence::new("remote.dotName"),
            ));
        }
        let url = format!("{}{}", req.base.trim_end_matches('/'), req.path);
        let mut builder = self
            .client
            .request(req.method.clone(), &url)
            .header(header::ACCEPT, "application/json");
        if !req.query.is_empty() {
            builder = builder.query(&req.query);
        }
        if let Some(auth) = req.auth {
            builder = builder.header(header::AUTHORIZATION, auth);
        }
        if let Some(limit) = req.timeout {
            builder = builder.timeout(limit);
        }
        builder = match &req.body {
            Body::Empty => builder,
            Body::Json(v) => builder.json(v),
            Body::Form(fields) => builder.form(fields),
            Body::File {
                field,
                file_name,
                mime,
                bytes,
            } => {
                let part = reqwest::multipart::Part::bytes(bytes.clone())
                    .file_name(file_name.clone())
                    .mime_str(mime)
                    .map_err(|e| Error::new(ErrorKind::Validation, &name, e.to_string()))?;
                builder.multipart(reqwest::multipart::Form::new().part(*field, part))
            }
        };
        let started = std::time::Instant::now();
        let response = builder.send().await.map_err(|e| {
            tracing::debug!(call = %name, ms = started.elapsed().as_millis() as u64, "no answer");
            network(&name, &e)
        })?;
        let status = response.status().as_u16();
        // The path only: a query may carry the store's key.
        tracing::debug!(call = %name, status, ms = started.elapsed().as_millis() as u64, "answered");
        if (300..400).contains(&status) {
            return Err(redirected(&name, &response));
        }
        let bytes = read_capped(response, MAX_REPLY_BYTES, &name).await?;
        if !(200..300).contains(&status) {
            return Err(map_error(status, &bytes, &name));
        }
        parse_reply(&bytes, &name)
    }
}

/// A 2xx reply's body read as `T`: an empty body is `null`, and a body of more
/// objects and lists than [`REPLY_CONTAINERS`] is refused before it is parsed.
pub(crate) fn parse_reply<T: DeserializeOwned>(bytes: &[u8], name: &str) -> Result<T> {
    let bytes: &[u8] = if bytes.iter().all(u8::is_ascii_whitespace) {
        b"null"
    } else {
        bytes
    };
    let containers = containers(bytes);
    if containers > REPLY_CONTAINERS {
        return Err(Error::ours(
            ErrorKind::TooLarge,
            name,
            Sentence::new("remote.tooManyContainers")
                .arg("found", containers)
                .arg("most", REPLY_CONTAINERS),
        ));
    }
    serde_json::from_slice(bytes).map_err(|e| Error::new(ErrorKind::Malformed, name, e.to_string()))
}

/// A redirect answered to an API call, not followed: the user is told where
/// the server points (scheme, host and path; a query may hold a secret).
fn redirected(call: &str, response: &reqwest::Response) -> Error {
    let to = response
        .headers()
        .get(header::LOCATION)
        .and_then(|l| l.to_str().ok())
        .and_then(|l| response.url().join(l).ok())
        .map(|mut u| {
            u.set_query(None);
            u.set_fragment(None);
            let _ = u.set_username("");
            let _ = u.set_password(None);
            u.to_string()
        });
    let status = response.status().as_u16();
    let why = match to {
        Some(to) => Sentence::new("remote.redirects").arg("to", to),
        None => Sentence::new("remote.redirectsNowhere"),
    };
    Error::ours(ErrorKind::Validation, call, why.arg("status", status))
}

/// Objects and lists one reply may hold (items of a page, a template sent as
/// an object): what it is parsed into costs memory by count, not by bytes.
const REPLY_CONTAINERS: usize = rbpub_core::budget::REPLY_CONTAINERS;

/// The JSON objects and lists in `bytes`, strings skipped: a count before
/// anything is built.
fn containers(bytes: &[u8]) -> usize {
    let (mut n, mut in_string, mut escaped) = (0, false, false);
    for &b in bytes {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
        } else {
            match b {
                b'"' => in_string = true,
                b'{' | b'[' => n += 1,
                _ => {}
            }
        }
    }
    n
}

/// A body read chunk by chunk, refused as soon as it passes `limit` bytes (a
/// server that answers without end cannot fill the memory).
async fn read_capped(mut response: reqwest::Response, limit: usize, call: &str) -> Result<Vec<u8>> {
    let too_large = || {
        Error::ours(
            ErrorKind::TooLarge,
            call,
            Sentence::new("remote.tooLarge").arg("mib", limit / (1024 * 1024)),
        )
    };
    if response.content_length().is_some_and(|n| n > limit as u64) {
        return Err(too_large());
    }
    let mut bytes = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(|e| network(call, &e))? {
        if bytes.len() + chunk.len() > limit {
            return Err(too_large());
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(bytes)
}

/// Redirects of a download or link check: at most five, and never from a
/// public address into this machine or its private network (loopback,
/// link-local, private and shared ranges, `localhost`): a server that lives
/// there itself may point there, one on the internet may not make this
/// machine ask its neighbours.
fn stay_public(attempt: reqwest::redirect::Attempt) -> reqwest::redirect::Action {
    if attempt.previous().len() > 5 {
        return attempt.error("more than 5 redirects");
    }
    let from_inside = attempt.previous().first().is_some_and(is_inside_address);
    if !from_inside && is_inside_address(attempt.url()) {
        let to = attempt.url().host_str().unwrap_or_default().to_owned();
        return attempt.error(format!(
            "it redirects from the internet to {to}, an address of this machine or its private network; it was not followed"
        ));
    }
    attempt.follow()
}

/// An address of this machine or its private network, by the URL alone
/// (names other than `localhost` are not resolved here).
pub fn is_inside_address(url: &reqwest::Url) -> bool {
    use std::net::{Ipv4Addr, Ipv6Addr};
    let v4 = |ip: Ipv4Addr| {
        let [a, b, ..] = ip.octets();
        ip.is_loopback()
            || ip.is_private()
            || ip.is_link_local()
            || ip.is_unspecified()
            || ip.is_broadcast()
            || (a == 100 && (64..128).contains(&b)) // shared address space (RFC 6598)
    };
    let v6 = |ip: Ipv6Addr| {
        let first = ip.segments()[0];
        ip.is_loopback()
            || ip.is_unspecified()
            || (first & 0xfe00) == 0xfc00 // unique local
            || (first & 0xffc0) == 0xfe80 // link-local
            || ip.to_ipv4_mapped().is_some_and(v4)
    };
    let Some(host) = url.host_str() else {
        return true;
    };
    match host.trim_start_matches('[').trim_end_matches(']').parse() {
        Ok(std::net::IpAddr::V4(ip)) => v4(ip),
        Ok(std::net::IpAddr::V6(ip)) => v6(ip),
        Err(_) => {
            let name = host.trim_end_matches('.').to_ascii_lowercase();
            name == "localhost" || name.ends_with(".localhost")
        }
    }
}

/// What [`seg`] makes of a name that cannot be a path segment.
const NO_SEGMENT: &str = "%00";

/// A name (team, store, app, version) as one URL path segment: a `/`, space,
/// `?` or `#` in it can never change which path is asked for.
pub(crate) fn seg(name: &str) -> String {
    use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
    const KEEP: &AsciiSet = &NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'_')
        .remove(b'.')
        .remove(b'~');
    // Empty, `.` and `..` (encoded or not) are folded away by URL parsing and
    // would ask for another path: marked, and refused before anything is sent.
    if matches!(name, "" | "." | "..") {
        return NO_SEGMENT.to_owned();
    }
    utf8_percent_encode(name, KEEP).to_string()
}

/// Why a URL is worth a warning: plain `http://` to a host that is not this
/// machine sends the access key, token or password unencrypted.
pub fn cleartext_warning(url: &str) -> Option<Sentence> {
    let parsed = reqwest::Url::parse(url.trim()).ok()?;
    if parsed.scheme() != "http" {
        return None;
    }
    let host = parsed.host_str()?;
    let loopback = host.eq_ignore_ascii_case("localhost")
        || host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback());
    (!loopback).then(|| Sentence::new("remote.cleartext").arg("url", shown_url(url)))
}

/// A URL as it may be printed or shown: scheme, host, port and path, without
/// a user name, password, query or fragment (any of which can hold a secret),
/// and without a trailing `/`. Text that is no URL is shown as it is.
pub fn shown_url(url: &str) -> String {
    let Ok(mut parsed) = reqwest::Url::parse(url.trim()) else {
        return url.trim().trim_end_matches('/').to_owned();
    };
    // Both only fail on URLs that cannot have them (`mailto:`), which is fine.
    let _ = parsed.set_username("");
    let _ = parsed.set_password(None);
    parsed.set_query(None);
    parsed.set_fragment(None);
    parsed.as_str().trim_end_matches('/').to_owned()
}

/// A transport failure in words, without the URL (its query can hold a key).
fn network(call: &str, e: &reqwest::Error) -> Error {
    let key = if e.is_timeout() {
        "remote.timedOut"
    } else if e.is_connect() {
        "remote.cannotConnect"
    } else if e.is_body() || e.is_decode() || e.is_request() {
        "remote.cutOff"
    } else {
        "remote.requestFailed"
    };
    Error::ours(ErrorKind::Network, call, Sentence::new(key))
}

/// A server message, shortened: some servers answer errors with whole HTML pages.
pub(crate) fn server_text(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let text = text.trim();
    match text.char_indices().nth(200) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_of_this_machine_and_its_network_are_told_from_the_internet() {
        let inside = |u: &str| is_inside_address(&reqwest::Url::parse(u).unwrap());
        for u in [
            "http://127.0.0.1:7420/x.png",
            "http://localhost/x",
            "http://api.localhost./x",
            "http://10.1.2.3/",
            "http://172.16.0.1/",
            "http://192.168.1.1/",
            "http://169.254.169.254/latest/meta-data/",
            "http://100.64.0.1/",
            "http://0.0.0.0/",
            "http://[::1]/",
            "http://[fe80::1]/",
            "http://[fd00::1]/",
            "http://[::ffff:127.0.0.1]/",
        ] {
            assert!(inside(u), "{u}");
        }
        for u in [
            "https://hub.grapps.cn/logo.png",
            "http://203.0.113.5/",
            "http://[2001:db8::1]/",
            "http://8.8.8.8/",
        ] {
            assert!(!inside(u), "{u}");
        }
    }

    #[test]
    fn objects_and_lists_are_counted_outside_strings() {
        assert_eq!(containers(br#"{"a": [1, {"b": "{[\"{"}], "c": "x\\"}"#), 3);
    }

    #[test]
    fn names_stay_one_path_segment() {
        assert_eq!(seg("demo-team"), "demo-team");
        assert_eq!(seg("a/b c?d#e"), "a%2Fb%20c%3Fd%23e");
        assert_eq!(seg("1.0.0"), "1.0.0");
        for dots in ["..", ".", ""] {
            assert_eq!(seg(dots), NO_SEGMENT, "never a step up the path: {dots:?}");
        }
        assert_eq!(seg("..."), "...");
        assert_eq!(seg("应用"), "%E5%BA%94%E7%94%A8");
    }

    #[test]
    fn cleartext_is_warned_of_except_on_this_machine() {
        for url in [
            "http://store.example.org",
            "http://10.0.0.5:7070/",
            "HTTP://console.example.org",
        ] {
            assert!(cleartext_warning(url).is_some(), "{url}");
        }
        for url in [
            "https://hub.grapps.cn",
            "http://127.0.0.1:7420",
            "http://localhost:7070",
            "http://[::1]:8080",
            "not a url",
        ] {
            assert_eq!(cleartext_warning(url), None, "{url}");
        }
    }

    #[test]
    fn a_url_is_shown_without_what_can_hold_a_secret() {
        let warned = cleartext_warning("http://demo:pa55w0rd@store.example.org/hub/?key=k#f")
            .unwrap()
            .say(rbpub_core::Locale::En);
        assert!(
            warned.starts_with("http://store.example.org/hub is plain http://"),
            "{warned}"
        );
        assert!(
            !warned.contains("pa55w0rd") && !warned.contains("demo") && !warned.contains("key=k")
        );
        assert_eq!(shown_url("https://hub.grapps.cn/"), "https://hub.grapps.cn");
        assert_eq!(shown_url("not a url/"), "not a url");
    }
}
