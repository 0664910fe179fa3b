//! A fresh sandbox per test, on a free loopback port, with fast image pushes.
#![allow(dead_code)] // each test file uses a part

use std::net::{Ipv4Addr, SocketAddr};
use std::time::Duration;

use rbpub_core::Sensitive;
use rbpub_remote::{ConsoleClient, StoreClient, Transport};
use rbpub_sandbox::{Sandbox, Settings};

pub struct World {
    pub sandbox: Sandbox,
    pub http: Transport,
    _dir: tempfile::TempDir,
}

impl World {
    pub async fn new() -> World {
        let dir = tempfile::tempdir().expect("temp dir");
        let settings = Settings {
            push_ms: 150,
            ..Settings::default()
        };
        let sandbox = Sandbox::start(
            &dir.path().join("sandbox.db"),
            SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
            settings,
        )
        .await
        .expect("sandbox starts");
        let http = Transport::new()
            .expect("transport")
            .with_backoff(Duration::from_millis(10));
        World {
            sandbox,
            http,
            _dir: dir,
        }
    }

    pub fn key(&self) -> Sensitive<String> {
        Sensitive::new(self.sandbox.demo.store_key.to_owned())
    }

    pub fn store(&self) -> StoreClient {
        StoreClient::new(self.http.clone(), &self.sandbox.url(), "rainbond").with_key(self.key())
    }

    pub async fn console(&self) -> ConsoleClient {
        let mut console = ConsoleClient::new(self.http.clone(), &self.sandbox.url());
        let password = Sensitive::new(self.sandbox.demo.console_password.to_owned());
        console
            .login(self.sandbox.demo.console_user, &password)
            .await
            .expect("console login");
        console
    }

    /// Signs in to the console and binds the sandbox's store with the demo key.
    pub async fn bound_console(&self) -> ConsoleClient {
        let console = self.console().await;
        let eid = self.sandbox.demo.enterprise_id;
        let stores = console
            .bindable_stores(eid, &self.sandbox.url(), &self.key())
            .await
            .expect("bindable");
        console
            .bind_store(eid, &stores[0], &self.key())
            .await
            .expect("bind");
        console
    }
}
