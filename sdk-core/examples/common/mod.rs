//! What the examples share: the server they talk to. With `CHATWIRE_BASE_URL` set they use that
//! server and the key in the provider's variable; otherwise they start the bundled mock server
//! in-process and use its fixture key. `CHATWIRE_LOG=info` (or `debug`, `trace`) prints the
//! client's log to stderr.

#![allow(dead_code)] // each example uses its own part

use std::time::Duration;

use chatwire_mock::{Config, MockServer};

/// The server an example talks to, and the mock behind it when there is one.
pub struct Target {
    pub base_url: String,
    pub mock: Option<MockServer>,
}

impl Target {
    /// The credential: from `variable` against a real server, `fixture` against the mock.
    pub fn key(&self, variable: &str, fixture: &str) -> String {
        match self.mock {
            Some(_) => fixture.to_owned(),
            None => std::env::var(variable)
                .unwrap_or_else(|_| panic!("set {variable} to use CHATWIRE_BASE_URL")),
        }
    }
}

/// With `CHATWIRE_LOG` set to a level, chatwire's log records go to stderr. An app with a
/// `tracing` subscriber of its own (`tracing_subscriber::fmt().init()`) needs none of this.
fn log_to_stderr() {
    let Some(level) = std::env::var("CHATWIRE_LOG")
        .ok()
        .and_then(|level| level.parse::<tracing::Level>().ok())
    else {
        return;
    };
    let forwarding = chatwire::log::forward(|record| {
        eprintln!("[{}] {} {}", record.target, record.level, record.line())
    });
    if forwarding.is_ok() {
        chatwire::log::set_max_level(Some(level));
    }
}

/// The real server named by `CHATWIRE_BASE_URL`, or a fresh in-process mock that streams a
/// token every 40 ms, so that a person can watch the reply arrive.
pub async fn target() -> Target {
    log_to_stderr();
    if let Ok(base_url) = std::env::var("CHATWIRE_BASE_URL") {
        return Target {
            base_url,
            mock: None,
        };
    }
    let config = Config {
        token_delay: Duration::from_millis(40),
        ..Config::default()
    };
    let mock = MockServer::start(config)
        .await
        .expect("the mock server starts");
    Target {
        base_url: mock.base_url(),
        mock: Some(mock),
    }
}
