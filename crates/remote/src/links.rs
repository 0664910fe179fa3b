//! `url.reachable`: does a link in an introduction answer?

use reqwest::StatusCode;

use crate::http::Transport;

impl Transport {
    /// `Ok` when the link answers 200 after redirects; otherwise why not, for people.
    pub async fn check_link(&self, url: &str) -> Result<(), String> {
        let client = self.fetcher();
        let timeout = std::time::Duration::from_secs(10);
        let answer = match client.head(url).timeout(timeout).send().await {
            // Some servers refuse HEAD; a GET (body not read) is what a browser does.
            Ok(r)
                if matches!(
                    r.status(),
                    StatusCode::METHOD_NOT_ALLOWED | StatusCode::NOT_IMPLEMENTED
                ) =>
            {
                client.get(url).timeout(timeout).send().await
            }
            other => other,
        };
        match answer {
            Ok(r) if r.status() == StatusCode::OK => Ok(()),
            Ok(r) => Err(format!("HTTP {}", r.status().as_u16())),
            Err(e) if e.is_timeout() => Err("no answer in time".into()),
            Err(e) if e.is_connect() => Err("cannot connect".into()),
            Err(e) if e.is_redirect() => Err("too many redirects".into()),
            Err(e) => Err(e.without_url().to_string()),
        }
    }
}
