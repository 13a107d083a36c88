//! What the mock's tests share: a started server, a client, and a plain SSE splitter.

#![allow(dead_code)] // each test file uses its own part of this module

use std::time::Duration;

use chatwire_mock::{fixtures, Config, MockServer};
use serde_json::{json, Value};

pub async fn start() -> MockServer {
    MockServer::start(Config::default())
        .await
        .expect("mock starts")
}

pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap()
}

/// One event as the mock writes it (LF line ends, one `event` line at most).
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub event: Option<String>,
    pub data: String,
}

impl Event {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.data)
            .unwrap_or_else(|e| panic!("{:?} is not JSON: {e}", self.data))
    }
}

/// Splits a complete body into events, skipping comment-only blocks.
pub fn events(body: &str) -> Vec<Event> {
    body.split("\n\n")
        .filter_map(|block| {
            let mut event = None;
            let mut data: Vec<&str> = Vec::new();
            for line in block.lines() {
                if let Some(name) = line.strip_prefix("event: ") {
                    event = Some(name.to_owned());
                } else if let Some(value) = line.strip_prefix("data: ") {
                    data.push(value);
                }
            }
            (event.is_some() || !data.is_empty()).then(|| Event {
                event,
                data: data.join("\n"),
            })
        })
        .collect()
}

pub fn event_names(events: &[Event]) -> Vec<String> {
    events
        .iter()
        .map(|e| e.event.clone().unwrap_or_default())
        .collect()
}

/// The four chat requests, one per API, that open a stream with the fixture credentials.
pub enum ChatApi {
    Mevichat,
    Vexar,
    DevApi,
    WidgetKey,
}

pub const ALL_APIS: [ChatApi; 4] = [
    ChatApi::Mevichat,
    ChatApi::Vexar,
    ChatApi::DevApi,
    ChatApi::WidgetKey,
];

impl ChatApi {
    pub fn path(&self) -> &'static str {
        match self {
            ChatApi::Mevichat => "/api/chat/",
            ChatApi::Vexar => "/api/v1/chat/stream",
            ChatApi::DevApi => "/api/v1/chat",
            ChatApi::WidgetKey => "/v1/chat/stream",
        }
    }

    pub fn request(
        &self,
        client: &reqwest::Client,
        base: &str,
        message: &str,
    ) -> reqwest::RequestBuilder {
        let url = format!("{base}{}", self.path());
        match self {
            ChatApi::Mevichat => client
                .post(url)
                .header("Origin", "https://example.com")
                .json(&json!({
                    "public_key": fixtures::MEVICHAT_PUBLIC_KEY,
                    "session_id": "0b8e8f4e-3c52-4f0e-9d7e-2f0b8c7a1d11",
                    "message": message,
                })),
            ChatApi::Vexar => client.post(url).json(&json!({
                "site_key": fixtures::VEXAR_SITE_KEY, "session_id": "sess_test", "message": message,
            })),
            ChatApi::DevApi => client
                .post(url)
                .bearer_auth(fixtures::DEVAPI_KEY)
                .json(&json!({ "message": message, "stream": true })),
            ChatApi::WidgetKey => client
                .post(url)
                .header("x-api-key", fixtures::WIDGET_KEY)
                .json(&json!({ "sessionId": "user-123", "message": message })),
        }
    }

    /// Whether an event ends this API's stream.
    pub fn is_terminal(&self, event: &Event) -> bool {
        match self {
            ChatApi::Mevichat => event.event.as_deref() == Some("done"),
            ChatApi::Vexar => event.json()["type"] == "done",
            ChatApi::DevApi => event.event.as_deref() == Some("end"),
            ChatApi::WidgetKey => event.event.as_deref() == Some("done"),
        }
    }

    /// The reply text a token event carries, if it is one.
    pub fn token_text(&self, event: &Event) -> Option<String> {
        let value: Value = serde_json::from_str(&event.data).ok()?;
        let text = match self {
            ChatApi::Mevichat if event.event.as_deref() == Some("token") => &value["text"],
            ChatApi::Vexar if value["type"] == "chunk" => &value["content"],
            ChatApi::DevApi if event.event.as_deref() == Some("message") => &value["content"],
            ChatApi::WidgetKey if event.event.as_deref() == Some("delta") => &value["content"],
            _ => return None,
        };
        text.as_str().map(str::to_owned)
    }
}

/// Queues a fault through the control API, as a test in any language would.
pub async fn script(client: &reqwest::Client, base: &str, fault: Value) {
    let response = client
        .post(format!("{base}/__mock/faults"))
        .json(&fault)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201, "fault accepted: {fault}");
}

/// Polls until `check` holds, for at most two seconds.
pub async fn eventually(mut check: impl FnMut() -> bool) -> bool {
    for _ in 0..200 {
        if check() {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    false
}
