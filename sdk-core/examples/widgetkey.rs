//! Widget-key quickstart: a whole reply, then the raw event stream.
//!
//! `cargo run --example widgetkey` (against the bundled mock; see `common/mod.rs` for a real server).

#[path = "common/mod.rs"]
mod common;

use chatwire::widgetkey::{ChatRequest, Client};
use chatwire_mock::fixtures;

#[tokio::main]
async fn main() -> chatwire::Result<()> {
    let target = common::target().await;
    let client = Client::builder(target.key("WIDGET_KEY", fixtures::WIDGET_KEY))
        .base_url(&target.base_url)
        .build()?;

    let reply = client
        .chat(&ChatRequest::new(
            "user-123",
            "What are your business hours?",
        ))
        .await?;
    println!("{} ({})", reply.message, reply.conversation_id);

    // The stream's format is undocumented, so its events come as they are.
    let mut stream = client
        .chat_stream(&ChatRequest::new("user-123", "Thanks!"))
        .await?;
    while let Some(event) = stream.next().await {
        let event = event?;
        println!("{}: {}", event.event, event.data);
    }
    Ok(())
}
