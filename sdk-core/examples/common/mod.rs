//! What the examples share: the server they talk to. With `CHATWIRE_BASE_URL` set they use that
//! server and the key in the provider's variable; otherwise they start the bundled mock server
//! in-process and use its fixture key.

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

/// The real server named by `CHATWIRE_BASE_URL`, or a fresh in-process mock that streams a
/// token every 40 ms, so that a person can watch the reply arrive.
pub async fn target() -> Target {
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
