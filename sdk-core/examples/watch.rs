//! Vexar live session: watch operator messages, mode changes, nudges and blocking as they happen.
//!
//! `cargo run --example watch` (against the bundled mock, which is told to hand the session to
//! an operator; see `common/mod.rs` for a real server).

#[path = "common/mod.rs"]
mod common;

use std::time::Duration;

use chatwire::vexar::{Client, WatchEvent, WatchOptions};
use chatwire_mock::fixtures;
use serde_json::json;

#[tokio::main]
async fn main() -> chatwire::Result<()> {
    let target = common::target().await;
    let client = Client::builder(target.key("VEXAR_SITE_KEY", fixtures::VEXAR_SITE_KEY))
        .base_url(&target.base_url)
        .build()?;
    let session = "sess_watch_example";
    if target.mock.is_some() {
        // An operator takes over in 200 ms and says hello.
        let body = json!({
            "site_key": fixtures::VEXAR_SITE_KEY, "session_id": session, "mode": "operator",
            "messages": [{ "content": "Hi, I'm Sam from support." }], "after_ms": 200,
        });
        reqwest::Client::new()
            .post(format!(
                "{}/__mock/vexar/operator-messages",
                target.base_url
            ))
            .json(&body)
            .send()
            .await
            .expect("the mock takes the script");
    }

    let options = WatchOptions::every(Duration::from_millis(250)).pause_ai_in_operator_mode(true);
    let mut watch = client.watch(session, options)?;
    while let Some(event) = watch.next().await {
        match event? {
            WatchEvent::ModeChanged { from, to } => println!("mode: {from} -> {to}"),
            WatchEvent::OperatorMessage(message) => {
                println!("operator: {}", message.content.unwrap_or_default());
                break; // dropping the watcher stops it
            }
            WatchEvent::ProactiveMessage(message) => {
                println!("nudge: {}", message.content.unwrap_or_default())
            }
            WatchEvent::VisitorBlocked => println!("the visitor was blocked"),
            WatchEvent::VisitorUnblocked => println!("the visitor was unblocked"),
            _ => {}
        }
    }
    Ok(())
}
